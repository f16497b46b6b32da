"""English job titles → 大典 2022 细类: the O*NET-SOC coder carried across by the crosswalk (pure: no Django).

The SOC coder is the one bench/occupation_coding.py scores (TF-IDF and all-MiniLM-L6-v2 neighbours, re-weighted by
the SOC major- and minor-group SVMs, re-scored by the reranker), trained on every O*NET title. Its detailed-code votes are moved onto 大典
细类 by crosswalk.Crosswalk. Building it takes minutes (encoding ~62,000 titles, training the SVMs), far too long for
a request, so it is built ahead by

    python -m jiuye.jobs.coding.english build [--if-stale] [--reference DIR] [--out PATH]

(`make demo` runs it) and saved to var/coder/en-dadian.pkl with a format version and a fingerprint of the reference
files and the crosswalk. The encoder's weights are not pickled: they are loaded again from the model package.
Without the file (or the model package) the platform codes English titles the old way and sends them to staff.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pickle
import sys
import time
from pathlib import Path

from .crosswalk import DEFAULT_PATH as CROSSWALK_PATH
from .crosswalk import Crosswalk, read_crosswalk
from .engine import Candidate, Coder, add_confirmation_votes, normalise, rank
from .sources import DADIAN_FLAT, ONET_ALT, ONET_OCC, build_onet_coder, dadian_level, read_dadian, read_onet

FORMAT = 2  # 2: staff confirmations kept beside the coder (not in the file)
# A 大典 code from an English title is taken without staff from this confidence (the reranker's probability carried
# across). Calibration (bench/occupation_coding.py, English titles → 大典; read on half A of the 281 blind-labelled
# real posting titles, 145 titles): the detailed code is right for 0.46–0.53 of the titles at every bar from 0.2 to
# 0.7 (0.60 of 5 titles at 0.8), far from the ~0.93 the Chinese path keeps automatically. So no bar is safe yet:
# above 1, English titles always go to staff, with the coder's suggestions (top-1 right 0.45, top-3 0.69).
CONFIRM_BELOW = 1.01
DEFAULT_MODEL_PATH = Path(__file__).resolve().parents[3] / "var" / "coder" / "en-dadian.pkl"
DADIAN_PATH = Path("china-occupation-classification") / DADIAN_FLAT


class EnglishCoder:
    """`code_title(title)` → 大典 细类 candidates; `code_soc(title)` → the O*NET-SOC candidates behind them."""

    def __init__(self, soc: Coder, crosswalk: Crosswalk, fingerprint: str):
        self.soc = soc
        self.crosswalk = crosswalk
        self.fingerprint = fingerprint
        self._confirmed: list[tuple[dict[int, float], str, str]] = []  # staff's 大典 codes for English titles
        self._confirmed_keys: set[tuple[str, str]] = set()

    def code_title(self, title: str, top: int = 5) -> list[Candidate]:
        """大典 细类 candidates: the SOC coder's votes carried across, plus staff confirmations of the same or
        similar English titles (compared in the SOC coder's TF-IDF space, which knows English words)."""
        votes, best = self.crosswalk.carry(self.soc, title)
        if self._confirmed:
            add_confirmation_votes(self.soc._vector(title), normalise(title), self._confirmed, votes, best)
        calibrated = self.soc.reranker is not None
        return rank(votes, best, self.crosswalk.names, self.crosswalk.level_of, top, calibrated=calibrated)

    def add_confirmation(self, title: str, code: str) -> bool:
        """Learn a staff confirmation (title → 大典 细类); False when already known or the code is not a 细类."""
        key = normalise(title)
        if not key or code not in self.crosswalk.names or (key, code) in self._confirmed_keys:
            return False
        self._confirmed.append((self.soc._vector(title), key, code))
        self._confirmed_keys.add((key, code))
        return True

    def code_soc(self, title: str, top: int = 5, level: int | None = None) -> list[Candidate]:
        return self.soc.code_title(title, top=top, level=level)

    def save(self, path: Path | str) -> None:
        """Pickle without the encoder's weights (reloaded from the model package by `load`); atomic replace."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        index = self.soc.embeddings
        encoder = index.encoder if index is not None else None
        self.soc._memo.clear()
        if self._confirmed:
            raise ValueError("save the coder as built: staff confirmations live in the database")
        try:
            if index is not None:
                index.encoder = None
                index._memo.clear()
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            # A small header first, so staleness is read without loading the coder.
            with open(tmp, "wb") as fh:
                pickle.dump({"format": FORMAT, "fingerprint": self.fingerprint}, fh)
                pickle.dump(self, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            if index is not None:
                index.encoder = encoder

    @classmethod
    def load(cls, path: Path | str) -> EnglishCoder:
        """Raises ValueError when the file is of another format or its encoder cannot be loaded."""
        with open(path, "rb") as fh:
            if read_header(fh) is None:
                raise ValueError(f"{path}: not an English coder of format {FORMAT}")
            coder: EnglishCoder = pickle.load(fh)  # noqa: S301 - our own artefact under var/
        if coder.soc.embeddings is not None:
            from .embed import load_encoder

            encoder = load_encoder()
            if encoder is None:
                raise ValueError(f"{path}: built with embeddings, but the model package is not installed")
            coder.soc.embeddings.encoder = encoder
        return coder


def fingerprint(reference_dir: Path | str, crosswalk_path: Path | str = CROSSWALK_PATH) -> str:
    """What the saved coder was built from: format, the SOC model's version, the O*NET and 大典 files, the crosswalk,
    and whether the embedding model is installed (building with or without it gives different coders)."""
    from .embed import MODEL_NAME, model_dir
    from .linear import MODEL_VERSION

    root = Path(reference_dir)
    from .rerank import RERANK_VERSION

    stamp = f"{FORMAT}|{MODEL_VERSION}|{RERANK_VERSION}|{MODEL_NAME if model_dir() else 'none'}"
    digest = hashlib.sha256(stamp.encode())
    for path in (
        root / "onet" / ONET_OCC,
        root / "onet" / ONET_ALT,
        root / DADIAN_PATH,
        Path(crosswalk_path),
    ):
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:20]


def build(
    reference_dir: Path | str,
    crosswalk_path: Path | str = CROSSWALK_PATH,
    cache_dir: Path | str | None = None,
    keep=None,
    embeddings: bool | None = None,
    rerank: bool = True,
) -> EnglishCoder:
    """Build from `<reference_dir>/onet` and the 大典 list; the crosswalk is checked against both (CrosswalkError
    names a bad line). `keep`, `embeddings` and `rerank` as in sources.build_onet_coder (for tests and evaluation)."""
    root = Path(reference_dir)
    names, _ = read_onet(root / "onet")
    leaves = {r["code"]: r["name"] for r in read_dadian(root / DADIAN_PATH) if r["level"] == "4"}
    links = read_crosswalk(crosswalk_path, soc_codes=set(names), dadian_leaves=set(leaves))
    soc = build_onet_coder(
        root / "onet", keep=keep, cache_dir=cache_dir, embeddings=embeddings, rerank=rerank
    )
    return EnglishCoder(soc, Crosswalk(links, leaves, dadian_level), fingerprint(root, crosswalk_path))


def read_header(fh) -> dict | None:
    """The saved file's header ({format, fingerprint}), or None when it is not one of ours of this format."""
    try:
        header = pickle.load(fh)  # noqa: S301 - our own artefact under var/
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        return None
    return header if isinstance(header, dict) and header.get("format") == FORMAT else None


def is_current(path: Path | str, reference_dir: Path | str) -> bool:
    """Whether the file at `path` is a saved English coder built from these reference files and this crosswalk."""
    try:
        with open(path, "rb") as fh:
            header = read_header(fh)
    except OSError:
        return False
    return header is not None and header.get("fingerprint") == fingerprint(reference_dir)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m jiuye.jobs.coding.english")
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the English → 大典 coder and save it")
    b.add_argument("--reference", type=Path, default=None, help="reference data dir (default $JIUYE_REFDATA)")
    b.add_argument("--out", type=Path, default=DEFAULT_MODEL_PATH)
    b.add_argument("--if-stale", action="store_true", help="do nothing when the saved coder is up to date")
    args = ap.parse_args(argv)
    root = args.reference or Path(
        os.environ.get("JIUYE_REFDATA")
        or Path(__file__).resolve().parents[4] / "shared" / "data" / "reference"
    )
    if not (root / "onet" / ONET_ALT).exists():
        print(f"no O*NET files under {root}: English titles stay with staff", file=sys.stderr)
        return 0
    if args.if_stale and is_current(args.out, root):
        print(f"{args.out} is up to date")
        return 0
    started = time.perf_counter()
    # Through the module's real name: run as `python -m`, this file is __main__, and a pickle of __main__'s class
    # could not be loaded by anyone else.
    from jiuye.jobs.coding import english

    coder = english.build(root, cache_dir=args.out.parent / "cache")
    coder.save(args.out)
    print(f"English → 大典 coder saved to {args.out} ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
