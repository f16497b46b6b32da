import datetime as dt

import pytest
from stdnum.cn import ric

from jiuye.registry.identifiers import (
    IdentifierError,
    convert_15_to_18,
    make_credit_code,
    make_resident_id,
    parse_resident_id,
    validate_credit_code,
)


def test_valid_resident_id_gives_birth_date_sex_and_place():
    number = make_resident_id("430302", dt.date(1990, 5, 6), 123)
    parsed = parse_resident_id(number)
    assert parsed.number == number
    assert parsed.birth_date == dt.date(1990, 5, 6)
    assert parsed.sex == "M"  # odd sequence
    assert parsed.place_code == "430302"
    assert not parsed.converted_from_15
    assert ric.is_valid(number)
    assert parse_resident_id(make_resident_id("430302", dt.date(1990, 5, 6), 124)).sex == "F"


def test_lower_case_x_and_spaces_are_normalised():
    # find a body whose check character is X
    for seq in range(0, 999):
        number = make_resident_id("430302", dt.date(1985, 1, 1), seq)
        if number.endswith("X"):
            break
    parsed = parse_resident_id(" " + number[:6] + " " + number[6:-1] + "x ")
    assert parsed.number == number


def test_bad_checksum_says_the_expected_digit():
    good = make_resident_id("430302", dt.date(1990, 5, 6), 123)
    bad_last = "0" if good[-1] != "0" else "1"
    with pytest.raises(IdentifierError) as err:
        parse_resident_id(good[:-1] + bad_last)
    assert err.value.code == "checksum"
    assert f"should be {good[-1]}" in err.value.en
    assert f"应为{good[-1]}" in err.value.zh


def test_fifteen_digit_id_is_converted_to_eighteen():
    old = "430302900506123"  # 1990-05-06, sequence 123
    new = convert_15_to_18(old)
    assert len(new) == 18 and new.startswith("43030219900506123")
    parsed = parse_resident_id(old)
    assert parsed.number == new and parsed.converted_from_15
    assert parsed.birth_date == dt.date(1990, 5, 6)
    assert ric.is_valid(new)


def test_impossible_birth_date_is_rejected():
    body = "43030219900230123"  # 30 February
    number = body + ric.calc_check_digit(body + "0")
    with pytest.raises(IdentifierError) as err:
        parse_resident_id(number)
    assert err.value.code == "birth_date"
    assert "19900230" in err.value.en


def test_future_birth_date_and_bad_province_and_length():
    future = make_resident_id("430302", dt.date(2030, 1, 1), 1)
    with pytest.raises(IdentifierError) as err:
        parse_resident_id(future, today=dt.date(2025, 1, 1))
    assert err.value.code == "birth_date"
    with pytest.raises(IdentifierError) as err:
        parse_resident_id(make_resident_id("990302", dt.date(1990, 1, 1), 1))
    assert err.value.code == "place"
    with pytest.raises(IdentifierError) as err:
        parse_resident_id("4303021990")
    assert err.value.code == "length"
    with pytest.raises(IdentifierError) as err:
        parse_resident_id("43030219900506A23X")
    assert err.value.code == "format"


def test_valid_credit_codes():
    code = make_credit_code("9", "1", "430302", "MA4L1234")
    assert validate_credit_code(code) == code
    assert validate_credit_code(" " + code.lower() + " ") == code
    numeric = make_credit_code("1", "2", "430300", "44612345")
    assert validate_credit_code(numeric) == numeric


def test_invalid_credit_codes():
    code = make_credit_code("9", "1", "430302", "MA4L1234")
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    wrong = next(c for c in alphabet if c != code[-1])
    with pytest.raises(IdentifierError) as err:
        validate_credit_code(code[:-1] + wrong)
    assert err.value.code == "checksum"
    assert f"should be {code[-1]}" in err.value.en
    with pytest.raises(IdentifierError) as err:
        validate_credit_code(code[:-2])
    assert err.value.code == "length"
    with pytest.raises(IdentifierError) as err:
        validate_credit_code("9A430302MA4L123456")  # a letter where digits belong
    assert err.value.code == "format"
    with pytest.raises(IdentifierError) as err:
        validate_credit_code("91430302MA4L1I34" + "56")  # I is not in the GB 32100 alphabet
    assert err.value.code == "format"
