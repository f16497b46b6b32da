"""Fill the releases for the demo region: demo graduate records, the majors warning and a published wage release.

    manage.py releases_demo [--region 4303] [--wet-run]

Steps (idempotent: run again, same result):
1. graduate records for the demo population's graduates of the last two cohorts that have none
   (`services.add_demo_graduates`, source "demo-releases-graduates");
2. `compute_majors` for the last cohort observable at 12 months, with a small-cell minimum of 5 graduates — the demo
   region is a 1:50 sample, so the rules' own minimum (10) would leave every major unrated (the minimum used is
   stored in each finding);
3. `compute_wage_release` for this year, published (the demo's tax records cover months of this year).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from jiuye.monitoring.releases import services
from jiuye.monitoring.releases.models import WageRelease

DEMO_MIN_GRADUATES = 5


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "Releases for the demo region (majors warning and wage prices)."

    def add_arguments(self, parser):
        parser.add_argument("--region", default="4303")
        parser.add_argument("--wet-run", action="store_true")

    def handle(self, *args, **opts):
        t0 = time.perf_counter()
        today = timezone.localdate()
        # The last cohort whose 12-month outcome (30 June + 12 months) has passed.
        cohort = today.year - 1 if today >= today.replace(month=7, day=1) else today.year - 2
        out = []
        try:
            region = services.region_division(opts["region"])
            with transaction.atomic():
                n = services.add_demo_graduates(region, [cohort - 1, cohort])
                out.append(f"demo graduate records added: {n}")
                counts = services.compute_majors(region, cohort, min_graduates=DEMO_MIN_GRADUATES)
                out.append(f"majors cohort {cohort} (min graduates {DEMO_MIN_GRADUATES}): {counts}")
                for year in (today.year,):
                    existing = WageRelease.objects.filter(division=region, year=year).first()
                    if existing is not None and existing.is_published:
                        services.withdraw_wage_release(existing, by="releases_demo")
                    release = services.compute_wage_release(region, year)
                    release = services.publish_wage_release(release, by="releases_demo")
                    out.append(f"wage release {year}: {release.counts} status {release.status}")
                if not opts["wet_run"]:
                    raise _DryRun
        except _DryRun:
            out.append("dry run: nothing written (use --wet-run)")
        except services.ReleaseError as exc:
            raise CommandError(f"--{exc.field}: {exc.message}") from None
        for line in out:
            self.stdout.write(line)
        self.stdout.write(f"releases_demo done in {time.perf_counter() - t0:.1f} s")
