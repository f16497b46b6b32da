"""Postings: drafts, publication checks (the Bad input rules), expiry, re-confirmation and scoping.

The helpers at the top are shared by the other job test modules.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from jiuye.accounts.enums import Role
from jiuye.core.models import AuditEvent
from jiuye.jobs import minimum_wage, services
from jiuye.jobs.enums import PostingStatus
from jiuye.jobs.models import JobPosting
from jiuye.jobs.services import PostingError
from jiuye.registry.enums import ContractType, EmployerStatus
from jiuye.taxonomy.models import EducationLevel, Occupation
from tests import factories as f

TODAY = dt.date(2026, 3, 2)


def occupation(code: str = "4-02-01-01", level: int = 4) -> Occupation:
    major, _ = Occupation.objects.get_or_create(
        code="4", defaults={"level": 1, "name_zh": "社会生产服务和生活服务人员"}
    )
    if level == 1:
        return major
    occ, _ = Occupation.objects.get_or_create(
        code=code,
        defaults={"level": level, "name_zh": "仓储管理员", "name_en": "Warehouse keeper", "parent": major},
    )
    return occ


def posting(division, employer=None, **kw) -> JobPosting:
    """A complete draft that passes publication checks in Hunan (saved, status draft)."""
    today = timezone.localdate()
    fields = dict(
        employer=employer or f.make_employer(division),
        division=division,
        title="仓库管理员",
        occupation=occupation(),
        address="雨湖路1号",
        pay_min=4000,
        pay_max=5500,
        pay_text="4000-5500元/月",
        contract_type=ContractType.FIXED_TERM,
        headcount=2,
        education=EducationLevel.objects.get_or_create(
            code="senior_secondary", defaults={"rank": 4, "name_zh": "高中"}
        )[0],
        experience_years=1,
        working_hours="8小时/天，双休",
        valid_from=today,
        valid_until=today + dt.timedelta(days=60),
    )
    fields.update(kw)
    return JobPosting.objects.create(**fields)


def published(division, employer=None, **kw) -> JobPosting:
    return services.publish_posting(posting(division, employer, **kw), by=None)


def employer_user(employer):
    return f.make_user(Role.EMPLOYER, None, employer=employer)


@pytest.fixture
def township(tree):
    return tree["430302001"]


# --- drafts and publication ---------------------------------------------------------------------------


def test_incomplete_draft_can_be_saved(tree, township):
    employer = f.make_employer(township)
    user = employer_user(employer)
    draft = services.save_draft(JobPosting(employer=employer, division=township, title="普工"), by=user)
    assert draft.pk and draft.status == PostingStatus.DRAFT and draft.created_by == user
    assert AuditEvent.objects.about(draft).exists()


def test_draft_needs_a_title(tree, township):
    with pytest.raises(PostingError) as exc:
        services.save_draft(
            JobPosting(employer=f.make_employer(township), division=township, title=""), by=None
        )
    assert "title" in exc.value.message_dict


def test_complete_posting_publishes_and_is_audited(tree, township):
    p = published(township)
    assert p.status == PostingStatus.PUBLISHED and p.published_at and p.reconfirmed_at
    assert JobPosting.objects.live().filter(pk=p.pk).exists()
    assert AuditEvent.objects.about(p).filter(data__action="published").exists()


def test_no_base_pay_is_refused_with_field_error(tree, township):
    p = posting(township, pay_min=None, pay_max=None)
    with pytest.raises(PostingError) as exc:
        services.publish_posting(p, by=None)
    assert set(exc.value.message_dict) == {"pay_min"}
    p.refresh_from_db()
    assert p.status == PostingStatus.DRAFT


def test_pay_below_local_minimum_wage_is_refused(tree, township):
    floor = minimum_wage.monthly_minimum(township.code, timezone.localdate())
    assert floor is not None
    with pytest.raises(PostingError) as exc:
        services.publish_posting(posting(township, pay_min=floor - 1, pay_max=floor + 500), by=None)
    assert set(exc.value.message_dict) == {"pay_min"}
    assert str(floor) in exc.value.message_dict["pay_min"][0]
    assert (
        services.publish_posting(posting(township, pay_min=floor), by=None).status == PostingStatus.PUBLISHED
    )


def test_minimum_wage_table_is_dated():
    assert minimum_wage.monthly_minimum("430302", dt.date(2023, 1, 1)) == 1550
    assert minimum_wage.monthly_minimum("430302", dt.date(2021, 1, 1)) is None
    assert minimum_wage.standard_for("430302", dt.date(2026, 1, 1)).reference
    assert minimum_wage.monthly_minimum("650102", TODAY) is None  # not in the table: no floor applied


def test_missing_or_group_occupation_is_refused(tree, township):
    with pytest.raises(PostingError) as exc:
        services.publish_posting(posting(township, occupation=None), by=None)
    assert set(exc.value.message_dict) == {"occupation"}
    with pytest.raises(PostingError) as exc:
        services.publish_posting(posting(township, occupation=occupation(level=1)), by=None)
    assert set(exc.value.message_dict) == {"occupation"}


def test_validity_dates_must_be_in_order(tree, township):
    today = timezone.localdate()
    with pytest.raises(PostingError) as exc:
        services.publish_posting(posting(township, valid_from=today, valid_until=today), by=None)
    assert set(exc.value.message_dict) == {"valid_until"}


def test_pay_range_upper_below_lower_is_refused(tree, township):
    with pytest.raises(PostingError) as exc:
        services.publish_posting(posting(township, pay_min=5000, pay_max=4000), by=None)
    assert set(exc.value.message_dict) == {"pay_max"}


@pytest.mark.parametrize("status", [EmployerStatus.ABNORMAL, EmployerStatus.DEREGISTERED])
def test_only_active_employers_publish(tree, township, status):
    employer = f.make_employer(township, status=status)
    with pytest.raises(PostingError) as exc:
        services.publish_posting(posting(township, employer), by=None)
    assert set(exc.value.message_dict) == {"employer"}


def test_employer_with_invalid_credit_code_may_not_publish(tree, township):
    employer = f.make_employer(township, credit_code="91430302MA4L000000")
    with pytest.raises(PostingError) as exc:
        services.publish_posting(posting(township, employer), by=None)
    assert "employer" in exc.value.message_dict


def test_work_location_must_be_county_or_township(tree, township):
    with pytest.raises(PostingError) as exc:
        services.publish_posting(posting(tree["4303"], f.make_employer(township)), by=None)
    assert set(exc.value.message_dict) == {"division"}


def test_other_employers_user_may_not_publish(tree, township):
    p = posting(township)
    other = employer_user(f.make_employer(township))
    with pytest.raises(PostingError):
        services.publish_posting(p, by=other)
    assert services.publish_posting(p, by=employer_user(p.employer)).status == PostingStatus.PUBLISHED


def test_staff_publish_for_employers_in_scope_only(tree, users, township):
    p = posting(township)
    with pytest.raises(PostingError):
        services.publish_posting(p, by=users["caseworker_other"])
    assert services.publish_posting(p, by=users["caseworker"]).status == PostingStatus.PUBLISHED


def test_close_and_withdraw(tree, township):
    p = published(township)
    services.close_posting(p, by=None)
    assert p.status == PostingStatus.CLOSED
    with pytest.raises(PostingError):
        services.close_posting(p, by=None)
    draft = posting(township)
    assert services.close_posting(draft, by=None).status == PostingStatus.WITHDRAWN


# --- expiry and re-confirmation -----------------------------------------------------------------------


def test_postings_past_validity_expire(tree, township):
    p = published(township, valid_until=timezone.localdate() + dt.timedelta(days=20))
    assert services.expire_postings(p.valid_until) == []
    assert services.expire_postings(p.valid_until + dt.timedelta(days=1)) == [p]
    p.refresh_from_db()
    assert p.status == PostingStatus.EXPIRED
    assert not JobPosting.objects.live(p.valid_until - dt.timedelta(days=1)).filter(pk=p.pk).exists()


def test_postings_not_reconfirmed_for_30_days_expire(tree, township):
    p = published(township)
    today = timezone.localdate()
    assert services.expire_postings(today + dt.timedelta(days=29)) == []
    JobPosting.objects.filter(pk=p.pk).update(reconfirmed_at=timezone.now() - dt.timedelta(days=31))
    assert [x.pk for x in JobPosting.objects.expired(today)] == [p.pk]


def test_reconfirmation_resets_the_clock(tree, township):
    p = published(township)
    JobPosting.objects.filter(pk=p.pk).update(reconfirmed_at=timezone.now() - dt.timedelta(days=31))
    p.refresh_from_db()
    services.reconfirm_posting(p, by=employer_user(p.employer))
    assert services.expire_postings() == []
    assert AuditEvent.objects.about(p).filter(data__action="reconfirmed").exists()


def test_only_published_postings_are_reconfirmed(tree, township):
    with pytest.raises(PostingError):
        services.reconfirm_posting(posting(township), by=None)


def test_expired_posting_can_be_republished(tree, township):
    p = published(township)
    JobPosting.objects.filter(pk=p.pk).update(reconfirmed_at=timezone.now() - dt.timedelta(days=31))
    services.expire_postings()
    p.refresh_from_db()
    assert services.publish_posting(p, by=None).status == PostingStatus.PUBLISHED


def test_expire_command_is_dry_unless_wet_run(tree, township, capsys):
    p = published(township)
    JobPosting.objects.filter(pk=p.pk).update(reconfirmed_at=timezone.now() - dt.timedelta(days=31))
    call_command("jobs_expire")
    p.refresh_from_db()
    assert p.status == PostingStatus.PUBLISHED
    call_command("jobs_expire", "--wet-run")
    p.refresh_from_db()
    assert p.status == PostingStatus.EXPIRED
    assert "1 postings" in capsys.readouterr().out


# --- scoping ------------------------------------------------------------------------------------------


def test_staff_see_postings_by_division(tree, users):
    yuhu = published(tree["430302001"])
    yuetang = published(tree["430304001"])
    assert list(JobPosting.objects.visible_to(users["caseworker"])) == [yuhu]
    assert set(JobPosting.objects.visible_to(users["leader_province"])) == {yuhu, yuetang}


def test_employer_sees_own_postings_in_every_state(tree, township):
    mine = posting(township)
    published(township)
    user = employer_user(mine.employer)
    assert list(JobPosting.objects.visible_to(user)) == [mine]


def test_citizen_sees_published_postings_only(tree, users, township):
    draft = posting(township)
    live = published(township)
    visible = set(JobPosting.objects.visible_to(users["citizen"]))
    assert live in visible and draft not in visible


# --- bulk posting API ---------------------------------------------------------------------------------

BULK = "/api/v1/postings/bulk/"


def _item(**kw):
    today = timezone.localdate()
    item = {
        "title": "装配工",
        "occupation": occupation().code,
        "division": "430302001",
        "pay_min": 4000,
        "pay_max": 6000,
        "contract_type": "fixed_term",
        "working_hours": "8小时/天",
        "headcount": 5,
        "valid_from": today.isoformat(),
        "valid_until": (today + dt.timedelta(days=30)).isoformat(),
    }
    item.update(kw)
    return item


def _api(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


def test_bulk_saves_valid_items_and_reports_the_others(tree, township, english):
    employer = f.make_employer(township)
    items = [
        _item(),
        _item(pay_min=None, pay_max=None),
        _item(occupation="9-99-99-99"),
        _item(pay_min=900, pay_max=1000),
        _item(title="", division="999999"),
        _item(title="草稿", pay_min=None, publish=False),
    ]
    response = _api(employer_user(employer)).post(BULK, items, format="json")
    assert response.status_code == 207
    body = response.json()
    assert [(s["index"], s["status"]) for s in body["saved"]] == [(0, "published"), (5, "draft")]
    errors = {(e["index"], e["field"]) for e in body["errors"]}
    assert errors == {(1, "pay_min"), (2, "occupation"), (3, "pay_min"), (4, "title"), (4, "division")}
    assert all(e["message"] for e in body["errors"])
    assert JobPosting.objects.for_employer(employer).count() == 2


def test_bulk_all_valid_is_201_and_all_bad_is_400(tree, township):
    user = employer_user(f.make_employer(township))
    assert _api(user).post(BULK, [_item(), _item(title="焊工")], format="json").status_code == 201
    response = _api(user).post(BULK, [_item(pay_min=None)], format="json")
    assert response.status_code == 400 and response.json()["saved"] == []
    assert _api(user).post(BULK, {"title": "x"}, format="json").status_code == 400
    assert _api(user).post(BULK, [], format="json").status_code == 400


def test_bulk_employer_may_post_only_for_itself(tree, township):
    mine, theirs = f.make_employer(township), f.make_employer(township)
    response = _api(employer_user(mine)).post(BULK, [_item(employer=theirs.credit_code)], format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "employer"


def test_bulk_staff_post_for_employers_in_their_area(tree, users, township):
    here, there = f.make_employer(township), f.make_employer(tree["430304001"])
    response = _api(users["caseworker"]).post(
        BULK, [_item(employer=here.credit_code), _item(employer=there.credit_code), _item()], format="json"
    )
    body = response.json()
    assert response.status_code == 207 and [s["index"] for s in body["saved"]] == [0]
    assert {(e["index"], e["field"]) for e in body["errors"]} == {(1, "employer"), (2, "employer")}


def test_bulk_refuses_citizens_analysts_and_anonymous(tree, users, client):
    assert _api(users["citizen"]).post(BULK, [_item()], format="json").status_code == 403
    assert _api(users["analyst_city"]).post(BULK, [_item()], format="json").status_code == 403
    assert client.post(BULK, [_item()], content_type="application/json").status_code in (401, 403)


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("description", "有意者请致电13912345678"),
        ("description", "简历发送至 hr@example.com"),
        ("address", "雨湖路1号 电话0731-58581234"),
    ],
)
def test_contact_details_in_the_text_are_refused(tree, township, field, text):
    with pytest.raises(PostingError) as exc:
        services.publish_posting(posting(township, **{field: text}), by=None)
    assert set(exc.value.message_dict) == {field}


def test_numbers_that_are_not_contacts_pass(tree, township):
    p = posting(township, description="月薪4000-5500元，2024年起连续三年无欠薪", pay_text="4000-5500元/月")
    assert services.publish_posting(p, by=None).status == PostingStatus.PUBLISHED


def test_bulk_item_with_nul_is_reported_not_a_500(tree, township, english):
    # PostgreSQL cannot store NUL in text: the item is refused with its field named, the good one is saved.
    user = employer_user(f.make_employer(township))
    response = _api(user).post(
        BULK, [_item(), _item(title="装配\x00工", description="a\x00b")], format="json"
    )
    assert response.status_code == 207
    assert {(e["index"], e["field"]) for e in response.json()["errors"]} >= {(1, "title")}
