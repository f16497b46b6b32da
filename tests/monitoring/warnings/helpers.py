"""Builders for the early-warning tests: indicator values by month, written directly."""

from __future__ import annotations

import datetime as dt

from jiuye.monitoring.early_warning.services import add_months
from jiuye.monitoring.models import Indicator, IndicatorValue

FIRST = dt.date(2025, 1, 1)


def rate_indicator(code: str = "registered_unemployment_rate") -> Indicator:
    indicator, _ = Indicator.objects.get_or_create(
        code=code, defaults={"name_zh": code, "name_en": code, "unit": "rate", "higher_is_better": False}
    )
    return indicator


def put_rates(
    division,
    percents: list[float],
    first: dt.date = FIRST,
    code: str = "registered_unemployment_rate",
    labour_force: float | None = None,
):
    """One value per month from `first`, given in percent (stored as 0–1 like the indicator system); with
    `labour_force`, the numerator and denominator too."""
    indicator = rate_indicator(code)
    for i, pct in enumerate(percents):
        IndicatorValue.objects.update_or_create(
            indicator=indicator,
            division=division,
            month=add_months(first, i),
            group="",
            defaults={
                "value": pct / 100,
                "denominator": labour_force,
                "numerator": None if labour_force is None else pct / 100 * labour_force,
            },
        )


def month(i: int) -> dt.date:
    return add_months(FIRST, i)
