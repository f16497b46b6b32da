"""The indicator system for partner departments and dashboards.

    GET /api/v1/indicators/          the catalogue: each indicator's definition (numerator, denominator, source…)
    GET /api/v1/indicators/values/?indicator=&division=&month_from=&month_to=&group=

Values are scoped by the caller's division (`IndicatorValue.objects.visible_to`): a district sees its district
and the townships below, never a neighbour. Suppressed cells come back with their reason and no figures. Staff
roles only. A bad parameter is a 400 whose body names it: {"errors": [{"parameter", "code", "message"}]}.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.geography.models import Division
from jiuye.monitoring.models import Indicator, IndicatorValue

from .authentication import API_AUTHENTICATION
from .base import bad_page_parameters
from .permissions import IsStaffRole

KNOWN_PARAMETERS = ("indicator", "division", "month_from", "month_to", "group", "page", "page_size")


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "name_zh",
            "name_en",
            "numerator",
            "denominator",
            "source",
            "frequency",
            "unit",
            "higher_is_better",
            "group_by",
        ]


class IndicatorValueSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code")
    division = serializers.CharField(source="division.code")
    month = serializers.SerializerMethodField(help_text="YYYY-MM")
    value = serializers.SerializerMethodField()
    numerator = serializers.SerializerMethodField()
    denominator = serializers.SerializerMethodField()

    class Meta:
        model = IndicatorValue
        fields = [
            "indicator",
            "division",
            "month",
            "group",
            "value",
            "numerator",
            "denominator",
            "suppressed",
            "suppression_reason",
            "engine",
            "computed_at",
        ]

    def get_month(self, obj) -> str:
        return f"{obj.month:%Y-%m}"

    def _figure(self, obj, name) -> float | None:
        return None if obj.suppressed else getattr(obj, name)

    def get_value(self, obj) -> float | None:
        return self._figure(obj, "value")

    def get_numerator(self, obj) -> float | None:
        return self._figure(obj, "numerator")

    def get_denominator(self, obj) -> float | None:
        return self._figure(obj, "denominator")


class ParameterErrorSerializer(serializers.Serializer):
    parameter = serializers.CharField()
    code = serializers.CharField(
        help_text="unknown_indicator, unknown_division, invalid_month, month_order, unknown_parameter, "
        "invalid_number, page_out_of_range"
    )
    message = serializers.CharField()


class ParameterErrorsSerializer(serializers.Serializer):
    errors = ParameterErrorSerializer(many=True)


class ValuesPagination(PageNumberPagination):
    page_size = 200
    page_size_query_param = "page_size"
    max_page_size = 2000


def _month(raw: str) -> dt.date:
    year, month = raw.split("-")
    if len(year) != 4 or len(month) != 2:
        raise ValueError
    return dt.date(int(year), int(month), 1)


class IndicatorListView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsStaffRole]

    @extend_schema(
        summary="Indicator definitions", tags=["monitoring"], responses={200: IndicatorSerializer(many=True)}
    )
    def get(self, request):
        return Response(IndicatorSerializer(Indicator.objects.active(), many=True).data)


class IndicatorValuesView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsStaffRole]

    @extend_schema(
        summary="Indicator values in your area",
        tags=["monitoring"],
        parameters=[
            OpenApiParameter(
                "indicator", OpenApiTypes.STR, description="Indicator code, e.g. registered_unemployed"
            ),
            OpenApiParameter("division", OpenApiTypes.STR, description="Division code (only that division)"),
            OpenApiParameter("month_from", OpenApiTypes.STR, description="First month, YYYY-MM"),
            OpenApiParameter("month_to", OpenApiTypes.STR, description="Last month, YYYY-MM"),
            OpenApiParameter(
                "group",
                OpenApiTypes.STR,
                description='Group, e.g. "occupation:2" or "key_group:disabled"; "" = the whole division',
            ),
            OpenApiParameter("page", OpenApiTypes.INT),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="Up to 2000 (default 200)"),
        ],
        responses={200: IndicatorValueSerializer(many=True), 400: OpenApiResponse(ParameterErrorsSerializer)},
    )
    def get(self, request):
        params = request.query_params
        errors: list[dict] = []

        def fail(parameter: str, code: str, message: str) -> None:
            errors.append({"parameter": parameter, "code": code, "message": message})

        for name in params:
            if name not in KNOWN_PARAMETERS:
                fail(
                    name,
                    "unknown_parameter",
                    _("Unknown parameter; use one of: %(names)s.") % {"names": ", ".join(KNOWN_PARAMETERS)},
                )
        queryset = IndicatorValue.objects.visible_to(request.user).select_related("indicator", "division")
        code = params.get("indicator", "").strip()
        if code:
            if not Indicator.objects.filter(code=code).exists():
                fail(
                    "indicator",
                    "unknown_indicator",
                    _("No indicator has this code; see /api/v1/indicators/."),
                )
            queryset = queryset.of(code)
        division = params.get("division", "").strip()
        if division:
            if not Division.objects.filter(code=division).exists():
                fail("division", "unknown_division", _("No division has this code."))
            queryset = queryset.filter(division__code=division)
        bounds: dict[str, dt.date] = {}
        for name in ("month_from", "month_to"):
            raw = params.get(name, "").strip()
            if raw:
                try:
                    bounds[name] = _month(raw)
                except ValueError:
                    fail(name, "invalid_month", _("Give a month as YYYY-MM."))
        if "month_from" in bounds and "month_to" in bounds and bounds["month_to"] < bounds["month_from"]:
            fail("month_to", "month_order", _("The last month comes before the first."))
        for name in bad_page_parameters(params):
            fail(name, "invalid_number", _("Give a whole number from 1."))
        if "group" in params:
            queryset = queryset.filter(group=params.get("group", "").strip())
        if errors:
            return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        if "month_from" in bounds:
            queryset = queryset.filter(month__gte=bounds["month_from"])
        if "month_to" in bounds:
            queryset = queryset.filter(month__lte=bounds["month_to"])
        queryset = queryset.order_by(
            "indicator__sort_order", "indicator__code", "division__code", "month", "group"
        )
        paginator = ValuesPagination()
        try:
            page = paginator.paginate_queryset(queryset, request, view=self)
        except NotFound:
            return Response(
                {
                    "errors": [
                        {
                            "parameter": "page",
                            "code": "page_out_of_range",
                            "message": _("There is no page with this number."),
                        }
                    ]
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        response = paginator.get_paginated_response(IndicatorValueSerializer(page, many=True).data)
        record_event(
            None,
            actor=request.user,
            kind=EventKind.API_READ,
            request=request,
            division_path=getattr(request.user, "scope_path", ""),
            data={
                "endpoint": "indicators.values",
                "count": paginator.page.paginator.count,
                "filters": {k: params.get(k, "")[:64] for k in KNOWN_PARAMETERS if k in params},
            },
        )
        return response
