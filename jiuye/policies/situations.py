"""Situations from the library: what the registry knows about a person or employer, in the engine's form.

One code path for one person and for a whole queryset: `person_situations(qs, on)` reads the
library with a fixed number of grouped queries (not one per person) and builds `PersonSituation`
records; `build_person_situation` is that function on a one-row queryset, so the page and the
nightly push can never disagree. `person_columns` turns the same records into the engine's columns.

Rules of filling (docs/domains/policies.md has the table):
- `None` when the source is silent or not linked; `NEVER` for a date the library knows does not
  exist (no training record in the HR library, no insured period with social-insurance data present).
- The library *is* the register of unemployment registrations, key groups (就业困难人员认定) and
  disability grades, so their absence is a known "no".

Sex is read in exactly one place: `retirement_date`, for the statutory retirement age, which the law
fixes by sex and birth date. It feeds only `years_to_retirement`; nothing ranks or flags by it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import lru_cache

import numpy as np
from django.db.models import Q

from jiuye.registry.enums import InsuranceScheme, RegistrationStatus, SeekerStatus
from jiuye.registry.models import (
    ContributionRecord,
    DisabilityCertificate,
    Employer,
    EmploymentSpell,
    GraduateRecord,
    HouseholdMembership,
    InsuredPeriod,
    JobSeekerRegistration,
    Person,
    PersonKeyGroup,
    TrainingRecord,
    UnemploymentRegistration,
)

from .engine import NEVER, Catalogue, EmployerSituation, PersonSituation, to_columns

# ---------------------------------------------------------------------------------------------
# Statutory retirement age.
#
# 《全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定》(2024-09-13, in force
# 2025-01-01) and its annex 《国务院关于渐进式延迟法定退休年龄的办法》:
#   men:                60 → 63, one month later for every 4 months of birth, from those born 1965-01;
#   women (cadres, 55): 55 → 58, one month later for every 4 months of birth, from those born 1970-01;
#   women (workers, 50): 50 → 55, one month later for every 2 months of birth, from those born 1975-01.
# Those born before the first month keep the old age. The registry does not record whether a woman's
# original age is 50 or 55 (it depends on her post), so the 55 line is used for every woman — to
# verify with the social-insurance department, which holds the category; `WOMEN_BASE` documents it.
# ---------------------------------------------------------------------------------------------

RETIREMENT_TABLE = {
    # key: (base age in years, first birth month affected, months of birth per month of delay, max delay)
    "M": (60, dt.date(1965, 1, 1), 4, 36),
    "F55": (55, dt.date(1970, 1, 1), 4, 36),
    "F50": (50, dt.date(1975, 1, 1), 2, 60),
}
WOMEN_BASE = "F55"  # see above: the registry cannot tell the 50 line from the 55 line


def _add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def retirement_date(sex: str, birth_date: dt.date, line: str | None = None) -> dt.date:
    """The statutory retirement date (the only use of sex in the policies app)."""
    key = line or ("M" if sex == "M" else WOMEN_BASE)
    base, first, per, cap = RETIREMENT_TABLE[key]
    k = (birth_date.year - first.year) * 12 + (birth_date.month - first.month)
    delay = 0 if k < 0 else min(cap, k // per + 1)
    return _add_months(birth_date, base * 12 + delay)


def years_to_retirement(sex: str | None, birth_date: dt.date | None, on: dt.date) -> float | None:
    if not sex or birth_date is None:
        return None
    return round((retirement_date(sex, birth_date) - on).days / 365.25, 4)


# ---------------------------------------------------------------------------------------------
# Code mappings
# ---------------------------------------------------------------------------------------------

# taxonomy.EducationLevel code → engine school_type (technician colleges are not in the levels yet).
SCHOOL_TYPES = {
    "junior_college": "university",
    "bachelor": "university",
    "master": "university",
    "doctor": "university",
    "vocational": "secondary_vocational",
    "senior": "senior_high",
    "junior": "junior_high",
}

# Free-text certificate levels in HR files (e.g. "五级/初级工") → engine certificate_grade.
_GRADE_WORDS = (
    ("senior_technician", ("一级", "高级技师", "senior_technician")),
    ("technician", ("二级", "技师", "technician")),
    ("senior", ("三级", "高级工", "高级", "senior")),
    ("intermediate", ("四级", "中级", "intermediate")),
    ("junior", ("五级", "初级", "junior")),
)


def certificate_grade(text: str) -> str | None:
    text = (text or "").strip().lower()
    if not text:
        return None
    for code, words in _GRADE_WORDS:
        if any(w in text for w in words):
            return code
    return None


OWNERSHIP = {
    "state",
    "collective",
    "private",
    "individual",
    "foreign",
    "institution",
    "government",
    "social_org",
}


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The catalogue as shipped (parameters/*.yaml), loaded once per process."""
    return Catalogue.load()


def _month_start(d: dt.date) -> dt.date:
    return d.replace(day=1)


def _months_in_period(start: dt.date, end: dt.date) -> int:
    """Whole calendar months touched by [start, end]."""
    return max(0, (end.year - start.year) * 12 + end.month - start.month + 1)


# ---------------------------------------------------------------------------------------------
# Persons
# ---------------------------------------------------------------------------------------------


def person_situations(persons, on: dt.date) -> dict[int, PersonSituation]:
    """person id → situation on `on`, for every person of the queryset, in a fixed number of queries."""
    rows = list(
        persons.values(
            "id",
            "division__code",
            "birth_date",
            "sex",
            "labour_status",
            "graduation_year",
            "education__code",
            "disability_grade",
            "is_veteran",
        )
    )
    ids = [r["id"] for r in rows]
    if not ids:
        return {}
    sub = persons.values("id")  # keep the id list in the database for the fact queries

    # Unemployment registrations (the library is the register).
    reg_since: dict[int, dt.date] = {}
    for pid, since in (
        UnemploymentRegistration.objects.filter(
            person_id__in=sub, status=RegistrationStatus.OPEN, registered_on__lte=on
        )
        .values_list("person_id", "registered_on")
        .order_by("registered_on")
    ):
        reg_since.setdefault(pid, since)

    # Job-seeker registrations: latest status on the date.
    seeker: dict[int, str] = {}
    for pid, status in (
        JobSeekerRegistration.objects.filter(person_id__in=sub, registered_on__lte=on)
        .order_by("registered_on")
        .values_list("person_id", "status")
    ):
        seeker[pid] = status

    # Social insurance: contribution months (unemployment scheme), insured periods.
    has_si: set[int] = set(
        ContributionRecord.objects.filter(person_id__in=sub).values_list("person_id", flat=True).distinct()
    )
    ui_months: dict[int, set] = defaultdict(set)
    ui_recent: set[int] = set()
    recent_from = _month_start(_add_months(on, -1))
    for pid, month, employer_id in ContributionRecord.objects.filter(
        person_id__in=sub, scheme=InsuranceScheme.UNEMPLOYMENT, amount_paid__gt=0, month__lte=on
    ).values_list("person_id", "month", "employer_id"):
        ui_months[pid].add(_month_start(month))
        if month >= recent_from and employer_id is not None:
            ui_recent.add(pid)
    ui_period_months: dict[int, int] = defaultdict(int)
    employer_si_since: dict[int, dict[int, dt.date]] = defaultdict(dict)
    flexible_since: dict[int, dt.date] = {}
    for pid, employer_id, scheme, start, end in InsuredPeriod.objects.filter(
        person_id__in=sub, start_date__lte=on
    ).values_list("person_id", "employer_id", "scheme", "start_date", "end_date"):
        has_si.add(pid)
        current = end is None or end >= on
        if scheme == InsuranceScheme.UNEMPLOYMENT:
            ui_period_months[pid] += _months_in_period(start, min(end or on, on))
            if current and employer_id is not None:
                ui_recent.add(pid)
        if current and employer_id is not None:
            prev = employer_si_since[pid].get(employer_id)
            employer_si_since[pid][employer_id] = min(prev, start) if prev else start
        if current and employer_id is None:
            flexible_since[pid] = min(flexible_since.get(pid, start), start)

    # Employment spells: the current one (with its employer) and the reason the last ended.
    current_employers: dict[int, list[tuple]] = defaultdict(list)
    last_end: dict[int, tuple[dt.date, str]] = {}
    for pid, employer_id, start, end, reason, contract, registered in EmploymentSpell.objects.filter(
        person_id__in=sub, start_date__lte=on
    ).values_list(
        "person_id",
        "employer_id",
        "start_date",
        "end_date",
        "end_reason",
        "contract_type",
        "employer__registered_on",
    ):
        if end is None or end >= on:
            current_employers[pid].append((employer_id, start, contract, registered))
        elif reason and (pid not in last_end or end > last_end[pid][0]):
            last_end[pid] = (end, reason)

    # Key groups in force on the date.
    groups: dict[int, set[str]] = defaultdict(set)
    difficulty: set[int] = set()
    for pid, code, flag in PersonKeyGroup.objects.filter(
        Q(until__isnull=True) | Q(until__gte=on), person_id__in=sub, since__lte=on
    ).values_list("person_id", "key_group__code", "key_group__is_employment_difficulty"):
        groups[pid].add(code)
        if flag:
            difficulty.add(pid)

    # Education (graduate records win over the person's own fields when later).
    graduated: dict[int, tuple[int, str]] = {}
    for pid, date, edu in (
        GraduateRecord.objects.filter(person_id__in=sub, graduation_date__year__lte=on.year + 1)
        .order_by("graduation_date")
        .values_list("person_id", "graduation_date", "education__code")
    ):
        graduated[pid] = (date.year, edu)

    disabled_cert: set[int] = set(
        DisabilityCertificate.objects.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=on), person_id__in=sub, issued_on__lte=on
        ).values_list("person_id", flat=True)
    )

    # Household social assistance (the household's current status).
    assistance: dict[int, str] = {}
    for pid, status in HouseholdMembership.objects.filter(
        Q(until__isnull=True) | Q(until__gte=on), person_id__in=sub
    ).values_list("person_id", "household__assistance_status"):
        if status and status != "none":
            assistance[pid] = status
        else:
            assistance.setdefault(pid, "none")

    # Training and certificates (HR's own register: no record means none).
    trained: dict[int, dt.date] = {}
    certified: dict[int, tuple[dt.date, str | None]] = {}
    for pid, _start, end, level in TrainingRecord.objects.filter(
        person_id__in=sub, start_date__lte=on
    ).values_list("person_id", "start_date", "end_date", "certificate_level"):
        if end is not None and end <= on:
            trained[pid] = max(trained.get(pid, end), end)
            if level and (pid not in certified or end > certified[pid][0]):
                certified[pid] = (end, certificate_grade(level))

    out: dict[int, PersonSituation] = {}
    for r in rows:
        pid = r["id"]
        status = r["labour_status"] or None
        registered = pid in reg_since
        if registered:
            job_seeking = True
        elif pid in seeker:
            job_seeking = seeker[pid] == SeekerStatus.ACTIVE
        else:
            job_seeking = None
        si_known = pid in has_si
        months = max(len(ui_months.get(pid, ())), ui_period_months.get(pid, 0))
        # Employed with SI: the current spell's employer pays (an insured period with it is open).
        with_si = None
        for employer_id, _start, _contract, _reg in current_employers.get(pid, ()):
            since = employer_si_since.get(pid, {}).get(employer_id)
            if since is not None and (with_si is None or since < with_si):
                with_si = since
        if with_si is None and si_known:
            with_si = NEVER
        flexible = flexible_since.get(pid) or (NEVER if si_known else None)
        # Own business: a current self-employed spell (individual businesses reach the library as
        # self-employed spells at their registered employer); none while the labour status is known
        # means none.
        business = NEVER if status else None
        for _employer, start, contract, reg in current_employers.get(pid, ()):
            if contract == "self":
                business = reg or start
        grad_year, edu = r["graduation_year"], r["education__code"]
        if pid in graduated and (grad_year is None or graduated[pid][0] >= grad_year):
            grad_year, edu = graduated[pid]
        veteran = bool(r["is_veteran"])
        cert = certified.get(pid)
        out[pid] = PersonSituation(
            division_code=r["division__code"],
            birth_date=r["birth_date"],
            labour_status=status,
            registered_unemployed=registered,
            registered_unemployed_since=reg_since.get(pid, NEVER),
            job_seeking=job_seeking,
            ui_contribution_months=months if si_known else None,
            ui_insured_now=(pid in ui_recent) if si_known else None,
            separation_reason=last_end[pid][1] if pid in last_end else None,
            # The library records a pension only as labour status "retired".
            receiving_pension=(status == "retired") if status else None,
            hard_to_employ=pid in difficulty,
            employed_with_si_since=with_si,
            flexible_si_since=flexible,
            years_to_retirement=years_to_retirement(r["sex"], r["birth_date"], on),
            graduation_year=grad_year,
            school_type=SCHOOL_TYPES.get(edu) if edu else None,
            disabled=r["disability_grade"] is not None or pid in disabled_cert,
            assistance_status=assistance.get(pid),
            poverty_relief_household=None,  # not in the library yet (rural revitalisation bureau)
            student_loan=None,  # not in the library (student-aid centre); declared by the applicant
            veteran=veteran,
            veteran_self_placed=("veteran" in groups.get(pid, ())) if veteran else False,
            rural_migrant=True if groups.get(pid, set()) & {"rural_migrant", "returning_migrant"} else None,
            ex_offender=True if "ex_offender" in groups.get(pid, ()) else None,
            business_registered_on=business,
            other_loans=None,  # credit check: declared by the applicant
            certificate_on=cert[0] if cert else NEVER,
            certificate_grade=cert[1] if cert else None,
            training_completed_on=trained.get(pid, NEVER),
        )
    return out


def build_person_situation(person: Person, on: dt.date) -> PersonSituation:
    return person_situations(Person.objects.filter(pk=person.pk), on)[person.pk]


def person_columns(persons, on: dt.date) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """(person ids, engine columns) for the queryset — the vectorised path of the nightly push."""
    situations = person_situations(persons, on)
    ids = np.fromiter(situations.keys(), np.int64, len(situations))
    return ids, to_columns(list(situations.values()), "person")


# ---------------------------------------------------------------------------------------------
# Employers
# ---------------------------------------------------------------------------------------------


def _youth_ages(on: dt.date, division_code: str | None) -> tuple[int, int] | None:
    params = catalogue()["job_creation_subsidy"].meta.parameters
    lo, hi = (
        params["youth_min_age"].entry(on, division_code),
        params["youth_max_age"].entry(on, division_code),
    )
    if lo is None or hi is None:
        return None
    return int(lo.value), int(hi.value)


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def employer_situations(employers, on: dt.date) -> dict[int, EmployerSituation]:
    """employer id → situation on `on`, in a fixed number of queries.

    insured_headcount: persons with an open insured period with the employer; disabled_employees:
    those of them with a disability grade, grade 1–2 counting double (残疾人就业条例 / 财税〔2015〕72号);
    youth_hires_with_ui: spells started in the 12 months before `on` by persons aged youth_min_age–
    youth_max_age at hire, with unemployment insurance paid by this employer for at least one month
    since; veterans_hired: current spells of veterans that started this calendar year.
    """
    rows = list(
        employers.values(
            "id", "division__code", "ownership", "status", "size_class", "registered_on", "industry__code"
        )
    )
    if not rows:
        return {}
    sub = employers.values("id")
    insured: dict[int, set[int]] = defaultdict(set)
    for eid, pid in InsuredPeriod.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on), employer_id__in=sub, start_date__lte=on
    ).values_list("employer_id", "person_id"):
        insured[eid].add(pid)
    all_insured = set().union(*insured.values()) if insured else set()
    grades = dict(
        Person.objects.filter(pk__in=all_insured, disability_grade__isnull=False).values_list(
            "id", "disability_grade"
        )
    )
    year_ago = _add_months(on, -12)
    ui_paid = set(
        ContributionRecord.objects.filter(
            employer_id__in=sub,
            scheme=InsuranceScheme.UNEMPLOYMENT,
            amount_paid__gt=0,
            month__gte=_month_start(year_ago),
            month__lte=on,
        ).values_list("employer_id", "person_id")
    )
    youth: dict[int, set[int]] = defaultdict(set)
    veterans: dict[int, set[int]] = defaultdict(set)
    for eid, pid, start, end, birth, veteran, div in EmploymentSpell.objects.filter(
        employer_id__in=sub, start_date__lte=on, start_date__gte=year_ago
    ).values_list(
        "employer_id",
        "person_id",
        "start_date",
        "end_date",
        "person__birth_date",
        "person__is_veteran",
        "employer__division__code",
    ):
        ages = _youth_ages(on, div)
        if ages and ages[0] <= _age(birth, start) <= ages[1] and (eid, pid) in ui_paid:
            youth[eid].add(pid)
        if veteran and start.year == on.year and (end is None or end >= on):
            veterans[eid].add(pid)
    out = {}
    for r in rows:
        eid = r["id"]
        staff = insured.get(eid, set())
        disabled = sum(2 if grades[p] in (1, 2) else 1 for p in staff if p in grades)
        ownership = r["ownership"] if r["ownership"] in OWNERSHIP else None
        out[eid] = EmployerSituation(
            division_code=r["division__code"],
            ownership=ownership,
            employer_status=r["status"] or None,
            size_class=r["size_class"] or None,
            registered_on=r["registered_on"],
            insured_headcount=len(staff),
            disabled_employees=disabled,
            youth_hires_with_ui=len(youth.get(eid, ())),
            veterans_hired=len(veterans.get(eid, ())),
            industry_code=r["industry__code"],
        )
    return out


def build_employer_situation(employer: Employer, on: dt.date) -> EmployerSituation:
    return employer_situations(Employer.objects.filter(pk=employer.pk), on)[employer.pk]


def employer_columns(employers, on: dt.date) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    situations = employer_situations(employers, on)
    ids = np.fromiter(situations.keys(), np.int64, len(situations))
    return ids, to_columns(list(situations.values()), "employer")


# Library fields behind each situation field, named for the prefilled application snapshot.
SOURCES = {
    "division_code": "registry.Person.division",
    "birth_date": "registry.Person.birth_date",
    "labour_status": "registry.Person.labour_status",
    "registered_unemployed": "registry.UnemploymentRegistration",
    "registered_unemployed_since": "registry.UnemploymentRegistration.registered_on",
    "job_seeking": "registry.UnemploymentRegistration / registry.JobSeekerRegistration",
    "ui_contribution_months": "registry.ContributionRecord / registry.InsuredPeriod (unemployment)",
    "ui_insured_now": "registry.ContributionRecord / registry.InsuredPeriod (unemployment)",
    "separation_reason": "registry.EmploymentSpell.end_reason",
    "receiving_pension": "registry.Person.labour_status",
    "hard_to_employ": "registry.PersonKeyGroup (employment-difficulty groups)",
    "employed_with_si_since": "registry.EmploymentSpell + registry.InsuredPeriod",
    "flexible_si_since": "registry.InsuredPeriod (no employer)",
    "years_to_retirement": "statutory retirement-age table (jiuye.policies.situations)",
    "graduation_year": "registry.GraduateRecord / registry.Person.graduation_year",
    "school_type": "registry.GraduateRecord.education / registry.Person.education",
    "disabled": "registry.Person.disability_grade / registry.DisabilityCertificate",
    "assistance_status": "registry.Household.assistance_status",
    "veteran": "registry.Person.is_veteran",
    "veteran_self_placed": "registry.PersonKeyGroup (veteran)",
    "rural_migrant": "registry.PersonKeyGroup (rural_migrant, returning_migrant)",
    "ex_offender": "registry.PersonKeyGroup (ex_offender)",
    "business_registered_on": "registry.EmploymentSpell (self-employed) + registry.Employer.registered_on",
    "certificate_on": "registry.TrainingRecord.end_date",
    "certificate_grade": "registry.TrainingRecord.certificate_level",
    "training_completed_on": "registry.TrainingRecord.end_date",
    "ownership": "registry.Employer.ownership",
    "employer_status": "registry.Employer.status",
    "size_class": "registry.Employer.size_class",
    "registered_on": "registry.Employer.registered_on",
    "insured_headcount": "registry.InsuredPeriod",
    "disabled_employees": "registry.InsuredPeriod + registry.Person.disability_grade",
    "youth_hires_with_ui": "registry.EmploymentSpell + registry.ContributionRecord",
    "veterans_hired": "registry.EmploymentSpell + registry.Person.is_veteran",
    "industry_code": "registry.Employer.industry",
}
