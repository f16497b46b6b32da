"""The vacancy survey in the platform: rounds, questionnaire, reminders, scoping, close and estimate, commands."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from jiuye.accounts.enums import Role
from jiuye.core.models import AuditEvent
from jiuye.jobs.models import Notification
from jiuye.monitoring.models import IndicatorValue
from jiuye.monitoring.survey import services
from jiuye.monitoring.survey.enums import ResponseStatus, RoundStatus
from jiuye.monitoring.survey.models import Reminder, SurveyEstimate, SurveyResponse, SurveyRound
from jiuye.registry.models import InsuredPeriod
from jiuye.taxonomy.models import Industry, Occupation
from tests import factories as f

REF = dt.date(2026, 8, 31)
OCC = "2-02-10-03"


@pytest.fixture
def world(tree, users):
    """Two industries, two occupations, 24 employers in 雨湖 and 岳塘, one of them large (insured headcount)."""
    for code, zh in (("C", "制造业"), ("F", "批发和零售业")):
        Industry.objects.get_or_create(code=code, defaults={"name_zh": zh, "name_en": code})
    major = Occupation.objects.create(code="2", level=1, name_zh="专业技术人员", name_en="Professionals")
    Occupation.objects.create(
        code=OCC, level=4, name_zh="软件工程技术人员", name_en="Software engineers", parent=major
    )
    Occupation.objects.create(code="4-01-02-01", level=4, name_zh="营业员", name_en="Shop assistants")
    industries = {c: Industry.objects.get(code=c) for c in ("C", "F")}
    employers = []
    for i in range(24):
        township = tree["430302001"] if i % 2 == 0 else tree["430304001"]
        employers.append(
            f.make_employer(township, industry=industries["C" if i % 3 else "F"], size_class="micro")
        )
    big = employers[0]
    workers = [f.make_person(tree["430302001"], name=f"工人{i}") for i in range(12)]
    InsuredPeriod.objects.bulk_create(
        [
            InsuredPeriod(person=p, employer=big, scheme="pension", start_date=dt.date(2025, 1, 1))
            for p in workers
        ]
    )
    users["employer"].employer = big
    users["employer"].save()
    other_user = f.make_user(Role.EMPLOYER, None, username="employer_other", employer=employers[1])
    return {"employers": employers, "big": big, "other_user": other_user}


def _round(tree, **kw):
    params = {
        "actor": None,
        "code": "2026Q3",
        "division": tree["4303"],
        "sample_size": 10,
        "seed": 7,
        "take_all": ("small", "medium", "large"),
        "reference_date": REF,
    }
    params.update(kw)
    return services.create_round(**params)


def _answer(response, vacancies=2, **kw):
    return services.save_answers(
        response,
        actor=None,
        lines=[{"occupation": OCC, "vacancies": vacancies, "hard_to_fill": 1, "reasons": ["skills"]}],
        submit=True,
        employees=kw.pop("employees", 12),
        confirm_large=True,
        **kw,
    )


# ------------------------------------------------------------------------------------------------- design


def test_a_round_records_its_design_and_can_be_redrawn(world, tree, users):
    survey_round = _round(tree, actor=users["analyst_city"])
    d = survey_round.design
    assert d["frame_size"] == 24 and survey_round.frame.count() == 24
    assert d["headcount_month"] == "2026-07-01"  # no contribution file: the month before the reference date
    big = survey_round.frame.get(employer=world["big"])
    # 12 insured workers: size class small, a take-all class here, so it is in the sample for sure.
    assert (
        big.size_class == "small" and big.headcount == 12 and big.sampled and big.inclusion_probability == 1.0
    )
    assert sum(s["n"] for s in d["strata"]) == d["sampled"] == survey_round.responses.count()
    for entry in survey_round.frame.filter(sampled=True):
        stratum = next(s for s in d["strata"] if s["key"] == entry.stratum)
        assert entry.inclusion_probability == pytest.approx(stratum["n"] / stratum["N"])
    sampled = set(survey_round.frame.filter(sampled=True).values_list("employer_id", flat=True))
    assert set(services.redraw(survey_round)) == sampled
    # The employer's users are invited through the inbox, with a link to their questionnaire.
    note = Notification.objects.get(recipient=users["employer"])
    assert "/survey/answer/" in note.link
    assert AuditEvent.objects.about(survey_round).filter(kind="record_created").exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"code": "2026Q5"}, "code"),
        ({"sample_size": "many"}, "sample_size"),
        ({"sample_size": 0}, "sample_size"),
        ({"allocation": "optimal"}, "allocation"),
        ({"reference_date": dt.date(2026, 12, 1)}, "reference_date"),
        ({"take_all": ("giant",)}, "take_all"),
    ],
)
def test_bad_round_parameters_name_the_field(world, tree, kwargs, field):
    with pytest.raises(services.SurveyError) as exc:
        _round(tree, **kwargs)
    assert exc.value.field == field
    assert not SurveyRound.objects.exists()


def test_only_analysts_in_scope_open_rounds_and_a_round_is_opened_once(world, tree, users):
    with pytest.raises(services.SurveyError) as exc:
        _round(tree, actor=users["caseworker"])
    assert exc.value.field == "division"
    with pytest.raises(services.SurveyError):
        _round(tree, actor=users["analyst_city"], division=tree["4301"])
    _round(tree, actor=users["analyst_city"])
    with pytest.raises(services.SurveyError) as exc:
        _round(tree, actor=users["analyst_city"])
    assert exc.value.field == "code"


def test_round_form_errors_are_shown_not_raised(world, tree, users, login, english):
    client = login(users["analyst_city"])
    page = client.post(
        reverse("web:survey_round_create"),
        {"code": "2026Q3", "division": "999999", "sample_size": "10", "allocation": "proportional"},
        follow=True,
    )
    assert page.status_code == 200 and "division: unknown division code" in page.content.decode()
    page = client.post(
        reverse("web:survey_round_create"),
        {"code": "Q3", "division": "4303", "sample_size": "10", "allocation": "proportional"},
        follow=True,
    )
    assert "code: a year and quarter like 2026Q4" in page.content.decode()
    page = client.post(
        reverse("web:survey_round_create"),
        {
            "code": "2026Q3",
            "division": "4303",
            "sample_size": "10",
            "allocation": "proportional",
            "seed": "5",
        },
    )
    survey_round = SurveyRound.objects.get()
    assert page.status_code == 302 and page["Location"] == reverse("web:survey_round", args=[survey_round.pk])


# ------------------------------------------------------------------------------------------ questionnaire


def _own(world, tree):
    survey_round = _round(tree)
    return survey_round, SurveyResponse.objects.get(round=survey_round, employer=world["big"])


def _post(client, response, data):
    base = {"rows": "2", "employees": "12"}
    base.update(data)
    return client.post(reverse("web:survey_answer", args=[response.pk]), base)


def test_questionnaire_field_errors(world, tree, users, login, english):
    _r, response = _own(world, tree)
    client = login(users["employer"])
    page = _post(
        client,
        response,
        {
            "employees": "-1",
            "lines-0-occupation": "9-99-99-99",
            "lines-0-vacancies": "-3",
            "lines-1-occupation": OCC,
            "lines-1-vacancies": "2",
            "lines-1-hard_to_fill": "5",
            "submit": "1",
        },
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "Unknown occupation code “9-99-99-99”" in text
    assert text.count("Must be zero or more.") == 2  # employees and vacancies
    assert "Cannot be more than the vacancies." in text
    # Nothing was saved, and what was typed is still in the form.
    response.refresh_from_db()
    assert response.status == ResponseStatus.NOT_STARTED and not response.lines.exists()
    assert 'value="9-99-99-99"' in text
    page = _post(client, response, {"lines-0-vacancies": "abc", "lines-1-occupation": OCC, "lines-1-hard_to_fill": "1",
                                    "lines-1-vacancies": "1", "submit": "1"})  # fmt: skip
    text = page.content.decode()
    assert "Enter a whole number." in text and "Say why the vacancies are hard to fill." in text
    assert "Choose the occupation" in text


def test_large_numbers_need_confirmation_then_submit(world, tree, users, login, english):
    _r, response = _own(world, tree)
    client = login(users["employer"])
    data = {"lines-0-occupation": OCC, "lines-0-vacancies": "500", "submit": "1"}
    page = _post(client, response, data)
    assert page.status_code == 400
    assert "500 vacancies is more than 10 times your 12 employees" in page.content.decode()
    page = _post(client, response, {**data, "confirm_large": "on"})
    assert page.status_code == 302
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED and response.confirmed_large
    assert response.totals()["vacancies"] == 500 and not response.on_behalf


def test_draft_then_submit_then_resubmission_replaces_with_audit(world, tree, users, login, english):
    _r, response = _own(world, tree)
    client = login(users["employer"])
    page = _post(
        client, response, {"employees": "", "lines-0-occupation": OCC, "lines-0-vacancies": "3", "draft": "1"}
    )
    assert page.status_code == 302
    response.refresh_from_db()
    assert response.status == ResponseStatus.DRAFT and response.totals()["vacancies"] == 3
    # Submitting needs the number of employees.
    page = _post(
        client,
        response,
        {"employees": "", "lines-0-occupation": OCC, "lines-0-vacancies": "3", "submit": "1"},
    )
    assert page.status_code == 400 and "Give the number of employees" in page.content.decode()
    _post(client, response, {"lines-0-occupation": OCC, "lines-0-vacancies": "3", "submit": "1"})
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED and response.submissions == 1
    # A draft can no longer overwrite a submitted questionnaire.
    page = _post(client, response, {"lines-0-occupation": OCC, "lines-0-vacancies": "9", "draft": "1"})
    assert page.status_code == 400 and "submit it again to replace it" in page.content.decode()
    page = _post(
        client,
        response,
        {
            "lines-0-occupation": "4-01-02-01",
            "lines-0-vacancies": "1",
            "lines-0-planned_hires": "2",
            "submit": "1",
        },
    )
    assert page.status_code == 302
    response.refresh_from_db()
    assert response.submissions == 2
    assert list(response.lines.values_list("occupation__code", "vacancies")) == [("4-01-02-01", 1)]
    event = AuditEvent.objects.about(response).filter(data__action="resubmit").get()
    assert event.data["replaced"]["totals"]["vacancies"] == 3 and event.data["totals"]["vacancies"] == 1


def test_employer_sees_only_its_own_questionnaire(world, tree, users, login):
    survey_round, response = _own(world, tree)
    other = SurveyResponse.objects.filter(round=survey_round).exclude(employer=world["big"]).first()
    client = login(users["employer"])
    assert client.get(reverse("web:survey_answer", args=[response.pk])).status_code == 200
    assert client.get(reverse("web:survey_answer", args=[other.pk])).status_code == 404
    assert (
        _post(client, other, {"lines-0-occupation": OCC, "lines-0-vacancies": "1", "submit": "1"}).status_code
        == 404
    )
    mine = client.get(reverse("web:survey_mine"))
    assert mine.status_code == 200 and mine.context["responses"].get() == response
    # Employers do not reach the staff pages; citizens reach neither.
    assert client.get(reverse("web:survey_round", args=[survey_round.pk])).status_code == 403
    citizen = login(users["citizen"])
    assert citizen.get(reverse("web:survey_answer", args=[response.pk])).status_code == 403
    assert citizen.get(reverse("web:survey_mine")).status_code == 403


def test_staff_fill_on_behalf_in_their_area_only(world, tree, users, login):
    _r, response = _own(world, tree)  # the big employer is in 雨湖
    other = login(users["caseworker_other"])
    assert other.get(reverse("web:survey_answer", args=[response.pk])).status_code == 404
    client = login(users["caseworker"])
    page = _post(client, response, {"lines-0-occupation": OCC, "lines-0-vacancies": "2", "submit": "1"})
    assert page.status_code == 302
    response.refresh_from_db()
    assert response.on_behalf and response.submitted_by == users["caseworker"]
    assert AuditEvent.objects.about(response).get(data__action="submit").actor == users["caseworker"]
    # A leader reads the questionnaire but cannot change it.
    leader = login(users["leader_province"])
    assert leader.get(reverse("web:survey_answer", args=[response.pk])).status_code == 200
    assert _post(leader, response, {"lines-0-occupation": OCC, "submit": "1"}).status_code == 403


def test_closed_round_takes_no_answers(world, tree, users, login, english):
    survey_round, response = _own(world, tree)
    services.close_round(survey_round, actor=None)
    with pytest.raises(services.AnswerError) as exc:
        _answer(response)
    assert "closed" in exc.value.errors["__all__"][0]
    client = login(users["employer"])
    assert _post(client, response, {"lines-0-occupation": OCC, "submit": "1"}).status_code == 403


def test_occupation_picker_searches_the_classification(world, tree, users, login):
    client = login(users["employer"])
    page = client.get(reverse("web:survey_occupations"), {"q": "软件"}, HTTP_HX_REQUEST="true")
    assert page.status_code == 200
    assert f'<option value="{OCC}">' in page.content.decode()


# ------------------------------------------------------------------------------------------------ reminders


def test_reminders_are_sent_once_per_wave(world, tree, users):
    survey_round, response = _own(world, tree)
    other = SurveyResponse.objects.get(round=survey_round, employer=world["employers"][1])
    before = Notification.objects.count()
    first = services.send_reminders(survey_round, wave=1)
    assert first["sent"] == 2 and first["recipients"] == 2
    assert first["unreachable"] == first["outstanding"] - 2
    again = services.send_reminders(survey_round, wave=1)
    assert again["sent"] == 0 and again["already"] == 2
    assert Notification.objects.count() == before + 2
    # Once submitted, no more reminders; a new wave reaches the others.
    _answer(response)
    second = services.send_reminders(survey_round, wave=2)
    assert second["sent"] == 1
    assert set(Reminder.objects.filter(wave=2).values_list("response", flat=True)) == {other.pk}


def test_remind_command_dry_run_then_wet_run_idempotent(world, tree, english):
    survey_round = _round(tree)
    out = io.StringIO()
    call_command("survey_remind", "--round", "2026q3", stdout=out)
    assert "wave 1" in out.getvalue() and not Reminder.objects.exists()
    call_command("survey_remind", "--round", "2026Q3", "--wave", "1", "--wet-run", stdout=io.StringIO())
    assert Reminder.objects.count() == 2
    out = io.StringIO()
    call_command("survey_remind", "--round", "2026Q3", "--wave", "1", "--wet-run", stdout=out)
    assert Reminder.objects.count() == 2 and "0 reminded" in out.getvalue()
    with pytest.raises(CommandError, match="--round"):
        call_command("survey_remind", "--round", "2031Q1")
    with pytest.raises(CommandError, match="--division"):
        call_command("survey_remind", "--round", "2026Q3", "--division", "000")
    services.close_round(survey_round, actor=None)
    with pytest.raises(CommandError, match="closed"):
        call_command("survey_remind", "--round", "2026Q3", "--wet-run")


def test_reminder_page_reaches_only_the_staff_members_area(world, tree, users, login, english):
    survey_round, _response = _own(world, tree)
    client = login(users["caseworker_other"])  # 岳塘: employers[1] has a user there
    page = client.post(reverse("web:survey_round_remind", args=[survey_round.pk]), {"wave": "1"}, follow=True)
    assert "1 employer(s) reminded" in page.content.decode()
    reminded = Reminder.objects.get()
    assert (
        reminded.response.employer == world["employers"][1] and reminded.sent_by == users["caseworker_other"]
    )
    page = client.post(reverse("web:survey_round_remind", args=[survey_round.pk]), {"wave": "x"}, follow=True)
    assert "wave: a whole number" in page.content.decode()


# -------------------------------------------------------------------------------------------- staff pages


def test_staff_pages_are_scoped(world, tree, users, login, client):
    survey_round = _round(tree)
    changsha = f.make_employer(tree["430102"], industry=Industry.objects.get(code="C"))
    elsewhere = _round(tree, division=tree["4301"], code="2026Q3", take_all=("micro",))
    assert elsewhere.frame.get().employer == changsha
    url = reverse("web:survey_round", args=[survey_round.pk])
    assert client.get(url).status_code == 302  # anonymous → sign in
    analyst = login(users["analyst_city"])
    assert analyst.get(url).status_code == 200
    assert analyst.get(reverse("web:survey_round", args=[elsewhere.pk])).status_code == 404
    assert analyst.get(reverse("web:survey_results", args=[elsewhere.pk])).status_code == 404
    listing = analyst.get(reverse("web:survey_rounds"))
    assert list(listing.context["rounds"]) == [survey_round]
    # A district caseworker follows the city round, but only the employers of the district.
    yuhu = login(users["caseworker"])
    page = yuhu.get(url)
    assert page.status_code == 200
    assert {r["county"] for r in page.context["rows"]} == {"430302"}
    assert all(r.division.path.startswith("43/4303/430302") for r in page.context["page"].object_list)
    assert (
        page.context["counts"]["sampled"] == survey_round.responses.filter(division=tree["430302001"]).count()
    )
    assert login(users["inspector"]).get(url).status_code == 403
    assert login(users["leader_province"]).get(url).status_code == 200


def test_only_managers_close_and_bad_estimate_parameters_are_errors(world, tree, users, login, english):
    survey_round = _round(tree)
    page = login(users["caseworker"]).post(
        reverse("web:survey_round_close", args=[survey_round.pk]), follow=True
    )
    assert "cannot close this round" in page.content.decode()
    survey_round.refresh_from_db()
    assert survey_round.status == RoundStatus.OPEN
    client = login(users["analyst_city"])
    page = client.post(reverse("web:survey_round_close", args=[survey_round.pk]), follow=True)
    # Nobody answered: the round is closed but there is nothing to estimate, and the page says so.
    assert "no employer answered" in page.content.decode()
    page = client.post(
        reverse("web:survey_round_estimate", args=[survey_round.pk]), {"cv_max": "abc"}, follow=True
    )
    assert "cv_max: a number between 0.01 and 1" in page.content.decode()
    page = client.post(
        reverse("web:survey_round_estimate", args=[survey_round.pk]), {"calibration": "magic"}, follow=True
    )
    assert "calibration: linear or raking" in page.content.decode()
    page = client.post(
        reverse("web:survey_round_estimate", args=[survey_round.pk]), {"variance": "guess"}, follow=True
    )
    assert "variance: jackknife or linearisation" in page.content.decode()


def test_close_estimate_results_csv_and_indicator(world, tree, users, login, english):
    survey_round = _round(tree, sample_size=24)  # everyone, so estimates equal the sums
    responses = list(survey_round.responses.order_by("pk"))
    for i, response in enumerate(responses[:18]):
        _answer(response, vacancies=i % 4 + 1)
    client = login(users["analyst_city"])
    page = client.post(reverse("web:survey_round_close", args=[survey_round.pk]))
    assert page.status_code == 302 and page["Location"] == reverse(
        "web:survey_results", args=[survey_round.pk]
    )
    survey_round.refresh_from_db()
    assert survey_round.status == RoundStatus.ESTIMATED
    total = SurveyEstimate.objects.get(round=survey_round, dimension="all", measure="vacancies")
    # Non-response adjusted and calibrated to 24 employers: 18 answered, so each weighs 24/18 on average.
    answered = sum(i % 4 + 1 for i in range(18))
    assert total.respondents == 18 and total.value == pytest.approx(answered * 24 / 18, rel=0.35)
    assert survey_round.estimation["margins_max_abs_diff"] < 1e-6
    # Every hard-to-fill vacancy cites "skills": its share is 100%; reasons nobody gave are shown suppressed.
    skills = SurveyEstimate.objects.get(
        round=survey_round, dimension="reason", group="skills", measure="reason_share"
    )
    assert skills.value == pytest.approx(1.0) and not skills.suppressed
    pay = SurveyEstimate.objects.get(
        round=survey_round, dimension="reason", group="pay", measure="reason_share"
    )
    assert pay.suppressed and pay.reason == "few_respondents"
    weights = survey_round.frame.filter(final_weight__isnull=False)
    assert weights.count() == 18
    assert sum(weights.values_list("final_weight", flat=True)) == pytest.approx(24)
    page = client.get(reverse("web:survey_results", args=[survey_round.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and "division-chart-data" in text and "Too few respondents" in text
    export = client.get(reverse("web:survey_results_csv", args=[survey_round.pk]))
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows and {r["measure"] for r in rows} >= {"vacancies", "vacancy_rate", "hard_to_fill_share"}
    for r in rows:
        if r["suppressed"] == "1":
            assert r["estimate"] == "" and r["reason"]
    value = IndicatorValue.objects.get(
        indicator__code="vacancy_survey_vacancies", division=tree["4303"], group=""
    )
    assert value.value == pytest.approx(total.value) and value.month == dt.date(2026, 8, 1)
    # Estimating again replaces the cells and the indicator values (no duplicates).
    # Every employer was sampled (f = 1 everywhere): the jackknife has no replicate to make.
    assert survey_round.estimation["variance"] == "jackknife" and survey_round.estimation["replicates"] == 0
    services.estimate_round(survey_round, calibration="linear", variance="linearisation")
    survey_round.refresh_from_db()
    assert survey_round.estimation["variance"] == "linearisation"
    assert (
        SurveyEstimate.objects.filter(round=survey_round, dimension="all", measure="vacancies").count() == 1
    )
    assert IndicatorValue.objects.filter(indicator__code="vacancy_survey_vacancies", group="").count() >= 1


def test_survey_demo_runs_and_is_idempotent(world, tree):
    call_command("survey_demo", "--city", "4303", "--sample-size", "12", stdout=io.StringIO())
    assert not SurveyRound.objects.exists()  # dry run
    out = io.StringIO()
    call_command("survey_demo", "--city", "4303", "--sample-size", "12", "--wet-run", stdout=out)
    assert SurveyRound.objects.count() == 2
    closed = SurveyRound.objects.get(status=RoundStatus.ESTIMATED)
    assert closed.estimates.exists() and closed.responses.filter(status=ResponseStatus.SUBMITTED).exists()
    call_command("survey_demo", "--city", "4303", "--wet-run", stdout=io.StringIO())
    assert SurveyRound.objects.count() == 2
    with pytest.raises(CommandError, match="--city"):
        call_command("survey_demo", "--city", "99")


# ---------------------------------------------------------------------------------------------------- API


def test_api_rounds_and_estimates_scoped_with_named_errors(world, tree, users):
    from rest_framework.test import APIClient

    survey_round = _round(tree, sample_size=24)
    for response in survey_round.responses.order_by("pk")[:20]:
        _answer(response)
    services.close_round(survey_round, actor=None)
    services.estimate_round(survey_round)
    api = APIClient()
    api.force_authenticate(users["analyst_city"])
    rounds = api.get("/api/v1/vacancy-survey/rounds/").json()
    assert [(r["code"], r["sampled"], r["submitted"], r["frame_size"]) for r in rounds] == [
        ("2026Q3", 24, 20, 24)
    ]
    url = f"/api/v1/vacancy-survey/rounds/{survey_round.pk}/estimates/"
    cells = api.get(url, {"dimension": "all", "measure": "vacancies"}).json()
    assert len(cells) == 1 and cells[0]["value"] == pytest.approx(
        SurveyEstimate.objects.get(round=survey_round, dimension="all", measure="vacancies").value
    )
    for cell in api.get(url).json():
        if cell["suppressed"]:
            assert cell["value"] is None and cell["reason"]
    bad = api.get(url, {"dimension": "planet", "measure": "joy"})
    assert bad.status_code == 400
    assert {e["parameter"] for e in bad.json()["errors"]} == {"dimension", "measure"}
    # Another city's analyst, an inspector, an employer user: not found or forbidden.
    changsha = f.make_user(Role.ANALYST, tree["4301"], username="an_changsha")
    api.force_authenticate(changsha)
    assert api.get(url).status_code == 404 and api.get("/api/v1/vacancy-survey/rounds/").json() == []
    api.force_authenticate(users["inspector"])
    assert api.get(url).status_code == 403
    api.force_authenticate(users["employer"])
    assert api.get("/api/v1/vacancy-survey/rounds/").status_code == 403
