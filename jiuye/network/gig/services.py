"""The only code that changes gig jobs, check-ins and engagements. Every change writes an audit event.

Engagement state machine (one engagement per worker × job):

    requested ─(employer accepts)─┐
    offered ───(worker confirms)──┴─► scheduled ─► checked_in ─► completed ─► pay_confirmed ─► paid
    requested / offered ─► declined;  scheduled / checked_in ─► cancelled (reason);  scheduled ─► no_show (reason)

A worker who disputes the pay (completed or pay confirmed), or an employer who has not confirmed the pay
`pay_days` days after completion (`gig_arrears_check`), raises one wage-arrears case in supervision per
engagement (`raise_arrears_case`, idempotent).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.geography.enums import DivisionLevel
from jiuye.jobs import minimum_wage
from jiuye.jobs.services import notify
from jiuye.network.enums import StationKind
from jiuye.registry.models import Person

from . import matching
from .enums import (
    CancelReason,
    CheckInMode,
    DisputeReason,
    EngagementStatus,
    InsuranceProvider,
    JobStatus,
    NoShowReason,
    PayUnit,
)
from .models import HOLDING_STATUSES, CheckIn, Engagement, EngagementEvent, GigJob

E = EngagementStatus
WORKER, EMPLOYER, STAFF = "worker", "employer", "staff"

# Days after completion within which the employer must confirm the pay (parameter; settings may override).
DEFAULT_PAY_DAYS = 3
# The statutory conversion of a monthly wage to a daily one (月计薪天数, 劳社部发〔2008〕3号).
PAY_DAYS_PER_MONTH = Decimal("21.75")
MAX_JOB_DAYS = 31
MAX_HOURS_PER_DAY = 12
MAX_WORKERS = 200
# The largest amount an engagement's pay fields hold (DecimalField max_digits=10, decimal_places=2).
MAX_AMOUNT = Decimal("99999999.99")

# status → {status it may move to: sides that may make the move}
TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    E.REQUESTED: {
        E.SCHEDULED: frozenset({EMPLOYER, STAFF}),
        E.DECLINED: frozenset({WORKER, EMPLOYER, STAFF}),
    },
    E.OFFERED: {
        E.SCHEDULED: frozenset({WORKER, STAFF}),
        E.DECLINED: frozenset({WORKER, EMPLOYER, STAFF}),
    },
    E.SCHEDULED: {
        E.CHECKED_IN: frozenset({WORKER, EMPLOYER, STAFF}),
        E.CANCELLED: frozenset({WORKER, EMPLOYER, STAFF}),
        E.NO_SHOW: frozenset({WORKER, EMPLOYER, STAFF}),
    },
    E.CHECKED_IN: {
        E.COMPLETED: frozenset({EMPLOYER, STAFF}),
        E.CANCELLED: frozenset({WORKER, EMPLOYER, STAFF}),
    },
    E.COMPLETED: {E.PAY_CONFIRMED: frozenset({EMPLOYER})},
    E.PAY_CONFIRMED: {E.PAID: frozenset({WORKER})},
    E.PAID: {},
    E.DECLINED: {},
    E.CANCELLED: {},
    E.NO_SHOW: {},
}
SIDE_LABELS = {
    WORKER: gettext_lazy("the worker"),
    EMPLOYER: gettext_lazy("the employer"),
    STAFF: gettext_lazy("station staff"),
}


class GigError(ValidationError):
    """Bad input for a job or a check-in; `message_dict` names the fields."""


class TransitionError(Exception):
    """An engagement cannot make the requested move (illegal from its status, or not by this user)."""


class SystemActor:
    """The platform itself as the actor of the pay sweep: it may open an arrears case for any employer."""

    sees_everything = True
    is_authenticated = False

    def __init__(self, label: str = "gig_arrears_check"):
        self.label = label

    def __str__(self) -> str:
        return self.label


def pay_days() -> int:
    return int(getattr(settings, "GIG_PAY_CONFIRM_DAYS", DEFAULT_PAY_DAYS))


# --- who may do what -----------------------------------------------------------------------------------


def _authenticated(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def can_manage_job(user: Any, job: GigJob) -> bool:
    """Employer users manage their employer's jobs; case staff manage jobs in their scope."""
    if not _authenticated(user):
        return False
    if getattr(user, "is_employer_user", False):
        return bool(user.employer_id) and user.employer_id == job.employer_id
    if getattr(user, "works_on_cases", False) or getattr(user, "is_superuser", False):
        if job.pk is None:
            from jiuye.registry.models import Employer

            return Employer.objects.visible_to(user).filter(pk=job.employer_id).exists()
        return GigJob.objects.visible_to(user).filter(pk=job.pk).exists()
    return False


def side_of(user: Any, eng: Engagement) -> str | None:
    """Which side of the engagement the user acts for: the worker, the employer, or station staff in scope."""
    if not _authenticated(user):
        return None
    if getattr(user, "is_citizen", False):
        return WORKER if user.person_id and user.person_id == eng.worker_id else None
    if getattr(user, "is_employer_user", False):
        return EMPLOYER if user.employer_id and user.employer_id == eng.job.employer_id else None
    if getattr(user, "works_on_cases", False) or getattr(user, "is_superuser", False):
        return STAFF if Engagement.objects.visible_to(user).filter(pk=eng.pk).exists() else None
    return None


def _person_users(person: Person):
    from jiuye.accounts.models import User

    return User.objects.filter(person=person, is_active=True)


def _employer_users(job: GigJob):
    return job.employer.users.filter(is_active=True)


# --- jobs ----------------------------------------------------------------------------------------------


def day_minimum(division_code: str, on: dt.date) -> Decimal | None:
    """The lowest lawful day pay: the local monthly minimum wage ÷ 21.75 days, rounded up to the fen."""
    monthly = minimum_wage.monthly_minimum(division_code, on)
    if monthly is None:
        return None
    return (Decimal(monthly) / PAY_DAYS_PER_MONTH).quantize(Decimal("0.01"), rounding="ROUND_UP")


def job_errors(job: GigJob, *, on: dt.date | None = None) -> dict[str, list[str]]:
    """Why the job may not be posted, by field (empty when it may)."""
    on = on or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not job.employer_id:
        add("employer", _("Choose the employer."))
    elif job.employer.status != "active":
        add("employer", _("Only employers whose registration is active may post jobs."))
    if not (job.title or "").strip():
        add("title", _("Give the job a short title."))
    if len((job.tasks or "").strip()) < 4:
        add("tasks", _("Describe the tasks: what the workers will do."))
    if not (job.address or "").strip():
        add("address", _("Give the address where the work is."))
    if job.division_id is None:
        add("division", _("Say where the work is."))
    elif job.division.level not in (DivisionLevel.COUNTY, DivisionLevel.TOWNSHIP):
        add("division", _("The work location must be a county or a township."))
    if job.latitude is None or not (3.5 <= job.latitude <= 53.6):
        add("latitude", _("Give a latitude in China, between 3.5 and 53.6 degrees north."))
    if job.longitude is None or not (73.4 <= job.longitude <= 135.1):
        add("longitude", _("Give a longitude in China, between 73.4 and 135.1 degrees east."))
    elif (
        job.latitude is not None
        and job.division_id is not None
        and job.division.latitude is not None
        and job.division.longitude is not None
        and matching.haversine_km(job.latitude, job.longitude, job.division.latitude, job.division.longitude)
        > 60
    ):
        add("latitude", _("This place is more than 60 km from the chosen division: check the coordinates."))
    if job.start_date is None:
        add("start_date", _("Give the first day of work."))
    elif job.pk is None and job.start_date < on:
        add("start_date", _("The first day of work has already passed."))
    if job.end_date is None:
        add("end_date", _("Give the last day of work."))
    elif job.start_date is not None:
        if job.end_date < job.start_date:
            add("end_date", _("The last day cannot be before the first day."))
        elif (job.end_date - job.start_date).days + 1 > MAX_JOB_DAYS:
            add(
                "end_date",
                _("A short job lasts at most %(n)s days; post longer work as a job posting.")
                % {"n": MAX_JOB_DAYS},
            )
    if job.start_time is None:
        add("start_time", _("Give the time work starts."))
    if job.end_time is None:
        add("end_time", _("Give the time work ends."))
    elif job.start_time is not None:
        if job.end_time <= job.start_time:
            add("end_time", _("Work must end after it starts on the same day."))
        elif job.hours_per_day > MAX_HOURS_PER_DAY:
            add(
                "end_time",
                _("A working day of more than %(n)s hours is not allowed.") % {"n": MAX_HOURS_PER_DAY},
            )
    if job.pay_unit not in PayUnit.values:
        add("pay_unit", _("Choose pay per day or per piece."))
    if job.pay_rate is None or job.pay_rate <= 0:
        add("pay_rate", _("State the pay in yuan; it must be more than zero."))
    elif job.pay_unit == PayUnit.DAY and job.division_id is not None:
        floor = day_minimum(job.division.code, job.start_date or on)
        if floor is not None and job.pay_rate < floor:
            add(
                "pay_rate",
                _(
                    "The day pay is below the local minimum wage (%(floor)s yuan a day: the monthly minimum ÷ 21.75)."
                )
                % {"floor": floor},
            )
    if job.pay_unit == PayUnit.PIECE and not (job.piece_unit or "").strip():
        add("piece_unit", _("Say what one piece is (a box, a kilogram, a parcel …)."))
    if not 1 <= (job.workers_needed or 0) <= MAX_WORKERS:
        add("workers_needed", _("Between 1 and %(n)s workers.") % {"n": MAX_WORKERS})
    if job.insurance_provided and job.insurance_provider in ("", InsuranceProvider.NONE):
        add("insurance_provider", _("Say who provides the occupational-injury insurance."))
    if not job.insurance_provided and job.insurance_provider not in ("", InsuranceProvider.NONE):
        add("insurance_provided", _("You named an insurer: tick that insurance is provided, or choose none."))
    if job.station_id is not None:
        station = job.station
        if station.kind != StationKind.CASUAL_LABOUR or not station.is_active:
            add("station", _("Choose an active casual-labour station."))
    return errors


def screen_job(job: GigJob) -> list:
    """The posting screening's pattern rules (fees and deposits, discrimination, contact off the platform …)
    over the job's title, tasks and skills. Returns the screening flags."""
    from jiuye.supervision.screening import PostingText
    from jiuye.supervision.screening.rules import screen_rules

    text = PostingText(
        title=job.title or "",
        description=job.tasks or "",
        requirements="、".join(job.skills or ()),
        address=job.address or "",
        division_code=job.division.code if job.division_id else "",
    )
    return screen_rules(text)


_FLAG_FIELDS = {"title": "title", "description": "tasks", "requirements": "skills"}


def post_job(job: GigJob, *, by: Any, on: dt.date | None = None) -> GigJob:
    """Validate, screen and save a new (or edited open) job. Blocking screening findings refuse it on the
    field they are about; warnings are kept on the job for inspectors."""
    if by is not None and not can_manage_job(by, job):
        raise GigError({"employer": [_("You may not post jobs for this employer.")]})
    if job.pk is not None and job.status != JobStatus.OPEN:
        raise GigError({"status": [_("Only open jobs can be changed.")]})
    job.skills = list(matching.normalise_skills(job.skills or ()))
    if not job.insurance_provided and not job.insurance_provider:
        job.insurance_provider = InsuranceProvider.NONE
    errors = job_errors(job, on=on)
    flags = screen_job(job) if not {"title", "tasks"} & errors.keys() else []
    language = (getattr(by, "preferred_language", "") or "zh")[:2]
    for flag in flags:
        if flag.blocking:
            errors.setdefault(_FLAG_FIELDS.get(flag.field, "tasks"), []).append(
                _("“%(words)s”: %(reason)s") % {"words": flag.matched_text, "reason": flag.message(language)}
            )
    if errors:
        raise GigError(errors)
    job.screening = [
        {"code": f.code, "field": f.field, "words": f.matched_text[:80], "message_en": f.message_en}
        for f in flags
    ]
    created = job.pk is None
    if created and _authenticated(by):
        job.created_by = by
    job.save()
    record_event(
        job,
        actor=by,
        kind=EventKind.RECORD_CREATED if created else EventKind.RECORD_UPDATED,
        data={"model": "gig.gigjob", "action": "posted" if created else "edited", "warnings": len(flags)},
    )
    return job


def close_job(job: GigJob, *, by: Any, cancel: bool = False) -> GigJob:
    if not can_manage_job(by, job):
        raise GigError({"employer": [_("You may not manage this job.")]})
    if job.status in (JobStatus.CLOSED, JobStatus.CANCELLED):
        raise GigError({"status": [_("This job is already closed.")]})
    if cancel and job.engagements.filter(status__in=(E.CHECKED_IN, E.COMPLETED, E.PAY_CONFIRMED)).exists():
        raise GigError(
            {"status": [_("Workers have already started: close the job instead of cancelling it.")]}
        )
    with transaction.atomic():
        job.status = JobStatus.CANCELLED if cancel else JobStatus.CLOSED
        job.save(update_fields=["status", "updated_at"])
        record_event(
            job, actor=by, kind=EventKind.RECORD_UPDATED, data={"model": "gig.gigjob", "action": job.status}
        )
        side = EMPLOYER if getattr(by, "is_employer_user", False) else STAFF
        for eng in job.engagements.filter(status__in=(E.REQUESTED, E.OFFERED)):
            _move(eng, E.DECLINED, by, side, "job_closed")
            _tell(eng, side)
        if cancel:
            for eng in job.engagements.filter(status=E.SCHEDULED):
                eng.close_reason = CancelReason.WORK_CANCELLED
                _move(eng, E.CANCELLED, by, side, CancelReason.WORK_CANCELLED)
                _tell(eng, side)
    return job


def _sync_job_status(job: GigJob) -> None:
    if job.status not in (JobStatus.OPEN, JobStatus.FILLED):
        return
    status = JobStatus.FILLED if job.places_left() == 0 else JobStatus.OPEN
    if status != job.status:
        job.status = status
        job.save(update_fields=["status", "updated_at"])


# --- check-ins -----------------------------------------------------------------------------------------


def check_in(
    person: Person,
    *,
    by: Any,
    mode: str,
    station=None,
    latitude: float | None = None,
    longitude: float | None = None,
    skills=(),
    day: dt.date | None = None,
) -> CheckIn:
    """Record that a worker is available on a day (today by default). At a station the worker's place is the
    station's; online, the place they give (or none). A second check-in the same day updates the first."""
    day = day or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if mode not in CheckInMode.values:
        errors["mode"] = [_("Choose how the check-in is made.")]
    if mode in (CheckInMode.STATION, CheckInMode.STAFF, CheckInMode.KIOSK):
        if station is None:
            errors["station"] = [_("Choose the casual-labour station.")]
        elif station.kind != StationKind.CASUAL_LABOUR or not station.is_active:
            errors["station"] = [_("Choose an active casual-labour station.")]
    if (latitude is None) != (longitude is None):
        errors["latitude"] = [_("Give both latitude and longitude, or neither.")]
    elif latitude is not None and not (3.5 <= latitude <= 53.6 and 73.4 <= longitude <= 135.1):
        errors["latitude"] = [_("This place is not in China: check the coordinates.")]
    if day < timezone.localdate():
        errors["day"] = [_("You can only check in for today or a later day.")]
    if getattr(by, "is_citizen", False):
        if by.person_id != person.pk:
            errors["person"] = [_("You can only check yourself in.")]
        elif mode == CheckInMode.STAFF:
            errors["mode"] = [_("Only station staff record a check-in for someone else.")]
    elif getattr(by, "works_on_cases", False) or getattr(by, "is_superuser", False):
        if not Person.objects.visible_to(by).filter(pk=person.pk).exists() and not (
            station is not None and station.__class__.objects.visible_to(by).filter(pk=station.pk).exists()
        ):
            errors["person"] = [_("This person is outside your area.")]
    else:
        errors["person"] = [_("Workers check themselves in; staff check in workers at their station.")]
    if errors:
        raise GigError(errors)
    if station is not None and mode != CheckInMode.ONLINE:
        latitude, longitude = station.latitude, station.longitude
        division = station.division
    else:
        division = person.division
        if mode == CheckInMode.ONLINE:
            station = None
    names = list(matching.normalise_skills(skills))
    with transaction.atomic():
        checkin, created = CheckIn.objects.update_or_create(
            person=person,
            day=day,
            defaults={
                "division": division,
                "station": station,
                "mode": mode,
                "latitude": latitude,
                "longitude": longitude,
                "skills": names,
                "withdrawn": False,
                "recorded_by": by if _authenticated(by) else None,
            },
        )
        record_event(
            checkin,
            actor=by,
            kind=EventKind.RECORD_CREATED if created else EventKind.RECORD_UPDATED,
            data={"model": "gig.checkin", "mode": mode, "station": station.pk if station else None},
        )
    return checkin


def withdraw_checkin(checkin: CheckIn, *, by: Any) -> CheckIn:
    if not (getattr(by, "is_citizen", False) and by.person_id == checkin.person_id) and not (
        getattr(by, "works_on_cases", False) and CheckIn.objects.visible_to(by).filter(pk=checkin.pk).exists()
    ):
        raise GigError({"person": [_("You may not change this check-in.")]})
    checkin.withdrawn = True
    checkin.save(update_fields=["withdrawn", "updated_at"])
    record_event(
        checkin, actor=by, kind=EventKind.RECORD_UPDATED, data={"model": "gig.checkin", "action": "withdrawn"}
    )
    return checkin


# --- matching ------------------------------------------------------------------------------------------


def _worker(checkin: CheckIn) -> matching.Worker:
    return matching.Worker(
        checkin_id=checkin.pk,
        latitude=checkin.latitude,
        longitude=checkin.longitude,
        skills=tuple(checkin.skills or ()),
        station_id=checkin.station_id,
    )


def _job(job: GigJob) -> matching.Job:
    return matching.Job(
        job_id=job.pk,
        latitude=job.latitude,
        longitude=job.longitude,
        skills=tuple(job.skills or ()),
        station_id=job.station_id,
    )


def matches_for_checkin(checkin: CheckIn, *, top: int = 20) -> list[tuple[GigJob, matching.Match]]:
    """Open jobs with work on the check-in's day and places left, best first, with reasons."""
    taken = set(Engagement.objects.filter(worker=checkin.person_id).values_list("job_id", flat=True))
    # Places taken counted in the one query (not one query per job).
    jobs = {
        j.pk: j
        for j in GigJob.objects.open_on(checkin.day)
        .exclude(pk__in=taken)
        .select_related("employer", "station")
        .annotate(holding=Count("engagements", filter=Q(engagements__status__in=HOLDING_STATUSES)))
        if j.workers_needed - j.holding > 0
    }
    found = matching.jobs_for(_worker(checkin), [_job(j) for j in jobs.values()], top=top)
    return [(jobs[m.job_id], m) for m in found]


def candidates_for_job(job: GigJob, *, top: int = 20) -> list[tuple[CheckIn, matching.Match]]:
    """Workers checked in for a day of the job (today onwards) and not yet engaged on it, best first."""
    first = max(job.start_date, timezone.localdate())
    engaged = set(job.engagements.values_list("worker_id", flat=True))
    checkins: dict[int, CheckIn] = {}
    for c in (
        CheckIn.objects.filter(day__gte=first, day__lte=job.end_date, withdrawn=False)
        .exclude(person_id__in=engaged)
        .select_related("person", "station")
        .order_by("day", "id")
    ):
        checkins.setdefault(c.person_id, c)  # the earliest day each worker is available
    by_id = {c.pk: c for c in checkins.values()}
    found = matching.workers_for(_job(job), [_worker(c) for c in by_id.values()], top=top)
    return [(by_id[m.checkin_id], m) for m in found]


def reasons_text(reasons) -> list[str]:
    """Reasons in words (the current language)."""
    out = []
    for code, params in reasons or ():
        if code == "distance":
            out.append(_("%(km)s km away") % {"km": params.get("km")})
        elif code == "same_station":
            out.append(_("checked in at the job's station"))
        elif code == "skills_shared":
            out.append(
                _("has the skills asked: %(skills)s") % {"skills": "、".join(params.get("skills", []))}
            )
        elif code == "skills_missing":
            out.append(_("not stated: %(skills)s") % {"skills": "、".join(params.get("skills", []))})
        elif code == "no_skills_asked":
            out.append(_("no particular skills asked"))
    return out


def _reasons_json(m: matching.Match) -> list:
    return [[code, params] for code, params in m.reasons]


# --- engagements ---------------------------------------------------------------------------------------


def _insurance(job: GigJob) -> tuple[str, str]:
    return job.insurance_status, job.insurance_provider or InsuranceProvider.NONE


def _log(eng: Engagement, from_status: str, by: Any, reason: str = "", **data) -> None:
    EngagementEvent.objects.create(
        engagement=eng,
        from_status=from_status,
        to_status=eng.status,
        actor=by if _authenticated(by) else None,
        actor_label=(getattr(by, "username", "") if _authenticated(by) else str(by or ""))[:64],
        reason=reason,
        data=data,
    )
    record_event(
        eng,
        actor=by,
        kind=EventKind.RECORD_CREATED if not from_status else EventKind.RECORD_UPDATED,
        data={"model": "gig.engagement", "from": from_status, "to": eng.status, "reason": reason, **data},
    )


def _checkin_for_job(person: Person, job: GigJob) -> CheckIn | None:
    return (
        CheckIn.objects.filter(
            person=person,
            withdrawn=False,
            day__gte=max(job.start_date, timezone.localdate()),
            day__lte=job.end_date,
        )
        .order_by("day")
        .first()
    )


def _new_engagement(job: GigJob, checkin: CheckIn, status: str, by: Any) -> Engagement:
    if job.status != JobStatus.OPEN:
        raise TransitionError(_("This job is not open."))
    if job.places_left() < 1 and status == E.OFFERED:
        raise TransitionError(_("All places on this job are taken."))
    if Engagement.objects.filter(job=job, worker=checkin.person_id).exists():
        raise TransitionError(_("This worker is already on this job."))
    m = matching.match(_worker(checkin), _job(job))
    if m is None:
        raise TransitionError(
            _("The worker is more than %(km)s km from the work.") % {"km": int(matching.MAX_KM)}
        )
    insured, provider = _insurance(job)
    now = timezone.now()
    eng = Engagement.objects.create(
        job=job,
        worker_id=checkin.person_id,
        checkin=checkin,
        division=job.division,
        status=status,
        match_reasons=_reasons_json(m),
        distance_km=m.distance_km,
        insurance_status=insured,
        insurance_provider=provider,
        offered_at=now,
    )
    _log(eng, "", by)
    _sync_job_status(job)
    return eng


@transaction.atomic
def request_job(job: GigJob, *, by: Any) -> Engagement:
    """A checked-in worker asks for a job; the employer accepts or declines."""
    if not getattr(by, "is_citizen", False) or not by.person_id:
        raise TransitionError(_("Only workers with a personal record can ask for a job."))
    checkin = _checkin_for_job(by.person, job)
    if checkin is None:
        raise TransitionError(_("Check in for a day of this job first."))
    eng = _new_engagement(job, checkin, E.REQUESTED, by)
    notify(
        _employer_users(job),
        _("A worker asks for your job %(title)s") % {"title": job.title},
        f"/gig/jobs/{job.pk}/",
    )
    return eng


@transaction.atomic
def offer(job: GigJob, checkin: CheckIn, *, by: Any) -> Engagement:
    """The employer (or station staff for them) offers the job to a checked-in worker; the worker confirms."""
    if not can_manage_job(by, job):
        raise TransitionError(_("You may not offer this job."))
    if (
        checkin.withdrawn
        or checkin.day < timezone.localdate()
        or not (job.start_date <= checkin.day <= job.end_date)
    ):
        raise TransitionError(_("This worker is not available on the days of this job."))
    eng = _new_engagement(job, checkin, E.OFFERED, by)
    notify(
        _person_users(checkin.person),
        _("You are offered a day job: %(title)s. Confirm it on the platform.") % {"title": job.title},
        f"/gig/engagements/{eng.pk}/",
    )
    return eng


def check_move(eng: Engagement, to: str, side: str | None) -> None:
    """Raise TransitionError when the engagement may not move to `to` (from its status, or by this side)."""
    to = E(to)
    moves = TRANSITIONS[eng.status]
    if to not in moves:
        raise TransitionError(
            _("An engagement cannot go from “%(from)s” to “%(to)s”.")
            % {"from": E(eng.status).label, "to": to.label}
        )
    if side is None or side not in moves[to]:
        order = [s for s in (WORKER, EMPLOYER, STAFF) if s in moves[to]]
        allowed = str(_(" or ")).join(str(SIDE_LABELS[s]) for s in order)
        raise TransitionError(
            _("Only %(sides)s can move this engagement to “%(to)s”.") % {"sides": allowed, "to": to.label}
        )


def _move(eng: Engagement, to: str, by: Any, side: str | None = None, reason: str = "", **data) -> Engagement:
    to = E(to)
    side = side or side_of(by, eng)
    check_move(eng, to, side)
    from_status = eng.status
    eng.status = to
    now = timezone.now()
    stamp = {
        E.SCHEDULED: "scheduled_at",
        E.CHECKED_IN: "checked_in_at",
        E.COMPLETED: "completed_at",
        E.PAY_CONFIRMED: "pay_confirmed_at",
        E.PAID: "paid_at",
    }.get(to, "closed_at")
    setattr(eng, stamp, now)
    if to == E.SCHEDULED:
        eng.insurance_status, eng.insurance_provider = _insurance(eng.job)
    eng.save()
    _log(eng, from_status, by, reason, side=side, **data)
    if to in (E.DECLINED, E.CANCELLED, E.NO_SHOW, E.SCHEDULED):
        _sync_job_status(eng.job)
    return eng


def _tell(eng: Engagement, side: str) -> None:
    """Tell the other side what happened."""
    label = E(eng.status).label
    text = _("%(title)s: %(status)s") % {"title": eng.job.title, "status": label}
    link = f"/gig/engagements/{eng.pk}/"
    if side != WORKER:
        notify(_person_users(eng.worker), text, link)
    if side != EMPLOYER:
        notify(_employer_users(eng.job), text, link)


@transaction.atomic
def confirm(eng: Engagement, *, by: Any) -> Engagement:
    """The worker confirms an offer, or the employer accepts a worker's request: the engagement is scheduled."""
    if eng.status == E.REQUESTED and eng.job.places_left() < 1:
        raise TransitionError(_("All places on this job are taken."))
    side = side_of(by, eng)
    _move(eng, E.SCHEDULED, by, side)
    _tell(eng, side or STAFF)
    return eng


@transaction.atomic
def decline(eng: Engagement, *, by: Any) -> Engagement:
    side = side_of(by, eng)
    _move(eng, E.DECLINED, by, side)
    _tell(eng, side or STAFF)
    return eng


@transaction.atomic
def arrive(eng: Engagement, *, by: Any) -> Engagement:
    """The worker is at work (recorded by either side or station staff)."""
    side = side_of(by, eng)
    _move(eng, E.CHECKED_IN, by, side)
    return eng


@transaction.atomic
def complete(
    eng: Engagement, *, by: Any, days_worked: int | None = None, pieces: int | None = None
) -> Engagement:
    """The employer confirms the work was done: the days worked (default: every day of the job) and, for
    piece pay, the pieces. The pay due follows from the job's rate."""
    job = eng.job
    side = side_of(by, eng)
    check_move(eng, E.COMPLETED, side)
    days = job.days if days_worked in (None, "") else days_worked
    try:
        days = int(days)
    except (TypeError, ValueError):
        raise GigError({"days_worked": [_("Give the number of days worked.")]}) from None
    if not 1 <= days <= job.days:
        raise GigError({"days_worked": [_("Between 1 and %(n)s days.") % {"n": job.days}]})
    if job.pay_unit == PayUnit.PIECE:
        try:
            pieces = int(pieces)
        except (TypeError, ValueError):
            raise GigError({"pieces": [_("Give the number of pieces done.")]}) from None
        if pieces < 1:
            raise GigError({"pieces": [_("At least one piece.")]})
        if job.pay_rate * pieces > MAX_AMOUNT:
            raise GigError(
                {"pieces": [_("At most %(n)s pieces at this rate.") % {"n": int(MAX_AMOUNT // job.pay_rate)}]}
            )
        due = job.pay_rate * pieces
    else:
        pieces = None
        due = job.pay_rate * days
    eng.days_worked, eng.pieces, eng.pay_due = days, pieces, Decimal(due).quantize(Decimal("0.01"))
    _move(eng, E.COMPLETED, by, side, pay_due=str(eng.pay_due))
    _tell(eng, side or STAFF)
    return eng


def _amount(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value).strip())
        if not amount.is_finite():  # "NaN", "Infinity": not amounts (and NaN cannot be compared)
            raise InvalidOperation
        amount = amount.quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        raise GigError({field: [_("An amount in yuan, for example 180.00.")]}) from None
    if amount <= 0:
        raise GigError({field: [_("The amount must be more than zero.")]})
    if amount > MAX_AMOUNT:
        raise GigError({field: [_("At most %(max)s yuan.") % {"max": MAX_AMOUNT}]})
    return amount


@transaction.atomic
def confirm_pay(eng: Engagement, *, by: Any, amount=None) -> Engagement:
    """The employer confirms the worker was paid `amount` (default: the pay due)."""
    side = side_of(by, eng)
    check_move(eng, E.PAY_CONFIRMED, side)
    paid = _amount(eng.pay_due if amount in (None, "") else amount, "amount")
    eng.pay_confirmed = paid
    _move(eng, E.PAY_CONFIRMED, by, side, amount=str(paid))
    _tell(eng, EMPLOYER)
    return eng


@transaction.atomic
def confirm_received(eng: Engagement, *, by: Any) -> Engagement:
    """The worker confirms they received the pay."""
    side = side_of(by, eng)
    _move(eng, E.PAID, by, side)
    _tell(eng, WORKER)
    return eng


@transaction.atomic
def cancel(eng: Engagement, *, by: Any, reason: str, note: str = "") -> Engagement:
    if reason not in CancelReason.values:
        raise GigError({"reason": [_("Choose a reason for the cancellation.")]})
    side = side_of(by, eng)
    check_move(eng, E.CANCELLED, side)
    eng.close_reason, eng.close_note = reason, (note or "").strip()[:200]
    _move(eng, E.CANCELLED, by, side, reason)
    _tell(eng, side or STAFF)
    return eng


@transaction.atomic
def no_show(eng: Engagement, *, by: Any, reason: str, note: str = "") -> Engagement:
    """A scheduled engagement where one side did not turn up: the employer reports the worker absent, the
    worker reports nobody from the employer there; staff may record either."""
    if reason not in NoShowReason.values:
        raise GigError({"reason": [_("Choose who did not turn up.")]})
    side = side_of(by, eng)
    check_move(eng, E.NO_SHOW, side)
    if side == EMPLOYER and reason == NoShowReason.EMPLOYER_ABSENT:
        raise GigError({"reason": [_("The employer cannot report itself absent; cancel instead.")]})
    if side == WORKER and reason == NoShowReason.WORKER_ABSENT:
        raise GigError({"reason": [_("Workers cannot report themselves absent; cancel instead.")]})
    eng.close_reason, eng.close_note = reason, (note or "").strip()[:200]
    _move(eng, E.NO_SHOW, by, side, reason)
    _tell(eng, side or STAFF)
    return eng


@transaction.atomic
def rate(eng: Engagement, *, by: Any, stars, comment: str = "") -> Engagement:
    """After completion each side rates the other once: 1–5 stars and a short comment."""
    side = side_of(by, eng)
    if side not in (WORKER, EMPLOYER):
        raise TransitionError(_("Only the worker and the employer rate each other."))
    if eng.status not in (E.COMPLETED, E.PAY_CONFIRMED, E.PAID):
        raise TransitionError(_("Ratings are given after the work is completed."))
    try:
        stars = int(stars)
    except (TypeError, ValueError):
        raise GigError({"stars": [_("Choose 1 to 5 stars.")]}) from None
    if not 1 <= stars <= 5:
        raise GigError({"stars": [_("Choose 1 to 5 stars.")]})
    comment = " ".join((comment or "").split())
    if len(comment) > 140:
        raise GigError({"comment": [_("At most 140 characters.")]})
    field = "rating_of_employer" if side == WORKER else "rating_of_worker"
    if getattr(eng, field) is not None:
        raise TransitionError(_("You have already rated this engagement."))
    setattr(eng, field, stars)
    setattr(eng, "comment_on_employer" if side == WORKER else "comment_on_worker", comment)
    eng.save()
    record_event(
        eng,
        actor=by,
        kind=EventKind.RECORD_UPDATED,
        data={"model": "gig.engagement", "action": "rated", "side": side},
    )
    return eng


# --- late or disputed pay → wage-arrears case ----------------------------------------------------------


def _owed(eng: Engagement) -> Decimal:
    due = eng.pay_due if eng.pay_due is not None else eng.job.pay_rate * (eng.days_worked or eng.job.days)
    if (
        eng.dispute_reason == DisputeReason.UNDERPAID
        and eng.pay_confirmed is not None
        and eng.pay_confirmed < due
    ):
        return due - eng.pay_confirmed
    return due


def raise_arrears_case(eng: Engagement, *, why: str, by: Any = None):
    """Open the engagement's wage-arrears case in supervision, once: a second call returns the same case.
    The worker is told. `why` is "late" (the sweep) or "disputed"."""
    from jiuye.supervision.inspections.services import open_arrears_case

    with transaction.atomic():
        eng = Engagement.objects.select_for_update().select_related("job__employer__division").get(pk=eng.pk)
        if eng.arrears_case_id is not None:
            return eng.arrears_case
        # The day of completion where the work was done (local time), as the pay sweep counts it.
        completed = timezone.localdate(eng.completed_at or timezone.now())
        case = open_arrears_case(
            actor=SystemActor(),
            employer=eng.job.employer,
            workers_affected=1,
            amount_owed=_owed(eng),
            pay_by=completed + dt.timedelta(days=pay_days()),
            note=(
                f"Gig engagement #{eng.pk} (job #{eng.job_id} “{eng.job.title}”, {eng.job.start_date}–"
                f"{eng.job.end_date}): "
                + (
                    "pay not confirmed by the employer in time"
                    if why == "late"
                    else f"worker disputes pay ({eng.dispute_reason})"
                )
            ),
        )
        eng.arrears_case = case
        eng.save(update_fields=["arrears_case", "updated_at"])
        record_event(
            eng,
            actor=by or SystemActor(),
            kind=EventKind.RECORD_UPDATED,
            data={"model": "gig.engagement", "action": "arrears_case_opened", "case": case.pk, "why": why},
        )
        notify(
            _person_users(eng.worker),
            _(
                "A wage-arrears case was opened for your pay for %(title)s; a labour inspector will follow it up."
            )
            % {"title": eng.job.title},
            f"/gig/engagements/{eng.pk}/",
        )
        return case


def dispute_pay(eng: Engagement, *, by: Any, reason: str):
    """The worker says the pay is missing, short or late: recorded, and the arrears case raised."""
    if reason not in DisputeReason.values:
        raise GigError({"reason": [_("Choose what is wrong with the pay.")]})
    if side_of(by, eng) != WORKER:
        raise TransitionError(_("Only the worker can dispute the pay."))
    if eng.status not in (E.COMPLETED, E.PAY_CONFIRMED):
        raise TransitionError(
            _("Pay can be disputed once the work is completed and before you confirm receiving it.")
        )
    with transaction.atomic():
        if eng.disputed_at is None:
            eng.disputed_at, eng.dispute_reason = timezone.now(), reason
            eng.save(update_fields=["disputed_at", "dispute_reason", "updated_at"])
            EngagementEvent.objects.create(
                engagement=eng,
                from_status=eng.status,
                to_status=eng.status,
                actor=by,
                actor_label=by.username,
                reason="disputed",
                data={"dispute": reason},
            )
        return raise_arrears_case(eng, why="disputed", by=by)


def arrears_sweep(*, on: dt.date | None = None, days: int | None = None, dry_run: bool = True) -> dict:
    """Engagements completed more than `days` days before `on` whose pay the employer has not confirmed, and
    disputed engagements without a case: open their cases (unless `dry_run`). Returns counts and ids."""
    on = on or timezone.localdate()
    days = pay_days() if days is None else days
    if days < 0:
        raise ValueError("--days: a number of days, 0 or more")
    late = list(Engagement.objects.pay_overdue(on, days).filter(arrears_case__isnull=True).order_by("id"))
    disputed = list(
        Engagement.objects.filter(disputed_at__isnull=False, arrears_case__isnull=True).order_by("id")
    )
    opened = []
    if not dry_run:
        for eng in late:
            opened.append(raise_arrears_case(eng, why="late").pk)
        for eng in disputed:
            opened.append(raise_arrears_case(eng, why="disputed").pk)
    return {
        "late": [e.pk for e in late],
        "disputed": [e.pk for e in disputed],
        "cases_opened": opened,
        "already_with_case": Engagement.objects.filter(arrears_case__isnull=False).count(),
    }


# --- portable work history -----------------------------------------------------------------------------

HISTORY_FIELDS = (
    "engagement",
    "job",
    "employer",
    "place",
    "first_day",
    "last_day",
    "pay_unit",
    "pay_rate",
    "days_worked",
    "pieces",
    "status",
    "pay_due",
    "pay_confirmed",
    "paid_received",
    "insurance",
    "insurance_provider",
    "rating_given_to_employer",
    "rating_received",
    "comment_received",
)


def history(person: Person) -> dict:
    """The worker's portable work history: every engagement past the offer stage, with pay, injury cover and
    ratings, and the totals. Plain data for the page and the CSV/JSON exports."""
    rows = []
    engagements = (
        Engagement.objects.filter(worker=person)
        .exclude(status__in=(E.REQUESTED, E.OFFERED, E.DECLINED))
        .select_related("job__employer", "job__division")
        .order_by("job__start_date", "id")
    )
    earned = Decimal("0")
    ratings = []
    for e in engagements:
        job = e.job
        if e.earnings is not None:
            earned += e.earnings
        if e.rating_of_worker is not None:
            ratings.append(e.rating_of_worker)
        rows.append(
            {
                "engagement": e.pk,
                "job": job.title,
                "employer": job.employer.name,
                "place": job.division.name,
                "first_day": job.start_date.isoformat(),
                "last_day": job.end_date.isoformat(),
                "pay_unit": job.pay_unit,
                "pay_rate": str(job.pay_rate),
                "days_worked": e.days_worked,
                "pieces": e.pieces,
                "status": e.status,
                "pay_due": str(e.pay_due) if e.pay_due is not None else None,
                "pay_confirmed": str(e.pay_confirmed) if e.pay_confirmed is not None else None,
                "paid_received": e.status == E.PAID,
                "insurance": e.insurance_status,
                "insurance_provider": e.insurance_provider,
                "rating_given_to_employer": e.rating_of_employer,
                "rating_received": e.rating_of_worker,
                "comment_received": e.comment_on_worker,
                "status_label": str(E(e.status).label),
                "insurance_label": str(e.get_insurance_status_display()),
            }
        )
    return {
        "worker": person.masked_name,
        "generated_on": timezone.localdate().isoformat(),
        "engagements": rows,
        "totals": {
            "engagements": len(rows),
            "completed": sum(1 for r in rows if r["status"] in (E.COMPLETED, E.PAY_CONFIRMED, E.PAID)),
            "earned": str(earned.quantize(Decimal("0.01"))),
            "average_rating_received": round(sum(ratings) / len(ratings), 2) if ratings else None,
        },
    }
