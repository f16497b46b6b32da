"""Employer risk, economic layoffs, campaigns with stratified sampling, complaints, wage arrears, disability quota."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jiuye.core.models import AuditEvent
from jiuye.registry.enums import ContractType, EmployerStatus
from jiuye.registry.models import (
    ContributionRecord,
    DisabilityCertificate,
    Employer,
    EmploymentSpell,
    InsuredPeriod,
    WageIncome,
)
from jiuye.supervision.inspections import layoffs, quota, risk, sampling, services
from jiuye.supervision.inspections.models import (
    ArrearsStatus,
    Campaign,
    Complaint,
    EmployerRisk,
    Inspection,
    LayoffAlert,
    LayoffRule,
    RiskBand,
)
from jiuye.supervision.inspections.templatetags.inspections_tags import employer_public_notice
from tests import factories as f

MONTH = dt.date(2026, 5, 1)


def _persons(division, n):
    return [f.make_person(division, name=f"工人{i}") for i in range(n)]


def _insure(employer, persons, *, start=dt.date(2025, 1, 1), end=None):
    InsuredPeriod.objects.bulk_create(
        [
            InsuredPeriod(person=p, employer=employer, scheme="pension", start_date=start, end_date=end)
            for p in persons
        ]
    )


# ------------------------------------------------------------------------------------------------ layoffs


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (500, 481, None),  # 19 fewer, 3.8%: neither rule
        (500, 480, LayoffRule.TWENTY_OR_MORE),  # 20 fewer
        (101, 91, None),  # 10 of 101 = 9.9%
        (100, 90, LayoffRule.TEN_PERCENT),  # 10 of 100 = 10%
        (19, 17, None),  # 10.5% of a workforce of 19: below the minimum workforce
        (20, 18, LayoffRule.TEN_PERCENT),  # 10% of a workforce of 20
        (20, 20, None),
        (10, 12, None),
    ],
)
def test_layoff_rule_exact_thresholds(before, after, expected):
    assert layoffs.layoff_rule(before, after) == expected


def test_layoff_alert_from_insured_periods_and_contributions(tree):
    yuhu, yuetang = tree["430302"], tree["430304"]
    twenty = f.make_employer(yuhu)
    nineteen = f.make_employer(yuhu)
    staff = _persons(yuhu, 20)
    # 20 insured at the end of April; 2 stop on 15 May → 18 at the end of May: 10% of 20.
    _insure(twenty, staff[:18])
    _insure(twenty, staff[18:], end=dt.date(2026, 5, 15))
    # 19 by contributions in April, 17 in May: 10.5% but a workforce under 20.
    for p in staff[:19]:
        ContributionRecord.objects.create(
            person=p,
            employer=nineteen,
            scheme="pension",
            month=dt.date(2026, 4, 1),
            base_wage=4000,
            amount_due=960,
            amount_paid=960,
        )
    for p in staff[:17]:
        ContributionRecord.objects.create(
            person=p,
            employer=nineteen,
            scheme="pension",
            month=MONTH,
            base_wage=4000,
            amount_due=960,
            amount_paid=960,
        )
    heads = layoffs.monthly_headcount([dt.date(2026, 4, 1), MONTH])
    assert heads[dt.date(2026, 4, 1)] == {twenty.pk: 20, nineteen.pk: 19}
    assert heads[MONTH] == {twenty.pk: 18, nineteen.pk: 17}

    counts = layoffs.check_layoffs(MONTH)
    assert counts == {"alerts": 1, "new": 1, "linked_reports": 0}
    alert = LayoffAlert.objects.get()
    assert (alert.employer, alert.headcount_before, alert.headcount_after, alert.rule) == (
        twenty,
        20,
        18,
        LayoffRule.TEN_PERCENT,
    )
    assert alert.drop == 2 and alert.drop_pct == 10.0
    assert layoffs.check_layoffs(MONTH)["new"] == 0  # idempotent
    # The early-warning entry point, by division.
    assert list(layoffs.layoff_alerts("430302", MONTH)) == [alert]
    assert list(layoffs.layoff_alerts(tree["4303"], MONTH)) == [alert]
    assert list(layoffs.layoff_alerts(yuetang, MONTH)) == []
    assert list(layoffs.layoff_alerts("430302", dt.date(2026, 4, 1))) == []


def test_layoff_procedure_check_by_inspector(tree, users, login, english):
    employer = f.make_employer(tree["430302"])
    alert = LayoffAlert.objects.create(
        employer=employer,
        month=MONTH,
        headcount_before=40,
        headcount_after=20,
        rule=LayoffRule.TWENTY_OR_MORE,
    )
    client = login(users["inspector"])
    page = client.get(reverse("web:inspections_layoffs"))
    assert page.status_code == 200 and employer.name in page.content.decode()
    # "Reported" without a date is refused, naming the field; nothing changes.
    client.post(reverse("web:inspections_layoff_check", args=[alert.pk]), {"reported": "yes"})
    alert.refresh_from_db()
    assert alert.reported is None
    client.post(
        reverse("web:inspections_layoff_check", args=[alert.pk]), {"reported": "no", "note": "未报告"}
    )
    alert.refresh_from_db()
    assert alert.reported is False and alert.checked_by == users["inspector"]
    # The alert opens an inspection in the same queue.
    opened = client.post(reverse("web:inspections_open", args=[employer.pk]), {"origin": "layoff"})
    assert opened.status_code == 302 and Inspection.objects.get(employer=employer).origin == "layoff"
    bad = client.post(reverse("web:inspections_open", args=[employer.pk]), {"origin": "hunch"}, follow=True)
    assert bad.status_code == 200 and "origin" in bad.content.decode()
    # An unreported layoff then counts in the risk score.
    result = risk.compute(dt.date(2026, 6, 10))
    assert [r["code"] for r in result[employer.pk]["reasons"]] == ["layoff_unreported"]
    # Another district's inspector cannot record the check.
    other = f.make_user("inspector", tree["430304"])
    assert (
        login(other)
        .post(reverse("web:inspections_layoff_check", args=[alert.pk]), {"reported": "no"})
        .status_code
        == 404
    )


# --------------------------------------------------------------------------------------------------- risk


def test_risk_reasons_figures_and_public_part(tree, english):
    yuhu = tree["430302"]
    employer = f.make_employer(yuhu, status=EmployerStatus.ABNORMAL)
    clean = f.make_employer(yuhu)
    insured, unpaid = _persons(yuhu, 2)
    # Contributions: May and June due 1000 each, 400 paid in May and nothing in June → 1600 yuan, 2 months.
    for month, paid in ((dt.date(2026, 5, 1), 600), (dt.date(2026, 6, 1), 0)):
        ContributionRecord.objects.create(
            person=insured,
            employer=employer,
            scheme="pension",
            month=month,
            base_wage=4000,
            amount_due=1000,
            amount_paid=paid,
        )
        ContributionRecord.objects.create(
            person=insured,
            employer=clean,
            scheme="pension",
            month=month,
            base_wage=4000,
            amount_due=1000,
            amount_paid=1000,
        )
        # Wages paid to a person with neither insured period nor contributions with this employer.
        WageIncome.objects.create(person=unpaid, employer=employer, month=month, amount=4200)
        WageIncome.objects.create(person=insured, employer=employer, month=month, amount=4200)
    citizen = f.make_user("citizen")
    services.file_complaint(
        complainant=citizen,
        employer=employer,
        category="wage_arrears",
        text="两个月没有发工资了，老板说没钱。",
        anonymous=True,
    )

    result = risk.compute(dt.date(2026, 7, 5))
    assert clean.pk not in result
    r = result[employer.pk]
    by_code = {x["code"]: x for x in r["reasons"]}
    assert set(by_code) == {"arrears", "uninsured_wage", "abnormal", "complaints"}
    assert by_code["arrears"]["figures"] == {"months": 2, "yuan": "1400.00", "since": "2026-04"}
    assert by_code["arrears"]["points"] == 20
    assert by_code["uninsured_wage"]["figures"]["persons"] == 1 and by_code["uninsured_wage"]["points"] == 8
    assert by_code["abnormal"]["points"] == 15 and by_code["complaints"]["figures"] == {"count": 1}
    assert r["score"] == 20 + 8 + 15 + 5 == 48 and r["band"] == RiskBand.MEDIUM
    # Only public information may be shown on postings: the abnormal-operation listing.
    assert [x["code"] for x in r["public_reasons"]] == ["abnormal"]
    assert "1400.00" in risk.describe(by_code["arrears"])

    counts = risk.store(dt.date(2026, 7, 5))
    assert counts["scored"] == 1 and counts["medium"] == 1
    assert employer_public_notice(employer) == ["Listed for abnormal operation (market supervision)"]
    assert employer_public_notice(clean) == []


def test_headcount_falls_and_score_cap(tree):
    yuhu = tree["430302"]
    employer = f.make_employer(yuhu, status=EmployerStatus.DEREGISTERED)
    staff = _persons(yuhu, 10)
    _insure(employer, staff[:5])
    _insure(employer, staff[5:], end=dt.date(2026, 5, 20))  # 10 at the end of April, 5 at the end of May
    ContributionRecord.objects.create(
        person=staff[0],
        employer=employer,
        scheme="pension",
        month=MONTH,
        base_wage=4000,
        amount_due=1000,
        amount_paid=1000,
    )
    r = risk.compute(dt.date(2026, 6, 3))[employer.pk]
    by_code = {x["code"]: x for x in r["reasons"]}
    assert by_code["headcount_fall_month"]["figures"] == {"before": 10, "after": 5, "month": "2026-05"}
    assert by_code["headcount_fall_month"]["points"] == 15  # ≥ 30%
    assert by_code["headcount_fall_year"]["figures"] == {"before": 10, "after": 5, "since": "2025-05"}
    assert by_code["deregistered"]["points"] == 20
    assert r["score"] == 15 + 10 + 20 and r["band"] == RiskBand.MEDIUM


def test_risk_pages_are_scoped_to_the_inspectors_district(tree, users, login, english, client):
    mine = f.make_employer(tree["430302"], name="雨湖风险企业")
    theirs = f.make_employer(tree["430304"], name="岳塘风险企业")
    for e in (mine, theirs):
        EmployerRisk.objects.create(
            employer=e,
            as_of=dt.date(2026, 6, 1),
            score=35,
            band=RiskBand.MEDIUM,
            reasons=[{"code": "abnormal", "points": 15, "figures": {"on": ""}}],
        )
    assert client.get(reverse("web:inspections_risk")).status_code == 302  # anonymous → sign in
    inspector = login(users["inspector"])
    page = inspector.get(reverse("web:inspections_risk") + "?sort=name")
    text = page.content.decode()
    assert page.status_code == 200 and "雨湖风险企业" in text and "岳塘风险企业" not in text
    assert "Listed for abnormal operation" in text
    assert inspector.get(reverse("web:inspections_employer", args=[mine.pk])).status_code == 200
    assert inspector.get(reverse("web:inspections_employer", args=[theirs.pk])).status_code == 404
    assert inspector.get(reverse("web:inspections_quota")).status_code == 200
    assert login(users["caseworker"]).get(reverse("web:inspections_risk")).status_code == 403
    province = login(users["admin_national"]).get(reverse("web:inspections_risk")).content.decode()
    assert "雨湖风险企业" in province and "岳塘风险企业" in province
    # The workspace links to the inspection pages.
    assert (
        reverse("web:inspections_risk")
        in login(users["inspector"]).get(reverse("web:workspace")).content.decode()
    )


# ----------------------------------------------------------------------------------------------- sampling


def test_allocation_proportional_and_neyman():
    units = [sampling.Unit(i, "high|small", 60) for i in range(10)] + [
        sampling.Unit(100 + i, "low|small", 0) for i in range(90)
    ]
    prop = {s["key"]: s["n"] for s in sampling.allocate(units, 10, "proportional")}
    assert prop == {"high|small": 1, "low|small": 9}
    ney = {s["key"]: s["n"] for s in sampling.allocate(units, 10, "neyman")}
    # S_high = √(.6·.4) = .490, S_low = √(.05·.95) = .218: 10·.490 / (10·.490 + 90·.218) = 0.2 → 2 of 10.
    assert ney == {"high|small": 2, "low|small": 8}
    assert sum(s["n"] for s in sampling.allocate(units, 1000, "neyman")) == 100  # never more than the frame
    with pytest.raises(ValueError, match="allocation"):
        sampling.allocate(units, 5, "optimal")


def test_draw_sample_reproducible_with_design_recorded(tree, users):
    yuhu = tree["430302"]
    employers = [f.make_employer(yuhu, size_class="small" if i % 2 else "micro") for i in range(12)]
    for e in employers[:4]:
        EmployerRisk.objects.create(
            employer=e, as_of=dt.date(2026, 6, 1), score=55, band=RiskBand.HIGH, reasons=[]
        )
    f.make_employer(tree["430304"])  # outside the campaign's division
    inspector = users["inspector"]
    campaign = services.create_campaign(
        actor=inspector,
        name="2026 夏季专项",
        division=yuhu,
        period_start=dt.date(2026, 7, 1),
        period_end=dt.date(2026, 8, 31),
        sample_size=5,
        allocation="neyman",
        seed=42,
    )
    first = services.draw_sample(campaign, actor=inspector)
    design = Campaign.objects.get(pk=campaign.pk).design
    assert design["seed"] == 42 and design["allocation"] == "neyman" and design["frame_size"] == 12
    assert design["strata_by"] == ["risk_band", "size_class"]
    assert sum(s["n"] for s in design["strata"]) == 5 and len(first) == 5
    assert {s["key"] for s in design["strata"]} == {"high|micro", "high|small", "low|micro", "low|small"}
    assert set(first) <= {e.pk for e in employers}
    assert Inspection.objects.filter(campaign=campaign).count() == 5
    # Same frame, same seed → same sample; no duplicate inspections.
    again = services.draw_sample(Campaign.objects.get(pk=campaign.pk), actor=inspector)
    assert (
        again == first
        and Campaign.objects.get(pk=campaign.pk).design["frame_sha256"] == design["frame_sha256"]
    )
    assert Inspection.objects.filter(campaign=campaign).count() == 5
    # A pure re-draw from the recorded design gives the same ids too.
    units = services._frame(campaign, dt.date.fromisoformat(design["risk_as_of"]))
    assert sampling.draw(units, 5, "neyman", 42)[1] == first
    # Out-of-area division refused, naming the field.
    with pytest.raises(services.InspectionError, match="division"):
        services.create_campaign(
            actor=inspector,
            name="x",
            division=tree["430304"],
            period_start=dt.date(2026, 7, 1),
            period_end=dt.date(2026, 7, 2),
            sample_size=1,
            allocation="neyman",
            seed=1,
        )


def test_campaign_pages(tree, users, login, english):
    f.make_employer(tree["430302"])
    client = login(users["inspector"])
    bad = client.post(
        reverse("web:inspections_campaigns"),
        {
            "name": "A",
            "division": "430302",
            "period_start": "2026-07-01",
            "period_end": "bad",
            "sample_size": "3",
            "allocation": "proportional",
        },
    )
    assert bad.status_code == 200 and "period_end" in bad.content.decode() and not Campaign.objects.exists()
    ok = client.post(
        reverse("web:inspections_campaigns"),
        {
            "name": "A",
            "division": "430302",
            "period_start": "2026-07-01",
            "period_end": "2026-07-31",
            "sample_size": "3",
            "allocation": "proportional",
            "seed": "7",
        },
    )
    campaign = Campaign.objects.get()
    assert ok.status_code == 302
    client.post(reverse("web:inspections_campaign_draw", args=[campaign.pk]))
    page = client.get(reverse("web:inspections_campaign", args=[campaign.pk])).content.decode()
    assert "low|small" in page and 'id="sample"' in page


# -------------------------------------------------------------------------------------------------- quota


def test_quota_levy_arithmetic():
    p = quota.parameters_for("430302", dt.date(2026, 6, 1))
    assert p.ratio == Decimal("0.015")
    on = dt.date(2026, 6, 1)
    # 100 employees: 1.50 required; none employed → shortfall 1.5 × 60,000 = 90,000; below 1% → 90%.
    r = quota.levy(employees=100, counted=0, average_wage=Decimal("60000"), params=p, on=on)
    assert (r["required"], r["shortfall"], r["full_levy"], r["rate_applied"], r["levy"]) == (
        Decimal("1.50"),
        Decimal("1.50"),
        Decimal("90000.00"),
        Decimal("0.9"),
        Decimal("81000.00"),
    )
    # 1 of 100 = 1%: reduced to 50% of 0.5 × 60,000.
    r = quota.levy(employees=100, counted=1, average_wage=Decimal("60000"), params=p, on=on)
    assert (r["shortfall"], r["levy"]) == (Decimal("0.50"), Decimal("15000.00"))
    # Average wage above 2× the local average (85,000) is capped at 170,000.
    r = quota.levy(employees=200, counted=0, average_wage=Decimal("250000"), params=p, on=on)
    assert r["wage_capped"] and r["wage_used"] == Decimal("170000") and r["full_levy"] == Decimal("510000.00")
    # Small employers: 30 employees exempt, 31 not.
    assert quota.levy(employees=30, counted=0, average_wage=Decimal("50000"), params=p, on=on)["levy"] == 0
    r31 = quota.levy(employees=31, counted=0, average_wage=Decimal("50000"), params=p, on=on)
    assert not r31["exempt"] and r31["levy"] == Decimal("20925.00")  # 0.47 × 50,000 × 0.9
    # After the exemption period: no exemption, full rate.
    later = quota.levy(
        employees=30, counted=0, average_wage=Decimal("50000"), params=p, on=dt.date(2028, 1, 1)
    )
    assert not later["exempt"] and later["rate_applied"] == 1 and later["levy"] == Decimal("22500.00")
    # Over the quota: no levy, persons over counted.
    over = quota.levy(employees=100, counted=3, average_wage=Decimal("60000"), params=p, on=on)
    assert over["levy"] == 0 and over["over_quota"] == Decimal("1.50")


def test_quota_table_counts_grade_1_2_double(tree, users, login):
    yuhu = tree["430302"]
    employer = f.make_employer(yuhu)
    staff = _persons(yuhu, 40)
    for p in staff:
        EmploymentSpell.objects.create(
            person=p,
            employer=employer,
            contract_type=ContractType.OPEN_ENDED,
            start_date=dt.date(2024, 1, 1),
            monthly_wage=5000,
        )
    DisabilityCertificate.objects.create(
        person=staff[0], category="肢体", grade=2, issued_on=dt.date(2020, 1, 1)
    )
    staff[1].disability_grade = 4
    staff[1].save(update_fields=["disability_grade"])
    row = next(
        r
        for r in quota.quota_table(Employer.objects.filter(pk=employer.pk), dt.date(2026, 6, 1))
        if r["employer"] == employer
    )
    assert (row["employees"], row["disabled"], row["counted"], row["required"]) == (40, 2, 3, Decimal("0.60"))
    assert (
        row["levy"] == 0
        and row["over_quota"] == Decimal("2.40")
        and row["average_wage"] == Decimal("60000.00")
    )
    csv_text = (
        login(users["inspector"]).get(reverse("web:inspections_quota") + "?format=csv").content.decode()
    )
    assert employer.credit_code in csv_text


# --------------------------------------------------------------------------------------------- complaints


def test_anonymous_complaint_never_reveals_the_complainant(tree, users, login, english):
    yuhu = tree["430302"]
    employer = f.make_employer(yuhu, name="雨湖欠薪公司")
    person = f.make_person(yuhu, name="李秀英")
    citizen = f.make_user("citizen", person=person, username="worker_li")
    client = login(citizen)
    missing = client.post(
        reverse("web:inspections_complaint_new"), {"category": "wage_arrears", "text": "三个月工资没有发放。"}
    )
    assert "employer" in missing.content.decode() and not Complaint.objects.exists()
    done = client.post(
        reverse("web:inspections_complaint_new"),
        {
            "credit_code": employer.credit_code,
            "category": "wage_arrears",
            "text": "三个月工资没有发放，共八人。",
            "anonymous": "on",
            "workers_affected": "8",
        },
    )
    assert done.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.anonymous and complaint.complainant == citizen
    assert "雨湖欠薪公司" in client.get(reverse("web:inspections_my_complaints")).content.decode()
    event = AuditEvent.objects.about(complaint).get()
    assert event.actor is None and event.actor_label == "" and "worker_li" not in str(event.data)

    inspector = login(users["inspector"])
    queue = inspector.get(reverse("web:inspections_complaints")).content.decode()
    assert "Anonymous" in queue and "李" not in queue and "worker_li" not in queue
    export = inspector.get(reverse("web:inspections_complaints") + "?format=csv").content.decode()
    assert "雨湖欠薪公司" in export and "Anonymous" in export and "李" not in export
    # Employer users and other citizens see none of it; another district's inspector neither.
    employer_user = f.make_user("employer", employer=employer)
    assert Complaint.objects.visible_to(employer_user).count() == 0
    assert Complaint.objects.visible_to(users["citizen"]).count() == 0
    assert Complaint.objects.visible_to(f.make_user("inspector", tree["430304"])).count() == 0
    assert login(employer_user).get(reverse("web:inspections_complaints")).status_code == 403
    # Taken up: it enters the inspection queue.
    inspector = login(users["inspector"])
    inspector.post(reverse("web:inspections_complaint_act", args=[complaint.pk]), {"action": "take_up"})
    complaint.refresh_from_db()
    assert complaint.inspection.origin == "complaint" and complaint.inspection.employer == employer
    assert (
        "Anonymous"
        in inspector.get(
            reverse("web:inspections_inspection", args=[complaint.inspection_id])
        ).content.decode()
    )


def test_named_complaint_shows_a_masked_name(tree, users, login, english):
    employer = f.make_employer(tree["430302"])
    person = f.make_person(tree["430302"], name="王建国")
    citizen = f.make_user("citizen", person=person)
    services.file_complaint(
        complainant=citizen,
        employer=employer,
        category="no_contract",
        text="入职半年没有签劳动合同。",
        anonymous=False,
    )
    queue = login(users["inspector"]).get(reverse("web:inspections_complaints")).content.decode()
    assert person.masked_name in queue and "王建国" not in queue


# -------------------------------------------------------------------------------- inspections and arrears


def test_inspection_record_and_wage_arrears_case(tree, users, login, english):
    employer = f.make_employer(tree["430302"])
    inspector = users["inspector"]
    inspection = services.open_inspection(actor=inspector, employer=employer, origin="risk")
    client = login(inspector)
    bad = client.post(
        reverse("web:inspections_inspection", args=[inspection.pk]), {"status": "visited", "findings": "x"}
    )
    assert "visited_on" in bad.content.decode()
    client.post(
        reverse("web:inspections_inspection", args=[inspection.pk]),
        {
            "status": "remedy_ordered",
            "visited_on": "2026-06-02",
            "findings": "拖欠8名工人工资",
            "remedies": "限期支付",
            "sanctions": "罚款5000元",
        },
    )
    inspection.refresh_from_db()
    assert inspection.status == "remedy_ordered" and inspection.sanctions == "罚款5000元"
    # The penalty is a public reason from then on.
    r = risk.compute(dt.date(2026, 6, 10))[employer.pk]
    assert [x["code"] for x in r["public_reasons"]] == ["penalty"]

    client.post(
        reverse("web:inspections_arrears"),
        {
            "credit_code": employer.credit_code,
            "workers_affected": "8",
            "amount_owed": "36000",
            "inspection": inspection.pk,
        },
    )
    case = inspection.arrears_cases.get()
    with pytest.raises(services.InspectionError, match="pay_by"):
        services.update_arrears_case(case, actor=inspector, status=ArrearsStatus.ORDERED)
    services.update_arrears_case(
        case,
        actor=inspector,
        status=ArrearsStatus.ORDERED,
        pay_by=timezone.localdate() + dt.timedelta(days=15),
    )
    with pytest.raises(services.InspectionError, match="status"):
        services.update_arrears_case(case, actor=inspector, status=ArrearsStatus.PAID, amount_paid="20000")
    case.refresh_from_db()
    assert case.status == ArrearsStatus.ORDERED
    with pytest.raises(services.InspectionError, match="amount_paid"):
        services.update_arrears_case(case, actor=inspector, amount_paid="40000")
    client.post(
        reverse("web:inspections_arrears_update", args=[case.pk]), {"amount_paid": "36000", "status": "paid"}
    )
    case.refresh_from_db()
    assert case.status == ArrearsStatus.PAID and case.closed_on == timezone.localdate()
    # Another district's employer cannot get a case from this inspector.
    with pytest.raises(services.InspectionError, match="employer"):
        services.open_arrears_case(
            actor=inspector,
            employer=f.make_employer(tree["430304"]),
            workers_affected=1,
            amount_owed="100",
            pay_by=None,
        )


def test_posting_shows_public_notice_only(tree, users, login, english):
    from tests.jobs.test_postings import posting

    employer = f.make_employer(tree["430302"])
    job = posting(tree["430302"], employer)
    job.status = "published"
    job.save(update_fields=["status"])
    EmployerRisk.objects.create(
        employer=employer,
        as_of=dt.date(2026, 6, 1),
        score=35,
        band=RiskBand.MEDIUM,
        reasons=[
            {
                "code": "arrears",
                "points": 20,
                "figures": {"months": 2, "yuan": "9999.00", "since": "2026-04"},
            },
            {"code": "abnormal", "points": 15, "figures": {"on": "2026-03-01"}},
        ],
        public_reasons=[{"code": "abnormal", "points": 15, "figures": {"on": "2026-03-01"}}],
    )
    page = login(users["citizen"]).get(reverse("web:job_detail", args=[job.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "employer-public-notice" in text and "abnormal operation" in text and "9999.00" not in text


def test_command_dry_run_writes_nothing(tree):
    employer = f.make_employer(tree["430302"], status=EmployerStatus.ABNORMAL)
    call_command("inspections_risk", "--on", "2026-06-10")
    assert not EmployerRisk.objects.exists()
    call_command("inspections_risk", "--on", "2026-06-10", "--wet-run")
    assert EmployerRisk.objects.get().employer == employer


def test_trap_flags_count_in_risk_but_are_not_public(tree):
    from jiuye.supervision.models import FlagStatus, PostingFlag, PostingScreening
    from tests.jobs.test_postings import posting

    employer = f.make_employer(tree["430302"])
    job = posting(tree["430302"], employer)
    screening = PostingScreening.objects.create(posting=job, blocking=True, flag_count=3)

    def flag(category, status=FlagStatus.OPEN):
        return PostingFlag.objects.create(
            screening=screening,
            posting=job,
            category=category,
            code=category,
            severity="block",
            field="description",
            matched_text="押金500元",
            status=status,
        )

    flag("fees_deposits")
    flag("brushing", status=FlagStatus.OVERTURNED)  # overturned on appeal: no longer counts
    flag("gender")  # discrimination, not a job trap
    r = risk.compute(dt.date(2026, 6, 10))[employer.pk]
    assert r["reasons"] == [{"code": "trap_flags", "points": 10, "figures": {"count": 1}}]
    assert r["public_reasons"] == []


def test_every_stratum_gets_a_visit_when_the_sample_allows():
    units = [sampling.Unit(i, "low|micro", 0) for i in range(400)] + [
        sampling.Unit(1000, "medium|medium", 25),
        sampling.Unit(1001, "low|medium", 0),
        sampling.Unit(1002, "low|medium", 0),
    ]
    alloc = {s["key"]: s["n"] for s in sampling.allocate(units, 5, "neyman")}
    assert alloc == {"low|medium": 1, "low|micro": 3, "medium|medium": 1}
    assert {s["key"]: s["n"] for s in sampling.allocate(units, 2, "proportional")} == {
        "low|medium": 0,
        "low|micro": 2,
        "medium|medium": 0,
    }


def test_demo_command_adds_a_drawn_campaign_complaints_and_a_case_once(tree, users):
    yuhu = tree["430302"]
    first = f.make_employer(yuhu, status=EmployerStatus.ABNORMAL)
    second = f.make_employer(yuhu)
    worker = f.make_person(yuhu)
    for month in (dt.date(2026, 5, 1), dt.date(2026, 6, 1)):
        ContributionRecord.objects.create(
            person=worker,
            employer=second,
            scheme="pension",
            month=month,
            base_wage=4000,
            amount_due=1000,
            amount_paid=0,
        )
    call_command("inspections_demo", "--wet-run")
    campaign = Campaign.objects.get()
    assert (
        campaign.design["seed"] == 2026 and campaign.design["frame_size"] == 2 and len(campaign.sample) == 2
    )
    assert Complaint.objects.filter(anonymous=True).count() == 1 and Complaint.objects.count() == 2
    assert {c.employer for c in Complaint.objects.all()} == {first, second}
    assert second.wage_arrears_cases.count() == 1
    call_command("inspections_demo", "--wet-run")
    assert Campaign.objects.count() == 1 and Complaint.objects.count() == 2
