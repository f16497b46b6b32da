"""Services of the inspections app: the only code that writes campaigns, inspections, cases and complaints.

Each verb checks its input (errors name the field), writes, and records an audit event without personal data.
Views pass objects they fetched through `visible_to(user)`, so a verb never acts outside the actor's area; the
verbs that take an employer id re-check it against the actor's scope.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.geography.models import Division
from jiuye.registry.enums import EmployerStatus
from jiuye.registry.models import Employer

from . import sampling
from .models import (
    ARREARS_MOVES,
    Allocation,
    ArrearsStatus,
    Campaign,
    Complaint,
    ComplaintCategory,
    ComplaintStatus,
    Inspection,
    InspectionOrigin,
    InspectionStatus,
    WageArrearsCase,
)
from .risk import risk_by_employer

STRATA_DIMENSIONS = ("risk_band", "size_class", "division")


class InspectionError(ValueError):
    """Bad input: `field` names the parameter, the message says what was expected."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _in_scope(actor, division: Division) -> bool:
    if getattr(actor, "sees_everything", False):
        return True
    scope = getattr(actor, "scope_path", "")
    return bool(scope) and (division.path == scope or division.path.startswith(scope + "/"))


# ------------------------------------------------------------------------------------------ campaigns


@transaction.atomic
def create_campaign(
    *,
    actor,
    name: str,
    division: Division,
    period_start: dt.date,
    period_end: dt.date,
    sample_size: int,
    allocation: str,
    seed: int,
    by_division: bool = False,
    request=None,
) -> Campaign:
    name = (name or "").strip()
    if not name:
        raise InspectionError("name", "a name is required")
    if not _in_scope(actor, division):
        raise InspectionError("division", "outside your area")
    if period_end < period_start:
        raise InspectionError("period_end", "must be on or after the period start")
    if allocation not in Allocation.values:
        raise InspectionError("allocation", "proportional or neyman")
    if sample_size < 1 or sample_size > 10000:
        raise InspectionError("sample_size", "between 1 and 10000")
    strata_by = ["risk_band", "size_class"] + (["division"] if by_division else [])
    campaign = Campaign.objects.create(
        name=name[:200],
        division=division,
        period_start=period_start,
        period_end=period_end,
        created_by=actor,
        design={"strata_by": strata_by, "allocation": allocation, "sample_size": sample_size, "seed": seed},
    )
    record_event(
        campaign,
        actor=actor,
        kind=EventKind.RECORD_CREATED,
        request=request,
        data={"model": "inspections.campaign", **campaign.design},
    )
    return campaign


def _frame(campaign: Campaign, risk_as_of: dt.date | None) -> list[sampling.Unit]:
    path = campaign.division.path
    from django.db.models import Q

    employers = list(
        Employer.objects.exclude(status=EmployerStatus.DEREGISTERED)
        .filter(Q(division__path=path) | Q(division__path__startswith=path + "/"))
        .values_list("pk", "size_class", "division__code")
    )
    risks = risk_by_employer([e[0] for e in employers], risk_as_of)
    strata_by = campaign.design.get("strata_by", ["risk_band", "size_class"])
    units = []
    for pk, size, division_code in employers:
        risk = risks.get(pk)
        values = {
            "risk_band": risk.band if risk else "low",
            "size_class": size or "unknown",
            "division": division_code,
        }
        units.append(sampling.Unit(pk, "|".join(values[d] for d in strata_by), risk.score if risk else 0))
    return units


@transaction.atomic
def draw_sample(campaign: Campaign, *, actor=None, request=None) -> list[int]:
    """Stratified random sample of the campaign's employers not deregistered (abnormal ones included); the design is completed and recorded.

    Drawing again with the recorded seed on the same frame gives the same sample (the frame digest shows it);
    the planned inspections are created once per sampled employer."""
    design = dict(campaign.design)
    risk_as_of = (
        dt.date.fromisoformat(design["risk_as_of"]) if design.get("risk_as_of") else timezone.localdate()
    )
    units = _frame(campaign, risk_as_of)
    strata, chosen = sampling.draw(
        units, int(design["sample_size"]), design["allocation"], int(design["seed"])
    )
    design.update(
        {
            "risk_as_of": risk_as_of.isoformat(),
            "frame_size": len(units),
            "frame_sha256": sampling.frame_digest(units),
            "strata": strata,
        }
    )
    campaign.design = design
    campaign.sample = chosen
    campaign.drawn_at = timezone.now()
    campaign.save(update_fields=["design", "sample", "drawn_at", "updated_at"])
    existing = set(campaign.inspections.values_list("employer_id", flat=True))
    Inspection.objects.bulk_create(
        [
            Inspection(campaign=campaign, employer_id=pk, origin=InspectionOrigin.CAMPAIGN)
            for pk in chosen
            if pk not in existing
        ]
    )
    record_event(
        campaign,
        actor=actor,
        kind=EventKind.RECORD_UPDATED,
        request=request,
        data={"drawn": len(chosen), "frame_size": len(units), "frame_sha256": design["frame_sha256"]},
    )
    return chosen


# ---------------------------------------------------------------------------------------- inspections


@transaction.atomic
def open_inspection(*, actor, employer: Employer, origin: str, request=None) -> Inspection:
    if origin not in InspectionOrigin.values:
        raise InspectionError("origin", f"one of {', '.join(InspectionOrigin.values)}")
    if not _in_scope(actor, employer.division):
        raise InspectionError("employer", "outside your area")
    inspection = Inspection.objects.create(employer=employer, origin=origin, inspector=actor)
    record_event(
        inspection,
        actor=actor,
        kind=EventKind.RECORD_CREATED,
        request=request,
        division_path=employer.division.path,
        data={"model": "inspections.inspection", "origin": origin},
    )
    return inspection


@transaction.atomic
def record_inspection(
    inspection: Inspection,
    *,
    actor,
    visited_on: dt.date | None,
    findings: str,
    remedies: str,
    sanctions: str,
    status: str,
    request=None,
) -> Inspection:
    if status not in InspectionStatus.values:
        raise InspectionError("status", f"one of {', '.join(InspectionStatus.values)}")
    if status != InspectionStatus.PLANNED and visited_on is None:
        raise InspectionError("visited_on", "the date of the visit is required once visited")
    if visited_on and visited_on > timezone.localdate():
        raise InspectionError("visited_on", "cannot be in the future")
    inspection.visited_on = visited_on
    inspection.findings = findings.strip()
    inspection.remedies = remedies.strip()
    inspection.sanctions = sanctions.strip()
    inspection.status = status
    inspection.inspector = inspection.inspector or actor
    inspection.save()
    record_event(
        inspection,
        actor=actor,
        kind=EventKind.RECORD_UPDATED,
        request=request,
        division_path=inspection.employer.division.path,
        data={"status": status, "sanctions": bool(inspection.sanctions)},
    )
    return inspection


# ---------------------------------------------------------------------------------- wage-arrears cases


def _money(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        raise InspectionError(field, "an amount in yuan, e.g. 12000.00") from None
    if amount < 0:
        raise InspectionError(field, "cannot be negative")
    return amount


@transaction.atomic
def open_arrears_case(
    *,
    actor,
    employer: Employer,
    workers_affected: int,
    amount_owed,
    pay_by: dt.date | None,
    inspection: Inspection | None = None,
    note: str = "",
    request=None,
) -> WageArrearsCase:
    if not _in_scope(actor, employer.division):
        raise InspectionError("employer", "outside your area")
    if workers_affected < 1:
        raise InspectionError("workers_affected", "at least 1")
    owed = _money(amount_owed, "amount_owed")
    if owed <= 0:
        raise InspectionError("amount_owed", "must be more than zero")
    case = WageArrearsCase.objects.create(
        employer=employer,
        workers_affected=workers_affected,
        amount_owed=owed,
        pay_by=pay_by,
        inspection=inspection,
        note=note.strip(),
    )
    record_event(
        case,
        actor=actor,
        kind=EventKind.RECORD_CREATED,
        request=request,
        division_path=employer.division.path,
        data={"model": "inspections.wagearrearscase", "workers": workers_affected, "owed": str(owed)},
    )
    return case


@transaction.atomic
def update_arrears_case(
    case: WageArrearsCase,
    *,
    actor,
    status: str | None = None,
    amount_paid=None,
    pay_by: dt.date | None = None,
    request=None,
) -> WageArrearsCase:
    """Record a payment and/or move the case: open → ordered → paid / court (paid only when fully paid)."""
    if amount_paid is not None and amount_paid != "":
        paid = _money(amount_paid, "amount_paid")
        if paid > case.amount_owed:
            raise InspectionError("amount_paid", "cannot exceed the amount owed")
        case.amount_paid = paid
    if pay_by is not None:
        case.pay_by = pay_by
    if status and status != case.status:
        if status not in ARREARS_MOVES.get(case.status, set()):
            raise InspectionError("status", f"cannot move from {case.status} to {status}")
        if status == ArrearsStatus.PAID and case.amount_paid < case.amount_owed:
            raise InspectionError("status", "paid only when the amount paid equals the amount owed")
        if status == ArrearsStatus.ORDERED and case.pay_by is None:
            raise InspectionError("pay_by", "an order needs a payment deadline")
        case.status = status
        if status in (ArrearsStatus.PAID, ArrearsStatus.COURT):
            case.closed_on = timezone.localdate()
    case.save()
    record_event(
        case,
        actor=actor,
        kind=EventKind.RECORD_UPDATED,
        request=request,
        division_path=case.employer.division.path,
        data={"status": case.status, "paid": str(case.amount_paid)},
    )
    return case


# -------------------------------------------------------------------------------------------- complaints


@transaction.atomic
def file_complaint(
    *,
    complainant,
    employer: Employer,
    category: str,
    text: str,
    anonymous: bool,
    workers_affected: int = 1,
    request=None,
) -> Complaint:
    """A worker files a complaint. The audit event never names the complainant of an anonymous complaint."""
    if category not in ComplaintCategory.values:
        raise InspectionError("category", f"one of {', '.join(ComplaintCategory.values)}")
    text = (text or "").strip()
    if len(text) < 10:
        raise InspectionError("text", "describe what happened (at least 10 characters)")
    if workers_affected < 1:
        raise InspectionError("workers_affected", "at least 1")
    complaint = Complaint.objects.create(
        employer=employer,
        complainant=complainant,
        anonymous=anonymous,
        category=category,
        text=text[:5000],
        workers_affected=workers_affected,
    )
    record_event(
        complaint,
        actor=None if anonymous else complainant,
        kind=EventKind.RECORD_CREATED,
        request=None if anonymous else request,
        division_path=employer.division.path,
        data={"model": "inspections.complaint", "category": category, "anonymous": anonymous},
    )
    return complaint


@transaction.atomic
def take_up_complaint(complaint: Complaint, *, actor, request=None) -> Inspection:
    """Put a complaint into the inspection queue: one inspection of that employer from the complaint."""
    if complaint.inspection_id:
        return complaint.inspection
    inspection = open_inspection(
        actor=actor, employer=complaint.employer, origin=InspectionOrigin.COMPLAINT, request=request
    )
    complaint.inspection = inspection
    complaint.status = ComplaintStatus.IN_INSPECTION
    complaint.save(update_fields=["inspection", "status", "updated_at"])
    record_event(
        complaint,
        actor=actor,
        kind=EventKind.RECORD_UPDATED,
        request=request,
        division_path=complaint.employer.division.path,
        data={"inspection": inspection.pk},
    )
    return inspection


@transaction.atomic
def close_complaint(complaint: Complaint, *, actor, request=None) -> Complaint:
    complaint.status = ComplaintStatus.CLOSED
    complaint.save(update_fields=["status", "updated_at"])
    record_event(
        complaint,
        actor=actor,
        kind=EventKind.RECORD_UPDATED,
        request=request,
        division_path=complaint.employer.division.path,
        data={"status": "closed"},
    )
    return complaint
