"""`python manage.py comparisons_recompute [--division CODE] [--on YYYY-MM-DD] [--wet-run]`.

Recomputes the worklists. Without --wet-run the comparisons run and the counts are printed, then
everything is rolled back (house rule: commands write only with --wet-run).
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from jiuye.comparisons.services import ComparisonError, recompute_worklists


class Command(BaseCommand):
    help = _("Recompute the worklists from the department data in the library.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--division", default=None, help=_("Only this division (code) and the areas in it."))
        parser.add_argument("--on", type=dt.date.fromisoformat, default=None,
                            help=_("Reference date (YYYY-MM-DD). Default today."))
        parser.add_argument("--wet-run", action="store_true",
                            help=_("Write to the database. Without it, compute, report, then roll back."))

    def handle(self, *args, division: str | None, on, wet_run: bool = False, **options) -> None:
        try:
            with transaction.atomic():
                counts = recompute_worklists(on=on, division=division, actor="comparisons_recompute")
                if not wet_run:
                    transaction.set_rollback(True)
        except ComparisonError as exc:
            raise CommandError(_("Unknown division code: %(code)s") % {"code": division}) from exc
        for kind, c in counts.items():
            self.stdout.write(
                _("%(kind)s: %(open)s open (%(new)s new, %(still)s still open), %(resolved)s resolved")
                % {"kind": kind, "open": c["open"], "new": c["new"], "still": c["still_open"],
                   "resolved": c["resolved"]}
            )
        if wet_run:
            self.stdout.write(self.style.SUCCESS(_("Worklists recomputed.")))
        else:
            self.stdout.write(self.style.WARNING(_("Dry run: nothing was written (add --wet-run).")))
