"""Classifications over the API: occupations (大典 2022), ISCO-08, education levels, industries, key groups.

Reference data, the same for every signed-in client. Items are addressed by their code.
"""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from jiuye.taxonomy.models import EducationLevel, Industry, IscoGroup, KeyGroup, Occupation

from .base import ApiReadOnlyViewSet


class _TreeFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(field_name="parent__code", label=_("Parent (code)"))
    level = django_filters.NumberFilter(label=_("Level"))
    q = django_filters.CharFilter(method="filter_q", label=_("Name or code"))

    def filter_q(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(code__startswith=value) | Q(name_zh__contains=value) | Q(name_en__icontains=value))


class OccupationFilter(_TreeFilter):
    class Meta:
        model = Occupation
        fields: list[str] = []


class IscoGroupFilter(_TreeFilter):
    class Meta:
        model = IscoGroup
        fields: list[str] = []


class OccupationSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Occupation
        fields = ["code", "name_zh", "name_en", "level", "parent", "gbm_code"]
        read_only_fields = fields


class IscoGroupSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = IscoGroup
        fields = ["code", "name_zh", "name_en", "level", "parent"]
        read_only_fields = fields


class EducationLevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = EducationLevel
        fields = ["code", "name_zh", "name_en", "rank"]
        read_only_fields = fields


class IndustrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Industry
        fields = ["code", "name_zh", "name_en"]
        read_only_fields = fields


class KeyGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = KeyGroup
        fields = ["code", "name_zh", "name_en", "description_zh", "description_en", "is_employment_difficulty"]
        read_only_fields = fields


def _views(noun: str):
    return {
        "list": extend_schema(summary=f"List {noun}", tags=["taxonomy"]),
        "retrieve": extend_schema(summary=f"Read one of the {noun} by code", tags=["taxonomy"]),
    }


class _CodeViewSet(ApiReadOnlyViewSet):
    lookup_field = "code"
    lookup_value_regex = r"[0-9A-Za-z_.\-]+"


@extend_schema_view(**_views("occupations"))
class OccupationViewSet(_CodeViewSet):
    serializer_class = OccupationSerializer
    filterset_class = OccupationFilter
    queryset = Occupation.objects.select_related("parent")


@extend_schema_view(**_views("ISCO-08 groups"))
class IscoGroupViewSet(_CodeViewSet):
    serializer_class = IscoGroupSerializer
    filterset_class = IscoGroupFilter
    queryset = IscoGroup.objects.select_related("parent")


@extend_schema_view(**_views("education levels"))
class EducationLevelViewSet(_CodeViewSet):
    serializer_class = EducationLevelSerializer
    queryset = EducationLevel.objects.all()
    filterset_class = None


@extend_schema_view(**_views("industry sections"))
class IndustryViewSet(_CodeViewSet):
    serializer_class = IndustrySerializer
    queryset = Industry.objects.all()
    filterset_class = None


@extend_schema_view(**_views("key groups"))
class KeyGroupViewSet(_CodeViewSet):
    serializer_class = KeyGroupSerializer
    queryset = KeyGroup.objects.all()
    filterset_class = None
