"""Rows of the social insurance exchange files (docs/exchange/social_insurance.md)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import ValidationInfo, field_validator

from jiuye.registry.enums import InsuranceScheme

from ..fields import (
    Choice,
    CreditCode,
    Money,
    OptionalPastDate,
    OptionalPhone,
    OptionalText,
    PastDate,
    PastMonth,
    PersonRow,
    fail,
    not_before,
)

# 险种类型 as the social insurance information system codes them (and their names).
SCHEME_LABELS = {
    InsuranceScheme.PENSION.value: (
        "110", "120", "养老", "养老保险", "基本养老保险", "企业职工基本养老保险", "机关事业单位基本养老保险",
    ),
    InsuranceScheme.UNEMPLOYMENT.value: ("210", "失业", "失业保险"),
    InsuranceScheme.MEDICAL.value: ("310", "医疗", "医疗保险", "基本医疗保险", "职工基本医疗保险"),
    InsuranceScheme.INJURY.value: ("410", "工伤", "工伤保险"),
}
Scheme = Choice(SCHEME_LABELS, what_zh="险种类型", what_en="Insurance scheme")


class InsuredRow(PersonRow):
    phone: OptionalPhone = ""
    credit_code: CreditCode
    employer_name: OptionalText(200) = ""
    scheme: Scheme
    start_date: PastDate
    end_date: OptionalPastDate = None

    _end_after_start = field_validator("end_date")(
        not_before("start_date", zh="参保日期", en="insured-from date")
    )


class ContributionRow(PersonRow):
    credit_code: CreditCode
    employer_name: OptionalText(200) = ""
    scheme: Scheme
    month: PastMonth
    base_wage: Money(10)
    amount_due: Money(10)
    amount_paid: Money(10)

    @field_validator("amount_due")
    @classmethod
    def _due_within_base(cls, value: Decimal, info: ValidationInfo) -> Decimal:
        base = info.data.get("base_wage")
        if base is not None and value > base:
            raise fail(
                "due_exceeds_base",
                f"应缴金额{value}超过缴费基数{base}（费率不会超过100%）",
                f"The amount due {value} exceeds the contribution base {base} (no rate exceeds 100%)",
            )
        return value

    @property
    def arrears(self) -> Decimal:
        return max(self.amount_due - self.amount_paid, Decimal("0.00"))
