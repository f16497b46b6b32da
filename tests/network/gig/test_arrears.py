"""Late or disputed pay raises one wage-arrears case per engagement; the sweep command is idempotent."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from jiuye.accounts.enums import Role
from jiuye.jobs.models import Notification
from jiuye.network.gig import services
from jiuye.network.gig.enums import CheckInMode
from jiuye.network.gig.enums import EngagementStatus as E
from jiuye.network.gig.models import Engagement
from jiuye.supervision.inspections.models import WageArrearsCase

from ... import factories as f
from .helpers import job, make_station

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed(tree):
    township = tree["430302001"]
    employer = f.make_employer(township, name="湘潭装卸有限公司")
    boss = f.make_user(Role.EMPLOYER, None, employer=employer, username="boss2")
    out = []
    station = make_station(tree["430302"])
    for name in ("甲工人", "乙工人"):
        person = f.make_person(township, name=name)
        user = f.make_user(Role.CITIZEN, None, person=person)
        c = services.check_in(person, by=user, mode=CheckInMode.STATION, station=station)
        j = job(employer, township, by=boss, title=f"装卸{name}", workers_needed=1)
        eng = services.offer(j, c, by=boss)
        services.confirm(eng, by=user)
        services.arrive(eng, by=user)
        services.complete(eng, by=boss)
        out.append((eng, user))
    return {"engagements": out, "boss": boss, "employer": employer}


def _age(eng: Engagement, days: int) -> None:
    Engagement.objects.filter(pk=eng.pk).update(completed_at=timezone.now() - dt.timedelta(days=days))


@pytest.mark.usefixtures("english")
def test_late_pay_opens_one_case_and_rerun_adds_none(completed):
    (late, late_user), (fresh, _u) = completed["engagements"]
    _age(late, 4)
    _age(fresh, 1)
    dry = services.arrears_sweep(dry_run=True)
    assert dry["late"] == [late.pk] and dry["cases_opened"] == []
    assert WageArrearsCase.objects.count() == 0
    first = services.arrears_sweep(dry_run=False)
    assert first["late"] == [late.pk] and len(first["cases_opened"]) == 1
    late.refresh_from_db()
    case = late.arrears_case
    assert case.employer == completed["employer"] and case.amount_owed == Decimal("180.00")
    assert case.workers_affected == 1 and f"#{late.pk}" in case.note
    assert Notification.objects.filter(recipient=late_user, text__contains="wage-arrears case").count() == 1
    second = services.arrears_sweep(dry_run=False)
    assert second["late"] == [] and second["cases_opened"] == []
    assert WageArrearsCase.objects.count() == 1
    # calling the service directly again returns the same case
    assert services.raise_arrears_case(late, why="late").pk == case.pk
    assert WageArrearsCase.objects.count() == 1
    fresh.refresh_from_db()
    assert fresh.arrears_case_id is None


def test_pay_confirmed_in_time_raises_nothing(completed):
    (eng, user), _ = completed["engagements"]
    services.confirm_pay(eng, by=completed["boss"])
    _age(eng, 10)
    assert services.arrears_sweep(dry_run=False)["cases_opened"] == []


def test_parameter_days(completed):
    (eng, _u), (other, _o) = completed["engagements"]
    _age(eng, 2)
    _age(other, 2)
    assert services.arrears_sweep(days=3, dry_run=True)["late"] == []
    assert sorted(services.arrears_sweep(days=1, dry_run=True)["late"]) == sorted([eng.pk, other.pk])


@pytest.mark.usefixtures("english")
def test_disputed_pay_raises_a_case_once(completed):
    (eng, user), _ = completed["engagements"]
    services.confirm_pay(eng, by=completed["boss"], amount="100")
    with pytest.raises(services.TransitionError, match="Only the worker"):
        services.dispute_pay(eng, by=completed["boss"], reason="underpaid")
    case = services.dispute_pay(eng, by=user, reason="underpaid")
    assert case.amount_owed == Decimal("80.00")  # 180 due, 100 paid
    again = services.dispute_pay(eng, by=user, reason="not_paid")
    assert again.pk == case.pk and WageArrearsCase.objects.count() == 1
    eng.refresh_from_db()
    assert eng.dispute_reason == "underpaid" and eng.status == E.PAY_CONFIRMED
    services.confirm_received(eng, by=user)  # the worker may still confirm later
    with pytest.raises(services.TransitionError):
        services.dispute_pay(eng, by=user, reason="late")


def test_command_dry_run_then_wet_run(completed):
    (eng, _u), _ = completed["engagements"]
    _age(eng, 5)
    out = StringIO()
    call_command("gig_arrears_check", stdout=out)
    assert "dry run" in out.getvalue() and WageArrearsCase.objects.count() == 0
    out = StringIO()
    call_command("gig_arrears_check", "--wet-run", stdout=out)
    assert WageArrearsCase.objects.count() == 1 and "1" in out.getvalue()
    call_command("gig_arrears_check", "--wet-run", stdout=StringIO())
    assert WageArrearsCase.objects.count() == 1
