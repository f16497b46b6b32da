"""Rows of the market supervision exchange file (docs/exchange/market_supervision.md)."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, ValidationInfo, field_validator

from jiuye.registry.enums import EmployerEventKind, OwnershipType

from ..fields import (
    Choice,
    CreditCode,
    DepartmentRow,
    OptionalChoice,
    OptionalCount,
    OptionalDivisionCode,
    OptionalPastDate,
    OptionalText,
    PastDate,
    fail,
)

EVENT_LABELS = {
    EmployerEventKind.REGISTERED.value: ("设立登记", "设立", "成立", "开业登记"),
    EmployerEventKind.CHANGED.value: ("变更登记", "变更"),
    EmployerEventKind.DEREGISTERED.value: ("注销登记", "注销"),
    EmployerEventKind.ABNORMAL_LISTED.value: ("列入经营异常名录", "列入异常", "列入"),
    EmployerEventKind.ABNORMAL_REMOVED.value: ("移出经营异常名录", "移出异常", "移出"),
}
# 企业类型 by name, or by the registration-type code (登记注册类型) departments still send.
OWNERSHIP_LABELS = {
    OwnershipType.STATE.value: ("国有企业", "国有", "国有独资", "国有控股", "110", "151"),
    OwnershipType.COLLECTIVE.value: ("集体企业", "集体", "120"),
    OwnershipType.PRIVATE.value: (
        "私营企业", "私营", "民营", "有限责任公司", "股份有限公司", "股份合作企业", "联营企业",
        "130", "140", "150", "159", "160", "170", "171", "172", "173", "174", "190",
    ),
    OwnershipType.INDIVIDUAL.value: ("个体工商户", "个体", "个体经营", "400"),
    OwnershipType.FOREIGN.value: (
        "外商投资企业", "港澳台商投资企业", "外资", "港澳台资", "200", "210", "220", "230", "240", "290",
        "300", "310", "320", "330", "340", "390",
    ),
    OwnershipType.PUBLIC_INSTITUTION.value: ("事业单位", "机关事业单位"),
}

INDUSTRY_SECTIONS = "ABCDEFGHIJKLMNOPQRST"


def _industry(value: Any) -> str:
    if value is None or not str(value).strip():
        return ""
    raw = str(value).strip().upper()
    # A section letter, or a GB/T 4754 class code that starts with it (C3311).
    if re.fullmatch(r"[A-Z]\d{0,4}", raw) and raw[0] in INDUSTRY_SECTIONS:
        return raw[0]
    raise fail(
        "industry_format",
        f"行业“{raw}”不是GB/T 4754-2017门类字母（A–T），也不是以门类字母开头的行业代码（如C3311）",
        f"The industry {raw!r} is not a GB/T 4754-2017 section letter (A–T) nor a class code starting with one (e.g. C3311)",
    )


class EnterpriseRow(DepartmentRow):
    credit_code: CreditCode
    event: Choice(EVENT_LABELS, what_zh="登记事项", what_en="Event")
    event_date: PastDate
    name: OptionalText(200) = ""
    division_code: OptionalDivisionCode = ""
    address: OptionalText(200) = ""
    industry: Annotated[str, BeforeValidator(_industry)] = ""
    ownership: OptionalChoice(OWNERSHIP_LABELS, what_zh="企业类型", what_en="Ownership type") = ""
    registered_on: OptionalPastDate = None
    employees: OptionalCount = None
    details: OptionalText(500) = ""

    @field_validator("name", "division_code")
    @classmethod
    def _needed_to_register(cls, value: str, info: ValidationInfo) -> str:
        if not value and info.data.get("event") == EmployerEventKind.REGISTERED:
            raise fail(
                "missing", "设立登记须填写此项", "A registration (设立登记) row must fill this column"
            )
        return value

    @field_validator("registered_on")
    @classmethod
    def _founded_before_event(cls, value, info: ValidationInfo):
        event_date = info.data.get("event_date")
        if value and event_date and value > event_date:
            raise fail(
                "date_order",
                f"成立日期{value}晚于事项日期{event_date}",
                f"The founding date {value} is after the event date {event_date}",
            )
        return value
