"""The job-vacancy survey: rounds with their recorded design, the frame, sampled employers' answers, reminders and
estimates. Statistics are computed by the pure engine `jiuye.analytics.survey`; `services.py` writes these rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiuye.core.models import DivisionScoped, DivisionScopedQuerySet, TimeStamped, own_records

from .enums import Dimension, Measure, ResponseStatus, RoundStatus, SuppressionReason


class SurveyRoundQuerySet(DivisionScopedQuerySet):
    def visible_to(self, user) -> SurveyRoundQuerySet:
        """Staff see the rounds of their area and the rounds of the areas above it (a district office follows up
        its employers in a city-wide round); employer users see the rounds they were sampled in."""
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        if getattr(user, "sees_everything", False):
            return self
        if getattr(user, "is_employer_user", False):
            return (
                self.filter(responses__employer_id=user.employer_id).distinct()
                if user.employer_id
                else self.none()
            )
        if getattr(user, "is_citizen", False):
            return self.none()
        scope = getattr(user, "scope_path", "")
        if not scope:
            return self.none()
        parts = scope.split("/")
        ancestors = ["/".join(parts[: i + 1]) for i in range(len(parts) - 1)]
        return self.filter(
            models.Q(division__path=scope)
            | models.Q(division__path__startswith=scope + "/")
            | models.Q(division__path__in=ancestors)
        )

    def open(self) -> SurveyRoundQuerySet:
        return self.filter(status=RoundStatus.OPEN)


class SurveyRound(DivisionScoped):
    """One quarterly round for an area (`division`): the frame on the reference date, the design, the sample."""

    code = models.CharField(_("round"), max_length=8, help_text=_("Year and quarter, like 2026Q4."))
    reference_date = models.DateField(_("reference date"))
    closes_on = models.DateField(_("answers due by"))
    status = models.CharField(
        _("status"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    # Parameters, frame counts and digest, strata with N_h, n_h and π_h, seed, notes: enough to redraw.
    design = models.JSONField(_("design"), default=dict)
    # Weighting and estimation summary (calibration method, margins reached, groups pooled, thresholds).
    estimation = models.JSONField(_("estimation"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    estimated_at = models.DateTimeField(_("estimated at"), null=True, blank=True)

    objects = SurveyRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-reference_date", "division__code"]
        constraints = [
            models.UniqueConstraint(fields=["division", "code"], name="vacancy_survey_round_unique")
        ]
        verbose_name = _("vacancy survey round")
        verbose_name_plural = _("vacancy survey rounds")

    def __str__(self) -> str:
        return f"{self.code} {self.division}"

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class FrameEntry(TimeStamped):
    """An active employer of the area on the reference date, with what the design used about it."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="frame")
    employer = models.ForeignKey("registry.Employer", on_delete=models.PROTECT, related_name="+")
    division = models.ForeignKey("geography.Division", on_delete=models.PROTECT, related_name="+")
    county_code = models.CharField(_("county"), max_length=12)
    industry_code = models.CharField(_("industry section"), max_length=2)
    size_class = models.CharField(_("size class"), max_length=8)
    headcount = models.PositiveIntegerField(_("insured headcount"))
    stratum = models.CharField(_("stratum"), max_length=40)
    sampled = models.BooleanField(_("sampled"), default=False)
    inclusion_probability = models.FloatField(_("inclusion probability"))
    design_weight = models.FloatField(_("design weight"), null=True, blank=True)
    adjusted_weight = models.FloatField(_("weight after non-response adjustment"), null=True, blank=True)
    final_weight = models.FloatField(_("calibrated weight"), null=True, blank=True)

    objects = DivisionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["round", "stratum", "employer_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "employer"], name="vacancy_survey_frame_unique")
        ]
        indexes = [models.Index(fields=["round", "sampled"])]
        verbose_name = _("frame entry")
        verbose_name_plural = _("frame entries")

    @classmethod
    def owner_filter(cls, user):
        return own_records(user, employer="employer_id")


class SurveyResponseQuerySet(DivisionScopedQuerySet):
    def submitted(self) -> SurveyResponseQuerySet:
        return self.filter(status=ResponseStatus.SUBMITTED)

    def outstanding(self) -> SurveyResponseQuerySet:
        return self.exclude(status=ResponseStatus.SUBMITTED)


class SurveyResponse(DivisionScoped):
    """The questionnaire of one sampled employer in one round (division = the employer's)."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    employer = models.ForeignKey("registry.Employer", on_delete=models.PROTECT, related_name="+")
    entry = models.OneToOneField(FrameEntry, on_delete=models.CASCADE, related_name="response")
    status = models.CharField(
        _("status"), max_length=12, choices=ResponseStatus.choices, default=ResponseStatus.NOT_STARTED
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Filled by staff for the employer (by telephone or visit): who did it is in submitted_by and the audit trail.
    on_behalf = models.BooleanField(_("filled by staff on the employer's behalf"), default=False)
    submissions = models.PositiveSmallIntegerField(_("submissions"), default=0)
    # Asked because the registry's insured headcount misses uninsured staff (the vacancy rate's denominator).
    employees = models.PositiveIntegerField(_("employees on the reference date"), null=True, blank=True)
    confirmed_large = models.BooleanField(_("large numbers confirmed"), default=False)
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    objects = SurveyResponseQuerySet.as_manager()

    class Meta:
        ordering = ["round", "employer__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "employer"], name="vacancy_survey_response_unique")
        ]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self) -> str:
        return f"{self.round.code} {self.employer}"

    @classmethod
    def owner_filter(cls, user):
        return own_records(user, employer="employer_id")

    def totals(self) -> dict[str, int]:
        out = {"vacancies": 0, "hard_to_fill": 0, "planned_hires": 0, "planned_layoffs": 0}
        for line in self.lines.all():
            for key in out:
                out[key] += getattr(line, key)
        return out


class ResponseLine(models.Model):
    """One occupation row: vacancies on the reference date, how many are hard to fill and why, plans."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="lines")
    occupation = models.ForeignKey("taxonomy.Occupation", on_delete=models.PROTECT, related_name="+")
    vacancies = models.PositiveIntegerField(_("vacancies"), default=0)
    hard_to_fill = models.PositiveIntegerField(_("hard-to-fill vacancies"), default=0)
    reasons = models.JSONField(_("hard-to-fill reasons"), default=list, blank=True)
    planned_hires = models.PositiveIntegerField(_("planned hires next quarter"), default=0)
    planned_layoffs = models.PositiveIntegerField(_("planned layoffs next quarter"), default=0)

    class Meta:
        ordering = ["response", "occupation__code"]
        constraints = [
            models.UniqueConstraint(fields=["response", "occupation"], name="vacancy_survey_line_unique")
        ]
        verbose_name = _("vacancy line")
        verbose_name_plural = _("vacancy lines")

    def __str__(self) -> str:
        return f"{self.occupation_id}: {self.vacancies}"


class Reminder(models.Model):
    """One reminder wave sent to one sampled employer (at most one per wave)."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="reminders")
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="reminders")
    wave = models.PositiveSmallIntegerField(_("wave"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["round", "wave", "response_id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "wave"], name="vacancy_survey_reminder_once")
        ]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self) -> str:
        return f"wave {self.wave} → {self.response_id}"


class SurveyEstimate(models.Model):
    """One published (or suppressed) cell of a round's results."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="estimates")
    dimension = models.CharField(_("dimension"), max_length=12, choices=Dimension.choices)
    group = models.CharField(_("group"), max_length=16)
    measure = models.CharField(_("measure"), max_length=20, choices=Measure.choices)
    value = models.FloatField(_("estimate"), null=True, blank=True)
    se = models.FloatField(_("standard error"), null=True, blank=True)
    cv = models.FloatField(_("coefficient of variation"), null=True, blank=True)
    respondents = models.PositiveIntegerField(_("respondents"), default=0)
    suppressed = models.BooleanField(_("suppressed"), default=False)
    reason = models.CharField(
        _("suppression reason"), max_length=20, choices=SuppressionReason.choices, blank=True
    )

    class Meta:
        ordering = ["round", "dimension", "group", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "dimension", "group", "measure"], name="vacancy_survey_estimate_unique"
            )
        ]
        verbose_name = _("survey estimate")
        verbose_name_plural = _("survey estimates")

    def __str__(self) -> str:
        return f"{self.dimension}:{self.group} {self.measure} = {self.value}"
