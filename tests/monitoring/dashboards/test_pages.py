"""Overview and indicator pages on crafted values: figures, changes and their colours, suppression,
drill-down links, the definition, scoping and roles."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from jiuye.accounts.enums import Role
from tests import factories as f

from .conftest import SENTINEL

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("web:monitoring_overview")


def indicator_url(code: str) -> str:
    return reverse("web:monitoring_indicator", args=[code])


def card(html: str, code: str) -> str:
    """The overview card of one indicator (up to the next card or the end of its theme)."""
    marker = f'<li class="mon-card" data-indicator="{code}">'
    assert marker in html, f"no card for {code}"
    chunk = html.split(marker, 1)[1]
    return re.split(r'<li class="mon-card"|</section>', chunk, maxsplit=1)[0]


def assert_no_sentinel(text: str) -> None:
    for leak in (str(SENTINEL), "98.8", "98.77", "0.9877"):
        assert leak not in text


def test_overview_cards_values_and_changes(values, users, login, english):
    client = login(users["analyst_city"])
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Indicators — Xiangtan City" in html
    assert 'value="2026-03" selected' in html  # the latest month by default

    rate = card(html, "registered_unemployment_rate")
    assert "5.2%" in rate
    # +0.2 pp on February is bad news for a rate where lower is better; −0.8 pp on a year before is good.
    assert re.search(
        r'mon-bad" data-direction="up" data-tone="bad">.*?\+0\.2 pp.*?on the previous month', rate, re.S
    )
    assert re.search(
        r'mon-good" data-direction="down" data-tone="good">.*?-0\.8 pp.*?on a year before', rate, re.S
    )
    assert f'href="{indicator_url("registered_unemployment_rate")}#definition"' in rate

    jobs = card(html, "new_urban_jobs")
    assert "1,200" in jobs
    assert re.search(r'mon-good" data-direction="up" data-tone="good">.*?\+200 \(\+20\.0%\)', jobs, re.S)
    assert "on a year before" not in jobs  # no value a year before: no change shown

    ratio = card(html, "openings_applicants_ratio")
    assert "1.25" in ratio and "mon-change" not in ratio  # no previous month

    # grouped by theme, unemployment first
    themes = re.findall(r'data-theme="(\w+)"', html)
    assert themes == ["unemployment", "employment", "demand"]

    spark = json.loads(
        re.search(r'<script id="spark-data" type="application/json">(.*?)</script>', html, re.S).group(1)
    )
    assert spark["months"][-1] == "2026-03" and len(spark["months"]) == 12
    assert spark["values"]["registered_unemployment_rate"][-2:] == [5.0, 5.2]
    assert spark["values"]["registered_unemployment_rate"][0] is None  # 2025-04: no value


def test_overview_of_a_district_shows_the_suppressed_cell_as_a_dash(values, users, login, english):
    client = login(users["analyst_city"])
    html = client.get(OVERVIEW, {"division": "430304", "month": "2026-03"}).content.decode()
    rate = card(html, "registered_unemployment_rate")
    assert 'class="mon-suppressed" title="Not published: too few observations to publish"' in rate
    assert_no_sentinel(html)
    assert "500" in card(html, "new_urban_jobs")


def test_overview_bad_month_is_a_clear_400(values, users, login, english):
    response = login(users["analyst_city"]).get(OVERVIEW, {"month": "2026-13"})
    assert response.status_code == 400
    assert "Parameter “month”" in response.content.decode()
    assert "Expected a month as YYYY-MM" in response.content.decode()


def test_indicator_page_map_ranking_trend_table(values, tree, users, login, english):
    tree["430302"].latitude, tree["430302"].longitude = 27.856325, 112.907162
    tree["430302"].save()
    client = login(users["analyst_city"])
    response = client.get(indicator_url("registered_unemployment_rate"))
    assert response.status_code == 200
    html = response.content.decode()
    # definition one click away (on the page, open)
    assert 'id="definition" open' in html
    assert "Registered unemployed persons at the end of the month" in html
    assert "Unemployment registrations; employment records" in html
    assert "lower is better" in html
    # own value with numerator and denominator
    own = re.search(r'id="own-value">(.*?)</div>', html, re.S).group(1)
    assert "5.2%" in own
    assert "520" in html and "10,000" in html
    # the table of children: 雨湖 shown, 岳塘 suppressed
    yuhu = re.search(r'<tr data-division="430302">(.*?)</tr>', html, re.S).group(1)
    assert "3.1%" in yuhu and "155" in yuhu and "5,000" in yuhu
    assert f'href="{indicator_url("registered_unemployment_rate")}?division=430302&amp;month=2026-03"' in yuhu
    yuetang = re.search(r'<tr data-division="430304" data-suppressed="1">(.*?)</tr>', html, re.S).group(1)
    assert "Not published: too few observations to publish" in yuetang
    assert_no_sentinel(html)
    # counties have centre points only: the page says so
    assert "Counties have centre points only" in html

    data = json.loads(
        re.search(r'<script id="indicator-data" type="application/json">(.*?)</script>', html, re.S).group(1)
    )
    areas = {a["code"]: a for a in data["areas"]}
    assert areas["430302"]["value"] == pytest.approx(3.1) and areas["430302"]["text"] == "3.1%"
    assert areas["430304"]["value"] is None and areas["430304"]["text"] == "—"
    assert areas["430304"]["note"] == "suppressed: too few observations to publish"
    assert data["geoUrl"] == reverse("web:monitoring_geo", args=["4303"])
    assert data["higherIsBetter"] is False
    # trend: this city against its province
    assert data["trend"]["months"] == ["2025-03", "2026-02", "2026-03"]
    assert [s["name"] for s in data["trend"]["series"]] == ["Xiangtan City", "Hunan Province"]
    assert data["trend"]["series"][0]["data"] == pytest.approx([6.0, 5.0, 5.2])
    assert data["trend"]["series"][1]["data"] == [None, pytest.approx(4.6), pytest.approx(4.5)]


def test_drill_down_to_a_district_and_to_a_township(values, users, login, english):
    client = login(users["leader_province"])
    html = client.get(indicator_url("registered_unemployment_rate")).content.decode()
    assert "— Hunan Province" in html
    assert f'href="{indicator_url("registered_unemployment_rate")}?division=4303&amp;month=2026-03"' in html
    assert "4.5%" in re.search(r'id="own-value">(.*?)</div>', html, re.S).group(1)
    # the province's children are prefectures: polygons, no note about points
    assert "Counties have centre points only" not in html

    html = client.get(indicator_url("registered_unemployment_rate"), {"division": "430302"}).content.decode()
    assert "— Yuhu District" in html
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    assert "Hunan Province" in crumbs and "Xiangtan City" in crumbs
    township = re.search(r'<tr data-division="430302001">(.*?)</tr>', html, re.S).group(1)
    assert "4.4%" in township
    # the trend compares the district with its city
    data = json.loads(
        re.search(r'<script id="indicator-data" type="application/json">(.*?)</script>', html, re.S).group(1)
    )
    assert [s["name"] for s in data["trend"]["series"]] == ["Yuhu District", "Xiangtan City"]

    html = client.get(
        indicator_url("registered_unemployment_rate"), {"division": "430302001"}
    ).content.decode()
    assert "This area has no sub-divisions" in html


def test_group_breakdown_hides_suppressed_groups(values, users, login, english):
    client = login(users["analyst_city"])
    html = client.get(indicator_url("openings_applicants_ratio")).content.decode()
    groups = re.search(r'id="group-table">(.*?)</table>', html, re.S).group(1)
    row = re.search(r'<tr data-group="occupation:2-02">(.*?)</tr>', groups, re.S).group(1)
    assert "2.50" in row and "50" in row and "20" in row
    assert (
        'href="' + indicator_url("openings_applicants_ratio") + '?month=2026-03&amp;group=occupation:2-02"'
        in row
    )
    hidden = re.search(
        r'<tr data-group="occupation:6-01" data-suppressed="1">(.*?)</tr>', groups, re.S
    ).group(1)
    assert "Not published: fewer than 5 in the denominator, too few to be reliable" in hidden
    assert_no_sentinel(html)
    # choosing a group shows that group's figure
    html = client.get(
        indicator_url("openings_applicants_ratio"), {"group": "occupation:2-02"}
    ).content.decode()
    assert "Showing the group: occupation:2-02." in html
    assert "2.50" in re.search(r'id="own-value">(.*?)</div>', html, re.S).group(1)


def test_scoping_other_district_is_404_own_is_shown(values, tree, login, english):
    analyst = f.make_user(Role.ANALYST, tree["430302"], username="an_yuhu")
    client = login(analyst)
    html = client.get(indicator_url("registered_unemployment_rate")).content.decode()
    assert "— Yuhu District" in html and "3.1%" in html
    # the city's own figure is not this analyst's; the parent line on the trend is the one comparison shown
    assert (
        client.get(indicator_url("registered_unemployment_rate"), {"division": "430304"}).status_code == 404
    )
    assert client.get(indicator_url("registered_unemployment_rate"), {"division": "4303"}).status_code == 404
    assert client.get(OVERVIEW, {"division": "430304"}).status_code == 404
    assert client.get(reverse("web:monitoring_geo", args=["430304"])).status_code == 404
    assert client.get(reverse("web:monitoring_geo", args=["cn"])).status_code == 404
    export = reverse("web:monitoring_indicator_export", args=["registered_unemployment_rate", "csv"])
    assert client.get(export, {"division": "430304"}).status_code == 404


def test_province_and_national_roles_see_below(values, users, login, english):
    client = login(users["leader_province"])
    html = client.get(indicator_url("registered_unemployment_rate"), {"division": "430304"}).content.decode()
    assert "— Yuetang District" in html
    client = login(users["admin_national"])
    html = client.get(indicator_url("registered_unemployment_rate")).content.decode()
    assert "— national" in html
    assert f'href="{indicator_url("registered_unemployment_rate")}?division=43&amp;month=2026-03"' in html
    html = client.get(OVERVIEW).content.decode()
    assert 'id="area-choice"' in html and "Hunan Province" in html


def test_a_caseworker_reads_the_own_district_only(values, users, login, english):
    # The API has always served a caseworker's area; the pages do the same (and no more).
    client = login(users["caseworker"])
    html = client.get(indicator_url("registered_unemployment_rate")).content.decode()
    assert "— Yuhu District" in html
    assert (
        client.get(indicator_url("registered_unemployment_rate"), {"division": "430304"}).status_code == 404
    )
    assert client.get(OVERVIEW, {"division": "4303"}).status_code == 404
    workspace = client.get(reverse("web:workspace")).content.decode()
    assert f'href="{OVERVIEW}"' in workspace


@pytest.mark.parametrize("role", ["citizen", "employer", "inspector"])
def test_other_roles_are_refused(values, users, login, role):
    client = login(users[role])
    assert client.get(OVERVIEW).status_code == 403
    assert client.get(indicator_url("registered_unemployment_rate")).status_code == 403
    assert client.get(reverse("web:monitoring_geo", args=["4303"])).status_code == 403
    assert client.get(reverse("web:monitoring_overview_export", args=["csv"])).status_code == 403


def test_anonymous_is_sent_to_sign_in(values, client):
    response = client.get(OVERVIEW)
    assert response.status_code == 302 and "login" in response["Location"]


def test_unknown_indicator_is_404(values, users, login):
    assert login(users["analyst_city"]).get(indicator_url("no_such_indicator")).status_code == 404


def test_pages_work_without_any_values(indicators, users, login, english):
    client = login(users["analyst_city"])
    html = client.get(OVERVIEW).content.decode()
    assert "No indicator values for this area yet" in html
    html = client.get(indicator_url("new_urban_jobs")).content.decode()
    assert "No values of this indicator for this area yet" in html
    assert client.get(reverse("web:monitoring_definitions")).status_code == 200


def test_definitions_page_lists_every_indicator(values, users, login, english):
    html = login(users["leader_province"]).get(reverse("web:monitoring_definitions")).content.decode()
    for code in ("registered_unemployment_rate", "new_urban_jobs", "openings_applicants_ratio"):
        assert f'id="def-{code}"' in html
    assert "Job applicants registered in the month" in html


def test_analyst_workspace_links_to_the_indicators(values, users, login, english):
    html = login(users["analyst_city"]).get(reverse("web:workspace")).content.decode()
    assert f'href="{OVERVIEW}"' in html


def test_analyst_without_an_office_sees_a_notice(values, login, english):
    client = login(f.make_user(Role.ANALYST, None, username="an_nowhere"))
    assert "not attached to any area" in client.get(OVERVIEW).content.decode()
    assert "not attached to any area" in client.get(indicator_url("new_urban_jobs")).content.decode()
    assert client.get(reverse("web:monitoring_geo", args=["43"])).status_code == 404


@pytest.mark.parametrize(
    ("code", "theme"),
    [
        ("registered_unemployed", "unemployment"),
        ("reemployed_unemployed", "employment"),
        ("graduate_employment_rate_12m", "key_groups"),
        ("time_to_fill", "demand"),
        ("youth_unemployment_rate", "unemployment"),
        ("something_else", "other"),
    ],
)
def test_themes(code, theme):
    from jiuye.web.views.monitoring import theme_of

    assert theme_of(code)[0] == theme


def test_odd_group_parameters(values, users, login, english):
    client = login(users["analyst_city"])
    response = client.get(indicator_url("openings_applicants_ratio"), {"group": "a&b=c"})
    assert response.status_code == 200
    assert "group=a%26b%3Dc" in response.content.decode()  # kept as one parameter in links
    response = client.get(indicator_url("openings_applicants_ratio"), {"group": "x" * 65})
    assert response.status_code == 400 and "Parameter “group”" in response.content.decode()
