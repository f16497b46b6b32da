"""API permissions. Scoping itself is never done here: every queryset starts from `visible_to(user)`."""

from __future__ import annotations

from rest_framework.permissions import BasePermission


class IsStaffRole(BasePermission):
    """Staff roles (caseworker … administrator) and superusers; not citizens or employer users."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(
            user and user.is_authenticated and (getattr(user, "is_staff_role", False) or user.is_superuser)
        )
