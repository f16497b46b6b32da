"""Warnings move with the data: an event for each change (up, down, resolved), none when nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest

from jiuye.core.models import AuditEvent
from jiuye.jobs.models import Notification
from jiuye.monitoring.early_warning import services
from jiuye.monitoring.early_warning.enums import WarningEventKind, WarningStatus
from jiuye.monitoring.early_warning.models import Warning, WarningEvent
from jiuye.registry.models import UnemploymentRegistration
from tests import factories as f

from .helpers import month, put_rates

pytestmark = pytest.mark.django_db

# 12 months at 4.0 %, then 4.3, 4.6, 4.9 (Sahm 0.6 in month 14: yellow) …
BASE = [4.0] * 12 + [4.3, 4.6, 4.9]


def _sahm(division):
    return Warning.objects.get(rule__code="sahm", division=division)


def test_flip_up_recorded_once_with_evidence_and_checklist(tree):
    put_rates(tree["430302"], BASE)
    summary = services.evaluate_warnings(month(14), rules=["sahm"])
    assert summary["rules"]["sahm"] == {"evaluated": 1, "levels": {"yellow": 1}, "events": 1, "note": ""}
    w = _sahm(tree["430302"])
    assert (w.level, w.status, w.first_month) == ("yellow", "open", month(14))
    assert w.value == pytest.approx(0.6) and w.threshold == 0.5
    event = w.events.get()
    assert (event.kind, event.from_level, event.to_level, event.notify) == ("flip_up", "none", "yellow", True)
    assert event.evidence["evidence"]["low"] == pytest.approx(4.0)
    assert event.evidence["parameters"]["valid_from"] == "2019-01-01"
    assert list(w.checklist.values_list("code", flat=True)) == [
        "verify_data",
        "watch_monthly",
        "analyse_causes",
        "contact_enterprises",
    ]
    # the same month again: nothing changed, no event
    again = services.evaluate_warnings(month(14), rules=["sahm"])
    assert again["events"] == 0 and WarningEvent.objects.count() == 1


def test_flip_up_down_and_resolved(tree):
    d = tree["430302"]
    # month 15: 5.5 → ma (4.6+4.9+5.5)/3 = 5.0 → 1.0 red ; month 16: 4.0 → ma (4.9+5.5+4.0)/3 = 4.8 → 0.8 orange
    # months 17–18: back to 4.0 → ma 4.5 (0.5 yellow) then 4.0 (0.0: none)
    put_rates(d, [*BASE, 5.5, 4.0, 4.0, 4.0])
    kinds = []
    for i in range(14, 19):
        services.evaluate_warnings(month(i), rules=["sahm"])
        kinds.append([(e.kind, e.to_level) for e in _sahm(d).events.filter(month=month(i))])
    assert kinds == [
        [("flip_up", "yellow")],
        [("flip_up", "red")],
        [("flip_down", "orange")],
        [("flip_down", "yellow")],
        [("resolved", "none")],
    ]
    w = _sahm(d)
    assert (w.level, w.status) == ("none", "resolved")
    assert w.checklist.count() == 8  # every level's steps were added on the way up to red
    # an older month never moves it back
    assert services.evaluate_warnings(month(15), rules=["sahm"])["events"] == 0


def test_no_warning_row_while_nothing_is_wrong(tree):
    put_rates(tree["430304"], [4.0] * 15)
    services.evaluate_warnings(month(14), rules=["sahm"])
    assert not Warning.objects.exists()


def test_staff_actions_are_events_and_audited(tree, users):
    put_rates(tree["430302"], BASE)
    services.evaluate_warnings(month(14), rules=["sahm"])
    w = _sahm(tree["430302"])
    analyst = users["analyst_city"]
    services.acknowledge_warning(w, by=analyst, note="checked")
    with pytest.raises(services.WarningError):
        services.acknowledge_warning(w, by=analyst)
    with pytest.raises(services.WarningError):
        services.resolve_warning(w, by=analyst, note="  ")
    with pytest.raises(services.WarningError):
        services.acknowledge_warning(w, by=users["caseworker"])
    item = w.checklist.first()
    services.tick_checklist_item(item, by=analyst, done=True)
    item.refresh_from_db()
    assert item.done_by == analyst and item.done_at is not None
    services.resolve_warning(w, by=analyst, note="false alarm: a data correction")
    w.refresh_from_db()
    assert (w.status, w.resolved_by) == (WarningStatus.RESOLVED, analyst)
    staff = list(w.events.filter(actor=analyst).order_by("pk").values_list("kind", "notify"))
    assert staff == [(WarningEventKind.ACKNOWLEDGED, False), (WarningEventKind.RESOLVED_BY_STAFF, False)]
    audits = AuditEvent.objects.about(w).filter(actor=analyst)
    assert audits.count() == 3  # acknowledge, checklist tick, resolve


def test_a_rise_reopens_a_warning_resolved_by_staff(tree, users):
    d = tree["430302"]
    put_rates(d, [*BASE, 5.5])
    services.evaluate_warnings(month(14), rules=["sahm"])
    services.resolve_warning(_sahm(d), by=users["leader_province"], note="seen")
    services.evaluate_warnings(month(15), rules=["sahm"])
    w = _sahm(d)
    assert (w.level, w.status, w.resolved_at) == ("red", "open", None)
    assert w.events.order_by("-pk").first().kind == "flip_up"


def test_notifications_go_to_leaders_and_analysts_covering_the_division(tree, users):
    put_rates(tree["430302"], BASE)  # 雨湖 (Xiangtan)
    put_rates(tree["430102"], BASE)  # 芙蓉 (Changsha)
    services.evaluate_warnings(month(14), rules=["sahm"])
    result = services.claim_and_notify("w1")
    assert result == {"pending": 2, "claimed": 2, "sent": 3, "lost": 0}
    got = Notification.objects.values_list("recipient__username", "link")
    yuhu = _sahm(tree["430302"]).pk
    furong = _sahm(tree["430102"]).pk
    # the Xiangtan city analyst for 雨湖 only; the Hunan leader for both; no caseworker or inspector
    assert sorted(got) == sorted(
        [
            ("an_xiangtan", f"/warnings/{yuhu}/"),
            ("ld_hunan", f"/warnings/{yuhu}/"),
            ("ld_hunan", f"/warnings/{furong}/"),
        ]
    )
    assert services.claim_and_notify("w1") == {"pending": 0, "claimed": 0, "sent": 0, "lost": 0}
    e = WarningEvent.objects.filter(warning_id=yuhu).get()
    assert (e.claimed_by, e.recipients) == ("w1", 2) and e.notified_at is not None


def test_registrations_rise_from_the_library(tree):
    """A leading signal from real registration rows: 10 a month for a year, then 20 (a rise of 100 %: red)."""
    person = f.make_person(tree["430302001"])
    rows = []
    for i in range(13):
        for k in range(20 if i == 12 else 10):
            rows.append(
                UnemploymentRegistration(
                    person=person, division=tree["430302"], registered_on=month(i) + dt.timedelta(days=k)
                )
            )
    UnemploymentRegistration.objects.bulk_create(rows)
    summary = services.evaluate_warnings(month(12), rules=["registrations_rise"])
    assert summary["rules"]["registrations_rise"]["evaluated"] == 2  # the district and its city
    w = Warning.objects.get(rule__code="registrations_rise", division=tree["430302"])
    assert (w.level, w.value, w.threshold) == ("red", 1.0, 1.0)
    assert w.evidence["evidence"]["average"] == 10 and w.evidence["evidence"]["count"] == 20
    assert Warning.objects.get(rule__code="registrations_rise", division=tree["4303"]).level == "red"


def test_enterprise_rule_from_layoff_alerts_and_insured_headcounts(tree):
    """An employer cutting 30 of 120 insured workers in a month: art. 41 (≥ 20) and a 25 % fall of the cell."""
    from decimal import Decimal

    from jiuye.registry.models import ContributionRecord
    from jiuye.supervision.inspections import layoffs
    from jiuye.taxonomy.models import Industry

    industry, _ = Industry.objects.get_or_create(
        code="C", defaults={"name_zh": "制造业", "name_en": "Manufacturing"}
    )
    employer = f.make_employer(tree["430302001"], industry=industry)
    people = [f.make_person(tree["430302001"]) for _ in range(120)]
    rows = []
    for m, staff in ((month(0), people), (month(1), people[:90])):
        rows += [
            ContributionRecord(
                person=p,
                employer=employer,
                scheme="pension",
                month=m,
                base_wage=Decimal(4000),
                amount_due=Decimal(320),
                amount_paid=Decimal(320),
            )
            for p in staff
        ]
    ContributionRecord.objects.bulk_create(rows)
    layoffs.check_layoffs(month(1))
    services.evaluate_warnings(month(1), rules=["enterprise"])
    w = Warning.objects.get(rule__code="enterprise")
    assert (w.division, w.industry, w.level) == (tree["430302"], industry, "red")
    ev = w.evidence["evidence"]
    assert (ev["laid_off"], ev["insured_before"], ev["insured_after"], ev["fall_share"]) == (
        30,
        120,
        90,
        0.25,
    )
    assert ev["layoffs"][0]["rule"] and ev["decided_by"] == "fall_share"


def test_areas_with_too_few_registered_unemployed_are_not_rated(tree):
    # 雨湖: labour force 1,000 → 40–49 registered unemployed, below min_unemployed (100): not rated.
    # 岳塘: labour force 10,000 → 400–490: the same rates give Sahm 0.6 (yellow).
    put_rates(tree["430302"], BASE, labour_force=1000)
    put_rates(tree["430304"], BASE, labour_force=10000)
    summary = services.evaluate_warnings(month(14), rules=["sahm"])
    assert summary["rules"]["sahm"]["levels"] == {"none": 1, "yellow": 1}
    assert not Warning.objects.filter(rule__code="sahm", division=tree["430302"]).exists()
    assert _sahm(tree["430304"]).level == "yellow"
    spec = services.parameters().rules["sahm"]
    findings, _note = services.regional_findings(spec, spec.on(month(14)), month(14))
    finding = {f.division.code: f.result for f in findings}
    small = finding["430302"]
    assert (small.level, small.value, small.reason) == ("none", None, "too_few")
    # average of the last three months: 4.3 %, 4.6 %, 4.9 % of 1,000
    assert small.evidence["unemployed"] == pytest.approx(46.0) and small.evidence["min_unemployed"] == 100
