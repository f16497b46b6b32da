"""Releases for partner departments (issue 8, parts 5-6).

* GET /api/v1/wage-releases/ — wage-price releases: published ones for every API user, drafts too for analysts,
  leaders and administrators whose area holds the release.
* GET /api/v1/wage-releases/<id>/cells/?table=&source=&occupation= — the cells of one release; a suppressed cell
  has no figures, only its counts and the reasons.
* GET /api/v1/major-warnings/?cohort=&level=&rule= — flagged majors with the numbers behind each flag (analysts,
  leaders, administrators; scoped by division).
A malformed parameter is a 400 naming it.
"""

from __future__ import annotations

import re

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from jiuye.monitoring.releases.enums import WageSource, WarningLevel
from jiuye.monitoring.releases.models import MajorWarning, WageRelease
from jiuye.monitoring.releases.permissions import can_view_releases

from .authentication import API_AUTHENTICATION
from .base import bad_page_parameters

TABLES = (
    "occupation",
    "occupation_county",
    "middle_group",
    "major_group",
    "all",
    "county",
    "occupation_experience",
    "occupation_education",
)


class ViewsReleases(BasePermission):
    def has_permission(self, request, view) -> bool:
        return can_view_releases(request.user)


class WageReleaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    division = serializers.CharField(source="division.code", help_text="Division code of the region")
    status = serializers.CharField()
    method_notes = serializers.CharField()
    bootstrap_b = serializers.IntegerField()
    seed = serializers.IntegerField()
    rules = serializers.DictField()
    counts = serializers.DictField()
    published_at = serializers.DateTimeField(allow_null=True)


class WageCellSerializer(serializers.Serializer):
    table = serializers.CharField()
    source = serializers.CharField()
    occupation_code = serializers.CharField()
    occupation_name = serializers.CharField()
    division = serializers.CharField(source="division.code")
    experience = serializers.CharField()
    education = serializers.CharField()
    n = serializers.IntegerField()
    n_employers = serializers.IntegerField()
    suppressed = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    percentiles = serializers.SerializerMethodField()
    rse = serializers.SerializerMethodField()
    bootstrap = serializers.CharField()

    def get_percentiles(self, obj) -> dict | None:
        if obj.suppressed:
            return None
        return {"p10": obj.p10, "p25": obj.p25, "p50": obj.p50, "p75": obj.p75, "p90": obj.p90}

    def get_rse(self, obj) -> dict | None:
        if obj.suppressed:
            return None
        return {
            "p10": obj.rse_p10,
            "p25": obj.rse_p25,
            "p50": obj.rse_p50,
            "p75": obj.rse_p75,
            "p90": obj.rse_p90,
        }


class MajorWarningSerializer(serializers.Serializer):
    rule = serializers.CharField(source="rule_code")
    rule_title_en = serializers.CharField()
    rule_title_zh = serializers.CharField()
    level = serializers.CharField()
    status = serializers.CharField()
    cohort = serializers.IntegerField(source="outcome.cohort")
    major_code = serializers.CharField(source="outcome.major_code")
    major_name = serializers.CharField(source="outcome.major_name")
    institution = serializers.CharField(source="outcome.institution")
    division = serializers.CharField(source="division.code")
    graduates = serializers.IntegerField(source="outcome.graduates")
    evidence = serializers.DictField()


class WageReleaseListView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Wage-price releases", tags=["releases"], responses={200: WageReleaseSerializer(many=True)}
    )
    def get(self, request):
        qs = (
            WageRelease.objects.readable_by(request.user)
            .select_related("division")
            .order_by("-year", "division__code")
        )
        return Response(WageReleaseSerializer(qs, many=True).data)


class CellPagination(PageNumberPagination):
    # A city release holds hundreds of cells, a province's thousands: pages keep one answer bounded.
    page_size = 200
    page_size_query_param = "page_size"
    max_page_size = 2000


class WageCellListView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Cells of a wage-price release",
        tags=["releases"],
        parameters=[
            OpenApiParameter("table", OpenApiTypes.STR, description="One of: " + ", ".join(TABLES)),
            OpenApiParameter("source", OpenApiTypes.STR, description="tax or posted"),
            OpenApiParameter("occupation", OpenApiTypes.STR, description="大典 code prefix"),
            OpenApiParameter("page", OpenApiTypes.INT, description="Page number, from 1"),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="Up to 2000 (default 200)"),
        ],
        responses={200: WageCellSerializer(many=True)},
    )
    def get(self, request, pk: int):
        release = get_object_or_404(WageRelease.objects.readable_by(request.user), pk=pk)
        cells = release.cells.select_related("division")
        errors = {}
        table = request.query_params.get("table")
        if table:
            if table not in TABLES:
                errors["table"] = [_("One of: %(v)s.") % {"v": ", ".join(TABLES)}]
            cells = cells.filter(table=table)
        source = request.query_params.get("source")
        if source:
            if source not in WageSource.values:
                errors["source"] = [_("One of: %(v)s.") % {"v": ", ".join(WageSource.values)}]
            cells = cells.filter(source=source)
        occupation = (request.query_params.get("occupation") or "").strip()
        if occupation:
            cells = cells.filter(occupation_code__startswith=occupation[:16])
        for name in bad_page_parameters(request.query_params):
            errors[name] = [_("Give a whole number from 1.")]
        if errors:
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        paginator = CellPagination()
        try:
            page = paginator.paginate_queryset(
                cells.order_by("table", "source", "occupation_code", "division__code", "pk"),
                request,
                view=self,
            )
        except NotFound:
            return Response(
                {"page": [_("There is no page with this number.")]}, status=status.HTTP_400_BAD_REQUEST
            )
        return paginator.get_paginated_response(WageCellSerializer(page, many=True).data)


class MajorWarningListView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [ViewsReleases]

    @extend_schema(
        summary="Flagged majors (red-yellow warning) in your area",
        tags=["releases"],
        parameters=[
            OpenApiParameter("cohort", OpenApiTypes.INT, description="Graduation year"),
            OpenApiParameter("level", OpenApiTypes.STR, description="red or yellow"),
            OpenApiParameter("rule", OpenApiTypes.STR, description="Rule code"),
        ],
        responses={200: MajorWarningSerializer(many=True)},
    )
    def get(self, request):
        qs = MajorWarning.objects.visible_to(request.user).flagged().select_related("outcome", "division")
        errors = {}
        cohort = request.query_params.get("cohort")
        if cohort:
            if not re.fullmatch(r"[0-9]{4}", cohort):  # not isdigit(): "²" is a digit int() refuses
                errors["cohort"] = [_("Give a year.")]
            else:
                qs = qs.filter(outcome__cohort=int(cohort))
        level = request.query_params.get("level")
        if level:
            if level not in WarningLevel.values:
                errors["level"] = [_("red or yellow")]
            qs = qs.filter(level=level)
        rule = request.query_params.get("rule")
        if rule:
            qs = qs.filter(rule_code=rule[:64])
        if errors:
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            MajorWarningSerializer(qs.order_by("rule_code", "level", "outcome__major_name"), many=True).data
        )
