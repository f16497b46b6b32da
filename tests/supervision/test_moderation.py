"""Moderation: every posting screened at publication (web form, services, file upload), flags shown to employers,
warnings published with a notice to the inspectors of the area, re-screening after an edit, the appeal workflow
(every state, who may act, scoping), the abnormal-account list, the six-monthly qualification re-check."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from jiuye.accounts.enums import Role
from jiuye.core.models import AuditEvent
from jiuye.jobs import bulk, services
from jiuye.jobs.enums import PostingStatus
from jiuye.jobs.models import JobPosting, Notification
from jiuye.jobs.services import PostingError
from jiuye.registry.enums import EmployerStatus
from jiuye.supervision import services as moderation
from jiuye.supervision.models import (
    AbnormalAccount,
    Appeal,
    AppealStatus,
    FlagStatus,
    PostingFlag,
    PostingScreening,
    QualificationCheck,
    QualificationResult,
    Severity,
)
from tests import factories as f
from tests.jobs.test_postings import employer_user, occupation, posting

BAD = "限男性，35岁以下，需交押金500元"
AGE_ONLY = "要求35岁以下。"
CLEAN = "负责仓库收发货，男女不限，五险一金，双休。"
WARN_TEXT = CLEAN + "身高165cm以上。"


@pytest.fixture(autouse=True)
def rules_only(settings):
    """Screen with the rules alone: whether a fraud model was trained on this machine must not change the tests."""
    settings.JIUYE_FRAUD_MODEL = ""


@pytest.fixture
def world(tree, users):
    township = tree["430302001"]
    employer = f.make_employer(township, name="雨湖测试物流有限公司")
    return {
        "township": township,
        "employer": employer,
        "boss": employer_user(employer),
        "inspector": users["inspector"],
        "inspector_other": f.make_user(Role.INSPECTOR, tree["430304"], username="insp_yuetang"),
        "inspector_city": f.make_user(Role.INSPECTOR, tree["4303"], username="insp_xiangtan"),
        "caseworker": users["caseworker"],
        "admin": users["admin_national"],
        "users": users,
    }


def draft(world, description=BAD, **kw):
    return posting(world["township"], world["employer"], description=description, **kw)


def refuse(p, by):
    with pytest.raises(PostingError) as exc:
        services.publish_posting(p, by=by)
    return exc.value.message_dict


# --- publication blocked or allowed ------------------------------------------------------------------------


def test_blocking_flags_refuse_publication_by_field_and_keep_the_draft(world, english):
    p = draft(world)
    errors = refuse(p, world["boss"])
    assert set(errors) == {"description"}
    assert len(errors["description"]) == 3
    p.refresh_from_db()
    assert p.status == PostingStatus.DRAFT and p.description == BAD  # nothing lost
    screening = PostingScreening.objects.get(posting=p)
    assert screening.blocking and screening.flag_count == 3 and screening.by == world["boss"]
    flags = list(PostingFlag.objects.filter(posting=p))
    assert {fl.category for fl in flags} == {"gender", "age", "fees_deposits"}
    for fl in flags:
        assert fl.severity == Severity.BLOCK and fl.status == FlagStatus.OPEN and fl.field == "description"
        assert BAD[fl.span_start : fl.span_end] == fl.matched_text
        assert fl.reason_en and fl.reason_zh and fl.legal_basis and fl.suggestion
        assert any(fl.matched_text in message for message in errors["description"])
    words = {fl.category: fl.matched_text for fl in flags}
    assert "男" in words["gender"] and "35" in words["age"] and "押金" in words["fees_deposits"]
    event = AuditEvent.objects.about(screening).get()
    assert event.data["blocking"] is True and event.actor == world["boss"]
    assert "限男性" not in str(event.data)  # codes only, no posting text in the audit data


def test_clean_posting_publishes_with_a_screening_on_record(world):
    p = draft(world, description=CLEAN)
    services.publish_posting(p, by=world["boss"])
    p.refresh_from_db()
    assert p.status == PostingStatus.PUBLISHED
    screening = PostingScreening.objects.get(posting=p)
    assert not screening.blocking and screening.flag_count == 0
    assert not PostingFlag.objects.filter(posting=p).exists()


def test_mandatory_field_errors_come_first_and_are_not_screened(world):
    p = draft(world, pay_min=None)
    errors = refuse(p, world["boss"])
    assert set(errors) == {"pay_min"}
    assert not PostingScreening.objects.filter(posting=p).exists()


def test_warning_publishes_and_notifies_the_inspectors_of_the_area(world, english):
    p = draft(world, description=WARN_TEXT)
    services.publish_posting(p, by=world["boss"])
    p.refresh_from_db()
    assert p.status == PostingStatus.PUBLISHED
    assert [i.blocking for i in p.publication_issues] == [False] * len(p.publication_issues)
    flag = PostingFlag.objects.get(posting=p)
    assert flag.severity == Severity.WARN and flag.status == FlagStatus.OPEN
    told = set(
        Notification.objects.filter(link="/moderation/notices/").values_list("recipient__username", flat=True)
    )
    assert told == {
        "insp_yuhu",
        "insp_xiangtan",
    }  # inspectors of 雨湖 and of the city; not 岳塘, not caseworkers
    # The notice page of the area lists it; another district's does not.
    assert flag in PostingFlag.objects.visible_to(world["inspector"]).warnings()
    assert flag not in PostingFlag.objects.visible_to(world["inspector_other"])


def test_notices_page_lists_warnings_of_the_area(world, login, english):
    p = draft(world, description=WARN_TEXT)
    services.publish_posting(p, by=world["boss"])
    html = login(world["inspector"]).get(reverse("web:moderation_notices")).content.decode()
    assert "<mark>身高165cm以上</mark>" in html and world["employer"].name in html
    other = login(world["inspector_other"]).get(reverse("web:moderation_notices")).content.decode()
    assert world["employer"].name not in other
    assert login(world["boss"]).get(reverse("web:moderation_notices")).status_code == 403


@pytest.fixture
def fresh_pay_table():
    """The pay table is cached per process: build it from this test's postings, and forget it afterwards."""
    yield lambda: moderation.pay_table(refresh=True)
    moderation._pay["key"] = None


def test_pay_far_above_published_postings_of_the_area_is_a_warning(world, fresh_pay_table):
    yesterday = timezone.now() - dt.timedelta(days=1)
    for i in range(25):
        p = draft(world, description=CLEAN, pay_min=4000 + 40 * i, pay_max=5000 + 40 * i)
        services.publish_posting(p, by=None)
    JobPosting.objects.update(published_at=yesterday)
    table = fresh_pay_table()
    key, cell = table.lookup(occupation().code, "430302001")
    assert key == ("4", "430302") and cell.n == 25 and 4800 < cell.p90 < 5000
    bait = draft(world, description=CLEAN, pay_min=15000, pay_max=20000)
    services.publish_posting(bait, by=world["boss"])  # a warning: published, the inspectors told
    flag = PostingFlag.objects.get(posting=bait)
    assert (flag.category, flag.severity, flag.field) == ("unrealistic_pay", Severity.WARN, "pay_min")
    assert Notification.objects.filter(recipient=world["inspector"], link="/moderation/notices/").exists()
    normal = draft(world, description=CLEAN, pay_min=5200, pay_max=6000)
    services.publish_posting(normal, by=world["boss"])
    assert not PostingFlag.objects.filter(posting=normal).exists()


def test_rescreen_after_edit_resolves_the_flags_that_no_longer_match(world):
    p = draft(world)
    refuse(p, world["boss"])
    # The employer removes the gender and age requirements but keeps the deposit.
    p.description = "需交押金500元，五险一金。"
    services.save_draft(p, by=world["boss"])
    errors = refuse(p, world["boss"])
    assert len(errors["description"]) == 1
    by_cat = {fl.category: fl for fl in PostingFlag.objects.filter(posting=p)}
    assert by_cat["gender"].status == FlagStatus.RESOLVED and by_cat["gender"].resolved_at is not None
    assert by_cat["age"].status == FlagStatus.RESOLVED
    fees = by_cat["fees_deposits"]
    assert fees.status == FlagStatus.OPEN  # the same finding, not a second row
    assert fees.last_screening == PostingScreening.objects.filter(posting=p).first()
    assert PostingFlag.objects.filter(posting=p).count() == 3
    p.description = CLEAN
    services.save_draft(p, by=world["boss"])
    services.publish_posting(p, by=world["boss"])
    p.refresh_from_db()
    assert p.status == PostingStatus.PUBLISHED
    assert set(PostingFlag.objects.filter(posting=p).values_list("status", flat=True)) == {
        FlagStatus.RESOLVED
    }
    assert PostingScreening.objects.filter(posting=p).count() == 3


# --- appeals -----------------------------------------------------------------------------------------------


def blocked(world, description=AGE_ONLY):
    p = draft(world, description=description)
    refuse(p, world["boss"])
    return p, list(PostingFlag.objects.filter(posting=p))


def test_appeal_overturned_lets_the_same_words_publish(world):
    p, flags = blocked(world)
    appeal = moderation.submit_appeal(
        p, flags, "The job is a trainee scheme for school leavers.", world["boss"]
    )
    assert appeal.status == AppealStatus.PENDING and set(appeal.flags.all()) == set(flags)
    assert Notification.objects.filter(recipient=world["inspector"], link=f"/moderation/appeals/{appeal.pk}/")
    # Still blocks while pending.
    refuse(p, world["boss"])
    moderation.decide_appeal(appeal, False, "Lawful here.", world["inspector"])
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.OVERTURNED and appeal.inspector == world["inspector"]
    assert appeal.decided_at is not None and appeal.reason == "Lawful here."
    assert all(fl.status == FlagStatus.OVERTURNED for fl in PostingFlag.objects.filter(posting=p))
    assert Notification.objects.filter(recipient=world["boss"], link=f"/moderation/postings/{p.pk}/").exists()
    services.publish_posting(p, by=world["boss"])  # the same text: no longer blocked
    p.refresh_from_db()
    assert p.status == PostingStatus.PUBLISHED
    last = PostingScreening.objects.filter(posting=p).first()
    assert not last.blocking
    assert AuditEvent.objects.about(last).get().data["overturned_not_blocking"] == len(flags)
    assert PostingFlag.objects.filter(posting=p).count() == len(flags)  # no new rows for the same words
    kinds = list(AuditEvent.objects.about(appeal).values_list("data__action", flat=True))
    assert sorted(kinds) == ["appeal_decided", "appeal_submitted"]


def test_appeal_upheld_keeps_blocking_and_cannot_be_appealed_again(world):
    p, flags = blocked(world)
    appeal = moderation.submit_appeal(p, flags, "Please reconsider.", world["boss"])
    moderation.decide_appeal(
        appeal, True, "An age limit is not a requirement of this job.", world["inspector"]
    )
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.UPHELD
    assert all(fl.status == FlagStatus.UPHELD for fl in PostingFlag.objects.filter(posting=p))
    errors = refuse(p, world["boss"])
    assert "description" in errors
    with pytest.raises(moderation.ModerationError):
        moderation.submit_appeal(p, PostingFlag.objects.filter(posting=p), "Again.", world["boss"])
    with pytest.raises(moderation.ModerationError):
        moderation.decide_appeal(appeal, False, "Changed my mind.", world["inspector"])  # decided once
    # Editing the words away resolves the upheld flags and publishes.
    p.description = CLEAN
    services.save_draft(p, by=world["boss"])
    services.publish_posting(p, by=world["boss"])
    assert set(PostingFlag.objects.filter(posting=p).values_list("status", flat=True)) == {
        FlagStatus.RESOLVED
    }


def test_who_may_appeal_and_who_may_decide(world, tree):
    p, flags = blocked(world)
    stranger = employer_user(f.make_employer(world["township"]))
    with pytest.raises(moderation.ModerationError):
        moderation.submit_appeal(p, flags, "Not mine.", stranger)
    with pytest.raises(moderation.ModerationError):
        moderation.submit_appeal(p, flags, "   ", world["boss"])  # reasons required
    with pytest.raises(moderation.ModerationError):
        moderation.submit_appeal(p, [], "No flags.", world["boss"])
    other_p, other_flags = blocked(world, description="限男性。")
    with pytest.raises(moderation.ModerationError):
        moderation.submit_appeal(p, other_flags, "Flags of another posting.", world["boss"])
    appeal = moderation.submit_appeal(p, flags, "Reasons.", world["boss"])
    with pytest.raises(moderation.ModerationError):
        moderation.submit_appeal(p, flags, "Twice.", world["boss"])  # one pending appeal per flag
    for who in (world["boss"], world["caseworker"], world["inspector_other"], world["users"]["analyst_city"]):
        with pytest.raises(moderation.ModerationError):
            moderation.decide_appeal(appeal, False, "No.", who)
    with pytest.raises(moderation.ModerationError):
        moderation.decide_appeal(appeal, False, "", world["inspector"])  # a reason is required
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.PENDING
    # The city inspector's area holds 雨湖: she may decide.
    moderation.decide_appeal(appeal, False, "Lawful.", world["inspector_city"])
    assert Appeal.objects.get(pk=appeal.pk).status == AppealStatus.OVERTURNED


def test_staff_who_appealed_for_an_employer_may_not_decide_it(world):
    p, flags = blocked(world)
    appeal = moderation.submit_appeal(p, flags, "On behalf of the employer.", world["admin"])
    with pytest.raises(moderation.ModerationError):
        moderation.decide_appeal(appeal, False, "Mine.", world["admin"])
    moderation.decide_appeal(appeal, True, "Stands.", world["inspector"])


def test_scoping_yuhu_inspector_never_sees_yuetang(world, tree, login):
    p, flags = blocked(world)
    appeal = moderation.submit_appeal(p, flags, "Reasons.", world["boss"])
    yuetang_employer = f.make_employer(tree["430304001"])
    q = posting(tree["430304001"], yuetang_employer, description=AGE_ONLY)
    refuse(q, None)
    q_appeal = moderation.submit_appeal(q, list(q.flags.all()), "Reasons.", employer_user(yuetang_employer))
    insp = world["inspector"]
    assert list(Appeal.objects.visible_to(insp)) == [appeal]
    assert not PostingFlag.objects.visible_to(insp).filter(posting=q).exists()
    client = login(insp)
    page = client.get(reverse("web:moderation_appeals"))
    assert page.status_code == 200
    assert (
        p.title in page.content.decode()
        and f"/moderation/appeals/{q_appeal.pk}/" not in page.content.decode()
    )
    assert client.get(reverse("web:moderation_appeal", args=[q_appeal.pk])).status_code == 404
    assert client.get(reverse("web:moderation_posting", args=[q.pk])).status_code == 404
    response = client.post(
        reverse("web:moderation_appeal", args=[q_appeal.pk]), {"decision": "overturn", "reason": "x"}
    )
    assert response.status_code == 404
    assert Appeal.objects.get(pk=q_appeal.pk).status == AppealStatus.PENDING
    # The employer sees its own flags and appeals only; citizens none.
    boss = world["boss"]
    assert set(PostingFlag.objects.visible_to(boss)) == set(flags)
    assert list(Appeal.objects.visible_to(boss)) == [appeal]
    assert not PostingFlag.objects.visible_to(world["users"]["citizen"]).exists()
    # The province leader's scope holds both.
    assert Appeal.objects.visible_to(world["users"]["leader_province"]).count() == 2


def test_appeal_pages_employer_appeals_and_inspector_decides(world, login, english):
    p, flags = blocked(world)
    client = login(world["boss"])
    page = client.get(reverse("web:moderation_posting", args=[p.pk]))
    assert page.status_code == 200 and "Appeal to an inspector" in page.content.decode()
    assert "<mark>" in page.content.decode()
    assert client.get(reverse("web:moderation_appeals")).status_code == 403
    response = client.post(
        reverse("web:moderation_appeal_submit", args=[p.pk]),
        {"flags": [fl.pk for fl in flags], "text": "A trainee scheme."},
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get(posting=p)
    # A flag id that is not about the posting is refused with a message, nothing written.
    other_p, other_flags = blocked(world, description="限男性。")
    client.post(
        reverse("web:moderation_appeal_submit", args=[p.pk]), {"flags": [other_flags[0].pk], "text": "x"}
    )
    assert Appeal.objects.count() == 1
    inspector = login(world["inspector"])
    detail = inspector.get(reverse("web:moderation_appeal", args=[appeal.pk]))
    assert detail.status_code == 200 and "A trainee scheme." in detail.content.decode()
    bad = inspector.post(
        reverse("web:moderation_appeal", args=[appeal.pk]), {"decision": "overturn", "reason": ""}
    )
    assert bad.status_code == 200 and "Give the reason" in bad.content.decode()
    ok = inspector.post(
        reverse("web:moderation_appeal", args=[appeal.pk]), {"decision": "overturn", "reason": "Lawful."}
    )
    assert ok.status_code == 302
    assert Appeal.objects.get(pk=appeal.pk).status == AppealStatus.OVERTURNED


# --- the posting form ----------------------------------------------------------------------------------------


def _form_data(**kw):
    today = timezone.localdate()
    data = {
        "title": "仓库管理员",
        "description": BAD,
        "occupation_code": occupation().code,
        "division_code": "430302001",
        "address": "雨湖路2号",
        "pay_min": "4200",
        "pay_max": "5000",
        "pay_months": "12",
        "contract_type": "fixed_term",
        "headcount": "3",
        "experience_years": "0",
        "working_hours": "8小时/天，双休",
        "social_insurance": "five",
        "valid_from": today.isoformat(),
        "valid_until": (today + dt.timedelta(days=30)).isoformat(),
        "publish": "1",
    }
    data.update(kw)
    return data


def test_posting_form_shows_the_flags_then_publishes_after_the_edit(world, login, english):
    client = login(world["boss"])
    response = client.post(reverse("web:posting_create"), _form_data())
    assert response.status_code == 200
    html = response.content.decode()
    p = JobPosting.objects.get(employer=world["employer"])
    assert p.status == PostingStatus.DRAFT
    assert html.count('class="screening-flag ') == 3
    assert html.count("<mark>") >= 3 and "Legal basis" in html and "Suggested rewording" in html
    for fl in PostingFlag.objects.filter(posting=p):
        assert escape(fl.reason_en) in html and escape(fl.suggestion) in html
    response = client.post(reverse("web:posting_edit", args=[p.pk]), _form_data(description=CLEAN))
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == PostingStatus.PUBLISHED


# --- bulk ----------------------------------------------------------------------------------------------------


def _csv(rows):
    import csv

    today = timezone.localdate()
    header = ["external_ref", "title", "description", "occupation", "division", "pay_min", "contract_type"]
    header += ["working_hours", "valid_from", "valid_until"]
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(header)
    for ref, description in rows:
        w.writerow(
            [ref, "仓库管理员", description, occupation().code, "430302001", "4500", "fixed_term", "8小时/天"]
            + [today.isoformat(), (today + dt.timedelta(days=30)).isoformat()]
        )
    return SimpleUploadedFile("postings.csv", out.getvalue().encode("utf-8"), content_type="text/csv")


def test_bulk_upload_screens_every_row(world, english):
    upload = bulk.import_file(
        _csv([("A1", CLEAN), ("A2", BAD), ("A3", WARN_TEXT)]),
        "postings.csv",
        user=world["boss"],
        publish=True,
    )
    assert upload.rows_rejected == 1 and upload.rows_created == 2
    rejected = upload.rejected[0]
    assert rejected["line"] == 3
    assert [e["field"] for e in rejected["errors"]] == ["description"] * 3
    assert not JobPosting.objects.filter(
        external_ref="A2"
    ).exists()  # a refused row is not saved (as any refusal)
    saved = {row["line"]: row for row in upload.saved}
    assert saved[2]["status"] == PostingStatus.PUBLISHED and saved[2]["note"] == ""
    assert (
        saved[4]["status"] == PostingStatus.PUBLISHED and saved[4]["note"]
    )  # the warning reported on its row
    assert PostingFlag.objects.filter(posting__external_ref="A3", severity=Severity.WARN).exists()
    assert PostingScreening.objects.filter(posting__external_ref__in=["A1", "A3"]).count() == 2


def test_bulk_api_screens_every_item(world, english):
    from rest_framework.test import APIClient

    today = timezone.localdate()
    item = {
        "title": "仓库管理员",
        "occupation": occupation().code,
        "division": "430302001",
        "pay_min": 4500,
        "contract_type": "fixed_term",
        "working_hours": "8小时/天",
        "valid_from": today.isoformat(),
        "valid_until": (today + dt.timedelta(days=30)).isoformat(),
    }
    api = APIClient()
    api.force_authenticate(world["boss"])
    response = api.post(
        "/api/v1/postings/bulk/",
        [
            {**item, "description": CLEAN},
            {**item, "description": AGE_ONLY},
            {**item, "description": WARN_TEXT},
        ],
        format="json",
    )
    assert response.status_code == 207, response.content
    body = response.json()
    assert [e["index"] for e in body["errors"]] == [1] and body["errors"][0]["field"] == "description"
    assert "35岁以下" in body["errors"][0]["message"]
    saved = {s["index"]: s for s in body["saved"]}
    assert saved[0]["status"] == saved[2]["status"] == PostingStatus.PUBLISHED
    assert saved[0]["note"] == "" and "165" in saved[2]["note"]
    assert JobPosting.objects.filter(employer=world["employer"], status=PostingStatus.PUBLISHED).count() == 2


# --- abnormal accounts ------------------------------------------------------------------------------------


def test_repeat_blocking_screenings_list_the_account(world):
    p = draft(world, description=AGE_ONLY)
    for _ in range(moderation.ABNORMAL_BLOCKING_SCREENINGS - 1):
        refuse(p, world["boss"])
    assert moderation.update_abnormal_accounts() == []  # two blocked attempts: not yet
    refuse(p, world["boss"])
    listed = moderation.update_abnormal_accounts(dry_run=True)
    assert [x.employer for x in listed] == [world["employer"]] and not AbnormalAccount.objects.exists()
    listed = moderation.update_abnormal_accounts()
    entry = AbnormalAccount.objects.current().get(employer=world["employer"])
    assert entry.reason_codes == ["repeat_blocking"] and entry.details["blocking_screenings"] == 3
    assert moderation.update_abnormal_accounts() == []  # idempotent
    # Outside the 90-day window the screenings no longer count.
    later = timezone.localdate() + dt.timedelta(days=moderation.ABNORMAL_WINDOW_DAYS + 1)
    assert moderation.abnormal_candidates(later) == []


def test_a_trap_flag_lists_the_account_at_once_unless_overturned(world, tree):
    p = draft(world, description="需交押金500元。")
    refuse(p, world["boss"])
    other = f.make_employer(tree["430302001"])
    q = posting(tree["430302001"], other, description="需交押金500元。")
    refuse(q, None)
    appeal = moderation.submit_appeal(
        q, list(q.flags.all()), "Refundable tool deposit.", employer_user(other)
    )
    moderation.decide_appeal(appeal, False, "Lawful.", world["inspector"])
    moderation.update_abnormal_accounts()
    entries = AbnormalAccount.objects.current()
    assert [e.employer for e in entries] == [world["employer"]]
    assert entries[0].reason_codes == ["trap_flag"] and entries[0].details["trap_categories"] == [
        "fees_deposits"
    ]
    # Scoped: 岳塘 inspector sees nothing, and may not clear it.
    assert not AbnormalAccount.objects.visible_to(world["inspector_other"]).exists()
    with pytest.raises(moderation.ModerationError):
        moderation.clear_abnormal_account(entries[0], by=world["inspector_other"], reason="x")
    with pytest.raises(moderation.ModerationError):
        moderation.clear_abnormal_account(entries[0], by=world["inspector"], reason="")
    moderation.clear_abnormal_account(entries[0], by=world["inspector"], reason="Deposit refunded; warned.")
    assert not AbnormalAccount.objects.current().exists()
    assert not AbnormalAccount.objects.visible_to(world["boss"]).exists()  # the list is for staff


def test_abnormal_page_and_clear(world, login, english):
    refuse(draft(world, description="需交押金500元。"), world["boss"])
    moderation.update_abnormal_accounts()
    entry = AbnormalAccount.objects.get()
    client = login(world["inspector"])
    page = client.get(reverse("web:moderation_abnormal"))
    assert page.status_code == 200 and world["employer"].name in page.content.decode()
    assert (
        login(world["inspector_other"])
        .get(reverse("web:moderation_abnormal"))
        .content.decode()
        .count(world["employer"].name)
        == 0
    )
    client = login(world["inspector"])
    client.post(reverse("web:moderation_abnormal_clear", args=[entry.pk]), {"reason": "Dealt with."})
    entry.refresh_from_db()
    assert entry.cleared_by == world["inspector"] and entry.clear_reason == "Dealt with."


# --- qualification re-checks -----------------------------------------------------------------------------------


def _published_months_ago(world, months: int, employer=None):
    p = posting(world["township"], employer or world["employer"], description=CLEAN)
    services.publish_posting(p, by=None)
    then = timezone.now() - dt.timedelta(days=31 * months)
    JobPosting.objects.filter(pk=p.pk).update(published_at=then)
    return p


def test_qualification_checks_fall_due_six_months_after_publication_or_the_last_check(world):
    _published_months_ago(world, 7)
    _published_months_ago(world, 2, employer=f.make_employer(world["township"]))
    due = moderation.due_qualification_checks()
    assert [d.employer for d in due] == [world["employer"]]
    check = moderation.record_qualification_check(world["employer"], due=due[0].due)
    assert (
        check.result == QualificationResult.PASSED and check.credit_code_valid and check.registration_active
    )
    assert moderation.due_qualification_checks() == []
    in_seven_months = timezone.localdate() + dt.timedelta(days=31 * 7)
    assert world["employer"] in [d.employer for d in moderation.due_qualification_checks(in_seven_months)]
    assert AuditEvent.objects.about(check).get().data["result"] == "passed"


def test_failed_qualification_check_lists_the_account_and_tells_inspectors(world):
    _published_months_ago(world, 7)
    employer = world["employer"]
    employer.status = EmployerStatus.DEREGISTERED
    employer.save()
    out = io.StringIO()
    call_command("supervision_recheck", stdout=out)
    assert "would check 1 employer qualifications due" in out.getvalue()
    assert not QualificationCheck.objects.exists()
    call_command("supervision_recheck", "--wet-run", stdout=out)
    check = QualificationCheck.objects.get()
    assert (
        check.result == QualificationResult.FAILED
        and not check.registration_active
        and check.credit_code_valid
    )
    entry = AbnormalAccount.objects.current().get(employer=employer)
    assert "qualification_failed" in entry.reason_codes
    assert Notification.objects.filter(recipient=world["inspector"], link="/moderation/abnormal/").exists()


def test_qualification_page_scoped_and_check_recorded_by_inspector(world, login):
    _published_months_ago(world, 7)
    client = login(world["inspector"])
    page = client.get(reverse("web:moderation_qualifications"))
    assert page.status_code == 200 and world["employer"].name in page.content.decode()
    assert (
        world["employer"].name
        not in login(world["inspector_other"]).get(reverse("web:moderation_qualifications")).content.decode()
    )
    other = login(world["inspector_other"])
    assert (
        other.post(reverse("web:moderation_qualification_record", args=[world["employer"].pk])).status_code
        == 404
    )
    client = login(world["inspector"])
    client.post(reverse("web:moderation_qualification_record", args=[world["employer"].pk]))
    assert QualificationCheck.objects.get().checked_by == world["inspector"]
    assert login(world["caseworker"]).get(reverse("web:moderation_qualifications")).status_code == 403
