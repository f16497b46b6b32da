"""Jobs recommended for a person, for partner departments: GET /api/v1/recommendations/jobs/?person=<id>.

Case staff (caseworkers, inspectors, administrators) only, for a person in their area; the read is audited on the
person. Each recommendation carries its reasons as stable codes with their parameters and in words (in the
request's language). A missing or malformed `person` is a 400 naming the parameter; a person outside the area
(or unknown) is a 404.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.matching import recommendations as rec
from jiuye.registry.models import Person

from .authentication import API_AUTHENTICATION

MAX_TOP = 50


class WorksOnCases(BasePermission):
    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and (user.works_on_cases or user.is_superuser))


class RecommendationReasonSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable reason code, e.g. same_occupation_unit, within_km")
    params = serializers.DictField(help_text='The reason\'s figures, e.g. {"km": 3}')
    text = serializers.CharField(help_text="The reason in words, in the request's language")


class JobRecommendationSerializer(serializers.Serializer):
    posting = serializers.IntegerField()
    title = serializers.CharField()
    employer = serializers.CharField()
    division = serializers.CharField(help_text="Division code of the work location")
    pay_min = serializers.IntegerField(allow_null=True)
    pay_max = serializers.IntegerField(allow_null=True)
    score = serializers.FloatField(help_text="0..1, higher is better")
    reasons = RecommendationReasonSerializer(many=True)


def _int_param(request, name: str, *, default: int | None = None, lo: int = 1, hi: int | None = None):
    raw = request.query_params.get(name)
    if raw in (None, ""):
        if default is None:
            return None, {name: [_("This parameter is required.")]}
        return default, None
    try:
        value = int(raw)
    except ValueError:
        return None, {name: [_("Give a whole number.")]}
    if value < lo or (hi is not None and value > hi):
        return None, {name: [_("Give a number from %(lo)s to %(hi)s.") % {"lo": lo, "hi": hi or "∞"}]}
    return value, None


class JobRecommendationsView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [WorksOnCases]

    @extend_schema(
        summary="Jobs recommended for a person in your area",
        tags=["matching"],
        parameters=[
            OpenApiParameter("person", OpenApiTypes.INT, required=True, description="Person id"),
            OpenApiParameter("top", OpenApiTypes.INT, description=f"How many, 1..{MAX_TOP} (default 20)"),
        ],
        responses={200: JobRecommendationSerializer(many=True)},
    )
    def get(self, request):
        person_id, error = _int_param(request, "person")
        if error is None:
            top, error = _int_param(request, "top", default=rec.DEFAULT_TOP, hi=MAX_TOP)
        if error is not None:
            return Response(error, status=status.HTTP_400_BAD_REQUEST)
        person = get_object_or_404(Person.objects.visible_to(request.user), pk=person_id)
        rows = rec.recommend_jobs(person, top=top)
        record_event(
            person,
            actor=request.user,
            kind=EventKind.API_READ,
            request=request,
            data={"endpoint": "recommendations.jobs", "count": len(rows)},
        )
        return Response(
            [
                {
                    "posting": row.posting.pk,
                    "title": row.posting.title,
                    "employer": row.posting.employer.name,
                    "division": row.posting.division.code,
                    "pay_min": row.posting.pay_min,
                    "pay_max": row.posting.pay_max,
                    "score": row.score,
                    "reasons": [
                        {"code": code, "params": params, "text": text}
                        for code, params, text in zip(row.codes, row.params, row.reasons, strict=True)
                    ],
                }
                for row in rows
            ]
        )
