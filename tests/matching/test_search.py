"""The embedded posting search engine: text, filters, sorts, facets, pages, writes and malformed queries."""

from dataclasses import replace
from datetime import date

import pytest

from jiuye.matching.search import PostingRecord, Query, QueryError, SearchIndex, parse_query, tokenize
from jiuye.matching.search.engine import haversine_km

TODAY = date(2026, 11, 28)
YUHU = (27.8563, 112.9072)  # 雨湖区
XIANGXIANG = (27.7185, 112.5502)  # 湘乡市, ~36 km west


def posting(id, title, **kw):
    base = dict(
        id=id,
        title=title,
        description="",
        employer_name="湘潭某公司",
        division_path="43/4303/430302/430302001",
        lat=YUHU[0],
        lon=YUHU[1],
        occupation_code="2-02-10-03",
        pay_min=5000,
        pay_max=8000,
        education_rank=4,
        experience_years=1,
        contract_type="full_time",
        posted_on=date(2026, 11, 20),
    )
    base.update(kw)
    return PostingRecord(**base)


RECORDS = [
    posting(
        1, "高级Java开发工程师", description="负责后端系统开发，熟悉Spring。", pay_min=12000, pay_max=20000
    ),
    posting(2, "数据分析师", description="使用Python和SQL做数据分析。", occupation_code="2-02-10-09"),
    posting(
        3,
        "仓库管理员",
        description="负责物流仓储和出入库。",
        occupation_code="4-02-06-03",
        education_rank=2,
        experience_years=0,
        pay_min=3500,
        pay_max=4500,
        contract_type="fixed_term",
        division_path="43/4303/430304/430304002",
    ),
    posting(
        4,
        "电焊工",
        description="持证上岗，工作地点在湘乡。",
        occupation_code="6-18-02-04",
        lat=XIANGXIANG[0],
        lon=XIANGXIANG[1],
        division_path="43/4303/430381/430381001",
        pay_min=6000,
        pay_max=9000,
        posted_on=date(2026, 8, 1),
        experience_years=3,
    ),
    posting(
        5,
        "前端开发实习生",
        description="Vue和React开发，Java加分。",
        contract_type="internship",
        pay_min=2500,
        pay_max=3500,
        education_rank=5,
        experience_years=0,
        lat=None,
        lon=None,
    ),
    posting(
        6,
        "Java软件测试工程师",
        description="编写测试用例。",
        pay_min=7000,
        pay_max=11000,
        posted_on=date(2026, 11, 27),
    ),
]


def memory_index(records):
    """An embedded index in memory over `records`, closed afterwards (fixtures `yield from` it)."""
    ix = SearchIndex(":memory:")
    ix.build(records)
    yield ix
    ix.close()


@pytest.fixture
def index():
    yield from memory_index(RECORDS)


def ids(result):
    return [h.id for h in result.hits]


def test_tokenize_uses_jieba_search_mode():
    assert tokenize("数据分析师").split() == ["数据", "分析", "分析师"]


def test_chinese_text_matches_by_jieba_words(index):
    assert set(ids(index.search(Query(text="分析师")))) == {2}
    assert set(ids(index.search(Query(text="开发")))) == {1, 5}
    assert set(ids(index.search(Query(text="java")))) == {1, 5, 6}  # case folded, body matches too
    assert index.search(Query(text="厨师")).total == 0
    assert index.search(Query(text="！？")).total == 0  # punctuation only: empty, not an error


def test_title_outranks_description(index):
    result = index.search(Query(text="Java"))
    assert set(ids(result)[:2]) == {1, 6}  # in the title
    assert ids(result)[-1] == 5  # only in the description
    assert result.hits[0].score > result.hits[-1].score > 0


def test_all_words_must_match(index):
    assert ids(index.search(Query(text="Java 测试"))) == [6]


def test_division_subtree(index):
    assert set(ids(index.search(Query(division_prefix="43/4303/430302")))) == {1, 2, 5, 6}
    assert ids(index.search(Query(division_prefix="43/4303/430304/430304002"))) == [3]
    assert index.search(Query(division_prefix="43/4303")).total == 6
    assert index.search(Query(division_prefix="43/430")).total == 0  # a prefix of a code is not a subtree


def test_occupation_subtree(index):
    assert set(ids(index.search(Query(occupation_prefix="2-02-10")))) == {1, 2, 5, 6}
    assert ids(index.search(Query(occupation_prefix="6"))) == [4]
    assert ids(index.search(Query(occupation_prefix="2-02-10-09"))) == [2]


def test_pay_overlap(index):
    assert set(ids(index.search(Query(pay_from=10000)))) == {1, 6}
    assert set(ids(index.search(Query(pay_to=3000)))) == {5}
    assert set(ids(index.search(Query(pay_from=4000, pay_to=5000)))) == {2, 3}


def test_education_experience_contract_and_date(index):
    assert set(ids(index.search(Query(max_education_rank=2)))) == {3}
    assert set(ids(index.search(Query(max_experience_years=0)))) == {3, 5}
    assert set(ids(index.search(Query(contract_types=("internship", "fixed_term"))))) == {3, 5}
    assert set(ids(index.search(Query(posted_within_days=3, today=TODAY)))) == {6}
    assert 4 not in ids(index.search(Query(posted_within_days=30, today=TODAY)))


def test_distance_filter_and_sort(index):
    near = index.search(Query(near=YUHU, within_km=5))
    assert set(ids(near)) == {1, 2, 6, 3}
    assert all(h.distance_km is not None and h.distance_km <= 5 for h in near.hits)
    far = index.search(Query(near=YUHU, within_km=50, sort="distance"))
    assert ids(far)[-1] == 4
    assert far.hits[-1].distance_km == pytest.approx(haversine_km(*YUHU, *XIANGXIANG), abs=0.01)
    assert 30 < far.hits[-1].distance_km < 45
    everything = index.search(Query(near=YUHU, sort="distance"))
    assert ids(everything)[-1] == 5  # no coordinates: last, distance unknown
    assert everything.hits[-1].distance_km is None


def test_sorts_break_ties_by_id(index):
    assert ids(index.search(Query(sort="pay"))) == [1, 6, 4, 2, 3, 5]
    assert ids(index.search(Query(sort="date"))) == [6, 1, 2, 3, 5, 4]
    assert ids(index.search(Query())) == [1, 2, 3, 4, 5, 6]  # relevance without text: by id


def test_facets(index):
    facets = index.search(Query()).facets
    assert facets.occupation_major == {"2": 4, "4": 1, "6": 1}
    assert facets.county == {"430302": 4, "430304": 1, "430381": 1}
    assert facets.contract_type == {"full_time": 4, "fixed_term": 1, "internship": 1}
    assert facets.pay_band == {
        "5000-8000": 3,
        "12000-20000": 1,
        "3000-5000": 1,
        "<3000": 1,
    }  # by base (pay_min)
    assert sum(index.search(Query(text="java")).facets.county.values()) == 3


def _walk(index, query):
    seen, token, pages = [], None, 0
    while True:
        result = index.search(replace(query, after=token))
        seen += ids(result)
        pages += 1
        token = result.next_token
        if token is None:
            return seen, result.total, pages


def test_stable_pagination_with_ties():
    ix = SearchIndex(":memory:")
    # 53 postings with the same title, pay and date: every sort key ties.
    ix.build(posting(i, "普工", pay_min=4000, pay_max=5000) for i in range(100, 153))
    for sort in ("relevance", "pay", "date"):
        for text in ("", "普工"):
            query = Query(text=text, sort=sort, per_page=7)
            seen, total, pages = _walk(ix, query)
            assert total == 53 and pages == 8
            assert seen == sorted(seen) == list(range(100, 153))
            by_page = [i for p in range(1, 9) for i in ids(ix.search(replace(query, page=p)))]
            assert by_page == seen
    ix.close()


def test_page_token_is_bound_to_its_query(index):
    token = index.search(Query(per_page=2)).next_token
    assert token
    assert index.search(Query(per_page=2, after=token)).page == 2
    with pytest.raises(QueryError) as err:
        index.search(Query(per_page=2, after=token, sort="pay"))
    assert err.value.param == "after"
    with pytest.raises(QueryError):
        index.search(Query(after="not-a-token"))


def test_upsert_and_delete(index):
    index.upsert([replace(RECORDS[2], title="叉车司机", description="持叉车证")])
    assert index.search(Query(text="仓库")).total == 0
    assert ids(index.search(Query(text="叉车"))) == [3]
    index.upsert([posting(7, "叉车司机", division_path="43/4303/430304/430304001")])
    assert set(ids(index.search(Query(text="叉车")))) == {3, 7}
    assert index.delete([3, 999]) == 1
    assert ids(index.search(Query(text="叉车"))) == [7]
    assert len(index) == 6
    assert index.search(Query()).facets.county["430304"] == 1


def test_file_index_persists(tmp_path):
    path = tmp_path / "search.sqlite3"
    with SearchIndex(path) as ix:
        ix.build(RECORDS)
    with SearchIndex(path) as ix:
        assert ids(ix.search(Query(text="电焊"))) == [4]


@pytest.mark.parametrize(
    ("query", "param"),
    [
        (Query(text="x" * 201), "text"),
        (Query(division_prefix="湖南"), "division"),
        (Query(division_prefix="43/"), "division"),
        (Query(occupation_prefix="2-2"), "occupation"),
        (Query(near=(91.0, 112.0)), "near"),
        (Query(within_km=5), "within_km"),
        (Query(near=YUHU, within_km=-1), "within_km"),
        (Query(near=YUHU, within_km=float("nan")), "within_km"),
        (Query(pay_from=-1), "pay_from"),
        (Query(pay_from=9000, pay_to=5000), "pay_to"),
        (Query(max_education_rank=9), "education"),
        (Query(max_experience_years=-2), "experience"),
        (Query(contract_types=("",)), "contract"),
        (Query(posted_within_days=7), "today"),
        (Query(posted_within_days=-7, today=TODAY), "posted_within"),
        (Query(sort="salary"), "sort"),
        (Query(sort="distance"), "sort"),
        (Query(page=0), "page"),
        (Query(per_page=1000), "per_page"),
    ],
)
def test_malformed_queries_name_the_parameter(index, query, param):
    with pytest.raises(QueryError) as err:
        index.search(query)
    assert err.value.param == param
    assert err.value.message_zh and err.value.message_en


def test_parse_query_from_request_parameters():
    q = parse_query(
        {
            "q": "焊工",
            "division": "43/4303",
            "lat": "27.85",
            "lon": "112.9",
            "within_km": "10",
            "pay_from": "5000",
            "contract": ["full_time,fixed_term"],
            "posted_within": "30",
            "sort": "distance",
            "page": "2",
        },
        today=TODAY,
    )
    assert q.near == (27.85, 112.9) and q.contract_types == ("full_time", "fixed_term") and q.page == 2
    for params, param in (
        ({"page": "two"}, "page"),
        ({"lat": "27.8"}, "lon"),
        ({"lat": "inf", "lon": "1"}, "lat"),
        ({"pay_from": "5k"}, "pay_from"),
        ({"sort": "best"}, "sort"),
    ):
        with pytest.raises(QueryError) as err:
            parse_query(params, today=TODAY)
        assert err.value.param == param


def test_stored_hot_posting_lists_agree_with_fts_after_writes():
    """Terms in many postings are read from lists stored at build; writes since then go through FTS5."""
    hot = SearchIndex(":memory:", hot_min_df=2)
    cold = SearchIndex(":memory:", hot_min_df=10**9)
    for ix in (hot, cold):
        ix.build(RECORDS)
        ix.upsert([replace(RECORDS[0], title="Java架构师"), posting(8, "Java开发", description="开发")])
        ix.delete([6])
    assert hot.conn.execute("SELECT count(*) FROM hot_terms").fetchone()[0] > 0
    for text in ("java", "开发", "工程师", "Java 开发", "负责"):
        for sort in ("relevance", "date"):
            a, b = hot.search(Query(text=text, sort=sort)), cold.search(Query(text=text, sort=sort))
            assert [(h.id, h.score) for h in a.hits] == [(h.id, h.score) for h in b.hits], text
    assert set(ids(hot.search(Query(text="java")))) == {1, 5, 8}
