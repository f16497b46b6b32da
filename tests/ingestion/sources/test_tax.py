import datetime as dt
from decimal import Decimal

import pytest

from jiuye.ingestion.sources.base import REGISTRY, RowRejected
from jiuye.ingestion.sources.tax.schema import WageRow
from jiuye.registry.models import WageIncome
from tests import factories as f

from .helpers import LAST_YEAR, credit, errors, rid

pytestmark = pytest.mark.django_db


def wage(person, code, **kw) -> dict:
    return {"resident_id": person.reveal_resident_id(), "name": person.name, "credit_code": code,
            "month": f"{LAST_YEAR}-05", "amount": "6200.00", **kw}


def test_wage_schema():
    row = WageRow.model_validate({"resident_id": rid(), "name": "王小明", "credit_code": credit(),
                                  "month": f"{LAST_YEAR}年5月", "amount": "0"})
    assert row.month == dt.date(LAST_YEAR, 5, 1) and row.amount == Decimal("0.00")
    found = errors(WageRow, {"resident_id": "", "name": "王小明", "credit_code": "91430302MA4L1234",
                             "month": "2024-00", "amount": "-6200"})
    assert set(found) == {"credit_code", "month", "amount"}
    assert found["credit_code"][0] == "credit_code_length" and "18" in found["credit_code"][1]
    assert found["month"][0] == "not_a_month"
    assert found["amount"][0] == "negative" and "负数" in found["amount"][1]


def test_wages_land_by_person_employer_and_month(tree, yuhu_person, make_ctx):
    first, second = f.make_employer(tree["430302001"]), f.make_employer(tree["430304001"])
    adapter = REGISTRY["tax.wages"]()
    row = adapter.schema.model_validate(wage(yuhu_person, first.credit_code))
    assert adapter.apply(row, make_ctx(adapter.code), yuhu_person) == "accepted"
    assert adapter.apply(row, make_ctx(adapter.code), yuhu_person) == "unchanged"
    other = adapter.schema.model_validate(wage(yuhu_person, second.credit_code, amount="1500"))
    assert adapter.apply(other, make_ctx(adapter.code), yuhu_person) == "accepted"
    changed = adapter.schema.model_validate(wage(yuhu_person, first.credit_code, amount="6300"))
    assert adapter.apply(changed, make_ctx(adapter.code), yuhu_person) == "updated"
    assert sorted(WageIncome.objects.values_list("employer__credit_code", "amount")) == sorted(
        [(first.credit_code, Decimal("6300.00")), (second.credit_code, Decimal("1500.00"))])


def test_unknown_withholding_employer_is_rejected(yuhu_person, make_ctx):
    adapter = REGISTRY["tax.wages"]()
    row = adapter.schema.model_validate(wage(yuhu_person, credit("MA4P9999")))
    with pytest.raises(RowRejected) as info:
        adapter.apply(row, make_ctx(adapter.code), yuhu_person)
    assert info.value.column == "扣缴义务人统一社会信用代码" and info.value.code == "employer_unknown"
