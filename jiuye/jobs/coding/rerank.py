"""Second stage of the SOC coder: gradient-boosted trees that re-score the first stage's candidate codes (pure).

The first stage (engine.Coder.evidence) proposes codes from TF-IDF and embedding neighbours re-weighted by the
major/minor SVMs. The reranker looks at each candidate code of a title with 25 features: each source's vote share,
best similarity and rank; the SVM probabilities of the code's groups; the combined votes pooled at every level;
the cosine of the title's embedding with the code's O*NET title and with the centroid of its training titles; word
overlap with the code's title; whether the title's last word (its head noun, in English) is the head of the code's
training titles; the code's number of training titles. All are about the title's words and the classification,
nothing about a person. A HistGradientBoostingClassifier, trained on titles the first stage did not see (a
held-out fold: sources.build_onet_coder), gives each candidate the probability that it is a listed code of the
title, and the coder ranks by it (confidence = probability).

Measured on the validation split (bench/occupation_coding.py docstring): detailed top-1 0.452 → 0.475 in 5-fold
cross-validation over the validation titles, major 0.772 → 0.779.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

import numpy as np

from .engine import Coder, Evidence, normalise

RERANK_VERSION = "rerank-1"  # change when the features change, so cached rerankers are retrained
TOP_COMBINED = 30  # candidates: this many best by combined votes, plus every code a neighbour voted for
_WORD = re.compile(r"[a-z0-9][a-z0-9+#.]*")
FEATURES = (
    "combined_share",
    "combined_rank",
    "tfidf_share",
    "tfidf_best",
    "tfidf_rank",
    "emb_share",
    "emb_best",
    "emb_rank",
    "major_p",
    "minor_p",
    "major_rank",
    "minor_rank",
    "major_pooled",
    "minor_pooled",
    "broad_pooled",
    "cos_code_title",
    "cos_code_centroid",
    "log_code_titles",
    "jaccard_code_title",
    "head_is_code_title_head",
    "head_share_in_code",
    "log_head_count_in_code",
    "words_seen_in_code",
    "n_words",
    "is_base_code",
)


def words(text: str) -> list[str]:
    return [w for w in (w.strip(".") for w in _WORD.findall(normalise(text))) if w]


class CodeStats:
    """What the features need to know about each code, from the coder's training titles: head-word and word
    counts, number of titles, and (with embeddings) the code title's vector and the centroid of its titles."""

    def __init__(self, coder: Coder, docs: Iterable[tuple[str, str, float]]):
        self.heads: dict[str, Counter] = defaultdict(Counter)
        self.words: dict[str, set[str]] = defaultdict(set)
        self.n_titles: Counter = Counter()
        for title, code, _ in docs:
            ws = words(title)
            if ws:
                self.heads[code][ws[-1]] += 1
                self.words[code].update(ws)
            self.n_titles[code] += 1
        self.codes = sorted(coder.names)
        self.row = {c: i for i, c in enumerate(self.codes)}
        self.title_words = {c: words(coder.names[c]) for c in self.codes}
        self.title_vecs = self.centroids = None
        index = coder.embeddings
        if index is not None:
            self.title_vecs = index.encoder.encode([coder.names[c] for c in self.codes])
            sums = np.zeros((len(self.codes), index.vectors.shape[1]), np.float32)
            for i, code in enumerate(index.codes):
                if code in self.row:
                    sums[self.row[code]] += index.vectors[i]
            self.centroids = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-9)


def _shares(votes: dict[str, float]) -> dict[str, float]:
    total = sum(votes.values()) or 1.0
    return {c: v / total for c, v in votes.items()}


def _ranks(votes: dict[str, float]) -> dict[str, int]:
    return {c: i for i, c in enumerate(sorted(votes, key=lambda c: (-votes[c], c)))}


def candidate_features(
    coder: Coder, stats: CodeStats, title: str, ev: Evidence
) -> tuple[list[str], np.ndarray]:
    """(candidate codes, feature matrix with one row per candidate, columns FEATURES)."""
    ranked = sorted(ev.votes, key=lambda c: (-ev.votes[c], c))
    codes = sorted(set(ranked[:TOP_COMBINED]) | set(ev.tfidf) | set(ev.emb))
    combined, tfidf, emb = _shares(ev.votes), _shares(ev.tfidf), _shares(ev.emb)
    r_comb, r_tfidf, r_emb = _ranks(ev.votes), _ranks(ev.tfidf), _ranks(ev.emb)
    major, minor = ev.groups.get(1, {}), ev.groups.get(2, {})
    r_major, r_minor = _ranks(major), _ranks(minor)
    pooled = {lvl: defaultdict(float) for lvl in (1, 2, 3)}
    for code, share in combined.items():
        for lvl in (1, 2, 3):
            pooled[lvl][coder.ancestor(code, lvl)] += share
    cos_title = cos_centroid = None
    if ev.vector is not None and stats.title_vecs is not None:
        cos_title, cos_centroid = stats.title_vecs @ ev.vector, stats.centroids @ ev.vector
    query = words(title)
    qset, head = set(query), (query[-1] if query else "")
    rows = []
    for code in codes:
        up = [coder.ancestor(code, lvl) for lvl in (1, 2, 3)]
        own = stats.title_words.get(code, [])
        heads = stats.heads.get(code, Counter())
        i = stats.row.get(code)
        rows.append(
            [
                combined.get(code, 0.0),
                r_comb.get(code, 99),
                tfidf.get(code, 0.0),
                ev.tfidf_best.get(code, 0.0),
                r_tfidf.get(code, 99),
                emb.get(code, 0.0),
                ev.emb_best.get(code, 0.0),
                r_emb.get(code, 99),
                major.get(up[0], 0.0),
                minor.get(up[1], 0.0),
                r_major.get(up[0], 99),
                r_minor.get(up[1], 99),
                pooled[1][up[0]],
                pooled[2][up[1]],
                pooled[3][up[2]],
                float(cos_title[i]) if cos_title is not None and i is not None else 0.0,
                float(cos_centroid[i]) if cos_centroid is not None and i is not None else 0.0,
                math.log(stats.n_titles[code] + 1),
                len(qset & set(own)) / (len(qset | set(own)) or 1),
                float(bool(own) and head == own[-1]),
                heads.get(head, 0) / (sum(heads.values()) or 1),
                math.log(heads.get(head, 0) + 1),
                sum(w in stats.words.get(code, ()) for w in qset) / (len(qset) or 1),
                len(query),
                float(code.endswith(".00")),
            ]
        )
    return codes, np.asarray(rows, dtype=np.float32).reshape(len(codes), len(FEATURES))


def fit(coder: Coder, stats: CodeStats, labelled: Sequence[tuple[str, set[str]]]):
    """Train on titles the coder did not see: (title, the codes it is listed under). Returns the fitted model."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    blocks, labels = [], []
    for title, golds in labelled:
        codes, X = candidate_features(coder, stats, title, coder.evidence(title))
        if len(codes):
            blocks.append(X)
            labels.append(np.fromiter((c in golds for c in codes), dtype=bool, count=len(codes)))
    X, y = np.vstack(blocks), np.concatenate(labels)
    model = HistGradientBoostingClassifier(
        max_iter=300, learning_rate=0.05, max_leaf_nodes=31, min_samples_leaf=40, random_state=0
    )
    return model.fit(X, y)


class Reranker:
    """`votes(coder, title, evidence)` → ({code: probability}, {code: probability}) over the candidates."""

    def __init__(self, model, stats: CodeStats):
        self.model = model
        self.stats = stats

    def votes(self, coder: Coder, title: str, ev: Evidence) -> tuple[dict[str, float], dict[str, float]]:
        from .embed import one_thread

        with one_thread():  # small matrices: thread hand-offs cost far more than they save (embed.one_thread)
            codes, X = candidate_features(coder, self.stats, title, ev)
            if not codes:
                return {}, {}
            p = self.model.predict_proba(X)[:, 1]
        scores = dict(zip(codes, p.tolist(), strict=True))
        return scores, dict(scores)
