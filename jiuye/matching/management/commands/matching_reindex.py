"""Rebuild the posting search index from today's live postings (dry run by default)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from jiuye.jobs.models import JobPosting
from jiuye.matching import services


class Command(BaseCommand):
    help = "Rebuild the posting search index. Without --wet-run only counts are reported."

    def add_arguments(self, parser):
        parser.add_argument("--wet-run", action="store_true", help="Actually rebuild the index.")

    def handle(self, *args, wet_run: bool = False, **options):
        live = JobPosting.objects.live(timezone.localdate()).count()
        self.stdout.write(f"index: {services.index_path()}")
        self.stdout.write(f"live postings: {live}")
        if not wet_run:
            self.stdout.write("dry run: nothing written (use --wet-run)")
            return
        counts = services.sync(rebuild=True)
        self.stdout.write(f"indexed: {counts['built']}")
