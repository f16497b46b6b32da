"""Estimates of the job-vacancy survey with standard errors, and suppression of unreliable cells.

Totals are Σ w_k y_k over respondents with the calibrated weights w. Their variance is estimated either with
stratified jackknife replicates that redo the adjustments (`replicates.py`), or by Taylor
linearisation of the calibration estimator (Deville & Särndal 1992): residuals e_k = y_k − x_k'B̂ of the
weighted regression of y on the calibration variables (weights before calibration), u_k = w_k e_k, and the
stratified SRSWOR formula applied to the respondents of each non-response group as if they were a simple
random sample from the group's N employers:

    V̂ = Σ_g (1 − r_g/N_g) · r_g/(r_g − 1) · Σ_{k∈g} (u_k − ū_g)²

(take-all groups that all responded add nothing; groups with a single respondent and a finite-population
correction below 1 are pooled into one variance group, as collapsed strata are). A ratio R = Y/X (vacancy rate
= vacancies / (employees + vacancies); hard-to-fill share = hard-to-fill / vacancies) is linearised as
z_k = (y_k − R x_k)/X̂ and z goes through the same formula. Employees are those the employer reports for the
reference date (the registry's insured headcount misses uninsured staff); the insured headcount stands in when
no number was given.

A cell is suppressed (kept, shown "—" with the reason) when fewer than `min_respondents` respondents contribute
(`few_respondents`), when its base is zero (`no_base`) or when its CV = SE/|estimate| exceeds `cv_max`
(`high_cv`).

Hard-to-fill reasons: for each reason, the hard-to-fill vacancies on lines citing it and their share of all
hard-to-fill vacancies (a line may cite several reasons, so the shares add up to more than 100%).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass

import numpy as np

from .replicates import Replicates, jackknife_variance
from .weights import SampledUnit

FEW_RESPONDENTS = "few_respondents"
HIGH_CV = "high_cv"
NO_BASE = "no_base"

UNIT_MEASURES = (
    "vacancies",
    "vacancy_rate",
    "hard_to_fill",
    "hard_to_fill_share",
    "planned_hires",
    "planned_layoffs",
    "employees",
)
OCCUPATION_MEASURES = ("vacancies", "hard_to_fill", "hard_to_fill_share", "planned_hires", "planned_layoffs")
REASON_MEASURES = ("hard_to_fill", "reason_share")
DIMENSIONS = ("all", "size_class", "industry", "division", "occupation", "reason")
RATIOS = {
    "vacancy_rate": ("vacancies", "employees_plus_vacancies"),
    "hard_to_fill_share": ("hard_to_fill", "vacancies"),
}


@dataclass(frozen=True)
class Line:
    """One occupation row of an answer; `major` is the 大典 major group (first digit of the code)."""

    major: str
    vacancies: int = 0
    hard_to_fill: int = 0
    planned_hires: int = 0
    planned_layoffs: int = 0
    reasons: tuple[str, ...] = ()  # why the hard-to-fill ones are hard to fill


@dataclass(frozen=True)
class Respondent:
    unit: SampledUnit
    division: str
    lines: tuple[Line, ...] = ()
    employees: int | None = None  # reported on the questionnaire; the registry headcount when not given

    def total(self, field: str, major: str | None = None) -> float:
        return float(sum(getattr(x, field) for x in self.lines if major is None or x.major == major))


@dataclass
class Cell:
    dimension: str
    group: str
    measure: str
    value: float | None
    se: float | None
    cv: float | None
    n: int
    suppressed: bool
    reason: str

    def as_dict(self) -> dict:
        return asdict(self)


class Estimator:
    """Totals and ratios with SEs for one set of respondents and weights: linearisation by default, the
    stratified jackknife when `replicates` is set (`jiuye.analytics.survey.replicates`)."""

    def __init__(
        self,
        ids: list[int],
        weights: dict[int, float],
        base_weights: dict[int, float],
        X: np.ndarray,
        variance_group: dict[int, str],
        group_sizes: dict[str, int],
    ):
        self.ids = ids
        self.replicates = None
        self.w = np.array([weights[i] for i in ids])
        d = np.array([base_weights[i] for i in ids])
        self.X = X
        if X.shape[1]:
            self._proj = np.linalg.pinv((X * d[:, None]).T @ X) @ (X * d[:, None]).T
        else:
            self._proj = None
        counts: dict[str, int] = defaultdict(int)
        for i in ids:
            counts[variance_group[i]] += 1
        # Single respondents in a group that is not fully enumerated cannot give a variance: pool them.
        pooled = {g for g, r in counts.items() if r == 1 and group_sizes[g] > 1}
        labels = ["(collapsed)" if variance_group[i] in pooled else variance_group[i] for i in ids]
        sizes = dict(group_sizes)
        sizes["(collapsed)"] = sum(group_sizes[g] for g in pooled)
        self.collapsed_groups = len(pooled)
        self._groups: list[tuple[np.ndarray, float]] = []
        by_label: dict[str, list[int]] = defaultdict(list)
        for k, label in enumerate(labels):
            by_label[label].append(k)
        for label, rows in by_label.items():
            r, N = len(rows), sizes[label]
            if r < 2:
                continue
            fpc = max(0.0, 1.0 - r / N) if N else 0.0
            self._groups.append((np.array(rows), fpc * r / (r - 1)))

    def _variance(self, y: np.ndarray) -> float:
        e = y - self.X @ (self._proj @ y) if self._proj is not None else y
        u = self.w * e
        v = 0.0
        for rows, factor in self._groups:
            part = u[rows]
            v += factor * float(np.sum((part - part.mean()) ** 2))
        return v

    replicates: Replicates | None = None  # when set, SEs come from the jackknife replicates

    def total(self, y: np.ndarray) -> tuple[float, float]:
        if self.replicates is not None:
            v = jackknife_variance(self.replicates, self.replicates.weights @ y)
        else:
            v = self._variance(y)
        return float(self.w @ y), float(np.sqrt(max(v, 0.0)))

    def ratio(self, y: np.ndarray, x: np.ndarray) -> tuple[float | None, float | None]:
        X_hat = float(self.w @ x)
        if X_hat == 0:
            return None, None
        R = float(self.w @ y) / X_hat
        if self.replicates is not None:
            den = self.replicates.weights @ x
            num = self.replicates.weights @ y
            # A replicate that loses the whole base keeps the full-sample ratio (it adds no variance).
            ratios = np.divide(num, den, out=np.full(len(den), R), where=den != 0)
            return R, float(np.sqrt(max(jackknife_variance(self.replicates, ratios), 0.0)))
        z = (y - R * x) / X_hat
        return R, float(np.sqrt(max(self._variance(z), 0.0)))


def _cell(dimension, group, measure, value, se, n, cv_max, min_respondents) -> Cell:
    cv = (se / abs(value)) if (value not in (None, 0) and se is not None) else None
    reason = ""
    if n < min_respondents:
        reason = FEW_RESPONDENTS
    elif value is None:
        reason = NO_BASE
    elif cv is not None and cv > cv_max:
        reason = HIGH_CV
    return Cell(
        dimension=dimension,
        group=group,
        measure=measure,
        value=value,
        se=se,
        cv=cv,
        n=n,
        suppressed=bool(reason),
        reason=reason,
    )


def tabulate(
    respondents: list[Respondent],
    est: Estimator,
    *,
    cv_max: float = 0.3,
    min_respondents: int = 3,
    expected: dict[str, list[str]] | None = None,
) -> list[Cell]:
    """Cells for every dimension × group × measure. `expected` lists groups to show even without respondents."""
    order = {i: k for k, i in enumerate(est.ids)}
    rows = sorted(respondents, key=lambda r: order[r.unit.id])
    base = {
        f: np.array([r.total(f) for r in rows])
        for f in ("vacancies", "hard_to_fill", "planned_hires", "planned_layoffs")
    }
    base["employees"] = np.array(
        [float(r.employees if r.employees is not None else r.unit.headcount) for r in rows]
    )
    base["employees_plus_vacancies"] = base["employees"] + base["vacancies"]
    keys = {
        "all": ["all"] * len(rows),
        "size_class": [r.unit.size_class for r in rows],
        "industry": [r.unit.industry for r in rows],
        "division": [r.division for r in rows],
    }
    cells: list[Cell] = []
    expected = expected or {}
    for dim in ("all", "size_class", "industry", "division"):
        groups = sorted(set(keys[dim]) | set(expected.get(dim, [])))
        for g in groups:
            mask = np.array([k == g for k in keys[dim]], dtype=float)
            n = int(mask.sum())
            for measure in UNIT_MEASURES:
                if measure in RATIOS:
                    num, den = RATIOS[measure]
                    value, se = est.ratio(base[num] * mask, base[den] * mask) if n else (None, None)
                else:
                    value, se = est.total(base[measure] * mask) if n else (None, None)
                cells.append(_cell(dim, g, measure, value, se, n, cv_max, min_respondents))
    majors = sorted({x.major for r in rows for x in r.lines} | set(expected.get("occupation", [])))
    for major in majors:
        ys = {
            f: np.array([r.total(f, major) for r in rows])
            for f in ("vacancies", "hard_to_fill", "planned_hires", "planned_layoffs")
        }
        n = sum(1 for r in rows if any(x.major == major for x in r.lines))
        for measure in OCCUPATION_MEASURES:
            if measure == "hard_to_fill_share":
                value, se = est.ratio(ys["hard_to_fill"], ys["vacancies"]) if n else (None, None)
            else:
                value, se = est.total(ys[measure]) if n else (None, None)
            cells.append(_cell("occupation", major, measure, value, se, n, cv_max, min_respondents))
    reasons = sorted({c for r in rows for x in r.lines for c in x.reasons} | set(expected.get("reason", [])))
    for reason in reasons:
        citing = np.array([float(sum(x.hard_to_fill for x in r.lines if reason in x.reasons)) for r in rows])
        n = sum(1 for r in rows if any(reason in x.reasons and x.hard_to_fill for x in r.lines))
        value, se = est.total(citing) if n else (None, None)
        cells.append(_cell("reason", reason, "hard_to_fill", value, se, n, cv_max, min_respondents))
        value, se = est.ratio(citing, base["hard_to_fill"]) if n else (None, None)
        cells.append(_cell("reason", reason, "reason_share", value, se, n, cv_max, min_respondents))
    return cells
