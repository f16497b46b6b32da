import datetime as dt

import pytest

from jiuye.ingestion.sources.base import REGISTRY, RowRejected
from jiuye.ingestion.sources.veterans_affairs.schema import VeteranRow
from jiuye.registry.models import FieldProvenance, PersonKeyGroup

from .helpers import errors, rid

pytestmark = pytest.mark.django_db
CODE = "veterans_affairs.veterans"


def veteran(person, **kw) -> dict:
    return {"resident_id": person.reveal_resident_id(), "name": person.name, "enlisted_on": "2012-09-10",
            "discharge_date": "2017-09-01", "division_code": "430302", **kw}


def land(data, person, make_ctx):
    adapter = REGISTRY[CODE]()
    return adapter.apply(adapter.schema.model_validate(data), make_ctx(CODE), person)


def test_veteran_schema():
    assert VeteranRow.model_validate({"resident_id": rid(), "name": "王小明", "discharge_date": "2017/9/1"}
                                     ).discharge_date == dt.date(2017, 9, 1)
    found = errors(VeteranRow, {"resident_id": rid(), "name": "王小明", "enlisted_on": "2018-01-01",
                                "discharge_date": "2017-09-01", "phone": "110"})
    assert found["discharge_date"][0] == "date_order" and "入伍时间" in found["discharge_date"][1]
    assert found["phone"][0] == "phone_format"
    assert errors(VeteranRow, {"name": "王小明", "discharge_date": "2999-09-01"})["discharge_date"][0] == "date_future"


def test_veteran_lands_with_key_group_and_provenance(yuhu_person, make_ctx):
    assert land(veteran(yuhu_person), yuhu_person, make_ctx) == "accepted"
    yuhu_person.refresh_from_db()
    assert (yuhu_person.is_veteran, yuhu_person.discharge_date) == (True, dt.date(2017, 9, 1))
    membership = PersonKeyGroup.objects.get(person=yuhu_person)
    assert (membership.key_group.code, membership.since, membership.source.code) == (
        "veteran", dt.date(2017, 9, 1), CODE)
    assert set(FieldProvenance.objects.filter(person=yuhu_person).values_list("field", flat=True)) == {
        "is_veteran", "discharge_date"}
    assert land(veteran(yuhu_person), yuhu_person, make_ctx) == "unchanged"
    # A corrected discharge date replaces the old one.
    assert land(veteran(yuhu_person, discharge_date="2017-09-05"), yuhu_person, make_ctx) == "updated"
    yuhu_person.refresh_from_db()
    assert yuhu_person.discharge_date == dt.date(2017, 9, 5)


def test_unknown_settlement_division_is_rejected(yuhu_person, make_ctx):
    with pytest.raises(RowRejected) as info:
        land(veteran(yuhu_person, division_code="430399"), yuhu_person, make_ctx)
    assert (info.value.column, info.value.code) == ("安置地行政区划代码", "division_unknown")
    yuhu_person.refresh_from_db()
    assert not yuhu_person.is_veteran
