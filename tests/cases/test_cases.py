"""Case files: opening from identification, the queue and its ordering, first-contact deadlines and
escalation, automatic close on stable employment and reopen on job loss, zero-employment households opened
and cleared with the list, data conflicts with both sources, public-welfare positions and term limits,
referrals, the import hook, the command, and scoping."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from jiuye.cases import services as s
from jiuye.cases.models import (
    ActionKind,
    ActionPlanItem,
    Case,
    CaseSource,
    CaseStatus,
    ClosedReason,
    ConflictKind,
    ConflictStatus,
    ContactKind,
    DataConflict,
    ExitReason,
)
from jiuye.comparisons.services import recompute_worklists
from jiuye.core.models import AuditEvent
from jiuye.ingestion.models import ImportRun
from jiuye.ingestion.pipeline import import_completed
from jiuye.registry.enums import ContractType, InsuranceScheme, SpellEndReason
from jiuye.registry.models import ContributionRecord, EmploymentSpell, UnemploymentRegistration
from tests import factories as f

FRIDAY = dt.date(2026, 6, 12)  # the next Friday, 19 June, is 端午 (a public holiday)
DUE = dt.date(2026, 6, 22)  # 5 working days after FRIDAY


def unemployed(division, registered=dt.date(2025, 1, 5), **kw):
    p = f.make_person(division, **kw)
    UnemploymentRegistration.objects.create(person=p, division=division, registered_on=registered)
    return p


def contribute(person, *months: dt.date, employer=None):
    employer = employer or f.make_employer(person.division)
    for m in months:
        ContributionRecord.objects.create(
            person=person,
            employer=employer,
            scheme=InsuranceScheme.PENSION,
            month=m,
            base_wage=Decimal("4000"),
            amount_due=Decimal("640"),
            amount_paid=Decimal("640"),
        )


def make_case(division, *, person=None, opened=FRIDAY, **kw) -> Case:
    person = person or f.make_person(division)
    defaults = {
        "source": CaseSource.IDENTIFICATION,
        "opened_at": timezone.make_aware(dt.datetime.combine(opened, dt.time(9))),
        "opened_on": opened,
        "first_contact_due": DUE,
        "groups": ["long_term_unemployed"],
    }
    defaults.update(kw)
    return Case.objects.create(person=person, division=division, **defaults)


# --- opening from identification, deadlines, escalation -------------------------------------------------


@pytest.mark.django_db
def test_identified_person_gets_a_case_with_deadline_and_journey(tree):
    p = unemployed(tree["430302001"], birth_date=dt.date(1990, 1, 1))
    counts = s.open_cases_from_identification(FRIDAY)
    assert counts["opened"] == 1
    case = Case.objects.get(person=p)
    assert case.groups == ["long_term_unemployed"]
    assert case.criteria["long_term_unemployed"]["facts"]["registered_since"] == "2025-01-05"
    assert case.status == CaseStatus.NEW
    assert case.first_contact_due == DUE  # skips the weekend and the 端午 holiday
    kinds = set(case.actions.values_list("kind", flat=True))
    assert kinds == {ActionKind.TRAINING, ActionKind.SUBSIDY}
    assert AuditEvent.objects.about(case).filter(data__action="case_opened").exists()
    # A second run opens nothing new.
    assert s.open_cases_from_identification(FRIDAY)["opened"] == 0


@pytest.mark.django_db
def test_group_journeys(tree):
    vet = f.make_person(tree["430302001"], is_veteran=True, discharge_date=dt.date(2026, 3, 1))
    s.open_cases_from_identification(FRIDAY)
    case = Case.objects.get(person=vet)
    items = list(case.actions.order_by("due_on", "id").values_list("kind", "template"))
    assert items == [(ActionKind.TRAINING, "veteran"), (ActionKind.JOB_REFERRAL, "veteran")]  # training first


@pytest.mark.django_db
def test_graduate_contact_due_within_the_month_of_hand_over():
    assert s.first_contact_due(dt.date(2026, 6, 29), ["graduate"]) == dt.date(2026, 6, 30)
    assert s.first_contact_due(dt.date(2026, 6, 29), ["veteran"]) == dt.date(2026, 7, 6)
    assert s.first_contact_due(FRIDAY, ["graduate"]) == DUE


@pytest.mark.django_db
def test_escalation_after_the_deadline_once_and_not_after_contact(tree, users):
    a = make_case(tree["430302001"])
    b = make_case(tree["430302001"])
    assert s.escalate_overdue(DUE) == 0  # due today: not late yet
    s.record_contact(b, kind=ContactKind.PHONE, by=users["caseworker"], note="called")
    assert s.escalate_overdue(DUE + dt.timedelta(days=1)) == 1
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.escalated_at is not None and b.escalated_at is None
    assert b.status == CaseStatus.CONTACTED and b.assigned_to == users["caseworker"]
    assert s.escalate_overdue(DUE + dt.timedelta(days=2)) == 0  # escalated once
    assert AuditEvent.objects.about(a).filter(data__action="case_escalated").count() == 1


@pytest.mark.django_db
def test_unreached_contact_does_not_stop_the_clock(tree, users):
    a = make_case(tree["430302001"])
    s.record_contact(a, kind=ContactKind.PHONE, by=users["caseworker"], reached=False)
    a.refresh_from_db()
    assert a.status == CaseStatus.NEW and a.first_contact_at is None
    assert s.escalate_overdue(DUE + dt.timedelta(days=1)) == 1


# --- queue ordering -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_queue_ordering_key(tree, users):
    d = tree["430302001"]
    on = dt.date(2026, 6, 18)
    in_progress = make_case(
        d,
        status=CaseStatus.IN_ASSISTANCE,
        risk_score=0.99,
        household_priority=2,
        first_contact_at=timezone.now(),
    )
    low_risk = make_case(d, risk_score=0.2)
    high_risk = make_case(d, risk_score=0.818)
    high_risk_older = make_case(d, risk_score=0.813, opened=FRIDAY - dt.timedelta(days=3))
    no_score = make_case(d, risk_score=None)
    household = make_case(d, risk_score=0.1, household_priority=1)
    overdue = make_case(d, risk_score=0.1, first_contact_due=dt.date(2026, 6, 17))
    closed = make_case(d, status=CaseStatus.CLOSED, closed_reason=ClosedReason.OTHER)
    queue = list(s.caseworker_queue(users["caseworker"], on))
    assert closed not in queue
    # high_risk (0.818) and high_risk_older (0.813) share the 81-point band: the longer wait goes first.
    assert queue == [overdue, household, high_risk_older, high_risk, low_risk, no_score, in_progress]


# --- scoping ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_caseworker_never_sees_another_districts_cases(tree, users):
    mine = make_case(tree["430302001"])
    theirs = make_case(tree["430304001"])
    assert list(s.caseworker_queue(users["caseworker"])) == [mine]
    assert list(s.caseworker_queue(users["caseworker_other"])) == [theirs]
    assert set(s.caseworker_queue(users["analyst_city"])) == {mine, theirs}
    assert not Case.objects.visible_to(users["citizen"]).exists()
    with pytest.raises(s.CaseError):
        s.record_contact(theirs, kind=ContactKind.VISIT, by=users["caseworker"])
    with pytest.raises(s.CaseError):
        s.record_contact(mine, kind=ContactKind.VISIT, by=users["analyst_city"])  # not a case role
    assert not theirs.contacts.exists()
    clearance = s.zero_employment_clearance(users["caseworker"])
    assert clearance == {"households": [], "districts": []}


@pytest.mark.django_db
def test_bad_input_names_the_field(tree, users, english):
    case = make_case(tree["430302001"])
    with pytest.raises(s.CaseError) as err:
        s.record_contact(case, kind="email", by=users["caseworker"])
    assert err.value.field == "kind"
    with pytest.raises(s.CaseError) as err:
        s.record_assessment(case, by=users["caseworker"], barriers=["care", "weather"])
    assert err.value.field == "barriers" and "weather" in str(err.value)
    with pytest.raises(s.CaseError) as err:
        s.add_action(case, kind=ActionKind.PARTNER_REFERRAL, by=users["caseworker"])
    assert err.value.field == "partner"
    assert not case.assessments.exists() and not case.actions.exists()


@pytest.mark.django_db
def test_assessment_barriers_become_actions(tree, users):
    case = make_case(tree["430302001"])
    s.record_assessment(case, by=users["caseworker"], barriers=["care", "transport", "skills"], summary="x")
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_ASSISTANCE
    assert set(case.actions.values_list("kind", flat=True)) == {
        ActionKind.CARE_BARRIER,
        ActionKind.TRANSPORT_BARRIER,
    }


# --- automatic close and reopen --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_close_after_three_consecutive_months_and_reopen_on_job_loss(tree):
    d = tree["430302001"]
    p = unemployed(d)
    s.open_cases_from_identification(FRIDAY)
    case = Case.objects.get(person=p)
    on = dt.date(2026, 9, 10)
    contribute(p, dt.date(2026, 6, 1), dt.date(2026, 8, 1))  # a gap in July
    assert s.close_stable_employment(on) == 0
    contribute(p, dt.date(2026, 7, 1))
    assert s.close_stable_employment(on) == 1  # June–August, ending the month before the reference month
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_reason == ClosedReason.STABLE_EMPLOYMENT
    assert case.follow_up_due == dt.date(2026, 12, 10)
    # Identification does not reopen a closed case by itself.
    assert s.open_cases_from_identification(on)["opened"] == 0
    assert s.reopen_on_job_loss(on) == 0
    employer = f.make_employer(d)
    EmploymentSpell.objects.create(
        person=p,
        employer=employer,
        contract_type=ContractType.FIXED_TERM,
        start_date=dt.date(2026, 6, 1),
        end_date=dt.date(2026, 10, 31),
        end_reason=SpellEndReason.DISMISSED,
    )
    assert s.reopen_on_job_loss(dt.date(2026, 10, 30)) == 0  # the spell has not ended yet
    assert s.reopen_on_job_loss(dt.date(2026, 11, 2)) == 1
    case.refresh_from_db()
    assert case.status == CaseStatus.REOPENED and case.reopened_count == 1
    assert case.closed_on is None and case.first_contact_at is None
    assert case.first_contact_due == dt.date(2026, 11, 9)
    assert Case.objects.filter(person=p).count() == 1


@pytest.mark.django_db
def test_reopen_on_new_registration(tree):
    p = f.make_person(tree["430302001"])
    case = make_case(
        tree["430302001"],
        person=p,
        status=CaseStatus.CLOSED,
        closed_on=dt.date(2026, 9, 1),
        closed_reason=ClosedReason.STABLE_EMPLOYMENT,
    )
    UnemploymentRegistration.objects.create(person=p, division=p.division, registered_on=dt.date(2026, 9, 1))
    assert s.reopen_on_job_loss(dt.date(2026, 10, 1)) == 0  # registered on the closing day: not after it
    UnemploymentRegistration.objects.create(person=p, division=p.division, registered_on=dt.date(2026, 9, 20))
    assert s.reopen_on_job_loss(dt.date(2026, 10, 1)) == 1
    case.refresh_from_db()
    assert case.status == CaseStatus.REOPENED


# --- zero-employment households: detection and clearing ------------------------------------------------------


def zero_household(division, n=2):
    members = [unemployed(division, registered=dt.date(2026, 5, 1)) for _ in range(n)]
    return f.make_household(division, members), members


@pytest.mark.django_db
def test_zero_employment_household_opened_and_cleared_with_the_list(tree):
    d = tree["430302001"]
    hh, (a, b) = zero_household(d)
    other, _ = zero_household(tree["430304001"], n=1)
    on = FRIDAY
    recompute_worklists(on=on)
    counts = s.refresh_cases(on)
    assert counts["households"] == {"opened": 2, "cleared": 0}
    case = Case.objects.get(household=hh)
    assert case.groups == ["zero_employment_household"] and case.household_priority == 2
    assert case.worklist_entry is not None
    # Members whose only group is the household's are served by the household case, not their own.
    assert not Case.objects.filter(person__in=[a, b]).exists()
    # A member finds work: the comparison drops the household and the case clears.
    later = on + dt.timedelta(days=20)
    EmploymentSpell.objects.create(
        person=a, employer=f.make_employer(d), contract_type=ContractType.OPEN_ENDED, start_date=later
    )
    recompute_worklists(on=later)
    counts = s.refresh_cases(later)
    assert counts["households"] == {"opened": 0, "cleared": 1}
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_reason == ClosedReason.LEFT_LIST
    assert case.follow_up_due == dt.date(2026, 10, 2)
    report = s.zero_employment_clearance(tree["4303"], on=later)
    rows = {r["household"]: r for r in report["households"]}
    assert rows[hh.number]["cleared"] and rows[hh.number]["days"] == 20
    assert not rows[other.number]["cleared"] and rows[other.number]["days"] == 20
    districts = {r["division"]: r for r in report["districts"]}
    assert districts["430302"] == {
        "division": "430302",
        "name": "雨湖区",
        "open": 0,
        "cleared": 1,
        "mean_days_to_clear": 20.0,
        "median_days_to_clear": 20,
    }
    assert districts["430304"]["open"] == 1 and districts["430304"]["cleared"] == 0
    # Listed again later: a new episode, a new case.
    EmploymentSpell.objects.filter(person=a).update(end_date=later + dt.timedelta(days=10))
    again = later + dt.timedelta(days=30)
    recompute_worklists(on=again)
    assert s.refresh_cases(again)["households"]["opened"] == 1
    assert Case.objects.filter(household=hh).count() == 2


# --- data conflicts ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_employed_member_of_zero_employment_household_is_a_conflict_with_both_sources(tree, users):
    d = tree["430302001"]
    hh, (a, b) = zero_household(d)
    elder = f.make_person(
        d, birth_date=dt.date(1960, 1, 1)
    )  # past working age: may work without contradiction
    hh.members.create(person=elder, relation="parent")
    contribute(elder, dt.date(2026, 5, 1))
    recompute_worklists(on=FRIDAY)
    s.refresh_cases(FRIDAY)
    # Social insurance says a works, after the list was computed (the area not recomputed since).
    contribute(a, dt.date(2026, 5, 1))
    counts = s.detect_conflicts(FRIDAY)
    assert counts == {"new": 1, "still_open": 0}
    conflict = DataConflict.objects.get()
    assert conflict.kind == ConflictKind.EMPLOYED_IN_ZERO_EMPLOYMENT_HOUSEHOLD
    assert (
        conflict.household == hh and conflict.person == a and conflict.case == Case.objects.get(household=hh)
    )
    models = [side["model"] for side in conflict.sources]
    assert models == ["comparisons.worklistentry", "registry.contributionrecord"]
    assert conflict.sources[1]["facts"]["month"] == "2026-05-01"
    # The labour status of another member says employed: a second conflict, with the person record as side B.
    b.labour_status = "employed"
    b.save()
    assert s.detect_conflicts(FRIDAY) == {"new": 1, "still_open": 1}
    second = DataConflict.objects.get(person=b)
    assert second.sources[1] == {
        "source": "",
        "model": "registry.person",
        "id": b.pk,
        "facts": {"labour_status": "employed"},
    }
    second.delete()
    b.labour_status = "unemployed"
    b.save()
    # Never resolved silently: the household stays listed, the conflict stays open, even when the record goes.
    assert s.detect_conflicts(FRIDAY) == {"new": 0, "still_open": 1}
    ContributionRecord.objects.filter(person=a).delete()
    s.detect_conflicts(FRIDAY)
    conflict.refresh_from_db()
    assert conflict.status == ConflictStatus.OPEN
    Case.objects.get(household=hh)  # still open
    with pytest.raises(s.CaseError):
        s.resolve_conflict(conflict, by=users["caseworker_other"], resolution="x")
    with pytest.raises(s.CaseError) as err:
        s.resolve_conflict(conflict, by=users["caseworker"], resolution=" ")
    assert err.value.field == "resolution"
    s.resolve_conflict(conflict, by=users["caseworker"], resolution="Contribution filed under the wrong ID")
    conflict.refresh_from_db()
    assert conflict.status == ConflictStatus.RESOLVED and conflict.resolved_by == users["caseworker"]


@pytest.mark.django_db
def test_registered_unemployed_with_a_current_spell_is_a_conflict(tree):
    p = unemployed(tree["430302001"])
    EmploymentSpell.objects.create(
        person=p,
        employer=f.make_employer(tree["430302001"]),
        contract_type=ContractType.FIXED_TERM,
        start_date=dt.date(2026, 3, 1),
    )
    s.detect_conflicts(FRIDAY)
    conflict = DataConflict.objects.get(kind=ConflictKind.REGISTERED_UNEMPLOYED_WITH_SPELL)
    assert [x["model"] for x in conflict.sources] == [
        "registry.unemploymentregistration",
        "registry.employmentspell",
    ]


# --- public-welfare positions, placements and term limits -------------------------------------------------------


@pytest.mark.django_db
def test_placement_slots_and_term_limits(tree, users, english):
    d = tree["430302001"]
    cw = users["caseworker"]
    pos = s.create_position(
        division=d, unit="雨湖区城市管理局", title="保洁", slots=1, term_limit_months=12, by=cw
    )
    case = make_case(d)
    start = dt.date(2026, 1, 1)
    placement = s.place_in_position(case, pos, by=cw, start=start)
    assert placement.term_end == dt.date(2026, 12, 31)
    case.refresh_from_db()
    assert case.status == CaseStatus.PLACED
    other = make_case(d)
    with pytest.raises(s.CaseError, match="slot"):
        s.place_in_position(other, pos, by=cw, start=dt.date(2026, 3, 1))
    # Ended after 8 months: 4 months are left under the limit in a new position.
    s.end_placement(placement, reason=ExitReason.RESIGNED, by=cw, on=dt.date(2026, 8, 31))
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_ASSISTANCE
    pos2 = s.create_position(
        division=d, unit="雨湖区民政局", title="协管", slots=2, term_limit_months=12, by=cw
    )
    second = s.place_in_position(case, pos2, by=cw, start=dt.date(2026, 9, 1))
    assert second.term_end == dt.date(2026, 12, 31)
    # The term ends by itself.
    assert s.end_expired_placements(dt.date(2027, 1, 1)) == 1
    second.refresh_from_db()
    assert second.ended_on == dt.date(2026, 12, 31) and second.exit_reason == ExitReason.TERM_ENDED
    with pytest.raises(s.CaseError, match="Term limit"):
        s.place_in_position(case, pos2, by=cw, start=dt.date(2027, 2, 1))
    with pytest.raises(s.CaseError):
        s.create_position(division=tree["430304001"], unit="x", title="y", slots=1, by=cw)  # other district


@pytest.mark.django_db
def test_refer_household_member_to_a_job(tree, users):
    from tests.jobs.test_postings import published

    d = tree["430302001"]
    hh, (a, _b) = zero_household(d)
    recompute_worklists(on=FRIDAY)
    s.refresh_cases(FRIDAY)
    case = Case.objects.get(household=hh)
    posting = published(d)
    with pytest.raises(s.CaseError) as err:
        s.refer_to_job(case, posting, users["caseworker"])
    assert err.value.field == "person"
    outsider = f.make_person(d)
    with pytest.raises(s.CaseError):
        s.refer_to_job(case, posting, users["caseworker"], person=outsider)
    item = s.refer_to_job(case, posting, users["caseworker"], person=a)
    assert item.job_application.person == a and item.job_application.referred_by == users["caseworker"]
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_ASSISTANCE
    assert ActionPlanItem.objects.filter(case=case, job_application__isnull=False).count() == 1


# --- the import hook and the command ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_completed_import_signal_refreshes_the_cases_of_the_area(tree, users):
    hh, _ = zero_household(tree["430302001"])
    other, _ = zero_household(tree["430304001"])
    recompute_worklists()
    import_completed.send(sender=ImportRun, run=None, division=tree["430302"], user=users["caseworker"])
    assert Case.objects.filter(household=hh).exists()
    assert not Case.objects.filter(household=other).exists()  # outside the file's area
    assert AuditEvent.objects.filter(data__action="cases_refreshed").exists()


@pytest.mark.django_db
def test_command_dry_run_keeps_nothing_and_wet_run_keeps(tree, capsys):
    unemployed(tree["430302001"])
    call_command("cases_refresh", "--on", "2026-06-12")
    out = capsys.readouterr().out
    assert "dry run" in out and '"opened": 1' in out
    assert not Case.objects.exists()
    call_command("cases_refresh", "--on", "2026-06-12", "--wet-run")
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_command_bad_date_names_the_option(tree):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--on"):
        call_command("cases_refresh", "--on", "12/06/2026")
    with pytest.raises(CommandError, match="--division"):
        call_command("cases_refresh", "--division", "999999")


# --- risk score from the profiling model -------------------------------------------------------------------------


@pytest.mark.django_db
def test_case_gets_the_profiling_score_without_protected_attributes(tree):
    from jiuye.cases import identification as ident
    from jiuye.cases.profiling import PROFILE_FEATURES, ProfileModel

    d = tree["430302001"]
    p = unemployed(d, birth_date=dt.date(1985, 1, 1))
    employer = f.make_employer(d)
    EmploymentSpell.objects.create(
        person=p,
        employer=employer,
        contract_type=ContractType.FIXED_TERM,
        start_date=dt.date(2022, 1, 1),
        end_date=dt.date(2024, 12, 31),
        monthly_wage=Decimal("3000"),
    )
    contribute(p, dt.date(2024, 10, 1), dt.date(2024, 11, 1), dt.date(2024, 12, 1), employer=employer)
    s.open_cases_from_identification(FRIDAY)
    case = Case.objects.get(person=p)
    facts = ident.load_facts([p.pk], FRIDAY)[p.pk]
    feats = s.profile_features(facts, FRIDAY, p, case.groups)
    assert set(feats) <= set(PROFILE_FEATURES)
    assert feats["contribution_months_24"] == 3 and feats["past_spells"] == 1
    assert feats["months_since_last_spell"] == 18 and feats["previous_monthly_wage"] == 3000.0
    expected = ProfileModel().score(feats)
    assert case.risk_score == pytest.approx(expected, abs=1e-4)
    assert case.risk_reasons and all(isinstance(code, str) for code, _params in case.risk_reasons)
    for word in ("sex", "age", "birth", "ethnicity", "hukou", "marital"):
        assert not any(word in k.split("_") for k in feats)


# --- walk-ins and closing by hand -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_walk_in_case_and_closing_by_hand(tree, users):
    cw = users["caseworker"]
    p = unemployed(tree["430302001"], registered=dt.date(2026, 6, 1), birth_date=dt.date(2003, 3, 3))
    case = s.open_case(p, by=cw, on=FRIDAY)
    assert case.source == CaseSource.WALK_IN and case.assigned_to == cw
    assert case.groups == ["unemployed_youth"] and case.first_contact_due == DUE
    assert s.open_case(p, by=cw, on=FRIDAY) == case  # the open case, not a second one
    assert list(Case.objects.in_group("unemployed_youth")) == [case]
    assert not Case.objects.in_group("veteran").exists()
    with pytest.raises(s.CaseError):
        s.open_case(f.make_person(tree["430304001"]), by=cw)  # outside the area
    with pytest.raises(s.CaseError) as err:
        s.close_case(case, reason=ClosedReason.STABLE_EMPLOYMENT, by=cw)  # only the library closes for work
    assert err.value.field == "reason"
    s.close_case(case, reason=ClosedReason.DECLINED, by=cw, on=FRIDAY)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.follow_up_due == dt.date(2026, 9, 12)
    with pytest.raises(s.CaseError):
        s.record_contact(case, kind=ContactKind.PHONE, by=cw)  # closed
    # Identification does not reopen a declined case by itself.
    assert s.open_cases_from_identification(FRIDAY)["opened"] == 0
