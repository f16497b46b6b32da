"""The engines agree: DuckDB and the pandas baseline on a seeded synthetic extract give the same cells, bit for
bit; Spark (local mode, marked `spark`) gives the same as DuckDB on tiny data with the same SQL texts."""

from __future__ import annotations

import shutil

import pytest

from jiuye.analytics import indicators, indicators_pandas, synthetic


@pytest.fixture(scope="module")
def extract(tmp_path_factory):
    directory = tmp_path_factory.mktemp("synthetic")
    generated = synthetic.generate(directory, person_months=40_000, months=8, chunk_persons=2_000)
    assert generated.person_months == 40_000
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


def test_duckdb_and_pandas_identical_on_synthetic_data(extract):
    duck = indicators.compute(extract, engine="duckdb")
    baseline = indicators_pandas.compute(extract)
    assert indicators.compare(duck, baseline) == []
    # Every indicator produced cells, at every level of the tree.
    assert set(duck["indicator"]) == {d.code for d in indicators.DEFINITIONS}
    assert {"43", "4301", "430101", "430101001"} <= set(duck["division_code"])


def test_rates_are_plausible_on_synthetic_data(extract):
    duck = indicators.compute(extract, engine="duckdb", codes=["registered_unemployment_rate"])
    province = duck[(duck["division_code"] == "43")]
    assert province["value"].between(0.02, 0.08).all()


def test_province_figures_equal_the_sum_of_their_townships(extract):
    duck = indicators.compute(extract, engine="duckdb", codes=["registered_unemployed", "vacancies"])
    townships = duck[duck["division_code"].str.len() == 9]
    province = duck[duck["division_code"] == "43"]
    summed = townships.groupby(["indicator", "month_idx", "group"])["numerator"].sum()
    for row in province.itertuples():
        assert summed[(row.indicator, row.month_idx, row.group)] == row.numerator


def test_compare_reports_a_changed_figure(extract):
    duck = indicators.compute(extract, engine="duckdb", codes=["new_urban_jobs"])
    changed = duck.copy()
    changed.loc[0, "numerator"] += 1
    problems = indicators.compare(duck, changed)
    assert problems and "numerator differs" in problems[0]


def test_unknown_engine_is_refused(extract):
    with pytest.raises(ValueError, match="unknown engine"):
        indicators.compute(extract, engine="oracle")


@pytest.mark.spark
def test_spark_runs_the_same_sql_as_duckdb(tmp_path):
    pytest.importorskip(
        "pyspark", reason="PySpark is the optional scale-out engine: pip install jiuye[spark]"
    )
    if shutil.which("java") is None:
        pytest.skip("Spark needs a Java runtime")
    synthetic.generate(tmp_path, person_months=3_000, months=6, chunk_persons=500)
    engine = indicators.SparkEngine(cores=1)
    try:
        spark = indicators.compute(tmp_path, engine=engine)
    finally:
        engine.close()
    duck = indicators.compute(tmp_path, engine="duckdb")
    assert len(spark) == len(duck) > 0
    assert indicators.compare(spark, duck) == []
