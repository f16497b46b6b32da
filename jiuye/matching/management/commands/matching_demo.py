"""`python manage.py matching_demo [--city 4303] [--postings N] [--seed S] [--source CSV] [--wet-run]`: a job market.

Fills a loaded demo region (`demo_load`) with job postings, seeker profiles and applications, through the real
services: `jobs.services.save_draft` + `publish_posting` (the screening runs; refused postings stay drafts),
`matching.recommendations.save_profile`, `jobs.services.apply` / `refer` / `transition`.

Postings take real Chinese texts (2019 BOSS直聘/拉勾, ../shared/data/datasets/job-postings-zh, or `--source`):
title, description (phone numbers and e-mail addresses removed), pay text parsed with `jobs.salary`. Rows whose pay
the parser refuses (negotiable, or the bare numbers like "15" of most dataset rows) are skipped; a base pay below the
local minimum wage is raised to the minimum rounded up to 100 yuan. The pay stays what the (tier-1 city, IT) text
says. The occupation is coded from the title by `save_draft`; when the coder is unsure (the title goes to the staff
queue) its best level-4 suggestion is taken; a title with no suggestion at all is skipped.

What is not a service call, and why:
- Consent (`open_to_offers`) may only be given by the seeker. The demo citizen gives it through `save_profile` with
  their own account; the synthetic persons have no account, so for ~60% of them the consent flag and its stamp are
  set on the profile after `save_profile` (an UPDATE), as if they had ticked the box themselves.
- The services stamp "now". Afterwards, posting publication dates (within the validity) and application dates
  (submitted within the last 60 days, each later step a few days after the one before) are moved back with UPDATEs on
  the application, its events and the hire's employment spell, so responsiveness has figures. Audit events keep
  the real time of the run.

Idempotent: demo postings carry `external_ref` "matching_demo:<n>"; if the city has any, nothing is added.
Without `--wet-run` everything runs and is rolled back.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.accounts.enums import CASE_ROLES, Role
from jiuye.accounts.models import User
from jiuye.geography.enums import DivisionLevel
from jiuye.geography.models import Division
from jiuye.jobs import minimum_wage, services
from jiuye.jobs.enums import ApplicationStatus, PostingStatus, RejectionReason
from jiuye.jobs.models import JobApplication, JobApplicationEvent, JobPosting
from jiuye.jobs.salary import parse_salary_or_reason
from jiuye.matching.models import SeekerProfile
from jiuye.matching.recommendations import save_profile
from jiuye.registry.enums import ContractType, EmployerStatus, LabourStatus, SeekerStatus
from jiuye.registry.identifiers import IdentifierError, validate_credit_code
from jiuye.registry.models import Employer, JobSeekerRegistration, Person
from jiuye.taxonomy.models import EducationLevel

REF_PREFIX = "matching_demo:"
DATASET = Path(settings.BASE_DIR).parent / "shared" / "data" / "datasets" / "job-postings-zh"
FILES = (
    "boss_zhipin_2019_it_jobs.csv",
    "lagou_2019_it_jobs.csv",
    "lagou_data_analyst_positions_with_coords.csv",
)
TITLE_COLS = ("position", "positionName", "title")
PAY_COLS = ("wage", "salary", "pay")
TEXT_COLS = ("desription", "description", "positionAdvantage", "requirement")
TAG_COLS = ("requirement", "skillLables", "positionLables", "welfare")
EDU_COLS = ("diploma_requirement", "education")
EXP_COLS = ("experience", "workYear")
_CONTACT = re.compile(
    r"(?<!\d)(?:1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}|0\d{2,3}-?\d{7,8}|\d{7,})(?!\d)|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?:电话|手机|微信|邮箱|QQ|qq|联系)[:：]?\s*"
)
HOURS = (
    "每天8小时，周末双休",
    "每天8小时，单休",
    "做六休一，每天8小时",
    "弹性工作制，每周40小时",
    "早九晚六，双休",
)
CONTRACTS = (
    (ContractType.OPEN_ENDED, 15),
    (ContractType.FIXED_TERM, 65),
    (ContractType.PART_TIME, 8),
    (ContractType.TASK, 5),
    (ContractType.DISPATCH, 7),
)
A = ApplicationStatus
# Where the applications end up (before the service's own expiry rules).
OUTCOMES = (
    (A.SUBMITTED, 22),
    (A.VIEWED, 15),
    (A.INTERVIEW, 12),
    (A.OFFERED, 7),
    (A.HIRED, 10),
    (A.REJECTED, 28),
    (A.WITHDRAWN, 6),
)
PATH_TO = {
    A.SUBMITTED: (),
    A.VIEWED: (A.VIEWED,),
    A.INTERVIEW: (A.VIEWED, A.INTERVIEW),
    A.OFFERED: (A.VIEWED, A.INTERVIEW, A.OFFERED),
    A.HIRED: (A.VIEWED, A.INTERVIEW, A.OFFERED, A.HIRED),
    A.WITHDRAWN: (A.VIEWED, A.WITHDRAWN),
}
SKILLS = (
    "沟通能力",
    "团队合作",
    "Excel",
    "驾驶证C1",
    "普通话二级",
    "电工证",
    "叉车证",
    "会计从业",
    "CAD",
    "Python",
    "客户服务",
    "仓储管理",
    "电商运营",
    "焊工证",
    "育婴师",
    "中式烹调",
    "PS",
    "销售",
)


@dataclass
class Row:
    title: str
    description: str
    pay_text: str
    education: str
    experience: str


def clean(text: str) -> str:
    """Remove contact details (the publication check refuses them) and collapse whitespace."""
    text = _CONTACT.sub("", text or "")
    return re.sub(r"\s+", " ", text).strip()


def _first(row: dict, cols: tuple[str, ...]) -> str:
    for col in cols:
        if (row.get(col) or "").strip():
            return row[col].strip()
    return ""


def read_rows(paths: list[Path]) -> list[Row]:
    """Posting rows from the dataset CSVs (or a `--source` CSV with any of the same column names)."""
    rows: list[Row] = []
    for path in paths:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            if not reader.fieldnames or not set(TITLE_COLS) & set(reader.fieldnames):
                raise CommandError(
                    _("--source %(path)s: no title column (one of %(cols)s).")
                    % {"path": path, "cols": ", ".join(TITLE_COLS)}
                )
            for r in reader:
                title = clean(_first(r, TITLE_COLS))[:120]
                if not title:
                    continue
                text = clean(_first(r, TEXT_COLS))
                tags = clean(_first(r, TAG_COLS))
                description = text if not tags or tags == text else f"{text}\n{tags}" if text else tags
                rows.append(
                    Row(
                        title,
                        description,
                        _first(r, PAY_COLS)[:100],
                        _first(r, EDU_COLS),
                        _first(r, EXP_COLS),
                    )
                )
    return rows


def _years(text: str) -> int:
    m = re.search(r"(\d+)", text or "")
    return int(m.group(1)) if m else 0


def _jitter(rng: random.Random, div: Division, km: float = 3.0) -> tuple[float | None, float | None]:
    d = div
    while d is not None and d.latitude is None:
        d = d.parent
    if d is None:
        return None, None
    dlat = rng.uniform(-km, km) / 111.0
    dlon = rng.uniform(-km, km) / (111.0 * max(0.2, math.cos(math.radians(d.latitude))))
    return round(d.latitude + dlat, 6), round(d.longitude + dlon, 6)


def _weighted(rng: random.Random, items) -> str:
    values, weights = zip(*items, strict=True)
    return rng.choices(values, weights=weights)[0]


class Command(BaseCommand):
    help = _(
        "Fill the demo region with job postings (real Chinese texts), seeker profiles and applications through the "
        "jobs and matching services. Writes only with --wet-run; a second run adds nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--city", default="4303", help=_("Division code of the demo city. Default 4303."))
        parser.add_argument("--postings", type=int, default=1500, help=_("Postings to create. Default 1500."))
        parser.add_argument(
            "--profiles", type=int, default=3000, help=_("At most this many seeker profiles.")
        )
        parser.add_argument(
            "--applications", type=int, default=400, help=_("Applications to make. Default 400.")
        )
        parser.add_argument("--seed", type=int, default=1, help=_("Random seed. Default 1."))
        parser.add_argument(
            "--source",
            type=Path,
            action="append",
            default=None,
            help=_("CSV of postings instead of the job-postings-zh dataset (repeatable)."),
        )
        parser.add_argument(
            "--wet-run",
            action="store_true",
            help=_("Write to the database. Without it, run, report, then roll back."),
        )

    def handle(
        self,
        *args,
        city: str,
        postings: int,
        profiles: int,
        applications: int,
        seed: int,
        source,
        wet_run: bool = False,
        **options,
    ) -> None:
        for name, value in (
            ("--postings", postings),
            ("--profiles", profiles),
            ("--applications", applications),
        ):
            if value < 0:
                raise CommandError(_("%(option)s must be 0 or more.") % {"option": name})
        division = Division.objects.filter(code=city).first()
        if division is None:
            raise CommandError(_("--city %(code)s: no such division (run refdata_load).") % {"code": city})
        self.city = division
        self.in_city = {"division__path__startswith": division.path}
        if JobPosting.objects.filter(external_ref__startswith=REF_PREFIX, **self.in_city).exists():
            self.stdout.write(
                _("The demo job market of %(code)s is already loaded; nothing added.") % {"code": city}
            )
            return
        paths = source or [DATASET / name for name in FILES]
        for path in paths:
            if not path.is_file():
                raise CommandError(_("--source: %(path)s does not exist.") % {"path": path})
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.now = timezone.now()
        started = time.perf_counter()
        self.actor = self.staff_actor()
        self.employer_user = User.objects.filter(username="employer", role=Role.EMPLOYER).first()
        self.citizen_user = User.objects.filter(
            username="citizen", role=Role.CITIZEN, person__isnull=False
        ).first()
        rows = read_rows(paths)
        self.rng.shuffle(rows)
        with transaction.atomic():
            p = self.make_postings(rows, postings)
            t1 = time.perf_counter()
            s = self.make_profiles(profiles, p["pays"])
            t2 = time.perf_counter()
            a = self.make_applications(applications)
            if not wet_run:
                transaction.set_rollback(True)
        elapsed = time.perf_counter() - started
        skipped = ", ".join(f"{k} {v}" for k, v in sorted(p["skipped"].items())) or "0"
        self.stdout.write(
            _(
                "Postings: %(published)d published (%(warned)d with screening warnings), %(refused)d refused and kept "
                "as drafts, %(demo)d for the demo employer; %(raised)d base pays raised to the local minimum wage; rows "
                "skipped: %(skipped)s (%(s).1f s)."
            )
            % {
                "published": p["published"],
                "warned": p["warned"],
                "refused": p["refused"],
                "demo": p["demo"],
                "raised": p["raised"],
                "skipped": skipped,
                "s": t1 - started,
            }
        )
        self.stdout.write(
            _(
                "Seeker profiles: %(n)d (%(open)d open to offers, %(coded)d with a coded occupation) (%(s).1f s)."
            )
            % {"n": s["profiles"], "open": s["open"], "coded": s["coded"], "s": t2 - t1}
        )
        states = ", ".join(f"{k} {v}" for k, v in sorted(a["states"].items()))
        self.stdout.write(
            _(
                "Applications: %(n)d (%(states)s); %(demo_emp)d to the demo employer, %(demo_cit)d from the demo "
                "citizen (%(s).1f s)."
            )
            % {
                "n": a["total"],
                "states": states or "0",
                "demo_emp": a["to_demo_employer"],
                "demo_cit": a["from_demo_citizen"],
                "s": time.perf_counter() - t2,
            }
        )
        if wet_run:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Demo job market of %(code)s written in %(s).1f s.") % {"code": city, "s": elapsed}
                )
            )
        else:
            self.stdout.write(
                self.style.WARNING(
                    _("Dry run in %(s).1f s: nothing was written (add --wet-run).") % {"s": elapsed}
                )
            )

    # --- who acts ---------------------------------------------------------------------------------------

    def staff_actor(self) -> User:
        """A caseworker-role account whose scope covers the whole city (refers, and answers for employers)."""
        path = self.city.path
        for user in User.objects.filter(role__in=CASE_ROLES, is_active=True).select_related("division"):
            if user.sees_everything or (
                user.scope_path and (path == user.scope_path or path.startswith(user.scope_path + "/"))
            ):
                return user
        raise CommandError(
            _(
                "--city %(code)s: no active caseworker, inspector or admin account covers the city (run demo_load)."
            )
            % {"code": self.city.code}
        )

    # --- postings ---------------------------------------------------------------------------------------

    def employers(self) -> list[Employer]:
        out = []
        qs = Employer.objects.filter(status=EmployerStatus.ACTIVE, **self.in_city).select_related(
            "division__parent"
        )
        for employer in qs.order_by("pk"):
            try:
                validate_credit_code(employer.credit_code)
            except IdentifierError:
                continue
            if employer.division.level not in (DivisionLevel.COUNTY, DivisionLevel.TOWNSHIP):
                continue
            out.append(employer)
        return out

    def make_postings(self, rows: list[Row], n: int) -> dict:
        rng = self.rng
        employers = self.employers()
        if n and not employers:
            raise CommandError(
                _("--city %(code)s: no active employer with a valid credit code (run demo_load).")
                % {"code": self.city.code}
            )
        demo_employer = (
            self.employer_user.employer if self.employer_user and self.employer_user.employer else None
        )
        demo_n = min(10, n) if demo_employer and demo_employer.status == EmployerStatus.ACTIVE else 0
        others = [e for e in employers if e != demo_employer]
        targets = (
            [demo_employer] * demo_n + [rng.choice(others) for _i in range(n - demo_n)] if others else []
        )
        targets = targets or [demo_employer] * n
        levels = list(EducationLevel.objects.order_by("rank"))
        stats = {
            "published": 0,
            "warned": 0,
            "refused": 0,
            "demo": 0,
            "raised": 0,
            "skipped": Counter(),
            "pays": [],
        }
        floors: dict[str, int | None] = {}
        rows_iter = iter(rows)
        made = 0
        for employer in targets:
            for row in rows_iter:
                posting = self.posting_from(row, employer, levels, floors, stats)
                if posting is not None:
                    break
            else:
                stats["skipped"]["dataset exhausted"] += n - made
                break
            made += 1
            posting.external_ref = f"{REF_PREFIX}{made}"
            by = self.employer_user if employer == demo_employer else None
            services.save_draft(posting, by=by)
            if posting.occupation_id is None or posting.occupation.level != 4:
                # The coder was not sure: the title is queued for staff; take its suggestion so the demo publishes.
                from jiuye.jobs.occupation import suggest_occupations

                best = suggest_occupations(posting.title, top=1)
                if not best:
                    posting.delete()
                    stats["skipped"]["occupation not coded"] += 1
                    made -= 1
                    continue
                posting.occupation = best[0].occupation
                posting.occupation_coded_by, posting.occupation_confidence = "", None
                services.save_draft(posting, by=by)
            try:
                with transaction.atomic():
                    services.publish_posting(posting, by=by, on=self.today)
            except services.PostingError:
                posting.refresh_from_db()
                stats["refused"] += 1
                continue
            stats["published"] += 1
            stats["warned"] += bool(posting.publication_issues)
            stats["demo"] += employer == demo_employer
            stats["pays"].append(posting.pay_min)
            published = timezone.make_aware(dt.datetime.combine(posting.valid_from, dt.time(9, 0)))
            published += dt.timedelta(minutes=rng.randint(0, 600))
            JobPosting.objects.filter(pk=posting.pk).update(published_at=min(published, self.now))
        return stats

    def posting_from(
        self, row: Row, employer: Employer, levels, floors: dict, stats: dict
    ) -> JobPosting | None:
        rng = self.rng
        pay = parse_salary_or_reason(row.pay_text)
        if isinstance(pay, str) or pay.monthly_min is None:
            # Most dataset rows give a bare number ("15", meaning 15k?) which the parser rightly refuses.
            stats["skipped"][f"pay: {pay if isinstance(pay, str) else 'negotiable'}"] += 1
            return None
        division = employer.division
        if division.code not in floors:
            floors[division.code] = minimum_wage.monthly_minimum(division.code, self.today)
        floor = floors[division.code]
        pay_min, pay_max = pay.monthly_min, pay.monthly_max
        if floor is not None and pay_min < floor:
            pay_min = int(math.ceil(floor / 100.0) * 100)
            pay_max = max(pay_max or 0, pay_min) or None
            stats["raised"] += 1
        lat, lon = _jitter(rng, division)
        education = None
        for level in levels:
            if row.education and (level.name_zh in row.education or row.education in level.name_zh):
                education = level
        valid_from = self.today - dt.timedelta(days=rng.randint(0, 55))
        return JobPosting(
            employer=employer,
            title=row.title,
            description=row.description,
            division=division,
            address=employer.address[:200] if getattr(employer, "address", "") else "",
            latitude=lat,
            longitude=lon,
            pay_min=pay_min,
            pay_max=pay_max,
            pay_months=min(max(pay.months, 1), 24),
            pay_text=row.pay_text,
            contract_type=_weighted(rng, CONTRACTS),
            headcount=rng.choice((1, 1, 1, 2, 2, 3, 5)),
            education=education,
            experience_years=min(_years(row.experience), 10),
            working_hours=rng.choice(HOURS),
            valid_from=valid_from,
            valid_until=self.today + dt.timedelta(days=rng.randint(30, 60)),
        )

    # --- seeker profiles --------------------------------------------------------------------------------

    def make_profiles(self, limit: int, pays: list[int]) -> dict:
        rng = self.rng
        seeking = JobSeekerRegistration.objects.filter(
            status=SeekerStatus.ACTIVE, person__division__path__startswith=self.city.path
        ).values_list("person_id", flat=True)
        persons = list(
            Person.objects.filter(**self.in_city, labour_status=LabourStatus.UNEMPLOYED).values_list(
                "pk", flat=True
            )
        )
        ids = sorted(set(persons) | set(seeking))
        rng.shuffle(ids)
        ids = ids[:limit]
        citizen = self.citizen_user.person if self.citizen_user else None
        if citizen is not None and citizen.division.path.startswith(self.city.path) and citizen.pk not in ids:
            ids = [citizen.pk, *ids[: max(0, limit - 1)]]
        titles = list(
            JobPosting.objects.filter(external_ref__startswith=REF_PREFIX).values_list("title", flat=True)
        )
        pays = sorted(pays) or [4000]
        stats = {"profiles": 0, "open": 0, "coded": 0}
        consent: list[int] = []
        qs = Person.objects.filter(pk__in=ids).select_related("division__parent", "occupation").order_by("pk")
        for person in qs.iterator(chunk_size=500):
            if SeekerProfile.objects.filter(person=person).exists():
                continue
            own = citizen is not None and person.pk == citizen.pk
            title = (
                person.occupation.name_zh
                if person.occupation_id and rng.random() < 0.7
                else (rng.choice(titles) if titles else "")
            )
            lat, lon = _jitter(rng, person.division, km=2.0)
            wants_offers = own or rng.random() < 0.6
            values = {
                "desired_title": title[:120],
                "pay_expected": int(round(pays[rng.randrange(len(pays))] * rng.uniform(0.85, 1.1), -2)),
                "skills_text": "、".join(rng.sample(SKILLS, rng.randint(1, 4))),
                "experience_years": rng.randint(0, 15),
                "max_distance_km": float(rng.choice((5, 10, 15, 20, 30, 50))),
                "latitude": lat,
                "longitude": lon,
            }
            if lat is None:
                values.pop("latitude"), values.pop("longitude")
            if own:
                profile = save_profile(person, by=self.citizen_user, open_to_offers=True, **values)
            else:
                profile = save_profile(person, by=self.actor, **values)
                if wants_offers:
                    consent.append(profile.pk)
            stats["profiles"] += 1
            stats["open"] += wants_offers
            stats["coded"] += profile.desired_occupation_id is not None
        # Consent is the seeker's own: see the module docstring.
        for start in range(0, len(consent), 500):
            SeekerProfile.objects.filter(pk__in=consent[start : start + 500]).update(
                open_to_offers=True, open_to_offers_changed_at=self.now
            )
        return stats

    # --- applications -----------------------------------------------------------------------------------

    def make_applications(self, n: int) -> dict:
        rng = self.rng
        live = list(
            JobPosting.objects.filter(
                external_ref__startswith=REF_PREFIX, status=PostingStatus.PUBLISHED, **self.in_city
            ).select_related("employer", "division")
        )
        live = [p for p in live if p.is_live(self.today)]
        seekers = list(
            SeekerProfile.objects.filter(person__division__path__startswith=self.city.path).values_list(
                "person_id", flat=True
            )
        )
        stats = {"total": 0, "states": Counter(), "to_demo_employer": 0, "from_demo_citizen": 0}
        if not live or not seekers or not n:
            return stats
        demo_employer_id = self.employer_user.employer_id if self.employer_user else None
        demo_postings = [p for p in live if p.employer_id == demo_employer_id]
        citizen = self.citizen_user.person if self.citizen_user else None
        persons = Person.objects.in_bulk(seekers)
        plan: list[tuple[JobPosting, Person | None]] = []
        if citizen is not None:
            plan += [(p, None) for p in rng.sample(live, min(5, len(live)))]
        for _i in range(min(len(demo_postings) * 3, n // 10) if demo_postings else 0):
            plan.append((rng.choice(demo_postings), persons[rng.choice(seekers)]))
        while len(plan) < n:
            plan.append((rng.choice(live), persons[rng.choice(seekers)]))
        for posting, person in plan[:n]:
            try:
                if person is None:
                    app = services.apply(posting, by=self.citizen_user)
                else:
                    app = services.refer(posting, person, by=self.actor)
            except services.ApplicationError:
                continue  # already applied to this posting
            employer_side = self.employer_user if posting.employer_id == demo_employer_id else self.actor
            outcome = _weighted(rng, OUTCOMES)
            steps = list(PATH_TO.get(outcome, ()))
            if outcome == A.REJECTED:
                steps = list(PATH_TO[rng.choice((A.SUBMITTED, A.VIEWED, A.INTERVIEW))]) + [A.REJECTED]
            for step in steps:
                by = (
                    self.citizen_user
                    if step == A.WITHDRAWN and person is None
                    else (self.actor if step == A.WITHDRAWN else employer_side)
                )
                reason = None
                if step == A.REJECTED:
                    reason = (
                        RejectionReason.NO_SHOW
                        if app.status == A.INTERVIEW and rng.random() < 0.3
                        else rng.choice(
                            (
                                RejectionReason.QUALIFICATIONS,
                                RejectionReason.EXPERIENCE,
                                RejectionReason.POSITION_FILLED,
                                RejectionReason.OTHER,
                            )
                        )
                    )
                services.transition(app, step, by, reason)
            self.backdate(app, posting)
            stats["total"] += 1
            stats["states"][app.status] += 1
            stats["to_demo_employer"] += posting.employer_id == demo_employer_id
            stats["from_demo_citizen"] += person is None
        return stats

    def backdate(self, app: JobApplication, posting: JobPosting) -> None:
        """Spread the application's history over the last 60 days (the services stamp "now")."""
        rng = self.rng
        start = timezone.make_aware(dt.datetime.combine(posting.valid_from, dt.time(8, 0)))
        start = max(start, self.now - dt.timedelta(days=60))
        # A posting that opens today opens at 08:00 local time, which is still ahead before 08:00 in Xiangtan
        # (16:00-24:00 UTC); its history must still lie in the past, in order.
        start = min(start, self.now - dt.timedelta(hours=1))
        span = max((self.now - start).total_seconds(), 3600.0)
        at = start + dt.timedelta(seconds=rng.uniform(0, span * 0.7))
        events = list(JobApplicationEvent.objects.filter(application=app).order_by("pk"))
        fields = {"submitted_at": at}
        stamps = {A.VIEWED: "viewed_at", A.INTERVIEW: "interview_at", A.OFFERED: "offered_at"}
        for event in events:
            if event.from_status:
                at = min(at + dt.timedelta(hours=rng.uniform(4, 24 * 6)), self.now)
                fields[stamps.get(event.to_status, "closed_at")] = at
                if event.to_status != A.WITHDRAWN:
                    fields["last_employer_action_at"] = at
            JobApplicationEvent.objects.filter(pk=event.pk).update(at=at)
        JobApplication.objects.filter(pk=app.pk).update(**fields)
        if app.spell_id:
            type(app.spell).objects.filter(pk=app.spell_id).update(start_date=timezone.localdate(at))
