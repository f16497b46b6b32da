"""Civil affairs: households receiving minimum living security, low-income or extreme-poverty support
(by household number, with the applicant), and disability certificates."""

from __future__ import annotations

from dataclasses import replace

from django.db.models import Q
from django.utils import timezone

from jiuye.registry.enums import AssistanceStatus, Relation, SourceKind
from jiuye.registry.models import DisabilityCertificate, HouseholdAssistance, HouseholdMembership

from .. import landing
from ..base import ApplyContext, Column, Layout, SourceAdapter, register
from .schema import AssistanceRow, DisabilityRow

# When periods of several kinds are current, the household's status is the strongest support.
_PRIORITY = {AssistanceStatus.TEKUN: 3, AssistanceStatus.DIBAO: 2, AssistanceStatus.LOW_INCOME: 1}


def current_assistance(household) -> str:
    today = timezone.localdate()
    kinds = HouseholdAssistance.objects.filter(household=household, start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    ).values_list("kind", flat=True)
    return max(kinds, key=lambda k: _PRIORITY.get(k, 0), default=AssistanceStatus.NONE)


@register
class AssistanceAdapter(SourceAdapter):
    code = "civil_affairs.assistance"
    department = SourceKind.CIVIL_AFFAIRS
    title_zh = "最低生活保障、低收入及特困救助家庭"
    title_en = "Minimum-living-security, low-income and extreme-poverty households"
    schema = AssistanceRow
    layout = Layout(
        columns=(
            replace(landing.IDENTITY[0], name="申请人公民身份号码", description_zh="申请人公民身份号码（18位；旧版15位亦可）；未知时留空"),
            replace(landing.IDENTITY[1], name="申请人姓名", description_zh="申请人姓名", description_en="Applicant's full name"),
            Column("申请人性别", "sex", "申请人性别：男/女", "Applicant's sex: 男/女", required=False, example="男"),
            Column("申请人出生日期", "birth_date", "申请人出生日期，YYYY-MM-DD", "Applicant's date of birth, YYYY-MM-DD", required=False, example="1990-01-02"),
            landing.PHONE,
            Column("家庭编号", "household_number", "救助家庭编号（户编号）", "Household number", example="4303020012024000123"),
            Column("救助类型", "kind", "最低生活保障、低收入家庭、特困人员救助供养", "Assistance type: minimum living security (dibao), low-income, extreme poverty (tekun)", example="最低生活保障"),
            Column("家庭所在地行政区划代码", "division_code", "家庭所在地行政区划代码（6位县级或9位乡级）", "Division code where the household lives (6-digit county or 9-digit township)", example="430302001"),
            Column("家庭住址", "address", "家庭住址", "Address of the household", required=False, example="湘潭市雨湖区某某路1号"),
            Column("户口性质", "hukou_type", "非农业/农业", "Hukou type: non-agricultural (urban) / agricultural (rural)", required=False, example="非农业"),
            Column("救助开始日期", "start_date", "审批享受救助的起始日期，YYYY-MM-DD", "Date the approved support began, YYYY-MM-DD", example="2023-01-01"),
            Column("救助停止日期", "end_date", "停止（或审批有效期截止）日期；仍在享受的留空", "Date the support stopped (or the approval ends); empty while it continues", required=False, example=""),
        ),
        natural_key=("household_number", "kind", "start_date"),
    )

    def apply(self, row: AssistanceRow, ctx: ApplyContext, person=None) -> str:
        person = landing.need_person(person, self.code)
        division = landing.division(ctx, row.division_code, landing.header(self.layout, "division_code"))
        household, created = landing.household(ctx, row.household_number, {
            "division": division, "hukou_type": row.hukou_type or person.hukou_type, "address": row.address,
        })
        household_changed = created
        if not created and row.address and household.address != row.address:
            household.address = row.address
            household.save(update_fields=["address", "updated_at"])
            household_changed = True

        _, outcome = landing.upsert(
            HouseholdAssistance, ctx,
            {"household": household, "kind": row.kind, "start_date": row.start_date}, {"end_date": row.end_date},
        )
        status = current_assistance(household)
        if household.assistance_status != status:
            household.assistance_status = status
            household.save(update_fields=["assistance_status", "updated_at"])
            household_changed = True

        joined = False
        if not HouseholdMembership.objects.filter(household=household, person=person).exists():
            has_head = HouseholdMembership.objects.filter(household=household, relation=Relation.HEAD).exists()
            HouseholdMembership.objects.create(
                household=household, person=person, relation=Relation.OTHER if has_head else Relation.HEAD,
            )
            joined = True
        return landing.combine(outcome, household_changed, joined)


@register
class DisabilityAdapter(SourceAdapter):
    code = "civil_affairs.disability"
    department = SourceKind.CIVIL_AFFAIRS
    title_zh = "残疾人证"
    title_en = "Disability certificates"
    schema = DisabilityRow
    layout = Layout(
        columns=(
            *landing.IDENTITY,
            landing.PHONE,
            Column("残疾类别", "category", "视力、听力、言语、肢体、智力、精神、多重残疾（或代码1–7）", "Category: vision, hearing, speech, physical, intellectual, mental, multiple (or code 1–7)", example="肢体"),
            Column("残疾等级", "grade", "一级至四级（或1–4），一级最重", "Grade 1 to 4 (一级–四级); grade 1 is the most severe", example="三级"),
            Column("发证日期", "issued_on", "残疾人证发证日期，YYYY-MM-DD", "Date the certificate was issued, YYYY-MM-DD", example="2022-08-15"),
            Column("有效期至", "valid_until", "有效期截止日期，YYYY-MM-DD；长期有效的留空", "Valid until, YYYY-MM-DD; empty if without limit", required=False, example="2032-08-15"),
        ),
        natural_key=("resident_id", "issued_on"),
    )

    def apply(self, row: DisabilityRow, ctx: ApplyContext, person=None) -> str:
        person = landing.need_person(person, self.code)
        _, outcome = landing.upsert(
            DisabilityCertificate, ctx, {"person": person, "issued_on": row.issued_on},
            {"category": row.category, "grade": int(row.grade), "valid_until": row.valid_until},
        )
        # The person's grade is the one on their newest certificate.
        newest = (
            DisabilityCertificate.objects.filter(person=person).order_by("-issued_on")
            .values_list("grade", flat=True).first()
        )
        person_changed = landing.set_person_fields(person, ctx, {"disability_grade": newest})
        joined = landing.join_key_group(person, ctx, "disabled", row.issued_on)
        return landing.combine(outcome, person_changed, joined)
