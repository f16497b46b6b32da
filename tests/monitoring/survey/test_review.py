"""Regressions found in the review of the vacancy survey (bad input, scoping of the by-county estimates)."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from jiuye.accounts.enums import Role
from jiuye.monitoring.survey import services
from jiuye.monitoring.survey.models import SurveyEstimate, SurveyRound
from tests import factories as f

from .test_survey import _answer, _round, world  # noqa: F401  (the fixture)


@pytest.mark.usefixtures("world")
@pytest.mark.parametrize("code", ["0000Q1", "9999Q4", "1899Q2"])
def test_a_round_code_outside_the_years_is_a_field_error_not_a_500(tree, users, login, english, code):
    # quarter_bounds made dt.date(0, 1, 1) and dt.date(10000, 1, 1): ValueError, a 500 from the round form.
    with pytest.raises(services.SurveyError) as error:
        _round(tree, code=code)
    assert error.value.field == "code"
    client = login(users["analyst_city"])
    page = client.post(
        reverse("web:survey_round_create"),
        {"division": "4303", "code": code, "sample_size": "10", "seed": "1", "allocation": "proportional"},
        follow=True,
    )
    assert page.status_code == 200 and "code: a year from 2000 to 2100" in page.content.decode()
    assert not SurveyRound.objects.exists()


@pytest.fixture
def estimated(world, tree):  # noqa: F811
    survey_round = _round(tree, sample_size=24)
    for response in survey_round.responses.order_by("pk")[:20]:
        _answer(response)
    services.close_round(survey_round, actor=None)
    services.estimate_round(survey_round)
    assert set(survey_round.estimates.filter(dimension="division").values_list("group", flat=True)) == {
        "430302",
        "430304",
    }
    return survey_round


def test_a_district_reads_only_its_own_county_cells_of_a_city_round(estimated, tree, users, login):
    """A district office follows up its employers in a city-wide round and reads the city's aggregates, but the
    by-county cells of another district were shown on the results page, in the CSV and over the API."""
    yuhu = f.make_user(Role.ANALYST, tree["430302"], username="an_yuhu")
    client = login(yuhu)
    page = client.get(reverse("web:survey_results", args=[estimated.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert tree["430302"].name in body and tree["430304"].name not in body
    export = client.get(reverse("web:survey_results_csv", args=[estimated.pk]))
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    counties = {r["group"] for r in rows if r["dimension"] == "division"}
    assert counties == {"430302"}
    assert {r["dimension"] for r in rows} >= {"all", "size_class", "industry"}  # the city's aggregates stay
    api = APIClient()
    api.force_authenticate(yuhu)
    url = f"/api/v1/vacancy-survey/rounds/{estimated.pk}/estimates/"
    cells = api.get(url, {"dimension": "division"}).json()
    assert {c["group"] for c in cells} == {"430302"}
    assert api.get(url, {"dimension": "all"}).json()  # the whole-area cell
    # The city's analyst and the province's leader read every county.
    for user in (users["analyst_city"], users["leader_province"]):
        api.force_authenticate(user)
        assert {c["group"] for c in api.get(url, {"dimension": "division"}).json()} == {"430302", "430304"}
    total = SurveyEstimate.objects.filter(round=estimated).count()
    assert services.estimates_for(estimated, users["analyst_city"]).count() == total
    assert services.estimates_for(estimated, yuhu).count() < total
