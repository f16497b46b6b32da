"""Nested cross-validation of the long-term-unemployment classifiers, calibration and the group report.

Outer loop: stratified 5-fold CV with a fixed seed; every row gets one out-of-fold (OOF) score. Inside each
outer training fold, the model family is chosen on an inner stratified 3-fold CV by mean AUC among
`CANDIDATES` (logistic regression on cubic splines, logistic regression on quantile bins, shallow gradient
boosting), then refitted on the whole outer training fold. All reported figures are computed on the pooled
OOF scores (AUC and Brier are also given per fold).

Operating threshold: the top `FLAG_SHARE` (30%) of OOF scores are flagged — the caseworker's queue is ordered
by score and the first 30% are contacted first. Error rates at that threshold: FNR = long-term spells not
flagged / long-term spells; FPR = short spells flagged / short spells.

The rule baseline is evaluated in the same outer folds: its probability is the long-term rate among rule-flagged
and non-flagged rows of the training fold (so its Brier is a fair one), its flag is the rule itself.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import KBinsDiscretizer, SplineTransformer, StandardScaler
from threadpoolctl import threadpool_limits

from .data import PROTECTED_COLUMNS, Dataset, names_protected

SEED = 20261128
OUTER_FOLDS = 5
INNER_FOLDS = 3
FLAG_SHARE = 0.30
CALIBRATION_BINS = 10


def _passthrough_index(ds: Dataset) -> tuple[list[int], list[int]]:
    cont = [i for i, n in enumerate(ds.feature_names) if n in ds.continuous]
    other = [i for i, n in enumerate(ds.feature_names) if n not in ds.continuous]
    return cont, other


def _logit_spline(ds: Dataset, seed: int):
    cont, other = _passthrough_index(ds)
    parts = []
    if cont:
        parts.append(("spline", SplineTransformer(n_knots=4, degree=3, knots="quantile"), cont))
    if other:
        parts.append(("binary", "passthrough", other))
    return Pipeline(
        [
            ("features", ColumnTransformer(parts)),
            ("scale", StandardScaler()),
            ("model", LogisticRegression(C=0.3, max_iter=5000)),
        ]
    )


def _logit_bins(ds: Dataset, seed: int):
    cont, other = _passthrough_index(ds)
    parts = []
    if cont:
        bins = KBinsDiscretizer(
            n_bins=5, encode="onehot-dense", strategy="quantile", quantile_method="averaged_inverted_cdf"
        )
        parts.append(("bins", bins, cont))
    if other:
        parts.append(("binary", "passthrough", other))
    return Pipeline(
        [
            ("features", ColumnTransformer(parts)),
            ("model", LogisticRegression(C=0.3, max_iter=5000)),
        ]
    )


def _boosting(ds: Dataset, seed: int):
    return HistGradientBoostingClassifier(
        max_iter=150,
        learning_rate=0.05,
        max_depth=3,
        min_samples_leaf=30,
        l2_regularization=1.0,
        early_stopping=False,
        random_state=seed,
    )


CANDIDATES = {"logit_spline": _logit_spline, "logit_bins": _logit_bins, "boosting": _boosting}


def assert_no_protected(ds: Dataset) -> None:
    """Raise if a feature is a protected column of its source or is named after a protected attribute."""
    for name in ds.feature_names:
        if name in PROTECTED_COLUMNS.get(ds.name, ()) or names_protected(name):
            raise ValueError(f"{ds.name}: feature {name!r} is (or stands in for) a protected attribute")


def _fit_predict(factory, ds: Dataset, train: np.ndarray, test: np.ndarray, seed: int) -> np.ndarray:
    model = factory(ds, seed)
    with warnings.catch_warnings(), threadpool_limits(limits=1):
        warnings.simplefilter("ignore", ConvergenceWarning)
        # tenure and the state rate are heaped on a few values: quantile bins merge, which is what we want
        warnings.filterwarnings("ignore", message="Bins whose width are too small", category=UserWarning)
        model.fit(ds.X[train], ds.y[train])
    return model.predict_proba(ds.X[test])[:, 1]


def _safe_auc(y: np.ndarray, score: np.ndarray) -> float | None:
    if y.size == 0 or y.min() == y.max():
        return None
    return float(roc_auc_score(y, score))


def calibration(y: np.ndarray, score: np.ndarray, bins: int = CALIBRATION_BINS) -> list[dict]:
    """Equal-count bins of the score (by rank, ties broken by row order): mean predicted, observed rate, n."""
    n = y.shape[0]
    order = np.argsort(score, kind="stable")
    bin_of = np.empty(n, dtype=np.int64)
    bin_of[order] = (np.arange(n) * bins) // max(n, 1)
    out = []
    for b in range(bins):
        mask = bin_of == b
        count = int(mask.sum())
        out.append(
            {
                "bin": b + 1,
                "n": count,
                "mean_predicted": float(score[mask].mean()) if count else None,
                "observed": float(y[mask].mean()) if count else None,
            }
        )
    return out


def threshold_for_share(score: np.ndarray, share: float = FLAG_SHARE) -> float:
    """The score at or above which the top `share` of rows lie."""
    return float(np.quantile(score, 1.0 - share, method="higher"))


def group_metrics(y: np.ndarray, score: np.ndarray, flagged: np.ndarray) -> dict:
    pos, neg = y == 1, y == 0
    return {
        "n": int(y.size),
        "prevalence": float(y.mean()) if y.size else None,
        "auc": _safe_auc(y, score),
        "brier": float(brier_score_loss(y, score)) if y.size else None,
        "fnr": float((~flagged[pos]).mean()) if pos.any() else None,
        "fpr": float(flagged[neg].mean()) if neg.any() else None,
        "mean_score": float(score.mean()) if y.size else None,
        "flagged_share": float(flagged.mean()) if y.size else None,
    }


def group_report(ds: Dataset, score: np.ndarray, flagged: np.ndarray) -> dict[str, dict]:
    """Per protected attribute: metrics per group, the flagged-share ratio (max/min) and the AUC gap."""
    report: dict[str, dict] = {}
    for attribute, labels in ds.groups.items():
        groups = {
            str(g): group_metrics(ds.y[labels == g], score[labels == g], flagged[labels == g])
            for g in sorted(set(labels.tolist()))
        }
        shares = [m["flagged_share"] for m in groups.values() if m["flagged_share"] is not None]
        aucs = [m["auc"] for m in groups.values() if m["auc"] is not None]
        report[attribute] = {
            "groups": groups,
            "flagged_share_ratio": (max(shares) / min(shares)) if shares and min(shares) > 0 else None,
            "auc_gap": (max(aucs) - min(aucs)) if len(aucs) >= 2 else None,
        }
    return report


@dataclass
class CVResult:
    dataset: str
    n: int
    prevalence: float
    oof_score: np.ndarray
    chosen: list[str]  # model family chosen in each outer fold
    inner_auc: dict[str, list[float]]  # candidate -> mean inner AUC per outer fold
    fold_auc: list[float]
    fold_brier: list[float]
    auc: float
    brier: float
    threshold: float
    calibration: list[dict]
    overall: dict
    groups: dict[str, dict]
    baseline_score: np.ndarray
    baseline: dict = field(default_factory=dict)


def cross_validate(
    ds: Dataset,
    *,
    seed: int = SEED,
    outer_folds: int = OUTER_FOLDS,
    inner_folds: int = INNER_FOLDS,
    candidates: dict | None = None,
    flag_share: float = FLAG_SHARE,
) -> CVResult:
    """Nested stratified CV on `ds`; deterministic for a given seed. One candidate: no inner CV."""
    assert_no_protected(ds)
    candidates = candidates or CANDIDATES
    y = ds.y
    oof = np.full(y.shape[0], np.nan)
    base_oof = np.full(y.shape[0], np.nan)
    chosen: list[str] = []
    inner_auc: dict[str, list[float]] = {name: [] for name in candidates}
    fold_auc: list[float] = []
    fold_brier: list[float] = []
    outer = StratifiedKFold(n_splits=outer_folds, shuffle=True, random_state=seed)
    for k, (train, test) in enumerate(outer.split(ds.X, y)):
        inner = StratifiedKFold(n_splits=inner_folds, shuffle=True, random_state=seed + k + 1)
        means = {}
        for name, factory in candidates.items():
            if len(candidates) == 1:  # nothing to choose: no inner CV
                means[name] = float("nan")
                break
            aucs = []
            for itr, ite in inner.split(ds.X[train], y[train]):
                p = _fit_predict(factory, ds, train[itr], train[ite], seed)
                aucs.append(roc_auc_score(y[train[ite]], p))
            means[name] = float(np.mean(aucs))
            inner_auc[name].append(means[name])
        best = (
            max(means, key=lambda n: (means[n], -list(candidates).index(n)))
            if len(means) > 1
            else next(iter(means))
        )
        chosen.append(best)
        oof[test] = _fit_predict(candidates[best], ds, train, test, seed)
        fold_auc.append(float(roc_auc_score(y[test], oof[test])))
        fold_brier.append(float(brier_score_loss(y[test], oof[test])))
        if ds.baseline is not None:
            rule = ds.baseline
            rate_on = y[train][rule[train] == 1].mean() if (rule[train] == 1).any() else y[train].mean()
            rate_off = y[train][rule[train] == 0].mean() if (rule[train] == 0).any() else y[train].mean()
            base_oof[test] = np.where(rule[test] == 1, rate_on, rate_off)
    threshold = threshold_for_share(oof, flag_share)
    flagged = oof >= threshold
    result = CVResult(
        dataset=ds.name,
        n=ds.n,
        prevalence=ds.prevalence,
        oof_score=oof,
        chosen=chosen,
        inner_auc=inner_auc,
        fold_auc=fold_auc,
        fold_brier=fold_brier,
        auc=float(roc_auc_score(y, oof)),
        brier=float(brier_score_loss(y, oof)),
        threshold=threshold,
        calibration=calibration(y, oof),
        overall=group_metrics(y, oof, flagged),
        groups=group_report(ds, oof, flagged),
        baseline_score=base_oof,
    )
    if ds.baseline is not None:
        rule_flag = ds.baseline == 1
        result.baseline = {
            "rule": ds.baseline_rule,
            "auc": float(roc_auc_score(y, base_oof)) if y.min() != y.max() else None,
            "brier": float(brier_score_loss(y, base_oof)),
            "calibration": calibration(y, base_oof),
            "overall": group_metrics(y, base_oof, rule_flag),
            "groups": group_report(ds, base_oof, rule_flag),
            # the model at the rule's own flagged share, for a like-for-like error comparison
            "model_at_rule_share": group_metrics(
                y, oof, oof >= threshold_for_share(oof, float(rule_flag.mean()))
            ),
        }
    return result
