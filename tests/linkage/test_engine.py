"""Behaviour of the pure linkage engine. Small inputs use the shipped parameters (too few records to train)."""

import datetime as dt

import pandas as pd
import pyarrow as pa
import pytest

from jiuye.linkage import Thresholds, dedupe_records, link_records
from jiuye.linkage.synthetic import department_extracts, pair_scores

GAMMAS = ["gamma_name", "gamma_birth_date", "gamma_sex", "gamma_phone", "gamma_division"]


def person(record_id, name, birth, sex="M", phone=None, division="430302001", id_hash=None):
    return {
        "record_id": record_id, "name": name, "birth_date": dt.date.fromisoformat(birth) if birth else None,
        "sex": sex, "phone_hash": phone, "division_code": division, "id_hash": id_hash,
    }


def frame(*rows):
    return pd.DataFrame(list(rows))


def as_rows(table: pa.Table) -> list[dict]:
    return table.to_pylist()


def test_exact_link_on_id_hash_even_when_everything_else_differs():
    left = frame(person("L1", "王晓明", "1990-03-08", id_hash="h1"))
    right = frame(person("R1", "李四", "1971-11-30", sex="F", division="430381112", id_hash="h1"))
    [row] = as_rows(link_records(left, right))
    assert (row["left_id"], row["right_id"], row["match_probability"], row["decision"]) == ("L1", "R1", 1.0, "link")
    # The agreement pattern is still recorded: an equal ID with nothing else equal is worth a reviewer's look.
    assert row["gamma_name"] == 0 and row["gamma_sex"] == 0


def test_homophone_and_typo_names_still_link():
    left = frame(
        person("L1", "王晓明", "1990-03-08", phone="p1", division="430302001"),
        person("L2", "谭丽娟", "1985-07-21", sex="F", phone="p2", division="430321101"),
    )
    right = frame(
        person("R1", "王小明", "1990-03-08", phone="p1", division="430302001"),  # homophone 晓/小
        person("R2", "谭丽娟", "1985-07-12", sex="F", phone="p2", division="430321101"),  # day digits swapped
    )
    rows = {r["left_id"]: r for r in as_rows(link_records(left, right, train=False))}
    assert rows["L1"]["right_id"] == "R1" and rows["L1"]["decision"] == "link"
    assert rows["L1"]["gamma_name"] == 3  # same toneless pinyin, different characters
    assert rows["L2"]["right_id"] == "R2" and rows["L2"]["decision"] == "link"
    assert rows["L2"]["gamma_birth_date"] == 2  # one edit / transposition level


def test_namesakes_born_the_same_year_do_not_auto_link():
    left = frame(person("L1", "张伟", "1988-02-14", phone="p1", division="430302001", id_hash="a"))
    right = frame(person("R1", "张伟", "1988-09-30", phone="p9", division="430381105", id_hash="b"))
    rows = as_rows(link_records(left, right, train=False))
    assert all(r["decision"] != "link" for r in rows)


def test_nulls_are_handled_and_reported_as_minus_one():
    left = frame(
        person("L1", "刘芳", "1992-05-01", sex=None, phone=None, division=None),
        person("L2", None, None, sex=None, division=None),
    )
    right = frame(person("R1", "刘芳", "1992-05-01", sex="F", phone=None, division=None))
    table = link_records(left, right, train=False)
    rows = as_rows(table)
    assert [(r["left_id"], r["right_id"]) for r in rows] == [("L1", "R1")]
    assert rows[0]["gamma_sex"] == rows[0]["gamma_phone"] == rows[0]["gamma_division"] == -1
    assert rows[0]["decision"] in ("link", "review")


def test_output_schema():
    left = frame(person("L1", "王晓明", "1990-03-08", id_hash="h1"), person("L2", "陈静", "1970-01-02"))
    right = pa.Table.from_pandas(frame(person("R1", "王晓明", "1990-03-08", id_hash="h1")))
    table = link_records(left, right, train=False)
    assert table.column_names[:4] == ["left_id", "right_id", "match_probability", "decision"]
    assert set(GAMMAS) <= set(table.column_names)
    assert table.schema.field("match_probability").type == pa.float64()
    assert all(pa.types.is_integer(table.schema.field(g).type) for g in GAMMAS)


def test_one_to_one_best_match_wins_and_the_rest_go_to_review():
    left = frame(person("L1", "周杰", "1995-12-01", phone="p1", division="430302001"))
    right = frame(
        person("R1", "周杰", "1995-12-01", phone="p1", division="430302001"),
        person("R2", "周杰", "1995-12-01", phone=None, division="430302001"),
    )
    rows = as_rows(link_records(left, right, train=False))
    decisions = {r["right_id"]: r["decision"] for r in rows}
    assert decisions == {"R1": "link", "R2": "review"}


def test_thresholds_are_validated_and_respected():
    with pytest.raises(ValueError):
        Thresholds(upper=0.4, lower=0.6)
    left = frame(person("L1", "王晓明", "1990-03-08", phone="p1"))
    right = frame(person("R1", "王小明", "1990-03-08", phone="p1"))
    [row] = as_rows(link_records(left, right, train=False, thresholds=Thresholds(upper=1.0, lower=0.5)))
    assert row["decision"] == "review"


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="missing columns: id_hash"):
        link_records(frame(person("L1", "a", None)).drop(columns="id_hash"), frame(person("R1", "a", None)))
    with pytest.raises(ValueError, match="backend"):
        link_records(frame(person("L1", "a", None)), frame(person("R1", "a", None)), backend="oracle")


def test_trained_run_is_accurate_and_deterministic():
    left, right, truth = department_extracts(4000, 4000, seed=11)
    stats: dict = {}
    first = link_records(left, right, stats=stats)
    assert stats["trained"]
    second = link_records(left, right)
    assert first.equals(second)
    links = first.to_pandas().query("decision == 'link'")
    assert links["left_id"].is_unique and links["right_id"].is_unique
    precision, recall, _ = pair_scores(links, truth)
    assert precision > 0.99 and recall > 0.98


def test_dedupe_clusters():
    table = frame(
        person("A", "王晓明", "1990-03-08", phone="p1", id_hash="h1"),
        person("B", "王晓明", "1990-03-08", phone="p1", id_hash="h1"),
        person("C", "王小明", "1990-03-08", phone="p1"),  # same person, homophone, no ID
        person("D", "谭丽娟", "1985-07-21", sex="F", phone="p2", division="430321101"),
        person("E", "李四", "1971-11-30", phone="p3", division="430381112"),
    )
    clusters = dict(zip(*dedupe_records(table, train=False).to_pydict().values(), strict=True))
    assert clusters == {"A": "A", "B": "A", "C": "A", "D": "D", "E": "E"}
