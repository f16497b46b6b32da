"""PostgreSQL full-text posting search (``jiuye.matching.search_pg``): the embedded engine's behaviour, in SQL.

The engine-level tests run the same records and queries as ``test_search.py`` against the table, and compare with
the embedded engine where the order is defined the same way (every sort but relevance, whose scores differ by
design: no idf). ``test_search_pg_capped.py`` covers counting past the cap. The Django-level tests go through ``search_postings`` and the job list page. All of them need PostgreSQL
(``DATABASE_URL``, as ``.ci/run`` sets); on SQLite they are skipped, except the choice of backend.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from jiuye.jobs import services as job_services
from jiuye.matching import search_pg
from jiuye.matching.search import Query, QueryError
from jiuye.matching.search_pg import TABLE, PostgresIndex
from jiuye.matching.services import search_postings
from tests.jobs.test_postings import posting, published

from .test_search import RECORDS, TODAY, XIANGXIANG, YUHU, ids, memory_index
from .test_search import posting as record

ON_POSTGRES = connection.vendor == "postgresql"
postgres_only = pytest.mark.skipif(
    not ON_POSTGRES,
    reason="PostgreSQL full-text search needs a PostgreSQL database: set DATABASE_URL (see .ci/run); "
    "this run uses SQLite",
)


def _load(cursor, records):
    index = PostgresIndex(cursor)
    index.ensure()
    index.clear()
    index.write(search_pg.row(r, "") for r in records)
    index.analyze()
    return index


def loaded(records):
    """The PostgreSQL search table holding `records` (fixtures `yield from` it)."""
    with connection.cursor() as cursor:
        yield _load(cursor, records)


@pytest.fixture
def pg(db):
    yield from loaded(RECORDS)


@pytest.fixture
def embedded():
    yield from memory_index(RECORDS)


# --- choosing the backend (runs everywhere) ---------------------------------------------------------------


def test_auto_follows_the_database(settings):
    settings.JIUYE_SEARCH_BACKEND = "auto"
    assert search_pg.backend() == ("postgres" if ON_POSTGRES else "embedded")
    settings.JIUYE_SEARCH_BACKEND = "embedded"
    assert search_pg.backend() == "embedded"


def test_bad_backend_setting_is_named(settings):
    settings.JIUYE_SEARCH_BACKEND = "elastic"
    with pytest.raises(ImproperlyConfigured, match="JIUYE_SEARCH_BACKEND"):
        search_pg.backend()


@pytest.mark.skipif(ON_POSTGRES, reason="checks the refusal on a database that is not PostgreSQL")
def test_postgres_backend_refused_on_sqlite(settings):
    settings.JIUYE_SEARCH_BACKEND = "postgres"
    with pytest.raises(ImproperlyConfigured, match="not PostgreSQL"):
        search_pg.backend()


def test_literals_hold_the_engines_terms():
    assert search_pg.tsquery("数据分析师") == "'数据' & '分析' & '分析师'"
    assert search_pg.tsquery("Java, java！") == "'java'"
    assert search_pg.tsquery("！？") is None
    doc = search_pg.document("Java开发", "开发 it's")
    assert doc == "'java':1A '开发':2A,3B 'it':4B 's':5B"


# --- the engine contract, in SQL ---------------------------------------------------------------------------


@postgres_only
def test_table_and_gin_index_exist(pg):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [TABLE])
        defs = [r[0] for r in cursor.fetchall()]
    assert any("USING gin (document)" in d for d in defs)
    assert TABLE not in connection.introspection.django_table_names(include_views=True)  # not a Django model


@postgres_only
def test_chinese_text_matches_by_jieba_words(pg):
    assert set(ids(pg.search(Query(text="分析师")))) == {2}
    assert set(ids(pg.search(Query(text="开发")))) == {1, 5}
    assert set(ids(pg.search(Query(text="java")))) == {1, 5, 6}
    assert pg.search(Query(text="厨师")).total == 0
    assert pg.search(Query(text="！？")).total == 0
    assert ids(pg.search(Query(text="Java 测试"))) == [6]  # all words must match
    assert set(ids(pg.search(Query(text="湘潭某公司")))) == {1, 2, 3, 4, 5, 6}  # employer name is searchable


@postgres_only
def test_title_outranks_description(pg):
    result = pg.search(Query(text="Java"))
    assert set(ids(result)[:2]) == {1, 6}
    assert ids(result)[-1] == 5
    assert result.hits[0].score > result.hits[-1].score > 0


@postgres_only
def test_filters(pg):
    assert set(ids(pg.search(Query(division_prefix="43/4303/430302")))) == {1, 2, 5, 6}
    assert ids(pg.search(Query(division_prefix="43/4303/430304/430304002"))) == [3]
    assert pg.search(Query(division_prefix="43/430")).total == 0  # a prefix of a code is not a subtree
    assert set(ids(pg.search(Query(occupation_prefix="2-02-10")))) == {1, 2, 5, 6}
    assert ids(pg.search(Query(occupation_prefix="6"))) == [4]
    assert set(ids(pg.search(Query(pay_from=10000)))) == {1, 6}
    assert set(ids(pg.search(Query(pay_to=3000)))) == {5}
    assert set(ids(pg.search(Query(pay_from=4000, pay_to=5000)))) == {2, 3}
    assert set(ids(pg.search(Query(max_education_rank=2)))) == {3}
    assert set(ids(pg.search(Query(max_experience_years=0)))) == {3, 5}
    assert set(ids(pg.search(Query(contract_types=("internship", "fixed_term"))))) == {3, 5}
    assert set(ids(pg.search(Query(posted_within_days=3, today=TODAY)))) == {6}


@postgres_only
def test_distance_filter_and_sort(pg):
    near = pg.search(Query(near=YUHU, within_km=5))
    assert set(ids(near)) == {1, 2, 6, 3}
    assert all(h.distance_km is not None and h.distance_km <= 5 for h in near.hits)
    far = pg.search(Query(near=YUHU, within_km=50, sort="distance"))
    assert ids(far)[-1] == 4 and 30 < far.hits[-1].distance_km < 45
    everything = pg.search(Query(near=YUHU, sort="distance"))
    assert ids(everything)[-1] == 5 and everything.hits[-1].distance_km is None


@postgres_only
def test_sorts_break_ties_by_id(pg):
    assert ids(pg.search(Query(sort="pay"))) == [1, 6, 4, 2, 3, 5]
    assert ids(pg.search(Query(sort="date"))) == [6, 1, 2, 3, 5, 4]
    assert ids(pg.search(Query())) == [1, 2, 3, 4, 5, 6]


@postgres_only
def test_facets_match_the_embedded_engine(pg, embedded):
    facets = pg.search(Query()).facets
    assert facets.occupation_major == {"2": 4, "4": 1, "6": 1}
    assert facets.county == {"430302": 4, "430304": 1, "430381": 1}
    assert facets.contract_type == {"full_time": 4, "fixed_term": 1, "internship": 1}
    assert facets.pay_band == {"5000-8000": 3, "12000-20000": 1, "3000-5000": 1, "<3000": 1}
    for query in (Query(), Query(text="java"), Query(division_prefix="43/4303/430302", pay_from=6000)):
        assert pg.search(query).facets == embedded.search(query).facets


QUERIES = [
    Query(text=text, sort=sort, **extra)
    for text in ("", "java", "开发", "工程师", "负责", "Java 开发")
    for sort in ("pay", "date", "distance", "relevance")
    for extra in ({"near": YUHU}, {"near": XIANGXIANG, "within_km": 60.0, "per_page": 2})
]


@postgres_only
@pytest.mark.parametrize("query", QUERIES, ids=lambda q: f"{q.text or '-'}/{q.sort}/{q.within_km}")
def test_same_matches_totals_and_facets_as_the_embedded_engine(pg, embedded, query):
    a, b = pg.search(query), embedded.search(query)
    assert (a.total, a.facets) == (b.total, b.facets)
    if query.sort == "relevance" and query.text:
        # Scores differ by design (title terms 4, others 1, without the embedded engine's idf); matches do not.
        assert set(ids(pg.search(replace(query, per_page=100)))) == set(
            ids(embedded.search(replace(query, per_page=100)))
        )
    else:
        assert ids(a) == ids(b)
        assert [h.distance_km for h in a.hits] == pytest.approx([h.distance_km for h in b.hits], abs=0.002)


def _walk(index, query):
    seen, token, pages = [], None, 0
    while True:
        result = index.search(replace(query, after=token))
        seen += ids(result)
        pages += 1
        token = result.next_token
        if token is None:
            return seen, result.total, pages


@postgres_only
def test_stable_pagination_with_ties(db):
    with connection.cursor() as cursor:
        index = _load(cursor, [record(i, "普工", pay_min=4000, pay_max=5000) for i in range(100, 153)])
        for sort in ("relevance", "pay", "date"):
            for text in ("", "普工"):
                query = Query(text=text, sort=sort, per_page=7)
                seen, total, pages = _walk(index, query)
                assert total == 53 and pages == 8
                assert seen == sorted(seen) == list(range(100, 153))
                by_page = [i for p in range(1, 9) for i in ids(index.search(replace(query, page=p)))]
                assert by_page == seen


@postgres_only
def test_keyset_page_neither_repeats_nor_skips_after_an_insert(pg):
    first = pg.search(Query(sort="pay", per_page=3))
    assert ids(first) == [1, 6, 4]
    # A new best-paid posting arrives between the two pages: the next page goes on after the last one seen.
    pg.write([search_pg.row(record(7, "架构师", pay_min=30000, pay_max=40000), "")])
    second = pg.search(Query(sort="pay", per_page=3, after=first.next_token))
    assert ids(second) == [2, 3, 5] and second.page == 2 and second.total == 7
    # No row follows the last one seen, so no token is offered (rather than a page repeating the newcomer's).
    assert second.next_token is None


@postgres_only
def test_relevance_pages_with_scores(pg):
    seen, total, pages = _walk(pg, Query(text="java", per_page=1))
    assert sorted(seen) == [1, 5, 6] and total == 3 and pages == 3


@postgres_only
def test_page_token_is_bound_to_its_query(pg):
    token = pg.search(Query(per_page=2)).next_token
    assert token
    assert pg.search(Query(per_page=2, after=token)).page == 2
    with pytest.raises(QueryError) as err:
        pg.search(Query(per_page=2, after=token, sort="pay"))
    assert err.value.param == "after"
    with pytest.raises(QueryError):
        pg.search(Query(after="not-a-token"))


@postgres_only
def test_upsert_and_delete(pg):
    pg.write([search_pg.row(replace(RECORDS[2], title="叉车司机", description="持叉车证"), "")])
    assert pg.search(Query(text="仓库")).total == 0
    assert ids(pg.search(Query(text="叉车"))) == [3]
    assert pg.delete([3, 999]) == 1
    assert pg.search(Query(text="叉车")).total == 0


@postgres_only
@pytest.mark.parametrize(
    ("query", "param"),
    [
        (Query(text="x" * 201), "text"),
        (Query(division_prefix="43/"), "division"),
        (Query(occupation_prefix="2-2"), "occupation"),
        (Query(near=(91.0, 112.0)), "near"),
        (Query(within_km=5), "within_km"),
        (Query(pay_from=9000, pay_to=5000), "pay_to"),
        (Query(sort="distance"), "sort"),
        (Query(page=0), "page"),
        (Query(per_page=1000), "per_page"),
    ],
)
def test_malformed_queries_name_the_parameter(pg, query, param):
    with pytest.raises(QueryError) as err:
        pg.search(query)
    assert err.value.param == param


# --- through Django: search_postings and the job list page -------------------------------------------------


@postgres_only
def test_search_postings_answers_from_postgres(tree, settings):
    settings.JIUYE_SEARCH_BACKEND = "postgres"
    p = published(tree["430302001"], title="叉车司机", description="持证上岗")
    assert [h.id for h in search_postings({"q": "叉车"}).hits] == [p.pk]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {TABLE}")
        assert [r[0] for r in cursor.fetchall()] == [p.pk]


@postgres_only
def test_freshness_publish_edit_close_and_validity(tree, settings):
    settings.JIUYE_SEARCH_BACKEND = "postgres"

    def found(q, **kw):
        return [h.id for h in search_postings({"q": q}, **kw).hits]

    draft = posting(tree["430302001"], title="面点师")
    assert draft.pk not in found("面点")
    job_services.publish_posting(draft, by=None)
    assert draft.pk in found("面点")
    draft.refresh_from_db()
    draft.title = "理货员"
    draft.save()
    assert draft.pk not in found("面点") and draft.pk in found("理货")
    job_services.close_posting(draft, by=None)
    assert draft.pk not in found("理货")
    other = published(tree["430302001"], title="面点学徒")
    later = timezone.localdate() + dt.timedelta(days=61)  # past valid_until
    assert other.pk in found("面点") and other.pk not in found("面点", today=later)


@postgres_only
def test_rebuild_replaces_the_table(tree):
    a = published(tree["430302001"], title="保洁员")
    b = published(tree["430302001"], title="保安员")
    with connection.cursor() as cursor:
        PostgresIndex(cursor).ensure()
        cursor.execute(
            f"INSERT INTO {TABLE} SELECT 999999, '', '43', '', NULL, NULL, '', '', 0, 0, 0, 0, 0, '', 0, '', ''"
        )
    assert search_pg.sync(rebuild=True) == {"built": 2, "upserted": 0, "deleted": 0}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {TABLE} ORDER BY id")
        assert [r[0] for r in cursor.fetchall()] == sorted([a.pk, b.pk])
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = %s", [TABLE])
        assert cursor.fetchone()[0] == 8  # primary key, two GIN and five B-trees, rebuilt after the load
    assert search_pg.sync() == {"built": 0, "upserted": 0, "deleted": 0}


@postgres_only
def test_postings_stored_by_an_older_record_format_are_read_again(tree):
    p = published(tree["430302001"], title="保洁员")
    search_pg.sync()
    with connection.cursor() as cursor:  # as a table written before RECORD_FORMAT 2 holds it: the bare updated_at
        cursor.execute(f"UPDATE {TABLE} SET stamp = %s WHERE id = %s", [p.updated_at.isoformat(), p.pk])
    assert search_pg.sync() == {"built": 0, "upserted": 1, "deleted": 0}
    assert search_pg.sync() == {"built": 0, "upserted": 0, "deleted": 0}


@postgres_only
def test_filters_and_facets_through_the_service(tree, settings):
    settings.JIUYE_SEARCH_BACKEND = "postgres"
    a = published(tree["430302001"], title="仓库管理员")
    b = published(tree["430304001"], title="仓库搬运工", pay_min=6000, pay_max=7000)
    result = search_postings({"q": "仓库"})
    assert {h.id for h in result.hits} == {a.pk, b.pk} and result.total == 2
    assert result.facets.county == {"430302": 1, "430304": 1}
    assert result.facets.pay_band == {"3000-5000": 1, "5000-8000": 1}
    assert [h.id for h in search_postings({"q": "仓库", "pay_from": "5600"}).hits] == [b.pk]
    assert [h.id for h in search_postings({"q": "仓库", "division": tree["430302001"].path}).hits] == [a.pk]
    with pytest.raises(QueryError) as info:
        search_postings({"pay_from": "abc"})
    assert info.value.param == "pay_from"


@postgres_only
def test_job_list_page_pages_and_refuses_bad_parameters(tree, users, login, english, settings):
    settings.JIUYE_SEARCH_BACKEND = "postgres"
    made = [published(tree["430302001"], title=f"仓库管理员{i}") for i in range(23)]
    client = login(users["citizen"])
    first = client.get(reverse("web:job_list"), {"q": "仓库", "sort": "date"})
    assert first.status_code == 200 and first.context["result"].total == 23
    token = first.context["result"].next_token
    second = client.get(reverse("web:job_list"), {"q": "仓库", "sort": "date", "after": token})
    shown = [p.pk for p in first.context["postings"]] + [p.pk for p in second.context["postings"]]
    assert sorted(shown) == sorted(p.pk for p in made) and len(set(shown)) == 23
    bad = client.get(reverse("web:job_list"), {"pay_from": "abc"})
    assert bad.status_code == 400 and "pay_from" in bad.content.decode()
    wrong_token = client.get(reverse("web:job_list"), {"q": "仓库", "sort": "pay", "after": token})
    assert wrong_token.status_code == 400 and "after" in wrong_token.content.decode()
