"""Public security: hukou records (who is registered where, in which household) and hukou moves.

Hukou records are the authoritative person source: a valid ID not yet in the library creates the
person (`creates_persons`). Their hukou place and type, and ethnicity, follow public security.
"""

from __future__ import annotations

from jiuye.registry.enums import HukouMoveKind, Relation, SourceKind
from jiuye.registry.models import HouseholdMembership, HukouMove

from .. import landing
from ..base import ApplyContext, Column, Layout, SourceAdapter, register
from .schema import HukouRow, MoveRow


@register
class HukouAdapter(SourceAdapter):
    code = "public_security.hukou"
    department = SourceKind.PUBLIC_SECURITY
    title_zh = "常住人口户籍登记"
    title_en = "Household registration (hukou) records"
    schema = HukouRow
    creates_persons = True
    layout = Layout(
        columns=(
            *landing.IDENTITY,
            Column("民族", "ethnicity", "民族（如汉族）", "Ethnicity (e.g. 汉族)", required=False, example="汉族"),
            Column("户籍地行政区划代码", "division_code", "户籍所在地行政区划代码（6位县级或9位乡级）", "Division code of the hukou place (6-digit county or 9-digit township)", example="430302001"),
            Column("户口性质", "hukou_type", "非农业/农业", "Hukou type: non-agricultural (urban) / agricultural (rural)", example="非农业"),
            Column("户号", "household_number", "户号", "Household number", example="430302001000123"),
            Column("与户主关系", "relation", "户主、配偶、子、女、父亲、母亲、孙子、孙女、其他（或GB/T 4761代码）", "Relation to the head: head, spouse, child, parent, grandchild, other (or GB/T 4761 code)", required=False, example="户主"),
            Column("住址", "address", "户籍住址", "Registered address", required=False, example="湘潭市雨湖区某某路1号"),
            Column("登记日期", "registered_on", "在本户登记的日期，YYYY-MM-DD", "Date registered in this household, YYYY-MM-DD", required=False, example="2010-03-01"),
        ),
        natural_key=("resident_id",),
    )

    def person_defaults(self, row: HukouRow) -> dict:
        """For a person this record creates (the pipeline builds it; `apply` then sets the rest)."""
        return {"hukou_type": row.hukou_type, "ethnicity": row.ethnicity}

    def apply(self, row: HukouRow, ctx: ApplyContext, person=None) -> str:
        person = landing.need_person(person, self.code)
        division = landing.division(ctx, row.division_code, landing.header(self.layout, "division_code"))
        values = {"hukou_division": division, "hukou_type": row.hukou_type}
        if row.ethnicity:
            values["ethnicity"] = row.ethnicity
        person_changed = landing.set_person_fields(person, ctx, values)

        household, created = landing.household(ctx, row.household_number, {
            "division": division, "hukou_type": row.hukou_type, "address": row.address,
        })
        household_changed = created
        if not created:
            wanted = {"hukou_type": row.hukou_type, **({"address": row.address} if row.address else {})}
            changed = [k for k, v in wanted.items() if getattr(household, k) != v]
            for k in changed:
                setattr(household, k, wanted[k])
            if changed:
                household.save(update_fields=[*changed, "updated_at"])
                household_changed = True

        _, membership = landing.upsert(
            HouseholdMembership, ctx, {"household": household, "person": person},
            {"relation": row.relation or Relation.OTHER, **({"since": row.registered_on} if row.registered_on else {})},
            provenance=False,
        )
        return landing.combine(membership, person_changed, household_changed)


@register
class MoveAdapter(SourceAdapter):
    code = "public_security.moves"
    department = SourceKind.PUBLIC_SECURITY
    title_zh = "户口迁移"
    title_en = "Hukou moves"
    schema = MoveRow
    layout = Layout(
        columns=(
            *landing.IDENTITY,
            Column("迁移类型", "kind", "迁入、迁出、辖区内迁移", "Kind: moved in, moved out, moved within the area", example="迁入"),
            Column("迁出地行政区划代码", "from_division_code", "迁出地行政区划代码；辖区内迁移必填", "Division code moved from; required for moves within the area", required=False, example="440106"),
            Column("迁入地行政区划代码", "to_division_code", "迁入地行政区划代码", "Division code moved to", example="430302001"),
            Column("迁移日期", "moved_on", "迁移（落户）日期，YYYY-MM-DD", "Date of the move, YYYY-MM-DD", example="2024-02-20"),
        ),
        natural_key=("resident_id", "moved_on", "kind"),
    )

    def apply(self, row: MoveRow, ctx: ApplyContext, person=None) -> str:
        person = landing.need_person(person, self.code)
        from_column = landing.header(self.layout, "from_division_code")
        to_column = landing.header(self.layout, "to_division_code")
        # The far side of a move may be outside the area the library holds: it is recorded against
        # its nearest known ancestor (a move in from Guangzhou, a move out to another province).
        if row.kind == HukouMoveKind.MOVE_OUT:
            to_division = landing.division_or_ancestor(ctx, row.to_division_code, to_column)
        else:
            to_division = landing.division(ctx, row.to_division_code, to_column)
        from_division = None
        if row.from_division_code:
            if row.kind == HukouMoveKind.MOVE_IN:
                from_division = landing.division_or_ancestor(ctx, row.from_division_code, from_column)
            else:
                from_division = landing.division(ctx, row.from_division_code, from_column)

        _, outcome = landing.upsert(
            HukouMove, ctx, {"person": person, "moved_on": row.moved_on, "kind": row.kind},
            {"from_division": from_division, "to_division": to_division},
        )
        latest = HukouMove.objects.filter(person=person).order_by("-moved_on").values_list("moved_on", flat=True)[0]
        person_changed = False
        if latest == row.moved_on:
            person_changed = landing.set_person_fields(person, ctx, {"hukou_division": to_division})
        return landing.combine(outcome, person_changed)
