"""Models of the supervision app: moderation of postings (screenings, flags, appeals), the abnormal-account list
and the six-monthly qualification re-checks.

Every row is scoped by the division of the posting or employer it is about (ADR 0002). Employer users see the
flags, screenings and appeals of their own employer's postings (`own_records`), nothing else here; citizens see
none of it. Rows change only through `jiuye.supervision.services`, which audits each change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiuye.core.models import DivisionScopedQuerySet, TimeStamped, own_records


class Severity(models.TextChoices):
    BLOCK = "block", _("Blocks publication")
    WARN = "warn", _("Warning")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved by an edit")
    OVERTURNED = "overturned", _("Overturned on appeal")
    UPHELD = "upheld", _("Upheld on appeal")


# Flags that still stand against the posting's current text.
STANDING_FLAG_STATUSES = frozenset({FlagStatus.OPEN, FlagStatus.UPHELD})


class AppealStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    UPHELD = "upheld", _("Flags upheld")
    OVERTURNED = "overturned", _("Flags overturned")


class QualificationResult(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


class PostingScreening(TimeStamped):
    """One run of the screening on a posting's text, at a publication attempt."""

    scope_field = "posting__division"

    posting = models.ForeignKey(
        "jobs.JobPosting", on_delete=models.CASCADE, related_name="screenings", verbose_name=_("posting")
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    rules_version = models.CharField(_("rules version"), max_length=40, blank=True)
    model_version = models.CharField(_("model version"), max_length=60, blank=True)
    blocking = models.BooleanField(_("blocks publication"), default=False)
    flag_count = models.PositiveSmallIntegerField(_("flags"), default=0)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DivisionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("posting screening")
        verbose_name_plural = _("posting screenings")

    def __str__(self) -> str:
        return f"{self.posting_id} {self.at:%Y-%m-%d %H:%M} {'block' if self.blocking else 'ok'}"

    @classmethod
    def owner_filter(cls, user):
        return own_records(user, employer="posting__employer_id")


class PostingFlagQuerySet(DivisionScopedQuerySet):
    def standing(self) -> PostingFlagQuerySet:
        return self.filter(status__in=STANDING_FLAG_STATUSES)

    def blocking(self) -> PostingFlagQuerySet:
        return self.standing().filter(severity=Severity.BLOCK)

    def warnings(self) -> PostingFlagQuerySet:
        return self.filter(status=FlagStatus.OPEN, severity=Severity.WARN)


class PostingFlag(TimeStamped):
    """One finding of the screening: what matched where, why it is unlawful or risky, and a lawful rewording.

    A flag stays the same row while the same text is found again at later screenings (`last_screening`); an edit
    that removes the text resolves it; an inspector may overturn or uphold it on appeal."""

    scope_field = "posting__division"

    screening = models.ForeignKey(
        PostingScreening, on_delete=models.CASCADE, related_name="flags", verbose_name=_("first screening")
    )
    last_screening = models.ForeignKey(
        PostingScreening,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("last found at"),
    )
    posting = models.ForeignKey(
        "jobs.JobPosting", on_delete=models.CASCADE, related_name="flags", verbose_name=_("posting")
    )
    category = models.CharField(_("category"), max_length=40, db_index=True)
    code = models.CharField(_("rule"), max_length=60)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    field = models.CharField(_("field"), max_length=40)
    span_start = models.PositiveIntegerField(_("span start"), default=0)
    span_end = models.PositiveIntegerField(_("span end"), default=0)
    matched_text = models.CharField(_("matched text"), max_length=200, blank=True)
    message_key = models.CharField(_("message id"), max_length=80, blank=True)
    reason_en = models.TextField(_("reason (English)"), blank=True)
    reason_zh = models.TextField(_("reason (Chinese)"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=60, blank=True)
    suggestion = models.TextField(_("suggested rewording"), blank=True)
    source = models.CharField(_("source: rule or model"), max_length=8, blank=True)
    score = models.FloatField(_("score"), default=1.0)
    status = models.CharField(
        _("status"), max_length=12, choices=FlagStatus.choices, default=FlagStatus.OPEN, db_index=True
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    objects = PostingFlagQuerySet.as_manager()

    class Meta:
        ordering = ["posting_id", "field", "span_start", "id"]
        indexes = [models.Index(fields=["posting", "status"])]
        verbose_name = _("posting flag")
        verbose_name_plural = _("posting flags")

    def __str__(self) -> str:
        return f"{self.code} {self.field}: {self.matched_text}"

    @classmethod
    def owner_filter(cls, user):
        return own_records(user, employer="posting__employer_id")

    @property
    def key(self) -> tuple[str, str, str]:
        """What identifies the finding across screenings: the rule, the field and the words matched."""
        return (self.code, self.field, self.matched_text)

    @property
    def reason(self) -> str:
        """The reason in the language of the request (Chinese by default)."""
        from django.utils.translation import get_language

        return self.reason_en if (get_language() or "").startswith("en") else self.reason_zh

    @property
    def is_blocking(self) -> bool:
        return self.severity == Severity.BLOCK and self.status in STANDING_FLAG_STATUSES


class Appeal(TimeStamped):
    """The employer contests blocking flags; an inspector in the posting's area decides."""

    scope_field = "posting__division"

    posting = models.ForeignKey(
        "jobs.JobPosting", on_delete=models.CASCADE, related_name="appeals", verbose_name=_("posting")
    )
    flags = models.ManyToManyField(PostingFlag, related_name="appeals", verbose_name=_("flags"))
    text = models.TextField(_("the employer's reasons"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=12, choices=AppealStatus.choices, default=AppealStatus.PENDING, db_index=True
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("inspector"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason for the decision"), blank=True)

    objects = DivisionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")

    def __str__(self) -> str:
        return f"appeal {self.pk} on posting {self.posting_id} ({self.status})"

    @classmethod
    def owner_filter(cls, user):
        return own_records(user, employer="posting__employer_id")


class AbnormalAccountQuerySet(DivisionScopedQuerySet):
    def current(self) -> AbnormalAccountQuerySet:
        return self.filter(cleared_at__isnull=True)


class AbnormalAccount(TimeStamped):
    """An employer account on the abnormal-account list: repeat blocking screenings, a job-trap flag, or a failed
    qualification check. Inspectors clear it once the matter is dealt with."""

    scope_field = "employer__division"

    employer = models.ForeignKey(
        "registry.Employer", on_delete=models.CASCADE, related_name="+", verbose_name=_("employer")
    )
    reason_codes = models.JSONField(_("reasons"), default=list)
    details = models.JSONField(_("details"), default=dict, blank=True)
    since = models.DateField(_("listed since"))
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cleared by"),
    )
    clear_reason = models.TextField(_("why cleared"), blank=True)

    objects = AbnormalAccountQuerySet.as_manager()

    class Meta:
        ordering = ["-since", "-id"]
        verbose_name = _("abnormal account")
        verbose_name_plural = _("abnormal accounts")

    def __str__(self) -> str:
        return f"{self.employer_id} since {self.since}"

    @classmethod
    def owner_filter(cls, user):
        return own_records(user)  # staff only


class QualificationCheck(TimeStamped):
    """The six-monthly re-check of an employer's qualification to post: valid credit code, active registration."""

    scope_field = "employer__division"

    employer = models.ForeignKey(
        "registry.Employer", on_delete=models.CASCADE, related_name="+", verbose_name=_("employer")
    )
    due = models.DateField(_("due"))
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)
    result = models.CharField(_("result"), max_length=8, choices=QualificationResult.choices)
    credit_code_valid = models.BooleanField(_("credit code valid"))
    registration_active = models.BooleanField(_("registration active"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("checked by"),
    )

    objects = DivisionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-checked_at", "-id"]
        verbose_name = _("qualification check")
        verbose_name_plural = _("qualification checks")

    def __str__(self) -> str:
        return f"{self.employer_id} {self.checked_at:%Y-%m-%d} {self.result}"

    @classmethod
    def owner_filter(cls, user):
        return own_records(user, employer="employer_id")
