"""Majors red-yellow warning (专业预警): outcomes by major and rules that flag majors (pure: no Django).

Outcomes come in as `MajorOutcome` records — one per major × institution × region × graduation cohort, counts only
— and the rules come from a YAML file of dated rules with their source (`load_rules`). `evaluate(outcomes, rules)`
returns one `Finding` per rule × rated unit: a flag (red / yellow) or not, or "not rated" with why, always with the
numbers behind it (values, threshold, rank and percentile among the rated units, the cohorts used).

Rule kinds:

* ``below_threshold_consecutive``: the measure is below `threshold` in each of the last `years` cohorts (the
  Ministry of Education's "employment rate below 60% two years running"). A unit is compared over cohorts
  `cohort - years + 1 … cohort`; if any of those cohorts is missing or small, the rule is *not computable* for it
  (status ``not_computable``) — it is never decided on fewer years than the rule says. A rule may name
  `single_year_variant: true` to also report the one-year reading, labelled as such (code ``<rule>:single_year``).
* ``bottom_share``: the measure is in the bottom `share` of the rated units of the same cohort and level (ranked
  ascending; ties take the lower rank, so a tie at the boundary flags every tied unit). Provinces' "bottom 10%".
* ``composite``: score = Σ weight × percentile rank of each measure (percentile rank r/(n-1) of the unit's value
  among the rated units, 0 = lowest, missing measures re-weight the others); red for the bottom `red_share`, yellow
  for the next `yellow_share`, and only among units whose unemployed count is at or above the `min_unemployed_rank`
  percentile — the published red-card lists pick majors with *many* unemployed graduates, not tiny ones.

Small cells: a unit whose cohort has fewer than `min_graduates` graduates is not rated (status ``small_cell``) and
is left out of every ranking; it is still returned so pages can say so.

Rates: every rate has graduates of the cohort as denominator; employed counts follow the library's definitions
(see `jiuye.monitoring.releases.majors_source`). Protected attributes (sex, age, ethnicity, hukou, marital status)
are never inputs: an outcome record has no field for them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RED = "red"
YELLOW = "yellow"
LEVELS = (RED, YELLOW)

FLAGGED = "flagged"
NOT_FLAGGED = "not_flagged"
SMALL_CELL = "small_cell"
NOT_COMPUTABLE = "not_computable"
NO_VALUE = "no_value"

KINDS = ("below_threshold_consecutive", "bottom_share", "composite")

MEASURES = (
    "employment_rate_at_graduation",
    "employment_rate_6m",
    "employment_rate_12m",
    "median_pay",
    "match_share",
    "unemployed",
)


class RuleError(ValueError):
    """A rules file that cannot be used; the message names the file, the rule and the key."""


@dataclass(frozen=True)
class MajorOutcome:
    major: str  # the major's key (code, or name when no code)
    cohort: int  # graduation year
    graduates: int
    major_name: str = ""
    institution: str = ""  # "" = all institutions of the region
    region: str = ""  # division code, "" = all
    employed_at_graduation: int | None = None
    employed_6m: int | None = None
    employed_12m: int | None = None
    median_pay: float | None = None
    matching: int | None = None  # employed in a job matching the major
    matching_base: int | None = None  # employed with a known occupation
    unemployed: int | None = None
    # Unweighted number of records behind the figures when they come from a survey (the small-cell test uses it
    # instead of `graduates`, which is then a weighted total).
    sample_size: int | None = None
    extra: Mapping[str, float | None] = field(default_factory=dict, hash=False, compare=False)

    @property
    def cell_size(self) -> int:
        return self.graduates if self.sample_size is None else self.sample_size

    @property
    def unit(self) -> tuple[str, str, str]:
        return (self.major, self.institution, self.region)

    def measure(self, name: str) -> float | None:
        if name in self.extra:
            return self.extra[name]

        def rate(num: int | None, den: int | None) -> float | None:
            return None if num is None or not den else num / den

        if name == "employment_rate_at_graduation":
            return rate(self.employed_at_graduation, self.graduates)
        if name == "employment_rate_6m":
            return rate(self.employed_6m, self.graduates)
        if name == "employment_rate_12m":
            return rate(self.employed_12m, self.graduates)
        if name == "median_pay":
            return self.median_pay
        if name == "match_share":
            return rate(self.matching, self.matching_base)
        if name == "unemployed":
            if self.unemployed is not None:
                return float(self.unemployed)
            return None if self.employed_12m is None else float(self.graduates - self.employed_12m)
        raise KeyError(name)


@dataclass(frozen=True)
class Rule:
    code: str
    kind: str
    title_en: str
    title_zh: str
    source: str
    valid_from: dt.date
    valid_to: dt.date | None = None
    level: str = RED
    measure: str = ""
    threshold: float | None = None
    years: int = 1
    share: float | None = None
    weights: Mapping[str, float] = field(default_factory=dict, hash=False, compare=False)
    red_share: float | None = None
    yellow_share: float | None = None
    min_unemployed_rank: float = 0.0
    single_year_variant: bool = False
    to_verify: bool = False
    note: str = ""

    def in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@dataclass(frozen=True)
class RuleSet:
    name: str
    min_graduates: int
    rules: tuple[Rule, ...]
    path: str = ""

    def in_force(self, on: dt.date) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.in_force(on))

    def get(self, code: str) -> Rule:
        for r in self.rules:
            if r.code == code:
                return r
        raise KeyError(code)


@dataclass
class Finding:
    rule: str
    unit: tuple[str, str, str]
    major_name: str
    cohort: int
    status: str  # FLAGGED, NOT_FLAGGED, SMALL_CELL, NOT_COMPUTABLE, NO_VALUE
    level: str = ""  # RED / YELLOW when flagged
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def flagged(self) -> bool:
        return self.status == FLAGGED


# --- rules from YAML --------------------------------------------------------------------------------------------


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise RuleError(f"{where}: a date as YYYY-MM-DD, got {value!r}") from None


def _num(value: Any, where: str, lo: float | None = None, hi: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RuleError(f"{where}: a number, got {value!r}")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise RuleError(f"{where}: must be within {lo}..{hi}, got {value!r}")
    return float(value)


def rules_from_dict(data: Mapping[str, Any], path: str = "<rules>") -> RuleSet:
    if not isinstance(data, Mapping):
        raise RuleError(f"{path}: expected a mapping at the top")
    min_graduates = data.get("min_graduates")
    if not isinstance(min_graduates, int) or isinstance(min_graduates, bool) or min_graduates < 1:
        raise RuleError(f"{path}: min_graduates: a whole number ≥ 1, got {min_graduates!r}")
    raw = data.get("rules")
    if not isinstance(raw, list) or not raw:
        raise RuleError(f"{path}: rules: a non-empty list")
    rules = []
    seen = set()
    for i, r in enumerate(raw):
        where = f"{path}: rules[{i}]"
        if not isinstance(r, Mapping):
            raise RuleError(f"{where}: a mapping")
        code = r.get("code")
        if not code or not isinstance(code, str):
            raise RuleError(f"{where}: code: required")
        where = f"{path}: {code}"
        if code in seen:
            raise RuleError(f"{where}: code: used twice")
        seen.add(code)
        kind = r.get("kind")
        if kind not in KINDS:
            raise RuleError(f"{where}: kind: one of {', '.join(KINDS)}, got {kind!r}")
        for key in ("title_en", "title_zh", "source"):
            if not r.get(key):
                raise RuleError(f"{where}: {key}: required")
        kw: dict[str, Any] = dict(
            code=code,
            kind=kind,
            title_en=str(r["title_en"]),
            title_zh=str(r["title_zh"]),
            source=str(r["source"]),
            valid_from=_date(r.get("valid_from"), f"{where}: valid_from"),
            valid_to=_date(r["valid_to"], f"{where}: valid_to") if r.get("valid_to") else None,
            to_verify=bool(r.get("to_verify", False)),
            note=str(r.get("note", "")),
        )
        if kind in ("below_threshold_consecutive", "bottom_share"):
            level = r.get("level")
            if level not in LEVELS:
                raise RuleError(f"{where}: level: red or yellow, got {level!r}")
            measure = r.get("measure")
            if measure not in MEASURES:
                raise RuleError(f"{where}: measure: one of {', '.join(MEASURES)}, got {measure!r}")
            kw.update(level=level, measure=measure)
        if kind == "below_threshold_consecutive":
            kw["threshold"] = _num(r.get("threshold"), f"{where}: threshold")
            years = r.get("years")
            if not isinstance(years, int) or isinstance(years, bool) or years < 1:
                raise RuleError(f"{where}: years: a whole number ≥ 1, got {years!r}")
            kw["years"] = years
            kw["single_year_variant"] = bool(r.get("single_year_variant", False))
        elif kind == "bottom_share":
            kw["share"] = _num(r.get("share"), f"{where}: share", 0.0, 1.0)
        elif kind == "composite":
            weights = r.get("weights")
            if not isinstance(weights, Mapping) or not weights:
                raise RuleError(f"{where}: weights: a mapping of measure → weight")
            for m, w in weights.items():
                if m not in MEASURES:
                    raise RuleError(f"{where}: weights: unknown measure {m!r}")
                _num(w, f"{where}: weights: {m}", 0.0, None)
            kw["weights"] = {m: float(w) for m, w in weights.items()}
            kw["red_share"] = _num(r.get("red_share"), f"{where}: red_share", 0.0, 1.0)
            kw["yellow_share"] = _num(r.get("yellow_share"), f"{where}: yellow_share", 0.0, 1.0)
            kw["min_unemployed_rank"] = _num(
                r.get("min_unemployed_rank", 0.0), f"{where}: min_unemployed_rank", 0, 1
            )
        rules.append(Rule(**kw))
    return RuleSet(name=str(data.get("name", "")), min_graduates=min_graduates, rules=tuple(rules), path=path)


def load_rules(path: str | Path) -> RuleSet:
    import yaml

    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RuleError(f"{path.name}: not valid YAML: {exc}") from None
    return rules_from_dict(data, path.name)


# --- evaluation -------------------------------------------------------------------------------------------------


def _rank_info(values: dict[tuple, float]) -> dict[tuple, tuple[int, float]]:
    """unit → (rank from 1 = lowest, ties share the lowest rank; percentile rank (rank-1)/(n-1), 0 when n = 1)."""
    ordered = sorted(values.values())
    n = len(ordered)
    import bisect

    out = {}
    for unit, v in values.items():
        rank = bisect.bisect_left(ordered, v) + 1
        out[unit] = (rank, 0.0 if n == 1 else (rank - 1) / (n - 1))
    return out


def _r(x: float | None, nd: int = 4) -> float | None:
    return None if x is None else round(float(x), nd)


def evaluate(
    outcomes: Iterable[MajorOutcome], rules: RuleSet, cohort: int, *, on: dt.date | None = None
) -> list[Finding]:
    """Findings for every rule in force on `on` (default: 31 December of `cohort` + 1) and every unit that has an
    outcome for `cohort`. Units are compared with the units of the same level (institution "" or not)."""
    on = on or dt.date(cohort + 1, 12, 31)
    by_unit: dict[tuple, dict[int, MajorOutcome]] = defaultdict(dict)
    for o in outcomes:
        if o.unit in by_unit and o.cohort in by_unit[o.unit]:
            raise ValueError(f"two outcomes for {o.unit} cohort {o.cohort}")
        by_unit[o.unit][o.cohort] = o
    current = {u: c[cohort] for u, c in by_unit.items() if cohort in c}
    small = {u for u, o in current.items() if o.cell_size < rules.min_graduates}
    findings: list[Finding] = []
    for rule in rules.in_force(on):
        for u in sorted(small):
            o = current[u]
            findings.append(
                Finding(
                    rule.code,
                    u,
                    o.major_name,
                    cohort,
                    SMALL_CELL,
                    evidence={
                        "graduates": o.graduates,
                        "cell_size": o.cell_size,
                        "min_graduates": rules.min_graduates,
                    },
                )
            )
        # Units are ranked among units of their own level: institution-level with institution-level.
        levels: dict[bool, dict[tuple, MajorOutcome]] = defaultdict(dict)
        for u, o in current.items():
            if u not in small:
                levels[bool(o.institution)][u] = o
        for group in levels.values():
            if rule.kind == "below_threshold_consecutive":
                findings.extend(_consecutive(rule, group, by_unit, cohort, rules.min_graduates))
            elif rule.kind == "bottom_share":
                findings.extend(_bottom(rule, group, cohort))
            else:
                findings.extend(_composite(rule, group, cohort))
    return findings


def _consecutive(rule, group, by_unit, cohort, min_graduates) -> list[Finding]:
    out = []
    years = list(range(cohort - rule.years + 1, cohort + 1))
    for u, o in sorted(group.items()):
        values = {}
        missing = []
        for y in years:
            oy = by_unit[u].get(y)
            if oy is None or oy.cell_size < min_graduates or oy.measure(rule.measure) is None:
                missing.append(y)
            else:
                values[y] = oy.measure(rule.measure)
        ev = {
            "measure": rule.measure,
            "threshold": rule.threshold,
            "years_required": rule.years,
            "cohorts": years,
            "values": {str(y): _r(v) for y, v in values.items()},
            "graduates": {str(y): by_unit[u][y].graduates for y in years if y in by_unit[u]},
        }
        this_year = o.measure(rule.measure)
        if missing:
            ev["missing_cohorts"] = missing
            out.append(Finding(rule.code, u, o.major_name, cohort, NOT_COMPUTABLE, evidence=ev))
        else:
            below = all(v < rule.threshold for v in values.values())
            out.append(
                Finding(
                    rule.code,
                    u,
                    o.major_name,
                    cohort,
                    FLAGGED if below else NOT_FLAGGED,
                    rule.level if below else "",
                    ev,
                )
            )
        if rule.single_year_variant and rule.years > 1:
            ev1 = {
                "measure": rule.measure,
                "threshold": rule.threshold,
                "years_required": 1,
                "cohorts": [cohort],
                "values": {str(cohort): _r(this_year)},
                "graduates": {str(cohort): o.graduates},
                "variant": "single_year",
            }
            if this_year is None:
                status, level = NO_VALUE, ""
            elif this_year < rule.threshold:
                status, level = FLAGGED, rule.level
            else:
                status, level = NOT_FLAGGED, ""
            out.append(Finding(f"{rule.code}:single_year", u, o.major_name, cohort, status, level, ev1))
    return out


def _bottom(rule, group, cohort) -> list[Finding]:
    out = []
    values = {u: o.measure(rule.measure) for u, o in group.items()}
    rated = {u: v for u, v in values.items() if v is not None}
    ranks = _rank_info(rated)
    n = len(rated)
    cut = rule.share * n  # a unit is in the bottom share when its (tie-lowest) rank ≤ share × n
    for u, o in sorted(group.items()):
        v = values[u]
        if v is None:
            out.append(
                Finding(rule.code, u, o.major_name, cohort, NO_VALUE, evidence={"measure": rule.measure})
            )
            continue
        rank, pct = ranks[u]
        flagged = rank <= cut
        ev = {
            "measure": rule.measure,
            "value": _r(v),
            "rank": rank,
            "of": n,
            "percentile_rank": _r(pct),
            "share": rule.share,
            "cut_rank": _r(cut, 2),
            "graduates": o.graduates,
            "cohorts": [cohort],
        }
        out.append(
            Finding(
                rule.code,
                u,
                o.major_name,
                cohort,
                FLAGGED if flagged else NOT_FLAGGED,
                rule.level if flagged else "",
                ev,
            )
        )
    return out


def _composite(rule, group, cohort) -> list[Finding]:
    out = []
    pranks: dict[str, dict[tuple, tuple[int, float]]] = {}
    for m in rule.weights:
        vals = {u: o.measure(m) for u, o in group.items()}
        pranks[m] = _rank_info({u: v for u, v in vals.items() if v is not None})
    scores: dict[tuple, float] = {}
    parts: dict[tuple, dict[str, Any]] = {}
    for u in group:
        total_w = sum(w for m, w in rule.weights.items() if u in pranks[m])
        if total_w == 0:
            continue
        scores[u] = sum(w * pranks[m][u][1] for m, w in rule.weights.items() if u in pranks[m]) / total_w
        parts[u] = {
            m: {"value": _r(group[u].measure(m)), "percentile_rank": _r(pranks[m][u][1])}
            for m in rule.weights
            if u in pranks[m]
        }
    unemployed = {u: o.measure("unemployed") for u, o in group.items()}
    unemp_rank = _rank_info({u: v for u, v in unemployed.items() if v is not None})
    eligible = {
        u: s
        for u, s in scores.items()
        if rule.min_unemployed_rank <= 0 or (u in unemp_rank and unemp_rank[u][1] >= rule.min_unemployed_rank)
    }
    ranks = _rank_info(eligible)
    n = len(eligible)
    red_cut = rule.red_share * n
    yellow_cut = (rule.red_share + rule.yellow_share) * n
    for u, o in sorted(group.items()):
        if u not in scores:
            out.append(
                Finding(
                    rule.code, u, o.major_name, cohort, NO_VALUE, evidence={"weights": dict(rule.weights)}
                )
            )
            continue
        ev = {
            "score": _r(scores[u]),
            "weights": dict(rule.weights),
            "parts": parts[u],
            "unemployed": _r(unemployed.get(u), 1),
            "unemployed_percentile_rank": _r(unemp_rank[u][1]) if u in unemp_rank else None,
            "min_unemployed_rank": rule.min_unemployed_rank,
            "graduates": o.graduates,
            "cohorts": [cohort],
        }
        if u not in eligible:
            ev["eligible"] = False
            out.append(Finding(rule.code, u, o.major_name, cohort, NOT_FLAGGED, evidence=ev))
            continue
        rank, pct = ranks[u]
        ev.update(
            eligible=True, rank=rank, of=n, red_cut_rank=_r(red_cut, 2), yellow_cut_rank=_r(yellow_cut, 2)
        )
        level = RED if rank <= red_cut else YELLOW if rank <= yellow_cut else ""
        out.append(Finding(rule.code, u, o.major_name, cohort, FLAGGED if level else NOT_FLAGGED, level, ev))
    return out


def summarise(findings: Sequence[Finding]) -> dict[str, dict[str, int]]:
    """rule → counts of red, yellow, not flagged, small cells, not computable, no value."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for f in findings:
        out[f.rule][f.level if f.flagged else f.status] += 1
    return {k: dict(v) for k, v in out.items()}


def median(values: Sequence[float]) -> float | None:
    """The middle value (mean of the two middle values for an even count); None for no values."""
    xs = sorted(values)
    if not xs:
        return None
    mid = len(xs) // 2
    return float(xs[mid]) if len(xs) % 2 else (xs[mid - 1] + xs[mid]) / 2.0
