"""Entrepreneurship support: survival at 6/12/24 months on crafted data, registration with a checked credit code,
the guaranteed loan through the policy engine, directory and staff pages with scoping."""

import datetime as dt

import pytest

from jiuye.accounts.enums import Role
from jiuye.network.startups import services
from jiuye.network.startups import survival as sv
from jiuye.network.startups.models import Incubator, Mentor, Startup
from jiuye.policies.models import PolicyApplication
from jiuye.registry.enums import EmployerEventKind, EmployerStatus, InsuranceScheme
from jiuye.registry.identifiers import make_credit_code
from jiuye.registry.models import EmployerEvent, EmploymentSpell, InsuredPeriod

from ... import factories as f

D = dt.date


def test_survival_on_crafted_data():
    on = D(2026, 11, 28)
    items = [
        sv.Business(D(2024, 1, 10)),  # alive throughout: 6, 12, 24 reached
        sv.Business(D(2024, 1, 10), closed=True, closed_on=D(2024, 9, 1)),  # alive at 6, dead at 12 and 24
        sv.Business(D(2025, 6, 1), closed=True, closed_on=D(2025, 10, 1)),  # dead at 6, 12; 24 not reached
        sv.Business(D(2026, 8, 1), insured_headcount=3),  # too young for any milestone
        sv.Business(D(2024, 3, 1), closed=True),  # closed, date unknown: left out
        sv.Business(D(2024, 11, 28), insured_headcount=2),  # exactly 24 months on the as-of date: alive
    ]
    s = sv.survival(items, on)
    assert s.count == 6 and s.closed_date_unknown == 1 and s.alive_now == 3 and s.jobs_created == 5
    assert (s.milestones[6].alive, s.milestones[6].eligible) == (3, 4)
    assert (s.milestones[12].alive, s.milestones[12].eligible) == (2, 4)
    assert (s.milestones[24].alive, s.milestones[24].eligible) == (2, 3)
    assert s.milestones[24].rate == pytest.approx(0.6667, abs=1e-4)
    assert sv.add_months(D(2024, 8, 31), 6) == D(2025, 2, 28)


@pytest.mark.django_db
def test_survival_from_the_library(tree, users):
    township = tree["430302001"]
    on = D(2026, 11, 28)
    live = f.make_employer(township, registered_on=D(2024, 1, 1))
    dead = f.make_employer(township, registered_on=D(2024, 1, 1), status=EmployerStatus.DEREGISTERED)
    EmployerEvent.objects.create(
        employer=dead, kind=EmployerEventKind.DEREGISTERED, occurred_on=D(2024, 10, 1)
    )
    for i in range(3):
        p = f.make_person(township, name=f"员工{i}")
        InsuredPeriod.objects.create(
            person=p, employer=live, scheme=InsuranceScheme.PENSION, start_date=D(2024, 2, 1)
        )
    for e in (live, dead):
        Startup.objects.create(
            division=township,
            name=e.name,
            stage="registered",
            credit_code=e.credit_code,
            registered_on=D(2024, 1, 1),
            employer=e,
        )
    Startup.objects.create(
        division=township, name="未入库", stage="registered", credit_code="", registered_on=on
    )
    Startup.objects.create(division=tree["430304001"], name="岳塘的", stage="planned")
    report = services.survival_report(Startup.objects.visible_to(users["caseworker"]), on)
    o = report["overall"]
    assert (o.count, o.alive_now, o.jobs_created) == (2, 1, 3)
    assert (o.milestones[6].alive, o.milestones[12].alive, o.milestones[24].alive) == (2, 1, 1)
    assert report["not_linked"] == 1 and report["planned"] == 0  # 岳塘's plan is out of scope


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_register_checks_the_credit_code_and_links_the_library(tree):
    township = tree["430302001"]
    person = f.make_person(township, name="创业者", is_veteran=True)
    user = f.make_user(Role.CITIZEN, None, person=person)
    s = services.record_startup(person, by=user, name="小面馆")
    with pytest.raises(services.StartupError) as err:
        services.register_startup(s, by=user, credit_code="91430302MA4L000000", registered_on=D(2026, 3, 1))
    assert "credit_code" in err.value.message_dict
    with pytest.raises(services.StartupError) as err:
        services.register_startup(s, by=user, credit_code="123", registered_on=None)
    assert {"credit_code", "registered_on"} <= set(err.value.message_dict)
    employer = f.make_employer(township, registered_on=D(2026, 3, 1))
    services.register_startup(
        s, by=user, credit_code=employer.credit_code.lower(), registered_on=D(2026, 3, 1)
    )
    s.refresh_from_db()
    assert s.stage == "registered" and s.employer == employer and s.credit_code == employer.credit_code
    assert EmploymentSpell.objects.filter(person=person, employer=employer, contract_type="self").count() == 1
    other = services.record_startup(person, by=user, name="第二家")
    with pytest.raises(services.StartupError, match="already recorded"):
        services.register_startup(
            other, by=user, credit_code=employer.credit_code, registered_on=D(2026, 3, 1)
        )
    stranger = f.make_user(Role.CITIZEN, None, person=f.make_person(township, name="旁人"))
    with pytest.raises(services.StartupError):
        services.register_startup(
            other,
            by=stranger,
            credit_code=make_credit_code("9", "1", "430302", "00000077"),
            registered_on=D(2026, 3, 1),
        )


@pytest.mark.django_db
def test_loan_eligibility_through_the_policy_engine(tree, login):
    township = tree["430302001"]
    vet = f.make_person(township, name="退役创业", is_veteran=True)
    user = f.make_user(Role.CITIZEN, None, person=vet)
    before = services.loan_eligibility(vet)
    assert before.decision.status == "not_eligible" and "runs_business" in before.decision.unmet
    employer = f.make_employer(township, registered_on=D(2026, 3, 1))
    s = services.record_startup(vet, by=user, name="修车铺")
    services.register_startup(s, by=user, credit_code=employer.credit_code, registered_on=D(2026, 3, 1))
    after = services.loan_eligibility(vet)
    assert "runs_business" in after.decision.met and "target_group" in after.decision.met
    assert after.decision.status == "unknown" and after.decision.unknown == ("no_other_loans",)
    assert services.loan_eligibility(vet, declared={"other_loans": False}).decision.status == "eligible"
    # the page's button starts the prefilled application in the policy pages
    client = login(user)
    assert "修车铺" in client.get("/startups/mine/").content.decode()
    r = client.post("/startups/mine/loan/")
    app = PolicyApplication.objects.get()
    assert app.policy == services.LOAN_POLICY and app.person == vet and app.status == "draft"
    assert r.status_code == 302 and r["Location"] == f"/policies/applications/{app.pk}/"
    assert client.post("/startups/mine/loan/").status_code == 302 and PolicyApplication.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_directory_and_staff_pages(tree, users, login, client):
    inc = Incubator.objects.create(division=tree["430302"], name="雨湖创业孵化基地", address="雨湖路8号")
    Mentor.objects.create(division=tree["430302"], name="公开导师", expertise="餐饮", listed_publicly=True)
    Mentor.objects.create(division=tree["430302"], name="未同意导师", expertise="电商", listed_publicly=False)
    html = client.get("/startups/").content.decode()
    assert "雨湖创业孵化基地" in html and "公开导师" in html and "未同意导师" not in html
    assert services.registration_portal() in html
    assert login(users["caseworker_other"]).get(f"/startups/incubators/{inc.pk}/").status_code == 404
    cw = login(users["caseworker"])
    assert cw.get(f"/startups/incubators/{inc.pk}/").status_code == 200
    r = cw.post(
        "/startups/incubators/new/",
        {"name": "", "kind": "incubator", "address": "x", "division_code": "430304"},
    )
    assert r.status_code == 200 and "field-error" in r.content.decode()
    assert Incubator.objects.count() == 1
    r = cw.post(
        "/startups/incubators/new/",
        {"name": "岳塘基地", "kind": "park", "address": "x", "division_code": "430304"},
    )
    assert "may not manage" in r.content.decode() and Incubator.objects.count() == 1
    r = cw.post(
        "/startups/mentors/new/",
        {
            "name": "新导师",
            "expertise": "财务",
            "division_code": "430302",
            "listed_publicly": "on",
            "is_active": "on",
        },
    )
    assert r.status_code == 302 and Mentor.objects.filter(name="新导师").exists()
    assert cw.get("/startups/staff/").status_code == 200
    assert login(users["citizen"]).get("/startups/staff/").status_code == 403
