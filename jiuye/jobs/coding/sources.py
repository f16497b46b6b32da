"""Build coders from the reference files: O*NET alternate titles (SOC) and the 大典 2022 flat list."""

from __future__ import annotations

import csv
import hashlib
import os
import pickle
import re
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from .engine import Candidate, Coder, has_cjk, normalise, truncate

ONET_ALT = "Alternate Titles.tsv"
ONET_OCC = "Occupation Data.txt"
DADIAN_FLAT = "occupations_2022_flat.csv"
# The reranker's held-out fold (20% of the alternate-title groups) and how many of its titles it learns from.
FOLD_SEED = "val-split-2"
RERANK_TITLES = 8000

# Weak labels for the 大典 coder: everyday market words for a few occupations whose official names do not contain
# them. Written by hand from general knowledge of Chinese job titles, not from the evaluation set. Kept short on
# purpose; staff confirmations are the way to grow coverage.
SEED_ALIASES: dict[str, list[str]] = {
    "2-02-10-03": [
        "软件工程师",
        "软件开发工程师",
        "程序员",
        "开发工程师",
        "研发工程师",
        "后端开发",
        "前端开发",
        "全栈工程师",
        "客户端开发",
        "服务端开发",
        "web前端",
        "java开发",
        "python开发",
        "php开发",
        "c++开发",
        "c#开发",
        "ios开发",
        "android开发",
        "安卓开发",
        "go开发",
        ".net开发",
        "架构师",
        "软件架构师",
        "游戏开发",
    ],
    "2-02-10-04": ["网络工程师", "网络管理员"],
    "2-02-10-05": ["系统分析师", "需求分析师"],
    "2-02-10-06": ["嵌入式工程师", "嵌入式软件工程师", "单片机工程师"],
    "2-02-10-07": ["安全工程师", "网络安全工程师", "渗透测试工程师"],
    "2-02-10-08": ["运维工程师", "系统运维", "运维开发工程师", "devops工程师", "sre工程师"],
    "2-02-38-01": [
        "算法工程师",
        "机器学习工程师",
        "深度学习工程师",
        "自然语言处理工程师",
        "计算机视觉工程师",
    ],
    "2-02-38-03": ["大数据开发工程师", "大数据工程师", "数据仓库工程师", "hadoop工程师", "spark工程师"],
    "2-02-38-04": ["云计算工程师", "云平台工程师"],
    "2-02-30-09": ["数据分析师", "数据分析工程师", "数据挖掘工程师", "bi工程师"],
    "4-04-05-02": ["测试工程师", "软件测试工程师", "测试开发工程师", "自动化测试工程师", "qa工程师"],
    "4-04-05-04": ["数据库管理员", "dba"],
    "2-06-07-02": ["市场专员", "市场经理"],
    "4-01-02-01": ["销售代表", "销售专员", "销售经理"],
    "4-07-02-05": ["商务数据分析师", "电商数据分析"],
    "2-06-08-01": ["人事专员", "hr专员", "招聘专员"],
    "2-06-03-00": ["会计", "出纳", "财务专员"],
    "4-08-08-08": ["平面设计师", "美工"],
    "2-09-06-01": ["ui设计师", "视觉设计师", "交互设计师"],
}

_SUFFIXES = (
    "工程技术人员",
    "专业人员",
    "技术人员",
    "管理人员",
    "服务人员",
    "操作人员",
    "人员",
    "工",
    "员",
    "师",
)


def _name_variants(name: str) -> list[str]:
    """The official name and its core with the usual market suffixes (计算机软件工程技术人员 → 计算机软件工程师)."""
    out = [name]
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            core = name[: -len(suffix)]
            out.append(core)
            if suffix == "工程技术人员":
                out.append(core + "工程师")
            elif suffix in ("专业人员", "技术人员"):
                out.append(core + "师")
            break
    return out


def dadian_level(code: str) -> int:
    return code.count("-") + 1


def soc_level(code: str) -> int:
    if "." in code:
        return 4
    return {2: 1, 3: 2, 5: 3}.get(len(code.replace("-", "")), 4)


def soc_ancestor(code: str, level: int) -> str:
    return code if level >= 4 else truncate(code, level, "soc")


def dadian_ancestor(code: str, level: int) -> str:
    return truncate(code, level, "dadian")


def read_dadian(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def build_dadian_coder(path: Path | str, seeds: bool = True, exclude_aliases: Iterable[str] = ()) -> Coder:
    """`seeds` adds SEED_ALIASES; a seed alias that normalises to one of `exclude_aliases` is left out (so an
    evaluation never scores a title the coder was given verbatim)."""
    rows = read_dadian(Path(path))
    excluded = {normalise(t) for t in exclude_aliases}
    names = {r["code"]: r["name"] for r in rows}
    leaves = [r for r in rows if r["level"] == "4"]
    docs: list[tuple[str, str, float]] = []
    for r in leaves:
        for i, variant in enumerate(_name_variants(r["name"])):
            docs.append((variant, r["code"], 1.0 if i == 0 else 0.8))
    if seeds:
        for code, aliases in SEED_ALIASES.items():
            if code in names:
                docs.extend((alias, code, 1.0) for alias in aliases if normalise(alias) not in excluded)
    return Coder("zh", names, docs, dadian_level, dadian_ancestor)


def read_onet(onet_dir: Path) -> tuple[dict[str, str], list[dict[str, str]]]:
    names: dict[str, str] = {}
    with open(onet_dir / ONET_OCC, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            names[r["O*NET-SOC Code"]] = r["Title"]
    with open(onet_dir / ONET_ALT, encoding="utf-8", newline="") as fh:
        alt = list(csv.DictReader(fh, delimiter="\t"))
    return names, alt


def onet_docs(names: dict[str, str], alt: Iterable[dict[str, str]]) -> list[tuple[str, str, float]]:
    docs = [(title, code, 1.0) for code, title in names.items()]
    for r in alt:
        code = r["O*NET-SOC Code"]
        docs.append((r["Alternate Title"], code, 1.0))
        short = (r.get("Short Title") or "").strip()
        if short:
            docs.append((short, code, 0.8))
    return docs


def build_onet_coder(
    onet_dir: Path | str,
    keep: Callable[[dict[str, str]], bool] | None = None,
    linear: bool = True,
    cache_dir: Path | str | None = None,
    embeddings: bool | None = None,
    rerank: bool = False,
    fold_seed: str = FOLD_SEED,
    _known: dict | None = None,
) -> Coder:
    """`keep` filters alternate-title rows (for held-out evaluation or a fast test subset). `linear` adds the
    major/minor-group linear classifiers (linear.LevelModel) that re-weight the neighbours' votes; with
    `cache_dir` the trained classifiers are kept there, keyed by a hash of the reference files (and of the kept
    rows, with `keep`), so later processes load them instead of training again. `embeddings` (None: when the
    model package is installed) adds all-MiniLM-L6-v2 title embeddings (embed.py): their neighbour votes are
    mixed half and half with the TF-IDF votes and they are extra features of the linear classifiers; the training
    titles' vectors are cached under `cache_dir` (default: default_cache_dir()). Without the package: TF-IDF
    only, with a log line. `rerank` adds the second stage (rerank.py), trained on a held-out fold: a fixed 20% of
    the kept alternate-title groups (`fold_seed`) is coded by a coder built from the other 80%, and the trees learn
    from those titles' candidates; the final coder is built from all kept rows. The trained trees are cached like
    the classifiers."""
    onet_dir = Path(onet_dir)
    names, alt = read_onet(onet_dir)
    if keep is not None:
        alt = [r for r in alt if keep(r)]
    docs = onet_docs(names, alt)
    index = None
    if embeddings is not False:
        from .embed import EmbeddingIndex, load_encoder

        encoder = load_encoder()
        if encoder is None and embeddings:
            raise RuntimeError("embeddings asked for but the model package is not installed")
        if encoder is not None:
            index = EmbeddingIndex(
                encoder,
                [t for t, _, _ in docs],
                [c for _, c, _ in docs],
                [w for _, _, w in docs],
                cache_dir=cache_dir or default_cache_dir(),
                known=_known,
            )
    model = None
    if linear:
        from .linear import LevelModel

        def train() -> LevelModel:
            return LevelModel(
                [t for t, _, _ in docs],
                [c for _, c, _ in docs],
                soc_ancestor,
                levels=(1, 2),
                vectors=None if index is None else index.vectors,
            )

        tag = "" if index is None else "+minilm"
        if keep is not None:  # a subset (evaluation split, tests): keyed by its rows too
            tag += hashlib.sha256("\n".join(f"{t}\t{c}\t{w}" for t, c, w in docs).encode()).hexdigest()[:16]
        model = _cached(onet_dir, Path(cache_dir), train, tag) if cache_dir else train()
    coder = Coder("en", names, docs, soc_level, soc_ancestor, level_model=model, embeddings=index)
    if rerank:
        coder.reranker = _train_reranker(
            onet_dir, coder, docs, alt, keep, linear, cache_dir, index, fold_seed
        )
    return coder


def in_fold(key: str, seed: str, share: float = 0.2) -> bool:
    """A fixed pseudo-random `share` of title groups (normalised titles); the bench draws its splits with it too."""
    return int(hashlib.sha256((seed + key).encode()).hexdigest()[:8], 16) / 0xFFFFFFFF < share


def _train_reranker(onet_dir, coder, docs, alt, keep, linear, cache_dir, index, fold_seed):
    from .rerank import RERANK_VERSION, CodeStats, Reranker, fit

    def held_out(r) -> bool:
        return in_fold(normalise(r["Alternate Title"]), fold_seed)

    def train():
        fold_coder = build_onet_coder(
            onet_dir,
            keep=lambda r: (keep is None or keep(r)) and not held_out(r),
            linear=linear,
            cache_dir=cache_dir,
            embeddings=index is not None,
            _known=None if index is None else dict(zip((t for t, _, _ in docs), index.vectors, strict=True)),
        )
        fold_alt = [r for r in alt if not held_out(r)]
        seen = {normalise(t) for t in coder.names.values()} | {
            normalise(r["Alternate Title"]) for r in fold_alt
        }
        listed: dict[str, tuple[str, set[str]]] = {}
        for r in alt:
            key = normalise(r["Alternate Title"])
            if held_out(r) and key not in seen:
                listed.setdefault(key, (r["Alternate Title"], set()))[1].add(r["O*NET-SOC Code"])
        fold_docs = onet_docs(coder.names, fold_alt)
        labelled = [listed[k] for k in sorted(listed, key=lambda k: hashlib.sha256(k.encode()).hexdigest())]
        return fit(fold_coder, CodeStats(fold_coder, fold_docs), labelled[:RERANK_TITLES])

    tag = (
        f"{RERANK_VERSION}|{fold_seed}|{'minilm' if index is not None else ''}|{linear}|"
        + hashlib.sha256("\n".join(f"{t}\t{c}\t{w}" for t, c, w in docs).encode()).hexdigest()[:16]
    )
    model = _cached(onet_dir, Path(cache_dir), train, tag, kind="soc-rerank") if cache_dir else train()
    return Reranker(model, CodeStats(coder, docs))


def _cached(onet_dir: Path, cache_dir: Path, train, tag: str = "", kind: str = "soc-levels"):
    """The model pickled under `cache_dir` for these reference files, trained and written if absent. The cache is
    written only by this function (never committed); an unreadable or unwritable cache just means training."""
    from .linear import MODEL_VERSION

    digest = hashlib.sha256((MODEL_VERSION + tag).encode())
    for name in (ONET_OCC, ONET_ALT):
        digest.update((onet_dir / name).read_bytes())
    path = cache_dir / f"{kind}-{digest.hexdigest()[:20]}.pickle"
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    model = train()
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(model, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return model


class TitleCoder:
    """Both coders behind one call; language chosen by the caller or from the script of the title."""

    def __init__(self, zh: Coder | None, en: Coder | None):
        self.coders = {"zh": zh, "en": en}

    def coder(self, lang: str) -> Coder:
        c = self.coders.get(lang)
        if c is None:
            raise ValueError(f"no coder for language {lang!r}")
        return c

    def code_title(
        self, title: str, lang: str | None = None, top: int = 5, level: int | None = None
    ) -> list[Candidate]:
        lang = lang or ("zh" if has_cjk(title) else "en")
        return self.coder(lang).code_title(title, top=top, level=level)

    def add_confirmation(self, title: str, code: str, lang: str | None = None) -> None:
        lang = lang or ("zh" if re.fullmatch(r"\d-\d\d(-\d\d){0,2}", code) else "en")
        self.coder(lang).add_confirmation(title, code)

    def export_confirmations(self) -> list[tuple[str, str, str]]:
        return [
            (lang, t, c)
            for lang, coder in self.coders.items()
            if coder
            for t, c in coder.export_confirmations()
        ]

    def import_confirmations(self, rows: Iterable[tuple[str, str, str]]) -> int:
        n = 0
        for lang, title, code in rows:
            self.coder(lang).add_confirmation(title, code)
            n += 1
        return n


def default_cache_dir() -> Path:
    return Path(os.environ.get("JIUYE_CODER_CACHE") or Path(tempfile.gettempdir()) / "jiuye-coder-cache")


@lru_cache(maxsize=4)
def load_coder(reference_dir: Path | str, cache_dir: Path | str | None = None) -> TitleCoder:
    """Build (once per directory) from `<reference_dir>/onet` and `<reference_dir>/china-occupation-classification`.
    The SOC linear classifiers are cached under `cache_dir` (default $JIUYE_CODER_CACHE or <tmp>/jiuye-coder-cache):
    the first build trains them (tens of seconds), later processes load them."""
    root = Path(reference_dir)
    zh_path = root / "china-occupation-classification" / DADIAN_FLAT
    onet_dir = root / "onet"
    zh = build_dadian_coder(zh_path) if zh_path.exists() else None
    cache = Path(cache_dir) if cache_dir else default_cache_dir()
    en = build_onet_coder(onet_dir, cache_dir=cache) if (onet_dir / ONET_ALT).exists() else None
    return TitleCoder(zh, en)
