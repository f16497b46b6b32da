"""Every scoped page: other district → 404 / absent, own district → shown, province role → shown,
anonymous → sign-in page."""

import pytest

from jiuye.registry.models import Person

pytestmark = pytest.mark.django_db

DETAIL_PAGES = {
    "person": lambda w: f"/persons/{w['yuhu']['person'].pk}/",
    "household": lambda w: f"/households/{w['yuhu']['household'].pk}/",
    "employer": lambda w: f"/employers/{w['yuhu']['employer'].pk}/",
}


@pytest.mark.parametrize("page", DETAIL_PAGES)
@pytest.mark.parametrize(
    "role, expected",
    [
        ("caseworker", 200),  # own district
        ("inspector", 200),  # own district
        ("analyst_city", 200),  # the city above
        ("leader_province", 200),  # the province above
        ("admin_national", 200),
        ("caseworker_other", 404),  # other district
        ("citizen", 404),  # not their record
        ("employer", 404),  # not their employer / no access to people
    ],
)
def test_detail_pages_scoped(login, users, world, page, role, expected):
    response = login(users[role]).get(DETAIL_PAGES[page](world))
    assert response.status_code == expected


@pytest.mark.parametrize(
    "url",
    ["/workspace/", "/persons/", "/persons/1/", "/households/1/", "/employers/", "/employers/1/"],
)
def test_anonymous_is_sent_to_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_anonymous_reveal_is_sent_to_sign_in(client, world):
    response = client.post(f"/persons/{world['yuhu']['person'].pk}/reveal/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "role, sees_yuhu, sees_yuetang",
    [
        ("caseworker", True, False),
        ("caseworker_other", False, True),
        ("analyst_city", True, True),
        ("leader_province", True, True),
        ("admin_national", True, True),
        ("citizen", False, False),
        ("employer", False, False),
    ],
)
def test_person_list_scoped(login, users, world, role, sees_yuhu, sees_yuetang):
    response = login(users[role]).get("/persons/")
    assert response.status_code == 200
    shown = set(response.context["page"].object_list)
    assert (world["yuhu"]["person"] in shown) is sees_yuhu
    assert (world["yuetang"]["person"] in shown) is sees_yuetang


def test_person_search_cannot_reach_other_district(login, users, world):
    client = login(users["caseworker"])
    other = world["yuetang"]["person"]
    for q in (other.name, other.resident_id_masked, other.reveal_resident_id()):
        response = client.get("/persons/", {"q": q})
        assert list(response.context["page"].object_list) == []
    # and the filters cannot widen the scope either
    response = client.get("/persons/", {"division": "430304"})
    assert list(response.context["page"].object_list) == []


@pytest.mark.parametrize(
    "role, sees_yuhu, sees_yuetang",
    [
        ("caseworker", True, False),
        ("caseworker_other", False, True),
        ("leader_province", True, True),
        ("admin_national", True, True),
        ("citizen", False, False),
    ],
)
def test_employer_list_scoped(login, users, world, role, sees_yuhu, sees_yuetang):
    response = login(users[role]).get("/employers/")
    assert response.status_code == 200
    shown = set(response.context["page"].object_list)
    assert (world["yuhu"]["employer"] in shown) is sees_yuhu
    assert (world["yuetang"]["employer"] in shown) is sees_yuetang


def test_citizen_reaches_only_own_records(login, users, world):
    citizen = users["citizen"]
    mine = world["yuhu"]
    citizen.person = mine["person"]
    citizen.save()
    client = login(citizen)
    assert client.get(f"/persons/{mine['person'].pk}/").status_code == 200
    assert client.get(f"/households/{mine['household'].pk}/").status_code == 200
    assert client.get(f"/persons/{world['yuetang']['person'].pk}/").status_code == 404
    assert client.get(f"/households/{world['yuetang']['household'].pk}/").status_code == 404
    assert client.get(f"/employers/{mine['employer'].pk}/").status_code == 404
    listed = client.get("/persons/").context["page"].object_list
    assert list(listed) == [mine["person"]]


def test_employer_user_reaches_only_own_employer(login, users, world):
    employer_user = users["employer"]
    employer_user.employer = world["yuhu"]["employer"]
    employer_user.save()
    client = login(employer_user)
    assert client.get(f"/employers/{world['yuhu']['employer'].pk}/").status_code == 200
    assert client.get(f"/employers/{world['yuetang']['employer'].pk}/").status_code == 404
    assert client.get(f"/persons/{world['yuhu']['person'].pk}/").status_code == 404
    assert list(client.get("/employers/").context["page"].object_list) == [world["yuhu"]["employer"]]


def test_employer_detail_lists_only_employees_in_scope(login, users, world, tree):
    from jiuye.registry.models import EmploymentSpell

    employer = world["yuhu"]["employer"]
    commuter = world["yuetang"]["person"]  # lives in Yuetang, works for the Yuhu employer
    EmploymentSpell.objects.create(
        person=commuter,
        employer=employer,
        contract_type="fixed_term",
        start_date=world["yuhu"]["spell"].start_date,
    )
    response = login(users["caseworker"]).get(f"/employers/{employer.pk}/")
    assert response.context["current_employees"] == 2
    listed = {s.person for s in response.context["employee_page"].object_list}
    assert listed == {world["yuhu"]["person"]}
    assert commuter.name not in response.content.decode()
    assert Person.objects.count() == 2


@pytest.mark.parametrize(
    "role, expected",
    [
        ("caseworker", 200),
        ("inspector", 200),
        ("admin_national", 200),
        ("caseworker_other", 404),  # other district: as if it did not exist
        ("leader_province", 403),  # in scope but not allowed to see identifiers
        ("analyst_city", 403),
        ("citizen", 404),
    ],
)
def test_reveal_scoped_and_restricted(login, users, world, role, expected):
    response = login(users[role]).post(f"/persons/{world['yuhu']['person'].pk}/reveal/")
    assert response.status_code == expected


def test_reveal_requires_post(login, users, world):
    response = login(users["caseworker"]).get(f"/persons/{world['yuhu']['person'].pk}/reveal/")
    assert response.status_code == 405


def test_citizen_cannot_reveal_even_own_id(login, users, world):
    citizen = users["citizen"]
    citizen.person = world["yuhu"]["person"]
    citizen.save()
    response = login(citizen).post(f"/persons/{world['yuhu']['person'].pk}/reveal/")
    assert response.status_code == 403


@pytest.mark.parametrize("url", ["/workspace/", "/persons/", "/employers/"])
def test_staff_without_second_factor_are_sent_to_it(client, users, world, url):
    client.force_login(users["caseworker"])  # password only
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/second-factor/")
