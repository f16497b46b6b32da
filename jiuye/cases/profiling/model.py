"""`ProfileModel`: a transparent points score of long-term-unemployment risk for jiuye's own registry.

There is no labelled jiuye outcome yet (who, among newly registered unemployed persons, is still unemployed a
year later), so the weights are **transferred** from a logistic regression fitted on the real US data set
`jobless` (CPS Displaced Worker Supplements 1986–92; target: still jobless after 26 weeks, see `data.py`), using
only the variables that have a counterpart in the registry:

| registry feature                  | US variable it stands for                         | term                         |
|-----------------------------------|---------------------------------------------------|------------------------------|
| `education_rank` ≤ 2 (初中 or less)| `schlt12` (< 12 years of schooling)               | `low_education`              |
| `education_rank` ≥ 5 (大专 or more)| `schgt12` (> 12 years of schooling)               | `high_education`             |
| `contribution_months_24` / 24     | min(`tenure` in the lost job, 2 years) / 2        | `contribution_share`         |
| `occupation_major_group` in 5, 6  | `bluecoll` (lost job was blue collar)             | `manual_occupation`          |
| log(`previous_monthly_wage` / reference) | `logwage` − its sample median (clipped ±1.5) | `wage_log_ratio`             |
| `receives_unemployment_benefit`   | `ui` (filed an unemployment-insurance claim)      | `unemployment_benefit`       |

Each term contributes `weight × (value − training mean)` to the log-odds, so a missing (None) feature adds
nothing; the score is the logistic of the sum and lies in (0, 1). `reasons()` lists the terms that raise the
score, largest first, with their points (10 × the log-odds contribution, rounded).

Accepted but **not weighted** (no counterpart in the US data, weight 0, never a reason): `past_spells`,
`months_since_last_spell` (prior unemployment is the strongest predictor in European PES models, but none of
the data sets records it) and `key_groups` (identification is handled by the key-group criteria; groups that
encode age, sex or hukou — graduate, unemployed_youth, older_worker, rural_migrant, returning_migrant,
land_lost_farmer — are dropped, `disabled` too, see below).

Not features at all (a `ValueError` names them): sex, age, ethnicity, hukou, marital status, nationality and
**disability**. Disability is not in the platform's protected list, but Chinese law (残疾人保障法, 就业促进法)
forbids employment discrimination on it, there is no data to weight it, and persons with disabilities already
receive priority as a key group — so it is kept out of the risk score.

Honesty about the transfer. The weights describe displaced US workers in the late 1980s, where a UI claim
lengthens spells (benefits ran 26 weeks) and long tenure in the lost job means firm-specific skills. In the
Chinese registry unemployment-insurance benefits run up to 24 months by contribution years, coverage is low
(many registrants never contributed), contribution months are not job tenure, and 大典 major groups 5–6 are only
a rough match for "blue collar". Education carries almost no weight in the US fit. The score's absolute level
(about 18% base rate) does not transfer either: **use it only to order a caseworker's queue, never to deny or
ration a service**, and refit on jiuye's own outcomes (registration → still open after 12 months) once a year of
registrations has run. `tests/cases/test_profiling.py` refits the weights from the data and checks they match.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from decimal import Decimal

import numpy as np

from .data import Dataset, names_protected

PROFILE_FEATURES: tuple[str, ...] = (
    "education_rank",
    "contribution_months_24",
    "past_spells",
    "months_since_last_spell",
    "occupation_major_group",
    "previous_monthly_wage",
    "receives_unemployment_benefit",
    "key_groups",
)
WEIGHTED_TERMS: tuple[str, ...] = (
    "low_education",
    "high_education",
    "contribution_share",
    "manual_occupation",
    "wage_log_ratio",
    "unemployment_benefit",
)
# Never inputs, with the reason the error gives.
EXCLUDED_FEATURES: dict[str, str] = {
    "disability": "disability is a ground of protection in Chinese employment law and a key group of its own",
    "disability_grade": "disability is a ground of protection in Chinese employment law and a key group of its own",
}
KEY_GROUPS_USED = frozenset(
    {
        "veteran",
        "long_term_unemployed",
        "dibao_member",
        "low_income_member",
        "zero_employment_household",
        "ex_offender",
    }
)
KEY_GROUPS_DROPPED = frozenset(
    {
        "graduate",  # age
        "unemployed_youth",  # age
        "older_worker",  # age and sex (女40/男50)
        "rural_migrant",  # hukou
        "returning_migrant",  # hukou
        "land_lost_farmer",  # hukou
        "disabled",  # see EXCLUDED_FEATURES
    }
)
MANUAL_MAJOR_GROUPS = frozenset({"5", "6"})  # 大典 2022: 农林牧渔业生产及辅助人员, 生产制造及有关人员
WAGE_CLIP = 1.5
REASON_MIN_LOGODDS = 0.05
# Reason code shown for a term that raises the risk (a term only raises it in the direction named here).
REASON_CODES: dict[str, str] = {
    "low_education": "low_education",
    "high_education": "high_education",
    "contribution_share": "long_contribution_record",
    "manual_occupation": "manual_occupation",
    "wage_log_ratio": "low_previous_wage",
    "unemployment_benefit": "receives_unemployment_benefit",
}

# Fitted by `fit_profile_weights(load_jobless())` (logistic regression, C=1, on the 2,331 spells with a known
# outcome). Means are the training means of each term; the intercept is the log-odds at those means.
FITTED_WEIGHTS: dict[str, float] = {
    "low_education": -0.0427,
    "high_education": -0.0005,
    "contribution_share": 0.4976,
    "manual_occupation": 0.2580,
    "wage_log_ratio": -0.0843,
    "unemployment_benefit": 1.4514,
}
FITTED_MEANS: dict[str, float] = {
    "low_education": 0.2595,
    "high_education": 0.3715,
    "contribution_share": 0.6602,
    "manual_occupation": 0.5689,
    "wage_log_ratio": 0.0054,
    "unemployment_benefit": 0.4908,
}
FITTED_INTERCEPT = -1.7332  # log-odds at the means (≈ 0.15 for the mean profile; base rate 0.178)


def terms_from_jobless(ds: Dataset) -> np.ndarray:
    """The six transferable terms computed from the `jobless` columns, in WEIGHTED_TERMS order."""
    e = ds.extra
    lw = e["logwage"]
    return np.column_stack(
        [
            e["schlt12"],
            e["schgt12"],
            np.minimum(e["tenure"], 2.0) / 2.0,
            e["bluecoll"],
            np.clip(lw - np.median(lw), -WAGE_CLIP, WAGE_CLIP),
            e["ui"],
        ]
    )


def fit_profile_weights(ds: Dataset) -> tuple[dict[str, float], dict[str, float], float]:
    """Refit the transferred weights on `jobless`: (weights, means, intercept at the means)."""
    from sklearn.linear_model import LogisticRegression

    X = terms_from_jobless(ds)
    model = LogisticRegression(C=1.0, max_iter=2000).fit(X, ds.y)
    coef = model.coef_[0]
    means = X.mean(axis=0)
    weights = {t: float(c) for t, c in zip(WEIGHTED_TERMS, coef, strict=True)}
    mean_map = {t: float(m) for t, m in zip(WEIGHTED_TERMS, means, strict=True)}
    intercept = float(model.intercept_[0] + coef @ means)
    return weights, mean_map, intercept


def _number(features: Mapping, key: str, lo: float, hi: float | None = None) -> float | None:
    value = features.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real | Decimal):
        raise ValueError(f"profile feature {key!r} must be a number, got {value!r}")
    value = float(value)
    if math.isnan(value) or value < lo or (hi is not None and value > hi):
        raise ValueError(
            f"profile feature {key!r} is out of range [{lo}, {hi if hi is not None else '∞'}]: {value}"
        )
    return float(value)


class ProfileModel:
    """Risk of long-term unemployment for a newly registered unemployed person, as a points score.

    `score(features) -> float` in (0, 1); `reasons(features) -> list[(code, params)]`. `features` is a dict with
    keys from PROFILE_FEATURES (any may be missing or None). `reference_monthly_wage` should be the local median
    previous monthly wage of registered unemployed persons (yuan); the default is a placeholder.
    """

    def __init__(
        self,
        weights: Mapping[str, float] | None = None,
        means: Mapping[str, float] | None = None,
        intercept: float | None = None,
        reference_monthly_wage: float = 5000.0,
    ) -> None:
        self.weights = dict(weights or FITTED_WEIGHTS)
        self.means = dict(means or FITTED_MEANS)
        self.intercept = FITTED_INTERCEPT if intercept is None else float(intercept)
        if reference_monthly_wage <= 0:
            raise ValueError("reference_monthly_wage must be positive")
        self.reference_monthly_wage = float(reference_monthly_wage)
        for name in PROFILE_FEATURES:
            if names_protected(name) or name in EXCLUDED_FEATURES:
                raise AssertionError(f"protected attribute {name!r} in PROFILE_FEATURES")

    # -- inputs ------------------------------------------------------------------------------------------
    def check(self, features: Mapping) -> None:
        """Raise ValueError naming the first unknown, protected or malformed feature."""
        if not isinstance(features, Mapping):
            raise ValueError("profile features must be a mapping of feature name to value")
        for key in features:
            if key in EXCLUDED_FEATURES:
                raise ValueError(f"profile feature {key!r} is not used: {EXCLUDED_FEATURES[key]}")
            if names_protected(str(key)):
                raise ValueError(f"profile feature {key!r} is a protected attribute and is never used")
            if key not in PROFILE_FEATURES:
                raise ValueError(
                    f"unknown profile feature {key!r}; expected one of {', '.join(PROFILE_FEATURES)}"
                )
        _number(features, "education_rank", 0, 8)
        _number(features, "contribution_months_24", 0, 24)
        _number(features, "past_spells", 0)
        _number(features, "months_since_last_spell", 0)
        _number(features, "previous_monthly_wage", 0)
        benefit = features.get("receives_unemployment_benefit")
        if benefit is not None and not isinstance(benefit, bool):
            raise ValueError(
                f"profile feature 'receives_unemployment_benefit' must be true/false, got {benefit!r}"
            )
        group = features.get("occupation_major_group")
        if group is not None and (not str(group) or str(group)[0] not in "12345678"):
            raise ValueError(
                f"profile feature 'occupation_major_group' must be a 大典 major group 1-8, got {group!r}"
            )
        groups = features.get("key_groups")
        if groups is not None:
            if isinstance(groups, str) or not isinstance(groups, Iterable):
                raise ValueError("profile feature 'key_groups' must be a list of key-group codes")
            for code in groups:
                if code not in KEY_GROUPS_USED and code not in KEY_GROUPS_DROPPED:
                    raise ValueError(f"profile feature 'key_groups' has an unknown code {code!r}")

    def terms(self, features: Mapping) -> dict[str, float | None]:
        """Term values (None when the feature is missing)."""
        self.check(features)
        out: dict[str, float | None] = dict.fromkeys(WEIGHTED_TERMS)
        rank = features.get("education_rank")
        if rank is not None:
            out["low_education"] = 1.0 if rank <= 2 else 0.0
            out["high_education"] = 1.0 if rank >= 5 else 0.0
        months = features.get("contribution_months_24")
        if months is not None:
            out["contribution_share"] = float(months) / 24.0
        group = features.get("occupation_major_group")
        if group is not None:
            out["manual_occupation"] = 1.0 if str(group)[:1] in MANUAL_MAJOR_GROUPS else 0.0
        wage = features.get("previous_monthly_wage")
        if wage is not None and float(wage) > 0:
            ratio = math.log(float(wage) / self.reference_monthly_wage)
            out["wage_log_ratio"] = max(-WAGE_CLIP, min(WAGE_CLIP, ratio))
        benefit = features.get("receives_unemployment_benefit")
        if benefit is not None:
            out["unemployment_benefit"] = 1.0 if benefit else 0.0
        return out

    def contributions(self, features: Mapping) -> dict[str, float]:
        """Log-odds contribution of every weighted term (0 when missing)."""
        return {
            t: (0.0 if v is None else self.weights[t] * (v - self.means[t]))
            for t, v in self.terms(features).items()
        }

    # -- outputs -----------------------------------------------------------------------------------------
    def score(self, features: Mapping) -> float:
        z = self.intercept + sum(self.contributions(features).values())
        return 1.0 / (1.0 + math.exp(-z))

    def reasons(self, features: Mapping) -> list[tuple[str, dict]]:
        """The terms that raise the risk, largest first: (code, params incl. points); never empty."""
        contrib = self.contributions(features)
        out: list[tuple[str, dict]] = []
        for term, value in sorted(contrib.items(), key=lambda kv: (-kv[1], kv[0])):
            if value < REASON_MIN_LOGODDS:
                continue
            params: dict = {"points": round(10 * value)}
            if term in ("low_education", "high_education"):
                params["rank"] = features.get("education_rank")
            elif term == "contribution_share":
                params["months"] = features.get("contribution_months_24")
            elif term == "manual_occupation":
                params["major_group"] = str(features.get("occupation_major_group"))
            elif term == "wage_log_ratio":
                params["wage"] = features.get("previous_monthly_wage")
                params["reference"] = self.reference_monthly_wage
            out.append((REASON_CODES[term], params))
        if not out:
            out.append(("no_raised_factor", {"points": 0}))
        return out
