"""Tax: wage and salary income (工资薪金所得) withheld by employers, per person and month."""

from __future__ import annotations

from jiuye.registry.enums import SourceKind
from jiuye.registry.models import WageIncome

from .. import landing
from ..base import ApplyContext, Column, Layout, SourceAdapter, register
from .schema import WageRow


@register
class WageAdapter(SourceAdapter):
    code = "tax.wages"
    department = SourceKind.TAX
    title_zh = "工资薪金所得（按月、按扣缴义务人）"
    title_en = "Monthly wage income by withholding employer"
    schema = WageRow
    layout = Layout(
        columns=(
            *landing.IDENTITY,
            Column("扣缴义务人统一社会信用代码", "credit_code", "扣缴义务人（单位）统一社会信用代码，即纳税人识别号", "Unified social credit code (taxpayer number) of the withholding employer", example="91430302MA4L12346L"),
            Column("扣缴义务人名称", "employer_name", "扣缴义务人名称", "Name of the withholding employer", required=False, example="湘潭某某制造有限公司"),
            Column("所得期间", "month", "所得所属月份，YYYY-MM 或 YYYYMM", "Month the income is for, YYYY-MM or YYYYMM", example="2024-03"),
            Column("收入额", "amount", "本月工资薪金收入额（元，两位小数，税前）", "Wage and salary income for the month (yuan, two decimals, before tax)", example="6200.00"),
        ),
        natural_key=("resident_id", "credit_code", "month"),
    )

    def apply(self, row: WageRow, ctx: ApplyContext, person=None) -> str:
        person = landing.need_person(person, self.code)
        employer = landing.employer(ctx, row.credit_code, landing.header(self.layout, "credit_code"))
        _, outcome = landing.upsert(
            WageIncome, ctx, {"person": person, "employer": employer, "month": row.month}, {"amount": row.amount}
        )
        return outcome
