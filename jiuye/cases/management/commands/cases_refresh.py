"""cases_refresh [--on DATE] [--division CODE] [--wet-run]: identify key-group members, open cases, follow the
zero-employment list, close on stable employment, reopen on job loss, end expired placements, escalate missed
deadlines and surface data conflicts. Without --wet-run nothing is kept (the counts say what would happen)."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from jiuye.geography.models import Division

from ...services import refresh_cases


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "Refresh the case files from the library (dry run unless --wet-run)."

    def add_arguments(self, parser):
        parser.add_argument("--on", help="reference date YYYY-MM-DD (default today)")
        parser.add_argument("--division", help="division code (default the whole library)")
        parser.add_argument("--wet-run", action="store_true", help="keep the changes")

    def handle(self, *args, **opts):
        on = None
        if opts["on"]:
            try:
                on = dt.date.fromisoformat(opts["on"])
            except ValueError:
                raise CommandError(f"--on: expected a date YYYY-MM-DD, got {opts['on']!r}") from None
        division = None
        if opts["division"]:
            division = Division.objects.filter(code=opts["division"]).first()
            if division is None:
                raise CommandError(f"--division: unknown division code {opts['division']!r}")
        counts = {}
        try:
            with transaction.atomic():
                counts = refresh_cases(on, division=division, actor="cases_refresh")
                if not opts["wet_run"]:
                    raise _DryRun
        except _DryRun:
            self.stdout.write("dry run: nothing kept (use --wet-run to keep)")
        self.stdout.write(json.dumps(counts, ensure_ascii=False, indent=1, default=str))
