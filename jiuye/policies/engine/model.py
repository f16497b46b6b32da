"""Policies (rule + dated parameters), decisions, and the two ways to evaluate them."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .parameters import ParameterError, PolicyParameters, load_parameters
from .rules import MET, STATE_NAMES, UNKNOWN, UNMET, Cond, In, Quantity
from .situation import CATEGORIES, SITUATIONS, check_situation, field_names, ymd

PARAMETERS_DIR = Path(__file__).resolve().parent.parent / "parameters"

ELIGIBLE, NOT_ELIGIBLE = "eligible", "not_eligible"
STATUS_NAMES = {MET: ELIGIBLE, UNMET: NOT_ELIGIBLE, UNKNOWN: "unknown"}


@dataclass(frozen=True)
class Condition:
    code: str  # stable: stored with decisions, used as a message key
    text_en: str
    text_zh: str
    test: Cond


@dataclass(frozen=True)
class Benefit:
    code: str
    unit: str  # yuan, yuan_per_month, month, yuan_per_year…
    text_en: str
    text_zh: str
    formula: Quantity


@dataclass(frozen=True)
class Rule:
    policy: str
    version: str  # bump when the logic changes; stored with every decision
    conditions: tuple[Condition, ...]
    benefits: tuple[Benefit, ...] = ()


@dataclass(frozen=True)
class Decision:
    policy: str
    on: dt.date
    status: str  # eligible | not_eligible | unknown
    met: tuple[str, ...]
    unmet: tuple[str, ...]
    unknown: tuple[str, ...]
    benefits: dict[str, float] = field(default_factory=dict)  # only when eligible
    parameters: dict[str, object] = field(default_factory=dict)  # values used, for the record
    to_verify: tuple[str, ...] = ()  # parameters used whose value is a placeholder
    rule_version: str = ""
    parameters_digest: str = ""

    @property
    def eligible(self) -> bool:
        return self.status == ELIGIBLE


@dataclass
class PopulationResult:
    policy: str
    on: dt.date
    status: np.ndarray  # int8: UNMET 0, UNKNOWN 1, MET 2
    conditions: dict[str, np.ndarray]  # condition code → int8 state per row
    benefits: dict[str, np.ndarray]  # NaN where not eligible

    def counts(self) -> dict[str, int]:
        c = np.bincount(self.status, minlength=3)
        return {STATUS_NAMES[s]: int(c[s]) for s in (MET, UNMET, UNKNOWN)}

    def row(self, i: int) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...], dict]:
        """(status, met, unmet, unknown, benefits) for row i, in the shape of a Decision."""
        states = {code: int(a[i]) for code, a in self.conditions.items()}
        pick = lambda s: tuple(c for c, v in states.items() if v == s)  # noqa: E731
        benefits = {k: float(v[i]) for k, v in self.benefits.items() if not math.isnan(v[i])}
        return STATUS_NAMES[int(self.status[i])], pick(MET), pick(UNMET), pick(UNKNOWN), benefits


class _ScalarCtx:
    def __init__(self, situation, on: dt.date, params: PolicyParameters):
        self.situation, self.on, self.on_ymd = situation, on, ymd(on)
        self._params = params
        self.used: dict[str, object] = {}
        self.placeholders: set[str] = set()

    def param(self, name):
        if name not in self.used:
            p = self._params.parameters[name]
            e = p.entry(self.on, self.situation.division_code)
            self.used[name] = (
                None if e is None else (list(e.value) if isinstance(e.value, tuple) else e.value)
            )
            if e is not None and (e.to_verify or p.to_verify):
                self.placeholders.add(name)
        return self.used[name]


class _VectorCtx:
    def __init__(self, columns: dict[str, np.ndarray], on: dt.date, params: PolicyParameters):
        self.columns, self.on, self.on_ymd = columns, on, ymd(on)
        self.n = len(columns["division_code"])
        self._params = params
        self._cache: dict[str, tuple] = {}

    def variants(self, name):
        if name not in self._cache:
            self._cache[name] = self._params.parameters[name].variants(self.on, self.columns["division_code"])
        return self._cache[name]


def _check_codes(rule: Rule, meta: PolicyParameters) -> None:
    """Codes listed in a parameter must be codes the situation field can take (a typo would
    otherwise silently never match)."""
    for c in rule.conditions:
        for node in c.test.walk():
            if isinstance(node, In) and isinstance(node.codes, str):
                param = meta.parameters[node.codes]
                entries = [("values", param.national)] + [
                    (f"regional.{k}", v) for k, v in param.regional.items()
                ]
                for where, dated in entries:
                    for e in dated:
                        if not isinstance(e.value, tuple):
                            raise ParameterError(
                                meta.file, f"parameters.{node.codes}.{where}", "expected a list of codes"
                            )
                        bad = sorted(set(e.value) - set(CATEGORIES[node.name]))
                        if bad:
                            raise ParameterError(
                                meta.file,
                                f"parameters.{node.codes}.{where}",
                                f"unknown {node.name} codes {bad}; known: {', '.join(CATEGORIES[node.name])}",
                            )


@dataclass(frozen=True)
class Policy:
    rule: Rule
    meta: PolicyParameters
    digest: str

    @property
    def id(self) -> str:
        return self.rule.policy

    @property
    def subject(self) -> str:
        return self.meta.subject

    def evaluate(self, situation, on: dt.date) -> Decision:
        """Single case: one person's or employer's situation on a date."""
        if not isinstance(situation, SITUATIONS[self.subject]):
            raise TypeError(
                f"{self.id} reads a {SITUATIONS[self.subject].__name__}, got {type(situation).__name__}"
            )
        check_situation(situation)
        ctx = _ScalarCtx(situation, on, self.meta)
        states = [(c.code, c.test.scalar(ctx)) for c in self.rule.conditions]
        status = min(s for _, s in states)
        benefits = {}
        if status == MET:
            for b in self.rule.benefits:
                v = b.formula.scalar(ctx)
                if not math.isnan(v):
                    benefits[b.code] = v
        return Decision(
            policy=self.id,
            on=on,
            status=STATUS_NAMES[status],
            met=tuple(c for c, s in states if s == MET),
            unmet=tuple(c for c, s in states if s == UNMET),
            unknown=tuple(c for c, s in states if s == UNKNOWN),
            benefits=benefits,
            parameters=dict(ctx.used),
            to_verify=tuple(sorted(ctx.placeholders)),
            rule_version=self.rule.version,
            parameters_digest=self.digest,
        )

    def evaluate_population(self, columns: dict[str, np.ndarray], on: dt.date) -> PopulationResult:
        """Vectorised: every row of the columns (see situation.py for the encoding) on one date."""
        missing = {f for c in self.rule.conditions for f in c.test.fields()} - set(columns)
        if missing:
            raise KeyError(f"{self.id}: columns missing: {', '.join(sorted(missing))}")
        ctx = _VectorCtx(columns, on, self.meta)
        conds = {c.code: c.test.vector(ctx) for c in self.rule.conditions}
        status = np.minimum.reduce(list(conds.values())) if len(conds) > 1 else next(iter(conds.values()))
        benefits = {}
        for b in self.rule.benefits:
            v = np.broadcast_to(np.asarray(b.formula.vector(ctx), np.float64), (ctx.n,)).copy()
            v[status != MET] = math.nan
            benefits[b.code] = v
        return PopulationResult(self.id, on, status.astype(np.int8), conds, benefits)


class Catalogue:
    """All policies: the rules in `catalogue.py` joined with their YAML parameters, checked together."""

    def __init__(self, policies: dict[str, Policy]):
        self.policies = policies

    @classmethod
    def load(cls, directory: Path | None = None, known_divisions=None, rules=None) -> Catalogue:
        from .catalogue import RULES

        directory = Path(directory or PARAMETERS_DIR)
        rules = RULES if rules is None else rules
        metas = load_parameters(directory, known_divisions)
        policies = {}
        for pid, meta in metas.items():
            if pid not in rules:
                raise ParameterError(meta.file, "policy", f"no rule is defined for {pid!r}")
            rule = rules[pid]
            used = set()
            for c in rule.conditions:
                used |= c.test.params()
                bad = c.test.fields() - set(field_names(meta.subject))
                if bad:
                    raise ParameterError(
                        meta.file, "subject", f"the rule reads {sorted(bad)}, not in a {meta.subject}"
                    )
            for b in rule.benefits:
                used |= b.formula.params()
            for name in sorted(used - set(meta.parameters)):
                raise ParameterError(meta.file, f"parameters.{name}", "used by the rule but not defined")
            _check_codes(rule, meta)
            digest = hashlib.sha256((directory / meta.file).read_bytes()).hexdigest()[:16]
            policies[pid] = Policy(rule, meta, digest)
        return cls(policies)

    def __getitem__(self, pid: str) -> Policy:
        return self.policies[pid]

    def __iter__(self):
        return iter(self.policies.values())

    def for_subject(self, subject: str) -> list[Policy]:
        return [p for p in self.policies.values() if p.subject == subject]

    def evaluate(self, policy: str, situation, on: dt.date) -> Decision:
        return self.policies[policy].evaluate(situation, on)

    def evaluate_all(self, situation, on: dt.date) -> list[Decision]:
        subject = "person" if isinstance(situation, SITUATIONS["person"]) else "employer"
        return [p.evaluate(situation, on) for p in self.for_subject(subject)]

    def evaluate_population(self, subject: str, columns, on: dt.date) -> dict[str, PopulationResult]:
        return {p.id: p.evaluate_population(columns, on) for p in self.for_subject(subject)}


__all__ = [
    "ELIGIBLE",
    "NOT_ELIGIBLE",
    "STATE_NAMES",
    "Benefit",
    "Catalogue",
    "Condition",
    "Decision",
    "Policy",
    "PopulationResult",
    "Rule",
]
