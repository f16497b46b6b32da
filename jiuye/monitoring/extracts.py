"""Writing the analytics extracts from the library (Parquet, hashed identifiers; `jiuye.analytics.extract`).

Persons are read in batches of ids (with their spells, registrations, key groups, pension cover, graduations and
seeker registrations), turned into person-month and applicant-month rows by the pure builders and written by
`ExtractWriter`, which flushes every `batch_rows` rows: memory stays bounded by one batch whatever the region's
size. Identifiers are hashed with a key derived from the platform's keyed-hash key, so a hash means nothing
outside the platform and no name or ID number leaves the database.

Where the library has no date, the extract says what it assumes: a job-seeker registration that is no longer
active (placed or withdrawn) ends on the day it was last updated; a posting's end is the earlier of its
valid-until date and its first hire (the earliest "hired" event of its applications).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from django.db.models import Min, Q
from django.utils import timezone

from jiuye.analytics.extract import (
    ExtractWriter,
    PersonFacts,
    PostingFacts,
    SeekerSpell,
    applicant_month_rows,
    division_ancestor_rows,
    hash_id,
    month_end,
    month_start,
    person_month_rows,
    posting_month_rows,
)
from jiuye.core import pii
from jiuye.geography.models import Division
from jiuye.jobs.enums import ApplicationStatus
from jiuye.jobs.models import JobApplicationEvent, JobPosting
from jiuye.registry.enums import InsuranceScheme, SeekerStatus
from jiuye.registry.models import (
    ContributionRecord,
    EmploymentSpell,
    GraduateRecord,
    InsuredPeriod,
    JobSeekerRegistration,
    Person,
    PersonKeyGroup,
    UnemploymentRegistration,
)
from jiuye.taxonomy.models import KeyGroup

PERSON_BATCH = 2000


def extract_key() -> bytes:
    """The key the extract hashes identifiers with: derived from the platform's keyed-hash key."""
    return bytes.fromhex(pii.keyed_hash("indicator-extracts", purpose="analytics-key"))


def in_scope(field: str, scope: Division | None) -> Q:
    """Rows whose `field` division is `scope` or below it (the same rule as `visible_to`)."""
    if scope is None:
        return Q()
    return Q(**{f"{field}__path": scope.path}) | Q(**{f"{field}__path__startswith": scope.path + "/"})


def _local_date(value: dt.datetime | None) -> dt.date | None:
    if value is None:
        return None
    return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()


def write_extracts(
    directory: Path, months: Sequence[int], *, scope: Division | None = None, batch_rows: int = 100_000
) -> dict[str, int]:
    """Write the extract tables for `months` (month indexes) of the persons and postings in `scope`."""
    key = extract_key()
    months = list(months)
    first_day, last_day = month_start(months[0]), month_end(months[-1])
    division_ids: set[int] = set()
    groups = list(KeyGroup.objects.order_by("code").values_list("code", "is_employment_difficulty"))
    bits = {code: 1 << i for i, (code, _) in enumerate(groups)}
    difficulty = {code for code, is_difficulty in groups if is_difficulty}
    codes = dict(Division.objects.values_list("pk", "code"))

    with ExtractWriter(directory, batch_rows=batch_rows) as writer:
        writer.add("key_groups", ({"bit": bits[c], "code": c, "difficulty": d} for c, d in groups))
        ids = list(
            Person.objects.filter(in_scope("division", scope)).order_by("pk").values_list("pk", flat=True)
        )
        for start in range(0, len(ids), PERSON_BATCH):
            batch = ids[start : start + PERSON_BATCH]
            _write_person_batch(
                writer, batch, months, key, bits, difficulty, codes, division_ids, first_day, last_day
            )
        _write_postings(writer, months, key, scope, codes, division_ids, first_day, last_day)
        paths = Division.objects.filter(pk__in=division_ids).values_list("path", flat=True)
        writer.add(
            "division_ancestors",
            ({"leaf_code": a, "code": b, "level": c} for a, b, c in division_ancestor_rows(paths)),
        )
    return dict(writer.counts)


def _by_person(queryset, lo: int, hi: int, wanted: set[int], *fields: str) -> dict[int, list[tuple]]:
    out: dict[int, list[tuple]] = defaultdict(list)
    for person_id, *rest in queryset.filter(person_id__gte=lo, person_id__lte=hi).values_list(
        "person_id", *fields
    ):
        if person_id in wanted:
            out[person_id].append(tuple(rest))
    return out


def _write_person_batch(
    writer, batch, months, key, bits, difficulty, codes, division_ids, first_day, last_day
):
    lo, hi, wanted = batch[0], batch[-1], set(batch)
    spells = _by_person(
        EmploymentSpell.objects.filter(start_date__lte=last_day), lo, hi, wanted, "start_date", "end_date"
    )
    registrations = _by_person(
        UnemploymentRegistration.objects.filter(registered_on__lte=last_day),
        lo,
        hi,
        wanted,
        "registered_on",
        "ended_on",
        "division_id",
        "seeking_occupation__code",
    )
    key_groups = _by_person(
        PersonKeyGroup.objects.filter(since__lte=last_day),
        lo,
        hi,
        wanted,
        "key_group__code",
        "since",
        "until",
    )
    insured = _by_person(
        InsuredPeriod.objects.filter(scheme=InsuranceScheme.PENSION, start_date__lte=last_day),
        lo,
        hi,
        wanted,
        "start_date",
        "end_date",
    )
    contributions = _by_person(
        ContributionRecord.objects.filter(
            scheme=InsuranceScheme.PENSION, amount_paid__gt=0, month__gte=first_day, month__lte=last_day
        ),
        lo,
        hi,
        wanted,
        "month",
    )
    graduations = _by_person(
        GraduateRecord.objects.filter(graduation_date__lte=last_day), lo, hi, wanted, "graduation_date"
    )
    seekers = _by_person(
        JobSeekerRegistration.objects.filter(registered_on__lte=last_day),
        lo,
        hi,
        wanted,
        "division_id",
        "registered_on",
        "status",
        "updated_at",
        "desired_occupation__code",
    )
    persons = Person.objects.filter(pk__in=batch).values_list("pk", "division_id", "birth_date")
    for pk, division_id, birth_date in persons:
        person_hash = hash_id(key, "person", pk)
        division_ids.add(division_id)
        facts = PersonFacts(
            person_hash=person_hash,
            division_code=codes[division_id],
            birth_date=birth_date,
            spells=spells.get(pk, []),
            registrations=[(r[0], r[1]) for r in registrations.get(pk, [])],
            key_groups=key_groups.get(pk, []),
            insured_periods=insured.get(pk, []),
            contribution_months={m[0].year * 12 + m[0].month - 1 for m in contributions.get(pk, [])},
            graduation_dates=[g[0] for g in graduations.get(pk, [])],
        )
        writer.add("person_month", person_month_rows(facts, months, bits, difficulty))
        spells_sought = [
            SeekerSpell(codes[div], start, end, occupation)
            for start, end, div, occupation in registrations.get(pk, [])
        ] + [
            SeekerSpell(
                codes[div], start, None if status == SeekerStatus.ACTIVE else _local_date(updated), occupation
            )
            for div, start, status, updated, occupation in seekers.get(pk, [])
        ]
        if spells_sought:
            division_ids.update(div for *_, div, _occ in registrations.get(pk, []))
            division_ids.update(s[0] for s in seekers.get(pk, []))
            writer.add("applicants_month", applicant_month_rows(person_hash, spells_sought, months))


def _write_postings(writer, months, key, scope, codes, division_ids, first_day, last_day):
    postings = (
        JobPosting.objects.filter(in_scope("division", scope))
        .filter(published_at__isnull=False, published_at__date__lte=last_day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=first_day))
        .order_by("pk")
    )
    filled = dict(
        JobApplicationEvent.objects.filter(
            to_status=ApplicationStatus.HIRED, application__posting__in=postings
        )
        .values("application__posting_id")
        .annotate(first=Min("at"))
        .values_list("application__posting_id", "first")
    )
    fields = (
        "pk",
        "employer_id",
        "division_id",
        "occupation__code",
        "headcount",
        "pay_min",
        "pay_max",
        "published_at",
        "valid_until",
    )
    for (
        pk,
        employer_id,
        division_id,
        occupation,
        headcount,
        pay_min,
        pay_max,
        published_at,
        valid_until,
    ) in postings.values_list(*fields).iterator(chunk_size=2000):
        division_ids.add(division_id)
        facts = PostingFacts(
            posting_hash=hash_id(key, "posting", pk),
            employer_hash=hash_id(key, "employer", employer_id),
            division_code=codes[division_id],
            occupation_code=occupation,
            headcount=headcount or 1,
            pay_min=pay_min,
            pay_max=pay_max,
            published_date=_local_date(published_at),
            valid_until=valid_until,
            filled_date=_local_date(filled.get(pk)),
        )
        writer.add("postings_month", posting_month_rows(facts, months))
