"""Wage-price release by occupation (工资价位): percentiles of monthly pay per cell, bootstrap RSE, suppression.

Pure (no Django). The Django side (`jiuye.monitoring.releases`) and `bench/wage_release.py` hand in plain
observations — one monthly pay figure with its cell keys and, where known, its employer — and get back one
`CellEstimate` per cell.

Definitions (stated once, used everywhere):

* **Percentile**: linear interpolation between closest ranks (Hyndman & Fan type 7, numpy's default): for sorted
  values x[0..n-1] and p in [0, 1], h = (n-1)·p, P = x[⌊h⌋] + (h-⌊h⌋)·(x[⌊h⌋+1] - x[⌊h⌋]). The release publishes P10,
  P25, P50, P75 and P90. Percentiles of one sample are monotone by construction.
* **Observation**: for tax wage records one person × employer × year (the mean of the months recorded, so a person
  paid 12 times counts once); for postings one posting, valued at the midpoint of its posted monthly range
  ((min + max) / 2; an open-ended "8000以上" counts as its floor).
* **Bootstrap RSE**: B resamples (default `DEFAULT_B` = 200) with a seeded generator (PCG64; each cell's stream is
  derived from the release seed and the cell key, so a cell's figures do not depend on which other cells exist).
  When employers are known the bootstrap resamples *employers* (clusters: all of an employer's observations go in
  or out together — pay within an employer is correlated, and an iid bootstrap would understate the error);
  observations whose employer is unknown are each their own cluster. With no employer known at all it resamples
  observations. RSE(Pk) = standard deviation of the B bootstrap Pk / Pk of the sample.
* **Suppression** (every reason that applies is kept; the cell is published only with none):
  ``n_below_min``        fewer than `min_n` (30) observations;
  ``employers_below_min`` fewer than `min_employers` (3) distinct known employers;
  ``dominant_employer``  one employer holds more than `max_employer_share` (0.5) of the observations;
  ``employer_unknown``   more than half of the observations have no employer, so concentration cannot be checked;
  ``rse_above_max``      RSE of the median above `max_rse` (0.20).
  Boundaries: 29 observations suppressed, 30 published; 2 employers suppressed, 3 published; a share of exactly 0.5
  published; an RSE equal to the limit published.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

PERCENTILES: tuple[int, ...] = (10, 25, 50, 75, 90)
DEFAULT_B = 200
DEFAULT_SEED = 20261128

N_BELOW_MIN = "n_below_min"
EMPLOYERS_BELOW_MIN = "employers_below_min"
DOMINANT_EMPLOYER = "dominant_employer"
EMPLOYER_UNKNOWN = "employer_unknown"
RSE_ABOVE_MAX = "rse_above_max"
REASONS = (N_BELOW_MIN, EMPLOYERS_BELOW_MIN, DOMINANT_EMPLOYER, EMPLOYER_UNKNOWN, RSE_ABOVE_MAX)

CLUSTER = "employer_clusters"
IID = "observations"


@dataclass(frozen=True)
class SuppressionRules:
    min_n: int = 30
    min_employers: int = 3
    max_employer_share: float = 0.5
    max_rse: float = 0.20
    # RSE of which percentile decides `rse_above_max` (the median: the figure users read first).
    rse_percentile: int = 50

    def as_dict(self) -> dict:
        return {
            "min_n": self.min_n,
            "min_employers": self.min_employers,
            "max_employer_share": self.max_employer_share,
            "max_rse": self.max_rse,
            "rse_percentile": self.rse_percentile,
        }


@dataclass(frozen=True)
class Observation:
    """One monthly pay figure. `keys` are the cell dimensions (e.g. {"occupation": "2-02-10-03", "division":
    "4303"}); `employer` is any stable identifier of the employer, or None when not known."""

    value: float
    keys: dict[str, str]
    employer: str | None = None


@dataclass
class CellEstimate:
    key: tuple[tuple[str, str], ...]
    n: int
    n_employers: int
    top_employer_share: float | None
    unknown_employer_share: float
    percentiles: dict[int, float]
    rse: dict[int, float | None]
    bootstrap: str  # CLUSTER or IID
    b: int
    reasons: list[str] = field(default_factory=list)

    @property
    def suppressed(self) -> bool:
        return bool(self.reasons)

    @property
    def keys(self) -> dict[str, str]:
        return dict(self.key)


def percentile(values: Sequence[float] | np.ndarray, p: float) -> float:
    """Type-7 percentile of `values` (p in 0..100). Raises ValueError on an empty sample or p outside 0..100."""
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be within 0..100, got {p}")
    x = np.sort(np.asarray(values, dtype=float))
    if x.size == 0:
        raise ValueError("no values")
    h = (x.size - 1) * p / 100.0
    lo = math.floor(h)
    hi = min(lo + 1, x.size - 1)
    return float(x[lo] + (h - lo) * (x[hi] - x[lo]))


def _cell_seed(seed: int, key: Iterable[tuple[str, str]]) -> int:
    text = f"{seed}|" + "|".join(f"{k}={v}" for k, v in key)
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")


def _weighted_type7(sorted_values: np.ndarray, weights: np.ndarray, ps: Sequence[int]) -> np.ndarray:
    """Type-7 percentiles of the samples obtained by repeating sorted_values[i] weights[b, i] times, for every row
    b of `weights` at once. Returns (B, len(ps)); rows with zero total weight give NaN."""
    b, n = weights.shape
    cum = np.cumsum(weights, axis=1)  # (B, n)
    total = cum[:, -1]
    out = np.full((b, len(ps)), np.nan)
    ok = total > 0
    if not ok.any():
        return out
    # Search all rows in one flat searchsorted: offset each row by a constant bigger than any cumulative weight.
    big = float(total.max()) + 1.0
    offsets = np.arange(b, dtype=float)[:, None] * big
    flat = (cum + offsets).ravel()
    for j, p in enumerate(ps):
        h = (total - 1) * p / 100.0
        lo = np.floor(h)
        hi = np.minimum(lo + 1, total - 1)
        i_lo = np.searchsorted(flat, lo + offsets[:, 0], side="right") - np.arange(b) * n
        i_hi = np.searchsorted(flat, hi + offsets[:, 0], side="right") - np.arange(b) * n
        i_lo = np.clip(i_lo, 0, n - 1)
        i_hi = np.clip(i_hi, 0, n - 1)
        v = sorted_values[i_lo] + (h - lo) * (sorted_values[i_hi] - sorted_values[i_lo])
        out[:, j] = np.where(ok, v, np.nan)
    return out


def bootstrap_rse(
    values: Sequence[float],
    employers: Sequence[str | None] | None = None,
    *,
    b: int = DEFAULT_B,
    seed: int = DEFAULT_SEED,
    ps: Sequence[int] = PERCENTILES,
) -> tuple[dict[int, float | None], str]:
    """Bootstrap relative standard errors of the percentiles `ps`, and which bootstrap was used (CLUSTER or IID).

    Reproducible: the same values, employers, b and seed give the same figures."""
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        raise ValueError("no values")
    if b < 2:
        raise ValueError(f"the number of bootstrap resamples must be at least 2, got {b}")
    order = np.argsort(x, kind="stable")
    xs = x[order]
    rng = np.random.Generator(np.random.PCG64(seed))
    known = employers is not None and any(e is not None and e != "" for e in employers)
    if known:
        # Cluster ids: one per known employer, one per observation with no employer.
        ids: dict[str, int] = {}
        cluster = np.empty(x.size, dtype=np.int64)
        for i, e in enumerate(employers):  # type: ignore[arg-type]
            name = f"e:{e}" if e is not None and e != "" else f"o:{i}"
            cluster[i] = ids.setdefault(name, len(ids))
        k = len(ids)
        draws = rng.integers(0, k, size=(b, k))
        counts = np.zeros((b, k), dtype=np.int64)
        np.add.at(counts, (np.repeat(np.arange(b), k), draws.ravel()), 1)
        weights = counts[:, cluster[order]]
        method = CLUSTER
    else:
        n = x.size
        draws = rng.integers(0, n, size=(b, n))
        weights = np.zeros((b, n), dtype=np.int64)
        np.add.at(weights, (np.repeat(np.arange(b), n), draws.ravel()), 1)
        weights = weights[:, order]
        method = IID
    boot = _weighted_type7(xs, weights.astype(float), ps)
    out: dict[int, float | None] = {}
    for j, p in enumerate(ps):
        est = percentile(xs, p)
        col = boot[:, j]
        col = col[~np.isnan(col)]
        if est == 0 or col.size < 2:
            out[p] = None
        else:
            out[p] = float(np.std(col, ddof=1) / abs(est))
    return out, method


def estimate_cell(
    key: Iterable[tuple[str, str]],
    values: Sequence[float],
    employers: Sequence[str | None] | None = None,
    *,
    rules: SuppressionRules = SuppressionRules(),
    b: int = DEFAULT_B,
    seed: int = DEFAULT_SEED,
) -> CellEstimate:
    """Percentiles, bootstrap RSE and suppression reasons of one cell."""
    key = tuple(key)
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        raise ValueError(f"cell {dict(key)} has no observations")
    if not np.isfinite(x).all():
        raise ValueError(f"cell {dict(key)} has a value that is not a finite number")
    emp = list(employers) if employers is not None else [None] * x.size
    if len(emp) != x.size:
        raise ValueError("values and employers differ in length")
    known = [e for e in emp if e is not None and e != ""]
    counts: dict[str, int] = defaultdict(int)
    for e in known:
        counts[e] += 1
    n = int(x.size)
    top_share = (max(counts.values()) / n) if counts else None
    unknown_share = (n - len(known)) / n
    pcts = {p: percentile(x, p) for p in PERCENTILES}
    rse, method = bootstrap_rse(x, emp, b=b, seed=_cell_seed(seed, key))
    reasons: list[str] = []
    if n < rules.min_n:
        reasons.append(N_BELOW_MIN)
    if unknown_share > 0.5:
        reasons.append(EMPLOYER_UNKNOWN)
    else:
        if len(counts) < rules.min_employers:
            reasons.append(EMPLOYERS_BELOW_MIN)
        if top_share is not None and top_share > rules.max_employer_share:
            reasons.append(DOMINANT_EMPLOYER)
    r = rse.get(rules.rse_percentile)
    if r is None or r > rules.max_rse:
        reasons.append(RSE_ABOVE_MAX)
    return CellEstimate(
        key=key,
        n=n,
        n_employers=len(counts),
        top_employer_share=top_share,
        unknown_employer_share=unknown_share,
        percentiles=pcts,
        rse=rse,
        bootstrap=method,
        b=b,
        reasons=reasons,
    )


# --- cells from observations ------------------------------------------------------------------------------------

ALL = ""  # the value of a dimension in a cell that covers all its values


def dadian_level(code: str, level: int) -> str:
    """A 大典 code cut to a level: 1 大类 "2", 2 中类 "2-02", 3 小类 "2-02-10", 4 细类 "2-02-10-03"."""
    parts = (code or "").split("-")
    return "-".join(parts[:level]) if code else ""


@dataclass(frozen=True)
class Breakdown:
    """One table of the release: which dimensions a cell is keyed by and how a dimension's value is derived from
    an observation (e.g. the occupation cut to 大类). Dimensions not listed are ALL."""

    name: str
    dims: tuple[str, ...]
    derive: dict[str, Callable[[dict[str, str]], str]] = field(
        default_factory=dict, hash=False, compare=False
    )


def group_cells(
    observations: Iterable[Observation], breakdowns: Sequence[Breakdown]
) -> dict[tuple, list[Observation]]:
    """Observations grouped by cell key: ((dim, value), …) with the breakdown's name first as ("table", name).
    An observation with an empty value in a dimension of a breakdown is left out of that breakdown."""
    cells: dict[tuple, list[Observation]] = defaultdict(list)
    for obs in observations:
        for bd in breakdowns:
            key = [("table", bd.name)]
            skip = False
            for dim in bd.dims:
                value = bd.derive[dim](obs.keys) if dim in bd.derive else obs.keys.get(dim, "")
                if not value:
                    skip = True
                    break
                key.append((dim, value))
            if not skip:
                cells[tuple(key)].append(obs)
    return cells


def estimate_cells(
    observations: Iterable[Observation],
    breakdowns: Sequence[Breakdown],
    *,
    rules: SuppressionRules = SuppressionRules(),
    b: int = DEFAULT_B,
    seed: int = DEFAULT_SEED,
    min_observations: int = 1,
) -> list[CellEstimate]:
    """Every cell of every breakdown with at least `min_observations` observations (cells below the suppression
    minimum are still estimated, so the table can say "suppressed: 12 observations"), sorted by key."""
    out = []
    for key, obs in sorted(group_cells(observations, breakdowns).items()):
        if len(obs) < min_observations:
            continue
        out.append(
            estimate_cell(key, [o.value for o in obs], [o.employer for o in obs], rules=rules, b=b, seed=seed)
        )
    return out


def posted_midpoint(pay_min: float | None, pay_max: float | None) -> float | None:
    """The value of a posting in the release: the midpoint of its monthly range; one end alone counts as itself."""
    if pay_min is None and pay_max is None:
        return None
    if pay_min is None:
        return float(pay_max)  # type: ignore[arg-type]
    if pay_max is None:
        return float(pay_min)
    if pay_max < pay_min:
        raise ValueError(f"pay_max {pay_max} is below pay_min {pay_min}")
    return (float(pay_min) + float(pay_max)) / 2.0


def naive_published(
    cells: Iterable[CellEstimate], rules: SuppressionRules = SuppressionRules()
) -> dict[str, int]:
    """Baseline: publish every cell (no suppression). How many of them fail each rule."""
    counts = {"cells": 0, **{r: 0 for r in REASONS}, "any": 0}
    for c in cells:
        counts["cells"] += 1
        for r in c.reasons:
            counts[r] += 1
        if c.reasons:
            counts["any"] += 1
    return counts
