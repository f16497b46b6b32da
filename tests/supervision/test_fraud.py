"""The EMSCAD fraud classifier: training, calibrated scores, threshold, save/load, cross-validation (no database)."""

from __future__ import annotations

import csv
import random

import numpy as np
import pytest

from jiuye.supervision.screening import fraud
from jiuye.supervision.screening.fraud import (
    FraudDataError,
    FraudModel,
    best_f1_threshold,
    binary_metrics,
    cross_validate_emscad,
    duplicate_groups,
    negative_weight,
    prior_shift,
    train_fraud_model,
)

LEGIT_WORDS = "engineer software team agile product design customer analytics reporting budget office".split()
FRAUD_WORDS = "earn cash home easy weekly payment data entry no experience immediately apply".split()


def _synthetic(n: int = 80, seed: int = 1) -> list[dict[str, object]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        fraudulent = i % 2
        words = FRAUD_WORDS if fraudulent else LEGIT_WORDS
        other = LEGIT_WORDS if fraudulent else FRAUD_WORDS
        text = (
            " ".join(rng.choice(words) for _ in range(30))
            + " "
            + " ".join(rng.choice(other) for _ in range(5))
        )
        rows.append(
            {
                "title": rng.choice(
                    ["Data Entry Clerk", "Home Typist"] if fraudulent else ["Engineer", "Analyst"]
                ),
                "company_profile": ""
                if fraudulent
                else f"Company {i} builds software for {rng.choice(words)}",
                "description": text,
                "requirements": "",
                "benefits": "",
                "salary_range": "" if rng.random() < 0.7 else "30000-40000",
                "telecommuting": str(fraudulent if rng.random() < 0.8 else 1 - fraudulent),
                "has_company_logo": str(1 - fraudulent if rng.random() < 0.8 else fraudulent),
                "has_questions": "0",
                "employment_type": rng.choice(["Full-time", "Part-time", ""]),
                "required_experience": "",
                "required_education": "",
                "function": "",
                "industry": "",
                "fraudulent": str(fraudulent),
            }
        )
    return rows


@pytest.fixture(scope="module")
def model() -> FraudModel:
    return train_fraud_model(_synthetic())


FRAUD_AD = {
    "title": "Home Typist",
    "description": "earn cash at home easy weekly payment data entry no experience apply immediately",
    "telecommuting": 1,
    "has_company_logo": 0,
}
LEGIT_AD = {
    "title": "Engineer",
    "company_profile": "Company 3 builds software for customer analytics",
    "description": "software engineer in an agile product team, design and reporting for our customer analytics",
    "telecommuting": "0",
    "has_company_logo": True,
}


def test_scores_are_probabilities_and_separate_the_classes(model):
    fraud_score, legit_score = model.score(FRAUD_AD), model.score(LEGIT_AD)
    assert 0.0 <= legit_score < fraud_score <= 1.0
    assert model.is_suspect(FRAUD_AD) and not model.is_suspect(LEGIT_AD)
    assert model.score({}) == pytest.approx(model.score({"title": None}))


def test_threshold_is_chosen_for_the_real_prior(model):
    assert 0.0 < model.threshold < 1.0 and 0.0 < model.threshold_sample < 1.0
    assert model.prior == fraud.PRIOR and model.sample_prior == pytest.approx(0.5)
    # the same posting is less likely fraudulent at a 4.8% prior than at the sample's 50%
    p_sample = model.sample_probabilities([FRAUD_AD])[0]
    assert model.score(FRAUD_AD) == pytest.approx(prior_shift(np.array([p_sample]), 0.5, fraud.PRIOR)[0])
    assert model.score(FRAUD_AD) < p_sample
    assert "4.8%" in FraudModel.threshold_rule


def test_single_scores_equal_batch_scores(model):
    rows = _synthetic(20, seed=7) + [FRAUD_AD, LEGIT_AD, {}]
    single = np.array([model.score(r) for r in rows])
    np.testing.assert_allclose(single, model.score_many(rows), atol=1e-6)


def test_fields_outside_the_feature_list_do_not_change_the_score(model):
    assert model.score({**LEGIT_AD, "location": "US, NY, New York", "department": "HR"}) == model.score(
        LEGIT_AD
    )


def test_save_load_round_trip(model, tmp_path):
    path = model.save(tmp_path / "var" / "screening" / "fraud.pkl")
    loaded = FraudModel.load(path)
    assert loaded.threshold == model.threshold
    assert loaded.score(FRAUD_AD) == pytest.approx(model.score(FRAUD_AD))
    (tmp_path / "other.pkl").write_bytes(__import__("pickle").dumps({"not": "a model"}))
    with pytest.raises(FraudDataError, match="not a fraud model"):
        FraudModel.load(tmp_path / "other.pkl")


def test_bad_input_names_row_and_field(model):
    rows = _synthetic(20)
    rows[4]["fraudulent"] = "yes"
    with pytest.raises(FraudDataError, match=r"row 5: field 'fraudulent'"):
        train_fraud_model(rows)
    rows = _synthetic(20)
    rows[2]["telecommuting"] = "sometimes"
    with pytest.raises(FraudDataError, match=r"row 3: field 'telecommuting'"):
        train_fraud_model(rows)
    with pytest.raises(FraudDataError, match="at least 3 fraudulent"):
        train_fraud_model([r for r in _synthetic(20) if r["fraudulent"] == "0"])
    with pytest.raises(FraudDataError, match="posting_fields"):
        model.score(["not", "a", "dict"])
    with pytest.raises(FraudDataError, match="field 'description'"):
        model.score({"description": ["a", "list"]})


def test_reweighting_to_the_prior_by_hand():
    y = np.array([1, 1, 1, 1, 0, 0, 0, 0])
    scores = np.array([0.9, 0.8, 0.7, 0.2, 0.85, 0.1, 0.1, 0.1])
    assert negative_weight(y, 0.048) == pytest.approx(0.952 / 0.048)
    sample = binary_metrics(y, scores, 0.5)
    assert (sample["precision"], sample["recall"]) == (pytest.approx(3 / 4), pytest.approx(3 / 4))
    w = 0.952 / 0.048  # one false positive now counts ~19.8 times
    prior = binary_metrics(y, scores, 0.5, prior=0.048)
    assert prior["precision"] == pytest.approx(3 / (3 + w))
    assert prior["recall"] == pytest.approx(3 / 4)


def test_best_threshold_and_prior_shift():
    y = np.array([1, 1, 0, 0])
    assert best_f1_threshold(y, np.array([0.9, 0.8, 0.3, 0.1]), None) == pytest.approx(0.55)
    assert prior_shift(np.array([0.5]), 0.5, 0.048)[0] == pytest.approx(0.048)


def test_duplicate_groups_join_shared_profiles_and_descriptions():
    postings = [
        fraud._posting({"company_profile": "Acme", "description": "a"}),
        fraud._posting({"company_profile": "Acme", "description": "b"}),
        fraud._posting({"company_profile": "", "description": "b"}),
        fraud._posting({"company_profile": "", "description": "c"}),
        fraud._posting({"company_profile": "", "description": ""}),
        fraud._posting({"company_profile": "", "description": ""}),
    ]
    groups = duplicate_groups(postings)
    assert groups[0] == groups[1] == groups[2]
    assert len({groups[2], groups[3], groups[4], groups[5]}) == 4


@pytest.fixture(scope="module")
def emscad_subset(tmp_path_factory):
    if not fraud.DEFAULT_DATASET.is_file():
        pytest.skip(f"EMSCAD not present at {fraud.DEFAULT_DATASET}")
    rows = fraud.read_emscad(fraud.DEFAULT_DATASET)
    rng = random.Random(0)
    subset = rng.sample([r for r in rows if r["fraudulent"] == "1"], 45) + rng.sample(
        [r for r in rows if r["fraudulent"] == "0"], 75
    )
    path = tmp_path_factory.mktemp("emscad") / "subset.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(subset)
    return path


def test_cross_validation_on_an_emscad_subset(emscad_subset):
    result = cross_validate_emscad(emscad_subset, folds=3, seed=0, compare_ungrouped=False)
    for key in ("precision", "recall", "f1", "pr_auc", "precision_prior", "recall_prior", "f1_prior"):
        assert 0.0 <= result[key] <= 1.0, key
    assert (result["n"], result["n_fraud"]) == (120, 45)
    assert result["fraud_share"] == pytest.approx(0.375)
    assert result["negative_weight"] == pytest.approx(45 / 75 * 0.952 / 0.048)
    assert result["seconds"] > 0 and "ungrouped" not in result
    # better than chance on real postings, and precision falls once legitimate ads outnumber fraud 19.8 to 1
    assert result["pr_auc"] > 0.375
    assert result["precision_prior"] <= result["precision"]


def test_load_or_train_builds_on_first_use(emscad_subset, tmp_path):
    path = tmp_path / "var" / "fraud.pkl"
    built = fraud.load_or_train(path, emscad_subset)
    assert path.is_file() and built.n_train == 120 and built.n_fraud == 45
    assert fraud.load_or_train(path, tmp_path / "absent.csv").threshold == built.threshold
    with pytest.raises(FileNotFoundError, match="absent.csv"):
        fraud.load_or_train(tmp_path / "new.pkl", tmp_path / "absent.csv")


def test_coverage_tells_chinese_postings_are_outside_the_training_language(model):
    # the synthetic vocabulary lacks filler words ("in", "an", "our"): most, not all, of the ad's words are known
    assert model.coverage(LEGIT_AD) > 0.5
    assert model.coverage({"title": "销售代表", "description": "负责客户开发与维护，五险一金，双休。"}) == 0.0
    assert model.coverage({}) == 0.0


def test_a_model_trained_from_the_command_line_loads_in_the_platform(emscad_subset, tmp_path):
    """`python -m ...fraud train` (as `make demo` runs it) must pickle the importable class, not `__main__`'s."""
    import subprocess
    import sys

    out = tmp_path / "m.pkl"
    done = subprocess.run(
        [sys.executable, "-m", "jiuye.supervision.screening.fraud", "train", "--data", str(emscad_subset),
         "--out", str(out)],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert isinstance(FraudModel.load(out), FraudModel)
