"""The pure recommendation engine: features, hard constraints, reasons, ordering, both directions."""

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from jiuye.matching.recommend import JobFeatures, JobIndex, SeekerFeatures, SeekerIndex, extract_skills
from jiuye.matching.recommend.engine import code_levels

TODAY = date(2026, 11, 28)
YUHU = (27.8563, 112.9072)  # 湘潭 雨湖区
XIANGXIANG = (27.7185, 112.5502)  # 湘乡市, ~37 km west


def job(id, code="2-02-10-03", **kw):
    base = dict(
        id=id,
        occupation_code=code,
        lat=YUHU[0],
        lon=YUHU[1],
        pay_min=5000,
        pay_max=8000,
        education_rank=5,
        experience_years=1,
        skills=frozenset({"Java", "MySQL"}),
        posted_on=TODAY - timedelta(days=3),
        responsiveness=0.9,
    )
    base.update(kw)
    return JobFeatures(**base)


def seeker(id=1, codes=("2-02-10-03",), **kw):
    base = dict(
        id=id,
        occupation_codes=codes,
        lat=YUHU[0] + 0.01,
        lon=YUHU[1],
        pay_expected=6000,
        education_rank=6,
        experience_years=3,
        skills=frozenset({"Java", "MySQL", "Redis"}),
        max_distance_km=None,
        active_on=TODAY - timedelta(days=2),
    )
    base.update(kw)
    return SeekerFeatures(**base)


def codes_of(recs):
    return [{r.code for r in rec.reasons} for rec in recs]


def test_code_levels():
    assert code_levels("2-02-10-03") == ("2", "2-02", "2-02-10", "2-02-10-03")
    assert code_levels("4-01") == ("4", "4-01")
    assert code_levels("") == ()


def test_occupation_tree_distance_orders_jobs():
    jobs = [
        job(1, "2-02-10-03"),  # same 细类
        job(2, "2-02-10-05"),  # same 小类
        job(3, "2-02-13-01"),  # same 中类
        job(4, "2-05-01-01"),  # same 大类 only
        job(5, "6-01-01-01"),  # another 大类
    ]
    recs = JobIndex(jobs).recommend(seeker(), today=TODAY)
    assert [r.id for r in recs] == [1, 2, 3, 4, 5]
    reasons = codes_of(recs)
    assert "same_occupation_unit" in reasons[0]
    assert "same_occupation_minor" in reasons[1]
    assert "same_occupation_middle" in reasons[2]
    assert not reasons[3] & {"same_occupation_unit", "same_occupation_minor", "same_occupation_middle"}
    assert recs[0].score > recs[1].score > recs[2].score > recs[3].score > recs[4].score


def test_coarse_wish_matches_every_code_inside_it():
    recs = JobIndex([job(1, "2-02-10-03"), job(2, "2-02-10-99"), job(3, "2-02-13-01")]).recommend(
        seeker(codes=("2-02-10",)), today=TODAY
    )
    by_id = {r.id: r for r in recs}
    assert by_id[1].score == by_id[2].score > by_id[3].score
    reason = next(r for r in by_id[1].reasons if r.code == "same_occupation")
    assert reason.params == {"code": "2-02-10", "desired": True}


def test_later_codes_count_less_than_the_wish():
    s = seeker(codes=("4-01-01-01", "2-02-10-03"))
    recs = JobIndex([job(1, "4-01-01-01"), job(2, "2-02-10-03")]).recommend(s, today=TODAY)
    assert [r.id for r in recs] == [1, 2]
    past = next(r for r in recs[1].reasons if r.code == "same_occupation_unit")
    assert past.params["desired"] is False


def test_reasons_carry_params():
    recs = JobIndex([job(1)]).recommend(seeker(), today=TODAY)
    reasons = {r.code: r.params for r in recs[0].reasons}
    assert reasons["within_km"] == {"km": 2}  # ~1.1 km, rounded up to the next step
    assert reasons["pay_in_range"] == {"pay_min": 5000, "pay_max": 8000}
    assert reasons["skills_shared"] == {"skills": ["Java", "MySQL"]}
    assert reasons["education_met"] == {"rank": 5}
    assert reasons["experience_met"] == {"years": 1}
    assert reasons["recent"] == {"days": 3}
    assert reasons["responsive_employer"] == {"share": 0.9}
    assert 0 < recs[0].score <= 1


def test_commuting_limit_is_a_hard_constraint():
    jobs = [job(1), job(2, lat=XIANGXIANG[0], lon=XIANGXIANG[1]), job(3, lat=None, lon=None)]
    assert {r.id for r in JobIndex(jobs).recommend(seeker(), today=TODAY)} == {1, 2, 3}
    limited = seeker(max_distance_km=10)
    assert {r.id for r in JobIndex(jobs).recommend(limited, today=TODAY)} == {1, 3}  # no coordinates: kept
    candidates = SeekerIndex([limited]).recommend(jobs[1], today=TODAY)
    assert candidates == []


def test_education_two_levels_short_excludes_one_level_short_is_soft():
    jobs = [job(1, education_rank=5), job(2, education_rank=6), job(3, education_rank=7)]
    recs = JobIndex(jobs).recommend(seeker(education_rank=5), today=TODAY)  # 大学专科
    assert [r.id for r in recs] == [1, 2]  # bachelor one short: kept lower; master two short: out
    assert recs[0].score > recs[1].score
    assert "education_met" not in codes_of(recs)[1]
    # senior (3) and vocational (4) secondary are one level
    recs = JobIndex([job(1, education_rank=3)]).recommend(seeker(education_rank=4), today=TODAY)
    assert "education_met" in codes_of(recs)[0]


def test_distance_pay_skills_and_recency_each_move_the_score():
    base = job(1)
    s = seeker()
    variants = {
        "far": replace(base, id=2, lat=XIANGXIANG[0], lon=XIANGXIANG[1]),
        "low_pay": replace(base, id=3, pay_min=2500, pay_max=3500),
        "no_skills": replace(base, id=4, skills=frozenset()),
        "old": replace(base, id=5, posted_on=TODAY - timedelta(days=120)),
        "slow_employer": replace(base, id=6, responsiveness=0.1),
        "more_experience": replace(base, id=7, experience_years=6),
    }
    recs = {r.id: r.score for r in JobIndex([base, *variants.values()]).recommend(s, today=TODAY)}
    for name, v in variants.items():
        assert recs[v.id] < recs[1], name


def test_pay_in_range_only_when_the_maximum_reaches_the_expectation():
    recs = JobIndex([job(1, pay_min=3000, pay_max=4000)]).recommend(seeker(pay_expected=6000), today=TODAY)
    assert "pay_in_range" not in codes_of(recs)[0]
    recs = JobIndex([job(1)]).recommend(seeker(pay_expected=0), today=TODAY)  # no expectation stated
    assert "pay_in_range" not in codes_of(recs)[0]


def test_top_and_tie_order_by_id():
    jobs = [job(i) for i in range(50, 0, -1)]
    recs = JobIndex(jobs).recommend(seeker(), top=5, today=TODAY)
    assert [r.id for r in recs] == [1, 2, 3, 4, 5]
    assert JobIndex(jobs).recommend(seeker(), top=0, today=TODAY) == []
    assert JobIndex([]).recommend(seeker(), today=TODAY) == []


def test_from_columns_is_the_same_index():
    jobs = [job(1), job(2, "2-02-10-05", lat=None, lon=None), job(3, "4-01-01-01", posted_on=TODAY)]
    a = JobIndex(jobs).recommend(seeker(), today=TODAY)
    b = JobIndex.from_columns(
        ids=[j.id for j in jobs],
        occupation_codes=[j.occupation_code for j in jobs],
        lat=[j.lat for j in jobs],
        lon=[j.lon for j in jobs],
        pay_min=[j.pay_min for j in jobs],
        pay_max=[j.pay_max for j in jobs],
        education_rank=[j.education_rank for j in jobs],
        experience_years=[j.experience_years for j in jobs],
        skills=[j.skills for j in jobs],
        posted_on=[j.posted_on.toordinal() for j in jobs],
        responsiveness=[j.responsiveness for j in jobs],
    ).recommend(seeker(), today=TODAY)
    assert a == b


def test_from_columns_rejects_ragged_columns():
    with pytest.raises(ValueError, match="lengths"):
        JobIndex.from_columns(
            ids=[1, 2],
            occupation_codes=["2", "3"],
            lat=[1.0],
            lon=[1.0, 2.0],
            pay_min=[1, 2],
            pay_max=[1, 2],
            education_rank=[0, 0],
            experience_years=[0, 0],
            skills=[(), ()],
            posted_on=[TODAY, TODAY],
        )


def test_candidates_for_a_posting():
    seekers = [
        seeker(1),
        seeker(2, codes=("2-02-10-05",)),
        seeker(3, codes=("6-01-01-01",), skills=frozenset()),
        seeker(4, education_rank=2),  # junior secondary vs 大学专科 required: two levels short, out
        seeker(5, codes=(), skills=frozenset({"Java"}), active_on=None),
    ]
    recs = SeekerIndex(seekers).recommend(job(1), today=TODAY)
    assert [r.id for r in recs][:2] == [1, 2]
    assert 4 not in {r.id for r in recs}
    assert "same_occupation_unit" in codes_of(recs)[0]
    assert "recent" in codes_of(recs)[0]
    assert all(r.reasons for r in recs)


def test_pair_score_is_the_same_in_both_directions_up_to_the_side_score():
    s = seeker(codes=("2-02-10", "4-01-01-01"))
    jobs = [job(1, "2-02-10-03"), job(2, "4-01-01"), job(3, "2-02-13-01", pay_min=9000, pay_max=12000)]
    forward = {r.id: r.score for r in JobIndex(jobs).recommend(s, today=TODAY)}
    for j in jobs:
        back = SeekerIndex([s]).recommend(j, today=TODAY)[0].score
        # job side: recency 3 days (1/(1+3/14)) * 0.05 + responsiveness 0.9 * 0.05; seeker side: 2 days * 0.10
        job_side = 0.05 / (1 + 3 / 14) + 0.05 * 0.9
        seeker_side = 0.10 / (1 + 2 / 14)
        assert forward[j.id] - job_side == pytest.approx(back - seeker_side, abs=1e-3)


def test_seeker_without_anything_still_gets_reasoned_results_or_none():
    bare = SeekerFeatures(
        id=9,
        occupation_codes=(),
        lat=None,
        lon=None,
        pay_expected=0,
        education_rank=0,
        experience_years=0,
        skills=frozenset(),
    )
    recs = JobIndex(
        [
            job(
                1,
                education_rank=0,
                experience_years=0,
                posted_on=TODAY - timedelta(days=60),
                responsiveness=None,
            )
        ]
    ).recommend(bare, today=TODAY)
    assert recs == []  # nothing to say why: not recommended
    recs = JobIndex([job(1, education_rank=0)]).recommend(bare, today=TODAY)
    assert [r.code for r in recs[0].reasons] == ["recent", "responsive_employer"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("持电工证，熟练使用Excel和CAD", {"电工证", "电工", "Excel", "CAD"}),
        ("有驾照 C1，叉车证优先", {"驾照C1", "驾驶证", "叉车证", "叉车操作"}),
        ("Java开发，熟悉Spring Boot、MySQL", {"Java", "Spring", "MySQL"}),
        ("JavaScript前端", {"JavaScript"}),
        ("CET-6, fluent English, Python and SQL", {"英语六级", "英语", "Python", "SQL"}),
        ("C端产品", set()),
        ("", set()),
    ],
)
def test_extract_skills(text, expected):
    assert extract_skills(text) == frozenset(expected)


def test_extract_skills_refuses_non_text():
    assert extract_skills(None) == frozenset()


# --- the vectorised score against a plain one-pair-at-a-time reference of the documented formula ---


def _reference(s: SeekerFeatures, j: JobFeatures, side: float) -> float:
    """The module docstring's score for one pair, written out plainly (-inf when a hard constraint fails)."""
    import math

    km = None
    if None not in (s.lat, s.lon, j.lat, j.lon):
        lat0 = s.lat if side == "jobs" else j.lat  # the query point's latitude sets the scale
        dx = (j.lon - s.lon) * 111.320 * math.cos(math.radians(lat0))
        dy = (j.lat - s.lat) * 110.574
        km = math.hypot(dx, dy)
    limit = s.max_distance_km if s.max_distance_km is not None and s.max_distance_km < 100 else None
    if limit is not None and km is not None and km > limit:
        return -math.inf
    level = [0, 1, 2, 3, 3, 4, 5, 6, 7]
    gap = level[j.education_rank] - level[s.education_rank]
    if gap >= 2:
        return -math.inf
    occ = 0.0
    for i, code in enumerate(s.occupation_codes[:3]):
        a, b = code_levels(code), code_levels(j.occupation_code)
        shared = 0
        while shared < min(len(a), len(b)) and a[shared] == b[shared]:
            shared += 1
        o = 1.0 if a and shared == len(a) else [0, 0.15, 0.45, 0.75, 1.0][shared]
        occ = max(occ, o * (1 if i == 0 else 0.7))
    common = len(s.skills & j.skills)
    skills = common / math.sqrt(max(len(j.skills), 1) * len(s.skills)) if common else 0.0
    dist = 0.5 if km is None else (math.exp(-km / 15) if km <= 100 else 0.0)
    e = s.pay_expected
    if e <= 0 or j.pay_max <= 0:
        pay = 0.5
    elif j.pay_min >= e:
        pay = 1.0
    else:
        pay = min(0.85, max(0.0, 2 * j.pay_max / e - 1))
    edu = 1.0 if gap <= 0 else 0.4
    experience = min(1.0, max(0.0, 1 - (min(j.experience_years, 20) - min(s.experience_years, 20)) / 3))
    score = 0.35 * occ + 0.2 * skills + 0.15 * dist + 0.1 * pay + 0.05 * edu + 0.05 * experience
    if side == "jobs":
        days = (TODAY - j.posted_on).days
        resp = 0.5 if j.responsiveness is None else j.responsiveness
        return score + 0.05 / (1 + max(days, 0) / 14) + 0.05 * resp
    activity = 0.3 if s.active_on is None else 1 / (1 + max((TODAY - s.active_on).days, 0) / 14)
    return score + 0.1 * activity


def _random_world(seed, n_jobs=400, n_seekers=150):
    import random

    rng = random.Random(seed)
    centres = [(27.85, 112.9), (28.2, 112.95), (29.5, 113.2), (26.0, 111.5), (39.9, 116.4)]
    codes = ["2-02-10-03", "2-02-10-05", "2-02-13-01", "4-01-01-01", "4-01-02", "6-18-01-01", "2", ""]
    skills = ["Java", "Excel", "电工", "叉车操作", "英语", "CAD", "焊工"]

    def point(missing):
        if rng.random() < missing:
            return None, None
        lat, lon = rng.choice(centres)
        return lat + rng.gauss(0, 0.4), lon + rng.gauss(0, 0.4)

    jobs = []
    for i in range(1, n_jobs + 1):
        lat, lon = point(0.1)
        lo = rng.choice([0, 2500, 4000, 6000])
        jobs.append(
            JobFeatures(
                id=i,
                occupation_code=rng.choice(codes),
                lat=lat,
                lon=lon,
                pay_min=lo,
                pay_max=lo + rng.choice([0, 1000, 3000]) if lo else 0,
                education_rank=rng.randint(0, 8),
                experience_years=rng.choice([0, 1, 3, 5, 25]),
                skills=frozenset(rng.sample(skills, rng.randint(0, 3))),
                posted_on=TODAY - timedelta(days=rng.randint(0, 100)),
                responsiveness=rng.choice([None, 0.2, 0.75, 1.0]),
            )
        )
    seekers = []
    for i in range(1, n_seekers + 1):
        lat, lon = point(0.1)
        seekers.append(
            SeekerFeatures(
                id=1000 + i,
                occupation_codes=tuple(rng.sample(codes[:-1], rng.randint(0, 3))),
                lat=lat,
                lon=lon,
                pay_expected=rng.choice([0, 3000, 5000, 8000]),
                education_rank=rng.randint(0, 8),
                experience_years=rng.choice([0, 2, 4, 30]),
                skills=frozenset(rng.sample(skills, rng.randint(0, 3))),
                max_distance_km=rng.choice([None, None, 5.0, 30.0, 80.0, 150.0]),
                active_on=rng.choice([None, TODAY - timedelta(days=rng.randint(0, 60))]),
            )
        )
    return jobs, seekers


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_vectorised_scores_equal_the_plain_reference(seed):
    import math

    jobs, seekers = _random_world(seed)
    job_index, seeker_index = JobIndex(jobs), SeekerIndex(seekers)
    for s in seekers[:60]:
        got = job_index.score_all(s, today=TODAY)
        for j, value in zip(jobs, got, strict=True):
            want = _reference(s, j, "jobs")
            assert (math.isinf(want) and math.isinf(value)) or value == pytest.approx(want, abs=2e-5), (s, j)
    for j in jobs[:60]:
        got = seeker_index.score_all(j, today=TODAY)
        for s, value in zip(seekers, got, strict=True):
            want = _reference(s, j, "candidates")
            assert (math.isinf(want) and math.isinf(value)) or value == pytest.approx(want, abs=2e-5), (s, j)


@pytest.mark.parametrize("seed", [4, 5])
def test_recommend_returns_the_best_scores_in_order(seed):
    """recommend() = the top of score_all by (-score, id), skipping only rows with nothing to say."""
    jobs, seekers = _random_world(seed)
    job_index = JobIndex(jobs)
    for s in seekers[:40]:
        scores = job_index.score_all(s, today=TODAY)
        by_id = {j.id: float(v) for j, v in zip(jobs, scores, strict=True)}
        ranked = [i for _, i in sorted((-v, i) for i, v in by_id.items() if v > -float("inf"))]
        recs = job_index.recommend(s, top=10, today=TODAY)
        positions = [ranked.index(r.id) for r in recs]
        assert positions == sorted(positions)  # in ranked order
        assert all(r.score == pytest.approx(by_id[r.id], abs=1e-4) for r in recs)
        last = positions[-1] + 1 if len(recs) == 10 else len(ranked)
        for skipped in set(ranked[:last]) - {r.id for r in recs}:  # passed over: nothing to say about it
            row = int(np.flatnonzero(job_index.ids == skipped)[0])
            assert job_index._reasons(s, row, TODAY) == []


def test_distance_beyond_the_cutoff_scores_nothing_and_long_limits_are_no_limit():
    beijing = job(2, lat=39.9, lon=116.4)
    s = seeker(max_distance_km=500)
    recs = {r.id: r for r in JobIndex([job(1), beijing]).recommend(s, today=TODAY)}
    assert set(recs) == {1, 2}  # a limit of 500 km counts as no limit
    assert "within_km" not in {x.code for x in recs[2].reasons}
    no_distance = JobIndex([replace(beijing, lat=None, lon=None)]).recommend(s, today=TODAY)[0].score
    assert recs[2].score == pytest.approx(no_distance - 0.15 * 0.5, abs=1e-4)


def test_bad_columns_name_the_field():
    with pytest.raises(ValueError, match="pay_min"):
        JobIndex([job(1, pay_min=None)])
    with pytest.raises(ValueError, match="education_rank"):
        SeekerIndex([seeker(1, education_rank="本科")])
