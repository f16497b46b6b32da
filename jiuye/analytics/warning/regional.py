"""Regional rules on monthly unemployment (and vacancy) rates, in percentage points.

Sahm rule (FRED series SAHMCURRENT and SAHMREALTIME, after Sahm 2019): the three-month moving average of the
unemployment rate minus the minimum of the three-month averages over the *previous* 12 months. The value is not
floored at zero (FRED publishes negative values). SAHMCURRENT applies this to the series as it stands today;
SAHMREALTIME computes each month's value from the series *as it was published that month* (the real-time
vintage), so later revisions never change a past reading. `sahm_realtime` takes those vintages.

Michaillat–Saez (2025, "Has the Recession Started?", Oxford Bulletin of Economics and Statistics 87(6)): the
minimum of the Sahm indicator and its vacancy analogue — the maximum of the vacancy rate's three-month averages
over the past 12 months minus its current three-month average — so it needs unemployment rising *and*
vacancies falling at once. The paper puts the recession threshold at 0.29 pp (0.81 pp: recession certain).

The naive baseline: the rate minus its average over the previous 12 months.

Series are lists of floats or None (a missing month); a value needing a missing month is None.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .levels import RuleResult, level_for

Series = Sequence[float | None]


def moving_average(values: Series, window: int = 3) -> list[float | None]:
    """Trailing average over `window` months; None until `window` values are there or when one is missing."""
    out: list[float | None] = []
    for i in range(len(values)):
        chunk = values[i - window + 1 : i + 1] if i + 1 >= window else []
        out.append(sum(chunk) / window if chunk and all(v is not None for v in chunk) else None)  # type: ignore[arg-type]
    return out


def _previous(values: list[float | None], i: int, lookback: int) -> list[float] | None:
    """The `lookback` values before position i, or None when one is missing or there are too few."""
    if i < lookback:
        return None
    chunk = values[i - lookback : i]
    if any(v is None for v in chunk):
        return None
    return chunk  # type: ignore[return-value]


def sahm_indicator(rates: Series, window: int = 3, lookback: int = 12) -> list[float | None]:
    """SAHMCURRENT's definition over one series: 3-month average minus the minimum of the previous 12."""
    ma = moving_average(rates, window)
    out: list[float | None] = []
    for i, current in enumerate(ma):
        before = _previous(ma, i, lookback)
        out.append(None if current is None or before is None else current - min(before))
    return out


def sahm_realtime(vintages: Sequence[Series], window: int = 3, lookback: int = 12) -> list[float | None]:
    """SAHMREALTIME's definition: month i's value is the Sahm indicator of the series as published in month i.

    `vintages[i]` is the whole series as it stood when month i was first published (its last element is
    month i). With one vintage for all months this is `sahm_indicator` of that vintage.
    """
    out: list[float | None] = []
    for vintage in vintages:
        values = sahm_indicator(vintage, window, lookback)
        out.append(values[-1] if values else None)
    return out


def vacancy_indicator(vacancy_rates: Series, window: int = 3, lookback: int = 12) -> list[float | None]:
    """The vacancy analogue: maximum of the previous 12 three-month averages minus the current one."""
    ma = moving_average(vacancy_rates, window)
    out: list[float | None] = []
    for i, current in enumerate(ma):
        before = _previous(ma, i, lookback)
        out.append(None if current is None or before is None else max(before) - current)
    return out


def michaillat_saez_indicator(
    unemployment: Series, vacancies: Series, window: int = 3, lookback: int = 12
) -> list[float | None]:
    """The minimum of the unemployment (Sahm) indicator and the vacancy indicator, month by month."""
    if len(unemployment) != len(vacancies):
        raise ValueError("unemployment and vacancies must cover the same months")
    u_ind = sahm_indicator(unemployment, window, lookback)
    v_ind = vacancy_indicator(vacancies, window, lookback)
    return [None if a is None or b is None else min(a, b) for a, b in zip(u_ind, v_ind, strict=True)]


def naive_indicator(rates: Series, lookback: int = 12) -> list[float | None]:
    """Baseline: the rate minus the average of the previous 12 months."""
    out: list[float | None] = []
    for i, current in enumerate(rates):
        before = _previous(list(rates), i, lookback)
        out.append(None if current is None or before is None else current - sum(before) / lookback)
    return out


def _history(months: Sequence[str], columns: Mapping[str, Sequence[float | None]], keep: int) -> list[dict]:
    rows = []
    for i in range(max(0, len(months) - keep), len(months)):
        row: dict = {"month": months[i]}
        for name, values in columns.items():
            v = values[i]
            row[name] = None if v is None else round(v, 4)
        rows.append(row)
    return rows


def sahm_rule(
    months: Sequence[str],
    rates: Series,
    thresholds: Mapping[str, float],
    *,
    window: int = 3,
    lookback: int = 12,
    keep: int = 24,
) -> RuleResult:
    """The Sahm rule at the last month of `months` (rates in percent), with the recent history as evidence."""
    ma = moving_average(rates, window)
    ind = sahm_indicator(rates, window, lookback)
    value = ind[-1] if ind else None
    level, crossed = level_for(value, thresholds)
    evidence: dict = {
        "month": months[-1] if months else None,
        "rate": None if not rates or rates[-1] is None else round(rates[-1], 4),
        "moving_average": None if not ma or ma[-1] is None else round(ma[-1], 4),
        "window": window,
        "lookback": lookback,
        "history": _history(months, {"rate": rates, "moving_average": ma, "indicator": ind}, keep),
    }
    if value is not None:
        before = _previous(ma, len(ma) - 1, lookback) or []
        low = min(before)
        evidence["low"] = round(low, 4)
        evidence["low_month"] = months[len(ma) - 1 - lookback + before.index(low)]
        evidence["indicator"] = round(value, 4)
    reason = (
        "" if value is not None else ("no_data" if not rates or rates[-1] is None else "insufficient_history")
    )
    return RuleResult("sahm", level, value, crossed, dict(thresholds), evidence, reason)


def michaillat_saez_rule(
    months: Sequence[str],
    unemployment: Series,
    vacancies: Series,
    thresholds: Mapping[str, float],
    *,
    window: int = 3,
    lookback: int = 12,
    keep: int = 24,
) -> RuleResult:
    """The Michaillat–Saez rule at the last month (both rates in percent)."""
    u_ind = sahm_indicator(unemployment, window, lookback)
    v_ind = vacancy_indicator(vacancies, window, lookback)
    both = [None if a is None or b is None else min(a, b) for a, b in zip(u_ind, v_ind, strict=True)]
    value = both[-1] if both else None
    level, crossed = level_for(value, thresholds)
    evidence: dict = {
        "month": months[-1] if months else None,
        "unemployment_rate": None
        if not unemployment or unemployment[-1] is None
        else round(unemployment[-1], 4),
        "vacancy_rate": None if not vacancies or vacancies[-1] is None else round(vacancies[-1], 4),
        "unemployment_indicator": None if not u_ind or u_ind[-1] is None else round(u_ind[-1], 4),
        "vacancy_indicator": None if not v_ind or v_ind[-1] is None else round(v_ind[-1], 4),
        "window": window,
        "lookback": lookback,
        "history": _history(
            months,
            {
                "unemployment_rate": unemployment,
                "vacancy_rate": vacancies,
                "unemployment_indicator": u_ind,
                "vacancy_indicator": v_ind,
                "indicator": both,
            },
            keep,
        ),
    }
    if value is not None:
        evidence["indicator"] = round(value, 4)
        evidence["binding"] = "unemployment" if u_ind[-1] <= v_ind[-1] else "vacancies"  # type: ignore[operator]
    if value is not None:
        reason = ""
    elif not vacancies or all(v is None for v in vacancies):
        reason = "no_vacancy_data"
    elif not unemployment or unemployment[-1] is None:
        reason = "no_data"
    else:
        reason = "insufficient_history"
    return RuleResult("michaillat_saez", level, value, crossed, dict(thresholds), evidence, reason)
