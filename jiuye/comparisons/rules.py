"""The six comparisons, each one set-based query over the registry's department facts.

Each rule returns an iterable of (subject id, division id, reasons) for the subjects whose current
division lies in the area being recomputed. Nothing here loops over the population in Python: the
database does the joins (EXISTS / NOT EXISTS semi- and anti-joins on indexed person, employer and
month columns) and the grouping; Python only sees the rows that are on a list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import TruncMonth

from jiuye.geography.models import Division
from jiuye.registry.enums import GraduateDestination, HukouMoveKind, LabourStatus, SeekerStatus
from jiuye.registry.models import (
    ContributionRecord,
    DisabilityCertificate,
    EmploymentSpell,
    GraduateRecord,
    Household,
    HouseholdMembership,
    HukouMove,
    JobSeekerRegistration,
    Person,
    UnemploymentRegistration,
    WageIncome,
)

from .enums import WorklistKind
from .parameters import WorklistParameters, add_months, month_start, years_before

Row = tuple[int, int, dict[str, Any]]
CHUNK = 2000

# Not available for work whatever their age: in full-time education, or already retired.
NOT_AVAILABLE = (LabourStatus.STUDENT, LabourStatus.RETIRED)


@dataclass(frozen=True)
class RuleContext:
    on: dt.date
    params: WorklistParameters
    division: Division | None = None

    @property
    def month(self) -> dt.date:
        """The reference month: facts are monthly and dated on the first of the month."""
        return month_start(self.on)

    def months_back(self, n: int) -> dt.date:
        """First month of the window of the last `n` months ending with the reference month."""
        return add_months(self.month, -(n - 1))

    def within(self, division_field: str) -> Q:
        """Rows whose `division_field` lies in the area being recomputed (the whole library if none)."""
        if self.division is None:
            return Q()
        path = self.division.path
        return Q(**{f"{division_field}__path": path}) | Q(**{f"{division_field}__path__startswith": path + "/"})

    def working_age(self, prefix: str = "") -> Q:
        p = self.params
        return Q(
            **{
                f"{prefix}birth_date__lte": years_before(self.on, p.working_age_min),
                f"{prefix}birth_date__gt": years_before(self.on, p.working_age_max + 1),
            }
        )


def _month_label(month: dt.date) -> str:
    return f"{month:%Y-%m}"


def _months_between(earlier: dt.date, later: dt.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def _count(subquery, group: str, counted: str = "pk", distinct: bool = False) -> Subquery:
    """A correlated COUNT as a scalar subquery (0 rather than NULL is handled by the caller)."""
    return Subquery(
        subquery.order_by().values(group).annotate(n=Count(counted, distinct=distinct)).values("n")[:1],
        output_field=IntegerField(),
    )


def current_spell(ctx: RuleContext, person_ref: str = "pk"):
    return EmploymentSpell.objects.current(ctx.on).filter(person=OuterRef(person_ref))


def wage_income(ctx: RuleContext, months: int, person_ref: str = "pk"):
    """Positive wage income in the last `months` months (never after the reference month)."""
    return WageIncome.objects.filter(
        person=OuterRef(person_ref), amount__gt=0, month__gte=ctx.months_back(months), month__lte=ctx.month
    )


def paid_contributions(ctx: RuleContext, months: int, person_ref: str = "pk"):
    """Social-insurance contributions paid (> 0) in the last `months` months: an employer paying for the person,
    or the person paying as a flexible worker (灵活就业, which counts as employment)."""
    return ContributionRecord.objects.filter(
        person=OuterRef(person_ref), amount_paid__gt=0, month__gte=ctx.months_back(months), month__lte=ctx.month
    )


def latest_month(model, ctx: RuleContext) -> dt.date | None:
    """The latest month a department has reported up to the reference month.

    Employer comparisons look at this month rather than the calendar month of the reference date, so
    that the turn of a month (before the month's files arrive) neither empties a list nor makes every
    employer look as if it had lost all its insured staff.
    """
    return model.objects.filter(month__lte=ctx.month).aggregate(m=Max("month"))["m"]


# ---------------------------------------------------------------------------------------------


def zero_employment_households(ctx: RuleContext) -> Iterator[Row]:
    """Households with at least one member aged 16–59 who is able and willing to work (registered
    unemployed or an active job seeker), in which no member aged 16–59 has a current employment spell,
    wage income or paid social-insurance contributions in the last 3 months (social-insurance files arrive
    monthly, spells rarely: a contribution is usually the first sign that a member found work).

    Members are current memberships (since ≤ date ≤ until, open ends allowed). "Able to work":
    not in education, not retired, no disability of grade 1–2 (on the person or on a certificate
    valid on the date).
    """
    p, on = ctx.params, ctx.on
    members = HouseholdMembership.objects.filter(
        Q(since__isnull=True) | Q(since__lte=on),
        Q(until__isnull=True) | Q(until__gte=on),
        ctx.working_age("person__"),
        household=OuterRef("pk"),
    )
    severe_certificate = DisabilityCertificate.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on),
        person=OuterRef("person_id"),
        grade__in=p.unable_disability_grades,
        issued_on__lte=on,
    )
    able = members.exclude(person__labour_status__in=NOT_AVAILABLE).exclude(
        person__disability_grade__in=p.unable_disability_grades
    ).filter(~Exists(severe_certificate))
    # The national definition counts members "able and willing to work" (有劳动能力和就业愿望). Willing
    # is what the library can see: registered unemployed (status or an open registration) or an active
    # job-seeker registration. Without it, households of homemakers or carers who never asked for work
    # would fill the list.
    open_registration = UnemploymentRegistration.objects.open().filter(
        person=OuterRef("person_id"), registered_on__lte=on
    )
    seeking = JobSeekerRegistration.objects.filter(
        person=OuterRef("person_id"), status=SeekerStatus.ACTIVE, registered_on__lte=on
    )
    willing = able.filter(
        Q(person__labour_status=LabourStatus.UNEMPLOYED) | Exists(open_registration) | Exists(seeking)
    )
    working = members.filter(
        Exists(current_spell(ctx, "person_id"))
        | Exists(wage_income(ctx, p.household_income_months, "person_id"))
        | Exists(paid_contributions(ctx, p.household_income_months, "person_id"))
    )
    rows = (
        Household.objects.filter(ctx.within("division"))
        .filter(Exists(willing))
        .filter(~Exists(working))
        .annotate(n_members=_count(members, "household"), n_able=_count(able, "household"))
        .order_by()
        .values_list("pk", "division_id", "n_members", "n_able")
    )
    for pk, division_id, n_members, n_able in rows.iterator(chunk_size=CHUNK):
        yield pk, division_id, {
            "codes": ["no_work_in_household"],
            "working_age_members": n_members or 0,
            "able_members": n_able or 0,
            "months": p.household_income_months,
        }


def unemployed_with_income(ctx: RuleContext) -> Iterator[Row]:
    """Persons with an open unemployment registration (registered on or before the date) who, in a
    month after the month of their latest open registration and within the last 2 months, have a
    contribution record with an amount paid > 0 or wage income > 0."""
    p = ctx.params
    start = ctx.months_back(p.unemployed_income_months)
    open_registrations = (
        UnemploymentRegistration.objects.open()
        .filter(person=OuterRef("pk"), registered_on__lte=ctx.on)
        .order_by("-registered_on")
    )
    contributions = ContributionRecord.objects.filter(
        person=OuterRef("pk"), amount_paid__gt=0, month__gte=start, month__lte=ctx.month,
        month__gt=OuterRef("registered_on"),
    )
    wages = WageIncome.objects.filter(
        person=OuterRef("pk"), amount__gt=0, month__gte=start, month__lte=ctx.month,
        month__gt=OuterRef("registered_on"),
    )
    rows = (
        Person.objects.filter(ctx.within("division"))
        .filter(Exists(open_registrations))
        .annotate(registered_on=Subquery(open_registrations.values("registered_on")[:1], output_field=DateField()))
        .filter(Exists(contributions) | Exists(wages))
        .annotate(
            n_contribution=_count(contributions, "person", "month", distinct=True),
            n_wage=_count(wages, "person", "month", distinct=True),
        )
        .order_by()
        .values_list("pk", "division_id", "n_contribution", "n_wage")
    )
    for pk, division_id, n_contribution, n_wage in rows.iterator(chunk_size=CHUNK):
        codes = []
        if n_contribution:
            codes.append("paid_contributions")
        if n_wage:
            codes.append("wage_income")
        yield pk, division_id, {
            "codes": codes,
            "contribution_months": n_contribution or 0,
            "wage_income_months": n_wage or 0,
            "months": p.unemployed_income_months,
        }


def income_without_insurance(ctx: RuleContext) -> Iterator[Row]:
    """Employers that, in the latest month both the tax and the social insurance files cover, paid
    wage income (> 0) to persons for whom they have no contribution record that month (any scheme).
    One entry per employer, with the number of such persons."""
    wage_month = latest_month(WageIncome, ctx)
    contribution_month = latest_month(ContributionRecord, ctx)
    if wage_month is None or contribution_month is None:
        return
    month = min(wage_month, contribution_month)
    insured = ContributionRecord.objects.filter(
        person=OuterRef("person_id"), employer=OuterRef("employer_id"), month=month
    )
    rows = (
        WageIncome.objects.filter(ctx.within("employer__division"))
        .filter(month=month, employer__isnull=False, amount__gt=0)
        .filter(~Exists(insured))
        .values("employer_id", "employer__division_id")
        .annotate(persons=Count("person_id", distinct=True))
        .order_by()
        .values_list("employer_id", "employer__division_id", "persons")
    )
    for employer_id, division_id, persons in rows.iterator(chunk_size=CHUNK):
        yield employer_id, division_id, {
            "codes": ["uninsured_wage_income"],
            "month": _month_label(month),
            "persons": persons,
        }


def graduate_no_spell(ctx: RuleContext) -> Iterator[Row]:
    """Persons whose latest graduation (on or before the date) was within the last 24 months, whose
    destination is not further study, with no employment spell starting on or after the graduation
    date (up to the date) and no wage income (> 0) from the month of graduation to the reference month."""
    p = ctx.params
    since = add_months(ctx.on, -p.graduate_months)
    graduations = GraduateRecord.objects.filter(person=OuterRef("pk"), graduation_date__lte=ctx.on).order_by(
        "-graduation_date", "-pk"
    )
    spells = EmploymentSpell.objects.filter(
        person=OuterRef("pk"), start_date__gte=OuterRef("graduated_on"), start_date__lte=ctx.on
    )
    wages = WageIncome.objects.filter(
        person=OuterRef("pk"), amount__gt=0, month__lte=ctx.month,
        month__gte=OuterRef("graduated_month"),
    )
    rows = (
        Person.objects.filter(ctx.within("division"))
        .filter(Exists(GraduateRecord.objects.filter(
            person=OuterRef("pk"), graduation_date__gte=since, graduation_date__lte=ctx.on
        )))
        .annotate(
            graduated_on=Subquery(graduations.values("graduation_date")[:1], output_field=DateField()),
            destination=Subquery(graduations.values("destination")[:1]),
        )
        .annotate(graduated_month=TruncMonth("graduated_on", output_field=DateField()))
        .filter(graduated_on__gte=since)
        .exclude(destination=GraduateDestination.FURTHER_STUDY)
        .filter(~Exists(spells), ~Exists(wages))
        .order_by()
        .values_list("pk", "division_id", "graduated_on")
    )
    for pk, division_id, graduated_on in rows.iterator(chunk_size=CHUNK):
        yield pk, division_id, {
            "codes": ["no_work_since_graduation"],
            "months_since_graduation": _months_between(graduated_on, ctx.on),
        }


def employer_arrears_or_drop(ctx: RuleContext) -> Iterator[Row]:
    """Employers with, over the last 3 reported months, contributions due exceeding those paid by at
    least 0.01 yuan in total; or whose insured headcount (distinct persons with a contribution record)
    in the latest reported month is at least 20% and at least 5 persons below that of 3 months earlier."""
    p = ctx.params
    latest = latest_month(ContributionRecord, ctx)
    if latest is None:
        return
    arrears_from = add_months(latest, -(p.arrears_months - 1))
    before = add_months(latest, -p.headcount_lag_months)
    rows = (
        ContributionRecord.objects.filter(ctx.within("employer__division"))
        .filter(employer__isnull=False, month__gte=min(arrears_from, before), month__lte=latest)
        .values("employer_id", "employer__division_id")
        .annotate(
            arrears=Sum(F("amount_due") - F("amount_paid"), filter=Q(month__gte=arrears_from)),
            insured_now=Count("person_id", filter=Q(month=latest), distinct=True),
            insured_before=Count("person_id", filter=Q(month=before), distinct=True),
        )
        .annotate(drop=F("insured_before") - F("insured_now"))
        .annotate(drop_x100=F("drop") * 100)  # whole numbers: "≥ 20%" without floating point
        .filter(
            Q(arrears__gte=p.arrears_min_yuan)
            | Q(drop__gte=p.headcount_drop_min, drop_x100__gte=F("insured_before") * p.headcount_drop_pct)
        )
        .order_by()
        .values_list("employer_id", "employer__division_id", "arrears", "insured_now", "insured_before")
    )
    for employer_id, division_id, arrears, now, earlier in rows.iterator(chunk_size=CHUNK):
        arrears = Decimal(arrears or 0).quantize(Decimal("0.01"))
        drop = earlier - now
        codes = []
        if arrears >= p.arrears_min_yuan:
            codes.append("arrears")
        if drop >= p.headcount_drop_min and drop * 100 >= earlier * p.headcount_drop_pct:
            codes.append("headcount_drop")
        if not codes:  # rounding in the database's sum put it over the line; Python decides
            continue
        yield employer_id, division_id, {
            "codes": codes,
            "month": _month_label(latest),
            "arrears_months": p.arrears_months,
            "arrears_yuan": str(arrears) if arrears > 0 else "0.00",
            "insured_now": now,
            "insured_before": earlier,
            "before_month": _month_label(before),
        }


def hukou_in_no_work(ctx: RuleContext) -> Iterator[Row]:
    """Persons aged 16–59, not in education and not retired, whose hukou moved in (kind "in") within
    the last 6 months (up to the date), with no current employment spell and no wage income in the
    last 3 months."""
    p = ctx.params
    since = add_months(ctx.on, -p.hukou_in_months)
    moves = HukouMove.objects.filter(
        person=OuterRef("pk"), kind=HukouMoveKind.MOVE_IN, moved_on__gte=since, moved_on__lte=ctx.on
    )
    rows = (
        Person.objects.filter(ctx.within("division"))
        .filter(Exists(moves), ctx.working_age())
        .exclude(labour_status__in=NOT_AVAILABLE)
        .filter(~Exists(current_spell(ctx)), ~Exists(wage_income(ctx, p.hukou_income_months)))
        .annotate(moved_on=Subquery(moves.order_by("-moved_on").values("moved_on")[:1], output_field=DateField()))
        .order_by()
        .values_list("pk", "division_id", "moved_on")
    )
    for pk, division_id, moved_on in rows.iterator(chunk_size=CHUNK):
        yield pk, division_id, {
            "codes": ["no_work_after_hukou_move_in"],
            "months_since_move_in": _months_between(moved_on, ctx.on),
            "months": p.hukou_income_months,
        }


RULES: dict[str, Callable[[RuleContext], Iterable[Row]]] = {
    WorklistKind.ZERO_EMPLOYMENT_HOUSEHOLD: zero_employment_households,
    WorklistKind.UNEMPLOYED_WITH_INCOME: unemployed_with_income,
    WorklistKind.INCOME_WITHOUT_INSURANCE: income_without_insurance,
    WorklistKind.GRADUATE_NO_SPELL: graduate_no_spell,
    WorklistKind.EMPLOYER_ARREARS_OR_DROP: employer_arrears_or_drop,
    WorklistKind.HUKOU_IN_NO_WORK: hukou_in_no_work,
}
