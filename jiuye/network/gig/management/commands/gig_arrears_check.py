"""Raise a wage-arrears case for each gig engagement whose pay the employer has not confirmed within N days of
completion, or that the worker disputed (one case per engagement; re-runs add none). Dry run by default."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from jiuye.network.gig import services


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="open the cases (default: only list them)")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"days allowed after completion (default {services.pay_days()})",
        )
        parser.add_argument("--on", default="", help="as-of date YYYY-MM-DD (default today)")

    def handle(self, *args, **opts):
        on = None
        if opts["on"]:
            try:
                on = dt.date.fromisoformat(opts["on"])
            except ValueError:
                raise CommandError(f"--on: a date as YYYY-MM-DD, got {opts['on']!r}") from None
        if opts["days"] is not None and opts["days"] < 0:
            raise CommandError("--days: a number of days, 0 or more")
        result = services.arrears_sweep(on=on, days=opts["days"], dry_run=not opts["wet_run"])
        mode = "wet run" if opts["wet_run"] else "dry run (use --wet-run to open the cases)"
        self.stdout.write(
            f"gig_arrears_check, {mode}: {len(result['late'])} late, {len(result['disputed'])} disputed without a "
            f"case, {len(result['cases_opened'])} cases opened; {result['already_with_case']} engagements already "
            "with a case"
        )
