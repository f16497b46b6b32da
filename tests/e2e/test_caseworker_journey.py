"""A district caseworker's day, in a real browser: sign in with password and TOTP, land on the
workspace, switch to English, find a person by name and open their record, which shows the ID masked."""

import re

import pyotp
import pytest

from jiuye.accounts.enums import Role

from .. import factories as f

pytestmark = pytest.mark.e2e

FULL_ID = "430302199005061233"


@pytest.fixture
def journey_data(transactional_db):
    tree = f.build_tree()
    person = f.make_person(tree["430302001"], name="王小明", resident_id=FULL_ID)
    f.make_person(tree["430304001"], name="王大力")  # same family name, other district: must not show up
    secret = pyotp.random_base32()
    user = f.make_user(Role.CASEWORKER, tree["430302"], username="cw_e2e")
    user.set_totp_secret(secret)
    user.totp_confirmed = True
    user.save()
    return {"user": user, "secret": secret, "person": person}


def test_caseworker_signs_in_switches_language_and_opens_a_person(live_server, page, journey_data):
    from playwright.sync_api import expect

    person = journey_data["person"]

    # Anonymous: the workspace sends us to the sign-in page.
    page.goto(live_server.url + "/workspace/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")

    # Password, then the second factor.
    page.fill("input[name=username]", "cw_e2e")
    page.fill("input[name=password]", f.PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/accounts/second-factor/"))
    page.fill("input[name=code]", pyotp.TOTP(journey_data["secret"]).now())
    page.locator("main form button[type=submit]").first.click()

    # The workspace of the Yuhu caseworker.
    expect(page).to_have_url(re.compile(r"/workspace/$"))
    expect(page.locator("h1")).to_contain_text("雨湖区")
    expect(page.locator(".user-area")).to_contain_text("cw_e2e")

    # Switch the interface to English with the header's language form.
    page.locator(".lang-switch button[value=en]").click()
    expect(page).to_have_url(re.compile(r"/workspace/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".lang-switch button[value=en]")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("h1")).to_contain_text("Yuhu District")  # division names follow the language

    # Search by name through the people page (HTMX swaps the results in place).
    page.locator(".site-nav a[href='/persons/']").click()
    expect(page).to_have_url(re.compile(r"/persons/"))
    page.fill("input[name=q]", "王")
    page.locator("form.filters button[type=submit]").click()
    results = page.locator("#results")
    expect(results.get_by_role("link", name="王小明")).to_be_visible()
    expect(results).not_to_contain_text("王大力")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # Open the record: masked ID, never the full number.
    results.get_by_role("link", name="王小明").click()
    expect(page).to_have_url(re.compile(rf"/persons/{person.pk}/$"))
    expect(page.locator("h1")).to_contain_text("王小明")
    expect(page.locator("#resident-id")).to_have_text(person.resident_id_masked)
    assert FULL_ID not in page.content()

    # The caseworker may show the full number once (HTMX swaps it in); that is audited.
    page.get_by_role("button", name=re.compile("Show full ID|显示完整")).click()
    expect(page.locator("#resident-id")).to_contain_text(FULL_ID)
    expect(page.get_by_role("button", name=re.compile("Show full ID|显示完整"))).to_have_count(0)
    from jiuye.core.models import AuditEvent, EventKind

    assert AuditEvent.objects.about(person).of_kind(EventKind.IDENTIFIER_REVEALED).count() == 1
    assert AuditEvent.objects.about(person).of_kind(EventKind.RECORD_VIEWED).count() == 1
