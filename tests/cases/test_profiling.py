"""Long-term-unemployment profiling: real duration data, censoring, protected attributes, CV metrics, ProfileModel.

Pure tests (no database): the engine is Django-free. They read the real data sets in
../shared/data/datasets/unemployment-duration.
"""

from __future__ import annotations

import csv
import dataclasses
import math
from decimal import Decimal

import numpy as np
import pytest

from jiuye.cases.profiling import PROFILE_FEATURES, ProfileModel
from jiuye.cases.profiling.data import (
    DEFAULT_DATA_DIR,
    JOBLESS_THRESHOLD_INTERVALS,
    PROTECTED_COLUMNS,
    PROTECTED_TERMS,
    load_all,
    load_benefits,
    load_jobless,
    load_unemployment,
    names_protected,
)
from jiuye.cases.profiling.evaluate import CANDIDATES, assert_no_protected, calibration, cross_validate
from jiuye.cases.profiling.model import (
    FITTED_INTERCEPT,
    FITTED_MEANS,
    FITTED_WEIGHTS,
    KEY_GROUPS_DROPPED,
    fit_profile_weights,
)

FAST = {"logit_bins": CANDIDATES["logit_bins"]}
GROUP_METRIC_KEYS = {"n", "prevalence", "auc", "brier", "fnr", "fpr", "mean_score", "flagged_share"}


@pytest.fixture(scope="module")
def datasets():
    return load_all()


def subsample(ds, n, seed=7):
    """A stratified-ish random sample of rows, as a Dataset of the same shape."""
    rng = np.random.default_rng(seed)
    idx = np.sort(rng.choice(ds.n, size=n, replace=False))
    return dataclasses.replace(
        ds,
        X=ds.X[idx],
        y=ds.y[idx],
        groups={k: v[idx] for k, v in ds.groups.items()},
        baseline=ds.baseline[idx],
        extra={k: v[idx] for k, v in ds.extra.items()},
    )


# -- protected attributes ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["jobless", "UnempDur", "Unemployment"])
def test_no_protected_attribute_among_the_features(datasets, name):
    ds = datasets[name]
    assert not set(ds.feature_names) & PROTECTED_COLUMNS[name]
    assert not [f for f in ds.feature_names if names_protected(f)]
    assert_no_protected(ds)  # the check cross_validate runs


def test_protected_attributes_of_the_brief_are_named():
    for word in ("sex", "age", "ethnicity", "race", "hukou", "marital", "married", "nationality", "origin"):
        assert word in PROTECTED_TERMS
    assert names_protected("age_band") and names_protected("Female") and names_protected("hukou_type")
    assert not names_protected("logwage") and not names_protected("stateur") and not names_protected("tenure")


def test_adding_a_protected_column_is_refused(datasets):
    ds = datasets["jobless"]
    sex = (ds.groups["sex"] == "female").astype(float)
    bad = dataclasses.replace(ds, X=np.column_stack([ds.X, sex]), feature_names=(*ds.feature_names, "female"))
    with pytest.raises(ValueError, match="female"):
        cross_validate(bad, candidates=FAST)


def test_profile_features_carry_no_protected_attribute():
    assert not [f for f in PROFILE_FEATURES if names_protected(f)]
    assert "disability" not in PROFILE_FEATURES and "disability_grade" not in PROFILE_FEATURES
    model = ProfileModel()
    for key in ("sex", "age", "ethnicity", "hukou_type", "marital_status", "disability"):
        with pytest.raises(ValueError, match=key):
            model.score({key: 1})


# -- targets and censoring -----------------------------------------------------------------------------


def test_jobless_target_and_censoring_match_the_raw_file(datasets):
    with open(DEFAULT_DATA_DIR / "camerondata_jobless.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    long_ = [r for r in rows if int(r["spell"]) > JOBLESS_THRESHOLD_INTERVALS]
    short_done = [r for r in rows if int(r["spell"]) <= JOBLESS_THRESHOLD_INTERVALS and r["censor4"] == "0"]
    short_censored = [
        r for r in rows if int(r["spell"]) <= JOBLESS_THRESHOLD_INTERVALS and r["censor4"] == "1"
    ]
    ds = datasets["jobless"]
    assert ds.n_total == len(rows) == 3343
    assert ds.n == len(long_) + len(short_done)
    assert int(ds.y.sum()) == len(long_)
    assert ds.n_excluded_censored == len(short_censored)
    assert ds.n_censored_long == sum(r["censor4"] == "1" for r in long_)
    assert datasets["UnempDur"].n == ds.n and int(datasets["UnempDur"].y.sum()) == int(ds.y.sum())


def test_romeo_target_in_weeks(datasets):
    ds = datasets["Unemployment"]
    assert ds.n + ds.n_excluded_censored == ds.n_total == 452
    assert 0 < ds.prevalence < 1


def test_benefits_is_not_modelled_and_says_why():
    info = load_benefits()
    assert info["modelled"] is False and "duration" in info["why"] and info["n_total"] == 4877


def test_bad_cell_names_file_line_and_column(tmp_path):
    src = (DEFAULT_DATA_DIR / "Ecdat_Unemployment.csv").read_text(encoding="utf-8").splitlines()
    header, first, *rest = src
    cells = first.split(",")
    cells[1] = "ten"  # duration
    (tmp_path / "Ecdat_Unemployment.csv").write_text(
        "\n".join([header, ",".join(cells), *rest]), encoding="utf-8"
    )
    with pytest.raises(ValueError, match=r"Ecdat_Unemployment.csv line 2: column 'duration'"):
        load_unemployment(tmp_path)
    with pytest.raises(FileNotFoundError):
        load_jobless(tmp_path)


# -- cross-validated metrics ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_result(datasets):
    return cross_validate(subsample(datasets["jobless"], 700), candidates=FAST)


def test_cv_metrics_on_a_small_sample_are_in_range(small_result):
    r = small_result
    assert r.n == 700 and not np.isnan(r.oof_score).any()
    assert 0.55 < r.auc <= 1.0
    assert 0.0 <= r.brier < r.prevalence * (1 - r.prevalence)  # better than predicting the base rate
    assert len(r.fold_auc) == 5 and all(0.0 <= a <= 1.0 for a in r.fold_auc)
    assert 0.0 <= r.baseline["auc"] <= 1.0 and 0.0 <= r.baseline["brier"] <= 1.0
    flagged = r.oof_score >= r.threshold
    assert abs(flagged.mean() - 0.30) < 0.02


def test_calibration_bins_sum_to_n(small_result):
    bins = small_result.calibration
    assert len(bins) == 10 and sum(b["n"] for b in bins) == small_result.n
    assert all(0.0 <= b["observed"] <= 1.0 and 0.0 <= b["mean_predicted"] <= 1.0 for b in bins)
    means = [b["mean_predicted"] for b in bins]
    assert means == sorted(means)
    assert sum(b["n"] for b in calibration(np.array([0, 1, 1]), np.array([0.2, 0.2, 0.9]))) == 3


def test_group_report_keys(small_result):
    groups = small_result.groups
    assert set(groups) == {"sex", "age_band", "race"}
    assert set(groups["sex"]["groups"]) == {"female", "male"}
    assert set(groups["age_band"]["groups"]) <= {"16-29", "30-39", "40-49", "50+"}
    for rep in groups.values():
        assert {"groups", "flagged_share_ratio", "auc_gap"} <= set(rep)
        assert sum(m["n"] for m in rep["groups"].values()) == small_result.n
        for m in rep["groups"].values():
            assert set(m) == GROUP_METRIC_KEYS
        assert rep["flagged_share_ratio"] >= 1.0
    assert set(small_result.baseline["groups"]) == set(groups)


def test_determinism_with_a_seed(datasets):
    ds = subsample(datasets["Unemployment"], 250)
    a = cross_validate(ds, candidates=FAST, seed=11)
    b = cross_validate(ds, candidates=FAST, seed=11)
    c = cross_validate(ds, candidates=FAST, seed=12)
    np.testing.assert_array_equal(a.oof_score, b.oof_score)
    assert a.auc == b.auc and a.calibration == b.calibration
    assert not np.array_equal(a.oof_score, c.oof_score)


def test_inner_cv_chooses_among_candidates(datasets):
    ds = subsample(datasets["Unemployment"], 250)
    two = {k: CANDIDATES[k] for k in ("logit_spline", "logit_bins")}
    r = cross_validate(ds, candidates=two)
    assert set(r.chosen) <= set(two) and len(r.chosen) == 5
    assert all(len(v) == 5 for v in r.inner_auc.values())


# -- ProfileModel --------------------------------------------------------------------------------------

RISKY = {
    "education_rank": 2,
    "contribution_months_24": 24,
    "occupation_major_group": "6",
    "previous_monthly_wage": 3000,
    "receives_unemployment_benefit": True,
    "past_spells": 2,
    "months_since_last_spell": 5,
    "key_groups": ["dibao_member"],
}


def test_profile_model_score_and_reasons():
    model = ProfileModel()
    score = model.score(RISKY)
    assert 0.0 < score < 1.0
    reasons = model.reasons(RISKY)
    codes = [code for code, _ in reasons]
    assert codes[0] == "receives_unemployment_benefit"  # the largest weight comes first
    assert "manual_occupation" in codes
    assert all(isinstance(params, dict) and params["points"] > 0 for _, params in reasons)
    assert model.reasons({}) == [("no_raised_factor", {"points": 0})]
    assert model.score({}) == pytest.approx(1 / (1 + math.exp(-FITTED_INTERCEPT)))


def test_profile_model_accepts_decimal_and_numpy_numbers():
    model = ProfileModel()
    plain = model.score(RISKY)
    assert model.score({**RISKY, "previous_monthly_wage": Decimal("3000.00")}) == pytest.approx(plain)
    assert model.score({**RISKY, "education_rank": np.int64(2)}) == pytest.approx(plain)


def test_profile_model_is_monotone_in_its_strongest_term():
    model = ProfileModel()
    assert model.score({**RISKY, "receives_unemployment_benefit": True}) > model.score(
        {**RISKY, "receives_unemployment_benefit": False}
    )


def test_dropped_key_groups_and_unweighted_features_do_not_move_the_score():
    model = ProfileModel()
    base = model.score(RISKY)
    assert model.score({**RISKY, "key_groups": sorted(KEY_GROUPS_DROPPED)}) == base
    assert model.score({**RISKY, "past_spells": 9, "months_since_last_spell": 0}) == base


@pytest.mark.parametrize(
    ("features", "field"),
    [
        ({"education_rank": "high"}, "education_rank"),
        ({"education_rank": 12}, "education_rank"),
        ({"contribution_months_24": 30}, "contribution_months_24"),
        ({"previous_monthly_wage": -1}, "previous_monthly_wage"),
        ({"receives_unemployment_benefit": "yes"}, "receives_unemployment_benefit"),
        ({"occupation_major_group": "9"}, "occupation_major_group"),
        ({"occupation_major_group": ""}, "occupation_major_group"),
        ({"key_groups": ["no_such_group"]}, "key_groups"),
        ({"shoe_size": 42}, "shoe_size"),
    ],
)
def test_profile_model_bad_input_names_the_field(features, field):
    with pytest.raises(ValueError, match=field):
        ProfileModel().score(features)


def test_transferred_weights_are_the_fit_on_the_real_data(datasets):
    weights, means, intercept = fit_profile_weights(datasets["jobless"])
    for term, w in weights.items():
        assert FITTED_WEIGHTS[term] == pytest.approx(w, abs=1e-3), term
        assert FITTED_MEANS[term] == pytest.approx(means[term], abs=1e-3), term
    assert FITTED_INTERCEPT == pytest.approx(intercept, abs=1e-3)
