"""`python manage.py survey_demo [--city 4303] [--seed 2026] [--wet-run]`: vacancy-survey rounds for the demo city.

Once per round (idempotent: an existing round is left as it is):

- the previous quarter's round (2026Q3 for today's 2026Q4): frame and sample from the registry, simulated answers
  (seeded, about 70% respond — larger employers a little more often), one reminder wave to the employers that had
  not answered yet, closed and estimated, so the results page shows real estimates;
- the current quarter's round, open with no answers, so the demo employer user finds a questionnaire to fill.

Simulated answers are marked in the response comment. Without --wet-run it reports, then rolls back.
"""

from __future__ import annotations

import datetime as dt
import random
import time

import numpy as np
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.geography.models import Division
from jiuye.monitoring.survey import services
from jiuye.monitoring.survey.enums import HardToFillReason, ResponseStatus
from jiuye.monitoring.survey.models import SurveyRound
from jiuye.taxonomy.models import Occupation

ACTOR = "survey_demo"
RESPONSE_RATE = {"micro": 0.66, "small": 0.74, "medium": 0.85, "large": 0.9}
# Employees reported by a simulated employer that has no insured worker on file (by its declared size class).
SIZE_RANGE = {"micro": (1, 9), "small": (10, 99), "medium": (100, 999), "large": (1000, 3000)}
# Occupation major groups (大典) where each industry section mostly recruits.
MAJORS = {
    "A": "5", "B": "6", "C": "6", "D": "6", "E": "6", "F": "4", "G": "4", "H": "4", "I": "2", "J": "3",
    "K": "4", "L": "4", "M": "2", "N": "4", "O": "4", "P": "2", "Q": "2", "R": "4", "S": "3",
}  # fmt: skip
HARD_SHARE = {"C": 0.5, "E": 0.45, "I": 0.4, "Q": 0.45}


def quarter_code(day: dt.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def previous_quarter(day: dt.date) -> str:
    first = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return quarter_code(first - dt.timedelta(days=1))


class Command(BaseCommand):
    help = _("Vacancy-survey rounds for the demo city: one closed and estimated, one open.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--city", default="4303", help=_("Demo city code (default 4303)."))
        parser.add_argument("--seed", type=int, default=2026, help=_("Seed of the sample and the answers."))
        parser.add_argument(
            "--sample-size", type=int, default=600, help=_("Sample size per round (default 600).")
        )
        parser.add_argument(
            "--wet-run",
            action="store_true",
            help=_("Write to the database. Without it, compute, report, roll back."),
        )

    def handle(self, *args, city: str, seed: int, sample_size: int, wet_run: bool = False, **options) -> None:
        division = Division.objects.filter(code=city).first()
        if division is None:
            raise CommandError(_("--city: unknown division code %(code)s") % {"code": city})
        if sample_size < 1:
            raise CommandError(_("--sample-size: must be at least 1"))
        started = time.monotonic()
        today = timezone.localdate()
        with transaction.atomic():
            self._closed_round(division, previous_quarter(today), seed, sample_size)
            self._open_round(division, quarter_code(today), seed + 1, sample_size)
            if not wet_run:
                transaction.set_rollback(True)
        self.stdout.write(_("Took %(s).1f s.") % {"s": time.monotonic() - started})
        if wet_run:
            self.stdout.write(self.style.SUCCESS(_("Demo vacancy survey stored.")))
        else:
            self.stdout.write(self.style.WARNING(_("Dry run: nothing was written (add --wet-run).")))

    def _create(self, division, code, seed, sample_size) -> SurveyRound | None:
        existing = SurveyRound.objects.filter(division=division, code=code).first()
        if existing is not None:
            self.stdout.write(_("Round %(code)s already there (%(status)s); left as it is.") % {
                "code": code, "status": existing.get_status_display()})  # fmt: skip
            return None
        try:
            survey_round = services.create_round(
                actor=ACTOR,
                code=code,
                division=division,
                sample_size=sample_size,
                seed=seed,
                allocation="neyman",
                min_per_stratum=2,
                take_all=("medium", "large"),
            )
        except services.SurveyError as exc:
            raise CommandError(str(exc)) from None
        d = survey_round.design
        self.stdout.write(
            _(
                "Round %(code)s: frame %(N)s employers in %(strata)s strata (headcount month %(month)s), "
                "%(n)s sampled (seed %(seed)s)"
            )
            % {
                "code": code,
                "N": d["frame_size"],
                "strata": len(d["strata"]),
                "month": d["headcount_month"],
                "n": d["sampled"],
                "seed": d["seed"],
            }  # fmt: skip
        )
        return survey_round

    def _closed_round(self, division, code, seed, sample_size) -> None:
        survey_round = self._create(division, code, seed, sample_size)
        if survey_round is None:
            return
        rng = random.Random(seed)
        nrng = np.random.default_rng(seed)
        occupations: dict[str, list[str]] = {}
        for occ in Occupation.objects.filter(level=4).values_list("code", flat=True):
            occupations.setdefault(occ.split("-")[0], []).append(occ)
        if not occupations:
            raise CommandError(_("No occupations loaded: run refdata_load first."))
        responses = list(survey_round.responses.select_related("entry").order_by("pk"))
        answering = [r for r in responses if rng.random() < RESPONSE_RATE.get(r.entry.size_class, 0.7)]
        # The first half answers before the reminder, the rest after it.
        cut = len(answering) // 2
        for r in answering[:cut]:
            self._answer(r, rng, nrng, occupations)
        reminded = services.send_reminders(survey_round, wave=1, actor=ACTOR)
        for r in answering[cut:]:
            self._answer(r, rng, nrng, occupations)
        services.close_round(survey_round, actor=ACTOR)
        summary = services.estimate_round(survey_round, actor=ACTOR)
        total = survey_round.estimates.get(dimension="all", group="all", measure="vacancies")
        rate = survey_round.estimates.get(dimension="all", group="all", measure="vacancy_rate")
        shown = survey_round.estimates.filter(suppressed=False).count()
        self.stdout.write(
            _(
                "  %(resp)s of %(n)s answered (%(pct).0f%%); reminder wave 1 to %(sent)s employer(s) "
                "(%(unreach)s without a platform account); calibration %(cal)s, margins reached within %(diff).2g; "
                "total vacancies %(total).0f (SE %(se).0f, CV %(cv).1f%%), vacancy rate %(rate).2f%% "
                "(SE %(rse).2f); %(shown)s of %(cells)s cells shown, the rest suppressed; "
                "%(iv)s indicator values written"
            )
            % {
                "resp": len(answering),
                "n": len(responses),
                "pct": 100 * len(answering) / max(len(responses), 1),
                "sent": reminded["sent"],
                "unreach": reminded["unreachable"],
                "cal": summary["calibration"],
                "diff": summary["margins_max_abs_diff"],
                "total": total.value or 0,
                "se": total.se or 0,
                "cv": 100 * (total.cv or 0),
                "rate": 100 * (rate.value or 0),
                "rse": 100 * (rate.se or 0),
                "shown": shown,
                "cells": survey_round.estimates.count(),
                "iv": summary.get("indicator_values", 0),
            }
        )

    def _answer(self, response, rng: random.Random, nrng, occupations) -> None:
        entry = response.entry
        low, high = SIZE_RANGE[entry.size_class]
        employees = entry.headcount or rng.randint(low, high)
        size = employees
        vacancies = int(nrng.poisson(0.04 * size + 0.4))
        major = MAJORS.get(entry.industry_code, "4")
        lines = []
        codes = set()
        remaining = vacancies
        attempts = 0
        while remaining > 0 and len(lines) < 3 and attempts < 20:
            attempts += 1
            group = major if rng.random() < 0.75 else rng.choice(["2", "3", "4", "6"])
            code = rng.choice(occupations.get(group) or next(iter(occupations.values())))
            if code in codes:
                continue
            codes.add(code)
            n = remaining if len(lines) == 2 else max(1, int(remaining * rng.uniform(0.4, 1.0)))
            remaining -= n
            hard = int(nrng.binomial(n, HARD_SHARE.get(entry.industry_code, 0.25)))
            reasons = rng.sample(HardToFillReason.values, rng.choice([1, 2])) if hard else []
            lines.append(
                {
                    "occupation": code,
                    "vacancies": n,
                    "hard_to_fill": hard,
                    "reasons": reasons,
                    "planned_hires": int(nrng.poisson(0.8 * n + 0.2)),
                    "planned_layoffs": int(nrng.poisson(0.02 * size)) if rng.random() < 0.15 else 0,
                }
            )
        if remaining > 0 and lines:
            lines[-1]["vacancies"] += remaining
        if not lines and rng.random() < 0.1:
            code = rng.choice(occupations.get(major) or next(iter(occupations.values())))
            lines.append({"occupation": code, "planned_hires": 1})
        services.save_answers(
            response,
            actor=ACTOR,
            lines=lines,
            submit=True,
            employees=employees,
            confirm_large=True,
            comment="演示数据（模拟作答）",
        )

    def _open_round(self, division, code, seed, sample_size) -> None:
        survey_round = self._create(division, code, seed, sample_size)
        if survey_round is not None:
            self.stdout.write(
                _("  open until %(due)s; %(n)s sampled employers to answer")
                % {
                    "due": survey_round.closes_on,
                    "n": survey_round.responses.filter(status=ResponseStatus.NOT_STARTED).count(),
                }
            )
