"""Models of the inspections app: employer risk, layoff alerts, campaigns, inspections, wage-arrears cases, complaints.

Every model is scoped by the employer's registered seat (`scope_field = "employer__division"`), except
`Campaign`, which belongs to the division it covers. Employer users see none of these rows (risk,
complaints and inspection plans are the administration's working files); citizens see only the
complaints they filed themselves.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiuye.core.models import DivisionScoped, DivisionScopedQuerySet, TimeStamped


def _staff_only(user):
    """owner_filter for working files: citizens and employer users see nothing, staff by division."""
    if getattr(user, "is_citizen", False) or getattr(user, "is_employer_user", False):
        return Q(pk__in=[])
    return None


class RiskBand(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class EmployerRiskQuerySet(DivisionScopedQuerySet):
    def latest(self) -> EmployerRiskQuerySet:
        """The most recent computation (one as_of date for all employers)."""
        last = self.order_by("-as_of").values_list("as_of", flat=True).first()
        return self.filter(as_of=last) if last else self.none()


class EmployerRisk(TimeStamped):
    """The risk score of one employer on one date, with its reasons (codes and figures)."""

    scope_field = "employer__division"

    employer = models.ForeignKey("registry.Employer", on_delete=models.CASCADE, related_name="risks")
    as_of = models.DateField(_("as of"), db_index=True)
    score = models.PositiveSmallIntegerField(_("score"))
    band = models.CharField(_("band"), max_length=8, choices=RiskBand.choices, db_index=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    public_reasons = models.JSONField(_("reasons that may be shown publicly"), default=list, blank=True)

    objects = EmployerRiskQuerySet.as_manager()

    class Meta:
        ordering = ["-as_of", "-score", "employer_id"]
        constraints = [models.UniqueConstraint(fields=["employer", "as_of"], name="uniq_employer_risk")]
        verbose_name = _("employer risk")
        verbose_name_plural = _("employer risks")

    owner_filter = staticmethod(_staff_only)

    def __str__(self) -> str:
        return f"{self.employer_id} {self.as_of} {self.score}"


class LayoffRule(models.TextChoices):
    TWENTY_OR_MORE = "twenty", _("20 or more insured workers fewer")
    # xgettext:no-python-format
    TEN_PERCENT = "ten_percent", _("10% or more of a workforce of at least 20")


class LayoffAlertQuerySet(DivisionScopedQuerySet):
    def unchecked(self) -> LayoffAlertQuerySet:
        return self.filter(reported__isnull=True)


class LayoffAlert(TimeStamped):
    """An employer whose insured headcount fell enough within one month to be an economic layoff
    (Labour Contract Law art. 41): the inspector checks whether it was reported to the labour administration."""

    scope_field = "employer__division"

    employer = models.ForeignKey("registry.Employer", on_delete=models.CASCADE, related_name="layoff_alerts")
    month = models.DateField(
        _("month"), help_text=_("First day of the month at whose end the headcount was lower.")
    )
    headcount_before = models.PositiveIntegerField(_("insured headcount at the end of the previous month"))
    headcount_after = models.PositiveIntegerField(_("insured headcount at the end of the month"))
    rule = models.CharField(_("rule met"), max_length=12, choices=LayoffRule.choices)
    report_event = models.ForeignKey(
        "registry.EmployerEvent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("layoff report in the registry"),
    )
    reported = models.BooleanField(_("reported to the labour administration"), null=True, blank=True)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    note = models.TextField(_("inspector's note"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    objects = LayoffAlertQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "employer_id"]
        constraints = [models.UniqueConstraint(fields=["employer", "month"], name="uniq_layoff_alert")]
        verbose_name = _("layoff alert")
        verbose_name_plural = _("layoff alerts")

    owner_filter = staticmethod(_staff_only)

    @property
    def drop(self) -> int:
        return self.headcount_before - self.headcount_after

    @property
    def drop_pct(self) -> float:
        return round(100 * self.drop / self.headcount_before, 1) if self.headcount_before else 0.0


class Allocation(models.TextChoices):
    PROPORTIONAL = "proportional", _("Proportional to stratum size")
    NEYMAN = "neyman", _("Neyman-like: by size × risk spread, high risk first")


class Campaign(DivisionScoped):
    """An inspection campaign over one division and period, with the sampling design recorded."""

    name = models.CharField(_("name"), max_length=200)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    design = models.JSONField(_("sampling design"), default=dict, blank=True)
    sample = models.JSONField(_("sample drawn"), default=list, blank=True)
    drawn_at = models.DateTimeField(_("sample drawn at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-period_start", "-id"]
        verbose_name = _("inspection campaign")
        verbose_name_plural = _("inspection campaigns")

    owner_filter = staticmethod(_staff_only)

    def __str__(self) -> str:
        return self.name


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    VISITED = "visited", _("Visited")
    REMEDY_ORDERED = "remedy_ordered", _("Remedy ordered")
    CLOSED = "closed", _("Closed")


class InspectionOrigin(models.TextChoices):
    CAMPAIGN = "campaign", _("Campaign sample")
    COMPLAINT = "complaint", _("Complaint")
    RISK = "risk", _("Risk score")
    LAYOFF = "layoff", _("Layoff alert")


class Inspection(TimeStamped):
    """One inspection of an employer: from a campaign sample, a complaint, a risk score or a layoff alert."""

    scope_field = "employer__division"

    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="inspections"
    )
    employer = models.ForeignKey("registry.Employer", on_delete=models.PROTECT, related_name="inspections")
    origin = models.CharField(_("origin"), max_length=12, choices=InspectionOrigin.choices)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("inspector"),
    )
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    remedies = models.TextField(_("remedies ordered"), blank=True)
    sanctions = models.TextField(_("administrative penalties"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=InspectionStatus.choices,
        default=InspectionStatus.PLANNED,
        db_index=True,
    )

    objects = DivisionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["status", "-created_at", "-id"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    owner_filter = staticmethod(_staff_only)


class ArrearsStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ORDERED = "ordered", _("Payment ordered")
    PAID = "paid", _("Paid")
    COURT = "court", _("Transferred to court / public security")


ARREARS_MOVES = {
    ArrearsStatus.OPEN: {ArrearsStatus.ORDERED, ArrearsStatus.PAID, ArrearsStatus.COURT},
    ArrearsStatus.ORDERED: {ArrearsStatus.PAID, ArrearsStatus.COURT},
    ArrearsStatus.PAID: set(),
    ArrearsStatus.COURT: set(),
}


class WageArrearsCaseQuerySet(DivisionScopedQuerySet):
    def still_open(self) -> WageArrearsCaseQuerySet:
        return self.filter(status__in=[ArrearsStatus.OPEN, ArrearsStatus.ORDERED])


class WageArrearsCase(TimeStamped):
    """Wages owed by an employer to a group of workers, tracked to payment or transfer to court."""

    scope_field = "employer__division"

    employer = models.ForeignKey(
        "registry.Employer", on_delete=models.PROTECT, related_name="wage_arrears_cases"
    )
    inspection = models.ForeignKey(
        Inspection, null=True, blank=True, on_delete=models.SET_NULL, related_name="arrears_cases"
    )
    workers_affected = models.PositiveIntegerField(_("workers affected"))
    amount_owed = models.DecimalField(_("amount owed (yuan)"), max_digits=12, decimal_places=2)
    amount_paid = models.DecimalField(_("amount paid (yuan)"), max_digits=12, decimal_places=2, default=0)
    status = models.CharField(
        _("status"), max_length=8, choices=ArrearsStatus.choices, default=ArrearsStatus.OPEN, db_index=True
    )
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    pay_by = models.DateField(_("payment deadline"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = WageArrearsCaseQuerySet.as_manager()

    class Meta:
        ordering = ["status", "pay_by", "-id"]
        verbose_name = _("wage-arrears case")
        verbose_name_plural = _("wage-arrears cases")

    owner_filter = staticmethod(_staff_only)

    @property
    def outstanding(self):
        return self.amount_owed - self.amount_paid

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.pay_by
            and self.status in (ArrearsStatus.OPEN, ArrearsStatus.ORDERED)
            and self.pay_by < timezone.localdate()
        )


class ComplaintCategory(models.TextChoices):
    WAGE_ARREARS = "wage_arrears", _("Unpaid wages")
    NO_CONTRACT = "no_contract", _("No written labour contract")
    NO_INSURANCE = "no_insurance", _("Social insurance not paid")
    HOURS = "hours", _("Working hours and overtime")
    DISMISSAL = "dismissal", _("Unlawful dismissal or layoff")
    DISCRIMINATION = "discrimination", _("Discrimination in hiring or at work")
    FEES = "fees", _("Fees, deposits or documents withheld")
    OTHER = "other", _("Other")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_INSPECTION = "in_inspection", _("Passed to an inspection")
    CLOSED = "closed", _("Closed")


class ComplaintQuerySet(DivisionScopedQuerySet):
    def visible_to(self, user):
        """Citizens see the complaints they filed; employer users none; staff by the employer's division."""
        if getattr(user, "is_authenticated", False) and getattr(user, "is_citizen", False):
            return self.filter(complainant=user)
        return super().visible_to(user)


class Complaint(TimeStamped):
    """A worker's complaint against an employer. An anonymous complaint keeps the complainant only so the
    worker can follow it; no page for staff, no export and nothing the employer sees ever shows who filed it."""

    scope_field = "employer__division"

    employer = models.ForeignKey("registry.Employer", on_delete=models.PROTECT, related_name="complaints")
    complainant = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    category = models.CharField(_("category"), max_length=16, choices=ComplaintCategory.choices)
    text = models.TextField(_("what happened"))
    workers_affected = models.PositiveIntegerField(_("workers affected"), default=1)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.RECEIVED,
        db_index=True,
    )
    inspection = models.ForeignKey(
        Inspection, null=True, blank=True, on_delete=models.SET_NULL, related_name="complaints"
    )

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["status", "-created_at", "-id"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")

    owner_filter = staticmethod(_staff_only)

    def complainant_label(self) -> str:
        """What staff see: never the person behind an anonymous complaint; a masked name otherwise."""
        if self.anonymous or self.complainant_id is None:
            return str(_("Anonymous"))
        person = getattr(self.complainant, "person", None)
        if person is not None:
            return person.masked_name
        return str(_("Named complainant (no person record)"))
