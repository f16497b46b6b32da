"""Rows of the civil affairs exchange files (docs/exchange/civil_affairs.md)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BeforeValidator, field_validator

from jiuye.registry.enums import AssistanceStatus, HukouType

from ..fields import (
    Choice,
    DivisionCode,
    OptionalChoice,
    OptionalPhone,
    OptionalText,
    PastDate,
    PersonRow,
    RequiredText,
    not_before,
    optional,
    parse_date,
)

ASSISTANCE_LABELS = {
    AssistanceStatus.DIBAO.value: ("最低生活保障", "低保", "城市低保", "农村低保", "城乡低保"),
    AssistanceStatus.LOW_INCOME.value: ("低收入家庭", "低收入", "低收入人口", "低保边缘家庭"),
    AssistanceStatus.TEKUN.value: ("特困人员救助供养", "特困", "特困供养", "特困人员"),
}
HUKOU_TYPE_LABELS = {
    HukouType.URBAN.value: ("非农业", "非农业家庭户口", "城镇", "城市", "城镇户口"),
    HukouType.RURAL.value: ("农业", "农业家庭户口", "农村", "农村户口"),
}
# GB/T 26341-2010 categories, with the digit the second-generation certificate number carries.
DISABILITY_CATEGORY_LABELS = {
    "vision": ("视力残疾", "视力", "1"),
    "hearing": ("听力残疾", "听力", "2"),
    "speech": ("言语残疾", "言语", "3"),
    "physical": ("肢体残疾", "肢体", "4"),
    "intellectual": ("智力残疾", "智力", "5"),
    "mental": ("精神残疾", "精神", "6"),
    "multiple": ("多重残疾", "多重", "7"),
}
DISABILITY_GRADE_LABELS = {
    "1": ("一级", "一", "1级"),
    "2": ("二级", "二", "2级"),
    "3": ("三级", "三", "3级"),
    "4": ("四级", "四", "4级"),
}

# An approval period or a certificate may run past today.
OptionalEndDate = Annotated[dt.date | None, BeforeValidator(optional(parse_date))]


class AssistanceRow(PersonRow):
    phone: OptionalPhone = ""
    household_number: RequiredText(32)
    kind: Choice(ASSISTANCE_LABELS, what_zh="救助类型", what_en="Assistance type")
    division_code: DivisionCode
    address: OptionalText(200) = ""
    hukou_type: OptionalChoice(HUKOU_TYPE_LABELS, what_zh="户口性质", what_en="Hukou type") = ""
    start_date: PastDate
    end_date: OptionalEndDate = None

    _end_after_start = field_validator("end_date")(not_before("start_date", zh="救助开始日期", en="start date"))


class DisabilityRow(PersonRow):
    phone: OptionalPhone = ""
    category: Choice(DISABILITY_CATEGORY_LABELS, what_zh="残疾类别", what_en="Disability category")
    grade: Choice(DISABILITY_GRADE_LABELS, what_zh="残疾等级", what_en="Disability grade")
    issued_on: PastDate
    valid_until: OptionalEndDate = None

    _valid_after_issue = field_validator("valid_until")(not_before("issued_on", zh="发证日期", en="issue date"))
