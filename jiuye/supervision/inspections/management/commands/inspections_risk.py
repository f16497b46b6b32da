"""`python manage.py inspections_risk [--on YYYY-MM-DD] [--months N] [--wet-run]`.

Checks the last N months (default 3) for economic layoffs (Labour Contract Law art. 41), then computes and
stores the employer risk scores. Without --wet-run everything is computed and reported, then rolled back
(house rule: commands write only with --wet-run). The demo step can call it after `demo_load`.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from jiuye.supervision.inspections import layoffs, risk


class Command(BaseCommand):
    help = _("Check economic layoffs and compute employer risk scores from the library.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--on",
            type=dt.date.fromisoformat,
            default=None,
            help=_("Reference date (YYYY-MM-DD). Default today."),
        )
        parser.add_argument("--months", type=int, default=3, help=_("Months to check for layoffs (1-24)."))
        parser.add_argument(
            "--wet-run",
            action="store_true",
            help=_("Write to the database. Without it, compute, report, then roll back."),
        )

    def handle(self, *args, on, months: int, wet_run: bool = False, **options) -> None:
        if not 1 <= months <= 24:
            raise CommandError(_("--months: between 1 and 24, got %(n)s") % {"n": months})
        from django.utils import timezone

        on = on or timezone.localdate()
        latest = layoffs.latest_data_month(on)
        with transaction.atomic():
            for k in range(months - 1, -1, -1):
                month = layoffs.add_months(latest, -k)
                c = layoffs.check_layoffs(month, actor="inspections_risk")
                self.stdout.write(
                    _("Layoffs %(month)s: %(alerts)s alert(s), %(new)s new, %(linked)s report(s) linked")
                    % {
                        "month": f"{month:%Y-%m}",
                        "alerts": c["alerts"],
                        "new": c["new"],
                        "linked": c["linked_reports"],
                    }
                )
            counts = risk.store(on, actor="inspections_risk")
            self.stdout.write(
                _(
                    "Risk as of %(on)s: %(scored)s employer(s) with a signal — high %(high)s, "
                    "medium %(medium)s, low %(low)s"
                )
                % {"on": on.isoformat(), **counts}
            )
            if not wet_run:
                transaction.set_rollback(True)
        if wet_run:
            self.stdout.write(self.style.SUCCESS(_("Layoff alerts and risk scores stored.")))
        else:
            self.stdout.write(self.style.WARNING(_("Dry run: nothing was written (add --wet-run).")))
