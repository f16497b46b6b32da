"""Disability employment quota: each employer's share of employees with disabilities, the levy or the over-quota count.

Rules (every value is a dated parameter below; "to verify" marks what was not checked against the official text):

- Regulations on the Employment of Persons with Disabilities (残疾人就业条例, 2007) art. 8: an employer employs
  persons with disabilities for at least 1.5% of its workforce; the province sets its own ratio (Hunan: 1.5%
  assumed — to verify against the Hunan implementing measures).
- Measures on the Disability Employment Security Fund (财税〔2015〕72号) art. 8: a person holding a disability
  certificate of grade 1 or 2 (or a disabled-veteran certificate of grade 1–3) counts as two — to verify that
  Hunan keeps this rule.
- Levy = (workforce × ratio − persons counted) × the employer's average annual wage, the average wage being capped
  at 2× the local average wage (财政部公告2019年第98号 — to verify the current cap).
- Reduced rates and exemption (财政部公告2019年第98号, extended by 财政部公告2023年第8号 to 31 Dec 2027 — to
  verify): employers with 30 or fewer employees pay nothing; those at ≥ 1% but below the ratio pay 50%, those
  below 1% pay 90% of the amount.
- Over-quota reward: Hunan rewards employers above the ratio; the amount per person is not known here, so only the
  number of persons over the quota is shown (reward per person = None, to verify).

Who counts: employees = persons with a current employment spell with the employer on the reference date
(self-employment and task contracts excluded) together with persons insured with it at the end of the last data
month; disability = a `DisabilityCertificate` valid on the date, or failing one the library's golden-record
`Person.disability_grade` (the demo region carries only that). The levy in law uses last year's average
workforce; this uses the headcount on the reference date — stated on the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import timezone

from jiuye.registry.models import DisabilityCertificate, Employer, EmploymentSpell, Person, WageIncome

from .layoffs import add_months, insured_pairs, latest_data_month


@dataclass(frozen=True)
class QuotaParameters:
    valid_from: dt.date
    ratio: Decimal  # share of the workforce, e.g. 0.015
    double_grades: tuple[int, ...]  # grades counted twice
    small_exempt_max: (
        int | None
    )  # employers with at most this many employees pay nothing (None: no exemption)
    exempt_until: dt.date | None
    reduced_tiers: tuple[tuple[Decimal, Decimal], ...]  # (achieved ratio at least, share of the levy paid)
    wage_cap_multiple: Decimal
    local_average_wage: Decimal  # yuan per year
    reward_per_person: Decimal | None
    to_verify: tuple[str, ...]


# Dated parameters per province prefix; the latest valid_from on or before the reference date applies.
PARAMETERS: dict[str, list[QuotaParameters]] = {
    "43": [
        QuotaParameters(
            valid_from=dt.date(2020, 1, 1),
            ratio=Decimal("0.015"),
            double_grades=(1, 2),
            small_exempt_max=30,
            exempt_until=dt.date(2027, 12, 31),
            reduced_tiers=((Decimal("0.01"), Decimal("0.5")), (Decimal("0"), Decimal("0.9"))),
            wage_cap_multiple=Decimal("2"),
            local_average_wage=Decimal("85000"),
            reward_per_person=None,
            to_verify=(
                "ratio: Hunan 1.5% assumed",
                "grade 1-2 count double",
                "small-employer exemption and reduced rates until 2027-12-31",
                "local average wage 85,000 yuan/year is a placeholder, not the published figure",
                "over-quota reward amount",
            ),
        )
    ],
}
NATIONAL = QuotaParameters(
    valid_from=dt.date(2020, 1, 1),
    ratio=Decimal("0.015"),
    double_grades=(1, 2),
    small_exempt_max=30,
    exempt_until=dt.date(2027, 12, 31),
    reduced_tiers=((Decimal("0.01"), Decimal("0.5")), (Decimal("0"), Decimal("0.9"))),
    wage_cap_multiple=Decimal("2"),
    local_average_wage=Decimal("85000"),
    reward_per_person=None,
    to_verify=("national defaults; local average wage is a placeholder",),
)


def parameters_for(division_code: str, on: dt.date) -> QuotaParameters:
    for prefix in sorted(PARAMETERS, key=len, reverse=True):
        if division_code.startswith(prefix):
            dated = [p for p in PARAMETERS[prefix] if p.valid_from <= on]
            if dated:
                return max(dated, key=lambda p: p.valid_from)
    return NATIONAL


def levy(
    *, employees: int, counted: Decimal | int, average_wage: Decimal, params: QuotaParameters, on: dt.date
) -> dict:
    """The quota arithmetic for one employer (pure)."""
    counted = Decimal(counted)
    required = Decimal(employees) * params.ratio  # exact: 31 × 1.5% = 0.465 persons
    shortfall = max(Decimal("0"), required - counted)
    over = max(Decimal("0"), counted - required)
    cap = params.local_average_wage * params.wage_cap_multiple
    wage = min(average_wage, cap)
    full = (shortfall * wage).quantize(Decimal("0.01"), ROUND_HALF_UP)
    share = Decimal("1")
    exempt = bool(
        params.small_exempt_max is not None
        and employees <= params.small_exempt_max
        and (params.exempt_until is None or on <= params.exempt_until)
    )
    achieved = (counted / employees) if employees else Decimal("0")
    if shortfall > 0 and (params.exempt_until is None or on <= params.exempt_until):
        for at_least, paid in params.reduced_tiers:
            if achieved >= at_least:
                share = paid
                break
    due = (
        Decimal("0.00")
        if exempt or shortfall == 0
        else (full * share).quantize(Decimal("0.01"), ROUND_HALF_UP)
    )
    return {
        "employees": employees,
        "counted": counted,
        "required": required,
        "share": (achieved * 100).quantize(Decimal("0.01"), ROUND_HALF_UP),
        "shortfall": shortfall,
        "over_quota": over,
        "average_wage": average_wage,
        "wage_used": wage,
        "wage_capped": average_wage > cap,
        "full_levy": full,
        "rate_applied": share,
        "exempt": exempt,
        "levy": due,
        "reward": (over * params.reward_per_person)
        if params.reward_per_person is not None and over
        else None,
    }


def quota_table(employers, on: dt.date | None = None) -> list[dict]:
    """One row per employer (of the given queryset) with at least one employee: a few queries for all."""
    on = on or timezone.localdate()
    employers_qs = employers
    employers = {e.pk: e for e in employers.select_related("division")}
    ids = list(employers)
    id_query = employers_qs.values("pk")  # a subquery, never a long IN list
    staff: dict[int, set[int]] = {pk: set() for pk in ids}
    monthly_wages: dict[int, list[Decimal]] = {pk: [] for pk in ids}
    for employer_id, person_id, wage in (
        EmploymentSpell.objects.current(on)
        .filter(employer_id__in=id_query)
        .exclude(contract_type__in=["self", "task"])
        .values_list("employer_id", "person_id", "monthly_wage")
    ):
        staff[employer_id].add(person_id)
        if wage:
            monthly_wages[employer_id].append(Decimal(wage))
    for employer_id, person_id in insured_pairs(latest_data_month(on), id_query):
        staff[employer_id].add(person_id)
    persons = {p for s in staff.values() for p in s}
    # Annual wage from the tax department when it reported 12 months, else 12 × the spells' monthly wage.
    year_from = add_months(on.replace(day=1), -12)
    tax_totals: dict[int, list] = {}
    for employer_id, person_id, amount, month in WageIncome.objects.filter(
        employer_id__in=id_query, month__gte=year_from, month__lte=on
    ).values_list("employer_id", "person_id", "amount", "month"):
        t = tax_totals.setdefault(employer_id, [Decimal("0"), set(), set()])
        t[0] += amount
        t[1].add(person_id)
        t[2].add(month)
    # Certificates and recorded grades are rare (about 2% of people): read them all and keep the employees',
    # rather than send every employee id to the database.
    grades: dict[int, int] = {}
    for person_id, grade in (
        DisabilityCertificate.objects.filter(issued_on__lte=on)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .values_list("person_id", "grade")
        .iterator(chunk_size=5000)
    ):
        if person_id in persons:
            grades[person_id] = min(grade, grades.get(person_id, 9))
    for person_id, grade in (
        Person.objects.filter(disability_grade__isnull=False)
        .values_list("pk", "disability_grade")
        .iterator(5000)
    ):
        if person_id in persons and person_id not in grades:
            grades[person_id] = grade
    rows = []
    for pk in ids:
        members = staff[pk]
        if not members:
            continue
        employer = employers[pk]
        params = parameters_for(employer.division.code, on)
        disabled = [grades[p] for p in members if p in grades]
        counted = sum(2 if g in params.double_grades else 1 for g in disabled)
        # 12 months of tax data for a person = the annual wage; otherwise 12 × monthly wage from the spells.
        if pk in tax_totals and tax_totals[pk][1]:
            average = (tax_totals[pk][0] / len(tax_totals[pk][1])).quantize(Decimal("0.01"))
            months = len(tax_totals[pk][2])
            if months and months < 12:
                average = (average * 12 / months).quantize(Decimal("0.01"))
        elif monthly_wages[pk]:
            average = (sum(monthly_wages[pk]) / len(monthly_wages[pk]) * 12).quantize(Decimal("0.01"))
        else:
            average = Decimal("0.00")
        result = levy(employees=len(members), counted=counted, average_wage=average, params=params, on=on)
        rows.append(
            {
                "employer": employer,
                "disabled": len(disabled),
                "ratio": params.ratio * 100,
                "to_verify": params.to_verify,
                **result,
            }
        )
    rows.sort(key=lambda r: (-r["levy"], r["employer"].name))
    return rows


def visible_employers(user):
    return Employer.objects.visible_to(user)
