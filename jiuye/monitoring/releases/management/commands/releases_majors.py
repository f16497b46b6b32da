"""Compute the majors outcomes (cohorts year-1 and year) and the red-yellow warnings of `year` for a region.

    manage.py releases_majors --region 4303 --year 2025 [--as-of 2026-11-28] [--min-graduates 10] [--wet-run]

Dry run by default: computes, prints the counts and rolls back. `--wet-run` writes.
"""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from jiuye.monitoring.releases import services


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "Majors red-yellow warning: outcomes by major × institution × region and the rules' findings."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="division code of the region, e.g. 4303")
        parser.add_argument("--year", type=int, required=True, help="graduation cohort to rate")
        parser.add_argument(
            "--as-of", default=None, help="date the 6/12-month outcomes are observed by (YYYY-MM-DD)"
        )
        parser.add_argument(
            "--min-graduates", type=int, default=None, help="override the rules' small-cell minimum"
        )
        parser.add_argument("--wet-run", action="store_true", help="write (default: dry run)")

    def handle(self, *args, **opts):
        try:
            as_of = dt.date.fromisoformat(opts["as_of"]) if opts["as_of"] else None
        except ValueError:
            raise CommandError(f"--as-of: a date as YYYY-MM-DD, got {opts['as_of']!r}") from None
        t0 = time.perf_counter()
        try:
            region = services.region_division(opts["region"])
            with transaction.atomic():
                counts = services.compute_majors(
                    region, opts["year"], as_of=as_of, min_graduates=opts["min_graduates"]
                )
                if not opts["wet_run"]:
                    raise _DryRun
        except _DryRun:
            pass
        except services.ReleaseError as exc:
            raise CommandError(f"--{exc.field.replace('_', '-')}: {exc.message}") from None
        mode = "written" if opts["wet_run"] else "dry run, nothing written"
        self.stdout.write(
            f"releases_majors {region.code} {opts['year']}: {counts} ({mode}, {time.perf_counter() - t0:.1f} s)"
        )
