"""`python manage.py linkage_run [--division CODE] [--upper P] [--lower P] [--wet-run]`.

Links the staged department records (rows whose person could not be found by resident ID) to library
persons: confident matches are attached and their data lands, uncertain pairs go to the clerical
review queue, the rest are marked unmatched. Persons are never merged. Without --wet-run the run is
made and reported, then rolled back.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from jiuye.geography.models import Division
from jiuye.ingestion.linking import link_staged_records
from jiuye.linkage.engine import Thresholds


class Command(BaseCommand):
    help = _(
        "Link staged department records to persons: confident matches are linked, uncertain pairs go to "
        "clerical review. Never merges persons."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--division", default=None,
                            help=_("Only records of this division and below (code). Default: all."))
        parser.add_argument("--upper", type=float, default=Thresholds.upper,
                            help=_("Link automatically at or above this probability. Default %(default)s."))
        parser.add_argument("--lower", type=float, default=Thresholds.lower,
                            help=_("Send to clerical review from this probability. Default %(default)s."))
        # House rule: commands write only with --wet-run.
        parser.add_argument("--wet-run", action="store_true",
                            help=_("Write to the database. Without it, link, report, then roll back."))

    def handle(self, *args, division: str | None, upper: float, lower: float, wet_run: bool = False,
               **options) -> None:
        if division and not Division.objects.filter(code=division).exists():
            raise CommandError(_("Unknown division code %(code)s.") % {"code": division})
        try:
            thresholds = Thresholds(upper=upper, lower=lower)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        started = time.perf_counter()
        with transaction.atomic():
            counts = link_staged_records(division=division, thresholds=thresholds)
            if not wet_run:
                transaction.set_rollback(True)
        elapsed = time.perf_counter() - started
        summary = _(
            "%(considered)s staged records: %(linked)s linked, %(review)s to clerical review "
            "(%(reviews)s new pairs), %(unmatched)s unmatched; %(candidates)s candidate persons compared "
            "in %(s).1f s."
        ) % {
            "considered": counts.considered, "linked": counts.linked, "review": counts.review,
            "reviews": counts.reviews_created, "unmatched": counts.unmatched, "candidates": counts.candidates,
            "s": elapsed,
        }
        if wet_run:
            self.stdout.write(self.style.SUCCESS(summary))
        else:
            self.stdout.write(self.style.WARNING(
                _("Dry run: %(summary)s Nothing was written (add --wet-run).") % {"summary": summary}))
