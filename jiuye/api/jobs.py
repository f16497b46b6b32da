"""Bulk posting for large employers and partner job boards: POST /api/v1/postings/bulk/.

The body is a JSON list of postings. Each item is checked on its own: the valid ones are saved (and
published unless `"publish": false`), the others come back with their index, field and message, so a
partner can fix and resend only those. 201 when every item was saved, 207 when some were, 400 when none.
Employer users post for their own employer; caseworkers, inspectors and administrators post for an
employer in their area, named by its unified social credit code.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from jiuye.geography.models import Division
from jiuye.jobs import services
from jiuye.jobs.enums import SocialInsurance
from jiuye.jobs.models import JobPosting
from jiuye.registry.enums import ContractType
from jiuye.registry.models import Employer
from jiuye.taxonomy.models import EducationLevel, Occupation

from .authentication import API_AUTHENTICATION

MAX_ITEMS = 500


class CanPostJobs(BasePermission):
    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return (user.is_employer_user and bool(user.employer_id)) or user.works_on_cases or user.is_superuser


class BulkPostingItemSerializer(serializers.Serializer):
    employer = serializers.CharField(
        required=False, max_length=18, help_text="Unified social credit code (staff only; employer users omit it)"
    )
    title = serializers.CharField(max_length=120)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    occupation = serializers.CharField(required=False, allow_blank=True, max_length=16,
                                       help_text="Occupation code of the 2022 classification (level 4)")
    division = serializers.CharField(max_length=12, help_text="Work location: county or township code")
    address = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    latitude = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    longitude = serializers.FloatField(required=False, allow_null=True, min_value=-180, max_value=180)
    pay_min = serializers.IntegerField(required=False, allow_null=True, min_value=0, help_text="Monthly yuan")
    pay_max = serializers.IntegerField(required=False, allow_null=True, min_value=0, help_text="Monthly yuan")
    pay_months = serializers.IntegerField(required=False, default=12, min_value=1, max_value=24)
    pay_text = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    contract_type = serializers.ChoiceField(choices=ContractType.choices, required=False, allow_blank=True)
    headcount = serializers.IntegerField(required=False, default=1, min_value=1, max_value=32767)
    education = serializers.CharField(required=False, allow_blank=True, max_length=32,
                                      help_text="Education level code (minimum)")
    experience_years = serializers.IntegerField(required=False, default=0, min_value=0, max_value=60)
    working_hours = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    social_insurance = serializers.ChoiceField(choices=SocialInsurance.choices, required=False,
                                               default=SocialInsurance.FIVE)
    valid_from = serializers.DateField(required=False, allow_null=True)
    valid_until = serializers.DateField(required=False, allow_null=True)
    publish = serializers.BooleanField(required=False, default=True)

    def validate_occupation(self, value: str):
        if not value:
            return None
        occ = Occupation.objects.filter(code=value.strip()).first()
        if occ is None:
            raise serializers.ValidationError(_("No occupation has this code in the classification."))
        return occ

    def validate_division(self, value: str):
        division = Division.objects.filter(code=value.strip()).first()
        if division is None:
            raise serializers.ValidationError(_("No area has this code."))
        return division

    def validate_education(self, value: str):
        if not value:
            return None
        level = EducationLevel.objects.filter(code=value.strip()).first()
        if level is None:
            raise serializers.ValidationError(_("No education level has this code."))
        return level

    def validate(self, attrs):
        user = self.context["user"]
        code = attrs.pop("employer", None)
        if user.is_employer_user:
            if code and code.strip().upper() != user.employer.credit_code:
                raise serializers.ValidationError({"employer": _("You may post only for your own employer.")})
            attrs["employer"] = user.employer
        else:
            if not code:
                raise serializers.ValidationError({"employer": _("Give the employer's unified social credit code.")})
            employer = Employer.objects.visible_to(user).filter(credit_code=code.strip().upper()).first()
            if employer is None:
                raise serializers.ValidationError({"employer": _("No employer with this code in your area.")})
            attrs["employer"] = employer
        return attrs


class BulkItemResult(serializers.Serializer):
    index = serializers.IntegerField()
    id = serializers.IntegerField()
    status = serializers.CharField()


class BulkItemError(serializers.Serializer):
    index = serializers.IntegerField(allow_null=True)
    field = serializers.CharField()
    message = serializers.CharField()


class BulkResponse(serializers.Serializer):
    saved = BulkItemResult(many=True)
    errors = BulkItemError(many=True)


def _flatten(index: int | None, detail, prefix: str = "") -> list[dict]:
    out: list[dict] = []
    if isinstance(detail, dict):
        for field, sub in detail.items():
            name = "non_field_errors" if field in ("__all__", "non_field_errors") else field
            out += _flatten(index, sub, f"{prefix}{name}")
    elif isinstance(detail, list):
        for sub in detail:
            out += _flatten(index, sub, prefix)
    else:
        out.append({"index": index, "field": prefix or "non_field_errors", "message": str(detail)})
    return out


class BulkPostingView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [CanPostJobs]

    @extend_schema(
        summary="Post many job postings at once",
        tags=["jobs"],
        request=BulkPostingItemSerializer(many=True),
        responses={
            201: BulkResponse, 207: BulkResponse,
            400: OpenApiResponse(BulkResponse, description="No item could be saved"),
        },
    )
    def post(self, request):
        items = request.data
        if not isinstance(items, list) or not items:
            return Response({"saved": [], "errors": [{"index": None, "field": "non_field_errors",
                                                       "message": _("Send a non-empty JSON list of postings.")}]},
                            status=status.HTTP_400_BAD_REQUEST)
        if len(items) > MAX_ITEMS:
            return Response({"saved": [], "errors": [{"index": None, "field": "non_field_errors",
                                                       "message": _("At most %(n)s postings per request.")
                                                       % {"n": MAX_ITEMS}}]},
                            status=status.HTTP_400_BAD_REQUEST)
        saved, errors = [], []
        for index, item in enumerate(items):
            ser = BulkPostingItemSerializer(data=item, context={"user": request.user})
            if not ser.is_valid():
                errors += _flatten(index, ser.errors)
                continue
            data = dict(ser.validated_data)
            publish = data.pop("publish")
            data.setdefault("contract_type", "")
            try:
                with transaction.atomic():
                    posting = services.save_draft(JobPosting(**data), by=request.user)
                    if publish:
                        services.publish_posting(posting, by=request.user)
            except services.PostingError as exc:
                errors += _flatten(index, exc.message_dict)
                continue
            saved.append({"index": index, "id": posting.pk, "status": posting.status})
        code = status.HTTP_201_CREATED if not errors else (
            status.HTTP_207_MULTI_STATUS if saved else status.HTTP_400_BAD_REQUEST
        )
        return Response({"saved": saved, "errors": errors}, status=code)
