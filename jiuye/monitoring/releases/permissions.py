"""Who may do what with the releases (pure functions of the user)."""

from __future__ import annotations

from jiuye.accounts.enums import Role

# Analysts and leaders read the majors warning and review wage drafts; administrators too.
READ_ROLES = frozenset({Role.ANALYST, Role.LEADER, Role.ADMIN})
PUBLISH_ROLES = frozenset({Role.ANALYST, Role.LEADER, Role.ADMIN})


def can_view_releases(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        getattr(user, "is_superuser", False) or getattr(user, "role", None) in READ_ROLES
    )


def can_publish(user, release=None) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        getattr(user, "is_superuser", False) or getattr(user, "role", None) in PUBLISH_ROLES
    )
