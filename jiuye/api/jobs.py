"""Bulk posting for large employers and partner job boards: POST /api/v1/postings/bulk/.

The body is a JSON list of postings. Each item is checked on its own, by the same code as the file upload
(`jiuye.jobs.bulk`): the valid ones are saved (and published unless `"publish": false`), the others come back
with their index, field and message, so a partner can fix and resend only those. 201 when every item was
saved, 207 when some were, 400 when none. Employer users post for their own employer; caseworkers, inspectors
and administrators post for an employer in their area, named by its unified social credit code. An item with
an `external_ref` already used by the employer updates that draft (or is reported unchanged), so resending a
batch is safe. An item without an occupation code is coded from its title; if the coder is not confident, the
item is kept as a draft with a note.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from jiuye.jobs import bulk
from jiuye.jobs.enums import SocialInsurance
from jiuye.registry.enums import ContractType

from .authentication import API_AUTHENTICATION

MAX_ITEMS = bulk.MAX_ITEMS


class CanPostJobs(BasePermission):
    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return (user.is_employer_user and bool(user.employer_id)) or user.works_on_cases or user.is_superuser


class BulkPostingItemSerializer(serializers.Serializer):
    """The item schema, for the API documentation. Items are checked by `jiuye.jobs.bulk.validate_row`, the same
    code the file upload uses; the columns are `jiuye.jobs.bulk.COLUMNS`."""

    external_ref = serializers.CharField(
        required=False,
        max_length=64,
        help_text="Your own reference; re-sending it updates the draft, never doubles",
    )
    employer = serializers.CharField(
        required=False,
        max_length=18,
        help_text="Unified social credit code (staff only; employer users omit it)",
    )
    title = serializers.CharField(max_length=120)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    occupation = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=16,
        help_text="Occupation code of the 2022 classification (level 4); empty: coded from the title",
    )
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
    education = serializers.CharField(
        required=False, allow_blank=True, max_length=32, help_text="Education level code (minimum)"
    )
    experience_years = serializers.IntegerField(required=False, default=0, min_value=0, max_value=60)
    working_hours = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    social_insurance = serializers.ChoiceField(
        choices=SocialInsurance.choices, required=False, default=SocialInsurance.FIVE
    )
    valid_from = serializers.DateField(required=False, allow_null=True)
    valid_until = serializers.DateField(required=False, allow_null=True)
    publish = serializers.BooleanField(required=False, default=True)


class BulkItemResult(serializers.Serializer):
    index = serializers.IntegerField()
    id = serializers.IntegerField()
    status = serializers.CharField()
    action = serializers.CharField(help_text="created, updated or unchanged (same external_ref)")
    note = serializers.CharField(help_text="e.g. kept as a draft because the occupation needs confirmation")


class BulkItemError(serializers.Serializer):
    index = serializers.IntegerField(allow_null=True)
    field = serializers.CharField()
    message = serializers.CharField()


class BulkResponse(serializers.Serializer):
    saved = BulkItemResult(many=True)
    errors = BulkItemError(many=True)


def _boolean(value) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "on"):
        return True
    if text in ("false", "0", "no", "off", ""):
        return False
    return None


class BulkPostingView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [CanPostJobs]

    @extend_schema(
        summary="Post many job postings at once",
        tags=["jobs"],
        request=BulkPostingItemSerializer(many=True),
        responses={
            201: BulkResponse,
            207: BulkResponse,
            400: OpenApiResponse(BulkResponse, description="No item could be saved"),
        },
    )
    def post(self, request):
        items = request.data
        if not isinstance(items, list) or not items:
            return Response(
                {
                    "saved": [],
                    "errors": [
                        {
                            "index": None,
                            "field": "non_field_errors",
                            "message": _("Send a non-empty JSON list of postings."),
                        }
                    ],
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        if len(items) > MAX_ITEMS:
            return Response(
                {
                    "saved": [],
                    "errors": [
                        {
                            "index": None,
                            "field": "non_field_errors",
                            "message": _("At most %(n)s postings per request.") % {"n": MAX_ITEMS},
                        }
                    ],
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        saved, errors = [], []
        refs: dict = {}
        for index, item in enumerate(items):
            publish = True
            if isinstance(item, dict) and "publish" in item:
                item = dict(item)
                publish = _boolean(item.pop("publish"))
                if publish is None:
                    errors.append(
                        {"index": index, "field": "publish", "message": _("Must be a valid boolean.")}
                    )
                    continue
            values, problems = bulk.validate_row(item, user=request.user)
            if values is not None:
                problems = bulk.duplicate_ref(refs, values, index, _("item %(n)s"))
                values = None if problems else values
            if values is not None:
                result = bulk.save_row(values, user=request.user, publish=publish, source="api")
                problems = result.errors
            if problems:
                errors += [{"index": index, "field": f, "message": m} for f, m in problems]
                continue
            posting = result.posting
            saved.append(
                {
                    "index": index,
                    "id": posting.pk,
                    "status": posting.status,
                    "action": result.action,
                    "note": result.note,
                }
            )
        code = (
            status.HTTP_201_CREATED
            if not errors
            else (status.HTTP_207_MULTI_STATUS if saved else status.HTTP_400_BAD_REQUEST)
        )
        return Response({"saved": saved, "errors": errors}, status=code)
