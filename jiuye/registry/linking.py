"""Person clusters in the library: the golden record, and audited merges that can be undone exactly.

Two library persons turn out to be one (a duplicate created from a 15-digit and an 18-digit ID before
conversion, or a caseworker's finding). `merge_persons` moves everything that points at the absorbed
person to the survivor, fills the survivor's fields from the absorbed one by source reliability and
recency (the golden record, with provenance per field), keeps a snapshot and deletes the absorbed row.
`unmerge` puts every row back where it was, with the same primary keys and values.

Nothing here merges on its own: the linkage engine only proposes (ingestion.linking), people decide.
Department records without a usable ID are linked to persons in `jiuye.ingestion.linking`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.apps import apps
from django.core import serializers
from django.core.exceptions import PermissionDenied
from django.db import models, router, transaction
from django.db.models.deletion import Collector, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuye.core.audit import record_event
from jiuye.core.models import EventKind

from .enums import SourceKind
from .identifiers import IdentifierError, ResidentId, parse_resident_id
from .models import DataSource, FieldProvenance, Person, PersonMerge
from .permissions import can_merge, can_unmerge

SNAPSHOT_VERSION = 1
_CHUNK = 500  # ids per IN (...) clause: well under SQLite's variable limit

# Which department's word counts most for a person's identity and circumstances. Public security
# keeps the hukou register; civil affairs, education and veterans affairs certify what they report;
# social insurance, tax and the employment offices' own registers record what employers and people
# declare to them; self-declared data and demo data count least.
SOURCE_RANK: dict[str, int] = {
    SourceKind.PUBLIC_SECURITY: 4,
    SourceKind.CIVIL_AFFAIRS: 3,
    SourceKind.EDUCATION: 3,
    SourceKind.VETERANS_AFFAIRS: 3,
    SourceKind.SOCIAL_INSURANCE: 2,
    SourceKind.TAX: 2,
    SourceKind.HUMAN_RESOURCES: 2,
    SourceKind.MARKET_SUPERVISION: 2,
    SourceKind.SELF_DECLARED: 1,
    SourceKind.DEMO: 1,
}

# Attributed to fields a merge copies when neither record says where the value came from.
CLERICAL_SOURCE_CODE = "clerical_merge"


class MergeRefused(Exception):  # noqa: N818 - a refusal with a reason for the user, not a program error
    """The two records may not be merged, or the merge may not be undone; the message says why."""


@dataclass(frozen=True)
class GoldenField:
    name: str
    attnames: tuple[str, ...]  # columns copied together; the first one is compared
    label: Any
    identifier: bool = False
    aliases: tuple[str, ...] = ()  # other names a provenance row may use for the same field


GOLDEN_FIELDS: tuple[GoldenField, ...] = (
    GoldenField("name", ("name",), gettext_lazy("Name")),
    GoldenField(
        "resident_id",
        ("resident_id_hash", "resident_id_encrypted", "resident_id_masked"),
        gettext_lazy("Resident ID"),
        identifier=True,
        aliases=("resident_id_hash", "resident_id_encrypted", "resident_id_masked"),
    ),
    GoldenField("sex", ("sex",), gettext_lazy("Sex")),
    GoldenField("birth_date", ("birth_date",), gettext_lazy("Date of birth")),
    GoldenField(
        "phone",
        ("phone_hash", "phone_encrypted", "phone_masked"),
        gettext_lazy("Phone"),
        identifier=True,
        aliases=("phone_hash", "phone_encrypted", "phone_masked"),
    ),
    GoldenField("ethnicity", ("ethnicity",), gettext_lazy("Ethnicity")),
    GoldenField("hukou_division", ("hukou_division_id",), gettext_lazy("Hukou registered in"),
                aliases=("hukou_division_id",)),
    GoldenField("hukou_type", ("hukou_type",), gettext_lazy("Hukou type")),
    GoldenField("education", ("education_id",), gettext_lazy("Education"), aliases=("education_id",)),
    GoldenField("major", ("major",), gettext_lazy("Major")),
    GoldenField("graduation_year", ("graduation_year",), gettext_lazy("Graduation year")),
    GoldenField("occupation", ("occupation_id",), gettext_lazy("Occupation"), aliases=("occupation_id",)),
    GoldenField("disability_grade", ("disability_grade",), gettext_lazy("Disability")),
    GoldenField("is_veteran", ("is_veteran",), gettext_lazy("Veteran")),
    GoldenField("discharge_date", ("discharge_date",), gettext_lazy("Discharge date")),
)
_BY_NAME = {g.name: g for g in GOLDEN_FIELDS}
_ALIASES = {alias: g.name for g in GOLDEN_FIELDS for alias in (g.name, *g.aliases)}


def _empty(value: Any) -> bool:
    # False counts as "not reported": a record that does not say someone is a veteran says nothing.
    return value is None or value == "" or value is False


# --- evidence: where a field's value came from ------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    rank: int
    observed_on: dt.date
    source_id: int | None
    import_run_id: int | None = None

    @property
    def key(self) -> tuple[int, dt.date]:
        return (self.rank, self.observed_on)


def _rank(kind: str | None) -> int:
    return SOURCE_RANK.get(kind or "", 0)


def _provenance_index(person: Person) -> dict[str, Evidence]:
    """The strongest evidence recorded for each golden field of a person."""
    best: dict[str, Evidence] = {}
    for fp in FieldProvenance.objects.filter(person=person).select_related("source"):
        name = _ALIASES.get(fp.field)
        if name is None:
            continue
        ev = Evidence(_rank(fp.source.kind), fp.observed_on, fp.source_id, fp.import_run_id)
        if name not in best or ev.key > best[name].key:
            best[name] = ev
    return best


def _fallback_evidence(person: Person) -> Evidence:
    """Without provenance, a field is as reliable as the source that created the person, as of its last change."""
    kind = person.source.kind if person.source_id else None
    return Evidence(_rank(kind), timezone.localdate(person.updated_at), person.source_id)


# --- the golden record plan -----------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    field: GoldenField
    reason: str  # "empty", "source", "recency", "valid_id"
    evidence: Evidence  # the absorbed record's


def _parsed_id(person: Person) -> ResidentId | None:
    try:
        return parse_resident_id(person.reveal_resident_id())
    except (IdentifierError, ValueError):
        return None


def check_mergeable(survivor: Person, absorbed: Person) -> tuple[ResidentId | None, ResidentId | None]:
    """Raise MergeRefused when the two records cannot be one person; return their parsed IDs."""
    if survivor.pk == absorbed.pk:
        raise MergeRefused(_("A record cannot be merged into itself."))
    s_id, a_id = _parsed_id(survivor), _parsed_id(absorbed)
    if s_id is not None and a_id is not None and s_id.number != a_id.number:
        raise MergeRefused(
            _(
                "Both records carry a valid resident ID and the two numbers differ: they are two different "
                "people and cannot be merged."
            )
        )
    return s_id, a_id


def plan_golden_record(survivor: Person, absorbed: Person) -> list[FieldChange]:
    """Which of the survivor's fields take the absorbed record's value, and why.

    An empty field is filled. Two different values: the one from the more reliable source wins, then
    the more recently observed one; on a tie the survivor keeps its own. The resident ID follows
    validity first: a valid 18-digit number replaces a 15-digit or invalid one.
    """
    s_id, a_id = check_mergeable(survivor, absorbed)
    s_index, a_index = _provenance_index(survivor), _provenance_index(absorbed)
    s_default, a_default = _fallback_evidence(survivor), _fallback_evidence(absorbed)
    changes: list[FieldChange] = []
    for gf in GOLDEN_FIELDS:
        attname = gf.attnames[0]
        s_val, a_val = getattr(survivor, attname), getattr(absorbed, attname)
        a_ev = a_index.get(gf.name, a_default)
        if gf.name == "resident_id":
            if a_id is not None and (s_id is None or (s_id.converted_from_15 and not a_id.converted_from_15)):
                changes.append(FieldChange(gf, "valid_id", a_ev))
            continue
        if _empty(a_val) or s_val == a_val:
            continue
        if _empty(s_val):
            changes.append(FieldChange(gf, "empty", a_ev))
            continue
        s_ev = s_index.get(gf.name, s_default)
        if a_ev.rank > s_ev.rank:
            changes.append(FieldChange(gf, "source", a_ev))
        elif a_ev.rank == s_ev.rank and a_ev.observed_on > s_ev.observed_on:
            changes.append(FieldChange(gf, "recency", a_ev))
    return changes


# --- related rows ---------------------------------------------------------------------------------


def person_relations() -> list[tuple[type[models.Model], models.ForeignKey]]:
    """Every foreign key in the project that points at Person, including hidden ones (user links).

    Found from the model registry rather than listed, so a table added later moves with the rest.
    """
    out = []
    for rel in Person._meta.get_fields(include_hidden=True):
        if rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one):
            if rel.related_model._meta.managed and not rel.related_model._meta.proxy:
                out.append((rel.related_model, rel.field))
    return sorted(out, key=lambda mf: (mf[0]._meta.label_lower, mf[1].name))


def _unique_sets(model: type[models.Model], fk: models.ForeignKey) -> list[tuple[str, ...]]:
    """Unique keys of `model` that include the person column, as attnames."""
    names: list[tuple[str, ...]] = []
    if fk.unique:
        names.append((fk.name,))
    for constraint in model._meta.total_unique_constraints:
        if fk.name in constraint.fields:
            names.append(tuple(constraint.fields))
    for together in model._meta.unique_together:
        if fk.name in together:
            names.append(tuple(together))
    return [tuple(model._meta.get_field(n).attname for n in key) for key in names]


@dataclass
class RelationPlan:
    model: type[models.Model]
    fk: models.ForeignKey
    move_ids: list[Any] = field(default_factory=list)
    # Rows the survivor already has under the same unique key (the same fact reported for both
    # records): they cannot move, are deleted with the absorbed person and restored by an unmerge.
    duplicate_ids: list[Any] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.model._meta.label_lower}.{self.fk.name}"


def plan_moves(survivor: Person, absorbed: Person) -> list[RelationPlan]:
    plans = []
    for model, fk in person_relations():
        manager = model._base_manager
        keys = _unique_sets(model, fk)
        plan = RelationPlan(model, fk)
        attnames = sorted({a for key in keys for a in key} - {fk.attname})
        rows = manager.filter(**{fk.attname: absorbed.pk}).order_by("pk").values("pk", *attnames)
        survivor_rows = manager.filter(**{fk.attname: survivor.pk})
        taken: list[set[tuple]] = []
        for key in keys:
            others = [a for a in key if a != fk.attname]
            if others:
                taken.append({tuple(r) for r in survivor_rows.values_list(*others)})
            else:  # the person column alone is unique (one-to-one)
                taken.append({()} if survivor_rows.exists() else set())
        for row in rows:
            clash = False
            for key, seen in zip(keys, taken, strict=True):
                values = tuple(row[a] for a in key if a != fk.attname)
                # NULLs are distinct in a unique constraint: such a row never clashes.
                if None not in values and values in seen:
                    clash = True
            (plan.duplicate_ids if clash else plan.move_ids).append(row["pk"])
        if plan.move_ids or plan.duplicate_ids:
            plans.append(plan)
    return plans


def _reassign(model: type[models.Model], fk: models.ForeignKey, ids: list[Any], src: int, dst: int) -> int:
    n = 0
    for i in range(0, len(ids), _CHUNK):
        n += model._base_manager.filter(pk__in=ids[i : i + _CHUNK], **{fk.attname: src}).update(
            **{fk.attname: dst}
        )
    return n


def _serialize(objs: list[models.Model]) -> list[dict[str, Any]]:
    return json.loads(serializers.serialize("json", objs)) if objs else []


def _restore(rows: list[dict[str, Any]]) -> None:
    """Recreate rows with their primary keys and exact values (raw save: no auto_now, no defaults)."""
    if rows:
        for obj in serializers.deserialize("json", json.dumps(rows)):
            obj.save()


def _collect_deleted(person: Person) -> list[models.Model]:
    """Everything deleting `person` would delete, parents first (the order to recreate it in)."""
    collector = Collector(using=router.db_for_write(Person), origin=person)
    collector.collect([person])
    collector.sort()  # deletion order: dependants before what they depend on
    ordered: list[models.Model] = []
    for _model, instances in reversed(list(collector.data.items())):
        ordered.extend(sorted(instances, key=lambda o: o.pk))
    for qs in collector.fast_deletes:  # leaves deleted first by the collector: recreate them last
        ordered.extend(qs.order_by("pk"))
    return ordered


# --- merge and unmerge ----------------------------------------------------------------------------


def _locked(pk: int) -> Person:
    return Person.objects.select_for_update(of=("self",)).select_related("division", "source").get(pk=pk)


def _clerical_source() -> tuple[DataSource, bool]:
    return DataSource.objects.get_or_create(
        code=CLERICAL_SOURCE_CODE,
        defaults={
            "kind": SourceKind.HUMAN_RESOURCES,
            "name_zh": "经办人员合并确认",
            "name_en": "Confirmed by staff when merging duplicates",
        },
    )


@transaction.atomic
def merge_persons(survivor: Person, absorbed: Person, *, by: Any, reason: str = "") -> PersonMerge:
    """Merge `absorbed` into `survivor`. Refuses (MergeRefused) when they cannot be one person and
    (PermissionDenied) when the user may not merge them."""
    first, second = sorted([survivor.pk, absorbed.pk])  # lock in a fixed order
    locked = {first: _locked(first), second: _locked(second)} if first != second else {first: _locked(first)}
    survivor, absorbed = locked[survivor.pk], locked[absorbed.pk]
    if not can_merge(by, survivor, absorbed):
        raise PermissionDenied
    changes = plan_golden_record(survivor, absorbed)
    survivor_before = _serialize([survivor])[0]
    absorbed_values = {att: getattr(absorbed, att) for gf in GOLDEN_FIELDS for att in gf.attnames}
    absorbed_pk, absorbed_path = absorbed.pk, absorbed.division.path

    moved: dict[str, list[Any]] = {}
    moved_counts: dict[str, int] = {}
    for plan in plan_moves(survivor, absorbed):
        if plan.move_ids:
            _reassign(plan.model, plan.fk, plan.move_ids, absorbed_pk, survivor.pk)
            moved[plan.key] = plan.move_ids
            moved_counts[plan.model._meta.label_lower] = (
                moved_counts.get(plan.model._meta.label_lower, 0) + len(plan.move_ids)
            )
    deleted = _collect_deleted(absorbed)
    deleted_rows = _serialize(deleted)
    absorbed.delete()

    # The golden record: the survivor takes the absorbed values the plan chose (after the delete, so
    # a resident ID hash taken over is free).
    changed_attnames: list[str] = []
    for change in changes:
        for att in change.field.attnames:
            setattr(survivor, att, absorbed_values[att])
            changed_attnames.append(att)
    if changed_attnames:
        survivor.save(update_fields=[*changed_attnames, "updated_at"])

    provenance_created: list[int] = []
    provenance_before: list[dict[str, Any]] = []
    created_source_id = None
    today = timezone.localdate()
    for change in changes:
        source_id = change.evidence.source_id
        if source_id is None:
            source, created = _clerical_source()
            source_id = source.pk
            if created:
                created_source_id = source.pk
        observed = change.evidence.observed_on if change.evidence.source_id else today
        existing = FieldProvenance.objects.filter(person=survivor, field=change.field.name, source_id=source_id).first()
        if existing is None:
            fp = FieldProvenance.objects.create(
                person=survivor, field=change.field.name, source_id=source_id,
                import_run_id=change.evidence.import_run_id, observed_on=observed,
            )
            provenance_created.append(fp.pk)
        elif existing.observed_on < observed:
            provenance_before.extend(_serialize([existing]))
            existing.observed_on, existing.import_run_id = observed, change.evidence.import_run_id
            existing.save(update_fields=["observed_on", "import_run_id", "updated_at"])

    survivor.refresh_from_db()
    snapshot = {
        "version": SNAPSHOT_VERSION,
        "survivor_id": survivor.pk,
        "absorbed_id": absorbed_pk,
        "absorbed_division_path": absorbed_path,
        "deleted": deleted_rows,  # the absorbed person first, then its duplicate facts
        "moved": moved,
        "fields": [c.field.name for c in changes],
        "survivor_before": survivor_before,
        "survivor_after": _serialize([survivor])[0],
        "provenance_created": provenance_created,
        "provenance_before": provenance_before,
        "created_source_id": created_source_id,
    }
    merge = PersonMerge.objects.create(
        survivor=survivor, absorbed_id=absorbed_pk, snapshot=snapshot, reason=reason[:200], merged_by=by
    )
    record_event(
        merge,
        actor=by,
        kind=EventKind.PERSONS_MERGED,
        division_path=survivor.division.path,
        data={
            "merge_id": merge.pk,
            "survivor_id": survivor.pk,
            "absorbed_id": absorbed_pk,
            "moved": moved_counts,
            "duplicates_dropped": len(deleted_rows) - 1,
            "fields": snapshot["fields"],
        },
    )
    return merge


def check_undoable(merge: PersonMerge) -> None:
    snap = merge.snapshot or {}
    if merge.undone_at is not None:
        raise MergeRefused(_("This merge has already been undone."))
    if snap.get("version") != SNAPSHOT_VERSION:
        raise MergeRefused(_("This merge was recorded in a form that cannot be undone automatically."))
    if merge.survivor_id != snap["survivor_id"]:
        raise MergeRefused(
            _("The surviving record was itself merged into another record later; undo that merge first.")
        )
    if PersonMerge.objects.filter(survivor_id=merge.survivor_id, undone_at__isnull=True, pk__gt=merge.pk).exists():
        raise MergeRefused(_("Later merges into this record must be undone first, newest first."))
    if Person.objects.filter(pk=merge.absorbed_id).exists():
        raise MergeRefused(_("The absorbed record exists again; this merge cannot be undone."))


@transaction.atomic
def unmerge(merge: PersonMerge, *, by: Any) -> Person:
    """Undo a merge: recreate the absorbed person with its primary key and values, move back exactly
    the rows that were moved, restore the survivor's overwritten fields. Returns the recreated person."""
    merge = PersonMerge.objects.select_for_update(of=("self",)).select_related("survivor__division").get(pk=merge.pk)
    if not can_unmerge(by, merge):
        raise PermissionDenied
    check_undoable(merge)
    snap = merge.snapshot
    survivor = _locked(merge.survivor_id)
    absorbed_id = merge.absorbed_id

    FieldProvenance.objects.filter(pk__in=snap["provenance_created"], person_id=survivor.pk).delete()
    _restore(snap["provenance_before"])

    # The survivor's own fields: all of them exactly as before if nobody changed the record since;
    # otherwise only the merged fields that still hold the merged value (a later correction stays).
    kept: list[str] = []
    if _serialize([survivor])[0] == snap["survivor_after"]:
        _restore([snap["survivor_before"]])
    else:
        before = next(serializers.deserialize("json", json.dumps([snap["survivor_before"]]))).object
        after = next(serializers.deserialize("json", json.dumps([snap["survivor_after"]]))).object
        restore_atts: list[str] = []
        for name in snap["fields"]:
            atts = _BY_NAME[name].attnames
            if all(getattr(survivor, a) == getattr(after, a) for a in atts):
                for a in atts:
                    setattr(survivor, a, getattr(before, a))
                restore_atts.extend(atts)
            else:
                kept.append(name)
        if restore_atts:
            survivor.save(update_fields=[*restore_atts, "updated_at"])

    _restore(snap["deleted"])
    moved_back: dict[str, int] = {}
    for key, ids in snap["moved"].items():
        label, fk_name = key.rsplit(".", 1)
        model = apps.get_model(label)
        fk = model._meta.get_field(fk_name)
        n = _reassign(model, fk, ids, survivor.pk, absorbed_id)
        moved_back[label] = moved_back.get(label, 0) + n

    if snap.get("created_source_id"):
        try:
            with transaction.atomic():
                DataSource.objects.filter(pk=snap["created_source_id"]).delete()
        except ProtectedError:
            pass  # other records cite it by now

    merge.undone_at, merge.undone_by = timezone.now(), by
    merge.save(update_fields=["undone_at", "undone_by", "updated_at"])
    record_event(
        merge,
        actor=by,
        kind=EventKind.MERGE_UNDONE,
        division_path=survivor.division.path,
        data={
            "merge_id": merge.pk,
            "survivor_id": survivor.pk,
            "absorbed_id": absorbed_id,
            "moved_back": moved_back,
            "fields_kept": kept,
        },
    )
    return Person.objects.get(pk=absorbed_id)


# --- reading --------------------------------------------------------------------------------------


class GoldenValue(NamedTuple):
    field: str
    label: str
    value: str  # as shown: identifiers masked
    source: str
    source_kind: str
    observed_on: dt.date


def display_value(person: Person, name: str, *, full_names: bool = True) -> str:
    """A person's field as staff may read it: identifiers masked, choices and references by label."""
    if name == "resident_id" or name.startswith("resident_id"):
        return person.resident_id_masked
    if name == "phone" or name.startswith("phone"):
        return person.phone_masked
    if name == "name":
        return person.name if full_names else person.masked_name
    try:
        model_field = Person._meta.get_field(name.removesuffix("_id"))
    except Exception:  # a provenance row about a field the model no longer has
        return ""
    value = getattr(person, model_field.name, None)
    if value is None or value == "":
        return ""
    if model_field.choices:
        return str(getattr(person, f"get_{model_field.name}_display")())
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def golden_record(person: Person, *, full_names: bool = True) -> list[GoldenValue]:
    """Each field of the person's record with the sources that reported it (strongest first)."""
    order = {g.name: i for i, g in enumerate(GOLDEN_FIELDS)}
    rows = []
    for fp in FieldProvenance.objects.filter(person=person).select_related("source"):
        name = _ALIASES.get(fp.field, fp.field)
        gf = _BY_NAME.get(name)
        if gf is not None:
            label = str(gf.label)
        else:
            try:
                label = str(Person._meta.get_field(name).verbose_name)
            except Exception:
                label = name
        rows.append(
            (
                (order.get(name, len(order)), name, -_rank(fp.source.kind), -fp.observed_on.toordinal()),
                GoldenValue(
                    name, label, display_value(person, name, full_names=full_names), str(fp.source),
                    fp.source.kind, fp.observed_on,
                ),
            )
        )
    return [value for _key, value in sorted(rows, key=lambda r: r[0])]


@dataclass
class MergePreview:
    moves: list[tuple[str, int, int]]  # (what, rows moving, duplicate rows dropped)
    fields: list[tuple[str, str, str, str]]  # (label, survivor's value, value taken, reason)
    refused: str = ""


_REASONS = {
    "empty": gettext_lazy("empty in this record"),
    "source": gettext_lazy("from a more reliable source"),
    "recency": gettext_lazy("observed more recently"),
    "valid_id": gettext_lazy("valid 18-digit ID number"),
}


def merge_preview(survivor: Person, absorbed: Person, *, full_names: bool = True) -> MergePreview:
    """What a merge would do, for the confirmation page. Changes nothing."""
    try:
        changes = plan_golden_record(survivor, absorbed)
    except MergeRefused as exc:
        return MergePreview([], [], str(exc))
    moves = [
        (str(plan.model._meta.verbose_name_plural), len(plan.move_ids), len(plan.duplicate_ids))
        for plan in plan_moves(survivor, absorbed)
    ]
    fields = [
        (
            str(c.field.label),
            display_value(survivor, c.field.name, full_names=full_names),
            display_value(absorbed, c.field.name, full_names=full_names),
            str(_REASONS[c.reason]),
        )
        for c in changes
    ]
    return MergePreview(moves, fields)
