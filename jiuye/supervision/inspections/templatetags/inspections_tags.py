"""`{% load inspections_tags %}{% employer_public_notice employer as notice %}`: the public part of an employer's
risk, for the notice on its postings. Only reasons that are public information already are returned (see
`jiuye.supervision.inspections.risk`: abnormal-operation listing, deregistration, administrative penalties)."""

from __future__ import annotations

from django import template

from ..models import EmployerRisk
from ..risk import describe

register = template.Library()


@register.simple_tag
def employer_public_notice(employer) -> list[str]:
    if employer is None:
        return []
    risk = EmployerRisk.objects.filter(employer=employer).order_by("-as_of").first()
    if risk is None:
        return []
    return [describe(r) for r in risk.public_reasons]


@register.filter
def risk_reason(reason: dict) -> str:
    return describe(reason)
