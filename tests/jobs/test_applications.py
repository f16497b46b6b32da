"""Applications: the state machine (every legal and every illegal move), hire → employment spell,
withdrawal, referral, expiry after 30 days without response, notifications and scoping."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from jiuye.accounts.enums import Role
from jiuye.core.models import AuditEvent
from jiuye.jobs import services
from jiuye.jobs.enums import ApplicationStatus as A
from jiuye.jobs.enums import RejectionReason
from jiuye.jobs.models import JobApplication, Notification
from jiuye.jobs.services import TRANSITIONS, ApplicationError
from jiuye.registry.models import EmploymentSpell
from tests import factories as f

from .test_postings import employer_user, published

LEGAL = sorted((src, dst) for src, dsts in TRANSITIONS.items() for dst in dsts)
ILLEGAL = sorted(
    (src, dst) for src, dst in itertools.product(A.values, A.values) if dst not in TRANSITIONS[src]
)


@pytest.fixture
def setting(tree):
    township = tree["430302001"]
    p = published(township)
    seeker = f.make_person(township, name="赵六")
    citizen = f.make_user(Role.CITIZEN, None, person=seeker)
    return {"posting": p, "person": seeker, "citizen": citizen, "employer": employer_user(p.employer)}


def app_in(setting, status: str) -> JobApplication:
    return JobApplication.objects.create(posting=setting["posting"], person=setting["person"], status=status)


def actor_for(setting, to: str):
    return {A.WITHDRAWN: setting["citizen"], A.EXPIRED: None}.get(to, setting["employer"])


def test_the_machine_covers_every_status():
    assert set(TRANSITIONS) == set(A.values)
    assert LEGAL and len(LEGAL) + len(ILLEGAL) == len(A.values) ** 2


@pytest.mark.parametrize(("src", "dst"), LEGAL)
def test_every_legal_transition(setting, src, dst):
    app = app_in(setting, src)
    reason = RejectionReason.QUALIFICATIONS if dst == A.REJECTED else None
    services.transition(app, dst, actor_for(setting, dst), reason=reason)
    app.refresh_from_db()
    assert app.status == dst
    event = app.events.get()
    assert (event.from_status, event.to_status) == (src, dst)
    assert AuditEvent.objects.about(app).filter(data__to=dst).exists()
    assert Notification.objects.filter(recipient=setting["citizen"]).exists()


@pytest.mark.parametrize(("src", "dst"), ILLEGAL)
def test_every_illegal_transition_is_refused(setting, src, dst):
    app = app_in(setting, src)
    reason = RejectionReason.OTHER if dst == A.REJECTED else None
    with pytest.raises(ApplicationError):
        services.transition(app, dst, actor_for(setting, dst), reason=reason)
    app.refresh_from_db()
    assert app.status == src and not app.events.exists()


def test_timestamps_follow_the_path(setting):
    app = services.apply(setting["posting"], by=setting["citizen"])
    for to in (A.VIEWED, A.INTERVIEW, A.OFFERED):
        services.transition(app, to, setting["employer"])
    assert app.viewed_at and app.interview_at and app.offered_at and not app.closed_at
    assert [e.to_status for e in app.events.all()] == [A.SUBMITTED, A.VIEWED, A.INTERVIEW, A.OFFERED]


def test_hire_creates_an_employment_spell(setting):
    app = app_in(setting, A.OFFERED)
    services.transition(app, A.HIRED, setting["employer"])
    spell = EmploymentSpell.objects.get(person=setting["person"])
    posting = setting["posting"]
    assert app.spell == spell and app.closed_at
    assert spell.employer == posting.employer and spell.occupation == posting.occupation
    assert spell.contract_type == posting.contract_type and spell.start_date == timezone.localdate()
    assert spell.source.name_en == "jiuye platform"


def test_rejection_needs_a_structured_reason(setting):
    app = app_in(setting, A.VIEWED)
    with pytest.raises(ApplicationError):
        services.transition(app, A.REJECTED, setting["employer"])
    with pytest.raises(ApplicationError):
        services.transition(app, A.REJECTED, setting["employer"], reason="because")
    services.transition(app, A.REJECTED, setting["employer"], reason=RejectionReason.POSITION_FILLED)
    assert app.rejection_reason == RejectionReason.POSITION_FILLED


def test_reason_only_for_rejection(setting):
    with pytest.raises(ApplicationError):
        services.transition(app_in(setting, A.SUBMITTED), A.VIEWED, setting["employer"],
                             reason=RejectionReason.OTHER)


def test_who_may_move(setting):
    app = app_in(setting, A.SUBMITTED)
    other_employer = employer_user(f.make_employer(setting["posting"].division))
    with pytest.raises(ApplicationError):
        services.transition(app, A.VIEWED, other_employer)
    with pytest.raises(ApplicationError):
        services.transition(app, A.VIEWED, setting["citizen"])  # seekers only withdraw
    with pytest.raises(ApplicationError):
        services.transition(app, A.WITHDRAWN, setting["employer"])  # employers reject, not withdraw
    with pytest.raises(ApplicationError):
        services.transition(app, A.VIEWED, None)  # the system only expires
    stranger = f.make_user(Role.CITIZEN, None, person=f.make_person(setting["posting"].division))
    with pytest.raises(ApplicationError):
        services.transition(app, A.WITHDRAWN, stranger)


def test_apply_rules(setting, tree):
    app = services.apply(setting["posting"], by=setting["citizen"])
    assert app.status == A.SUBMITTED and app.referred_by is None
    assert Notification.objects.filter(recipient=setting["employer"]).exists()
    with pytest.raises(ApplicationError):
        services.apply(setting["posting"], by=setting["citizen"])  # once per posting
    with pytest.raises(ApplicationError):
        services.apply(setting["posting"], by=setting["employer"])  # not a seeker
    draft = published(tree["430302001"])
    services.close_posting(draft, by=None)
    with pytest.raises(ApplicationError):
        services.apply(draft, by=setting["citizen"])  # not live


def test_caseworker_refers_people_in_scope_only(setting, users, tree):
    app = services.refer(setting["posting"], setting["person"], by=users["caseworker"])
    assert app.referred_by == users["caseworker"]
    outsider = f.make_person(tree["430304001"])
    with pytest.raises(ApplicationError):
        services.refer(setting["posting"], outsider, by=users["caseworker"])
    with pytest.raises(ApplicationError):
        services.refer(setting["posting"], outsider, by=users["analyst_city"])  # not a case role


def test_stale_applications_expire_after_30_days(setting):
    app = services.apply(setting["posting"], by=setting["citizen"])
    today = timezone.localdate()
    assert services.expire_stale_applications(today + dt.timedelta(days=29)) == []
    assert services.expire_stale_applications(today + dt.timedelta(days=31)) == [app]
    app.refresh_from_db()
    assert app.status == A.EXPIRED and app.events.last().actor is None


def test_employer_response_resets_the_30_days(setting):
    app = services.apply(setting["posting"], by=setting["citizen"])
    JobApplication.objects.filter(pk=app.pk).update(submitted_at=timezone.now() - dt.timedelta(days=40))
    app.refresh_from_db()
    services.transition(app, A.VIEWED, setting["employer"])
    assert services.expire_stale_applications() == []
    finished = app_in({**setting, "person": f.make_person(setting["posting"].division)}, A.HIRED)
    JobApplication.objects.filter(pk=finished.pk).update(submitted_at=timezone.now() - dt.timedelta(days=90))
    assert services.expire_stale_applications() == []  # closed applications stay as they are


def test_application_scoping(setting, users, tree):
    mine = services.apply(setting["posting"], by=setting["citizen"])
    elsewhere = published(tree["430304001"])
    other = services.refer(elsewhere, f.make_person(tree["430304001"]), by=users["caseworker_other"])
    assert list(JobApplication.objects.visible_to(setting["citizen"])) == [mine]
    assert list(JobApplication.objects.visible_to(setting["employer"])) == [mine]
    assert list(JobApplication.objects.visible_to(users["caseworker"])) == [mine]
    assert set(JobApplication.objects.visible_to(users["leader_province"])) == {mine, other}
    assert list(JobApplication.objects.visible_to(users["citizen"])) == []  # no person record
