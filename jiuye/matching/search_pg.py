"""Posting search in PostgreSQL full-text, used when the database is PostgreSQL (``JIUYE_SEARCH_BACKEND``).

Same contract as the embedded engine (``jiuye.matching.search``): a ``Query`` from ``parse_query`` in, a ``Result``
out, with the same filters, facets, sorts, ``(sort key, id)`` order and keyset ``next_token``, so
``services.search_postings`` and the job list page do not know which one answered. See ADR 0009.

Storage: one table, ``jiuye_posting_search``, holding today's live postings: the filter columns, a ``tsvector``
of the same jieba tokens the embedded engine indexes (title with weight A, description and employer name with
weight B) plus filter lexemes (``facts``: division and occupation prefixes, contract type, thresholds of
education, experience and pay, place cell), a title-only ``tsvector``, GIN indexes on both and B-tree indexes for
the sorts. The table is **not** in a migration: ADR 0004 keeps the Django schema portable, and the matching app's
migrations belong to other work, so it is created here on first use with ``CREATE TABLE/INDEX IF NOT EXISTS``
under an advisory lock (idempotent, safe when two processes start at once); its comment names its layout, and a
table of another layout is dropped and refilled. It is a derived copy: dropping it loses nothing.

Tokens: ``tokenize`` (jieba search mode) then the engine's own split into word runs, lower-cased. The ``tsvector``
and ``tsquery`` are written as literals from those tokens, which is what ``to_tsvector('simple', …)`` of the
space-joined tokens gives, but without depending on the server's locale (PostgreSQL's word parser treats CJK
characters as letters only under a UTF-8 ``LC_CTYPE``). A query is the AND of its terms, as in the embedded engine.

Counting: total and facets over at most ``COUNT_CAP`` matches; past it they are lower bounds
(``Result.total_is_lower_bound``). Ranking: per distinct query term 4 when it is in the title, else 1; ties by id
(``_score``). Freshness: each search compares (id, ``updated_at``) of today's live postings with the stamps stored
in the table and upserts or deletes the difference, exactly like the embedded sync. ADR 0009 has the figures.
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
TITLE_WEIGHT = 4  # relevance: a query term in the title counts 4, in the description or employer name 1
DESCRIPTION_WEIGHT = 1
# Total and facets are counted over at most this many matches; beyond it they are lower bounds
# (``Result.total_is_lower_bound``) and the page says "10,000+".
COUNT_CAP = 10_000
WORK_MEM = "64MB"  # per search transaction (SET LOCAL): GIN bitmaps of a common term stay exact
NEAREST_RADII_KM = (
    2.0,
    5.0,
    10.0,
    20.0,
    50.0,
)  # circles tried for a distance sort before ordering everything
NO_DISTANCE = "1e12"  # the distance sort key of a posting without coordinates (last)
# The table's layout, kept as its comment: a table of another layout is dropped and refilled (see ensure).
LAYOUT = "jiuye posting search, layout 2: title vector, filter lexemes"
# Filter lexemes: each row's vector also holds lexemes for its division path and occupation code prefixes, its
# contract type, its place cell, and cumulative ones for education, experience and pay ("x<=3": at most 3 years;
# "pmax>=6000"), so the GIN index answers the text and the filters in one scan (names hold "=", which no search
# term can). Ranged filters use the nearest threshold (a superset); every filter also keeps its exact SQL
# condition. (Buckets were tried first: an OR of many common buckets made the GIN scan slower than the heap
# checks it saved.)
RANK_THRESHOLDS = (0, 1, 2, 3, 4, 5, 6, 7)
YEARS_THRESHOLDS = (0, 1, 2, 3, 5, 10)
PAY_THRESHOLDS = (2000, 3000, 4000, 5000, 6000, 8000, 10000, 12000, 15000, 20000)
GRID = 10  # place cells per degree of latitude and longitude (about 11 km)
MAX_ALTERNATIVES = 16  # a distance filter needing more cells than this is left to its SQL condition
WALK_WINDOW = 20_000  # rows of a sort index read in order before falling back to ordering every match
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
        document tsvector NOT NULL,
        title_doc tsvector NOT NULL
    )""",
    f"COMMENT ON TABLE {TABLE} IS '{LAYOUT}'",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_document ON {TABLE} USING gin (document)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_title ON {TABLE} USING gin (title_doc)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_division ON {TABLE} (division_path)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_occupation ON {TABLE} (occupation_code)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_posted_desc ON {TABLE} (posted_day DESC, id)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_pay_desc ON {TABLE} (pay_max DESC, id)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_place ON {TABLE} (lat, lon)",
]
_INDEXES = ("document", "title", "division", "occupation", "posted_desc", "pay_desc", "place")
_COLUMNS = (
    "id, stamp, division_path, county, lat, lon, occupation_code, occupation_major, pay_min, pay_max, pay_band,"
    " education_rank, experience_years, contract_type, posted_day, document, title_doc"
)
# What a search reads of each match: the facet columns, and what the sort keys, score and distance need.
_READ = "id, occupation_major, county, contract_type, pay_band, title_doc, lat, lon, pay_max, posted_day"
_PLACEHOLDERS = ", ".join(["%s"] * len(_COLUMNS.split(",")))


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
        document(record.title, body) + " " + " ".join(_quote(f) for f in facts(record)),
        document(record.title, ""),
    )


def facts(record: PostingRecord) -> list[str]:
    """The filter lexemes of a posting (see ``GRID``): prefixes of its division path and occupation code,
    contract type, thresholds its education, experience and pay meet, place cell."""
    parts = record.division_path.split("/")
    codes = record.occupation_code.split("-")
    out = [f"d={'/'.join(parts[:i])}" for i in range(1, len(parts) + 1)]
    out += [f"o={'-'.join(codes[:i])}" for i in range(1, len(codes) + 1)]
    out.append(f"c={record.contract_type}")
    # Cumulative lexemes, so that a ranged filter is one lexeme (an AND), never an OR of buckets.
    out += [f"e<={t}" for t in RANK_THRESHOLDS if record.education_rank <= t]
    out += [f"x<={t}" for t in YEARS_THRESHOLDS if record.experience_years <= t]
    out += [f"pmin<={t}" for t in PAY_THRESHOLDS if record.pay_min <= t]
    out += [f"pmax>={t}" for t in PAY_THRESHOLDS if record.pay_max >= t]
    if record.lat is not None and record.lon is not None:
        out.append(f"g={math.floor(float(record.lat) * GRID)},{math.floor(float(record.lon) * GRID)}")
    return list(dict.fromkeys(out))


def filter_query(query: Query) -> list[str]:
    """The filter lexemes a match must hold, as tsquery parts (each one lexeme or an OR of buckets)."""
    parts: list[list[str]] = []
    if query.division_prefix:
        parts.append([f"d={query.division_prefix}"])
    if query.occupation_prefix:
        parts.append([f"o={query.occupation_prefix}"])
    if query.contract_types:
        parts.append([f"c={c}" for c in query.contract_types])
    # A ranged filter takes the nearest threshold on its loose side (a superset; SQL checks it exactly).
    for name, value, thresholds in (
        ("e", query.max_education_rank, RANK_THRESHOLDS),
        ("x", query.max_experience_years, YEARS_THRESHOLDS),
        ("pmin", query.pay_to, PAY_THRESHOLDS),
    ):
        above = [t for t in thresholds if value is not None and t >= value]
        if above:
            parts.append([f"{name}<={above[0]}"])
    below = [t for t in PAY_THRESHOLDS if query.pay_from is not None and t <= query.pay_from]
    if below:
        parts.append([f"pmax>={below[-1]}"])
    if query.near is not None and query.within_km is not None:
        _sql, (lat_lo, lat_hi, lon_lo, lon_hi) = _box(*query.near, query.within_km)
        rows = range(math.floor(lat_lo * GRID), math.floor(lat_hi * GRID) + 1)
        cols = range(math.floor(lon_lo * GRID), math.floor(lon_hi * GRID) + 1)
        if len(rows) * len(cols) <= MAX_ALTERNATIVES:
            parts.append([f"g={r},{c}" for r in rows for c in cols])
    return [_quote(p[0]) if len(p) == 1 else "(" + " | ".join(_quote(x) for x in p) + ")" for p in parts]


# --- the table -----------------------------------------------------------------------------------------


class PostgresIndex:
    """The posting table behind a DB-API cursor (Django's or psycopg's: ``%s`` parameters)."""

    def __init__(self, cursor: Any):
        self.cursor = cursor

    def ensure(self) -> None:
        """Create the table and indexes if missing (inside the caller's transaction)."""
        c = self.cursor
        if self._current():
            return
        c.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
        if self._exists() and not self._current():
            # A table of an earlier layout: it is a derived copy, so it is dropped and the next sync refills it.
            c.execute(f"DROP TABLE {TABLE}")
        for statement in _DDL:
            c.execute(statement)

    def _exists(self) -> bool:
        self.cursor.execute("SELECT to_regclass(%s)", [TABLE])
        return self.cursor.fetchone()[0] is not None

    def _current(self) -> bool:
        """The table exists with today's layout (its comment names it)."""
        self.cursor.execute("SELECT obj_description(to_regclass(%s), 'pg_class')", [TABLE])
        return self.cursor.fetchone()[0] == LAYOUT

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
            c.executemany(f"INSERT INTO {TABLE}_incoming ({_COLUMNS}) VALUES ({_PLACEHOLDERS})", rows)
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
        for name in _INDEXES:
            c.execute(f"DROP INDEX IF EXISTS {TABLE}_{name}")
        count = 0
        if hasattr(c, "copy"):
            with c.copy(f"COPY {TABLE} ({_COLUMNS}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row(r)
                    count += 1
        else:
            rows = list(rows)
            c.executemany(f"INSERT INTO {TABLE} ({_COLUMNS}) VALUES ({_PLACEHOLDERS})", rows)
            count = len(rows)
        for statement in _DDL[2:]:
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
        """One search: the matches counted up to ``COUNT_CAP``, then the page.

        Below the cap, one statement reads the matches once (``LIMIT cap + 1``), counts total and facets by
        GROUPING SETS and cuts the page from the same rows. At the cap, total and facets are lower bounds and a
        second statement finds the page by a plan for its sort that need not touch every match (``_page``).

        Run it inside a transaction (``search`` below and the bench do): ``work_mem`` is raised for the
        transaction only (``SET LOCAL``), so GIN bitmaps of common terms stay exact and need no recheck.
        """
        query.validate()
        text = tsquery(query.text) if query.text.strip() else None
        if query.text.strip() and text is None:
            return Result([], 0, Facets(), query.page, query.per_page, None)
        where, params = self._filters(query)
        matching = " & ".join([*([text] if text is not None else []), *filter_query(query)])
        if matching:
            # The text and the filter lexemes in one condition: the GIN index finds the rows holding all of
            # them (exact for division, occupation and contract; buckets for the rest, checked again in SQL).
            where.append("document @@ %s::tsquery")
            params.append(matching)
        self.cursor.execute("SELECT set_config('work_mem', %s, true)", [WORK_MEM])
        cursor = query.cursor()
        page = cursor[2] if cursor is not None else query.page
        total, lower_bound, facets, rows, more = self._count(query, text, where, params, cursor)
        if lower_bound:
            rows, more = self._page(query, text, where, params, cursor)
        hits = [Hit(int(i), float(s), None if d is None else round(float(d), 3)) for i, _k, s, d in rows]
        next_token = None
        if hits and more:
            last_id, last_key = rows[-1][0], rows[-1][1]
            token = {"k": float(last_key), "i": int(last_id), "p": page + 1, "f": query.fingerprint()}
            next_token = base64.urlsafe_b64encode(json.dumps(token).encode()).decode().rstrip("=")
        return Result(hits, total, facets, page, query.per_page, next_token, total_is_lower_bound=lower_bound)

    def _filters(self, query: Query) -> tuple[list[str], list[Any]]:
        """The WHERE conditions of everything but the text, and their parameters."""
        where: list[str] = []
        params: list[Any] = []
        if query.division_prefix:
            # Validated: digits and slashes (digits and dashes below), so no LIKE wildcards to escape.
            where.append("(division_path = %s OR division_path LIKE %s)")
            params += [query.division_prefix, query.division_prefix + "/%"]
        if query.occupation_prefix:
            where.append("(occupation_code = %s OR occupation_code LIKE %s)")
            params += [query.occupation_prefix, query.occupation_prefix + "-%"]
        if query.near is not None and query.within_km is not None:
            lat0, lon0 = query.near
            # Bounding box first (the lat index can serve it), the exact distance after it.
            box, box_params = _box(lat0, lon0, query.within_km)
            where.append(box)
            params += box_params
            distance, distance_params = _distance(query)
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
        return where, params

    def _count(
        self, query: Query, text: str | None, where: list[str], params: list[Any], cursor
    ) -> tuple[int, bool, Facets, list[tuple], bool]:
        """Total and facets over at most ``COUNT_CAP`` matches, and the page when they are all of them.

        The matches are read with ``LIMIT cap + 1`` (so a common word stops early) into a materialised CTE,
        counted by GROUPING SETS, and, when there are at most ``cap`` of them, ordered by ``(key, id)`` for the
        page. Past the cap the facets count the first ``cap`` matches read, so every count is a lower bound.
        Returns total, whether it is a lower bound, facets, the page's rows and whether more rows follow.
        """
        cap = int(COUNT_CAP)
        want = query.per_page + 1  # one more than the page: whether a next page exists
        offset = 0 if cursor is not None else (query.page - 1) * query.per_page
        score, score_params = _score(text)
        distance, distance_params = _distance(query)
        key, key_params = _key(query, score, score_params, distance, distance_params)
        seek, seek_params = "", []
        if cursor is not None:
            seek, seek_params = " WHERE (k, id) > (%s, %s)", [cursor[0], cursor[1]]
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        self.cursor.execute(
            "WITH m AS MATERIALIZED (SELECT row_number() OVER () AS rn, * FROM"
            f" (SELECT {_READ} FROM {TABLE}{clause} LIMIT %s) AS s),"
            " f AS (SELECT GROUPING(occupation_major) AS g1, GROUPING(county) AS g2,"
            " GROUPING(contract_type) AS g3, GROUPING(pay_band) AS g4, occupation_major, county, contract_type,"
            " pay_band, count(*) FILTER (WHERE rn <= %s) AS n, count(*) AS seen FROM m"
            " GROUP BY GROUPING SETS ((occupation_major), (county), (contract_type), (pay_band), ())),"
            # The page, only when every match was read (a one-time filter: nothing is ordered otherwise).
            f" p AS (SELECT id, k FROM (SELECT id, {key} AS k FROM m WHERE (SELECT count(*) FROM m) <= %s) AS o"
            f"{seek} ORDER BY k, id LIMIT %s OFFSET %s)"
            " SELECT 0, g1, g2, g3, g4, occupation_major, county, contract_type, pay_band, n, seen,"
            " NULL::bigint, NULL::double precision, NULL::double precision, NULL::double precision FROM f"
            " UNION ALL"
            " SELECT 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
            f" p.id, p.k, {score}, {distance} FROM p JOIN m ON m.id = p.id",
            [
                *params,
                cap + 1,
                cap,
                *key_params,
                cap,
                *seek_params,
                want,
                offset,
                *score_params,
                *distance_params,
            ],
        )
        total, lower_bound = 0, False
        tallies: dict[str, dict[str, int]] = {"major": {}, "county": {}, "contract": {}, "band": {}}
        rows = []
        for part, g1, g2, g3, g4, major, county, contract, band, n, seen, *hit in self.cursor.fetchall():
            if part == 1:
                rows.append(tuple(hit))
            elif g1 and g2 and g3 and g4:
                total, lower_bound = n, seen > cap
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
        return total, lower_bound, facets, rows[: query.per_page], len(rows) > query.per_page

    def _page(
        self, query: Query, text: str | None, where: list[str], params: list[Any], cursor
    ) -> tuple[list[tuple], bool]:
        """The page's rows ``(id, key, score, distance)`` in ``(key, id)`` order, and whether more follow.

        Each sort is answered by a plan that need not look at every match: date and pay walk their
        ``(column DESC, id)`` index, relevance takes the top tier (every term in the title) in id order when it
        fills the page, distance widens a bounding box until the page is inside it. Each falls back to ordering
        all matches by the key when its shortcut cannot answer.
        """
        per_page = query.per_page
        want = per_page + 1  # one more than the page: whether a next page exists, however large the total
        offset = 0 if cursor is not None else (query.page - 1) * per_page
        score, score_params = _score(text)
        distance, distance_params = _distance(query)
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        outer = f"SELECT id, k, {score}, {distance} FROM ({{inner}}) AS p ORDER BY k, id"
        outer_params = [*score_params, *distance_params]
        key, key_params = _key(query, score, score_params, distance, distance_params)

        def run(inner: str, inner_params: list[Any]) -> list[tuple]:
            self.cursor.execute(outer.format(inner=inner), [*outer_params, *inner_params])
            return self.cursor.fetchall()

        cols = "id, title_doc, lat, lon"
        if query.sort in ("date", "pay") or (query.sort == "relevance" and text is None):
            column = {"date": "posted_day", "pay": "pay_max", "relevance": None}[query.sort]
            seek, seek_params = [], []
            if column is None:  # no text: every score is 0, the order is by id
                order = "id"
                if cursor is not None:
                    seek, seek_params = ["id > %s"], [cursor[1]]
            else:
                order = f"{column} DESC, id"
                if cursor is not None:
                    last = -int(round(cursor[0]))
                    seek = [f"{column} <= %s", f"({column} < %s OR id > %s)"]
                    seek_params = [last, last, cursor[1]]
                if (
                    column == "posted_day"
                    and query.posted_within_days is not None
                    and query.today is not None
                ):
                    seek.append("posted_day >= %s")  # bounds the walk of the index
                    seek_params.append(query.today.toordinal() - query.posted_within_days)
                if column == "pay_max" and query.pay_from is not None:
                    seek.append("pay_max >= %s")
                    seek_params.append(query.pay_from)
            # A window of the first WALK_WINDOW rows in the index's order (no other condition inside, so it is
            # a prefix of the order), filtered: when it holds the page, those are the page's rows. The window
            # bounds the walk when the matches are rare early in the order (e.g. pay up to 5,000, highest first).
            inner_where = " WHERE " + " AND ".join(seek) if seek else ""
            cond = " WHERE " + " AND ".join(where) if where else ""
            rows = run(
                f"SELECT id, title_doc, lat, lon, k FROM (SELECT *, {key} AS k FROM {TABLE}{inner_where}"
                f" ORDER BY {order} LIMIT %s) AS w{cond} ORDER BY k, id LIMIT %s OFFSET %s",
                [*key_params, *seek_params, WALK_WINDOW, *params, want, offset],
            )
            if len(rows) == want:
                return rows[:per_page], True
            if column == "pay_max":
                # Best paid first, but the window missed (the filters pass few of the best paid): the matches
                # paying at least each threshold, highest first, through the GIN index. Every match paying at
                # least T comes before every one paying less, so the first threshold whose matches hold the
                # page gives it.
                last = -int(round(cursor[0])) if cursor is not None else None
                seek = [f"({column} < %s OR ({column} = %s AND id > %s))"] if cursor is not None else []
                seek_params = [last, last, cursor[1]] if cursor is not None else []
                matched = bool(where) and where[-1] == "document @@ %s::tsquery"  # see search()
                for threshold in reversed(PAY_THRESHOLDS):
                    if last is not None and threshold > last:
                        continue
                    if query.pay_from is not None and threshold <= query.pay_from:
                        break  # every match pays this much: the fallback below is the same query
                    lexeme = _quote(f"pmax>={threshold}")
                    more_where = [*where, *([] if matched else ["document @@ %s::tsquery"]), *seek]
                    more_params = [*params[:-1], f"{params[-1]} & {lexeme}"] if matched else [*params, lexeme]
                    rows = run(
                        f"SELECT id, title_doc, lat, lon, {key} AS k FROM {TABLE} WHERE "
                        + " AND ".join(more_where)
                        + " ORDER BY k, id LIMIT %s",
                        [*key_params, *more_params, *seek_params, offset + want],
                    )
                    if len(rows) == offset + want:
                        rows = rows[offset:]
                        return rows[:per_page], True
            # Fewer than a page and one in the window: every match ordered by the key, below.

        elif query.sort == "relevance":
            top = -float(TITLE_WEIGHT * len(text.split(" & ")))
            if cursor is None or cursor[0] <= top:
                # The top tier: every term in the title, all with the same score; by id.
                seek = ["id > %s"] if cursor is not None else []
                seek_params = [cursor[1]] if cursor is not None else []
                # In a window of the first WALK_WINDOW ids, as for date and pay above.
                inner_where = " WHERE " + " AND ".join(seek) if seek else ""
                cond = " AND ".join([*where, "title_doc @@ %s::tsquery"])
                rows = run(
                    f"SELECT {cols}, %s::double precision AS k FROM (SELECT * FROM {TABLE}{inner_where}"
                    f" ORDER BY id LIMIT %s) AS w WHERE {cond} ORDER BY id LIMIT %s",
                    [top, *seek_params, WALK_WINDOW, *params, text, offset + want],
                )
                if len(rows) == offset + want:
                    rows = rows[offset:]
                    return rows[:per_page], len(rows) > per_page
        else:  # distance
            lat0, lon0 = query.near
            seek, seek_params = [], []
            if cursor is not None:
                seek, seek_params = ["(k, id) > (%s, %s)"], [cursor[0], cursor[1]]
            for radius in NEAREST_RADII_KM:
                if query.within_km is not None and radius >= query.within_km:
                    break  # the filter's own box is no wider: order all its matches below
                if cursor is not None and cursor[0] > radius:
                    continue  # the page starts beyond this circle
                # Every match within `radius` km comes before every match outside it, so when the circle holds
                # the page (and one more row), its rows are the page.
                box, box_params = _box(lat0, lon0, radius)
                cond = " AND ".join([*where, box, f"{distance} <= %s"])
                rows = run(
                    f"SELECT * FROM (SELECT {cols}, {key} AS k FROM {TABLE} WHERE {cond}) AS m"
                    f"{' WHERE ' + seek[0] if seek else ''} ORDER BY k, id LIMIT %s",
                    [
                        *key_params,
                        *params,
                        *box_params,
                        *distance_params,
                        radius,
                        *seek_params,
                        offset + want,
                    ],
                )
                if len(rows) == offset + want:
                    rows = rows[offset:]
                    return rows[:per_page], len(rows) > per_page
        seek, seek_params = [], []
        if cursor is not None:
            seek, seek_params = ["(k, id) > (%s, %s)"], [cursor[0], cursor[1]]
        rows = run(
            f"SELECT * FROM (SELECT {cols}, {key} AS k FROM {TABLE}{clause}) AS m"
            f"{' WHERE ' + seek[0] if seek else ''} ORDER BY k, id LIMIT %s OFFSET %s",
            [*key_params, *params, *seek_params, want, offset],
        )
        return rows[:per_page], len(rows) > per_page


def _key(
    query: Query, score: str, score_params: list[Any], distance: str, distance_params: list[Any]
) -> tuple[str, list[Any]]:
    """The sort key in SQL, ascending is best first (as in the embedded engine); ties go by id."""
    if query.sort == "relevance":
        return f"-({score})", score_params
    if query.sort == "pay":
        return "-pay_max::double precision", []
    if query.sort == "date":
        return "-posted_day::double precision", []
    return f"coalesce({distance}, {NO_DISTANCE})", distance_params


def _box(lat0: float, lon0: float, km: float) -> tuple[str, list[float]]:
    """A latitude/longitude box holding the circle of ``km`` around a point (the (lat, lon) index serves it)."""
    dlat = math.degrees(km / EARTH_RADIUS_KM)
    coslat = max(math.cos(math.radians(min(89.9, abs(lat0) + dlat))), 1e-6)
    dlon = min(180.0, math.degrees(km / (EARTH_RADIUS_KM * coslat)))
    return "lat BETWEEN %s AND %s AND lon BETWEEN %s AND %s", [
        lat0 - dlat,
        lat0 + dlat,
        lon0 - dlon,
        lon0 + dlon,
    ]


def _distance(query: Query) -> tuple[str, list[Any]]:
    """The haversine distance from the query's point in SQL (NULL without a point or without coordinates)."""
    if query.near is None:
        return "NULL::double precision", []
    lat0, lon0 = query.near
    # least() would turn a NULL into 1.0, hence the CASE.
    return (
        "CASE WHEN lat IS NULL OR lon IS NULL THEN NULL ELSE"
        " 2 * %s * asin(least(1.0, sqrt(power(sin(radians(%s - lat) / 2), 2)"
        " + cos(radians(lat)) * cos(radians(%s)) * power(sin(radians(%s - lon) / 2), 2)))) END",
        [EARTH_RADIUS_KM, lat0, lat0, lon0],
    )


def _score(text: str | None) -> tuple[str, list[Any]]:
    """The relevance of a row in SQL: per distinct query term, 4 when it is in the title, else 1.

    Every match holds every term (a query is their AND), so this counts the terms found in the title, weighted
    as the embedded engine weights fields (title 4, description and employer 1), without its idf: a per-term
    idf would need document frequencies that change with every write (and so could reorder pages between two
    requests), and the top tier (every term in the title) could no longer be read in id order.
    """
    if text is None:
        return "0::double precision", []
    parts = [
        f"CASE WHEN title_doc @@ %s::tsquery THEN {TITLE_WEIGHT} ELSE {DESCRIPTION_WEIGHT} END"
        for _ in text.split(" & ")
    ]
    return "(" + " + ".join(parts) + ")::double precision", [t for t in text.split(" & ")]


def _ordered(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(((k, v) for k, v in counts.items() if v), key=lambda p: (-p[1], p[0])))


# --- Django side: keep the table in step with the live postings ------------------------------------------


def sync(today=None, *, rebuild: bool = False) -> dict[str, int]:
    """Bring the table in step with today's live postings; counts of what was written."""
    from django.utils import timezone

    from jiuye.jobs.models import JobPosting

    from .services import posting_record, record_stamp

    today = today or timezone.localdate()
    with transaction.atomic(), connection.cursor() as cursor:
        index = PostgresIndex(cursor)
        index.ensure()
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
        current = {
            pk: record_stamp(at) for pk, at in JobPosting.objects.live(today).values_list("pk", "updated_at")
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
    with transaction.atomic(), connection.cursor() as cursor:  # a transaction for SET LOCAL work_mem
        return PostgresIndex(cursor).search(query)
