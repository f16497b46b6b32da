"""Compute the draft wage-price release of a region and year (tax wage records and posted pay).

    manage.py releases_wages --region 4303 --year 2026 [--b 200] [--seed 20261128] [--wet-run] [--publish]

Dry run by default. `--wet-run` writes the draft (replacing an earlier draft of that year); `--publish` also
publishes it (audited as done by the command).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from jiuye.analytics.wages import DEFAULT_B, DEFAULT_SEED
from jiuye.monitoring.releases import services


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "Wage-price release: P10–P90 by 大典 occupation × division with bootstrap RSE and suppression."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="division code of the region, e.g. 4303")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--b", type=int, default=DEFAULT_B, help=f"bootstrap resamples (default {DEFAULT_B})"
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--publish", action="store_true", help="publish the release after computing it")
        parser.add_argument("--wet-run", action="store_true", help="write (default: dry run)")

    def handle(self, *args, **opts):
        if opts["publish"] and not opts["wet_run"]:
            raise CommandError("--publish needs --wet-run")
        t0 = time.perf_counter()
        try:
            region = services.region_division(opts["region"])
            with transaction.atomic():
                release = services.compute_wage_release(region, opts["year"], b=opts["b"], seed=opts["seed"])
                if opts["publish"]:
                    release = services.publish_wage_release(release, by="releases_wages")
                counts = dict(release.counts, status=release.status)
                if not opts["wet_run"]:
                    raise _DryRun
        except _DryRun:
            pass
        except services.ReleaseError as exc:
            raise CommandError(f"--{exc.field}: {exc.message}") from None
        mode = "written" if opts["wet_run"] else "dry run, nothing written"
        self.stdout.write(
            f"releases_wages {region.code} {opts['year']}: {counts} ({mode}, {time.perf_counter() - t0:.1f} s)"
        )
