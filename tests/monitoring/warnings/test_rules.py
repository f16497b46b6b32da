"""The pure early-warning rules on crafted series (answers computed by hand in the comments)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from jiuye.analytics.warning import leading
from jiuye.analytics.warning.enterprise import EmployerMonth, aggregate, enterprise_rule
from jiuye.analytics.warning.levels import level_for
from jiuye.analytics.warning.regional import (
    michaillat_saez_indicator,
    michaillat_saez_rule,
    moving_average,
    naive_indicator,
    sahm_indicator,
    sahm_realtime,
    sahm_rule,
)

SAHM_T = {"blue": 0.30, "yellow": 0.50, "orange": 0.80, "red": 1.00}
# 12 months at 4.0 %, then 4.3, 4.6, 4.9.
RATES = [4.0] * 12 + [4.3, 4.6, 4.9]
MONTHS = [f"2025-{m:02d}" for m in range(1, 13)] + ["2026-01", "2026-02", "2026-03"]


def test_moving_average_needs_the_whole_window():
    ma = moving_average(RATES)
    assert ma[:2] == [None, None]
    # (4.0 + 4.0 + 4.3) / 3 = 4.1 ; (4.0 + 4.3 + 4.6) / 3 = 4.3 ; (4.3 + 4.6 + 4.9) / 3 = 4.6
    assert ma[12:] == pytest.approx([4.1, 4.3, 4.6])
    assert moving_average([4.0, None, 4.0, 4.0, 4.0])[2:4] == [None, None]


def test_sahm_is_the_moving_average_minus_the_low_of_the_previous_twelve():
    ind = sahm_indicator(RATES)
    # The first value needs 12 earlier 3-month averages: index 14 (window - 1 + lookback), as FRED's
    # SAHMCURRENT starts in 1949-03 for UNRATE starting in 1948-01.
    assert ind[:14] == [None] * 14
    # 4.6 − min(ma[2..13]) = 4.6 − 4.0 = 0.6
    assert ind[14] == pytest.approx(0.6)


def test_sahm_is_not_floored_at_zero():
    falling = [6.0] * 12 + [5.7, 5.4, 5.1]
    # ma[14] = 5.4, low of the previous 12 = min(6.0 …, 5.9, 5.7) = 5.7 → −0.3 (FRED publishes negatives too)
    assert sahm_indicator(falling)[14] == pytest.approx(-0.3)


def test_sahm_rule_level_and_evidence():
    r = sahm_rule(MONTHS, RATES, SAHM_T)
    assert (r.level, r.threshold) == ("yellow", 0.5)
    assert r.value == pytest.approx(0.6)
    assert r.evidence["low"] == pytest.approx(4.0)
    assert r.evidence["moving_average"] == pytest.approx(4.6)
    assert r.evidence["history"][-1] == {
        "month": "2026-03",
        "rate": 4.9,
        "moving_average": 4.6,
        "indicator": 0.6,
    }
    short = sahm_rule(MONTHS[-5:], RATES[-5:], SAHM_T)
    assert (short.level, short.value, short.reason) == ("none", None, "insufficient_history")


def test_sahm_realtime_reads_each_month_from_its_own_vintage():
    # In month 14 the series as published then had 4.9 for the last month; a later revision to 4.3 changes
    # SAHMCURRENT but never the real-time value.
    published_then = RATES
    revised = RATES[:14] + [4.3]
    vintages = [RATES[: i + 1] for i in range(14)] + [published_then]
    assert sahm_realtime(vintages)[14] == pytest.approx(0.6)
    # current vintage: ma = (4.3 + 4.6 + 4.3) / 3 = 4.4 → 0.4
    assert sahm_indicator(revised)[14] == pytest.approx(0.4)
    assert sahm_realtime(vintages)[:14] == [None] * 14


def test_michaillat_saez_takes_the_smaller_of_the_two_rises():
    vacancies = [5.0] * 12 + [4.9, 4.8, 4.7]
    # vacancy ma[14] = 4.8; max of the previous 12 = 5.0 → 0.2 ; unemployment 0.6 → min 0.2
    assert michaillat_saez_indicator(RATES, vacancies)[14] == pytest.approx(0.2)
    r = michaillat_saez_rule(MONTHS, RATES, vacancies, {"blue": 0.15, "yellow": 0.29, "red": 0.81})
    assert (r.level, r.threshold, r.evidence["binding"]) == ("blue", 0.15, "vacancies")
    assert r.evidence["unemployment_indicator"] == pytest.approx(0.6)
    assert r.evidence["vacancy_indicator"] == pytest.approx(0.2)
    none = michaillat_saez_rule(MONTHS, RATES, [None] * 15, {"yellow": 0.29})
    assert (none.level, none.reason) == ("none", "no_vacancy_data")


def test_naive_baseline():
    assert naive_indicator([4.0] * 12 + [4.6])[12] == pytest.approx(0.6)
    assert naive_indicator([4.0] * 12 + [4.6])[11] is None


def test_level_for_picks_the_most_severe_level_reached():
    assert level_for(0.5, SAHM_T) == ("yellow", 0.5)  # a threshold reached exactly counts
    assert level_for(0.29, SAHM_T) == ("none", None)
    assert level_for(2.0, SAHM_T) == ("red", 1.0)
    assert level_for(None, SAHM_T) == ("none", None)


def test_leading_rise_against_the_twelve_month_average():
    counts = [10.0] * 12 + [15.0]
    months = [f"m{i}" for i in range(13)]
    r = leading.count_signal(
        "registrations_rise",
        months,
        counts,
        {"blue": 0.2, "yellow": 0.3, "orange": 0.5, "red": 1.0},
        direction="rise",
    )
    # 15 / 10 = 1.5 → a rise of 0.5 → orange; SD of the history is 0 → no z-score
    assert (r.level, r.value, r.threshold) == ("orange", 0.5, 0.5)
    assert r.evidence["ratio"] == 1.5 and r.evidence["z"] is None
    varied = leading.compare_with_history([8, 12, 8, 12], 14)
    # mean 10, SD 2 → z = (14 − 10) / 2 = 2
    assert (varied["average"], varied["sd"], varied["z"]) == (10, 2, 2)


def test_leading_drop_and_its_guards():
    t = {"blue": 0.2, "yellow": 0.3, "orange": 0.4, "red": 0.5}
    months = [f"m{i}" for i in range(13)]
    drop = leading.count_signal("postings_drop", months, [100.0] * 12 + [55.0], t, direction="drop")
    assert (drop.level, drop.value) == ("orange", 0.45)  # 1 − 55/100
    short = leading.count_signal("postings_drop", months[-4:], [100.0] * 3 + [10.0], t, direction="drop")
    assert (short.level, short.reason) == ("none", "insufficient_history")
    small = leading.count_signal(
        "postings_drop", months, [4.0] * 12 + [0.0], t, direction="drop", min_count=20
    )
    assert (small.level, small.reason) == ("none", "too_few")
    with pytest.raises(ValueError):
        leading.count_signal("x", months, [1.0] * 13, t, direction="sideways")


def test_enterprise_cells_by_division_and_industry():
    rows = [
        EmployerMonth("430302", "C", before=100, after=70, layoff_rule="twenty", employer="1"),
        EmployerMonth("430302", "C", before=50, after=50, employer="2"),
        EmployerMonth("430302", "F", before=40, after=20, layoff_rule="twenty", employer="3"),
    ]
    cells = aggregate(rows)
    laid_off = {"blue": 20, "yellow": 50, "orange": 100, "red": 300}
    share = {"blue": 0.05, "yellow": 0.10, "orange": 0.15, "red": 0.20}
    c = enterprise_rule(cells[("430302", "C")], laid_off, share, min_workforce=100)
    # before 150, after 120: net fall 30 = 20 % → red by the fall; 30 laid off → blue; red decides
    assert (c.level, c.threshold, c.value) == ("red", 0.2, 0.2)
    assert c.evidence["decided_by"] == "fall_share" and c.evidence["laid_off_level"] == "blue"
    f = enterprise_rule(cells[("430302", "F")], laid_off, share, min_workforce=100)
    # 40 insured is under the 100 minimum: no share; 20 laid off → blue
    assert (f.level, f.value, f.evidence["fall_share"]) == ("blue", 20.0, None)


STATES = (
    Path(__file__).resolve().parents[3].parent / "shared/data/datasets/us-unemployment-fred-states/series"
)


@pytest.mark.skipif(not (STATES / "SAHMCURRENT.csv").exists(), reason="FRED mirror not present")
def test_reproduces_fred_sahmcurrent_from_unrate():
    def read(name):
        with (STATES / f"{name}.csv").open() as fh:
            return {r["Date"]: float(r[name]) for r in csv.DictReader(fh)}

    unrate, official = read("UNRATE"), read("SAHMCURRENT")
    dates = sorted(unrate)
    mine = dict(zip(dates, sahm_indicator([unrate[d] for d in dates]), strict=True))
    common = [d for d in official if mine.get(d) is not None]
    assert len(common) == len(official)
    # FRED rounds to 2 decimals: every month agrees within half a unit of the last digit
    assert max(abs(mine[d] - official[d]) for d in common) < 0.005
