"""The real unemployment-duration data sets, read into a binary long-term target (pure: csv + numpy).

Source: `../shared/data/datasets/unemployment-duration` (Rdatasets snapshot, see its SOURCE.txt). Never copied
into the repository; the path is a parameter.

Target per data set (the longest threshold the data allow with enough long spells):

- `jobless` (Cameron & Trivedi; CPS Displaced Worker Supplements 1986–92, McCall 1996; 3,343 spells) and
  `UnempDur` (the same 3,343 spells with five covariates): `spell` counts two-week intervals (1–28, so at
  most 56 weeks are observed). **Long-term = spell > 13 intervals, i.e. still jobless after 26 weeks.**
  A 12-month threshold (> 26 intervals) leaves 33 long spells — too few to learn or to evaluate by group.
- `Unemployment` (Romeo 1999, 452 first spells, `duration` in weeks, `spell` = 1 if completed):
  **long-term = duration > 26 weeks.**
- `Benefits` (McCall 1995, 4,877 displaced blue-collar workers) has **no duration variable** — its outcome is UI
  take-up — so it cannot give a long-term target. It is read (for the record and the bench's table) but not
  modelled; `load_benefits()` says so.

Right-censoring: a spell still running at the survey (`censor4 == 1` in jobless/UnempDur, `spell == 0` in
Unemployment) that is already longer than the threshold is known to be long-term (label 1). A censored spell
at or below the threshold has an unknown outcome: it is **excluded** from training and evaluation, and
`Dataset.n_excluded_censored` says how many. This is the simple, honest treatment; it drops short censored
spells, which over-represents completed short spells among the negatives (see ADR 0012).

Protected attributes (sex, age, race/ethnicity, marital status, and — because they stand in for sex and
marital status, notably where employers discriminate against mothers — household-head, children and young
children) are never features: they are kept in `Dataset.groups` for the group report only.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

DEFAULT_DATA_DIR = (
    Path(__file__).resolve().parents[3].parent / "shared" / "data" / "datasets" / "unemployment-duration"
)

# Threshold in the data's own unit and in weeks.
JOBLESS_THRESHOLD_INTERVALS = 13  # two-week intervals: > 26 weeks
ROMEO_THRESHOLD_WEEKS = 26

# Columns that are protected (or stand in for a protected attribute) in each source file. They never enter a
# feature list; `tests/cases/test_profiling.py` fails if one does.
PROTECTED_COLUMNS: dict[str, frozenset[str]] = {
    "jobless": frozenset({"female", "age", "nonwhite", "married", "houshead", "child", "ychild"}),
    "UnempDur": frozenset({"age"}),
    "Unemployment": frozenset({"sex", "race"}),
    "Benefits": frozenset({"sex", "age", "nwhite", "married", "head", "dkids", "dykids"}),
}
# Words that name a protected attribute (matched against the `_`/`-`-separated tokens of every feature name,
# also ProfileModel's). Compound source names are listed as they are spelled.
PROTECTED_TERMS = frozenset(
    {
        "sex",
        "female",
        "male",
        "gender",
        "women",
        "men",
        "age",
        "birth",
        "birthday",
        "dob",
        "older",
        "youth",
        "race",
        "white",
        "nonwhite",
        "nwhite",
        "ethnic",
        "ethnicity",
        "minzu",
        "nation",
        "nationality",
        "origin",
        "foreign",
        "hukou",
        "married",
        "marital",
        "marriage",
        "spouse",
        "houshead",
        "head",
        "child",
        "children",
        "ychild",
        "kids",
        "dkids",
        "dykids",
        "pregnant",
    }
)


def names_protected(name: str) -> bool:
    """True when a feature name is, or contains as a token, a protected attribute word."""
    tokens = [t for t in re.split(r"[^a-z0-9]+", name.lower()) if t]
    return any(t in PROTECTED_TERMS for t in tokens)


# Columns that are outcomes or are measured during/after the spell (leakage): never features.
OUTCOME_COLUMNS: dict[str, frozenset[str]] = {
    "jobless": frozenset({"rownames", "spell", "censor1", "censor2", "censor3", "censor4"}),
    "UnempDur": frozenset({"rownames", "spell", "censor1", "censor2", "censor3", "censor4"}),
    # search: defined from whether the spell completed; pubemp: "at any survey point"; ftp2-4: later surveys;
    # nobs: number of surveys the spell lasted — all known only after the spell has run.
    "Unemployment": frozenset(
        {"rownames", "duration", "spell", "search", "pubemp", "ftp2", "ftp3", "ftp4", "nobs"}
    ),
}

AGE_BANDS = ((16, 29, "16-29"), (30, 39, "30-39"), (40, 49, "40-49"), (50, 120, "50+"))


@dataclass
class Dataset:
    """One data set as a binary classification problem, with its group labels kept apart from the features."""

    name: str
    description: str
    target: str
    X: np.ndarray  # float64, (n, k): features only
    feature_names: tuple[str, ...]
    continuous: tuple[str, ...]  # the subset of feature_names treated as continuous (splines/bins)
    y: np.ndarray  # int8 0/1
    groups: dict[str, np.ndarray] = field(default_factory=dict)  # attribute -> label per row (str)
    baseline: np.ndarray | None = None  # int8 0/1: the rule-based flag
    baseline_rule: str = ""
    n_total: int = 0
    n_excluded_censored: int = 0
    n_censored_long: int = 0
    extra: dict[str, np.ndarray] = field(default_factory=dict)  # raw columns used by the ProfileModel fit

    @property
    def n(self) -> int:
        return int(self.y.shape[0])

    @property
    def prevalence(self) -> float:
        return float(self.y.mean())


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    if not path.exists():
        raise FileNotFoundError(f"data file not found: {path}")
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def _num(rows: list[dict[str, str]], column: str, path: Path) -> np.ndarray:
    out = np.empty(len(rows), dtype=np.float64)
    for i, row in enumerate(rows):
        value = (row.get(column) or "").strip()
        if value in ("yes", "no"):
            out[i] = 1.0 if value == "yes" else 0.0
            continue
        try:
            out[i] = float(value)
        except ValueError:
            raise ValueError(
                f"{path.name} line {i + 2}: column {column!r} is not a number: {value!r}"
            ) from None
    return out


def age_band(age: np.ndarray) -> np.ndarray:
    out = np.empty(age.shape[0], dtype=object)
    for lo, hi, label in AGE_BANDS:
        out[(age >= lo) & (age <= hi)] = label
    return out.astype(str)


def _binary_target(long_spell: np.ndarray, censored: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Keep rows whose outcome is known: every long spell (censored or not) and completed short spells."""
    keep = long_spell | ~censored
    return keep, long_spell[keep].astype(np.int8)


def load_jobless(data_dir: Path = DEFAULT_DATA_DIR) -> Dataset:
    path = Path(data_dir) / "camerondata_jobless.csv"
    columns, rows = _read(path)
    spell = _num(rows, "spell", path)
    censored = _num(rows, "censor4", path) == 1
    long_spell = spell > JOBLESS_THRESHOLD_INTERVALS
    keep, y = _binary_target(long_spell, censored)
    excluded = PROTECTED_COLUMNS["jobless"] | OUTCOME_COLUMNS["jobless"]
    names = tuple(c for c in columns if c not in excluded)
    X = np.column_stack([_num(rows, c, path) for c in names])[keep]
    sex = np.where(_num(rows, "female", path) == 1, "female", "male")[keep]
    race = np.where(_num(rows, "nonwhite", path) == 1, "nonwhite", "white")[keep]
    age = _num(rows, "age", path)[keep]
    col = {c: i for i, c in enumerate(names)}
    return Dataset(
        name="jobless",
        description="CPS Displaced Worker Supplements 1986-92 (Cameron & Trivedi 'jobless', McCall 1996)",
        target="spell > 13 two-week intervals (still jobless after 26 weeks)",
        X=X,
        feature_names=names,
        continuous=tuple(c for c in ("reprate", "logwage", "tenure", "disrate", "stateur") if c in col),
        y=y,
        groups={"sex": sex, "age_band": age_band(age), "race": race},
        baseline=(X[:, col["schlt12"]] == 1).astype(np.int8),
        baseline_rule="low education: less than 12 years of schooling (schlt12 = 1)",
        n_total=len(rows),
        n_excluded_censored=int((~keep).sum()),
        n_censored_long=int((censored & long_spell).sum()),
        extra={c: X[:, col[c]] for c in ("schlt12", "schgt12", "tenure", "bluecoll", "logwage", "ui")},
    )


def load_unempdur(data_dir: Path = DEFAULT_DATA_DIR) -> Dataset:
    path = Path(data_dir) / "Ecdat_UnempDur.csv"
    columns, rows = _read(path)
    spell = _num(rows, "spell", path)
    censored = _num(rows, "censor4", path) == 1
    long_spell = spell > JOBLESS_THRESHOLD_INTERVALS
    keep, y = _binary_target(long_spell, censored)
    excluded = PROTECTED_COLUMNS["UnempDur"] | OUTCOME_COLUMNS["UnempDur"]
    names = tuple(c for c in columns if c not in excluded)
    X = np.column_stack([_num(rows, c, path) for c in names])[keep]
    col = {c: i for i, c in enumerate(names)}
    return Dataset(
        name="UnempDur",
        description="the same 3,343 CPS DWS spells, five covariates (Ecdat UnempDur)",
        target="spell > 13 two-week intervals (still jobless after 26 weeks)",
        X=X,
        feature_names=names,
        continuous=tuple(c for c in ("reprate", "disrate", "logwage", "tenure") if c in col),
        y=y,
        groups={"age_band": age_band(_num(rows, "age", path)[keep])},
        baseline=(X[:, col["ui"]] == 1).astype(np.int8),
        baseline_rule="filed an unemployment-insurance claim (ui = yes); no education variable in this file",
        n_total=len(rows),
        n_excluded_censored=int((~keep).sum()),
        n_censored_long=int((censored & long_spell).sum()),
    )


_REASONS = ("lose", "leave", "new", "reentr")


def load_unemployment(data_dir: Path = DEFAULT_DATA_DIR) -> Dataset:
    path = Path(data_dir) / "Ecdat_Unemployment.csv"
    _columns, rows = _read(path)
    duration = _num(rows, "duration", path)
    censored = _num(rows, "spell", path) == 0
    long_spell = duration > ROMEO_THRESHOLD_WEEKS
    keep, y = _binary_target(long_spell, censored)
    reason = np.array([(r.get("reason") or "").strip() for r in rows])
    bad = [i for i, v in enumerate(reason) if v not in _REASONS]
    if bad:
        raise ValueError(
            f"{path.name} line {bad[0] + 2}: column 'reason' has an unknown value {reason[bad[0]]!r}"
        )
    # One-hot reason, 'lose' is the reference level; ftp1 = searching for full-time work at the first survey.
    names = ("reason_leave", "reason_new", "reason_reentr", "ftp1")
    X = np.column_stack(
        [(reason == "leave"), (reason == "new"), (reason == "reentr"), _num(rows, "ftp1", path)]
    ).astype(np.float64)[keep]
    sex = np.array([(r.get("sex") or "").strip() for r in rows])[keep]
    race = np.array([(r.get("race") or "").strip() for r in rows])[keep]
    return Dataset(
        name="Unemployment",
        description="first unemployment spells, US 1993 (Romeo 1999; Ecdat Unemployment)",
        target="duration > 26 weeks",
        X=X,
        feature_names=names,
        continuous=(),
        y=y,
        groups={"sex": sex, "race": race},
        baseline=(reason[keep] == "lose").astype(np.int8),
        baseline_rule="job loser (reason = lose); the file has no education or benefit variable",
        n_total=len(rows),
        n_excluded_censored=int((~keep).sum()),
        n_censored_long=int((censored & long_spell).sum()),
    )


def load_benefits(data_dir: Path = DEFAULT_DATA_DIR) -> dict[str, object]:
    """Benefits has no spell length: report its size and why it is not modelled."""
    path = Path(data_dir) / "Ecdat_Benefits.csv"
    _columns, rows = _read(path)
    return {
        "name": "Benefits",
        "n_total": len(rows),
        "modelled": False,
        "why": "no unemployment-duration variable (its outcome is UI take-up), so no long-term target",
    }


LOADERS = {"jobless": load_jobless, "UnempDur": load_unempdur, "Unemployment": load_unemployment}
MAIN_DATASET = "jobless"


def load_all(data_dir: Path = DEFAULT_DATA_DIR) -> dict[str, Dataset]:
    return {name: loader(data_dir) for name, loader in LOADERS.items()}
