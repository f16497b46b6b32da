"""Benchmark `majors_warning`: the red and yellow lists of the 173 US majors under each rule (issue 8, part 5).

    python bench/majors_warning.py            # all 173 majors of ../shared/data/datasets/college-majors
    python bench/majors_warning.py --quick    # the first 60 majors

Data: FiveThirtyEight "college-majors", recent-grads.csv — American Community Survey 2010–2012 PUMS, graduates
younger than 28, one row per major (FOD1P). The rules are the platform's own file
`jiuye/monitoring/releases/rules/majors.yaml`, run by the same engine as the platform (`jiuye.analytics.majors`).

How the US columns stand in for the library's measures (stated, not pretended):
* Employment rate. The data hold ONE pooled cross-section (2010–12), not cohorts, and no "at graduation / 6 / 12
  months" split. Two readings of "employment rate" are run, each for every employment measure the rules name:
    A  Employed / Total — all graduates in the denominator like the Ministry's 就业率, but graduate-school students
       and people out of the labour force count as not employed;
    B  1 − Unemployment_rate = Employed / (Employed + Unemployed) — the labour-force reading.
* "Two years running": with one cross-section the Ministry's rule is NOT computable for any major; the script says
  so and prints the rule's single-year variant (below 60% in the one period) under its own name.
* Median pay: `Median` (annual earnings of full-time year-round workers). Match share: College_jobs /
  (College_jobs + Non_college_jobs) — "in a job requiring a degree" stands in for "a job matching the major".
  Unemployed: `Unemployed`.
* Small cells: the file gives weighted totals; the unweighted count is `Sample_size` (full-time year-round
  workers only, a lower bound on the graduates sampled). A major with Sample_size below the rules' min_graduates
  is not rated. FOOD SCIENCE has no Total, so measure A (and the MoE rule under A) has no value for it.
Baseline in the same run: the same rules without small-cell suppression — how many flags rest on cells the rules
would not rate.

Last line: BENCH majors_warning majors=173 rated=… red=… yellow=… (+ per rule and measure)
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jiuye.analytics.majors import (  # noqa: E402
    FLAGGED,
    NOT_COMPUTABLE,
    RED,
    SMALL_CELL,
    YELLOW,
    MajorOutcome,
    evaluate,
    load_rules,
)

DATASETS = Path(os.environ.get("JIUYE_DATASETS", ROOT.parent / "shared" / "data" / "datasets"))
RULES = ROOT / "jiuye" / "monitoring" / "releases" / "rules" / "majors.yaml"
COHORT = 2012  # ACS 2010–2012 pooled; one period
EMPLOYMENT_MEASURES = ("employment_rate_at_graduation", "employment_rate_6m", "employment_rate_12m")
SHORT = {
    "moe_below_60_two_years": "moe2y",
    "moe_below_60_two_years:single_year": "moe1y",
    "province_bottom_10_employment": "bottom10emp",
    "province_bottom_10_pay": "bottom10pay",
    "composite_card": "composite",
}


def _int(v: str) -> int | None:
    v = (v or "").strip()
    return int(float(v)) if v else None


def read_majors(path: Path, limit: int | None = None) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return rows[:limit] if limit else rows


def outcomes(rows: list[dict], reading: str) -> list[MajorOutcome]:
    out = []
    for r in rows:
        total, employed, unemployed = _int(r["Total"]), _int(r["Employed"]), _int(r["Unemployed"])
        if reading == "A":
            rate = employed / total if total and employed is not None else None
        else:
            rate = 1.0 - float(r["Unemployment_rate"]) if r["Unemployment_rate"].strip() else None
        college, non_college = _int(r["College_jobs"]), _int(r["Non_college_jobs"])
        match = (
            college / (college + non_college)
            if college is not None and non_college and college + non_college
            else None
        )
        extra = {m: rate for m in EMPLOYMENT_MEASURES}
        extra.update(median_pay=float(r["Median"]), match_share=match, unemployed=unemployed)
        out.append(
            MajorOutcome(
                major=r["Major_code"],
                major_name=r["Major"].title(),
                cohort=COHORT,
                graduates=total or 0,
                sample_size=_int(r["Sample_size"]),
                extra=extra,
            )
        )
    return out


def fmt_evidence(f) -> str:
    e = f.evidence
    if "score" in e:
        parts = ", ".join(f"{m} {p['value']} (pr {p['percentile_rank']})" for m, p in e["parts"].items())
        return (
            f"score {e['score']} rank {e['rank']}/{e['of']} (red ≤ {e['red_cut_rank']}, yellow ≤ "
            f"{e['yellow_cut_rank']}); {parts}; unemployed {e['unemployed']:.0f} (pr {e['unemployed_percentile_rank']})"
        )
    if "rank" in e:
        return (
            f"{e['measure']} {e['value']} rank {e['rank']}/{e['of']} (pr {e['percentile_rank']}; bottom "
            f"{e['share']:.0%} = rank ≤ {e['cut_rank']})"
        )
    vals = ", ".join(f"{y}: {v}" for y, v in e["values"].items())
    return f"{e['measure']} {vals} < threshold {e['threshold']} over {e['years_required']} period(s)"


def run(rows, rules, reading, verbose=True):
    fs = evaluate(outcomes(rows, reading), rules, COHORT)
    by_rule: dict[str, list] = {}
    for f in fs:
        by_rule.setdefault(f.rule, []).append(f)
    counts = {}
    for code, items in by_rule.items():
        red = [f for f in items if f.flagged and f.level == RED]
        yellow = [f for f in items if f.flagged and f.level == YELLOW]
        nc = sum(f.status == NOT_COMPUTABLE for f in items)
        small = sum(f.status == SMALL_CELL for f in items)
        counts[code] = (len(red), len(yellow))
        if not verbose:
            continue
        print(
            f"\n  rule {code} [measure reading {reading}]: red {len(red)}, yellow {len(yellow)}, "
            f"not computable {nc}, not rated (small cell) {small}, no value "
            f"{sum(f.status == 'no_value' for f in items)}"
        )
        if nc:
            years = next(f.evidence["years_required"] for f in items if f.status == NOT_COMPUTABLE)
            print(
                f"    NOT COMPUTABLE for {nc} majors: the rule needs {years} "
                f"consecutive cohorts; the data hold one period ({COHORT}, pooled 2010–12). See its single-year "
                "variant."
            )
        for label, lst in (("RED", red), ("YELLOW", yellow)):
            for f in sorted(lst, key=lambda f: f.evidence.get("score", f.evidence.get("value", 0)) or 0):
                print(f"    {label:6} {f.unit[0]} {f.major_name[:44]:44} {fmt_evidence(f)}")
    return fs, counts


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--datasets", type=Path, default=DATASETS)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    rows = read_majors(args.datasets / "college-majors" / "recent-grads.csv", 60 if args.quick else None)
    rules = load_rules(RULES)
    print(
        f"majors: {len(rows)} (recent-grads.csv, ACS 2010–12, age < 28); rules: {RULES.relative_to(ROOT)} "
        f"({len(rules.rules)} rules, min_graduates {rules.min_graduates} applied to the unweighted Sample_size)"
    )
    for r in rules.rules:
        extra = (
            f" weights {dict(r.weights)} red {r.red_share} yellow {r.yellow_share} among unemployed pr ≥ "
            f"{r.min_unemployed_rank}"
            if r.kind == "composite"
            else ""
        )
        print(f"  {r.code}: {r.title_en}{extra} — source: {r.source[:80]}… (to verify: {r.to_verify})")
    small = sum(1 for r in rows if (_int(r["Sample_size"]) or 0) < rules.min_graduates)
    print(f"not rated (Sample_size < {rules.min_graduates}): {small}; rated: {len(rows) - small}")

    totals = {}
    red_any: set[str] = set()
    yellow_any: set[str] = set()
    for reading, text in (("A", "Employed / Total"), ("B", "1 − Unemployment_rate")):
        print(f"\n=== employment rate reading {reading}: {text} (for every employment measure) ===")
        fs, counts = run(rows, rules, reading)
        for code, (red, yellow) in counts.items():
            totals[f"{SHORT.get(code, code)}_{reading}"] = (red, yellow)
        for f in fs:
            if f.flagged and f.level == RED:
                red_any.add(f.unit[0])
            elif f.flagged and f.level == YELLOW:
                yellow_any.add(f.unit[0])
    yellow_any -= red_any

    print("\n=== baseline: the same rules with no small-cell suppression (min_graduates = 1) ===")
    loose = dataclasses.replace(rules, min_graduates=1)
    sizes = {r["Major_code"]: _int(r["Sample_size"]) or 0 for r in rows}
    small_units = {code for code, size in sizes.items() if size < rules.min_graduates}
    for reading in ("A", "B"):
        fs = evaluate(outcomes(rows, reading), loose, COHORT)
        on_small = [f for f in fs if f.status == FLAGGED and f.unit[0] in small_units]
        print(
            f"  reading {reading}: {sum(f.status == FLAGGED for f in fs)} flags, {len(on_small)} of them on majors "
            f"with Sample_size < {rules.min_graduates}: "
            + "; ".join(
                f"{f.rule} {f.level} {f.major_name} (Sample_size {sizes[f.unit[0]]})" for f in on_small[:8]
            )
        )
    seconds = time.perf_counter() - t0
    print(f"\nseconds {seconds:.2f}")
    per_rule = " ".join(f"red_{k}={v[0]} yellow_{k}={v[1]}" for k, v in sorted(totals.items()))
    print(
        f"BENCH majors_warning majors={len(rows)} rated={len(rows) - small} red={len(red_any)} "
        f"yellow={len(yellow_any)} {per_rule} seconds={seconds:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
