"""Builders for the gig and start-up tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from jiuye.network.enums import StationKind
from jiuye.network.gig import services
from jiuye.network.gig.enums import InsuranceProvider, PayUnit
from jiuye.network.gig.models import GigJob
from jiuye.network.models import Station

HOURS = {d: [["07:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
# 雨湖区 and 岳塘区, Xiangtan (approximate centres)
YUHU = (27.8600, 112.9000)
YUETANG = (27.8650, 112.9700)


def make_station(division, *, name="雨湖零工驿站", at=YUHU, kind=StationKind.CASUAL_LABOUR, **kw) -> Station:
    return Station.objects.create(
        division=division,
        name=name,
        kind=kind,
        address=kw.pop("address", "雨湖路1号"),
        latitude=at[0],
        longitude=at[1],
        opening_hours=HOURS,
        services=["casual_labour"],
        **kw,
    )


def job(employer, division, *, by=None, **kw) -> GigJob:
    today = timezone.localdate()
    at = kw.pop("at", YUHU)
    j = GigJob(
        employer=employer,
        division=division,
        title=kw.pop("title", "仓库装卸工"),
        tasks=kw.pop("tasks", "卸货、搬运纸箱，上架"),
        address=kw.pop("address", "雨湖区物流园3号库"),
        latitude=at[0] + 0.01,
        longitude=at[1] + 0.01,
        start_date=kw.pop("start_date", today),
        end_date=kw.pop("end_date", today),
        start_time=kw.pop("start_time", dt.time(8, 0)),
        end_time=kw.pop("end_time", dt.time(17, 0)),
        pay_unit=kw.pop("pay_unit", PayUnit.DAY),
        pay_rate=kw.pop("pay_rate", Decimal("180.00")),
        workers_needed=kw.pop("workers_needed", 2),
        skills=kw.pop("skills", ["搬运"]),
        insurance_provided=kw.pop("insurance_provided", True),
        insurance_provider=kw.pop("insurance_provider", InsuranceProvider.COMMERCIAL),
        **kw,
    )
    return services.post_job(j, by=by)
