"""Crafted indicator values on the test tree (43 湖南 › 4303 湘潭 › 430302 雨湖 / 430304 岳塘; 4301 长沙).

The sentinel 0.987654 is the value of a suppressed cell: no page, chart or export may ever show it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from jiuye.monitoring.enums import Frequency, Unit
from jiuye.monitoring.models import Indicator, IndicatorValue

MARCH = dt.date(2026, 3, 1)
FEBRUARY = dt.date(2026, 2, 1)
YEAR_BEFORE = dt.date(2025, 3, 1)
SENTINEL = 0.987654


def put(indicator, division, month, value, numerator=None, denominator=None, group="", **kw):
    return IndicatorValue.objects.create(
        indicator=indicator,
        division=division,
        month=month,
        group=group,
        value=value,
        numerator=numerator,
        denominator=denominator,
        engine="duckdb",
        **kw,
    )


@pytest.fixture
def indicators(db):
    rate = Indicator.objects.create(
        code="registered_unemployment_rate",
        name_zh="城镇登记失业率",
        name_en="Registered urban unemployment rate",
        numerator="Registered unemployed persons at the end of the month",
        denominator="Registered unemployed plus urban employed persons",
        source="Unemployment registrations; employment records",
        frequency=Frequency.MONTHLY,
        unit=Unit.RATE,
        higher_is_better=False,
        sort_order=1,
    )
    jobs = Indicator.objects.create(
        code="new_urban_jobs",
        name_zh="城镇新增就业",
        name_en="New urban jobs",
        numerator="Persons newly employed in towns in the month",
        source="Employment registrations",
        unit=Unit.PERSONS,
        higher_is_better=True,
        sort_order=2,
    )
    ratio = Indicator.objects.create(
        code="openings_applicants_ratio",
        name_zh="求人倍率",
        name_en="Openings per applicant",
        numerator="Job openings registered in the month",
        denominator="Job applicants registered in the month",
        source="Public employment service postings and applications",
        unit=Unit.RATIO,
        higher_is_better=None,
        group_by="occupation",
        sort_order=3,
    )
    return {"rate": rate, "jobs": jobs, "ratio": ratio}


@pytest.fixture
def values(tree, indicators):
    rate, jobs, ratio = indicators["rate"], indicators["jobs"], indicators["ratio"]
    xt, yuhu, yuetang = tree["4303"], tree["430302"], tree["430304"]
    put(rate, xt, MARCH, 0.052, 520, 10000)
    put(rate, xt, FEBRUARY, 0.050, 500, 10000)
    put(rate, xt, YEAR_BEFORE, 0.060, 600, 10000)
    put(rate, yuhu, MARCH, 0.031, 155, 5000)
    put(rate, yuhu, FEBRUARY, 0.030, 150, 5000)
    put(rate, yuetang, MARCH, SENTINEL, 8, 9, suppressed=True, suppression_reason="small_cell")
    put(rate, tree["430302001"], MARCH, 0.044, 44, 1000)
    put(rate, tree["43"], MARCH, 0.045, 4500, 100000)
    put(rate, tree["43"], FEBRUARY, 0.046, 4600, 100000)
    put(rate, tree["4301"], MARCH, 0.041, 2050, 50000)
    put(jobs, xt, MARCH, 1200, 1200)
    put(jobs, xt, FEBRUARY, 1000, 1000)
    put(jobs, yuhu, MARCH, 700, 700)
    put(jobs, yuetang, MARCH, 500, 500)
    put(ratio, xt, MARCH, 1.25, 250, 200)
    put(ratio, xt, MARCH, 2.5, 50, 20, group="occupation:2-02")
    put(
        ratio,
        xt,
        MARCH,
        SENTINEL,
        3,
        2,
        group="occupation:6-01",
        suppressed=True,
        suppression_reason="denominator_below_5",
    )
    return tree
