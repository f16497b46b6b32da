"""Divisions and service offices over the API.

Divisions are public reference data (the NBS code tree): every signed-in client reads the whole tree.
Walk it with `?parent=<code>` (children of a division) or `?level=1..4`; read one with `/divisions/<code>/`.
Service offices follow the user's scope like every other place-bound record.
"""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from jiuye.geography.enums import DivisionLevel, OfficeKind
from jiuye.geography.models import Division, ServiceOffice
from jiuye.registry.filters import DivisionSubtreeFilter

from .base import ApiReadOnlyViewSet


class DivisionFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(field_name="parent__code", label=_("Parent division (code)"))
    level = django_filters.ChoiceFilter(choices=DivisionLevel.choices, label=_("Level"))
    within = DivisionSubtreeFilter(field_name="path", label=_("Within division (code, with subdivisions)"))
    q = django_filters.CharFilter(method="filter_q", label=_("Name or code"))

    class Meta:
        model = Division
        fields: list[str] = []

    def filter_q(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(code__startswith=value) | Q(name_zh__contains=value) | Q(name_en__icontains=value))


class DivisionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Division
        fields = ["code", "name_zh", "name_en", "level", "parent", "path", "latitude", "longitude"]
        read_only_fields = fields


class DivisionChildSerializer(serializers.ModelSerializer):
    class Meta:
        model = Division
        fields = ["code", "name_zh", "name_en", "level"]
        read_only_fields = fields


class DivisionDetailSerializer(DivisionSerializer):
    children = DivisionChildSerializer(many=True, read_only=True)

    class Meta(DivisionSerializer.Meta):
        fields = [*DivisionSerializer.Meta.fields, "children"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="List divisions", tags=["geography"]),
    retrieve=extend_schema(summary="Read a division with its children", tags=["geography"]),
)
class DivisionViewSet(ApiReadOnlyViewSet):
    lookup_field = "code"
    lookup_value_regex = r"[0-9]{2,12}"
    filterset_class = DivisionFilter

    def get_queryset(self):
        qs = Division.objects.select_related("parent")
        if self.action == "retrieve":
            qs = qs.prefetch_related("children")
        return qs

    def get_serializer_class(self):
        return DivisionDetailSerializer if self.action == "retrieve" else DivisionSerializer


class ServiceOfficeFilter(django_filters.FilterSet):
    division = DivisionSubtreeFilter(field_name="division", label=_("Division (code, with subdivisions)"))
    kind = django_filters.ChoiceFilter(choices=OfficeKind.choices, label=_("Kind"))

    class Meta:
        model = ServiceOffice
        fields: list[str] = []


class ServiceOfficeSerializer(serializers.ModelSerializer):
    division = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ServiceOffice
        fields = ["id", "name", "kind", "division", "address", "latitude", "longitude"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="List service offices in your scope", tags=["geography"]),
    retrieve=extend_schema(summary="Read one service office", tags=["geography"]),
)
class ServiceOfficeViewSet(ApiReadOnlyViewSet):
    serializer_class = ServiceOfficeSerializer
    filterset_class = ServiceOfficeFilter

    def get_queryset(self):
        return ServiceOffice.objects.visible_to(self.request.user).select_related("division")
