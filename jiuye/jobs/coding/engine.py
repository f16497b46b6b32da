"""TF-IDF nearest-neighbour coder for job titles (pure: numpy + jieba, no Django).

A title is turned into weighted features (word tokens plus character n-grams), compared by cosine similarity with
every training title of a reference classification, and the codes of the nearest titles vote. Confirmed codes from
staff are kept beside the reference index and weigh more than reference titles, so confirmations improve the coder.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

POW = 2  # votes are similarity**POW
_CJK = re.compile(r"[\u3400-\u9fff]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_WORD = re.compile(r"[a-z0-9][a-z0-9+#.]*")
_BRACKETS = re.compile(r"[（(【\[].*?[）)】\]]")


@dataclass(frozen=True)
class Evidence:
    """The first stage's view of a title: each source's votes ({leaf code: vote}) and best similarities, the level
    model's probabilities ({level: {group: p}}), the title's embedding, and the combined votes the coder ranks
    when there is no reranker."""

    tfidf: dict[str, float]
    tfidf_best: dict[str, float]
    emb: dict[str, float]
    emb_best: dict[str, float]
    groups: dict[int, dict[str, float]]
    vector: np.ndarray | None
    votes: dict[str, float]
    best: dict[str, float]

    @property
    def votes_best(self) -> tuple[dict[str, float], dict[str, float]]:
        return self.votes, self.best


@dataclass(frozen=True)
class Candidate:
    """One suggested code. `confidence` is in 0–1 and comparable across titles, so callers can threshold it."""

    code: str
    name: str
    confidence: float
    level: int


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text or ""))


def normalise(title: str) -> str:
    text = unicodedata.normalize("NFKC", title or "").lower()
    text = _BRACKETS.sub(" ", text) if _BRACKETS.sub("", text).strip() else text
    return " ".join(text.split())


class Featuriser:
    """Word tokens (weight 1) and character n-grams (weight `ngram_weight`)."""

    def __init__(self, lang: str, ngram_weight: float = 1.0):
        self.lang = lang
        self.ngram_weight = ngram_weight

    def __call__(self, title: str) -> Counter:
        text = normalise(title)
        feats: Counter = Counter()
        words = [w for w in (w.strip(".") for w in _WORD.findall(text)) if w]
        for word in words:
            feats["w:" + word] += 1.0
            padded = f"<{word}>"
            for i in range(len(padded) - 2):
                feats["c:" + padded[i : i + 3]] += self.ngram_weight
        if self.lang == "zh":
            for run in _CJK_RUN.findall(text):
                for tok in _jieba_cut(run):
                    feats["w:" + tok] += 1.0
                padded = f"<{run}>"
                for n in (2, 3):
                    for i in range(len(padded) - n + 1):
                        feats[f"c{n}:" + padded[i : i + n]] += self.ngram_weight
                for ch in run:
                    feats["c1:" + ch] += self.ngram_weight * 0.5
        return feats


_jieba = None


def _jieba_cut(text: str) -> list[str]:
    global _jieba
    if _jieba is None:
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        _jieba = jieba
    return [t for t in _jieba.lcut(text) if t.strip()]


class Coder:
    """Codes titles of one language into one classification.

    `names` maps every code (all levels) to its name; `docs` are (title, code, weight) training rows whose code is
    a leaf; `level_of` gives a code's depth (1 = top).
    """

    def __init__(
        self,
        lang: str,
        names: dict[str, str],
        docs: Iterable[tuple[str, str, float]],
        level_of,
        ancestor=None,
        k: int = 60,
        level_model=None,
        embeddings=None,
        embedding_share: float = 0.5,
    ):
        self.lang = lang
        self.names = names
        self.level_of = level_of
        self.ancestor = ancestor or (lambda code, level: code)
        self.k = k
        # Optional: an object with probabilities(title) -> {level: {ancestor code: p}} (see linear.LevelModel);
        # each neighbour vote is multiplied by the probabilities of its code's ancestors.
        self.level_model = level_model
        # Optional: an embed.EmbeddingIndex; its neighbour votes are mixed with the TF-IDF votes (each normalised
        # to sum 1, `embedding_share` for the embeddings) and its query vector is passed to the level model.
        self.embeddings = embeddings
        self.embedding_share = embedding_share
        # Optional: a rerank.Reranker, a second stage that scores the first stage's candidates; its votes are
        # probabilities, so confidences are then read as such (rank(..., calibrated=True)).
        self.reranker = None
        self.featurise = Featuriser(lang)
        self._confirmed: list[tuple[str, str]] = []
        self._confirmed_vecs: list[tuple[dict[int, float], str, str]] = []
        self._memo: dict[str, tuple[dict[str, float], dict[str, float]]] = {}
        self._build(list(docs))

    # --- index -----------------------------------------------------------------------------------------------
    def _build(self, docs: list[tuple[str, str, float]]) -> None:
        vocab: dict[str, int] = {}
        rows: list[dict[int, float]] = []
        codes: list[str] = []
        weights: list[float] = []
        for title, code, weight in docs:
            feats = self.featurise(title)
            if not feats:
                continue
            rows.append({vocab.setdefault(f, len(vocab)): v for f, v in feats.items()})
            codes.append(code)
            weights.append(weight)
        n = len(rows)
        df = np.zeros(len(vocab))
        for row in rows:
            for fid in row:
                df[fid] += 1
        self.vocab = vocab
        self.idf = np.log((n + 1) / (df + 1)) + 1.0
        postings_doc: list[list[int]] = [[] for _ in vocab]
        postings_w: list[list[float]] = [[] for _ in vocab]
        for d, row in enumerate(rows):
            vec = {fid: v * self.idf[fid] for fid, v in row.items()}
            norm = math.sqrt(sum(x * x for x in vec.values())) or 1.0
            for fid, x in vec.items():
                postings_doc[fid].append(d)
                postings_w[fid].append(x / norm)
        self._post_doc = [np.asarray(p, dtype=np.int32) for p in postings_doc]
        self._post_w = [np.asarray(p, dtype=np.float32) for p in postings_w]
        self._doc_code = codes
        self._doc_weight = np.asarray(weights, dtype=np.float32)
        self.n_docs = n

    def _vector(self, title: str) -> dict[int, float]:
        feats = self.featurise(title)
        vec = {self.vocab[f]: v * self.idf[self.vocab[f]] for f, v in feats.items() if f in self.vocab}
        norm = math.sqrt(sum(x * x for x in vec.values())) or 1.0
        return {fid: x / norm for fid, x in vec.items()}

    # --- coding ----------------------------------------------------------------------------------------------
    def code_title(self, title: str, top: int = 5, level: int | None = None) -> list[Candidate]:
        """Candidate codes, most confident first. With `level`, votes are pooled at that level of the tree (a
        coarser code is right more often; e.g. level=1 for the major group)."""
        votes, best = self.votes(title)
        if level is not None:
            votes, best = pool(votes, best, lambda code: [(self.ancestor(code, level), 1.0)])
        return rank(votes, best, self.names, self.level_of, top, calibrated=self.reranker is not None)

    def votes(self, title: str) -> tuple[dict[str, float], dict[str, float]]:
        """({leaf code: vote}, {leaf code: best similarity}) for a title: the reference titles' votes plus staff
        confirmations, before pooling (crosswalk.Crosswalk maps them into another classification)."""
        key = normalise(title)
        if not key:
            return {}, {}
        votes, best = self._reference_votes(title)
        self._confirmation_votes(key, title, votes, best)
        return votes, best

    def _reference_votes(self, title: str) -> tuple[dict[str, float], dict[str, float]]:
        """Votes of the reference titles (neighbours re-weighted by the level model, or the reranker's
        probabilities), before confirmations and pooling; memoised per title (bounded), since callers often ask
        the same title at several levels."""
        hit = self._memo.get(title)
        if hit is None:
            ev = self.evidence(title)
            hit = (
                self.reranker.votes(self, title, ev)
                if self.reranker is not None and ev.votes
                else ev.votes_best
            )
            if len(self._memo) >= 4096:
                self._memo.clear()
            self._memo[title] = hit
        return defaultdict(float, hit[0]), defaultdict(float, hit[1])

    def evidence(self, title: str) -> Evidence:
        """The first stage: TF-IDF neighbours, embedding neighbours (mixed), level-model probabilities."""
        vec = self._vector(title)
        tfidf: dict[str, float] = defaultdict(float)
        tfidf_best: dict[str, float] = defaultdict(float)
        if vec:
            ids = np.concatenate([self._post_doc[f] for f in vec])
            ws = np.concatenate([self._post_w[f] * w for f, w in vec.items()])
            scores = np.bincount(ids, weights=ws, minlength=self.n_docs)
            k = min(self.k, int(np.count_nonzero(scores)))
            if k:
                for d in np.argpartition(-scores, k - 1)[:k]:
                    sim = float(scores[d])
                    code = self._doc_code[d]
                    tfidf[code] += sim**POW * float(self._doc_weight[d])
                    tfidf_best[code] = max(tfidf_best[code], sim)
        votes, best = tfidf, defaultdict(float, tfidf_best)
        vector, emb, emb_best, groups = None, {}, {}, {}
        if self.embeddings is not None:
            vector = self.embeddings.vector(title)
            emb, emb_best = self.embeddings.votes(vector)
            votes = _mix(tfidf, emb, self.embedding_share)
            for code, sim in emb_best.items():
                best[code] = max(best[code], sim)
        if votes and self.level_model is not None:
            groups = self.level_model.probabilities(title, vector)
            votes = dict(votes)
            for code in votes:
                for lvl, p in groups.items():
                    votes[code] *= p.get(self.ancestor(code, lvl), 0.0) + 1e-9
        return Evidence(
            dict(tfidf), dict(tfidf_best), dict(emb), dict(emb_best), groups, vector, dict(votes), dict(best)
        )

    def _confirmation_votes(self, key, title, votes, best) -> None:
        if self._confirmed_vecs:
            add_confirmation_votes(self._vector(title), key, self._confirmed_vecs, votes, best)

    # --- confirmations ---------------------------------------------------------------------------------------
    def add_confirmation(self, title: str, code: str) -> None:
        if code not in self.names:
            raise ValueError(f"unknown code {code!r}")
        key = normalise(title)
        if not key:
            raise ValueError("empty title")
        self._confirmed.append((title, code))
        self._confirmed_vecs.append((self._vector(title), key, code))

    def export_confirmations(self) -> list[tuple[str, str]]:
        return list(self._confirmed)

    def import_confirmations(self, rows: Iterable[Sequence[str]]) -> int:
        n = 0
        for title, code, *_ in rows:
            self.add_confirmation(title, code)
            n += 1
        return n


def add_confirmation_votes(vec: dict[int, float], key: str, confirmed, votes, best) -> None:
    """Votes of staff confirmations (`confirmed`: (vector, title key, code)) for a title's TF-IDF vector and key,
    added to `votes`/`best` in place. A confirmed title counts like several reference titles, the same title like
    many; below a cosine of 0.3 it does not count."""
    for cvec, ckey, code in confirmed:
        sim = 1.0 if ckey == key else sum(w * cvec.get(f, 0.0) for f, w in vec.items())
        if sim <= 0.3:
            continue
        votes[code] += 5.0 * sim**4 * (20.0 if ckey == key else 1.0)
        best[code] = max(best[code], sim)


def pool(
    votes: dict[str, float], best: dict[str, float], targets
) -> tuple[dict[str, float], dict[str, float]]:
    """Votes moved onto other codes: `targets(code)` → [(target code, weight)], e.g. the code's ancestor at a level
    (weight 1) or its counterparts in another classification (crosswalk.py). A target's best similarity is the best
    of the codes that reach it."""
    out: dict[str, float] = defaultdict(float)
    out_best: dict[str, float] = defaultdict(float)
    for code, v in votes.items():
        for target, weight in targets(code):
            out[target] += v * weight
            out_best[target] = max(out_best[target], best.get(code, 0.0))
    return out, out_best


def rank(
    votes: dict[str, float],
    best: dict[str, float],
    names: dict[str, str],
    level_of,
    top: int,
    calibrated: bool = False,
) -> list[Candidate]:
    """The `top` candidates, most confident first: confidence = best similarity × √(share of the votes); with
    `calibrated` (votes are probabilities, from a reranker) the vote itself, scaled down when they sum above 1."""
    total = sum(votes.values())
    if not total:
        return []
    out = []
    for code, v in votes.items():
        if calibrated:
            conf = v / max(1.0, total)
        else:
            conf = min(1.0, best[code]) * math.sqrt(v / total)
        out.append(Candidate(code, names.get(code, ""), round(conf, 4), level_of(code)))
    out.sort(key=lambda c: (-c.confidence, c.code))
    return out[:top]


def _mix(a: dict[str, float], b: dict[str, float], share_b: float) -> dict[str, float]:
    """(1 - share_b) × a/sum(a) + share_b × b/sum(b); an empty side leaves the other alone."""
    out: dict[str, float] = defaultdict(float)
    for votes, share in ((a, 1.0 - share_b), (b, share_b)):
        total = sum(votes.values())
        if total > 0:
            for code, v in votes.items():
                out[code] += share * v / total
    return out


def truncate(code: str, level: int, scheme: str) -> str:
    """The code's ancestor at `level` (1 = top) in `scheme` ("soc" or "dadian")."""
    if scheme == "soc":
        digits = code.split(".")[0].replace("-", "")
        size = {1: 2, 2: 3, 3: 5, 4: 6}[level]
        d = digits[:size]
        return d[:2] + ("-" + d[2:] if len(d) > 2 else "")
    return "-".join(code.split("-")[:level])
