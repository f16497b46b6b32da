"""Who may do what in the vacancy survey (pure functions of the user and the place)."""

from __future__ import annotations

from typing import Any

from jiuye.accounts.enums import Role

# Staff who read the survey pages (tracking and results) for their area.
VIEW_ROLES = frozenset({Role.CASEWORKER, Role.ANALYST, Role.LEADER, Role.ADMIN})
# Staff who follow up employers: reminders, answering on an employer's behalf.
FOLLOW_UP_ROLES = frozenset({Role.CASEWORKER, Role.ANALYST, Role.ADMIN})
# Staff who open, close and estimate rounds.
MANAGE_ROLES = frozenset({Role.ANALYST, Role.ADMIN})


def in_scope(user: Any, path: str) -> bool:
    """The division with `path` lies inside the user's area."""
    if getattr(user, "sees_everything", False):
        return True
    scope = getattr(user, "scope_path", "")
    return bool(scope) and (path == scope or path.startswith(scope + "/"))


def _role(user: Any, roles) -> bool:
    return getattr(user, "is_superuser", False) or getattr(user, "role", None) in roles


def can_view(user: Any) -> bool:
    return _role(user, VIEW_ROLES)


def can_follow_up(user: Any) -> bool:
    return _role(user, FOLLOW_UP_ROLES)


def can_manage(user: Any, division: Any) -> bool:
    return _role(user, MANAGE_ROLES) and in_scope(user, division.path)


def can_answer(user: Any, response: Any) -> bool:
    """The employer's own users, or follow-up staff whose area holds the employer."""
    if getattr(user, "is_employer_user", False):
        return bool(user.employer_id) and user.employer_id == response.employer_id
    return can_follow_up(user) and in_scope(user, response.division.path)
