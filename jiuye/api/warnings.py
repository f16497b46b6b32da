"""Unemployment early warnings over the API (issue 8, part 4): `GET /api/v1/warnings/` and `/warnings/{id}/`.

Scoped like the pages: the queryset starts from `Warning.objects.visible_to(request.user)`; the roles that see the
pages (leaders, analysts, administrators: `services.can_act`) only.
Filters: `status` (open = not resolved, or a status), `level`, `rule`, `month` (last month evaluated, YYYY-MM).
Each warning carries its evidence (numbers only, no personal data) and its status changes.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from jiuye.monitoring.early_warning import services
from jiuye.monitoring.early_warning.enums import WarningLevel, WarningStatus
from jiuye.monitoring.early_warning.models import Warning, WarningEvent

from .base import ApiReadOnlyViewSet, AuditedReadMixin
from .permissions import IsStaffRole


class ActsOnWarnings(IsStaffRole):
    """Staff whose role acts on warnings, as on the pages."""

    def has_permission(self, request, view) -> bool:
        return super().has_permission(request, view) and services.can_act(request.user)


_LEVELS = "none, blue, yellow, orange, red"
_STATUSES = "open, acknowledged, resolved"


class WarningEventSerializer(serializers.ModelSerializer):
    month = serializers.DateField(format="%Y-%m", allow_null=True)
    # Plain strings with the values in the description: the choice sets are shared with other components.
    kind = serializers.CharField(
        read_only=True, help_text="flip_up, flip_down, resolved, acknowledged, resolved_by_staff"
    )
    from_level = serializers.CharField(read_only=True, help_text=_LEVELS)
    to_level = serializers.CharField(read_only=True, help_text=_LEVELS)
    from_status = serializers.CharField(read_only=True, help_text=_STATUSES + " (empty when created)")
    to_status = serializers.CharField(read_only=True, help_text=_STATUSES)

    class Meta:
        model = WarningEvent
        fields = [
            "id",
            "at",
            "kind",
            "month",
            "from_level",
            "to_level",
            "from_status",
            "to_status",
            "value",
            "threshold",
        ]


class WarningSerializer(serializers.ModelSerializer):
    rule = serializers.SlugRelatedField(slug_field="code", read_only=True)
    division = serializers.SlugRelatedField(slug_field="code", read_only=True)
    industry = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    first_month = serializers.DateField(format="%Y-%m")
    last_month = serializers.DateField(format="%Y-%m")
    level = serializers.CharField(read_only=True, help_text=_LEVELS)
    status = serializers.CharField(read_only=True, help_text=_STATUSES)
    events = WarningEventSerializer(many=True, read_only=True)

    class Meta:
        model = Warning
        fields = [
            "id",
            "rule",
            "division",
            "industry",
            "level",
            "status",
            "first_month",
            "last_month",
            "value",
            "threshold",
            "evidence",
            "events",
        ]


FILTERS = [
    OpenApiParameter(
        "status", OpenApiTypes.STR, description="open (not resolved), open, acknowledged, resolved, all"
    ),
    OpenApiParameter("level", OpenApiTypes.STR, enum=[c for c in WarningLevel.values if c != "none"]),
    OpenApiParameter("rule", OpenApiTypes.STR, description="rule code, e.g. sahm"),
    OpenApiParameter("month", OpenApiTypes.STR, description="last month evaluated, YYYY-MM"),
]


@extend_schema_view(list=extend_schema(parameters=FILTERS), retrieve=extend_schema())
class WarningViewSet(AuditedReadMixin, ApiReadOnlyViewSet):
    serializer_class = WarningSerializer
    permission_classes = [ActsOnWarnings]
    audit_endpoint = "warnings"

    def get_queryset(self):
        qs = (
            Warning.objects.visible_to(self.request.user)
            .select_related("rule", "division", "industry")
            .prefetch_related("events")
            .order_by("-last_month", "division__code", "pk")
        )
        if self.action != "list":
            return qs
        params = self.request.query_params
        status = params.get("status", "all")
        if status == "open":
            qs = qs.open()
        elif status in WarningStatus.values:
            qs = qs.filter(status=status)
        elif status != "all":
            raise ValidationError({"status": "expected open, acknowledged, resolved or all"})
        level = params.get("level")
        if level:
            if level not in WarningLevel.values:
                raise ValidationError({"level": "expected blue, yellow, orange or red"})
            qs = qs.filter(level=level)
        if params.get("rule"):
            qs = qs.filter(rule__code=params["rule"])
        month = params.get("month")
        if month:
            from jiuye.monitoring.early_warning.services import parse_month

            try:
                qs = qs.filter(last_month=parse_month(month))
            except ValueError as exc:
                raise ValidationError({"month": str(exc)}) from exc
        return qs
