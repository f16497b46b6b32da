"""Receivers: refresh the case files after a completed import."""

from __future__ import annotations

import logging
import traceback
from typing import Any

logger = logging.getLogger("jiuye.cases")


def refresh_after_import(
    sender: Any, *, run: Any = None, division: Any = None, user: Any = None, **kwargs
) -> None:
    """Run `refresh_cases` for the file's area. The import itself is complete and kept whatever happens here:
    a failure is logged (type only, no personal data) and audited, and the next `cases_refresh` catches up."""
    from jiuye.core.audit import record_event
    from jiuye.core.models import EventKind
    from jiuye.geography.models import Division

    from .services import refresh_cases

    if isinstance(division, str):
        division = Division.objects.filter(code=division).first()
    try:
        refresh_cases(division=division, run=run, actor=user)
    except Exception as exc:  # noqa: BLE001 — the import must not be reported as failed for this
        # The frames only: an exception's message may quote values.
        logger.error(
            "case refresh after import run %s failed: %s\n%s",
            getattr(run, "pk", None),
            type(exc).__name__,
            "".join(traceback.format_tb(exc.__traceback__)),
        )
        record_event(
            None,
            actor=user or "cases_refresh",
            kind=EventKind.RECORD_UPDATED,
            division_path=getattr(division, "path", "") or "",
            data={
                "action": "cases_refresh_failed",
                "run": getattr(run, "pk", None),
                "error": type(exc).__name__,
            },
        )
