"""Leading signals: a monthly count against its own history.

A count (new postings, new unemployment registrations, benefit claims) in the current month is compared with the
average of the previous `lookback` months (12 by default):

- `ratio` = current / average; the change is `ratio − 1` (a rise) or `1 − ratio` (a drop);
- `z` = (current − average) / standard deviation of those months (population SD; None when it is 0).

The level comes from the change against the dated thresholds, and only when there is enough history
(`min_history` months with data) and the count is not too small to mean anything (`min_count`, on the current
month for a rise and on the average for a drop). The z-score is shown as evidence, not used for the level:
on counts of a few dozen a month it swings too much to be a threshold by itself.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from .levels import RuleResult, level_for

RISE = "rise"
DROP = "drop"


def compare_with_history(history: Sequence[float | None], current: float) -> dict:
    """Average, SD, ratio and z-score of `current` against the months of `history` that have data."""
    known = [float(v) for v in history if v is not None]
    if not known:
        return {"months": 0, "average": None, "sd": None, "ratio": None, "z": None}
    mean = sum(known) / len(known)
    sd = math.sqrt(sum((v - mean) ** 2 for v in known) / len(known))
    return {
        "months": len(known),
        "average": round(mean, 4),
        "sd": round(sd, 4),
        "ratio": None if mean == 0 else round(current / mean, 4),
        "z": None if sd == 0 else round((current - mean) / sd, 4),
    }


def count_signal(
    rule: str,
    months: Sequence[str],
    counts: Sequence[float | None],
    thresholds: Mapping[str, float],
    *,
    direction: str,
    lookback: int = 12,
    min_history: int = 6,
    min_count: float = 0,
) -> RuleResult:
    """The signal at the last month of `months`: counts[-1] against the `lookback` months before it."""
    if direction not in (RISE, DROP):
        raise ValueError(f"direction must be {RISE!r} or {DROP!r}")
    current = counts[-1] if counts else None
    history = list(counts[-lookback - 1 : -1]) if counts else []
    evidence: dict = {
        "month": months[-1] if months else None,
        "count": current,
        "direction": direction,
        "lookback": lookback,
        "min_history": min_history,
        "min_count": min_count,
        "history": [
            {"month": m, "count": c}
            for m, c in zip(months[-lookback - 1 :], counts[-lookback - 1 :], strict=True)
        ],
    }
    if current is None:
        return RuleResult(rule, "none", None, None, dict(thresholds), evidence, "no_data")
    stats = compare_with_history(history, current)
    evidence.update(stats)
    if stats["months"] < min_history:
        return RuleResult(rule, "none", None, None, dict(thresholds), evidence, "insufficient_history")
    base = current if direction == RISE else stats["average"]
    if base < min_count:
        return RuleResult(rule, "none", None, None, dict(thresholds), evidence, "too_few")
    if stats["ratio"] is None:  # an average of zero: any count is an infinite rise; a drop is impossible
        change = None if direction == DROP or current == 0 else math.inf
    else:
        change = stats["ratio"] - 1 if direction == RISE else 1 - stats["ratio"]
    value = None if change is None else round(change, 4)
    evidence["change"] = value
    level, crossed = level_for(value, thresholds)
    return RuleResult(rule, level, value, crossed, dict(thresholds), evidence, "")
