"""Key-group assistance pages (issue 6): who may open them, scoping, forms with field errors, and dashboard
figures equal to counts computed directly from the cases."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jiuye.cases import services
from jiuye.cases.models import (
    Case,
    CaseSource,
    CaseStatus,
    ClosedReason,
    Contact,
    DataConflict,
    Placement,
    PublicWelfarePosition,
)
from jiuye.core.models import AuditEvent, EventKind
from jiuye.jobs.models import JobApplication
from jiuye.registry.enums import LabourStatus
from jiuye.registry.models import HouseholdMembership

from .. import factories as f
from ..jobs.test_postings import published


def household_case(household, *, opened_on=None, status=CaseStatus.NEW, **kw) -> Case:
    """A zero-employment household case as the refresh opens it (the case model's own fields)."""
    opened_on = opened_on or timezone.localdate()
    return Case.objects.create(
        household=household,
        division=household.division,
        groups=["zero_employment_household"],
        criteria={"zero_employment_household": {"criterion": "zero_employment_household"}},
        source=CaseSource.IDENTIFICATION,
        # 09:00 on the day it opens, but never in the future (before 09:00 in Xiangtan, today's 09:00 is ahead).
        opened_at=min(timezone.make_aware(dt.datetime.combine(opened_on, dt.time(9))), timezone.now()),
        opened_on=opened_on,
        household_priority=2,
        first_contact_due=opened_on + dt.timedelta(days=7),
        status=status,
        **kw,
    )


@pytest.fixture
def setting(tree, users):
    """A person case and a household case in 雨湖 and one person case in 岳塘."""
    yuhu = f.make_person(tree["430302001"], name="王小明", labour_status=LabourStatus.UNEMPLOYED)
    member = f.make_person(tree["430302001"], name="王二", labour_status=LabourStatus.UNEMPLOYED)
    yuetang = f.make_person(tree["430304001"], name="李大红", labour_status=LabourStatus.UNEMPLOYED)
    household = f.make_household(tree["430302001"], [member], is_zero_employment=True)
    cw, other = users["caseworker"], users["caseworker_other"]
    return {
        "yuhu_case": services.open_case(yuhu, by=cw),
        "household_case": household_case(household),
        "yuetang_case": services.open_case(yuetang, by=other),
        "household": household,
        "member": member,
    }


# --- roles and scoping ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["queue", "households", "positions"])
def test_caseworker_pages_render_for_caseworkers_only(login, users, setting, name):
    url = {"queue": "web:case_queue", "households": "web:case_households", "positions": "web:position_list"}[
        name
    ]
    assert login(users["caseworker"]).get(reverse(url)).status_code == 200
    for who in ("citizen", "employer", "analyst_city", "leader_province"):
        assert login(users[who]).get(reverse(url)).status_code == 403, who


def test_dashboard_for_leaders_and_analysts_not_citizens(login, users, setting):
    url = reverse("web:case_dashboard")
    for who in ("analyst_city", "leader_province", "admin_national", "caseworker"):
        response = login(users[who]).get(url)
        assert response.status_code == 200, who
        assert b"echarts.min.js" in response.content
    for who in ("citizen", "employer"):
        assert login(users[who]).get(url).status_code == 403, who


def test_queue_shows_own_district_only(login, users, setting):
    page = login(users["caseworker"]).get(reverse("web:case_queue")).content.decode()
    assert reverse("web:case_detail", args=[setting["yuhu_case"].pk]) in page
    assert reverse("web:case_detail", args=[setting["household_case"].pk]) in page
    assert reverse("web:case_detail", args=[setting["yuetang_case"].pk]) not in page
    assert "李大红" not in page


def test_yuhu_caseworker_gets_404_for_a_yuetang_case(login, users, setting):
    client = login(users["caseworker"])
    pk = setting["yuetang_case"].pk
    assert client.get(reverse("web:case_detail", args=[pk])).status_code == 404
    for name in (
        "web:case_contact",
        "web:case_assess",
        "web:case_action",
        "web:case_refer",
        "web:case_place",
    ):
        assert client.post(reverse(name, args=[pk]), {"kind": "phone", "note": "x"}).status_code == 404, name
    assert not Contact.objects.filter(case_id=pk).exists()


def test_case_file_renders_masked_and_is_audited(login, users, setting):
    case = setting["yuhu_case"]
    response = login(users["caseworker"]).get(reverse("web:case_detail", args=[case.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert case.person.resident_id_masked in page
    assert case.person.reveal_resident_id() not in page
    assert 'id="contact-form"' in page
    viewed = AuditEvent.objects.about(case.person).of_kind(EventKind.RECORD_VIEWED)
    assert viewed.count() == 1 and viewed.get().data["page"] == "case_detail"


def test_household_case_shows_members_and_time_open(login, users, setting, english):
    case = setting["household_case"]
    client = login(users["caseworker"])
    page = client.get(reverse("web:case_detail", args=[case.pk])).content.decode()
    assert setting["member"].resident_id_masked in page
    assert "Household members" in page
    listing = client.get(reverse("web:case_households")).content.decode()
    assert setting["household"].number in listing


def test_data_conflict_shows_both_sources(login, users, setting, english):
    case = setting["household_case"]
    DataConflict.objects.create(
        kind="employed_in_zero_employment_household",
        household=setting["household"],
        person=setting["member"],
        case=case,
        division=case.division,
        sources=[
            {"source": "civil_affairs", "model": "household", "id": 1, "facts": {"zero_employment": True}},
            {"source": "social_insurance", "model": "contribution", "id": 2, "facts": {"month": "2026-10"}},
        ],
        detected_on=timezone.localdate(),
        last_seen_on=timezone.localdate(),
    )
    page = login(users["caseworker"]).get(reverse("web:case_detail", args=[case.pk])).content.decode()
    assert "Data conflicts" in page
    assert "civil_affairs" in page and "social_insurance" in page


# --- forms ----------------------------------------------------------------------------------------


def test_contact_form_validates_with_field_errors(login, users, setting, english):
    case = setting["yuhu_case"]
    client = login(users["caseworker"])
    response = client.post(
        reverse("web:case_contact", args=[case.pk]), {"kind": "carrier-pigeon", "note": ""}
    )
    assert response.status_code == 400
    form = response.context["contact_form"]
    assert "kind" in form.errors and "note" in form.errors
    assert not Contact.objects.filter(case=case).exists()

    future = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("web:case_contact", args=[case.pk]), {"kind": "phone", "note": "called", "at": future}
    )
    assert response.status_code == 400
    assert "A contact cannot be in the future." in response.context["contact_form"].errors["at"]

    response = client.post(
        reverse("web:case_contact", args=[case.pk]), {"kind": "phone", "note": "called", "reached": "on"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.first_contact_at is not None
    assert Contact.objects.get(case=case).kind == "phone"


def test_assessment_and_action_forms(login, users, setting, english):
    case = setting["yuhu_case"]
    client = login(users["caseworker"])
    response = client.post(
        reverse("web:case_assess", args=[case.pk]), {"barriers": ["teleport"], "summary": ""}
    )
    assert response.status_code == 400
    assert set(response.context["assessment_form"].errors) == {"barriers", "summary"}
    response = client.post(
        reverse("web:case_assess", args=[case.pk]),
        {"able_to_work": "on", "willing_to_work": "on", "barriers": ["care"], "summary": "needs childcare"},
    )
    assert response.status_code == 302
    assert case.assessments.count() == 1
    assert case.actions.filter(kind="care_barrier").exists()  # the service turns the barrier into a step

    # A partner referral without the partner: the service refuses and names the field.
    response = client.post(
        reverse("web:case_action", args=[case.pk]), {"kind": "partner_referral", "title": "legal aid"}
    )
    assert response.status_code == 400
    assert "partner" in response.context["action_form"].errors
    response = client.post(reverse("web:case_action", args=[case.pk]), {"kind": "training", "title": ""})
    assert response.status_code == 400 and "title" in response.context["action_form"].errors


def test_refer_a_household_member_to_a_job(login, users, setting, tree, english):
    case = setting["household_case"]
    client = login(users["caseworker"])
    response = client.post(
        reverse("web:case_refer", args=[case.pk]), {"member": setting["member"].pk, "posting": 999999}
    )
    assert response.status_code == 400
    assert "posting" in response.context["refer_form"].errors
    outsider = f.make_person(tree["430302001"], name="外人")
    response = client.post(reverse("web:case_refer", args=[case.pk]), {"member": outsider.pk, "posting": 1})
    assert "member" in response.context["refer_form"].errors

    posting = published(tree["430302001"])
    response = client.post(
        reverse("web:case_refer", args=[case.pk]), {"member": setting["member"].pk, "posting": posting.pk}
    )
    assert response.status_code == 302
    application = JobApplication.objects.get(person=setting["member"], posting=posting)
    assert application.referred_by == users["caseworker"]
    assert case.actions.get(kind="job_referral").job_application == application


def test_place_and_end_a_placement_with_term_limit(login, users, setting, tree, english):
    case = setting["household_case"]
    client = login(users["caseworker"])
    response = client.post(
        reverse("web:position_list"),
        {
            "division": tree["430302"].pk,
            "unit": "雨湖区城管局",
            "title": "保洁",
            "slots": 0,
            "term_limit_months": 36,
        },
    )
    assert response.status_code == 400 and "slots" in response.context["form"].errors
    response = client.post(
        reverse("web:position_list"),
        {
            "division": tree["430302"].pk,
            "unit": "雨湖区城管局",
            "title": "保洁",
            "slots": 1,
            "term_limit_months": 6,
        },
    )
    assert response.status_code == 302
    position = PublicWelfarePosition.objects.get(title="保洁")

    response = client.post(reverse("web:case_place", args=[case.pk]), {"member": setting["member"].pk})
    assert response.status_code == 400
    assert {"position", "start_date"} <= set(response.context["place_form"].errors)
    start = timezone.localdate()
    response = client.post(
        reverse("web:case_place", args=[case.pk]),
        {"member": setting["member"].pk, "position": position.pk, "start_date": start.isoformat()},
    )
    assert response.status_code == 302
    placement = Placement.objects.get(person=setting["member"])
    assert placement.term_end > start
    case.refresh_from_db()
    assert case.status == CaseStatus.PLACED

    # The only slot is taken: a second member is refused on the position field.
    second = f.make_person(tree["430302001"], name="王三")
    HouseholdMembership.objects.create(household=setting["household"], person=second, relation="other")
    response = client.post(
        reverse("web:case_place", args=[case.pk]),
        {"member": second.pk, "position": position.pk, "start_date": start.isoformat()},
    )
    assert response.status_code == 400 and "position" in response.context["place_form"].errors

    page = client.get(reverse("web:position_detail", args=[position.pk])).content.decode()
    assert placement.person.masked_name in page
    response = client.post(
        reverse("web:placement_end", args=[placement.pk]),
        {"ended_on": (start - dt.timedelta(days=1)).isoformat(), "exit_reason": "found_job"},
    )
    assert response.status_code == 400 and "ended_on" in response.context["end_form"].errors
    response = client.post(
        reverse("web:placement_end", args=[placement.pk]),
        {"ended_on": start.isoformat(), "exit_reason": "found_job"},
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.ended_on == start and placement.exit_reason == "found_job"


def test_other_district_position_is_404(login, users, tree):
    position = services.create_position(
        division=tree["430304"], unit="岳塘区", title="护林", slots=2, by=users["caseworker_other"]
    )
    assert (
        login(users["caseworker"]).get(reverse("web:position_detail", args=[position.pk])).status_code == 404
    )


# --- dashboard ------------------------------------------------------------------------------------


def _direct_counts(cases) -> dict[str, int]:
    placed_ids = set(Placement.objects.filter(case__in=cases).values_list("case_id", flat=True))
    return {
        "identified": cases.count(),
        "served": cases.filter(first_contact_at__isnull=False).count(),
        "in_assistance": cases.open().filter(first_contact_at__isnull=False).count(),
        "placed": len(
            placed_ids
            | set(cases.filter(status=CaseStatus.PLACED).values_list("pk", flat=True))
            | set(cases.filter(closed_reason=ClosedReason.STABLE_EMPLOYMENT).values_list("pk", flat=True))
        ),
        "households_open": cases.for_households().open().count(),
        "households_cleared": cases.for_households().closed().count(),
    }


def test_dashboard_numbers_equal_direct_counts(login, users, setting, tree):
    cw = users["caseworker"]
    # Work on the cases: a contact on the Yuhu person, a placement for the household member,
    # a second household cleared, and a contact in Yuetang.
    services.record_contact(setting["yuhu_case"], kind="phone", by=cw)
    position = services.create_position(division=tree["430302"], unit="雨湖区", title="保洁", slots=3, by=cw)
    services.record_contact(setting["household_case"], kind="visit", by=cw)
    services.place_in_position(setting["household_case"], position, by=cw, person=setting["member"])
    cleared = household_case(
        f.make_household(tree["430302001"], [f.make_person(tree["430302001"])]),
        opened_on=timezone.localdate() - dt.timedelta(days=40),
        status=CaseStatus.CLOSED,
        closed_on=timezone.localdate(),
        closed_at=timezone.now(),
        closed_reason=ClosedReason.LEFT_LIST,
    )
    services.record_contact(setting["yuetang_case"], kind="phone", by=users["caseworker_other"])
    assert cleared.pk

    # The city analyst: both districts.
    response = login(users["analyst_city"]).get(reverse("web:case_dashboard"))
    totals = response.context["totals"]
    expected = _direct_counts(Case.objects.filter(division__path__startswith=tree["4303"].path))
    assert {k: totals[k] for k in expected} == expected
    assert expected == {
        "identified": 4,
        "served": 3,
        "in_assistance": 3,
        "placed": 1,
        "households_open": 1,
        "households_cleared": 1,
    }
    rows = {row["division"].code: row for row in response.context["per_division"]}
    for code in ("430302", "430304"):
        direct = _direct_counts(Case.objects.filter(division__path__startswith=tree[code].path))
        assert {k: rows[code][k] for k in direct} == direct, code
    # Time to first contact: the same mean as computed from the rows.
    served = Case.objects.filter(first_contact_at__isnull=False)
    days = [(c.first_contact_at - c.opened_at).total_seconds() / 86400 for c in served]
    assert totals["days_to_contact"] == round(sum(days) / len(days), 1)

    # Drill-down to Yuhu and a group filter.
    response = login(users["analyst_city"]).get(reverse("web:case_dashboard"), {"division": "430302"})
    assert response.context["totals"]["identified"] == 3
    response = login(users["analyst_city"]).get(
        reverse("web:case_dashboard"), {"group": "zero_employment_household"}
    )
    assert (
        response.context["totals"]["identified"] == Case.objects.in_group("zero_employment_household").count()
    )


def test_dashboard_is_scoped_by_the_users_division(login, users, setting):
    response = login(users["caseworker"]).get(reverse("web:case_dashboard"))
    assert response.context["totals"]["identified"] == 2  # the two Yuhu cases, not Yuetang's
    assert (
        login(users["caseworker"]).get(reverse("web:case_dashboard"), {"division": "430304"}).status_code
        == 404
    )


def test_dashboard_csv_export(login, users, setting):
    response = login(users["analyst_city"]).get(reverse("web:case_dashboard_export"))
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig").splitlines()
    assert body[0].startswith("division_code,division,identified,served")
    by_code = {line.split(",")[0]: line.split(",") for line in body[1:]}
    assert by_code["430302"][2] == "2" and by_code["430304"][2] == "1"
    assert AuditEvent.objects.of_kind(EventKind.EXPORTED).filter(data__export="assistance_dashboard").exists()


# --- links ----------------------------------------------------------------------------------------


def test_workspace_and_person_pages_link_to_the_assistance_pages(login, users, setting):
    page = login(users["caseworker"]).get(reverse("web:workspace")).content.decode()
    assert reverse("web:case_queue") in page and reverse("web:case_dashboard") in page
    page = login(users["analyst_city"]).get(reverse("web:workspace")).content.decode()
    assert reverse("web:case_dashboard") in page
    page = login(users["leader_province"]).get(reverse("web:workspace")).content.decode()
    assert reverse("web:case_dashboard") in page
    person = setting["yuhu_case"].person
    page = login(users["caseworker"]).get(reverse("web:person_detail", args=[person.pk])).content.decode()
    assert reverse("web:case_detail", args=[setting["yuhu_case"].pk]) in page
    member_page = login(users["caseworker"]).get(reverse("web:person_detail", args=[setting["member"].pk]))
    assert reverse("web:case_detail", args=[setting["household_case"].pk]) in member_page.content.decode()


# --- closing, plan steps, conflicts, time to clear ------------------------------------------------


def test_close_a_person_case_by_hand_but_not_a_household_case(login, users, setting, english):
    client = login(users["caseworker"])
    household = setting["household_case"]
    response = client.post(reverse("web:case_close", args=[household.pk]), {"reason": "declined"})
    assert response.status_code == 400
    assert "reason" in response.context["close_form"].errors  # households follow the list only
    household.refresh_from_db()
    assert household.is_open
    case = setting["yuhu_case"]
    response = client.post(reverse("web:case_close", args=[case.pk]), {"reason": "stable_employment"})
    assert response.status_code == 400 and "reason" in response.context["close_form"].errors
    assert client.post(reverse("web:case_close", args=[case.pk]), {"reason": "declined"}).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_reason == ClosedReason.DECLINED
    # The other district's caseworker cannot close it either way.
    other = setting["yuetang_case"]
    assert client.post(reverse("web:case_close", args=[other.pk]), {"reason": "declined"}).status_code == 404


def test_plan_step_status_is_updated_in_scope_only(login, users, setting):
    item = services.add_action(
        setting["yuhu_case"], kind="training", title="forklift course", by=users["caseworker"]
    )
    url = reverse("web:case_action_status", args=[item.pk])
    assert login(users["caseworker_other"]).post(url, {"status": "done"}).status_code == 404
    assert login(users["caseworker"]).post(url, {"status": "done"}).status_code == 302
    item.refresh_from_db()
    assert item.status == "done"


def test_conflict_is_resolved_only_with_a_note(login, users, setting, english):
    case = setting["household_case"]
    conflict = DataConflict.objects.create(
        kind="employed_in_zero_employment_household",
        household=setting["household"],
        case=case,
        division=case.division,
        sources=[
            {"source": "a", "model": "m", "id": 1, "facts": {}},
            {"source": "b", "model": "n", "id": 2, "facts": {}},
        ],
        detected_on=timezone.localdate(),
        last_seen_on=timezone.localdate(),
    )
    client = login(users["caseworker"])
    response = client.post(reverse("web:conflict_resolve", args=[conflict.pk]), {"resolution": ""})
    assert response.status_code == 400 and "resolution" in response.context["resolve_form"].errors
    conflict.refresh_from_db()
    assert conflict.status == "open"
    assert (
        login(users["caseworker_other"])
        .post(reverse("web:conflict_resolve", args=[conflict.pk]), {"resolution": "x"})
        .status_code
        == 404
    )
    response = login(users["caseworker"]).post(
        reverse("web:conflict_resolve", args=[conflict.pk]),
        {"resolution": "The job ended last month; checked by phone."},
    )
    assert response.status_code == 302
    conflict.refresh_from_db()
    assert conflict.status == "resolved" and conflict.resolved_by == users["caseworker"]


def test_households_page_shows_time_to_clear_by_district(login, users, setting, tree):
    household_case(
        f.make_household(tree["430302001"], [f.make_person(tree["430302001"])]),
        opened_on=timezone.localdate() - dt.timedelta(days=30),
        status=CaseStatus.CLOSED,
        closed_on=timezone.localdate(),
        closed_at=timezone.now(),
        closed_reason=ClosedReason.LEFT_LIST,
    )
    response = login(users["caseworker"]).get(reverse("web:case_households"))
    rows = {r["division"]: r for r in response.context["clearance"]}
    assert rows["430302"]["open"] == 1 and rows["430302"]["cleared"] == 1
    assert rows["430302"]["mean_days_to_clear"] == 30.0
    assert "430304" not in rows


def test_household_case_shows_jobs_and_policies_for_the_chosen_member(login, users, setting, tree):
    case = setting["household_case"]
    second = f.make_person(tree["430302001"], name="王三")
    HouseholdMembership.objects.create(household=setting["household"], person=second, relation="other")
    client = login(users["caseworker"])
    assert client.get(reverse("web:case_detail", args=[case.pk])).context["focus"] == setting["member"]
    response = client.get(reverse("web:case_detail", args=[case.pk]), {"member": second.pk})
    assert response.context["focus"] == second
    outsider = f.make_person(tree["430302001"], name="外人")
    response = client.get(reverse("web:case_detail", args=[case.pk]), {"member": outsider.pk})
    assert response.context["focus"] == setting["member"]  # not a member: ignored


def test_queue_puts_overdue_and_escalated_first_and_marks_them(login, users, setting, english):
    late = setting["yuhu_case"]
    Case.objects.filter(pk=late.pk).update(
        first_contact_due=timezone.localdate() - dt.timedelta(days=3), escalated_at=timezone.now()
    )
    response = login(users["caseworker"]).get(reverse("web:case_queue"))
    rows = response.context["rows"]
    assert rows[0]["case"].pk == late.pk and rows[0]["overdue"] and rows[0]["escalated"]
    assert not any(r["overdue"] for r in rows[1:])
    assert response.context["overdue_count"] == 1
    page = response.content.decode()
    assert "Overdue" in page and "Escalated" in page
    # The group filter keeps the household case only.
    response = login(users["caseworker"]).get(
        reverse("web:case_queue"), {"group": "zero_employment_household"}
    )
    assert [r["case"].pk for r in response.context["rows"]] == [setting["household_case"].pk]


def test_walk_in_case_opened_from_the_person_page(login, users, tree, english):
    person = f.make_person(tree["430302001"], name="赵六")
    client = login(users["caseworker"])
    assert (
        'id="case-open-form"' in client.get(reverse("web:person_detail", args=[person.pk])).content.decode()
    )
    response = client.post(reverse("web:case_open", args=[person.pk]), {"source": "walk_in"})
    case = Case.objects.get(person=person)
    assert response.status_code == 302 and response.url == reverse("web:case_detail", args=[case.pk])
    assert case.source == "walk_in"
    # Again: the open case is found, not duplicated.
    client.post(reverse("web:case_open", args=[person.pk]), {"source": "walk_in"})
    assert Case.objects.filter(person=person).count() == 1
    # An unknown source is refused with the service's message, nothing opened.
    other = f.make_person(tree["430302001"], name="钱七")
    response = client.post(
        reverse("web:case_open", args=[other.pk]), {"source": "identification"}, follow=True
    )
    assert not Case.objects.filter(person=other).exists()
    assert "Unknown case source." in response.content.decode()
    # Out of scope: 404.
    outsider = f.make_person(tree["430304001"], name="孙八")
    assert client.post(reverse("web:case_open", args=[outsider.pk])).status_code == 404
