"""A day job found, taken, done and paid, in a real browser (issue 9, must show): a worker finds the nearest
casual-labour station and checks in there; the employer, in its own browser context, sees the worker among the
matched candidates (reasons shown, name masked) and offers the job; the worker takes it and arrives; the employer
confirms completion and pay; the worker confirms receipt, and the engagement appears in the worker's portable
work history, whose CSV and JSON exports are downloaded and read."""

import csv
import io
import json
import re
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from jiuye.accounts.enums import Role
from jiuye.network.gig.enums import EngagementStatus as E

from .. import factories as f
from ..network.gig.helpers import YUETANG, YUHU, job, make_station

pytestmark = pytest.mark.e2e


def zh(label) -> str:
    with translation.override("zh-hans"):
        return str(label)


@pytest.fixture
def gig_data(transactional_db):
    tree = f.build_tree()
    township = tree["430302001"]
    township.latitude, township.longitude = YUHU[0] + 0.005, YUHU[1] + 0.005  # the worker's area centre
    township.save()
    near = make_station(tree["430302"], name="雨湖区零工驿站", at=YUHU)
    far = make_station(tree["430304"], name="岳塘区零工市场", at=YUETANG)
    employer = f.make_employer(township, name="湘潭顺达搬家有限公司")
    boss = f.make_user(Role.EMPLOYER, None, employer=employer, username="gig_boss")
    person = f.make_person(township, name="周建国")
    worker = f.make_user(Role.CITIZEN, None, person=person, username="gig_worker")
    day_job = job(employer, township, by=boss, title="搬家装卸工", station=near, skills=["搬运"])
    return {"near": near, "far": far, "job": day_job, "person": person, "worker": worker, "boss": boss}


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", f.PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/).*$"))


def test_worker_takes_a_day_job_and_gets_it_in_the_history(live_server, browser, gig_data):
    from playwright.sync_api import expect

    from jiuye.network.gig.models import Engagement

    near, far, day_job, person = gig_data["near"], gig_data["far"], gig_data["job"], gig_data["person"]
    contexts = []

    def new_page():
        context = browser.new_context(
            locale="zh-CN", viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    try:
        # --- the worker finds the nearest casual-labour station and checks in there --------------------------
        w = new_page()
        sign_in(w, live_server.url, "gig_worker")
        try:
            finder = reverse("web:network_finder")
        except NoReverseMatch:
            finder = None
        if finder:  # the service network's public finder, when it is there, lists the same station first
            w.goto(f"{live_server.url}{finder}?lat={YUHU[0]}&lon={YUHU[1]}&kind=casual")
            text = w.locator("main").inner_text()
            if near.name in text and far.name in text:
                assert text.index(near.name) < text.index(far.name)
        w.goto(live_server.url + "/gig/stations/")
        expect(w.locator("html")).to_have_attribute("lang", "zh-Hans")
        rows = w.locator("tr.station-row")
        expect(rows).to_have_count(2)
        expect(rows.first).to_contain_text(near.name)  # nearest first, from the worker's area
        expect(rows.nth(1)).to_contain_text(far.name)
        rows.first.get_by_role("button").click()
        expect(w).to_have_url(re.compile(r"/gig/$"))
        expect(w.locator(".checked-in")).to_contain_text(near.name)
        match = w.locator("li.match", has_text="搬家装卸工")
        expect(match).to_be_visible()
        expect(match).to_contain_text(re.compile(r"公里|km"))  # the distance reason (Chinese pages)

        # --- the employer sees the worker among the candidates and offers the job ----------------------------
        b = new_page()
        sign_in(b, live_server.url, "gig_boss")
        b.goto(live_server.url + f"/gig/jobs/{day_job.pk}/")
        candidate = b.locator("tr.candidate")
        expect(candidate).to_have_count(1)
        expect(candidate).to_contain_text(person.masked_name)
        expect(candidate).not_to_contain_text(person.name)
        expect(candidate).to_contain_text("搬运")  # the shared skill is a reason
        candidate.get_by_role("button").click()
        expect(b.locator(".engagement-row")).to_have_attribute("data-status", E.OFFERED.value)
        eng = Engagement.objects.get(job=day_job, worker=person)

        # --- the worker takes the job and arrives ------------------------------------------------------------
        w.goto(live_server.url + "/gig/")
        w.locator("tr.engagement-row", has_text="搬家装卸工").get_by_role("link").click()
        expect(w).to_have_url(re.compile(rf"/gig/engagements/{eng.pk}/$"))
        w.locator("form.action-scheduled button").click()
        expect(w.locator(".engagement-status")).to_have_attribute("data-status", E.SCHEDULED.value)
        w.locator("form.action-checked_in button").click()
        expect(w.locator(".engagement-status")).to_have_attribute("data-status", E.CHECKED_IN.value)

        # --- the employer confirms completion and pay ---------------------------------------------------------
        b.goto(live_server.url + f"/gig/engagements/{eng.pk}/")
        b.locator("form.action-completed button").click()
        expect(b.locator(".engagement-status")).to_have_attribute("data-status", E.COMPLETED.value)
        expect(b.locator("form.action-pay_confirmed input[name=amount]")).to_have_value("180.00")
        b.locator("form.action-pay_confirmed button").click()
        expect(b.locator(".engagement-status")).to_have_attribute("data-status", E.PAY_CONFIRMED.value)
        expect(b.locator("main")).to_contain_text(zh(E.PAY_CONFIRMED.label))

        # --- the worker confirms receipt and rates the employer ----------------------------------------------
        w.reload()
        w.locator("form.action-paid button").click()
        expect(w.locator(".engagement-status")).to_have_attribute("data-status", E.PAID.value)
        w.select_option("select[name=stars]", "5")
        w.fill("input[name=comment]", "当天结清")
        w.locator("form:has(input[value=rate]) button").click()
        expect(w.locator("main")).to_contain_text("当天结清")

        # --- the engagement is in the worker's history, and in the exports ------------------------------------
        w.goto(live_server.url + "/gig/me/history/")
        row = w.locator("tr.history-row")
        expect(row).to_have_count(1)
        expect(row).to_contain_text("搬家装卸工")
        expect(row).to_contain_text("180.00")
        expect(row).to_contain_text(zh(E.PAID.label))
        with w.expect_download() as dl:
            w.locator("#export-csv").click()
        csv_text = Path(dl.value.path()).read_text(encoding="utf-8-sig")
        with w.expect_download() as dl:
            w.locator("#export-json").click()
        data = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
    finally:
        for context in contexts:
            context.close()

    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert len(rows) == 1
    assert rows[0]["engagement"] == str(eng.pk) and rows[0]["job"] == "搬家装卸工"
    assert rows[0]["employer"] == "湘潭顺达搬家有限公司" and rows[0]["status"] == E.PAID
    assert rows[0]["pay_confirmed"] == "180.00" and rows[0]["insurance"] == "covered"
    assert rows[0]["rating_given_to_employer"] == "5"
    assert person.name not in csv_text
    assert data["totals"]["earned"] == "180.00" and data["engagements"][0]["engagement"] == eng.pk
    eng.refresh_from_db()
    assert [(e.from_status, e.to_status) for e in eng.events.all()] == [
        ("", E.OFFERED),
        (E.OFFERED, E.SCHEDULED),
        (E.SCHEDULED, E.CHECKED_IN),
        (E.CHECKED_IN, E.COMPLETED),
        (E.COMPLETED, E.PAY_CONFIRMED),
        (E.PAY_CONFIRMED, E.PAID),
    ]
    assert eng.checkin.station == near and eng.insurance_status == "covered"
