"""network_demo: stations from the demo's service offices, through the validating service; dry run by default;
idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from jiuye.geography.enums import OfficeKind
from jiuye.geography.models import ServiceOffice
from jiuye.network.models import Station

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = io.StringIO()
    call_command("network_demo", *args, stdout=out)
    return out.getvalue()


def test_network_demo_creates_stations_once(places):
    ServiceOffice.objects.create(
        name="雨湖区公共就业服务中心",
        kind=OfficeKind.SERVICE_CENTRE,
        division=places["430302"],
        latitude=27.8601,
        longitude=112.9003,
        address="雨湖区政务服务中心",
    )
    ServiceOffice.objects.create(
        name="雨湖路街道就业和社会保障服务站", kind=OfficeKind.STATION, division=places["430302001"]
    )
    dry = _run("--city", "4303")
    assert "dry run" in dry and not Station.objects.exists()
    wet = _run("--city", "4303", "--wet-run")
    assert "0 refused" in wet, wet
    kinds = sorted(Station.objects.values_list("kind", flat=True))
    assert "office" in kinds and "community" in kinds and "casual" in kinds and "university" in kinds
    office = Station.objects.get(kind="office")
    assert (
        office.opening_hours["mon"] == [["08:30", "12:00"], ["14:30", "17:30"]]
        and office.opening_hours["sun"] == []
    )
    assert all(s.location_check["checks"] for s in Station.objects.all())
    count = Station.objects.count()
    again = _run("--city", "4303", "--wet-run")
    assert f"{count} already there; 0 created" in again
    assert Station.objects.count() == count
