"""Parquet extracts of the library for the indicator engine, with hashed identifiers (pure: no Django).

An extract is a directory of Parquet files, one per table. Identifiers of persons, employers and postings are
replaced by keyed hashes (HMAC-SHA256 with a key the platform holds, truncated to 20 hex digits); no names,
no ID numbers, no dates of birth leave the library. The tables:

`person_month` — one row per person of working age (16 to 64 at the month's end) per month:
    person_hash, division_code (the residence's leaf division), month (first day), month_idx
    (year × 12 + month − 1), and the person's status *on the last day of the month*:
    employed                   an employment spell covers the day (start ≤ day ≤ end, end inclusive)
    employed_prev              the same on the last day of the previous month
    job_started                an employment spell starts within the month
    registered_unemployed      an unemployment registration covers the day (registered ≤ day ≤ ended)
    registered_unemployed_prev the same on the last day of the previous month
    difficulty                 member of a key group that counts as "persons with employment difficulties"
    key_group_mask             bit i set ⇔ member of the key group with bit 2**i (table `key_groups`)
    insured                    covered by basic pension insurance: an insured period covers the day, or a
                               pension contribution was paid for the month
    months_since_graduation    months from the month of the latest graduation (0 = that month), else null
`postings_month` — one row per published posting per month in which it is live (published on or before the
    month's last day, and its end — the earlier of valid-until and the date it was filled — on or after the
    month's first day): posting_hash, employer_hash, division_code, month, month_idx, occupation_code,
    occupation_major (大典 major group, the code's first segment), headcount, pay_min, pay_max, pay_mid (the
    midpoint, or the one bound given), published_date, filled_date, is_new (published in the month), is_filled
    (filled in the month), days_to_fill (filled − published, in days, on the row of the month it was filled).
`applicants_month` — one row per job seeker per month in which a registration (job-seeker registration or
    unemployment registration) is active at some day of the month: person_hash, division_code, month,
    month_idx, occupation_major (of the desired occupation, null if none). One row per person and month: when
    registrations overlap, the latest-starting one gives the division and occupation.
`key_groups` — bit (BIGINT, a power of two), code, difficulty.
`division_ancestors` — leaf_code, code, level: every division of the extract with itself and each ancestor,
    for rolling leaf figures up to county, prefecture and province.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

HASH_HEX_DIGITS = 20

PERSON_MONTH = pa.schema(
    [
        ("person_hash", pa.string()),
        ("division_code", pa.string()),
        ("month", pa.date32()),
        ("month_idx", pa.int32()),
        ("employed", pa.bool_()),
        ("employed_prev", pa.bool_()),
        ("job_started", pa.bool_()),
        ("registered_unemployed", pa.bool_()),
        ("registered_unemployed_prev", pa.bool_()),
        ("difficulty", pa.bool_()),
        ("key_group_mask", pa.int64()),
        ("insured", pa.bool_()),
        ("months_since_graduation", pa.int16()),
    ]
)

POSTINGS_MONTH = pa.schema(
    [
        ("posting_hash", pa.string()),
        ("employer_hash", pa.string()),
        ("division_code", pa.string()),
        ("month", pa.date32()),
        ("month_idx", pa.int32()),
        ("occupation_code", pa.string()),
        ("occupation_major", pa.string()),
        ("headcount", pa.int32()),
        ("pay_min", pa.int32()),
        ("pay_max", pa.int32()),
        ("pay_mid", pa.float64()),
        ("published_date", pa.date32()),
        ("filled_date", pa.date32()),
        ("is_new", pa.bool_()),
        ("is_filled", pa.bool_()),
        ("days_to_fill", pa.int32()),
    ]
)

APPLICANTS_MONTH = pa.schema(
    [
        ("person_hash", pa.string()),
        ("division_code", pa.string()),
        ("month", pa.date32()),
        ("month_idx", pa.int32()),
        ("occupation_major", pa.string()),
    ]
)

KEY_GROUPS = pa.schema([("bit", pa.int64()), ("code", pa.string()), ("difficulty", pa.bool_())])

DIVISION_ANCESTORS = pa.schema([("leaf_code", pa.string()), ("code", pa.string()), ("level", pa.int16())])

TABLES: dict[str, pa.Schema] = {
    "person_month": PERSON_MONTH,
    "postings_month": POSTINGS_MONTH,
    "applicants_month": APPLICANTS_MONTH,
    "key_groups": KEY_GROUPS,
    "division_ancestors": DIVISION_ANCESTORS,
}


# ---------------------------------------------------------------------------------------------- months


def month_idx(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def month_start(idx: int) -> dt.date:
    return dt.date(idx // 12, idx % 12 + 1, 1)


def month_end(idx: int) -> dt.date:
    return month_start(idx + 1) - dt.timedelta(days=1)


def month_range(first: dt.date, last: dt.date) -> list[int]:
    """Month indexes from the month of `first` to the month of `last`, both included."""
    return list(range(month_idx(first), month_idx(last) + 1))


def parse_month(text: str) -> dt.date:
    """'2025-01' → 2025-01-01; ValueError naming the expected form otherwise."""
    try:
        year, month = text.strip().split("-")
        return dt.date(int(year), int(month), 1)
    except (ValueError, AttributeError):
        raise ValueError(f"{text!r} is not a month: give YYYY-MM") from None


# ---------------------------------------------------------------------------------------------- hashing


def hash_id(key: bytes, kind: str, value: object) -> str:
    """A keyed hash of an identifier: the same value gives the same hash within one key, nothing reversible."""
    mac = hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256)
    return mac.hexdigest()[:HASH_HEX_DIGITS]


def occupation_major(code: str | None) -> str | None:
    """大典 major group (大类) of a code such as '2-02-10-03' → '2'."""
    if not code:
        return None
    return code.split("-", 1)[0] or None


def division_ancestor_rows(paths: Iterable[str]) -> list[tuple[str, str, int]]:
    """(leaf_code, code, level) for every prefix of each path '43/4303/430302/430302001' (itself included)."""
    rows: set[tuple[str, str, int]] = set()
    for path in paths:
        parts = [p for p in path.split("/") if p]
        if not parts:
            continue
        leaf = parts[-1]
        for level, code in enumerate(parts, start=1):
            rows.add((leaf, code, level))
    return sorted(rows)


# ---------------------------------------------------------------------------------------------- persons

Interval = tuple[dt.date, dt.date | None]


def _covers(intervals: Sequence[Interval], day: dt.date) -> bool:
    return any(start <= day and (end is None or end >= day) for start, end in intervals)


def _overlaps_month(start: dt.date, end: dt.date | None, idx: int) -> bool:
    return start <= month_end(idx) and (end is None or end >= month_start(idx))


@dataclass
class PersonFacts:
    """What the library knows about one person, as dated intervals (no personal data but the hash)."""

    person_hash: str
    division_code: str
    birth_date: dt.date
    spells: list[Interval] = field(default_factory=list)
    registrations: list[Interval] = field(default_factory=list)
    # (key group code, since, until or None)
    key_groups: list[tuple[str, dt.date, dt.date | None]] = field(default_factory=list)
    insured_periods: list[Interval] = field(default_factory=list)
    contribution_months: set[int] = field(default_factory=set)
    graduation_dates: list[dt.date] = field(default_factory=list)


def _age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def person_month_rows(
    facts: PersonFacts, months: Sequence[int], key_group_bits: dict[str, int], difficulty_groups: set[str]
) -> Iterator[dict]:
    """The `person_month` rows of one person (see the module docstring for each column's definition)."""
    grad_months = sorted(month_idx(d) for d in facts.graduation_dates)
    for idx in months:
        eom = month_end(idx)
        age = _age_on(facts.birth_date, eom)
        if age < 16 or age >= 65:
            continue
        prev_eom = month_start(idx) - dt.timedelta(days=1)
        mask = 0
        difficulty = False
        for code, since, until in facts.key_groups:
            if since <= eom and (until is None or until >= eom):
                mask |= key_group_bits.get(code, 0)
                difficulty = difficulty or code in difficulty_groups
        past = [g for g in grad_months if g <= idx]
        yield {
            "person_hash": facts.person_hash,
            "division_code": facts.division_code,
            "month": month_start(idx),
            "month_idx": idx,
            "employed": _covers(facts.spells, eom),
            "employed_prev": _covers(facts.spells, prev_eom),
            "job_started": any(month_start(idx) <= start <= eom for start, _ in facts.spells),
            "registered_unemployed": _covers(facts.registrations, eom),
            "registered_unemployed_prev": _covers(facts.registrations, prev_eom),
            "difficulty": difficulty,
            "key_group_mask": mask,
            "insured": _covers(facts.insured_periods, eom) or idx in facts.contribution_months,
            "months_since_graduation": (idx - past[-1]) if past else None,
        }


# ---------------------------------------------------------------------------------------------- postings


@dataclass
class PostingFacts:
    posting_hash: str
    employer_hash: str
    division_code: str
    occupation_code: str | None
    headcount: int
    pay_min: int | None
    pay_max: int | None
    published_date: dt.date
    valid_until: dt.date | None
    filled_date: dt.date | None


def pay_midpoint(pay_min: int | None, pay_max: int | None) -> float | None:
    if pay_min and pay_max:
        return (pay_min + pay_max) / 2
    return float(pay_min or pay_max) if (pay_min or pay_max) else None


def posting_month_rows(facts: PostingFacts, months: Sequence[int]) -> Iterator[dict]:
    ends = [d for d in (facts.valid_until, facts.filled_date) if d is not None]
    end = min(ends) if ends else None
    published_idx = month_idx(facts.published_date)
    filled = facts.filled_date if facts.filled_date and facts.filled_date >= facts.published_date else None
    filled_idx = month_idx(filled) if filled else None
    for idx in months:
        if not _overlaps_month(facts.published_date, end, idx):
            continue
        is_filled = filled_idx == idx
        yield {
            "posting_hash": facts.posting_hash,
            "employer_hash": facts.employer_hash,
            "division_code": facts.division_code,
            "month": month_start(idx),
            "month_idx": idx,
            "occupation_code": facts.occupation_code,
            "occupation_major": occupation_major(facts.occupation_code),
            "headcount": facts.headcount,
            "pay_min": facts.pay_min,
            "pay_max": facts.pay_max,
            "pay_mid": pay_midpoint(facts.pay_min, facts.pay_max),
            "published_date": facts.published_date,
            "filled_date": filled,
            "is_new": published_idx == idx,
            "is_filled": is_filled,
            "days_to_fill": (filled - facts.published_date).days if is_filled else None,
        }


# ---------------------------------------------------------------------------------------------- seekers


@dataclass
class SeekerSpell:
    """One registration that makes a person a job seeker: active from `start` to `end` (inclusive, None = open)."""

    division_code: str
    start: dt.date
    end: dt.date | None
    occupation_code: str | None


def applicant_month_rows(
    person_hash: str, spells: Sequence[SeekerSpell], months: Sequence[int]
) -> Iterator[dict]:
    ordered = sorted(spells, key=lambda s: s.start)
    for idx in months:
        active = [s for s in ordered if _overlaps_month(s.start, s.end, idx)]
        if not active:
            continue
        spell = active[-1]
        yield {
            "person_hash": person_hash,
            "division_code": spell.division_code,
            "month": month_start(idx),
            "month_idx": idx,
            "occupation_major": occupation_major(spell.occupation_code),
        }


# ---------------------------------------------------------------------------------------------- writing


class ExtractWriter:
    """Writes the extract tables in batches (memory bounded): rows are buffered and flushed every `batch_rows`."""

    def __init__(self, directory: str | Path, *, batch_rows: int = 100_000):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.batch_rows = batch_rows
        self._buffers: dict[str, list[dict]] = {name: [] for name in TABLES}
        self._writers: dict[str, pq.ParquetWriter] = {}
        self.counts: dict[str, int] = dict.fromkeys(TABLES, 0)

    def path(self, table: str) -> Path:
        return self.directory / f"{table}.parquet"

    def add(self, table: str, rows: Iterable[dict]) -> None:
        buffer = self._buffers[table]
        for row in rows:
            buffer.append(row)
            if len(buffer) >= self.batch_rows:
                self._flush(table)
                buffer = self._buffers[table]

    def _flush(self, table: str) -> None:
        rows = self._buffers[table]
        if not rows:
            return
        schema = TABLES[table]
        batch = pa.Table.from_pylist(rows, schema=schema)
        writer = self._writers.get(table)
        if writer is None:
            writer = self._writers[table] = pq.ParquetWriter(self.path(table), schema)
        writer.write_table(batch)
        self.counts[table] += len(rows)
        self._buffers[table] = []

    def close(self) -> dict[str, int]:
        for table, schema in TABLES.items():
            self._flush(table)
            writer = self._writers.pop(table, None)
            if writer is not None:
                writer.close()
            elif not self.path(table).exists():
                pq.write_table(schema.empty_table(), self.path(table))
        return dict(self.counts)

    def __enter__(self) -> ExtractWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
