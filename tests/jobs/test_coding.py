"""Occupation coder: obvious titles, confidence ordering, confirmations, determinism (built on a subset for speed)."""

import os
from pathlib import Path

import pytest

from jiuye.jobs.coding import TitleCoder, build_dadian_coder, build_onet_coder, truncate

REF = Path(
    os.environ.get("JIUYE_REFDATA", Path(__file__).resolve().parents[3] / "shared" / "data" / "reference")
)
ONET = REF / "onet"
DADIAN = REF / "china-occupation-classification" / "occupations_2022_flat.csv"

pytestmark = pytest.mark.skipif(not (ONET.exists() and DADIAN.exists()), reason="reference data not present")

KEEP_MAJORS = ("15-", "29-", "53-", "41-", "43-", "13-")


@pytest.fixture(scope="module")
def coder() -> TitleCoder:
    # TF-IDF path here (fast); the embedding path is tested in test_coding_embed.py
    en = build_onet_coder(ONET, keep=lambda r: r["O*NET-SOC Code"].startswith(KEEP_MAJORS), embeddings=False)
    return TitleCoder(build_dadian_coder(DADIAN), en)


@pytest.mark.parametrize(
    ("title", "major", "detail"),
    [
        ("Software Developer", "15", "15-1252"),
        ("Registered Nurse", "29", "29-1141"),
        ("Tractor Trailer Truck Driver", "53", "53-3032"),
    ],
)
def test_obvious_english_titles(coder, title, major, detail):
    top = coder.code_title(title)[0]
    assert truncate(top.code, 1, "soc") == major
    assert truncate(top.code, 4, "soc") == detail
    assert top.level == 4


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Java开发工程师", "2-02-10-03"),
        ("高级PHP开发工程师", "2-02-10-03"),
        ("软件测试工程师", "4-04-05-02"),
        ("会计", "2-06-03-00"),
        ("小学教师", "2-08-02-04"),
    ],
)
def test_obvious_chinese_titles(coder, title, code):
    top = coder.code_title(title)[0]
    assert top.code == code
    assert top.name
    assert top.level == 4


def test_language_detected_from_script(coder):
    assert coder.code_title("小学教师")[0].code.startswith("2-08")
    assert coder.code_title("Registered Nurse")[0].code.startswith("29-")
    assert coder.code_title("Java", lang="zh")[0].code == "2-02-10-03"


def test_confidence_ordered_and_bounded(coder):
    for title in ("Java开发工程师", "Software Developer", "数据分析师"):
        cands = coder.code_title(title)
        confs = [c.confidence for c in cands]
        assert len(cands) > 1
        assert confs == sorted(confs, reverse=True)
        assert all(0.0 <= c <= 1.0 for c in confs)


def test_clear_title_more_confident_than_vague(coder):
    assert coder.code_title("计算机软件工程师")[0].confidence > coder.code_title("专员")[0].confidence
    assert coder.code_title("") == []


def test_confirmations_change_result_and_round_trip():
    zh = build_dadian_coder(DADIAN)
    title = "搬砖侠"
    before = zh.code_title(title)
    assert not before or before[0].code != "4-04-05-01"
    zh.add_confirmation(title, "4-04-05-01")
    after = zh.code_title(title)[0]
    assert after.code == "4-04-05-01"
    assert after.confidence > 0.8
    rows = zh.export_confirmations()
    assert rows == [(title, "4-04-05-01")]
    fresh = build_dadian_coder(DADIAN)
    assert fresh.import_confirmations(rows) == 1
    assert fresh.code_title(title)[0].code == "4-04-05-01"
    with pytest.raises(ValueError):
        zh.add_confirmation(title, "9-99-99-99")


def test_deterministic(coder):
    a = [coder.code_title(t) for t in ("Java开发工程师", "Software Developer", "前端")]
    b = [coder.code_title(t) for t in ("Java开发工程师", "Software Developer", "前端")]
    assert a == b
    assert build_dadian_coder(DADIAN).code_title("数据分析师") == build_dadian_coder(DADIAN).code_title(
        "数据分析师"
    )


def test_votes_pooled_at_a_coarser_level(coder):
    major = coder.code_title("Software Developer", level=1)[0]
    assert major.code == "15"
    assert major.level == 1
    group = coder.code_title("Java开发工程师", level=3)[0]
    assert (group.code, group.name, group.level) == ("2-02-10", "信息和通信工程技术人员", 3)


def test_linear_level_model_reweights_votes(coder):
    en = coder.coder("en")
    assert en.level_model is not None
    probs = en.level_model.probabilities("Pharmacy Manager")
    assert set(probs) == {1, 2}
    assert abs(sum(probs[1].values()) - 1.0) < 1e-6
    assert max(probs[1], key=probs[1].get) in {m.rstrip("-") for m in KEEP_MAJORS}
    plain = build_onet_coder(ONET, keep=lambda r: r["O*NET-SOC Code"].startswith(KEEP_MAJORS), linear=False)
    assert plain.level_model is None
    assert plain.code_title("Registered Nurse")[0].code.startswith("29-")


def test_seed_aliases_equal_to_a_test_title_can_be_left_out():
    title = "Java开发"  # normalises to the seed alias "java开发"
    with_seed = build_dadian_coder(DADIAN)
    without = build_dadian_coder(DADIAN, exclude_aliases=[title])
    assert with_seed.n_docs == without.n_docs + 1
    assert build_dadian_coder(DADIAN, seeds=False).n_docs < without.n_docs


def test_labelled_chinese_sets_are_well_formed():
    import csv

    with open(DADIAN, encoding="utf-8", newline="") as fh:
        codes = {r["code"] for r in csv.DictReader(fh)}
    for name in ("zh_titles_labelled.csv", "zh_titles_lagou_category.csv"):
        with open(Path(__file__).parent / "data" / name, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert len(rows) > 400
        assert all(r["code"] in codes and r["how_labelled"] for r in rows)
        assert len({r["title"] for r in rows}) == len(rows)


def test_trained_model_cached_by_reference_hash(tmp_path):
    from jiuye.jobs.coding.sources import _cached

    calls = []

    def train():
        calls.append(1)
        return {"weights": [1.0, 2.0]}

    first = _cached(ONET, tmp_path / "cache", train)
    second = _cached(ONET, tmp_path / "cache", train)
    assert first == second == {"weights": [1.0, 2.0]}
    assert len(calls) == 1
    (cached,) = (tmp_path / "cache").iterdir()
    assert cached.name.startswith("soc-levels-") and cached.suffix == ".pickle"
    cached.write_bytes(b"not a pickle")  # a damaged cache is retrained, not an error
    assert _cached(ONET, tmp_path / "cache", train) == first
    assert len(calls) == 2
