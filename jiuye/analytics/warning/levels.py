"""Warning levels and the result every rule returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Ordered from no warning to the most severe (the national four-colour scale: 蓝 黄 橙 红).
LEVELS: tuple[str, ...] = ("none", "blue", "yellow", "orange", "red")
WARNING_LEVELS: tuple[str, ...] = LEVELS[1:]
EPSILON = 1e-9


def level_rank(level: str) -> int:
    return LEVELS.index(level)


def level_for(value: float | None, thresholds: Mapping[str, float]) -> tuple[str, float | None]:
    """The most severe level whose threshold `value` reaches (value ≥ threshold), and that threshold.

    `thresholds` maps some of blue/yellow/orange/red to a number; a level left out is skipped. A missing
    value (None) is no warning: a rule never warns on data it does not have.
    """
    if value is None:
        return "none", None
    found: tuple[str, float | None] = ("none", None)
    for level in WARNING_LEVELS:
        limit = thresholds.get(level)
        if limit is not None and value >= limit - EPSILON:
            found = (level, float(limit))
    return found


@dataclass(frozen=True)
class RuleResult:
    """What a rule found for one division (× industry) and month."""

    rule: str
    level: str
    value: float | None  # the number compared with the thresholds (None: could not be computed)
    threshold: float | None  # the threshold crossed (None at level "none")
    thresholds: dict[str, float]
    evidence: dict[str, Any] = field(default_factory=dict)
    # Why there is no value, as a code the Django layer words ("insufficient_history", "no_data", …).
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "level": self.level,
            "value": self.value,
            "threshold": self.threshold,
            "thresholds": dict(self.thresholds),
            "evidence": self.evidence,
            "reason": self.reason,
        }
