"""`python manage.py survey_remind --round 2026Q4 [--division 4303] [--wave N] [--wet-run]`: remind employers.

Sends one inbox message per employer of the round that has not submitted, for the given wave (default: the next
wave after the last one sent). Running the same wave again sends nothing to employers already reminded in it.
Employers without a platform account are counted (to be telephoned). Without --wet-run it only counts.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from jiuye.geography.models import Division
from jiuye.monitoring.survey import services
from jiuye.monitoring.survey.models import SurveyRound


class Command(BaseCommand):
    help = _("Remind the sampled employers that have not submitted the vacancy survey (once per wave).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--round", required=True, dest="code", help=_("Round code, like 2026Q4."))
        parser.add_argument(
            "--division",
            default="",
            help=_("Area code of the round (needed when several areas have this round)."),
        )
        parser.add_argument(
            "--wave", type=int, default=None, help=_("Reminder wave (default: the next one).")
        )
        parser.add_argument("--wet-run", action="store_true", help=_("Send. Without it, only count."))

    def handle(
        self, *args, code: str, division: str, wave: int | None, wet_run: bool = False, **options
    ) -> None:
        rounds = SurveyRound.objects.filter(code=code.strip().upper())
        if division:
            area = Division.objects.filter(code=division).first()
            if area is None:
                raise CommandError(_("--division: unknown division code %(code)s") % {"code": division})
            rounds = rounds.filter(division=area)
        found = list(rounds.select_related("division"))
        if not found:
            raise CommandError(_("--round: no round %(code)s") % {"code": code})
        if len(found) > 1:
            raise CommandError(
                _("--round: %(code)s exists for several areas (%(areas)s); give --division")
                % {"code": code, "areas": ", ".join(r.division.code for r in found)}
            )
        survey_round = found[0]
        if wave is None:
            wave = max(survey_round.reminders.values_list("wave", flat=True), default=0) + 1
        try:
            counts = services.send_reminders(
                survey_round, wave=wave, actor="survey_remind", dry_run=not wet_run
            )
        except services.SurveyError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _(
                "Round %(code)s (%(area)s), wave %(wave)s: %(outstanding)s not submitted; %(sent)s reminded "
                "(%(recipients)s user(s)); %(already)s already reminded in this wave; %(unreachable)s without a "
                "platform account"
            )
            % {"code": survey_round.code, "area": survey_round.division.code, "wave": wave, **counts}
        )
        if not wet_run:
            self.stdout.write(self.style.WARNING(_("Dry run: nothing was sent (add --wet-run).")))
