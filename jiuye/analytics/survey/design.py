"""Stratified design of the job-vacancy survey: frame units, strata, allocation and seeded selection.

Strata are size class × industry section (GB/T 4754) × county. Size class comes from the insured headcount on
the reference date (micro < 10, small 10–99, medium 100–999, large ≥ 1000, the cut-offs of the registry's
`SizeClass`). Strata of the take-all size classes (large by default) are enumerated completely (π = 1).

Allocation of the remaining sample over the other strata:

- proportional: n_h ∝ N_h;
- Neyman: n_h ∝ N_h · S_h, with S_h the standard deviation of the insured headcount in the stratum (the frame
  variable best correlated with vacancies), floored at 1 so that strata of identical small employers still get
  their share by size.

Each stratum gets at least `min_per_stratum` units (all of them if it holds fewer) and never more than it holds;
when the minimums and the take-all strata need more than the requested size, they win and the design says so
(`Allocation.total` > `requested`). Integers by largest remainder, ties broken by stratum key, so the same frame
gives the same allocation. The draw uses `random.Random(seed)` over each stratum's ids in ascending order,
strata in key order: the same frame and seed give the same sample. A SHA-256 of the frame's (id, stratum) list
is recorded with the design so a later re-draw can show it used the same frame.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

PROPORTIONAL = "proportional"
NEYMAN = "neyman"
METHODS = (PROPORTIONAL, NEYMAN)
SIZE_CLASSES = ("micro", "small", "medium", "large")
SIZE_LIMITS = ((10, "micro"), (100, "small"), (1000, "medium"))


class DesignError(ValueError):
    """Bad design parameter: `field` names it."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def size_class_for(headcount: int) -> str:
    for limit, name in SIZE_LIMITS:
        if headcount < limit:
            return name
    return "large"


@dataclass(frozen=True)
class FrameUnit:
    """One employer of the frame. `industry` is the section letter ("?" if unknown), `division` the county code."""

    id: int
    size_class: str
    industry: str
    division: str
    headcount: int

    @property
    def stratum(self) -> str:
        return stratum_key(self.size_class, self.industry, self.division)

    @property
    def cell(self) -> str:
        """The calibration cell: size class × industry."""
        return f"{self.size_class}|{self.industry}"


def stratum_key(size_class: str, industry: str, division: str) -> str:
    return f"{size_class}|{industry}|{division}"


@dataclass
class Stratum:
    key: str
    size_class: str
    industry: str
    division: str
    N: int
    headcount: int
    S: float
    take_all: bool
    n: int = 0

    @property
    def pi(self) -> float:
        return self.n / self.N if self.N else 0.0

    def as_dict(self) -> dict:
        return {**asdict(self), "pi": round(self.pi, 6)}


@dataclass
class Allocation:
    strata: list[Stratum]
    requested: int
    method: str
    min_per_stratum: int
    take_all: tuple[str, ...]
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(s.n for s in self.strata)

    def by_key(self) -> dict[str, Stratum]:
        return {s.key: s for s in self.strata}


def frame_digest(units: Iterable[FrameUnit]) -> str:
    text = "\n".join(f"{u.id}\t{u.stratum}" for u in sorted(units, key=lambda u: u.id))
    return hashlib.sha256(text.encode()).hexdigest()


def _sd(values: Sequence[int]) -> float:
    if len(values) < 2:
        return 0.0
    mean = sum(values) / len(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))


def _bounded_shares(
    weights: dict[str, float], total: int, lo: dict[str, int], hi: dict[str, int]
) -> dict[str, float]:
    """Real shares ∝ weight with lo ≤ share ≤ hi summing to `total` (iteratively fixing strata at a bound)."""
    free = set(weights)
    fixed: dict[str, float] = {}
    while True:
        remaining = total - sum(fixed.values())
        wsum = sum(weights[k] for k in free)
        shares = (
            {k: (remaining * weights[k] / wsum if wsum > 0 else remaining / len(free)) for k in free}
            if free
            else {}
        )
        low = {k for k, v in shares.items() if v < lo[k]}
        high = {k for k, v in shares.items() if v > hi[k]}
        if not low and not high:
            return {**fixed, **shares}
        # Fix the side that is most violated first; fixing both at once can overshoot.
        if sum(lo[k] - shares[k] for k in low) >= sum(shares[k] - hi[k] for k in high):
            for k in low:
                fixed[k] = lo[k]
                free.discard(k)
        else:
            for k in high:
                fixed[k] = hi[k]
                free.discard(k)
        if not free:
            return fixed


def _integerise(
    shares: dict[str, float], total: int, lo: dict[str, int], hi: dict[str, int]
) -> dict[str, int]:
    out = {k: max(lo[k], min(hi[k], math.floor(v + 1e-9))) for k, v in shares.items()}
    order = sorted(shares, key=lambda k: (-(shares[k] - math.floor(shares[k] + 1e-9)), k))
    while sum(out.values()) < total and any(out[k] < hi[k] for k in out):
        for k in order:
            if sum(out.values()) >= total:
                break
            if out[k] < hi[k]:
                out[k] += 1
    return out


def allocate(
    units: Sequence[FrameUnit],
    n: int,
    *,
    method: str = PROPORTIONAL,
    min_per_stratum: int = 2,
    take_all: Iterable[str] = ("large",),
) -> Allocation:
    if method not in METHODS:
        raise DesignError("allocation", f"proportional or neyman, got {method!r}")
    if n < 1:
        raise DesignError("sample_size", "must be at least 1")
    if min_per_stratum < 1:
        raise DesignError("min_per_stratum", "must be at least 1")
    take_all = tuple(take_all)
    for size in take_all:
        if size not in SIZE_CLASSES:
            raise DesignError("take_all", f"a size class ({', '.join(SIZE_CLASSES)}), got {size!r}")
    groups: dict[str, list[FrameUnit]] = defaultdict(list)
    for u in units:
        groups[u.stratum].append(u)
    strata: list[Stratum] = []
    for key in sorted(groups):
        members = groups[key]
        first = members[0]
        heads = [u.headcount for u in members]
        strata.append(
            Stratum(
                key=key,
                size_class=first.size_class,
                industry=first.industry,
                division=first.division,
                N=len(members),
                headcount=sum(heads),
                S=round(_sd(heads), 4),
                take_all=first.size_class in take_all,
            )
        )
    alloc = Allocation(strata, n, method, min_per_stratum, take_all)
    census = [s for s in strata if s.take_all]
    for s in census:
        s.n = s.N
    rest = [s for s in strata if not s.take_all]
    budget = n - sum(s.n for s in census)
    if budget < 0:
        alloc.notes.append("take_all_exceeds_sample_size")
        budget = 0
    lo = {s.key: min(min_per_stratum, s.N) for s in rest}
    hi = {s.key: s.N for s in rest}
    if sum(lo.values()) >= budget:
        if sum(lo.values()) > budget:
            alloc.notes.append("minimum_per_stratum_exceeds_sample_size")
        for s in rest:
            s.n = lo[s.key]
        return alloc
    weights = {s.key: s.N * (max(s.S, 1.0) if method == NEYMAN else 1.0) for s in rest}
    shares = _bounded_shares(weights, min(budget, sum(hi.values())), lo, hi)
    counts = _integerise(shares, min(budget, sum(hi.values())), lo, hi)
    for s in rest:
        s.n = counts[s.key]
    if sum(hi.values()) < budget:
        alloc.notes.append("sample_size_exceeds_frame")
    return alloc


def select(units: Sequence[FrameUnit], allocation: Allocation, seed: int) -> dict[int, str]:
    """{sampled employer id: stratum key}, in draw order."""
    groups: dict[str, list[int]] = defaultdict(list)
    for u in units:
        groups[u.stratum].append(u.id)
    rng = random.Random(seed)
    chosen: dict[int, str] = {}
    for s in allocation.strata:  # sorted by key
        ids = sorted(groups[s.key])
        for pk in rng.sample(ids, s.n):
            chosen[pk] = s.key
    return chosen
