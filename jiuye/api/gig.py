"""Casual labour and gig work (issue 9, part 4).

* GET /api/v1/gig/jobs/?day=YYYY-MM-DD — open day and short jobs with work on that day (default today).
* GET /api/v1/gig/history/ — the signed-in worker's portable work history (engagements, pay, injury cover,
  ratings, totals); caseworkers give ?person=<id> for a person in their scope (audited as an export).
A malformed parameter is a 400 naming it; a person outside the caller's scope is a 404.
"""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.network.gig import services
from jiuye.network.gig.models import GigJob
from jiuye.registry.models import Person

from .authentication import API_AUTHENTICATION


class GigJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    tasks = serializers.CharField()
    employer = serializers.CharField(source="employer.name")
    division = serializers.CharField(source="division.code", help_text="Division code of the workplace")
    address = serializers.CharField()
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    station = serializers.IntegerField(source="station_id", allow_null=True)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    start_time = serializers.TimeField()
    end_time = serializers.TimeField()
    pay_unit = serializers.CharField()
    pay_rate = serializers.DecimalField(max_digits=8, decimal_places=2)
    piece_unit = serializers.CharField()
    workers_needed = serializers.IntegerField()
    skills = serializers.ListField(child=serializers.CharField())
    insurance_provided = serializers.BooleanField()
    insurance_provider = serializers.CharField()


class HistoryRowSerializer(serializers.Serializer):
    engagement = serializers.IntegerField()
    job = serializers.CharField()
    employer = serializers.CharField()
    place = serializers.CharField()
    first_day = serializers.DateField()
    last_day = serializers.DateField()
    pay_unit = serializers.CharField()
    pay_rate = serializers.CharField()
    days_worked = serializers.IntegerField(allow_null=True)
    pieces = serializers.IntegerField(allow_null=True)
    status = serializers.CharField()
    pay_due = serializers.CharField(allow_null=True)
    pay_confirmed = serializers.CharField(allow_null=True)
    paid_received = serializers.BooleanField()
    insurance = serializers.CharField()
    insurance_provider = serializers.CharField()
    rating_given_to_employer = serializers.IntegerField(allow_null=True)
    rating_received = serializers.IntegerField(allow_null=True)
    comment_received = serializers.CharField()


class HistorySerializer(serializers.Serializer):
    worker = serializers.CharField(help_text="Masked name")
    generated_on = serializers.DateField()
    engagements = HistoryRowSerializer(many=True)
    totals = serializers.DictField()


class GigJobListView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("day", OpenApiTypes.DATE, description="Day of work (default today)")],
        responses=GigJobSerializer(many=True),
    )
    def get(self, request):
        raw = request.query_params.get("day", "")
        try:
            day = dt.date.fromisoformat(raw) if raw else timezone.localdate()
        except ValueError:
            return Response({"day": ["A date as YYYY-MM-DD."]}, status=status.HTTP_400_BAD_REQUEST)
        jobs = GigJob.objects.open_on(day).select_related("employer", "division")[:500]
        return Response(GigJobSerializer(jobs, many=True).data)


class GigHistoryView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("person", OpenApiTypes.INT, description="Caseworkers: a person in scope")
        ],
        responses=HistorySerializer,
    )
    def get(self, request):
        user = request.user
        raw = request.query_params.get("person", "")
        if user.is_citizen:
            if not user.person_id or (raw and raw != str(user.person_id)):
                return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
            person = get_object_or_404(Person.objects.visible_to(user), pk=user.person_id)
            return Response(services.history(person))
        if not (user.works_on_cases or user.is_superuser):
            return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
        if not raw.isdigit():
            return Response(
                {"person": ["The id of a person in your area."]}, status=status.HTTP_400_BAD_REQUEST
            )
        person = get_object_or_404(Person.objects.visible_to(user), pk=int(raw))
        record_event(
            person,
            actor=user,
            kind=EventKind.EXPORTED,
            request=request,
            data={"what": "gig_work_history", "format": "api"},
        )
        return Response(services.history(person))
