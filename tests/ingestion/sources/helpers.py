"""Row builders shared by the department adapter tests."""

import datetime as dt

import pytest
from pydantic import ValidationError

from jiuye.ingestion.sources.base import REGISTRY
from jiuye.registry.identifiers import make_credit_code, make_resident_id

TODAY = dt.date.today()
LAST_YEAR = TODAY.year - 1


def rid(birth=dt.date(1990, 1, 2), seq=11, place="430302") -> str:
    return make_resident_id(place, birth, seq)


def credit(body="MA4L1234", division="430302") -> str:
    return make_credit_code("9", "1", division, body)


def errors(schema, data: dict) -> dict[str, tuple[str, str, str]]:
    """{field: (code, zh, en)} of a row that must fail."""
    with pytest.raises(ValidationError) as info:
        schema.model_validate(data)
    out = {}
    for err in info.value.errors():
        ctx = err.get("ctx") or {}
        assert "zh" in ctx and "en" in ctx, err  # every reason is given in both languages
        out[str(err["loc"][0])] = (err["type"], ctx["zh"], ctx["en"])
    return out


def example_row(code: str) -> dict[str, str]:
    """The row an exchange specification shows: every column's example, by schema key."""
    return {c.key: c.example for c in REGISTRY[code].layout.columns}


def write_csv(path, header: list[str], rows: list[list], encoding: str = "utf-8"):
    """A department CSV: header row, then rows (None → empty cell)."""
    import csv
    import io

    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path
