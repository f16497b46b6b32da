"""Expire postings past their validity or not re-confirmed, and applications left unanswered for 30 days."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand

from jiuye.jobs import services


class Command(BaseCommand):
    help = "Expire stale job postings and applications (dry run unless --wet-run)."

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="write the changes (default: report only)")
        parser.add_argument("--on", type=dt.date.fromisoformat, default=None, help="as of this date (YYYY-MM-DD)")

    def handle(self, *args, wet_run: bool = False, on=None, **options):
        dry = not wet_run
        postings = services.expire_postings(on, dry_run=dry)
        apps = services.expire_stale_applications(on, dry_run=dry)
        verb = "would expire" if dry else "expired"
        self.stdout.write(f"{verb}: {len(postings)} postings, {len(apps)} applications")
