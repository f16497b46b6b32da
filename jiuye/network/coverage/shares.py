"""Shares of population (and of registered unemployed, key-group members) within the threshold, by division.

Input is plain: one row per demand unit (a township or a grid cell) with its division code, its measures and
its travel minutes. Group codes are prefixes of the 9-digit township code (2 province, 4 prefecture,
6 county, 9 township).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

THRESHOLD_MINUTES = 15.0
LEVEL_DIGITS = {1: 2, 2: 4, 3: 6, 4: 9}


@dataclass
class Share:
    code: str
    totals: dict[str, float] = field(default_factory=dict)
    covered: dict[str, float] = field(default_factory=dict)
    units: int = 0
    units_covered: int = 0

    def share(self, measure: str) -> float | None:
        total = self.totals.get(measure, 0.0)
        return self.covered.get(measure, 0.0) / total if total > 0 else None

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "units": self.units,
            "units_covered": self.units_covered,
            "totals": {k: round(v, 1) for k, v in self.totals.items()},
            "covered": {k: round(v, 1) for k, v in self.covered.items()},
            "shares": {k: self.share(k) for k in self.totals},
        }


def coverage_shares(
    codes: Sequence[str],
    measures: Mapping[str, Sequence[float]],
    minutes: Sequence[float],
    *,
    threshold: float = THRESHOLD_MINUTES,
    digits: int = 6,
) -> dict[str, Share]:
    """Per division (the first `digits` of each unit's code): totals and the part within `threshold` minutes.

    A unit counts as covered when its minutes are ≤ threshold (unreachable = inf = not covered). The key ""
    holds the whole area.
    """
    minutes = np.asarray(minutes, dtype=float)
    covered = minutes <= threshold
    arrays = {k: np.asarray(v, dtype=float) for k, v in measures.items()}
    for name, values in arrays.items():
        if len(values) != len(minutes):
            raise ValueError(f"measure {name!r} has {len(values)} values for {len(minutes)} units")
    if len(codes) != len(minutes):
        raise ValueError(f"{len(codes)} codes for {len(minutes)} units")
    out: dict[str, Share] = defaultdict(lambda: Share(""))
    for i, code in enumerate(codes):
        for key in ("", code[:digits]):
            s = out[key]
            s.code = key
            s.units += 1
            s.units_covered += int(covered[i])
            for name, values in arrays.items():
                s.totals[name] = s.totals.get(name, 0.0) + float(values[i])
                if covered[i]:
                    s.covered[name] = s.covered.get(name, 0.0) + float(values[i])
    for s in out.values():
        for name in arrays:
            s.totals.setdefault(name, 0.0)
            s.covered.setdefault(name, 0.0)
    return dict(out)


def covered_by_owner(
    owner: Sequence[int],
    population: Sequence[float],
    minutes: Sequence[float],
    n_owners: int,
    threshold: float = THRESHOLD_MINUTES,
) -> tuple[np.ndarray, np.ndarray]:
    """(covered, total) population per owner (township) from grid cells."""
    owner = np.asarray(owner, dtype=int)
    population = np.asarray(population, dtype=float)
    ok = np.asarray(minutes, dtype=float) <= threshold
    total = np.bincount(owner, weights=population, minlength=n_owners)
    covered = np.bincount(owner, weights=population * ok, minlength=n_owners)
    return covered, total
