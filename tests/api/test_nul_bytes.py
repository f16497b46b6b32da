"""A NUL character in a request never becomes a 500.

PostgreSQL refuses NUL in text ("A string literal cannot contain NUL (0x00) characters"), SQLite stores it, so a
parameter that reaches a query unchecked fails on one database only. Every GET operation of the OpenAPI schema is
called with NUL in each of its query parameters, and the search pages with NUL in theirs, as a national
administrator (who passes every permission check, so the request reaches the query) — on whichever database the
suite runs (CI runs both).
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.django_db

NUL = "a\x00b"


def get_operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, item in schema["paths"].items():
        op = item.get("get")
        if not op:
            continue
        params = [p["name"] for p in op.get("parameters", []) if p.get("in") == "query"]
        yield path, params


def test_every_api_query_parameter_with_nul_is_not_a_500(users, login):
    client = login(users["admin_national"])
    called = 0
    for path, params in get_operations():
        if "{" in path:  # an object's page: its id is a path segment, not a query parameter
            path = re.sub(r"\{[^}]+\}", "1", path)
        for name in params or ["q"]:
            response = client.get(path, {name: NUL})
            called += 1
            assert response.status_code < 500, (path, name, response.status_code)
    assert called > 50


@pytest.mark.parametrize(
    ("route", "params"),
    [
        ("web:job_list", ("q", "division", "occupation", "sort", "pay_min", "posted_within", "near")),
        ("web:gig_jobs", ("q", "division", "date")),
        ("web:network_finder", ("q", "division", "lat", "lng")),
        ("web:person_list", ("q", "labour_status", "key_group")),
        ("web:employer_list", ("q", "status")),
    ],
)
def test_search_pages_with_nul_are_not_a_500(users, login, route, params):
    client = login(users["admin_national"])
    for name in params:
        response = client.get(reverse(route), {name: NUL})
        assert response.status_code < 500, (route, name, response.status_code)


def test_the_refusal_names_the_parameter(users, login, english):
    client = login(users["admin_national"])
    api = client.get("/api/v1/persons/", {"q": NUL})
    assert api.status_code == 400
    assert api.json()["errors"][0] | {"message": ""} == {
        "parameter": "q",
        "code": "nul_character",
        "message": "",
    }
    page = client.get(reverse("web:job_list"), {"q": NUL})
    assert page.status_code == 400 and "Parameter “q”" in page.content.decode()
    # a browser's form body (multipart bodies are left to the forms, which refuse NUL in every field)
    form = client.post(
        reverse("web:job_list"), "title=a%00b", content_type="application/x-www-form-urlencoded"
    )
    assert form.status_code == 400
    assert client.get(reverse("web:job_list"), {"q": "普工"}).status_code == 200
