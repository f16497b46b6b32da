"""Stations for the demo region, from its service offices: the public employment service centres (offices), one
station per township (community station in a 街道, village station in a 镇/乡), and a few casual-labour,
university and home-based partner stations, with realistic hours. Dry run by default; idempotent (a station
with the same name in the same division is left as it is). Every station goes through the validating service.

Township stations stand at the township's ESTIMATED centre (jiuye/network/coverage/demand.py): the reference
data has no township coordinates.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from jiuye.geography.enums import OfficeKind
from jiuye.geography.models import Division, ServiceOffice
from jiuye.network import services
from jiuye.network.coverage.reference import ReferenceDataError
from jiuye.network.enums import ServiceCode as S
from jiuye.network.enums import StationKind
from jiuye.network.models import Station

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def _hours(days, *periods) -> dict:
    return {d: [list(p) for p in periods] if d in days else [] for d in services.DAYS}


# Government offices keep 08:30–12:00 and 14:30–17:30 (summer hours); casual-labour markets open at dawn,
# when day labourers and employers meet; home-based partner stations keep shop hours.
OFFICE_HOURS = _hours(WEEKDAYS, ("08:30", "12:00"), ("14:30", "17:30"))
TOWNSHIP_HOURS = _hours(WEEKDAYS, ("08:30", "12:00"), ("14:30", "17:30"))
CASUAL_HOURS = _hours(services.DAYS, ("06:00", "10:00"), ("16:00", "18:00"))
UNIVERSITY_HOURS = _hours(WEEKDAYS, ("08:00", "11:30"), ("14:30", "17:30"))
HOME_HOURS = _hours(("tue", "wed", "thu", "fri", "sat", "sun"), ("09:00", "12:00"), ("13:30", "18:00"))

OFFICE_SERVICES = [
    S.REGISTRATION,
    S.JOB_MATCHING,
    S.POLICY,
    S.TRAINING,
    S.CAREER_GUIDANCE,
    S.STARTUP,
    S.SOCIAL_INSURANCE,
]
TOWNSHIP_SERVICES = [S.REGISTRATION, S.JOB_MATCHING, S.POLICY, S.SOCIAL_INSURANCE]

# Universities of the demo region with their campus points (Xiangtan: 湘潭大学 and 湖南科技大学, both in 雨湖区).
UNIVERSITIES = {
    "4303": [
        ("430302", "湘潭大学就业指导服务站", "湘潭市雨湖区羊牯塘街道湘潭大学", 27.8838, 112.8651),
        ("430302", "湖南科技大学就业服务站", "湘潭市雨湖区桃园路湖南科技大学", 27.9067, 112.9208),
    ]
}


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--city", default="4303", help="prefecture code of the demo region (default 4303)"
        )
        parser.add_argument(
            "--wet-run", action="store_true", help="create the stations (default: only count)"
        )

    def handle(self, *args, **opts):
        started = time.perf_counter()
        city = Division.objects.filter(code=opts["city"], level=2).first()
        if city is None:
            raise CommandError(
                f"--city: no prefecture {opts['city']!r} in the division tree (run refdata_load)"
            )
        try:
            plans = self.plan(city)
        except ReferenceDataError as exc:
            raise CommandError(str(exc)) from None
        existing = set(Station.objects.values_list("division_id", "name"))
        todo = [p for p in plans if (p["division"].pk, p["name"]) not in existing]
        created, refused = 0, []
        if opts["wet_run"]:
            with transaction.atomic():
                for p in todo:
                    division, office = p.pop("division"), p.pop("office", None)
                    try:
                        services.create_station(by="network_demo", division=division, office=office, **p)
                        created += 1
                    except services.StationError as exc:
                        refused.append(f"{p['name']}: {exc}")
        by_kind: dict[str, int] = {}
        for p in plans:
            by_kind[p["kind"]] = by_kind.get(p["kind"], 0) + 1
        mode = "wet run" if opts["wet_run"] else "dry run (use --wet-run to create them)"
        self.stdout.write(
            f"network_demo {city.code}, {mode}: {len(plans)} stations planned "
            f"({', '.join(f'{k} {n}' for k, n in sorted(by_kind.items()))}); {len(plans) - len(todo)} already there; "
            f"{created} created; {len(refused)} refused; {time.perf_counter() - started:.1f} s"
        )
        for line in refused:
            self.stdout.write(f"  refused: {line}")

    def plan(self, city: Division) -> list[dict]:
        towns = {t.code: t for t in services.division_townships(city)}
        offices = ServiceOffice.objects.filter(division__path__startswith=city.path).select_related(
            "division"
        )
        plans: list[dict] = []
        for office in offices.order_by("division__code", "kind"):
            d = office.division
            if office.kind == OfficeKind.SERVICE_CENTRE and office.latitude is not None:
                plans.append(
                    dict(
                        division=d,
                        office=office,
                        name=office.name,
                        kind=StationKind.OFFICE,
                        address=office.address or f"{d.name_zh}政务服务中心",
                        latitude=office.latitude,
                        longitude=office.longitude,
                        opening_hours=OFFICE_HOURS,
                        services=list(OFFICE_SERVICES),
                        phone="12333",
                        staff_count=12,
                    )
                )
            elif office.kind == OfficeKind.STATION and d.code in towns:
                t = towns[d.code]
                street = t.kind == "street"
                plans.append(
                    dict(
                        division=d,
                        office=office,
                        name=f"{d.name_zh}{'社区' if street else ''}就业服务站",
                        kind=StationKind.COMMUNITY if street else StationKind.VILLAGE,
                        address=f"{d.parent.name_zh}{d.name_zh}便民服务中心",
                        latitude=round(t.lat, 6),
                        longitude=round(t.lon, 6),
                        opening_hours=TOWNSHIP_HOURS,
                        services=list(TOWNSHIP_SERVICES),
                        staff_count=2 if street else 1,
                    )
                )
        # A casual-labour station in each county with townships: at its most populous 街道 (or 镇).
        by_county: dict[str, list] = {}
        for t in towns.values():
            by_county.setdefault(t.county, []).append(t)
        divisions = {d.code: d for d in Division.objects.filter(code__in=list(towns) + list(by_county))}
        for county, ts in sorted(by_county.items()):
            ts = [t for t in ts if t.code in divisions]
            if not ts:
                continue
            best = max(ts, key=lambda t: (t.kind == "street", t.population, t.code))
            d = divisions.get(best.code)
            if d is None or county not in divisions:
                continue
            plans.append(
                dict(
                    division=d,
                    name=f"{divisions[county].name_zh}零工驿站",
                    kind=StationKind.CASUAL_LABOUR,
                    address=f"{d.name_zh}零工市场",
                    latitude=round(best.lat + 0.002, 6),
                    longitude=round(best.lon + 0.002, 6),
                    opening_hours=CASUAL_HOURS,
                    services=[S.CASUAL_LABOUR.value, S.JOB_MATCHING.value, S.REGISTRATION.value],
                    staff_count=2,
                )
            )
        for county, name, address, lat, lon in UNIVERSITIES.get(city.code, []):
            d = divisions.get(county) or Division.objects.filter(code=county).first()
            if d is not None:
                plans.append(
                    dict(
                        division=d,
                        name=name,
                        kind=StationKind.UNIVERSITY,
                        address=address,
                        latitude=lat,
                        longitude=lon,
                        opening_hours=UNIVERSITY_HOURS,
                        services=[
                            S.JOB_MATCHING.value,
                            S.CAREER_GUIDANCE.value,
                            S.STARTUP.value,
                            S.POLICY.value,
                        ],
                        staff_count=4,
                    )
                )
        # Home-based partner stations in the three most populous 街道 (a shop or property office that posts jobs
        # and helps with online registration).
        streets = sorted(
            (t for t in towns.values() if t.kind == "street"), key=lambda t: (-t.population, t.code)
        )
        for t in streets[:3]:
            d = divisions.get(t.code)
            if d is None:
                continue
            plans.append(
                dict(
                    division=d,
                    name=f"{d.name_zh}家门口就业服务点",
                    kind=StationKind.HOME_BASED,
                    address=f"{d.name_zh}社区党群服务中心",
                    latitude=round(t.lat - 0.003, 6),
                    longitude=round(t.lon + 0.001, 6),
                    opening_hours=HOME_HOURS,
                    services=[S.JOB_MATCHING.value, S.REGISTRATION.value],
                    staff_count=1,
                )
            )
        return plans
