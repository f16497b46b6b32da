"""Rows of the human-resources exchange files (docs/exchange/human_resources.md)."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, ValidationInfo, field_validator

from jiuye.registry.enums import HukouType, RegistrationStatus, SeekerStatus

from ..fields import (
    DivisionCode,
    OptionalChoice,
    OptionalDivisionCode,
    OptionalPastDate,
    OptionalPhone,
    OptionalText,
    PastDate,
    PersonRow,
    RequiredText,
    fail,
    not_before,
)
from ..fields import _credit_code as credit_code_check

HUKOU_LABELS = {
    HukouType.URBAN: ("城镇", "非农业", "城镇户口", "非农业户口", "1"),
    HukouType.RURAL: ("农村", "农业", "农村户口", "农业户口", "2"),
}
REGISTRATION_STATUS_LABELS = {
    RegistrationStatus.OPEN: ("登记失业", "在册", "有效"),
    RegistrationStatus.EMPLOYED: ("已就业", "就业"),
    RegistrationStatus.CANCELLED: ("注销", "已注销"),
    RegistrationStatus.EXPIRED: ("失效", "逾期失效"),
}
SEEKER_STATUS_LABELS = {
    SeekerStatus.ACTIVE: ("求职中", "有效"),
    SeekerStatus.PLACED: ("已就业", "已成功推荐"),
    SeekerStatus.WITHDRAWN: ("撤销", "已撤销"),
}

def _occupation_code(value: Any) -> str:
    text = "" if value is None else str(value).strip()
    if text and not re.fullmatch(r"\d(-\d{2}){1,3}", text):
        raise fail(
            "occupation_format",
            f"职业代码“{text}”格式不对（应为《职业分类大典》代码，如2-02-10-03）",
            f"The occupation code '{text}' is malformed (expected a 2022 occupation classification code, "
            "e.g. 2-02-10-03)",
        )
    return text


def _optional_credit_code(value: Any) -> str:
    if value is None or not str(value).strip():
        return ""
    return credit_code_check(value)


class HumanResourcesPersonRow(PersonRow):
    """Who the row is about, as a human-resources register records it: identity, phone, residence."""

    phone: OptionalPhone = ""
    division_code: DivisionCode  # residence: where services are delivered; used for new persons
    hukou_type: OptionalChoice(HUKOU_LABELS, what_zh="户口性质", what_en="Hukou type") = ""


class UnemploymentRow(HumanResourcesPersonRow):
    registered_on: PastDate
    office_division_code: OptionalDivisionCode = ""
    ended_on: Annotated[
        OptionalPastDate,
        AfterValidator(not_before("registered_on", zh="登记日期", en="registration date")),
    ] = None
    status: OptionalChoice(REGISTRATION_STATUS_LABELS, what_zh="登记状态", what_en="Registration status") = ""
    previous_employer_code: Annotated[OptionalText(18), AfterValidator(_optional_credit_code)] = ""
    seeking_occupation_code: Annotated[OptionalText(16), AfterValidator(_occupation_code)] = ""

    @field_validator("status")
    @classmethod
    def _status_agrees(cls, value: str, info: ValidationInfo) -> str:
        if "ended_on" not in info.data:
            return value  # the end date is wrong itself: one reason is enough
        ended = info.data["ended_on"]
        if not value:
            value = RegistrationStatus.OPEN if ended is None else ""
            if not value:
                raise fail(
                    "status_missing",
                    "已填终止日期，登记状态不能为空（已就业、注销或失效）",
                    "An end date is given, so the registration status is required (已就业, 注销 or 失效)",
                )
        if value == RegistrationStatus.OPEN and ended is not None:
            raise fail(
                "status_conflict",
                "登记状态为“登记失业”时不应填写终止日期",
                "A registration that is still open (登记失业) has no end date",
            )
        if value != RegistrationStatus.OPEN and ended is None:
            raise fail(
                "ended_missing",
                "登记已终止（已就业、注销或失效）时须填写终止日期",
                "A registration that has ended (已就业, 注销 or 失效) needs its end date",
            )
        return value


class JobSeekerRow(HumanResourcesPersonRow):
    registered_on: PastDate
    office_division_code: OptionalDivisionCode = ""
    desired_occupation_code: Annotated[OptionalText(16), AfterValidator(_occupation_code)] = ""
    status: OptionalChoice(SEEKER_STATUS_LABELS, what_zh="求职状态", what_en="Job-seeking status") = ""


class TrainingRow(HumanResourcesPersonRow):
    programme: RequiredText(200)
    provider: OptionalText(200) = ""
    occupation_code: Annotated[OptionalText(16), AfterValidator(_occupation_code)] = ""
    start_date: PastDate
    end_date: Annotated[
        OptionalPastDate, AfterValidator(not_before("start_date", zh="开班日期", en="start date"))
    ] = None
    certificate_level: OptionalText(16) = ""

