"""Linear classifiers over the upper levels of a code tree, used to re-weight the nearest-neighbour votes.

One linear SVM per level (e.g. SOC major group and minor group), trained on the same reference titles as the
nearest-neighbour index, over word 1–2-grams and character 2–5-grams (TF-IDF), plus the titles' 384-dimensional
sentence embeddings (embed.py) when the model package is installed. At coding time each level's
decision values become probabilities by a softmax with temperature `temperature`; a detailed code's vote is
multiplied by the probabilities of its ancestors. Choices (levels 1–2, C=0.3, temperature 10) were made on a
validation split carved out of the training titles (see bench/occupation_coding.py); the detailed level is left to
the neighbours because a 1,000-class linear model costs minutes to train and hundreds of MB of weights.

Trained from the reference data when the coder is built; load_coder keeps the trained model in a local cache
(sources._cached), never in the repository. Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from .engine import normalise

WORD_PATTERN = r"[a-z0-9][a-z0-9+#.]*"
MODEL_VERSION = "soc-levels-3"  # change when LevelModel changes, so cached models are retrained


class LevelModel:
    """`probabilities(title)` → {level: {ancestor code: probability}} for each level in `levels`."""

    def __init__(
        self,
        titles: Sequence[str],
        codes: Sequence[str],
        ancestor: Callable[[str, int], str],
        levels: Sequence[int] = (1, 2),
        C: float = 0.3,
        temperature: float = 10.0,
        vectors: np.ndarray | None = None,
    ):
        from scipy.sparse import csr_matrix, hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.svm import LinearSVC

        self._hstack = hstack
        self._csr = csr_matrix
        self.levels = tuple(levels)
        self.temperature = temperature
        texts = [normalise(t) for t in titles]
        self._chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2, dtype=np.float32
        )
        self._words = TfidfVectorizer(
            analyzer="word",
            ngram_range=(1, 2),
            sublinear_tf=True,
            token_pattern=WORD_PATTERN,
            dtype=np.float32,
        )
        blocks = [self._chars.fit_transform(texts), self._words.fit_transform(texts)]
        # Optional dense title embeddings (embed.EmbeddingIndex.vectors) appended to the sparse features.
        self.dense_dim = 0 if vectors is None else int(vectors.shape[1])
        if vectors is not None:
            blocks.append(csr_matrix(np.asarray(vectors, dtype=np.float32)))
        X = hstack(blocks).tocsr()
        for vectoriser in (self._chars, self._words):
            vectoriser.stop_words_ = None  # the dropped rare n-grams: only for introspection, and large
        self._models: dict[int, tuple[list[str], np.ndarray, np.ndarray]] = {}
        for level in self.levels:
            labels = [ancestor(c, level) for c in codes]
            if len(set(labels)) < 2:
                continue
            svm = LinearSVC(C=C, random_state=0).fit(X, labels)
            coef = svm.coef_.astype(np.float32)
            intercept = np.atleast_1d(svm.intercept_).astype(np.float32)
            classes = [str(c) for c in svm.classes_]
            if len(classes) == 2:  # binary: one weight vector for the second class
                coef = np.vstack([-coef, coef])
                intercept = np.concatenate([-intercept, intercept])
            self._models[level] = (classes, coef, intercept)

    def probabilities(self, title: str, vector: np.ndarray | None = None) -> dict[int, dict[str, float]]:
        """`vector`: the title's embedding when the model was trained with `vectors` (zeros if not given)."""
        text = normalise(title)
        blocks = [self._chars.transform([text]), self._words.transform([text])]
        if getattr(self, "dense_dim", 0):
            v = np.zeros(self.dense_dim, np.float32) if vector is None else np.asarray(vector, np.float32)
            blocks.append(self._csr(v.reshape(1, -1)))
        x = self._hstack(blocks).tocsr()
        out: dict[int, dict[str, float]] = {}
        for level, (classes, coef, intercept) in self._models.items():
            scores = np.asarray(x @ coef.T).ravel() + intercept
            e = np.exp(self.temperature * (scores - scores.max()))
            p = e / e.sum()
            out[level] = dict(zip(classes, p.tolist(), strict=True))
        return out

    @property
    def nbytes(self) -> int:
        return sum(coef.nbytes for _, coef, _ in self._models.values())
