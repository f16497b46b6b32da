"""The majors warning engine on crafted outcomes: two years running, small cells, bottom shares with ties, the
composite, and the rules file."""

from __future__ import annotations

import dataclasses

import pytest

from jiuye.analytics import majors as m
from jiuye.monitoring.releases.services import MAJORS_RULES

RULES = {
    "min_graduates": 10,
    "rules": [
        {
            "code": "moe",
            "kind": "below_threshold_consecutive",
            "level": "red",
            "measure": "employment_rate_at_graduation",
            "threshold": 0.6,
            "years": 2,
            "single_year_variant": True,
            "valid_from": "2011-01-01",
            "title_en": "below 60% two years",
            "title_zh": "连续两年低于60%",
            "source": "test",
        },
        {
            "code": "bottom",
            "kind": "bottom_share",
            "level": "yellow",
            "measure": "employment_rate_6m",
            "share": 0.1,
            "valid_from": "2011-01-01",
            "title_en": "bottom 10%",
            "title_zh": "后10%",
            "source": "test",
        },
    ],
}


def out(major, cohort, graduates, at_grad=None, six=None, **kw):
    return m.MajorOutcome(
        major=major,
        major_name=major,
        cohort=cohort,
        graduates=graduates,
        employed_at_graduation=at_grad,
        employed_6m=six,
        **kw,
    )


def findings(outcomes, cohort=2025, rules=None):
    rs = m.rules_from_dict(rules or RULES)
    return {(f.rule, f.unit[0]): f for f in m.evaluate(outcomes, rs, cohort)}


def test_two_years_running():
    fs = findings(
        [
            out("A", 2024, 20, 11),
            out("A", 2025, 20, 10),  # 55%, 50%: red
            out("B", 2024, 20, 14),
            out("B", 2025, 20, 10),  # 70%, 50%: only one year below
            out("C", 2025, 20, 10),  # no 2024 cohort: not computable
            out("D", 2024, 9, 1),
            out("D", 2025, 20, 5),  # 2024 cohort too small: not computable
            out("E", 2024, 20, 12),
            out("E", 2025, 20, 12),  # exactly 60%: not below
        ]
    )
    a = fs[("moe", "A")]
    assert a.status == m.FLAGGED and a.level == m.RED
    assert a.evidence["values"] == {"2024": 0.55, "2025": 0.5}
    assert a.evidence["threshold"] == 0.6 and a.evidence["cohorts"] == [2024, 2025]
    assert fs[("moe", "B")].status == m.NOT_FLAGGED
    assert fs[("moe", "C")].status == m.NOT_COMPUTABLE
    assert fs[("moe", "C")].evidence["missing_cohorts"] == [2024]
    assert fs[("moe", "D")].status == m.NOT_COMPUTABLE
    assert fs[("moe", "E")].status == m.NOT_FLAGGED
    # The single-year reading is reported beside it, under its own code.
    assert fs[("moe:single_year", "B")].status == m.FLAGGED
    assert fs[("moe:single_year", "C")].status == m.FLAGGED
    assert fs[("moe:single_year", "E")].status == m.NOT_FLAGGED


def test_small_cells_not_rated_and_not_ranked():
    outcomes = [out(f"M{i:02d}", 2025, 20, 15, 10 + i) for i in range(10)]
    outcomes.append(out("tiny", 2025, 9, 0, 0))  # would be last by far
    fs = findings(outcomes)
    assert fs[("bottom", "tiny")].status == m.SMALL_CELL
    assert fs[("bottom", "tiny")].evidence == {"graduates": 9, "cell_size": 9, "min_graduates": 10}
    assert fs[("moe", "tiny")].status == m.SMALL_CELL
    low = fs[("bottom", "M00")]
    assert low.status == m.FLAGGED and low.evidence["rank"] == 1 and low.evidence["of"] == 10
    assert fs[("bottom", "M01")].status == m.NOT_FLAGGED  # 10% of 10 rated = rank 1 only


def test_bottom_share_ties_at_the_boundary_flag_every_tied_unit():
    outcomes = [out(f"M{i:02d}", 2025, 20, 15, 10 if i < 3 else 10 + i) for i in range(20)]
    fs = findings(outcomes)
    flagged = sorted(u for (rule, u), f in fs.items() if rule == "bottom" and f.flagged)
    assert flagged == ["M00", "M01", "M02"]  # three tied at rank 1 ≤ 2 = 10% of 20
    assert fs[("bottom", "M00")].evidence["percentile_rank"] == 0.0


def test_institution_level_ranked_separately():
    outcomes = [out(f"M{i}", 2025, 20, 15, 10 + i) for i in range(10)]
    outcomes += [dataclasses.replace(out(f"M{i}", 2025, 20, 15, 1), institution="X大学") for i in range(2)]
    fs = m.evaluate(outcomes, m.rules_from_dict(RULES), 2025)
    inst = [f for f in fs if f.rule == "bottom" and f.unit[1] == "X大学"]
    assert {f.evidence["of"] for f in inst} == {2}
    region = [f for f in fs if f.rule == "bottom" and f.unit[1] == ""]
    assert {f.evidence["of"] for f in region} == {10}


def test_composite_weights_and_unemployed_condition():
    rules = {
        "min_graduates": 1,
        "rules": [
            {
                "code": "card",
                "kind": "composite",
                "weights": {"employment_rate_12m": 1.0},
                "red_share": 0.34,
                "yellow_share": 0.33,
                "min_unemployed_rank": 0.5,
                "valid_from": "2010-01-01",
                "title_en": "card",
                "title_zh": "牌",
                "source": "test",
            }
        ],
    }
    # Rates 0.5, 0.6, 0.7, 0.8 with 100 graduates (unemployed 50, 40, 30, 20); plus a tiny major with a worse rate
    # but few unemployed, which the unemployed condition keeps off the list. Among the 3 eligible: red rank ≤ 1.02,
    # yellow rank ≤ 2.01.
    outcomes = [
        m.MajorOutcome(major=k, cohort=2025, graduates=100, employed_12m=e)
        for k, e in (("a", 50), ("b", 60), ("c", 70), ("d", 80))
    ] + [m.MajorOutcome(major="tiny", cohort=2025, graduates=4, employed_12m=1)]
    fs = {f.unit[0]: f for f in m.evaluate(outcomes, m.rules_from_dict(rules), 2025)}
    assert fs["tiny"].status == m.NOT_FLAGGED and fs["tiny"].evidence["eligible"] is False
    assert fs["a"].level == m.RED and fs["a"].evidence["rank"] == 1 and fs["a"].evidence["of"] == 3
    assert fs["b"].level == m.YELLOW
    assert not fs["c"].flagged


def test_protected_attributes_have_no_place_in_an_outcome():
    names = {f.name for f in dataclasses.fields(m.MajorOutcome)}
    for word in ("sex", "gender", "age", "ethnicity", "hukou", "marital"):
        assert not any(word in n for n in names)


def test_rules_file_loads_with_sources():
    rules = m.load_rules(MAJORS_RULES)
    codes = {r.code for r in rules.rules}
    assert {"moe_below_60_two_years", "province_bottom_10_employment", "composite_card"} <= codes
    moe = rules.get("moe_below_60_two_years")
    assert moe.threshold == 0.6 and moe.years == 2 and moe.source and moe.valid_from.year == 2011
    card = rules.get("composite_card")
    assert sum(card.weights.values()) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "median"}, "moe: kind"),
        ({"source": ""}, "moe: source: required"),
        ({"valid_from": "2011-13-01"}, "moe: valid_from"),
        ({"threshold": "sixty"}, "moe: threshold: a number"),
        ({"measure": "happiness"}, "moe: measure"),
        ({"years": 0}, "moe: years"),
    ],
)
def test_bad_rules_named(change, message):
    bad = {"min_graduates": 10, "rules": [dict(RULES["rules"][0], **change)]}
    with pytest.raises(m.RuleError, match=message):
        m.rules_from_dict(bad, "test.yaml")


def test_rules_dated():
    rules = dict(RULES, rules=[dict(RULES["rules"][1], valid_from="2030-01-01")])
    assert findings([out("A", 2025, 20, 5, 5)], rules=rules) == {}


def test_major_occupation_prefixes_are_dadian_codes():
    import csv
    import os
    from pathlib import Path

    import yaml

    from jiuye.monitoring.releases.services import MAJOR_OCCUPATIONS

    ref = Path(
        os.environ.get("JIUYE_REFDATA", Path(__file__).resolve().parents[4] / "shared" / "data" / "reference")
    )
    flat = ref / "china-occupation-classification" / "occupations_2022_flat.csv"
    if not flat.is_file():
        pytest.skip("大典 reference file not available")
    with open(flat, encoding="utf-8", newline="") as fh:
        codes = {r["code"] for r in csv.DictReader(fh)}
    data = yaml.safe_load(MAJOR_OCCUPATIONS.read_text(encoding="utf-8"))
    bad = [
        (k, p) for sect in ("exact", "keywords") for k, ps in data[sect].items() for p in ps if p not in codes
    ]
    assert bad == []
