"""Flag policy applications awaiting review past their due date (N working days after submission)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from jiuye.policies import services


class Command(BaseCommand):
    help = "Flag overdue policy applications (report only unless --wet-run)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--on", type=str, default=None, help="as of this date (YYYY-MM-DD; default today)"
        )
        parser.add_argument("--wet-run", action="store_true", help="write the flags (default: report only)")

    def handle(self, *args, on=None, wet_run: bool = False, **options):
        try:
            day = dt.date.fromisoformat(on) if on else None
        except ValueError as e:
            raise CommandError(f"--on: {on!r} is not a date (YYYY-MM-DD)") from e
        apps = services.mark_overdue(day, dry_run=not wet_run)
        verb = "flagged" if wet_run else "would flag"
        self.stdout.write(f"{verb} {len(apps)} overdue applications")
        for a in apps:
            self.stdout.write(f"  #{a.pk} {a.policy} {a.division.code} due {a.review_due}")
