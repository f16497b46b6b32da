"""Benchmark `recommend`: top-20 jobs for a seeker among 1,000,000 postings; candidates among 1,000,000 seekers.

    python bench/recommend.py            # 1,000,000 postings and seekers, 1,000 queries each way
    python bench/recommend.py --quick    # 20,000 of each, 100 queries each way

Postings: posting templates come from `bench/search.py`'s generator (imported, not copied): real 2019 BOSS直聘/拉勾
titles and description sentences with 大典 2022 detailed codes (half in the IT minor group 2-02-10) and education
and experience requirements (its education scale is mapped to taxonomy.EducationLevel ranks). Each template's skills
are `extract_skills(title + description)`. A million postings draw a template each; 30% of them also name one more
skill drawn by frequency (so skill sets vary as in real data). Pay is the real pay text of the three files parsed with
`jiuye.jobs.salary`, scaled by 0.35–0.8 (2019 first-tier IT pay to prefecture levels, as search.py does). Places:
the real prefecture centres of china-admin-divisions weighted by their 2020 census population, jittered by ~9 km;
5% without coordinates. Posted 0–90 days ago. Employer responsiveness: the real `resumeProcessRate` values of the
拉勾 analyst file, unknown for 35%.

Seekers: sex and 5-year age band (15–64) drawn jointly from the 2020 census national counts, and education drawn
by sex from the census education counts; sex and age band are kept in arrays OUTSIDE the engine (only to report
fairness) — the engine never sees them. Experience years follow from age (0 to age − 18), which is how age can
reach the ranking indirectly; the fairness figures show how much. Occupations and skills come from a random
posting template (wish, sometimes only at 小类 or 中类 level; 40% add a second, past occupation); pay expectation
from the same pay distribution; commuting limit (60% none, else 5–50 km); last active 0–120 days ago.

Baseline (same run): a plain per-row Python loop computing the same documented score over the same rows (lists,
no numpy) for a few queries each way; its top-20 ids are compared with the engine's.
"""

from __future__ import annotations

import argparse
import csv
import heapq
import math
import os
import resource
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import search as search_bench  # noqa: E402  (bench/search.py: the posting generator)

from jiuye.jobs.salary import parse_salary  # noqa: E402
from jiuye.matching.recommend import JobFeatures, JobIndex, SeekerFeatures, SeekerIndex  # noqa: E402
from jiuye.matching.recommend import engine as E  # noqa: E402
from jiuye.matching.recommend.skills import extract_skills  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
CENSUS = DATA / "reference" / "china-population-census"
TODAY = search_bench.TODAY
# bench/search.py's education scale -> taxonomy.EducationLevel.rank
SEARCH_EDU_TO_RANK = {0: 0, 1: 2, 2: 4, 3: 3, 4: 5, 5: 6, 6: 7, 7: 8}
AGE_BANDS = ("15-24", "25-34", "35-44", "45-54", "55-64")


def percentile(values, q):
    return search_bench.percentile(list(values), q)


# ---------------------------------------------------------------------------------------------------------------
# Reference data


def read_pay() -> np.ndarray:
    """Monthly (min, max) yuan of every real pay text the salary parser understands."""
    out = []
    files = (
        ("boss_zhipin_2019_it_jobs.csv", "wage"),
        ("lagou_2019_it_jobs.csv", "wage"),
        ("lagou_data_analyst_positions_with_coords.csv", "salary"),
    )
    for name, column in files:
        with open(search_bench.POSTINGS / name, encoding="utf-8-sig") as f:
            for r in csv.DictReader(f):
                parsed = parse_salary(r[column])
                if parsed and parsed.monthly_min and parsed.monthly_max:
                    out.append((parsed.monthly_min, parsed.monthly_max))
    return np.array(out, dtype=np.float64)


def read_responsiveness() -> np.ndarray:
    with open(
        search_bench.POSTINGS / "lagou_data_analyst_positions_with_coords.csv", encoding="utf-8-sig"
    ) as f:
        values = [float(r["resumeProcessRate"]) / 100 for r in csv.DictReader(f) if r["resumeProcessRate"]]
    return np.clip(np.array(values, dtype=np.float32), 0, 1)


def read_prefectures() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Centres (lat, lon) of the prefectures with a 2020 census population, and population weights."""
    centres = {}
    with open(search_bench.DIVISIONS / "adcodes_with_coords_cpca.csv", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            if r["adcode"][6:] == "000000" and r["latitude"]:
                centres[r["adcode"][:6]] = (float(r["latitude"]), float(r["longitude"]))
    lat, lon, pop = [], [], []
    with open(CENSUS / "census_city_2010-2020_v1.csv", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            if r["city_code"] in centres and r["popu_2020"]:
                lat.append(centres[r["city_code"]][0])
                lon.append(centres[r["city_code"]][1])
                pop.append(float(r["popu_2020"]))
    pop = np.array(pop)
    return np.array(lat), np.array(lon), pop / pop.sum()


def read_census() -> dict:
    """National 2020 counts: (sex, 5-year band 15..64) and education by sex."""
    with open(CENSUS / "census_county_2020_v1.tsv", encoding="utf-8") as f:
        reader = csv.DictReader(f, delimiter="\t")
        row = next(r for r in reader if r["省"] == "全国")
    ages = [
        (15, 19),
        (20, 24),
        (25, 29),
        (30, 34),
        (35, 39),
        (40, 44),
        (45, 49),
        (50, 54),
        (55, 59),
        (60, 64),
    ]
    cells, weights = [], []
    for sex, label in ((0, "男"), (1, "女")):
        for lo, hi in ages:
            cells.append((sex, lo))
            weights.append(float(row[f"{label}_{lo}到{hi}岁"]))
    education = {}
    for sex, label in ((0, "男"), (1, "女")):
        education[sex] = np.array(
            [
                float(row[f"未上过学_{label}"]) + float(row[f"学前教育_{label}"]),
                float(row[f"小学_{label}"]),
                float(row[f"初中_{label}"]),
                float(row[f"高中_{label}"]),
                float(row[f"大学专科_{label}"]),
                float(row[f"本科及以上_{label}"]),
            ]
        )
    w = np.array(weights)
    return {
        "cells": cells,
        "weights": w / w.sum(),
        "education": {k: v / v.sum() for k, v in education.items()},
    }


# ---------------------------------------------------------------------------------------------------------------
# Generation


def templates(k: int):
    """Posting templates from bench/search.py's generator, with extracted skills."""
    records = search_bench.generate(k, seed=11)
    codes = np.array([r.occupation_code for r in records], dtype=object)
    skills = [extract_skills(f"{r.title}。{r.description}") for r in records]
    edu = np.array([SEARCH_EDU_TO_RANK.get(r.education_rank, 0) for r in records], dtype=np.int8)
    exp = np.array([r.experience_years for r in records], dtype=np.int16)
    return codes, skills, edu, exp


def place(rng, n, prefectures, missing):
    lat_c, lon_c, weights = prefectures
    p = rng.choice(len(weights), size=n, p=weights)
    lat = (lat_c[p] + rng.normal(0, 0.08, n)).astype(np.float32)
    lon = (lon_c[p] + rng.normal(0, 0.08, n)).astype(np.float32)
    gone = rng.random(n) < missing
    lat[gone] = np.nan
    lon[gone] = np.nan
    return lat, lon


def generate_postings(n, rng, tmpl, pay, resp_pool, prefectures) -> dict:
    codes, skills, edu, exp = tmpl
    t = rng.integers(len(codes), size=n)
    counts: dict[str, int] = {}
    for s in skills:
        for name in s:
            counts[name] = counts.get(name, 0) + 1
    names = sorted(counts)
    freq = np.array([counts[x] for x in names], dtype=np.float64)
    row_skills = [skills[i] for i in t.tolist()]
    extra_rows = np.flatnonzero(rng.random(n) < 0.3)
    extra = rng.choice(len(names), size=len(extra_rows), p=freq / freq.sum())
    for row, e in zip(extra_rows.tolist(), extra.tolist(), strict=True):
        row_skills[row] = row_skills[row] | {names[e]}
    scale = rng.uniform(0.35, 0.8, n)
    pick = rng.integers(len(pay), size=n)
    pay_min = np.maximum(1900, (pay[pick, 0] * scale) // 100 * 100).astype(np.int32)
    pay_max = np.maximum(pay_min, (pay[pick, 1] * scale) // 100 * 100).astype(np.int32)
    lat, lon = place(rng, n, prefectures, 0.05)
    resp = resp_pool[rng.integers(len(resp_pool), size=n)].astype(np.float32)
    resp[rng.random(n) < 0.35] = np.nan
    return dict(
        ids=np.arange(1, n + 1, dtype=np.int64),
        occupation_codes=codes[t],
        lat=lat,
        lon=lon,
        pay_min=pay_min,
        pay_max=pay_max,
        education_rank=edu[t],
        experience_years=exp[t],
        skills=row_skills,
        posted_on=TODAY.toordinal() - rng.integers(0, 91, size=n),
        responsiveness=resp,
    )


def generate_seekers(n, rng, tmpl, pay, prefectures, census) -> tuple[dict, dict]:
    codes, skills, _, _ = tmpl
    cell = rng.choice(len(census["weights"]), size=n, p=census["weights"])
    sex = np.array([census["cells"][c][0] for c in range(len(census["cells"]))], dtype=np.int8)[cell]
    age_lo = np.array([census["cells"][c][1] for c in range(len(census["cells"]))], dtype=np.int16)[cell]
    age = age_lo + rng.integers(0, 5, size=n)
    band = np.minimum((np.maximum(age, 15) - 15) // 10, 4).astype(np.int8)
    # education by sex: census group -> taxonomy rank
    group = np.empty(n, dtype=np.int8)
    for s in (0, 1):
        rows = np.flatnonzero(sex == s)
        group[rows] = rng.choice(6, size=len(rows), p=census["education"][s])
    u = rng.random(n)
    rank = np.choose(
        group, [np.zeros(n), np.ones(n), np.full(n, 2), np.full(n, 3), np.full(n, 5), np.full(n, 6)]
    )
    rank = np.where((group == 3) & (u < 0.4), 4, rank)  # 高中: 40% secondary vocational
    rank = np.where((group == 5) & (u < 0.10), 7, rank)  # 本科及以上: 10% master, 2% doctor
    rank = np.where((group == 5) & (u < 0.02), 8, rank).astype(np.int8)
    experience = np.floor(rng.random(n) * np.maximum(0, age - 18)).astype(np.int16)
    # occupations: a template's code as the wish (30% only its 小类, 10% its 中类), 40% a second (past) code
    t = rng.integers(len(codes), size=n)
    t2 = rng.integers(len(codes), size=n)
    level = rng.choice([4, 3, 2], size=n, p=[0.6, 0.3, 0.1])
    second = rng.random(n) < 0.4
    none = rng.random(n) < 0.05
    cut = {}
    occupation_codes = []
    for i, (a, b, lv, two, no) in enumerate(
        zip(t.tolist(), t2.tolist(), level.tolist(), second.tolist(), none.tolist(), strict=True)
    ):
        if no:
            occupation_codes.append(())
            continue
        key = (a, lv)
        wish = cut.get(key)
        if wish is None:
            wish = cut[key] = "-".join(codes[a].split("-")[:lv])
        occupation_codes.append((wish, codes[b]) if two else (wish,))
        del i
    # skills: a few variants per template (all, a random 70% subset, plus one from the second template)
    variants = []
    vrng = np.random.default_rng(5)
    for j, s in enumerate(skills):
        items = sorted(s)
        subset = frozenset(x for x in items if vrng.random() < 0.7)
        variants.append((s, subset, s | skills[(j * 7919) % len(skills)], frozenset()))
    v = rng.choice(4, size=n, p=[0.45, 0.3, 0.15, 0.1])
    row_skills = [variants[a][b] for a, b in zip(t.tolist(), v.tolist(), strict=True)]
    scale = rng.uniform(0.35, 0.8, n) * rng.uniform(0.9, 1.2, n)
    expected = ((pay[rng.integers(len(pay), size=n), 0] * scale) // 500 * 500).astype(np.int32)
    expected[rng.random(n) < 0.15] = 0
    lat, lon = place(rng, n, prefectures, 0.03)
    limit = rng.choice(
        np.array([np.nan, 5, 10, 20, 30, 50], dtype=np.float32), size=n, p=[0.6, 0.05, 0.1, 0.1, 0.1, 0.05]
    )
    active = (TODAY.toordinal() - rng.integers(0, 121, size=n)).astype(np.int64)
    active[rng.random(n) < 0.1] = 0
    columns = dict(
        ids=np.arange(1, n + 1, dtype=np.int64),
        occupation_codes=occupation_codes,
        lat=lat,
        lon=lon,
        pay_expected=expected,
        education_rank=rank,
        experience_years=experience,
        skills=row_skills,
        max_distance_km=limit,
        active_on=active,
    )
    return columns, {"sex": sex, "band": band}


def _num(x):
    return None if isinstance(x, float) and math.isnan(x) else x


def seeker_at(c: dict, i: int) -> SeekerFeatures:
    return SeekerFeatures(
        id=int(c["ids"][i]),
        occupation_codes=tuple(c["occupation_codes"][i]),
        lat=_num(float(c["lat"][i])),
        lon=_num(float(c["lon"][i])),
        pay_expected=int(c["pay_expected"][i]),
        education_rank=int(c["education_rank"][i]),
        experience_years=int(c["experience_years"][i]),
        skills=c["skills"][i],
        max_distance_km=_num(float(c["max_distance_km"][i])),
        active_on=date.fromordinal(int(c["active_on"][i])) if c["active_on"][i] > 0 else None,
    )


def job_at(c: dict, i: int) -> JobFeatures:
    return JobFeatures(
        id=int(c["ids"][i]),
        occupation_code=str(c["occupation_codes"][i]),
        lat=_num(float(c["lat"][i])),
        lon=_num(float(c["lon"][i])),
        pay_min=int(c["pay_min"][i]),
        pay_max=int(c["pay_max"][i]),
        education_rank=int(c["education_rank"][i]),
        experience_years=int(c["experience_years"][i]),
        skills=c["skills"][i],
        posted_on=date.fromordinal(int(c["posted_on"][i])),
        responsiveness=_num(float(c["responsiveness"][i])),
    )


# ---------------------------------------------------------------------------------------------------------------
# Baseline: the documented score, one row at a time in plain Python


def _levels(code):
    parts = [p for p in (code or "").split("-") if p]
    return ["-".join(parts[: i + 1]) for i in range(min(4, len(parts)))]


def _occ(seeker_codes, job_code):
    job = _levels(job_code)
    best = 0.0
    for i, code in enumerate(seeker_codes[: E.MAX_SEEKER_CODES]):
        mine = _levels(code)
        shared = 0
        while shared < min(len(mine), len(job)) and mine[shared] == job[shared]:
            shared += 1
        s = 1.0 if mine and shared == len(mine) else [0.0, 0.15, 0.45, 0.75, 1.0][shared]
        best = max(best, s * (1.0 if i == 0 else E.LATER_CODE_FACTOR))
    return best


def _pair(
    s,
    j_code,
    j_lat,
    j_lon,
    pmin,
    pmax,
    req_rank,
    req_years,
    j_skills,
    s_codes,
    s_lat,
    s_lon,
    expected,
    rank,
    years,
    s_skills,
    limit,
):
    """(pair score, eligible) for one seeker/posting pair, in plain Python."""
    km = None
    if None not in (j_lat, j_lon, s_lat, s_lon):
        dx = (j_lon - s_lon) * E.KM_PER_DEG_LON * math.cos(math.radians(s["lat0"]))
        dy = (j_lat - s_lat) * E.KM_PER_DEG_LAT
        km = math.hypot(dx, dy)
    if limit is not None and limit < E.DISTANCE_CUTOFF_KM and km is not None and km > limit:
        return 0.0, False
    levels = [0, 1, 2, 3, 3, 4, 5, 6, 7]
    gap = levels[min(max(req_rank, 0), 8)] - levels[min(max(rank, 0), 8)]
    if gap >= 2:
        return 0.0, False
    edu = 1.0 if gap <= 0 else E.EDU_ONE_SHORT
    if expected <= 0 or pmax <= 0:
        pay = E.UNKNOWN_PAY
    elif pmin >= expected:
        pay = 1.0
    elif pmax >= expected:
        pay = 0.85
    else:
        pay = min(0.85, max(0.0, 1 - (expected - pmax) / (0.5 * expected)))
    common = len(s_skills & j_skills)
    skills = common / math.sqrt(max(len(j_skills), 1) * len(s_skills)) if common else 0.0
    if km is None:
        dist = E.UNKNOWN_DISTANCE
    else:
        dist = math.exp(-km / E.DISTANCE_SCALE_KM) if km <= E.DISTANCE_CUTOFF_KM else 0.0
    gap_years = min(max(req_years, 0), E.EXP_CAP) - min(max(years, 0), E.EXP_CAP)
    exp_score = min(1.0, max(0.0, 1 - gap_years / 3))
    w = E.WEIGHTS
    return (
        w["occupation"] * _occ(s_codes, j_code)
        + w["skills"] * skills
        + w["distance"] * dist
        + w["pay"] * pay
        + w["education"] * edu
        + w["experience"] * exp_score
    ), True


def baseline_jobs(jobs_py: list, seeker: SeekerFeatures, top: int) -> list[int]:
    ctx = {"lat0": seeker.lat or 0.0}
    best = []
    today = TODAY.toordinal()
    for jid, code, lat, lon, pmin, pmax, rank, years, skills, posted, resp in jobs_py:
        score, ok = _pair(
            ctx,
            code,
            lat,
            lon,
            pmin,
            pmax,
            rank,
            years,
            skills,
            seeker.occupation_codes,
            seeker.lat,
            seeker.lon,
            seeker.pay_expected,
            seeker.education_rank,
            seeker.experience_years,
            seeker.skills,
            seeker.max_distance_km,
        )
        if not ok:
            continue
        score += E.JOB_SIDE_WEIGHTS["recency"] / (1 + max(today - posted, 0) / E.RECENCY_DAYS)
        score += E.JOB_SIDE_WEIGHTS["responsiveness"] * (E.UNKNOWN_RESPONSIVENESS if resp is None else resp)
        best.append((score, -jid))
    return [-i for _, i in heapq.nlargest(top, best)]


def baseline_candidates(seekers_py: list, job: JobFeatures, top: int) -> list[int]:
    ctx = {"lat0": job.lat or 0.0}  # the engine's cos(latitude) is the query point's
    best = []
    today = TODAY.toordinal()
    for sid, codes, lat, lon, expected, rank, years, skills, limit, active in seekers_py:
        score, ok = _pair(
            ctx,
            job.occupation_code,
            job.lat,
            job.lon,
            job.pay_min,
            job.pay_max,
            job.education_rank,
            job.experience_years,
            job.skills,
            codes,
            lat,
            lon,
            expected,
            rank,
            years,
            skills,
            limit,
        )
        if not ok:
            continue
        recency = E.UNKNOWN_ACTIVITY if not active else 1 / (1 + max(today - active, 0) / E.RECENCY_DAYS)
        best.append((score + E.SEEKER_SIDE_WEIGHTS["recency"] * recency, -sid))
    return [-i for _, i in heapq.nlargest(top, best)]


def _py(values):
    return [None if isinstance(v, float) and math.isnan(v) else v for v in values.tolist()]


# ---------------------------------------------------------------------------------------------------------------


def timed(fn, items):
    latencies, results = [], []
    for item in items:
        t0 = time.perf_counter()
        results.append(fn(item))
        latencies.append((time.perf_counter() - t0) * 1000)
    return latencies, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("-n", type=int, default=None, help="postings and seekers (each)")
    parser.add_argument("--queries", type=int, default=None)
    parser.add_argument("--baseline-queries", type=int, default=None)
    parser.add_argument("--templates", type=int, default=None)
    args = parser.parse_args()
    n = args.n or (20_000 if args.quick else 1_000_000)
    k = args.queries or (100 if args.quick else 1_000)
    kb = args.baseline_queries or (3 if args.quick else 3)
    n_templates = args.templates or (4_000 if args.quick else 30_000)
    load_start = os.getloadavg()
    print(
        f"started {time.strftime('%H:%M:%S', time.gmtime())} UTC, load average {load_start[0]:.1f} "
        f"on {os.cpu_count()} cores",
        flush=True,
    )

    t0 = time.perf_counter()
    rng = np.random.default_rng(2026)
    tmpl = templates(n_templates)
    pay, resp_pool, prefectures, census = read_pay(), read_responsiveness(), read_prefectures(), read_census()
    print(
        f"reference: {n_templates:,} posting templates ({np.mean([len(s) for s in tmpl[1]]):.1f} skills each), "
        f"{len(pay):,} parsed pay texts, {len(prefectures[2])} prefectures, {len(resp_pool)} response rates "
        f"in {time.perf_counter() - t0:.1f} s",
        flush=True,
    )
    t0 = time.perf_counter()
    jobs = generate_postings(n, rng, tmpl, pay, resp_pool, prefectures)
    seekers, groups = generate_seekers(n, rng, tmpl, pay, prefectures, census)
    print(f"generated {n:,} postings and {n:,} seekers in {time.perf_counter() - t0:.1f} s", flush=True)

    t0 = time.perf_counter()
    job_index = JobIndex.from_columns(**jobs)
    jobs_build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    seeker_index = SeekerIndex.from_columns(**seekers)
    seekers_build_s = time.perf_counter() - t0
    print(
        f"build: JobIndex {jobs_build_s:.1f} s ({len(job_index.skills.patterns):,} skill sets, "
        f"{len(job_index.codes.codes):,} codes); SeekerIndex {seekers_build_s:.1f} s "
        f"({len(seeker_index.skills.patterns):,} skill sets, {len(seeker_index.code_tuples):,} code tuples); "
        f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB",
        flush=True,
    )

    qrng = np.random.default_rng(7)
    seeker_rows = qrng.choice(n, size=k, replace=False)
    job_rows = qrng.choice(n, size=k, replace=False)
    seeker_queries = [seeker_at(seekers, int(i)) for i in seeker_rows]
    job_queries = [job_at(jobs, int(i)) for i in job_rows]
    for q in seeker_queries[:5]:
        job_index.recommend(q, today=TODAY)  # warm: the per-day side score and the allocator
    for q in job_queries[:5]:
        seeker_index.recommend(q, today=TODAY)

    jobs_lat, jobs_recs = timed(lambda s: job_index.recommend(s, top=20, today=TODAY), seeker_queries)
    cand_lat, cand_recs = timed(lambda j: seeker_index.recommend(j, top=20, today=TODAY), job_queries)
    load_end = os.getloadavg()
    j50, j95, j99 = (percentile(jobs_lat, q) for q in (0.5, 0.95, 0.99))
    c50, c95, c99 = (percentile(cand_lat, q) for q in (0.5, 0.95, 0.99))
    print(
        f"jobs for a seeker: {k} queries over {n:,} postings, p50 {j50:.1f} ms, p95 {j95:.1f} ms, "
        f"p99 {j99:.1f} ms, max {max(jobs_lat):.1f} ms; results per query median "
        f"{statistics.median(len(r) for r in jobs_recs):.0f}, min {min(len(r) for r in jobs_recs)}"
    )
    print(
        f"candidates for a posting: {k} queries over {n:,} seekers, p50 {c50:.1f} ms, p95 {c95:.1f} ms, "
        f"p99 {c99:.1f} ms, max {max(cand_lat):.1f} ms; results per query median "
        f"{statistics.median(len(r) for r in cand_recs):.0f}, min {min(len(r) for r in cand_recs)}"
    )
    missing = sum(1 for recs in (*jobs_recs, *cand_recs) for r in recs if not r.reasons)
    reason_counts: dict[str, int] = {}
    for recs in jobs_recs:
        for r in recs:
            for reason in r.reasons:
                reason_counts[reason.code] = reason_counts.get(reason.code, 0) + 1
    total = sum(len(r) for r in jobs_recs)
    print(
        f"  recommendations without a reason: {missing}; jobs-direction reasons per recommendation: "
        + ", ".join(
            f"{c} {v / max(total, 1):.2f}" for c, v in sorted(reason_counts.items(), key=lambda x: -x[1])
        )
    )
    if max(load_start[0], load_end[0]) > 1.5:
        print(
            f"  NOTE: machine loaded during the run (load average {load_start[0]:.1f} at start, "
            f"{load_end[0]:.1f} after the queries, 2 cores): latencies are pessimistic"
        )

    # ---- fairness (sex and age band live outside the engine, only here) ----
    sex, band = groups["sex"], groups["band"]
    seeker_row_of_id = {int(seekers["ids"][i]): int(i) for i in seeker_rows}
    code_of_job = jobs["occupation_codes"]
    fair = {}
    print(
        "fairness, jobs direction (query seekers by group): mean top-20 score, share with >=1 posting in their "
        "own 小类 (seekers whose wish is at 小类 or finer)"
    )
    for attr, labels, arr in (("sex", ("male", "female"), sex), ("age", AGE_BANDS, band)):
        means, shares = [], []
        for g, label in enumerate(labels):
            scores, own = [], []
            for q, recs in zip(seeker_queries, jobs_recs, strict=True):
                if arr[seeker_row_of_id[q.id]] != g:
                    continue
                if recs:
                    scores.append(statistics.fmean(r.score for r in recs))
                wish = E.code_levels(q.occupation_codes[0]) if q.occupation_codes else ()
                if len(wish) >= 3:
                    own.append(any(E.code_levels(str(code_of_job[r.id - 1]))[2:3] == wish[2:3] for r in recs))
            m = statistics.fmean(scores) if scores else float("nan")
            s = statistics.fmean(own) if own else float("nan")
            means.append(m)
            shares.append(s)
            print(f"  {attr}={label}: n={len(scores)}, mean score {m:.3f}, own-minor share {s:.2f}")
        fair[f"fair_jobs_score_gap_{attr}"] = max(means) - min(means)
        fair[f"fair_jobs_minor_share_gap_{attr}"] = max(shares) - min(shares)
    print(
        "fairness, candidates direction: each group's share among recommended candidates / its share in the "
        f"eligible pool (exposure ratio, pooled over the first {min(k, 300)} posting queries)"
    )
    pooled = {("sex", g): [0, 0] for g in range(2)} | {("age", g): [0, 0] for g in range(5)}
    pool_total = rec_total = 0
    for q, recs in zip(job_queries[: min(k, 300)], cand_recs[: min(k, 300)], strict=True):
        eligible = seeker_index.score_all(q, today=TODAY) > -np.inf
        pool_total += int(eligible.sum())
        rows = np.array([r.id - 1 for r in recs], dtype=np.int64)
        rec_total += len(rows)
        for g, c in zip(*np.unique(sex[eligible], return_counts=True), strict=True):
            pooled[("sex", int(g))][0] += int(c)
        for g, c in zip(*np.unique(band[eligible], return_counts=True), strict=True):
            pooled[("age", int(g))][0] += int(c)
        for row in rows:
            pooled[("sex", int(sex[row]))][1] += 1
            pooled[("age", int(band[row]))][1] += 1
    for attr, labels in (("sex", ("male", "female")), ("age", AGE_BANDS)):
        ratios = []
        for g, label in enumerate(labels):
            pool, rec = pooled[(attr, g)]
            pool_share, rec_share = pool / max(pool_total, 1), rec / max(rec_total, 1)
            ratio = rec_share / pool_share if pool_share else float("nan")
            ratios.append(ratio)
            print(
                f"  {attr}={label}: pool share {pool_share:.3f}, recommended share {rec_share:.3f}, "
                f"exposure ratio {ratio:.2f}"
            )
        fair[f"fair_cand_exposure_min_{attr}"] = min(ratios)
        fair[f"fair_cand_exposure_max_{attr}"] = max(ratios)

    # ---- baseline ----
    t0 = time.perf_counter()
    jobs_py = list(
        zip(
            jobs["ids"].tolist(),
            jobs["occupation_codes"].tolist(),
            _py(jobs["lat"]),
            _py(jobs["lon"]),
            jobs["pay_min"].tolist(),
            jobs["pay_max"].tolist(),
            jobs["education_rank"].tolist(),
            jobs["experience_years"].tolist(),
            jobs["skills"],
            jobs["posted_on"].tolist(),
            _py(jobs["responsiveness"]),
            strict=True,
        )
    )
    seekers_py = list(
        zip(
            seekers["ids"].tolist(),
            seekers["occupation_codes"],
            _py(seekers["lat"]),
            _py(seekers["lon"]),
            seekers["pay_expected"].tolist(),
            seekers["education_rank"].tolist(),
            seekers["experience_years"].tolist(),
            seekers["skills"],
            _py(seekers["max_distance_km"]),
            seekers["active_on"].tolist(),
            strict=True,
        )
    )
    print(f"baseline rows as Python lists in {time.perf_counter() - t0:.1f} s", flush=True)
    base_jobs_lat, base_jobs = timed(lambda s: baseline_jobs(jobs_py, s, 20), seeker_queries[:kb])
    base_cand_lat, base_cand = timed(lambda j: baseline_candidates(seekers_py, j, 20), job_queries[:kb])
    agree = []
    for base, recs in zip(base_jobs + base_cand, jobs_recs[:kb] + cand_recs[:kb], strict=True):
        agree.append(len(set(base) & {r.id for r in recs}) / max(len(base), 1))
    base_jobs_ms = statistics.median(base_jobs_lat)
    base_cand_ms = statistics.median(base_cand_lat)
    print(
        f"baseline (plain Python per-row loop, same score, {kb} queries each way): jobs median "
        f"{base_jobs_ms:,.0f} ms ({base_jobs_ms / j50:,.0f}x the engine's p50), candidates median "
        f"{base_cand_ms:,.0f} ms ({base_cand_ms / c50:,.0f}x); top-20 overlap with the engine "
        f"{statistics.fmean(agree):.3f}"
    )
    fair_txt = " ".join(f"{key}={value:.3f}" for key, value in fair.items())
    print(
        f"BENCH recommend n_jobs={n} jobs_p50_ms={j50:.1f} jobs_p95_ms={j95:.1f} jobs_p99_ms={j99:.1f} "
        f"n_seekers={n} candidates_p50_ms={c50:.1f} candidates_p95_ms={c95:.1f} candidates_p99_ms={c99:.1f} "
        f"queries={k} jobs_build_s={jobs_build_s:.1f} seekers_build_s={seekers_build_s:.1f} "
        f"baseline_jobs_ms={base_jobs_ms:.0f} baseline_candidates_ms={base_cand_ms:.0f} baseline_queries={kb} "
        f"baseline_overlap={statistics.fmean(agree):.3f} {fair_txt} load1={max(load_start[0], load_end[0]):.1f}"
    )


if __name__ == "__main__":
    main()
