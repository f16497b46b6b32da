import datetime as dt

import pytest

from jiuye.ingestion.sources.base import REGISTRY, RowRejected
from jiuye.ingestion.sources.education.schema import GraduateRow
from jiuye.registry.models import FieldProvenance, GraduateRecord, PersonKeyGroup
from jiuye.taxonomy.models import EducationLevel

from .helpers import LAST_YEAR, TODAY, errors, rid

pytestmark = pytest.mark.django_db
CODE = "education.graduates"


def graduate(person, **kw) -> dict:
    return {
        "resident_id": person.reveal_resident_id(), "name": person.name, "division_code": "430302",
        "institution": "湘潭大学", "institution_code": "10530", "major_code": "080901", "major_name": "计算机科学与技术",
        "degree_level": "本科", "graduation_date": f"{LAST_YEAR}-06-30", "destination": "待就业", **kw,
    }


def land(person, make_ctx, **kw):
    adapter = REGISTRY[CODE]()
    return adapter.apply(adapter.schema.model_validate(graduate(person, **kw)), make_ctx(CODE), person)


def test_graduate_schema():
    row = GraduateRow.model_validate({
        "resident_id": rid(), "name": "王小明", "division_code": "430302", "institution": "湘潭大学",
        "major_code": "080910t", "degree_level": "硕士", "graduation_date": f"{LAST_YEAR}0630", "destination": "协议就业",
    })
    assert (row.major_code, row.degree_level, row.destination) == ("080910T", "master", "employed")
    # Expected graduates may be sent before the ceremony, but not years ahead.
    soon = TODAY + dt.timedelta(days=100)
    assert GraduateRow.model_validate({**row.model_dump(), "graduation_date": soon}).graduation_date == soon
    found = errors(GraduateRow, {
        "resident_id": rid(), "name": "王小明", "division_code": "", "institution": "", "institution_code": "1053",
        "major_code": "CS01", "degree_level": "学士后", "graduation_date": f"{TODAY.year + 3}-06-30",
        "destination": "去火星",
    })
    assert found["division_code"][0] == "missing"
    assert found["institution"][0] == "missing"
    assert found["institution_code"][0] == "institution_code_format"
    assert found["major_code"][0] == "major_code_format"
    assert found["degree_level"][0] == "choice" and "本科" in found["degree_level"][1]
    assert found["graduation_date"][0] == "date_future" and "366" in found["graduation_date"][2]
    assert found["destination"][0] == "choice"


def test_graduation_lands_with_person_fields_key_group_and_provenance(yuhu_person, make_ctx):
    assert land(yuhu_person, make_ctx) == "accepted"
    record = GraduateRecord.objects.get()
    assert (record.institution, record.major_code, record.education.code, record.destination) == (
        "湘潭大学", "080901", "bachelor", "not_yet")
    yuhu_person.refresh_from_db()
    assert (yuhu_person.education.code, yuhu_person.major, yuhu_person.graduation_year) == (
        "bachelor", "计算机科学与技术", LAST_YEAR)
    membership = PersonKeyGroup.objects.get(person=yuhu_person)
    assert membership.key_group.code == "graduate" and membership.since == dt.date(LAST_YEAR, 6, 30)
    assert membership.until == dt.date(LAST_YEAR + 2, 6, 30)
    assert set(FieldProvenance.objects.filter(person=yuhu_person).values_list("field", flat=True)) == {
        "education", "major", "graduation_year"}
    assert FieldProvenance.objects.filter(source__code=CODE).count() == 3

    assert land(yuhu_person, make_ctx) == "unchanged"
    assert land(yuhu_person, make_ctx, destination="签约就业") == "updated"
    assert GraduateRecord.objects.get().destination == "employed"
    assert PersonKeyGroup.objects.count() == 1


def test_highest_level_and_latest_major_win(yuhu_person, make_ctx):
    land(yuhu_person, make_ctx, degree_level="硕士", institution="湖南大学", major_name="软件工程",
         graduation_date=f"{LAST_YEAR}-06-30")
    # The bachelor's degree, sent later, is older and lower: it lands but changes nothing on the person.
    land(yuhu_person, make_ctx, graduation_date=f"{LAST_YEAR - 3}-06-30")
    yuhu_person.refresh_from_db()
    assert (yuhu_person.education.code, yuhu_person.major, yuhu_person.graduation_year) == (
        "master", "软件工程", LAST_YEAR)
    assert GraduateRecord.objects.count() == 2


def test_education_levels_come_from_the_packaged_list_when_not_loaded(yuhu_person, make_ctx):
    assert not EducationLevel.objects.exists()
    land(yuhu_person, make_ctx, degree_level="30")
    assert EducationLevel.objects.get().code == "junior_college"


def test_unknown_home_division_is_rejected(yuhu_person, make_ctx):
    with pytest.raises(RowRejected) as info:
        land(yuhu_person, make_ctx, division_code="440106")
    assert (info.value.column, info.value.code) == ("生源地行政区划代码", "division_unknown")
    assert not GraduateRecord.objects.exists()


def test_graduates_source_creates_persons():
    assert REGISTRY[CODE].creates_persons is True
