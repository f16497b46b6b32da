"""`python manage.py warnings_evaluate [--month YYYY-MM | --from YYYY-MM --to YYYY-MM | --last N] [--rule …] [--wet-run]`.

Evaluates the early-warning rules month by month, oldest first, and records each change of a warning as an
event (running it again for the same months adds nothing). Without --wet-run everything is computed and
reported, then rolled back. Default: the last complete month.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.analytics.warning.parameters import WarningParameterError

from ... import services


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = _("Evaluate the unemployment early-warning rules and record the warnings' changes.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help=_("One month, YYYY-MM."))
        parser.add_argument("--from", dest="first", help=_("First month, YYYY-MM (with --to)."))
        parser.add_argument("--to", dest="last_month", help=_("Last month, YYYY-MM (with --from)."))
        parser.add_argument("--last", type=int, help=_("The last N complete months (1-36)."))
        parser.add_argument("--rule", action="append", help=_("Only this rule (repeatable)."))
        parser.add_argument(
            "--wet-run",
            action="store_true",
            help=_("Write to the database. Without it, compute, report, roll back."),
        )

    def _months(self, month, first, last_month, last):
        given = sum(x is not None for x in (month, first or last_month, last))
        if given > 1:
            raise CommandError(_("Give one of --month, --from/--to, --last."))
        try:
            if month:
                return [services.parse_month(month)]
            if first or last_month:
                if not (first and last_month):
                    raise CommandError(_("--from and --to go together."))
                a, b = services.parse_month(first), services.parse_month(last_month)
                if b < a:
                    raise CommandError(_("--to is before --from."))
                months = services.month_range(a, b)
                if len(months) > 120:
                    raise CommandError(_("At most 120 months at a time."))
                return months
        except ValueError as exc:
            raise CommandError(f"--month/--from/--to: {exc}") from exc
        latest = services.add_months(services.month_start(timezone.localdate()), -1)
        n = last or 1
        if not 1 <= n <= 36:
            raise CommandError(_("--last: between 1 and 36, got %(n)s") % {"n": n})
        return services.month_range(services.add_months(latest, -(n - 1)), latest)

    def handle(
        self, *args, month=None, first=None, last_month=None, last=None, rule=None, wet_run=False, **opts
    ):
        months = self._months(month, first, last_month, last)
        try:
            params = services.parameters()
        except WarningParameterError as exc:
            raise CommandError(str(exc)) from exc
        unknown = sorted(set(rule or []) - set(params.rules))
        if unknown:
            raise CommandError(
                _("--rule: unknown %(codes)s; known: %(known)s")
                % {"codes": ", ".join(unknown), "known": ", ".join(params.rules)}
            )
        t0 = time.perf_counter()
        total = 0
        try:
            with transaction.atomic():
                for m in months:
                    summary = services.evaluate_warnings(
                        m, actor="warnings_evaluate", params=params, rules=rule
                    )
                    total += summary["events"]
                    for code, r in summary["rules"].items():
                        levels = ", ".join(f"{k} {v}" for k, v in sorted(r.get("levels", {}).items()))
                        note = f" [{r['note']}]" if r.get("note") else ""
                        self.stdout.write(
                            f"{summary['month']} {code}: {r.get('evaluated', 0)} evaluated"
                            f"{' (' + levels + ')' if levels else ''}, {r.get('events', 0)} event(s){note}"
                        )
                open_now = services.Warning.objects.open().count()
                self.stdout.write(
                    _("%(events)s event(s) over %(n)s month(s); %(open)s open warning(s); %(s).1f s")
                    % {"events": total, "n": len(months), "open": open_now, "s": time.perf_counter() - t0}
                )
                if not wet_run:
                    raise _DryRun
        except _DryRun:
            self.stdout.write(_("Dry run: rolled back. Add --wet-run to write."))
