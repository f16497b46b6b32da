"""Template context for every page."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from jiuye.jobs.models import Notification


def notifications(request: HttpRequest) -> dict:
    """`unread_notifications`: the signed-in user's unread count for the top navigation (one COUNT query, made
    only when a template reads it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.filter(recipient=user).unread().count()
        )
    }
