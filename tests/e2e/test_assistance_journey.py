"""Employment assistance of key groups, in a real browser (issue 6, must-show).

A department file brings in an unemployment registration: the member's household becomes a
zero-employment household and, after the import, a household case opens. A 雨湖 caseworker signs in,
opens it from the queue, records a contact, refers the member to a job and places them in a
public-welfare position. The next import brings a contribution record for the member: the household
leaves the zero-employment list, its case closes, and the households page no longer lists it.

The imports run through the real pipeline (`jiuye.ingestion.pipeline.run_import`), which refreshes the
worklists and the cases after each completed run.
"""

from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest
from django.utils import timezone

from jiuye.accounts.enums import Role

from .. import factories as f

pytestmark = pytest.mark.e2e


def _department_file(path, code: str, values: dict[str, str]):
    """A one-row department CSV with the adapter's own header (columns not given stay empty)."""
    from jiuye.ingestion.sources import load_all
    from jiuye.ingestion.sources.base import get_adapter

    load_all()
    layout = get_adapter(code).layout
    row = [values.get(c.key, "") for c in layout.columns]
    path.write_text(",".join(layout.headers) + "\n" + ",".join(row) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def journey(transactional_db, tmp_path):
    from jiuye.cases import services as case_services

    from ..jobs.test_postings import published

    tree = f.build_tree()
    township = tree["430302001"]
    # Not registered yet: a homemaker and her partner, nobody in work, nobody asking for work → not listed.
    member = f.make_person(
        township, name="刘小芳", labour_status="inactive", sex="F", birth_date=dt.date(1988, 3, 4)
    )
    partner = f.make_person(township, name="陈建国", labour_status="inactive", birth_date=dt.date(1985, 7, 8))
    household = f.make_household(township, [member, partner], number="HH-E2E-0001")
    employer = f.make_employer(tree["430302"], name="雨湖物流有限公司")
    secret = pyotp.random_base32()
    user = f.make_user(Role.CASEWORKER, tree["430302"], username="cw_assist")
    user.set_totp_secret(secret)
    user.totp_confirmed = True
    user.save()
    posting = published(township, title="仓库理货员")
    position = case_services.create_position(
        division=tree["430302"],
        unit="雨湖区城市管理局",
        title="社区保洁员",
        slots=2,
        term_limit_months=36,
        by=user,
    )
    return {
        "tree": tree,
        "member": member,
        "partner": partner,
        "household": household,
        "employer": employer,
        "user": user,
        "secret": secret,
        "posting": posting,
        "position": position,
        "tmp": tmp_path,
    }


def _sign_in(page, live_server, journey):
    from playwright.sync_api import expect

    page.goto(live_server.url + "/workspace/")
    page.fill("input[name=username]", "cw_assist")
    page.fill("input[name=password]", f.PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/"))
    page.fill("input[name=code]", pyotp.TOTP(journey["secret"]).now())
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/workspace/$"))
    page.locator(".lang-switch button[value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_zero_employment_household_from_import_to_clearance(live_server, page, journey):
    from playwright.sync_api import expect

    from jiuye.cases.models import Case, CaseStatus, ClosedReason, Contact, Placement
    from jiuye.comparisons.models import WorklistEntry
    from jiuye.ingestion.enums import RunStatus
    from jiuye.ingestion.pipeline import run_import
    from jiuye.jobs.models import JobApplication

    tree, member, household = journey["tree"], journey["member"], journey["household"]
    today = timezone.localdate()
    assert not Case.objects.filter(household=household).exists()

    # 1. The human-resources file: the member registers as unemployed (willing to work) → the household,
    #    with nobody in work, is a zero-employment household, and the refresh after the import opens its case.
    path = _department_file(
        journey["tmp"] / "unemployment.csv",
        "human_resources.unemployment",
        {
            "resident_id": member.reveal_resident_id(),
            "name": member.name,
            "division_code": "430302001",
            "registered_on": today.isoformat(),
            "status": "登记失业",
        },
    )
    run = run_import("human_resources.unemployment", path, division=tree["430302"])
    assert run.status == RunStatus.COMPLETED, run.message
    assert WorklistEntry.objects.open().filter(household=household, kind="zero_employment_household").exists()
    case = Case.objects.get(household=household)
    assert case.is_open and "zero_employment_household" in case.groups

    # 2. The caseworker finds it at the top of the queue and opens it.
    _sign_in(page, live_server, journey)
    page.locator("#assistance-links").get_by_role("link", name="Case queue").click()
    expect(page).to_have_url(re.compile(r"/cases/$"))
    row = page.locator(f"#case-queue tr[data-case='{case.pk}']")
    expect(row).to_contain_text("HH-E2E-0001")
    row.get_by_role("link", name=re.compile("HH-E2E-0001")).click()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    expect(page.locator("h1")).to_contain_text("HH-E2E-0001")
    expect(page.locator("#case-members")).to_contain_text(member.resident_id_masked)
    assert member.reveal_resident_id() not in page.content()

    # 3. A contact: a home visit.
    form = page.locator("#contact-form")
    form.locator("select[name=kind]").select_option("visit")
    form.locator("textarea[name=note]").fill("Home visit; she is looking for work near home.")
    form.get_by_role("button", name="Record the contact").click()
    expect(page.locator("#case-contacts")).to_contain_text("Home visit")
    case.refresh_from_db()
    assert case.first_contact_at is not None and Contact.objects.filter(case=case).count() == 1

    # 4. Refer the member to a job by its posting number.
    form = page.locator("#refer-form")
    form.locator("select[name=member]").select_option(str(member.pk))
    form.locator("input[name=posting]").fill(str(journey["posting"].pk))
    form.get_by_role("button", name="Refer").click()
    expect(page.locator("#case-actions")).to_contain_text("仓库理货员")
    application = JobApplication.objects.get(person=member, posting=journey["posting"])
    assert application.referred_by == journey["user"]

    # 5. And place her in a public-welfare position.
    form = page.locator("#place-form")
    form.locator("select[name=member]").select_option(str(member.pk))
    form.locator("select[name=position]").select_option(str(journey["position"].pk))
    form.get_by_role("button", name="Place").click()
    expect(page.locator("#case-placements")).to_contain_text("社区保洁员")
    expect(page.locator("#case-status")).to_contain_text("Placed")
    assert Placement.objects.get(person=member, case=case).position == journey["position"]

    # The household is on the households page while the case is open.
    page.goto(live_server.url + "/cases/households/")
    expect(page.locator(f"#household-cases tr[data-household='{household.pk}']")).to_be_visible()

    # 6. The social-insurance file brings a contribution record for the member: paid contributions in the
    #    last 3 months mean work, so the comparison drops the household from the zero-employment list and the
    #    refresh after the import closes its case.
    path = _department_file(
        journey["tmp"] / "contributions.csv",
        "social_insurance.contributions",
        {
            "resident_id": member.reveal_resident_id(),
            "name": member.name,
            "credit_code": journey["employer"].credit_code,
            "scheme": "110",
            "month": today.strftime("%Y-%m"),
            "base_wage": "3000",
            "amount_due": "240",
            "amount_paid": "240",
        },
    )
    run = run_import("social_insurance.contributions", path, division=tree["430302"])
    assert run.status == RunStatus.COMPLETED, run.message
    assert (
        not WorklistEntry.objects.open()
        .filter(household=household, kind="zero_employment_household")
        .exists()
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_reason == ClosedReason.LEFT_LIST

    page.goto(live_server.url + "/cases/households/")
    expect(page.locator(f"#household-cases tr[data-household='{household.pk}']")).to_have_count(0)
    page.goto(live_server.url + "/cases/households/?state=cleared")
    expect(page.locator(f"#household-cases tr[data-household='{household.pk}']")).to_contain_text("Closed")
    page.goto(live_server.url + f"/cases/{case.pk}/")
    expect(page.locator("#case-status")).to_contain_text("Household left the zero-employment list")
    expect(page.locator("#contact-form")).to_have_count(0)  # a closed case takes no more work

    # 7. The district dashboard counts it as cleared and draws its ECharts charts.
    page.goto(live_server.url + "/cases/dashboard/")
    expect(page.locator("#dashboard-totals [data-measure=households_cleared] dd")).to_have_text("1")
    expect(page.locator("#dashboard-totals [data-measure=placed] dd")).to_have_text("1")
    expect(page.locator("#division-chart svg")).to_have_count(1)
    expect(page.locator("#trend-chart svg")).to_have_count(1)
