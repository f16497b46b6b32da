"""Engagement lifecycle: every transition through the services, illegal ones refused with clear errors; the
injury-insurance status recorded; job validation and screening."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from jiuye.accounts.enums import Role
from jiuye.core.models import AuditEvent
from jiuye.jobs.models import Notification
from jiuye.network.gig import services
from jiuye.network.gig.enums import CheckInMode, InsuranceProvider, PayUnit
from jiuye.network.gig.enums import EngagementStatus as E
from jiuye.network.gig.models import Engagement, GigJob

from ... import factories as f
from .helpers import job, make_station

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree, users):
    township = tree["430302001"]
    employer = f.make_employer(township, name="湘潭物流有限公司")
    boss = f.make_user(Role.EMPLOYER, None, employer=employer, username="boss")
    person = f.make_person(township, name="王大力")
    worker = f.make_user(Role.CITIZEN, None, person=person, username="worker")
    station = make_station(tree["430302"])
    return {
        "t": tree,
        "employer": employer,
        "boss": boss,
        "person": person,
        "worker": worker,
        "station": station,
        "township": township,
        "users": users,
    }


def _checked_in(w, skills="搬运"):
    return services.check_in(
        w["person"], by=w["worker"], mode=CheckInMode.STATION, station=w["station"], skills=skills
    )


def test_offer_path_through_every_state_to_paid(world):
    w = world
    j = job(w["employer"], w["township"], by=w["boss"])
    c = _checked_in(w)
    eng = services.offer(j, c, by=w["boss"])
    assert eng.status == E.OFFERED and eng.insurance_status == "covered"
    assert eng.insurance_provider == InsuranceProvider.COMMERCIAL
    assert Notification.objects.filter(recipient=w["worker"]).exists()
    services.confirm(eng, by=w["worker"])
    assert eng.status == E.SCHEDULED and eng.scheduled_at
    services.arrive(eng, by=w["worker"])
    assert eng.status == E.CHECKED_IN
    services.complete(eng, by=w["boss"])
    assert eng.status == E.COMPLETED and eng.pay_due == Decimal("180.00") and eng.days_worked == 1
    services.confirm_pay(eng, by=w["boss"], amount="180")
    assert eng.status == E.PAY_CONFIRMED and eng.pay_confirmed == Decimal("180.00")
    services.confirm_received(eng, by=w["worker"])
    eng.refresh_from_db()
    assert eng.status == E.PAID and eng.paid_at is not None
    trail = list(eng.events.values_list("from_status", "to_status"))
    assert trail == [
        ("", E.OFFERED),
        (E.OFFERED, E.SCHEDULED),
        (E.SCHEDULED, E.CHECKED_IN),
        (E.CHECKED_IN, E.COMPLETED),
        (E.COMPLETED, E.PAY_CONFIRMED),
        (E.PAY_CONFIRMED, E.PAID),
    ]
    assert AuditEvent.objects.about(eng).count() >= 6


@pytest.mark.usefixtures("english")
def test_request_path_and_decline(world):
    w = world
    j = job(w["employer"], w["township"], by=w["boss"])
    with pytest.raises(services.TransitionError, match="Check in"):
        services.request_job(j, by=w["worker"])
    _checked_in(w)
    eng = services.request_job(j, by=w["worker"])
    assert eng.status == E.REQUESTED
    with pytest.raises(services.TransitionError):
        services.confirm(eng, by=w["worker"])  # the worker cannot accept their own request
    services.confirm(eng, by=w["boss"])
    assert eng.status == E.SCHEDULED
    # a second job: the employer declines
    j2 = job(w["employer"], w["township"], by=w["boss"], title="搬家小工")
    eng2 = services.request_job(j2, by=w["worker"])
    services.decline(eng2, by=w["boss"])
    assert eng2.status == E.DECLINED
    with pytest.raises(services.TransitionError, match="cannot go from"):
        services.confirm(eng2, by=w["boss"])


@pytest.mark.usefixtures("english")
def test_illegal_transitions_are_refused_with_clear_errors(world):
    w = world
    j = job(w["employer"], w["township"], by=w["boss"])
    eng = services.offer(j, _checked_in(w), by=w["boss"])
    with pytest.raises(
        services.TransitionError, match="cannot go from “Offered by the employer” to “Work completed”"
    ):
        services.complete(eng, by=w["boss"])
    with pytest.raises(services.TransitionError, match="Only the worker"):
        services.confirm(eng, by=w["boss"])  # the employer cannot confirm its own offer
    services.confirm(eng, by=w["worker"])
    with pytest.raises(services.TransitionError, match="cannot go from “Scheduled” to “Pay confirmed"):
        services.confirm_pay(eng, by=w["boss"])
    services.arrive(eng, by=w["boss"])
    with pytest.raises(services.TransitionError, match="Only the employer"):
        services.complete(eng, by=w["worker"])  # the worker cannot confirm completion
    services.complete(eng, by=w["boss"])
    with pytest.raises(services.TransitionError, match="cannot go from “Work completed” to “Pay received"):
        services.confirm_received(eng, by=w["worker"])
    with pytest.raises(services.TransitionError, match="Only the employer"):
        services.confirm_pay(eng, by=w["worker"])
    # another district's caseworker is no side of it at all
    with pytest.raises(services.TransitionError):
        services.confirm_pay(eng, by=w["users"]["caseworker_other"])
    with pytest.raises(services.TransitionError, match="cannot go from “Work completed” to “Cancelled”"):
        services.cancel(eng, by=w["boss"], reason="weather")
    eng.refresh_from_db()
    assert eng.status == E.COMPLETED
    services.confirm_pay(eng, by=w["boss"])
    with pytest.raises(services.TransitionError, match="Only the worker"):
        services.confirm_received(eng, by=w["boss"])
    with pytest.raises(
        services.TransitionError, match="cannot go from “Pay confirmed by the employer” to “Pay conf"
    ):
        services.confirm_pay(eng, by=w["boss"])


@pytest.mark.usefixtures("english")
def test_cancel_no_show_and_ratings(world):
    w = world
    j = job(w["employer"], w["township"], by=w["boss"], workers_needed=1)
    eng = services.offer(j, _checked_in(w), by=w["boss"])
    j.refresh_from_db()
    assert j.status == "filled"  # the offer holds the only place
    services.confirm(eng, by=w["worker"])
    with pytest.raises(services.GigError):
        services.cancel(eng, by=w["worker"], reason="bored")
    services.cancel(eng, by=w["worker"], reason="illness", note="发烧")
    assert eng.status == E.CANCELLED and eng.close_reason == "illness"
    j.refresh_from_db()
    assert j.status == "open"  # the place is free again
    with pytest.raises(services.TransitionError, match="after the work is completed"):
        services.rate(eng, by=w["worker"], stars=5)

    other = f.make_person(w["township"], name="赵二")
    other_user = f.make_user(Role.CITIZEN, None, person=other)
    c2 = services.check_in(other, by=other_user, mode=CheckInMode.ONLINE, latitude=27.87, longitude=112.91)
    eng2 = services.offer(j, c2, by=w["boss"])
    services.confirm(eng2, by=other_user)
    with pytest.raises(services.GigError, match="cannot report itself absent"):
        services.no_show(eng2, by=w["boss"], reason="employer_absent")
    services.no_show(eng2, by=w["boss"], reason="worker_absent")
    assert eng2.status == E.NO_SHOW

    j3 = job(w["employer"], w["township"], by=w["boss"], title="分拣员", skills=[])
    eng3 = services.offer(j3, c2, by=w["boss"])
    services.confirm(eng3, by=other_user)
    services.arrive(eng3, by=other_user)
    services.complete(eng3, by=w["boss"])
    with pytest.raises(services.GigError, match="1 to 5"):
        services.rate(eng3, by=other_user, stars=6)
    services.rate(eng3, by=other_user, stars=4, comment="准时结算")
    services.rate(eng3, by=w["boss"], stars=5, comment="认真")
    with pytest.raises(services.TransitionError, match="already rated"):
        services.rate(eng3, by=w["boss"], stars=3)
    eng3.refresh_from_db()
    assert (eng3.rating_of_employer, eng3.rating_of_worker) == (4, 5)


def test_piece_pay_needs_pieces_and_days_bounded(world):
    w = world
    today = timezone.localdate()
    j = job(
        w["employer"],
        w["township"],
        by=w["boss"],
        pay_unit=PayUnit.PIECE,
        pay_rate=Decimal("0.80"),
        piece_unit="箱",
        end_date=today + dt.timedelta(days=1),
    )
    eng = services.offer(j, _checked_in(w), by=w["boss"])
    services.confirm(eng, by=w["worker"])
    services.arrive(eng, by=w["worker"])
    with pytest.raises(services.GigError) as err:
        services.complete(eng, by=w["boss"])
    assert "pieces" in err.value.message_dict
    with pytest.raises(services.GigError) as err:
        services.complete(eng, by=w["boss"], days_worked=3, pieces=10)
    assert "days_worked" in err.value.message_dict
    services.complete(eng, by=w["boss"], days_worked=2, pieces=450)
    assert eng.pay_due == Decimal("360.00")


@pytest.mark.usefixtures("english")
def test_job_validation_names_fields(world):
    w = world
    today = timezone.localdate()
    bad = GigJob(
        employer=w["employer"],
        division=w["t"]["4303"],
        title="",
        tasks="",
        address="",
        latitude=91.0,
        longitude=10.0,
        start_date=today - dt.timedelta(days=1),
        end_date=today - dt.timedelta(days=3),
        start_time=dt.time(18),
        end_time=dt.time(8),
        pay_unit=PayUnit.DAY,
        pay_rate=Decimal("20"),
        workers_needed=0,
        insurance_provided=True,
        insurance_provider=InsuranceProvider.NONE,
    )
    with pytest.raises(services.GigError) as err:
        services.post_job(bad, by=w["boss"])
    fields = set(err.value.message_dict)
    assert {
        "title",
        "tasks",
        "address",
        "division",
        "latitude",
        "longitude",
        "start_date",
        "end_date",
        "end_time",
        "workers_needed",
        "insurance_provider",
    } <= fields
    assert GigJob.objects.count() == 0


@pytest.mark.usefixtures("english")
def test_day_pay_below_minimum_wage_refused(world):
    w = world
    with pytest.raises(services.GigError) as err:
        job(w["employer"], w["township"], by=w["boss"], pay_rate=Decimal("60"))
    assert "minimum wage" in err.value.message_dict["pay_rate"][0]
    # 1550 / 21.75 = 71.26 a day in Hunan's lowest tier
    assert services.day_minimum("430302", timezone.localdate()) == Decimal("71.27")


@pytest.mark.usefixtures("english")
def test_screening_blocks_fees_and_discrimination_in_tasks(world):
    w = world
    with pytest.raises(services.GigError) as err:
        job(w["employer"], w["township"], by=w["boss"], tasks="搬运货物，入职需交押金200元")
    assert "tasks" in err.value.message_dict
    with pytest.raises(services.GigError) as err:
        job(w["employer"], w["township"], by=w["boss"], title="搬运工，限男性")
    assert "title" in err.value.message_dict
    assert GigJob.objects.count() == 0


@pytest.mark.usefixtures("english")
def test_offer_respects_places_and_distance(world):
    w = world
    j = job(w["employer"], w["township"], by=w["boss"], workers_needed=1)
    services.offer(j, _checked_in(w), by=w["boss"])
    other = f.make_person(w["township"], name="钱三")
    ou = f.make_user(Role.CITIZEN, None, person=other)
    c = services.check_in(other, by=ou, mode=CheckInMode.ONLINE, latitude=27.87, longitude=112.91)
    with pytest.raises(services.TransitionError, match="not open"):
        services.offer(j, c, by=w["boss"])  # filled
    far = f.make_person(w["township"], name="孙四")
    fu = f.make_user(Role.CITIZEN, None, person=far)
    cf = services.check_in(far, by=fu, mode=CheckInMode.ONLINE, latitude=28.23, longitude=112.94)  # Changsha
    j2 = job(w["employer"], w["township"], by=w["boss"], title="搬家")
    with pytest.raises(services.TransitionError, match="km"):
        services.offer(j2, cf, by=w["boss"])
    assert Engagement.objects.filter(worker=far).count() == 0


@pytest.mark.usefixtures("english")
def test_check_in_rules(world):
    w = world
    with pytest.raises(services.GigError) as err:
        services.check_in(w["person"], by=w["worker"], mode=CheckInMode.STATION, station=None)
    assert "station" in err.value.message_dict
    office = make_station(w["t"]["430302"], name="雨湖区就业服务中心", kind="office")
    with pytest.raises(services.GigError, match="casual-labour"):
        services.check_in(w["person"], by=w["worker"], mode=CheckInMode.STATION, station=office)
    other = f.make_person(w["township"], name="周五")
    with pytest.raises(services.GigError):
        services.check_in(other, by=w["worker"], mode=CheckInMode.ONLINE)
    # staff record a check-in at their station; a second check-in the same day updates the first
    c1 = services.check_in(other, by=w["users"]["caseworker"], mode=CheckInMode.STAFF, station=w["station"])
    c2 = services.check_in(
        other,
        by=w["users"]["caseworker"],
        mode=CheckInMode.KIOSK,
        station=w["station"],
        skills="叉车证, 搬运",
    )
    assert c1.pk == c2.pk and c2.mode == CheckInMode.KIOSK and {"叉车证", "搬运"} <= set(c2.skills)
    with pytest.raises(services.GigError):
        services.check_in(
            other, by=w["users"]["caseworker_other"], mode=CheckInMode.STAFF, station=w["station"]
        )


def test_cancelling_a_job_declines_offers_and_cancels_scheduled_work(world):
    w = world
    j = job(w["employer"], w["township"], by=w["boss"], workers_needed=3)
    eng = services.offer(j, _checked_in(w), by=w["boss"])
    services.confirm(eng, by=w["worker"])
    other = f.make_person(w["township"], name="吴六")
    ou = f.make_user(Role.CITIZEN, None, person=other)
    c = services.check_in(other, by=ou, mode=CheckInMode.ONLINE, latitude=27.87, longitude=112.91)
    offered = services.offer(j, c, by=w["boss"])
    services.close_job(j, by=w["boss"], cancel=True)
    eng.refresh_from_db()
    offered.refresh_from_db()
    assert (eng.status, eng.close_reason, offered.status) == (E.CANCELLED, "work_cancelled", E.DECLINED)
    with pytest.raises(services.GigError):
        services.close_job(j, by=w["boss"])


def test_offer_needs_a_current_checkin_on_the_job_days(world):
    w = world
    today = timezone.localdate()
    j = job(
        w["employer"],
        w["township"],
        by=w["boss"],
        start_date=today + dt.timedelta(days=2),
        end_date=today + dt.timedelta(days=2),
    )
    c = _checked_in(w)  # today: not a day of the job
    with pytest.raises(services.TransitionError):
        services.offer(j, c, by=w["boss"])
    c.day = today - dt.timedelta(days=1)
    c.save()
    j2 = job(w["employer"], w["township"], by=w["boss"], title="搬运")
    j2.start_date = today - dt.timedelta(days=1)
    j2.save()
    with pytest.raises(services.TransitionError):
        services.offer(j2, c, by=w["boss"])  # yesterday's check-in is over
