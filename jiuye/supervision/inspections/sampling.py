"""Stratified random sampling of employers for an inspection campaign (no Django: a pure function of the frame).

Frame: (employer id, stratum key, risk score). Strata are risk band × size class (× division when asked).
Allocation of the sample size n over the strata:

- proportional: n_h ∝ N_h;
- Neyman-like by risk: n_h ∝ N_h · S_h, with S_h = √(p_h (1 − p_h)) and p_h = the stratum's mean risk score / 100
  clamped to [0.05, 0.95] — the standard deviation of "a breach is found" if the score were the chance of one.
  Strata whose employers are likelier to be in breach get more visits than their size alone would give.

Integers by largest remainder; every non-empty stratum gets at least one visit when n ≥ the number of strata;
no stratum gets more than it holds. The draw: `random.Random(seed)` over each stratum's ids in ascending order,
strata in sorted key order — the same frame and seed give the same sample. The frame's size and a SHA-256 of its
(id, stratum) list are recorded with the design, so a later re-draw can show it used the same frame.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections import defaultdict
from dataclasses import dataclass

PROPORTIONAL = "proportional"
NEYMAN = "neyman"


@dataclass(frozen=True)
class Unit:
    id: int
    stratum: str
    score: int


def frame_digest(units: list[Unit]) -> str:
    text = "\n".join(f"{u.id}\t{u.stratum}" for u in sorted(units, key=lambda u: u.id))
    return hashlib.sha256(text.encode()).hexdigest()


def _largest_remainder(
    targets: dict[str, float], n: int, caps: dict[str, int], floor_one: bool
) -> dict[str, int]:
    alloc = {k: min(caps[k], int(math.floor(v))) for k, v in targets.items()}
    if floor_one:
        for k in alloc:
            if caps[k] > 0 and alloc[k] == 0:
                alloc[k] = 1
    # Remove any excess created by the floor of one (from the largest allocations), then add by remainders.
    while sum(alloc.values()) > n:
        # Take back from the most over-allocated stratum that keeps its floor of one.
        floor = 1 if floor_one else 0
        candidates = [s for s in alloc if alloc[s] > floor]
        k = max(candidates, key=lambda s: (alloc[s] - targets[s], alloc[s], s))
        alloc[k] -= 1
    order = sorted(targets, key=lambda k: (-(targets[k] - math.floor(targets[k])), k))
    while sum(alloc.values()) < n and any(alloc[k] < caps[k] for k in alloc):
        for k in order:
            if sum(alloc.values()) >= n:
                break
            if alloc[k] < caps[k]:
                alloc[k] += 1
    return alloc


def allocate(units: list[Unit], n: int, method: str) -> list[dict]:
    """Per stratum: key, N, mean score, S, n (sorted by key)."""
    if method not in (PROPORTIONAL, NEYMAN):
        raise ValueError(f"allocation: unknown method {method!r} (proportional or neyman)")
    if n < 0:
        raise ValueError("sample_size: must be zero or more")
    groups: dict[str, list[Unit]] = defaultdict(list)
    for u in units:
        groups[u.stratum].append(u)
    n = min(n, len(units))
    stats = {}
    for key, members in groups.items():
        mean = sum(u.score for u in members) / len(members)
        p = min(0.95, max(0.05, mean / 100))
        stats[key] = {"N": len(members), "mean_score": round(mean, 1), "S": round(math.sqrt(p * (1 - p)), 4)}
    weights = {k: s["N"] * (s["S"] if method == NEYMAN else 1.0) for k, s in stats.items()}
    total = sum(weights.values()) or 1.0
    targets = {k: n * w / total for k, w in weights.items()}
    alloc = _largest_remainder(targets, n, {k: s["N"] for k, s in stats.items()}, floor_one=n >= len(stats))
    return [{"key": k, **stats[k], "n": alloc[k]} for k in sorted(stats)]


def draw(units: list[Unit], n: int, method: str, seed: int) -> tuple[list[dict], list[int]]:
    """(strata with their allocation, sampled ids in draw order)."""
    strata = allocate(units, n, method)
    groups: dict[str, list[int]] = defaultdict(list)
    for u in units:
        groups[u.stratum].append(u.id)
    rng = random.Random(seed)
    chosen: list[int] = []
    for s in strata:
        ids = sorted(groups[s["key"]])
        chosen.extend(rng.sample(ids, s["n"]))
    return strata, chosen
