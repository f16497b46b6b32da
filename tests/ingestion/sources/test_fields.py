"""The shared field types: what departments really send is read, everything else is refused with
a reason in both languages."""

import datetime as dt
from decimal import Decimal

import pytest
from pydantic import ValidationError

from jiuye.ingestion.sources.fields import (
    DepartmentRow,
    DivisionCode,
    Money,
    OptionalPastDate,
    PastDate,
    PastMonth,
    PersonRow,
)

from .helpers import TODAY, errors, rid


class Dates(DepartmentRow):
    day: PastDate
    month: PastMonth
    maybe: OptionalPastDate = None


@pytest.mark.parametrize("text", ["2024-03-05", "2024/3/5", "2024.03.05", "20240305", "2024年3月5日",
                                  "2024-03-05 00:00:00", dt.datetime(2024, 3, 5, 0, 0), dt.date(2024, 3, 5)])
def test_dates_in_the_forms_departments_use(text):
    assert Dates.model_validate({"day": text, "month": "2024-03"}).day == dt.date(2024, 3, 5)


@pytest.mark.parametrize("text", ["2024-03", "202403", "2024/3", "2024年3月", "2024-03-17", dt.date(2024, 3, 17)])
def test_months_are_stored_as_their_first_day(text):
    assert Dates.model_validate({"day": "2024-01-01", "month": text}).month == dt.date(2024, 3, 1)


def test_bad_and_future_dates_are_refused_with_a_reason():
    future = TODAY + dt.timedelta(days=3)
    found = errors(Dates, {"day": "2023-02-30", "month": f"{future:%Y%m}", "maybe": "yesterday"})
    assert found["day"][0] == "not_a_date" and "不存在" in found["day"][1]
    assert found["maybe"][0] == "not_a_date" and "YYYY-MM-DD" in found["maybe"][2]
    if future.month != TODAY.month:
        assert found["month"][0] == "date_future"
    found = errors(Dates, {"day": future.isoformat(), "month": "2024-13"})
    assert found["day"][0] == "date_future" and "future" in found["day"][2]
    assert found["month"][0] == "not_a_month"


def test_missing_and_empty_columns_say_the_column_is_required():
    found = errors(Dates, {"day": "  "})
    assert found["day"][0] == "missing" and found["month"][0] == "missing"
    assert found["day"][1] == "必填项不能为空"
    assert Dates.model_validate({"day": "2024-01-01", "month": "2024-01", "maybe": ""}).maybe is None


class Amounts(DepartmentRow):
    amount: Money(10)


@pytest.mark.parametrize(("raw", "value"), [("1,234.5", "1234.50"), ("¥800", "800.00"), (4500, "4500.00"),
                                            (4500.25, "4500.25"), ("0", "0.00"), ("300元", "300.00")])
def test_money_is_read_in_yuan(raw, value):
    assert Amounts.model_validate({"amount": raw}).amount == Decimal(value)


@pytest.mark.parametrize(("raw", "code"), [("-1", "negative"), ("12.345", "decimals"), ("abc", "not_a_number"),
                                           ("NaN", "not_a_number"), ("123456789012", "too_large")])
def test_bad_money(raw, code):
    assert errors(Amounts, {"amount": raw})["amount"][0] == code


class Place(DepartmentRow):
    code: DivisionCode


@pytest.mark.parametrize(("raw", "code"), [("430302", "430302"), ("430302001", "430302001"),
                                           ("430302001000", "430302001"), ("430302000000", "430302"),
                                           ("430000", "43"), ("430300", "4303"), (430302, "430302")])
def test_division_codes_lose_their_zero_padding(raw, code):
    assert Place.model_validate({"code": raw}).code == code


def test_malformed_division_code():
    assert errors(Place, {"code": "43030"})["code"][0] == "division_format"


def test_person_identity_columns():
    number = rid()
    row = PersonRow.model_validate({"resident_id": f" {number.lower()} ", "name": "王 小明", "sex": "男",
                                    "birth_date": "1990-01-02"})
    assert (row.resident_id, row.name, row.sex) == (number, "王小明", "M")
    # A 15-digit first-generation number is converted; an empty one is allowed (staged for linkage).
    old = number[:6] + number[8:17]
    assert PersonRow.model_validate({"resident_id": old, "name": "王小明"}).resident_id == number
    assert PersonRow.model_validate({"resident_id": "", "name": "王小明"}).resident_id == ""
    assert PersonRow.model_validate({"name": "John  Smith"}).name == "John Smith"


def test_person_identity_errors():
    number = rid()
    found = errors(PersonRow, {"resident_id": number[:-1] + ("0" if number[-1] != "0" else "1"), "name": "王2"})
    assert found["resident_id"][0] == "resident_id_checksum" and "校验位" in found["resident_id"][1]
    assert found["name"][0] == "name_digits"
    found = errors(PersonRow, {"resident_id": number, "name": "王小明", "sex": "女", "birth_date": "1990-01-03"})
    assert found["sex"][0] == "sex_conflict"
    assert found["birth_date"][0] == "birth_date_conflict" and "1990-01-02" in found["birth_date"][2]
    assert errors(PersonRow, {"name": "王小明", "sex": "X"})["sex"][0] == "choice"


def test_staged_payload_without_identifiers_validates():
    """The pipeline blanks identifier columns in a staged payload; the row must still validate."""
    with pytest.raises(ValidationError):
        PersonRow.model_validate({"resident_id": None})
    assert PersonRow.model_validate({"resident_id": None, "name": "王小明", "_identifiers": "x"}).resident_id == ""
