"""Every department layout hangs together: headers, schema, natural key, examples and the published
exchange specification (docs/exchange/<department>.md) say the same thing."""

import re
from pathlib import Path

import pytest

from jiuye.ingestion.sources.base import REGISTRY

from .helpers import example_row

DOCS = Path(__file__).resolve().parents[3] / "docs" / "exchange"
CODES = [
    "social_insurance.insured", "social_insurance.contributions", "tax.wages", "market_supervision.enterprises",
    "education.graduates", "civil_affairs.assistance", "civil_affairs.disability", "public_security.hukou",
    "public_security.moves", "veterans_affairs.veterans",
]


def test_every_department_adapter_is_registered():
    assert set(CODES) <= set(REGISTRY)


@pytest.mark.parametrize("code", CODES)
def test_layout_matches_schema(code):
    adapter = REGISTRY[code]
    keys = [c.key for c in adapter.layout.columns]
    assert len(set(keys)) == len(keys)
    assert len(set(adapter.layout.headers)) == len(adapter.layout.headers)
    assert set(keys) == set(adapter.schema.model_fields), "each column is one schema field and back"
    assert set(adapter.layout.natural_key) <= set(keys)
    assert all(adapter.layout.columns[[c.key for c in adapter.layout.columns].index(k)].required
               or k == "resident_id" for k in adapter.layout.natural_key)
    assert adapter.department == code.split(".")[0]
    for column in adapter.layout.columns:
        assert column.description_zh and column.description_en
        if column.key in ("resident_id", "phone"):
            assert column.is_identifier


@pytest.mark.parametrize("code", CODES)
def test_the_examples_make_a_valid_row(code):
    """The example column of the specification is itself a row the department may send."""
    adapter = REGISTRY[code]()
    row = adapter.schema.model_validate(example_row(code))
    assert adapter.row_key(row)
    # A staged row is applied later from its JSON payload: the round trip must be exact.
    assert adapter.schema.model_validate(row.model_dump(mode="json")) == row


def _spec_tables(path: Path) -> dict[str, list[str]]:
    """{adapter code: first-column cells of the table under the heading naming it}."""
    tables: dict[str, list[str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"#+ .*`([a-z_]+\.[a-z_]+)`", line)
        if heading:
            current = heading.group(1)
            tables[current] = []
            continue
        if current and line.startswith("|"):
            cell = line.split("|")[1].strip()
            if cell and not set(cell) <= set("-: ") and cell not in ("列名", "Column", "列名 Column"):
                tables[current].append(cell.strip("`"))
        elif current and tables[current] and not line.startswith("|"):
            current = None
    return tables


@pytest.mark.parametrize("code", CODES)
def test_exchange_specification_lists_exactly_the_layout(code):
    path = DOCS / f"{code.split('.')[0]}.md"
    assert path.exists(), f"{path} is the specification given to the department"
    tables = _spec_tables(path)
    assert code in tables, f"{path.name} has no section headed with `{code}`"
    assert tables[code] == REGISTRY[code].layout.headers
