"""Rows of the public security exchange files (docs/exchange/public_security.md)."""

from __future__ import annotations

from pydantic import ValidationInfo, field_validator

from jiuye.registry.enums import HukouMoveKind, Relation

from ..civil_affairs.schema import HUKOU_TYPE_LABELS
from ..fields import (
    Choice,
    DivisionCode,
    OptionalChoice,
    OptionalDivisionCode,
    OptionalPastDate,
    OptionalText,
    PastDate,
    PersonRow,
    RequiredText,
    fail,
)

RELATION_LABELS = {
    Relation.HEAD.value: ("户主", "本人", "01", "02"),
    Relation.SPOUSE.value: ("配偶", "妻", "夫", "妻子", "丈夫", "10", "11", "12"),
    Relation.CHILD.value: (
        "子女", "子", "女", "儿子", "女儿", "长子", "次子", "三子", "长女", "次女", "三女", "养子", "养女", "继子", "继女",
        "20", "30",
    ),
    Relation.PARENT.value: ("父母", "父亲", "母亲", "父", "母", "继父", "继母", "养父", "养母", "50", "51", "52"),
    Relation.GRANDCHILD.value: ("孙子女", "孙子", "孙女", "外孙子", "外孙女", "外孙", "40"),
    Relation.OTHER.value: (
        "其他", "儿媳", "女婿", "兄弟姐妹", "兄", "弟", "姐", "妹", "祖父母", "祖父", "祖母", "外祖父", "外祖母",
        "侄子", "侄女", "其他亲属", "非亲属", "60", "70", "80", "90", "99",
    ),
}
MOVE_LABELS = {
    HukouMoveKind.MOVE_IN.value: ("迁入", "户口迁入", "入"),
    HukouMoveKind.MOVE_OUT.value: ("迁出", "户口迁出", "出"),
    HukouMoveKind.WITHIN.value: ("辖区内迁移", "区内迁移", "内部迁移", "户口迁移"),
}


class HukouRow(PersonRow):
    ethnicity: OptionalText(16) = ""
    division_code: DivisionCode
    hukou_type: Choice(HUKOU_TYPE_LABELS, what_zh="户口性质", what_en="Hukou type")
    household_number: RequiredText(32)
    relation: OptionalChoice(RELATION_LABELS, what_zh="与户主关系", what_en="Relation to the head") = ""
    address: OptionalText(200) = ""
    registered_on: OptionalPastDate = None


class MoveRow(PersonRow):
    kind: Choice(MOVE_LABELS, what_zh="迁移类型", what_en="Kind of move")
    from_division_code: OptionalDivisionCode = ""
    to_division_code: DivisionCode
    moved_on: PastDate

    @field_validator("from_division_code")
    @classmethod
    def _from_needed_within(cls, value: str, info: ValidationInfo) -> str:
        if not value and info.data.get("kind") == HukouMoveKind.WITHIN:
            raise fail("missing", "辖区内迁移须填写迁出地", "A move within the area must give where it was from")
        return value
