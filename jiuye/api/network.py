"""Public station search: GET /api/v1/stations/?near=lat,lon&kind=&service=&limit=.

No sign-in: stations' names, kinds, addresses, locations, hours and services are public. Staff numbers and the
internal office link are never returned. With `near`, stations come nearest first with the straight-line
distance and estimated minutes by mode (method stated in `method`); without it, by division and name.
A bad parameter is a 400: {"errors": {"<parameter>": ["<message>"]}, "code": "invalid_parameter"}.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from jiuye.network import services
from jiuye.network.enums import ServiceCode, StationKind
from jiuye.network.models import Station

from .authentication import API_AUTHENTICATION

DEFAULT_LIMIT = 10
MAX_LIMIT = 100


class StationPublicSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=StationKind.choices)
    kind_label = serializers.CharField()
    division = serializers.CharField(help_text="Division code")
    address = serializers.CharField()
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    phone = serializers.CharField(help_text="The station's public line")
    opening_hours = serializers.DictField(help_text='{"mon": [["08:30", "12:00"]], ..., "sun": []}')
    services = serializers.ListField(child=serializers.CharField())
    distance_m = serializers.FloatField(allow_null=True, help_text="Straight-line metres from `near`")
    minutes = serializers.DictField(
        allow_null=True, help_text='Estimated minutes by mode, {"walking": …, "cycling": …, "transit": …}'
    )


def _public(station: Station, metres: float | None = None, minutes: dict | None = None) -> dict:
    return {
        "id": station.pk,
        "name": station.name,
        "kind": station.kind,
        "kind_label": str(station.get_kind_display()),
        "division": station.division.code,
        "address": station.address,
        "latitude": station.latitude,
        "longitude": station.longitude,
        "phone": station.phone,
        "opening_hours": station.opening_hours,
        "services": station.services,
        "distance_m": None if metres is None else round(metres, 1),
        "minutes": None if minutes is None else {k: round(v, 1) for k, v in minutes.items()},
    }


def _bad(errors: dict) -> Response:
    return Response({"errors": errors, "code": "invalid_parameter"}, status=status.HTTP_400_BAD_REQUEST)


class StationSearchView(APIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Employment service stations, nearest first (public)",
        tags=["network"],
        auth=[],
        parameters=[
            OpenApiParameter("near", OpenApiTypes.STR, description="latitude,longitude, e.g. 27.83,112.92"),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=StationKind.values),
            OpenApiParameter("service", OpenApiTypes.STR, enum=ServiceCode.values),
            OpenApiParameter(
                "limit", OpenApiTypes.INT, description=f"1..{MAX_LIMIT} (default {DEFAULT_LIMIT})"
            ),
        ],
        responses={
            200: inline_serializer(
                "StationSearchResult",
                {
                    "method": serializers.DictField(),
                    "results": StationPublicSerializer(many=True),
                },
            ),
            400: inline_serializer(
                "StationSearchError", {"errors": serializers.DictField(), "code": serializers.CharField()}
            ),
        },
    )
    def get(self, request):
        params = request.query_params
        errors: dict[str, list[str]] = {}
        unknown = sorted(set(params) - {"near", "kind", "service", "limit", "format", "lang"})
        if unknown:
            errors["parameters"] = [_("Unknown parameter(s): %(names)s.") % {"names": ", ".join(unknown)}]
        lat = lon = None
        near = params.get("near", "").strip()
        if near:
            parts = near.split(",")
            try:
                if len(parts) != 2:
                    raise ValueError
                lat, lon = float(parts[0]), float(parts[1])
                if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    raise ValueError
            except ValueError:
                errors["near"] = [_("Give latitude,longitude in decimal degrees, e.g. 27.83,112.92.")]
        kind = params.get("kind", "")
        if kind and kind not in StationKind.values:
            errors["kind"] = [
                _("Unknown kind; use one of: %(values)s.") % {"values": ", ".join(StationKind.values)}
            ]
        service = params.get("service", "")
        if service and service not in ServiceCode.values:
            errors["service"] = [
                _("Unknown service; use one of: %(values)s.") % {"values": ", ".join(ServiceCode.values)}
            ]
        limit = DEFAULT_LIMIT
        raw = params.get("limit", "")
        if raw:
            try:
                limit = int(raw)
                if not 1 <= limit <= MAX_LIMIT:
                    raise ValueError
            except ValueError:
                errors["limit"] = [_("Give a whole number from 1 to %(max)s.") % {"max": MAX_LIMIT}]
        if errors:
            return _bad(errors)
        if lat is not None:
            rows = [
                _public(n.station, n.metres, n.minutes)
                for n in services.nearest_stations(lat, lon, kind=kind, service=service, limit=limit)
            ]
        else:
            qs = Station.objects.active().select_related("division").order_by("division__code", "name")
            if kind:
                qs = qs.of_kind(kind)
            stations = [s for s in qs if not service or service in (s.services or [])][:limit]
            rows = [_public(s) for s in stations]
        return Response({"method": services.method_statement(), "results": rows})
