"""How department adapters land a validated row: look-ups that reject with a reason, idempotent
upserts that say what they did, person fields with provenance, key-group memberships.

Outcomes are `RowOutcome` values: "accepted" when the row's main record is new, "updated" when it
(or a person field it carries) changed, "unchanged" when nothing did — so a re-sent file counts as
unchanged throughout.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils import timezone

from jiuye.geography.models import Division
from jiuye.registry.models import Employer, FieldProvenance, Household, Person, PersonKeyGroup
from jiuye.taxonomy import sources as taxonomy_sources
from jiuye.taxonomy.models import EducationLevel, Industry, KeyGroup

from ..enums import RowOutcome
from .base import ApplyContext, Column, RowRejected

ACCEPTED, UPDATED, UNCHANGED = RowOutcome.ACCEPTED.value, RowOutcome.UPDATED.value, RowOutcome.UNCHANGED.value


def combine(main: str, *others: bool | str) -> str:
    """The row's outcome from its main record's outcome and whether anything else changed."""
    if main in (ACCEPTED, UPDATED):
        return main
    changed = any(o is True or o in (ACCEPTED, UPDATED) for o in others)
    return UPDATED if changed else UNCHANGED


def need_person(person: Person | None, code: str) -> Person:
    if person is None:  # the pipeline stages rows it cannot resolve; reaching here is a bug
        raise ValueError(f"{code}: apply needs the resolved person")
    return person


# --- look-ups ----------------------------------------------------------------------------------


def _divisions(ctx: ApplyContext) -> dict[str, Division | None]:
    return ctx.cache.setdefault("divisions_by_code", {})


def find_division(ctx: ApplyContext, code: str) -> Division | None:
    cache = _divisions(ctx)
    if code not in cache:
        cache[code] = Division.objects.filter(code=code).first()
    return cache[code]


def division(ctx: ApplyContext, code: str, column: str) -> Division:
    """The division with this code, or a rejection naming the column."""
    found = find_division(ctx, code)
    if found is None:
        raise RowRejected(
            column, code, "division_unknown",
            f"行政区划代码{code}在本库的区划表中不存在",
            f"The division code {code} is not in the library's division table",
        )
    return found


def division_or_ancestor(ctx: ApplyContext, code: str, column: str) -> Division:
    """The division, or its nearest known ancestor: the far side of a move may lie outside the
    area the library holds in detail (a move to Guangzhou is recorded against 44 or 4401)."""
    for n in (12, 9, 6, 4, 2):
        if len(code) >= n:
            found = find_division(ctx, code[:n])
            if found is not None:
                return found
    return division(ctx, code, column)


def employer(ctx: ApplyContext, credit_code: str, column: str) -> Employer:
    """An employer already in the library (market supervision registers them)."""
    cache: dict[str, int] = ctx.cache.setdefault("employer_ids_by_code", {})
    if credit_code not in cache:
        pk = Employer.objects.filter(credit_code=credit_code).values_list("pk", flat=True).first()
        if pk is None:
            raise RowRejected(
                column, credit_code, "employer_unknown",
                f"统一社会信用代码{credit_code}对应的单位尚未在本库登记（请先报送市场监管企业登记信息）",
                f"No employer with credit code {credit_code} is registered in the library "
                "(the market supervision registration must be imported first)",
            )
        cache[credit_code] = pk
    return Employer(pk=cache[credit_code], credit_code=credit_code)


def _reference(ctx: ApplyContext, model: type[models.Model], code: str, rows: Any, fields: tuple[str, ...]):
    """A classification entry. Missing entries are created from this package's own reference files
    (the same rows `refdata_load` writes), so an import does not depend on the load order."""
    cache = ctx.cache.setdefault(f"ref:{model._meta.label}", {})
    if code not in cache:
        obj = model.objects.filter(code=code).first()
        if obj is None:
            row = next((r for r in rows().rows if r.code == code), None)
            if row is None:
                return None
            obj, _ = model.objects.get_or_create(code=code, defaults={f: getattr(row, f) for f in fields})
        cache[code] = obj
    return cache[code]


def education_level(ctx: ApplyContext, code: str) -> EducationLevel | None:
    return _reference(ctx, EducationLevel, code, taxonomy_sources.read_education_levels,
                      ("rank", "name_zh", "name_en"))


def industry(ctx: ApplyContext, code: str) -> Industry | None:
    return _reference(ctx, Industry, code, taxonomy_sources.read_industries, ("name_zh", "name_en"))


def key_group(ctx: ApplyContext, code: str) -> KeyGroup:
    group = _reference(
        ctx, KeyGroup, code, taxonomy_sources.read_key_groups,
        ("is_employment_difficulty", "name_zh", "name_en", "description_zh", "description_en"),
    )
    if group is None:
        raise LookupError(f"key group {code!r} is not in taxonomy/data/key_groups.csv")
    return group


# --- writes ------------------------------------------------------------------------------------


def differs(obj: models.Model, name: str, value: Any) -> bool:
    if isinstance(value, models.Model) or value is None and obj._meta.get_field(name).is_relation:
        return getattr(obj, obj._meta.get_field(name).attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def upsert(model: type[models.Model], ctx: ApplyContext, lookup: dict[str, Any], values: dict[str, Any],
           *, provenance: bool = True) -> tuple[models.Model, str]:
    """Create or update the record identified by `lookup`; stamp source and import run on change."""
    obj = model.objects.filter(**lookup).first()
    stamp = {"source": ctx.source, "import_run": ctx.run} if provenance else {}
    if obj is None:
        return model.objects.create(**lookup, **values, **stamp), ACCEPTED
    changed = [name for name, value in values.items() if differs(obj, name, value)]
    if not changed:
        return obj, UNCHANGED
    for name in changed:
        setattr(obj, name, values[name])
    for name, value in stamp.items():
        setattr(obj, name, value)
    obj.save(update_fields=[*changed, *stamp, "updated_at"])
    return obj, UPDATED


def set_person_fields(person: Person, ctx: ApplyContext, values: dict[str, Any]) -> bool:
    """Set fields of the person's golden record and note this source as their provenance.

    Provenance is written for a field that changed, and for a field this source had not vouched for
    before (a department confirming what another said is worth knowing). Returns whether anything
    was written.
    """
    changed = [name for name, value in values.items() if differs(person, name, value)]
    for name in changed:
        setattr(person, name, values[name])
    if changed:
        person.save(update_fields=[*changed, "updated_at"])
    known = set(
        FieldProvenance.objects.filter(person=person, source=ctx.source, field__in=list(values)).values_list(
            "field", flat=True
        )
    )
    today = timezone.localdate()
    wrote = bool(changed)
    for name in values:
        if name in changed:
            FieldProvenance.objects.update_or_create(
                person=person, field=name, source=ctx.source,
                defaults={"import_run": ctx.run, "observed_on": today},
            )
        elif name not in known:
            FieldProvenance.objects.create(
                person=person, field=name, source=ctx.source, import_run=ctx.run, observed_on=today
            )
            wrote = True
    return wrote


def join_key_group(
    person: Person, ctx: ApplyContext, code: str, since: dt.date, until: dt.date | None = None
) -> bool:
    """Record membership of a key group from `since` (to `until`), unless the person already has
    that membership, or an open-ended current one from any source. Returns whether one was added."""
    group = key_group(ctx, code)
    memberships = PersonKeyGroup.objects.filter(person=person, key_group=group)
    if memberships.filter(since=since).exists():
        return False
    if until is None and memberships.filter(until__isnull=True).exists():
        return False
    PersonKeyGroup.objects.create(person=person, key_group=group, since=since, until=until, source=ctx.source)
    return True


def household(ctx: ApplyContext, number: str, defaults: dict[str, Any]) -> tuple[Household, bool]:
    """The household with this number, created with `defaults` when new."""
    found = Household.objects.filter(number=number).first()
    if found is not None:
        return found, False
    return Household.objects.create(number=number, **defaults), True


def header(layout: Any, key: str) -> str:
    """The file's header for a schema attribute (rejections name the column as the department does)."""
    return next(c.name for c in layout.columns if c.key == key)


# --- columns every person file shares ----------------------------------------------------------

IDENTITY = (
    Column(
        "公民身份号码", "resident_id", "公民身份号码（18位；旧版15位亦可）；未知时留空，按姓名等匹配",
        "Resident ID number (18 characters; old 15-digit numbers accepted); leave empty when unknown "
        "and the row is matched by name and the other columns",
        required=False, example="430302199001020119", is_identifier=True,
    ),
    Column("姓名", "name", "姓名", "Full name", example="王小明"),
    Column(
        "性别", "sex", "性别：男/女（或GB/T 2261.1代码1/2）", "Sex: 男/女 (or GB/T 2261.1 code 1/2)",
        required=False, example="男",
    ),
    Column(
        "出生日期", "birth_date", "出生日期，YYYY-MM-DD；须与身份号码一致", "Date of birth, YYYY-MM-DD; must agree with the ID",
        required=False, example="1990-01-02",
    ),
)
PHONE = Column(
    "联系电话", "phone", "联系电话（手机或带区号的固定电话）", "Phone number (mobile, or landline with area code)",
    required=False, example="13907321234", is_identifier=True,
)
