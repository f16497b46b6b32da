"""Reasons in plain language: `reasons` holds machine codes and figures; this words them for staff
(on the list page and in the CSV export) in the user's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .enums import WorklistKind


def describe_reasons(kind: str, reasons: dict[str, Any]) -> str:
    r = reasons or {}
    if kind == WorklistKind.ZERO_EMPLOYMENT_HOUSEHOLD:
        return _(
            "%(members)s working-age member(s), %(able)s able to work; none has a current job or wage "
            "income in the last %(months)s months."
        ) % {"members": r.get("working_age_members", "?"), "able": r.get("able_members", "?"),
             "months": r.get("months", "?")}
    if kind == WorklistKind.UNEMPLOYED_WITH_INCOME:
        parts = []
        if r.get("contribution_months"):
            parts.append(_("paid social insurance contributions in %(n)s month(s)") % {"n": r["contribution_months"]})
        if r.get("wage_income_months"):
            parts.append(_("wage income in %(n)s month(s)") % {"n": r["wage_income_months"]})
        return _("Registered unemployed, but since registering: %(facts)s (last %(months)s months).") % {
            "facts": _("; ").join(parts) or "—", "months": r.get("months", "?")}
    if kind == WorklistKind.INCOME_WITHOUT_INSURANCE:
        return _("%(persons)s person(s) received wage income in %(month)s with no social insurance contribution "
                 "from this employer that month.") % {"persons": r.get("persons", "?"), "month": r.get("month", "?")}
    if kind == WorklistKind.GRADUATE_NO_SPELL:
        return _("Graduated %(n)s month(s) ago; no job started and no wage income since.") % {
            "n": r.get("months_since_graduation", "?")}
    if kind == WorklistKind.EMPLOYER_ARREARS_OR_DROP:
        parts = []
        codes = r.get("codes", [])
        if "arrears" in codes:
            parts.append(_("contribution arrears of %(yuan)s yuan over the %(months)s months to %(month)s") % {
                "yuan": r.get("arrears_yuan", "?"), "months": r.get("arrears_months", "?"),
                "month": r.get("month", "?")})
        if "headcount_drop" in codes:
            parts.append(_("insured staff fell from %(before)s in %(before_month)s to %(now)s in %(month)s") % {
                "before": r.get("insured_before", "?"), "before_month": r.get("before_month", "?"),
                "now": r.get("insured_now", "?"), "month": r.get("month", "?")})
        if not parts:
            return "—"
        text = _("; ").join(parts)
        # Sentence case and the full stop are language matters, so the template carries them.
        return _("%(facts)s.") % {"facts": text[:1].upper() + text[1:]}
    if kind == WorklistKind.HUKOU_IN_NO_WORK:
        return _("Hukou moved in %(n)s month(s) ago; no current job and no wage income in the last %(months)s "
                 "months.") % {"n": r.get("months_since_move_in", "?"), "months": r.get("months", "?")}
    return "—"
