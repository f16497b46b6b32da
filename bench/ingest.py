"""Benchmark `ingest`: department files through validation, quarantine and load (issue 3).

    python bench/ingest.py            # 1,000,000-row GB18030 CSV and 200,000-row XLSX
    python bench/ingest.py --quick    # 20,000 and 5,000 rows

Files are unemployment registrations (`human_resources.unemployment`: every valid row creates a
person and a registration) with about 1% bad rows of every kind (bad ID check digit, unknown division,
date in the future, duplicate key, wrong column count — in XLSX a short row only has empty trailing cells,
which is not an error, so the XLSX file has about 0.8% bad rows). Each import runs the real `run_import` in a
fresh worker process on a fresh SQLite database (migrated, with a small division tree), so the peak
resident memory the worker reports (getrusage maxrss) is the import's own. The baseline is a plain
read of the same file in the same worker: `csv.reader` over the GB18030 text, openpyxl read-only rows.

Last line: BENCH ingest rows=… csv_rows_per_s=… xlsx_rows_per_s=… peak_mb=… quarantined=…
(+ csv_baseline_rows_per_s, xlsx_baseline_rows_per_s, csv_s, xlsx_s, counts_ok).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = "human_resources.unemployment"
HEADER = ["公民身份号码", "姓名", "性别", "居住地区划代码", "登记日期", "登记状态", "求职意向职业代码"]
TOWNSHIPS = [f"430302{n:03d}" for n in range(1, 11)]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰桂芝文辉力鹏飞燕萍晨旭宇航佳怡欣怡子涵浩然"


def _rows(n: int, seed: int, id_offset: int):
    """n rows (the header aside), about 1% bad, spread through the file."""
    sys.path.insert(0, str(ROOT))
    from jiuye.registry.identifiers import make_resident_id

    rng = random.Random(seed)
    base = dt.date(1965, 1, 1)
    kinds = ["checksum", "division", "future", "duplicate", "width"]
    previous: list[str] | None = None
    for i in range(n):
        k = id_offset + i
        birth = base + dt.timedelta(days=k // 500 % 13000)
        seq = k % 500 * 2 + (1 if k % 3 else 0)
        rid = make_resident_id("430302", birth, seq)
        sex = "男" if seq % 2 else "女"
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        registered = dt.date(2023, 1, 1) + dt.timedelta(days=k % 600)
        row = [rid, name, sex, rng.choice(TOWNSHIPS), registered.isoformat(), "登记失业", ""]
        if i % 100 == 50:  # ~1% bad, rotating through the kinds
            kind = kinds[(i // 100) % len(kinds)]
            if kind == "checksum":
                row[0] = rid[:-1] + ("0" if rid[-1] != "0" else "1")
            elif kind == "division":
                row[3] = "439999001"
            elif kind == "future":
                row[4] = "2099-01-01"
            elif kind == "duplicate" and previous is not None:
                row = list(previous)
            elif kind == "width":
                row = row[:-2]
        previous = row
        yield row


def make_csv(path: Path, n: int) -> None:
    with open(path, "w", encoding="gb18030", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for row in _rows(n, seed=1, id_offset=0):
            writer.writerow(row)


def make_xlsx(path: Path, n: int) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(HEADER)
    for row in _rows(n, seed=2, id_offset=5_000_000):
        ws.append(row)
    wb.save(path)


# ------------------------------------------------------------------------------------------ worker


def worker(path: str, fmt: str) -> dict:
    import resource

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False  # no query log
    import logging

    logging.getLogger("jiuye.ingestion").setLevel(logging.WARNING)
    from jiuye.geography.enums import DivisionLevel
    from jiuye.geography.models import Division
    from jiuye.ingestion.pipeline import run_import

    call_command("migrate", verbosity=0)
    hunan = Division.objects.create(code="43", name_zh="湖南省", level=DivisionLevel.PROVINCE, path="43")
    city = Division.objects.create(code="4303", name_zh="湘潭市", level=DivisionLevel.PREFECTURE, parent=hunan,
                                   path="43/4303")
    county = Division.objects.create(code="430302", name_zh="雨湖区", level=DivisionLevel.COUNTY, parent=city,
                                     path="43/4303/430302")
    for code in TOWNSHIPS:
        Division.objects.create(code=code, name_zh=f"街道{code[-3:]}", level=DivisionLevel.TOWNSHIP, parent=county,
                                path=f"{county.path}/{code}")

    # baseline: read the same file, nothing else
    t0 = time.perf_counter()
    if fmt == "csv":
        with open(path, encoding="gb18030", newline="") as fh:
            base_rows = sum(1 for _ in csv.reader(fh)) - 1
    else:
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        base_rows = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True)) - 1
        wb.close()
    base_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    run = run_import(SOURCE, path, division=county)
    seconds = time.perf_counter() - t0
    maxrss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "fmt": fmt, "status": run.status, "encoding": run.encoding, "seconds": seconds,
        "read": run.rows_read, "accepted": run.rows_accepted, "updated": run.rows_updated,
        "unchanged": run.rows_unchanged, "staged": run.rows_staged, "quarantined": run.rows_quarantined,
        "counts_ok": run.rows_accounted == run.rows_read, "message": run.message,
        "baseline_rows": base_rows, "baseline_s": base_s, "peak_mb": maxrss_kb / 1024,
    }


def run_worker(path: Path, fmt: str, db: Path) -> dict:
    env = {**os.environ, "JIUYE_SQLITE_PATH": str(db), "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    cmd = [sys.executable, __file__, "--worker", str(path), fmt]
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"worker for {fmt} failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--csv-rows", type=int, default=None)
    parser.add_argument("--xlsx-rows", type=int, default=None)
    parser.add_argument("--worker", nargs=2, metavar=("PATH", "FORMAT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        out = worker(*args.worker)
        sys.stdout.write("\n" + json.dumps(out) + "\n")
        return
    csv_n = args.csv_rows or (20_000 if args.quick else 1_000_000)
    xlsx_n = args.xlsx_rows or (5_000 if args.quick else 200_000)
    with tempfile.TemporaryDirectory(prefix="jiuye-bench-ingest-") as tmp:
        tmpdir = Path(tmp)
        csv_path, xlsx_path = tmpdir / "unemployment.csv", tmpdir / "unemployment.xlsx"
        t0 = time.perf_counter()
        make_csv(csv_path, csv_n)
        make_xlsx(xlsx_path, xlsx_n)
        print(f"generated {csv_n:,} CSV rows ({csv_path.stat().st_size / 1e6:.0f} MB GB18030) and {xlsx_n:,} XLSX "
              f"rows ({xlsx_path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t0:.0f} s", flush=True)
        results = {}
        for path, fmt in ((csv_path, "csv"), (xlsx_path, "xlsx")):
            r = run_worker(path, fmt, tmpdir / f"{fmt}.sqlite3")
            results[fmt] = r
            print(f"{fmt}: {r['status']} ({r['encoding'] or '-'}) read {r['read']:,} accepted {r['accepted']:,} "
                  f"unchanged {r['unchanged']:,} staged {r['staged']:,} quarantined {r['quarantined']:,} "
                  f"in {r['seconds']:.1f} s = {r['read'] / r['seconds']:,.0f} rows/s; peak {r['peak_mb']:.0f} MB; "
                  f"baseline read {r['baseline_rows'] / r['baseline_s']:,.0f} rows/s", flush=True)
    c, x = results["csv"], results["xlsx"]
    print(
        "BENCH ingest"
        f" rows={c['read'] + x['read']}"
        f" csv_rows_per_s={c['read'] / c['seconds']:.0f}"
        f" xlsx_rows_per_s={x['read'] / x['seconds']:.0f}"
        f" peak_mb={max(c['peak_mb'], x['peak_mb']):.0f}"
        f" quarantined={c['quarantined'] + x['quarantined']}"
        f" csv_rows={c['read']} xlsx_rows={x['read']}"
        f" csv_s={c['seconds']:.1f} xlsx_s={x['seconds']:.1f}"
        f" csv_baseline_rows_per_s={c['baseline_rows'] / c['baseline_s']:.0f}"
        f" xlsx_baseline_rows_per_s={x['baseline_rows'] / x['baseline_s']:.0f}"
        f" counts_ok={int(c['counts_ok'] and x['counts_ok'])}"
    )


if __name__ == "__main__":
    main()
