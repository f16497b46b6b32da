"""Policy pages (issue 5): the public catalogue and policy pages agree with the engine; citizens' and
employers' policies and one-stop applications; caseworkers' review queue and worklist."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from jiuye.policies.engine import EmployerSituation, PersonSituation
from jiuye.web import policy_helpers as ph

ALL_POLICIES = sorted(ph.catalogue().policies)


def _cell(page: str, parameter: str) -> str:
    """The text of the value cell of a parameter's row, without the 'to verify' tag."""
    m = re.search(rf'<tr data-parameter="{parameter}">.*?<td class="param-value">(.*?)</td>', page, re.S)
    assert m, f"no row for {parameter}"
    cell = re.sub(r'<span class="tag tag-alert".*?</span>', "", m.group(1), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()


# --- public pages -----------------------------------------------------------------------------------


def test_catalogue_lists_every_policy_without_sign_in(client, db, english):
    page = client.get(reverse("web:policy_list")).content.decode()
    for pid in ALL_POLICIES:
        assert reverse("web:policy_detail", args=[pid]) in page
    assert "Unemployment insurance benefit" in page and "Individuals" in page and "Employers" in page


def test_catalogue_is_in_chinese_by_default(client, db):
    page = client.get(reverse("web:policy_list")).content.decode()
    assert "失业保险金" in page and "一次性扩岗补助" in page


@pytest.mark.parametrize("pid", ALL_POLICIES)
@pytest.mark.parametrize("division", [None, "43", "4303"])
def test_page_amounts_are_the_engine_parameter_values(client, tree, pid, division):
    """Every figure on the page is the value the engine uses on that day for that division."""
    policy = ph.catalogue()[pid]
    on = ph.today()
    url = reverse("web:policy_detail", args=[pid]) + (f"?division={division}" if division else "")
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    with translation.override("en"):
        for name, param in policy.meta.parameters.items():
            value = param.value(on, division)
            cell = _cell(page, name)
            if value is None:
                assert "no value in force" in cell or "set locally" in cell, (name, cell)
            else:
                assert cell == ph.format_value(value, param.unit, ph._table_axes(policy).get(name)), (
                    name,
                    cell,
                )


@pytest.mark.parametrize("pid", ALL_POLICIES)
def test_page_amounts_match_a_decision_in_the_division(client, tree, pid):
    """The same figures as a decision for someone living in 湘潭 records in its parameters."""
    policy = ph.catalogue()[pid]
    on = ph.today()
    situation = (PersonSituation if policy.subject == "person" else EmployerSituation)(
        division_code="430302001000"
    )
    decision = policy.evaluate(situation, on)
    page = client.get(
        reverse("web:policy_detail", args=[pid]) + "?division=430302001", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    with translation.override("en"):
        for name, value in decision.parameters.items():
            param = policy.meta.parameters[name]
            if isinstance(value, list) and value and isinstance(value[0], str):
                value = tuple(value)  # the decision keeps code sets as lists
            if value is None:
                continue
            assert _cell(page, name) == ph.format_value(value, param.unit, ph._table_axes(policy).get(name))


def test_regional_values_follow_the_division(client, tree, english):
    url = reverse("web:policy_detail", args=["job_search_subsidy"])
    assert _cell(client.get(url + "?division=43").content.decode(), "amount") == "1,000 yuan"
    assert _cell(client.get(url + "?division=4303").content.decode(), "amount") == "1,500 yuan"
    national = client.get(url).content.decode()
    assert "set locally" in _cell(national, "amount")
    # The regional table names the regions and their figures.
    assert "Hunan" in national and "1,500 yuan" in national


def test_placeholders_are_marked_to_verify(client, tree, english):
    page = client.get(
        reverse("web:policy_detail", args=["job_search_subsidy"]) + "?division=4303"
    ).content.decode()
    assert 'id="to-verify"' in page and "placeholders" in page
    assert "to verify" in page


def test_page_has_conditions_how_to_apply_and_legal_reference(client, tree, english):
    page = client.get(reverse("web:policy_detail", args=["unemployment_insurance_benefit"])).content.decode()
    assert "Registered as unemployed" in page and "The last job ended against the person" in page
    assert "How to apply" in page
    assert "《失业保险条例》" in page and 'href="https://www.gov.cn/zhengce/"' in page
    # Durations from the table, in words.
    assert "from 1: 12 months; from 5: 18 months; from 10: 24 months" in page


def test_chinese_page_uses_the_chinese_condition_texts(client, tree):
    page = client.get(reverse("web:policy_detail", args=["unemployment_insurance_benefit"])).content.decode()
    assert "已办理失业登记" in page and "失业保险金" in page


def test_unknown_division_is_named_and_national_values_are_shown(client, tree, english):
    response = client.get(reverse("web:policy_detail", args=["job_search_subsidy"]) + "?division=99<x>")
    assert response.status_code == 200
    page = response.content.decode()
    assert "is not a known division code" in page and "99&lt;x&gt;" in page
    assert "set locally" in _cell(page, "amount")


def test_unknown_policy_is_404(client, db):
    assert client.get(reverse("web:policy_detail", args=["no_such_policy"])).status_code == 404


def test_grade_table_in_words(client, tree, english):
    page = client.get(
        reverse("web:policy_detail", args=["vocational_training_subsidy"]) + "?division=43"
    ).content.decode()
    assert _cell(page, "amount_by_grade") == (
        "junior (grade 5): 800 yuan; intermediate (grade 4): 1,200 yuan; senior (grade 3) and above: 1,600 yuan"
    )


def test_dates_come_from_today(client, tree, english):
    page = client.get(reverse("web:policy_detail", args=["job_search_subsidy"])).content.decode()
    assert ph.today().isoformat() in page
    assert isinstance(ph.today(), dt.date)
