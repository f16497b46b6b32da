"""monitoring_compute (--months 2025-01:2026-10 | --last 24) [--engine duckdb|spark] [--division CODE] [--wet-run]

Write the Parquet extracts of the library for those months, compute every indicator of the catalogue on the
engine and store the values (IndicatorValue) by division × month × group. Without --wet-run the computation runs
in a transaction that is rolled back and the extracts go to a temporary directory that is removed: the counts
printed say what a wet run would create, update and delete.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from jiuye.analytics.extract import parse_month
from jiuye.geography.models import Division

from ...services import ENGINES, compute_indicators


class _DryRun(Exception):
    pass


def last_months(n: int, today: dt.date | None = None):
    """The n whole months that ended before this one: --last 24 on 2026-11-28 → (2024-11-01, 2026-10-01)."""
    if n < 1:
        raise ValueError(f"{n}: give at least one month")
    today = today or dt.date.today()
    end = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    index = end.year * 12 + end.month - 1 - (n - 1)
    return dt.date(index // 12, index % 12 + 1, 1), end


def parse_months(text: str):
    """'2025-01:2026-10' → (2025-01-01, 2026-10-01); a single month 'YYYY-MM' is both ends."""
    first, _, last = (text or "").partition(":")
    start = parse_month(first)
    end = parse_month(last) if last else start
    if end < start:
        raise ValueError(f"{text!r}: the last month comes before the first")
    return start, end


class Command(BaseCommand):
    help = "Compute the indicator set for a range of months (dry run unless --wet-run)."

    def add_arguments(self, parser):
        when = parser.add_mutually_exclusive_group(required=True)
        when.add_argument("--months", help="YYYY-MM:YYYY-MM (both included) or one YYYY-MM")
        when.add_argument("--last", type=int, help="the last N whole months before the current one")
        parser.add_argument("--engine", default="duckdb", choices=ENGINES, help="duckdb (default) or spark")
        parser.add_argument("--division", help="division code (default the whole library)")
        parser.add_argument("--wet-run", action="store_true", help="keep the values")

    def handle(self, *args, **opts):
        try:
            if opts["last"] is not None:
                first, last = last_months(opts["last"])
            else:
                first, last = parse_months(opts["months"])
        except ValueError as exc:
            raise CommandError(f"--{'last' if opts['last'] is not None else 'months'}: {exc}") from None
        division = None
        if opts["division"]:
            division = Division.objects.filter(code=opts["division"]).first()
            if division is None:
                raise CommandError(f"--division: unknown division code {opts['division']!r}")
        if opts["engine"] == "spark":
            try:
                import pyspark  # noqa: F401
            except ImportError:
                raise CommandError(
                    "--engine spark: PySpark is not installed (pip install jiuye[spark])"
                ) from None
        wet = opts["wet_run"]
        workdir = None if wet else Path(tempfile.mkdtemp(prefix="jiuye-indicators-dry-"))
        result = None
        try:
            with transaction.atomic():
                result = compute_indicators(
                    first,
                    last,
                    engine=opts["engine"],
                    scope=division,
                    actor="monitoring_compute",
                    workdir=workdir,
                )
                if not wet:
                    raise _DryRun
        except _DryRun:
            self.stdout.write("dry run: nothing kept (use --wet-run to keep)")
        finally:
            if workdir is not None:
                shutil.rmtree(workdir, ignore_errors=True)
        summary = {
            "months": f"{result.months[0]:%Y-%m}:{result.months[-1]:%Y-%m} ({len(result.months)})",
            "engine": result.engine,
            "division": division.code if division else "",
            "extract_rows": result.extract_rows,
            "result_rows": result.result_rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "deleted": result.deleted,
            "suppressed": result.suppressed,
            "seconds": result.seconds,
            "extract": str(result.directory) if wet else "",
        }
        self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=1))
