"""Employer risk: a score 0–100 with its reasons, computed from the library for all employers with a few queries.

Signals (L = the last month with contribution data on or before `as_of`):

| code | signal | points | why this weight |
|---|---|---|---|
| `arrears` | contributions due − paid > 0 in L−2..L | 10 + 5 per month in arrears, max 25 | unpaid insurance is a direct legal breach (Social Insurance Law art. 60, 86) and the commonest precursor of wage arrears |
| `headcount_fall_month` | insured headcount L vs L−1 fell ≥ 10% (and by ≥ 3) | 10; 15 if ≥ 30% | sudden falls are layoffs or closure; art. 41 itself is checked separately (`layoffs.py`) |
| `headcount_fall_year` | insured headcount L vs L−12 fell ≥ 20% (and by ≥ 3) | 10 | slow decline: a weaker signal |
| `uninsured_wage` | persons with wage income from the employer in L−2..L and neither an insured period nor a contribution with it that month | 8 per person, max 20 | the employer pays but does not insure: a breach that workers rarely report themselves |
| `deregistered` / `abnormal` | market-supervision status, or such an event in the last 12 months | 20 / 15 | public status; a deregistered employer that still pays or posts is a strong trap signal |
| `complaints` | workers' complaints received in the last 12 months | 5 each, max 15 | unverified, so each counts little; several together matter |
| `trap_flags` | standing job-trap flags (fees/deposits, training loans, brushing) on its postings | 10 each, max 20 | job traps harm applicants directly |
| `wage_arrears_case` | an open wage-arrears case | 15 | known, unresolved harm |
| `layoff_unreported` | a layoff alert of the last 12 months the inspector found unreported | 10 | art. 41 breach |
| `penalty` | an administrative penalty recorded at an inspection in the last 24 months | 10 | a past sanction predicts repeat breaches |

The score is the sum, capped at 100; bands: high ≥ 50, medium ≥ 20, low otherwise. The weights are a
documented judgement (no labelled outcomes exist yet to fit them); each reason carries its points and its
figures, so an inspector sees why. Nothing here uses any personal attribute of workers (sex, age, ethnicity,
hukou, marital status): the signals are about the employer's conduct.

What may be shown publicly (on the employer's postings): only reasons that are public information already —
abnormal-operation listing and deregistration (企业信息公示暂行条例 art. 6, 17: published in the National
Enterprise Credit Information Publicity System) and administrative penalties (art. 6/7, penalties are
disclosed by the deciding authority). Arrears, headcount and wage figures come from social-insurance and tax
records given to the administration for its tasks (Social Insurance Law art. 81: confidentiality), complaints
are unverified allegations, and screening flags are the platform's own moderation: none of those is shown.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.registry.enums import EmployerEventKind, EmployerStatus
from jiuye.registry.models import ContributionRecord, Employer, EmployerEvent, InsuredPeriod, WageIncome
from jiuye.supervision.models import PostingFlag
from jiuye.supervision.services import LISTING_TRAP_CATEGORIES

from .layoffs import add_months, latest_data_month, month_end, monthly_headcount
from .models import Complaint, EmployerRisk, Inspection, LayoffAlert, RiskBand, WageArrearsCase

# The job-trap categories moderation treats as listing an account at once (fees/deposits, training loans, brushing).
TRAP_CATEGORIES = LISTING_TRAP_CATEGORIES
PUBLIC_CODES = frozenset({"deregistered", "abnormal", "penalty"})
HIGH, MEDIUM = 50, 20


def band(score: int) -> str:
    return RiskBand.HIGH if score >= HIGH else RiskBand.MEDIUM if score >= MEDIUM else RiskBand.LOW


def _years_ago(on: dt.date, years: int) -> dt.date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


def compute(as_of: dt.date | None = None, employer_ids=None) -> dict[int, dict]:
    """{employer id: {"score", "band", "reasons", "public_reasons"}} for every employer with a signal."""
    as_of = as_of or timezone.localdate()
    latest = latest_data_month(as_of)
    window_start = add_months(latest, -2)
    year_ago = _years_ago(as_of, 1)
    reasons: dict[int, list[dict]] = {}

    def add(employer_id: int, code: str, points: int, **figures) -> None:
        reasons.setdefault(employer_id, []).append({"code": code, "points": points, "figures": figures})

    def scoped(qs, field="employer_id"):
        return qs.filter(**{f"{field}__in": employer_ids}) if employer_ids is not None else qs

    # 1. Contribution arrears in the last three months.
    arrears = (
        scoped(
            ContributionRecord.objects.filter(
                employer__isnull=False, month__gte=window_start, month__lte=latest
            )
        )
        .values("employer_id")
        .annotate(
            owed=Sum(F("amount_due") - F("amount_paid"), filter=Q(amount_paid__lt=F("amount_due"))),
            months=Count("month", distinct=True, filter=Q(amount_paid__lt=F("amount_due"))),
        )
        .filter(months__gt=0)
    )
    for row in arrears:
        owed = Decimal(row["owed"] or 0).quantize(Decimal("0.01"))
        if owed > 0:
            add(
                row["employer_id"],
                "arrears",
                min(25, 10 + 5 * row["months"]),
                months=row["months"],
                yuan=str(owed),
                since=f"{window_start:%Y-%m}",
            )

    # 2. Falls in insured headcount, month on month and over twelve months.
    heads = monthly_headcount([add_months(latest, -12), add_months(latest, -1), latest], employer_ids)
    now, last_month, last_year = heads[latest], heads[add_months(latest, -1)], heads[add_months(latest, -12)]
    for employer_id, before in last_month.items():
        after = now.get(employer_id, 0)
        drop = before - after
        if drop >= 3 and drop * 10 >= before:
            add(
                employer_id,
                "headcount_fall_month",
                15 if drop * 10 >= before * 3 else 10,
                before=before,
                after=after,
                month=f"{latest:%Y-%m}",
            )
    for employer_id, before in last_year.items():
        after = now.get(employer_id, 0)
        drop = before - after
        if drop >= 3 and drop * 5 >= before:
            add(
                employer_id,
                "headcount_fall_year",
                10,
                before=before,
                after=after,
                since=f"{add_months(latest, -12):%Y-%m}",
            )

    # 3. Wage income without insurance with the same employer in the same month.
    covered_by_period = InsuredPeriod.objects.filter(
        person_id=OuterRef("person_id"),
        employer_id=OuterRef("employer_id"),
        start_date__lte=OuterRef("month"),
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("month")))
    covered_by_contribution = ContributionRecord.objects.filter(
        person_id=OuterRef("person_id"), employer_id=OuterRef("employer_id"), month=OuterRef("month")
    )
    uninsured = (
        scoped(
            WageIncome.objects.filter(
                employer__isnull=False, month__gte=window_start, month__lte=month_end(latest)
            )
        )
        .filter(amount__gt=0)
        .exclude(Exists(covered_by_period))
        .exclude(Exists(covered_by_contribution))
        .values("employer_id")
        .annotate(persons=Count("person_id", distinct=True))
    )
    for row in uninsured:
        add(
            row["employer_id"],
            "uninsured_wage",
            min(20, 8 * row["persons"]),
            persons=row["persons"],
            since=f"{window_start:%Y-%m}",
        )

    # 4. Market-supervision status (current, or an event in the last twelve months).
    status_of = dict(
        scoped(Employer.objects.exclude(status=EmployerStatus.ACTIVE), "pk").values_list("pk", "status")
    )
    events = scoped(
        EmployerEvent.objects.filter(
            kind__in=[EmployerEventKind.DEREGISTERED, EmployerEventKind.ABNORMAL_LISTED],
            occurred_on__gte=year_ago,
            occurred_on__lte=as_of,
        )
    ).values_list("employer_id", "kind", "occurred_on")
    listed: dict[int, tuple[str, dt.date | None]] = {pk: (s, None) for pk, s in status_of.items()}
    for employer_id, kind, on in events:
        status = (
            EmployerStatus.DEREGISTERED if kind == EmployerEventKind.DEREGISTERED else EmployerStatus.ABNORMAL
        )
        current = listed.get(employer_id)
        if current is None or (
            current[0] != EmployerStatus.DEREGISTERED and status == EmployerStatus.DEREGISTERED
        ):
            listed[employer_id] = (status, on)
        elif current[1] is None and current[0] == status:
            listed[employer_id] = (status, on)
    for employer_id, (status, on) in listed.items():
        if status == EmployerStatus.DEREGISTERED:
            add(employer_id, "deregistered", 20, on=on.isoformat() if on else "")
        else:
            add(employer_id, "abnormal", 15, on=on.isoformat() if on else "")

    # 5. Workers' complaints in the last twelve months.
    for row in (
        scoped(Complaint.objects.filter(created_at__date__gte=year_ago))
        .values("employer_id")
        .annotate(n=Count("id"))
    ):
        add(row["employer_id"], "complaints", min(15, 5 * row["n"]), count=row["n"])

    # 6. Standing job-trap flags on the employer's postings (moderation).
    flags = PostingFlag.objects.standing().filter(category__in=TRAP_CATEGORIES)
    for row in scoped(flags, "posting__employer_id").values("posting__employer_id").annotate(n=Count("id")):
        add(row["posting__employer_id"], "trap_flags", min(20, 10 * row["n"]), count=row["n"])

    # 7. Open wage-arrears cases; unreported layoffs; administrative penalties.
    for row in (
        scoped(WageArrearsCase.objects.still_open())
        .values("employer_id")
        .annotate(n=Count("id"), owed=Sum(F("amount_owed") - F("amount_paid")))
    ):
        add(row["employer_id"], "wage_arrears_case", 15, count=row["n"], yuan=str(row["owed"]))
    for row in (
        scoped(LayoffAlert.objects.filter(reported=False, month__gte=add_months(latest, -11)))
        .values("employer_id")
        .annotate(n=Count("id"))
    ):
        add(row["employer_id"], "layoff_unreported", 10, count=row["n"])
    for row in (
        scoped(
            Inspection.objects.exclude(sanctions="").filter(
                visited_on__gte=_years_ago(as_of, 2), visited_on__lte=as_of
            )
        )
        .values("employer_id")
        .annotate(n=Count("id"))
    ):
        add(row["employer_id"], "penalty", 10, count=row["n"])

    out = {}
    for employer_id, items in reasons.items():
        items.sort(key=lambda r: (-r["points"], r["code"]))
        score = min(100, sum(r["points"] for r in items))
        out[employer_id] = {
            "score": score,
            "band": band(score),
            "reasons": items,
            "public_reasons": [r for r in items if r["code"] in PUBLIC_CODES],
        }
    return out


@transaction.atomic
def store(as_of: dt.date | None = None, *, actor=None) -> dict[str, int]:
    """Compute and store `EmployerRisk` rows for `as_of` (replacing that date's rows); audited once."""
    as_of = as_of or timezone.localdate()
    result = compute(as_of)
    EmployerRisk.objects.filter(as_of=as_of).delete()
    EmployerRisk.objects.bulk_create(
        [
            EmployerRisk(
                employer_id=eid,
                as_of=as_of,
                score=r["score"],
                band=r["band"],
                reasons=r["reasons"],
                public_reasons=r["public_reasons"],
            )
            for eid, r in result.items()
        ],
        batch_size=500,
    )
    counts = {b: sum(1 for r in result.values() if r["band"] == b) for b in RiskBand.values}
    counts["scored"] = len(result)
    record_event(
        None,
        actor=actor or "inspections_risk",
        kind=EventKind.RECORD_CREATED,
        data={"model": "inspections.employerrisk", "as_of": as_of.isoformat(), **counts},
    )
    return counts


def risk_by_employer(employer_ids, as_of: dt.date | None = None) -> dict[int, EmployerRisk]:
    """The latest stored risk (on or before `as_of`) of each employer; absent = no signal = score 0."""
    qs = EmployerRisk.objects.filter(employer_id__in=list(employer_ids))
    if as_of:
        qs = qs.filter(as_of__lte=as_of)
    out: dict[int, EmployerRisk] = {}
    for risk in qs.order_by("employer_id", "-as_of"):
        out.setdefault(risk.employer_id, risk)
    return out


def describe(reason: dict) -> str:
    """A reason in words, with its figures."""
    f = reason.get("figures", {})
    code = reason.get("code")
    if code == "arrears":
        return _("Contribution arrears: %(yuan)s yuan in %(months)s month(s) since %(since)s") % f
    if code == "headcount_fall_month":
        return _("Insured headcount fell from %(before)s to %(after)s in %(month)s") % f
    if code == "headcount_fall_year":
        return _("Insured headcount fell from %(before)s to %(after)s since %(since)s") % f
    if code == "uninsured_wage":
        return (
            _("%(persons)s person(s) paid wages since %(since)s without social insurance with this employer")
            % f
        )
    if code == "deregistered":
        return _("Deregistered (market supervision)") + (f" {f['on']}" if f.get("on") else "")
    if code == "abnormal":
        return _("Listed for abnormal operation (market supervision)") + (
            f" {f['on']}" if f.get("on") else ""
        )
    if code == "complaints":
        return _("%(count)s worker complaint(s) in the last 12 months") % f
    if code == "trap_flags":
        return _("%(count)s standing job-trap flag(s) on its postings") % f
    if code == "wage_arrears_case":
        return _("Open wage-arrears case(s): %(count)s, %(yuan)s yuan outstanding") % f
    if code == "layoff_unreported":
        return _("Layoff not reported to the labour administration (%(count)s alert(s))") % f
    if code == "penalty":
        return _("Administrative penalty at an inspection in the last 24 months (%(count)s)") % f
    return str(code)
