"""Writing audit events. Services and views call `record_event`; nothing else writes the table."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from .models import AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record_event(
    obj: models.Model | None,
    *,
    actor: Any = None,
    kind: str,
    data: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    division_path: str = "",
) -> AuditEvent:
    if obj is not None and not division_path:
        division = getattr(obj, "division", None)
        division_path = getattr(division, "path", "") or ""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=getattr(user, "username", "") if user else str(actor or ""),
        kind=kind,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        division_path=division_path,
        client_ip=client_ip(request),
        data=data or {},
    )
