"""Reasons a row is rejected, in plain Chinese and English: {"column", "value", "code", "zh", "en"}.

Pure (no Django). Identifier values (resident IDs, phones) are masked before they are kept anywhere.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from .sources.base import Column, Layout


def mask_value(value: Any) -> str:
    """430302********1233 / 139****0001 / ****: enough to find the row, not enough to identify anyone."""
    text = "" if value is None else str(value)
    if len(text) > 10:
        return text[:6] + "*" * (len(text) - 10) + text[-4:]
    if len(text) >= 7:
        return text[:3] + "*" * (len(text) - 7) + text[-4:]
    return "*" * len(text)


def shown_value(column: Column | None, value: Any) -> str:
    text = "" if value is None else str(value)
    if column is not None and column.is_identifier:
        return mask_value(text)
    return text[:200]


def reason(column: Column | str | None, value: Any, code: str, zh: str, en: str) -> dict[str, str]:
    col = column if isinstance(column, Column) else None
    name = col.name if col else (column or "")
    return {"column": name, "value": shown_value(col, value), "code": code, "zh": zh, "en": en}


def _builtin(err: dict[str, Any]) -> tuple[str, str, str]:
    """Pydantic's own error types, said plainly."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "missing", "必填项为空", "Missing: this column must have a value"
    if kind.startswith(("date", "datetime")):
        return "not_a_date", "不是日期（应为YYYY-MM-DD，如2024-03-01）", "Not a date (expected YYYY-MM-DD, e.g. 2024-03-01)"
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        if bound in (0, "0"):
            return "negative", "不能为负数", "Must not be negative"
        return "too_small", f"不能小于{bound}", f"Must be at least {bound}"
    if kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        return "too_large", f"不能大于{bound}", f"Must be at most {bound}"
    if kind.startswith(("int_", "float_", "decimal_")):
        return "not_a_number", "不是数字", "Not a number"
    if kind == "string_too_long":
        n = ctx.get("max_length")
        return "too_long", f"内容太长（最多{n}个字符）", f"Too long (at most {n} characters)"
    if kind == "string_too_short":
        return "missing", "必填项为空", "Missing: this column must have a value"
    if kind in ("literal_error", "enum"):
        expected = ctx.get("expected", "")
        return "choice", f"不是可用的值（可用：{expected}）", f"Not an allowed value (allowed: {expected})"
    if kind == "string_pattern_mismatch":
        return "format", "格式不对", "Wrong format"
    message = str(err.get("msg", "")).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return kind, f"格式不正确：{message}", message or "Invalid value"


def validation_reasons(exc: ValidationError, layout: Layout, values: dict[str, Any]) -> list[dict[str, str]]:
    """One reason per failing column. `values` is the row by schema key, as given to the schema."""
    by_key = {c.key: c for c in layout.columns}
    out: list[dict[str, str]] = []
    for err in exc.errors(include_url=False):
        loc = err.get("loc") or ()
        key = str(loc[0]) if loc else ""
        column = by_key.get(key)
        value = values.get(key, "") if key else ""
        ctx = err.get("ctx") or {}
        if "zh" in ctx and "en" in ctx:
            code, zh, en = err["type"], str(ctx["zh"]), str(ctx["en"])
        else:
            code, zh, en = _builtin(err)
        out.append(reason(column or key, value, code, zh, en))
    return out
