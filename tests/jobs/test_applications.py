"""Applications: the state machine (every legal and every illegal move), hire → employment spell,
withdrawal, referral, expiry after 30 days without response, notifications and scoping."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.management import call_command
from django.utils import timezone

from jiuye.accounts.enums import Role
from jiuye.core.models import AuditEvent
from jiuye.jobs import services
from jiuye.jobs.enums import OPEN_APPLICATION_STATUSES, PostingStatus, RejectionReason
from jiuye.jobs.enums import ApplicationStatus as A
from jiuye.jobs.models import JobApplication, JobPosting, Notification
from jiuye.jobs.services import TRANSITIONS, ApplicationError, PostingError
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
def test_every_illegal_transition_is_refused(setting, src, dst, english):
    """Refused by the state machine itself: the actor is the one who could make this move from elsewhere."""
    app = app_in(setting, src)
    reason = RejectionReason.OTHER if dst == A.REJECTED else None
    with pytest.raises(ApplicationError, match="An application cannot go from"):
        services.transition(app, dst, actor_for(setting, dst), reason=reason)
    app.refresh_from_db()
    assert app.status == src and not app.events.exists()
    assert not Notification.objects.filter(recipient=setting["citizen"]).exists()
    assert not EmploymentSpell.objects.filter(person=setting["person"]).exists()


# --- who may make each move ---------------------------------------------------------------------------

# Every kind of user (and the system, None) against every legal move. Employer moves (viewed, interview,
# offered, hired, rejected) belong to the posting's employer and to staff whose area holds the posting
# (`can_manage_posting`); withdrawal to the applicant and to case-working staff who see the application;
# expiry to the system alone.
ACTORS = [
    "employer",
    "employer_other",
    "citizen",
    "citizen_other",
    "citizen_no_person",
    "caseworker",
    "caseworker_other",
    "inspector",
    "analyst_city",
    "leader_province",
    "admin_national",
    "system",
]
# Employers on their own postings; case staff in their area on employers' behalf. Analysts and leaders only read.
MANAGERS = {"employer", "caseworker", "inspector", "admin_national"}
ALLOWED = {
    **{to: MANAGERS for to in services.EMPLOYER_MOVES},
    A.WITHDRAWN: {"citizen", "caseworker", "inspector", "admin_national"},
    A.EXPIRED: {"system"},
}


def test_every_target_status_has_its_actors():
    assert set(ALLOWED) == {dst for _src, dst in LEGAL}


def the_actor(setting, users, name):
    if name == "system":
        return None
    if name == "employer":
        return setting["employer"]
    if name == "employer_other":
        return employer_user(f.make_employer(setting["posting"].division))
    if name == "citizen":
        return setting["citizen"]
    if name == "citizen_other":
        return f.make_user(Role.CITIZEN, None, person=f.make_person(setting["posting"].division))
    if name == "citizen_no_person":
        return users["citizen"]
    return users[name]


@pytest.mark.parametrize("who", ACTORS)
@pytest.mark.parametrize(("src", "dst"), LEGAL)
def test_who_may_make_each_move(setting, users, src, dst, who):
    app = app_in(setting, src)
    actor = the_actor(setting, users, who)
    reason = RejectionReason.OTHER if dst == A.REJECTED else None
    if who in ALLOWED[dst]:
        services.transition(app, dst, actor, reason=reason)
        app.refresh_from_db()
        assert app.status == dst
        assert app.events.get().actor == actor
    else:
        with pytest.raises(ApplicationError):
            services.transition(app, dst, actor, reason=reason)
        app.refresh_from_db()
        assert app.status == src and not app.events.exists()
        assert not Notification.objects.filter(recipient=setting["citizen"]).exists()
        assert not EmploymentSpell.objects.filter(person=setting["person"]).exists()


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


REJECTABLE = sorted(src for src, dsts in TRANSITIONS.items() if A.REJECTED in dsts)


@pytest.mark.parametrize("src", REJECTABLE)
@pytest.mark.parametrize("reason", [None, "", "because", "QUALIFICATIONS"])
def test_rejection_without_a_structured_reason_is_refused(setting, src, reason, english):
    app = app_in(setting, src)
    with pytest.raises(ApplicationError, match="Choose a reason"):
        services.transition(app, A.REJECTED, setting["employer"], reason=reason)
    app.refresh_from_db()
    assert app.status == src and not app.events.exists() and not app.rejection_reason


@pytest.mark.parametrize("reason", RejectionReason.values)
def test_every_structured_reason_is_recorded(setting, reason):
    app = app_in(setting, A.INTERVIEW)
    services.transition(app, A.REJECTED, setting["employer"], reason=reason)
    app.refresh_from_db()
    assert (app.status, app.rejection_reason, app.events.get().reason) == (A.REJECTED, reason, reason)
    assert app.closed_at and app.spell is None
    assert AuditEvent.objects.about(app).filter(data__reason=reason).exists()


@pytest.mark.parametrize("dst", sorted(services.EMPLOYER_MOVES - {A.REJECTED}))
def test_reason_only_for_rejection_on_every_other_move(setting, dst, english):
    src = next(s for s, dsts in TRANSITIONS.items() if dst in dsts)
    app = app_in(setting, src)
    with pytest.raises(ApplicationError, match="only when the applicant is not selected"):
        services.transition(app, dst, setting["employer"], reason=RejectionReason.OTHER)
    app.refresh_from_db()
    assert app.status == src


def test_reason_only_for_rejection(setting):
    with pytest.raises(ApplicationError):
        services.transition(
            app_in(setting, A.SUBMITTED), A.VIEWED, setting["employer"], reason=RejectionReason.OTHER
        )


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


OPEN = [s.value for s in OPEN_APPLICATION_STATUSES]
FINAL = sorted(set(A.values) - set(OPEN))


def test_open_and_final_statuses_follow_the_machine():
    assert {s for s, dsts in TRANSITIONS.items() if dsts} == set(OPEN)
    assert all(A.EXPIRED in TRANSITIONS[s] for s in OPEN)


@pytest.mark.parametrize("status", OPEN)
def test_every_open_status_expires_after_30_days_without_employer_response(setting, status):
    app = app_in(setting, status)
    today = timezone.localdate()
    now = timezone.now()
    # Submitted today; the employer's last action (if any) today too.
    JobApplication.objects.filter(pk=app.pk).update(
        submitted_at=now, last_employer_action_at=None if status == A.SUBMITTED else now
    )
    assert services.expire_stale_applications(today + dt.timedelta(days=29)) == []
    assert (
        services.expire_stale_applications(today + dt.timedelta(days=30)) == []
    )  # 30 full days not yet past
    assert services.expire_stale_applications(today + dt.timedelta(days=31), dry_run=True) == [app]
    app.refresh_from_db()
    assert app.status == status and not app.events.exists()  # a dry run writes nothing
    assert services.expire_stale_applications(today + dt.timedelta(days=31)) == [app]
    app.refresh_from_db()
    assert app.status == A.EXPIRED and app.closed_at
    event = app.events.get()
    assert (event.from_status, event.to_status, event.actor) == (status, A.EXPIRED, None)
    assert Notification.objects.filter(recipient=setting["citizen"], link="/jobs/applications/").count() == 1
    assert services.expire_stale_applications(today + dt.timedelta(days=60)) == []  # once only


@pytest.mark.parametrize("status", FINAL)
def test_final_statuses_never_expire(setting, status):
    app = app_in(setting, status)
    JobApplication.objects.filter(pk=app.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=365), last_employer_action_at=None
    )
    assert services.expire_stale_applications() == []
    app.refresh_from_db()
    assert app.status == status


def test_old_submission_with_recent_employer_action_stays_open(setting):
    app = app_in(setting, A.INTERVIEW)
    JobApplication.objects.filter(pk=app.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=100),
        last_employer_action_at=timezone.now() - dt.timedelta(days=10),
    )
    assert services.expire_stale_applications() == []
    JobApplication.objects.filter(pk=app.pk).update(
        last_employer_action_at=timezone.now() - dt.timedelta(days=31)
    )
    assert services.expire_stale_applications() == [app]


def test_withdrawal_does_not_count_as_employer_response(setting):
    app = services.apply(setting["posting"], by=setting["citizen"])
    services.transition(app, A.WITHDRAWN, setting["citizen"])
    assert app.last_employer_action_at is None and app.closed_at


# --- posting expiry and re-confirmation, seen from the applications ---------------------------------------


def test_expired_posting_takes_no_applications_until_republished(setting):
    posting = setting["posting"]
    JobPosting.objects.filter(pk=posting.pk).update(reconfirmed_at=timezone.now() - dt.timedelta(days=31))
    assert services.expire_postings(dry_run=True) == [posting]
    posting.refresh_from_db()
    assert posting.status == PostingStatus.PUBLISHED  # dry run
    assert services.expire_postings() == [posting]
    posting.refresh_from_db()
    assert posting.status == PostingStatus.EXPIRED and not posting.is_live()
    with pytest.raises(ApplicationError):
        services.apply(posting, by=setting["citizen"])
    with pytest.raises(PostingError):
        services.reconfirm_posting(posting, by=setting["employer"])  # expired: publish again instead
    services.publish_posting(posting, by=setting["employer"])
    assert services.apply(posting, by=setting["citizen"]).status == A.SUBMITTED


def test_posting_past_validity_expires_and_its_open_applications_run_their_own_clock(setting):
    posting = setting["posting"]
    app = services.apply(posting, by=setting["citizen"])
    services.transition(app, A.VIEWED, setting["employer"])
    assert services.expire_postings(posting.valid_until + dt.timedelta(days=1)) == [posting]
    app.refresh_from_db()
    assert app.status == A.VIEWED  # the posting's expiry leaves applications to the 30-day rule
    services.transition(app, A.INTERVIEW, setting["employer"])  # the employer can still answer
    later = timezone.localdate() + dt.timedelta(days=31)
    assert services.expire_stale_applications(later) == [app]


def test_reconfirmation_keeps_a_posting_open_for_applications(setting):
    posting = setting["posting"]
    JobPosting.objects.filter(pk=posting.pk).update(reconfirmed_at=timezone.now() - dt.timedelta(days=29))
    posting.refresh_from_db()
    assert services.expire_postings() == []
    JobPosting.objects.filter(pk=posting.pk).update(reconfirmed_at=timezone.now() - dt.timedelta(days=31))
    posting.refresh_from_db()
    services.reconfirm_posting(posting, by=setting["employer"])
    assert services.expire_postings() == []
    assert services.apply(posting, by=setting["citizen"]).status == A.SUBMITTED


def test_expire_command_expires_postings_and_applications(setting, capsys):
    """31 days on, the posting (not re-confirmed) and the unanswered application both expire."""
    app = services.apply(setting["posting"], by=setting["citizen"])
    on = (timezone.localdate() + dt.timedelta(days=31)).isoformat()
    call_command("jobs_expire", "--on", on)
    app.refresh_from_db()
    assert app.status == A.SUBMITTED
    assert "would expire: 1 postings, 1 applications" in capsys.readouterr().out
    call_command("jobs_expire", "--on", on, "--wet-run")
    app.refresh_from_db()
    assert app.status == A.EXPIRED
    assert "expired: 1 postings, 1 applications" in capsys.readouterr().out
