"""Gig pages: the worker's history and its exports (own only; caseworkers in scope, audited), scoping of jobs and
engagements, posting a job with field errors, the check-in and engagement actions through the pages."""

import csv
import io
import json

import pytest

from jiuye.accounts.enums import Role
from jiuye.core.models import AuditEvent, EventKind
from jiuye.network.gig import services
from jiuye.network.gig.enums import CheckInMode
from jiuye.network.gig.enums import EngagementStatus as E
from jiuye.network.gig.models import Engagement, GigJob

from ... import factories as f
from .helpers import job, make_station

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(tree, users):
    township = tree["430302001"]
    employer = f.make_employer(township, name="雨湖搬家公司")
    boss = f.make_user(Role.EMPLOYER, None, employer=employer, username="boss3")
    person = f.make_person(township, name="刘小工")
    worker = f.make_user(Role.CITIZEN, None, person=person, username="worker3")
    station = make_station(tree["430302"])
    c = services.check_in(person, by=worker, mode=CheckInMode.STATION, station=station)
    j = job(employer, township, by=boss, title="搬家小工")
    eng = services.offer(j, c, by=boss)
    for step in (
        lambda: services.confirm(eng, by=worker),
        lambda: services.arrive(eng, by=worker),
        lambda: services.complete(eng, by=boss),
        lambda: services.confirm_pay(eng, by=boss, amount="180"),
        lambda: services.confirm_received(eng, by=worker),
        lambda: services.rate(eng, by=boss, stars=5, comment="肯干"),
    ):
        step()
    return {"eng": eng, "worker": worker, "person": person, "boss": boss, "job": j, "station": station}


def test_worker_exports_own_history_csv_and_json(login, paid):
    client = login(paid["worker"])
    r = client.get("/gig/me/history/?format=csv")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["job"] == "搬家小工" and row["employer"] == "雨湖搬家公司"
    assert row["status"] == E.PAID and row["pay_confirmed"] == "180.00" and row["insurance"] == "covered"
    assert row["rating_received"] == "5" and row["paid_received"] == "True"
    assert "刘小工" not in r.content.decode("utf-8-sig")  # no full name in the file
    data = json.loads(client.get("/gig/me/history/?format=json").content)
    assert data["totals"] == {
        "engagements": 1,
        "completed": 1,
        "earned": "180.00",
        "average_rating_received": 5.0,
    }
    assert data["worker"] == paid["person"].masked_name
    page = client.get("/gig/me/history/")
    assert (
        "搬家小工" in page.content.decode() and client.get("/gig/me/history/?format=print").status_code == 200
    )
    assert client.get("/gig/me/history/?format=xml").status_code == 404


def test_history_scoping(login, paid, users, tree):
    person = paid["person"]
    # another worker: their own history is empty, and the other person's history is a 404
    other = f.make_person(tree["430302001"], name="别人")
    other_user = f.make_user(Role.CITIZEN, None, person=other)
    client = login(other_user)
    assert client.get(f"/gig/workers/{person.pk}/history/").status_code == 404
    assert json.loads(client.get("/gig/me/history/?format=json").content)["engagements"] == []
    # the worker may use the staff address for themself
    assert login(paid["worker"]).get(f"/gig/workers/{person.pk}/history/").status_code == 200
    # other district's caseworker → 404; own district → shown and audited
    assert (
        login(users["caseworker_other"]).get(f"/gig/workers/{person.pk}/history/?format=csv").status_code
        == 404
    )
    before = AuditEvent.objects.filter(kind=EventKind.EXPORTED).count()
    r = login(users["caseworker"]).get(f"/gig/workers/{person.pk}/history/?format=csv")
    assert r.status_code == 200
    ev = AuditEvent.objects.filter(kind=EventKind.EXPORTED).first()
    assert AuditEvent.objects.filter(kind=EventKind.EXPORTED).count() == before + 1
    assert ev.actor == users["caseworker"] and ev.object_id == str(person.pk)
    # the employer sees no library person
    assert login(paid["boss"]).get(f"/gig/workers/{person.pk}/history/").status_code == 404


def test_engagement_and_job_scoping(login, paid, users, tree):
    eng = paid["eng"]
    assert login(users["caseworker_other"]).get(f"/gig/engagements/{eng.pk}/").status_code == 404
    assert login(users["caseworker"]).get(f"/gig/engagements/{eng.pk}/").status_code == 200
    assert login(users["leader_province"]).get(f"/gig/engagements/{eng.pk}/").status_code == 200
    other_boss = f.make_user(Role.EMPLOYER, None, employer=f.make_employer(tree["430304001"]))
    assert login(other_boss).get(f"/gig/engagements/{eng.pk}/").status_code == 404
    stranger = f.make_user(Role.CITIZEN, None, person=f.make_person(tree["430302001"], name="路人"))
    assert login(stranger).get(f"/gig/engagements/{eng.pk}/").status_code == 404
    # a closed job is visible only in scope
    services.close_job(paid["job"], by=paid["boss"])
    assert login(users["caseworker_other"]).get(f"/gig/jobs/{paid['job'].pk}/").status_code == 404
    assert login(users["caseworker"]).get(f"/gig/jobs/{paid['job'].pk}/").status_code == 200
    # another district's staff cannot offer on it or close it
    assert login(users["caseworker_other"]).post(f"/gig/jobs/{paid['job'].pk}/close/").status_code == 404


@pytest.mark.usefixtures("english")
def test_post_job_form_shows_field_errors_and_loses_nothing(login, tree):
    employer = f.make_employer(tree["430302001"])
    boss = f.make_user(Role.EMPLOYER, None, employer=employer)
    client = login(boss)
    data = {
        "title": "果园采摘",
        "tasks": "采摘柑橘，装筐",
        "address": "雨湖区某果园",
        "latitude": "27.86",
        "longitude": "112.9",
        "division_code": "430302001",
        "start_date": "2020-01-01",
        "end_date": "2020-01-02",
        "start_time": "08:00",
        "end_time": "17:00",
        "pay_unit": "day",
        "pay_rate": "50",
        "workers_needed": "5",
        "insurance_provider": "none",
        "skills_text": "采摘",
    }
    r = client.post("/gig/jobs/new/", data)
    html = r.content.decode()
    assert r.status_code == 200 and "already passed" in html and "minimum wage" in html
    assert "果园采摘" in html and GigJob.objects.count() == 0
    data.update(start_date="2099-01-01", end_date="2099-01-02", pay_rate="150")
    r = client.post("/gig/jobs/new/", data)
    assert r.status_code == 302
    j = GigJob.objects.get()
    assert j.employer == employer and j.skills == ["采摘"] and j.insurance_status == "not_covered"


def test_checkin_offer_and_confirm_through_pages(login, tree):
    township = tree["430302001"]
    employer = f.make_employer(township)
    boss = f.make_user(Role.EMPLOYER, None, employer=employer)
    person = f.make_person(township, name="陈师傅")
    worker = f.make_user(Role.CITIZEN, None, person=person)
    station = make_station(tree["430302"])
    j = job(employer, township, by=boss)
    wc = login(worker)
    assert station.name in wc.get("/gig/stations/").content.decode()
    r = wc.post("/gig/checkin/", {"mode": "station", "station": station.pk, "skills": "搬运"})
    assert r.status_code == 302
    home = wc.get("/gig/").content.decode()
    assert j.title in home  # matched
    bc = login(boss)
    page = bc.get(f"/gig/jobs/{j.pk}/").content.decode()
    assert person.masked_name in page and person.name not in page
    checkin = person.gig_checkins.get()
    assert bc.post(f"/gig/jobs/{j.pk}/offer/", {"checkin": checkin.pk}).status_code == 302
    eng = Engagement.objects.get()
    wc = login(worker)
    wc.post(f"/gig/engagements/{eng.pk}/act/", {"action": "scheduled"})
    eng.refresh_from_db()
    assert eng.status == E.SCHEDULED
    # an illegal action through the page is refused with a message, not a 500
    r = wc.post(f"/gig/engagements/{eng.pk}/act/", {"action": "paid"}, follow=True)
    assert r.status_code == 200
    eng.refresh_from_db()
    assert eng.status == E.SCHEDULED


def test_staff_checkin_by_resident_id(login, users, tree):
    station = make_station(tree["430302"])
    person = f.make_person(tree["430302001"], name="黄工", resident_id=None)
    rid = person.reveal_resident_id()
    client = login(users["caseworker"])
    r = client.post(
        "/gig/checkin/", {"resident_id": rid, "station": station.pk, "mode": "staff", "skills": "保洁"}
    )
    assert r.status_code == 302
    assert person.gig_checkins.get().skills == ["保洁"]
    r = client.post("/gig/checkin/", {"resident_id": "123", "station": station.pk, "mode": "staff"})
    assert r.status_code == 200 and "field-error" in r.content.decode()


def _api(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_jobs_and_history(paid, users, tree):
    person = paid["person"]
    jobs = _api(paid["worker"]).get("/api/v1/gig/jobs/?day=" + paid["job"].start_date.isoformat())
    assert jobs.status_code == 200 and [j["title"] for j in jobs.json()] == ["搬家小工"]
    assert _api(paid["worker"]).get("/api/v1/gig/jobs/?day=tomorrow").status_code == 400
    mine = _api(paid["worker"]).get("/api/v1/gig/history/")
    assert mine.status_code == 200 and mine.json()["totals"]["earned"] == "180.00"
    other = f.make_user(Role.CITIZEN, None, person=f.make_person(tree["430302001"], name="他人"))
    assert _api(other).get(f"/api/v1/gig/history/?person={person.pk}").status_code == 404
    assert _api(users["caseworker_other"]).get(f"/api/v1/gig/history/?person={person.pk}").status_code == 404
    assert _api(users["caseworker"]).get("/api/v1/gig/history/?person=x").status_code == 400
    r = _api(users["caseworker"]).get(f"/api/v1/gig/history/?person={person.pk}")
    assert r.status_code == 200 and len(r.json()["engagements"]) == 1
    assert AuditEvent.objects.filter(kind=EventKind.EXPORTED, object_id=str(person.pk)).count() == 1
