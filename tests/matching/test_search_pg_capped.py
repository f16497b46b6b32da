"""PostgreSQL posting search past its counting cap (``search_pg.COUNT_CAP``), with small caps and windows.

Counts stop at the cap (``Result.total_is_lower_bound``), and the page then comes from the plans that need not
read every match: windows of the sort indexes, the relevance top tier, widening circles for distance, and
their fallbacks. Every order is checked against the embedded engine (relevance: against the documented
score, title terms 4 and others 1, ties by id), page by page through ``next_token`` and by page number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from django.db import connection
from django.urls import reverse

from jiuye.matching import search_pg
from jiuye.matching.search import Query
from jiuye.matching.search_pg import TABLE, PostgresIndex
from jiuye.web.views.jobs import _at_least
from tests.jobs.test_postings import published

from .test_search import TODAY, XIANGXIANG, YUHU, ids, memory_index
from .test_search import posting as record
from .test_search_pg import loaded, postgres_only


def _records():
    """40 postings: "普工" in the title of some, only in the description of others; ties in pay and date;
    places spread between 雨湖 and 湘乡, a few without coordinates; a spread of filters' values."""
    out = []
    for i in range(1, 41):
        step = (i * 7) % 40 / 40  # a scrambled position between the two towns
        in_title = i % 3 != 0
        out.append(
            record(
                i,
                "普工" if in_title else ("包装工" if i % 2 else "操作工"),
                description="普工岗位，包吃住。" if not in_title or i % 4 == 0 else "两班倒。",
                lat=None if i % 11 == 0 else YUHU[0] + (XIANGXIANG[0] - YUHU[0]) * step,
                lon=None if i % 11 == 0 else YUHU[1] + (XIANGXIANG[1] - YUHU[1]) * step,
                pay_min=3000 + (i % 5) * 500,
                pay_max=4000 + (i % 4) * 1000,
                posted_on=TODAY - dt.timedelta(days=i % 6),
                contract_type=("full_time", "part_time", "fixed_term")[i % 3],
                experience_years=i % 4,
                education_rank=2 + i % 3,
                division_path="43/4303/430302/430302001" if i % 2 else "43/4303/430304/430304002",
            )
        )
    return out


RECORDS = _records()


@pytest.fixture
def pg(db):
    yield from loaded(RECORDS)


@pytest.fixture
def embedded():
    yield from memory_index(RECORDS)


@pytest.fixture
def small(monkeypatch):
    """A cap of 5 matches and windows of 7 rows, so that 40 postings take every path."""
    monkeypatch.setattr(search_pg, "COUNT_CAP", 5)
    monkeypatch.setattr(search_pg, "WALK_WINDOW", 7)
    monkeypatch.setattr(search_pg, "NEAREST_RADII_KM", (2.0, 5.0, 10.0, 20.0))


def _walk(index, query):
    seen, token, results = [], None, []
    while True:
        result = index.search(replace(query, after=token))
        seen += ids(result)
        results.append(result)
        token = result.next_token
        if token is None:
            return seen, results


def _score(r, words):
    title, rest = search_pg.terms(r.title), search_pg.terms(f"{r.description} {r.employer_name}")
    terms = list(dict.fromkeys(t for w in words for t in search_pg.terms(w)))
    if not all(t in title or t in rest for t in terms):
        return None
    return sum(4 if t in title else 1 for t in terms)


@postgres_only
def test_counts_stop_at_the_cap_and_say_so(pg, small):
    exact = {}
    for r in RECORDS:
        if "普工" in r.title or "普工" in r.description:
            exact[r.contract_type] = exact.get(r.contract_type, 0) + 1
    result = pg.search(Query(text="普工"))
    assert result.total == 5 and result.total_is_lower_bound
    assert len(result.hits) == 20 and result.next_token is not None  # the page is not cut to the count
    # Facets count the first five matches read: each a lower bound of its exact count.
    assert sum(result.facets.contract_type.values()) == 5
    assert all(n <= exact[c] for c, n in result.facets.contract_type.items())


@postgres_only
def test_counts_are_exact_below_the_cap(pg, embedded, small):
    query = Query(text="普工", division_prefix="43/4303/430302", pay_from=6000, contract_types=("part_time",))
    result = pg.search(query)
    assert 0 < result.total <= 5 and not result.total_is_lower_bound
    expected = embedded.search(query)
    assert (result.total, result.facets, ids(result)) == (expected.total, expected.facets, ids(expected))
    assert result.next_token is None


QUERIES = [
    Query(text=text, sort=sort, near=near, within_km=within, per_page=per_page, **extra)
    for text in ("", "普工")
    for sort in ("pay", "date", "distance", "relevance")
    for near, within in ((YUHU, None), (XIANGXIANG, 30.0))
    for per_page in (3, 7)
    for extra in ({}, {"pay_from": 4500, "contract_types": ("full_time", "fixed_term")})
]


@postgres_only
@pytest.mark.parametrize(
    "query",
    QUERIES,
    ids=lambda q: (
        f"{q.text or '-'}/{q.sort}/{q.within_km}/{q.per_page}/{'filtered' if q.pay_from else 'all'}"
    ),
)
def test_pages_keep_the_order_past_the_cap(pg, embedded, small, query):
    everything = ids(embedded.search(replace(query, per_page=100)))
    if query.sort == "relevance" and query.text:
        # The documented relevance: title terms 4, others 1, ties by id (the embedded engine adds idf, which
        # for one word does not change the order).
        by_score = sorted(
            (r for r in RECORDS if r.id in set(everything)), key=lambda r: (-_score(r, ["普工"]), r.id)
        )
        assert [r.id for r in by_score] == everything
    seen, results = _walk(pg, query)
    assert seen == everything
    assert results[0].total_is_lower_bound == (len(everything) > 5)
    assert all(r.next_token for r in results[:-1])
    pages = (len(everything) + query.per_page - 1) // query.per_page
    by_number = [i for p in range(1, pages + 1) for i in ids(pg.search(replace(query, page=p)))]
    assert by_number == everything
    distances = [h.distance_km for r in results for h in r.hits]
    expected = [h.distance_km for h in embedded.search(replace(query, per_page=100)).hits]
    assert distances == pytest.approx(expected, abs=0.002)


@postgres_only
def test_relevance_counts_title_terms(pg, small):
    words = ["普工", "包吃住"]
    query = Query(text=" ".join(words), per_page=2)
    seen, results = _walk(pg, query)
    expected = sorted(
        (r for r in RECORDS if _score(r, words) is not None), key=lambda r: (-_score(r, words), r.id)
    )
    assert seen == [r.id for r in expected]
    scores = [h.score for r in results for h in r.hits]
    assert scores == [float(_score(r, words)) for r in expected]


@postgres_only
def test_a_table_of_an_earlier_layout_is_replaced(db):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.execute(
            f"CREATE TABLE {TABLE} (id bigint PRIMARY KEY, stamp text NOT NULL, document tsvector)"
        )
        cursor.execute(f"INSERT INTO {TABLE} VALUES (1, '', '')")
        index = PostgresIndex(cursor)
        index.ensure()
        index.ensure()  # idempotent
        cursor.execute(f"SELECT count(*) FROM {TABLE}")
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT obj_description(to_regclass(%s), 'pg_class')", [TABLE])
        assert cursor.fetchone()[0] == search_pg.LAYOUT


def test_lower_bounds_are_shown_with_a_plus(english):
    assert _at_least(10_000) == "10,000+"
    assert _at_least(120_000) == "120,000+"
    assert _at_least(5) == "5+"
    assert _at_least(1_000_000) == "1,000,000+"


@postgres_only
def test_job_list_says_the_count_stopped(tree, users, login, english, settings, monkeypatch):
    settings.JIUYE_SEARCH_BACKEND = "postgres"
    monkeypatch.setattr(search_pg, "COUNT_CAP", 4)
    made = [published(tree["430302001"], title=f"仓库管理员{i}") for i in range(9)]
    client = login(users["citizen"])
    shown, params = [], {"q": "仓库", "sort": "date"}
    page = client.get(reverse("web:job_list"), params)
    html = page.content.decode()
    assert page.context["result"].total_is_lower_bound
    assert "4+ postings found; counting stopped there" in html and "(4+)" in html
    while True:
        shown += [p.pk for p in page.context["postings"]]
        token = page.context["result"].next_token
        if not token:
            break
        page = client.get(reverse("web:job_list"), {**params, "after": token})
    assert sorted(shown) == sorted(p.pk for p in made) and len(set(shown)) == 9
    exact = client.get(reverse("web:job_list"), {"q": "仓库管理员3"})
    assert not exact.context["result"].total_is_lower_bound
    assert "counting stopped" not in exact.content.decode()
