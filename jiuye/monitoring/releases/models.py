"""Publications: the majors red-yellow warning and the wage-price release by occupation (issue 8, parts 5–6).

Figures are computed by the pure engines `jiuye.analytics.majors` and `jiuye.analytics.wages` from the library;
`services.py` writes these rows (idempotently: recomputing a year replaces that year's rows).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiuye.core.models import DivisionScoped, DivisionScopedQuerySet

from .enums import FindingStatus, ReleaseStatus, SuppressionReason, WageSource, WarningLevel


class MajorOutcomeQuerySet(DivisionScopedQuerySet):
    def cohort(self, year: int) -> MajorOutcomeQuerySet:
        return self.filter(cohort=year)

    def all_institutions(self) -> MajorOutcomeQuerySet:
        return self.filter(institution="")


class MajorOutcome(DivisionScoped):
    """Outcomes of one graduation cohort of one major, at one institution ("" = all institutions) and in one
    region (`division`). Counts only; rates are computed from them. Empty counts mean "not observable yet"."""

    cohort = models.PositiveSmallIntegerField(_("graduation year"))
    major_key = models.CharField(_("major key"), max_length=100)
    major_code = models.CharField(_("major code"), max_length=12, blank=True)
    major_name = models.CharField(_("major"), max_length=100)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    graduates = models.PositiveIntegerField(_("graduates"))
    employed_at_graduation = models.PositiveIntegerField(
        _("destination secured at graduation"), null=True, blank=True
    )
    employed_6m = models.PositiveIntegerField(_("working or studying at 6 months"), null=True, blank=True)
    employed_12m = models.PositiveIntegerField(_("working or studying at 12 months"), null=True, blank=True)
    median_pay = models.FloatField(_("median monthly pay at 12 months (yuan)"), null=True, blank=True)
    pay_n = models.PositiveIntegerField(_("graduates with pay records"), default=0)
    matching = models.PositiveIntegerField(_("in a job matching the major"), null=True, blank=True)
    matching_base = models.PositiveIntegerField(_("employed with a known occupation"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    objects = MajorOutcomeQuerySet.as_manager()

    class Meta:
        ordering = ["-cohort", "major_name", "institution"]
        constraints = [
            models.UniqueConstraint(
                fields=["division", "cohort", "major_key", "institution"],
                name="releases_major_outcome_unique",
            )
        ]
        verbose_name = _("major outcome")
        verbose_name_plural = _("major outcomes")

    def __str__(self) -> str:
        return f"{self.major_name} {self.institution or '*'} {self.cohort}"

    @staticmethod
    def _rate(num, den):
        return None if num is None or not den else num / den

    @property
    def rate_at_graduation(self):
        return self._rate(self.employed_at_graduation, self.graduates)

    @property
    def rate_6m(self):
        return self._rate(self.employed_6m, self.graduates)

    @property
    def rate_12m(self):
        return self._rate(self.employed_12m, self.graduates)

    @property
    def match_share(self):
        return self._rate(self.matching, self.matching_base)


class MajorWarningQuerySet(DivisionScopedQuerySet):
    def flagged(self) -> MajorWarningQuerySet:
        return self.filter(status=FindingStatus.FLAGGED)

    def level(self, level: str) -> MajorWarningQuerySet:
        return self.filter(level=level)


class MajorWarning(DivisionScoped):
    """One rule's finding for one outcome row: flagged red/yellow or not, or why it was not rated, with the
    numbers behind it (`evidence`: values, threshold, rank, percentile, cohorts)."""

    outcome = models.ForeignKey(MajorOutcome, on_delete=models.CASCADE, related_name="warnings")
    rule_code = models.CharField(_("rule"), max_length=64)
    rule_title_en = models.CharField(_("rule (English)"), max_length=200)
    rule_title_zh = models.CharField(_("rule (Chinese)"), max_length=200)
    rule_source = models.TextField(_("source"), blank=True)
    rules_digest = models.CharField(_("rules file digest"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=FindingStatus.choices)
    level = models.CharField(_("level"), max_length=8, choices=WarningLevel.choices, blank=True)
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)

    objects = MajorWarningQuerySet.as_manager()

    class Meta:
        ordering = ["rule_code", "level", "outcome__major_name"]
        constraints = [
            models.UniqueConstraint(fields=["outcome", "rule_code"], name="releases_major_warning_unique")
        ]
        verbose_name = _("major warning")
        verbose_name_plural = _("major warnings")

    def __str__(self) -> str:
        return f"{self.rule_code} {self.outcome} {self.level or self.status}"


class WageReleaseQuerySet(DivisionScopedQuerySet):
    def published(self) -> WageReleaseQuerySet:
        return self.filter(status=ReleaseStatus.PUBLISHED)

    def readable_by(self, user) -> WageReleaseQuerySet:
        """Published releases for everyone (the public page and API); drafts too for staff who may review
        releases in the release's region."""
        from .permissions import can_view_releases

        if not can_view_releases(user):
            return self.published()
        return self.filter(
            models.Q(status=ReleaseStatus.PUBLISHED) | models.Q(pk__in=self.visible_to(user).values("pk"))
        )


class WageRelease(DivisionScoped):
    """The annual wage-price release of a region (`division`): draft until staff publish it."""

    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=12, choices=ReleaseStatus.choices, default=ReleaseStatus.DRAFT
    )
    method_notes = models.TextField(_("method notes"), blank=True)
    bootstrap_b = models.PositiveIntegerField(_("bootstrap resamples"))
    seed = models.BigIntegerField(_("seed"))
    rules = models.JSONField(_("suppression rules"), default=dict)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed at"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = WageReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "division__code"]
        constraints = [
            models.UniqueConstraint(fields=["division", "year"], name="releases_wage_release_unique")
        ]
        verbose_name = _("wage release")
        verbose_name_plural = _("wage releases")

    def __str__(self) -> str:
        return f"{self.division_id} {self.year} ({self.status})"

    @property
    def is_published(self) -> bool:
        return self.status == ReleaseStatus.PUBLISHED


class WageCellQuerySet(DivisionScopedQuerySet):
    def shown(self) -> WageCellQuerySet:
        return self.filter(suppressed=False)


class WageCell(DivisionScoped):
    """One cell of a release: monthly pay percentiles of one occupation (大典 code at any level, "" = all) in one
    division (× experience band × education where given), from one source."""

    release = models.ForeignKey(WageRelease, on_delete=models.CASCADE, related_name="cells")
    table = models.CharField(_("table"), max_length=40)
    source = models.CharField(_("source"), max_length=8, choices=WageSource.choices)
    occupation_code = models.CharField(_("occupation code"), max_length=16, blank=True)
    occupation_name = models.CharField(_("occupation"), max_length=200, blank=True)
    experience = models.CharField(_("experience"), max_length=8, blank=True)
    education = models.CharField(_("education"), max_length=32, blank=True)
    n = models.PositiveIntegerField(_("observations"))
    n_employers = models.PositiveIntegerField(_("employers"))
    top_employer_share = models.FloatField(_("largest employer's share"), null=True, blank=True)
    p10 = models.FloatField("P10")
    p25 = models.FloatField("P25")
    p50 = models.FloatField("P50")
    p75 = models.FloatField("P75")
    p90 = models.FloatField("P90")
    rse_p10 = models.FloatField(_("RSE of P10"), null=True, blank=True)
    rse_p25 = models.FloatField(_("RSE of P25"), null=True, blank=True)
    rse_p50 = models.FloatField(_("RSE of P50"), null=True, blank=True)
    rse_p75 = models.FloatField(_("RSE of P75"), null=True, blank=True)
    rse_p90 = models.FloatField(_("RSE of P90"), null=True, blank=True)
    bootstrap = models.CharField(_("bootstrap over"), max_length=20)
    suppressed = models.BooleanField(_("suppressed"), default=False)
    reasons = models.JSONField(_("suppression reasons"), default=list, blank=True)

    objects = WageCellQuerySet.as_manager()

    class Meta:
        ordering = ["table", "source", "occupation_code", "division__code", "experience", "education"]
        indexes = [models.Index(fields=["release", "table"])]
        verbose_name = _("wage cell")
        verbose_name_plural = _("wage cells")

    def __str__(self) -> str:
        return f"{self.table} {self.source} {self.occupation_code} {self.division_id}"

    @property
    def reason_labels(self) -> list[str]:
        labels = dict(SuppressionReason.choices)
        return [str(labels.get(r, r)) for r in self.reasons]
