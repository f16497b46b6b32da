"""Policies in the platform: consent to be told, pushes sent, applications and their payment orders.

Every record belongs to one subject — a person or an employer — and is scoped by the subject's
division (residence or seat), stored on the row when it is created. Citizens see their own rows,
employer users their employer's. Nothing here stores an identifier: persons and employers are
foreign keys; the snapshots hold situation fields (dates, codes, counts), never names or IDs.

Rows change only through `jiuye.policies.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiuye.core.models import DivisionScoped, DivisionScopedQuerySet, own_records


class Channel(models.TextChoices):
    INBOX = "inbox", _("Platform inbox")
    SMS = "sms", _("Text message")
    WECHAT = "wechat", _("WeChat")


# Inbox messages are on unless the subject opts out; SMS and WeChat need an explicit opt-in
# (a consent row with opted_out=False), because they reach outside the platform.
OPT_IN_CHANNELS = frozenset({Channel.SMS, Channel.WECHAT})


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    RETURNED = "returned", _("Returned for more information")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = frozenset(
    {
        ApplicationStatus.DRAFT,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.UNDER_REVIEW,
        ApplicationStatus.RETURNED,
        ApplicationStatus.RESUBMITTED,
    }
)
AWAITING_REVIEW = frozenset(
    {ApplicationStatus.SUBMITTED, ApplicationStatus.RESUBMITTED, ApplicationStatus.UNDER_REVIEW}
)
# Statuses that count as "applied or received" for the push: the subject is not told again.
APPLIED_STATUSES = OPEN_STATUSES | {ApplicationStatus.APPROVED}


class RejectionReason(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", _("Does not meet the conditions")
    UNVERIFIED = "unverified", _("Conditions could not be verified")
    DUPLICATE = "duplicate", _("Already received or applied elsewhere")
    FALSE_DECLARATION = "false_declaration", _("Declaration found untrue")
    OTHER = "other", _("Other")


class PaymentStatus(models.TextChoices):
    CREATED = "created", _("Created")
    SENT = "sent", _("Sent to the treasury")
    PAID = "paid", _("Paid")


class SubjectQuerySet(DivisionScopedQuerySet):
    def of_subject(self, subject) -> SubjectQuerySet:
        from jiuye.registry.models import Person

        if isinstance(subject, Person):
            return self.filter(person=subject)
        return self.filter(employer=subject)


class SubjectRecord(DivisionScoped):
    """A row about one person or one employer (exactly one), scoped by the subject's division."""

    person = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("person"),
    )
    employer = models.ForeignKey(
        "registry.Employer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("employer"),
    )

    objects = SubjectQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def owner_filter(cls, user):
        return own_records(user, person="person_id", employer="employer_id")

    @property
    def subject(self):
        return self.person if self.person_id else self.employer

    @property
    def subject_kind(self) -> str:
        return "person" if self.person_id else "employer"


def _one_subject(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(person__isnull=False, employer__isnull=True)
        | models.Q(person__isnull=True, employer__isnull=False),
        name=name,
    )


class PolicyConsent(SubjectRecord):
    """One change of a subject's choice for one channel; the latest row is in force (history kept)."""

    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    opted_out = models.BooleanField(_("opted out"))
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-changed_at", "-id"]
        constraints = [_one_subject("policies_consent_one_subject")]
        verbose_name = _("policy message consent")
        verbose_name_plural = _("policy message consents")

    def __str__(self) -> str:
        return f"{self.subject_kind}:{self.person_id or self.employer_id} {self.channel} opted_out={self.opted_out}"


class PolicyPushQuerySet(SubjectQuerySet):
    def sent(self) -> PolicyPushQuerySet:
        return self.filter(notification_sent=True)


class PolicyPush(SubjectRecord):
    """A subject found eligible by the nightly push and told (or not reachable) through one channel."""

    policy = models.CharField(_("policy"), max_length=64, db_index=True)
    on = models.DateField(_("evaluated on"))
    status = models.CharField(_("decision"), max_length=16)
    reasons = models.JSONField(_("conditions met"), default=list)  # condition codes
    rule_version = models.CharField(_("rule version"), max_length=16)
    parameters_digest = models.CharField(_("parameter fingerprint"), max_length=64)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    notification_sent = models.BooleanField(_("notification sent"), default=False)

    objects = PolicyPushQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-id"]
        constraints = [
            _one_subject("policies_push_one_subject"),
            models.UniqueConstraint(
                fields=["person", "policy", "on", "channel"],
                condition=models.Q(person__isnull=False),
                name="policies_one_person_push_per_day",
            ),
            models.UniqueConstraint(
                fields=["employer", "policy", "on", "channel"],
                condition=models.Q(employer__isnull=False),
                name="policies_one_employer_push_per_day",
            ),
        ]
        indexes = [models.Index(fields=["policy", "on"])]
        verbose_name = _("policy push")
        verbose_name_plural = _("policy pushes")

    def __str__(self) -> str:
        return f"{self.policy} {self.on} {self.channel}"


class PolicyApplicationQuerySet(SubjectQuerySet):
    def open(self) -> PolicyApplicationQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def awaiting_review(self) -> PolicyApplicationQuerySet:
        return self.filter(status__in=AWAITING_REVIEW)

    def overdue(self) -> PolicyApplicationQuerySet:
        return self.filter(is_overdue=True, status__in=AWAITING_REVIEW)


class PolicyApplication(SubjectRecord):
    """A one-stop application: prefilled from the library, re-checked at submission, reviewed by district
    staff, decided with the rule version and parameters used."""

    policy = models.CharField(_("policy"), max_length=64, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        db_index=True,
    )
    # What came from the library when the draft was made: {"as_of", "fields": {name: {"value", "source"}}}.
    prefill = models.JSONField(_("prefilled data"), default=dict, blank=True)
    # What the applicant declared for conditions the library cannot answer (e.g. other loans).
    declared = models.JSONField(_("declared by the applicant"), default=dict, blank=True)
    # The last eligibility check (at submission) and the decision record (at approval/rejection).
    eligibility = models.JSONField(_("eligibility at submission"), default=dict, blank=True)
    decision = models.JSONField(_("decision record"), default=dict, blank=True)
    rejection_reason = models.CharField(
        _("reason"), max_length=20, choices=RejectionReason.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=500, blank=True)  # what is missing, or why rejected
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    review_due = models.DateField(_("review due"), null=True, blank=True)
    is_overdue = models.BooleanField(_("overdue"), default=False, db_index=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PolicyApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            _one_subject("policies_application_one_subject"),
            models.UniqueConstraint(
                fields=["person", "policy"],
                condition=models.Q(
                    person__isnull=False,
                    status__in=[s.value for s in sorted(OPEN_STATUSES | {ApplicationStatus.APPROVED})],
                ),
                name="policies_one_live_application_per_person",
            ),
            models.UniqueConstraint(
                fields=["employer", "policy"],
                condition=models.Q(
                    employer__isnull=False,
                    status__in=[s.value for s in sorted(OPEN_STATUSES | {ApplicationStatus.APPROVED})],
                ),
                name="policies_one_live_application_per_employer",
            ),
        ]
        verbose_name = _("policy application")
        verbose_name_plural = _("policy applications")

    def __str__(self) -> str:
        return f"{self.policy} · {self.subject_kind}:{self.person_id or self.employer_id} · {self.status}"


class PolicyApplicationEvent(models.Model):
    """One step of an application's history."""

    application = models.ForeignKey(PolicyApplication, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"), default=timezone.now)
    from_status = models.CharField(_("from"), max_length=16, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=20, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)  # codes only, no personal data

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("application event")
        verbose_name_plural = _("application events")

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class PaymentOrder(DivisionScoped):
    """The order to pay an approved application (to the person or to the employer)."""

    application = models.OneToOneField(
        PolicyApplication, on_delete=models.PROTECT, related_name="payment_order"
    )
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    months = models.PositiveSmallIntegerField(_("months"), null=True, blank=True)  # for monthly payments
    payee_person = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("payee"),
    )
    payee_employer = models.ForeignKey(
        "registry.Employer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("payee"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=PaymentStatus.choices, default=PaymentStatus.CREATED, db_index=True
    )
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)

    objects = DivisionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(payee_person__isnull=False, payee_employer__isnull=True)
                | models.Q(payee_person__isnull=True, payee_employer__isnull=False),
                name="policies_payment_one_payee",
            )
        ]
        verbose_name = _("payment order")
        verbose_name_plural = _("payment orders")

    def __str__(self) -> str:
        return f"{self.application.policy} {self.amount} {self.status}"

    @classmethod
    def owner_filter(cls, user):
        return own_records(user, person="application__person_id", employer="application__employer_id")
