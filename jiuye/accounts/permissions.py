"""Pure permission checks on accounts: plain attribute logic, no queries beyond the objects given."""

from __future__ import annotations

from typing import Any


def _within(path: str, scope: str) -> bool:
    return bool(scope) and (path == scope or path.startswith(scope + "/"))


def can_view_user(viewer: Any, target: Any) -> bool:
    """National staff see every account; other staff see accounts whose division lies in their scope."""
    if not getattr(viewer, "is_authenticated", False):
        return False
    if viewer.pk == target.pk:
        return True
    if getattr(viewer, "sees_everything", False):
        return True
    if not getattr(viewer, "is_staff_role", False) or target.division_id is None:
        return False
    return _within(target.division.path, viewer.scope_path)


def can_change_user(viewer: Any, target: Any) -> bool:
    """Changing accounts is for administrators, within their scope; nobody below national edits a superuser."""
    if not can_view_user(viewer, target):
        return False
    if target.is_superuser and not viewer.is_superuser:
        return False
    return viewer.is_superuser or viewer.role == "admin"


def can_reset_second_factor(viewer: Any, target: Any) -> bool:
    return viewer.pk != target.pk and can_change_user(viewer, target)
