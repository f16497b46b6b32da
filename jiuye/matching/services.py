"""Posting search for the web: keeps the embedded index (``jiuye.matching.search``) in step with the database.

The index file is ``settings.JIUYE_SEARCH_INDEX``. Next to the engine's tables it holds ``indexed_stamps`` (id,
``updated_at`` of the row as indexed) for every live posting in the index. Each search first syncs: the live
published postings of today are read as (id, updated_at); ids whose stamp differs are upserted, ids no longer
live are deleted. An empty index is built from scratch. Comparing stamps per id (not a single high-water mark)
stays right when a posting leaves and re-enters the live set, or when ids are reused.

Changes to related rows (an employer's name, an occupation) do not touch ``updated_at``; ``matching_reindex``
rebuilds everything.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from jiuye.jobs.models import JobPosting

from . import search_pg
from .search import PostingRecord, Result, SearchIndex, parse_query

_STAMPS = "CREATE TABLE IF NOT EXISTS indexed_stamps (id INTEGER PRIMARY KEY, stamp TEXT NOT NULL)"
_lock = threading.Lock()
_open: dict[str, SearchIndex] = {}


def index_path() -> Path:
    return Path(settings.JIUYE_SEARCH_INDEX)


def _index() -> SearchIndex:
    path = index_path()
    key = str(path)
    index = _open.get(key)
    if index is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        index = SearchIndex(path)
        index.conn.execute(_STAMPS)
        _open[key] = index
    return index


def _live(today) -> Any:
    return JobPosting.objects.live(today)


def posting_record(p: JobPosting) -> PostingRecord:
    """The engine's view of a posting."""
    return PostingRecord(
        id=p.pk,
        title=p.title or "",
        description=p.description or "",
        employer_name=p.employer.name if p.employer_id else "",
        division_path=p.division.path if p.division_id else "",
        lat=p.latitude,
        lon=p.longitude,
        occupation_code=p.occupation.code if p.occupation_id else "",
        pay_min=p.pay_min or 0,
        pay_max=p.pay_max or p.pay_min or 0,
        education_rank=p.education.rank if p.education_id else 0,
        experience_years=p.experience_years or 0,
        contract_type=p.contract_type or "",
        posted_on=p.posted_on(),
    )


def _records(ids: Iterable[int]) -> list[PostingRecord]:
    qs = JobPosting.objects.filter(pk__in=list(ids)).select_related("employer", "division", "occupation", "education")
    return [posting_record(p) for p in qs.order_by("pk")]


# Part of every stamp: bump it when posting_record changes what it derives, so every indexed posting is read
# again once, by both search backends (2: "posted on" became the local day of publication, was the UTC day).
RECORD_FORMAT = "2"


def record_stamp(updated_at) -> str:
    """What the search backends store per posting to tell whether its indexed record is current."""
    return f"{updated_at.isoformat() if updated_at else ''}#{RECORD_FORMAT}"


def sync(today=None, *, rebuild: bool = False) -> dict[str, int]:
    """Bring the index in step with today's live postings; counts of what was written."""
    today = today or timezone.localdate()
    with _lock:
        index = _index()
        conn = index.conn
        current = {pk: record_stamp(at) for pk, at in _live(today).values_list("pk", "updated_at")}
        stored = dict(conn.execute("SELECT id, stamp FROM indexed_stamps").fetchall())
        if rebuild or (not stored and len(index) == 0) or len(index) != len(stored):
            records = []
            ids = sorted(current)
            for start in range(0, len(ids), 2000):
                records.extend(_records(ids[start:start + 2000]))
            index.build(records)
            conn.execute("DELETE FROM indexed_stamps")
            conn.executemany("INSERT INTO indexed_stamps VALUES (?, ?)", current.items())
            return {"built": len(records), "upserted": 0, "deleted": 0}
        gone = [pk for pk in stored if pk not in current]
        changed = [pk for pk, stamp in current.items() if stored.get(pk) != stamp]
        if gone:
            index.delete(gone)
            conn.executemany("DELETE FROM indexed_stamps WHERE id = ?", [(pk,) for pk in gone])
        if changed:
            for start in range(0, len(changed), 2000):
                index.upsert(_records(changed[start:start + 2000]))
            conn.executemany(
                "INSERT OR REPLACE INTO indexed_stamps VALUES (?, ?)", [(pk, current[pk]) for pk in changed]
            )
        return {"built": 0, "upserted": len(changed), "deleted": len(gone)}


def search_postings(params: Mapping, *, today=None) -> Result:
    """Parse ``params`` (QueryError names a bad one), sync the index, search it (embedded or PostgreSQL)."""
    today = today or timezone.localdate()
    query = parse_query(params, today=today)
    if search_pg.enabled():  # PostgreSQL full-text on PostgreSQL (JIUYE_SEARCH_BACKEND, ADR 0009)
        return search_pg.search(query, today)
    sync(today)
    with _lock:
        return _index().search(query)
