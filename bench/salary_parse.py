"""Benchmark `salary_parse`: real Chinese pay strings through `jiuye.jobs.salary.parse_salary` (issue 4, item 3).

    python bench/salary_parse.py            # every salary string in ../shared/data/datasets/job-postings-zh
    python bench/salary_parse.py --quick    # the first 2,000 strings of each file (the sample check is unchanged)

Reads the `wage` column of the BOSS直聘 and 拉勾 IT files and the `salary` column of the 拉勾 data-analyst file.
Column shift in the source: in every sheet except C# of the two IT files, the spreadsheet had two extra columns
(low and high number) before the pay text, so `wage` holds a bare number ("15"), `experience` the high number
and `industry` the real pay text ("15-20K"). When `wage` is a bare number or "#N/A" we take `industry` instead.

Prints the parsed share (negotiable counted as parsed, and also shown separately), the 20 most common unparsed
strings, and the hand-checked sample: 200 strings drawn with a fixed seed, whose expected values were written by
hand in tests/jobs/data/salary_sample_200.csv; `sample_errors` counts rows where the parser disagrees.

Last line: BENCH salary_parse n=… parsed_share=… sample_n=… sample_errors=…
"""

from __future__ import annotations

import argparse
import collections
import csv
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jiuye.jobs.salary import parse_salary  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "datasets" / "job-postings-zh"
FILES = (
    ("boss_zhipin_2019_it_jobs.csv", "wage"),
    ("lagou_2019_it_jobs.csv", "wage"),
    ("lagou_data_analyst_positions_with_coords.csv", "salary"),
)
SAMPLE_FILE = ROOT / "tests" / "jobs" / "data" / "salary_sample_200.csv"
SAMPLE_SEED = 20190629  # the date of the source commit
SAMPLE_N = 200
_SHIFTED = re.compile(r"\d+|#N/A")


def salary_strings(data: Path = DATA, limit: int | None = None) -> list[str]:
    """Every salary string, in file order, with the column shift above undone."""
    out: list[str] = []
    for name, column in FILES:
        with open(data / name, encoding="utf-8", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh)):
                if limit is not None and i >= limit:
                    break
                text = (row.get(column) or "").strip()
                if _SHIFTED.fullmatch(text) and "industry" in row:
                    text = (row["industry"] or "").strip()
                out.append(text)
    return out


def draw_sample(strings: list[str]) -> list[str]:
    return random.Random(SAMPLE_SEED).sample(strings, SAMPLE_N)


def read_expected(path: Path = SAMPLE_FILE) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def sample_mismatches(rows: list[dict[str, str]]) -> list[tuple[str, str, str]]:
    """(text, expected, got) for each row where the parser disagrees with the hand-written expectation.

    expected_min/expected_max empty means "no range": the text must be negotiable (note says so) or unparsed.
    """
    bad = []
    for row in rows:
        got = parse_salary(row["text"])
        if row["expected_min"] == "":
            want = "negotiable" if "negotiable" in row["note"] else "None"
            have = "None" if got is None else ("negotiable" if got.negotiable else repr(got))
        else:
            want = f"{int(row['expected_min'])}-{int(row['expected_max'])}x{int(row['expected_months'])}"
            have = "None" if got is None else f"{got.monthly_min}-{got.monthly_max}x{got.months}"
        if want != have:
            bad.append((row["text"], want, have))
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()

    strings = salary_strings(limit=2_000 if args.quick else None)
    t0 = time.perf_counter()
    results = [parse_salary(s) for s in strings]
    seconds = time.perf_counter() - t0
    n = len(strings)
    parsed = sum(r is not None for r in results)
    negotiable = sum(r is not None and r.negotiable for r in results)
    unparsed = collections.Counter(s for s, r in zip(strings, results, strict=True) if r is None)

    print(f"salary strings: {n:,} ({len(set(strings)):,} distinct), parsed in {seconds:.3f} s")
    print(
        f"parsed: {parsed:,} ({parsed / n:.4f}), of which negotiable: {negotiable:,} ({negotiable / n:.4f})"
    )
    print(f"unparsed: {n - parsed:,}; 20 most common:")
    for text, count in unparsed.most_common(20):
        print(f"  {count:6,}  {text!r}")

    full = salary_strings()  # the sample is always drawn from the full list, so --quick checks the same 200
    sample = draw_sample(full)
    rows = read_expected()
    if [r["text"] for r in rows] != sample:
        sys.exit(f"{SAMPLE_FILE} does not hold the {SAMPLE_N} strings drawn with seed {SAMPLE_SEED}")
    bad = sample_mismatches(rows)
    print(f"hand-checked sample: {len(rows)} strings, {len(bad)} disagreements")
    for text, want, have in bad:
        print(f"  {text!r}: expected {want}, parser {have}")

    print(
        f"BENCH salary_parse n={n} parsed_share={parsed / n:.4f} negotiable_share={negotiable / n:.4f} "
        f"sample_n={len(rows)} sample_errors={len(bad)}"
    )


if __name__ == "__main__":
    main()
