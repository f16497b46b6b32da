"""Who may do what with data exchange. Pure functions of the user; scoping is `visible_to`'s job."""

from __future__ import annotations

from typing import Any

from jiuye.accounts.enums import Role

IMPORTING_ROLES = frozenset({Role.CASEWORKER, Role.INSPECTOR, Role.ADMIN})


def can_view_runs(user: Any) -> bool:
    """Staff of every role read runs and quarantines of their area (analysts and leaders too)."""
    return bool(getattr(user, "is_superuser", False) or getattr(user, "is_staff_role", False))


def can_import(user: Any) -> bool:
    """Caseworkers, inspectors and administrators start imports; analysts and leaders only read."""
    return bool(getattr(user, "is_superuser", False) or getattr(user, "role", None) in IMPORTING_ROLES)


def can_download_originals(user: Any) -> bool:
    """A rejects file with identifiers in clear (for the department to correct) — roles that may
    reveal identifiers; others get it with identifiers masked."""
    return bool(getattr(user, "is_superuser", False) or getattr(user, "can_reveal_identifiers", False))
