"""Publication checks that apps above jobs plug in (supervision screens every posting), so jobs never imports them.

A check is a callable ``check(posting) -> list[PublicationIssue]``. ``publish_posting`` and the bulk path run every
registered check after the mandatory-field checks: a blocking issue refuses publication with the message on its
field; a non-blocking one lets the posting publish (the check itself records what moderators should see).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PublicationIssue:
    field: str  # the posting field the issue is about: "title", "description", "pay_min", ...
    message: str  # shown to the employer, already translated
    blocking: bool
    code: str = ""  # stable code of the rule or model that raised it


_checks: list[Callable] = []


def register(check: Callable) -> Callable:
    """Register a publication check (idempotent; usable as a decorator)."""
    if check not in _checks:
        _checks.append(check)
    return check


def unregister(check: Callable) -> None:
    if check in _checks:
        _checks.remove(check)


def run_checks(posting) -> list[PublicationIssue]:
    issues: list[PublicationIssue] = []
    for check in list(_checks):
        issues.extend(check(posting))
    return issues
