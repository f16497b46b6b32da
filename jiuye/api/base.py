"""Shared pieces of the API viewsets: authentication, read-only scoping and read auditing."""

from __future__ import annotations

import re
from typing import Any

from rest_framework import viewsets
from rest_framework.response import Response

from jiuye.core.audit import record_event
from jiuye.core.models import EventKind

from .authentication import API_AUTHENTICATION

# Query parameters whose value may carry personal data: the audit log records only that they were used.
REDACTED = "[redacted]"
_MAX_VALUE_LENGTH = 64


def bad_page_parameters(params) -> list[str]:
    """The names of `page` / `page_size` given but not a whole number from 1: ASCII digits only ("²" passes
    isdigit() but not int()), at most 9 of them (int() refuses 5,000)."""
    return [
        name
        for name in ("page", "page_size")
        if (raw := params.get(name, "").strip()) and not (re.fullmatch(r"[0-9]{1,9}", raw) and int(raw) > 0)
    ]


class ApiReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    authentication_classes = API_AUTHENTICATION


def audited_filters(request, filterset_class, pii_filters: frozenset[str]) -> dict[str, Any]:
    """The filters of a list request as they may be logged: known filter names only, PII redacted."""
    known = set(filterset_class.base_filters) if filterset_class else set()
    known.add("page")
    out: dict[str, Any] = {}
    for key in sorted(request.query_params):
        if key not in known:
            continue
        values = request.query_params.getlist(key)
        if key in pii_filters:
            out[key] = REDACTED
        else:
            cleaned = [v[:_MAX_VALUE_LENGTH] for v in values]
            out[key] = cleaned[0] if len(cleaned) == 1 else cleaned
    return out


class AuditedReadMixin:
    """Records an API_READ audit event for every detail read and one per list read.

    Detail events point at the object (so they show up in its history). List events carry the
    endpoint, the total count and the filters, never the rows or any identifier.
    """

    audit_endpoint: str = ""
    pii_filters: frozenset[str] = frozenset()

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        data = response.data
        count = data.get("count") if isinstance(data, dict) else len(data)
        record_event(
            None,
            actor=request.user,
            kind=EventKind.API_READ,
            request=request,
            division_path=getattr(request.user, "scope_path", ""),
            data={
                "endpoint": f"{self.audit_endpoint}.list",
                "count": count,
                "filters": audited_filters(request, getattr(self, "filterset_class", None), self.pii_filters),
            },
        )
        return response

    def audit_division_path(self, instance) -> str:
        """The division an event about `instance` is filed under (defaults to `instance.division`)."""
        return ""

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        serializer = self.get_serializer(instance)
        record_event(
            instance,
            actor=request.user,
            kind=EventKind.API_READ,
            request=request,
            division_path=self.audit_division_path(instance),
            data={"endpoint": f"{self.audit_endpoint}.retrieve"},
        )
        return Response(serializer.data)
