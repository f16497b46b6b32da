"""Gig work and entrepreneurship support for the demo region: casual-labour stations' day jobs, check-ins and
engagements in every state (requested … paid, declined, cancelled, no-show, late and disputed pay with their
wage-arrears cases), incubators, mentors and start-ups followed from the library. Everything goes through the
services. Idempotent: a second run adds nothing. Dry run by default.

Run after the demo (`demo_load --city 4303`) and after the service network's stations are loaded; when the
region has no casual-labour station, one is created per county with a known centre.
"""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from jiuye.accounts.enums import Role
from jiuye.accounts.models import User
from jiuye.geography.enums import DivisionLevel
from jiuye.geography.models import Division
from jiuye.network.enums import StationKind
from jiuye.network.gig import services
from jiuye.network.gig.enums import CheckInMode, InsuranceProvider, PayUnit
from jiuye.network.gig.models import Engagement, GigJob
from jiuye.network.models import Station
from jiuye.network.startups import services as startups
from jiuye.network.startups.models import Incubator, Mentor, Startup
from jiuye.registry.enums import EmployerStatus, LabourStatus, OwnershipType
from jiuye.registry.identifiers import IdentifierError, validate_credit_code
from jiuye.registry.models import Employer, Person

HOURS = {d: [["07:00", "12:00"], ["13:30", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat")} | {
    "sun": [["07:00", "12:00"]]
}

# title, tasks, skills, pay unit, rate, piece unit, insurance provider (none = not provided)
JOBS = [
    (
        "搬家装卸工",
        "搬运家具和纸箱，装车卸车，轻拿轻放",
        ["搬运"],
        PayUnit.DAY,
        "180",
        "",
        InsuranceProvider.COMMERCIAL,
    ),
    (
        "仓库分拣打包",
        "按订单分拣商品、打包贴单",
        ["分拣打包"],
        PayUnit.PIECE,
        "0.50",
        "件",
        InsuranceProvider.EMPLOYER,
    ),
    ("小区保洁", "楼道和公共区域清洁，垃圾清运", ["保洁"], PayUnit.DAY, "150", "", InsuranceProvider.NONE),
    ("工地小工", "搬砖、拌砂浆、清理场地", ["小工"], PayUnit.DAY, "200", "", InsuranceProvider.PLATFORM),
    (
        "果园采摘",
        "采摘柑橘、装筐、搬运到路边",
        ["采摘", "搬运"],
        PayUnit.DAY,
        "140",
        "",
        InsuranceProvider.STATION,
    ),
    ("餐厅帮厨", "洗菜配菜、洗碗、后厨清洁", ["厨房帮工"], PayUnit.DAY, "130", "", InsuranceProvider.NONE),
]
# the state each engagement is driven to, in order; one worker each
STATES = [
    "paid",
    "paid",
    "pay_confirmed",
    "completed",
    "late",
    "disputed",
    "checked_in",
    "scheduled",
    "offered",
    "requested",
    "declined",
    "cancelled",
    "no_show",
]
INCUBATORS = [
    (
        "雨湖区大学生创业孵化基地",
        "incubator",
        "雨湖区创业服务中心二楼",
        "工位、工商注册代办、创业培训、融资对接",
        60,
    ),
    ("湘潭市返乡创业园", "returnee", "湘潭县易俗河镇创业大道", "厂房、创业担保贷款受理、电商培训", 40),
    ("岳塘区众创空间", "makerspace", "岳塘区书院路创新大厦", "共享办公、导师辅导、路演", 30),
]
MENTORS = [
    ("李建华", "湘潭市创业指导专家", "餐饮和小店经营"),
    ("王秀英", "注册会计师", "财务、税务和创业担保贷款申请"),
    ("陈志刚", "电商企业负责人", "农产品电商和直播销售"),
]


def _credit_ok(code: str) -> bool:
    try:
        validate_credit_code(code)
    except IdentifierError:
        return False
    return True


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--city", default="4303", help="division code of the demo region (default 4303)")
        parser.add_argument("--wet-run", action="store_true", help="write (default: say what would be done)")

    def handle(self, *args, **opts):
        started = time.perf_counter()
        city = Division.objects.filter(code=opts["city"]).first()
        if city is None:
            raise CommandError(
                f"--city: no division with code {opts['city']!r}; load the demo first (demo_load)"
            )
        self.city = city
        self.counts: dict[str, int] = {}
        if not opts["wet_run"]:
            stations = self._stations(create=False)
            self.stdout.write(
                f"gig_demo dry run for {city.code} {city.name_zh}: {len(stations)} casual-labour stations, "
                f"{GigJob.objects.filter(division__path__startswith=city.path).count()} gig jobs already; "
                "use --wet-run to write"
            )
            return
        admin = User.objects.filter(role=Role.ADMIN, division__isnull=True, is_active=True).first()
        if admin is None:
            admin, _c = User.objects.get_or_create(
                username="gig_demo_admin", defaults={"role": Role.ADMIN, "is_active": True}
            )
            admin.set_unusable_password()
            admin.save()
        self.admin = admin
        with transaction.atomic():
            stations = self._stations(create=True)
            for i, station in enumerate(stations):
                self._gig(station, i)
            self._startups()
        sweep = services.arrears_sweep(dry_run=False)
        self.counts["arrears cases opened"] = self.counts.get("arrears cases opened", 0) + len(
            sweep["cases_opened"]
        )
        by_state = {}
        for status in Engagement.objects.filter(division__path__startswith=city.path).values_list(
            "status", flat=True
        ):
            by_state[status] = by_state.get(status, 0) + 1
        self.stdout.write(
            f"gig_demo wet run for {city.code} {city.name_zh} in {time.perf_counter() - started:.1f} s: "
            + ", ".join(f"{k} {v}" for k, v in self.counts.items())
        )
        self.stdout.write(
            "engagements by state: " + ", ".join(f"{k} {v}" for k, v in sorted(by_state.items()))
        )

    def _add(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    # --- stations -----------------------------------------------------------------------------------------

    def _stations(self, *, create: bool) -> list[Station]:
        qs = (
            Station.objects.active()
            .of_kind(StationKind.CASUAL_LABOUR)
            .filter(division__path__startswith=self.city.path)
        )
        stations = list(qs.select_related("division").order_by("division__code", "id"))
        if stations or not create:
            return stations
        for county in Division.objects.filter(
            parent=self.city, level=DivisionLevel.COUNTY, latitude__isnull=False
        ).order_by("code"):
            station, created = Station.objects.get_or_create(
                division=county,
                name=f"{county.name_zh}零工驿站",
                defaults={
                    "kind": StationKind.CASUAL_LABOUR,
                    "address": f"{county.name_zh}人力资源市场一楼",
                    "latitude": county.latitude + 0.004,
                    "longitude": county.longitude + 0.004,
                    "opening_hours": HOURS,
                    "services": ["casual_labour", "job_matching"],
                    "staff_count": 2,
                },
            )
            self._add("stations created", int(created))
            stations.append(station)
        return stations

    # --- users acting for employers and workers --------------------------------------------------------------

    def _employer_user(self, employer: Employer) -> User:
        user = User.objects.filter(role=Role.EMPLOYER, employer=employer, is_active=True).first()
        if user is None:
            user = User.objects.create(
                username=f"gig_demo_employer_{employer.pk}", role=Role.EMPLOYER, employer=employer
            )
            user.set_unusable_password()
            user.save()
            self._add("employer accounts (no password)")
        return user

    def _worker_user(self, person: Person) -> User:
        user = User.objects.filter(role=Role.CITIZEN, person=person, is_active=True).first()
        if user is None:
            user = User.objects.create(
                username=f"gig_demo_worker_{person.pk}", role=Role.CITIZEN, person=person
            )
            user.set_unusable_password()
            user.save()
            self._add("worker accounts (no password)")
        return user

    # --- jobs and engagements ----------------------------------------------------------------------------

    def _gig(self, station: Station, index: int) -> None:
        county = (
            station.division if station.division.level == DivisionLevel.COUNTY else station.division.parent
        )
        employers = [
            e
            for e in Employer.objects.filter(
                division__path__startswith=county.path, status=EmployerStatus.ACTIVE
            )
            .select_related("division")
            .order_by("id")[:40]
            if _credit_ok(e.credit_code)
        ]
        demo_employer = Employer.objects.filter(
            users__username="employer", division__path__startswith=county.path
        ).first()
        if demo_employer is not None:
            employers = [demo_employer] + [e for e in employers if e != demo_employer]
        employers = employers[:3]
        if not employers:
            return
        demo_person = Person.objects.filter(
            pk__in=User.objects.filter(username="citizen").values("person_id"),
            division__path__startswith=county.path,
        )
        workers = list(demo_person) + list(
            Person.objects.filter(
                division__path__startswith=county.path, labour_status=LabourStatus.UNEMPLOYED
            )
            .exclude(pk__in=demo_person.values("pk"))
            .order_by("id")[: len(STATES) - len(demo_person)]
        )
        today = timezone.localdate()
        for w_index, (person, state) in enumerate(zip(workers, STATES, strict=False)):
            spec = JOBS[(index + w_index // 3) % len(JOBS)]
            employer = employers[(w_index // 3) % len(employers)]
            job = self._job(employer, county, station, spec)
            if job is None or Engagement.objects.filter(job=job, worker=person).exists():
                continue
            worker = self._worker_user(person)
            checkin = services.check_in(
                person, by=worker, mode=CheckInMode.STATION, station=station, skills=spec[2]
            )
            self._add("check-ins")
            boss = self._employer_user(employer)
            self._drive(job, checkin, worker, boss, state, today, w_index)

    def _job(self, employer: Employer, county: Division, station: Station, spec) -> GigJob | None:
        title, tasks, skills, unit, rate, piece, provider = spec
        existing = GigJob.objects.filter(employer=employer, title=title, division=county).first()
        if existing is not None:
            return existing if existing.status == "open" else None
        today = timezone.localdate()
        job = GigJob(
            employer=employer,
            division=county,
            station=station,
            title=title,
            tasks=tasks,
            address=f"{station.address[:60]}附近",
            latitude=station.latitude + 0.008,
            longitude=station.longitude + 0.006,
            start_date=today,
            end_date=today,
            start_time=dt.time(8),
            end_time=dt.time(17),
            pay_unit=unit,
            pay_rate=Decimal(rate),
            piece_unit=piece,
            workers_needed=6,
            skills=skills,
            insurance_provided=provider != InsuranceProvider.NONE,
            insurance_provider=provider,
        )
        try:
            services.post_job(job, by=self._employer_user(employer))
        except services.GigError as exc:
            self.stderr.write(f"job {title!r} for employer {employer.pk} refused: {exc.message_dict}")
            return None
        self._add("jobs posted")
        return job

    def _drive(self, job, checkin, worker, boss, state: str, today: dt.date, n: int) -> None:
        if state == "requested":
            services.request_job(job, by=worker)
            return self._add("engagements")
        if state == "declined":
            services.decline(services.request_job(job, by=worker), by=boss)
            return self._add("engagements")
        eng = services.offer(job, checkin, by=boss)
        self._add("engagements")
        if state == "offered":
            return
        services.confirm(eng, by=worker)
        if state == "scheduled":
            return
        if state == "cancelled":
            services.cancel(eng, by=worker, reason="illness", note="")
            return
        if state == "no_show":
            services.no_show(eng, by=boss, reason="worker_absent")
            return
        services.arrive(eng, by=worker)
        if state == "checked_in":
            return
        pieces = 380 + 20 * n if job.pay_unit == PayUnit.PIECE else None
        services.complete(eng, by=boss, pieces=pieces)
        if state == "completed":
            return
        if state == "late":  # completed five days ago, pay never confirmed: the sweep opens the case
            Engagement.objects.filter(pk=eng.pk).update(completed_at=timezone.now() - dt.timedelta(days=5))
            return
        if state == "disputed":
            services.confirm_pay(
                eng, by=boss, amount=(eng.pay_due * Decimal("0.6")).quantize(Decimal("0.01"))
            )
            services.dispute_pay(eng, by=worker, reason="underpaid")
            return self._add("arrears cases opened")
        services.confirm_pay(eng, by=boss)
        services.rate(eng, by=boss, stars=5 - n % 2, comment="干活认真，准时到岗")
        if state == "pay_confirmed":
            return
        services.confirm_received(eng, by=worker)
        services.rate(eng, by=worker, stars=5, comment="当天结算")

    # --- entrepreneurship ----------------------------------------------------------------------------------

    def _startups(self) -> None:
        counties = list(
            Division.objects.filter(parent=self.city, level=DivisionLevel.COUNTY).order_by("code")
        )
        incubators = []
        for (name, kind, address, svc, capacity), county in zip(INCUBATORS, counties, strict=False):
            inc = Incubator.objects.filter(name=name).first()
            if inc is None:
                inc = startups.save_incubator(
                    Incubator(
                        division=county,
                        name=name,
                        kind=kind,
                        address=address,
                        services=svc,
                        capacity=capacity,
                        latitude=county.latitude,
                        longitude=county.longitude,
                    ),
                    by=self.admin,
                )
                self._add("incubators")
            incubators.append(inc)
        mentors = []
        for i, (name, title, expertise) in enumerate(MENTORS):
            m = Mentor.objects.filter(name=name, division__path__startswith=self.city.path).first()
            if m is None:
                m = startups.save_mentor(
                    Mentor(
                        division=self.city,
                        name=name,
                        title=title,
                        expertise=expertise,
                        incubator=incubators[i % len(incubators)] if incubators else None,
                        listed_publicly=True,
                    ),
                    by=self.admin,
                )
                self._add("mentors")
            mentors.append(m)
        # up to 25 businesses registered in each of the last five years, so every milestone has a cohort
        year = timezone.localdate().year
        candidates = []
        for y in range(year - 4, year + 1):
            candidates += list(
                Employer.objects.filter(
                    division__path__startswith=self.city.path,
                    registered_on__year=y,
                    ownership__in=[OwnershipType.PRIVATE, OwnershipType.INDIVIDUAL],
                ).order_by("registered_on", "id")[:25]
            )
        followed = 0
        for i, employer in enumerate(candidates):
            if (
                not _credit_ok(employer.credit_code)
                or Startup.objects.filter(credit_code=employer.credit_code).exists()
            ):
                continue
            startups.follow_startup(
                employer,
                by=self.admin,
                incubator=incubators[i % len(incubators)] if i % 3 == 0 and incubators else None,
                mentor=mentors[i % len(mentors)] if i % 4 == 0 and mentors else None,
            )
            followed += 1
        self._add("start-ups followed", followed)
        citizen = User.objects.filter(username="citizen", person__isnull=False).first()
        if citizen is not None and not Startup.objects.filter(founder=citizen.person).exists():
            startups.record_startup(citizen.person, by=citizen, name="湘味小吃店", activity="餐饮")
            self._add("planned start-ups")
