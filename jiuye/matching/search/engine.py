"""Posting search: FTS5 over jieba tokens, filter columns in memory, facets, stable pages.

Text is tokenised with ``jieba.lcut_for_search`` at index and at query time and stored space-joined, so FTS5's
``unicode61`` tokenizer only splits on spaces and punctuation and folds Latin case. A query is the AND of its terms.

The SQLite file holds the truth: ``postings`` (filter columns, indexed), ``postings_fts`` (FTS5, title and body
columns, ``detail=column``), ``hot_terms`` (posting lists of terms in ``hot_min_df`` or more postings, stored at build
because reading 600k rowids out of FTS5 through Python costs ~0.5 s) and ``dirty`` (ids written since the build, for
which the stored lists are not trusted and FTS5 is asked instead).

A search takes each term's posting list (FTS5 or stored, cached per term until the next write), intersects them, and
does filters, facets and the page over numpy arrays of the filter columns (loaded once per write generation):
touching 600k matches row by row in SQLite costs hundreds of milliseconds, in numpy a few. Relevance is BM25 with
``k1 = 0`` (term presence, which is what ``detail=column`` keeps) and the weight of the best field a term is in
(title 4, description 1): ``sum(idf(term) x weight)``. Pages are ordered by ``(sort key, id)``, so ties never make
a page repeat or skip a posting; ``next_token`` is a keyset cursor over that order, bound to the query it came from.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import math
import re
import sqlite3
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import jieba
import numpy as np

jieba.setLogLevel(logging.WARNING)

SORTS = ("relevance", "pay", "distance", "date")
TITLE_WEIGHT = 4.0
DESCRIPTION_WEIGHT = 1.0
MAX_PER_PAGE = 100
TERM_CACHE = 512
# Terms in at least this many postings get their posting list stored as a blob at build time: reading 600k
# rowids out of FTS5 through Python takes ~0.5 s, a blob a few ms.
HOT_MIN_DF = 20_000
MAX_PAGE = 1000
MAX_TEXT = 200
MAX_DISTANCE_KM = 2000.0
EARTH_RADIUS_KM = 6371.0088
# Monthly base pay bands (by pay_min, yuan): label, lower bound inclusive, upper bound exclusive.
PAY_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("<3000", 0, 3000),
    ("3000-5000", 3000, 5000),
    ("5000-8000", 5000, 8000),
    ("8000-12000", 8000, 12000),
    ("12000-20000", 12000, 20000),
    ("20000+", 20000, None),
)
_RECORD_FIELDS = (
    "id",
    "title",
    "description",
    "employer_name",
    "division_path",
    "lat",
    "lon",
    "occupation_code",
    "pay_min",
    "pay_max",
    "education_rank",
    "experience_years",
    "contract_type",
    "posted_on",
)
_SEGMENT = re.compile(r"[。；;！!？?\n\r，,、：:\t]+")
_WORD = re.compile(r"\w")
_NON_TERM = re.compile(r"[\W_]+")
_DIVISION = re.compile(r"^\d{2}(/\d+)*$")
_OCCUPATION = re.compile(r"^\d{1,2}(-\d{2}){0,3}$")


@dataclass(frozen=True, slots=True)
class PostingRecord:
    id: int
    title: str
    description: str
    employer_name: str
    division_path: str
    lat: float | None
    lon: float | None
    occupation_code: str
    pay_min: int
    pay_max: int
    education_rank: int
    experience_years: int
    contract_type: str
    posted_on: date


class QueryError(ValueError):
    """A malformed search parameter; the web layer answers 400 naming ``param``."""

    def __init__(self, param: str, message_zh: str, message_en: str):
        super().__init__(f"{param}: {message_en}")
        self.param, self.message_zh, self.message_en = param, message_zh, message_en


@dataclass(frozen=True)
class Query:
    text: str = ""
    division_prefix: str = ""
    near: tuple[float, float] | None = None  # (lat, lon): the origin for distance filter and sort
    within_km: float | None = None
    occupation_prefix: str = ""
    pay_from: int | None = None  # the wanted monthly range; a posting overlapping it matches
    pay_to: int | None = None
    max_education_rank: int | None = None
    max_experience_years: int | None = None
    contract_types: tuple[str, ...] = ()
    posted_within_days: int | None = None
    today: date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    after: str | None = None  # next_token from the previous page (takes precedence over page)

    def validate(self) -> None:
        if not isinstance(self.text, str) or len(self.text) > MAX_TEXT:
            raise QueryError(
                "text",
                f"搜索词不能超过{MAX_TEXT}个字符。",
                f"Search text is limited to {MAX_TEXT} characters.",
            )
        if self.division_prefix and not _DIVISION.match(self.division_prefix):
            raise QueryError(
                "division",
                "地区代码路径格式不正确，例如 43/4303/430302。",
                "Division must be a code path such as 43/4303/430302.",
            )
        if self.occupation_prefix and not _OCCUPATION.match(self.occupation_prefix):
            raise QueryError(
                "occupation",
                "职业代码格式不正确，例如 2-02-10。",
                "Occupation must be a 大典 code such as 2-02-10.",
            )
        if self.near is not None:
            lat, lon = self.near
            if not (_finite(lat) and _finite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
                raise QueryError(
                    "near",
                    "坐标不正确：纬度在 -90 到 90 之间，经度在 -180 到 180 之间。",
                    "Coordinates must be a latitude in [-90, 90] and a longitude in [-180, 180].",
                )
        if self.within_km is not None:
            if self.near is None:
                raise QueryError(
                    "within_km", "按距离筛选需要同时给出位置。", "A distance filter needs a location (near)."
                )
            if not (_finite(self.within_km) and 0 < self.within_km <= MAX_DISTANCE_KM):
                raise QueryError(
                    "within_km",
                    f"距离须大于 0 且不超过 {MAX_DISTANCE_KM:g} 公里。",
                    f"Distance must be above 0 and at most {MAX_DISTANCE_KM:g} km.",
                )
        for name, value in (("pay_from", self.pay_from), ("pay_to", self.pay_to)):
            if value is not None and not (_int(value) and 0 <= value <= 10_000_000):
                raise QueryError(
                    name,
                    "月薪须为 0 到 10000000 之间的整数（元）。",
                    "Monthly pay must be a whole number of yuan from 0 to 10,000,000.",
                )
        if self.pay_from is not None and self.pay_to is not None and self.pay_from > self.pay_to:
            raise QueryError(
                "pay_to", "月薪上限不能低于下限。", "The upper pay bound is below the lower one."
            )
        if self.max_education_rank is not None and not (
            _int(self.max_education_rank) and 0 <= self.max_education_rank <= 8
        ):
            raise QueryError(
                "education",
                "学历等级须为 0 到 8 的整数。",
                "Education rank must be a whole number from 0 to 8.",
            )
        if self.max_experience_years is not None and not (
            _int(self.max_experience_years) and 0 <= self.max_experience_years <= 60
        ):
            raise QueryError(
                "experience",
                "工作年限须为 0 到 60 的整数。",
                "Experience must be a whole number of years from 0 to 60.",
            )
        if (
            not all(isinstance(c, str) and c and len(c) <= 40 for c in self.contract_types)
            or len(self.contract_types) > 20
        ):
            raise QueryError("contract", "合同类型不正确。", "Contract types are malformed.")
        if self.posted_within_days is not None:
            if not (_int(self.posted_within_days) and 0 <= self.posted_within_days <= 3650):
                raise QueryError(
                    "posted_within",
                    "发布天数须为 0 到 3650 的整数。",
                    "Posted-within must be 0 to 3650 days.",
                )
            if not isinstance(self.today, date):
                raise QueryError("today", "按发布时间筛选需要当前日期。", "Posted-within needs today's date.")
        if self.sort not in SORTS:
            raise QueryError(
                "sort",
                "排序方式须为 relevance、pay、distance 或 date。",
                "Sort must be relevance, pay, distance or date.",
            )
        if self.sort == "distance" and self.near is None:
            raise QueryError(
                "sort", "按距离排序需要给出位置。", "Sorting by distance needs a location (near)."
            )
        if not (_int(self.page) and 1 <= self.page <= MAX_PAGE):
            raise QueryError(
                "page",
                f"页码须为 1 到 {MAX_PAGE} 的整数。",
                f"Page must be a whole number from 1 to {MAX_PAGE}.",
            )
        if not (_int(self.per_page) and 1 <= self.per_page <= MAX_PER_PAGE):
            raise QueryError(
                "per_page",
                f"每页条数须为 1 到 {MAX_PER_PAGE} 的整数。",
                f"Per page must be a whole number from 1 to {MAX_PER_PAGE}.",
            )
        if self.after is not None:
            self.cursor()

    def fingerprint(self) -> str:
        """What a page token is bound to: everything but the position."""
        key = json.dumps(
            [
                self.text,
                self.division_prefix,
                self.near,
                self.within_km,
                self.occupation_prefix,
                self.pay_from,
                self.pay_to,
                self.max_education_rank,
                self.max_experience_years,
                sorted(self.contract_types),
                self.posted_within_days,
                self.today.isoformat() if self.today else None,
                self.sort,
                self.per_page,
            ],
            ensure_ascii=False,
        )
        return hashlib.sha256(key.encode()).hexdigest()[:16]

    def cursor(self) -> tuple[float, int, int] | None:
        """(last sort key, last id, next page number) from ``after``; QueryError if it is not this query's."""
        if self.after is None:
            return None
        bad = QueryError(
            "after",
            "翻页标记无效或不属于本次搜索。",
            "The page token is invalid or belongs to another search.",
        )
        try:
            data = json.loads(base64.urlsafe_b64decode(self.after.encode() + b"=" * (-len(self.after) % 4)))
            key, last_id, page, fp = float(data["k"]), int(data["i"]), int(data["p"]), str(data["f"])
        except (ValueError, TypeError, KeyError, AttributeError):
            raise bad from None
        if fp != self.fingerprint() or not math.isfinite(key) or page < 2:
            raise bad
        return key, last_id, page


@dataclass(frozen=True, slots=True)
class Hit:
    id: int
    score: float  # relevance, higher is better (negated bm25); 0.0 without text
    distance_km: float | None


@dataclass
class Facets:
    occupation_major: dict[str, int] = field(default_factory=dict)
    county: dict[str, int] = field(default_factory=dict)
    contract_type: dict[str, int] = field(default_factory=dict)
    pay_band: dict[str, int] = field(default_factory=dict)


@dataclass
class Result:
    hits: list[Hit]
    total: int
    facets: Facets
    page: int
    per_page: int
    next_token: str | None
    # True when total and facets were counted over only the first matches (PostgreSQL search caps the count);
    # they are then lower bounds ("10,000+"). The embedded engine always counts exactly.
    total_is_lower_bound: bool = False


def parse_query(params: Mapping[str, Any], *, today: date | None = None) -> Query:
    """A Query from request-style parameters (strings, lists for ``contract``); QueryError names the bad one."""

    def one(name: str) -> str | None:
        value = params.get(name)
        if isinstance(value, list | tuple):
            value = value[-1] if value else None
        if value is None or str(value).strip() == "":
            return None
        return str(value).strip()

    def integer(name: str) -> int | None:
        value = one(name)
        if value is None:
            return None
        try:
            return int(value)
        except ValueError:
            raise QueryError(name, "须为整数。", "Must be a whole number.") from None

    def number(name: str) -> float | None:
        value = one(name)
        if value is None:
            return None
        try:
            result = float(value)
        except ValueError:
            raise QueryError(name, "须为数字。", "Must be a number.") from None
        if not math.isfinite(result):
            raise QueryError(name, "须为有限数字。", "Must be a finite number.")
        return result

    lat, lon = number("lat"), number("lon")
    if (lat is None) != (lon is None):
        raise QueryError(
            "lat" if lat is None else "lon", "纬度和经度须同时给出。", "Latitude and longitude go together."
        )
    raw_contract = params.get("contract") or []
    contracts = [raw_contract] if isinstance(raw_contract, str) else list(raw_contract)
    contract_types = tuple(c.strip() for part in contracts for c in str(part).split(",") if c.strip())
    query = Query(
        text=one("q") or "",
        division_prefix=one("division") or "",
        near=(lat, lon) if lat is not None and lon is not None else None,
        within_km=number("within_km"),
        occupation_prefix=one("occupation") or "",
        pay_from=integer("pay_from"),
        pay_to=integer("pay_to"),
        max_education_rank=integer("education"),
        max_experience_years=integer("experience"),
        contract_types=contract_types,
        posted_within_days=integer("posted_within"),
        today=today,
        sort=one("sort") or "relevance",
        page=integer("page") or 1,
        per_page=integer("per_page") or 20,
        after=one("after"),
    )
    query.validate()
    return query


@lru_cache(maxsize=262_144)
def _segment_tokens(segment: str) -> str:
    return " ".join(t for t in jieba.lcut_for_search(segment) if _WORD.search(t))


def tokenize(text: str) -> str:
    """Space-joined search tokens. Segments between punctuation are cached: postings repeat boilerplate a lot."""
    if not text:
        return ""
    return " ".join(s for s in (_segment_tokens(seg) for seg in _SEGMENT.split(text) if seg.strip()) if s)


def _match_tokens(text: str) -> list[str]:
    tokens: list[str] = []
    # unicode61 splits "node.js" in two and folds case; doing the same here keeps every term one FTS5 token
    # (detail=column has no phrases) and makes the terms the keys of the stored hot posting lists.
    for token in _NON_TERM.split(tokenize(text).lower()):
        if token and token not in tokens:
            tokens.append(token)
    return tokens


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def haversine_km(lat1: float | None, lon1: float | None, lat2: float, lon2: float) -> float | None:
    if lat1 is None or lon1 is None:
        return None
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _get(record: Any, name: str) -> Any:
    return record[name] if isinstance(record, Mapping) else getattr(record, name)


_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS postings (
    id INTEGER PRIMARY KEY,
    division_path TEXT NOT NULL,
    county TEXT NOT NULL,
    lat REAL, lon REAL,
    occupation_code TEXT NOT NULL,
    occupation_major TEXT NOT NULL,
    pay_min INTEGER NOT NULL, pay_max INTEGER NOT NULL,
    education_rank INTEGER NOT NULL,
    experience_years INTEGER NOT NULL,
    contract_type TEXT NOT NULL,
    posted_day INTEGER NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS postings_fts USING fts5(
    title, body, tokenize = 'unicode61 remove_diacritics 2', detail = 'column'
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS hot_terms (term TEXT PRIMARY KEY, ids BLOB NOT NULL, title BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS dirty (id INTEGER PRIMARY KEY);
INSERT OR IGNORE INTO meta VALUES ('title_weight', '{TITLE_WEIGHT}');
"""
_INDEXES = """
CREATE INDEX IF NOT EXISTS postings_division ON postings (division_path);
CREATE INDEX IF NOT EXISTS postings_occupation ON postings (occupation_code);
CREATE INDEX IF NOT EXISTS postings_latlon ON postings (lat, lon);
CREATE INDEX IF NOT EXISTS postings_posted ON postings (posted_day);
CREATE INDEX IF NOT EXISTS postings_pay ON postings (pay_max, pay_min);
"""
_INSERT_ROW = "INSERT OR REPLACE INTO postings VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"
_INSERT_FTS = "INSERT INTO postings_fts (rowid, title, body) VALUES (?,?,?)"


def _rows(record: Any) -> tuple[tuple, tuple]:
    rid = int(_get(record, "id"))
    path = str(_get(record, "division_path"))
    parts = path.split("/")
    code = str(_get(record, "occupation_code"))
    lat, lon = _get(record, "lat"), _get(record, "lon")
    posted: date = _get(record, "posted_on")
    # The text side: title alone, and description plus employer name (people search by employer too).
    body = (
        tokenize(str(_get(record, "description") or ""))
        + " "
        + tokenize(str(_get(record, "employer_name") or ""))
    )
    return (
        (
            rid,
            path,
            parts[2] if len(parts) > 2 else "",
            None if lat is None else float(lat),
            None if lon is None else float(lon),
            code,
            code.split("-", 1)[0],
            int(_get(record, "pay_min")),
            int(_get(record, "pay_max")),
            int(_get(record, "education_rank")),
            int(_get(record, "experience_years")),
            str(_get(record, "contract_type")),
            posted.toordinal(),
        ),
        (rid, tokenize(str(_get(record, "title") or "")), body.strip()),
    )


class SearchIndex:
    """An FTS5 posting index in its own SQLite file (``":memory:"`` works for tests)."""

    def __init__(self, path: str | Path, *, hot_min_df: int = HOT_MIN_DF):
        self.path = str(path)
        self.hot_min_df = hot_min_df
        self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.conn.create_function("haversine", 4, haversine_km, deterministic=True)
        self.conn.execute("PRAGMA temp_store = MEMORY")
        self.conn.execute("PRAGMA cache_size = -262144")
        self.conn.executescript(_SCHEMA)
        self.conn.executescript(_INDEXES)
        self._generation = 0
        self._columns: _Columns | None = None
        self._terms: OrderedDict[str, tuple[np.ndarray, np.ndarray]] = OrderedDict()

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return self.conn.execute("SELECT count(*) FROM postings").fetchone()[0]

    # -- writing ---------------------------------------------------------------------------------------------

    def build(self, records: Iterable[Any], *, batch: int = 20_000) -> int:
        """Replace the whole index with ``records``: bulk insert without journal, indexes built afterwards."""
        c = self.conn
        c.execute("PRAGMA journal_mode = OFF")
        c.execute("PRAGMA synchronous = OFF")
        try:
            c.execute("BEGIN")
            c.execute("DELETE FROM postings")
            c.execute("DELETE FROM postings_fts")
            c.execute("DELETE FROM hot_terms")
            c.execute("DELETE FROM dirty")
            for name in ("division", "occupation", "latlon", "posted", "pay"):
                c.execute(f"DROP INDEX IF EXISTS postings_{name}")
            c.execute("COMMIT")
            count = 0
            rows: list[tuple] = []
            texts: list[tuple] = []
            lists: dict[str, tuple[array, array]] = {}
            for record in records:
                row, text = _rows(record)
                rows.append(row)
                texts.append(text)
                in_title = set(_NON_TERM.split(text[1].lower()))
                for term in in_title.union(_NON_TERM.split(text[2].lower())):
                    entry = lists.get(term)
                    if entry is None:
                        entry = lists[term] = (array("q"), array("b"))
                    entry[0].append(text[0])
                    entry[1].append(term in in_title)
                if len(rows) >= batch:
                    count += self._write(rows, texts)
                    rows, texts = [], []
            count += self._write(rows, texts)
            c.execute("BEGIN")
            for term, (ids, flags) in lists.items():
                if term and len(ids) >= self.hot_min_df:
                    id_array, flag_array = (
                        np.frombuffer(ids, dtype=np.int64),
                        np.frombuffer(flags, dtype=np.int8),
                    )
                    order = np.argsort(id_array, kind="stable")
                    c.execute(
                        "INSERT INTO hot_terms VALUES (?, ?, ?)",
                        (
                            term,
                            id_array[order].tobytes(),
                            np.packbits(flag_array[order].astype(bool)).tobytes(),
                        ),
                    )
            c.execute("COMMIT")
            del lists
            c.executescript(_INDEXES)
            c.execute("INSERT INTO postings_fts (postings_fts) VALUES ('optimize')")
            c.execute("ANALYZE")
        finally:
            if c.in_transaction:
                c.execute("ROLLBACK")
            if self.path != ":memory:":
                c.execute("PRAGMA journal_mode = DELETE")
            c.execute("PRAGMA synchronous = FULL")
        self._generation += 1
        return count

    def _write(self, rows: list[tuple], texts: list[tuple]) -> int:
        if not rows:
            return 0
        self.conn.execute("BEGIN")
        self.conn.executemany(_INSERT_ROW, rows)
        self.conn.executemany(_INSERT_FTS, texts)
        self.conn.execute("COMMIT")
        return len(rows)

    def upsert(self, records: Iterable[Any]) -> int:
        """Insert or replace postings by id."""
        pairs = [_rows(r) for r in records]
        if not pairs:
            return 0
        c = self.conn
        c.execute("BEGIN")
        try:
            c.executemany("DELETE FROM postings_fts WHERE rowid = ?", [(row[0],) for row, _ in pairs])
            c.executemany("INSERT OR IGNORE INTO dirty VALUES (?)", [(row[0],) for row, _ in pairs])
            c.executemany(_INSERT_ROW, [row for row, _ in pairs])
            c.executemany(_INSERT_FTS, [text for _, text in pairs])
        except BaseException:
            c.execute("ROLLBACK")
            raise
        c.execute("COMMIT")
        self._generation += 1
        return len(pairs)

    def delete(self, ids: Iterable[int]) -> int:
        keys = [(int(i),) for i in ids]
        c = self.conn
        c.execute("BEGIN")
        try:
            before = c.total_changes
            c.executemany("DELETE FROM postings WHERE id = ?", keys)
            removed = c.total_changes - before
            c.executemany("DELETE FROM postings_fts WHERE rowid = ?", keys)
            c.executemany("INSERT OR IGNORE INTO dirty VALUES (?)", keys)
        except BaseException:
            c.execute("ROLLBACK")
            raise
        c.execute("COMMIT")
        self._generation += 1
        return removed

    # -- reading ---------------------------------------------------------------------------------------------

    def _state(self) -> _Columns:
        """The filter columns in memory, reloaded after a write (a district's postings fit in tens of MB)."""
        if self._columns is None or self._columns.generation != self._generation:
            self._columns = _Columns.load(self.conn, self._generation)
            self._terms.clear()
        return self._columns

    def _term(self, cols: _Columns, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Row positions holding ``term`` (ascending) and whether it is in the title, from FTS5, cached per term."""
        cached = self._terms.get(term)
        if cached is not None:
            self._terms.move_to_end(term)
            return cached
        quoted = '"' + term.replace('"', '""') + '"'
        hot = self.conn.execute("SELECT ids, title FROM hot_terms WHERE term = ?", (term,)).fetchone()
        if hot is None:
            rowids = self._fts_ids("SELECT rowid FROM postings_fts WHERE postings_fts MATCH ?", quoted)
            titled = self._fts_ids(
                "SELECT rowid FROM postings_fts WHERE postings_fts MATCH ?", "{title} : " + quoted
            )
            in_title = np.isin(rowids, titled, assume_unique=True)
        else:
            rowids = np.frombuffer(hot[0], dtype=np.int64)
            in_title = np.unpackbits(np.frombuffer(hot[1], dtype=np.uint8), count=len(rowids)).astype(bool)
            if len(cols.dirty):
                # Written since the build: drop the stored entries for those ids and ask FTS5 about them alone.
                clean = ~np.isin(rowids, cols.dirty, assume_unique=True)
                join = "SELECT d.id FROM dirty d CROSS JOIN postings_fts ON postings_fts.rowid = d.id WHERE postings_fts MATCH ?"
                fresh = self._fts_ids(join, quoted)
                fresh_titled = np.isin(fresh, self._fts_ids(join, "{title} : " + quoted), assume_unique=True)
                rowids = np.concatenate([rowids[clean], fresh])
                in_title = np.concatenate([in_title[clean], fresh_titled])
                order = np.argsort(rowids, kind="stable")
                rowids, in_title = rowids[order], in_title[order]
            # A stored id may have been deleted and not re-inserted: it is dirty, so it was dropped above.
        positions = np.searchsorted(cols.ids, rowids)
        self._terms[term] = (positions, in_title)
        if len(self._terms) > TERM_CACHE:
            self._terms.popitem(last=False)
        return positions, in_title

    def _fts_ids(self, sql: str, match: str) -> np.ndarray:
        return np.fromiter((r[0] for r in self.conn.execute(sql, (match,))), dtype=np.int64)

    def search(self, query: Query) -> Result:
        query.validate()
        cols = self._state()
        n = len(cols.ids)
        tokens = _match_tokens(query.text) if query.text.strip() else []
        if query.text.strip() and not tokens:
            return Result([], 0, Facets(), query.page, query.per_page, None)
        if tokens:
            # BM25 with k1 = 0 (term presence, which is what detail=column keeps), the field weight of the best
            # field the term is in (title over description): score = sum of idf(term) x weight.
            lists = sorted((self._term(cols, t) for t in tokens), key=lambda pl: len(pl[0]))
            pos = lists[0][0]
            score = _idf(n, len(pos)) * np.where(lists[0][1], TITLE_WEIGHT, DESCRIPTION_WEIGHT)
            for other_pos, other_title in lists[1:]:
                # Dense scatter then gather: O(n) and ~10x faster than np.intersect1d on long lists.
                dense = np.zeros(n)
                dense[other_pos] = _idf(n, len(other_pos)) * np.where(
                    other_title, TITLE_WEIGHT, DESCRIPTION_WEIGHT
                )
                extra = dense[pos]
                both = extra > 0
                pos, score = pos[both], score[both] + extra[both]
        else:
            pos = np.arange(n)
            score = np.zeros(n)

        # Filters narrow the candidates one after another, most selective first, so later ones gather less.
        def narrow(mask: np.ndarray) -> None:
            nonlocal pos, score
            pos, score = pos[mask], score[mask]

        if query.division_prefix:
            narrow(cols.division_allowed(query.division_prefix)[cols.division[pos]])
        if query.occupation_prefix:
            narrow(cols.occupation_allowed(query.occupation_prefix)[cols.occupation[pos]])
        if query.near is not None and query.within_km is not None:
            # Bounding box first (cheap), exact haversine below.
            lat0, lon0 = query.near
            dlat = math.degrees(query.within_km / EARTH_RADIUS_KM)
            coslat = max(math.cos(math.radians(min(89.9, abs(lat0) + dlat))), 1e-6)
            dlon = min(180.0, math.degrees(query.within_km / (EARTH_RADIUS_KM * coslat)))
            with np.errstate(invalid="ignore"):
                narrow((np.abs(cols.lat[pos] - lat0) <= dlat) & (np.abs(cols.lon[pos] - lon0) <= dlon))
        if query.contract_types:
            allowed = np.zeros(len(cols.contract_names) + 1, dtype=bool)
            for name in query.contract_types:
                if name in cols.contract_index:
                    allowed[cols.contract_index[name]] = True
            narrow(allowed[cols.contract[pos]])
        if query.posted_within_days is not None and query.today is not None:
            narrow(cols.posted[pos] >= query.today.toordinal() - query.posted_within_days)
        if query.pay_from is not None:
            narrow(cols.pay_max[pos] >= query.pay_from)
        if query.pay_to is not None:
            narrow(cols.pay_min[pos] <= query.pay_to)
        if query.max_education_rank is not None:
            narrow(cols.education[pos] <= query.max_education_rank)
        if query.max_experience_years is not None:
            narrow(cols.experience[pos] <= query.max_experience_years)
        dist = None
        if query.near is not None:
            lat0, lon0 = query.near
            dist = _haversine_np(cols.lat[pos], cols.lon[pos], lat0, lon0)
            if query.within_km is not None:
                with np.errstate(invalid="ignore"):
                    near = dist <= query.within_km
                pos, score, dist = pos[near], score[near], dist[near]
        total = len(pos)
        facets = Facets(
            occupation_major=_counts(cols.major_names, cols.major[pos]),
            county=_counts(cols.county_names, cols.county[pos]),
            contract_type=_counts(cols.contract_names, cols.contract[pos]),
            pay_band=_counts([b[0] for b in PAY_BANDS], cols.pay_band[pos]),
        )
        # k: the sort key, ascending is best first; ties go by id because pos ascends with id.
        if query.sort == "relevance":
            key = -score
        elif query.sort == "pay":
            key = -cols.pay_max[pos].astype(np.float64)
        elif query.sort == "distance":
            key = np.nan_to_num(dist, nan=1e12) if dist is not None else np.zeros(total)
        else:
            key = -cols.posted[pos].astype(np.float64)
        ids = cols.ids[pos]
        cursor = query.cursor()
        if cursor is not None:
            last_key, last_id, page = cursor
            after = (key > last_key) | ((key == last_key) & (ids > last_id))
            chosen = np.flatnonzero(after)
            order = chosen[_smallest(key[chosen], query.per_page)]
        else:
            page = query.page
            offset = (page - 1) * query.per_page
            order = _smallest(key, offset + query.per_page)[offset:]
        hits = [
            Hit(
                int(ids[i]),
                float(score[i]),
                None if dist is None or math.isnan(dist[i]) else round(float(dist[i]), 3),
            )
            for i in order
        ]
        shown = (page - 1) * query.per_page + len(hits)
        next_token = None
        if hits and shown < total:
            last = order[-1]
            token = {"k": float(key[last]), "i": int(ids[last]), "p": page + 1, "f": query.fingerprint()}
            next_token = base64.urlsafe_b64encode(json.dumps(token).encode()).decode().rstrip("=")
        return Result(hits, total, facets, page, query.per_page, next_token)


def _smallest(key: np.ndarray, count: int) -> np.ndarray:
    """Indices of the ``count`` smallest keys in (key, index) order, without sorting everything.

    Keys often tie in bulk (one-word queries score alike, many postings share a date), so the keys equal to the
    threshold are taken in index order rather than sorted.
    """
    if count <= 0 or len(key) == 0:
        return np.zeros(0, dtype=np.int64)
    if count >= len(key):
        return np.argsort(key, kind="stable")
    # Fast path for bulk ties: the best few distinct keys usually hold a page already (np.partition is slow on
    # arrays that are mostly one value).
    taken: list[np.ndarray] = []
    have, level = 0, -np.inf
    for _ in range(4):
        rest = key[key > level]
        if not len(rest):
            break
        level = rest.min()
        at = np.flatnonzero(key == level)
        taken.append(at[: count - have])
        have += len(taken[-1])
        if have >= count:
            return np.concatenate(taken)
    threshold = np.partition(key, count - 1)[count - 1]
    below = np.flatnonzero(key < threshold)
    below = below[np.argsort(key[below], kind="stable")]
    tied = np.flatnonzero(key == threshold)[: count - len(below)]
    return np.concatenate([below, tied])


def _counts(names: list[str], codes: np.ndarray) -> dict[str, int]:
    tally = np.bincount(codes, minlength=len(names)) if len(codes) else np.zeros(len(names), dtype=np.int64)
    pairs = [(names[i], int(c)) for i, c in enumerate(tally) if c and i < len(names)]
    return dict(sorted(pairs, key=lambda p: (-p[1], p[0])))


def _idf(n: int, df: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def _haversine_np(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float) -> np.ndarray:
    p1, p2 = np.radians(lat), math.radians(lat0)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * math.cos(p2) * np.sin(np.radians(lon0 - lon) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


_BAND_EDGES = np.array([lo for _label, lo, _hi in PAY_BANDS[1:]])


class _Columns:
    """Filter and facet columns as arrays in id order; strings dictionary-encoded."""

    def __init__(self, rows: list[tuple], generation: int, dirty: np.ndarray | None = None):
        self.generation = generation
        self.dirty = np.zeros(0, dtype=np.int64) if dirty is None else dirty
        ids, paths, lats, lons, codes, pay_min, pay_max, edu, exp, contracts, posted = (
            zip(*rows, strict=True) if rows else ([],) * 11
        )
        self.ids = np.array(ids, dtype=np.int64)
        self.division_names, self.division = _encode(paths)
        self.occupation_names, self.occupation = _encode(codes)
        self.contract_names, self.contract = _encode(contracts)
        self.contract_index = {name: i for i, name in enumerate(self.contract_names)}
        self.lat = np.array([np.nan if v is None else v for v in lats], dtype=np.float64)
        self.lon = np.array([np.nan if v is None else v for v in lons], dtype=np.float64)
        self.pay_min = np.array(pay_min, dtype=np.int64)
        self.pay_max = np.array(pay_max, dtype=np.int64)
        self.education = np.array(edu, dtype=np.int64)
        self.experience = np.array(exp, dtype=np.int64)
        self.posted = np.array(posted, dtype=np.int64)
        self.pay_band = np.searchsorted(_BAND_EDGES, self.pay_min, side="right")
        counties = [p.split("/")[2] if p.count("/") >= 2 else "" for p in self.division_names]
        self.county_names, self.county_of_division = _encode(counties)
        majors = [c.split("-", 1)[0] for c in self.occupation_names]
        self.major_names, self.major_of_occupation = _encode(majors)
        self.major = self.major_of_occupation[self.occupation] if len(self.occupation) else self.occupation
        self.county = self.county_of_division[self.division] if len(self.division) else self.division

    @classmethod
    def load(cls, conn: sqlite3.Connection, generation: int) -> _Columns:
        rows = conn.execute(
            "SELECT id, division_path, lat, lon, occupation_code, pay_min, pay_max, education_rank,"
            " experience_years, contract_type, posted_day FROM postings ORDER BY id"
        ).fetchall()
        dirty = np.array([r[0] for r in conn.execute("SELECT id FROM dirty ORDER BY id")], dtype=np.int64)
        return cls(rows, generation, dirty)

    def division_allowed(self, prefix: str) -> np.ndarray:
        below = prefix + "/"
        return np.array(
            [p == prefix or p.startswith(below) for p in self.division_names] + [False], dtype=bool
        )

    def occupation_allowed(self, prefix: str) -> np.ndarray:
        below = prefix + "-"
        return np.array(
            [c == prefix or c.startswith(below) for c in self.occupation_names] + [False], dtype=bool
        )


def _encode(values: Iterable[str]) -> tuple[list[str], np.ndarray]:
    names: dict[str, int] = {}
    codes = np.fromiter((names.setdefault(v, len(names)) for v in values), dtype=np.int64)
    return list(names), codes


assert tuple(f.name for f in fields(PostingRecord)) == _RECORD_FIELDS
