"""The same indicator definitions in plain pandas: the baseline the SQL engines are checked against.

Written from the definitions' words (`jiuye.analytics.indicators.DEFINITIONS`), not translated from the SQL, so a
mistake in one is caught by the other. Reads only the columns each table needs.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from .indicators import COUNT, DEFINITIONS, RATIO, RESULT_COLUMNS, normalise, typed_results

_PM_COLUMNS = [
    "division_code",
    "month_idx",
    "employed",
    "employed_prev",
    "job_started",
    "registered_unemployed",
    "registered_unemployed_prev",
    "difficulty",
    "key_group_mask",
    "insured",
    "months_since_graduation",
]
_PO_COLUMNS = [
    "division_code",
    "month_idx",
    "occupation_major",
    "headcount",
    "pay_mid",
    "is_new",
    "is_filled",
    "days_to_fill",
]
_AP_COLUMNS = ["division_code", "month_idx", "occupation_major"]
_KEYS = ["division_code", "month_idx", "grp"]


def _read(directory: Path, table: str, columns: list[str]) -> pd.DataFrame:
    frame = pq.read_table(directory / f"{table}.parquet", columns=columns).to_pandas()
    if "division_code" in frame:
        frame["division_code"] = frame["division_code"].astype("category")
    return frame


def _leaf(
    frame: pd.DataFrame, numerator: pd.Series, denominator: pd.Series | None, grp: str = ""
) -> pd.DataFrame:
    """Sum numerator (and denominator) by leaf division × month."""
    data = pd.DataFrame(
        {
            "division_code": frame["division_code"].to_numpy(),
            "month_idx": frame["month_idx"].to_numpy(),
            "numerator": numerator.to_numpy(dtype="int64"),
        }
    )
    if denominator is not None:
        data["denominator"] = denominator.to_numpy(dtype="int64")
    out = data.groupby(["division_code", "month_idx"], observed=True, sort=False).sum().reset_index()
    if denominator is None:
        out["denominator"] = np.nan
    out["grp"] = grp
    return out


def _by_occupation(frame: pd.DataFrame, values: pd.Series, name: str) -> pd.DataFrame:
    data = pd.DataFrame(
        {
            "division_code": frame["division_code"].astype(str).to_numpy(),
            "month_idx": frame["month_idx"].to_numpy(),
            "occupation_major": frame["occupation_major"].to_numpy(),
            name: values.to_numpy(dtype="int64"),
        }
    )
    total = data.groupby(["division_code", "month_idx"], sort=False)[name].sum().reset_index()
    total["grp"] = ""
    known = data[data["occupation_major"].notna()]
    by_occ = (
        known.groupby(["division_code", "month_idx", "occupation_major"], sort=False)[name]
        .sum()
        .reset_index()
    )
    by_occ["grp"] = "occupation:" + by_occ.pop("occupation_major").astype(str)
    return pd.concat([total, by_occ], ignore_index=True)


def _rollup(leaf: pd.DataFrame, ancestors: pd.DataFrame, kind: str) -> pd.DataFrame:
    leaf = leaf.copy()
    leaf["division_code"] = leaf["division_code"].astype(str)
    joined = leaf.merge(ancestors, left_on="division_code", right_on="leaf_code")
    joined = joined.drop(columns=["division_code", "leaf_code"]).rename(columns={"code": "division_code"})
    agg = (
        joined.groupby(_KEYS, sort=False)
        .agg(
            numerator=("numerator", lambda s: s.sum(min_count=1)),
            denominator=("denominator", lambda s: s.sum(min_count=1)),
        )
        .reset_index()
    )
    agg["numerator"] = agg["numerator"].astype("float64")
    agg["denominator"] = agg["denominator"].astype("float64")
    if kind == COUNT:
        agg["value"] = agg["numerator"]
    else:
        agg["value"] = np.where(
            agg["denominator"] > 0,
            agg["numerator"] / agg["denominator"].where(agg["denominator"] > 0, 1.0),
            np.nan,
        )
    return agg


def compute(directory: str | Path, *, codes: list[str] | None = None) -> pd.DataFrame:
    directory = Path(directory)
    ancestors = pq.read_table(
        directory / "division_ancestors.parquet", columns=["leaf_code", "code"]
    ).to_pandas()
    key_groups = pq.read_table(directory / "key_groups.parquet").to_pandas()
    pm = _read(directory, "person_month", _PM_COLUMNS)
    po = _read(directory, "postings_month", _PO_COLUMNS)
    ap = _read(directory, "applicants_month", _AP_COLUMNS)

    ones = pd.Series(np.ones(len(pm), dtype="int64"))
    leaves: dict[str, pd.DataFrame] = {}
    leaves["registered_unemployed"] = _leaf(pm, pm["registered_unemployed"], None)
    leaves["registered_unemployment_rate"] = _leaf(
        pm, pm["registered_unemployed"], pm["employed"] | pm["registered_unemployed"]
    )
    new_job = pm["job_started"] & ~pm["employed_prev"]
    leaves["new_urban_jobs"] = _leaf(pm, new_job, None)
    leaves["reemployed_unemployed"] = _leaf(
        pm, pm["registered_unemployed_prev"] & pm["employed"], pm["registered_unemployed_prev"]
    )
    diff = pm[pm["difficulty"]]
    leaves["difficulty_employed"] = _leaf(
        diff, diff["job_started"] & ~diff["employed_prev"], ~diff["employed_prev"]
    )
    for months in (6, 12):
        cohort = pm[pm["months_since_graduation"] == months]
        leaves[f"graduate_employment_rate_{months}m"] = _leaf(
            cohort, cohort["employed"], pd.Series(np.ones(len(cohort), dtype="int64"))
        )
    members = pm[pm["key_group_mask"] != 0]
    parts = []
    for bit, code in zip(key_groups["bit"], key_groups["code"], strict=True):
        in_group = members[(members["key_group_mask"].to_numpy() & int(bit)) != 0]
        if len(in_group):
            parts.append(
                _leaf(
                    in_group,
                    in_group["employed"],
                    pd.Series(np.ones(len(in_group), dtype="int64")),
                    grp=f"key_group:{code}",
                )
            )
    leaves["key_group_employment_rate"] = (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(columns=[*_KEYS, "numerator", "denominator"])
    )
    employed = pm[pm["employed"]]
    leaves["social_insurance_coverage"] = _leaf(
        employed, employed["insured"], pd.Series(np.ones(len(employed), dtype="int64"))
    )
    del ones, members, employed, diff

    openings = _by_occupation(po, po["headcount"], "numerator")
    vac = openings.copy()
    vac["denominator"] = np.nan
    leaves["vacancies"] = vac
    seekers = _by_occupation(ap, pd.Series(np.ones(len(ap), dtype="int64")), "denominator")
    ratio = openings.merge(seekers, on=_KEYS, how="outer")
    ratio["numerator"] = ratio["numerator"].fillna(0)
    ratio["denominator"] = ratio["denominator"].fillna(0)
    leaves["openings_applicants_ratio"] = ratio
    filled = po[po["is_filled"] & po["days_to_fill"].notna()]
    leaves["time_to_fill"] = _leaf(
        filled, filled["days_to_fill"], pd.Series(np.ones(len(filled), dtype="int64"))
    )

    frames = []
    for definition in DEFINITIONS:
        if codes and definition.code not in codes:
            continue
        if definition.code == "median_posted_pay":
            frame = _median_pay(po, ancestors)
        else:
            frame = _rollup(leaves[definition.code], ancestors, definition.kind)
        frame.insert(0, "indicator", definition.code)
        frames.append(typed_results(frame.rename(columns={"grp": "group"})))
    if not frames:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    return normalise(pd.concat(frames, ignore_index=True))


def _median_pay(po: pd.DataFrame, ancestors: pd.DataFrame) -> pd.DataFrame:
    new = po[po["is_new"] & po["pay_mid"].notna()][["division_code", "month_idx", "pay_mid"]].copy()
    new["division_code"] = new["division_code"].astype(str)
    joined = new.merge(ancestors, left_on="division_code", right_on="leaf_code")
    out = joined.groupby(["code", "month_idx"], sort=False)["pay_mid"].agg(["median", "size"]).reset_index()
    return pd.DataFrame(
        {
            "division_code": out["code"],
            "month_idx": out["month_idx"],
            "grp": "",
            "value": out["median"].astype("float64"),
            "numerator": out["median"].astype("float64"),
            "denominator": out["size"].astype("float64"),
        }
    )


__all__ = ["compute", "RATIO"]
