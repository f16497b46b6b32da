"""The only code that changes postings and applications. Every change writes an audit event."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.geography.enums import DivisionLevel
from jiuye.registry.enums import ContractType, EmployerStatus, SourceKind
from jiuye.registry.identifiers import IdentifierError, validate_credit_code
from jiuye.registry.models import DataSource, EmploymentSpell, Person

from . import checks, minimum_wage
from .enums import OPEN_APPLICATION_STATUSES, ApplicationStatus, PostingStatus, RejectionReason
from .models import (
    APPLICATION_RESPONSE_DAYS,
    JobApplication,
    JobApplicationEvent,
    JobPosting,
    Notification,
    OccupationCodedBy,
)

A = ApplicationStatus

# The application state machine: status → statuses it may move to.
TRANSITIONS: dict[str, frozenset[str]] = {
    A.SUBMITTED: frozenset({A.VIEWED, A.REJECTED, A.WITHDRAWN, A.EXPIRED}),
    A.VIEWED: frozenset({A.INTERVIEW, A.REJECTED, A.WITHDRAWN, A.EXPIRED}),
    A.INTERVIEW: frozenset({A.OFFERED, A.REJECTED, A.WITHDRAWN, A.EXPIRED}),
    A.OFFERED: frozenset({A.HIRED, A.REJECTED, A.WITHDRAWN, A.EXPIRED}),
    A.HIRED: frozenset(),
    A.REJECTED: frozenset(),
    A.WITHDRAWN: frozenset(),
    A.EXPIRED: frozenset(),
}
EMPLOYER_MOVES = frozenset({A.VIEWED, A.INTERVIEW, A.OFFERED, A.HIRED, A.REJECTED})
PLATFORM_SOURCE_CODE = "jiuye_platform"
# Contact goes through the platform's messaging only: no phone numbers or e-mail addresses in the text.
_CONTACT = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)|[\w.+-]+@[\w-]+\.[\w.-]+")
_TEXT_FIELDS = ("title", "description", "address", "working_hours", "pay_text")


class PostingError(ValidationError):
    """A posting cannot be saved or published; `message_dict` names the fields."""


class ApplicationError(Exception):
    """An application cannot be made or cannot move to the requested status."""


# --- permissions -------------------------------------------------------------------------------------


def can_manage_posting(user: Any, posting: JobPosting) -> bool:
    """Employer users manage their employer's postings; case staff (caseworkers, inspectors, admins) manage
    postings in their scope on employers' behalf. Analysts and leaders read postings but never act on them."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_employer_user", False):
        return bool(user.employer_id) and user.employer_id == posting.employer_id
    if getattr(user, "works_on_cases", False) or getattr(user, "is_superuser", False):
        if posting.pk is None:
            from jiuye.registry.models import Employer

            return Employer.objects.visible_to(user).filter(pk=posting.employer_id).exists()
        return JobPosting.objects.visible_to(user).filter(pk=posting.pk).exists()
    return False


# --- postings ----------------------------------------------------------------------------------------


def _audit_posting(posting: JobPosting, by: Any, action: str, kind: str = EventKind.RECORD_UPDATED) -> None:
    record_event(posting, actor=by, kind=kind, data={"action": action, "status": posting.status})


def _check_manage(posting: JobPosting, by: Any) -> None:
    if by is not None and not can_manage_posting(by, posting):
        raise PostingError({"employer": [_("You may not manage postings of this employer.")]})


def _coded_by(by: Any) -> str:
    if getattr(by, "is_staff_role", False) or getattr(by, "is_superuser", False):
        return OccupationCodedBy.STAFF
    return OccupationCodedBy.EMPLOYER


def apply_occupation_coding(posting: JobPosting, *, by: Any, source: str = "posting") -> str:
    """Fill the occupation fields before a save. A chosen occupation is recorded as chosen by the employer or
    staff; a posting without one is coded from its title when the coder is sure enough, else its title goes to
    the staff queue and the occupation stays empty. Returns a note for the user ("" when nothing to say)."""
    from . import occupation as occ

    key = occ.title_key(posting.title)
    title_changed = key != posting.title_key or posting.pk is None
    posting.title_key = key
    if (
        posting.occupation_id is not None
        and posting.occupation_coded_by == OccupationCodedBy.AUTO
        and title_changed
    ):
        posting.occupation = None  # coded from the old title: code the new one
    if posting.occupation_id is not None:
        if not posting.occupation_coded_by:
            posting.occupation_coded_by = _coded_by(by)
            posting.occupation_confidence = None
        return ""
    posting.occupation_coded_by, posting.occupation_confidence = "", None
    if not key or not title_changed:
        return ""
    best = occ.code_title(posting.title, source=source)
    if best is not None and not occ.needs_confirmation(best):
        posting.occupation = best.occupation
        posting.occupation_confidence = best.confidence
        posting.occupation_coded_by = OccupationCodedBy.AUTO
        return ""
    return _(
        "The occupation could not be coded with confidence from the title; staff will confirm it, or choose "
        "it yourself."
    )


def save_draft(posting: JobPosting, *, by: Any) -> JobPosting:
    """Save a posting as a draft. Drafts may be incomplete; only title and employer are needed."""
    errors: dict[str, list[str]] = {}
    if not (posting.title or "").strip():
        errors.setdefault("title", []).append(_("Give the job a title."))
    if not posting.employer_id:
        errors.setdefault("employer", []).append(_("Choose the employer."))
    if errors:
        raise PostingError(errors)
    _check_manage(posting, by)
    if posting.status not in (PostingStatus.DRAFT, "") and posting.pk:
        raise PostingError(
            {"status": [_("Only drafts can be edited; close this posting and create a new one.")]}
        )
    created = posting.pk is None
    posting.status = PostingStatus.DRAFT
    posting.coding_note = apply_occupation_coding(
        posting, by=by, source=getattr(posting, "coding_source", "posting")
    )
    if created and by is not None and getattr(by, "is_authenticated", False):
        posting.created_by = by
    posting.save()
    _audit_posting(
        posting, by, "draft_saved", EventKind.RECORD_CREATED if created else EventKind.RECORD_UPDATED
    )
    return posting


def publication_errors(posting: JobPosting, on: dt.date | None = None) -> dict[str, list[str]]:
    """Why the posting may not be published, by field (empty when it may)."""
    on = on or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    employer = posting.employer if posting.employer_id else None
    if employer is None:
        add("employer", _("Choose the employer."))
    else:
        try:
            validate_credit_code(employer.credit_code)
        except IdentifierError:
            add(
                "employer",
                _("The employer's unified social credit code is not valid, so it may not publish."),
            )
        if employer.status != EmployerStatus.ACTIVE:
            add("employer", _("Only employers whose registration is active may publish postings."))
    if not (posting.title or "").strip():
        add("title", _("Give the job a title."))
    for field in _TEXT_FIELDS:
        if _CONTACT.search(getattr(posting, field) or ""):
            add(
                field,
                _("Remove the phone number or e-mail address: applicants contact you through the platform."),
            )
    if posting.occupation_id is None:
        add("occupation", _("Choose the occupation from the occupation classification."))
    elif posting.occupation.level != 4:
        add("occupation", _("Choose a detailed occupation (level 4 of the classification), not a group."))
    if posting.division_id is None:
        add("division", _("Say where the work is."))
    elif posting.division.level not in (DivisionLevel.COUNTY, DivisionLevel.TOWNSHIP):
        add("division", _("The work location must be a county or a township."))
    if posting.pay_min is None:
        add("pay_min", _("State the monthly base pay; a posting without base pay cannot be published."))
    else:
        if posting.division_id is not None:
            floor = minimum_wage.monthly_minimum(posting.division.code, on)
            if floor is not None and posting.pay_min < floor:
                add(
                    "pay_min",
                    _("The base pay is below the local monthly minimum wage of %(floor)s yuan.")
                    % {"floor": floor},
                )
        if posting.pay_max is not None and posting.pay_max < posting.pay_min:
            add("pay_max", _("The upper end of the pay range is below its lower end."))
    if not 1 <= (posting.pay_months or 0) <= 24:
        add("pay_months", _("Months paid per year should be between 1 and 24."))
    if not posting.contract_type:
        add("contract_type", _("Choose the type of contract."))
    if not (posting.headcount or 0) >= 1:
        add("headcount", _("At least one opening."))
    if not (posting.working_hours or "").strip():
        add("working_hours", _("Describe the working hours, for example 8 hours a day, weekends off."))
    if posting.valid_from is None:
        add("valid_from", _("Give the first day the posting is valid."))
    if posting.valid_until is None:
        add("valid_until", _("Give the last day the posting is valid."))
    elif posting.valid_from is not None and posting.valid_until <= posting.valid_from:
        add("valid_until", _("The posting must end after it starts."))
    elif posting.valid_until < on:
        add("valid_until", _("This date has already passed."))
    return errors


def publish_posting(posting: JobPosting, *, by: Any, on: dt.date | None = None) -> JobPosting:
    """Publish a draft (or re-publish an expired posting) after checking the mandatory fields, then the registered
    publication checks (`checks.run_checks`: the screening). A blocking issue refuses publication by field and the
    draft stays as it was; the non-blocking ones are left on `posting.publication_issues` for the caller to show.
    The checks run outside this function's transaction, so what they record (the screening) survives a refusal
    unless the caller's own transaction rolls back."""
    _check_manage(posting, by)
    if posting.status not in (PostingStatus.DRAFT, PostingStatus.EXPIRED):
        raise PostingError({"status": [_("Only drafts and expired postings can be published.")]})
    errors = publication_errors(posting, on)
    if errors:
        raise PostingError(errors)
    posting.publication_by = by
    issues = checks.run_checks(posting)
    posting.publication_issues = [i for i in issues if not i.blocking]
    for issue in issues:
        if issue.blocking:
            errors.setdefault(issue.field or "non_field_errors", []).append(issue.message)
    if errors:
        raise PostingError(errors)
    with transaction.atomic():
        return _publish(posting, by)


def _publish(posting: JobPosting, by: Any) -> JobPosting:
    now = timezone.now()
    if posting.pk is None and by is not None and getattr(by, "is_authenticated", False):
        posting.created_by = by
    posting.status, posting.published_at, posting.reconfirmed_at = PostingStatus.PUBLISHED, now, now
    posting.save()
    _audit_posting(posting, by, "published")
    return posting


def reconfirm_posting(posting: JobPosting, *, by: Any) -> JobPosting:
    """The employer confirms the vacancy is still open; resets the 30-day clock."""
    _check_manage(posting, by)
    if posting.status != PostingStatus.PUBLISHED:
        raise PostingError({"status": [_("Only published postings can be re-confirmed.")]})
    posting.reconfirmed_at = timezone.now()
    posting.save(update_fields=["reconfirmed_at", "updated_at"])
    _audit_posting(posting, by, "reconfirmed")
    return posting


def close_posting(posting: JobPosting, *, by: Any, withdraw: bool = False) -> JobPosting:
    """Close a filled posting, or withdraw one that should not have been published (or a draft)."""
    _check_manage(posting, by)
    if posting.status in (PostingStatus.CLOSED, PostingStatus.WITHDRAWN):
        raise PostingError({"status": [_("This posting is already closed.")]})
    posting.status = (
        PostingStatus.WITHDRAWN
        if withdraw or posting.status == PostingStatus.DRAFT
        else (PostingStatus.CLOSED)
    )
    posting.save(update_fields=["status", "updated_at"])
    _audit_posting(posting, by, posting.status)
    return posting


def expire_postings(on: dt.date | None = None, *, dry_run: bool = False) -> list[JobPosting]:
    """Take down published postings past their validity or not re-confirmed for 30 days."""
    due = list(JobPosting.objects.expired(on).select_related("division"))
    if dry_run:
        return due
    for posting in due:
        with transaction.atomic():
            posting.status = PostingStatus.EXPIRED
            posting.save(update_fields=["status", "updated_at"])
            _audit_posting(posting, None, "expired")
    return due


# --- applications ------------------------------------------------------------------------------------


def mark_notifications_read(user: Any, ids: list[int] | None = None) -> int:
    """Mark the user's own notifications read (all unread ones, or those in `ids`). Not audited: a read flag on
    one's own messages is no record change."""
    qs = Notification.objects.filter(recipient=user).unread()
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def notify(users, text: str, link: str = "") -> int:
    """Put a message in each user's platform inbox (the only contact channel); the number sent."""
    notes = [Notification(recipient=u, text=text[:300], link=link) for u in users]
    Notification.objects.bulk_create(notes)
    return len(notes)


def _person_users(person: Person):
    from jiuye.accounts.models import User

    return User.objects.filter(person=person, is_active=True)


def _employer_users(posting: JobPosting):
    return posting.employer.users.filter(is_active=True)


def _event(app: JobApplication, from_status: str, by: Any, reason: str = "") -> None:
    actor = by if getattr(by, "is_authenticated", False) else None
    JobApplicationEvent.objects.create(
        application=app, from_status=from_status, to_status=app.status, actor=actor, reason=reason
    )
    record_event(
        app,
        actor=by,
        kind=EventKind.RECORD_CREATED if not from_status else EventKind.RECORD_UPDATED,
        data={"from": from_status, "to": app.status, "reason": reason},
    )


@transaction.atomic
def _create_application(
    posting: JobPosting, person: Person, *, by: Any, referred_by: Any = None
) -> JobApplication:
    if not posting.is_live():
        raise ApplicationError(_("This posting is not open for applications."))
    if JobApplication.objects.filter(posting=posting, person=person).exists():
        raise ApplicationError(_("This person has already applied to this posting."))
    app = JobApplication.objects.create(posting=posting, person=person, referred_by=referred_by)
    _event(app, "", by)
    notify(
        _employer_users(posting),
        _("New application to %(title)s") % {"title": posting.title},
        f"/jobs/mine/{posting.pk}/applications/",
    )
    return app


def apply(posting: JobPosting, *, by: Any) -> JobApplication:
    """A seeker applies to a live posting with their own record."""
    if not getattr(by, "is_citizen", False) or not by.person_id:
        raise ApplicationError(_("Only job seekers with a personal record can apply."))
    return _create_application(posting, by.person, by=by)


def refer(posting: JobPosting, person: Person, *, by: Any) -> JobApplication:
    """A caseworker refers a person in their scope to a live posting."""
    if not getattr(by, "works_on_cases", False):
        raise ApplicationError(_("Only caseworkers can refer people to postings."))
    if not Person.objects.visible_to(by).filter(pk=person.pk).exists():
        raise ApplicationError(_("This person is outside your area."))
    return _create_application(posting, person, by=by, referred_by=by)


def _may_move(app: JobApplication, to: str, by: Any) -> bool:
    if by is None:
        return to == A.EXPIRED  # the system only expires
    if to == A.WITHDRAWN:
        if getattr(by, "is_citizen", False):
            return bool(by.person_id) and by.person_id == app.person_id
        return (
            getattr(by, "works_on_cases", False)
            and JobApplication.objects.visible_to(by).filter(pk=app.pk).exists()
        )
    if to in EMPLOYER_MOVES:
        return can_manage_posting(by, app.posting)
    return False


def _platform_source() -> DataSource:
    source, _created = DataSource.objects.get_or_create(
        code=PLATFORM_SOURCE_CODE,
        defaults={
            "kind": SourceKind.HUMAN_RESOURCES,
            "name_zh": "就业公共服务平台",
            "name_en": "jiuye platform",
        },
    )
    return source


@transaction.atomic
def transition(app: JobApplication, to: str, by: Any, reason: str | None = None) -> JobApplication:
    """Move an application along the state machine; raises ApplicationError on an illegal move."""
    to = A(to)
    if to not in TRANSITIONS[app.status]:
        raise ApplicationError(
            _("An application cannot go from “%(from)s” to “%(to)s”.")
            % {"from": A(app.status).label, "to": to.label}
        )
    if not _may_move(app, to, by):
        raise ApplicationError(_("You may not move this application to “%(to)s”.") % {"to": to.label})
    if to == A.REJECTED:
        if not reason or reason not in RejectionReason.values:
            raise ApplicationError(_("Choose a reason for not selecting the applicant."))
    elif reason:
        raise ApplicationError(_("A reason is given only when the applicant is not selected."))
    now = timezone.now()
    from_status = app.status
    app.status = to
    stamp = {A.VIEWED: "viewed_at", A.INTERVIEW: "interview_at", A.OFFERED: "offered_at"}.get(to, "closed_at")
    setattr(app, stamp, now)
    if to in EMPLOYER_MOVES:
        app.last_employer_action_at = now
    app.rejection_reason = reason or ""
    if to == A.HIRED:
        posting = app.posting
        app.spell = EmploymentSpell.objects.create(
            person=app.person,
            employer=posting.employer,
            occupation=posting.occupation,
            contract_type=posting.contract_type or ContractType.FIXED_TERM,
            start_date=timezone.localdate(),
            monthly_wage=posting.pay_min,
            source=_platform_source(),
        )
        record_event(
            app.spell,
            actor=by,
            kind=EventKind.RECORD_CREATED,
            data={"from_application": app.pk},
            division_path=app.person.division.path,
        )
    app.save()
    _event(app, from_status, by, reason or "")
    notify(
        _person_users(app.person),
        _("Your application to %(title)s: %(status)s") % {"title": app.posting.title, "status": to.label},
        "/jobs/applications/",
    )
    return app


def expire_stale_applications(on: dt.date | None = None, *, dry_run: bool = False) -> list[JobApplication]:
    """Expire open applications the employer has not answered for 30 days."""
    on = on or timezone.localdate()
    cutoff = timezone.make_aware(
        dt.datetime.combine(on - dt.timedelta(days=APPLICATION_RESPONSE_DAYS), dt.time.min)
    )
    from django.db.models import Q

    due = list(
        JobApplication.objects.filter(status__in=OPEN_APPLICATION_STATUSES)
        .filter(
            Q(last_employer_action_at__lt=cutoff)
            | Q(last_employer_action_at__isnull=True, submitted_at__lt=cutoff)
        )
        .select_related("posting__division", "person")
    )
    if not dry_run:
        for app in due:
            transition(app, A.EXPIRED, None)
    return due
