"""The survey's statistics on a known finite population (no database): design, weights, calibration, SEs."""

from __future__ import annotations

import math
import random
import statistics

import numpy as np
import pytest

from jiuye.analytics.survey import design, pipeline
from jiuye.analytics.survey.design import DesignError, FrameUnit
from jiuye.analytics.survey.estimate import Line, Respondent
from jiuye.analytics.survey.weights import (
    LINEAR,
    RAKING,
    SampledUnit,
    calibrate,
    design_weights,
    nonresponse_adjusted,
)

SIZES = {"micro": (1, 9), "small": (10, 99), "medium": (100, 400), "large": (1000, 2500)}
COUNTS = {"micro": 300, "small": 120, "medium": 30, "large": 4}
RESPONSE = {"micro": 0.6, "small": 0.7, "medium": 0.8, "large": 0.9}


def make_population(seed: int = 7):
    """Units with headcounts and their true vacancies (hard-to-fill ones too), by size × industry × county."""
    rng = random.Random(seed)
    units, truth = [], {}
    pk = 0
    for size, (lo, hi) in SIZES.items():
        for industry in ("C", "F", "I"):
            for county in ("430302", "430304"):
                for _ in range(COUNTS[size] // (2 if size == "large" else 1)):
                    pk += 1
                    heads = rng.randint(lo, hi)
                    rate = {"C": 0.03, "F": 0.05, "I": 0.08}[industry]
                    lam = rate * heads + (0.4 if industry == "I" else 0.2)
                    vac = int(np.random.default_rng(pk).poisson(lam))
                    htf = sum(1 for _ in range(vac) if rng.random() < (0.5 if industry == "C" else 0.2))
                    units.append(FrameUnit(pk, size, industry, county, heads))
                    truth[pk] = (vac, htf)
    return units, truth


def cell_totals(units):
    totals: dict[str, list[float]] = {}
    for u in units:
        t = totals.setdefault(u.cell, [0.0, 0.0])
        t[0] += 1
        t[1] += u.headcount
    return {k: (v[0], v[1]) for k, v in totals.items()}


def survey(units, truth, *, n, seed, response=RESPONSE, method=RAKING, cells=False, min_per_stratum=2, **kw):
    alloc = design.allocate(
        units, n, method=design.PROPORTIONAL, min_per_stratum=min_per_stratum, take_all=("large",)
    )
    chosen = design.select(units, alloc, seed)
    by_id = {u.id: u for u in units}
    rng = random.Random(seed * 7919 + 1)
    sample, respondents = [], []
    for pk, stratum in chosen.items():
        u = by_id[pk]
        responded = rng.random() < response[u.size_class]
        s = SampledUnit(pk, stratum, u.size_class, u.industry, u.headcount, responded)
        sample.append(s)
        if responded:
            vac, htf = truth[pk]
            respondents.append(Respondent(s, u.division, (Line("6", vac, htf),) if vac else ()))
    sizes = {s.key: (s.N, s.n) for s in alloc.strata}
    return pipeline.run(
        sample, sizes, cell_totals(units), respondents, calibration=method, cells=cells, **kw
    ), respondents


def _y(result, respondents, field="vacancies"):
    order = {pk: k for k, pk in enumerate(result.estimator.ids)}
    rows = sorted(respondents, key=lambda r: order[r.unit.id])
    return np.array([r.total(field) for r in rows]), np.array([float(r.unit.headcount) for r in rows])


# ---------------------------------------------------------------------------------------------- allocation


def _units(spec):
    """spec: [(size, industry, county, N, headcount or list)] → frame units."""
    out, pk = [], 0
    for size, industry, county, N, heads in spec:
        for i in range(N):
            pk += 1
            out.append(FrameUnit(pk, size, industry, county, heads[i] if isinstance(heads, list) else heads))
    return out


def test_proportional_allocation_sums_to_n_and_follows_stratum_sizes():
    units = _units([("micro", "C", "1", 600, 3), ("micro", "F", "1", 300, 3), ("small", "C", "1", 100, 30)])
    alloc = design.allocate(units, 100, method="proportional", min_per_stratum=2)
    n = {s.key: s.n for s in alloc.strata}
    assert alloc.total == 100
    assert n == {"micro|C|1": 60, "micro|F|1": 30, "small|C|1": 10}
    assert not alloc.notes


def test_stratum_smaller_than_minimum_is_taken_whole():
    units = _units([("micro", "C", "1", 500, 3), ("small", "A", "1", 2, 20), ("small", "C", "1", 1, 20)])
    alloc = design.allocate(units, 50, method="proportional", min_per_stratum=3)
    by = alloc.by_key()
    assert by["small|A|1"].n == 2 and by["small|A|1"].pi == 1.0
    assert by["small|C|1"].n == 1
    assert by["micro|C|1"].n == 47
    assert alloc.total == 50


def test_take_all_strata_are_enumerated_and_minimums_win_over_a_small_sample():
    units = _units(
        [
            ("large", "C", "1", 5, 1500),
            ("micro", "C", "1", 100, 3),
            ("micro", "F", "1", 100, 3),
            ("small", "F", "2", 50, 20),
        ]
    )
    alloc = design.allocate(units, 8, method="proportional", min_per_stratum=2, take_all=("large",))
    by = alloc.by_key()
    assert by["large|C|1"].n == 5 and by["large|C|1"].pi == 1.0 and by["large|C|1"].take_all
    # 5 take-all + 3 strata × minimum 2 = 11 > 8 requested: the design says so.
    assert alloc.total == 11
    assert "minimum_per_stratum_exceeds_sample_size" in alloc.notes
    alloc = design.allocate(units, 3, method="proportional", take_all=("large",))
    assert "take_all_exceeds_sample_size" in alloc.notes


def test_neyman_allocation_favours_the_stratum_with_more_spread():
    spread = [10 + (i % 2) * 80 for i in range(200)]
    units = _units([("small", "C", "1", 200, spread), ("small", "F", "1", 200, 50)])
    alloc = design.allocate(units, 40, method="neyman", min_per_stratum=2)
    by = alloc.by_key()
    assert by["small|C|1"].n > by["small|F|1"].n
    assert alloc.total == 40


def test_sample_larger_than_frame_takes_everything():
    units = _units([("micro", "C", "1", 5, 3), ("small", "C", "1", 4, 30)])
    alloc = design.allocate(units, 100)
    assert alloc.total == 9 and "sample_size_exceeds_frame" in alloc.notes


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"n": 0}, "sample_size"),
        ({"n": 10, "method": "optimal"}, "allocation"),
        ({"n": 10, "min_per_stratum": 0}, "min_per_stratum"),
        ({"n": 10, "take_all": ("huge",)}, "take_all"),
    ],
)
def test_bad_design_parameters_name_the_field(kwargs, field):
    units = _units([("micro", "C", "1", 5, 3)])
    n = kwargs.pop("n")
    with pytest.raises(DesignError) as exc:
        design.allocate(units, n, **kwargs)
    assert exc.value.field == field


def test_seeded_selection_is_reproducible_and_respects_allocation():
    units, _ = make_population()
    alloc = design.allocate(units, 120, method="neyman")
    a = design.select(units, alloc, 42)
    b = design.select(list(reversed(units)), alloc, 42)
    assert a == b
    assert design.select(units, alloc, 43) != a
    counts: dict[str, int] = {}
    for stratum in a.values():
        counts[stratum] = counts.get(stratum, 0) + 1
    assert counts == {s.key: s.n for s in alloc.strata if s.n}
    assert design.frame_digest(units) == design.frame_digest(reversed(units))


def test_size_classes_from_headcount():
    assert [design.size_class_for(h) for h in (0, 9, 10, 99, 100, 999, 1000)] == [
        "micro",
        "micro",
        "small",
        "small",
        "medium",
        "medium",
        "large",
    ]


# --------------------------------------------------------------------------------------------- weighting


def test_census_with_full_response_gives_the_true_totals_exactly():
    units, truth = make_population()
    result, respondents = survey(units, truth, n=len(units), seed=1, response={k: 1.0 for k in RESPONSE})
    y, _ = _y(result, respondents)
    total, se = result.estimator.total(y)
    assert total == pytest.approx(sum(v for v, _ in truth.values()), abs=1e-6)
    assert se == pytest.approx(0.0, abs=1e-6)


def test_horvitz_thompson_by_hand_and_unbiased_over_draws():
    units, truth = make_population()
    true_vac = sum(v for v, _ in truth.values())
    alloc = design.allocate(units, 160, take_all=("large",))
    by_id = {u.id: u for u in units}
    pi = {s.key: s.pi for s in alloc.strata}
    estimates = []
    for rep in range(200):
        chosen = design.select(units, alloc, 5000 + rep)
        sample = [
            SampledUnit(i, k, by_id[i].size_class, by_id[i].industry, by_id[i].headcount, True)
            for i, k in chosen.items()
        ]
        d = design_weights(sample, {s.key: (s.N, s.n) for s in alloc.strata if s.n})
        # Horvitz–Thompson: Σ y_k / π_k, the design weight being 1/π of the stratum.
        ht = sum(truth[i][0] / pi[k] for i, k in chosen.items())
        assert sum(d[i] * truth[i][0] for i in chosen) == pytest.approx(ht)
        estimates.append(ht)
    sd = statistics.stdev(estimates)
    assert abs(statistics.fmean(estimates) - true_vac) < 3 * sd / math.sqrt(len(estimates))


def test_design_and_nonresponse_weights_add_up_to_the_frame():
    units, truth = make_population()
    result, _ = survey(units, truth, n=150, seed=3)
    assert sum(result.design_weights.values()) == pytest.approx(len(units))
    assert sum(result.adjusted_weights.values()) == pytest.approx(len(units))
    # Each non-response group: respondents' adjusted weights add up to the group's frame count.
    for g in result.nonresponse:
        assert g.respondents > 0


def test_a_stratum_without_respondents_is_pooled_with_its_neighbours():
    sample = [
        SampledUnit(1, "small|C|1", "small", "C", 20, True),
        SampledUnit(2, "small|C|1", "small", "C", 30, False),
        SampledUnit(3, "small|C|2", "small", "C", 40, False),
        SampledUnit(4, "small|C|2", "small", "C", 50, False),
    ]
    sizes = {"small|C|1": (10, 2), "small|C|2": (30, 2)}
    weights, group_of, groups = nonresponse_adjusted(sample, sizes)
    assert group_of == {"small|C|1": "small|C|*", "small|C|2": "small|C|*"}
    assert [(g.key, g.N, g.sampled, g.respondents) for g in groups] == [("small|C|*", 40, 4, 1)]
    # Pooled group: both strata's sampled design weight (5+5+15+15 = 40) carried by the one respondent.
    assert weights[1] == pytest.approx(40.0)


@pytest.mark.parametrize("method", [LINEAR, RAKING])
def test_calibrated_weights_reproduce_the_registry_margins_exactly(method):
    units, truth = make_population()
    result, _ = survey(units, truth, n=600, seed=11, method=method, calibration_min=2)
    cal = result.calibration
    assert cal.method == method and not cal.dropped_employee_margins
    # Every size × industry cell had enough respondents to be calibrated on its own.
    assert all(members == [group] for group, members in cal.groups.items())
    assert cal.max_margin_diff < 1e-6
    by_id = {u.id: u for u in units}
    totals = cell_totals(units)
    for cell, (count, heads) in totals.items():
        ids = [i for i in cal.ids if by_id[i].cell == cell]
        assert sum(cal.weights[i] for i in ids) == pytest.approx(count, abs=1e-6)
        assert sum(cal.weights[i] * by_id[i].headcount for i in ids) == pytest.approx(heads, abs=1e-5)
    if method == RAKING:
        assert cal.negative_weights == 0


def test_a_group_whose_respondents_share_one_headcount_keeps_the_count_margin_only():
    resp = [
        SampledUnit(1, "micro|A|1", "micro", "A", 5, True),
        SampledUnit(2, "micro|A|1", "micro", "A", 5, True),
    ]
    cal = calibrate(resp, {1: 10.0, 2: 10.0}, {"micro|A": (30.0, 170.0)})
    assert cal.dropped_employee_margins == ["micro|A"]
    assert sum(cal.weights.values()) == pytest.approx(30.0)


def test_unbiased_over_repeated_draws_and_se_matches_the_empirical_sd():
    units, truth = make_population()
    true_vac = sum(v for v, _ in truth.values())
    true_rate = true_vac / (sum(u.headcount for u in units) + true_vac)
    estimates, ses, rates, rate_ses = [], [], [], []
    reps = 300
    for rep in range(reps):
        result, respondents = survey(units, truth, n=160, seed=1000 + rep)
        y, heads = _y(result, respondents)
        total, se = result.estimator.total(y)
        rate, rate_se = result.estimator.ratio(y, heads + y)
        estimates.append(total)
        ses.append(se)
        rates.append(rate)
        rate_ses.append(rate_se)
    mean, sd = statistics.fmean(estimates), statistics.stdev(estimates)
    # Unbiased: the mean of 300 estimates within 3 Monte Carlo standard errors of the truth.
    assert abs(mean - true_vac) < 3 * sd / math.sqrt(reps), (mean, true_vac, sd)
    assert abs(statistics.fmean(rates) - true_rate) < 3 * statistics.stdev(rates) / math.sqrt(reps) + 1e-4
    # The linearised SE estimates the sampling SD (within 15%).
    rms_se = math.sqrt(statistics.fmean(s * s for s in ses))
    assert 0.85 < rms_se / sd < 1.15, (rms_se, sd)
    rms_rate_se = math.sqrt(statistics.fmean(s * s for s in rate_ses))
    assert 0.85 < rms_rate_se / statistics.stdev(rates) < 1.15, (rms_rate_se, statistics.stdev(rates))


def test_cells_are_suppressed_with_their_reason():
    units, truth = make_population()
    result, _ = survey(units, truth, n=120, seed=5, cells=True, expected={"industry": ["Q"]})
    cells = {(c.dimension, c.group, c.measure): c for c in result.cells}
    overall = cells[("all", "all", "vacancies")]
    assert not overall.suppressed and overall.cv < 0.3 and overall.n == len(result.final_weights)
    health = cells[("industry", "Q", "vacancies")]
    # An industry of the frame without respondents: shown, suppressed, with the reason.
    assert health.suppressed and health.reason == "few_respondents" and health.value is None
    large = cells[("size_class", "large", "vacancies")]
    # Large employers are taken whole: the standard error is (nearly) zero when they all answer.
    assert large.n >= 10 and large.cv < 0.05
    for c in result.cells:
        if c.suppressed:
            assert c.reason in ("few_respondents", "high_cv", "no_base")
        if c.reason == "high_cv":
            assert c.cv > 0.3


def test_a_cell_without_respondents_joins_a_group_so_the_frame_total_is_kept():
    resp = [
        SampledUnit(1, "micro|C|1", "micro", "C", 3, True),
        SampledUnit(2, "micro|C|1", "micro", "C", 5, True),
        SampledUnit(3, "micro|F|1", "micro", "F", 4, True),
    ]
    totals = {"micro|C": (10.0, 40.0), "micro|F": (5.0, 20.0), "small|C": (2.0, 30.0)}
    cal = calibrate(resp, {1: 5.0, 2: 5.0, 3: 5.0}, totals, min_respondents=2)
    # small|C has nobody: it is calibrated together with the largest group, so the weights add up to 17.
    assert sum(cal.weights.values()) == pytest.approx(17.0)
    assert cal.max_margin_diff < 1e-6


def test_jackknife_se_matches_the_empirical_sd_and_ignores_take_all_strata():
    units, truth = make_population()
    estimates, ses, rates, rate_ses = [], [], [], []
    reps = 80
    for rep in range(reps):
        result, respondents = survey(
            units, truth, n=160, seed=1000 + rep, method=LINEAR, variance="jackknife"
        )
        y, heads = _y(result, respondents)
        total, se = result.estimator.total(y)
        rate, rate_se = result.estimator.ratio(y, heads + y)
        estimates.append(total)
        ses.append(se)
        rates.append(rate)
        rate_ses.append(rate_se)
    assert result.summary()["variance"] == "jackknife"
    # One replicate per sampled employer outside the take-all strata.
    assert result.summary()["replicates"] == sum(1 for w in result.design_weights.values() if w > 1)
    rms_se = math.sqrt(statistics.fmean(s * s for s in ses))
    assert 0.85 < rms_se / statistics.stdev(estimates) < 1.15, (rms_se, statistics.stdev(estimates))
    rms_rate = math.sqrt(statistics.fmean(s * s for s in rate_ses))
    assert 0.85 < rms_rate / statistics.stdev(rates) < 1.15, (rms_rate, statistics.stdev(rates))
    # A census of the take-all strata alone, all answering: no sampling variance.
    large = [u for u in units if u.size_class == "large"]
    census, resp = survey(large, truth, n=len(large), seed=1, response={"large": 1.0}, variance="jackknife")
    y, _ = _y(census, resp)
    assert census.estimator.total(y)[1] == pytest.approx(0.0, abs=1e-9)
