"""Whole policy catalogue over a synthetic population: vectorised vs the per-person path.

    python bench/policy_push.py            # 1,000,000 persons, 100,000 employers
    python bench/policy_push.py --quick    # 50,000 persons, 5,000 employers

Persons live in 湘潭 (4303) counties in proportion to their 2020 census population, with 5 % in other
Hunan cities (so both the province and the city overrides are exercised); ages follow the census
age bands of those counties (15–64). The other shares are rough national orders of magnitude
(stated below), and 3–15 % of each field is missing, so "unknown" decisions are exercised.

The per-person baseline evaluates `Catalogue.evaluate_all` on situation records rebuilt from a
random sample of rows and is extrapolated to the whole population (its rate is per person over the
same catalogue). The sampled rows' decisions (status, conditions met/unmet/unknown, benefits) are
compared with the vectorised result: `identical=1` when all agree.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jiuye.policies.engine import CATEGORIES, Catalogue, from_columns  # noqa: E402

CENSUS = Path("/work/shared/data/reference/china-population-census/census_county_2020_v1.tsv")
ON = dt.date(2026, 11, 28)
BANDS = [(15, 19), (20, 24), (25, 29), (30, 34), (35, 39), (40, 44), (45, 49), (50, 54), (55, 59), (60, 64)]


def census_weights():
    """(county codes, population weights, age-band weights) for 湘潭's counties, from the 2020 census."""
    codes, pops, bands = [], [], np.zeros(len(BANDS))
    if CENSUS.exists():
        with CENSUS.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                code = row["区划代码"]
                if code.startswith("4303") and len(code) == 6 and code != "430300":
                    codes.append(code)
                    pops.append(float(row["人口数_合计"]))
                    for j, (a, b) in enumerate(BANDS):
                        bands[j] += float(row[f"男_{a}到{b}岁"]) + float(row[f"女_{a}到{b}岁"])
    if not codes:  # census not available: an even spread, stated in the output
        codes, pops, bands = (
            ["430302", "430304", "430321", "430381", "430382"],
            [1.0] * 5,
            np.ones(len(BANDS)),
        )
    return codes, np.array(pops) / sum(pops), bands / bands.sum()


def _ymd(days: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 → yyyymmdd floats."""
    d = np.datetime64("1970-01-01") + days.astype("timedelta64[D]")
    y = d.astype("datetime64[Y]").astype(int) + 1970
    m = d.astype("datetime64[M]").astype(int) % 12 + 1
    day = (d - d.astype("datetime64[M]")).astype(int) + 1
    return (y * 10000 + m * 100 + day).astype(np.float64)


def _missing(rng, a: np.ndarray, share: float) -> np.ndarray:
    a = a.astype(np.float64)
    a[rng.random(len(a)) < share] = np.nan
    return a


def _bool(rng, n, p, miss):
    return _missing(rng, (rng.random(n) < p).astype(np.float64), miss)


def _cat(rng, field, n, probs, miss):
    return _missing(rng, rng.choice(len(CATEGORIES[field]), n, p=probs).astype(np.float64), miss)


def _date_within(rng, n, days_back, share_present, miss):
    today = (np.datetime64(ON) - np.datetime64("1970-01-01")).astype(int)
    days = today - rng.integers(0, days_back, n)
    out = _ymd(days)
    out[rng.random(n) >= share_present] = 99991231.0  # NEVER: the source knows there is none
    return _missing(rng, out, miss)


def persons(n: int, seed: int = 5) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    codes, pops, bands = census_weights()
    county = np.array([int(c) * 10**6 for c in codes], np.int64)[rng.choice(len(codes), n, p=pops)]
    elsewhere = rng.random(n) < 0.05
    county[elsewhere] = 430102000000  # 长沙 芙蓉: province override only
    band = rng.choice(len(BANDS), n, p=bands)
    lo = np.array([b[0] for b in BANDS])[band]
    age_days = (lo * 365.25 + rng.random(n) * 5 * 365.25).astype(int)
    today = (np.datetime64(ON) - np.datetime64("1970-01-01")).astype(int)
    birth = _missing(rng, _ymd(today - age_days), 0.01)
    age = lo  # band floor, for the shares below
    status = _cat(rng, "labour_status", n, [0.62, 0.12, 0.06, 0.08, 0.04, 0.08], 0.03)
    unemployed = status == CATEGORIES["labour_status"].index("unemployed")
    veteran = rng.random(n) < 0.02
    grad_year = np.where(age < 30, ON.year - rng.integers(0, 8, n), np.nan)
    cols = {
        "division_code": county,
        "birth_date": birth,
        "labour_status": status,
        "registered_unemployed": _missing(rng, (unemployed & (rng.random(n) < 0.8)).astype(float), 0.05),
        "registered_unemployed_since": _date_within(rng, n, 700, 0.06, 0.02),
        "job_seeking": _bool(rng, n, 0.15, 0.15),
        "ui_contribution_months": _missing(rng, rng.integers(0, 300, n).astype(float), 0.08),
        "ui_insured_now": _bool(rng, n, 0.45, 0.05),
        "separation_reason": _cat(rng, "separation_reason", n, [0.45, 0.25, 0.12, 0.05, 0.03, 0.10], 0.10),
        "receiving_pension": _bool(rng, n, 0.03, 0.05),
        "hard_to_employ": _bool(rng, n, 0.03, 0.05),
        "employed_with_si_since": _date_within(rng, n, 3000, 0.5, 0.05),
        "flexible_si_since": _date_within(rng, n, 2000, 0.10, 0.05),
        "years_to_retirement": _missing(rng, np.clip(62 - age - rng.random(n) * 5, 0, None), 0.02),
        "graduation_year": _missing(rng, grad_year, 0.05),
        "school_type": _cat(rng, "school_type", n, [0.35, 0.05, 0.01, 0.20, 0.25, 0.14], 0.05),
        "disabled": _bool(rng, n, 0.06, 0.05),  # ~85M disabled people in 1.4bn
        "assistance_status": _cat(rng, "assistance_status", n, [0.93, 0.03, 0.035, 0.005], 0.05),
        "poverty_relief_household": _bool(rng, n, 0.04, 0.05),
        "student_loan": _bool(rng, n, 0.05, 0.15),
        "veteran": _missing(rng, veteran.astype(float), 0.03),
        "veteran_self_placed": _missing(rng, (veteran & (rng.random(n) < 0.7)).astype(float), 0.05),
        "rural_migrant": _bool(rng, n, 0.20, 0.10),
        "ex_offender": _bool(rng, n, 0.005, 0.10),
        "business_registered_on": _date_within(rng, n, 2500, 0.08, 0.03),
        "other_loans": _bool(rng, n, 0.3, 0.3),
        "certificate_on": _date_within(rng, n, 1500, 0.12, 0.05),
        "certificate_grade": _cat(rng, "certificate_grade", n, [0.45, 0.3, 0.15, 0.07, 0.03], 0.05),
        "training_completed_on": _date_within(rng, n, 1500, 0.10, 0.05),
    }
    return cols


def employers(n: int, seed: int = 7) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    codes, pops, _ = census_weights()
    div = np.array([int(c) * 10**6 for c in codes], np.int64)[rng.choice(len(codes), n, p=pops)]
    head = np.floor(rng.lognormal(2.3, 1.3, n))
    disabled = np.floor(head * rng.random(n) * 0.04)
    return {
        "division_code": div,
        "ownership": _cat(rng, "ownership", n, [0.03, 0.01, 0.55, 0.33, 0.02, 0.03, 0.01, 0.02], 0.02),
        "employer_status": _cat(rng, "employer_status", n, [0.9, 0.08, 0.02], 0.02),
        "size_class": _cat(rng, "size_class", n, [0.75, 0.2, 0.045, 0.005], 0.02),
        "registered_on": _date_within(rng, n, 7000, 1.0, 0.02),
        "insured_headcount": _missing(rng, head, 0.05),
        "disabled_employees": _missing(rng, disabled, 0.15),
        "youth_hires_with_ui": _missing(rng, rng.poisson(0.3, n).astype(float), 0.10),
        "veterans_hired": _missing(rng, rng.poisson(0.05, n).astype(float), 0.10),
    }


def _same(decision, row) -> bool:
    status, met, unmet, unknown, benefits = row
    if (decision.status, decision.met, decision.unmet, decision.unknown) != (status, met, unmet, unknown):
        return False
    return decision.benefits.keys() == benefits.keys() and all(
        decision.benefits[k] == benefits[k] or (math.isnan(decision.benefits[k]) and math.isnan(benefits[k]))
        for k in benefits
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--persons", type=int)
    ap.add_argument("--employers", type=int)
    ap.add_argument("--sample", type=int, help="rows evaluated one by one (default 20,000; quick 3,000)")
    a = ap.parse_args(argv)
    n_p = a.persons or (50_000 if a.quick else 1_000_000)
    n_e = a.employers or (5_000 if a.quick else 100_000)
    sample = a.sample or (3_000 if a.quick else 20_000)

    cat = Catalogue.load()
    t = time.perf_counter()
    pc, ec = persons(n_p), employers(n_e)
    gen_s = time.perf_counter() - t
    print(f"generated {n_p:,} persons and {n_e:,} employers in {gen_s:.1f} s (on {ON})")

    t = time.perf_counter()
    pres = cat.evaluate_population("person", pc, ON)
    person_s = time.perf_counter() - t
    t = time.perf_counter()
    eres = cat.evaluate_population("employer", ec, ON)
    employer_s = time.perf_counter() - t
    seconds = person_s + employer_s
    print(
        f"vectorised: persons {person_s:.2f} s ({len(pres)} policies), employers {employer_s:.2f} s ({len(eres)} policies)"
    )
    for pid, r in {**pres, **eres}.items():
        c = r.counts()
        print(
            f"  {pid:34s} eligible {c['eligible']:>8,}  not {c['not_eligible']:>8,}  unknown {c['unknown']:>8,}"
        )

    rng = np.random.default_rng(11)
    rows_p = rng.choice(n_p, min(sample, n_p), replace=False)
    rows_e = rng.choice(n_e, min(max(sample // 10, 1), n_e), replace=False)
    sits_p = [from_columns(pc, int(i), "person") for i in rows_p]
    sits_e = [from_columns(ec, int(i), "employer") for i in rows_e]
    t = time.perf_counter()
    dec_p = [cat.evaluate_all(s, ON) for s in sits_p]
    loop_p_s = time.perf_counter() - t
    t = time.perf_counter()
    dec_e = [cat.evaluate_all(s, ON) for s in sits_e]
    loop_e_s = time.perf_counter() - t
    base_rate = len(rows_p) / loop_p_s
    base_e_rate = len(rows_e) / loop_e_s
    base_total = n_p / base_rate + n_e / base_e_rate
    print(
        f"per-person loop on a sample: {len(rows_p):,} persons in {loop_p_s:.2f} s ({base_rate:,.0f}/s), "
        f"{len(rows_e):,} employers in {loop_e_s:.2f} s; extrapolated whole run {base_total:,.0f} s"
    )

    mismatches = 0
    for decs, rows, res in ((dec_p, rows_p, pres), (dec_e, rows_e, eres)):
        for ds, i in zip(decs, rows, strict=True):
            for d in ds:
                if not _same(d, res[d.policy].row(int(i))):
                    mismatches += 1
                    if mismatches <= 5:
                        print("MISMATCH", d.policy, int(i), d, res[d.policy].row(int(i)))
    checked = sum(len(d) for d in dec_p) + sum(len(d) for d in dec_e)
    print(f"compared {checked:,} decisions: {mismatches} differ; speed-up {base_total / seconds:.0f}x")
    print(
        f"BENCH policy_push persons={n_p} employers={n_e} seconds={seconds:.2f} persons_per_s={n_p / person_s:.0f} "
        f"baseline_persons_per_s={base_rate:.0f} identical={int(mismatches == 0)} sample={len(rows_p)} "
        f"gen_s={gen_s:.1f}"
    )
    return 0 if mismatches == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
