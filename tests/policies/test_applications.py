"""One-stop applications: prefilled drafts, re-check at submission, the review state machine and who may
move it, the decision record, payment orders, deadlines, and why-not explanations."""

import datetime as dt
import itertools

import pytest
from django.core.management import call_command

from jiuye.core.models import AuditEvent
from jiuye.jobs.models import Notification
from jiuye.policies import services
from jiuye.policies.models import ApplicationStatus as S
from jiuye.policies.models import PaymentOrder, PolicyApplication
from jiuye.registry.enums import ContractType, InsuranceScheme, SpellEndReason
from jiuye.registry.models import (
    ContributionRecord,
    EmploymentSpell,
    TrainingRecord,
    UnemploymentRegistration,
)

from .platform_helpers import ON, graduate, quota_employer

POLICY = "job_search_subsidy"
ALL = list(S.values)


@pytest.fixture
def grad(tree):
    return graduate(tree["430302001"])


@pytest.fixture
def draft(grad):
    person, user = grad
    return services.start_application(person, POLICY, by=user, on=ON)


def _submitted(draft, user):
    return services.submit_application(draft, user, on=ON)


# ------------------------------------------------------------------------------- drafts


def test_draft_is_prefilled_from_the_library_with_sources(draft, grad):
    person, user = grad
    assert draft.status == S.DRAFT and draft.person == person and draft.division == person.division
    fields = draft.prefill["fields"]
    assert draft.prefill["as_of"] == "2026-11-28"
    assert fields["graduation_year"] == {"value": 2026, "source": fields["graduation_year"]["source"]}
    assert "GraduateRecord" in fields["graduation_year"]["source"]
    assert fields["assistance_status"]["value"] == "dibao"
    assert "name" not in fields and "resident_id" not in str(draft.prefill)  # no identifiers
    assert draft.events.get().to_status == S.DRAFT
    assert AuditEvent.objects.about(draft).filter(data__action="policy_application").exists()
    assert services.start_application(person, POLICY, by=user, on=ON) == draft  # no second live one


def test_who_may_start_an_application(tree, grad, users):
    person, _ = grad
    with pytest.raises(services.NotAllowed):
        services.start_application(person, POLICY, by=users["citizen"], on=ON)  # someone else
    with pytest.raises(services.NotAllowed):
        services.start_application(person, POLICY, by=users["caseworker_other"], on=ON)  # 岳塘 staff
    with pytest.raises(services.NotAllowed):
        services.start_application(person, POLICY, by=users["analyst_city"], on=ON)
    app = services.start_application(person, POLICY, by=users["caseworker"], on=ON)  # 雨湖 counter service
    assert app.created_by == users["caseworker"]
    services.submit_application(app, users["caseworker"], on=ON)
    with pytest.raises(services.NotAllowed):  # four eyes
        services.review_application(app, S.APPROVED, users["caseworker"], on=ON)
    assert services.review_application(app, S.APPROVED, users["inspector"], on=ON).status == S.APPROVED


def test_wrong_policy_or_subject_is_a_clear_error(grad, tree):
    person, user = grad
    with pytest.raises(services.PolicyError, match="no_such_policy"):
        services.start_application(person, "no_such_policy", by=user, on=ON)
    with pytest.raises(services.PolicyError, match="disability_employment_quota"):
        services.start_application(person, "disability_employment_quota", by=user, on=ON)


# ------------------------------------------------------------------------------- submission


def test_submission_rechecks_and_sets_the_review_deadline(draft, grad):
    person, user = grad
    app = _submitted(draft, user)
    assert app.status == S.SUBMITTED
    assert app.eligibility["status"] == "eligible"
    assert app.review_due == dt.date(2026, 12, 25)  # 20 working days after Sat 28 Nov
    assert [e.to_status for e in app.events.all()] == [S.DRAFT, S.SUBMITTED]


def test_not_eligible_at_submission_is_refused_and_kept_as_draft(tree):
    person, user = graduate(tree["430302001"], assistance="none")
    app = services.start_application(person, POLICY, by=user, on=ON)
    services.declare(app, {"student_loan": False, "poverty_relief_household": False}, by=user)
    with pytest.raises(services.SubmissionRefused) as refused:
        services.submit_application(app, user, on=ON)
    assert refused.value.reasons == [
        {"code": "hardship", "text": services.condition_text(POLICY, "hardship")}
    ]
    app.refresh_from_db()
    assert app.status == S.DRAFT and app.eligibility["unmet"] == ["hardship"]
    assert app.events.last().reason == "not_eligible"


def test_unknown_conditions_do_not_block_submission(tree):
    person, user = graduate(tree["430302001"], assistance="none")
    app = services.start_application(person, POLICY, by=user, on=ON)
    app = services.submit_application(app, user, on=ON)
    assert app.status == S.SUBMITTED and "hardship" in app.eligibility["unknown"]
    # declarations are for drafts only:
    with pytest.raises(services.IllegalTransition):
        services.declare(app, {"student_loan": True}, by=user)


def test_declaration_fills_an_unknown(tree):
    person, user = graduate(tree["430302001"], assistance="none")
    app = services.start_application(person, POLICY, by=user, on=ON)
    services.declare(app, {"student_loan": True}, by=user)
    app = services.submit_application(app, user, on=ON)
    assert app.eligibility["status"] == "eligible" and "hardship" in app.eligibility["met"]


def test_bad_declarations_are_refused_naming_the_field(draft, grad):
    _, user = grad
    with pytest.raises(services.PolicyError, match="birth_date"):
        services.declare(draft, {"birth_date": "2000-01-01"}, by=user)
    with pytest.raises(services.PolicyError, match="student_loan"):
        services.declare(draft, {"student_loan": "yes"}, by=user)


def test_stale_data_is_refused_then_the_refreshed_draft_goes_through(draft, grad):
    person, user = grad
    TrainingRecord.objects.create(
        person=person,
        programme="电商",
        start_date=ON - dt.timedelta(days=30),
        end_date=ON - dt.timedelta(days=2),
    )
    with pytest.raises(services.SubmissionRefused, match="training_completed_on") as refused:
        services.submit_application(draft, user, on=ON)
    assert refused.value.reasons[0]["code"] == "stale"
    draft.refresh_from_db()
    assert draft.status == S.DRAFT
    assert draft.prefill["fields"]["training_completed_on"]["value"] == str(ON - dt.timedelta(days=2))
    assert services.submit_application(draft, user, on=ON).status == S.SUBMITTED


def test_a_day_passing_is_not_stale_data(draft, grad):
    _, user = grad
    later = ON + dt.timedelta(days=3)
    assert services.submit_application(draft, user, on=later).status == S.SUBMITTED


def test_contradictory_declaration_is_refused(draft, grad):
    person, user = grad
    services.declare(draft, {"veteran_self_placed": True}, by=user)  # the library knows: not a veteran
    with pytest.raises(services.SubmissionRefused, match="veteran_self_placed") as refused:
        services.submit_application(draft, user, on=ON)
    assert refused.value.reasons[0]["code"] == "contradictory"
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


# ------------------------------------------------------------------------------- state machine

REVIEW_LEGAL = {
    (S.SUBMITTED, S.UNDER_REVIEW),
    (S.SUBMITTED, S.APPROVED),
    (S.SUBMITTED, S.REJECTED),
    (S.SUBMITTED, S.RETURNED),
    (S.RESUBMITTED, S.UNDER_REVIEW),
    (S.RESUBMITTED, S.APPROVED),
    (S.RESUBMITTED, S.REJECTED),
    (S.RESUBMITTED, S.RETURNED),
    (S.UNDER_REVIEW, S.APPROVED),
    (S.UNDER_REVIEW, S.REJECTED),
    (S.UNDER_REVIEW, S.RETURNED),
}


def _set(app, status):
    PolicyApplication.objects.filter(pk=app.pk).update(status=status)
    app.refresh_from_db()
    return app


@pytest.mark.parametrize(("start", "to"), list(itertools.product(ALL, ALL)))
def test_every_review_move(draft, users, start, to):
    app = _set(draft, start)
    if (start, to) in REVIEW_LEGAL:
        services.review_application(
            app, to, users["caseworker"], reason="other", note="need the loan contract", on=ON
        )
        app.refresh_from_db()
        assert app.status == to
        assert app.events.last().from_status == start
    else:
        with pytest.raises(services.IllegalTransition):
            services.review_application(app, to, users["caseworker"], reason="other", note="x", on=ON)
        app.refresh_from_db()
        assert app.status == start


@pytest.mark.parametrize("start", ALL)
def test_every_withdrawal(draft, grad, start):
    _, user = grad
    app = _set(draft, start)
    if start in (S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED, S.RESUBMITTED):
        assert services.withdraw_application(app, user).status == S.WITHDRAWN
    else:
        with pytest.raises(services.IllegalTransition):
            services.withdraw_application(app, user)


@pytest.mark.parametrize("start", ALL)
def test_every_submission(draft, grad, start):
    _, user = grad
    app = _set(draft, start)
    if start in (S.DRAFT, S.RETURNED):
        expected = S.SUBMITTED if start == S.DRAFT else S.RESUBMITTED
        assert services.submit_application(app, user, on=ON).status == expected
    else:
        with pytest.raises(services.IllegalTransition):
            services.submit_application(app, user, on=ON)


def test_who_may_review(draft, grad, users):
    _, applicant = grad
    app = _submitted(draft, applicant)
    for who in ("citizen", "employer", "caseworker_other", "analyst_city", "leader_province"):
        with pytest.raises(services.NotAllowed):
            services.review_application(app, S.UNDER_REVIEW, users[who], on=ON)
    with pytest.raises(services.NotAllowed):
        services.review_application(app, S.UNDER_REVIEW, applicant, on=ON)
    assert (
        services.review_application(app, S.UNDER_REVIEW, users["inspector"], on=ON).status == S.UNDER_REVIEW
    )
    with pytest.raises(services.NotAllowed):
        services.withdraw_application(app, users["citizen"])
    with pytest.raises(services.NotAllowed):
        services.submit_application(app, users["caseworker_other"], on=ON)


def test_rejection_needs_a_reason_and_return_needs_a_note(draft, grad, users):
    _, user = grad
    app = _submitted(draft, user)
    with pytest.raises(services.PolicyError):
        services.review_application(app, S.REJECTED, users["caseworker"], on=ON)
    with pytest.raises(services.PolicyError):
        services.review_application(app, S.REJECTED, users["caseworker"], reason="because", on=ON)
    with pytest.raises(services.PolicyError):
        services.review_application(app, S.RETURNED, users["caseworker"], note="  ", on=ON)
    app.refresh_from_db()
    assert app.status == S.SUBMITTED
    services.review_application(app, S.REJECTED, users["caseworker"], reason="duplicate", on=ON)
    app.refresh_from_db()
    assert app.rejection_reason == "duplicate" and app.decision["status"] == "eligible"
    assert not PaymentOrder.objects.exists()


def test_returned_then_resubmitted_then_approved(draft, grad, users):
    _, user = grad
    app = _submitted(draft, user)
    services.review_application(
        app, S.RETURNED, users["caseworker"], note="upload the household certificate", on=ON
    )
    assert Notification.objects.filter(recipient=user, link=services.application_link(app)).count() == 1
    app = services.submit_application(app, user, on=ON)
    assert app.status == S.RESUBMITTED
    services.review_application(app, S.APPROVED, users["caseworker"], on=ON)
    assert [e.to_status for e in app.events.all()] == [
        S.DRAFT,
        S.SUBMITTED,
        S.RETURNED,
        S.RESUBMITTED,
        S.APPROVED,
    ]


# ------------------------------------------------------------------------------- decision and payment


def test_approval_records_the_decision_and_creates_the_payment_order(draft, grad, users):
    person, user = grad
    app = _submitted(draft, user)
    services.review_application(app, S.UNDER_REVIEW, users["caseworker"], on=ON)
    services.review_application(app, S.APPROVED, users["caseworker"], on=ON)
    app.refresh_from_db()
    d = app.decision
    assert d["status"] == "eligible" and d["on"] == "2026-11-28"
    assert set(d["met"]) == {"graduating_year", "eligible_school", "hardship", "job_seeking"}
    assert d["unmet"] == [] and d["unknown"] == []
    assert d["benefits"] == {"amount": 1500.0}
    assert d["parameters"]["amount"] == 1500
    assert d["parameters"]["eligible_school_types"] == [
        "university",
        "technician_college",
        "special_education_vocational",
    ]
    assert d["rule_version"] == "1" and len(d["parameters_digest"]) == 16
    assert "amount" in d["to_verify"]  # placeholder value, flagged
    assert app.decided_by == users["caseworker"] and app.decided_at is not None
    order = app.payment_order
    assert (order.amount, order.months, order.payee_person, order.status) == (1500, None, person, "created")
    assert order.division == person.division
    assert Notification.objects.filter(recipient=user, link__contains=str(app.pk)).exists()
    services.advance_payment(order, "sent", users["caseworker"])
    with pytest.raises(services.IllegalTransition):
        services.advance_payment(order, "created", users["caseworker"])
    with pytest.raises(services.NotAllowed):
        services.advance_payment(order, "paid", users["caseworker_other"])
    assert services.advance_payment(order, "paid", users["caseworker"]).status == "paid"
    # Scoping: the applicant sees the order, another citizen does not.
    assert PaymentOrder.objects.visible_to(user).count() == 1
    assert PaymentOrder.objects.visible_to(users["citizen"]).count() == 0
    assert PolicyApplication.objects.visible_to(users["caseworker_other"]).count() == 0


def test_unknowns_verified_by_the_reviewer_are_recorded(tree, users):
    person, user = graduate(tree["430302001"], assistance="none")
    app = services.submit_application(services.start_application(person, POLICY, by=user, on=ON), user, on=ON)
    services.review_application(app, S.APPROVED, users["caseworker"], on=ON)
    app.refresh_from_db()
    assert app.decision["status"] == "unknown" and app.decision["verified_by_reviewer"] == ["hardship"]


def test_approval_refused_when_the_conditions_no_longer_hold(draft, grad, users, english):
    person, user = grad
    app = _submitted(draft, user)
    person.graduations.update(graduation_date=dt.date(2024, 6, 30))  # the education feed corrects the year
    with pytest.raises(services.PolicyError, match="Cannot approve") as refused:
        services.review_application(app, S.APPROVED, users["caseworker"], on=ON)
    assert refused.value.reasons[0]["code"] == "graduating_year"
    app.refresh_from_db()
    assert app.status == S.SUBMITTED and not PaymentOrder.objects.exists()


def test_employer_application_without_money_makes_no_payment_order(tree, users):
    employer, user = quota_employer(tree["430302001"])
    app = services.start_application(employer, "disability_employment_quota", by=user, on=ON)
    app = services.submit_application(app, user, on=ON)
    services.review_application(app, S.APPROVED, users["caseworker"], on=ON)
    app.refresh_from_db()
    assert app.status == S.APPROVED and app.decision["benefits"] == {"quota_share": 0.015}
    assert not PaymentOrder.objects.exists()
    assert PolicyApplication.objects.visible_to(user).get() == app


def test_monthly_benefit_payment_order(tree, users):
    person, user = _ui_claimant(tree, months=24)
    app = services.submit_application(
        services.start_application(person, "unemployment_insurance_benefit", by=user, on=ON), user, on=ON
    )
    services.review_application(app, S.APPROVED, users["caseworker"], on=ON)
    order = PaymentOrder.objects.get(application=app)
    assert order.months == 12 and order.amount == 1566 * 12  # 2 years paid → 12 months (placeholder amount)


# ------------------------------------------------------------------------------- deadlines


def test_overdue_applications_are_flagged(draft, grad, capsys):
    _, user = grad
    app = _submitted(draft, user)
    assert services.mark_overdue(dt.date(2026, 12, 25)) == []  # due that day
    late = dt.date(2026, 12, 28)
    call_command("policies_overdue", "--on", late.isoformat())
    assert "would flag 1" in capsys.readouterr().out
    app.refresh_from_db()
    assert not app.is_overdue
    call_command("policies_overdue", "--on", late.isoformat(), "--wet-run")
    assert "flagged 1" in capsys.readouterr().out
    app.refresh_from_db()
    assert app.is_overdue and PolicyApplication.objects.overdue().get() == app
    assert services.mark_overdue(late) == []  # once


def test_working_days():
    assert services.add_working_days(dt.date(2026, 11, 27), 1) == dt.date(2026, 11, 30)  # Fri → Mon
    assert services.add_working_days(dt.date(2026, 11, 30), 5) == dt.date(2026, 12, 7)


# ------------------------------------------------------------------------------- why not


def _ui_claimant(tree, months):
    from jiuye.accounts.enums import Role
    from tests import factories as f

    division = tree["430302001"]
    person = f.make_person(division)
    employer = f.make_employer(division)
    EmploymentSpell.objects.create(
        person=person,
        employer=employer,
        contract_type=ContractType.FIXED_TERM,
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2026, 9, 30),
        end_reason=SpellEndReason.DISMISSED,
    )
    for i in range(months):
        month = dt.date(2026 - (i // 12) - 1, 12 - i % 12, 1)
        ContributionRecord.objects.create(
            person=person,
            employer=employer,
            scheme=InsuranceScheme.UNEMPLOYMENT,
            month=month,
            base_wage="4000",
            amount_due="20",
            amount_paid="20",
        )
    UnemploymentRegistration.objects.create(
        person=person, division=division, registered_on=dt.date(2026, 10, 8)
    )
    return person, f.make_user(Role.CITIZEN, None, person=person)


def test_why_not_says_how_many_more_months(tree, english):
    person, _ = _ui_claimant(tree, months=8)
    answer = services.why_not(person, "unemployment_insurance_benefit", ON)
    assert answer.decision.status == "not_eligible"
    [item] = answer.items
    assert (item.code, item.state) == ("ui_contribution_period", "unmet")
    assert "8 months" in item.hint and "4 more months" in item.hint


def test_why_not_lists_unknowns_and_quota_gap(tree, english):
    person, _ = graduate(tree["430302001"], assistance=None, user=False)
    answer = services.why_not(person, POLICY, ON)
    assert [(i.code, i.state) for i in answer.items] == [("hardship", "unknown")]
    employer, _ = quota_employer(tree["430302001"], user=False)
    from jiuye.registry.enums import LabourStatus
    from jiuye.registry.models import InsuredPeriod
    from tests import factories as f

    for _ in range(99):
        w = f.make_person(tree["430302001"], labour_status=LabourStatus.EMPLOYED)
        InsuredPeriod.objects.create(
            person=w, employer=employer, scheme=InsuranceScheme.PENSION, start_date=dt.date(2025, 1, 1)
        )
    answer = services.why_not(employer, "disability_employment_quota", ON)
    [item] = answer.items
    assert item.code == "quota_met" and "1 more" in item.hint  # 1 of 100; 1.5 → 2 needed
