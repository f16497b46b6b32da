"""The full indicator set over 10 million person-month records on DuckDB, against pandas in the same run (issue 8).

    python bench/indicators.py            # 10,000,000 person-months (500,000 persons × 20 months)
    python bench/indicators.py --quick    # 200,000 person-months, smoke size

Data: a seeded synthetic extract (`jiuye/analytics/synthetic.py`): persons move monthly between employed,
registered unemployed, jobless and out of the labour force by a Markov chain (≈ 68 % employed, registered
unemployment rate ≈ 5 %), key groups, graduates, pension cover; postings proportionate to persons with posted
pay, 1–3 months live, ~40 % filled; applicants = registered unemployed plus other seekers. Written to Parquet in
chunks of 50,000 persons (memory bounded), in 120 townships of 12 counties of 3 prefectures of one province.

Timed: `seconds` = DuckDB running every definition's SQL over the Parquet files, rolled up to county, prefecture
and province; `baseline_seconds` = the plain pandas implementation of the same definitions
(`jiuye/analytics/indicators_pandas.py`, reading only the columns it needs). `identical=1` when both give the
same cells with bit-identical value, numerator and denominator. Generation time is printed but not counted.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jiuye.analytics import indicators, indicators_pandas, synthetic  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200,000 person-months")
    parser.add_argument("--person-months", type=int, default=None)
    parser.add_argument("--keep", metavar="DIR", help="write the extract here and keep it")
    args = parser.parse_args(argv)
    size = args.person_months or (200_000 if args.quick else 10_000_000)

    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="jiuye-bench-indicators-"))
    try:
        started = time.perf_counter()
        generated = synthetic.generate(workdir, person_months=size)
        gen_seconds = time.perf_counter() - started
        files_mb = sum(p.stat().st_size for p in workdir.glob("*.parquet")) / 2**20
        print(
            f"generated {generated.person_months:,} person-months ({generated.persons:,} persons × "
            f"{generated.months} months), {generated.postings_months:,} posting-months, "
            f"{generated.applicants_months:,} applicant-months; {files_mb:.0f} MiB Parquet in {gen_seconds:.1f} s"
        )

        started = time.perf_counter()
        duck = indicators.compute(workdir, engine="duckdb")
        seconds = time.perf_counter() - started
        print(
            f"duckdb: {len(duck):,} result rows ({len(indicators.DEFINITIONS)} indicators) in {seconds:.2f} s"
        )
        for definition in indicators.DEFINITIONS:
            rows = duck[duck["indicator"] == definition.code]
            top = rows[(rows["division_code"] == "43") & (rows["group"] == "")]
            last = top.iloc[-1] if len(top) else None
            shown = "—" if last is None or last["value"] != last["value"] else f"{last['value']:.4g}"
            print(f"  {definition.code:30s} {len(rows):7,d} rows; province, last month: {shown}")

        started = time.perf_counter()
        baseline = indicators_pandas.compute(workdir)
        baseline_seconds = time.perf_counter() - started
        print(f"pandas: {len(baseline):,} result rows in {baseline_seconds:.2f} s")

        problems = indicators.compare(duck, baseline)
        for line in problems[:10]:
            print("DIFFERENCE", line)
        identical = int(not problems)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    print(
        f"BENCH indicators person_months={generated.person_months} seconds={seconds:.2f} "
        f"baseline_seconds={baseline_seconds:.2f} identical={identical} result_rows={len(duck)} "
        f"indicators={len(indicators.DEFINITIONS)}"
    )
    return 0 if identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
