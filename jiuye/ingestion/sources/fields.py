"""Field types shared by the department row schemas.

Every check raises a `PydanticCustomError` whose type is a short code and whose context carries the
reason in both languages (`ctx["zh"]`, `ctx["en"]`); the message itself is the English reason. The
pipeline stores these in the quarantine next to the column they belong to.

Values arrive as text from CSV and JSON Lines and as numbers, dates or datetimes from XLSX cells; the
types here accept all of them. A row's `model_dump(mode="json")` validates again unchanged (staged
records are applied later from that payload).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from jiuye.registry.identifiers import IdentifierError, parse_resident_id, validate_credit_code


def today() -> dt.date:
    """The date rows are checked against (a function so tests can move it)."""
    return dt.date.today()


def fail(code: str, zh: str, en: str) -> PydanticCustomError:
    return PydanticCustomError(code, "{en}", {"zh": zh, "en": en})


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an XLSX cell holding a code typed as a number
    return str(value).strip()


class DepartmentRow(BaseModel):
    """Base of every row schema: absent columns count as empty, so each field's own check reports
    them (with the column's reason) instead of pydantic's generic "field required"."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _absent_is_empty(cls, data: Any) -> Any:
        if isinstance(data, Mapping):
            data = dict(data)
            for name in cls.model_fields:
                data.setdefault(name, None)
        return data


def required(value: Any) -> Any:
    if _blank(value):
        raise fail("missing", "必填项不能为空", "This column is required and is empty")
    return value


def optional(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Empty → None; anything else goes through `check`."""

    def _check(value: Any) -> Any:
        return None if _blank(value) else check(value)

    return _check


def mandatory(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def _check(value: Any) -> Any:
        return check(required(value))

    return _check


# --- identifiers -------------------------------------------------------------------------------


def _resident_id(value: Any) -> str:
    try:
        return parse_resident_id(_text(value), today=today()).number
    except IdentifierError as exc:
        raise fail(f"resident_id_{exc.code}", exc.zh, exc.en) from None


def resident_id_or_empty(value: Any) -> str:
    """An empty ID is allowed: the pipeline stages the row for probabilistic linkage."""
    return "" if _blank(value) else _resident_id(value)


def _credit_code(value: Any) -> str:
    try:
        return validate_credit_code(_text(value))
    except IdentifierError as exc:
        raise fail(f"credit_code_{exc.code}", exc.zh, exc.en) from None


ResidentIdOrEmpty = Annotated[str, BeforeValidator(resident_id_or_empty)]
CreditCode = Annotated[str, BeforeValidator(mandatory(_credit_code))]


def _name(value: Any) -> str:
    raw = _text(value)
    # Chinese names carry no spaces ("王 小明" is a typing habit); Latin-script names keep one.
    text = re.sub(r"\s+", " ", raw) if re.search(r"[A-Za-z]", raw) else re.sub(r"\s+", "", raw)
    if len(text) > 64:
        raise fail(
            "too_long", f"姓名过长（{len(text)}个字符，最多64个）", f"The name is too long ({len(text)} characters, at most 64)"
        )
    if re.search(r"\d", text):
        raise fail("name_digits", "姓名中不能含有数字", "A name cannot contain digits")
    return text


PersonName = Annotated[str, BeforeValidator(mandatory(_name))]


def text(max_length: int) -> Callable[[Any], str]:
    def _check(value: Any) -> str:
        out = _text(value)
        if len(out) > max_length:
            raise fail(
                "too_long",
                f"内容过长（{len(out)}个字符，最多{max_length}个）",
                f"Too long ({len(out)} characters, at most {max_length})",
            )
        return out

    return _check


def RequiredText(max_length: int) -> Any:  # noqa: N802 - a type factory
    return Annotated[str, BeforeValidator(mandatory(text(max_length)))]


def OptionalText(max_length: int) -> Any:  # noqa: N802 - a type factory
    return Annotated[str, BeforeValidator(lambda v: "" if _blank(v) else text(max_length)(v))]


def _phone(value: Any) -> str:
    digits = re.sub(r"[\s\-()（）]", "", _text(value))
    if digits.startswith("+86"):
        digits = digits[3:]
    if re.fullmatch(r"1[3-9]\d{9}", digits) or re.fullmatch(r"0\d{9,11}", digits):
        return digits
    raise fail(
        "phone_format",
        "联系电话应为11位手机号码或带区号的固定电话",
        "The phone number should be an 11-digit mobile number or a landline with its area code",
    )


OptionalPhone = Annotated[str, BeforeValidator(lambda v: "" if _blank(v) else _phone(v))]


def _division_code(value: Any) -> str:
    code = _text(value)
    if not re.fullmatch(r"\d{2}|\d{4}|\d{6}|\d{9}|\d{12}", code):
        raise fail(
            "division_format",
            "行政区划代码应为2、4、6、9或12位数字（GB/T 2260、GB/T 10114）",
            "A division code has 2, 4, 6, 9 or 12 digits (GB/T 2260, GB/T 10114)",
        )
    # Statistical codes pad the lower levels with zeros: 430302000000 and 430302 are the county
    # 430302, 430000 is the province 43. The library keys divisions by the unpadded code.
    if len(code) in (6, 12):
        for n in (2, 4, 6, 9):
            if n < len(code) and code[n:] == "0" * (len(code) - n):
                return code[:n]
    return code


DivisionCode = Annotated[str, BeforeValidator(mandatory(_division_code))]
OptionalDivisionCode = Annotated[str, BeforeValidator(lambda v: "" if _blank(v) else _division_code(v))]


# --- dates and money ---------------------------------------------------------------------------

_DATE_PATTERNS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
_MONTH_PATTERNS = (
    re.compile(r"(\d{4})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月"),
    re.compile(r"(\d{4})(\d{2})"),
)


def _bad_date(raw: str) -> PydanticCustomError:
    return fail(
        "not_a_date",
        f"日期“{raw}”无法识别，应为YYYY-MM-DD（如2024-03-15）",
        f"Cannot read the date {raw!r}; expected YYYY-MM-DD (e.g. 2024-03-15)",
    )


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = _text(value)
    candidate = raw.split(" ")[0].split("T")[0]  # "2024-03-15 00:00:00" from spreadsheets
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(candidate)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                raise fail(
                    "not_a_date", f"日期“{raw}”不存在", f"The date {raw!r} does not exist"
                ) from None
    raise _bad_date(raw)


def parse_month(value: Any) -> dt.date:
    """A month, stored as its first day. Accepts 2024-03, 202403, 2024年3月 or a full date."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.replace(day=1)
    raw = _text(value)
    for pattern in _MONTH_PATTERNS:
        match = pattern.fullmatch(raw)
        if match:
            year, month = (int(g) for g in match.groups())
            if 1 <= month <= 12 and year >= 1900:
                return dt.date(year, month, 1)
            break
    try:
        return parse_date(raw).replace(day=1)
    except PydanticCustomError:
        raise fail(
            "not_a_month",
            f"月份“{raw}”无法识别，应为YYYY-MM（如2024-03）或YYYYMM（如202403）",
            f"Cannot read the month {raw!r}; expected YYYY-MM (e.g. 2024-03) or YYYYMM (e.g. 202403)",
        ) from None


def not_future(parse: Callable[[Any], dt.date], *, slack_days: int = 0) -> Callable[[Any], dt.date]:
    """`slack_days` allows dates announced ahead (a graduation list sent before the ceremony)."""
    monthly = parse is parse_month

    def _check(value: Any) -> dt.date:
        date = parse(value)
        limit = today() + dt.timedelta(days=slack_days)
        if date > (limit.replace(day=1) if monthly else limit):
            if monthly:
                raise fail("date_future", f"月份{date:%Y-%m}尚未到来", f"The month {date:%Y-%m} has not come yet")
            if slack_days:
                raise fail(
                    "date_future",
                    f"日期{date}晚于今天{slack_days}天以上，不可能",
                    f"The date {date} is more than {slack_days} days ahead, which is impossible",
                )
            raise fail(
                "date_future", f"日期{date}晚于今天，不可能", f"The date {date} is in the future, which is impossible"
            )
        if date.year < 1900:
            raise fail("date_too_old", f"日期{date}早于1900年", f"The date {date} is before 1900")
        return date

    return _check


PastDate = Annotated[dt.date, BeforeValidator(mandatory(not_future(parse_date)))]
OptionalPastDate = Annotated[dt.date | None, BeforeValidator(optional(not_future(parse_date)))]
OptionalDate = Annotated[dt.date | None, BeforeValidator(optional(parse_date))]
PastMonth = Annotated[dt.date, BeforeValidator(mandatory(not_future(parse_month)))]


def money(max_digits: int = 10) -> Callable[[Any], Decimal]:
    """Yuan with at most two decimals, not negative. Accepts "1,234.50", "¥1234.5", numbers."""

    def _check(value: Any) -> Decimal:
        raw = value if isinstance(value, int | float | Decimal) else _text(value).replace(",", "").replace("，", "")
        if isinstance(raw, str):
            raw = raw.removeprefix("¥").removeprefix("￥").removesuffix("元").strip()
        try:
            amount = Decimal(str(raw))
        except InvalidOperation:
            raise fail(
                "not_a_number",
                f"金额“{value}”不是数字",
                f"The amount {value!r} is not a number",
            ) from None
        if not amount.is_finite():
            raise fail("not_a_number", f"金额“{value}”不是数字", f"The amount {value!r} is not a number")
        if amount < 0:
            raise fail("negative", f"金额不能为负数（{amount}）", f"An amount cannot be negative ({amount})")
        quantized = amount.quantize(Decimal("0.01"))
        if quantized != amount:
            raise fail(
                "decimals", f"金额最多保留两位小数（{amount}）", f"An amount has at most two decimals ({amount})"
            )
        if len(quantized.as_tuple().digits) > max_digits:
            raise fail("too_large", f"金额过大（{amount}）", f"The amount is too large ({amount})")
        return quantized

    return _check


def Money(max_digits: int = 10) -> Any:  # noqa: N802 - a type factory
    return Annotated[Decimal, BeforeValidator(mandatory(money(max_digits)))]


def whole_number(value: Any) -> int:
    raw = _text(value).replace(",", "")
    if not re.fullmatch(r"\d+", raw):
        raise fail("not_a_number", f"“{value}”不是非负整数", f"{value!r} is not a whole number (0 or more)")
    return int(raw)


OptionalCount = Annotated[int | None, BeforeValidator(optional(whole_number))]


# --- codes -------------------------------------------------------------------------------------


def choice(
    labels: Mapping[str, Iterable[str]], *, what_zh: str, what_en: str
) -> Callable[[Any], str]:
    """A code from a fixed list, given either as the code itself or as one of its Chinese names.

    `labels` maps each stored code to the spellings departments use for it (numeric codes, names).
    """
    lookup: dict[str, str] = {}
    for code, spellings in labels.items():
        lookup[code.lower()] = code
        for spelling in spellings:
            lookup[str(spelling).strip().lower()] = code
    shown = "、".join(next(iter(s), c) for c, s in labels.items())
    shown_en = ", ".join(
        f"{first} ({code})" if (first := next(iter(s), code)) != code else code for code, s in labels.items()
    )

    def _check(value: Any) -> str:
        raw = _text(value)
        try:
            return lookup[raw.lower()]
        except KeyError:
            raise fail(
                "choice",
                f"{what_zh}“{raw}”不在代码表中，应为：{shown}",
                f"{what_en} {raw!r} is not in the code list; expected one of: {shown_en}",
            ) from None

    return _check


def Choice(labels: Mapping[str, Iterable[str]], *, what_zh: str, what_en: str) -> Any:  # noqa: N802
    return Annotated[str, BeforeValidator(mandatory(choice(labels, what_zh=what_zh, what_en=what_en)))]


def OptionalChoice(labels: Mapping[str, Iterable[str]], *, what_zh: str, what_en: str) -> Any:  # noqa: N802
    check = choice(labels, what_zh=what_zh, what_en=what_en)
    return Annotated[str, BeforeValidator(lambda v: "" if _blank(v) else check(v))]


# GB/T 2261.1: 1 male, 2 female.
SEX_LABELS = {"M": ("男", "1", "男性", "male"), "F": ("女", "2", "女性", "female")}
OptionalSex = OptionalChoice(SEX_LABELS, what_zh="性别", what_en="Sex")


def not_before(other: str, *, zh: str, en: str) -> Callable[[Any, ValidationInfo], Any]:
    """An after-validator: this date may not precede the (already validated) field `other`."""

    def _check(value: Any, info: ValidationInfo) -> Any:
        earlier = info.data.get(other)
        if value is not None and earlier is not None and value < earlier:
            raise fail("date_order", f"{value}早于{zh}{earlier}", f"{value} is before the {en} {earlier}")
        return value

    return _check


class PersonRow(DepartmentRow):
    """Identity columns of a row about a person. Birth date and sex, when given beside a valid ID,
    must agree with it: a disagreement usually means the ID belongs to somebody else."""

    resident_id: ResidentIdOrEmpty
    name: PersonName
    sex: OptionalSex = ""
    birth_date: OptionalPastDate = None

    @field_validator("sex")
    @classmethod
    def _sex_agrees(cls, value: str, info: ValidationInfo) -> str:
        rid = info.data.get("resident_id")
        if value and rid and value != parse_resident_id(rid, today=today()).sex:
            raise fail(
                "sex_conflict",
                "性别与公民身份号码第17位（奇数为男，偶数为女）不一致",
                "The sex disagrees with the 17th digit of the ID number (odd for men, even for women)",
            )
        return value

    @field_validator("birth_date")
    @classmethod
    def _birth_agrees(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        rid = info.data.get("resident_id")
        if value and rid:
            from_id = parse_resident_id(rid, today=today()).birth_date
            if value != from_id:
                raise fail(
                    "birth_date_conflict",
                    f"出生日期{value}与公民身份号码中的出生日期{from_id}不一致",
                    f"The birth date {value} disagrees with the one in the ID number ({from_id})",
                )
        return value
