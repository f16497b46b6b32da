"""splink model definitions: which comparisons, levels, blocking rules and training passes each profile uses.

A profile is backend-neutral: comparisons are splink creators (rendered to the DuckDB or Spark dialect when a
linker is built) and custom SQL uses only `=`, `substr` and `length`, which both dialects share.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import block_on

from .prepare import prepare_persons

PARAMS_DIR = Path(__file__).parent / "params"


@dataclass(frozen=True)
class Profile:
    """Everything that differs between record types; the engine is the same for all of them."""

    name: str
    prepare: Callable[[Any], pd.DataFrame]
    comparisons: Callable[[], list]
    blocking_rules: Callable[[], list]
    # Each EM pass blocks on some columns and so can only estimate the comparisons that do not use them;
    # together the passes must cover every trained comparison.
    em_rules: Callable[[], list]
    # Near-certain rules used to estimate the share of pairs that match (splink's deterministic-rule estimate).
    deterministic_rules: Callable[[], list]
    deterministic_recall: float
    # Column whose equal non-null values are exact links outside the model (None: no such identifier).
    exact_key: str | None = None
    # splink's gamma column name -> the name in the engine's output.
    gamma_names: dict[str, str] = field(default_factory=dict)
    # Below this many records on the smaller side EM has too little to learn from; the shipped
    # parameters are used instead.
    min_records_to_train: int = 1000

    @property
    def params_path(self) -> Path:
        return PARAMS_DIR / f"{self.name}.json"

    def load_params(self) -> dict[str, Any] | None:
        path = self.params_path
        return json.loads(path.read_text("utf-8")) if path.exists() else None


# ------------------------------------------------------------------------------------------------ persons


def _person_name() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="name",
        comparison_description="Han name exact / same pinyin (homophone) / one edit / similar pinyin",
        comparison_levels=[
            cll.NullLevel("name"),
            # Term frequencies: 张伟 agreeing is weaker evidence than 谭梓曦 agreeing.
            cll.ExactMatchLevel("name", term_frequency_adjustments=True),
            cll.CustomLevel("name_py_l = name_py_r", "same toneless pinyin (homophone)"),
            cll.DamerauLevenshteinLevel("name", 1),
            # Near-homophones from dialect (z/zh, n/l, in/ing) and pinyin-input slips.
            cll.JaroWinklerLevel("name_py", 0.9),
            cll.ElseLevel(),
        ],
    )


def _person_birth_date() -> cl.CustomComparison:
    transposed = (
        "substr(dob_l, 1, 4) = substr(dob_r, 1, 4) AND substr(dob_l, 5, 2) = substr(dob_r, 7, 2)"
        " AND substr(dob_l, 7, 2) = substr(dob_r, 5, 2)"
    )
    return cl.CustomComparison(
        output_column_name="birth_date",
        comparison_description="birth date exact / one digit wrong or day and month swapped / same year",
        comparison_levels=[
            cll.NullLevel("dob"),
            cll.ExactMatchLevel("dob"),
            # One-digit typos and adjacent swaps are one Damerau edit on YYYYMMDD; a swapped day and month
            # (08/03 vs 03/08) is not, so it is spelled out.
            cll.Or(cll.DamerauLevenshteinLevel("dob", 1), cll.CustomLevel(transposed)).configure(
                label_for_charts="one digit wrong or day/month swapped"
            ),
            cll.ExactMatchLevel("birth_year").configure(label_for_charts="same year"),
            cll.ElseLevel(),
        ],
    )


def _person_division() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="division",
        comparison_description="residence: same township / county / city",
        comparison_levels=[
            cll.NullLevel("division_code"),
            cll.CustomLevel(
                "division_code_l = division_code_r AND length(division_code_l) = 9", "same township"
            ),
            cll.ExactMatchLevel("county").configure(label_for_charts="same county"),
            cll.ExactMatchLevel("city").configure(label_for_charts="same city"),
            cll.ElseLevel(),
        ],
    )


def _person_id() -> cl.CustomComparison:
    # Records reaching the model never share an ID hash (those were linked exactly). Two *different* valid IDs
    # are strong evidence of two people (twins share everything else); a mistyped ID that still passes the
    # checksum is the only way one person gets two. Those odds are fixed, not trained: in the residue there
    # are almost no true matches with two IDs, and EM would drive m to zero and forbid the link outright.
    return cl.CustomComparison(
        output_column_name="id",
        comparison_description="resident ID hash: equal / conflicting",
        comparison_levels=[
            cll.NullLevel("id_hash"),
            cll.ExactMatchLevel("id_hash").configure(
                m_probability=0.97, u_probability=1e-7, fix_m_probability=True, fix_u_probability=True
            ),
            cll.ElseLevel().configure(
                m_probability=0.03, u_probability=0.9999999, fix_m_probability=True, fix_u_probability=True
            ),
        ],
    )


def person_comparisons() -> list:
    return [
        _person_name(),
        _person_birth_date(),
        # Fixed m: a sex coded wrongly happens (a clerk's slip, a form default), and EM on clean data would
        # learn "never", turning one wrong field into a veto.
        cl.CustomComparison(
            output_column_name="sex",
            comparison_description="sex",
            comparison_levels=[
                cll.NullLevel("sex"),
                cll.ExactMatchLevel("sex").configure(m_probability=0.995, fix_m_probability=True),
                cll.ElseLevel().configure(m_probability=0.005, fix_m_probability=True),
            ],
        ),
        cl.CustomComparison(
            output_column_name="phone",
            comparison_description="phone hash",
            comparison_levels=[cll.NullLevel("phone_hash"), cll.ExactMatchLevel("phone_hash"), cll.ElseLevel()],
        ),
        _person_division(),
        _person_id(),
    ]


def person_blocking_rules() -> list:
    return [
        block_on("dob"),
        # A wrong digit in the birth date: same sounding name, same year.
        block_on("name_py", "birth_year"),
        block_on("phone_hash"),
        # A wrong year and no phone: same sounding name in the same county.
        block_on("name_py", "county"),
        # A non-homophone name typo and a date typo: surname, year and county still agree.
        block_on("surname_py", "birth_year", "county"),
    ]


def person_em_rules() -> list:
    return [
        block_on("dob"),  # trains name, phone, division
        # Not name + birth year: a pass can only train comparisons whose columns it does not block on, and
        # the birth-date comparison reads birth_year.
        block_on("name_py", "county"),  # trains birth date, phone
    ]


def person_deterministic_rules() -> list:
    return [
        block_on("name", "dob"),
        "l.name_py = r.name_py and l.dob = r.dob and l.sex = r.sex",
        "l.phone_hash = r.phone_hash and l.birth_year = r.birth_year",
    ]


PERSON = Profile(
    name="person",
    prepare=prepare_persons,
    comparisons=person_comparisons,
    blocking_rules=person_blocking_rules,
    em_rules=person_em_rules,
    deterministic_rules=person_deterministic_rules,
    deterministic_recall=0.8,
    exact_key="id_hash",
    gamma_names={"gamma_sex": "gamma_sex"},
)
