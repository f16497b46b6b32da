"""jiuye/matching/recommendations.py builds what the recommender sees. Apart from the fairness report, which
groups results after ranking, no function in it may read sex, date of birth, age, ethnicity, hukou or marital
status: not as an attribute (`person.sex`), nor as an ORM lookup or field name (`"birth_date"`,
`person__hukou_type`, `values_list("sex")`), nor as a keyword (`filter(sex=...)`)."""

from __future__ import annotations

import ast
from pathlib import Path

import jiuye.matching.recommendations as module
from jiuye.matching.recommend.types import PROTECTED

SOURCE = Path(module.__file__)
REPORTING = "recommendation_report"


def _protected_names(node: ast.AST) -> list[tuple[int, str]]:
    found = []
    for sub in ast.walk(node):
        names: list[str] = []
        if isinstance(sub, ast.Attribute):
            names = [sub.attr]
        elif isinstance(sub, ast.keyword) and sub.arg:
            names = sub.arg.split("__")
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            names = sub.value.split("__")
        elif isinstance(sub, ast.Name):
            names = [sub.id]
        found += [(getattr(sub, "lineno", 0), n) for n in names if n in PROTECTED]
    return found


def _split(tree: ast.Module):
    reporting = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == REPORTING]
    rest = [n for n in tree.body if n not in reporting]
    return reporting, rest


def test_only_the_report_reads_protected_attributes():
    tree = ast.parse(SOURCE.read_text(encoding="utf-8"))
    reporting, rest = _split(tree)
    assert len(reporting) == 1, (
        "the reporting function must be a top-level function named recommendation_report"
    )
    offending = [hit for node in rest for hit in _protected_names(node)]
    assert offending == [], f"protected attributes read outside {REPORTING}: {offending}"


def test_the_report_does_read_them_so_the_check_is_live():
    # The checker finds what the report reads (sex, birth_date); if it found nothing there, it would be blind.
    tree = ast.parse(SOURCE.read_text(encoding="utf-8"))
    reporting, _ = _split(tree)
    names = {name for _, name in _protected_names(reporting[0])}
    assert {"sex", "birth_date"} <= names


def test_the_checker_catches_each_form():
    samples = {
        "attribute": "def f(p):\n    return p.sex\n",
        "lookup": "def f(qs):\n    return qs.values_list('person__birth_date')\n",
        "keyword": "def f(qs):\n    return qs.filter(hukou_type='urban')\n",
        "keyword lookup": "def f(qs):\n    return qs.filter(person__ethnicity__in=['x'])\n",
        "getattr": "def f(p):\n    return getattr(p, 'marital_status')\n",
    }
    for label, code in samples.items():
        assert _protected_names(ast.parse(code)), label
    assert not _protected_names(ast.parse("def f(p):\n    return p.education.rank, 'page', p.stage\n"))
