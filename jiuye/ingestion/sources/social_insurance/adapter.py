"""Social insurance: who is insured with which employer (start, stop) and what was due and paid each month."""

from __future__ import annotations

from jiuye.registry.enums import SourceKind
from jiuye.registry.models import ContributionRecord, InsuredPeriod

from .. import landing
from ..base import ApplyContext, Column, Layout, SourceAdapter, register
from .schema import ContributionRow, InsuredRow

EMPLOYER = (
    Column("统一社会信用代码", "credit_code", "参保单位统一社会信用代码（18位）", "Unified social credit code of the insured employer (18 characters)", example="91430302MA4L12346L"),
    Column("单位名称", "employer_name", "参保单位名称", "Name of the insured employer", required=False, example="湘潭某某制造有限公司"),
)
SCHEME = Column(
    "险种类型", "scheme", "险种类型：110企业职工基本养老保险、120机关事业单位养老保险、210失业保险、310职工基本医疗保险、410工伤保险（代码或名称）",
    "Scheme: 110 enterprise pension, 120 public-sector pension, 210 unemployment, 310 employee medical, 410 work injury (code or name)",
    example="110",
)


@register
class InsuredAdapter(SourceAdapter):
    code = "social_insurance.insured"
    department = SourceKind.SOCIAL_INSURANCE
    title_zh = "参保人员及参保期间"
    title_en = "Insured persons and their insured periods"
    schema = InsuredRow
    layout = Layout(
        columns=(
            *landing.IDENTITY,
            landing.PHONE,
            *EMPLOYER,
            SCHEME,
            Column("参保日期", "start_date", "本单位本险种参保（起始）日期，YYYY-MM-DD", "Date insurance with this employer began, YYYY-MM-DD", example="2021-03-01"),
            Column("停保日期", "end_date", "停保（终止）日期，YYYY-MM-DD；仍在参保的留空", "Date insurance stopped, YYYY-MM-DD; empty while still insured", required=False, example="2024-06-30"),
        ),
        natural_key=("resident_id", "credit_code", "scheme", "start_date"),
    )

    def apply(self, row: InsuredRow, ctx: ApplyContext, person=None) -> str:
        person = landing.need_person(person, self.code)
        employer = landing.employer(ctx, row.credit_code, landing.header(self.layout, "credit_code"))
        _, outcome = landing.upsert(
            InsuredPeriod, ctx,
            {"person": person, "employer": employer, "scheme": row.scheme, "start_date": row.start_date},
            {"end_date": row.end_date},
        )
        return outcome


@register
class ContributionAdapter(SourceAdapter):
    code = "social_insurance.contributions"
    department = SourceKind.SOCIAL_INSURANCE
    title_zh = "社会保险费缴费明细（按月）"
    title_en = "Monthly social insurance contributions"
    schema = ContributionRow
    layout = Layout(
        columns=(
            *landing.IDENTITY,
            *EMPLOYER,
            SCHEME,
            Column("缴费月份", "month", "费款所属期，YYYY-MM 或 YYYYMM", "Month the contribution is for, YYYY-MM or YYYYMM", example="2024-03"),
            Column("缴费基数", "base_wage", "缴费基数（元，两位小数）", "Contribution base (yuan, two decimals)", example="4500.00"),
            Column("应缴金额", "amount_due", "应缴金额（元，单位与个人合计）", "Amount due (yuan, employer and employee parts together)", example="1107.00"),
            Column("实缴金额", "amount_paid", "实缴金额（元）；欠缴 = 应缴 − 实缴", "Amount paid (yuan); arrears = due − paid", example="1107.00"),
        ),
        natural_key=("resident_id", "credit_code", "scheme", "month"),
    )

    def apply(self, row: ContributionRow, ctx: ApplyContext, person=None) -> str:
        person = landing.need_person(person, self.code)
        employer = landing.employer(ctx, row.credit_code, landing.header(self.layout, "credit_code"))
        _, outcome = landing.upsert(
            ContributionRecord, ctx,
            {"person": person, "employer": employer, "scheme": row.scheme, "month": row.month},
            {"base_wage": row.base_wage, "amount_due": row.amount_due, "amount_paid": row.amount_paid},
        )
        return outcome
