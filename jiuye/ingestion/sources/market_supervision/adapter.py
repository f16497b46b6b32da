"""Market supervision: the enterprise register, event by event.

Each row is one event (registration, change, deregistration, abnormal-operation listing or removal)
of one enterprise. The employer's descriptive fields follow the newest event that carries them; its
status follows its events in date order, so a file sent out of order, or re-sent, ends the same.
"""

from __future__ import annotations

from jiuye.registry.enums import EmployerEventKind, EmployerStatus, OwnershipType, SizeClass, SourceKind
from jiuye.registry.models import Employer, EmployerEvent

from .. import landing
from ..base import ApplyContext, Column, Layout, RowRejected, SourceAdapter, register
from .schema import EnterpriseRow

# Same-day events apply in this order (a firm registered and listed on one day ends up listed).
_EVENT_ORDER = {
    EmployerEventKind.REGISTERED: 0,
    EmployerEventKind.CHANGED: 1,
    EmployerEventKind.ABNORMAL_LISTED: 2,
    EmployerEventKind.ABNORMAL_REMOVED: 3,
    EmployerEventKind.DEREGISTERED: 4,
}


def status_after(kinds_in_order: list[str]) -> str:
    status = EmployerStatus.ACTIVE
    for kind in kinds_in_order:
        if kind == EmployerEventKind.DEREGISTERED:
            status = EmployerStatus.DEREGISTERED
        elif kind == EmployerEventKind.ABNORMAL_LISTED and status != EmployerStatus.DEREGISTERED:
            status = EmployerStatus.ABNORMAL
        elif kind == EmployerEventKind.ABNORMAL_REMOVED and status == EmployerStatus.ABNORMAL:
            status = EmployerStatus.ACTIVE
        elif kind == EmployerEventKind.REGISTERED:
            status = EmployerStatus.ACTIVE
    return status


def size_class(employees: int) -> str:
    if employees < 10:
        return SizeClass.MICRO
    if employees < 100:
        return SizeClass.SMALL
    if employees < 1000:
        return SizeClass.MEDIUM
    return SizeClass.LARGE


@register
class EnterpriseAdapter(SourceAdapter):
    code = "market_supervision.enterprises"
    department = SourceKind.MARKET_SUPERVISION
    title_zh = "企业登记、变更、注销及经营异常名录"
    title_en = "Enterprise registrations, changes, deregistrations and abnormal-operation listings"
    schema = EnterpriseRow
    identifies_person = False
    layout = Layout(
        columns=(
            Column("统一社会信用代码", "credit_code", "统一社会信用代码（18位）", "Unified social credit code (18 characters)", example="91430302MA4L12346L"),
            Column("登记事项", "event", "设立登记、变更登记、注销登记、列入经营异常名录、移出经营异常名录", "Event: registration, change, deregistration, listed for abnormal operation, removed from the list", example="设立登记"),
            Column("事项日期", "event_date", "核准（决定）日期，YYYY-MM-DD", "Date the event was approved or decided, YYYY-MM-DD", example="2023-05-10"),
            Column("企业名称", "name", "企业（个体工商户）名称；设立登记必填", "Name of the enterprise or individual business; required for registrations", required=False, example="湘潭某某制造有限公司"),
            Column("住所行政区划代码", "division_code", "住所所在行政区划代码（6位县级或9位乡级）；设立登记必填", "Division code of the registered seat (6-digit county or 9-digit township); required for registrations", required=False, example="430302001"),
            Column("住所", "address", "住所（经营场所）地址", "Registered address", required=False, example="湘潭市雨湖区某某路1号"),
            Column("行业门类", "industry", "国民经济行业门类（GB/T 4754-2017，A–T）或行业代码（如C3311）", "Industry section (GB/T 4754-2017, A–T) or class code (e.g. C3311)", required=False, example="C"),
            Column("企业类型", "ownership", "国有企业、集体企业、私营企业、个体工商户、外商投资企业、港澳台商投资企业（或登记注册类型代码）", "Ownership: state, collective, private, individual business, foreign or HK/MO/TW-invested (or registration-type code)", required=False, example="私营企业"),
            Column("成立日期", "registered_on", "成立日期，YYYY-MM-DD", "Date founded, YYYY-MM-DD", required=False, example="2023-05-10"),
            Column("从业人数", "employees", "从业人数（最近一期年报）", "Number of employees (latest annual report)", required=False, example="35"),
            Column("事项说明", "details", "变更内容、列入或移出经营异常名录的原因等", "What changed, or why the enterprise was listed or removed", required=False, example=""),
        ),
        natural_key=("credit_code", "event", "event_date"),
    )

    def apply(self, row: EnterpriseRow, ctx: ApplyContext, person=None) -> str:
        division = (
            landing.division(ctx, row.division_code, landing.header(self.layout, "division_code"))
            if row.division_code else None
        )
        industry = landing.industry(ctx, row.industry) if row.industry else None
        employer = Employer.objects.filter(credit_code=row.credit_code).first()
        created = employer is None
        if created:
            if division is None or not row.name:
                raise RowRejected(
                    landing.header(self.layout, "credit_code"), row.credit_code, "employer_unknown",
                    f"本库尚无统一社会信用代码为{row.credit_code}的企业；首次报送的企业须填写企业名称和住所行政区划代码",
                    f"No enterprise with credit code {row.credit_code} is in the library yet; the first row "
                    "sent for an enterprise must give its name and the division code of its seat",
                )
            employer = Employer.objects.create(
                credit_code=row.credit_code, name=row.name, division=division,
                ownership=row.ownership or OwnershipType.PRIVATE,
                size_class=size_class(row.employees) if row.employees is not None else SizeClass.MICRO,
                address=row.address, industry=industry, registered_on=row.registered_on, source=ctx.source,
            )

        newest = (
            EmployerEvent.objects.filter(employer=employer)
            .exclude(kind=row.event, occurred_on=row.event_date)
            .order_by("-occurred_on")
            .values_list("occurred_on", flat=True)
            .first()
        )
        _, outcome = landing.upsert(
            EmployerEvent, ctx, {"employer": employer, "kind": row.event, "occurred_on": row.event_date},
            {"details": {"note": row.details} if row.details else {}},
        )

        values: dict = {}
        if newest is None or row.event_date >= newest:
            values = {
                "name": row.name or None, "division": division, "address": row.address or None,
                "industry": industry, "ownership": row.ownership or None, "registered_on": row.registered_on,
                "size_class": size_class(row.employees) if row.employees is not None else None,
            }
            values = {k: v for k, v in values.items() if v is not None}
        kinds = [
            kind for _, _, kind in sorted(
                (d, _EVENT_ORDER[k], k) for d, k in
                EmployerEvent.objects.filter(employer=employer).values_list("occurred_on", "kind")
            )
        ]
        values["status"] = status_after(kinds)
        changed = [k for k, v in values.items() if landing.differs(employer, k, v)]
        if changed:
            for k in changed:
                setattr(employer, k, values[k])
            employer.save(update_fields=[*changed, "updated_at"])
        if created:
            return landing.ACCEPTED
        return landing.combine(outcome, bool(changed))
