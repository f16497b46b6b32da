"""Persons a department file brings into the library: lookup by keyed ID hash, creation from a row.

Used by the pipeline only for sources whose adapter says `creates_persons` (human resources' own
registers). Identity comes from the resident ID itself (birth date, sex); the residence from the
row's `division_code`. Identifiers go through `Person.set_resident_id` / `set_phone` so hash, mask
and ciphertext never drift.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from jiuye.geography.models import Division
from jiuye.registry.enums import HukouType, LabourStatus
from jiuye.registry.identifiers import ResidentId
from jiuye.registry.models import Person

from .sources.base import RowRejected

CHUNK = 500  # keeps IN (...) lists under SQLite's variable limit


class DivisionCache:
    """Division by code, looked up once per code for the whole file."""

    def __init__(self) -> None:
        self._by_code: dict[str, Division | None] = {}

    def get(self, code: str | None) -> Division | None:
        if not code:
            return None
        if code not in self._by_code:
            self._by_code[code] = Division.objects.filter(code=code).first()
        return self._by_code[code]


def persons_by_hash(hashes: Iterable[str]) -> dict[str, Person]:
    """The library's persons for these keyed ID hashes (the bulk form of `by_resident_id`)."""
    wanted = sorted(set(hashes))
    found: dict[str, Person] = {}
    for i in range(0, len(wanted), CHUNK):
        for person in Person.objects.filter(resident_id_hash__in=wanted[i : i + CHUNK]):
            found[person.resident_id_hash] = person
    return found


_NAME_NOISE = re.compile(r"[\s·•．.\u3000]")


def same_name(a: str | None, b: str | None) -> bool:
    """Names agree unless clearly different: spacing, middle dots and letter case do not count."""
    if not a or not b:
        return True
    return _NAME_NOISE.sub("", a).casefold() == _NAME_NOISE.sub("", b).casefold()


def unknown_division(column: str, code: str | None) -> RowRejected:
    return RowRejected(
        column,
        code or "",
        "division_unknown",
        f"区划代码“{code or ''}”在区划库中不存在（应为现行的6位县级或9位乡级代码）",
        f"The division code '{code or ''}' is not in the division register (expected a current 6-digit "
        "county or 9-digit township code)",
    )


def build_person(
    rid: ResidentId,
    *,
    name: str,
    residence: Division,
    divisions: DivisionCache,
    phone: str | None = None,
    source: Any = None,
    defaults: dict[str, Any] | None = None,
) -> Person:
    """An unsaved Person for a valid resident ID not yet in the library (saved in bulk by the caller).

    The hukou division is the place of first registration encoded in the ID when the register knows
    it, otherwise the residence; hukou type and labour status come from the adapter's defaults."""
    defaults = dict(defaults or {})
    person = Person(
        division=residence,
        hukou_division=divisions.get(rid.place_code) or residence,
        name=name.strip(),
        sex=rid.sex,
        birth_date=rid.birth_date,
        hukou_type=defaults.pop("hukou_type", None) or HukouType.URBAN,
        labour_status=defaults.pop("labour_status", None) or LabourStatus.INACTIVE,
        source=source,
        **defaults,
    )
    person.set_resident_id(rid.number)
    if phone:
        person.set_phone(phone)
    return person


def save_new_persons(persons: list[Person]) -> None:
    Person.objects.bulk_create(persons, batch_size=CHUNK)
