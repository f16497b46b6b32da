"""Record linkage: exact links on keyed ID hashes, then splink (Fellegi–Sunter, trained by EM) for the rest.

Plain data in and out (pyarrow Tables or pandas DataFrames); no Django. The probabilistic part runs on DuckDB
by default and on Spark with `backend="spark"`: the same profile renders to either dialect.

Why exact first: in department extracts most people carry a valid resident ID, and an equal keyed hash is as
good as evidence gets. Linking those in one SQL join and giving splink only the residue keeps the model's work
(blocking, comparisons, EM) proportional to the records that need it — about a fifth of a typical extract.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
from splink import Linker, SettingsCreator

from .settings import PERSON, Profile

logger = logging.getLogger(__name__)

# Fixed seed for u-sampling: the same inputs always give the same model and the same links.
SEED = 4303
# Random pairs drawn to estimate u; capped by the number of pairs that exist.
U_MAX_PAIRS = 3e6
# Without training, assume this share of the smaller file has a partner in the other (link) or that there
# is this many duplicate pairs per record (dedupe), to set the prior probability that a pair matches.
DEFAULT_OVERLAP_SHARE = 0.5
DEFAULT_DUPLICATES_PER_RECORD = 0.3

BACKENDS = ("duckdb", "spark")


@dataclass(frozen=True)
class Thresholds:
    """Pairs at or above `upper` are linked automatically; those from `lower` up go to clerical review."""

    upper: float = 0.95
    lower: float = 0.50

    def __post_init__(self) -> None:
        if not 0.0 < self.lower <= self.upper <= 1.0:
            raise ValueError(f"need 0 < lower <= upper <= 1, got lower={self.lower} upper={self.upper}")


# ------------------------------------------------------------------------------------------------ public API


def link_records(
    left: pa.Table | pd.DataFrame,
    right: pa.Table | pd.DataFrame,
    *,
    backend: str = "duckdb",
    thresholds: Thresholds = Thresholds(),
    train: bool = True,
    spark_session: Any = None,
    stats: dict[str, Any] | None = None,
) -> pa.Table:
    """Link two person extracts (columns: record_id, name, birth_date, sex, phone_hash, division_code, id_hash).

    Returns one row per candidate pair with match_probability ≥ thresholds.lower: left_id, right_id,
    match_probability, decision ("link" | "review") and the comparison levels gamma_name, gamma_birth_date,
    gamma_sex, gamma_phone, gamma_division, gamma_id (−1 where either side is null). Equal non-null id_hash
    values are exact links (probability 1.0) and are not scored by the model. A record takes part in at most
    one "link"; pairs that would break that are returned as "review".

    With `train=True` the model is re-estimated on these records (u by random sampling, m by EM) when there are
    enough of them; otherwise the parameters shipped in `params/person.json` are used. Pass a dict as `stats` to
    receive counts and stage timings (exact links, residue sizes, whether it trained); put
    `count_comparisons=True` in it to also count the candidate pairs scored (costs a second blocking pass).
    """
    return link_tables(
        left, right, profile=PERSON, backend=backend, thresholds=thresholds, train=train,
        spark_session=spark_session, stats=stats,
    )


def dedupe_records(
    table: pa.Table | pd.DataFrame,
    *,
    backend: str = "duckdb",
    thresholds: Thresholds = Thresholds(),
    train: bool = True,
    spark_session: Any = None,
) -> pa.Table:
    """Group the records of one extract that are the same person: columns record_id, cluster_id.

    Records sharing an id_hash are one cluster; the model then joins clusters whose pairs score ≥ upper
    (connected components). cluster_id is the smallest record_id in the cluster, so it is stable across runs.
    """
    return dedupe_table(
        table, profile=PERSON, backend=backend, thresholds=thresholds, train=train,
        spark_session=spark_session,
    )


# ------------------------------------------------------------------------------------------------ generic


def link_tables(
    left: Any,
    right: Any,
    *,
    profile: Profile,
    backend: str = "duckdb",
    thresholds: Thresholds = Thresholds(),
    train: bool = True,
    spark_session: Any = None,
    stats: dict[str, Any] | None = None,
) -> pa.Table:
    _check_backend(backend)
    st = stats if stats is not None else {}
    clock = time.perf_counter()
    lf, rf = profile.prepare(left), profile.prepare(right)
    st["prepare_s"] = time.perf_counter() - clock

    clock = time.perf_counter()
    exact = _exact_pairs(lf, rf, profile.exact_key)
    if len(exact):
        lf_res = lf[~lf["unique_id"].isin(exact["left_id"])]
        rf_res = rf[~rf["unique_id"].isin(exact["right_id"])]
    else:
        lf_res, rf_res = lf, rf

    st.update(exact_pairs=len(exact), residue_left=len(lf_res), residue_right=len(rf_res),
              exact_s=time.perf_counter() - clock)

    model = _Model(profile, "link_only")
    scored = model.score([lf_res, rf_res], backend=backend, train=train, lower=thresholds.lower,
                         spark_session=spark_session, stats=st)
    clock = time.perf_counter()
    if len(exact):
        exact = model.gammas_for_pairs(exact, lf, rf)
        exact["match_probability"] = 1.0
        exact["_exact"] = True
    scored["_exact"] = False
    pairs = pd.concat([exact, scored], ignore_index=True) if len(exact) else scored
    pairs["decision"] = _one_to_one(pairs, thresholds.upper)
    gamma_cols = model.gamma_columns
    for col in gamma_cols:
        pairs[col] = pairs[col].fillna(-1).astype("int32")
    result = _to_arrow(pairs[["left_id", "right_id", "match_probability", "decision", *gamma_cols]]).sort_by(
        [("left_id", "ascending"), ("match_probability", "descending"), ("right_id", "ascending")]
    )
    st["decide_s"] = time.perf_counter() - clock
    return result


def dedupe_table(
    table: Any,
    *,
    profile: Profile,
    backend: str = "duckdb",
    thresholds: Thresholds = Thresholds(),
    train: bool = True,
    spark_session: Any = None,
) -> pa.Table:
    _check_backend(backend)
    df = profile.prepare(table)
    ids = df["unique_id"].tolist()
    uf = _UnionFind(ids)

    residue = df
    key = profile.exact_key
    if key is not None:
        keyed = df[df[key].notna()]
        reps = keyed.groupby(key, sort=False)["unique_id"].transform("min")
        for member, rep in zip(keyed["unique_id"].tolist(), reps.tolist(), strict=True):
            uf.union(member, rep)
        # One record per ID stands for its group in the model; the others are already placed.
        residue = df[df[key].isna() | df["unique_id"].isin(set(reps.tolist()))]

    model = _Model(profile, "dedupe_only")
    scored = model.score([residue], backend=backend, train=train, lower=thresholds.upper,
                         spark_session=spark_session)
    strong = scored[scored["match_probability"] >= thresholds.upper]
    for a, b in zip(strong["left_id"].tolist(), strong["right_id"].tolist(), strict=True):
        uf.union(a, b)
    clusters = [uf.root(i) for i in ids]
    return pa.table({"record_id": pa.array(ids, pa.string()), "cluster_id": pa.array(clusters, pa.string())})


def export_params(linker: Linker, *, link_type: str, sizes: Sequence[int]) -> dict[str, Any]:
    """The trained m/u values of a linker in the shipped-parameter format (see `_Model._settings`)."""
    model = linker.misc.save_model_to_json()
    comparisons = {}
    for comp in model["comparisons"]:
        levels = [lvl for lvl in comp["comparison_levels"] if not lvl.get("is_null_level")]
        comparisons[comp["output_column_name"]] = [
            {"label": lvl.get("label_for_charts"), "m": lvl.get("m_probability"), "u": lvl.get("u_probability")}
            for lvl in levels
        ]
    lam = float(model["probability_two_random_records_match"])
    out: dict[str, Any] = {"comparisons": comparisons, "probability_two_random_records_match": lam}
    if link_type == "link_only":
        n_l, n_r = sizes
        out["overlap_share"] = min(0.95, lam * n_l * n_r / max(1, min(n_l, n_r)))
    return out


# ------------------------------------------------------------------------------------------------ internals


def _check_backend(backend: str) -> None:
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS}, got {backend!r}")


def _exact_pairs(lf: pd.DataFrame, rf: pd.DataFrame, key: str | None) -> pd.DataFrame:
    if key is None:
        return pd.DataFrame({"left_id": pd.Series(dtype="string"), "right_id": pd.Series(dtype="string")})
    con = duckdb.connect()
    try:
        con.register("l", _to_arrow(lf[["unique_id", key]]))
        con.register("r", _to_arrow(rf[["unique_id", key]]))
        return con.execute(
            f"SELECT l.unique_id AS left_id, r.unique_id AS right_id FROM l JOIN r ON l.{key} = r.{key}"
        ).df()
    finally:
        con.close()


def _one_to_one(pairs: pd.DataFrame, upper: float) -> np.ndarray:
    """Greedy best-first assignment: each record gets its strongest available partner, exact links first.

    Ties are broken by record ids so the outcome does not depend on the order pairs came out of the engine.
    A candidate whose two records appear in no other candidate ≥ upper cannot conflict with anything and is
    linked directly; only the (few) contested candidates go through the greedy loop.
    """
    decision = np.full(len(pairs), "review", dtype=object)
    strong = pairs["match_probability"].to_numpy() >= upper
    if not strong.any():
        return decision
    cand = pairs.loc[strong, ["left_id", "right_id", "match_probability", "_exact"]]
    cand = cand.assign(_pos=np.nonzero(strong)[0])
    # Exact and probabilistic candidates never share a record (the residue excludes exact-linked records),
    # but a record can sit in several exact candidates when an ID is duplicated within one extract.
    lone = ~cand["left_id"].duplicated(keep=False) & ~cand["right_id"].duplicated(keep=False)
    decision[cand.loc[lone, "_pos"].to_numpy()] = "link"
    contested = cand[~lone].sort_values(
        ["_exact", "match_probability", "left_id", "right_id"], ascending=[False, False, True, True]
    )
    used_l: set[str] = set()
    used_r: set[str] = set()
    for pos, lid, rid in zip(contested["_pos"].to_numpy(), contested["left_id"].to_numpy(),
                             contested["right_id"].to_numpy(), strict=True):
        if lid in used_l or rid in used_r:
            continue
        used_l.add(lid)
        used_r.add(rid)
        decision[pos] = "link"
    return decision


class _UnionFind:
    """Connected components whose root is always the smallest id, so cluster ids are deterministic."""

    def __init__(self, ids: Sequence[str]) -> None:
        self.parent = {i: i for i in ids}

    def root(self, x: str) -> str:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            lo, hi = (ra, rb) if ra < rb else (rb, ra)
            self.parent[hi] = lo


def _to_arrow(df: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(df, preserve_index=False)


class _Model:
    """One splink model run (settings, database, training, prediction) for a profile and link type."""

    def __init__(self, profile: Profile, link_type: str) -> None:
        self.profile = profile
        self.link_type = link_type
        creator = self._creator(0.0001)
        self.gamma_columns = [
            f"gamma_{c['output_column_name']}" for c in creator.create_settings_dict("duckdb")["comparisons"]
        ]
        self.linker: Linker | None = None
        self.trained = False

    def _creator(self, prior: float) -> SettingsCreator:
        return SettingsCreator(
            link_type=self.link_type,  # type: ignore[arg-type]
            comparisons=self.profile.comparisons(),
            blocking_rules_to_generate_predictions=self.profile.blocking_rules(),
            probability_two_random_records_match=prior,
            # splink emits the gamma_ columns (part of our output) only alongside the matching columns.
            retain_matching_columns=True,
            retain_intermediate_calculation_columns=False,
            max_iterations=30,
        )

    def _settings(self, dialect: str, prior: float, params: dict[str, Any] | None) -> dict[str, Any]:
        settings = self._creator(prior).create_settings_dict(dialect)
        if params:
            for comp in settings["comparisons"]:
                trained = params["comparisons"].get(comp["output_column_name"])
                levels = [lvl for lvl in comp["comparison_levels"] if not lvl.get("is_null_level")]
                if trained is None or len(trained) != len(levels):
                    raise ValueError(
                        f"shipped parameters for {comp['output_column_name']!r} do not fit the comparison; "
                        "re-train with `python -m jiuye.linkage.train`"
                    )
                for lvl, values in zip(levels, trained, strict=True):
                    lvl["m_probability"], lvl["u_probability"] = values["m"], values["u"]
        return settings

    def _untrained_prior(self, sizes: Sequence[int], params: dict[str, Any] | None) -> float:
        if self.link_type == "link_only":
            share = (params or {}).get("overlap_share", DEFAULT_OVERLAP_SHARE)
            return min(0.5, share * min(sizes) / (sizes[0] * sizes[1]))
        n = sizes[0]
        return min(0.5, DEFAULT_DUPLICATES_PER_RECORD * n / max(1, n * (n - 1) / 2))

    def fit(self, frames: list[pd.DataFrame], *, backend: str, train: bool, spark_session: Any) -> Linker:
        """A linker on these frames, trained on them if asked and there are enough records, else loaded
        with the shipped parameters."""
        sizes = [len(f) for f in frames]
        do_train = train and min(sizes) >= self.profile.min_records_to_train
        params = None if do_train else self.profile.load_params()
        if not do_train and params is None:
            raise RuntimeError(
                f"no shipped parameters for profile {self.profile.name!r} and too few records "
                f"({min(sizes)}) to train; run `python -m jiuye.linkage.train`"
            )
        dialect = "spark" if backend == "spark" else "duckdb"
        settings = self._settings(dialect, self._untrained_prior(sizes, params), params)

        db = _db_api(backend, spark_session)
        names = ["left", "right"] if self.link_type == "link_only" else ["records"]
        # Explicit table names: splink would otherwise name the tables after the display names, and LEFT and
        # RIGHT are SQL keywords.
        inputs = [db.register(_for_backend(f, db), dataset_display_name=n, table_name=f"jiuye_{n}")
                  for f, n in zip(frames, names, strict=True)]
        linker = Linker(inputs if len(inputs) > 1 else inputs[0], settings, log_level=None)
        self.linker = linker
        if do_train:
            self._train(linker, sizes)
        return linker

    def score(
        self, frames: list[pd.DataFrame], *, backend: str, train: bool, lower: float, spark_session: Any,
        stats: dict[str, Any] | None = None,
    ) -> pd.DataFrame:
        sizes = [len(f) for f in frames]
        empty = pd.DataFrame({
            "left_id": pd.Series(dtype="string"), "right_id": pd.Series(dtype="string"),
            "match_probability": pd.Series(dtype="float64"),
            **{c: pd.Series(dtype="int32") for c in self.gamma_columns},
        })
        if min(sizes) == 0 or (self.link_type == "dedupe_only" and sizes[0] < 2):
            return empty

        st = stats if stats is not None else {}
        clock = time.perf_counter()
        linker = self.fit(frames, backend=backend, train=train, spark_session=spark_session)
        st["trained"] = self.trained
        st["train_s"] = time.perf_counter() - clock
        clock = time.perf_counter()
        predictions = linker.inference.predict(threshold_match_probability=lower, warning_mode="never")
        df = predictions.as_pandas_dataframe()
        st["predict_s"] = time.perf_counter() - clock
        if st.get("count_comparisons"):
            # Asked for: count the candidate pairs the blocking rules produced (a second blocking pass).
            clock = time.perf_counter()
            counts = linker.blocking_analysis.count_comparisons_from_blocking_rules(record_sample_proportion=1.0)
            st["comparisons"] = int(counts[-1]["cumulative_comparison_count"]) if counts else 0
            st["count_s"] = time.perf_counter() - clock
        if not len(df):
            return empty
        out = pd.DataFrame({
            "left_id": df["unique_id_l"].astype("string"),
            "right_id": df["unique_id_r"].astype("string"),
            "match_probability": df["match_probability"].astype("float64"),
        })
        for col in self.gamma_columns:
            out[col] = df[col].astype("int32")
        if self.link_type == "link_only":
            # splink orders each pair by source dataset name; make sure "left" really is the left input.
            flip = (df["source_dataset_l"] != "left").to_numpy()
            if flip.any():
                out.loc[flip, ["left_id", "right_id"]] = out.loc[flip, ["right_id", "left_id"]].to_numpy()
        return out

    def _train(self, linker: Linker, sizes: Sequence[int]) -> None:
        p = self.profile
        linker.training.estimate_probability_two_random_records_match(
            p.deterministic_rules(), recall=p.deterministic_recall
        )
        if self.link_type == "link_only":
            possible = sizes[0] * sizes[1]
        else:
            possible = sizes[0] * (sizes[0] - 1) / 2
        linker.training.estimate_u_using_random_sampling(max_pairs=min(U_MAX_PAIRS, possible), seed=SEED)
        for rule in p.em_rules():
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True
            )
        self.trained = True

    def gammas_for_pairs(self, pairs: pd.DataFrame, lf: pd.DataFrame, rf: pd.DataFrame) -> pd.DataFrame:
        """Comparison levels of given pairs, evaluated in DuckDB from the model's own level SQL.

        Used for exact ID links, which skip the model but whose agreement pattern is still worth recording
        (an equal ID with a different name and birth date is a data-quality flag for the reviewer).
        """
        settings = self._creator(0.0001).create_settings_dict("duckdb")
        cols = [c for c in lf.columns if c != "unique_id"]
        cases = []
        for comp in settings["comparisons"]:
            levels = comp["comparison_levels"]
            whens, value = [], len([lvl for lvl in levels if not lvl.get("is_null_level")]) - 1
            for lvl in levels:
                if lvl.get("is_null_level"):
                    whens.append(f"WHEN {lvl['sql_condition']} THEN -1")
                elif lvl["sql_condition"].strip().upper() == "ELSE":
                    whens.append(f"ELSE {value}")
                    value -= 1
                else:
                    whens.append(f"WHEN {lvl['sql_condition']} THEN {value}")
                    value -= 1
            cases.append(f"CASE {' '.join(whens)} END AS gamma_{comp['output_column_name']}")
        select_cols = ", ".join(f'l."{c}" AS "{c}_l", r."{c}" AS "{c}_r"' for c in cols)
        con = duckdb.connect()
        try:
            con.register("p", _to_arrow(pairs[["left_id", "right_id"]]))
            con.register("lt", _to_arrow(lf))
            con.register("rt", _to_arrow(rf))
            return con.execute(
                f"WITH j AS (SELECT p.left_id, p.right_id, {select_cols} FROM p "
                "JOIN lt l ON l.unique_id = p.left_id JOIN rt r ON r.unique_id = p.right_id) "
                f"SELECT left_id, right_id, {', '.join(cases)} FROM j"
            ).df()
        finally:
            con.close()


def local_spark_session(cores: int = 2) -> Any:
    """A local-mode SparkSession with splink's similarity functions (Jaro-Winkler, Damerau-Levenshtein …) on
    the classpath. A cluster session passed as `spark_session` needs the same jar (`spark.jars`)."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    session = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("jiuye-linkage")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", str(4 * cores))
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    # splink breaks long query lineages with checkpoints, which need a directory.
    if session.sparkContext.getCheckpointDir() is None:
        session.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="jiuye-spark-checkpoints-"))
    return session


def _db_api(backend: str, spark_session: Any) -> Any:
    if backend == "spark":
        from splink import SparkAPI

        return SparkAPI(spark_session=spark_session or local_spark_session())
    from splink import DuckDBAPI

    return DuckDBAPI()


def _for_backend(df: pd.DataFrame, db: Any) -> Any:
    table = _to_arrow(df)
    spark = getattr(db, "spark", None)
    if spark is not None:
        # Built here rather than by splink from pandas: every column is a string (or null) by construction,
        # and an explicit schema avoids pandas-to-Spark type guessing on all-null columns.
        from pyspark.sql.types import StringType, StructField, StructType

        schema = StructType([StructField(name, StringType(), True) for name in table.column_names])
        return spark.createDataFrame(table.to_pylist(), schema=schema)
    return table
