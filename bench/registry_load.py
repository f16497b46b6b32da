"""Benchmark `registry_load`: demo-region generation and bulk load into SQLite and PostgreSQL.

    python bench/registry_load.py            # 湘潭市 (4303) at 1:50, and 邵东市 (430582, 1,038,416 people
                                             # in the 2020 census) at full scale
    python bench/registry_load.py --quick    # 湘潭市 at 1:2000 and 韶山市 (430382) at 1:20

Each (region, database) pair runs in a fresh worker process on a fresh database: migrate, create the
reference rows the region needs (`ensure_reference`), generate, then `load_population` (the code path
`demo_load` uses) in one transaction. PostgreSQL: `DATABASE_URL` if set (the load is then rolled back),
otherwise a throwaway server started here with initdb/pg_ctl in a temporary directory (as the `postgres`
user when run as root). The baseline is row-by-row `Person.save()` of 2,000 people in the same worker.

Last line: BENCH registry_load persons=… gen_rows_per_s=… load_rows_per_s_sqlite=… load_rows_per_s_pg=…
(figures of the largest run), plus the 1:50 city figures and the baselines.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2025-06-30"
BASELINE_N = 2000


# ------------------------------------------------------------------------------------------ worker


def worker(region: str, rate: int, rollback: bool) -> dict:
    import datetime as dt

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    settings.DEBUG = False  # no query log
    from jiuye.registry.demo import load as demo
    from jiuye.registry.demo import population as gen
    from jiuye.registry.models import DataSource, Person

    call_command("migrate", verbosity=0)
    refdata = Path(settings.JIUYE_REFDATA)
    t0 = time.perf_counter()
    pop = gen.generate(region, refdata=refdata, rate=rate, seed=1, as_of=dt.date.fromisoformat(AS_OF))
    gen_s = time.perf_counter() - t0
    out = {"region": region, "rate": rate, "vendor": connection.vendor, "persons": len(pop.persons),
           "rows": pop.rows, "counts": pop.counts(), "gen_s": gen_s}

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            t0 = time.perf_counter()
            demo.ensure_reference(pop, refdata)
            out["reference_s"] = time.perf_counter() - t0
            source = DataSource.objects.create(code=demo.source_code(region, rate, 1), kind="demo", name_zh="bench")
            # baseline first: the first people one save() at a time (rolled back)
            sid = transaction.savepoint()
            sample = pop.persons[:BASELINE_N]
            divs = dict(__import__("jiuye.geography.models", fromlist=["Division"]).Division.objects
                        .values_list("code", "pk"))
            t0 = time.perf_counter()
            for p in sample:
                person = Person(name=p.name, sex=p.sex, birth_date=p.birth_date, division_id=divs[p.division],
                                hukou_division_id=divs[p.hukou_division], hukou_type=p.hukou_type,
                                labour_status=p.labour_status, ethnicity=p.ethnicity, source=source)
                person.set_resident_id(p.resident_id)
                person.set_phone(p.phone)
                person.save()
            out["baseline_rows"] = len(sample)
            out["baseline_s"] = time.perf_counter() - t0
            transaction.savepoint_rollback(sid)
            t0 = time.perf_counter()
            with transaction.atomic():
                demo.load_population(pop, source)
            out["load_s"] = time.perf_counter() - t0
            print(f"  {connection.vendor} {region} 1:{rate}: generated {pop.rows} rows in {gen_s:.1f}s, "
                  f"loaded in {out['load_s']:.1f}s", file=sys.stderr, flush=True)
            if rollback:
                raise Rollback
            t0 = time.perf_counter()
        out["commit_s"] = time.perf_counter() - t0
    except Rollback:
        out["commit_s"] = 0.0
    return out


# ------------------------------------------------------------------------------------------ servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def throwaway_postgres():
    """initdb + pg_ctl in a temporary directory on a free port; yields a DATABASE_URL."""
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if not initdb or not pg_ctl:
        raise RuntimeError("initdb/pg_ctl not found on PATH")
    tmp = Path(tempfile.mkdtemp(prefix="jiuye-bench-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(tmp, user="postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    data = tmp / "data"
    try:
        subprocess.run([*run_as, initdb, "-D", str(data), "-U", "jiuye", "--auth=trust", "-E", "UTF8",
                        "--locale=C.UTF-8"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([*run_as, pg_ctl, "-D", str(data), "-l", str(tmp / "server.log"), "-w", "-o",
                        f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1", "start"], check=True,
                       stdout=subprocess.DEVNULL)
        yield f"postgres://jiuye@127.0.0.1:{port}/%s"
    finally:
        subprocess.run([*run_as, pg_ctl, "-D", str(data), "-m", "fast", "stop"], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(tmp, ignore_errors=True)


def create_database(url_template: str, name: str) -> str:
    import psycopg

    with psycopg.connect(url_template % "postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url_template % name


def run_worker(region: str, rate: int, env: dict[str, str], rollback: bool = False) -> dict:
    cmd = [sys.executable, __file__, "--worker", region, str(rate)] + (["--rollback"] if rollback else [])
    proc = subprocess.run(cmd, env={**os.environ, **env}, cwd=ROOT, capture_output=True, text=True)
    sys.stderr.write(proc.stderr)
    if proc.returncode != 0:
        raise SystemExit(f"worker failed: {region} 1:{rate}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------------------------ main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--worker", nargs=2, metavar=("REGION", "RATE"), help=argparse.SUPPRESS)
    parser.add_argument("--rollback", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-pg", action="store_true", help="skip PostgreSQL")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker[0], int(args.worker[1]), args.rollback)))
        return

    jobs = [("4303", 2000), ("430382", 20)] if args.quick else [("4303", 50), ("430582", 1)]
    results: dict[tuple[str, str], dict] = {}
    tmp = Path(tempfile.mkdtemp(prefix="jiuye-bench-"))
    try:
        for region, rate in jobs:
            db = tmp / f"{region}-{rate}.sqlite3"
            r = run_worker(region, rate, {"JIUYE_SQLITE_PATH": str(db), "DATABASE_URL": ""})
            results[(region, "sqlite")] = r
            report(r)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if not args.no_pg:
        if os.environ.get("DATABASE_URL"):
            for region, rate in jobs:
                r = run_worker(region, rate, {"DATABASE_URL": os.environ["DATABASE_URL"]}, rollback=True)
                results[(region, "pg")] = r
                report(r)
        else:
            with throwaway_postgres() as template:
                for region, rate in jobs:
                    url = create_database(template, f"bench_{region}_{rate}")
                    r = run_worker(region, rate, {"DATABASE_URL": url})
                    results[(region, "pg")] = r
                    report(r)

    big_region = jobs[-1][0]
    small_region = jobs[0][0]
    big, small = results[(big_region, "sqlite")], results[(small_region, "sqlite")]

    def rate_of(key: tuple[str, str], field: str = "load") -> str:
        r = results.get(key)
        if not r:
            return "NA"
        if field == "load":
            return f"{r['rows'] / (r['load_s'] + r['commit_s']):.0f}"
        return f"{r['baseline_rows'] / r['baseline_s']:.0f}"

    gen_rate = big["rows"] / big["gen_s"]
    small_pg = results.get((small_region, "pg"))
    city_pg = f"{small_pg['load_s'] + small_pg['commit_s']:.1f}" if small_pg else "NA"
    print()
    print(f"largest run: {big_region} at 1:{jobs[-1][1]}, {big['persons']} persons, {big['rows']} rows")
    print("BENCH registry_load"
          f" persons={big['persons']} rows={big['rows']} gen_rows_per_s={gen_rate:.0f}"
          f" load_rows_per_s_sqlite={rate_of((big_region, 'sqlite'))} load_rows_per_s_pg={rate_of((big_region, 'pg'))}"
          f" city_persons={small['persons']} city_gen_s={small['gen_s']:.1f}"
          f" city_load_s_sqlite={small['load_s'] + small['commit_s']:.1f}"
          f" city_load_s_pg={city_pg}"
          f" baseline_rows_per_s_sqlite={rate_of((big_region, 'sqlite'), 'baseline')}"
          f" baseline_rows_per_s_pg={rate_of((big_region, 'pg'), 'baseline')}")


def report(r: dict) -> None:
    load = r["load_s"] + r["commit_s"]
    print(f"{r['vendor']:>10}  {r['region']} 1:{r['rate']}: {r['persons']} persons, {r['rows']} rows; "
          f"generate {r['gen_s']:.1f}s ({r['rows'] / r['gen_s']:.0f} rows/s); reference rows {r['reference_s']:.1f}s; "
          f"load {load:.1f}s ({r['rows'] / load:.0f} rows/s); row-by-row save() "
          f"{r['baseline_rows'] / r['baseline_s']:.0f} rows/s", flush=True)


if __name__ == "__main__":
    main()
