"""Case files for the employment assistance of key groups (issue 6).

A `Case` is opened for a person (identified in a key group, walk-in, referral) or for a household (a
zero-employment household on the comparison list). It carries the service-level deadline for the first
contact, the risk score that orders the caseworker's queue, the assessment, the action plan, the contacts
and, when the library shows stable employment, the closure with a follow-up check. Public-welfare
positions and the placements in them are managed here too. `DataConflict` keeps contradictions between
department sources open until a caseworker decides.

Everything is scoped like the rest of the platform (`visible_to`): cases, positions and conflicts by
their division (the residence of the person or household), the child records through their case.
Writes go through `jiuye.cases.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiuye.core.models import DivisionScoped, DivisionScopedQuerySet, TimeStamped, own_records


class CaseSource(models.TextChoices):
    IDENTIFICATION = "identification", _("Identified from the library")
    WALK_IN = "walk_in", _("Walk-in")
    REFERRAL = "referral", _("Referral")


class CaseStatus(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    IN_ASSISTANCE = "in_assistance", _("In assistance")
    PLACED = "placed", _("Placed")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


# Cases waiting for their first contact: the service-level deadline runs for these.
AWAITING_CONTACT = (CaseStatus.NEW, CaseStatus.REOPENED)
OPEN_STATUSES = tuple(s for s in CaseStatus if s != CaseStatus.CLOSED)


class ClosedReason(models.TextChoices):
    STABLE_EMPLOYMENT = "stable_employment", _("Stable employment (consecutive months of contributions)")
    LEFT_LIST = "left_list", _("Household left the zero-employment list")
    NO_LONGER_ELIGIBLE = "no_longer_eligible", _("No longer in a key group")
    DECLINED = "declined", _("Declined assistance")
    MOVED = "moved", _("Moved away")
    OTHER = "other", _("Other")


class ContactKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone call")
    MESSAGE = "message", _("Message")


class ActionKind(models.TextChoices):
    JOB_REFERRAL = "job_referral", _("Job referral")
    TRAINING = "training", _("Training")
    PUBLIC_WELFARE_POSITION = "public_welfare_position", _("Public-welfare position")
    SUBSIDY = "subsidy", _("Subsidy")
    ENTREPRENEURSHIP = "entrepreneurship", _("Entrepreneurship support")
    CARE_BARRIER = "care_barrier", _("Care barrier")
    TRANSPORT_BARRIER = "transport_barrier", _("Transport barrier")
    PARTNER_REFERRAL = "partner_referral", _("Referral to a partner service")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ExitReason(models.TextChoices):
    TERM_ENDED = "term_ended", _("Term limit reached")
    FOUND_JOB = "found_job", _("Found a job on the open market")
    RESIGNED = "resigned", _("Resigned")
    DISMISSED = "dismissed", _("Dismissed")
    OTHER = "other", _("Other")


class ConflictKind(models.TextChoices):
    EMPLOYED_IN_ZERO_EMPLOYMENT_HOUSEHOLD = (
        "employed_in_zero_employment_household",
        _("Employed member in a zero-employment household"),
    )
    REGISTERED_UNEMPLOYED_WITH_SPELL = (
        "registered_unemployed_with_spell",
        _("Registered unemployed with a current employment spell"),
    )


class ConflictStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved by a caseworker")


class CaseQuerySet(DivisionScopedQuerySet):
    def open(self) -> CaseQuerySet:
        return self.exclude(status=CaseStatus.CLOSED)

    def closed(self) -> CaseQuerySet:
        return self.filter(status=CaseStatus.CLOSED)

    def awaiting_contact(self) -> CaseQuerySet:
        return self.filter(status__in=AWAITING_CONTACT, first_contact_at__isnull=True)

    def overdue(self, on) -> CaseQuerySet:
        return self.awaiting_contact().filter(first_contact_due__lt=on)

    def for_households(self) -> CaseQuerySet:
        return self.filter(household__isnull=False)

    def for_persons(self) -> CaseQuerySet:
        return self.filter(person__isnull=False)

    def in_group(self, code: str) -> CaseQuerySet:
        # `groups` is a JSON list of codes; a text match on the quoted code works on SQLite and PostgreSQL.
        return self.filter(groups__icontains=f'"{code}"')


class Case(DivisionScoped):
    """A case file: one person, or one household for a zero-employment household."""

    person = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="cases",
        verbose_name=_("person"),
    )
    household = models.ForeignKey(
        "registry.Household",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="cases",
        verbose_name=_("household"),
    )
    # Key-group codes (taxonomy.KeyGroup.code) and, per group, the criteria met with their figures.
    groups = models.JSONField(_("key groups"), default=list, blank=True)
    criteria = models.JSONField(_("criteria met"), default=dict, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=CaseSource.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.NEW, db_index=True
    )
    opened_at = models.DateTimeField(_("opened at"))
    opened_on = models.DateField(_("opened on"))  # the reference date the deadline counts from
    # Queue: the risk score of the profiling model (0–1; None when not available) and its reasons, and the
    # household situation (2 zero-employment household, 1 minimum-living-security / low-income, 0 other).
    risk_score = models.FloatField(_("risk score"), null=True, blank=True)
    risk_reasons = models.JSONField(_("risk reasons"), default=list, blank=True)
    household_priority = models.PositiveSmallIntegerField(_("household situation"), default=0)
    first_contact_due = models.DateField(_("first contact due"))
    first_contact_at = models.DateTimeField(_("first contact at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("caseworker"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_reason = models.CharField(
        _("closed because"), max_length=24, choices=ClosedReason.choices, blank=True
    )
    follow_up_due = models.DateField(_("follow-up check due"), null=True, blank=True)
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    worklist_entry = models.ForeignKey(
        "comparisons.WorklistEntry",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("worklist entry"),
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="case_one_subject",
                condition=Q(person__isnull=False, household__isnull=True)
                | Q(person__isnull=True, household__isnull=False),
            ),
            # One open case per person and per household; a closed case is reopened, not duplicated.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(person__isnull=False) & ~Q(status="closed"),
                name="uniq_open_case_person",
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(household__isnull=False) & ~Q(status="closed"),
                name="uniq_open_case_household",
            ),
        ]
        indexes = [models.Index(fields=["status", "first_contact_due"])]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return f"case {self.pk} ({self.subject_label})"

    @classmethod
    def owner_filter(cls, user):
        # Case files are staff tools: citizens and employer users see none.
        return own_records(user)

    @property
    def subject(self):
        return self.person if self.person_id else self.household

    @property
    def subject_label(self) -> str:
        """Masked: safe for lists and logs."""
        if self.person_id:
            return self.person.masked_name
        return str(self.household.number) if self.household_id else ""

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.CLOSED

    @property
    def is_household(self) -> bool:
        return self.household_id is not None


class CaseChild(TimeStamped):
    scope_field = "case__division"

    objects = DivisionScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def owner_filter(cls, user):
        return own_records(user)


class Assessment(CaseChild):
    """The caseworker's assessment: work ability, barriers, wishes, and a summary."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("assessed on"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    able_to_work = models.BooleanField(_("able to work"), default=True)
    willing_to_work = models.BooleanField(_("willing to work"), default=True)
    barriers = models.JSONField(_("barriers"), default=list, blank=True)  # codes, e.g. ["care", "transport"]
    desired_occupation = models.ForeignKey(
        "taxonomy.Occupation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("desired occupation"),
    )
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")


class ActionPlanItem(CaseChild):
    """One step of the action plan; links to the job or policy application it led to."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("kind"), max_length=24, choices=ActionKind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    # Which group journey proposed it ("" when a caseworker added it).
    template = models.CharField(_("journey"), max_length=32, blank=True)
    person = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("for member"),
    )
    job_application = models.ForeignKey(
        "jobs.JobApplication",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("job application"),
    )
    policy_application = models.ForeignKey(
        "policies.PolicyApplication",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("policy application"),
    )
    placement = models.ForeignKey(
        "cases.Placement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("placement"),
    )
    partner = models.CharField(_("partner service"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["case", "id"]
        verbose_name = _("action plan item")
        verbose_name_plural = _("action plan items")


class Contact(CaseChild):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("kind"), max_length=8, choices=ContactKind.choices)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reached = models.BooleanField(_("reached the person"), default=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")


class PublicWelfarePositionQuerySet(DivisionScopedQuerySet):
    def active(self) -> PublicWelfarePositionQuerySet:
        return self.filter(is_active=True)


class PublicWelfarePosition(DivisionScoped):
    """A public-welfare position (公益性岗位) developed by a unit, with a number of slots and a term limit."""

    unit = models.CharField(_("unit"), max_length=200)
    employer = models.ForeignKey(
        "registry.Employer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("employer"),
    )
    title = models.CharField(_("title"), max_length=200)
    slots = models.PositiveSmallIntegerField(_("slots"))
    term_limit_months = models.PositiveSmallIntegerField(_("term limit (months)"), default=36)
    is_active = models.BooleanField(_("active"), default=True)
    note = models.TextField(_("note"), blank=True)

    objects = PublicWelfarePositionQuerySet.as_manager()

    class Meta:
        ordering = ["division__code", "unit", "title"]
        verbose_name = _("public-welfare position")
        verbose_name_plural = _("public-welfare positions")

    def __str__(self) -> str:
        return f"{self.unit} · {self.title}"

    @classmethod
    def owner_filter(cls, user):
        return own_records(user)


class PlacementQuerySet(DivisionScopedQuerySet):
    def current(self, on) -> PlacementQuerySet:
        return self.filter(start_date__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))


class Placement(TimeStamped):
    """A person in a public-welfare position. `term_end` is fixed at placement from the term limit."""

    scope_field = "position__division"

    position = models.ForeignKey(PublicWelfarePosition, on_delete=models.PROTECT, related_name="placements")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="welfare_placements")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="placements"
    )
    start_date = models.DateField(_("start"))
    term_end = models.DateField(_("term ends"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    exit_reason = models.CharField(_("exit reason"), max_length=16, choices=ExitReason.choices, blank=True)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")

    @classmethod
    def owner_filter(cls, user):
        return own_records(user)


class DataConflictQuerySet(DivisionScopedQuerySet):
    def open(self) -> DataConflictQuerySet:
        return self.filter(status=ConflictStatus.OPEN)


class DataConflict(DivisionScoped):
    """Two department sources that contradict each other about a person or household.

    `sources` lists both sides, each {"source", "model", "id", "facts"} (codes, dates and ids, no personal
    data); a caseworker resolves it with a note. Nothing resolves a conflict automatically.
    """

    kind = models.CharField(_("kind"), max_length=40, choices=ConflictKind.choices)
    person = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    household = models.ForeignKey(
        "registry.Household",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("household"),
    )
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="conflicts")
    sources = models.JSONField(_("sources"), default=list)
    detected_on = models.DateField(_("detected on"))
    last_seen_on = models.DateField(_("last found on"))
    status = models.CharField(
        _("status"), max_length=10, choices=ConflictStatus.choices, default=ConflictStatus.OPEN, db_index=True
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)

    objects = DataConflictQuerySet.as_manager()

    class Meta:
        ordering = ["-detected_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "person", "household"], condition=Q(status="open"), name="uniq_open_conflict"
            ),
        ]
        verbose_name = _("data conflict")
        verbose_name_plural = _("data conflicts")

    @classmethod
    def owner_filter(cls, user):
        return own_records(user)
