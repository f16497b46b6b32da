"""Receivers: refresh the case files after a completed import."""

from __future__ import annotations

from typing import Any


def refresh_after_import(
    sender: Any, *, run: Any = None, division: Any = None, user: Any = None, **kwargs
) -> None:
    from jiuye.geography.models import Division

    from .services import refresh_cases

    if isinstance(division, str):
        division = Division.objects.filter(code=division).first()
    refresh_cases(division=division, run=run, actor=user)
