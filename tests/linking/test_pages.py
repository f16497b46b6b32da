"""Linkage pages: review queue, merge search/confirm, merge history and undo — scoped, masked, for case staff."""

import datetime as dt
import json

import pytest

from jiuye.core import pii
from jiuye.ingestion.enums import StagedStatus
from jiuye.ingestion.linking import link_staged_records
from jiuye.registry.enums import ReviewStatus
from jiuye.registry.identifiers import make_resident_id
from jiuye.registry.linking import merge_persons
from jiuye.registry.models import FieldProvenance, LinkReview, Person, PersonMerge

from .. import factories as f
from .conftest import StandIn

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1975, 8, 9)
ID18 = make_resident_id("430302", BIRTH, 321)
ID15 = ID18[:6] + ID18[8:17]


@pytest.fixture(autouse=True)
def english(client):
    """Read the pages in English (Chinese is the default language)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def review(tree, stage, yuhu_person):
    staged = stage("王晓明", phone="13700001234", resident_id="")
    # as the import pipeline stages it: identifier columns only encrypted
    staged.payload = {**staged.payload, "phone": None, "_identifiers": pii.encrypt(json.dumps({"phone": "13700001234"}))}
    staged.save()
    link_staged_records(engine=StandIn({(staged.pk, yuhu_person.pk): 0.8},
                                       gammas={"name": 3, "birth_date": 2, "sex": 1, "phone": -1, "division": 0}))
    return LinkReview.objects.get(record=staged)


@pytest.fixture
def duplicates(tree):
    town = tree["430302001"]
    return (
        f.make_person(town, name="陈静", resident_id=ID15, birth_date=BIRTH, sex="F"),
        f.make_person(town, name="陈静", resident_id=ID18, birth_date=BIRTH, sex="F", ethnicity="汉族"),
    )


def test_queue_shows_the_pair_masked_with_plain_comparisons(login, users, review, yuhu_person):
    response = login(users["caseworker"]).get("/linking/reviews/")
    assert response.status_code == 200
    html = response.content.decode()
    assert [item["review"] for item in response.context["items"]] == [review]
    assert yuhu_person.resident_id_masked in html and yuhu_person.reveal_resident_id() not in html
    assert "137****1234" in html and "13700001234" not in html
    assert "sounds the same (same pinyin)" in html
    assert "one digit wrong or day and month swapped" in html
    assert "missing on one side" in html and "different city" in html
    assert f'action="/linking/reviews/{review.pk}/decide/"' in html


def test_queue_lists_pending_first_by_probability(login, users, tree, stage, yuhu_person):
    other = f.make_person(tree["430302001"], name="王晓")
    s1, s2 = stage("王小明"), stage("王晓")
    link_staged_records(engine=StandIn({(s1.pk, yuhu_person.pk): 0.6, (s2.pk, other.pk): 0.9}))
    decided = LinkReview.objects.get(record=s2)
    decided.status = ReviewStatus.DIFFERENT
    decided.save()
    items = login(users["caseworker"]).get("/linking/reviews/?status=all").context["items"]
    assert [i["review"].record_id for i in items] == [s1.pk, s2.pk]


def test_queue_is_scoped_and_for_case_staff(login, users, review):
    assert login(users["caseworker_other"]).get("/linking/reviews/").context["items"] == []
    assert login(users["analyst_city"]).get("/linking/reviews/").status_code == 403


def test_anonymous_is_sent_to_sign_in(client, review):
    for url in ("/linking/reviews/", "/linking/merges/", f"/persons/{review.candidate_id}/merge/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_deciding_same_links_the_record(login, users, review, yuhu_person):
    response = login(users["caseworker"]).post(f"/linking/reviews/{review.pk}/decide/", {"decision": "same"})
    assert response.status_code == 302
    review.refresh_from_db()
    review.record.refresh_from_db()
    assert review.status == ReviewStatus.SAME and review.record.person == yuhu_person
    assert review.record.status == StagedStatus.LINKED


def test_deciding_different(login, users, review):
    login(users["caseworker"]).post(f"/linking/reviews/{review.pk}/decide/", {"decision": "different"})
    review.refresh_from_db()
    assert review.status == ReviewStatus.DIFFERENT


@pytest.mark.parametrize("role, status", [("caseworker_other", 404), ("analyst_city", 403), ("citizen", 404)])
def test_others_cannot_decide(login, users, review, role, status):
    response = login(users[role]).post(f"/linking/reviews/{review.pk}/decide/", {"decision": "same"})
    assert response.status_code == status
    review.refresh_from_db()
    assert review.status == ReviewStatus.PENDING


def test_decide_needs_post(login, users, review):
    assert login(users["caseworker"]).get(f"/linking/reviews/{review.pk}/decide/").status_code == 405


def test_merge_search_finds_by_masked_id_and_never_echoes_a_full_one(login, users, duplicates):
    s, a = duplicates
    client = login(users["caseworker"])
    response = client.get(f"/persons/{s.pk}/merge/", {"q": a.resident_id_masked})
    assert response.context["results"] == [a]
    response = client.get(f"/persons/{s.pk}/merge/", {"q": ID18})
    html = response.content.decode()
    assert response.context["results"] == [a] and ID18 not in html and a.resident_id_masked in html


def test_merge_search_stays_in_scope(login, users, duplicates, yuetang_person):
    s, _a = duplicates
    client = login(users["caseworker"])
    response = client.get(f"/persons/{s.pk}/merge/", {"q": yuetang_person.name})
    assert response.context["results"] == []
    assert client.get(f"/persons/{yuetang_person.pk}/merge/").status_code == 404
    assert login(users["analyst_city"]).get(f"/persons/{s.pk}/merge/").status_code == 403


def test_confirmation_shows_what_moves_then_merges(login, users, duplicates):
    s, a = duplicates
    f.make_household(a.division, [a])
    client = login(users["caseworker"])
    url = f"/persons/{s.pk}/merge/{a.pk}/"
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200 and ID18 not in html and ID15 not in html
    assert ("household members", 1, 0) in response.context["preview"].moves
    assert any(row[0] == "Resident ID" and row[2] == a.resident_id_masked for row in response.context["preview"].fields)
    assert Person.objects.filter(pk=a.pk).exists()  # looking changes nothing

    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and Person.objects.filter(pk=a.pk).exists()
    response = client.post(url, {"reason": "old 15-digit card"})
    assert response.status_code == 302 and response["Location"] == f"/persons/{s.pk}/"
    assert not Person.objects.filter(pk=a.pk).exists()
    assert PersonMerge.objects.get().reason == "old 15-digit card"


def test_confirmation_refuses_two_valid_ids(login, users, tree):
    one = f.make_person(tree["430302001"], name="张伟")
    two = f.make_person(tree["430302001"], name="张伟")
    client = login(users["caseworker"])
    response = client.get(f"/persons/{one.pk}/merge/{two.pk}/")
    assert "different people" in response.content.decode()
    client.post(f"/persons/{one.pk}/merge/{two.pk}/", {"reason": "same name"})
    assert Person.objects.filter(pk__in=[one.pk, two.pk]).count() == 2


@pytest.mark.parametrize("role, status", [("caseworker_other", 404), ("analyst_city", 403), ("inspector", 200)])
def test_confirmation_permissions(login, users, duplicates, role, status):
    s, a = duplicates
    assert login(users[role]).get(f"/persons/{s.pk}/merge/{a.pk}/").status_code == status


def test_history_lists_merges_and_undoes_them(login, users, duplicates):
    s, a = duplicates
    merge = merge_persons(s, a, by=users["caseworker"], reason="old card")
    client = login(users["caseworker"])
    response = client.get("/linking/merges/")
    html = response.content.decode()
    assert [i["merge"] for i in response.context["items"]] == [merge]
    assert a.resident_id_masked in html and ID18 not in html
    assert f'action="/linking/merges/{merge.pk}/undo/"' in html
    assert login(users["caseworker_other"]).get("/linking/merges/").context["items"] == []
    assert login(users["caseworker_other"]).post(f"/linking/merges/{merge.pk}/undo/").status_code == 404
    assert login(users["analyst_city"]).post(f"/linking/merges/{merge.pk}/undo/").status_code == 403

    response = login(users["caseworker"]).post(f"/linking/merges/{merge.pk}/undo/")
    assert response.status_code == 302 and response["Location"] == f"/persons/{a.pk}/"
    assert Person.objects.get(pk=a.pk).reveal_resident_id() == ID18
    merge.refresh_from_db()
    assert merge.undone_at is not None


def test_person_page_shows_provenance_and_the_merge_link(login, users, duplicates, sources):
    s, _a = duplicates
    FieldProvenance.objects.create(person=s, field="resident_id", source=sources["public_security"],
                                   observed_on=dt.date(2024, 2, 1))
    html = login(users["caseworker"]).get(f"/persons/{s.pk}/").content.decode()
    assert "Provenance" in html and "ps.hukou" in html and "2024-02-01" in html
    assert s.resident_id_masked in html and ID15 not in html
    assert f'href="/persons/{s.pk}/merge/"' in html
    analyst_html = login(users["analyst_city"]).get(f"/persons/{s.pk}/").content.decode()
    assert "Provenance" in analyst_html and f'href="/persons/{s.pk}/merge/"' not in analyst_html


def test_nav_link_for_case_staff(login, users, db):
    assert 'href="/linking/reviews/"' in login(users["caseworker"]).get("/workspace/").content.decode()
    assert 'href="/linking/reviews/"' not in login(users["analyst_city"]).get("/workspace/").content.decode()
