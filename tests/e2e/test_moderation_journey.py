"""A discriminatory posting refused and corrected, in a real browser (issue 7, must show): an employer fills the
posting form with “限男性，35岁以下，需交押金500元” and asks to publish; the page keeps the draft and shows three
flags — the words marked, the reason, the legal basis and a suggested rewording; the employer rewrites the
description and publishes; the posting is live, and the database holds both screenings and the three flags resolved
by the edit."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from jiuye.accounts.enums import Role
from jiuye.jobs.enums import PostingStatus

from .. import factories as f
from ..jobs.test_postings import occupation
from .test_job_journey import sign_in

pytestmark = pytest.mark.e2e

BAD = "限男性，35岁以下，需交押金500元"
CLEAN = "负责仓库收发货和盘点，男女不限，五险一金，双休。"


@pytest.fixture
def journey_data(transactional_db):
    tree = f.build_tree()
    employer = f.make_employer(tree["430302001"], name="雨湖仓储服务有限公司")
    boss = f.make_user(Role.EMPLOYER, None, employer=employer, username="employer_mod_e2e")
    return {"employer": employer, "boss": boss, "occupation": occupation()}


def fill_form(page, data, description: str) -> None:
    today = timezone.localdate()
    page.fill("input[name=title]", "仓库管理员")
    page.fill("textarea[name=description]", description)
    page.fill("input[name=occupation_code]", data["occupation"].code)
    page.fill("input[name=division_code]", "430302001")
    page.fill("input[name=pay_min]", "4500")
    page.fill("input[name=pay_max]", "5500")
    page.select_option("select[name=contract_type]", "fixed_term")
    page.fill("input[name=working_hours]", "8小时/天，双休")
    page.fill("input[name=valid_from]", today.isoformat())
    page.fill("input[name=valid_until]", (today + dt.timedelta(days=30)).isoformat())
    # Typing the title asks the server for occupation suggestions (htmx); let that finish before submitting, so
    # the test database (SQLite in memory, shared with the live server's threads) sees one request at a time.
    page.wait_for_load_state("networkidle")


def test_flagged_posting_is_corrected_and_published(live_server, page, journey_data):
    from playwright.sync_api import expect

    from jiuye.jobs.models import JobPosting
    from jiuye.supervision.models import FlagStatus, PostingFlag, PostingScreening

    sign_in(page, live_server.url, "employer_mod_e2e")
    page.goto(live_server.url + "/jobs/mine/new/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    fill_form(page, journey_data, BAD)
    page.locator("button[name=publish]").click()

    # Refused: still the form, the draft kept, three flags each with the words marked, reason, basis, rewording.
    panel = page.locator("#screening")
    expect(panel).to_be_visible()
    flags = panel.locator("li.screening-flag")
    expect(flags).to_have_count(3)
    for i in range(3):
        item = flags.nth(i)
        expect(item.locator("mark")).to_have_count(1)
        expect(item.locator(".flag-reason")).not_to_be_empty()
        expect(item.locator(".flag-basis")).to_contain_text("法")
        expect(item.locator(".flag-suggestion")).not_to_be_empty()
    marked = [flags.nth(i).locator("mark").inner_text() for i in range(3)]
    assert (
        any("男" in m for m in marked) and any("35" in m for m in marked) and any("押金" in m for m in marked)
    )
    categories = {flags.nth(i).get_attribute("data-category") for i in range(3)}
    assert categories == {"gender", "age", "fees_deposits"}
    # Nothing the employer typed is lost.
    expect(page.locator("textarea[name=description]")).to_have_value(BAD)
    posting = JobPosting.objects.get(employer=journey_data["employer"])
    assert posting.status == PostingStatus.DRAFT

    # The employer rewrites the description and publishes.
    page.fill("textarea[name=description]", CLEAN)
    page.wait_for_load_state("networkidle")
    page.locator("button[name=publish]").click()
    expect(page).to_have_url(re.compile(rf"/jobs/{posting.pk}/$"))
    expect(page.locator("h1")).to_have_text("仓库管理员")

    posting.refresh_from_db()
    assert posting.status == PostingStatus.PUBLISHED and posting.description == CLEAN
    screenings = list(PostingScreening.objects.filter(posting=posting).order_by("at", "id"))
    assert [s.blocking for s in screenings] == [True, False]
    assert PostingFlag.objects.filter(posting=posting).count() == 3
    assert set(PostingFlag.objects.filter(posting=posting).values_list("status", flat=True)) == {
        FlagStatus.RESOLVED
    }
