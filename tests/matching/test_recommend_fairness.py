"""Fairness of the recommender: protected attributes cannot reach it, and people who differ only outside the
records are treated identically."""

import dataclasses
from datetime import date, timedelta

from jiuye.matching.recommend import (
    FEATURES,
    PROTECTED,
    JobFeatures,
    JobIndex,
    SeekerFeatures,
    SeekerIndex,
    engine,
)

TODAY = date(2026, 11, 28)


def _names(cls) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


def _leaks(names) -> set[str]:
    """Names equal to a protected one, or containing one as a word (`seeker_sex`, `age_band`)."""
    out = set()
    for name in names:
        words = set(name.lower().split("_"))
        if name.lower() in PROTECTED or words & PROTECTED:
            out.add(name)
    return out


def test_protected_attributes_are_absent_from_the_records():
    assert _leaks(_names(JobFeatures)) == set()
    assert _leaks(_names(SeekerFeatures)) == set()


def test_protected_attributes_are_absent_from_the_features():
    assert _leaks(FEATURES) == set()
    assert _leaks(engine.WEIGHTS) == set()
    assert _leaks(engine.JOB_SIDE_WEIGHTS) == set()
    assert _leaks(engine.SEEKER_SIDE_WEIGHTS) == set()
    assert set(engine.WEIGHTS) | set(engine.JOB_SIDE_WEIGHTS) | set(engine.SEEKER_SIDE_WEIGHTS) <= set(
        FEATURES
    )


def test_the_check_fails_when_a_protected_field_is_added():
    """The guard itself: a record with `sex` or `age_band` would be caught."""
    leaky = dataclasses.make_dataclass(
        "Leaky", [("id", int), ("sex", str), ("age_band", str), ("hukou_type", str)]
    )
    assert _leaks(_names(leaky)) == {"sex", "age_band", "hukou_type"}
    assert _leaks((*FEATURES, "ethnicity")) == {"ethnicity"}


def test_the_index_signatures_take_no_protected_argument():
    import inspect

    for fn in (JobIndex.from_columns, SeekerIndex.from_columns):
        assert _leaks(inspect.signature(fn).parameters) == set()


def _jobs():
    codes = ["2-02-10-03", "2-02-10-05", "4-01-01-01", "6-18-01-01", "4-07-05-01", "2-02-13-01"]
    return [
        JobFeatures(
            id=i,
            occupation_code=codes[i % len(codes)],
            lat=27.85 + (i % 7) * 0.02,
            lon=112.9 - (i % 5) * 0.03,
            pay_min=3000 + (i % 9) * 500,
            pay_max=5000 + (i % 11) * 700,
            education_rank=i % 7,
            experience_years=i % 4,
            skills=frozenset(["Java", "Excel", "电工", "叉车操作", "英语"][i % 5 : i % 5 + 2]),
            posted_on=TODAY - timedelta(days=i % 40),
            responsiveness=(i % 10) / 10 if i % 3 else None,
        )
        for i in range(1, 400)
    ]


def test_seekers_identical_in_their_records_get_identical_jobs():
    """Two people who differ only in what the records do not hold (sex, age, ...) and in their id get the same
    jobs, scores and reasons: nothing else can reach the engine."""
    a = SeekerFeatures(
        id=101,
        occupation_codes=("2-02-10", "4-01-01-01"),
        lat=27.86,
        lon=112.91,
        pay_expected=6000,
        education_rank=5,
        experience_years=2,
        skills=frozenset({"Java", "Excel"}),
        max_distance_km=30,
        active_on=TODAY,
    )
    b = dataclasses.replace(a, id=202)
    index = JobIndex(_jobs())
    ra, rb = index.recommend(a, today=TODAY), index.recommend(b, today=TODAY)
    assert ra and ra == rb
    assert all(r.reasons for r in ra)


def test_seekers_identical_in_their_records_score_identically_as_candidates():
    base = SeekerFeatures(
        id=1,
        occupation_codes=("2-02-10-03",),
        lat=27.86,
        lon=112.91,
        pay_expected=6000,
        education_rank=5,
        experience_years=2,
        skills=frozenset({"Java"}),
        active_on=TODAY,
    )
    seekers = [dataclasses.replace(base, id=i) for i in (7, 3, 9)] + [
        dataclasses.replace(base, id=4, occupation_codes=("6-18-01-01",), skills=frozenset())
    ]
    index = SeekerIndex(seekers)
    for j in _jobs()[:30]:
        recs = index.recommend(j, today=TODAY)
        twins = [r for r in recs if r.id in (3, 7, 9)]
        assert all((r.score, r.reasons) == (twins[0].score, twins[0].reasons) for r in twins)
        assert [r.id for r in twins] == sorted(r.id for r in twins)  # ties broken by id, nothing else
        assert all(r.reasons for r in recs)


def test_every_recommendation_has_a_reason():
    jobs = _jobs()
    seekers = [
        SeekerFeatures(
            id=i,
            occupation_codes=(j.occupation_code,) if i % 2 else (),
            lat=j.lat if i % 3 else None,
            lon=j.lon if i % 3 else None,
            pay_expected=(i % 5) * 1500,
            education_rank=i % 9,
            experience_years=i % 6,
            skills=j.skills if i % 4 else frozenset(),
            active_on=None,
        )
        for i, j in enumerate(jobs[:60], start=1)
    ]
    job_index, seeker_index = JobIndex(jobs), SeekerIndex(seekers)
    for s in seekers:
        assert all(r.reasons and 0 <= r.score <= 1 for r in job_index.recommend(s, today=TODAY))
    for j in jobs[:60]:
        assert all(r.reasons and 0 <= r.score <= 1 for r in seeker_index.recommend(j, today=TODAY))


def test_bench_quick_runs_and_reports_fairness():
    """`bench/recommend.py --quick` (20,000 postings and seekers) ends with the BENCH line, fairness keys
    included, and its plain-Python baseline agrees with the engine."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, str(root / "bench" / "recommend.py"), "--quick", "--queries", "30"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=root,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("BENCH recommend ")
    figures = dict(kv.split("=") for kv in last.split()[2:])
    for key in (
        "n_jobs",
        "jobs_p95_ms",
        "n_seekers",
        "candidates_p95_ms",
        "baseline_jobs_ms",
        "baseline_overlap",
    ):
        assert key in figures
    assert any(key.startswith("fair_cand_exposure") for key in figures)
    assert any(key.startswith("fair_jobs_score_gap") for key in figures)
    assert float(figures["baseline_overlap"]) == 1.0
    assert "recommendations without a reason: 0" in done.stdout
