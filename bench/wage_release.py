"""Benchmark `wage_release`: the wage-price table (P10–P90 by city × 大典 occupation) with bootstrap RSE and
suppression on the real 2019 Chinese postings, and a structure check against the published US OEWS tables
(issue 8, part 6).

    python bench/wage_release.py            # the two 2019 IT files (17,744 rows) + OEWS May 2020–2024
    python bench/wage_release.py --quick    # the first 3,000 rows of each file, B = 50, OEWS 2024 only

Postings (../shared/data/datasets/job-postings-zh, BOSS直聘 7,522 + 拉勾 10,222 IT postings of 2019 in 北京, 上海,
广州, 深圳; the 1,829 拉勾 data-analyst postings are a separate crawl of the same site and are left out so no
posting counts twice):
* Column shift undone as in `jiuye.supervision.screening.pay.it_postings_pay_text`: in every sheet but C# the pay
  text sits in `industry` and the experience in `welfare`. Education and experience are read from whichever of
  diploma_requirement / experience / welfare holds a recognisable value (the BOSS Ruby sheet swaps them).
* Exact duplicates (same site, title, company, city, district, pay text — the same posting found under two
  language tabs) are dropped.
* Pay: `jiuye.jobs.salary.parse_salary` → monthly range; value = midpoint of the range; negotiable or unreadable
  pay is left out (counted).
* Occupation: the platform's 大典 coder (`jiuye.jobs.coding.build_dadian_coder`, names + seed lexicon), top-1 at
  细类 level, kept when its confidence ≥ 0.30 (the platform's CONFIRM_BELOW; below that the platform asks staff).
  Its accuracy is measured in this run on the 431 hand-labelled posting titles (tests/jobs/data/
  zh_titles_labelled.csv) with seed aliases equal to a labelled title left out, as bench/occupation_coding.py does.
* Employer: the `company` column. In 1,788 BOSS rows it holds the office address instead of a name; the address is
  used as the employer key (one site ≈ one employer); "N/A" is an unknown employer (905 rows).
* Release engine: `jiuye.analytics.wages` — type-7 percentiles, bootstrap B = 200 over employer clusters (seeded),
  suppression below 30 postings, below 3 employers, one employer > 50%, RSE(P50) > 0.20.
Baseline in the same run: naive percentiles with no suppression, counting the cells that would have been published
with RSE above the limit or on fewer than 30 postings; and the RSE an iid (posting) bootstrap would have reported.

OEWS (../shared/data/datasets/bls-oews-national, national cross-industry files May 2020–2024): the check is of
STRUCTURE, since OEWS publishes no microdata: (1) published percentiles are monotone and our percentile function
returns monotone percentiles on every cell of our table; (2) our SOC level/parent function reproduces OEWS's
O_GROUP for every code and every code's parent exists in the file; (3) employment adds up (Σ detailed ≤ broad ≤
minor ≤ major); (4) a parent's median lies between its children's lowest and highest median — a property of any
mixture, checked on OEWS's published figures and on our own table (occupation 细类 across cities vs city cells);
(5) suppression: OEWS marks '*' (annual or hourly wage not published: hourly-only / annual-only occupations),
'#' (top-coded) and '**' (employment n/a); it publishes the RSE of the mean wage (MEAN_PRSE) — our RSE rule applied
to MEAN_PRSE says which national cells it would suppress. Our count/employer rules need cell counts OEWS does not
publish, so they cannot be compared.

Last line: BENCH wage_release cells=… published=… suppressed=… (+ reasons, baseline and OEWS figures)
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jiuye.analytics.wages import (  # noqa: E402
    DEFAULT_B,
    IID,
    PERCENTILES,
    REASONS,
    RSE_ABOVE_MAX,
    Breakdown,
    Observation,
    SuppressionRules,
    bootstrap_rse,
    dadian_level,
    estimate_cells,
    group_cells,
    posted_midpoint,
)
from jiuye.jobs.coding import build_dadian_coder, normalise  # noqa: E402
from jiuye.jobs.salary import parse_salary  # noqa: E402

DATASETS = Path(os.environ.get("JIUYE_DATASETS", ROOT.parent / "shared" / "data" / "datasets"))
REFDATA = Path(os.environ.get("JIUYE_REFDATA", ROOT.parent / "shared" / "data" / "reference"))
DADIAN = Path("china-occupation-classification") / "occupations_2022_flat.csv"
LABELLED = ROOT / "tests" / "jobs" / "data" / "zh_titles_labelled.csv"
FILES = (("boss", "boss_zhipin_2019_it_jobs.csv"), ("lagou", "lagou_2019_it_jobs.csv"))
CONFIDENCE = 0.30  # jiuye.jobs.occupation.CONFIRM_BELOW (not imported: that module needs Django)
SEED = 20190629

_SHIFTED = re.compile(r"\d+|#N/A")
EDUCATION = (
    ("博士", "doctor"),
    ("硕士", "master"),
    ("本科", "bachelor"),
    ("大专", "junior_college"),
    ("中专", "vocational"),
    ("中技", "vocational"),
    ("高中", "senior"),
    ("学历不限", "any"),
)
EXPERIENCE = (
    (re.compile(r"应届|在校|实习"), "0"),
    (re.compile(r"经验不限|^不限$"), "0"),
    (re.compile(r"1年以[内下]|^1年$"), "0-1"),
    (re.compile(r"1-3年"), "1-3"),
    (re.compile(r"3-5年"), "3-5"),
    (re.compile(r"5-10年"), "5-10"),
    (re.compile(r"10年以上"), "10+"),
)


def _education(*texts: str) -> str:
    for t in texts:
        t = (t or "").strip()
        for word, code in EDUCATION:
            if word in t:
                return code
        if t == "不限":
            return "any"
    return ""


def _experience(*texts: str) -> str:
    for t in texts:
        t = (t or "").strip()
        for pattern, band in EXPERIENCE:
            if pattern.search(t):
                return band
    return ""


def read_postings(limit: int | None) -> tuple[list[dict], Counter]:
    stats: Counter = Counter()
    seen: set = set()
    out = []
    for site, name in FILES:
        with open(DATASETS / "job-postings-zh" / name, encoding="utf-8", newline="") as fh:
            for i, r in enumerate(csv.DictReader(fh)):
                if limit is not None and i >= limit:
                    break
                stats["rows"] += 1
                wage = (r["wage"] or "").strip()
                shifted = bool(_SHIFTED.fullmatch(wage))
                pay_text = (r["industry"] or "").strip() if shifted else wage
                title = " ".join((r["position"] or "").split())
                company = " ".join((r["company"] or "").split())
                key = (site, title, company, r["city"], r["district"], pay_text)
                if key in seen:
                    stats["duplicates"] += 1
                    continue
                seen.add(key)
                exp_cols = (
                    (r["welfare"], r["diploma_requirement"])
                    if shifted
                    else (r["experience"], r["diploma_requirement"])
                )
                out.append(
                    {
                        "site": site,
                        "title": title,
                        "employer": None if company in ("", "N/A") else company,
                        "city": (r["city"] or "").strip(),
                        "pay_text": pay_text,
                        "education": _education(r["diploma_requirement"], r["welfare"], r["experience"]),
                        "experience": _experience(*exp_cols),
                    }
                )
    return out, stats


def coder_accuracy(coder_factory) -> dict[str, float]:
    with open(LABELLED, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    coder = coder_factory(exclude_aliases=[r["title"] for r in rows])
    hit4 = hit1 = kept = kept_hit = 0
    for r in rows:
        c = coder.code_title(r["title"], top=1)
        code = c[0].code if c else ""
        hit4 += code == r["code"]
        hit1 += code[:1] == r["code"][:1]
        if c and c[0].confidence >= CONFIDENCE:
            kept += 1
            kept_hit += code == r["code"]
    n = len(rows)
    return {
        "n": n,
        "detail": hit4 / n,
        "major": hit1 / n,
        "kept": kept / n,
        "kept_detail": kept_hit / max(kept, 1),
    }


BREAKDOWNS = (
    Breakdown("city_occupation", ("city", "occupation")),
    Breakdown("occupation", ("occupation",)),
    Breakdown("city_minor", ("city", "minor"), {"minor": lambda k: dadian_level(k.get("occupation", ""), 3)}),
    Breakdown("city", ("city",)),
    Breakdown("city_occupation_experience", ("city", "occupation", "experience")),
    Breakdown("city_occupation_education", ("city", "occupation", "education")),
)


def fmt_cell(c, names) -> str:
    k = c.keys
    occ = k.get("occupation") or k.get("minor") or ""
    label = f"{k.get('city', '全部'):4} {occ:11} {names.get(occ, '')[:14]:14}"
    extra = " ".join(f"{d}={k[d]}" for d in ("experience", "education") if d in k)
    p = " ".join(f"{c.percentiles[q]:>8,.0f}" for q in PERCENTILES)
    rse = c.rse.get(50)
    status = "published" if not c.reasons else "— " + ",".join(c.reasons)
    return (
        f"  {label} {extra:18} n={c.n:<5} emp={c.n_employers:<4} top={c.top_employer_share or 0:.2f} {p} "
        f"RSE50={rse if rse is None else f'{rse:.3f}'} {status}"
    )


# --- OEWS -------------------------------------------------------------------------------------------------------


def soc_level(code: str) -> str:
    """SOC 2018 level from the code pattern: 00-0000 total, XX-0000 major, XX-XX00 minor (minor groups end in 00,
    except 15-1200 style codes), XX-XXX0 broad, else detailed."""
    if code == "00-0000":
        return "total"
    if code.endswith("0000"):
        return "major"
    if code.endswith("00"):  # XX-X000 and XX-XX00 (15-1200 Computer Occupations)
        return "minor"
    if code.endswith("0"):
        return "broad"
    return "detailed"


def soc_parents(code: str, level: str) -> list[str]:
    """Candidate parents, nearest first. Minor groups are XX-X000 or XX-XX00 (SOC 2018 has both: 11-3000,
    15-1200), broad groups XX-XXX0; a detailed occupation's parent is its broad group, else its minor group."""
    major, rest = code.split("-")
    if level == "major":
        return ["00-0000"]
    minors = [f"{major}-{rest[:2]}00", f"{major}-{rest[:1]}000"]
    if level == "minor":
        return [f"{major}-{rest[:1]}000", f"{major}-0000"] if rest[1] != "0" else [f"{major}-0000"]
    if level == "broad":
        return minors + [f"{major}-0000"]
    return [f"{major}-{rest[:3]}0", *minors, f"{major}-0000"]


def _num(v: str) -> float | None:
    v = (v or "").strip().replace(",", "")
    try:
        return round(float(v), 2)
    except ValueError:
        return None


def oews_check(years, rules: SuppressionRules) -> dict:
    out: Counter = Counter()
    for year in years:
        with open(
            DATASETS / "bls-oews-national" / f"national_M{year}_dl.csv", encoding="utf-8-sig", newline=""
        ) as fh:
            rows = list(csv.DictReader(fh))
        by_code = {}
        for r in rows:
            by_code.setdefault(r["OCC_CODE"], r)
        children = defaultdict(list)
        for r in rows:
            code, group = r["OCC_CODE"], r["O_GROUP"]
            out["rows"] += 1
            level = soc_level(code)
            duplicate = by_code[code] is not r
            if level != group:
                # A broad group with one detailed occupation: the file lists the code twice, as broad and as
                # detailed (13-1020 Buyers and Purchasing Agents). Counted, not hidden; the second row is left out
                # of the hierarchy checks so its employment is not counted twice.
                out["level_mismatch"] += 1
                out["level_mismatch_duplicate_code"] += duplicate
            if group != "total" and not duplicate:
                chain = soc_parents(code, group)
                found = next((p for p in chain if p in by_code and p != code), None)
                if found is None:
                    out["parent_missing"] += 1
                else:
                    children[found].append(r)
            for kind in ("A", "H"):
                vals = [
                    r[f"{kind}_PCT10"],
                    r[f"{kind}_PCT25"],
                    r[f"{kind}_MEDIAN"],
                    r[f"{kind}_PCT75"],
                    r[f"{kind}_PCT90"],
                ]
                if "*" in vals:
                    out[f"suppressed_{kind}"] += 1
                    continue
                out[f"checked_{kind}"] += 1
                nums = [_num(v) for v in vals]
                # '#' is top-coded: every higher percentile must be '#' too
                top = [i for i, v in enumerate(vals) if v == "#"]
                if top and any(vals[i] != "#" for i in range(top[0], 5)):
                    out[f"topcode_order_violations_{kind}"] += 1
                known = [x for x in nums if x is not None]
                if any(b < a for a, b in zip(known, known[1:], strict=False)):
                    out[f"monotone_violations_{kind}"] += 1
                if top:
                    out[f"topcoded_{kind}"] += 1
            prse = _num(r["MEAN_PRSE"])
            if prse is not None:
                out["prse_rows"] += 1
                if prse / 100 > rules.max_rse:
                    out["our_rse_rule_would_suppress"] += 1
                    if r["A_MEAN"] in ("*", "") and r["H_MEAN"] in ("*", ""):
                        out["oews_also_suppressed"] += 1
        for parent, kids in children.items():
            p = by_code[parent]
            pe = _num(p["TOT_EMP"])
            ke = [_num(k["TOT_EMP"]) for k in kids]
            if pe is not None and all(x is not None for x in ke):
                out["additivity_parents"] += 1
                s = sum(ke)
                if s > pe * 1.001 + 10:
                    out["additivity_violations"] += 1
                elif s >= pe * 0.99:
                    out["additivity_within_1pct"] += 1
            pm = _num(p["A_MEDIAN"])
            km = [_num(k["A_MEDIAN"]) for k in kids]
            if pm is not None and km and all(x is not None for x in km):
                out["median_bound_parents"] += 1
                if not (min(km) - 1 <= pm <= max(km) + 1):
                    out["median_bound_violations"] += 1
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument(
        "--b", type=int, default=None, help=f"bootstrap resamples (default {DEFAULT_B}; 50 with --quick)"
    )
    ap.add_argument("--top", type=int, default=30, help="rows of the table to print")
    args = ap.parse_args(argv)
    b = args.b or (50 if args.quick else DEFAULT_B)
    rules = SuppressionRules()
    t0 = time.perf_counter()

    postings, stats = read_postings(3000 if args.quick else None)
    print(
        f"postings: {stats['rows']} rows read, {stats['duplicates']} exact duplicates dropped, {len(postings)} kept"
    )

    path = REFDATA / DADIAN
    t = time.perf_counter()
    acc = coder_accuracy(lambda **kw: build_dadian_coder(path, **kw))
    print(
        f"coder accuracy on {acc['n']} hand-labelled posting titles (seed aliases equal to a test title left out): "
        f"细类 top-1 {acc['detail']:.3f}, 大类 {acc['major']:.3f}; confidence ≥ {CONFIDENCE}: {acc['kept']:.1%} of "
        f"titles, of which {acc['kept_detail']:.3f} right at 细类"
    )
    coder = build_dadian_coder(path)
    names = dict(coder.names)
    codes: dict[str, tuple[str, float]] = {}
    for p in postings:
        key = normalise(p["title"])
        if key not in codes:
            c = coder.code_title(p["title"], top=1)
            codes[key] = (c[0].code, c[0].confidence) if c else ("", 0.0)
        code, conf = codes[key]
        p["occupation"] = code if conf >= CONFIDENCE else ""
    print(
        f"coding: {len(codes)} distinct titles in {time.perf_counter() - t:.1f} s (incl. building the coder "
        f"twice); postings coded at ≥ {CONFIDENCE}: {sum(1 for p in postings if p['occupation'])}"
    )

    observations = []
    pay_stats: Counter = Counter()
    for p in postings:
        s = parse_salary(p["pay_text"])
        if s is None:
            pay_stats["unreadable"] += 1
            continue
        if s.negotiable:
            pay_stats["negotiable"] += 1
            continue
        pay_stats["parsed"] += 1
        value = posted_midpoint(s.monthly_min, s.monthly_max)
        keys = {k: p[k] for k in ("city", "occupation", "experience", "education")}
        observations.append(Observation(value, keys, p["employer"]))
    print(
        f"pay: {dict(pay_stats)}; observations {len(observations)}; employers known for "
        f"{sum(o.employer is not None for o in observations)}"
    )
    print(
        "occupations (top 8 by postings): "
        + "; ".join(
            f"{c} {names.get(c, '')} {n}"
            for c, n in Counter(o.keys["occupation"] or "(uncoded)" for o in observations).most_common(8)
        )
    )

    t = time.perf_counter()
    cells = estimate_cells(observations, BREAKDOWNS, rules=rules, b=b, seed=SEED)
    est_s = time.perf_counter() - t
    published = [c for c in cells if not c.reasons]
    suppressed = [c for c in cells if c.reasons]
    reasons = Counter(r for c in cells for r in c.reasons)
    primary = Counter(c.reasons[0] for c in suppressed)
    print(
        f"\ncells: {len(cells)} in {est_s:.1f} s (B = {b}, bootstrap over employer clusters where known); published "
        f"{len(published)}, suppressed {len(suppressed)}"
    )
    print(
        "  suppression reasons (a cell can have several): " + ", ".join(f"{r} {reasons[r]}" for r in REASONS)
    )
    print("  first reason: " + ", ".join(f"{r} {primary[r]}" for r in REASONS))
    by_table = Counter((c.keys["table"], not c.reasons) for c in cells)
    for bd in BREAKDOWNS:
        print(
            f"  table {bd.name:28} cells {by_table[(bd.name, True)] + by_table[(bd.name, False)]:5} published "
            f"{by_table[(bd.name, True)]:4}"
        )

    main_cells = sorted(
        (c for c in cells if c.keys["table"] == "city_occupation"), key=lambda c: (-c.n, c.key)
    )
    print(
        f"\ntop of the table, city × 大典 细类 (by postings), monthly yuan: {'P10':>8} {'P25':>8} {'P50':>8} "
        f"{'P75':>8} {'P90':>8}"
    )
    for c in main_cells[: args.top]:
        print(fmt_cell(c, names))
    print("  … suppressed examples:")
    for reason in REASONS:
        ex = next((c for c in main_cells if c.reasons and c.reasons[0] == reason), None)
        if ex is not None:
            print(fmt_cell(ex, names))

    # Checks on our own table: monotone percentiles; a 细类 across cities lies between its city cells.
    mono = sum(
        1
        for c in cells
        if any(
            c.percentiles[a] > c.percentiles[b2] for a, b2 in zip(PERCENTILES, PERCENTILES[1:], strict=False)
        )
    )
    city_occ = defaultdict(list)
    for c in cells:
        if c.keys["table"] == "city_occupation":
            city_occ[c.keys["occupation"]].append(c)
    bound_checked = bound_viol = 0
    bound_excess = 0.0
    for c in cells:
        if c.keys["table"] == "occupation" and len(city_occ[c.keys["occupation"]]) > 1:
            kids = city_occ[c.keys["occupation"]]
            for q in PERCENTILES:
                bound_checked += 1
                lo, hi = min(k.percentiles[q] for k in kids), max(k.percentiles[q] for k in kids)
                if not lo - 1e-9 <= c.percentiles[q] <= hi + 1e-9:
                    bound_viol += 1
                    bound_excess = max(
                        bound_excess, (lo - c.percentiles[q]) / lo, (c.percentiles[q] - hi) / hi
                    )
    print(
        f"\nown table: percentile monotonicity violations {mono} of {len(cells)} cells; parent-between-children "
        f"(细类 across cities vs its city cells, 5 percentiles) violations {bound_viol} of {bound_checked} (largest {bound_excess:.2%} outside; the bound holds exactly "
        f"for the empirical distribution, type-7 interpolation between order statistics can step outside it in small cells)"
    )

    # Baseline: no suppression.
    naive_rse = sum(1 for c in cells if c.rse.get(50) is None or c.rse[50] > rules.max_rse)
    naive_small = sum(1 for c in cells if c.n < rules.min_n)
    naive_small_ok_rse = sum(
        1 for c in cells if c.n < rules.min_n and c.rse.get(50) is not None and c.rse[50] <= rules.max_rse
    )
    print(
        f"baseline (naive percentiles, nothing suppressed): all {len(cells)} cells published; {naive_rse} of them "
        f"with RSE(P50) > {rules.max_rse} (or undefined), {naive_small} on fewer than {rules.min_n} postings "
        f"({naive_small_ok_rse} of those pass the RSE rule alone)"
    )
    # iid bootstrap on the cells with n ≥ 30: how many would pass the RSE rule only because clustering is ignored.
    grouped = group_cells(observations, BREAKDOWNS)
    iid_pass_cluster_fail = 0
    iid_checked = 0
    for c in cells:
        if c.n >= rules.min_n and c.bootstrap != IID:
            iid_checked += 1
            obs = grouped[c.key]
            rse_iid, _ = bootstrap_rse([o.value for o in obs], None, b=b, seed=SEED)
            if rse_iid[50] is not None and rse_iid[50] <= rules.max_rse and RSE_ABOVE_MAX in c.reasons:
                iid_pass_cluster_fail += 1
    print(
        f"baseline bootstrap (iid over postings) on {iid_checked} cells with ≥ {rules.min_n} postings: "
        f"{iid_pass_cluster_fail} would pass the RSE rule that fail it with employer clusters"
    )

    years = (2024,) if args.quick else (2020, 2021, 2022, 2023, 2024)
    o = oews_check(years, rules)
    print(f"\nOEWS national {years[0]}–{years[-1]}: {o['rows']} rows")
    print(
        f"  (1) published percentiles monotone: annual {o['checked_A']} rows checked, {o['monotone_violations_A']} "
        f"violations, {o['topcoded_A']} top-coded ('#', order ok: {o['topcode_order_violations_A'] == 0}); hourly "
        f"{o['checked_H']} checked, {o['monotone_violations_H']} violations"
    )
    print(
        f"  (2) SOC level from the code vs O_GROUP: {o['level_mismatch']} mismatches, of which "
        f"{o['level_mismatch_duplicate_code']} are a broad group's code listed again as its single detailed "
        f"occupation; codes whose parent is not in the file: {o['parent_missing']}"
    )
    print(
        f"  (3) employment adds up: {o['additivity_parents']} parents with all children's TOT_EMP, "
        f"{o['additivity_violations']} where the children sum above the parent (left as found), {o['additivity_within_1pct']} "
        "within 1%"
    )
    print(
        f"  (4) parent median within its children's medians: {o['median_bound_parents']} parents checked, "
        f"{o['median_bound_violations']} violations"
    )
    print(
        f"  (5) suppression: OEWS '*' on annual wages {o['suppressed_A']} rows, hourly {o['suppressed_H']} rows "
        f"(hourly-only / annual-only occupations, not reliability); our RSE rule on MEAN_PRSE would suppress "
        f"{o['our_rse_rule_would_suppress']} of {o['prse_rows']} national cells (OEWS suppressed "
        f"{o['oews_also_suppressed']} of those)"
    )
    ok = o["monotone_violations_A"] == 0 and o["monotone_violations_H"] == 0 and mono == 0
    seconds = time.perf_counter() - t0
    print(f"\nseconds {seconds:.1f}")
    reason_keys = " ".join(f"{r}={reasons[r]}" for r in REASONS)
    print(
        f"BENCH wage_release cells={len(cells)} published={len(published)} suppressed={len(suppressed)} "
        f"{reason_keys} observations={len(observations)} b={b} baseline_published_rse_above={naive_rse} "
        f"baseline_published_n_below={naive_small} iid_would_pass={iid_pass_cluster_fail} "
        f"coder_detail_acc={acc['detail']:.3f} coder_major_acc={acc['major']:.3f} "
        f"oews_rows={o['rows']} oews_monotone_violations={o['monotone_violations_A'] + o['monotone_violations_H']} "
        f"oews_level_mismatch={o['level_mismatch']} oews_median_bound_violations={o['median_bound_violations']} "
        f"oews_rse_would_suppress={o['our_rse_rule_would_suppress']} structure_ok={int(ok)} seconds={seconds:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
