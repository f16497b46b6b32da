"""Fraud classifier for job postings, trained on EMSCAD (Employment Scam Aegean Dataset). Pure: no Django.

Features (all about the posting, none about people):
- word 1–2-gram TF-IDF over title, company profile, description, requirements and benefits, each field prefixed by
  its name so "title : work from home" differs from the same words in the benefits;
- structured fields: salary range present, telecommuting, has company logo, has screening questions, which text
  fields are empty, log length of the text, and one-hot employment type, required experience, required education,
  function and industry.
Character 3–5-grams over the whole text were tried and dropped: on duplicate-grouped folds they added nothing to
PR-AUC (0.894 with them, 0.897 without) and made scoring about five times slower.

Text is normalised before vectorising: non-breaking spaces and runs of whitespace become one space, and the
dataset's masks (``#EMAIL_1f2e…#``, ``#URL_…#``, ``#PHONE_…#``) become one token per kind. In the file provided
most fraudulent rows came from a different public copy than most legitimate ones, and the copies differ in such
details (non-breaking spaces: 56% of those rows against 77%), which a model must not learn.

Model: linear SVM (L2, C=0.5, balanced class weights; C fixed beforehand, not tuned on the evaluation folds). Its
decision values are calibrated by Platt scaling fitted on out-of-fold decision values from an inner,
duplicate-grouped 3-fold split of the training rows, then shifted from the training sample's fraud share π_s to
the real prior π = ``PRIOR`` (4.8%, Vidros et al. 2017) by Bayes' rule on the odds::

    odds_real = odds_sample × (π / (1 − π)) / (π_s / (1 − π_s))

so ``FraudModel.score`` is a probability at the real prior. ``FraudModel.threshold`` is chosen on the training
rows only: the cut on the inner out-of-fold calibrated scores that maximises F1 at the real prior (negatives
re-weighted so the fraud share is π; ties go to the higher cut), placed midway between neighbouring scores.

Near-duplicate postings (same company profile, or same description) are grouped so that no group straddles two
folds; :func:`cross_validate_emscad` reports the grouped split and, for comparison with published figures that use
random splits, the ungrouped one.
"""

from __future__ import annotations

import csv
import hashlib
import math
import os
import pickle
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

PRIOR = 0.048  # fraud share in the full EMSCAD: 866 of 17,880 postings
FULL_EMSCAD_N = 17_880
FULL_EMSCAD_FRAUD = 866
FORMAT_VERSION = 1

TEXT_FIELDS = ("title", "company_profile", "description", "requirements", "benefits")
FLAG_FIELDS = ("telecommuting", "has_company_logo", "has_questions")
CATEGORY_FIELDS = ("employment_type", "required_experience", "required_education", "function", "industry")
LABEL_FIELD = "fraudulent"

DEFAULT_DATASET = (
    Path(__file__).resolve().parents[3].parent
    / "shared"
    / "data"
    / "datasets"
    / "emscad"
    / "emscad_train.csv"
)
DEFAULT_MODEL_PATH = Path(__file__).resolve().parents[3] / "var" / "screening" / "fraud-emscad.pkl"

_MASK = re.compile(r"#(URL|EMAIL|PHONE)_[0-9a-f]+#", re.IGNORECASE)
_SPACE = re.compile(r"[\s\u00a0\u3000]+")
_FIELD_TOKENS = frozenset(TEXT_FIELDS)  # the field-name prefixes added to the joined text
_TRUE = {"1", "true", "t", "yes", "y"}
_FALSE = {"0", "false", "f", "no", "n", ""}


class FraudDataError(ValueError):
    """Bad training rows or posting fields; the message names the row and field."""


# ---------------------------------------------------------------------------------------------------------------
# Input handling


def _text(fields: Mapping[str, Any], name: str, where: str) -> str:
    value = fields.get(name)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise FraudDataError(f"{where}field {name!r}: expected text, got {type(value).__name__}")


def _flag(fields: Mapping[str, Any], name: str, where: str) -> int:
    value = fields.get(name)
    if value is None:
        return 0
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)) and value in (0, 1):
        return int(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return int(value.strip().lower() in _TRUE)
    raise FraudDataError(f"{where}field {name!r}: expected 0/1 or true/false, got {value!r}")


def normalise_text(text: str) -> str:
    text = _MASK.sub(lambda m: f" {m.group(1).lower()}mask ", text)
    return _SPACE.sub(" ", text).strip().lower()


@dataclass(frozen=True)
class _Posting:
    text: str
    structured: dict[str, float]
    profile_key: str
    description_key: str


def _posting(fields: Mapping[str, Any], where: str = "") -> _Posting:
    if not isinstance(fields, Mapping):
        raise FraudDataError(
            f"{where}posting_fields: expected a mapping of field name to value, got {type(fields).__name__}"
        )
    texts = {name: normalise_text(_text(fields, name, where)) for name in TEXT_FIELDS}
    joined = " ".join(f"{name} : {texts[name]}" for name in TEXT_FIELDS if texts[name])
    structured: dict[str, float] = {
        "salary_present": float(bool(_text(fields, "salary_range", where).strip())),
        "text_log_length": math.log1p(len(joined)) / 10.0,
    }
    for name in FLAG_FIELDS:
        structured[name] = float(_flag(fields, name, where))
    for name in TEXT_FIELDS:
        structured[f"{name}_empty"] = float(not texts[name])
    for name in CATEGORY_FIELDS:
        value = _text(fields, name, where).strip().lower() or "(missing)"
        structured[f"{name}={value}"] = 1.0
    return _Posting(
        text=joined,
        structured=structured,
        profile_key=hashlib.sha1(texts["company_profile"].encode()).hexdigest()
        if texts["company_profile"]
        else "",
        description_key=hashlib.sha1(texts["description"].encode()).hexdigest()
        if texts["description"]
        else "",
    )


def _label(row: Mapping[str, Any], where: str) -> int:
    if LABEL_FIELD not in row:
        raise FraudDataError(f"{where}field {LABEL_FIELD!r} is missing")
    value = row[LABEL_FIELD]
    text = str(value).strip()
    if isinstance(value, bool) or text not in ("0", "1"):
        raise FraudDataError(f"{where}field {LABEL_FIELD!r}: expected 0 or 1, got {value!r}")
    return int(text)


def _prepare(rows: Sequence[Mapping[str, Any]]) -> tuple[list[_Posting], np.ndarray]:
    postings, labels = [], []
    for index, row in enumerate(rows):
        where = f"row {index + 1}: "
        postings.append(_posting(row, where))
        labels.append(_label(row, where))
    return postings, np.asarray(labels, dtype=np.int8)


def read_emscad(path: str | os.PathLike[str]) -> list[dict[str, str]]:
    """The CSV's rows as dicts. Errors name the file and line."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"EMSCAD file not found: {path}")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {LABEL_FIELD, *TEXT_FIELDS} - set(reader.fieldnames or ())
        if missing:
            raise FraudDataError(f"{path}: missing columns {sorted(missing)}")
        rows = []
        for row in reader:
            if None in row:
                raise FraudDataError(f"{path} line {reader.line_num}: more values than columns")
            rows.append(row)
    return rows


def duplicate_groups(postings: Sequence[_Posting]) -> np.ndarray:
    """Group ids joining postings that share a company profile or a description (union-find)."""
    parent = list(range(len(postings)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, posting in enumerate(postings):
        for key in (("p", posting.profile_key), ("d", posting.description_key)):
            if not key[1]:
                continue
            token = key[0] + key[1]
            if token in first:
                parent[find(i)] = find(first[token])
            else:
                first[token] = i
    roots = [find(i) for i in range(len(postings))]
    _, ids = np.unique(roots, return_inverse=True)
    return ids


# ---------------------------------------------------------------------------------------------------------------
# Features and metrics


class _Features:
    def __init__(self, max_word: int = 40_000):
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.word = TfidfVectorizer(
            ngram_range=(1, 2), min_df=2, max_features=max_word, sublinear_tf=True, dtype=np.float32
        )
        self.structured = DictVectorizer(dtype=np.float32)

    def fit_transform(self, postings: Sequence[_Posting]):
        from scipy.sparse import hstack

        return hstack(
            [
                self.word.fit_transform([p.text for p in postings]),
                self.structured.fit_transform([p.structured for p in postings]),
            ],
            format="csr",
        )

    def transform(self, postings: Sequence[_Posting]):
        from scipy.sparse import hstack

        return hstack(
            [
                self.word.transform([p.text for p in postings]),
                self.structured.transform([p.structured for p in postings]),
            ],
            format="csr",
        )


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return np.log(p / (1 - p))


def prior_shift(p: np.ndarray, from_prior: float, to_prior: float) -> np.ndarray:
    """Move calibrated probabilities from one fraud share to another by Bayes' rule on the odds."""
    shift = math.log(to_prior / (1 - to_prior)) - math.log(from_prior / (1 - from_prior))
    return 1.0 / (1.0 + np.exp(-(_logit(np.asarray(p, dtype=float)) + shift)))


def negative_weight(y: np.ndarray, prior: float) -> float:
    """Weight for each legitimate posting so that the weighted fraud share equals `prior`."""
    n_pos, n_neg = int(y.sum()), int(len(y) - y.sum())
    return (n_pos / n_neg) * (1 - prior) / prior


def _weights(y: np.ndarray, prior: float | None) -> np.ndarray:
    if prior is None:
        return np.ones(len(y))
    return np.where(y == 1, 1.0, negative_weight(y, prior))


def binary_metrics(
    y: np.ndarray, scores: np.ndarray, threshold: float, prior: float | None = None
) -> dict[str, float]:
    """Precision, recall, F1 of `scores >= threshold` and PR-AUC (average precision), optionally re-weighted."""
    from sklearn.metrics import average_precision_score

    y = np.asarray(y)
    w = _weights(y, prior)
    flagged = scores >= threshold
    tp = float(w[flagged & (y == 1)].sum())
    fp = float(w[flagged & (y == 0)].sum())
    fn = float(w[~flagged & (y == 1)].sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "pr_auc": float(average_precision_score(y, scores, sample_weight=w)),
    }


def best_f1_threshold(y: np.ndarray, scores: np.ndarray, prior: float | None) -> float:
    """The cut maximising (re-weighted) F1 on these scores, midway between neighbouring distinct scores."""
    y = np.asarray(y)
    w = _weights(y, prior)
    order = np.argsort(-scores, kind="stable")
    s, yy, ww = scores[order], y[order], w[order]
    tp = np.cumsum(ww * (yy == 1))
    fp = np.cumsum(ww * (yy == 0))
    total_pos = float(ww[yy == 1].sum())
    # only cut between distinct scores: the last index of each run of equal scores
    last = np.r_[np.nonzero(np.diff(s))[0], len(s) - 1]
    precision = tp[last] / (tp[last] + fp[last])
    recall = tp[last] / total_pos
    f1 = np.where(precision + recall > 0, 2 * precision * recall / np.maximum(precision + recall, 1e-12), 0.0)
    best = int(np.flatnonzero(f1 == f1.max())[0])  # first = highest cut among ties
    i = last[best]
    below = s[i + 1] if i + 1 < len(s) else s[i] / 2
    return float((s[i] + below) / 2)


def _folds(y: np.ndarray, groups: np.ndarray | None, n_splits: int, seed: int):
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

    if groups is None:
        return list(
            StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed).split(np.zeros(len(y)), y)
        )
    splitter = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    return list(splitter.split(np.zeros(len(y)), y, groups))


# ---------------------------------------------------------------------------------------------------------------
# The model


@dataclass
class FraudModel:
    """A trained classifier. `score(fields)` → calibrated fraud probability at the real prior."""

    features: Any
    classifier: Any
    platt: tuple[float, float]  # decision value d → sigmoid(a·d + b) at the training sample's fraud share
    sample_prior: float
    prior: float
    threshold: float  # on score(), maximises F1 at `prior` on the training rows' inner out-of-fold scores
    threshold_sample: (
        float  # the same rule at the training sample's own fraud share, on sample-level probabilities
    )
    n_train: int
    n_fraud: int
    info: dict[str, Any] = field(default_factory=dict)
    format_version: int = FORMAT_VERSION

    threshold_rule = (
        "maximise F1 at the real prior (legitimate rows re-weighted so fraud is 4.8%) over the inner out-of-fold "
        "calibrated scores of the training rows; ties to the higher cut; midway between neighbouring scores"
    )

    def _sample_probabilities(self, postings: Sequence[_Posting]) -> np.ndarray:
        a, b = self.platt
        d = self.classifier.decision_function(self.features.transform(postings))
        return 1.0 / (1.0 + np.exp(-(a * d + b)))

    def sample_probabilities(self, many: Iterable[Mapping[str, Any]]) -> np.ndarray:
        """Calibrated probabilities at the training sample's fraud share (for evaluation on that sample)."""
        return self._sample_probabilities([_posting(f, f"posting {i + 1}: ") for i, f in enumerate(many)])

    def score_many(self, many: Iterable[Mapping[str, Any]]) -> np.ndarray:
        """Calibrated fraud probabilities at the real prior, one per posting (vectorised: use for bulk imports)."""
        postings = [_posting(f, f"posting {i + 1}: ") for i, f in enumerate(many)]
        if not postings:
            return np.zeros(0)
        return prior_shift(self._sample_probabilities(postings), self.sample_prior, self.prior)

    def _decision_one(self, posting: _Posting) -> float:
        # The linear decision for one posting without building sparse matrices: the same numbers as
        # classifier.decision_function(features.transform([posting])) (a test checks it) at several times the speed,
        # since for one posting sklearn's matrix assembly costs more than the arithmetic.
        fast = self.__dict__.get("_fast")
        if fast is None:
            word, structured = self.features.word, self.features.structured
            coef = np.asarray(self.classifier.coef_[0], dtype=float)
            n_word = len(word.vocabulary_)
            fast = self.__dict__["_fast"] = (
                word.build_analyzer(),
                word.vocabulary_,
                np.asarray(word.idf_, dtype=float),
                coef[:n_word],
                {name: float(coef[n_word + i]) for name, i in structured.vocabulary_.items()},
                float(self.classifier.intercept_[0]),
            )
        analyzer, vocabulary, idf, w_word, w_structured, intercept = fast
        counts: dict[int, int] = {}
        for token in analyzer(posting.text):
            index = vocabulary.get(token)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        decision = intercept
        if counts:
            idx = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
            tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))
            values = tf * idf[idx]
            decision += float(values @ w_word[idx]) / float(np.sqrt(values @ values))
        for name, value in posting.structured.items():
            decision += w_structured.get(name, 0.0) * value
        return decision

    def coverage(self, posting_fields: Mapping[str, Any]) -> float:
        """Share of the posting's word tokens (unigrams) that the model knows. EMSCAD is English: Chinese
        postings have near-zero coverage, and their score then rests on the structured fields only."""
        self._decision_one(_posting({}))  # builds the cache
        analyzer, vocabulary = self.__dict__["_fast"][:2]
        tokens = [
            t for t in analyzer(_posting(posting_fields).text) if " " not in t and t not in _FIELD_TOKENS
        ]
        return sum(t in vocabulary for t in tokens) / len(tokens) if tokens else 0.0

    def score(self, posting_fields: Mapping[str, Any]) -> float:
        """Calibrated probability that the posting is fraudulent, at the real prior."""
        a, b = self.platt
        p_sample = 1.0 / (1.0 + math.exp(-(a * self._decision_one(_posting(posting_fields)) + b)))
        return float(prior_shift(np.array([p_sample]), self.sample_prior, self.prior)[0])

    def is_suspect(self, posting_fields: Mapping[str, Any]) -> bool:
        return self.score(posting_fields) >= self.threshold

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_fast", None)  # rebuilt on first use; holds an analyzer closure
        return state

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Pickle to `path` (parents created). Load only files this code wrote: pickle runs code on load."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        with tmp.open("wb") as handle:
            pickle.dump(self, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        return path

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> FraudModel:
        with Path(path).open("rb") as handle:
            model = pickle.load(handle)  # noqa: S301 - our own artefact under var/
        if not isinstance(model, cls) or getattr(model, "format_version", None) != FORMAT_VERSION:
            raise FraudDataError(f"{path}: not a fraud model of format {FORMAT_VERSION}; rebuild it")
        return model


def _fit_classifier(X, y: np.ndarray, C: float, seed: int):
    from sklearn.svm import LinearSVC

    return LinearSVC(C=C, class_weight="balanced", random_state=seed).fit(X, y)


def _fit_platt(d: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    platt = LogisticRegression(C=1e4).fit(d.reshape(-1, 1), y)
    return float(platt.coef_[0, 0]), float(platt.intercept_[0])


def _train(
    postings: Sequence[_Posting], y: np.ndarray, *, prior: float, C: float, inner_folds: int, seed: int
) -> FraudModel:
    n_pos = int(y.sum())
    if n_pos < inner_folds or len(y) - n_pos < inner_folds:
        raise FraudDataError(
            f"rows: need at least {inner_folds} fraudulent and {inner_folds} legitimate postings, "
            f"got {n_pos} and {len(y) - n_pos}"
        )
    features = _Features()
    X = features.fit_transform(postings)
    groups = duplicate_groups(postings)
    if len(np.unique(groups)) < inner_folds:
        groups = None
    oof = np.zeros(len(y))
    for train_idx, test_idx in _folds(y, groups, inner_folds, seed):
        clf = _fit_classifier(X[train_idx], y[train_idx], C, seed)
        oof[test_idx] = clf.decision_function(X[test_idx])
    a, b = _fit_platt(oof, y)
    sample_prior = float(y.mean())
    p_sample = 1.0 / (1.0 + np.exp(-(a * oof + b)))
    p_real = prior_shift(p_sample, sample_prior, prior)
    return FraudModel(
        features=features,
        classifier=_fit_classifier(X, y, C, seed),
        platt=(a, b),
        sample_prior=sample_prior,
        prior=prior,
        threshold=best_f1_threshold(y, p_real, prior),
        threshold_sample=best_f1_threshold(y, p_sample, None),
        n_train=len(y),
        n_fraud=n_pos,
        info={"C": C, "inner_folds": inner_folds, "seed": seed, "n_features": X.shape[1]},
    )


def train_fraud_model(
    rows: Sequence[Mapping[str, Any]],
    *,
    prior: float = PRIOR,
    C: float = 0.5,
    inner_folds: int = 3,
    seed: int = 0,
) -> FraudModel:
    """Train on EMSCAD-shaped rows (dicts with the text, structured and `fraudulent` fields)."""
    if not 0 < prior < 1:
        raise FraudDataError(f"prior: expected a share between 0 and 1, got {prior!r}")
    postings, y = _prepare(rows)
    return _train(postings, y, prior=prior, C=C, inner_folds=inner_folds, seed=seed)


def load_or_train(
    model_path: str | os.PathLike[str] = DEFAULT_MODEL_PATH,
    dataset_path: str | os.PathLike[str] | None = None,
) -> FraudModel:
    """The saved model at `model_path`, or train one from the dataset (argument, `JIUYE_EMSCAD`, or the shared
    default) and save it there first."""
    model_path = Path(model_path)
    if model_path.is_file():
        return FraudModel.load(model_path)
    dataset = Path(dataset_path or os.environ.get("JIUYE_EMSCAD") or DEFAULT_DATASET)
    model = train_fraud_model(read_emscad(dataset))
    model.info["dataset"] = str(dataset)
    model.save(model_path)
    return model


# ---------------------------------------------------------------------------------------------------------------
# Evaluation


def _cross_validate(
    postings: Sequence[_Posting],
    y: np.ndarray,
    groups: np.ndarray | None,
    *,
    folds: int,
    seed: int,
    prior: float,
    C: float,
) -> dict[str, Any]:
    p_sample = np.zeros(len(y))
    p_real = np.zeros(len(y))
    flagged_sample = np.zeros(len(y), dtype=bool)
    flagged_real = np.zeros(len(y), dtype=bool)
    for train_idx, test_idx in _folds(y, groups, folds, seed):
        model = _train(
            [postings[i] for i in train_idx], y[train_idx], prior=prior, C=C, inner_folds=3, seed=seed
        )
        ps = model._sample_probabilities([postings[i] for i in test_idx])
        # a test fold's own sample share differs slightly from the training rows'; the model's shift is the one
        # it would apply in production, so use it unchanged.
        pr = prior_shift(ps, model.sample_prior, model.prior)
        p_sample[test_idx], p_real[test_idx] = ps, pr
        flagged_sample[test_idx] = ps >= model.threshold_sample
        flagged_real[test_idx] = pr >= model.threshold
    # metrics from the per-fold decisions (each fold at its own training-chosen threshold); PR-AUC on pooled scores
    sample = binary_metrics(y, flagged_sample.astype(float), 0.5)
    real = binary_metrics(y, flagged_real.astype(float), 0.5, prior)
    return {
        "precision": sample["precision"],
        "recall": sample["recall"],
        "f1": sample["f1"],
        "pr_auc": binary_metrics(y, p_sample, 0.5)["pr_auc"],
        "precision_prior": real["precision"],
        "recall_prior": real["recall"],
        "f1_prior": real["f1"],
        "pr_auc_prior": binary_metrics(y, p_real, 0.5, prior)["pr_auc"],
        "scores_prior": p_real,
        "flagged_prior": flagged_real,
    }


def cross_validate_emscad(
    path: str | os.PathLike[str] = DEFAULT_DATASET,
    folds: int = 5,
    seed: int = 0,
    *,
    prior: float = PRIOR,
    C: float = 0.5,
    compare_ungrouped: bool = True,
) -> dict[str, Any]:
    """Cross-validate the classifier on an EMSCAD CSV.

    Folds are stratified and grouped by near-duplicate (shared company profile or description) so that copies of
    one employer's ad never sit on both sides. Returned: precision, recall, f1, pr_auc on the file's own class
    balance (threshold chosen per fold on its training rows for that balance); precision_prior, recall_prior,
    f1_prior, pr_auc_prior re-weighted to the real prior — each legitimate posting counts
    (n_fraud / n_legit) × (1 − π) / π times, so the weighted fraud share is π = 4.8%, with the model's prior
    threshold; n, n_fraud, fraud_share, n_groups, seconds; and with `compare_ungrouped` the same metrics for plain
    stratified random folds under "ungrouped".
    """
    started = time.perf_counter()
    rows = read_emscad(path)
    postings, y = _prepare(rows)
    groups = duplicate_groups(postings)
    result = _cross_validate(postings, y, groups, folds=folds, seed=seed, prior=prior, C=C)
    scores, flagged = result.pop("scores_prior"), result.pop("flagged_prior")
    # fraudulent rows whose source is not the fraud-only public copy: a check that the model is not learning where
    # a row was copied from (see module docstring)
    other = np.array([r.get("sources", "") and not r["sources"].startswith("grv7") for r in rows], dtype=bool)
    other_fraud = other & (y == 1)
    result.update(
        n=len(y),
        n_fraud=int(y.sum()),
        fraud_share=float(y.mean()),
        prior=prior,
        negative_weight=negative_weight(y, prior),
        n_groups=int(len(np.unique(groups))),
        largest_group=int(np.bincount(groups).max()),
        folds=folds,
        seed=seed,
        grouped=True,
        recall_prior_mixed_source_fraud=float(flagged[other_fraud].mean()) if other_fraud.any() else None,
        n_mixed_source_fraud=int(other_fraud.sum()),
        mean_score_prior_fraud=float(scores[y == 1].mean()),
    )
    if compare_ungrouped:
        plain = _cross_validate(postings, y, None, folds=folds, seed=seed, prior=prior, C=C)
        plain.pop("scores_prior"), plain.pop("flagged_prior")
        result["ungrouped"] = plain
    result["seconds"] = time.perf_counter() - started
    return result


def scoring_speed(
    model: FraudModel, rows: Sequence[Mapping[str, Any]], *, repeat: int = 1
) -> dict[str, float]:
    """Postings scored per second on this process's core: one at a time (`score`) and in one batch."""
    started = time.perf_counter()
    for _ in range(repeat):
        for row in rows:
            model.score(row)
    single = repeat * len(rows) / (time.perf_counter() - started)
    started = time.perf_counter()
    for _ in range(repeat):
        model.score_many(rows)
    batch = repeat * len(rows) / (time.perf_counter() - started)
    return {"per_second_single": single, "per_second_batch": batch}


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m jiuye.supervision.screening.fraud", description=__doc__.split("\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    cv = sub.add_parser("cv", help="cross-validate on an EMSCAD CSV and print the figures")
    cv.add_argument("--data", default=os.environ.get("JIUYE_EMSCAD") or str(DEFAULT_DATASET))
    cv.add_argument("--folds", type=int, default=5)
    cv.add_argument("--seed", type=int, default=0)
    train = sub.add_parser("train", help="train on the whole file and save the model under var/")
    train.add_argument("--data", default=os.environ.get("JIUYE_EMSCAD") or str(DEFAULT_DATASET))
    train.add_argument("--out", default=str(DEFAULT_MODEL_PATH))
    args = parser.parse_args(argv)
    if args.command == "cv":
        result = cross_validate_emscad(args.data, folds=args.folds, seed=args.seed)
        for key, value in result.items():
            if isinstance(value, dict):
                print(f"{key}: " + ", ".join(f"{k}={v:.3f}" for k, v in value.items()))
            else:
                print(f"{key}: {value:.4f}" if isinstance(value, float) else f"{key}: {value}")
        return 0
    rows = read_emscad(args.data)
    started = time.perf_counter()
    model = train_fraud_model(rows)
    model.info["dataset"] = args.data
    seconds = time.perf_counter() - started
    path = model.save(args.out)
    speed = scoring_speed(model, rows[:300])
    print(
        f"trained on {model.n_train} rows ({model.n_fraud} fraudulent) in {seconds:.1f}s; threshold "
        f"{model.threshold:.4f} at prior {model.prior}; saved {path} ({path.stat().st_size // 1024} KiB); "
        f"scored {speed['per_second_single']:.0f}/s one at a time, {speed['per_second_batch']:.0f}/s in a batch"
    )
    return 0


if __name__ == "__main__":
    # Run the importable module's main, not this __main__ copy: a model pickled from here would name
    # `__main__.FraudModel` and could not be loaded by the platform.
    from jiuye.supervision.screening import fraud as _module

    raise SystemExit(_module.main())
