"""`python manage.py inspections_demo [--district 430302] [--wet-run]`: inspection data for the demo region.

Runs the layoff check (last 3 months) and the risk scores like `inspections_risk`, then, once, in the demo
district: a campaign whose stratified sample is drawn with a recorded seed, two complaints by the demo citizen
(one anonymous, one named) against employers with a risk signal, and a wage-arrears case at the employer with the
largest contribution arrears. Everything it adds says it is demo data. The Makefile's demo step can call it after
`demo_load`. Without --wet-run it reports, then rolls back.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.accounts.enums import Role
from jiuye.accounts.models import User
from jiuye.geography.models import Division
from jiuye.supervision.inspections import layoffs, risk, services
from jiuye.supervision.inspections.models import Campaign, EmployerRisk

CAMPAIGN_NAME = "演示：根治欠薪与社保合规专项检查"


class Command(BaseCommand):
    help = _(
        "Layoff alerts, risk scores, a drawn campaign, complaints and a wage-arrears case for the demo region."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--district", default="430302", help=_("Demo district code (default 430302)."))
        parser.add_argument(
            "--wet-run",
            action="store_true",
            help=_("Write to the database. Without it, compute, report, then roll back."),
        )

    def handle(self, *args, district: str, wet_run: bool = False, **options) -> None:
        division = Division.objects.filter(code=district).first()
        if division is None:
            raise CommandError(_("--district: unknown division code %(code)s") % {"code": district})
        on = timezone.localdate()
        with transaction.atomic():
            latest = layoffs.latest_data_month(on)
            alerts = sum(
                layoffs.check_layoffs(layoffs.add_months(latest, -k), actor="inspections_demo")["new"]
                for k in (2, 1, 0)
            )
            counts = risk.store(on, actor="inspections_demo")
            self.stdout.write(
                _(
                    "Layoff alerts: %(n)s new; risk: %(scored)s employer(s) with a signal "
                    "(high %(high)s, medium %(medium)s, low %(low)s)"
                )
                % {"n": alerts, **counts}
            )
            inspector = User.objects.filter(role=Role.INSPECTOR, division=division).order_by("pk").first()
            if Campaign.objects.filter(name=CAMPAIGN_NAME, division=division).exists():
                self.stdout.write(_("Demo campaign already there; nothing else added."))
            elif inspector is None:
                self.stdout.write(
                    _("No inspector account in %(code)s; no campaign added.") % {"code": district}
                )
            else:
                self._add(division, inspector, on)
            if not wet_run:
                transaction.set_rollback(True)
        if wet_run:
            self.stdout.write(self.style.SUCCESS(_("Demo inspection data stored.")))
        else:
            self.stdout.write(self.style.WARNING(_("Dry run: nothing was written (add --wet-run).")))

    def _add(self, division: Division, inspector: User, on: dt.date) -> None:
        campaign = services.create_campaign(
            actor=inspector,
            name=CAMPAIGN_NAME,
            division=division,
            period_start=on,
            period_end=on + dt.timedelta(days=60),
            sample_size=20,
            allocation="neyman",
            seed=2026,
        )
        drawn = services.draw_sample(campaign, actor=inspector)
        self.stdout.write(
            _("Campaign drawn: %(n)s of %(frame)s employers, strata %(strata)s")
            % {
                "n": len(drawn),
                "frame": campaign.design["frame_size"],
                "strata": ", ".join(f"{s['key']} {s['n']}/{s['N']}" for s in campaign.design["strata"]),
            }
        )
        in_area = Q(employer__division=division) | Q(employer__division__path__startswith=division.path + "/")
        risky = list(
            EmployerRisk.objects.latest()
            .filter(in_area)
            .select_related("employer__division")
            .order_by("-score", "employer_id")[:5]
        )
        citizen = User.objects.filter(role=Role.CITIZEN).order_by("pk").first()
        if citizen and len(risky) >= 2:
            services.file_complaint(
                complainant=citizen,
                employer=risky[0].employer,
                category="wage_arrears",
                text="（演示数据）公司已两个月未发工资，多名同事受影响。",
                anonymous=True,
                workers_affected=6,
            )
            services.file_complaint(
                complainant=citizen,
                employer=risky[1].employer,
                category="no_insurance",
                text="（演示数据）入职后单位一直没有为我缴纳社会保险。",
                anonymous=False,
            )
            self.stdout.write(_("Complaints filed: 2 (one anonymous)."))
        arrears = [
            r
            for r in EmployerRisk.objects.latest().filter(in_area).select_related("employer__division")
            if any(x["code"] == "arrears" for x in r.reasons)
        ]
        if arrears:
            target = max(
                arrears,
                key=lambda r: float(next(x for x in r.reasons if x["code"] == "arrears")["figures"]["yuan"]),
            )
            inspection = services.open_inspection(actor=inspector, employer=target.employer, origin="risk")
            services.open_arrears_case(
                actor=inspector,
                employer=target.employer,
                workers_affected=5,
                amount_owed="42000.00",
                pay_by=on + dt.timedelta(days=15),
                inspection=inspection,
                note="演示数据",
            )
            self.stdout.write(_("Wage-arrears case opened at %(name)s.") % {"name": target.employer.name})
