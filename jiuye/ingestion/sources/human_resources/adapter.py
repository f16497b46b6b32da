"""Human resources: unemployment registrations (登记失业), job-seeker registrations (求职登记) and
vocational training records (职业培训). Layouts are published in docs/exchange/human_resources.md.

These are the department's own registers, kept at its offices against an ID card, so a valid ID not
yet in the library creates the person (`creates_persons`); the row's residence code says where.
"""

from __future__ import annotations

from typing import Any

from jiuye.registry.enums import LabourStatus, RegistrationStatus, SeekerStatus, SourceKind
from jiuye.registry.models import Employer, JobSeekerRegistration, TrainingRecord, UnemploymentRegistration
from jiuye.taxonomy.models import Occupation

from .. import landing
from ..base import ApplyContext, Column, Layout, RowRejected, SourceAdapter, register
from .schema import JobSeekerRow, TrainingRow, UnemploymentRow

RESIDENCE = Column(
    "居住地区划代码", "division_code",
    "现居住地行政区划代码（6位县级或9位乡镇街道级），新建人员按此归属",
    "Division code of the residence (6-digit county or 9-digit township); new persons are placed there",
    example="430302001",
)
HUKOU = Column(
    "户口性质", "hukou_type", "户口性质：城镇/农村（非农业/农业）", "Hukou type: 城镇 (urban) / 农村 (rural)",
    required=False, example="城镇",
)
PERSON_COLUMNS = (*landing.IDENTITY, landing.PHONE, RESIDENCE, HUKOU)


def _office(ctx: ApplyContext, layout: Layout, row: Any) -> Any:
    """The registering office's division: the office column if given, else the residence."""
    if row.office_division_code:
        return landing.division(ctx, row.office_division_code, landing.header(layout, "office_division_code"))
    return landing.division(ctx, row.division_code, landing.header(layout, "division_code"))


def _occupation(ctx: ApplyContext, layout: Layout, row: Any, key: str) -> Occupation | None:
    code = getattr(row, key)
    if not code:
        return None
    cache = ctx.cache.setdefault("occupations_by_code", {})
    if code not in cache:
        cache[code] = Occupation.objects.filter(code=code).first()
    if cache[code] is None:
        raise RowRejected(
            landing.header(layout, key), code, "occupation_unknown",
            f"职业代码{code}不在《职业分类大典》（2022）中",
            f"The occupation code {code} is not in the 2022 occupation classification",
        )
    return cache[code]


class _HumanResources(SourceAdapter):
    department = SourceKind.HUMAN_RESOURCES
    identifies_person = True
    creates_persons = True

    def person_defaults(self, row: Any) -> dict[str, Any]:
        """Fields of a person this source creates, beyond what the ID itself says (pipeline hook)."""
        return {"hukou_type": row.hukou_type or None}


def _upsert(model, ctx: ApplyContext, person: Any, lookup: dict[str, Any], values: dict[str, Any],
            *, provenance: bool = True) -> str:
    """`landing.upsert`, except for a person the pipeline created in this batch: they have no records
    yet, so the new record goes straight into the batch's bulk insert (pipeline hook `bulk_create`)."""
    if person.pk in ctx.cache.get("created_person_ids", ()):
        stamp = {"source": ctx.source, "import_run": ctx.run} if provenance else {}
        ctx.cache.setdefault("bulk_create", {}).setdefault(model, []).append(
            model(person=person, **lookup, **values, **stamp)
        )
        return landing.ACCEPTED
    _, outcome = landing.upsert(model, ctx, {"person": person, **lookup}, values, provenance=provenance)
    return outcome


@register
class UnemploymentAdapter(_HumanResources):
    code = "human_resources.unemployment"
    title_zh = "失业登记"
    title_en = "Unemployment registrations"
    schema = UnemploymentRow
    layout = Layout(
        columns=(
            *PERSON_COLUMNS,
            Column("登记日期", "registered_on", "失业登记日期，YYYY-MM-DD", "Date of registration, YYYY-MM-DD",
                   example="2024-03-01"),
            Column("登记地区划代码", "office_division_code",
                   "办理登记的经办机构所在区划代码；不填则取居住地",
                   "Division code of the registering office; the residence when empty",
                   required=False, example="430302"),
            Column("终止日期", "ended_on", "登记终止日期（已就业、注销或失效时填写）",
                   "Date the registration ended (when 已就业, 注销 or 失效)", required=False, example=""),
            Column("登记状态", "status", "登记失业/已就业/注销/失效；不填为登记失业",
                   "登记失业 (open) / 已就业 (found work) / 注销 (cancelled) / 失效 (lapsed); empty means open",
                   required=False, example="登记失业"),
            Column("原工作单位统一社会信用代码", "previous_employer_code",
                   "失业前工作单位的统一社会信用代码（单位在库时关联）",
                   "Credit code of the last employer (linked when the employer is in the library)",
                   required=False, example="91430302MA4L12346L"),
            Column("求职意向职业代码", "seeking_occupation_code", "希望从事的职业，《职业分类大典》代码",
                   "Occupation sought, 2022 classification code", required=False, example="4-02-01-01"),
        ),
        natural_key=("resident_id", "registered_on"),
    )

    def person_defaults(self, row: UnemploymentRow) -> dict[str, Any]:
        status = LabourStatus.UNEMPLOYED if row.status == RegistrationStatus.OPEN else None
        return {**super().person_defaults(row), "labour_status": status}

    def apply(self, row: UnemploymentRow, ctx: ApplyContext, person=None) -> str:
        person = landing.need_person(person, self.code)
        previous = None
        if row.previous_employer_code:
            # Optional link: an employer not (yet) in the library leaves it empty, the row still lands.
            previous = Employer.objects.filter(credit_code=row.previous_employer_code).first()
        values = {
            "division": _office(ctx, self.layout, row),
            "status": row.status,
            "ended_on": row.ended_on,
            "previous_employer": previous,
            "seeking_occupation": _occupation(ctx, self.layout, row, "seeking_occupation_code"),
            "source": ctx.source,
        }
        # UnemploymentRegistration carries its source but no import run, hence provenance=False.
        outcome = _upsert(
            UnemploymentRegistration, ctx, person, {"registered_on": row.registered_on}, values, provenance=False
        )
        if row.status == RegistrationStatus.OPEN:
            # an open registration settles it without looking at the others
            status = None if person.labour_status == LabourStatus.UNEMPLOYED else LabourStatus.UNEMPLOYED
        else:
            status = _labour_status(person)
        changed = status is not None and landing.set_person_fields(person, ctx, {"labour_status": status})
        return landing.combine(outcome, changed)


def _labour_status(person: Any) -> str | None:
    """What the registrations say about the person's labour status, or None when they say nothing new.

    "Registered unemployed" holds while a registration is open. When none is open any more, a person
    we had as registered unemployed becomes employed if the latest registration ended in work, and
    otherwise leaves that status (not in the labour force until another source says more)."""
    regs = list(person.registrations.order_by("-registered_on", "-id").values_list("status", flat=True))
    if RegistrationStatus.OPEN in regs:
        target = LabourStatus.UNEMPLOYED
    elif person.labour_status == LabourStatus.UNEMPLOYED and regs:
        target = LabourStatus.EMPLOYED if regs[0] == RegistrationStatus.EMPLOYED else LabourStatus.INACTIVE
    else:
        return None
    return None if target == person.labour_status else target


@register
class JobSeekerAdapter(_HumanResources):
    code = "human_resources.job_seekers"
    title_zh = "求职登记"
    title_en = "Job-seeker registrations"
    schema = JobSeekerRow
    layout = Layout(
        columns=(
            *PERSON_COLUMNS,
            Column("登记日期", "registered_on", "求职登记日期，YYYY-MM-DD", "Date of registration, YYYY-MM-DD",
                   example="2024-05-20"),
            Column("登记地区划代码", "office_division_code",
                   "办理登记的经办机构所在区划代码；不填则取居住地",
                   "Division code of the registering office; the residence when empty",
                   required=False, example="430302"),
            Column("求职意向职业代码", "desired_occupation_code", "希望从事的职业，《职业分类大典》代码",
                   "Occupation sought, 2022 classification code", required=False, example="4-02-01-01"),
            Column("求职状态", "status", "求职中/已就业/撤销；不填为求职中",
                   "求职中 (seeking) / 已就业 (placed) / 撤销 (withdrawn); empty means seeking",
                   required=False, example="求职中"),
        ),
        natural_key=("resident_id", "registered_on"),
    )

    def apply(self, row: JobSeekerRow, ctx: ApplyContext, person=None) -> str:
        person = landing.need_person(person, self.code)
        values = {
            "division": _office(ctx, self.layout, row),
            "desired_occupation": _occupation(ctx, self.layout, row, "desired_occupation_code"),
            "status": row.status or SeekerStatus.ACTIVE,
        }
        return _upsert(JobSeekerRegistration, ctx, person, {"registered_on": row.registered_on}, values)


@register
class TrainingAdapter(_HumanResources):
    code = "human_resources.training"
    title_zh = "职业技能培训记录"
    title_en = "Vocational training records"
    schema = TrainingRow
    layout = Layout(
        columns=(
            *PERSON_COLUMNS,
            Column("培训项目", "programme", "培训项目（班次）名称", "Name of the training programme (course)",
                   example="电工职业技能培训"),
            Column("培训机构", "provider", "承训机构名称", "Training provider", required=False,
                   example="湘潭市职业技能培训中心"),
            Column("培训工种代码", "occupation_code", "培训对应职业（工种），《职业分类大典》代码",
                   "Occupation trained for, 2022 classification code", required=False, example="6-31-01-03"),
            Column("开班日期", "start_date", "开班日期，YYYY-MM-DD", "Start date, YYYY-MM-DD", example="2024-04-08"),
            Column("结业日期", "end_date", "结业日期，YYYY-MM-DD；未结业留空",
                   "End date, YYYY-MM-DD; empty while the course runs", required=False, example="2024-05-10"),
            Column("证书等级", "certificate_level", "取得的职业技能等级证书（如五级/初级工）；未取得留空",
                   "Skill certificate obtained (e.g. 五级/初级工); empty if none", required=False, example="五级"),
        ),
        natural_key=("resident_id", "programme", "start_date"),
    )

    def apply(self, row: TrainingRow, ctx: ApplyContext, person=None) -> str:
        person = landing.need_person(person, self.code)
        values = {
            "provider": row.provider,
            "occupation": _occupation(ctx, self.layout, row, "occupation_code"),
            "end_date": row.end_date,
            "certificate_level": row.certificate_level,
        }
        return _upsert(
            TrainingRecord, ctx, person, {"programme": row.programme, "start_date": row.start_date}, values
        )
