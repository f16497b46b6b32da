"""Rows of the education exchange file (docs/exchange/education.md)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator

from jiuye.registry.enums import GraduateDestination

from ..fields import (
    Choice,
    DivisionCode,
    OptionalChoice,
    OptionalPhone,
    OptionalText,
    PersonRow,
    RequiredText,
    fail,
    mandatory,
    not_future,
    parse_date,
)

# 学历层次, keyed by the library's education-level codes (taxonomy/data/education_levels.csv), with
# the names and GB/T 4658 codes departments use.
DEGREE_LABELS = {
    "vocational": ("中等职业教育", "中职", "中专", "职高", "技工学校", "40"),
    "junior_college": ("大学专科", "专科", "大专", "高职", "高职专科", "30"),
    "bachelor": ("大学本科", "本科", "20"),
    "master": ("硕士研究生", "硕士", "14"),
    "doctor": ("博士研究生", "博士", "11"),
}
DESTINATION_LABELS = {
    GraduateDestination.EMPLOYED.value: ("就业", "协议就业", "签约就业", "合同就业", "单位就业", "签就业协议形式就业", "签劳动合同形式就业"),
    GraduateDestination.FURTHER_STUDY.value: ("升学", "境内升学", "出国出境", "出国留学", "出国、出境"),
    GraduateDestination.SELF_EMPLOYED.value: ("自主创业", "创业"),
    GraduateDestination.FLEXIBLE.value: ("灵活就业", "自由职业", "其他录用形式就业"),
    GraduateDestination.NOT_YET.value: ("待就业", "未就业", "求职中", "暂不就业", "不就业拟升学"),
    GraduateDestination.UNKNOWN.value: ("不详", "其他", "未知"),
}

# Lists of expected graduates go out in spring, before the ceremony.
GRADUATION_AHEAD_DAYS = 366


def _institution_code(value: Any) -> str:
    if value is None or not str(value).strip():
        return ""
    code = str(value).strip()
    if not re.fullmatch(r"\d{5}|\d{10}", code):
        raise fail(
            "institution_code_format",
            f"院校代码“{code}”应为5位院校代码或10位学校标识码",
            f"The institution code {code!r} should be the 5-digit institution code or the 10-digit school identifier",
        )
    return code


def _major_code(value: Any) -> str:
    if value is None or not str(value).strip():
        return ""
    code = str(value).strip().upper()
    # 本科 080901 / 080910T / 120204K, 高职 510201, 研究生 0812 or 081200.
    if not re.fullmatch(r"\d{4}(\d{2})?(T|K|TK)?", code):
        raise fail(
            "major_code_format",
            f"专业代码“{code}”不符合专业目录格式（如080901、080910T、510201、0812）",
            f"The major code {code!r} does not follow the catalogue (e.g. 080901, 080910T, 510201, 0812)",
        )
    return code


class GraduateRow(PersonRow):
    phone: OptionalPhone = ""
    division_code: DivisionCode
    institution: RequiredText(200)
    institution_code: Annotated[str, BeforeValidator(_institution_code)] = ""
    major_code: Annotated[str, BeforeValidator(_major_code)] = ""
    major_name: OptionalText(100) = ""
    degree_level: Choice(DEGREE_LABELS, what_zh="学历层次", what_en="Degree level")
    graduation_date: Annotated[
        dt.date, BeforeValidator(mandatory(not_future(parse_date, slack_days=GRADUATION_AHEAD_DAYS)))
    ]
    destination: OptionalChoice(DESTINATION_LABELS, what_zh="毕业去向", what_en="Destination") = ""

