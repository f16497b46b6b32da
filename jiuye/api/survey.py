"""The job-vacancy survey's rounds and estimates for partner departments and dashboards.

    GET /api/v1/vacancy-survey/rounds/                   rounds of the caller's area, with the recorded design
    GET /api/v1/vacancy-survey/rounds/{id}/estimates/?dimension=&measure=

Rounds are scoped like the pages (`SurveyRound.objects.visible_to`: the caller's area, the areas inside it and
the areas above it); in a round of an area above the caller's, the by-county cells are only those of the
caller's own area (`services.estimates_for`). Suppressed cells come back with their reason and no figures.
Caseworkers, analysts, leaders and administrators only. A bad parameter is a 400 whose body names it:
{"errors": [{"parameter", "code", "message"}]}.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.monitoring.survey import permissions, services
from jiuye.monitoring.survey.enums import Dimension, Measure, ResponseStatus, RoundStatus
from jiuye.monitoring.survey.models import SurveyEstimate, SurveyRound

from .authentication import API_AUTHENTICATION


class CanViewSurvey(BasePermission):
    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and permissions.can_view(user))


class RoundSerializer(serializers.ModelSerializer):
    division = serializers.CharField(source="division.code")
    sampled = serializers.IntegerField()
    submitted = serializers.IntegerField()
    frame_size = serializers.SerializerMethodField()
    strata = serializers.SerializerMethodField()
    allocation = serializers.SerializerMethodField()
    seed = serializers.SerializerMethodField()
    frame_sha256 = serializers.SerializerMethodField()

    class Meta:
        model = SurveyRound
        fields = [
            "id",
            "code",
            "division",
            "reference_date",
            "closes_on",
            "status",
            "frame_size",
            "strata",
            "allocation",
            "seed",
            "frame_sha256",
            "sampled",
            "submitted",
            "estimated_at",
        ]

    def get_frame_size(self, obj) -> int | None:
        return obj.design.get("frame_size")

    def get_strata(self, obj) -> int:
        return len(obj.design.get("strata", []))

    def get_allocation(self, obj) -> str:
        return obj.design.get("allocation", "")

    def get_seed(self, obj) -> int | None:
        return obj.design.get("seed")

    def get_frame_sha256(self, obj) -> str:
        return obj.design.get("frame_sha256", "")


class EstimateSerializer(serializers.ModelSerializer):
    value = serializers.SerializerMethodField()
    se = serializers.SerializerMethodField()
    cv = serializers.SerializerMethodField()

    class Meta:
        model = SurveyEstimate
        fields = ["dimension", "group", "measure", "value", "se", "cv", "respondents", "suppressed", "reason"]

    def get_value(self, obj) -> float | None:
        return None if obj.suppressed else obj.value

    def get_se(self, obj) -> float | None:
        return None if obj.suppressed else obj.se

    def get_cv(self, obj) -> float | None:
        return None if obj.suppressed else obj.cv


class SurveyParameterErrorSerializer(serializers.Serializer):
    parameter = serializers.CharField()
    code = serializers.CharField(help_text="unknown_dimension, unknown_measure, not_estimated")
    message = serializers.CharField()


class SurveyParameterErrorsSerializer(serializers.Serializer):
    errors = SurveyParameterErrorSerializer(many=True)


def _rounds(user):
    return (
        SurveyRound.objects.visible_to(user)
        .select_related("division")
        .annotate(
            sampled=Count("responses", distinct=True),
            submitted=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED), distinct=True),
        )
    )


class SurveyRoundListView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [CanViewSurvey]

    @extend_schema(responses=RoundSerializer(many=True), tags=["vacancy survey"])
    def get(self, request):
        rounds = _rounds(request.user)
        data = RoundSerializer(rounds, many=True).data
        record_event(
            None,
            actor=request.user,
            kind=EventKind.API_READ,
            request=request,
            division_path=getattr(request.user, "scope_path", ""),
            data={"endpoint": "vacancy-survey-rounds", "count": len(data)},
        )
        return Response(data)


class SurveyEstimateListView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [CanViewSurvey]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "dimension", str, enum=Dimension.values, description="all, size_class, industry, …"
            ),
            OpenApiParameter("measure", str, enum=Measure.values, description="vacancies, vacancy_rate, …"),
        ],
        responses={
            200: EstimateSerializer(many=True),
            400: OpenApiResponse(
                SurveyParameterErrorsSerializer, description="A parameter is wrong; the body names it."
            ),
            404: OpenApiResponse(description="No such round in your area."),
        },
        tags=["vacancy survey"],
    )
    def get(self, request, pk: int):
        survey_round = _rounds(request.user).filter(pk=pk).first()
        if survey_round is None:
            raise NotFound(_("No such survey round in your area."))
        errors = []
        dimension = request.query_params.get("dimension", "")
        measure = request.query_params.get("measure", "")
        if dimension and dimension not in Dimension.values:
            errors.append(
                {
                    "parameter": "dimension",
                    "code": "unknown_dimension",
                    "message": _("one of %(values)s") % {"values": ", ".join(Dimension.values)},
                }
            )
        if measure and measure not in Measure.values:
            errors.append(
                {
                    "parameter": "measure",
                    "code": "unknown_measure",
                    "message": _("one of %(values)s") % {"values": ", ".join(Measure.values)},
                }
            )
        if survey_round.status != RoundStatus.ESTIMATED:
            errors.append(
                {"parameter": "id", "code": "not_estimated", "message": _("this round has no estimates yet")}
            )
        if errors:
            return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        cells = services.estimates_for(survey_round, request.user)
        if dimension:
            cells = cells.filter(dimension=dimension)
        if measure:
            cells = cells.filter(measure=measure)
        data = EstimateSerializer(cells, many=True).data
        record_event(
            survey_round,
            actor=request.user,
            kind=EventKind.API_READ,
            request=request,
            data={"endpoint": "vacancy-survey-estimates", "count": len(data)},
        )
        return Response(data)
