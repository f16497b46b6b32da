"""Job postings, applications to them, their history, and the platform's notifications."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiuye.core.models import DivisionScoped, DivisionScopedQuerySet, TimeStamped, own_records
from jiuye.registry.enums import ContractType

from .enums import (
    OPEN_APPLICATION_STATUSES,
    ApplicationStatus,
    PostingStatus,
    RejectionReason,
    SocialInsurance,
)

# A published posting that nobody re-confirms for this long is taken down (2026 online-recruitment rules).
RECONFIRM_DAYS = 30
# An application the employer leaves unanswered for this long expires.
APPLICATION_RESPONSE_DAYS = 30


class JobPostingQuerySet(DivisionScopedQuerySet):
    def published(self) -> JobPostingQuerySet:
        return self.filter(status=PostingStatus.PUBLISHED)

    def live(self, on: dt.date | None = None) -> JobPostingQuerySet:
        """Published and within its validity dates on `on` (today by default)."""
        on = on or timezone.localdate()
        return self.published().filter(valid_from__lte=on, valid_until__gte=on)

    def expired(self, on: dt.date | None = None) -> JobPostingQuerySet:
        """Published postings that should be taken down on `on`: past validity or not re-confirmed."""
        on = on or timezone.localdate()
        stale = timezone.make_aware(dt.datetime.combine(on - dt.timedelta(days=RECONFIRM_DAYS), dt.time.min))
        return self.published().filter(models.Q(valid_until__lt=on) | models.Q(reconfirmed_at__lt=stale))

    def for_employer(self, employer) -> JobPostingQuerySet:
        return self.filter(employer=employer)


class OccupationCodedBy(models.TextChoices):
    AUTO = "auto", _("Coded automatically")
    EMPLOYER = "employer", _("Chosen by the employer")
    STAFF = "staff", _("Chosen or confirmed by staff")


class JobPosting(DivisionScoped):
    """A vacancy. `division` is the work location (township or county)."""

    employer = models.ForeignKey(
        "registry.Employer", on_delete=models.PROTECT, related_name="postings", verbose_name=_("employer")
    )
    title = models.CharField(_("job title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    occupation = models.ForeignKey(
        "taxonomy.Occupation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("occupation"),
    )
    occupation_confidence = models.FloatField(_("occupation coding confidence"), null=True, blank=True)
    occupation_coded_by = models.CharField(
        _("occupation coded by"), max_length=10, choices=OccupationCodedBy.choices, blank=True
    )
    # The coder's normalised title, so a staff confirmation finds every posting with the same title.
    title_key = models.CharField(_("normalised title"), max_length=200, blank=True, db_index=True)
    # The employer's own reference for the posting (bulk files and the API): re-sending it updates, never doubles.
    external_ref = models.CharField(_("your reference"), max_length=64, blank=True)
    address = models.CharField(_("work address"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    pay_min = models.PositiveIntegerField(_("monthly base pay from (yuan)"), null=True, blank=True)
    pay_max = models.PositiveIntegerField(_("monthly base pay up to (yuan)"), null=True, blank=True)
    pay_months = models.PositiveSmallIntegerField(_("months paid per year"), default=12)
    pay_text = models.CharField(_("pay as written"), max_length=100, blank=True)
    contract_type = models.CharField(
        _("contract type"), max_length=16, choices=ContractType.choices, blank=True
    )
    headcount = models.PositiveSmallIntegerField(_("openings"), default=1)
    education = models.ForeignKey(
        "taxonomy.EducationLevel",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("minimum education"),
    )
    experience_years = models.PositiveSmallIntegerField(_("minimum years of experience"), default=0)
    working_hours = models.CharField(_("working hours"), max_length=100, blank=True)
    social_insurance = models.CharField(
        _("social insurance"), max_length=12, choices=SocialInsurance.choices, default=SocialInsurance.FIVE
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=PostingStatus.choices, default=PostingStatus.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    reconfirmed_at = models.DateTimeField(_("re-confirmed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = JobPostingQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "valid_until"])]
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "external_ref"],
                condition=~models.Q(external_ref=""),
                name="jobs_posting_external_ref_per_employer",
            )
        ]
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")

    def __str__(self) -> str:
        return self.title

    @classmethod
    def owner_filter(cls, user):
        # Employers see their own postings in any state; seekers see the public listing.
        if getattr(user, "is_employer_user", False):
            return models.Q(employer_id=user.employer_id) if user.employer_id else models.Q(pk__in=[])
        if getattr(user, "is_citizen", False):
            return models.Q(status=PostingStatus.PUBLISHED)
        return None

    def is_live(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return (
            self.status == PostingStatus.PUBLISHED
            and self.valid_from is not None
            and self.valid_until is not None
            and self.valid_from <= on <= self.valid_until
        )

    def posted_on(self) -> dt.date:
        """The day the posting was published, in the platform's time zone (a posting published at 00:30 in
        Xiangtan was posted that day, not the UTC day before); unpublished ones: their first valid day, else today."""
        if self.published_at:
            return timezone.localtime(self.published_at).date()
        return self.valid_from or timezone.localdate()


class JobApplicationQuerySet(DivisionScopedQuerySet):
    def open(self) -> JobApplicationQuerySet:
        return self.filter(status__in=OPEN_APPLICATION_STATUSES)


class JobApplication(TimeStamped):
    """A seeker's application to a posting. Scoped by the posting's work location."""

    scope_field = "posting__division"

    posting = models.ForeignKey(
        JobPosting, on_delete=models.PROTECT, related_name="applications", verbose_name=_("posting")
    )
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="job_applications",
        verbose_name=_("applicant"),
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("referred by"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
        db_index=True,
    )
    rejection_reason = models.CharField(
        _("reason"), max_length=20, choices=RejectionReason.choices, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    viewed_at = models.DateTimeField(_("viewed at"), null=True, blank=True)
    interview_at = models.DateTimeField(_("interview stage at"), null=True, blank=True)
    offered_at = models.DateTimeField(_("offered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # When the employer last acted; an application with no employer action for 30 days expires.
    last_employer_action_at = models.DateTimeField(_("last employer response"), null=True, blank=True)
    spell = models.ForeignKey(
        "registry.EmploymentSpell",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("employment spell"),
    )

    objects = JobApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["posting", "person"], name="jobs_one_application_per_person")
        ]
        verbose_name = _("job application")
        verbose_name_plural = _("job applications")

    def __str__(self) -> str:
        return f"{self.posting} · {self.person_id}"

    @classmethod
    def owner_filter(cls, user):
        return own_records(user, person="person_id", employer="posting__employer_id")

    @property
    def division(self):
        # So that audit events carry the posting's division path.
        return self.posting.division


class JobApplicationEvent(models.Model):
    """One step in an application's history."""

    application = models.ForeignKey(JobApplication, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"), default=timezone.now)
    from_status = models.CharField(_("from"), max_length=12, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=RejectionReason.choices, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("application event")
        verbose_name_plural = _("application events")

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message to a user on the platform (the only contact channel of a posting)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    text = models.CharField(_("text"), max_length=300)
    link = models.CharField(_("link"), max_length=200, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.text


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")


class OccupationTitleReviewQuerySet(models.QuerySet):
    def visible_to(self, user) -> OccupationTitleReviewQuerySet:
        """Staff only: titles are not personal data, but the queue is a staff tool."""
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        if getattr(user, "is_superuser", False) or getattr(user, "is_staff_role", False):
            return self
        return self.none()

    def open(self) -> OccupationTitleReviewQuerySet:
        return self.filter(status=ReviewStatus.OPEN)

    def confirmed(self) -> OccupationTitleReviewQuerySet:
        return self.filter(status=ReviewStatus.CONFIRMED)


class OccupationTitleReview(TimeStamped):
    """A job title the coder was not sure about (or one staff have confirmed), keyed by its normalised form."""

    key = models.CharField(_("normalised title"), max_length=200, unique=True)
    title = models.CharField(_("title"), max_length=200)
    sources = models.CharField(_("seen in"), max_length=100, blank=True, help_text="comma-separated")
    suggested = models.ForeignKey(
        "taxonomy.Occupation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("suggested occupation"),
    )
    suggested_confidence = models.FloatField(_("confidence"), null=True, blank=True)
    seen = models.PositiveIntegerField(_("records seen"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN, db_index=True
    )
    occupation = models.ForeignKey(
        "taxonomy.Occupation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("confirmed occupation"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    objects = OccupationTitleReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-seen", "key"]
        verbose_name = _("occupation title review")
        verbose_name_plural = _("occupation title reviews")

    def __str__(self) -> str:
        return self.title

    @property
    def source_list(self) -> list[str]:
        return [s for s in self.sources.split(",") if s]


class PostingUploadQuerySet(models.QuerySet):
    def visible_to(self, user) -> PostingUploadQuerySet:
        """The uploader sees their uploads; employer users see their employer's; national admins see all."""
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        if getattr(user, "sees_everything", False):
            return self
        if getattr(user, "is_employer_user", False) and user.employer_id:
            return self.filter(models.Q(employer_id=user.employer_id) | models.Q(uploaded_by=user))
        return self.filter(uploaded_by=user)


class PostingUpload(models.Model):
    """One file of postings: what was saved and the rejected rows with their errors (kept for download)."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    employer = models.ForeignKey(
        "registry.Employer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("employer"),
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    filename = models.CharField(_("file"), max_length=200)
    publish = models.BooleanField(_("publish"), default=False)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_created = models.PositiveIntegerField(_("new postings"), default=0)
    rows_updated = models.PositiveIntegerField(_("updated postings"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rows_rejected = models.PositiveIntegerField(_("rejected rows"), default=0)
    header = models.JSONField(_("columns"), default=list)
    # [{"line": 3, "row": {...}, "errors": [{"field": ..., "message": ...}]}, ...]
    rejected = models.JSONField(_("rejected rows"), default=list)
    # [{"line": 2, "id": 17, "status": "draft", "note": "..."}, ...]
    saved = models.JSONField(_("saved rows"), default=list)

    objects = PostingUploadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("posting upload")
        verbose_name_plural = _("posting uploads")

    def __str__(self) -> str:
        return self.filename
