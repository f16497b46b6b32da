"""The wage-release engine on crafted data: percentiles by hand, every suppression rule at its boundary, the
bootstrap's reproducibility and which units it resamples. Percentile definition: Hyndman–Fan type 7 (linear
interpolation between closest ranks, h = (n-1)p)."""

from __future__ import annotations

import numpy as np
import pytest

from jiuye.analytics import wages as w


def test_percentiles_by_hand():
    values = [50, 10, 40, 20, 30]  # sorted 10 20 30 40 50, n = 5
    # P10: h = 4 × 0.10 = 0.4 → 10 + 0.4 × (20 − 10) = 14; P25: h = 1 → 20; P50: 30; P75: h = 3 → 40;
    # P90: h = 3.6 → 40 + 0.6 × 10 = 46.
    assert [w.percentile(values, p) for p in w.PERCENTILES] == pytest.approx([14, 20, 30, 40, 46])
    # Even count: the median is the mean of the two middle values.
    assert w.percentile([1, 2, 3, 4], 50) == 2.5
    # P25 of 1..4: h = 0.75 → 1.75.
    assert w.percentile([4, 3, 2, 1], 25) == 1.75
    assert w.percentile([7], 90) == 7


def test_percentile_bad_input():
    with pytest.raises(ValueError, match="no values"):
        w.percentile([], 50)
    with pytest.raises(ValueError, match="0..100"):
        w.percentile([1, 2], 101)


def test_weighted_percentiles_equal_the_expanded_sample():
    rng = np.random.default_rng(7)
    x = np.sort(rng.normal(size=15))
    weights = rng.integers(0, 4, size=(40, 15)).astype(float)
    got = w._weighted_type7(x, weights, (10, 25, 50, 75, 90))
    for b in range(40):
        expanded = np.repeat(x, weights[b].astype(int))
        if expanded.size:
            assert got[b] == pytest.approx(np.percentile(expanded, [10, 25, 50, 75, 90]))


def _cell(n, employers, values=None, rules=None, b=50):
    rules = rules or w.SuppressionRules()
    values = values if values is not None else [5000 + (i % 7) * 10 for i in range(n)]
    return w.estimate_cell([("occupation", "x")], values, employers, rules=rules, b=b, seed=1)


def test_min_observations_boundary():
    emps = [f"e{i % 10}" for i in range(30)]
    assert w.N_BELOW_MIN in _cell(29, emps[:29]).reasons
    assert _cell(30, emps).reasons == []


def test_min_employers_boundary():
    two = ["a"] * 15 + ["b"] * 15
    three = ["a"] * 10 + ["b"] * 10 + ["c"] * 10
    assert w.EMPLOYERS_BELOW_MIN in _cell(30, two).reasons
    assert _cell(30, three).reasons == []


def test_dominant_employer_boundary():
    # Exactly half is allowed; one observation more is not.
    half = ["a"] * 20 + [f"o{i}" for i in range(20)]
    over = ["a"] * 21 + [f"o{i}" for i in range(19)]
    assert w.DOMINANT_EMPLOYER not in _cell(40, half).reasons
    c = _cell(40, over)
    assert w.DOMINANT_EMPLOYER in c.reasons
    assert c.top_employer_share == pytest.approx(21 / 40)


def test_unknown_employers():
    # More than half without an employer: concentration cannot be checked, the cell is suppressed.
    c = _cell(40, [None] * 21 + [f"e{i}" for i in range(19)])
    assert w.EMPLOYER_UNKNOWN in c.reasons
    assert _cell(40, [None] * 20 + [f"e{i}" for i in range(20)]).reasons == []


def test_rse_boundary():
    rng = np.random.default_rng(3)
    values = list(rng.lognormal(9, 0.6, size=40))
    emps = [f"e{i}" for i in range(40)]
    base = _cell(40, emps, values, rules=w.SuppressionRules(max_rse=1.0))
    rse = base.rse[50]
    assert 0 < rse < 1
    # An RSE equal to the limit is published; a limit just below it suppresses.
    assert _cell(40, emps, values, rules=w.SuppressionRules(max_rse=rse)).reasons == []
    assert _cell(40, emps, values, rules=w.SuppressionRules(max_rse=rse * 0.999)).reasons == [w.RSE_ABOVE_MAX]


def test_bootstrap_reproducible_with_seed_and_says_what_it_resampled():
    rng = np.random.default_rng(11)
    values = list(rng.lognormal(9, 0.5, size=60))
    emps = [f"e{i % 12}" for i in range(60)]
    a, method = w.bootstrap_rse(values, emps, b=100, seed=42)
    b, _ = w.bootstrap_rse(values, emps, b=100, seed=42)
    c, _ = w.bootstrap_rse(values, emps, b=100, seed=43)
    assert a == b
    assert a != c
    assert method == w.CLUSTER
    _, iid = w.bootstrap_rse(values, None, b=100, seed=42)
    assert iid == w.IID
    # Cells are seeded by their key: the same cell gives the same RSE whatever else is computed.
    one = w.estimate_cell([("k", "1")], values, emps, b=100, seed=5)
    again = w.estimate_cell([("k", "1")], values, emps, b=100, seed=5)
    assert one.rse == again.rse and one.b == 100


def test_cluster_bootstrap_wider_when_pay_is_shared_within_employers():
    # 6 employers, each paying everyone the same: 60 observations but only 6 independent values.
    values = [3000.0 + 1000 * (i % 6) for i in range(60)]
    emps = [f"e{i % 6}" for i in range(60)]
    cluster, _ = w.bootstrap_rse(values, emps, b=400, seed=1)
    iid, _ = w.bootstrap_rse(values, None, b=400, seed=1)
    assert cluster[50] > iid[50]


def test_cells_grouped_by_breakdown_and_empty_dimension_left_out():
    obs = [
        w.Observation(5000, {"occupation": "2-02-10-03", "city": "A"}, "e1"),
        w.Observation(6000, {"occupation": "2-02-10-04", "city": "A"}, "e2"),
        w.Observation(7000, {"occupation": "", "city": "B"}, "e3"),
    ]
    bds = [
        w.Breakdown("city_occupation", ("city", "occupation")),
        w.Breakdown("city_minor", ("city", "minor"), {"minor": lambda k: w.dadian_level(k["occupation"], 3)}),
        w.Breakdown("city", ("city",)),
    ]
    cells = w.group_cells(obs, bds)
    assert len(cells[(("table", "city_minor"), ("city", "A"), ("minor", "2-02-10"))]) == 2
    assert (("table", "city_occupation"), ("city", "B"), ("occupation", "")) not in cells
    assert len(cells[(("table", "city"), ("city", "B"))]) == 1
    est = w.estimate_cells(obs, bds, b=10)
    assert all(c.reasons for c in est)  # every cell is far below 30 observations
    assert [c.percentiles[50] for c in est if c.keys == {"table": "city", "city": "A"}] == [5500]


def test_posted_midpoint():
    assert w.posted_midpoint(8000, 12000) == 10000
    assert w.posted_midpoint(8000, None) == 8000
    assert w.posted_midpoint(None, None) is None
    with pytest.raises(ValueError):
        w.posted_midpoint(9000, 8000)


def test_bad_cell_values_refused():
    with pytest.raises(ValueError, match="no observations"):
        w.estimate_cell([("a", "b")], [], [])
    with pytest.raises(ValueError, match="finite"):
        w.estimate_cell([("a", "b")], [1.0, float("nan")], None)
