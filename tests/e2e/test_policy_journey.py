"""A policy found for a person, applied for and granted, in a real browser (issue 5's must-show).

A graduate of this year in the demo region (湘潭 雨湖区), from a household on minimum living support and
looking for work, qualifies for the job-search and entrepreneurship subsidy. The nightly push
(`push_policies`) puts a message in her inbox; she opens it, reads the reasons, applies with one click and
finds the application filled in from the library (with the department each item came from), and submits.
A Yuhu caseworker signs in with password and TOTP, finds the application in the review queue, sees the
re-checked decision and approves it. The graduate then sees the decision and the amount; the database holds
the decision record and the payment order."""

import re

import pyotp
import pytest
from django.utils import translation

from jiuye.accounts.enums import Role

from .. import factories as f
from ..web.test_policy_pages import graduate_now

pytestmark = pytest.mark.e2e


def zh(text_of) -> str:
    """What the default (Simplified Chinese) interface shows for a text computed in the current language."""
    with translation.override("zh-hans"):
        return str(text_of())


@pytest.fixture
def journey_data(transactional_db):
    tree = f.build_tree()
    person, citizen = graduate_now(tree["430302001"], name="陈思远", username="grad_e2e")
    secret = pyotp.random_base32()
    caseworker = f.make_user(Role.CASEWORKER, tree["430302"], username="cw_policy_e2e")
    caseworker.set_totp_secret(secret)
    caseworker.totp_confirmed = True
    caseworker.save()
    return {"person": person, "citizen": citizen, "caseworker": caseworker, "secret": secret}


def sign_in(page, base_url: str, username: str, totp_secret: str | None = None) -> None:
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", f.PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    if totp_secret:
        page.wait_for_url(re.compile(r"/accounts/second-factor/"))
        page.fill("input[name=code]", pyotp.TOTP(totp_secret).now())
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/).*$"))


def test_graduate_is_told_applies_and_caseworker_approves(live_server, browser, journey_data):
    from playwright.sync_api import expect

    from jiuye.jobs.models import Notification
    from jiuye.policies.models import PaymentOrder, PolicyApplication, PolicyPush
    from jiuye.policies.services import push_policies
    from jiuye.web import policy_helpers as ph

    person = journey_data["person"]
    today = ph.today()

    # --- the nightly push -------------------------------------------------------------------------------
    result = push_policies(today, dry_run=False)
    push = PolicyPush.objects.get(person=person, policy="job_search_subsidy", channel="inbox")
    assert push.notification_sent and push.status == "eligible"
    assert (
        Notification.objects.filter(
            recipient=journey_data["citizen"], link__contains="job_search_subsidy"
        ).count()
        == 1
    )
    assert result.counts

    contexts = []

    def new_page():
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    try:
        # --- the graduate opens the message and the reasons --------------------------------------------------
        grad = new_page()
        sign_in(grad, live_server.url, "grad_e2e")
        expect(grad.locator("html")).to_have_attribute("lang", "zh-Hans")
        grad.goto(live_server.url + "/notifications/")
        note = grad.locator("li.notification").filter(has_text="求职创业补贴")
        expect(note).to_have_count(1)
        note.locator("button[name=open]").click()
        expect(grad).to_have_url(re.compile(r"/me/policies/job_search_subsidy/apply/$"))
        expect(grad.locator("h1")).to_have_text("求职创业补贴")
        reasons = grad.locator("#reasons")
        expect(reasons.locator(".reasons-met li")).to_have_count(4)
        expect(reasons).to_contain_text("处于毕业年度")
        expect(reasons).to_contain_text("低保家庭")
        expect(reasons.locator(".benefits")).to_contain_text("1,500")  # 湘潭's amount from the parameters

        # --- one click: the application is filled in from the library ---------------------------------------
        grad.locator("#apply-button").click()
        expect(grad).to_have_url(re.compile(r"/policies/applications/\d+/$"))
        app = PolicyApplication.objects.get(person=person, policy="job_search_subsidy")
        assert app.status == "draft"
        prefill = grad.locator("#prefill")
        civil_affairs = zh(lambda: ph.department("registry.Household.assistance_status"))
        expect(prefill.locator("tr[data-field=graduation_year]")).to_contain_text(str(today.year))
        expect(prefill.locator("tr[data-field=assistance_status]")).to_contain_text(civil_affairs)
        expect(prefill.locator("tr[data-field=school_type]")).to_contain_text(
            zh(lambda: ph.department("registry.GraduateRecord.education"))
        )
        # Only what the government does not hold is asked; she leaves it to the caseworker and submits.
        expect(grad.locator("#complete input[name=declare_assistance_status]")).to_have_count(0)
        grad.locator("#submit-application").click()
        expect(grad.locator("#application-status")).to_have_attribute(
            "class", re.compile(r"app-status-submitted")
        )
        app.refresh_from_db()
        assert app.status == "submitted" and app.review_due is not None

        # --- the caseworker reviews and approves -------------------------------------------------------------
        cw = new_page()
        sign_in(cw, live_server.url, "cw_policy_e2e", journey_data["secret"])
        cw.goto(live_server.url + "/workspace/")
        cw.locator("main a[href='/policies/review/']").click()
        queue = cw.locator("#review-queue")
        expect(queue).to_contain_text(person.resident_id_masked)
        queue.locator(f"a[href='/policies/applications/{app.pk}/']").click()
        expect(cw.locator("#recheck")).to_contain_text("处于毕业年度")
        expect(cw.locator("#prefill")).to_contain_text(civil_affairs)
        cw.locator("#approve").click()
        expect(cw.locator("#application-status")).to_have_attribute(
            "class", re.compile(r"app-status-approved")
        )
        app.refresh_from_db()
        assert app.status == "approved"
        assert app.decision["status"] == "eligible" and app.decision["benefits"] == {"amount": 1500.0}
        assert app.decision["rule_version"] and app.decision["parameters_digest"]
        order = PaymentOrder.objects.get(application=app)
        assert order.amount == 1500 and order.payee_person_id == person.pk

        # --- the graduate sees the decision ------------------------------------------------------------------
        grad.goto(live_server.url + "/notifications/")
        decided = grad.locator("li.notification").first  # newest first: the decision
        expect(decided).not_to_contain_text("处于毕业年度")  # not the push, which lists the reasons
        decided.locator("button[name=open]").click()
        expect(grad).to_have_url(re.compile(rf"/policies/applications/{app.pk}/$"))
        decision = grad.locator("#decision")
        expect(decision).to_be_visible()
        expect(decision.locator("#payment")).to_contain_text("1500")
        expect(decision.locator(".reasons-met li")).to_have_count(4)
        expect(grad.locator("#review")).to_have_count(0)
    finally:
        for context in contexts:
            context.close()
