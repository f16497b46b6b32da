"""What the policy pages show, read from the same catalogue and parameters the engine decides with.

The public pages never keep a figure of their own: every amount, duration and list on them is the
parameter value in force (`Parameter.entry(on, division)`), so a page cannot disagree with a decision
made on the same day for the same division. Texts come from the YAML (title, summary, descriptions)
and from the rules (condition texts), in Chinese or English as the visitor reads.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jiuye.policies.engine import Catalogue
from jiuye.policies.engine.model import Policy
from jiuye.policies.engine.rules import Bracket, F
from jiuye.policies.engine.situation import CATEGORIES


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The catalogue, loaded and validated once per process (the YAML ships with the code)."""
    return Catalogue.load()


def today() -> dt.date:
    return timezone.localdate()


def lang() -> str:
    return "en" if (get_language() or "").startswith("en") else "zh"


def text(d: dict | None) -> str:
    if not d:
        return ""
    return d.get(lang()) or d.get("zh") or d.get("en") or ""


# Words for the codes that appear in parameter lists (engine categories) — msgids in English.
CODE_LABELS = {
    # labour_status
    "employed": _("employed"),
    "flexible": _("in flexible employment"),
    "unemployed": _("unemployed"),
    "student": _("student"),
    "retired": _("retired"),
    "inactive": _("not in the labour force"),
    # separation_reason
    "resigned": _("resigned"),
    "contract_ended": _("contract ended"),
    "dismissed": _("dismissed by the employer"),
    "employer_closed": _("employer closed down"),
    "other": _("other"),
    # school_type
    "university": _("university or college"),
    "technician_college": _("technician college"),
    "special_education_vocational": _("special-education vocational school"),
    "secondary_vocational": _("secondary vocational school"),
    "senior_high": _("senior high school"),
    "junior_high": _("junior high school"),
    # assistance_status
    "none": _("none"),
    "low_income": _("low-income household"),
    "dibao": _("minimum living support (dibao)"),
    "tekun": _("extreme-poverty support (tekun)"),
    # certificate_grade
    "junior": _("junior (grade 5)"),
    "intermediate": _("intermediate (grade 4)"),
    "senior": _("senior (grade 3)"),
    "technician": _("technician (grade 2)"),
    "senior_technician": _("senior technician (grade 1)"),
    # ownership
    "state": _("state-owned enterprise"),
    "collective": _("collective enterprise"),
    "private": _("private enterprise"),
    "individual": _("individual business"),
    "foreign": _("foreign-invested enterprise"),
    "institution": _("public institution"),
    "government": _("government body"),
    "social_org": _("social organisation"),
    # employer_status
    "active": _("operating"),
    "abnormal": _("listed for abnormal operation"),
    "deregistered": _("deregistered"),
}

UNIT_LABELS = {
    "yuan": _("yuan"),
    "yuan_per_month": _("yuan a month"),
    "yuan_per_year": _("yuan a year"),
    "month": _("months"),
    "year": _("years"),
    "share": "",
}

STATUS_LABELS = {
    "eligible": _("Eligible"),
    "not_eligible": _("Not eligible"),
    "unknown": _("Not known yet"),
}

SUBJECT_LABELS = {"person": _("Individuals"), "employer": _("Employers")}


def code_label(code: str) -> str:
    return str(CODE_LABELS.get(code, code))


def _number(v: float) -> str:
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def format_value(value, unit: str | None, table_axis: str | None = None) -> str:
    """A parameter value in words: numbers with their unit, shares as %, lists of codes as labels,
    tables row by row (`table_axis` names the category the first column indexes, if any)."""
    if value is None:
        return str(_("no value in force"))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    unit_label = str(UNIT_LABELS.get(unit or "", unit or ""))
    if isinstance(value, int | float):
        if unit == "share":
            return f"{value * 100:g} %"
        return f"{_number(value)} {unit_label}".strip()
    if isinstance(value, tuple):  # a set of codes
        return (
            "、".join(code_label(c) for c in value)
            if lang() == "zh"
            else ", ".join(code_label(c) for c in value)
        )
    if isinstance(value, list):  # a table of (threshold, value)
        rows = []
        for i, (threshold, v) in enumerate(value):
            last = i == len(value) - 1
            if table_axis:
                names = CATEGORIES[table_axis]
                idx = int(threshold)
                label = code_label(names[idx]) if 0 <= idx < len(names) else _number(threshold)
                cond = str(_("%(grade)s and above") % {"grade": label}) if last else label
            else:
                cond = str(_("from %(n)s") % {"n": _number(threshold)})
            rows.append(f"{cond}: {format_value(v, unit)}")
        return "; ".join(rows) if lang() == "en" else "；".join(rows)
    return str(value)


def _table_axes(policy: Policy) -> dict[str, str]:
    """Table parameter → the category field its first column indexes (certificate grade…)."""
    axes: dict[str, str] = {}
    for b in policy.rule.benefits:
        f = b.formula
        if isinstance(f, Bracket) and isinstance(f.q, F) and f.q.name in CATEGORIES:
            axes[f.table] = f.q.name
    return axes


@dataclass
class ParamRow:
    name: str
    description: str
    value: object  # the raw value in force for the chosen division (None = none in force)
    shown: str  # the value in words
    unit: str | None
    reference: str
    to_verify: str | None
    regional: list[tuple[str, str, bool]] = field(default_factory=list)  # (prefix, value in words, to_verify)
    set_locally: bool = False


@dataclass
class PolicyPage:
    policy: Policy
    id: str
    title: str
    summary: str
    subject: str
    payee: str
    conditions: list[str]
    benefits: list[str]
    parameters: list[ParamRow]
    references: list[dict]
    to_verify: list[str]  # what on the page is a placeholder, in words
    regional_prefixes: list[str]


def condition_text(policy: Policy, code: str) -> str:
    for c in policy.rule.conditions:
        if c.code == code:
            return c.text_en if lang() == "en" else c.text_zh
    return code


def benefit_text(policy: Policy, code: str) -> str:
    for b in policy.rule.benefits:
        if b.code == code:
            return b.text_en if lang() == "en" else b.text_zh
    return code


def benefit_unit(policy: Policy, code: str) -> str | None:
    for b in policy.rule.benefits:
        if b.code == code:
            return b.unit
    return None


def policy_page(policy: Policy, on: dt.date, division: str | None) -> PolicyPage:
    """Everything the public page of one policy shows, on a date, for a division (None = national)."""
    meta = policy.meta
    axes = _table_axes(policy)
    rows: list[ParamRow] = []
    placeholders: list[str] = []
    prefixes: set[str] = set()
    for name, p in meta.parameters.items():
        e = p.entry(on, division)
        shown_value = None if e is None else e.value
        tv = (e.to_verify if e is not None else None) or p.to_verify
        regional = []
        for prefix, entries in sorted(p.regional.items()):
            prefixes.add(prefix)
            re_ = p.entry_on(entries, on)
            if re_ is not None:
                regional.append(
                    (prefix, format_value(re_.value, p.unit, axes.get(name)), bool(re_.to_verify))
                )
        row = ParamRow(
            name=name,
            description=text(p.description) or name,
            value=shown_value,
            shown=format_value(shown_value, p.unit, axes.get(name)),
            unit=p.unit,
            reference=text_reference(meta.references.get(p.reference, {})),
            to_verify=tv,
            regional=regional,
            set_locally=not p.national,
        )
        rows.append(row)
        if tv:
            placeholders.append(row.description)
    if meta.to_verify:
        placeholders.insert(0, str(_("the policy as a whole")))
    refs = []
    for ref in meta.references.values():
        refs.append(
            {
                "title": ref.get("title", ""),
                "articles": ref.get("articles", ""),
                "url": ref.get("url", ""),
                "issued": ref.get("issued", ""),
                "to_verify": ref.get("to_verify"),
            }
        )
    return PolicyPage(
        policy=policy,
        id=policy.id,
        title=text(meta.title),
        summary=text(meta.summary),
        subject=meta.subject,
        payee=meta.payee,
        conditions=[c.text_en if lang() == "en" else c.text_zh for c in policy.rule.conditions],
        benefits=[b.text_en if lang() == "en" else b.text_zh for b in policy.rule.benefits],
        parameters=rows,
        references=refs,
        to_verify=placeholders,
        regional_prefixes=sorted(prefixes),
    )


def text_reference(ref: dict) -> str:
    return " ".join(x for x in (ref.get("title", ""), ref.get("articles", "")) if x)


def decision_view(policy: Policy, decision) -> dict:
    """A decision in words for a page: status, the conditions by state, benefits and placeholders."""
    return {
        "policy": policy,
        "id": policy.id,
        "title": text(policy.meta.title),
        "summary": text(policy.meta.summary),
        "status": decision.status,
        "status_label": STATUS_LABELS.get(decision.status, decision.status),
        "met": [condition_text(policy, c) for c in decision.met],
        "unmet": [condition_text(policy, c) for c in decision.unmet],
        "unknown": [condition_text(policy, c) for c in decision.unknown],
        "benefits": [
            (benefit_text(policy, k), format_value(v, benefit_unit(policy, k)))
            for k, v in decision.benefits.items()
        ],
        "to_verify": bool(decision.to_verify),
    }


# --- applications: what came from the library, and from which department --------------------------------

FIELD_LABELS = {
    "division_code": _("Place of residence or seat"),
    "birth_date": _("Date of birth"),
    "labour_status": _("Labour status"),
    "registered_unemployed": _("Registered as unemployed"),
    "registered_unemployed_since": _("Registered as unemployed since"),
    "job_seeking": _("Looking for work"),
    "ui_contribution_months": _("Months of unemployment insurance paid"),
    "ui_insured_now": _("Insured against unemployment now"),
    "separation_reason": _("Why the last job ended"),
    "receiving_pension": _("Drawing a pension"),
    "hard_to_employ": _("Recognised as a person with employment difficulties"),
    "employed_with_si_since": _("Employed with social insurance since"),
    "flexible_si_since": _("Paying own social insurance since"),
    "years_to_retirement": _("Years to the statutory retirement age"),
    "graduation_year": _("Year of graduation"),
    "school_type": _("School type"),
    "disabled": _("Disability recorded"),
    "assistance_status": _("Household social assistance"),
    "poverty_relief_household": _("Poverty-relief household"),
    "student_loan": _("National student loan"),
    "veteran": _("Veteran"),
    "veteran_self_placed": _("Veteran placed by self-employment"),
    "rural_migrant": _("Rural migrant worker"),
    "ex_offender": _("Released from prison"),
    "business_registered_on": _("Business registered on"),
    "other_loans": _("Other loans (besides student, housing, car or small consumer loans)"),
    "certificate_on": _("Latest skill certificate obtained on"),
    "certificate_grade": _("Certificate grade"),
    "training_completed_on": _("Training completed on"),
    "ownership": _("Ownership"),
    "employer_status": _("Operating status"),
    "size_class": _("Size"),
    "registered_on": _("Registered on"),
    "insured_headcount": _("Insured employees"),
    "disabled_employees": _("Employees with disabilities (as counted for the quota)"),
    "youth_hires_with_ui": _("Young people hired with unemployment insurance paid"),
    "veterans_hired": _("Veterans hired"),
    "industry_code": _("Industry"),
}

# The library's tables, by the department that supplies them (the first matching prefix wins).
DEPARTMENTS = [
    ("registry.UnemploymentRegistration", _("Public employment service (unemployment registration)")),
    ("registry.JobSeekerRegistration", _("Public employment service (job-seeker registration)")),
    ("registry.ContributionRecord", _("Social insurance agency")),
    ("registry.InsuredPeriod", _("Social insurance agency")),
    ("registry.EmploymentSpell", _("Employment records (labour contracts)")),
    ("registry.PersonKeyGroup", _("Public employment service (key-group recognition)")),
    ("registry.GraduateRecord", _("Education department (graduate records)")),
    ("registry.DisabilityCertificate", _("Disabled Persons' Federation")),
    ("registry.Household", _("Civil affairs (social assistance)")),
    ("registry.TrainingRecord", _("Human resources department (training and skills register)")),
    ("registry.Employer", _("Market supervision (business register)")),
    ("registry.Person", _("Employment information library (resident record)")),
    ("statutory retirement", _("Statutory retirement-age table")),
]


def department(source: str) -> str:
    """The departments behind a source ("registry.A / registry.B + registry.C" names several)."""
    labels: list[str] = []
    for part in re.split(r"\s[/+]\s", source or ""):
        part = part.strip()
        label = next((str(lab) for prefix, lab in DEPARTMENTS if part.startswith(prefix)), part)
        if label and label not in labels:
            labels.append(label)
    return ("; " if lang() == "en" else "；").join(labels) or "—"


def field_value(name: str, value) -> str:
    if value is None:
        return str(_("not known"))
    if value == "never":
        return str(_("none recorded"))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, str) and value in CODE_LABELS:
        return code_label(value)
    if name == "years_to_retirement" and isinstance(value, int | float):
        return f"{value:.1f}"
    if name == "division_code" and isinstance(value, str):
        from jiuye.geography.models import Division

        d = Division.objects.filter(code=value).first()
        return d.name if d else value
    return str(value)


def prefill_rows(app, policy: Policy | None = None) -> list[dict]:
    """The prefilled fields the policy reads (all of them when it is not known), with value and department."""
    fields = (app.prefill or {}).get("fields", {})
    used = policy_fields(policy) if policy else None
    rows = []
    for name, item in fields.items():
        if used is not None and name not in used:
            continue
        rows.append(
            {
                "name": name,
                "label": str(FIELD_LABELS.get(name, name)),
                "value": field_value(name, item.get("value")),
                "department": department(item.get("source", "")),
            }
        )
    return rows


def policy_fields(policy: Policy) -> set[str]:
    used: set[str] = {"division_code"}
    for c in policy.rule.conditions:
        used |= c.test.fields()
    for b in policy.rule.benefits:
        used |= b.formula.fields()
    return used


def missing_declarable(app, policy: Policy, declarable) -> list[dict]:
    """What the applicant may add: fields the policy reads, the library does not hold, and the applicant
    may declare — with the current answer, if any."""
    fields = (app.prefill or {}).get("fields", {})
    used = policy_fields(policy)
    out = []
    for name in declarable:
        if name in used and name not in fields:
            out.append(
                {
                    "name": name,
                    "label": str(FIELD_LABELS.get(name, name)),
                    "answer": (app.declared or {}).get(name),
                }
            )
    return out
