"""Exchange specifications generated from the adapters' layouts (see `ingestion_spec`)."""

from __future__ import annotations

from . import sources
from .sources.base import REGISTRY, SourceAdapter

BEGIN = "<!-- BEGIN GENERATED: python manage.py ingestion_spec -->"
END = "<!-- END GENERATED -->"


def adapters_of(department: str) -> list[type[SourceAdapter]]:
    sources.load_all()
    return [cls for code, cls in sorted(REGISTRY.items()) if code.split(".")[0] == department]


def _cell(text: str) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def adapter_markdown(cls: type[SourceAdapter]) -> str:
    layout = cls.layout
    by_key = {c.key: c.name for c in layout.columns}
    lines = [
        f"### {cls.title_zh} · {cls.title_en} (`{cls.code}`)",
        "",
        f"Natural key 自然键: {' + '.join(by_key.get(k, k) for k in layout.natural_key)}. "
        f"Creates persons 可新建人员: {'yes 是' if cls.creates_persons else 'no 否'}.",
        "",
        "| 列名 Column | 必有 Required | 说明 | Description | 示例 Example |",
        "|---|---|---|---|---|",
    ]
    for c in layout.columns:
        flag = "是 yes" if c.required else "否 no"
        if c.is_identifier:
            flag += " · 个人标识 identifier"
        lines.append(
            f"| {_cell(c.name)} | {flag} | {_cell(c.description_zh)} | {_cell(c.description_en)} | "
            f"{_cell(c.example) or '—'} |"
        )
    return "\n".join(lines)


def department_markdown(department: str) -> str:
    parts = [adapter_markdown(cls) for cls in adapters_of(department)]
    return "\n\n".join(parts) + "\n" if parts else ""


def replace_generated(document: str, generated: str) -> str:
    if BEGIN not in document or END not in document:
        raise ValueError(f"The file has no {BEGIN} … {END} section.")
    head, rest = document.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n\n{generated}\n{END}{tail}"
