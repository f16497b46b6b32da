"""The indicator system: documented definitions, one SQL text each, run by an engine (pure: no Django).

Every indicator is computed from the extract tables (`jiuye.analytics.extract`). Its SQL is written in the subset
DuckDB and Spark SQL share (CTEs, CASE, SUM/COUNT, UNION ALL, FULL OUTER JOIN, `&` on BIGINT,
`percentile_cont … WITHIN GROUP`), so `DuckDBEngine` (default) and `SparkEngine` (`jiuye[spark]`) run the same
text. Months are carried as `month_idx` (year × 12 + month − 1) so no engine's date type leaks into results.

Three kinds of definition:
- `count`: the SQL gives numerator (and an informative denominator) per leaf division × month × group; the engine
  rolls them up to every ancestor by summing; value = numerator.
- `ratio`: the same, value = Σ numerator / Σ denominator at each level (never an average of rates); null when
  the denominator is 0.
- `holistic` (medians): the SQL joins `division_ancestors` itself and computes the statistic at every level.

Results: one row per indicator × division (every level) × month × group with value, numerator, denominator.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from .extract import TABLES, month_start

COUNT, RATIO, HOLISTIC = "count", "ratio", "holistic"
RESULT_COLUMNS = ["indicator", "division_code", "month_idx", "group", "value", "numerator", "denominator"]


@dataclass(frozen=True)
class Definition:
    code: str
    name_zh: str
    name_en: str
    numerator: str
    denominator: str
    source: str
    unit: str  # persons | rate | ratio | yuan | days | count (monitoring.enums.Unit)
    kind: str  # count | ratio | holistic
    sql: str
    frequency: str = "monthly"
    group_by: str = ""
    higher_is_better: bool | None = None


# Every leaf SQL returns: division_code, month_idx, grp, numerator, denominator.
_SQL_REGISTERED_UNEMPLOYED = """
SELECT division_code, month_idx, '' AS grp,
       SUM(CASE WHEN registered_unemployed THEN 1 ELSE 0 END) AS numerator,
       CAST(NULL AS BIGINT) AS denominator
FROM person_month
GROUP BY division_code, month_idx
"""

_SQL_REGISTERED_UNEMPLOYMENT_RATE = """
SELECT division_code, month_idx, '' AS grp,
       SUM(CASE WHEN registered_unemployed THEN 1 ELSE 0 END) AS numerator,
       SUM(CASE WHEN employed OR registered_unemployed THEN 1 ELSE 0 END) AS denominator
FROM person_month
GROUP BY division_code, month_idx
"""

_SQL_NEW_URBAN_JOBS = """
SELECT division_code, month_idx, '' AS grp,
       SUM(CASE WHEN job_started AND NOT employed_prev THEN 1 ELSE 0 END) AS numerator,
       CAST(NULL AS BIGINT) AS denominator
FROM person_month
GROUP BY division_code, month_idx
"""

_SQL_REEMPLOYED_UNEMPLOYED = """
SELECT division_code, month_idx, '' AS grp,
       SUM(CASE WHEN registered_unemployed_prev AND employed THEN 1 ELSE 0 END) AS numerator,
       SUM(CASE WHEN registered_unemployed_prev THEN 1 ELSE 0 END) AS denominator
FROM person_month
GROUP BY division_code, month_idx
"""

_SQL_DIFFICULTY_EMPLOYED = """
SELECT division_code, month_idx, '' AS grp,
       SUM(CASE WHEN job_started AND NOT employed_prev THEN 1 ELSE 0 END) AS numerator,
       SUM(CASE WHEN NOT employed_prev THEN 1 ELSE 0 END) AS denominator
FROM person_month
WHERE difficulty
GROUP BY division_code, month_idx
"""

_SQL_GRADUATE_RATE = """
SELECT division_code, month_idx, '' AS grp,
       SUM(CASE WHEN employed THEN 1 ELSE 0 END) AS numerator,
       COUNT(*) AS denominator
FROM person_month
WHERE months_since_graduation = {months}
GROUP BY division_code, month_idx
"""

_SQL_KEY_GROUP_EMPLOYMENT = """
SELECT pm.division_code, pm.month_idx, CONCAT('key_group:', kg.code) AS grp,
       SUM(CASE WHEN pm.employed THEN 1 ELSE 0 END) AS numerator,
       COUNT(*) AS denominator
FROM person_month pm
JOIN key_groups kg ON (pm.key_group_mask & kg.bit) <> 0
WHERE pm.key_group_mask <> 0
GROUP BY pm.division_code, pm.month_idx, kg.code
"""

_SQL_INSURANCE_COVERAGE = """
SELECT division_code, month_idx, '' AS grp,
       SUM(CASE WHEN insured THEN 1 ELSE 0 END) AS numerator,
       COUNT(*) AS denominator
FROM person_month
WHERE employed
GROUP BY division_code, month_idx
"""

_SQL_VACANCIES = """
SELECT division_code, month_idx, '' AS grp, SUM(headcount) AS numerator, CAST(NULL AS BIGINT) AS denominator
FROM postings_month
GROUP BY division_code, month_idx
UNION ALL
SELECT division_code, month_idx, CONCAT('occupation:', occupation_major) AS grp,
       SUM(headcount) AS numerator, CAST(NULL AS BIGINT) AS denominator
FROM postings_month
WHERE occupation_major IS NOT NULL
GROUP BY division_code, month_idx, occupation_major
"""

_SQL_OPENINGS_APPLICANTS = """
WITH openings AS (
    SELECT division_code, month_idx, '' AS grp, SUM(headcount) AS n
    FROM postings_month GROUP BY division_code, month_idx
    UNION ALL
    SELECT division_code, month_idx, CONCAT('occupation:', occupation_major) AS grp, SUM(headcount) AS n
    FROM postings_month WHERE occupation_major IS NOT NULL
    GROUP BY division_code, month_idx, occupation_major
),
seekers AS (
    SELECT division_code, month_idx, '' AS grp, COUNT(*) AS n
    FROM applicants_month GROUP BY division_code, month_idx
    UNION ALL
    SELECT division_code, month_idx, CONCAT('occupation:', occupation_major) AS grp, COUNT(*) AS n
    FROM applicants_month WHERE occupation_major IS NOT NULL
    GROUP BY division_code, month_idx, occupation_major
)
SELECT COALESCE(o.division_code, s.division_code) AS division_code,
       COALESCE(o.month_idx, s.month_idx) AS month_idx,
       COALESCE(o.grp, s.grp) AS grp,
       COALESCE(o.n, 0) AS numerator,
       COALESCE(s.n, 0) AS denominator
FROM openings o
FULL OUTER JOIN seekers s
  ON o.division_code = s.division_code AND o.month_idx = s.month_idx AND o.grp = s.grp
"""

_SQL_MEDIAN_POSTED_PAY = """
SELECT a.code AS division_code, p.month_idx, '' AS grp,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY p.pay_mid) AS value,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY p.pay_mid) AS numerator,
       COUNT(*) AS denominator
FROM postings_month p
JOIN division_ancestors a ON a.leaf_code = p.division_code
WHERE p.is_new AND p.pay_mid IS NOT NULL
GROUP BY a.code, p.month_idx
"""

_SQL_TIME_TO_FILL = """
SELECT division_code, month_idx, '' AS grp,
       SUM(days_to_fill) AS numerator,
       COUNT(*) AS denominator
FROM postings_month
WHERE is_filled AND days_to_fill IS NOT NULL
GROUP BY division_code, month_idx
"""

_PERSONS = "person-month extract of the library (employment spells, unemployment registrations, key groups)"
_POSTINGS = "job postings published on the platform (postings_month extract)"

DEFINITIONS: tuple[Definition, ...] = (
    Definition(
        "registered_unemployed",
        "城镇登记失业人数",
        "Registered unemployed persons",
        "Persons whose unemployment registration covers the last day of the month",
        "",
        _PERSONS,
        "persons",
        COUNT,
        _SQL_REGISTERED_UNEMPLOYED,
        higher_is_better=False,
    ),
    Definition(
        "registered_unemployment_rate",
        "城镇登记失业率",
        "Registered unemployment rate",
        "Registered unemployed persons on the last day of the month",
        "Persons employed or registered unemployed on the last day of the month (each person once)",
        _PERSONS,
        "rate",
        RATIO,
        _SQL_REGISTERED_UNEMPLOYMENT_RATE,
        higher_is_better=False,
    ),
    Definition(
        "new_urban_jobs",
        "城镇新增就业人数",
        "New urban jobs",
        "Persons with an employment spell starting in the month who were not employed on the last day of the "
        "previous month (a change of job is not a new job)",
        "",
        _PERSONS,
        "persons",
        COUNT,
        _SQL_NEW_URBAN_JOBS,
        higher_is_better=True,
    ),
    Definition(
        "reemployed_unemployed",
        "失业人员再就业人数",
        "Re-employment of the unemployed",
        "Persons registered unemployed on the last day of the previous month and employed on the last day of "
        "the month",
        "Persons registered unemployed on the last day of the previous month (shown, not divided by)",
        _PERSONS,
        "persons",
        COUNT,
        _SQL_REEMPLOYED_UNEMPLOYED,
        higher_is_better=True,
    ),
    Definition(
        "difficulty_employed",
        "就业困难人员实现就业人数",
        "Persons with employment difficulties placed in jobs",
        "Members of an employment-difficulty key group with an employment spell starting in the month who were "
        "not employed on the last day of the previous month",
        "Members of an employment-difficulty key group not employed on the last day of the previous month "
        "(shown, not divided by)",
        _PERSONS,
        "persons",
        COUNT,
        _SQL_DIFFICULTY_EMPLOYED,
        higher_is_better=True,
    ),
    Definition(
        "graduate_employment_rate_6m",
        "毕业6个月就业率",
        "Graduate employment rate at 6 months",
        "Graduates of the month six months earlier who are employed on the last day of the month",
        "Graduates whose latest graduation was in the month six months earlier",
        "graduate records (education) and employment spells",
        "rate",
        RATIO,
        _SQL_GRADUATE_RATE.format(months=6),
        higher_is_better=True,
    ),
    Definition(
        "graduate_employment_rate_12m",
        "毕业12个月就业率",
        "Graduate employment rate at 12 months",
        "Graduates of the month twelve months earlier who are employed on the last day of the month",
        "Graduates whose latest graduation was in the month twelve months earlier",
        "graduate records (education) and employment spells",
        "rate",
        RATIO,
        _SQL_GRADUATE_RATE.format(months=12),
        higher_is_better=True,
    ),
    Definition(
        "key_group_employment_rate",
        "重点群体就业率",
        "Key-group employment rate",
        "Members of the key group on the last day of the month who are employed that day",
        "Members of the key group on the last day of the month (working age)",
        _PERSONS,
        "rate",
        RATIO,
        _SQL_KEY_GROUP_EMPLOYMENT,
        group_by="key_group",
        higher_is_better=True,
    ),
    Definition(
        "social_insurance_coverage",
        "社会保险参保率",
        "Social-insurance coverage of the employed",
        "Employed persons covered by basic pension insurance on the last day of the month (an insured period "
        "or a pension contribution paid for the month)",
        "Persons employed on the last day of the month",
        "employment spells, insured periods and contribution records (social insurance)",
        "rate",
        RATIO,
        _SQL_INSURANCE_COVERAGE,
        higher_is_better=True,
    ),
    Definition(
        "vacancies",
        "岗位空缺数",
        "Vacancies",
        "Openings (headcount) of postings live at some day of the month: published on or before its last day "
        "and not expired or filled before its first day",
        "",
        _POSTINGS,
        "count",
        COUNT,
        _SQL_VACANCIES,
        group_by="occupation",
        higher_is_better=None,
    ),
    Definition(
        "openings_applicants_ratio",
        "求人倍率",
        "Job openings per applicant",
        "Openings (headcount) of postings live at some day of the month",
        "Job seekers with a job-seeker or unemployment registration active at some day of the month (each "
        "person once; by the occupation major group they seek)",
        "job postings, job-seeker and unemployment registrations",
        "ratio",
        RATIO,
        _SQL_OPENINGS_APPLICANTS,
        group_by="occupation",
        higher_is_better=None,
    ),
    Definition(
        "median_posted_pay",
        "招聘岗位薪酬中位数",
        "Median posted pay",
        "Median of posted monthly pay (the midpoint of the range, or the one bound given) of postings first "
        "published in the month",
        "Postings first published in the month with pay stated (the sample size)",
        _POSTINGS,
        "yuan",
        HOLISTIC,
        _SQL_MEDIAN_POSTED_PAY,
        higher_is_better=True,
    ),
    Definition(
        "time_to_fill",
        "岗位平均填补天数",
        "Time to fill",
        "Sum of days from publication to the first hire of postings filled in the month",
        "Postings filled in the month",
        _POSTINGS + " and their hires",
        "days",
        RATIO,
        _SQL_TIME_TO_FILL,
        higher_is_better=False,
    ),
)

BY_CODE: dict[str, Definition] = {d.code: d for d in DEFINITIONS}

# Additive leaf figures summed up the division tree; the value computed after summing.
_ROLLUP_SQL = """
WITH leaf AS ({leaf})
SELECT a.code AS division_code, l.month_idx AS month_idx, l.grp AS grp,
       {value} AS value,
       CAST(SUM(l.numerator) AS DOUBLE) AS numerator,
       CAST(SUM(l.denominator) AS DOUBLE) AS denominator
FROM leaf l
JOIN division_ancestors a ON a.leaf_code = l.division_code
GROUP BY a.code, l.month_idx, l.grp
"""
_VALUE = {
    COUNT: "CAST(SUM(l.numerator) AS DOUBLE)",
    RATIO: "CASE WHEN SUM(l.denominator) > 0 THEN CAST(SUM(l.numerator) AS DOUBLE) / SUM(l.denominator) END",
}
_HOLISTIC_SQL = """
WITH h AS ({sql})
SELECT division_code, month_idx, grp, CAST(value AS DOUBLE) AS value,
       CAST(numerator AS DOUBLE) AS numerator, CAST(denominator AS DOUBLE) AS denominator
FROM h
"""


def query_for(definition: Definition) -> str:
    """The full SQL an engine runs for a definition (its own text, wrapped in the shared roll-up)."""
    if definition.kind == HOLISTIC:
        return _HOLISTIC_SQL.format(sql=definition.sql)
    return _ROLLUP_SQL.format(leaf=definition.sql, value=_VALUE[definition.kind])


# ---------------------------------------------------------------------------------------------- engines


class Engine(Protocol):
    name: str

    def register(self, directory: Path) -> None: ...

    def query(self, sql: str) -> pd.DataFrame: ...

    def close(self) -> None: ...


class DuckDBEngine:
    """Embedded DuckDB over the Parquet files (views: the files are scanned by each query, never copied)."""

    name = "duckdb"

    def __init__(self, *, threads: int | None = None, memory_limit: str | None = None):
        import duckdb

        self.con = duckdb.connect()
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        if memory_limit:
            self.con.execute(f"SET memory_limit = '{memory_limit}'")

    def register(self, directory: Path) -> None:
        for table in TABLES:
            path = str(Path(directory) / f"{table}.parquet").replace("'", "''")
            self.con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM read_parquet('{path}')")

    def query(self, sql: str) -> pd.DataFrame:
        return self.con.execute(sql).df()

    def close(self) -> None:
        self.con.close()


class SparkEngine:
    """The same SQL through Spark SQL (`pip install jiuye[spark]`); a local-mode session unless one is given."""

    name = "spark"

    def __init__(self, session: Any = None, *, cores: int = 2):
        if session is None:
            from pyspark.sql import SparkSession

            session = (
                SparkSession.builder.master(f"local[{cores}]")
                .appName("jiuye-indicators")
                .config("spark.sql.shuffle.partitions", str(4 * cores))
                .config("spark.ui.enabled", "false")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate()
            )
            self._owned = True
        else:
            self._owned = False
        self.spark = session

    def register(self, directory: Path) -> None:
        for table in TABLES:
            self.spark.read.parquet(str(Path(directory) / f"{table}.parquet")).createOrReplaceTempView(table)

    def query(self, sql: str) -> pd.DataFrame:
        rows = self.spark.sql(sql).collect()
        return pd.DataFrame(
            [r.asDict() for r in rows],
            columns=["division_code", "month_idx", "grp", "value", "numerator", "denominator"],
        )

    def close(self) -> None:
        if self._owned:
            self.spark.stop()


def make_engine(name: str) -> Engine:
    if name == "duckdb":
        return DuckDBEngine()
    if name == "spark":
        return SparkEngine()
    raise ValueError(f"unknown engine {name!r}: use duckdb or spark")


def typed_results(frame: pd.DataFrame) -> pd.DataFrame:
    """One dtype per column whatever the engine returned (Spark gives objects, DuckDB numpy types)."""
    out = frame[RESULT_COLUMNS].copy()
    for column in ("indicator", "division_code", "group"):
        out[column] = out[column].fillna("").astype(str)
    out["month_idx"] = out["month_idx"].astype("int64")
    for column in ("value", "numerator", "denominator"):
        out[column] = pd.to_numeric(out[column], errors="coerce").astype("float64")
    return out


def normalise(frame: pd.DataFrame) -> pd.DataFrame:
    """Results in one shape whatever produced them: typed columns, sorted, fresh index."""
    out = typed_results(frame)
    return out.sort_values(["indicator", "division_code", "month_idx", "group"]).reset_index(drop=True)


def compute(
    directory: str | Path, *, engine: str | Engine = "duckdb", codes: list[str] | None = None
) -> pd.DataFrame:
    """Run the indicator set over an extract directory; rows of RESULT_COLUMNS, every level, sorted."""
    owned = isinstance(engine, str)
    runner = make_engine(engine) if isinstance(engine, str) else engine
    try:
        runner.register(Path(directory))
        frames = []
        for definition in DEFINITIONS:
            if codes and definition.code not in codes:
                continue
            frame = runner.query(query_for(definition))
            frame = frame.rename(columns={"grp": "group"})
            frame.insert(0, "indicator", definition.code)
            frames.append(typed_results(frame))
    finally:
        if owned:
            runner.close()
    if not frames:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    return normalise(pd.concat(frames, ignore_index=True))


def month_of(idx: int) -> dt.date:
    return month_start(int(idx))


# ---------------------------------------------------------------------------------------------- comparing


def compare(left: pd.DataFrame, right: pd.DataFrame) -> list[str]:
    """Differences between two result sets (empty = identical: same cells, same figures to the bit)."""
    a, b = normalise(left), normalise(right)
    problems: list[str] = []
    if len(a) != len(b):
        problems.append(f"{len(a)} rows against {len(b)}")
    keys = ["indicator", "division_code", "month_idx", "group"]
    merged = a.merge(b, on=keys, how="outer", suffixes=("_l", "_r"), indicator=True)
    missing = merged[merged["_merge"] != "both"]
    for row in missing.head(5).itertuples():
        problems.append(
            f"cell only on one side: {row.indicator} {row.division_code} {row.month_idx} {row.group!r}"
        )
    both = merged[merged["_merge"] == "both"]
    for column in ("value", "numerator", "denominator"):
        left_col, right_col = both[f"{column}_l"], both[f"{column}_r"]
        differ = ~((left_col == right_col) | (left_col.isna() & right_col.isna()))
        for row in both[differ].head(5).itertuples():
            problems.append(
                f"{column} differs: {row.indicator} {row.division_code} {row.month_idx} {row.group!r}: "
                f"{getattr(row, column + '_l')} against {getattr(row, column + '_r')}"
            )
    return problems


# ---------------------------------------------------------------------------------------------- disclosure

MIN_CELL = 5


def suppression_reason(
    kind: str, unit: str, numerator: float | None, denominator: float | None, *, min_cell: int = MIN_CELL
) -> str:
    """Why a cell must not be shown ("" = publishable).

    Person counts from 1 to min_cell − 1 could point at individuals ("count_below_<k>"), and so could the base
    of 1 to min_cell − 1 persons a person count is shown with ("denominator_below_<k>"); a rate or mean over
    fewer than min_cell units is unreliable and disclosive ("denominator_below_<k>"); a median over fewer than
    min_cell postings likewise ("sample_below_<k>"). Zero counts and posting-based counts are published.
    """
    if kind == COUNT:
        if unit == "persons" and numerator is not None and 0 < numerator < min_cell:
            return f"count_below_{min_cell}"
        # A count of persons shown with its base (re-employed of those unemployed the month before): the base is
        # persons too, and 1..min_cell − 1 of them point at individuals like any other count.
        if unit == "persons" and denominator is not None and 0 < denominator < min_cell:
            return f"denominator_below_{min_cell}"
        return ""
    if denominator is None or denominator < min_cell:
        return f"sample_below_{min_cell}" if kind == HOLISTIC else f"denominator_below_{min_cell}"
    return ""
