"""The periodic moderation run: six-monthly qualification re-checks due, then the abnormal-account list."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from jiuye.supervision import services


class Command(BaseCommand):
    help = (
        "Re-check employer qualifications due (every 6 months) and update the abnormal-account list "
        "(report only unless --wet-run)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--on", type=str, default=None, help="as of this date (YYYY-MM-DD; default today)"
        )
        parser.add_argument(
            "--wet-run", action="store_true", help="record the checks and listings (default: report)"
        )

    def handle(self, *args, on=None, wet_run: bool = False, **options):
        try:
            day = dt.date.fromisoformat(on) if on else None
        except ValueError as e:
            raise CommandError(f"--on: {on!r} is not a date (YYYY-MM-DD)") from e
        out = services.recheck(day, dry_run=not wet_run)
        checked = "checked" if wet_run else "would check"
        self.stdout.write(f"{checked} {len(out['due'])} employer qualifications due, {out['failed']} failed")
        for item in out["due"]:
            self.stdout.write(f"  employer #{item.employer.pk} {item.employer.division.code} due {item.due}")
        listed = "listed or updated" if wet_run else "would list or update"
        self.stdout.write(f"{listed} {len(out['listed'])} abnormal accounts")
        for listing in out["listed"]:
            self.stdout.write(
                f"  employer #{listing.employer.pk} {','.join(listing.reasons)} {listing.details}"
            )
