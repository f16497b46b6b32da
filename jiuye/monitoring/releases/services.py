"""Services of the releases: compute the majors outcomes and warnings, compute a wage release, publish it.

The only code that writes `MajorOutcome`, `MajorWarning`, `WageRelease` and `WageCell`. Each computation is
idempotent — running it again for the same region and year replaces that year's rows — and writes an audit event.

Definitions used to read the library (the pure engines do the arithmetic):

* **Cohort**: the `GraduateRecord`s with a graduation date in the year, of persons living in the region.
* **Destination secured at graduation** (去向落实): the graduate record's destination is employed, self-employed,
  flexible work or further study.
* **Working or studying at 6 / 12 months**: on graduation date + 6 / 12 months the person has an employment spell
  covering that day, or a tax wage record in that month, or went on to further study. Counted only when that day
  is on or before `as_of` for every graduate of the cohort (otherwise empty: not observable yet).
* **Median pay at 12 months**: for each graduate working at 12 months, the mean monthly tax wage income (summed over
  employers per month) over months 7–18 after graduation, else the monthly wage of the spell covering the 12-month
  day; the median of those.
* **Match**: the occupation of the spell covering the 12-month day starts with one of the major's 大典 prefixes in
  `rules/major_occupations.yaml`.
* **Wage release, tax source**: `WageIncome` of the year with an employer located in the region; one observation per
  person × employer (their mean monthly income); occupation from the person's spell with that employer, else the
  person's occupation; division = the employer's county.
* **Wage release, posted source**: postings published (or closed/filled after publication) in the year located in the
  region with a pay range; value = midpoint of the monthly range.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.analytics import majors as engine
from jiuye.analytics import wages as wage_engine
from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.geography.models import Division
from jiuye.registry.enums import GraduateDestination
from jiuye.registry.models import EmploymentSpell, GraduateRecord, WageIncome
from jiuye.taxonomy.models import Occupation

from .enums import ReleaseStatus, WageSource
from .models import MajorOutcome, MajorWarning, WageCell, WageRelease

RULES_DIR = Path(__file__).resolve().parent / "rules"
MAJORS_RULES = RULES_DIR / "majors.yaml"
MAJOR_OCCUPATIONS = RULES_DIR / "major_occupations.yaml"
SECURED = {
    GraduateDestination.EMPLOYED,
    GraduateDestination.SELF_EMPLOYED,
    GraduateDestination.FLEXIBLE,
    GraduateDestination.FURTHER_STUDY,
}


class ReleaseError(ValueError):
    """A request the releases cannot carry out; `field` names the parameter."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise ValueError(d)


def region_division(code: str) -> Division:
    try:
        return Division.objects.get(code=str(code).strip())
    except Division.DoesNotExist:
        raise ReleaseError(
            "region", _("no division with code “%(code)s”") % {"code": str(code)[:20]}
        ) from None


def _under(division: Division, field: str) -> Q:
    return Q(**{f"{field}__path": division.path}) | Q(**{f"{field}__path__startswith": division.path + "/"})


def _child_of(region: Division, path: str) -> str:
    """The code of the region's child division that `path` lies in ("" when the path is the region itself)."""
    rest = path[len(region.path) :].strip("/")
    return rest.split("/")[0] if rest else ""


# --- majors -------------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def major_occupations() -> tuple[dict[str, list[str]], list[tuple[str, list[str]]]]:
    data = yaml.safe_load(MAJOR_OCCUPATIONS.read_text(encoding="utf-8")) or {}
    return dict(data.get("exact") or {}), list((data.get("keywords") or {}).items())


def major_prefixes(name: str) -> list[str] | None:
    exact, keywords = major_occupations()
    if name in exact:
        return exact[name]
    for word, prefixes in keywords:
        if word in name:
            return prefixes
    return None


def load_major_rules() -> tuple[engine.RuleSet, str]:
    raw = MAJORS_RULES.read_bytes()
    return engine.load_rules(MAJORS_RULES), hashlib.sha256(raw).hexdigest()[:16]


@dataclass
class _Grad:
    person_id: int
    division_path: str
    institution: str
    major_key: str
    major_code: str
    major_name: str
    graduated: dt.date
    destination: str


def _graduates(region: Division, year: int) -> list[_Grad]:
    rows = (
        GraduateRecord.objects.filter(_under(region, "person__division"), graduation_date__year=year)
        .select_related("person__division")
        .order_by("id")
    )
    out = []
    for g in rows:
        name = (g.major_name or "").strip()
        key = (g.major_code or "").strip() or name
        if not key:
            continue
        out.append(
            _Grad(
                g.person_id,
                g.person.division.path,
                g.institution.strip(),
                key,
                g.major_code,
                name or key,
                g.graduation_date,
                g.destination,
            )
        )
    return out


def _working(
    grads: list[_Grad], months: int, as_of: dt.date
) -> tuple[dict[int, bool], dict[int, EmploymentSpell]] | None:
    days = {g.person_id: add_months(g.graduated, months) for g in grads}
    if not days or max(days.values()) > as_of:
        return None
    ids = list(days)
    spells: dict[int, EmploymentSpell] = {}
    for s in (
        EmploymentSpell.objects.filter(person_id__in=ids)
        .select_related("occupation")
        .order_by("start_date", "id")
    ):
        d = days[s.person_id]
        if s.start_date <= d and (s.end_date is None or s.end_date >= d):
            spells[s.person_id] = s
    paid = set()
    months_wanted = {pid: d.replace(day=1) for pid, d in days.items()}
    for pid, month in WageIncome.objects.filter(person_id__in=ids).values_list("person_id", "month"):
        if months_wanted[pid] == month.replace(day=1):
            paid.add(pid)
    working = {
        g.person_id: g.person_id in spells
        or g.person_id in paid
        or g.destination == GraduateDestination.FURTHER_STUDY
        for g in grads
    }
    return working, spells


def _pay_at_12(
    grads: list[_Grad], working: dict[int, bool], spells: dict[int, EmploymentSpell]
) -> dict[int, float]:
    ids = [g.person_id for g in grads if working.get(g.person_id)]
    window = {
        g.person_id: (add_months(g.graduated, 6).replace(day=1), add_months(g.graduated, 18)) for g in grads
    }
    monthly: dict[int, dict[dt.date, float]] = defaultdict(lambda: defaultdict(float))
    for pid, month, amount in WageIncome.objects.filter(person_id__in=ids).values_list(
        "person_id", "month", "amount"
    ):
        lo, hi = window[pid]
        if lo < month <= hi:
            monthly[pid][month] += float(amount)
    pay = {}
    for pid in ids:
        if monthly.get(pid):
            vals = list(monthly[pid].values())
            pay[pid] = sum(vals) / len(vals)
        elif pid in spells and spells[pid].monthly_wage:
            pay[pid] = float(spells[pid].monthly_wage)
    return pay


def build_outcomes(
    region: Division, year: int, as_of: dt.date
) -> list[tuple[str, engine.MajorOutcome, dict]]:
    """(division code, engine outcome, extra fields) for the region (all institutions and each institution) and each
    of its child divisions (all institutions)."""
    grads = _graduates(region, year)
    w6 = _working(grads, 6, as_of)
    w12 = _working(grads, 12, as_of)
    pay = _pay_at_12(grads, *w12) if w12 else {}
    groups: dict[tuple[str, str, str], list[_Grad]] = defaultdict(list)
    for g in grads:
        groups[(region.code, g.major_key, "")].append(g)
        if g.institution:
            groups[(region.code, g.major_key, g.institution)].append(g)
        child = _child_of(region, g.division_path)
        if child:
            groups[(child, g.major_key, "")].append(g)
    out = []
    for (code, key, inst), members in sorted(groups.items()):
        first = members[0]
        employed_6 = sum(w6[0][m.person_id] for m in members) if w6 else None
        employed_12 = sum(w12[0][m.person_id] for m in members) if w12 else None
        pays = [pay[m.person_id] for m in members if m.person_id in pay]
        prefixes = major_prefixes(first.major_name)
        matching = matching_base = None
        if w12 and prefixes is not None:
            with_occ = [
                w12[1][m.person_id]
                for m in members
                if m.person_id in w12[1] and w12[1][m.person_id].occupation_id is not None
            ]
            matching_base = len(with_occ)
            matching = sum(1 for s in with_occ if any(s.occupation.code.startswith(p) for p in prefixes))
        o = engine.MajorOutcome(
            major=key,
            major_name=first.major_name,
            cohort=year,
            graduates=len(members),
            institution=inst,
            region=code,
            employed_at_graduation=sum(m.destination in SECURED for m in members),
            employed_6m=employed_6,
            employed_12m=employed_12,
            median_pay=engine.median(pays),
            matching=matching,
            matching_base=matching_base,
        )
        out.append((code, o, {"major_code": first.major_code, "pay_n": len(pays)}))
    return out


@transaction.atomic
def compute_majors(
    region: Division, year: int, *, by=None, as_of: dt.date | None = None, min_graduates: int | None = None
) -> dict[str, int]:
    """Outcomes of the cohorts `year - 1` and `year` (the two-years-running rule needs both) and the warnings of
    `year`, for the region. Replaces the region's rows of those cohorts. Returns counts."""
    as_of = as_of or timezone.localdate()
    if year < 1990 or year > as_of.year:
        raise ReleaseError("year", _("a graduation year between 1990 and this year, got %(y)s") % {"y": year})
    rules, digest = load_major_rules()
    if min_graduates is not None:
        if min_graduates < 1:
            raise ReleaseError("min_graduates", _("a whole number of at least 1"))
        rules = engine.RuleSet(rules.name, min_graduates, rules.rules, rules.path)
    now = timezone.now()
    divisions = {region.code: region}
    divisions.update({d.code: d for d in Division.objects.filter(parent=region)})
    scope = Q(division__path=region.path) | Q(division__path__startswith=region.path + "/")
    # Rows are updated in place, so the findings stored for the earlier cohort (when it was the one rated) stay;
    # the rated cohort's findings are replaced, and rows of either cohort the library no longer yields go.
    MajorWarning.objects.filter(scope, outcome__cohort=year).delete()
    all_outcomes: list[engine.MajorOutcome] = []
    rows: dict[tuple, MajorOutcome] = {}
    for cohort in (year - 1, year):
        kept = []
        for code, o, extra in build_outcomes(region, cohort, as_of):
            all_outcomes.append(o)
            row, _created = MajorOutcome.objects.update_or_create(
                division=divisions[code],
                cohort=cohort,
                major_key=o.major,
                institution=o.institution,
                defaults={
                    "major_code": extra["major_code"],
                    "major_name": o.major_name,
                    "graduates": o.graduates,
                    "employed_at_graduation": o.employed_at_graduation,
                    "employed_6m": o.employed_6m,
                    "employed_12m": o.employed_12m,
                    "median_pay": o.median_pay,
                    "pay_n": extra["pay_n"],
                    "matching": o.matching,
                    "matching_base": o.matching_base,
                    "computed_at": now,
                },
            )
            rows[(o.unit, cohort)] = row
            kept.append(row.pk)
        MajorOutcome.objects.filter(scope, cohort=cohort).exclude(pk__in=kept).delete()
    findings = []
    # Rank within each division separately: the region's majors with each other, a county's with each other.
    by_region: dict[str, list[engine.MajorOutcome]] = defaultdict(list)
    for o in all_outcomes:
        by_region[o.region].append(o)
    for outs in by_region.values():
        findings.extend(engine.evaluate(outs, rules, year, on=as_of))
    warnings = []
    titles = {r.code: r for r in rules.rules}
    for f in findings:
        base = f.rule.split(":")[0]
        rule = titles[base]
        row = rows[(f.unit, year)]
        suffix = " (single-year variant)" if f.rule.endswith(":single_year") else ""
        suffix_zh = "（单年口径）" if suffix else ""
        evidence = dict(f.evidence, min_graduates=rules.min_graduates, to_verify=rule.to_verify)
        warnings.append(
            MajorWarning(
                division=row.division,
                outcome=row,
                rule_code=f.rule,
                rule_title_en=(rule.title_en + suffix)[:200],
                rule_title_zh=(rule.title_zh + suffix_zh)[:200],
                rule_source=rule.source,
                rules_digest=digest,
                status=f.status,
                level=f.level,
                evidence=evidence,
            )
        )
    MajorWarning.objects.bulk_create(warnings, batch_size=500)
    counts = {
        "outcomes": len(rows),
        "warnings": len(warnings),
        "red": sum(1 for w in warnings if w.level == "red"),
        "yellow": sum(1 for w in warnings if w.level == "yellow"),
        "small_cells": sum(1 for w in warnings if w.status == "small_cell"),
    }
    record_event(
        region if hasattr(region, "pk") else None,
        actor=by or "releases_majors",
        kind=EventKind.RECORD_UPDATED,
        data={"action": "majors_computed", "year": year, "rules_digest": digest, **counts},
        division_path=region.path,
    )
    return counts


# --- wages --------------------------------------------------------------------------------------------------------


def _experience_band(years: int | None) -> str:
    if years is None:
        return ""
    if years <= 0:
        return "0"
    if years < 3:
        return "1-3"
    if years < 5:
        return "3-5"
    if years < 10:
        return "5-10"
    return "10+"


def _code_level(level: int):
    return lambda k: wage_engine.dadian_level(k.get("occupation", ""), level)


BREAKDOWNS = (
    wage_engine.Breakdown("occupation", ("source", "occupation", "region")),
    wage_engine.Breakdown("occupation_county", ("source", "occupation", "county")),
    wage_engine.Breakdown("major_group", ("source", "major", "region"), {"major": _code_level(1)}),
    wage_engine.Breakdown("middle_group", ("source", "middle", "region"), {"middle": _code_level(2)}),
    wage_engine.Breakdown("all", ("source", "region")),
    wage_engine.Breakdown("county", ("source", "county")),
    wage_engine.Breakdown("occupation_experience", ("source", "occupation", "region", "experience")),
    wage_engine.Breakdown("occupation_education", ("source", "occupation", "region", "education")),
)


def wage_observations(region: Division, year: int) -> list[wage_engine.Observation]:
    obs: list[wage_engine.Observation] = []
    # Tax wage records: one observation per person × employer (mean monthly income over the months recorded).
    sums: dict[tuple[int, int], list[float]] = defaultdict(list)
    for pid, eid, amount in WageIncome.objects.filter(
        _under(region, "employer__division"), month__year=year, employer__isnull=False
    ).values_list("person_id", "employer_id", "amount"):
        sums[(pid, eid)].append(float(amount))
    if sums:
        pids = {p for p, _ in sums}
        spell_occ: dict[tuple[int, int], str] = {}
        for pid, eid, code in (
            EmploymentSpell.objects.filter(person_id__in=pids, occupation__isnull=False)
            .order_by("start_date", "id")
            .values_list("person_id", "employer_id", "occupation__code")
        ):
            spell_occ[(pid, eid)] = code
        from jiuye.registry.models import Employer, Person

        people = {
            p: (occ or "", edu or "")
            for p, occ, edu in Person.objects.filter(pk__in=pids).values_list(
                "pk", "occupation__code", "education__code"
            )
        }
        paths = dict(Employer.objects.filter(pk__in={e for _, e in sums}).values_list("pk", "division__path"))
        for (pid, eid), amounts in sums.items():
            occ = spell_occ.get((pid, eid)) or people.get(pid, ("", ""))[0]
            keys = {
                "source": WageSource.TAX.value,
                "occupation": occ,
                "region": region.code,
                "county": _child_of(region, paths.get(eid, "")),
                "education": people.get(pid, ("", ""))[1],
                "experience": "",
            }
            obs.append(wage_engine.Observation(sum(amounts) / len(amounts), keys, f"e{eid}"))
    # Posted pay: midpoint of the monthly range.
    from jiuye.jobs.models import JobPosting

    postings = JobPosting.objects.filter(_under(region, "division"), published_at__year=year).filter(
        Q(pay_min__isnull=False) | Q(pay_max__isnull=False)
    )
    for pmin, pmax, occ, edu, exp, eid, path in postings.values_list(
        "pay_min",
        "pay_max",
        "occupation__code",
        "education__code",
        "experience_years",
        "employer_id",
        "division__path",
    ):
        try:
            value = wage_engine.posted_midpoint(pmin, pmax)
        except ValueError:
            continue
        if value is None or value <= 0:
            continue
        keys = {
            "source": WageSource.POSTED.value,
            "occupation": occ or "",
            "region": region.code,
            "county": _child_of(region, path),
            "education": edu or "",
            "experience": _experience_band(exp),
        }
        obs.append(wage_engine.Observation(value, keys, f"e{eid}"))
    return obs


METHOD_NOTES = (
    "Percentiles: linear interpolation between closest ranks (Hyndman–Fan type 7). Tax source: one observation per "
    "person × employer, their mean monthly wage income in the year. Posted source: one observation per posting "
    "published in the year, the midpoint of its monthly pay range. Bootstrap: {b} resamples, seed {seed}, over "
    "employers (clusters); observations without an employer are their own cluster. Suppressed: fewer than {min_n} "
    "observations, fewer than {min_employers} employers, one employer above {share:.0%} of observations, employer "
    "unknown for most observations, or RSE of the median above {rse:.0%}."
)


@transaction.atomic
def compute_wage_release(
    region: Division,
    year: int,
    *,
    by=None,
    b: int = wage_engine.DEFAULT_B,
    seed: int = wage_engine.DEFAULT_SEED,
    rules: wage_engine.SuppressionRules | None = None,
) -> WageRelease:
    """Compute (or recompute) the draft release of a region and year. A published release is not recomputed:
    return it to draft first."""
    if year < 1990 or year > timezone.localdate().year:
        raise ReleaseError("year", _("a year between 1990 and this year, got %(y)s") % {"y": year})
    if b < 2 or b > 5000:
        raise ReleaseError("b", _("between 2 and 5,000 bootstrap resamples"))
    rules = rules or wage_engine.SuppressionRules()
    release = WageRelease.objects.filter(division=region, year=year).first()
    if release is not None and release.is_published:
        raise ReleaseError(
            "year", _("the %(y)s release is published; return it to draft before recomputing") % {"y": year}
        )
    obs = wage_observations(region, year)
    if not obs:
        raise ReleaseError(
            "year", _("no tax wage records or postings with pay in %(y)s in this region") % {"y": year}
        )
    cells = wage_engine.estimate_cells(obs, BREAKDOWNS, rules=rules, b=b, seed=seed)
    notes = METHOD_NOTES.format(
        b=b,
        seed=seed,
        min_n=rules.min_n,
        min_employers=rules.min_employers,
        share=rules.max_employer_share,
        rse=rules.max_rse,
    )
    now = timezone.now()
    if release is None:
        release = WageRelease(division=region, year=year)
    release.status = ReleaseStatus.DRAFT
    release.method_notes = notes
    release.bootstrap_b = b
    release.seed = seed
    release.rules = rules.as_dict()
    release.computed_at = now
    release.counts = {
        "observations": len(obs),
        "tax": sum(1 for o in obs if o.keys["source"] == WageSource.TAX),
        "posted": sum(1 for o in obs if o.keys["source"] == WageSource.POSTED),
        "cells": len(cells),
        "published_cells": sum(1 for c in cells if not c.reasons),
        "suppressed_cells": sum(1 for c in cells if c.reasons),
    }
    release.save()
    release.cells.all().delete()
    divisions = {region.code: region}
    divisions.update({d.code: d for d in Division.objects.filter(parent=region)})
    codes = {k.get("occupation") or k.get("major") or k.get("middle") or "" for k in (c.keys for c in cells)}
    names = dict(Occupation.objects.filter(code__in=codes).values_list("code", "name_zh"))
    rows = []
    for c in cells:
        k = c.keys
        occ = k.get("occupation") or k.get("major") or k.get("middle") or ""
        division = divisions.get(k.get("county") or k.get("region") or region.code)
        if division is None:
            continue
        rows.append(
            WageCell(
                release=release,
                division=division,
                table=k["table"],
                source=k["source"],
                occupation_code=occ,
                occupation_name=names.get(occ, ""),
                experience=k.get("experience", ""),
                education=k.get("education", ""),
                n=c.n,
                n_employers=c.n_employers,
                top_employer_share=c.top_employer_share,
                p10=c.percentiles[10],
                p25=c.percentiles[25],
                p50=c.percentiles[50],
                p75=c.percentiles[75],
                p90=c.percentiles[90],
                rse_p10=c.rse.get(10),
                rse_p25=c.rse.get(25),
                rse_p50=c.rse.get(50),
                rse_p75=c.rse.get(75),
                rse_p90=c.rse.get(90),
                bootstrap=c.bootstrap,
                suppressed=bool(c.reasons),
                reasons=list(c.reasons),
            )
        )
    WageCell.objects.bulk_create(rows, batch_size=500)
    record_event(
        release,
        actor=by or "releases_wages",
        kind=EventKind.RECORD_UPDATED,
        data={"action": "wages_computed", "year": year, **release.counts},
    )
    return release


@transaction.atomic
def publish_wage_release(release: WageRelease, *, by, request=None) -> WageRelease:
    release = WageRelease.objects.select_for_update().get(pk=release.pk)
    if release.is_published:
        raise ReleaseError("status", _("This release is already published."))
    release.status = ReleaseStatus.PUBLISHED
    release.published_at = timezone.now()
    release.published_by = by if getattr(by, "is_authenticated", False) else None
    release.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    record_event(
        release,
        actor=by,
        kind=EventKind.RECORD_UPDATED,
        request=request,
        data={"action": "wages_published", "year": release.year},
    )
    return release


@transaction.atomic
def withdraw_wage_release(release: WageRelease, *, by, request=None) -> WageRelease:
    release = WageRelease.objects.select_for_update().get(pk=release.pk)
    if not release.is_published:
        raise ReleaseError("status", _("This release is not published."))
    release.status = ReleaseStatus.DRAFT
    release.published_at = None
    release.save(update_fields=["status", "published_at", "updated_at"])
    record_event(
        release,
        actor=by,
        kind=EventKind.RECORD_UPDATED,
        request=request,
        data={"action": "wages_withdrawn", "year": release.year},
    )
    return release


# --- demo -----------------------------------------------------------------------------------------------------------

DEMO_SOURCE = "demo-releases-graduates"
TERTIARY = ("junior_college", "bachelor", "master", "doctor")


@transaction.atomic
def add_demo_graduates(region: Division, years: list[int]) -> int:
    """Demo only: a graduate record for each person of the demo region with a tertiary education, a major and a
    graduation year in `years` who has none yet (the synthetic population carries major and graduation year on the
    person; the education department's demo file holds only a few records). Institution: one of the region's known
    institutions, chosen by person id; destination at graduation: employed when an employment spell starts within
    two months after 30 June of the graduation year or is already running, else not yet employed. Idempotent."""
    from jiuye.registry.enums import SourceKind
    from jiuye.registry.models import DataSource, Person

    source, _created = DataSource.objects.get_or_create(
        code=DEMO_SOURCE,
        defaults={"kind": SourceKind.DEMO, "name_zh": "演示毕业生", "name_en": "Demo graduates"},
    )
    known = sorted(
        set(
            GraduateRecord.objects.filter(_under(region, "person__division")).values_list(
                "institution", flat=True
            )
        )
        - {""}
    ) or ["湘潭大学", "湖南科技大学", "湖南工程学院"]
    persons = Person.objects.filter(
        _under(region, "division"),
        graduation_year__in=years,
        education__code__in=TERTIARY,
        graduations__isnull=True,
    ).exclude(major="")
    created = 0
    for p in persons.select_related("education").order_by("pk"):
        graduated = dt.date(p.graduation_year, 6, 30)
        employed = EmploymentSpell.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=graduated),
            person=p,
            start_date__lte=add_months(graduated, 2),
        ).exists()
        GraduateRecord.objects.create(
            person=p,
            source=source,
            institution=known[p.pk % len(known)],
            major_name=p.major,
            education=p.education,
            graduation_date=graduated,
            destination=GraduateDestination.EMPLOYED if employed else GraduateDestination.NOT_YET,
        )
        created += 1
    return created
