"""A job found, applied for and filled, in a real browser: a seeker signs in, searches the job list with a
Chinese keyword and a contract-type filter, opens the posting and applies; the employer, in a separate browser
context, opens the posting's applications and moves the application viewed → interview → offered → hired with
the page's buttons. The seeker then sees the hire on their applications page and in their notifications;
the database holds the application's trail and the employment spell with that employer."""

import re

import pytest
from django.utils import translation

from jiuye.accounts.enums import Role
from jiuye.jobs.enums import ApplicationStatus as A
from jiuye.registry.enums import ContractType

from .. import factories as f
from ..jobs.test_postings import published

pytestmark = pytest.mark.e2e


def zh(label) -> str:
    """A lazily translated label as the default (Simplified Chinese) interface shows it."""
    with translation.override("zh-hans"):
        return str(label)


@pytest.fixture
def journey_data(transactional_db):
    tree = f.build_tree()
    township = tree["430302001"]
    employer = f.make_employer(township, name="湘潭仓储物流有限公司")
    target = published(township, employer, title="仓库管理员", contract_type=ContractType.FIXED_TERM)
    # Same keyword, other contract type: the filter must drop it. Other keyword: the search must drop it.
    published(township, title="仓库搬运工", contract_type=ContractType.PART_TIME)
    published(tree["430304001"], title="叉车司机", contract_type=ContractType.FIXED_TERM)
    person = f.make_person(township, name="赵六")
    seeker = f.make_user(Role.CITIZEN, None, person=person, username="seeker_e2e")
    boss = f.make_user(Role.EMPLOYER, None, employer=employer, username="employer_e2e")
    return {
        "posting": target,
        "person": person,
        "seeker": seeker,
        "employer_user": boss,
        "employer": employer,
    }


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", f.PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/).*$"))


def test_seeker_applies_and_employer_hires(live_server, browser, journey_data):
    from playwright.sync_api import expect

    from jiuye.jobs.models import JobApplication, Notification
    from jiuye.registry.models import EmploymentSpell

    posting = journey_data["posting"]
    contexts = []

    def new_page():
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    try:
        # --- the seeker searches, filters, opens the posting and applies ---------------------------------
        seeker = new_page()
        sign_in(seeker, live_server.url, "seeker_e2e")
        seeker.goto(live_server.url + "/jobs/")
        expect(seeker.locator("html")).to_have_attribute("lang", "zh-Hans")
        seeker.fill("form.filters input[name=q]", "仓库")
        seeker.select_option("form.filters select[name=contract]", ContractType.FIXED_TERM.value)
        seeker.locator("form.filters button[type=submit]").click()
        expect(seeker).to_have_url(re.compile(r"/jobs/\?.*q=%E4%BB%93%E5%BA%93"))
        expect(seeker).to_have_url(re.compile(r"contract=fixed_term"))
        table = seeker.locator("table")
        expect(table.get_by_role("link", name="仓库管理员")).to_be_visible()
        expect(table).not_to_contain_text("仓库搬运工")  # filtered out by contract type
        expect(table).not_to_contain_text("叉车司机")  # does not match the keyword
        expect(seeker.locator(".result-count")).to_contain_text("1")

        table.get_by_role("link", name="仓库管理员").click()
        expect(seeker).to_have_url(re.compile(rf"/jobs/{posting.pk}/$"))
        expect(seeker.locator("h1")).to_have_text("仓库管理员")
        expect(seeker.locator("main")).to_contain_text("湘潭仓储物流有限公司")
        seeker.locator(f"form[action='/jobs/{posting.pk}/apply/'] button[type=submit]").click()
        expect(seeker).to_have_url(re.compile(r"/jobs/applications/$"))
        row = seeker.locator("tbody tr", has_text="仓库管理员")
        expect(row).to_contain_text(zh(A.SUBMITTED.label))

        app = JobApplication.objects.get(posting=posting, person=journey_data["person"])
        assert app.status == A.SUBMITTED and app.referred_by is None

        # --- the employer, in its own browser context, moves the application to hired --------------------
        boss = new_page()
        sign_in(boss, live_server.url, "employer_e2e")
        boss.goto(live_server.url + f"/jobs/{posting.pk}/")
        boss.locator(f"a[href='/jobs/mine/{posting.pk}/applications/']").click()
        expect(boss).to_have_url(re.compile(rf"/jobs/mine/{posting.pk}/applications/$"))
        row = boss.locator("tbody tr", has_text="赵六")
        expect(row).to_contain_text(zh(A.SUBMITTED.label))
        for to in (A.VIEWED, A.INTERVIEW, A.OFFERED, A.HIRED):
            row.locator(f"button[name=to][value={to.value}]").click()
            expect(boss).to_have_url(re.compile(rf"/jobs/mine/{posting.pk}/applications/$"))
            expect(row.locator("td").nth(2)).to_have_text(zh(to.label))
            app.refresh_from_db()
            assert app.status == to
        # Hired is final: no more buttons, no rejection form.
        expect(row.locator("button")).to_have_count(0)
        expect(row.locator("select[name=reason]")).to_have_count(0)

        # --- the seeker sees the hire --------------------------------------------------------------------
        seeker.goto(live_server.url + "/jobs/applications/")
        row = seeker.locator("tbody tr", has_text="仓库管理员")
        expect(row).to_contain_text(zh(A.HIRED.label))
        expect(row.locator("button")).to_have_count(0)  # nothing left to withdraw
        # ... and in their notifications: four unread (viewed, interview, offered, hired), the newest the hire.
        expect(seeker.locator("a.notifications-link .tag-alert")).to_have_text("4")
        seeker.locator("a.notifications-link").click()
        expect(seeker).to_have_url(re.compile(r"/notifications/$"))
        newest = seeker.locator(".notification-list li").first
        expect(newest).to_contain_text("仓库管理员")
        expect(newest).to_contain_text(zh(A.HIRED.label))
        expect(seeker.locator(".notification-list li.is-unread")).to_have_count(4)
        newest.locator("button[name=open]").click()  # marks it read and follows its link
        expect(seeker).to_have_url(re.compile(r"/jobs/applications/$"))
        expect(seeker.locator("a.notifications-link .tag-alert")).to_have_text("3")
        seeker.goto(live_server.url + f"/jobs/{posting.pk}/")
        expect(seeker.locator("main .notice")).to_contain_text(zh(A.HIRED.label))
        expect(seeker.locator(f"form[action='/jobs/{posting.pk}/apply/']")).to_have_count(0)
    finally:
        for context in contexts:
            context.close()

    # --- the database: the trail, the spell, the notifications --------------------------------------------
    app.refresh_from_db()
    assert [(e.from_status, e.to_status) for e in app.events.order_by("at", "pk")] == [
        ("", A.SUBMITTED),
        (A.SUBMITTED, A.VIEWED),
        (A.VIEWED, A.INTERVIEW),
        (A.INTERVIEW, A.OFFERED),
        (A.OFFERED, A.HIRED),
    ]
    assert all(e.actor == journey_data["employer_user"] for e in app.events.exclude(to_status=A.SUBMITTED))
    spell = EmploymentSpell.objects.get(person=journey_data["person"])
    assert app.spell == spell and spell.employer == journey_data["employer"]
    assert spell.occupation == posting.occupation and spell.end_date is None
    seeker_notes = Notification.objects.filter(recipient=journey_data["seeker"])
    assert seeker_notes.count() == 4  # viewed, interview, offered, hired
    assert seeker_notes.unread().count() == 3  # the hire was opened
    assert seeker_notes.first().link == "/jobs/applications/" and "仓库管理员" in seeker_notes.first().text
    assert (
        Notification.objects.filter(
            recipient=journey_data["employer_user"], link=f"/jobs/mine/{posting.pk}/applications/"
        ).count()
        == 1
    )
