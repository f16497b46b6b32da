"""Where to add N stations: spopt's maximal-coverage (MCLP), set-covering (LSCP) and p-median models.

The models are solved with CBC through PuLP. Existing stations stay where they are:

- MCLP: only demand that no existing station reaches within the threshold and that some candidate reaches can
  change, so the model is built on those rows alone (the rest contributes a constant); the objective is the
  population newly covered by N candidates.
- LSCP: the fewest candidates covering every such row (rows no candidate reaches are reported as unreachable);
  the answer says whether that fits the budget N.
- p-median: existing stations enter as one predefined facility whose cost to each row is the row's minutes to
  its nearest existing station; N candidates are added to minimise the population-weighted mean travel time.

Each result reports the sites in the order a greedy walk over them adds coverage (the marginal gain of each
added station), the totals, and the time spopt's solve took.
"""

from __future__ import annotations

import contextlib
import time
import warnings
from dataclasses import dataclass, field

import numpy as np

MCLP_MODEL = "mclp"
LSCP_MODEL = "lscp"
PMEDIAN_MODEL = "pmedian"
MODELS = (MCLP_MODEL, LSCP_MODEL, PMEDIAN_MODEL)
UNREACHABLE_MINUTES = 999.0  # finite stand-in for "no path" in the p-median cost matrix


@dataclass
class SitingResult:
    model: str
    budget: int
    threshold: float
    sites: list[int]  # candidate column indices, in greedy order of marginal gain
    marginal_gains: list[float]  # population newly covered by each site in that order
    covered_before: float
    covered_after: float
    total: float
    solve_seconds: float
    build_seconds: float
    status: str
    mean_minutes_before: float | None = None
    mean_minutes_after: float | None = None
    stations_needed: int | None = None  # LSCP: how many to cover every reachable row
    unreachable: float = 0.0  # population no candidate (nor existing station) reaches in time
    notes: dict = field(default_factory=dict)

    @property
    def gain(self) -> float:
        return self.covered_after - self.covered_before

    @property
    def gain_per_station(self) -> float:
        return self.gain / len(self.sites) if self.sites else 0.0

    def as_dict(self) -> dict:
        return {
            "model": self.model,
            "budget": self.budget,
            "threshold": self.threshold,
            "sites": list(map(int, self.sites)),
            "marginal_gains": [round(float(g), 1) for g in self.marginal_gains],
            "covered_before": round(self.covered_before, 1),
            "covered_after": round(self.covered_after, 1),
            "total": round(self.total, 1),
            "gain": round(self.gain, 1),
            "gain_per_station": round(self.gain_per_station, 1),
            "share_before": self.covered_before / self.total if self.total else None,
            "share_after": self.covered_after / self.total if self.total else None,
            "solve_seconds": round(self.solve_seconds, 4),
            "build_seconds": round(self.build_seconds, 4),
            "status": self.status,
            "mean_minutes_before": self.mean_minutes_before,
            "mean_minutes_after": self.mean_minutes_after,
            "stations_needed": self.stations_needed,
            "unreachable": round(self.unreachable, 1),
        }


@contextlib.contextmanager
def _quiet_pulp():
    """spopt 0.7 builds its models with PuLP calls that PuLP 3.3 marks deprecated for 4.0; the lock pins both,
    so the warning says nothing we can act on here."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, message=r".*(PuLP 4\.0|deprecated).*")
        yield


def _build_and_solve(build):
    """(solved model, build seconds, solve seconds)."""
    with _quiet_pulp():
        t0 = time.perf_counter()
        model = build()
        t1 = time.perf_counter()
        model = model.solve(_solver(), results=False)
        t2 = time.perf_counter()
    return model, t1 - t0, t2 - t1


def _solver():
    import pulp

    return pulp.PULP_CBC_CMD(msg=False)


def _selected(model) -> list[int]:
    return [j for j, var in enumerate(model.fac_vars) if (var.value() or 0) > 0.5]


def _status(model) -> str:
    import pulp

    return pulp.LpStatus.get(model.problem.status, str(model.problem.status))


def greedy_order(cover: np.ndarray, weights: np.ndarray, sites: list[int]) -> tuple[list[int], list[float]]:
    """Order `sites` by what each adds to the coverage of the ones before it (largest first)."""
    remaining = list(sites)
    covered = np.zeros(cover.shape[0], dtype=bool)
    order, gains = [], []
    while remaining:
        adds = [float(weights[cover[:, j] & ~covered].sum()) for j in remaining]
        best = int(np.argmax(adds))
        j = remaining.pop(best)
        order.append(j)
        gains.append(adds[best])
        covered |= cover[:, j]
    return order, gains


def _inputs(weights, cost, existing_minutes, threshold):
    weights = np.asarray(weights, dtype=float)
    cost = np.asarray(cost, dtype=float)
    existing = np.asarray(existing_minutes, dtype=float)
    if cost.ndim != 2 or cost.shape[0] != len(weights) or len(existing) != len(weights):
        raise ValueError(
            f"shapes disagree: {len(weights)} weights, cost {cost.shape}, {len(existing)} existing minutes"
        )
    already = existing <= threshold
    cover = cost <= threshold
    reachable = cover.any(axis=1)
    return weights, cost, existing, already, cover, reachable


def _coverage_model(weights, cost, existing_minutes, threshold: float, budget: int, make_model):
    """The part MCLP and LSCP share: rows not yet covered but reachable, candidate columns that reach them, the
    0/1 cost matrix spopt wants, the solve, and the chosen sites in order of marginal gain.

    `make_model(sub, row_weights)` builds the spopt model. Returns (result fields, chosen); chosen is None, and the
    fields say "Nothing to gain", when there is nothing to gain."""
    weights, cost, existing, already, cover, reachable = _inputs(weights, cost, existing_minutes, threshold)
    rows = np.flatnonzero(~already & reachable)
    before = float(weights[already].sum())
    total = float(weights.sum())
    unreachable = float(weights[~already & ~reachable].sum())
    base = {"before": before, "total": total, "unreachable": unreachable}
    if budget <= 0 or len(rows) == 0:
        base.update(
            order=[], gains=[], after=before, build_s=0.0, solve_s=0.0, status="Nothing to gain", notes={}
        )
        return base, None
    cols = np.flatnonzero(cover[rows].any(axis=0))
    sub = np.where(cover[np.ix_(rows, cols)], 0.0, threshold + 1.0)
    model, build_s, solve_s = _build_and_solve(lambda: make_model(sub, weights[rows]))
    chosen = [int(cols[j]) for j in _selected(model)]
    order, gains = greedy_order(cover[rows], weights[rows], chosen)
    base.update(
        order=order,
        gains=gains,
        after=before + float(sum(gains)),
        build_s=build_s,
        solve_s=solve_s,
        status=_status(model),
        notes={"demand_rows": int(len(rows)), "candidate_columns": int(len(cols))},
    )
    return base, chosen


def _coverage_result(model: str, budget: int, threshold: float, r: dict, **extra) -> SitingResult:
    extra.setdefault("notes", r["notes"])
    return SitingResult(
        model,
        budget,
        threshold,
        r["order"],
        r["gains"],
        r["before"],
        r["after"],
        r["total"],
        r["solve_s"],
        r["build_s"],
        r["status"],
        unreachable=r["unreachable"],
        **extra,
    )


def mclp(weights, cost, existing_minutes, threshold: float, budget: int) -> SitingResult:
    """Maximal coverage: `budget` candidates that newly cover the most population within `threshold`."""
    from spopt.locate import MCLP

    budget = min(budget, np.asarray(cost).shape[1])
    r, chosen = _coverage_model(
        weights,
        cost,
        existing_minutes,
        threshold,
        budget,
        lambda sub, w: MCLP.from_cost_matrix(
            sub, w, service_radius=threshold, p_facilities=min(budget, sub.shape[1])
        ),
    )
    return _coverage_result(MCLP_MODEL, budget, threshold, r)


def lscp(weights, cost, existing_minutes, threshold: float, budget: int) -> SitingResult:
    """Set covering: the fewest candidates reaching every reachable row not yet covered; `budget` is compared."""
    from spopt.locate import LSCP

    # the budget does not limit set covering: it only says whether the answer fits
    r, chosen = _coverage_model(
        weights,
        cost,
        existing_minutes,
        threshold,
        1,
        lambda sub, w: LSCP.from_cost_matrix(sub, service_radius=threshold),
    )
    if chosen is None:
        return _coverage_result(LSCP_MODEL, budget, threshold, r, stations_needed=0)
    return _coverage_result(
        LSCP_MODEL,
        budget,
        threshold,
        r,
        stations_needed=len(chosen),
        notes={"within_budget": len(chosen) <= budget, **r["notes"]},
    )


def pmedian(weights, cost, existing_minutes, threshold: float, budget: int) -> SitingResult:
    """p-median: `budget` candidates (plus the existing stations) minimising the weighted mean travel time."""
    from spopt.locate import PMedian

    weights, cost, existing, already, cover, reachable = _inputs(weights, cost, existing_minutes, threshold)
    total = float(weights.sum())
    before = float(weights[already].sum())
    finite = np.where(np.isfinite(cost), cost, UNREACHABLE_MINUTES)
    ex = np.where(np.isfinite(existing), existing, UNREACHABLE_MINUTES)
    mean_before = float((ex * weights).sum() / total) if total else None
    budget = min(budget, cost.shape[1])
    if budget <= 0 or total <= 0:
        return SitingResult(
            PMEDIAN_MODEL,
            budget,
            threshold,
            [],
            [],
            before,
            before,
            total,
            0.0,
            0.0,
            "Nothing to gain",
            mean_minutes_before=mean_before,
            mean_minutes_after=mean_before,
        )
    has_existing = bool(np.isfinite(existing).any())
    # Rows no candidate can bring closer than their existing station stay with it whatever is chosen: the
    # model is built on the other rows only (same optimum, smaller model).
    rows = np.flatnonzero((finite < ex[:, None]).any(axis=1)) if has_existing else np.arange(len(weights))
    if len(rows) == 0:
        return SitingResult(
            PMEDIAN_MODEL,
            budget,
            threshold,
            [],
            [],
            before,
            before,
            total,
            0.0,
            0.0,
            "Nothing to gain",
            mean_minutes_before=mean_before,
            mean_minutes_after=mean_before,
        )
    matrix = np.column_stack([ex[rows], finite[rows]]) if has_existing else finite
    model, build_s, solve_s = _build_and_solve(
        lambda: PMedian.from_cost_matrix(
            matrix,
            weights[rows],
            p_facilities=budget + (1 if has_existing else 0),
            predefined_facilities_arr=np.array([0]) if has_existing else None,
        )
    )
    offset = 1 if has_existing else 0
    chosen = [j - offset for j in _selected(model) if j >= offset]
    best = ex.copy()
    if chosen:
        best = np.minimum(best, finite[:, chosen].min(axis=1))
    mean_after = float((best * weights).sum() / total)
    order, gains = greedy_order(cover & ~already[:, None], weights, chosen)
    after = before + float(sum(gains))
    return SitingResult(
        PMEDIAN_MODEL,
        budget,
        threshold,
        order,
        gains,
        before,
        after,
        total,
        solve_s,
        build_s,
        _status(model),
        mean_minutes_before=mean_before,
        mean_minutes_after=mean_after,
    )


def run(model: str, weights, cost, existing_minutes, threshold: float, budget: int) -> SitingResult:
    if model == MCLP_MODEL:
        return mclp(weights, cost, existing_minutes, threshold, budget)
    if model == LSCP_MODEL:
        return lscp(weights, cost, existing_minutes, threshold, budget)
    if model == PMEDIAN_MODEL:
        return pmedian(weights, cost, existing_minutes, threshold, budget)
    raise ValueError(f"unknown siting model {model!r} (known: {', '.join(MODELS)})")
