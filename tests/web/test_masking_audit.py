"""Identifiers are masked everywhere; full reads and reveals are audit events without personal data."""

import json

import pytest

from jiuye.core.models import AuditEvent, EventKind

from .conftest import YUHU_ID

pytestmark = pytest.mark.django_db


def _events(person, kind):
    return AuditEvent.objects.about(person).of_kind(kind)


def test_detail_masks_identifiers_and_audits_the_read(login, users, world):
    person = world["yuhu"]["person"]
    response = login(users["caseworker"]).get(f"/persons/{person.pk}/")
    html = response.content.decode()
    assert YUHU_ID not in html
    assert person.resident_id_masked in html
    assert person.reveal_phone() not in html and person.phone_masked in html
    assert person.name in html
    event = _events(person, EventKind.RECORD_VIEWED).get()
    assert event.actor == users["caseworker"] and event.division_path == person.division.path
    dumped = json.dumps(event.data, ensure_ascii=False)
    assert YUHU_ID not in dumped and person.name not in dumped and person.reveal_phone() not in dumped
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "url", ["/persons/", "/persons/?q=王", "/workspace/", "/households/{hh}/", "/employers/{emp}/"]
)
def test_full_id_never_in_list_pages(login, users, world, url):
    url = url.format(hh=world["yuhu"]["household"].pk, emp=world["yuhu"]["employer"].pk)
    html = login(users["caseworker"]).get(url).content.decode()
    assert YUHU_ID not in html
    assert world["yuhu"]["person"].resident_id_masked in html


def test_search_by_full_or_masked_id_finds_the_person_without_showing_the_number(login, users, world):
    person = world["yuhu"]["person"]
    client = login(users["caseworker"])
    for q in (YUHU_ID, person.resident_id_masked, "王小"):
        response = client.get("/persons/", {"q": q})
        assert list(response.context["page"].object_list) == [person]
        assert YUHU_ID not in response.content.decode()


def test_citizen_reading_own_record_is_not_a_staff_read(login, users, world):
    citizen = users["citizen"]
    citizen.person = world["yuhu"]["person"]
    citizen.save()
    html = login(citizen).get(f"/persons/{citizen.person_id}/").content.decode()
    assert YUHU_ID not in html
    assert "Show full ID" not in html and "显示完整" not in html
    assert not _events(world["yuhu"]["person"], EventKind.RECORD_VIEWED).exists()


def test_reveal_shows_the_number_once_and_audits_it(login, users, world):
    person = world["yuhu"]["person"]
    client = login(users["caseworker"])
    detail = client.get(f"/persons/{person.pk}/").content.decode()
    assert f'action="/persons/{person.pk}/reveal/"' in detail
    response = client.post(f"/persons/{person.pk}/reveal/")
    assert response.status_code == 200
    assert YUHU_ID in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    event = _events(person, EventKind.IDENTIFIER_REVEALED).get()
    assert event.actor == users["caseworker"]
    assert event.data == {"field": "resident_id"}
    # shown once: the next ordinary read is masked again
    assert YUHU_ID not in client.get(f"/persons/{person.pk}/").content.decode()


def test_reveal_with_htmx_returns_only_the_number(login, users, world):
    person = world["yuhu"]["person"]
    response = login(users["inspector"]).post(f"/persons/{person.pk}/reveal/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert YUHU_ID in html
    assert "<html" not in html
    assert _events(person, EventKind.IDENTIFIER_REVEALED).count() == 1


def test_refused_reveal_writes_nothing_and_shows_no_button(login, users, world):
    person = world["yuhu"]["person"]
    client = login(users["leader_province"])
    detail = client.get(f"/persons/{person.pk}/").content.decode()
    assert "/reveal/" not in detail
    assert client.post(f"/persons/{person.pk}/reveal/").status_code == 403
    assert not _events(person, EventKind.IDENTIFIER_REVEALED).exists()


@pytest.mark.parametrize("role", ["analyst_city", "leader_province"])
def test_analysts_and_leaders_see_masked_names(login, users, world, role):
    person = world["yuhu"]["person"]
    client = login(users[role])
    for url in (
        "/persons/",
        f"/persons/{person.pk}/",
        f"/households/{world['yuhu']['household'].pk}/",
        f"/employers/{world['yuhu']['employer'].pk}/",
    ):
        html = client.get(url).content.decode()
        assert person.name not in html, url
        assert person.masked_name in html, url
    # their full read is audited like anyone else's
    assert _events(person, EventKind.RECORD_VIEWED).filter(actor=users[role]).exists()


def test_caseworkers_see_full_names(login, users, world):
    html = login(users["caseworker"]).get("/persons/").content.decode()
    assert world["yuhu"]["person"].name in html


def test_household_read_is_audited(login, users, world):
    household = world["yuhu"]["household"]
    login(users["caseworker"]).get(f"/households/{household.pk}/")
    assert AuditEvent.objects.about(household).of_kind(EventKind.RECORD_VIEWED).count() == 1
