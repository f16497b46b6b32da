"""The same profile on Spark (local mode). Skipped unless PySpark is installed (`pip install jiuye[spark]`)."""

import datetime as dt

import pandas as pd
import pytest

pytest.importorskip("pyspark", reason="PySpark is the optional scale-out backend: pip install jiuye[spark]")

from jiuye.linkage import link_records  # noqa: E402

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark():
    from jiuye.linkage.engine import local_spark_session

    session = local_spark_session(cores=1)
    yield session
    session.stop()


def person(record_id, name, birth, phone=None, id_hash=None):
    return {
        "record_id": record_id, "name": name, "birth_date": dt.date.fromisoformat(birth), "sex": "M",
        "phone_hash": phone, "division_code": "430302001", "id_hash": id_hash,
    }


def test_spark_backend_links_like_duckdb(spark):
    left = pd.DataFrame([
        person("L1", "王晓明", "1990-03-08", phone="p1"),
        person("L2", "刘洋", "1984-06-01", id_hash="h2"),
        person("L3", "张伟", "1988-02-14", phone="p3"),
    ])
    right = pd.DataFrame([
        person("R1", "王小明", "1990-03-08", phone="p1"),
        person("R2", "刘阳", "1979-01-01", id_hash="h2"),
        person("R3", "张伟", "1988-09-30", phone="p9"),
    ])
    on_spark = link_records(left, right, backend="spark", train=False, spark_session=spark).to_pandas()
    on_duckdb = link_records(left, right, train=False).to_pandas()
    links = on_spark.query("decision == 'link'")
    assert set(zip(links["left_id"], links["right_id"], strict=True)) == {("L1", "R1"), ("L2", "R2")}
    pd.testing.assert_frame_equal(
        on_spark.drop(columns="match_probability"), on_duckdb.drop(columns="match_probability")
    )
    assert on_spark["match_probability"].round(9).tolist() == on_duckdb["match_probability"].round(9).tolist()
