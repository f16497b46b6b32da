"""Linking staged department records to library persons, and the clerical review of uncertain pairs.

A staged record is a valid department row whose person could not be found by resident ID. The linkage
engine (`jiuye.linkage.engine`, pure) scores it against candidate persons picked by blocking in SQL:

- "link" (probability ≥ upper, one candidate): the record is attached and its payload lands through
  the source adapter, exactly as if the ID had matched;
- "review" (between the thresholds, or several candidates): a LinkReview per candidate, for a
  caseworker of the candidate's district to decide;
- nothing above lower: the record is unmatched.

Persons are never merged here; that takes a person's decision (`jiuye.registry.linking.merge_persons`).
This module sits in ingestion (above registry) because it applies payloads through the adapters.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.geography.models import Division
from jiuye.linkage.engine import Thresholds, link_records
from jiuye.registry.enums import ReviewStatus
from jiuye.registry.models import DataSource, LinkReview, Person
from jiuye.registry.permissions import can_decide_review

from .enums import StagedStatus
from .models import StagedRecord
from .pipeline import staged_row
from .sources.base import ApplyContext, RowRejected, get_adapter

Engine = Callable[..., pa.Table]
_CHUNK = 500
COMPARED_FIELDS = ("name", "birth_date", "sex", "phone", "division")

LEFT_SCHEMA = pa.schema(
    [
        ("record_id", pa.string()),
        ("name", pa.string()),
        ("birth_date", pa.date32()),
        ("sex", pa.string()),
        ("phone_hash", pa.string()),
        ("division_code", pa.string()),
        ("id_hash", pa.string()),
    ]
)


class ReviewError(Exception):
    """A review decision that cannot be taken; the message says why."""


@dataclass
class LinkCounts:
    considered: int = 0
    candidates: int = 0  # persons exported to the engine (after SQL blocking)
    linked: int = 0
    review: int = 0
    reviews_created: int = 0
    unmatched: int = 0
    outcomes: Counter = field(default_factory=Counter)  # adapter outcomes of the linked payloads

    def as_dict(self) -> dict[str, Any]:
        return {
            "considered": self.considered,
            "candidates": self.candidates,
            "linked": self.linked,
            "review": self.review,
            "reviews_created": self.reviews_created,
            "unmatched": self.unmatched,
            "outcomes": dict(self.outcomes),
        }


# --- tables for the engine ------------------------------------------------------------------------


def _blank(value: str | None) -> str | None:
    return value or None


def _identity(record: StagedRecord) -> tuple:
    return (record.name, record.birth_date, record.sex or "", record.phone_hash or "", record.division.code,
            record.resident_id_hash or "")


def staged_table(records: Iterable[StagedRecord]) -> tuple[pa.Table, dict[str, list[StagedRecord]]]:
    """One engine row per distinct identity (a file often holds many rows of one person: monthly
    contributions, several trainings), named after its first record; and the records behind each row.

    Grouping matters beyond speed: the engine gives each row at most one link, so twelve identical
    rows of one person would otherwise compete for that person and eleven would go to review.
    """
    groups: dict[tuple, list[StagedRecord]] = {}
    for record in records:
        groups.setdefault(_identity(record), []).append(record)
    firsts = [members[0] for members in groups.values()]
    table = pa.table(
        {
            "record_id": [str(r.pk) for r in firsts],
            "name": [r.name for r in firsts],
            "birth_date": [r.birth_date for r in firsts],
            "sex": [_blank(r.sex) for r in firsts],
            "phone_hash": [_blank(r.phone_hash) for r in firsts],
            "division_code": [r.division.code for r in firsts],
            "id_hash": [_blank(r.resident_id_hash) for r in firsts],
        },
        schema=LEFT_SCHEMA,
    )
    return table, {str(members[0].pk): members for members in groups.values()}


def person_table(rows: Iterable[dict[str, Any]]) -> pa.Table:
    rows = list(rows)
    return pa.table(
        {
            "record_id": [str(r["pk"]) for r in rows],
            "name": [r["name"] for r in rows],
            "birth_date": [r["birth_date"] for r in rows],
            "sex": [_blank(r["sex"]) for r in rows],
            "phone_hash": [_blank(r["phone_hash"]) for r in rows],
            "division_code": [r["division__code"] for r in rows],
            "id_hash": [_blank(r["resident_id_hash"]) for r in rows],
        },
        schema=LEFT_SCHEMA,
    )


def _within(prefix: str, field_name: str = "division__path") -> models.Q:
    return models.Q(**{field_name: prefix}) | models.Q(**{f"{field_name}__startswith": prefix + "/"})


def _chunks(values: list[Any]) -> Iterable[list[Any]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i : i + _CHUNK]


PERSON_COLUMNS = ("pk", "name", "birth_date", "sex", "phone_hash", "division__code", "resident_id_hash")


def candidate_persons(records: list[StagedRecord], area_path: str) -> list[dict[str, Any]]:
    """Persons worth comparing with `records` (all in the county or area `area_path`), found in SQL so a
    province is never exported whole. A person is a candidate when it shares, with one of the records:
    the ID hash or phone hash (anywhere); the birth date (same city); the full name (same county); or
    the family name and birth year (same county) — the last two catch typos in the birth date or the name.
    """
    base = Person.objects.order_by()
    found: dict[int, dict[str, Any]] = {}

    def add(qs: models.QuerySet) -> None:
        for row in qs.values(*PERSON_COLUMNS):
            found.setdefault(row["pk"], row)

    ids = sorted({r.resident_id_hash for r in records if r.resident_id_hash})
    phones = sorted({r.phone_hash for r in records if r.phone_hash})
    for chunk in _chunks(ids):
        add(base.filter(resident_id_hash__in=chunk))
    for chunk in _chunks(phones):
        add(base.filter(phone_hash__in=chunk))
    city_path = "/".join(area_path.split("/")[:2])
    dates = sorted({r.birth_date for r in records if r.birth_date})
    for chunk in _chunks(dates):
        add(base.filter(_within(city_path), birth_date__in=chunk))
    in_county = base.filter(_within(area_path))
    names = sorted({r.name for r in records if r.name})
    for chunk in _chunks(names):
        add(in_county.filter(name__in=chunk))
    pairs = {(r.name[:1], r.birth_date.year) for r in records if r.name and r.birth_date}
    surnames = sorted({s for s, _y in pairs})
    years = sorted({y for _s, y in pairs})
    for chunk in _chunks(surnames):
        qs = in_county.annotate(surname=Substr("name", 1, 1)).filter(surname__in=chunk, birth_date__year__in=years)
        for row in qs.values(*PERSON_COLUMNS):
            if (row["name"][:1], row["birth_date"].year) in pairs:
                found.setdefault(row["pk"], row)
    return list(found.values())


def _area_key(division: Division) -> str:
    """The county a record belongs to (or its own division when above county level)."""
    return "/".join(division.path.split("/")[:3])


def comparison_from_pair(pair: dict[str, Any]) -> dict[str, int]:
    """The per-field comparison levels of a pair (never raw values)."""
    return {name: int(pair[f"gamma_{name}"]) for name in COMPARED_FIELDS if pair.get(f"gamma_{name}") is not None}


# --- attaching a record to a person ---------------------------------------------------------------


class _Applier:
    """Lands staged payloads through their adapters, with one ApplyContext per run (caches kept)."""

    def __init__(self) -> None:
        self.contexts: dict[tuple[str, int], ApplyContext] = {}
        self.sources: dict[str, DataSource] = {}

    def source(self, adapter: Any) -> DataSource:
        if adapter.code not in self.sources:
            self.sources[adapter.code], _created = DataSource.objects.get_or_create(
                code=adapter.code,
                defaults={  # as the import pipeline names it
                    "kind": adapter.department, "name_zh": adapter.title_zh[:100], "name_en": adapter.title_en[:150],
                },
            )
        return self.sources[adapter.code]

    def apply(self, staged: StagedRecord, person: Person) -> tuple[str, str]:
        """Returns (outcome, rejection code). A row the adapter rejects keeps its link and payload."""
        adapter = get_adapter(staged.source_code)
        key = (staged.source_code, staged.run_id)
        if key not in self.contexts:
            self.contexts[key] = ApplyContext(run=staged.run, source=self.source(adapter))
        row = staged_row(adapter, staged)
        try:
            with transaction.atomic():
                return adapter.apply(row, self.contexts[key], person), ""
        except RowRejected as exc:
            return "rejected", exc.code


def attach(
    staged: StagedRecord,
    person: Person,
    *,
    probability: float | None,
    by: Any = None,
    applier: _Applier | None = None,
    via: str = "engine",
) -> str:
    """Link a staged record to a person, land its payload and audit it. Returns the adapter's outcome."""
    outcome, rejected = (applier or _Applier()).apply(staged, person)
    staged.person, staged.status = person, StagedStatus.LINKED
    if probability is not None:
        staged.match_probability = probability
    staged.save(update_fields=["person", "status", "match_probability", "updated_at"])
    data: dict[str, Any] = {
        "staged_id": staged.pk,
        "person_id": person.pk,
        "source": staged.source_code,
        "probability": None if probability is None else round(float(probability), 6),
        "via": via,
        "outcome": outcome,
    }
    if rejected:
        data["rejected"] = rejected
    record_event(staged, actor=by, kind=EventKind.RECORD_LINKED, division_path=person.division.path, data=data)
    return outcome


# --- the linkage run -------------------------------------------------------------------------------


def _as_division(division: Division | str | None) -> Division | None:
    if division is None or isinstance(division, Division):
        return division
    return Division.objects.get(code=division)


def link_staged_records(
    *,
    division: Division | str | None = None,
    engine: Engine | None = None,
    thresholds: Thresholds | None = None,
    by: Any = None,
) -> LinkCounts:
    """Link the pending staged records (of `division`'s area, or all), one county at a time."""
    engine = engine or link_records
    thresholds = thresholds or Thresholds()
    area = _as_division(division)
    pending = StagedRecord.objects.pending().select_related("division", "run")
    if area is not None:
        pending = pending.filter(_within(area.path))
    groups: dict[str, list[int]] = defaultdict(list)
    for pk, path in pending.order_by("pk").values_list("pk", "division__path"):
        groups["/".join(path.split("/")[:3])].append(pk)
    counts = LinkCounts()
    applier = _Applier()
    for area_path in sorted(groups):
        with transaction.atomic():
            records = list(pending.filter(pk__in=groups[area_path]).order_by("pk"))
            _link_group(records, area_path, engine, thresholds, by, counts, applier)
    return counts


def _link_group(
    records: list[StagedRecord],
    area_path: str,
    engine: Engine,
    thresholds: Thresholds,
    by: Any,
    counts: LinkCounts,
    applier: _Applier,
) -> None:
    counts.considered += len(records)
    candidates = candidate_persons(records, area_path)
    counts.candidates += len(candidates)
    left, members = staged_table(records)
    pairs_by_row: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if candidates:
        for pair in engine(left, person_table(candidates), thresholds=thresholds).to_pylist():
            pairs_by_row[str(pair["left_id"])].append(pair)
    persons = Person.objects.select_related("division").in_bulk(
        {int(p["right_id"]) for pairs in pairs_by_row.values() for p in pairs}
    )
    for row_id, group in members.items():
        pairs = sorted(pairs_by_row.get(row_id, []), key=lambda p: -p["match_probability"])
        target = _sole_link(group[0], pairs, persons, thresholds)
        for staged in group:
            if target is not None:
                outcome = attach(
                    staged, persons[int(target["right_id"])], probability=target["match_probability"], by=by,
                    applier=applier,
                )
                counts.linked += 1
                counts.outcomes[outcome] += 1
            elif pairs:
                for pair in pairs:
                    _review, created = LinkReview.objects.update_or_create(
                        record=staged,
                        candidate=persons[int(pair["right_id"])],
                        defaults={
                            "match_probability": float(pair["match_probability"]),
                            "comparison": comparison_from_pair(pair),
                        },
                    )
                    counts.reviews_created += created
                staged.status, staged.match_probability = StagedStatus.REVIEW, float(pairs[0]["match_probability"])
                staged.save(update_fields=["status", "match_probability", "updated_at"])
                counts.review += 1
            else:
                staged.status, staged.match_probability = StagedStatus.UNMATCHED, None
                staged.save(update_fields=["status", "match_probability", "updated_at"])
                counts.unmatched += 1


def _sole_link(
    staged: StagedRecord, pairs: list[dict[str, Any]], persons: dict[int, Person], thresholds: Thresholds
) -> dict[str, Any] | None:
    """The pair to link automatically, if the engine is sure and nothing argues for a person's look.

    Not when a second candidate is about as likely (the engine links one record to one person and
    demotes the rest to review, but two near-certain candidates are a question, not an answer), nor
    when the record carries the candidate's own ID hash: the pipeline staged it because the names
    disagree, and the ID alone must not settle that.
    """
    links = [p for p in pairs if p["decision"] == "link"]
    confident = [p for p in pairs if p["match_probability"] >= thresholds.upper]
    if len(links) != 1 or len(confident) > 1:
        return None
    person = persons[int(links[0]["right_id"])]
    if staged.resident_id_hash and staged.resident_id_hash == person.resident_id_hash:
        return None
    return links[0]


# --- clerical review -------------------------------------------------------------------------------


@transaction.atomic
def decide_review(review: LinkReview, *, same: bool, by: Any) -> LinkReview:
    """Record a caseworker's decision on a possible match.

    Same person: the staged record is linked to the candidate and its payload lands; the record's other
    open reviews are closed as different persons. Different persons: the pair is closed; when no open
    review is left, the record is unmatched.
    """
    review = LinkReview.objects.select_for_update(of=("self",)).select_related("candidate__division", "record").get(pk=review.pk)
    if not can_decide_review(by, review):
        raise PermissionDenied
    if review.status != ReviewStatus.PENDING:
        raise ReviewError(_("This pair has already been decided."))
    staged = StagedRecord.objects.select_for_update(of=("self",)).select_related("run", "division").get(pk=review.record_id)
    if staged.status == StagedStatus.LINKED:
        raise ReviewError(_("This department record has already been linked to a person."))
    now = timezone.now()
    review.status = ReviewStatus.SAME if same else ReviewStatus.DIFFERENT
    review.decided_by, review.decided_at = by, now
    review.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    closed: list[int] = []
    if same:
        others = staged.reviews.filter(status=ReviewStatus.PENDING).exclude(pk=review.pk)
        closed = list(others.values_list("pk", flat=True))
        others.update(status=ReviewStatus.DIFFERENT, decided_by=by, decided_at=now, updated_at=now)
        attach(staged, review.candidate, probability=review.match_probability, by=by, via="review")
    elif not staged.reviews.filter(status=ReviewStatus.PENDING).exists():
        staged.status = StagedStatus.UNMATCHED
        staged.save(update_fields=["status", "updated_at"])
    record_event(
        review,
        actor=by,
        kind=EventKind.LINK_REVIEWED,
        division_path=review.candidate.division.path,
        data={
            "review_id": review.pk,
            "staged_id": staged.pk,
            "person_id": review.candidate_id,
            "decision": review.status,
            "closed_reviews": closed,
        },
    )
    return review
