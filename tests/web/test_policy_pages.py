"""Policy pages (issue 5): the public catalogue and policy pages agree with the engine; citizens' and
employers' policies and one-stop applications; caseworkers' review queue and worklist."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from jiuye.accounts.enums import Role
from jiuye.core.models import AuditEvent, EventKind
from jiuye.jobs.models import Notification
from jiuye.policies import services
from jiuye.policies.engine import EmployerSituation, PersonSituation
from jiuye.policies.models import PaymentOrder, PolicyApplication, PolicyConsent
from jiuye.registry.enums import LabourStatus, SeekerStatus
from jiuye.registry.models import GraduateRecord, JobSeekerRegistration
from jiuye.web import policy_helpers as ph

from .. import factories as f
from ..policies.platform_helpers import bachelor, quota_employer

ALL_POLICIES = sorted(ph.catalogue().policies)


def _cell(page: str, parameter: str) -> str:
    """The text of the value cell of a parameter's row, without the 'to verify' tag."""
    m = re.search(rf'<tr data-parameter="{parameter}">.*?<td class="param-value">(.*?)</td>', page, re.S)
    assert m, f"no row for {parameter}"
    cell = re.sub(r'<span class="tag tag-alert".*?</span>', "", m.group(1), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()


# --- public pages -----------------------------------------------------------------------------------


def test_catalogue_lists_every_policy_without_sign_in(client, db, english):
    page = client.get(reverse("web:policy_list")).content.decode()
    for pid in ALL_POLICIES:
        assert reverse("web:policy_detail", args=[pid]) in page
    assert "Unemployment insurance benefit" in page and "Individuals" in page and "Employers" in page


def test_catalogue_is_in_chinese_by_default(client, db):
    page = client.get(reverse("web:policy_list")).content.decode()
    assert "失业保险金" in page and "一次性扩岗补助" in page


@pytest.mark.parametrize("pid", ALL_POLICIES)
@pytest.mark.parametrize("division", [None, "43", "4303"])
def test_page_amounts_are_the_engine_parameter_values(client, tree, pid, division):
    """Every figure on the page is the value the engine uses on that day for that division."""
    policy = ph.catalogue()[pid]
    on = ph.today()
    url = reverse("web:policy_detail", args=[pid]) + (f"?division={division}" if division else "")
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    with translation.override("en"):
        for name, param in policy.meta.parameters.items():
            value = param.value(on, division)
            cell = _cell(page, name)
            if value is None:
                assert "no value in force" in cell or "set locally" in cell, (name, cell)
            else:
                assert cell == ph.format_value(value, param.unit, ph._table_axes(policy).get(name)), (
                    name,
                    cell,
                )


@pytest.mark.parametrize("pid", ALL_POLICIES)
def test_page_amounts_match_a_decision_in_the_division(client, tree, pid):
    """The same figures as a decision for someone living in 湘潭 records in its parameters."""
    policy = ph.catalogue()[pid]
    on = ph.today()
    situation = (PersonSituation if policy.subject == "person" else EmployerSituation)(
        division_code="430302001000"
    )
    decision = policy.evaluate(situation, on)
    page = client.get(
        reverse("web:policy_detail", args=[pid]) + "?division=430302001", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    with translation.override("en"):
        for name, value in decision.parameters.items():
            param = policy.meta.parameters[name]
            if isinstance(value, list) and value and isinstance(value[0], str):
                value = tuple(value)  # the decision keeps code sets as lists
            if value is None:
                continue
            assert _cell(page, name) == ph.format_value(value, param.unit, ph._table_axes(policy).get(name))


def test_regional_values_follow_the_division(client, tree, english):
    url = reverse("web:policy_detail", args=["job_search_subsidy"])
    assert _cell(client.get(url + "?division=43").content.decode(), "amount") == "1,000 yuan"
    assert _cell(client.get(url + "?division=4303").content.decode(), "amount") == "1,500 yuan"
    national = client.get(url).content.decode()
    assert "set locally" in _cell(national, "amount")
    # The regional table names the regions and their figures.
    assert "Hunan" in national and "1,500 yuan" in national


def test_placeholders_are_marked_to_verify(client, tree, english):
    page = client.get(
        reverse("web:policy_detail", args=["job_search_subsidy"]) + "?division=4303"
    ).content.decode()
    assert 'id="to-verify"' in page and "placeholders" in page
    assert "to verify" in page


def test_page_has_conditions_how_to_apply_and_legal_reference(client, tree, english):
    page = client.get(reverse("web:policy_detail", args=["unemployment_insurance_benefit"])).content.decode()
    assert "Registered as unemployed" in page and "The last job ended against the person" in page
    assert "How to apply" in page
    assert "《失业保险条例》" in page and 'href="https://www.gov.cn/zhengce/"' in page
    # Durations from the table, in words.
    assert "from 1: 12 months; from 5: 18 months; from 10: 24 months" in page


def test_chinese_page_uses_the_chinese_condition_texts(client, tree):
    page = client.get(reverse("web:policy_detail", args=["unemployment_insurance_benefit"])).content.decode()
    assert "已办理失业登记" in page and "失业保险金" in page


def test_unknown_division_is_named_and_national_values_are_shown(client, tree, english):
    response = client.get(reverse("web:policy_detail", args=["job_search_subsidy"]) + "?division=99<x>")
    assert response.status_code == 200
    page = response.content.decode()
    assert "is not a known division code" in page and "99&lt;x&gt;" in page
    assert "set locally" in _cell(page, "amount")


def test_unknown_policy_is_404(client, db):
    assert client.get(reverse("web:policy_detail", args=["no_such_policy"])).status_code == 404


def test_grade_table_in_words(client, tree, english):
    page = client.get(
        reverse("web:policy_detail", args=["vocational_training_subsidy"]) + "?division=43"
    ).content.decode()
    assert _cell(page, "amount_by_grade") == (
        "junior (grade 5): 800 yuan; intermediate (grade 4): 1,200 yuan; senior (grade 3) and above: 1,600 yuan"
    )


def test_dates_come_from_today(client, tree, english):
    page = client.get(reverse("web:policy_detail", args=["job_search_subsidy"])).content.decode()
    assert ph.today().isoformat() in page
    assert isinstance(ph.today(), dt.date)


# --- citizens and employers -------------------------------------------------------------------------


def graduate_now(division, *, assistance="dibao", name="陈思远", username=None):
    """A university graduate of this year looking for work: with a dibao household the job-search
    subsidy applies today (dates relative to today, so the test holds in any year)."""
    on = ph.today()
    p = f.make_person(
        division, name=name, birth_date=dt.date(on.year - 22, 3, 1), labour_status=LabourStatus.UNEMPLOYED
    )
    GraduateRecord.objects.create(
        person=p, institution="湘潭大学", education=bachelor(), graduation_date=dt.date(on.year, 6, 30)
    )
    JobSeekerRegistration.objects.create(
        person=p, division=division, registered_on=on - dt.timedelta(days=1), status=SeekerStatus.ACTIVE
    )
    if assistance is not None:
        f.make_household(division, [p], assistance_status=assistance)
    kw = {"username": username} if username else {}
    return p, f.make_user(Role.CITIZEN, None, person=p, **kw)


@pytest.fixture
def grad(tree):
    return graduate_now(tree["430302001"])


def test_my_policies_shows_each_policy_with_status_and_reasons(grad, login, english):
    person, user = grad
    page = login(user).get(reverse("web:my_policies")).content.decode()
    # Every person-side policy is listed, none of the employer side.
    for policy in ph.catalogue().for_subject("person"):
        assert f'data-policy="{policy.id}"' in page
    for policy in ph.catalogue().for_subject("employer"):
        assert f'data-policy="{policy.id}"' not in page
    card = re.search(r'data-policy="job_search_subsidy">(.*?)</li>', page, re.S).group(1)
    assert "Eligible" in card and "1,500 yuan" in card  # 湘潭's value, from the parameters
    ui = re.search(r'data-policy="unemployment_insurance_benefit">(.*?)</li>', page, re.S).group(1)
    assert "Not eligible" in ui or "Not known yet" in ui


def test_why_not_page_lists_unmet_conditions_and_hints(tree, login, english):
    person, user = graduate_now(tree["430302001"], assistance="none")
    page = login(user).get(reverse("web:my_policy", args=["public_welfare_position"])).content.decode()
    assert 'id="why-not"' in page
    assert "Recognised as a person with employment difficulties" in page
    assert "Ask your caseworker whether you can be recognised" in page


def test_not_linked_citizen_is_told_so(users, login, english):
    page = login(users["citizen"]).get(reverse("web:my_policies")).content.decode()
    assert "not yet linked" in page


def test_staff_are_sent_to_the_review_queue_not_my_policies(users, login):
    assert login(users["caseworker"]).get(reverse("web:my_policies")).status_code == 403


def test_anonymous_must_sign_in(client, db):
    for url in (
        reverse("web:my_policies"),
        reverse("web:policy_review_queue"),
        reverse("web:policy_worklist"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_consent_per_channel_is_recorded(grad, login, english):
    person, user = grad
    client = login(user)
    response = client.post(reverse("web:my_policy_consent"), {"channel": "inbox", "receive": "no"})
    assert response.status_code == 302
    assert services.consent_state(person)["inbox"] is False
    client.post(reverse("web:my_policy_consent"), {"channel": "sms", "receive": "yes"})
    assert services.consent_state(person)["sms"] is True
    assert PolicyConsent.objects.filter(person=person).count() == 2
    page = client.get(reverse("web:my_policies")).content.decode()
    assert re.search(r'data-channel="inbox">.*?<strong>off</strong>', page, re.S)
    # Bad input: named, nothing recorded.
    response = client.post(reverse("web:my_policy_consent"), {"channel": "fax", "receive": "no"}, follow=True)
    assert "Choose a channel" in response.content.decode()
    assert PolicyConsent.objects.filter(person=person).count() == 2


def test_apply_makes_a_prefilled_draft_showing_sources(grad, login, english):
    person, user = grad
    client = login(user)
    # The notification link: GET shows the reasons and the Apply button, creates nothing.
    page = client.get(reverse("web:policy_apply", args=["job_search_subsidy"])).content.decode()
    assert "Apply with my data filled in" in page and "In the year of graduation" in page
    assert not PolicyApplication.objects.exists()
    response = client.post(reverse("web:policy_apply", args=["job_search_subsidy"]))
    app = PolicyApplication.objects.get()
    assert response["Location"] == reverse("web:policy_application", args=[app.pk])
    assert app.status == "draft" and app.person == person
    page = client.get(response["Location"]).content.decode()
    assert "Data already held by the government" in page
    row = re.search(r'<tr data-field="assistance_status">(.*?)</tr>', page, re.S).group(1)
    assert "minimum living support (dibao)" in row and "Civil affairs" in row
    row = re.search(r'<tr data-field="graduation_year">(.*?)</tr>', page, re.S).group(1)
    assert str(ph.today().year) in row and "Education department" in row
    # Only what the library lacks is asked: the student loan (hardship can come from it), not the dibao.
    assert 'name="declare_student_loan"' in page
    assert 'name="declare_assistance_status"' not in page
    # Applying twice opens the same application.
    client.post(reverse("web:policy_apply", args=["job_search_subsidy"]))
    assert PolicyApplication.objects.count() == 1


def test_submit_then_caseworker_approves_and_citizen_sees_the_decision(grad, users, login, client, english):
    person, user = grad
    login(user)
    client.post(reverse("web:policy_apply", args=["job_search_subsidy"]))
    app = PolicyApplication.objects.get()
    response = client.post(
        reverse("web:policy_application_act", args=[app.pk]),
        {"action": "submit", "declare_student_loan": "yes"},
        follow=True,
    )
    assert "Your application is submitted" in response.content.decode()
    app.refresh_from_db()
    assert app.status == "submitted" and app.declared == {"student_loan": True} and app.review_due

    # The Yuhu caseworker sees it in the queue and approves; the Yuetang one cannot see it at all.
    assert (
        login(users["caseworker_other"]).get(reverse("web:policy_application", args=[app.pk])).status_code
        == 404
    )
    cw = login(users["caseworker"])
    queue = cw.get(reverse("web:policy_review_queue")).content.decode()
    assert reverse("web:policy_application", args=[app.pk]) in queue
    assert person.resident_id_masked in queue
    page = cw.get(reverse("web:policy_application", args=[app.pk])).content.decode()
    assert 'id="recheck"' in page and "Approve" in page
    assert person.resident_id_masked in page
    cw.post(reverse("web:policy_application_review", args=[app.pk]), {"to": "approved"})
    app.refresh_from_db()
    assert app.status == "approved" and app.decision["status"] == "eligible"
    assert PaymentOrder.objects.get(application=app).amount == 1500

    page = login(user).get(reverse("web:policy_application", args=[app.pk])).content.decode()
    assert 'id="decision"' in page and "Approved" in page and "1500" in page
    assert 'id="review"' not in page


def test_submission_refused_is_kept_as_draft_with_the_reason(grad, login, english):
    person, user = grad
    client = login(user)
    client.post(reverse("web:policy_apply", args=["job_search_subsidy"]))
    app = PolicyApplication.objects.get()
    # The education feed corrects the graduation to last year: the data is stale, then not eligible.
    person.graduations.update(graduation_date=dt.date(ph.today().year - 1, 6, 30))
    url = reverse("web:policy_application_act", args=[app.pk])
    page = client.post(url, {"action": "submit"}, follow=True).content.decode()
    assert "Not submitted" in page and "changed since this application was filled in" in page
    assert "kept as a draft" in page
    page = client.post(url, {"action": "submit"}, follow=True).content.decode()
    assert "The conditions are not met: In the year of graduation." in page
    app.refresh_from_db()
    assert app.status == "draft"


def test_bad_declaration_is_named_and_nothing_is_lost(grad, login, english):
    person, user = grad
    client = login(user)
    client.post(reverse("web:policy_apply", args=["job_search_subsidy"]))
    app = PolicyApplication.objects.get()
    response = client.post(
        reverse("web:policy_application_act", args=[app.pk]),
        {"action": "submit", "declare_student_loan": "maybe"},
        follow=True,
    )
    assert "National student loan: answer yes or no." in response.content.decode()
    app.refresh_from_db()
    assert app.status == "draft"


def test_review_needs_a_reason_and_return_a_note(grad, users, login, client, english):
    person, user = grad
    login(user)
    client.post(reverse("web:policy_apply", args=["job_search_subsidy"]))
    app = PolicyApplication.objects.get()
    client.post(reverse("web:policy_application_act", args=[app.pk]), {"action": "submit"})
    cw = login(users["caseworker"])
    page = cw.post(
        reverse("web:policy_application_review", args=[app.pk]), {"to": "rejected"}, follow=True
    ).content.decode()
    assert "A rejection needs a reason." in page
    page = cw.post(
        reverse("web:policy_application_review", args=[app.pk]), {"to": "returned", "note": " "}, follow=True
    ).content.decode()
    assert "Say what information is missing." in page
    cw.post(
        reverse("web:policy_application_review", args=[app.pk]),
        {"to": "returned", "note": "Please send the student-loan contract"},
    )
    app.refresh_from_db()
    assert app.status == "returned"
    page = login(user).get(reverse("web:policy_application", args=[app.pk])).content.decode()
    assert "Please send the student-loan contract" in page and "Submit again" in page
    # A citizen cannot use the review form.
    client.post(reverse("web:policy_application_review", args=[app.pk]), {"to": "approved"})
    app.refresh_from_db()
    assert app.status == "returned"


def test_citizen_cannot_open_someone_elses_application(grad, tree, login):
    person, user = grad
    other, other_user = graduate_now(tree["430302001"], name="周敏")
    login(other_user).post(reverse("web:policy_apply", args=["job_search_subsidy"]))
    theirs = PolicyApplication.objects.get(person=other)
    assert login(user).get(reverse("web:policy_application", args=[theirs.pk])).status_code == 404


def test_queue_puts_overdue_first(tree, users, login):
    a, ua = graduate_now(tree["430302001"], name="甲")
    b, ub = graduate_now(tree["430302001"], name="乙")
    apps = []
    for person, user in ((a, ua), (b, ub)):
        app = services.start_application(person, "job_search_subsidy", by=user)
        services.submit_application(app, user)
        apps.append(app)
    PolicyApplication.objects.filter(pk=apps[1].pk).update(is_overdue=True)
    page = login(users["caseworker"]).get(reverse("web:policy_review_queue")).content.decode()
    first = page.index(reverse("web:policy_application", args=[apps[1].pk]))
    second = page.index(reverse("web:policy_application", args=[apps[0].pk]))
    assert first < second
    assert 'class="overdue"' in page


def test_worklist_shows_people_in_scope_with_unknown_conditions(tree, users, login, english):
    person, _ = graduate_now(tree["430302001"], assistance="none", name="孙悟")
    graduate_now(tree["430304001"], assistance="none", name="岳塘人")
    page = login(users["caseworker"]).get(reverse("web:policy_worklist")).content.decode()
    assert person.resident_id_masked in page
    assert "Job-search and entrepreneurship subsidy" in page
    assert "holding a national student loan" in page
    assert "岳塘人" not in page
    assert login(users["analyst_city"]).get(reverse("web:policy_worklist")).status_code == 403


def test_employer_sees_employer_policies(tree, login, english):
    employer, user = quota_employer(tree["430302001"])
    page = login(user).get(reverse("web:my_policies")).content.decode()
    assert "Policies for us" in page
    for policy in ph.catalogue().for_subject("employer"):
        assert f'data-policy="{policy.id}"' in page
    assert 'data-policy="job_search_subsidy"' not in page
    assert login(user).get(reverse("web:my_policy", args=["job_search_subsidy"])).status_code == 404


def test_notification_link_from_the_push_opens_the_apply_page(grad, login, english):
    person, user = grad
    result = services.push_policies(ph.today(), dry_run=False)
    assert result.counts
    note = Notification.objects.filter(recipient=user, link__contains="job_search_subsidy").get()
    assert note.link == reverse("web:policy_apply", args=["job_search_subsidy"])
    page = login(user).get(note.link).content.decode()
    assert "Apply with my data filled in" in page


def test_workspaces_link_to_the_policy_pages(grad, users, login, tree):
    person, user = grad
    assert reverse("web:my_policies") in login(user).get(reverse("web:workspace")).content.decode()
    page = login(users["caseworker"]).get(reverse("web:workspace")).content.decode()
    assert reverse("web:policy_review_queue") in page and reverse("web:policy_worklist") in page
    employer, boss = quota_employer(tree["430302001"])
    assert reverse("web:my_policies") in login(boss).get(reverse("web:workspace")).content.decode()
    # And the public nav has the policies link for everyone.
    assert reverse("web:policy_list") in login(user).get(reverse("web:home")).content.decode()


def test_employer_applies_for_an_employer_policy(tree, users, login, english):
    employer, boss = quota_employer(tree["430302001"])
    client = login(boss)
    page = client.get(reverse("web:my_policy", args=["disability_employment_quota"])).content.decode()
    assert "Employs disabled people at or above the quota share" in page
    client.post(reverse("web:policy_apply", args=["disability_employment_quota"]))
    app = PolicyApplication.objects.get(employer=employer)
    page = client.get(reverse("web:policy_application", args=[app.pk])).content.decode()
    assert employer.name in page and 'data-field="insured_headcount"' in page
    client.post(reverse("web:policy_application_act", args=[app.pk]), {"action": "submit"})
    app.refresh_from_db()
    assert app.status == "submitted"
    # The citizen-side pages refuse the wrong subject with a 404, not a 500.
    assert client.post(reverse("web:policy_apply", args=["job_search_subsidy"])).status_code == 404
    assert client.get(reverse("web:my_policy", args=["no_such_policy"])).status_code == 404


def test_staff_view_is_audited_and_only_caseworkers_review(grad, users, login, english):
    person, user = grad
    app = services.start_application(person, "job_search_subsidy", by=user)
    services.submit_application(app, user)
    page = login(users["analyst_city"]).get(reverse("web:policy_application", args=[app.pk])).content.decode()
    assert 'id="review"' not in page and person.resident_id_masked in page
    assert AuditEvent.objects.about(app).of_kind(EventKind.RECORD_VIEWED).count() == 1
    response = login(users["analyst_city"]).post(
        reverse("web:policy_application_review", args=[app.pk]), {"to": "approved"}, follow=True
    )
    assert "Only district staff of the applicant" in response.content.decode()
    app.refresh_from_db()
    assert app.status == "submitted"
    cw = login(users["caseworker"])
    page = cw.post(reverse("web:policy_application_review", args=[app.pk]), {"to": "paid"}, follow=True)
    assert "Choose what to do with the application." in page.content.decode()
    cw.post(reverse("web:policy_application_review", args=[app.pk]), {"to": "under_review"})
    cw.post(
        reverse("web:policy_application_review", args=[app.pk]),
        {"to": "rejected", "reason": "unverified", "note": "No loan contract"},
    )
    app.refresh_from_db()
    assert app.status == "rejected" and app.rejection_reason == "unverified"
    page = login(user).get(reverse("web:policy_application", args=[app.pk])).content.decode()
    assert "Conditions could not be verified" in page and "No loan contract" in page


def test_withdraw(grad, login, english):
    person, user = grad
    client = login(user)
    client.post(reverse("web:policy_apply", args=["job_search_subsidy"]))
    app = PolicyApplication.objects.get()
    client.post(reverse("web:policy_application_act", args=[app.pk]), {"action": "withdraw"})
    app.refresh_from_db()
    assert app.status == "withdrawn"
    page = client.get(reverse("web:policy_application", args=[app.pk])).content.decode()
    assert "Withdraw the application" not in page and 'id="complete"' not in page
