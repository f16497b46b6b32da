"""Resident ID (GB 11643-1999) and unified social credit code (GB 32100-2015) checks.

Pure functions, no Django: the ingestion pipeline and the demo generator use them too.
Errors carry a code and a plain-language reason in both languages so forms, imports and the API can
say exactly what is wrong.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

# First two digits of a resident ID: the 31 mainland provinces plus HK/MO/TW codes used on
# residence permits (81, 82, 83).
PROVINCE_PREFIXES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 81 82 83".split()
)


class IdentifierError(ValueError):
    def __init__(self, code: str, zh: str, en: str):
        super().__init__(en)
        self.code, self.zh, self.en = code, zh, en


@dataclass(frozen=True)
class ResidentId:
    number: str  # always 18 characters
    birth_date: dt.date
    sex: str  # "M" or "F"
    place_code: str  # six-digit division code of first registration
    converted_from_15: bool = False


def _calc_check(body17: str) -> str:
    return ric.calc_check_digit(body17 + "0")


def convert_15_to_18(number: str) -> str:
    """First-generation 15-digit cards omit the century ("19") and the check digit."""
    if len(number) != 15 or not number.isdigit():
        raise IdentifierError("format", "15位身份证号码只能由数字组成", "A 15-digit ID number must be all digits")
    body = number[:6] + "19" + number[6:]
    return body + _calc_check(body)


def parse_resident_id(raw: str, *, today: dt.date | None = None) -> ResidentId:
    """Validate a resident ID number and derive birth date and sex from it."""
    number = (raw or "").strip().upper().replace(" ", "")
    converted = False
    if len(number) == 15:
        number, converted = convert_15_to_18(number), True
    if len(number) != 18:
        raise IdentifierError(
            "length",
            f"身份证号码应为18位（或旧版15位），实际为{len(number)}位",
            f"A resident ID number has 18 characters (or 15 for old cards); got {len(number)}",
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdentifierError(
            "format",
            "身份证号码前17位必须是数字，最后一位是数字或X",
            "The first 17 characters must be digits and the last a digit or X",
        )
    if number[:2] not in PROVINCE_PREFIXES:
        raise IdentifierError(
            "place", f"身份证号码前两位{number[:2]}不是有效的省级代码",
            f"The first two digits {number[:2]} are not a valid province code",
        )
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdentifierError(
            "birth_date",
            f"身份证号码中的出生日期{number[6:14]}不存在",
            f"The birth date {number[6:14]} in the ID number does not exist",
        ) from None
    today = today or dt.date.today()
    if birth > today or birth.year < 1900:
        raise IdentifierError(
            "birth_date",
            f"身份证号码中的出生日期{number[6:14]}不可能",
            f"The birth date {number[6:14]} in the ID number is impossible",
        )
    expected = _calc_check(number[:17])
    if number[17] != expected:
        raise IdentifierError(
            "checksum",
            f"身份证号码校验位错误：最后一位应为{expected}",
            f"Bad check digit: the last character should be {expected}",
        )
    sex = "M" if int(number[16]) % 2 == 1 else "F"
    return ResidentId(number, birth, sex, number[:6], converted)


def make_resident_id(place_code: str, birth: dt.date, sequence: int) -> str:
    """Build a valid 18-digit number; `sequence` (0–999) is odd for men, even for women."""
    body = f"{place_code}{birth:%Y%m%d}{sequence:03d}"
    return body + _calc_check(body)


def validate_credit_code(raw: str) -> str:
    """Return the normalised 18-character unified social credit code or raise IdentifierError."""
    code = (raw or "").strip().upper().replace(" ", "")
    if len(code) != 18:
        raise IdentifierError(
            "length",
            f"统一社会信用代码应为18位，实际为{len(code)}位",
            f"A unified social credit code has 18 characters; got {len(code)}",
        )
    try:
        return uscc.validate(code)
    except StdnumError as exc:
        if isinstance(exc, uscc.InvalidChecksum):
            expected = uscc.calc_check_digit(code[:17])
            raise IdentifierError(
                "checksum",
                f"统一社会信用代码校验位错误：最后一位应为{expected}",
                f"Bad check digit: the last character should be {expected}",
            ) from None
        raise IdentifierError(
            "format",
            "统一社会信用代码格式错误（登记管理部门、机构类别、行政区划或字符不符合GB 32100）",
            "The credit code does not follow GB 32100 (authority, entity type, division or characters)",
        ) from None


def make_credit_code(authority: str, kind: str, division6: str, org9_body8: str) -> str:
    """Build a valid credit code: authority (1) + kind (1) + division (6) + organisation code (9) + check."""
    org = org9_body8 + _org_check(org9_body8)
    body = f"{authority}{kind}{division6}{org}"
    return body + uscc.calc_check_digit(body)


_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _org_check(body8: str) -> str:
    """Check character of the 9-character organisation code (GB 11714)."""
    total = sum(_ORG_ALPHABET.index(c) * w for c, w in zip(body8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))
