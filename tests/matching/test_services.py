"""The Django side of posting search: the index follows the database without a manual rebuild."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from jiuye.jobs import services as job_services
from jiuye.matching.search import QueryError
from jiuye.matching.services import posting_record, search_postings
from tests.jobs.test_postings import posting, published


def _ids(params):
    return [hit.id for hit in search_postings(params).hits]


def test_index_lives_outside_var():
    assert "var" not in str(settings.JIUYE_SEARCH_INDEX).split("/")[-3:-1]


def test_record_maps_the_model(tree):
    p = published(tree["430302001"], title="仓库管理员", description="负责货物出入库")
    record = posting_record(p)
    assert record.division_path == tree["430302001"].path and record.occupation_code == "4-02-01-01"
    assert record.education_rank == 4 and record.pay_min == 4000 and record.pay_max == 5500
    assert record.posted_on == timezone.localdate()


def test_posted_on_is_the_local_day_of_publication(tree):
    # 17:30 UTC on 28 November is 01:30 on 29 November in Xiangtan: posted on the 29th, whatever time the test runs.
    p = published(tree["430302001"], title="仓库管理员")
    p.published_at = dt.datetime(2026, 11, 28, 17, 30, tzinfo=dt.UTC)
    assert p.posted_on() == dt.date(2026, 11, 29)
    assert posting_record(p).posted_on == dt.date(2026, 11, 29)
    p.published_at = dt.datetime(2026, 11, 28, 15, 30, tzinfo=dt.UTC)  # 23:30 local, still the 28th
    assert posting_record(p).posted_on == dt.date(2026, 11, 28)


def test_postings_indexed_by_an_older_record_format_are_read_again(tree):
    from jiuye.matching import services

    p = published(tree["430302001"], title="仓库管理员")
    services.sync()
    conn = services._index().conn
    # As an index written before RECORD_FORMAT 2 holds it: the bare updated_at.
    conn.execute("UPDATE indexed_stamps SET stamp = ? WHERE id = ?", (p.updated_at.isoformat(), p.pk))
    assert services.sync() == {"built": 0, "upserted": 1, "deleted": 0}
    assert services.sync() == {"built": 0, "upserted": 0, "deleted": 0}


def test_finds_live_postings_by_chinese_word_not_drafts_or_expired(tree):
    live = published(tree["430302001"], title="叉车司机", description="持证上岗，仓库搬运")
    draft = posting(tree["430302001"], title="叉车司机助理")
    today = timezone.localdate()
    expired = posting(tree["430302001"], title="叉车维修工", valid_from=today - dt.timedelta(days=40),
                      valid_until=today - dt.timedelta(days=1), status="published")
    ids = _ids({"q": "叉车"})
    assert live.pk in ids and draft.pk not in ids and expired.pk not in ids


def test_freshness_publish_close_and_expire(tree):
    draft = posting(tree["430302001"], title="面点师")
    assert draft.pk not in _ids({"q": "面点"})
    job_services.publish_posting(draft, by=None)
    assert draft.pk in _ids({"q": "面点"})
    draft.refresh_from_db()
    job_services.close_posting(draft, by=None)
    assert draft.pk not in _ids({"q": "面点"})

    other = published(tree["430302001"], title="面点学徒")
    assert other.pk in _ids({"q": "面点"})
    later = timezone.localdate() + dt.timedelta(days=61)  # past valid_until
    assert other.pk not in [h.id for h in search_postings({"q": "面点"}, today=later).hits]


def test_edits_are_reindexed(tree):
    p = published(tree["430302001"], title="收银员")
    assert p.pk in _ids({"q": "收银"})
    p.title = "理货员"
    p.save()
    assert p.pk not in _ids({"q": "收银"}) and p.pk in _ids({"q": "理货"})


def test_facets_and_filters(tree):
    a = published(tree["430302001"], title="仓库管理员")
    b = published(tree["430304001"], title="仓库搬运工", pay_min=6000, pay_max=7000)
    result = search_postings({"q": "仓库"})
    assert {a.pk, b.pk} <= {h.id for h in result.hits}
    assert result.facets.occupation_major.get("4", 0) >= 2
    assert result.facets.contract_type.get("fixed_term", 0) >= 2
    assert sum(result.facets.pay_band.values()) == result.total
    assert _ids({"q": "仓库", "pay_from": "5600"}) == [b.pk]
    assert _ids({"q": "仓库", "division": tree["430302001"].path}) == [a.pk]


def test_malformed_parameter_names_it(db):
    with pytest.raises(QueryError) as info:
        search_postings({"pay_from": "abc"})
    assert info.value.param == "pay_from"


def test_reindex_command(tree, capsys):
    published(tree["430302001"], title="保洁员")
    call_command("matching_reindex")
    assert "dry run" in capsys.readouterr().out
    call_command("matching_reindex", "--wet-run")
    assert "indexed:" in capsys.readouterr().out
