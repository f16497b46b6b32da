"""Casual-labour stations and gig work: day jobs, check-ins, engagements with their pay and injury cover.

Scoping (ADR 0002): staff see the records of their division; a worker (citizen) sees their own check-ins and
engagements; an employer user sees their own jobs and the engagements on them. Open jobs are listed publicly
through `GigJobQuerySet.open_on`, like published postings.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiuye.core.models import DivisionScoped, DivisionScopedQuerySet, TimeStamped, own_records

from .enums import (
    CheckInMode,
    EngagementStatus,
    InsuranceProvider,
    InsuranceStatus,
    JobStatus,
    PayUnit,
)

E = EngagementStatus
# Engagements that hold a place on the job (the job counts them against its number of workers).
HOLDING_STATUSES = (E.OFFERED, E.SCHEDULED, E.CHECKED_IN, E.COMPLETED, E.PAY_CONFIRMED, E.PAID)
ACTIVE_STATUSES = (E.REQUESTED, E.OFFERED, E.SCHEDULED, E.CHECKED_IN)
FINISHED_STATUSES = (E.COMPLETED, E.PAY_CONFIRMED, E.PAID)


class GigJobQuerySet(DivisionScopedQuerySet):
    def open(self) -> GigJobQuerySet:
        return self.filter(status=JobStatus.OPEN)

    def open_on(self, day: dt.date) -> GigJobQuerySet:
        """Open jobs with work on `day` (the public list for workers)."""
        return self.open().filter(start_date__lte=day, end_date__gte=day)


class GigJob(DivisionScoped):
    """A day or short job posted by an employer. `division` is where the work is (county or township)."""

    employer = models.ForeignKey(
        "registry.Employer", on_delete=models.PROTECT, related_name="gig_jobs", verbose_name=_("employer")
    )
    station = models.ForeignKey(
        "network.Station",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="gig_jobs",
        verbose_name=_("casual-labour station"),
    )
    title = models.CharField(_("title"), max_length=80)
    tasks = models.TextField(_("tasks"))
    address = models.CharField(_("address"), max_length=200)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    pay_unit = models.CharField(_("pay"), max_length=8, choices=PayUnit.choices, default=PayUnit.DAY)
    pay_rate = models.DecimalField(_("pay rate (yuan)"), max_digits=8, decimal_places=2)
    piece_unit = models.CharField(_("piece"), max_length=20, blank=True)
    workers_needed = models.PositiveSmallIntegerField(_("workers needed"), default=1)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    insurance_provided = models.BooleanField(_("occupational-injury insurance provided"), default=False)
    insurance_provider = models.CharField(
        _("insurance provided by"),
        max_length=12,
        choices=InsuranceProvider.choices,
        default=InsuranceProvider.NONE,
    )
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.OPEN)
    # Non-blocking screening findings (rule codes and messages), kept for inspectors.
    screening = models.JSONField(_("screening"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = GigJobQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "start_time", "id"]
        indexes = [models.Index(fields=["status", "start_date", "end_date"])]
        verbose_name = _("day or short job")
        verbose_name_plural = _("day and short jobs")

    def __str__(self) -> str:
        return self.title

    @classmethod
    def owner_filter(cls, user):
        return own_records(user, employer="employer_id")

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    @property
    def hours_per_day(self) -> float:
        start = dt.datetime.combine(dt.date.min, self.start_time)
        end = dt.datetime.combine(dt.date.min, self.end_time)
        return round((end - start).total_seconds() / 3600, 2)

    @property
    def insurance_status(self) -> str:
        if self.insurance_provided and self.insurance_provider != InsuranceProvider.NONE:
            return InsuranceStatus.COVERED
        return InsuranceStatus.NOT_COVERED

    def places_taken(self) -> int:
        return self.engagements.filter(status__in=HOLDING_STATUSES).count()

    def places_left(self) -> int:
        return max(self.workers_needed - self.places_taken(), 0)


class CheckInQuerySet(DivisionScopedQuerySet):
    def on(self, day: dt.date) -> CheckInQuerySet:
        return self.filter(day=day, withdrawn=False)


class CheckIn(DivisionScoped):
    """A worker is available for work on a day: at a station (themself, staff or the kiosk) or online.
    `division` is the station's division, or the worker's residence for an online check-in."""

    person = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, related_name="gig_checkins", verbose_name=_("worker")
    )
    station = models.ForeignKey(
        "network.Station",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="gig_checkins",
        verbose_name=_("station"),
    )
    day = models.DateField(_("day"), default=timezone.localdate)
    mode = models.CharField(_("how"), max_length=8, choices=CheckInMode.choices)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "-id"]
        constraints = [models.UniqueConstraint(fields=["person", "day"], name="gig_one_checkin_per_day")]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")

    def __str__(self) -> str:
        return f"{self.day} {self.person.masked_name}"

    @classmethod
    def owner_filter(cls, user):
        return own_records(user, person="person_id")


class EngagementQuerySet(DivisionScopedQuerySet):
    def active(self) -> EngagementQuerySet:
        return self.filter(status__in=ACTIVE_STATUSES)

    def finished(self) -> EngagementQuerySet:
        return self.filter(status__in=FINISHED_STATUSES)

    def pay_overdue(self, on: dt.date, days: int) -> EngagementQuerySet:
        """Completed engagements whose pay the employer has not confirmed within `days` days."""
        cutoff = timezone.make_aware(dt.datetime.combine(on - dt.timedelta(days=days), dt.time.min))
        return self.filter(status=E.COMPLETED, completed_at__lt=cutoff)


class Engagement(DivisionScoped):
    """One worker on one gig job: from offer (or request) to pay received, with the injury cover recorded.
    `division` is the job's."""

    job = models.ForeignKey(
        GigJob, on_delete=models.PROTECT, related_name="engagements", verbose_name=_("job")
    )
    worker = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="gig_engagements", verbose_name=_("worker")
    )
    checkin = models.ForeignKey(
        CheckIn, null=True, blank=True, on_delete=models.SET_NULL, related_name="engagements"
    )
    status = models.CharField(_("status"), max_length=14, choices=EngagementStatus.choices, db_index=True)
    match_reasons = models.JSONField(_("why matched"), default=list, blank=True)
    distance_km = models.FloatField(_("distance (km)"), null=True, blank=True)
    days_worked = models.PositiveSmallIntegerField(_("days worked"), null=True, blank=True)
    pieces = models.PositiveIntegerField(_("pieces"), null=True, blank=True)
    pay_due = models.DecimalField(_("pay due (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True)
    pay_confirmed = models.DecimalField(
        _("pay confirmed (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    insurance_status = models.CharField(
        _("occupational-injury insurance"),
        max_length=12,
        choices=InsuranceStatus.choices,
        default=InsuranceStatus.UNKNOWN,
    )
    insurance_provider = models.CharField(
        _("insurance provided by"),
        max_length=12,
        choices=InsuranceProvider.choices,
        default=InsuranceProvider.NONE,
    )
    offered_at = models.DateTimeField(null=True, blank=True)
    scheduled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    pay_confirmed_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(_("reason"), max_length=20, blank=True)
    close_note = models.CharField(_("note"), max_length=200, blank=True)
    disputed_at = models.DateTimeField(null=True, blank=True)
    dispute_reason = models.CharField(_("dispute"), max_length=12, blank=True)
    arrears_case = models.OneToOneField(
        "inspections.WageArrearsCase",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="gig_engagement",
        verbose_name=_("wage-arrears case"),
    )
    # Ratings both ways after completion: the worker rates the employer, the employer rates the worker.
    rating_of_employer = models.PositiveSmallIntegerField(
        _("worker's rating of the employer"), null=True, blank=True
    )
    comment_on_employer = models.CharField(_("worker's comment"), max_length=140, blank=True)
    rating_of_worker = models.PositiveSmallIntegerField(
        _("employer's rating of the worker"), null=True, blank=True
    )
    comment_on_worker = models.CharField(_("employer's comment"), max_length=140, blank=True)

    objects = EngagementQuerySet.as_manager()

    class Meta:
        ordering = ["-job__start_date", "-id"]
        constraints = [models.UniqueConstraint(fields=["job", "worker"], name="gig_one_engagement_per_job")]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")

    def __str__(self) -> str:
        return f"{self.job} · {self.worker.masked_name}"

    @classmethod
    def owner_filter(cls, user):
        return own_records(user, person="worker_id", employer="job__employer_id")

    @property
    def earnings(self) -> Decimal | None:
        """What the worker was paid: the confirmed amount once paid (or confirmed), else nothing yet."""
        if self.status in (E.PAY_CONFIRMED, E.PAID):
            return self.pay_confirmed
        return None


class EngagementEvent(TimeStamped):
    """The trail of an engagement's moves: who moved it, from what, to what, and why."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=14, blank=True)
    to_status = models.CharField(max_length=14)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=64, blank=True)
    reason = models.CharField(max_length=40, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("engagement event")
        verbose_name_plural = _("engagement events")
