"""Job pages: seekers list, read and apply; employers draft, publish and move applications; staff see
their area and refer. Scoping: another district → 404, own → shown, province → shown."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jiuye.accounts.enums import Role
from jiuye.jobs.enums import ApplicationStatus as A
from jiuye.jobs.enums import PostingStatus
from jiuye.jobs.models import JobApplication, JobPosting
from jiuye.registry.models import EmploymentSpell
from tests import factories as f

from .test_postings import employer_user, occupation, posting, published

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def world(tree):
    yuhu = published(tree["430302001"], title="仓库管理员")
    yuetang = published(tree["430304001"], title="叉车司机")
    seeker = f.make_person(tree["430302001"], name="赵六")
    return {
        "yuhu": yuhu, "yuetang": yuetang, "seeker": seeker,
        "citizen": f.make_user(Role.CITIZEN, None, person=seeker),
        "employer": employer_user(yuhu.employer),
    }


# --- scoping ------------------------------------------------------------------------------------------


def test_staff_detail_scoping(world, users, login):
    assert login(users["caseworker"]).get(reverse("web:job_detail", args=[world["yuetang"].pk])).status_code == 404
    assert login(users["caseworker"]).get(reverse("web:job_detail", args=[world["yuhu"].pk])).status_code == 200
    client = login(users["leader_province"])
    assert client.get(reverse("web:job_detail", args=[world["yuetang"].pk])).status_code == 200


def test_staff_posting_list_shows_own_area_only(world, users, login):
    body = login(users["caseworker"]).get(reverse("web:posting_manage_list")).content.decode()
    assert "仓库管理员" in body and "叉车司机" not in body
    body = login(users["admin_national"]).get(reverse("web:posting_manage_list")).content.decode()
    assert "仓库管理员" in body and "叉车司机" in body
    # Leaders and analysts read postings on the job list; managing them is for employers and case staff.
    assert login(users["leader_province"]).get(reverse("web:posting_manage_list")).status_code == 403


def test_employer_sees_only_own_postings_and_applications(world, login, tree):
    other = employer_user(world["yuetang"].employer)
    client = login(other)
    body = client.get(reverse("web:posting_manage_list")).content.decode()
    assert "叉车司机" in body and "仓库管理员" not in body
    assert client.get(reverse("web:posting_applications", args=[world["yuhu"].pk])).status_code == 404
    assert client.get(reverse("web:posting_edit", args=[world["yuhu"].pk])).status_code == 404


def test_citizen_sees_published_postings_only(world, login, tree):
    draft = posting(tree["430302001"], title="草稿岗位")
    client = login(world["citizen"])
    body = client.get(reverse("web:job_list")).content.decode()
    assert "仓库管理员" in body and "叉车司机" in body and "草稿岗位" not in body
    assert client.get(reverse("web:job_detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("web:posting_manage_list")).status_code == 403


def test_job_list_filters(world, login):
    client = login(world["citizen"])
    body = client.get(reverse("web:job_list"), {"q": "叉车"}).content.decode()
    assert "叉车司机" in body and "仓库管理员" not in body
    body = client.get(reverse("web:job_list"), {"division": "430302"}).content.decode()
    assert "仓库管理员" in body and "叉车司机" not in body
    response = client.get(reverse("web:job_list"), {"division": "999999"})
    assert response.status_code == 200 and "No area has this code." in response.content.decode()


def test_anonymous_is_sent_to_sign_in(world, client):
    assert client.get(reverse("web:job_list")).status_code == 302


# --- seeker journey -----------------------------------------------------------------------------------


def test_seeker_applies_and_withdraws(world, login):
    client = login(world["citizen"])
    detail = client.get(reverse("web:job_detail", args=[world["yuhu"].pk])).content.decode()
    assert reverse("web:job_apply", args=[world["yuhu"].pk]) in detail
    response = client.post(reverse("web:job_apply", args=[world["yuhu"].pk]))
    assert response.status_code == 302
    app = JobApplication.objects.get(person=world["seeker"])
    assert "仓库管理员" in client.get(reverse("web:my_applications")).content.decode()
    client.post(reverse("web:application_withdraw", args=[app.pk]))
    app.refresh_from_db()
    assert app.status == A.WITHDRAWN


def test_seeker_cannot_withdraw_someone_elses_application(world, login, tree):
    other = f.make_person(tree["430302001"])
    app = JobApplication.objects.create(posting=world["yuhu"], person=other)
    response = login(world["citizen"]).post(reverse("web:application_withdraw", args=[app.pk]))
    assert response.status_code == 404


# --- employer journey ---------------------------------------------------------------------------------


def _form_data(**kw):
    today = timezone.localdate()
    data = {
        "title": "包装工", "description": "", "occupation_code": occupation().code, "division_code": "430302001",
        "address": "雨湖路2号", "latitude": "", "longitude": "", "pay_min": "4200", "pay_max": "5000",
        "pay_months": "12", "pay_text": "", "contract_type": "fixed_term", "headcount": "3", "education": "",
        "experience_years": "0", "working_hours": "8小时/天，双休", "social_insurance": "five",
        "valid_from": today.isoformat(), "valid_until": (today + dt.timedelta(days=30)).isoformat(),
    }
    data.update(kw)
    return data


def test_employer_saves_an_incomplete_draft(world, login):
    client = login(world["employer"])
    response = client.post(reverse("web:posting_create"), _form_data(pay_min="", pay_max="", save="1"))
    assert response.status_code == 302
    draft = JobPosting.objects.get(title="包装工")
    assert draft.status == PostingStatus.DRAFT and draft.created_by == world["employer"]


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"pay_min": "", "pay_max": ""}, "pay_min", "State the monthly base pay"),
    ({"pay_min": "1000", "pay_max": "1200"}, "pay_min", "below the local monthly minimum wage"),
    ({"occupation_code": "9-99-99-99"}, "occupation_code", "No occupation has this code"),
    ({"occupation_code": ""}, "occupation", "Choose the occupation"),
])
def test_publish_refused_with_field_errors_and_draft_kept(world, login, data, field, message):
    client = login(world["employer"])
    response = client.post(reverse("web:posting_create"), _form_data(publish="1", **data))
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body and 'class="field-error"' in body
    if field != "occupation_code":  # a form error (unknown code) stops before saving; a publication error saves
        assert JobPosting.objects.get(title="包装工").status == PostingStatus.DRAFT


def test_employer_publishes_reconfirms_and_closes(world, login):
    client = login(world["employer"])
    response = client.post(reverse("web:posting_create"), _form_data(publish="1"))
    new = JobPosting.objects.get(title="包装工")
    assert response.status_code == 302 and new.status == PostingStatus.PUBLISHED
    client.post(reverse("web:posting_action", args=[new.pk]), {"action": "reconfirm"})
    client.post(reverse("web:posting_action", args=[new.pk]), {"action": "close"})
    new.refresh_from_db()
    assert new.status == PostingStatus.CLOSED


def test_employer_moves_an_application_to_hired(world, login):
    app = JobApplication.objects.create(posting=world["yuhu"], person=world["seeker"])
    client = login(world["employer"])
    page = client.get(reverse("web:posting_applications", args=[world["yuhu"].pk])).content.decode()
    assert "赵六" in page and "Mark as viewed" in page and "Record the hire" not in page
    url = reverse("web:application_move", args=[app.pk])
    for to in (A.VIEWED, A.INTERVIEW, A.OFFERED, A.HIRED):
        client.post(url, {"to": to})
    app.refresh_from_db()
    assert app.status == A.HIRED
    assert EmploymentSpell.objects.filter(person=world["seeker"], employer=world["yuhu"].employer).exists()


def test_employer_rejects_with_reason_and_illegal_move_is_a_message(world, login):
    app = JobApplication.objects.create(posting=world["yuhu"], person=world["seeker"])
    client = login(world["employer"])
    url = reverse("web:application_move", args=[app.pk])
    response = client.post(url, {"to": A.HIRED}, follow=True)
    assert "cannot go from" in response.content.decode()
    client.post(url, {"to": A.REJECTED, "reason": "experience"})
    app.refresh_from_db()
    assert app.status == A.REJECTED and app.rejection_reason == "experience"


# --- staff --------------------------------------------------------------------------------------------


def test_caseworker_refers_a_person_by_id(world, users, login, tree):
    client = login(users["caseworker"])
    url = reverse("web:posting_refer", args=[world["yuhu"].pk])
    assert client.get(url).status_code == 200
    outsider = f.make_person(tree["430304001"])
    response = client.post(url, {"resident_id": outsider.reveal_resident_id()})
    assert "No person with this ID number lives in your area." in response.content.decode()
    response = client.post(url, {"resident_id": world["seeker"].reveal_resident_id()})
    assert response.status_code == 302
    assert JobApplication.objects.get(person=world["seeker"]).referred_by == users["caseworker"]


def test_analyst_cannot_refer(world, users, login):
    assert login(users["analyst_city"]).get(reverse("web:posting_refer", args=[world["yuhu"].pk])).status_code == 403


def test_nav_links_per_role(world, users, login):
    assert reverse("web:job_list") in login(world["citizen"]).get(reverse("web:home")).content.decode()
    assert reverse("web:posting_manage_list") in login(world["employer"]).get(reverse("web:home")).content.decode()


def test_admin_is_scoped_and_read_only(world, users, login):
    from django.contrib.auth.models import Permission

    from jiuye.accounts.models import User

    user = users["caseworker"]
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="jobs"))
    client = login(User.objects.get(pk=user.pk))
    response = client.get("/admin/jobs/jobposting/")
    assert {p.pk for p in response.context["cl"].result_list} == {world["yuhu"].pk}
    assert client.get(f"/admin/jobs/jobposting/{world['yuetang'].pk}/change/").status_code == 404
    assert client.get(f"/admin/jobs/jobposting/{world['yuhu'].pk}/change/").status_code == 200
    assert client.get("/admin/jobs/jobposting/add/").status_code == 403


# --- search -------------------------------------------------------------------------------------------


def test_job_search_finds_live_by_chinese_word_with_facets(world, login, tree):
    draft = posting(tree["430302001"], title="叉车学徒")
    client = login(world["citizen"])
    response = client.get(reverse("web:job_list"), {"q": "叉车"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "叉车司机" in body and "仓库管理员" not in body and draft.title not in body
    assert 'class="facets"' in body and "Fixed-term contract" in body and "?q=" in body


def test_job_search_follows_publication_and_closing(world, login, tree):
    client = login(world["citizen"])
    new = posting(tree["430302001"], title="面包师")
    assert "面包师" not in client.get(reverse("web:job_list"), {"q": "面包"}).content.decode()
    services_publish(new)
    assert "面包师" in client.get(reverse("web:job_list"), {"q": "面包"}).content.decode()
    new.refresh_from_db()
    new.status = PostingStatus.CLOSED
    new.save()
    assert "面包师" not in client.get(reverse("web:job_list"), {"q": "面包"}).content.decode()


def services_publish(p):
    from jiuye.jobs import services

    return services.publish_posting(p, by=None)


@pytest.mark.parametrize(("param", "value"), [("pay_from", "abc"), ("sort", "cheapest"), ("page", "-1"), ("lat", "x")])
def test_job_search_malformed_parameter_is_400_naming_it(world, login, param, value):
    response = login(world["citizen"]).get(reverse("web:job_list"), {param: value})
    assert response.status_code == 400
    assert param in response.content.decode()


def test_job_search_malformed_parameter_message_in_chinese(world, login, client):
    from django.utils import translation

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    with translation.override("zh-hans"):
        response = login(world["citizen"]).get(reverse("web:job_list"), {"pay_from": "abc"})
    assert response.status_code == 400 and "pay_from" in response.content.decode()
    assert "须为整数" in response.content.decode()


def test_job_search_paginates_with_token(world, login, tree):
    for i in range(25):
        published(tree["430302001"], title=f"普工{i}")
    client = login(world["citizen"])
    first = client.get(reverse("web:job_list"), {"q": "普工"})
    assert first.status_code == 200 and 'rel="next"' in first.content.decode()
    token = first.context["result"].next_token
    second = client.get(reverse("web:job_list"), {"q": "普工", "after": token})
    assert second.status_code == 200 and second.context["result"].page == 2
    shown = {p.pk for p in first.context["postings"]} | {p.pk for p in second.context["postings"]}
    assert len(shown) == 25


def test_staff_search_stays_in_their_area(world, users, login):
    client = login(users["caseworker"])
    body = client.get(reverse("web:job_list")).content.decode()
    assert "仓库管理员" in body and "叉车司机" not in body
    body = client.get(reverse("web:job_list"), {"division": "430304"}).content.decode()
    assert "叉车司机" not in body


def test_pay_text_fills_an_empty_pay_range(world, login):
    client = login(world["employer"])
    response = client.post(reverse("web:posting_create"),
                           _form_data(pay_min="", pay_max="", pay_text="5-6K·13薪", save="1"))
    assert response.status_code == 302
    new = JobPosting.objects.get(title="包装工")
    assert (new.pay_min, new.pay_max, new.pay_months) == (5000, 6000, 13)
    form = client.get(reverse("web:posting_create")).content.decode()
    assert "filled from this text" in form
