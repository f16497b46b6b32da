"""Weights of the job-vacancy survey: design weights, non-response adjustment, calibration to registry totals.

1. Design weight d_k = N_h / n_h (1 in take-all strata).
2. Non-response adjustment within response-homogeneity groups: a stratum is its own group when it has at least
   `min_respondents` respondents; a stratum with fewer is merged with all strata of the same size class × industry
   (over counties), then if still short with the whole size class, then with everything. Within a
   group the respondents' weights are multiplied by Σ_sampled d / Σ_respondents d, so they stand for the sampled
   non-respondents too (respondents are assumed to be a random subsample within the group).
3. Calibration to the registry's totals of employers and insured employees by size class × industry (the frame on
   the reference date): linear (GREG, w = d·(1 + x'λ), may go negative) or raking (w = d·exp(x'λ), positive, by
   Newton's method). A cell with too few respondents is pooled into its size class ("size|*"), then into one
   pool ("*"); if even that pool is too thin, each of its cells joins the group with the most respondents (of its
   size class if possible), so every employer of the frame is represented in some margin. A group's employees margin is dropped when its respondents all have the same headcount (it cannot
   be met together with the count margin); the dropped margins are listed. After calibration the weighted frame
   totals of the kept margins equal the registry's (the largest difference is reported).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

LINEAR = "linear"
RAKING = "raking"
CALIBRATION_METHODS = (LINEAR, RAKING)


@dataclass(frozen=True)
class SampledUnit:
    id: int
    stratum: str
    size_class: str
    industry: str
    headcount: int
    responded: bool

    @property
    def cell(self) -> str:
        return f"{self.size_class}|{self.industry}"


@dataclass
class NonResponseGroup:
    key: str
    strata: list[str]
    N: int
    sampled: int
    respondents: int
    factor: float


@dataclass
class Calibration:
    method: str
    weights: dict[int, float]
    groups: dict[str, list[str]]  # calibration group → cells it pools
    dropped_employee_margins: list[str]
    max_margin_diff: float
    iterations: int
    converged: bool
    negative_weights: int
    X: np.ndarray = field(repr=False)
    ids: list[int] = field(repr=False)


def design_weights(sample: list[SampledUnit], strata_sizes: dict[str, tuple[int, int]]) -> dict[int, float]:
    """{id: N_h / n_h}; `strata_sizes` maps stratum → (N_h, n_h)."""
    return {u.id: strata_sizes[u.stratum][0] / strata_sizes[u.stratum][1] for u in sample}


def _levels(stratum: str) -> list[str]:
    size, industry, _division = stratum.split("|")
    return [stratum, f"{size}|{industry}|*", f"{size}|*|*", "*|*|*"]


def nonresponse_groups(
    sample: list[SampledUnit], strata_sizes: dict[str, tuple[int, int]], min_respondents: int = 1
) -> tuple[dict[str, str], list[NonResponseGroup]]:
    """({stratum: group key}, groups). Pools strata with fewer than `min_respondents` respondents."""
    resp = defaultdict(int)
    for u in sample:
        resp[u.stratum] += u.responded
    group_of = {s: s for s in strata_sizes}
    for level in (1, 2, 3):
        count: dict[str, int] = defaultdict(int)
        for s, g in group_of.items():
            count[g] += resp[s]
        failing = {g for g, c in count.items() if c < min_respondents}
        if not failing:
            break
        # Merge each failing group with all its neighbours under the next coarser key.
        coarse = {_levels(s)[level] for s, g in group_of.items() if g in failing}
        for s in group_of:
            if _levels(s)[level] in coarse:
                group_of[s] = _levels(s)[level]
    members_of: dict[str, list[str]] = defaultdict(list)
    for s, g in group_of.items():
        members_of[g].append(s)
    d = design_weights(sample, strata_sizes)
    sampled_w: dict[str, float] = defaultdict(float)
    resp_w: dict[str, float] = defaultdict(float)
    for u in sample:
        g = group_of[u.stratum]
        sampled_w[g] += d[u.id]
        if u.responded:
            resp_w[g] += d[u.id]
    groups = []
    for g in sorted(members_of):
        strata = sorted(members_of[g])
        groups.append(
            NonResponseGroup(
                key=g,
                strata=strata,
                N=sum(strata_sizes[s][0] for s in strata),
                sampled=sum(strata_sizes[s][1] for s in strata),
                respondents=sum(resp[s] for s in strata),
                factor=(sampled_w[g] / resp_w[g]) if resp_w[g] > 0 else 0.0,
            )
        )
    return group_of, groups


def nonresponse_adjusted(
    sample: list[SampledUnit], strata_sizes: dict[str, tuple[int, int]], min_respondents: int = 1
) -> tuple[dict[int, float], dict[str, str], list[NonResponseGroup]]:
    """({respondent id: adjusted weight}, stratum → group, groups)."""
    d = design_weights(sample, strata_sizes)
    group_of, groups = nonresponse_groups(sample, strata_sizes, min_respondents)
    factor = {g.key: g.factor for g in groups}
    weights = {u.id: d[u.id] * factor[group_of[u.stratum]] for u in sample if u.responded}
    return weights, group_of, groups


def _calibration_groups(
    respondents: list[SampledUnit], cell_totals: dict[str, tuple[float, float]], min_respondents: int
) -> dict[str, str]:
    """{cell: calibration group}: cells with few respondents pooled by size class, then all together."""
    resp = defaultdict(int)
    for u in respondents:
        resp[u.cell] += 1
    group_of: dict[str, str] = {}
    pending = []
    for cell in sorted(cell_totals):
        if resp[cell] >= min_respondents:
            group_of[cell] = cell
        else:
            pending.append(cell)
    by_size: dict[str, list[str]] = defaultdict(list)
    for cell in pending:
        by_size[cell.split("|")[0] + "|*"].append(cell)
    leftover = []
    for key, cells in by_size.items():
        if sum(resp[c] for c in cells) >= min_respondents:
            for c in cells:
                group_of[c] = key
        else:
            leftover.extend(cells)
    if sum(resp[c] for c in leftover) >= min_respondents:
        for c in leftover:
            group_of[c] = "*"
        return group_of
    # Too few respondents even together: each leftover cell joins the formed group with the most respondents,
    # in its size class if there is one, so its employers are still represented in some margin.
    counts: dict[str, int] = defaultdict(int)
    for cell, g in group_of.items():
        counts[g] += resp[cell]
    formed = [g for g in counts if counts[g] > 0]
    for c in leftover:
        size = c.split("|")[0] + "|"
        same = [g for g in formed if g.startswith(size)]
        pool = same or formed
        group_of[c] = max(pool, key=lambda g: (counts[g], g)) if pool else "*"
    return group_of


def calibrate(
    respondents: list[SampledUnit],
    base_weights: dict[int, float],
    cell_totals: dict[str, tuple[float, float]],
    *,
    method: str = RAKING,
    min_respondents: int = 2,
    max_iterations: int = 100,
) -> Calibration:
    """Calibrate `base_weights` (respondents only) to `cell_totals` {size|industry: (employers, employees)}."""
    if method not in CALIBRATION_METHODS:
        raise ValueError(f"calibration: linear or raking, got {method!r}")
    group_of = _calibration_groups(respondents, cell_totals, min_respondents)
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for cell, (count, heads) in cell_totals.items():
        totals[group_of[cell]][0] += count
        totals[group_of[cell]][1] += heads
    members: dict[str, list[SampledUnit]] = defaultdict(list)
    for u in respondents:
        members[group_of.get(u.cell, "*")].append(u)
    columns: list[tuple[str, str]] = []  # (group, "count" | "employees")
    dropped = []
    for g in sorted(members):
        if not members[g]:
            continue
        columns.append((g, "count"))
        heads = {u.headcount for u in members[g]}
        if len(heads) > 1:
            columns.append((g, "employees"))
        elif totals[g][1] > 0 or heads != {0}:
            dropped.append(g)
    ids = [u.id for u in respondents]
    X = np.zeros((len(respondents), len(columns)))
    col = {c: j for j, c in enumerate(columns)}
    for i, u in enumerate(respondents):
        g = group_of.get(u.cell, "*")
        X[i, col[(g, "count")]] = 1.0
        if (g, "employees") in col:
            X[i, col[(g, "employees")]] = u.headcount
    T = np.array([totals[g][0] if kind == "count" else totals[g][1] for g, kind in columns])
    d = np.array([base_weights[i] for i in ids])
    iterations, converged = 0, True
    if columns:
        if method == LINEAR:
            lam = np.linalg.lstsq((X * d[:, None]).T @ X, T - X.T @ d, rcond=None)[0]
            w = d * (1.0 + X @ lam)
            iterations = 1
        else:
            # Scale the employees columns so Newton's steps are well conditioned.
            scale = np.maximum(np.abs(X).max(axis=0), 1.0)
            Xs, Ts = X / scale, T / scale
            lam = np.zeros(len(columns))
            converged = False
            for iterations in range(1, max_iterations + 1):  # noqa: B007
                w = d * np.exp(np.clip(Xs @ lam, -30, 30))
                F = Xs.T @ w - Ts
                if np.max(np.abs(F) / np.maximum(np.abs(Ts), 1.0)) < 1e-12:
                    converged = True
                    break
                J = (Xs * w[:, None]).T @ Xs
                lam = lam - np.linalg.lstsq(J, F, rcond=None)[0]
            if not converged:
                # Raking cannot meet these margins (e.g. a total outside what positive weights reach): linear.
                lam = np.linalg.lstsq((X * d[:, None]).T @ X, T - X.T @ d, rcond=None)[0]
                w = d * (1.0 + X @ lam)
                method = LINEAR
    else:
        w = d.copy()
    achieved = X.T @ w if columns else np.zeros(0)
    diff = float(np.max(np.abs(achieved - T))) if columns else 0.0
    pooled: dict[str, list[str]] = defaultdict(list)
    for cell, g in group_of.items():
        pooled[g].append(cell)
    return Calibration(
        method=method,
        weights={i: float(x) for i, x in zip(ids, w, strict=True)},
        groups={g: sorted(c) for g, c in sorted(pooled.items())},
        dropped_employee_margins=dropped,
        max_margin_diff=diff,
        iterations=iterations,
        converged=converged,
        negative_weights=int(np.sum(w < 0)),
        X=X,
        ids=ids,
    )
