"""Every indicator definition on crafted data, with the answer worked out by hand (the arithmetic is in the
comments). Each case runs on DuckDB and on the pandas baseline: both must give the hand answer.

Divisions: 43 › 4303 › 430302 (townships A=430302001, B=430302002) and 430304 (township C=430304001).
"""

from __future__ import annotations

import math

import pytest

from jiuye.analytics import indicators, indicators_pandas

from .extract_helpers import M0, M1, A, B, C, ap, pm, po, write

ENGINES = ["duckdb", "pandas"]


def run(directory, engine, code):
    if engine == "pandas":
        frame = indicators_pandas.compute(directory, codes=[code])
    else:
        frame = indicators.compute(directory, engine=engine, codes=[code])
    return {
        (r.division_code, r.month_idx, r.group): (r.value, r.numerator, r.denominator)
        for r in frame.itertuples(index=False)
    }


def value(cells, division, group="", month=M0):
    return cells[(division, month, group)][0]


def close(a, b):
    return (a is None and b is None) or (
        a is not None and b is not None and math.isclose(a, b, rel_tol=1e-12)
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_registered_unemployed_counts_registrations_on_the_last_day_and_sums_up_the_tree(tmp_path, engine):
    d = write(
        tmp_path,
        persons=[
            pm("p1", A, registered_unemployed=True),
            pm("p2", A, registered_unemployed=True),
            pm("p3", A, employed=True),
            pm("p4", A),
            pm("p5", B, registered_unemployed=True),
            pm("p6", C, registered_unemployed=True),
            pm("p7", C, employed=True),
            # Registered last month only: not counted this month.
            pm("p8", A, registered_unemployed_prev=True),
        ],
    )
    cells = run(d, engine, "registered_unemployed")
    # A: p1, p2 = 2; B: p5 = 1; C: p6 = 1.
    assert value(cells, A) == 2 and value(cells, B) == 1 and value(cells, C) == 1
    # 430302 = A + B = 3; 430304 = C = 1; 4303 = 43 = 3 + 1 = 4.
    assert value(cells, "430302") == 3 and value(cells, "430304") == 1
    assert value(cells, "4303") == 4 and value(cells, "43") == 4


@pytest.mark.parametrize("engine", ENGINES)
def test_registered_unemployment_rate_divides_summed_counts_not_averaged_rates(tmp_path, engine):
    d = write(
        tmp_path,
        persons=[
            # A: registered p1, p2, p8 (p8 also employed: counted once in the denominator); employed p3, p8.
            pm("p1", A, registered_unemployed=True),
            pm("p2", A, registered_unemployed=True),
            pm("p3", A, employed=True),
            pm("p4", A),
            pm("p8", A, employed=True, registered_unemployed=True),
            # B: registered p5; employed q1..q5.
            pm("p5", B, registered_unemployed=True),
            *[pm(f"q{i}", B, employed=True) for i in range(1, 6)],
        ],
    )
    cells = run(d, engine, "registered_unemployment_rate")
    # A: 3 / |{p1, p2, p3, p8}| = 3 / 4 = 0.75 (p4 is outside the labour force).
    assert cells[(A, M0, "")] == (0.75, 3.0, 4.0)
    # B: 1 / 6.
    assert close(value(cells, B), 1 / 6)
    # 430302: (3 + 1) / (4 + 6) = 0.4 — not the mean of the rates, (0.75 + 0.1667) / 2 = 0.458.
    assert cells[("430302", M0, "")] == (0.4, 4.0, 10.0)


@pytest.mark.parametrize("engine", ENGINES)
def test_new_urban_jobs_are_spells_starting_for_persons_not_employed_before(tmp_path, engine):
    d = write(
        tmp_path,
        persons=[
            pm("p1", A, job_started=True, employed=True),  # new job: counted
            pm("p2", A, job_started=True, employed=True, employed_prev=True),  # change of job: not counted
            pm("p3", A, employed=True, employed_prev=True),  # same job: not counted
            pm("p4", A, job_started=True),  # a spell that started and ended within the month: counted
            pm("p5", B, job_started=True, employed=True),  # counted, in B
        ],
    )
    cells = run(d, engine, "new_urban_jobs")
    # A: p1 + p4 = 2; B: p5 = 1; 430302: 3.
    assert value(cells, A) == 2 and value(cells, B) == 1 and value(cells, "430302") == 3
    assert cells[(A, M0, "")][2] is None or math.isnan(cells[(A, M0, "")][2])


@pytest.mark.parametrize("engine", ENGINES)
def test_reemployed_unemployed_are_last_months_registered_now_employed(tmp_path, engine):
    d = write(
        tmp_path,
        persons=[
            pm("p1", A, registered_unemployed_prev=True, employed=True),  # re-employed
            pm("p2", A, registered_unemployed_prev=True, registered_unemployed=True),  # still unemployed
            pm("p3", A, employed=True),  # employed but was not registered
            pm(
                "p4", A, registered_unemployed_prev=True, employed=True, registered_unemployed=True
            ),  # re-employed
        ],
    )
    cells = run(d, engine, "reemployed_unemployed")
    # numerator p1 + p4 = 2; denominator (registered last month) p1, p2, p4 = 3; value = the count, 2.
    assert cells[(A, M0, "")] == (2.0, 2.0, 3.0)


@pytest.mark.parametrize("engine", ENGINES)
def test_difficulty_employed_counts_new_jobs_of_difficulty_group_members(tmp_path, engine):
    d = write(
        tmp_path,
        persons=[
            pm("p1", A, difficulty=True, job_started=True, employed=True),  # placed
            pm("p2", A, difficulty=True),  # not employed, not placed: denominator only
            pm(
                "p3", A, difficulty=True, employed_prev=True, employed=True, job_started=True
            ),  # job change: neither
            pm("p4", A, job_started=True, employed=True),  # placed, but not in a difficulty group
        ],
    )
    cells = run(d, engine, "difficulty_employed")
    # numerator p1 = 1; denominator (not employed last month) p1, p2 = 2.
    assert cells[(A, M0, "")] == (1.0, 1.0, 2.0)


@pytest.mark.parametrize("engine", ENGINES)
def test_graduate_employment_rates_at_6_and_12_months(tmp_path, engine):
    d = write(
        tmp_path,
        persons=[
            pm("g1", A, months_since_graduation=6, employed=True),
            pm("g2", A, months_since_graduation=6),
            pm("g3", A, months_since_graduation=6, employed=True),
            pm("g4", A, months_since_graduation=5, employed=True),  # neither cohort
            pm("g5", A, months_since_graduation=12, employed=True),
            pm("g6", A, months_since_graduation=12),
        ],
    )
    six = run(d, engine, "graduate_employment_rate_6m")
    twelve = run(d, engine, "graduate_employment_rate_12m")
    # 6 months: g1, g3 of g1, g2, g3 = 2 / 3; 12 months: g5 of g5, g6 = 1 / 2.
    assert six[(A, M0, "")][1:] == (2.0, 3.0) and close(value(six, A), 2 / 3)
    assert twelve[(A, M0, "")] == (0.5, 1.0, 2.0)


@pytest.mark.parametrize("engine", ENGINES)
def test_key_group_employment_rate_by_group(tmp_path, engine):
    # Key groups: bit 1 disabled, bit 2 veteran, bit 4 older_worker.
    d = write(
        tmp_path,
        persons=[
            pm("p1", A, key_group_mask=1 | 2, employed=True),  # disabled and veteran, employed
            pm("p2", A, key_group_mask=1),  # disabled, not employed
            pm("p3", A, key_group_mask=2, employed=True),  # veteran, employed
            pm("p4", A, employed=True),  # no key group
        ],
    )
    cells = run(d, engine, "key_group_employment_rate")
    # disabled: p1 of p1, p2 = 1 / 2; veteran: p1, p3 of p1, p3 = 2 / 2; older_worker: nobody, no cell.
    assert cells[(A, M0, "key_group:disabled")] == (0.5, 1.0, 2.0)
    assert cells[(A, M0, "key_group:veteran")] == (1.0, 2.0, 2.0)
    assert (A, M0, "key_group:older_worker") not in cells
    assert (A, M0, "") not in cells


@pytest.mark.parametrize("engine", ENGINES)
def test_social_insurance_coverage_of_the_employed(tmp_path, engine):
    d = write(
        tmp_path,
        persons=[
            pm("p1", A, employed=True, insured=True),
            pm("p2", A, employed=True),
            pm("p3", A, employed=True, insured=True),
            pm("p4", A, insured=True),  # insured but not employed: outside the denominator
        ],
    )
    cells = run(d, engine, "social_insurance_coverage")
    # p1, p3 of p1, p2, p3 = 2 / 3.
    assert cells[(A, M0, "")][1:] == (2.0, 3.0) and close(value(cells, A), 2 / 3)


POSTINGS = [
    po("j1", A, headcount=3, occupation="2"),
    po("j2", A, headcount=2, occupation="2"),
    po("j3", A, headcount=1),
    po("j4", B, headcount=4, occupation="6"),
    po("j5", A, month=M1, headcount=7, occupation="2"),  # next month
]


@pytest.mark.parametrize("engine", ENGINES)
def test_vacancies_by_division_and_occupation(tmp_path, engine):
    d = write(tmp_path, postings=POSTINGS)
    cells = run(d, engine, "vacancies")
    # A: 3 + 2 + 1 = 6, of which major group 2: 3 + 2 = 5 (j3 is uncoded: in the total only).
    assert value(cells, A) == 6 and value(cells, A, "occupation:2") == 5
    # B: 4 (group 6); 430302: 6 + 4 = 10; group 2: 5, group 6: 4. February, A: 7.
    assert value(cells, B) == 4 and value(cells, B, "occupation:6") == 4
    assert value(cells, "430302") == 10 and value(cells, "43", "occupation:6") == 4
    assert value(cells, A, month=M1) == 7


@pytest.mark.parametrize("engine", ENGINES)
def test_openings_per_applicant_by_occupation_and_division(tmp_path, engine):
    applicants = [
        ap("s1", A, occupation="2"),
        ap("s2", A, occupation="2"),
        ap("s3", A, occupation="2"),
        ap("s4", A),
        ap("s5", C, occupation="6"),
        ap("s6", C, occupation="6"),
    ]
    d = write(tmp_path, postings=POSTINGS, applicants=applicants)
    cells = run(d, engine, "openings_applicants_ratio")
    # A: 6 openings / 4 seekers = 1.5; group 2: 5 / 3.
    assert cells[(A, M0, "")] == (1.5, 6.0, 4.0)
    assert close(value(cells, A, "occupation:2"), 5 / 3)
    # B: 4 openings, no seekers: no ratio (null), figures kept.
    assert cells[(B, M0, "")][1:] == (4.0, 0.0)
    assert value(cells, B) is None or math.isnan(value(cells, B))
    # C: no openings, 2 seekers: 0.
    assert cells[(C, M0, "")] == (0.0, 0.0, 2.0)
    # 430302: 10 / 4 = 2.5; 4303, group 6: 4 openings (B) / 2 seekers (C) = 2.0; 4303 total: 10 / 6.
    assert cells[("430302", M0, "")] == (2.5, 10.0, 4.0)
    assert cells[("4303", M0, "occupation:6")] == (2.0, 4.0, 2.0)
    assert close(value(cells, "4303"), 10 / 6)


@pytest.mark.parametrize("engine", ENGINES)
def test_median_posted_pay_is_recomputed_at_every_level(tmp_path, engine):
    d = write(
        tmp_path,
        postings=[
            po("j1", A, pay_mid=4000, is_new=True),
            po("j2", A, pay_mid=5000, is_new=True),
            po("j3", A, pay_mid=9000, is_new=True),
            po("j4", A, pay_mid=100000),  # published in an earlier month: not in this month's median
            po("j5", A, is_new=True),  # no pay stated
            po("j6", B, pay_mid=6000, is_new=True),
        ],
    )
    cells = run(d, engine, "median_posted_pay")
    # A: median of 4000, 5000, 9000 = 5000 (n = 3); B: 6000 (n = 1).
    assert cells[(A, M0, "")] == (5000.0, 5000.0, 3.0)
    assert cells[(B, M0, "")] == (6000.0, 6000.0, 1.0)
    # 430302: median of 4000, 5000, 6000, 9000 = (5000 + 6000) / 2 = 5500 — not the median of A's and B's.
    assert cells[("430302", M0, "")] == (5500.0, 5500.0, 4.0)


@pytest.mark.parametrize("engine", ENGINES)
def test_time_to_fill_is_mean_days_of_postings_filled_in_the_month(tmp_path, engine):
    d = write(
        tmp_path,
        postings=[
            po("j1", A, is_filled=True, days_to_fill=10),
            po("j2", A, is_filled=True, days_to_fill=20),
            po("j3", A),  # live, not filled
            po("j4", B, is_filled=True, days_to_fill=40),
        ],
    )
    cells = run(d, engine, "time_to_fill")
    # A: (10 + 20) / 2 = 15; B: 40 / 1; 430302: (10 + 20 + 40) / 3 = 23.33.
    assert cells[(A, M0, "")] == (15.0, 30.0, 2.0)
    assert cells[(B, M0, "")] == (40.0, 40.0, 1.0)
    assert cells[("430302", M0, "")][1:] == (70.0, 3.0) and close(value(cells, "430302"), 70 / 3)


def test_every_definition_has_a_test_here_and_a_full_documentation():
    import inspect
    import sys

    source = inspect.getsource(sys.modules[__name__])
    for definition in indicators.DEFINITIONS:
        assert f'"{definition.code}"' in source, definition.code
        assert definition.numerator and definition.source and definition.unit and definition.name_zh
        if definition.kind != indicators.COUNT:
            assert definition.denominator, definition.code


def test_suppression_rules():
    reason = indicators.suppression_reason
    # Person counts of 1..4 are hidden, zero is published; posting counts are published.
    assert reason("count", "persons", 3, None) == "count_below_5"
    assert reason("count", "persons", 0, None) == ""
    assert reason("count", "persons", 5, None) == ""
    assert reason("count", "count", 2, None) == ""
    # Review regression: a person count's base of 1..4 persons (the unemployed of the month before, for the
    # re-employed) was published beside it although the same count was hidden as registered_unemployed.
    assert reason("count", "persons", 0, 3) == "denominator_below_5"
    assert reason("count", "persons", 7, 4) == "denominator_below_5"
    assert reason("count", "persons", 0, 0) == ""
    assert reason("count", "persons", 2, 40) == "count_below_5"
    assert reason("count", "persons", 5, 5) == ""
    # Rates need a denominator of 5 or more; medians a sample of 5 or more.
    assert reason("ratio", "rate", 1, 4) == "denominator_below_5"
    assert reason("ratio", "rate", 0, 0) == "denominator_below_5"
    assert reason("ratio", "rate", 1, 5) == ""
    assert reason("holistic", "yuan", 5000, 3) == "sample_below_5"
