"""Regressions from the review of the gig pages and services (issue 9): garbage ids are messages not 500s, pay
amounts are finite and fit the record, the arrears case's pay-by date is the local day of completion, staff
post jobs only at places in their area, and the worker's matches cost a fixed number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jiuye.accounts.enums import Role
from jiuye.network.gig import services
from jiuye.network.gig.enums import CheckInMode, PayUnit
from jiuye.network.gig.enums import EngagementStatus as E
from jiuye.network.gig.models import Engagement, GigJob

from ... import factories as f
from .helpers import job, make_station

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree, users):
    township = tree["430302001"]
    employer = f.make_employer(township, name="湘潭物流有限公司")
    boss = f.make_user(Role.EMPLOYER, None, employer=employer, username="boss_h")
    person = f.make_person(township, name="王大力")
    worker = f.make_user(Role.CITIZEN, None, person=person, username="worker_h")
    station = make_station(tree["430302"])
    checkin = services.check_in(person, by=worker, mode=CheckInMode.STATION, station=station, skills="搬运")
    return {
        "tree": tree,
        "users": users,
        "employer": employer,
        "boss": boss,
        "person": person,
        "worker": worker,
        "station": station,
        "checkin": checkin,
        "township": township,
    }


def _completed(w, **job_kw):
    j = job(w["employer"], w["township"], by=w["boss"], **job_kw)
    eng = services.offer(j, w["checkin"], by=w["boss"])
    services.confirm(eng, by=w["worker"])
    services.arrive(eng, by=w["worker"])
    return eng


@pytest.mark.parametrize("raw", ["abc", "1e309", "9" * 25, "-1", "٣"])
def test_offer_with_a_garbage_checkin_id_is_a_message(login, world, english, raw):
    j = job(world["employer"], world["township"], by=world["boss"])
    response = login(world["boss"]).post(f"/gig/jobs/{j.pk}/offer/", {"checkin": raw}, follow=True)
    assert response.status_code == 200
    assert "Choose a worker from the list." in response.content.decode()
    assert not Engagement.objects.exists()


@pytest.mark.parametrize("raw", ["abc", "1e309", "9" * 25])
def test_station_checkin_with_a_garbage_station_id_is_a_message(login, tree, english, raw):
    person = f.make_person(tree["430302001"], name="赵六")
    user = f.make_user(Role.CITIZEN, None, person=person, username="worker_g")
    response = login(user).post("/gig/checkin/", {"mode": "station", "station": raw}, follow=True)
    assert response.status_code == 200
    assert "Choose the casual-labour station." in response.content.decode()


@pytest.mark.parametrize("amount", ["NaN", "-NaN", "Infinity", "sNaN", "1e20", "123456789012", "100000000"])
def test_confirm_pay_refuses_amounts_that_are_not_finite_or_do_not_fit(world, english, amount):
    eng = _completed(world)
    services.complete(eng, by=world["boss"])
    with pytest.raises(services.GigError) as exc:
        services.confirm_pay(eng, by=world["boss"], amount=amount)
    assert "amount" in exc.value.message_dict
    eng.refresh_from_db()  # the record still reads back
    assert eng.status == E.COMPLETED and eng.pay_confirmed is None
    assert services.confirm_pay(eng, by=world["boss"], amount="99999999.99").pay_confirmed == Decimal(
        "99999999.99"
    )


def test_confirm_pay_nan_through_the_page_is_a_message(login, world, english):
    eng = _completed(world)
    services.complete(eng, by=world["boss"])
    response = login(world["boss"]).post(
        f"/gig/engagements/{eng.pk}/act/", {"action": E.PAY_CONFIRMED, "amount": "NaN"}, follow=True
    )
    assert response.status_code == 200
    assert "An amount in yuan" in response.content.decode()


def test_piece_pay_beyond_what_the_record_holds_is_refused(world, english):
    eng = _completed(world, pay_unit=PayUnit.PIECE, pay_rate=Decimal("2.50"), piece_unit="箱")
    with pytest.raises(services.GigError) as exc:
        services.complete(eng, by=world["boss"], pieces=10**12)
    assert "At most 39999999 pieces" in exc.value.message_dict["pieces"][0]
    eng.refresh_from_db()
    assert eng.status == E.CHECKED_IN and eng.pay_due is None
    services.complete(eng, by=world["boss"], pieces=400)
    assert eng.pay_due == Decimal("1000.00")


def test_arrears_case_pay_by_counts_from_the_local_day_of_completion(world, settings):
    settings.GIG_PAY_CONFIRM_DAYS = 3
    eng = _completed(world)
    services.complete(eng, by=world["boss"])
    # 07:30 in Shanghai on 28 November is 23:30 UTC on the 27th.
    done = dt.datetime(2026, 11, 27, 23, 30, tzinfo=dt.UTC)
    Engagement.objects.filter(pk=eng.pk).update(completed_at=done)
    eng.refresh_from_db()
    case = services.raise_arrears_case(eng, why="late")
    assert case.pay_by == dt.date(2026, 12, 1)
    # …the same day the sweep first counts the pay as late the day after.
    assert not Engagement.objects.pay_overdue(dt.date(2026, 12, 1), 3).filter(pk=eng.pk).exists()
    assert Engagement.objects.pay_overdue(dt.date(2026, 12, 2), 3).filter(pk=eng.pk).exists()


def test_matches_for_a_checkin_cost_the_same_queries_however_many_jobs(world):
    def count():
        with CaptureQueriesContext(connection) as q:
            found = services.matches_for_checkin(world["checkin"])
        return len(q.captured_queries), len(found)

    job(world["employer"], world["township"], by=world["boss"], title="装卸一")
    few, n_few = count()
    for i in range(6):
        job(world["employer"], world["township"], by=world["boss"], title=f"装卸{i + 2}")
    # A full job is left out without a query per job.
    full = job(world["employer"], world["township"], by=world["boss"], title="已满", workers_needed=1)
    other = f.make_person(world["township"], name="钱七")
    other_user = f.make_user(Role.CITIZEN, None, person=other, username="worker_o")
    c = services.check_in(other, by=other_user, mode=CheckInMode.STATION, station=world["station"])
    services.offer(full, c, by=world["boss"])
    many, n_many = count()
    assert (n_few, n_many) == (1, 7)
    assert many == few


def test_staff_post_jobs_only_at_places_in_their_area(login, world, english):
    client = login(world["users"]["caseworker"])  # 雨湖区
    today = timezone.localdate().isoformat()
    data = {
        "employer_ref": world["employer"].name,
        "title": "装卸工",
        "tasks": "卸货、搬运纸箱",
        "address": "岳塘区某路",
        "latitude": "27.87",
        "longitude": "112.95",
        "start_date": today,
        "end_date": today,
        "start_time": "08:00",
        "end_time": "17:00",
        "pay_unit": "day",
        "pay_rate": "200",
        "workers_needed": "1",
        "insurance_provider": "none",
        "division_code": "430304",  # 岳塘区: another district
    }
    response = client.post("/gig/jobs/new/", data)
    assert response.status_code == 200
    assert "This place is outside your area." in response.content.decode()
    assert not GigJob.objects.filter(title="装卸工").exists()
    response = client.post("/gig/jobs/new/", dict(data, division_code="430302"))
    assert response.status_code == 302
    assert GigJob.objects.get(title="装卸工").division.code == "430302"
