import datetime as dt

import pytest

from jiuye.ingestion.sources.base import REGISTRY, RowRejected
from jiuye.ingestion.sources.public_security.schema import HukouRow, MoveRow
from jiuye.registry.models import FieldProvenance, Household, HouseholdMembership, HukouMove
from tests import factories as f

from .helpers import LAST_YEAR, errors, rid

pytestmark = pytest.mark.django_db
HUKOU, MOVES = "public_security.hukou", "public_security.moves"


def hukou(person, **kw) -> dict:
    return {"resident_id": person.reveal_resident_id(), "name": person.name, "ethnicity": "汉族",
            "division_code": "430304001", "hukou_type": "农业", "household_number": "430304001000123",
            "relation": "长子", "address": "书院路2号", "registered_on": "2010-03-01", **kw}


def move(person, **kw) -> dict:
    return {"resident_id": person.reveal_resident_id(), "name": person.name, "kind": "迁入",
            "from_division_code": "440106", "to_division_code": "430302001", "moved_on": f"{LAST_YEAR}-02-20", **kw}


def land(code, data, person, make_ctx):
    adapter = REGISTRY[code]()
    return adapter.apply(adapter.schema.model_validate(data), make_ctx(code), person)


def test_hukou_schema():
    row = HukouRow.model_validate({"resident_id": rid(), "name": "王小明", "division_code": "430302",
                                   "hukou_type": "非农业", "household_number": "H1", "relation": "户主"})
    assert (row.hukou_type, row.relation) == ("urban", "head")
    found = errors(HukouRow, {"resident_id": rid(), "name": "王小明", "division_code": "",
                              "hukou_type": "居民", "household_number": "", "relation": "邻居"})
    assert found["division_code"][0] == "missing"
    assert found["hukou_type"][0] == "choice" and "非农业" in found["hukou_type"][1]
    assert found["household_number"][0] == "missing"
    assert found["relation"][0] == "choice"


def test_move_schema():
    assert MoveRow.model_validate({"name": "王小明", "kind": "迁出", "to_division_code": "44",
                                   "moved_on": "2023-01-01"}).kind == "out"
    found = errors(MoveRow, {"name": "王小明", "kind": "辖区内迁移", "to_division_code": "430302",
                             "moved_on": "2999-01-01"})
    assert found["from_division_code"][0] == "missing" and found["moved_on"][0] == "date_future"


def test_hukou_record_sets_hukou_household_and_provenance(tree, yuhu_person, make_ctx):
    assert land(HUKOU, hukou(yuhu_person), yuhu_person, make_ctx) == "accepted"
    yuhu_person.refresh_from_db()
    assert (yuhu_person.hukou_division, yuhu_person.hukou_type, yuhu_person.ethnicity) == (
        tree["430304001"], "rural", "汉族")
    assert yuhu_person.division == tree["430302001"]  # residence is not public security's to change
    household = Household.objects.get()
    assert (household.number, household.division, household.hukou_type) == (
        "430304001000123", tree["430304001"], "rural")
    membership = HouseholdMembership.objects.get()
    assert (membership.person, membership.relation, membership.since) == (yuhu_person, "child", dt.date(2010, 3, 1))
    assert set(FieldProvenance.objects.filter(source__code=HUKOU).values_list("field", flat=True)) == {
        "hukou_division", "hukou_type", "ethnicity"}

    assert land(HUKOU, hukou(yuhu_person), yuhu_person, make_ctx) == "unchanged"
    assert land(HUKOU, hukou(yuhu_person, relation="户主"), yuhu_person, make_ctx) == "updated"
    assert HouseholdMembership.objects.get().relation == "head"
    assert land(HUKOU, hukou(yuhu_person, hukou_type="非农业"), yuhu_person, make_ctx) == "updated"
    yuhu_person.refresh_from_db()
    assert yuhu_person.hukou_type == "urban"
    assert Household.objects.get().hukou_type == "urban"


def test_confirming_what_the_library_holds_records_provenance(tree, make_ctx):
    person = f.make_person(tree["430304001"], hukou_type="rural", ethnicity="汉族")
    assert land(HUKOU, hukou(person), person, make_ctx) == "accepted"  # the household membership is new
    assert FieldProvenance.objects.filter(person=person).count() == 3


def test_hukou_unknown_division_is_rejected(yuhu_person, make_ctx):
    with pytest.raises(RowRejected) as info:
        land(HUKOU, hukou(yuhu_person, division_code="430399001"), yuhu_person, make_ctx)
    assert (info.value.column, info.value.code) == ("户籍地行政区划代码", "division_unknown")


def test_hukou_records_create_persons():
    assert REGISTRY[HUKOU].creates_persons is True
    assert REGISTRY[MOVES].creates_persons is False


def test_move_in_from_elsewhere_lands_against_the_nearest_known_division(tree, yuhu_person, make_ctx):
    from jiuye.geography.models import Division

    guangdong = Division.objects.create(code="44", name_zh="广东省", level=1, path="44")
    assert land(MOVES, move(yuhu_person), yuhu_person, make_ctx) == "accepted"
    moved = HukouMove.objects.get()
    assert (moved.kind, moved.from_division, moved.to_division) == ("in", guangdong, tree["430302001"])
    yuhu_person.refresh_from_db()
    assert yuhu_person.hukou_division == tree["430302001"]
    assert FieldProvenance.objects.get(person=yuhu_person, source__code=MOVES).field == "hukou_division"
    assert land(MOVES, move(yuhu_person), yuhu_person, make_ctx) == "unchanged"


def test_older_move_does_not_set_the_hukou_place(tree, yuhu_person, make_ctx):
    land(MOVES, move(yuhu_person, kind="辖区内迁移", from_division_code="430304001"), yuhu_person, make_ctx)
    land(MOVES, move(yuhu_person, kind="辖区内迁移", from_division_code="430302001",
                     to_division_code="430304001", moved_on="2015-01-01"), yuhu_person, make_ctx)
    yuhu_person.refresh_from_db()
    assert yuhu_person.hukou_division == tree["430302001"]
    assert HukouMove.objects.count() == 2


def test_move_with_unknown_local_division_is_rejected(tree, yuhu_person, make_ctx):
    with pytest.raises(RowRejected) as info:
        land(MOVES, move(yuhu_person, to_division_code="440106001"), yuhu_person, make_ctx)
    assert (info.value.column, info.value.code) == ("迁入地行政区划代码", "division_unknown")
    with pytest.raises(RowRejected) as info:  # nothing known at all, not even the province
        land(MOVES, move(yuhu_person, kind="迁出", from_division_code="430302001", to_division_code="440106"),
             yuhu_person, make_ctx)
    assert info.value.column == "迁入地行政区划代码"
    assert not HukouMove.objects.exists()
