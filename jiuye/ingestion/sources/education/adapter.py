"""Education: graduates. A graduation lands as a GraduateRecord; the person's highest education,
latest major and graduation year follow it; recent graduates join the "graduate" key group."""

from __future__ import annotations

from jiuye.registry.enums import GraduateDestination, SourceKind
from jiuye.registry.models import GraduateRecord

from .. import landing
from ..base import ApplyContext, Column, Layout, RowRejected, SourceAdapter, register
from .schema import GraduateRow

# Employment services count a graduate as a key-group member until two years after leaving school.
GRADUATE_GROUP_YEARS = 2


@register
class GraduateAdapter(SourceAdapter):
    code = "education.graduates"
    department = SourceKind.EDUCATION
    title_zh = "高校及中职毕业生"
    title_en = "Graduates"
    schema = GraduateRow
    creates_persons = True
    layout = Layout(
        columns=(
            *landing.IDENTITY,
            landing.PHONE,
            Column("生源地行政区划代码", "division_code", "生源地（家庭所在地）行政区划代码，6位或9位；新建人员以此为居住地", "Division code of the graduate's home area (6 or 9 digits); new persons live there", example="430302"),
            Column("院校名称", "institution", "毕业院校名称", "Name of the institution", example="湘潭大学"),
            Column("院校代码", "institution_code", "5位院校代码或10位学校标识码", "5-digit institution code or 10-digit school identifier", required=False, example="10530"),
            Column("专业代码", "major_code", "专业目录代码（如080901、510201）", "Major code from the catalogue (e.g. 080901, 510201)", required=False, example="080901"),
            Column("专业名称", "major_name", "专业名称", "Name of the major", required=False, example="计算机科学与技术"),
            Column("学历层次", "degree_level", "中职、专科、本科、硕士研究生、博士研究生（或GB/T 4658代码40/30/20/14/11）", "Level: secondary vocational, junior college, bachelor, master, doctor (or GB/T 4658 code 40/30/20/14/11)", example="本科"),
            Column("毕业时间", "graduation_date", "毕业（预计毕业）日期，YYYY-MM-DD；至多提前一年报送", "Date of graduation (or expected graduation), YYYY-MM-DD; at most a year ahead", example="2024-06-30"),
            Column("毕业去向", "destination", "就业、升学、自主创业、灵活就业、待就业、不详", "Destination: employed, further study, self-employed, flexible employment, not yet employed, unknown", required=False, example="待就业"),
        ),
        natural_key=("resident_id", "institution", "graduation_date"),
    )

    def apply(self, row: GraduateRow, ctx: ApplyContext, person=None) -> str:
        person = landing.need_person(person, self.code)
        landing.division(ctx, row.division_code, landing.header(self.layout, "division_code"))
        level = landing.education_level(ctx, row.degree_level)
        if level is None:  # the schema only admits codes of the packaged list
            raise RowRejected(
                landing.header(self.layout, "degree_level"), row.degree_level, "choice",
                "学历层次不在本库的学历代码表中", "The degree level is not in the library's education levels",
            )
        _, outcome = landing.upsert(
            GraduateRecord, ctx,
            {"person": person, "institution": row.institution, "graduation_date": row.graduation_date},
            {
                "institution_code": row.institution_code, "major_code": row.major_code,
                "major_name": row.major_name, "education": level,
                "destination": row.destination or GraduateDestination.UNKNOWN,
            },
        )

        values: dict = {}
        if person.education_id is None or person.education.rank <= level.rank:
            values["education"] = level
        latest = (
            GraduateRecord.objects.filter(person=person).order_by("-graduation_date")
            .values_list("graduation_date", flat=True).first()
        )
        if latest == row.graduation_date:
            values["graduation_year"] = row.graduation_date.year
            if row.major_name:
                values["major"] = row.major_name
        person_changed = landing.set_person_fields(person, ctx, values) if values else False

        until = row.graduation_date.replace(
            year=row.graduation_date.year + GRADUATE_GROUP_YEARS,
            day=28 if (row.graduation_date.month, row.graduation_date.day) == (2, 29) else row.graduation_date.day,
        )
        joined = landing.join_key_group(person, ctx, "graduate", row.graduation_date, until)
        return landing.combine(outcome, person_changed, joined)
