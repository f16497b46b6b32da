"""Recommendation pages: the seeker's job wishes and jobs for them, an employer's anonymised candidates with
"invite to apply", a caseworker's jobs for a person with Refer (audited reads, scoped), the analysts' fairness
report. Scoping: another district → 404, own → shown, province → shown; other roles → 403."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jiuye.accounts.enums import Role
from jiuye.core.models import AuditEvent, EventKind
from jiuye.jobs.models import JobApplication, Notification
from jiuye.matching import recommendations as rec
from jiuye.matching.models import CandidateInvitation, SeekerProfile
from tests import factories as f
from tests.jobs.test_postings import employer_user, published

from .test_recommendations import YUETANG, YUHU, education, occupation

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def world(tree):
    rec.clear_cache()
    for code, (lat, lon) in {"430302001": YUHU, "430304001": YUETANG}.items():
        tree[code].latitude, tree[code].longitude = lat, lon
        tree[code].save()
    warehouse = occupation("4-02-01-01", "仓储管理员")
    keeper = published(
        tree["430302001"], title="仓库管理员", occupation=warehouse, description="叉车 仓储管理"
    )
    seeker = f.make_person(tree["430302001"], name="王小明", education=education("senior_secondary", 4))
    SeekerProfile.objects.create(
        person=seeker,
        desired_occupation=warehouse,
        pay_expected=5000,
        skills_text="叉车",
        open_to_offers=True,
    )
    return {
        "keeper": keeper,
        "seeker": seeker,
        "warehouse": warehouse,
        "citizen": f.make_user(Role.CITIZEN, None, person=seeker),
        "employer": employer_user(keeper.employer),
    }


# --- seekers --------------------------------------------------------------------------------------------------------


def test_profile_form_saves_and_shows_errors(world, login):
    client = login(world["citizen"])
    url = reverse("web:my_profile")
    assert client.get(url).status_code == 200
    response = client.post(url, {"desired_title": "", "pay_expected": "-3", "max_distance_km": "abc"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ensure this value is greater than or equal to 0" in body and "Enter a number" in body
    response = client.post(
        url,
        {
            "desired_title": "",
            "pay_expected": "5200",
            "skills_text": "叉车证",
            "max_distance_km": "15",
            "open_to_offers": "",
        },
    )
    assert response.status_code == 302
    profile = SeekerProfile.objects.get(person=world["seeker"])
    assert profile.pay_expected == 5200 and profile.max_distance_km == 15 and not profile.open_to_offers
    response = client.post(url, {"latitude": "28.0"})
    assert response.status_code == 400 and "Give both latitude and longitude" in response.content.decode()


def test_profile_pages_are_for_seekers_with_a_record(users, login, world):
    for user in (users["caseworker"], users["employer"], users["citizen"]):  # citizen1 has no person
        assert login(user).get(reverse("web:my_profile")).status_code == 403
        assert login(user).get(reverse("web:my_recommendations")).status_code == 403
    assert reverse("web:my_profile") in login(world["citizen"]).get(reverse("web:workspace")).content.decode()


def test_jobs_for_me_with_reasons_and_apply(world, login):
    client = login(world["citizen"])
    body = client.get(reverse("web:my_recommendations")).content.decode()
    assert "仓库管理员" in body and "Same occupation" in body and "Within 1 km" in body
    assert reverse("web:job_apply", args=[world["keeper"].pk]) in body
    response = client.post(reverse("web:job_apply", args=[world["keeper"].pk]))
    assert response.status_code == 302
    assert JobApplication.objects.filter(person=world["seeker"], posting=world["keeper"]).exists()
    assert "仓库管理员" not in client.get(reverse("web:my_recommendations")).content.decode()


# --- employers ------------------------------------------------------------------------------------------------------


def test_employer_sees_anonymised_candidates_and_invites(world, login):
    client = login(world["employer"])
    url = reverse("web:posting_candidates", args=[world["keeper"].pk])
    body = client.get(url).content.decode()
    seeker = world["seeker"]
    assert seeker.masked_name in body and seeker.name not in body
    assert seeker.resident_id_masked not in body
    assert "Same occupation" in body and "within 5 km" in body
    (row,) = rec.recommend_candidates(world["keeper"])
    assert row.token in body
    response = client.post(
        reverse("web:posting_candidate_invite", args=[world["keeper"].pk]), {"candidate": row.token}
    )
    assert response.status_code == 302
    assert CandidateInvitation.objects.filter(posting=world["keeper"], person=seeker).exists()
    assert Notification.objects.filter(
        recipient=world["citizen"], link=f"/jobs/{world['keeper'].pk}/"
    ).exists()
    assert "Invited" in client.get(url).content.decode()
    response = client.post(
        reverse("web:posting_candidate_invite", args=[world["keeper"].pk]),
        {"candidate": "forged"},
        follow=True,
    )
    assert "no longer available" in response.content.decode()


def test_candidates_only_on_own_postings(world, login, tree, users):
    other = employer_user(published(tree["430304001"]).employer)
    assert login(other).get(reverse("web:posting_candidates", args=[world["keeper"].pk])).status_code == 404
    url = reverse("web:posting_candidate_invite", args=[world["keeper"].pk])
    assert login(other).post(url, {"candidate": "x"}).status_code == 404
    assert login(world["citizen"]).get(
        reverse("web:posting_candidates", args=[world["keeper"].pk])
    ).status_code in (403, 404)
    assert (
        login(users["caseworker_other"])
        .get(reverse("web:posting_candidates", args=[world["keeper"].pk]))
        .status_code
        == 404
    )


def test_applications_page_links_to_candidates(world, login):
    body = login(world["employer"]).get(reverse("web:posting_applications", args=[world["keeper"].pk]))
    assert reverse("web:posting_candidates", args=[world["keeper"].pk]) in body.content.decode()


# --- caseworkers ----------------------------------------------------------------------------------------------------


def test_caseworker_recommendations_scoped_audited_and_refer(world, login, users):
    url = reverse("web:person_recommendations", args=[world["seeker"].pk])
    assert login(users["caseworker_other"]).get(url).status_code == 404
    assert login(users["analyst_city"]).get(url).status_code == 403
    client = login(users["caseworker"])
    body = client.get(url).content.decode()
    assert "仓库管理员" in body and "Same occupation" in body
    assert (
        AuditEvent.objects.about(world["seeker"])
        .filter(kind=EventKind.RECORD_VIEWED, data__page="person_recommendations", actor=users["caseworker"])
        .exists()
    )
    refer = reverse("web:person_recommendation_refer", args=[world["seeker"].pk, world["keeper"].pk])
    assert client.post(refer).status_code == 302
    app = JobApplication.objects.get(person=world["seeker"], posting=world["keeper"])
    assert app.referred_by == users["caseworker"]
    assert login(users["caseworker_other"]).post(refer).status_code == 404
    body = (
        login(users["caseworker"])
        .get(reverse("web:person_detail", args=[world["seeker"].pk]))
        .content.decode()
    )
    assert url in body


# --- analysts -------------------------------------------------------------------------------------------------------


def test_fairness_report_page(world, login, users):
    url = reverse("web:recommendation_report")
    for user in (users["caseworker"], world["citizen"], world["employer"]):
        assert login(user).get(url).status_code == 403
    body = login(users["analyst_city"]).get(url).content.decode()
    assert "By sex" in body and "By age band" in body and "Male" in body and "100%" in body
    assert AuditEvent.objects.filter(kind=EventKind.EXPORTED, data__report="recommendation_fairness").exists()
    assert url in login(users["analyst_city"]).get(reverse("web:workspace")).content.decode()
    assert login(users["leader_province"]).get(url).status_code == 200


# --- API ------------------------------------------------------------------------------------------------------------


def test_api_jobs_for_a_person(world, users, client):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=users["caseworker"]).key
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    url = "/api/v1/recommendations/jobs/"
    response = client.get(url, {"person": world["seeker"].pk}, **auth)
    assert response.status_code == 200
    (item,) = response.json()
    assert item["posting"] == world["keeper"].pk and 0 < item["score"] <= 1
    codes = {r["code"]: r for r in item["reasons"]}
    assert codes["same_occupation_unit"]["text"] == "Same occupation"
    assert codes["within_km"]["params"] == {"km": 1}
    assert AuditEvent.objects.about(world["seeker"]).filter(kind=EventKind.API_READ).exists()
    assert client.get(url, **auth).json() == {"person": ["This parameter is required."]}
    assert client.get(url, {"person": "x"}, **auth).json() == {"person": ["Give a whole number."]}
    assert client.get(url, {"person": world["seeker"].pk, "top": "500"}, **auth).status_code == 400
    other = Token.objects.create(user=users["caseworker_other"]).key
    response = client.get(url, {"person": world["seeker"].pk}, HTTP_AUTHORIZATION=f"Token {other}")
    assert response.status_code == 404
    analyst = Token.objects.create(user=users["analyst_city"]).key
    response = client.get(url, {"person": world["seeker"].pk}, HTTP_AUTHORIZATION=f"Token {analyst}")
    assert response.status_code == 403


def test_caseworker_records_job_wishes_but_not_consent(world, login, users, tree):
    person = f.make_person(tree["430302001"], name="赵六")
    url = reverse("web:person_profile", args=[person.pk])
    assert login(users["caseworker_other"]).get(url).status_code == 404
    assert login(users["analyst_city"]).get(url).status_code == 403
    client = login(users["caseworker"])
    body = client.get(url).content.decode()
    assert "open_to_offers" not in body
    assert AuditEvent.objects.about(person).filter(data__page="person_job_wishes").exists()
    response = client.post(url, {"pay_expected": "4800", "max_distance_km": "10", "open_to_offers": "on"})
    assert response.status_code == 302
    profile = SeekerProfile.objects.get(person=person)
    assert profile.pay_expected == 4800 and profile.open_to_offers is False
    with pytest.raises(rec.ProfileError, match="Only the job seeker"):
        rec.save_profile(person, by=users["caseworker"], open_to_offers=True)
    assert (
        reverse("web:person_profile", args=[person.pk])
        in client.get(reverse("web:person_recommendations", args=[person.pk])).content.decode()
    )
