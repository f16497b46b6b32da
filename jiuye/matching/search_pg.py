"""Posting search in PostgreSQL full-text, used when the database is PostgreSQL (``JIUYE_SEARCH_BACKEND``).

Same contract as the embedded engine (``jiuye.matching.search``): a ``Query`` from ``parse_query`` in, a ``Result``
out, with the same filters, facets, sorts, ``(sort key, id)`` order and keyset ``next_token``, so
``services.search_postings`` and the job list page do not know which one answered. See ADR 0009.

Storage: one table, ``jiuye_posting_search``, holding today's live postings: the filter columns and a ``tsvector``
of the same jieba tokens the embedded engine indexes (title with weight A, description and employer name with
weight B), with a GIN index on it and B-tree indexes on the filter columns. The table is **not** in a migration:
ADR 0004 keeps the Django schema portable, and the matching app's migrations belong to other work, so it is created
here on first use with ``CREATE TABLE/INDEX IF NOT EXISTS`` under an advisory lock (idempotent, safe when two
processes start at once). It is a derived copy: dropping it loses nothing, the next search rebuilds it.

Tokens: ``tokenize`` (jieba search mode) then the engine's own split into word runs, lower-cased. The ``tsvector``
and ``tsquery`` are written as literals from those tokens, which is what ``to_tsvector('simple', …)`` of the
space-joined tokens gives, but without depending on the server's locale (PostgreSQL's word parser treats CJK
characters as letters only under a UTF-8 ``LC_CTYPE``). A query is the AND of its terms, as in the embedded engine.

Ranking: ``ts_rank`` with weights D=0, C=0, B=0.25, A=1 (title 4 × description, as in the embedded engine), normalised
by nothing; ties by id. Freshness: each search compares (id, ``updated_at``) of today's live postings with the stamps
stored in the table and upserts or deletes the difference, exactly like the embedded sync.
"""

from __future__ import annotations

import base64
import bisect
import json
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction

from .search import PAY_BANDS, Facets, Hit, PostingRecord, Query, Result, tokenize
from .search.engine import EARTH_RADIUS_KM

TABLE = "jiuye_posting_search"
BACKENDS = ("auto", "embedded", "postgres")
# ts_rank weights in the order {D, C, B, A}: title (A) counts 4 times description and employer (B).
RANK_WEIGHTS = "{0, 0, 0.25, 1}"
MAX_POSITION = 16383  # PostgreSQL's largest tsvector position
_LOCK = 0x6A697579  # advisory lock key ("jiuy") for creating the table and for syncing
_NON_TERM = re.compile(r"[\W_]+")  # the embedded engine's split of tokenised text into terms
_BAND_EDGES = [lo for _label, lo, _hi in PAY_BANDS[1:]]
_BAND_LABELS = [label for label, _lo, _hi in PAY_BANDS]

_DDL = [
    f"""CREATE TABLE IF NOT EXISTS {TABLE} (
        id bigint PRIMARY KEY,
        stamp text NOT NULL,
        division_path text COLLATE "C" NOT NULL,
        county text NOT NULL,
        lat double precision,
        lon double precision,
        occupation_code text COLLATE "C" NOT NULL,
        occupation_major text NOT NULL,
        pay_min integer NOT NULL,
        pay_max integer NOT NULL,
        pay_band smallint NOT NULL,
        education_rank integer NOT NULL,
        experience_years integer NOT NULL,
        contract_type text NOT NULL,
        posted_day integer NOT NULL,
        document tsvector NOT NULL
    )""",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_document ON {TABLE} USING gin (document)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_division ON {TABLE} (division_path)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_occupation ON {TABLE} (occupation_code)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_posted ON {TABLE} (posted_day, id)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_pay ON {TABLE} (pay_max, id)",
]
_COLUMNS = (
    "id, stamp, division_path, county, lat, lon, occupation_code, occupation_major, pay_min, pay_max, pay_band,"
    " education_rank, experience_years, contract_type, posted_day, document"
)


def backend() -> str:
    """``embedded`` or ``postgres``: the setting, with ``auto`` meaning PostgreSQL full-text on PostgreSQL."""
    choice = getattr(settings, "JIUYE_SEARCH_BACKEND", "auto") or "auto"
    if choice not in BACKENDS:
        raise ImproperlyConfigured(
            f"JIUYE_SEARCH_BACKEND must be one of {', '.join(BACKENDS)}, not {choice!r}."
        )
    on_postgres = connection.vendor == "postgresql"
    if choice == "postgres" and not on_postgres:
        raise ImproperlyConfigured("JIUYE_SEARCH_BACKEND is 'postgres' but the database is not PostgreSQL.")
    if choice == "auto":
        return "postgres" if on_postgres else "embedded"
    return choice


def enabled() -> bool:
    return backend() == "postgres"


# --- text ------------------------------------------------------------------------------------------------


def terms(text: str) -> list[str]:
    """The search terms of a text, in order, as the embedded engine indexes and matches them."""
    return [t for t in _NON_TERM.split(tokenize(text or "").lower()) if t]


def _quote(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def document(title: str, body: str) -> str:
    """A ``tsvector`` literal: title terms weight A, then body terms weight B, with their positions."""
    positions: dict[str, list[str]] = {}
    position = 0
    for weight, text in (("A", title), ("B", body)):
        for term in terms(text):
            position = min(position + 1, MAX_POSITION)
            at = positions.setdefault(term, [])
            if len(at) < 256:  # PostgreSQL keeps at most 256 positions per lexeme
                at.append(f"{position}{weight}")
    return " ".join(f"{_quote(t)}:{','.join(at)}" for t, at in positions.items())


def tsquery(text: str) -> str | None:
    """A ``tsquery`` literal: the AND of the distinct terms (None when the text has none)."""
    seen = list(dict.fromkeys(terms(text)))
    return " & ".join(_quote(t) for t in seen) if seen else None


def row(record: PostingRecord, stamp: str) -> tuple:
    """The table row of a posting record (the engine's record, see ``services.posting_record``)."""
    parts = record.division_path.split("/")
    body = f"{record.description or ''}\n{record.employer_name or ''}"
    return (
        int(record.id),
        stamp,
        record.division_path,
        parts[2] if len(parts) > 2 else "",
        None if record.lat is None else float(record.lat),
        None if record.lon is None else float(record.lon),
        record.occupation_code,
        record.occupation_code.split("-", 1)[0],
        int(record.pay_min),
        int(record.pay_max),
        bisect.bisect_right(_BAND_EDGES, int(record.pay_min)),
        int(record.education_rank),
        int(record.experience_years),
        record.contract_type,
        record.posted_on.toordinal(),
        document(record.title, body),
    )


# --- the table -----------------------------------------------------------------------------------------


class PostgresIndex:
    """The posting table behind a DB-API cursor (Django's or psycopg's: ``%s`` parameters)."""

    def __init__(self, cursor: Any):
        self.cursor = cursor

    def ensure(self) -> None:
        """Create the table and indexes if missing (inside the caller's transaction)."""
        c = self.cursor
        c.execute("SELECT to_regclass(%s)", [TABLE])
        if c.fetchone()[0] is not None:
            return
        c.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
        for statement in _DDL:
            c.execute(statement)

    def stamps(self) -> dict[int, str]:
        self.cursor.execute(f"SELECT id, stamp FROM {TABLE}")
        return dict(self.cursor.fetchall())

    def write(self, rows: Iterable[tuple]) -> int:
        """Insert or replace rows by id (COPY into a temporary table, then one upsert)."""
        rows = list(rows)
        if not rows:
            return 0
        c = self.cursor
        c.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {TABLE}_incoming (LIKE {TABLE}) ON COMMIT DELETE ROWS"
        )
        c.execute(f"TRUNCATE {TABLE}_incoming")
        if hasattr(c, "copy"):  # psycopg 3 (also through Django's cursor wrapper)
            with c.copy(f"COPY {TABLE}_incoming ({_COLUMNS}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row(r)
        else:
            c.executemany(
                f"INSERT INTO {TABLE}_incoming ({_COLUMNS}) VALUES ({', '.join(['%s'] * 16)})", rows
            )
        updates = ", ".join(f"{col} = EXCLUDED.{col}" for col in _COLUMNS.replace(" ", "").split(",")[1:])
        c.execute(
            f"INSERT INTO {TABLE} ({_COLUMNS}) SELECT {_COLUMNS} FROM {TABLE}_incoming "
            f"ON CONFLICT (id) DO UPDATE SET {updates}"
        )
        return len(rows)

    def build(self, rows: Iterable[tuple]) -> int:
        """Replace everything with ``rows``: indexes dropped, COPY straight into the table, indexes rebuilt."""
        c = self.cursor
        self.ensure()
        c.execute(f"TRUNCATE {TABLE}")
        for name in ("document", "division", "occupation", "posted", "pay"):
            c.execute(f"DROP INDEX IF EXISTS {TABLE}_{name}")
        count = 0
        if hasattr(c, "copy"):
            with c.copy(f"COPY {TABLE} ({_COLUMNS}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row(r)
                    count += 1
        else:
            rows = list(rows)
            c.executemany(f"INSERT INTO {TABLE} ({_COLUMNS}) VALUES ({', '.join(['%s'] * 16)})", rows)
            count = len(rows)
        for statement in _DDL[1:]:
            c.execute(statement)
        self.analyze()
        return count

    def delete(self, ids: Sequence[int]) -> int:
        if not ids:
            return 0
        self.cursor.execute(f"DELETE FROM {TABLE} WHERE id = ANY(%s)", [list(ids)])
        return self.cursor.rowcount

    def clear(self) -> None:
        self.cursor.execute(f"TRUNCATE {TABLE}")

    def analyze(self) -> None:
        self.cursor.execute(f"ANALYZE {TABLE}")

    # -- reading -----------------------------------------------------------------------------------------

    def search(self, query: Query) -> Result:
        query.validate()
        where: list[str] = []
        params: list[Any] = []
        text = tsquery(query.text) if query.text.strip() else None
        if query.text.strip() and text is None:
            return Result([], 0, Facets(), query.page, query.per_page, None)
        if text is not None:
            where.append("document @@ %s::tsquery")
            params.append(text)
        if query.division_prefix:
            # Validated: digits and slashes (digits and dashes below), so no LIKE wildcards to escape.
            where.append("(division_path = %s OR division_path LIKE %s)")
            params += [query.division_prefix, query.division_prefix + "/%"]
        if query.occupation_prefix:
            where.append("(occupation_code = %s OR occupation_code LIKE %s)")
            params += [query.occupation_prefix, query.occupation_prefix + "-%"]
        distance = "NULL::double precision"
        distance_params: list[Any] = []
        if query.near is not None:
            lat0, lon0 = query.near
            # Haversine; NULL without coordinates (least() would turn a NULL into 1.0, hence the CASE).
            distance = (
                "CASE WHEN lat IS NULL OR lon IS NULL THEN NULL ELSE"
                " 2 * %s * asin(least(1.0, sqrt(power(sin(radians(%s - lat) / 2), 2)"
                " + cos(radians(lat)) * cos(radians(%s)) * power(sin(radians(%s - lon) / 2), 2)))) END"
            )
            distance_params = [EARTH_RADIUS_KM, lat0, lat0, lon0]
            if query.within_km is not None:
                # Bounding box first (uses no index but is cheap), the exact distance after it.
                dlat = math.degrees(query.within_km / EARTH_RADIUS_KM)
                coslat = max(math.cos(math.radians(min(89.9, abs(lat0) + dlat))), 1e-6)
                dlon = min(180.0, math.degrees(query.within_km / (EARTH_RADIUS_KM * coslat)))
                where.append("lat BETWEEN %s AND %s AND lon BETWEEN %s AND %s")
                params += [lat0 - dlat, lat0 + dlat, lon0 - dlon, lon0 + dlon]
                where.append(f"{distance} <= %s")
                params += [*distance_params, query.within_km]
        if query.contract_types:
            where.append("contract_type = ANY(%s)")
            params.append(list(query.contract_types))
        if query.posted_within_days is not None and query.today is not None:
            where.append("posted_day >= %s")
            params.append(query.today.toordinal() - query.posted_within_days)
        if query.pay_from is not None:
            where.append("pay_max >= %s")
            params.append(query.pay_from)
        if query.pay_to is not None:
            where.append("pay_min <= %s")
            params.append(query.pay_to)
        if query.max_education_rank is not None:
            where.append("education_rank <= %s")
            params.append(query.max_education_rank)
        if query.max_experience_years is not None:
            where.append("experience_years <= %s")
            params.append(query.max_experience_years)
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        c = self.cursor

        # The sort key, ascending is best first, as in the embedded engine; ties by id.
        score = "0::double precision"
        score_params: list[Any] = []
        if text is not None:
            score = f"ts_rank('{RANK_WEIGHTS}'::float4[], document, %s::tsquery)::double precision"
            score_params = [text]
        key, key_params = {
            "relevance": (f"-({score})", score_params),
            "pay": ("-pay_max::double precision", []),
            "date": ("-posted_day::double precision", []),
            "distance": (f"coalesce({distance}, 1e12)", distance_params),
        }[query.sort]
        cursor = query.cursor()
        if cursor is not None:
            last_key, last_id, page = cursor
            window, window_params = "WHERE (k, id) > (%s, %s) ORDER BY k, id LIMIT %s", [last_key, last_id]
            window_params.append(query.per_page)
        else:
            page = query.page
            window, window_params = (
                "ORDER BY k, id LIMIT %s OFFSET %s",
                [query.per_page, (page - 1) * query.per_page],
            )
        # One scan of the table: the matches (id, key, facet columns) are materialised once, then counted by
        # GROUPING SETS (total and the four facets) and cut to the page; score and distance are computed for
        # the page's rows only, so a sort by date or pay does not rank every match.
        c.execute(
            f"WITH m AS MATERIALIZED (SELECT id, {key} AS k, occupation_major, county, contract_type, pay_band"
            f" FROM {TABLE}{clause}),"
            " f AS (SELECT GROUPING(occupation_major) AS g1, GROUPING(county) AS g2, GROUPING(contract_type) AS g3,"
            " GROUPING(pay_band) AS g4, occupation_major, county, contract_type, pay_band, count(*) AS n FROM m"
            " GROUP BY GROUPING SETS ((occupation_major), (county), (contract_type), (pay_band), ())),"
            f" p AS (SELECT id, k FROM m {window})"
            " SELECT 0, g1, g2, g3, g4, occupation_major, county, contract_type, pay_band, n,"
            " NULL::bigint, NULL::double precision, NULL::double precision, NULL::double precision FROM f"
            " UNION ALL"
            " SELECT 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
            f" p.id, p.k, {score}, {distance} FROM p JOIN {TABLE} AS t ON t.id = p.id",
            [*key_params, *params, *window_params, *score_params, *distance_params],
        )
        total = 0
        tallies: dict[str, dict[str, int]] = {"major": {}, "county": {}, "contract": {}, "band": {}}
        rows = []
        for part, g1, g2, g3, g4, major, county, contract, band, n, *hit in c.fetchall():
            if part == 1:
                rows.append(hit)
            elif g1 and g2 and g3 and g4:
                total = n
            elif not g1:
                tallies["major"][major] = n
            elif not g2:
                tallies["county"][county] = n
            elif not g3:
                tallies["contract"][contract] = n
            else:
                tallies["band"][_BAND_LABELS[band]] = n
        facets = Facets(
            occupation_major=_ordered(tallies["major"]),
            county=_ordered(tallies["county"]),
            contract_type=_ordered(tallies["contract"]),
            pay_band=_ordered(tallies["band"]),
        )
        rows.sort(key=lambda r: (r[1], r[0]))
        hits = [Hit(int(i), float(s), None if d is None else round(float(d), 3)) for i, _k, s, d in rows]
        shown = (page - 1) * query.per_page + len(hits)
        next_token = None
        if hits and shown < total:
            last_id, last_key = rows[-1][0], rows[-1][1]
            token = {"k": float(last_key), "i": int(last_id), "p": page + 1, "f": query.fingerprint()}
            next_token = base64.urlsafe_b64encode(json.dumps(token).encode()).decode().rstrip("=")
        return Result(hits, total, facets, page, query.per_page, next_token)


def _ordered(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(((k, v) for k, v in counts.items() if v), key=lambda p: (-p[1], p[0])))


# --- Django side: keep the table in step with the live postings ------------------------------------------


def _stamp(value) -> str:
    return value.isoformat() if value else ""


def sync(today=None, *, rebuild: bool = False) -> dict[str, int]:
    """Bring the table in step with today's live postings; counts of what was written."""
    from django.utils import timezone

    from jiuye.jobs.models import JobPosting

    from .services import posting_record

    today = today or timezone.localdate()
    with transaction.atomic(), connection.cursor() as cursor:
        index = PostgresIndex(cursor)
        index.ensure()
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
        current = {
            pk: _stamp(at) for pk, at in JobPosting.objects.live(today).values_list("pk", "updated_at")
        }
        stored = {} if rebuild else index.stamps()
        gone = [pk for pk in stored if pk not in current]
        changed = sorted(pk for pk, stamp in current.items() if stored.get(pk) != stamp)
        related = ("employer", "division", "occupation", "education")

        def rows():
            for start in range(0, len(changed), 2000):
                batch = JobPosting.objects.filter(pk__in=changed[start : start + 2000]).select_related(
                    *related
                )
                for p in batch:
                    yield row(posting_record(p), current[p.pk])

        if rebuild:
            index.build(list(rows()))  # read before the COPY starts: the connection is busy during it
        else:
            index.delete(gone)
            index.write(rows())
            if len(changed) > 1000:
                index.analyze()
    return {
        "built": len(changed) if rebuild else 0,
        "upserted": 0 if rebuild else len(changed),
        "deleted": len(gone),
    }


def search(query: Query, today=None) -> Result:
    """Sync the table, then search it (the query is already parsed and validated)."""
    sync(today)
    with connection.cursor() as cursor:
        return PostgresIndex(cursor).search(query)
