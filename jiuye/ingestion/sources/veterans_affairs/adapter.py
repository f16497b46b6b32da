"""Veterans affairs: who is a veteran, and since when (the discharge date)."""

from __future__ import annotations

from jiuye.registry.enums import SourceKind

from .. import landing
from ..base import ApplyContext, Column, Layout, SourceAdapter, register
from .schema import VeteranRow


@register
class VeteranAdapter(SourceAdapter):
    code = "veterans_affairs.veterans"
    department = SourceKind.VETERANS_AFFAIRS
    title_zh = "退役军人"
    title_en = "Veterans"
    schema = VeteranRow
    layout = Layout(
        columns=(
            *landing.IDENTITY,
            landing.PHONE,
            Column("安置地行政区划代码", "division_code", "安置地（现居住地）行政区划代码，6位或9位", "Division code where the veteran settled (6 or 9 digits)", required=False, example="430302001"),
            Column("入伍时间", "enlisted_on", "入伍日期，YYYY-MM-DD", "Date of enlistment, YYYY-MM-DD", required=False, example="2016-09-10"),
            Column("退役时间", "discharge_date", "退出现役日期，YYYY-MM-DD", "Date of discharge, YYYY-MM-DD", example="2021-09-01"),
        ),
        natural_key=("resident_id",),
    )

    def apply(self, row: VeteranRow, ctx: ApplyContext, person=None) -> str:
        person = landing.need_person(person, self.code)
        if row.division_code:
            landing.division(ctx, row.division_code, landing.header(self.layout, "division_code"))
        was_veteran = person.is_veteran
        # One row per veteran: a re-sent row with another date is a correction, and wins.
        person_changed = landing.set_person_fields(
            person, ctx, {"is_veteran": True, "discharge_date": row.discharge_date}
        )
        joined = landing.join_key_group(person, ctx, "veteran", row.discharge_date)
        if not was_veteran:
            return landing.ACCEPTED
        return landing.combine(landing.UNCHANGED, person_changed, joined)
