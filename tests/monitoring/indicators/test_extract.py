"""The extract builders (pure): status on the last day of the month, previous-month status, live postings,
seekers once a month, hashed identifiers."""

from __future__ import annotations

import datetime as dt

import pyarrow.parquet as pq

from jiuye.analytics.extract import (
    ExtractWriter,
    PersonFacts,
    PostingFacts,
    SeekerSpell,
    applicant_month_rows,
    division_ancestor_rows,
    hash_id,
    month_idx,
    occupation_major,
    parse_month,
    pay_midpoint,
    person_month_rows,
    posting_month_rows,
)

JAN, FEB, MAR = (month_idx(dt.date(2026, m, 1)) for m in (1, 2, 3))
BITS = {"disabled": 1, "veteran": 2}


def rows(facts, months=(JAN, FEB, MAR)):
    return {r["month_idx"]: r for r in person_month_rows(facts, list(months), BITS, {"disabled"})}


def person(**kw):
    return PersonFacts(person_hash="h1", division_code="430302001", birth_date=dt.date(1990, 5, 6), **kw)


def test_employment_is_read_on_the_last_day_of_the_month_end_inclusive():
    # Works 2026-01-10 .. 2026-01-31 (last day of January), then from 2026-03-15.
    facts = person(spells=[(dt.date(2026, 1, 10), dt.date(2026, 1, 31)), (dt.date(2026, 3, 15), None)])
    r = rows(facts)
    assert r[JAN]["employed"] and r[JAN]["job_started"] and not r[JAN]["employed_prev"]
    assert not r[FEB]["employed"] and r[FEB]["employed_prev"] and not r[FEB]["job_started"]
    assert r[MAR]["employed"] and r[MAR]["job_started"] and not r[MAR]["employed_prev"]


def test_a_spell_ending_before_the_last_day_is_not_employment_that_month():
    r = rows(person(spells=[(dt.date(2026, 2, 1), dt.date(2026, 2, 27))]))
    assert r[FEB]["job_started"] and not r[FEB]["employed"]


def test_registration_key_groups_insurance_and_graduation():
    facts = person(
        registrations=[(dt.date(2025, 12, 1), dt.date(2026, 2, 10))],
        key_groups=[
            ("disabled", dt.date(2026, 2, 1), None),
            ("veteran", dt.date(2020, 1, 1), dt.date(2026, 1, 15)),
        ],
        insured_periods=[(dt.date(2026, 3, 1), None)],
        contribution_months={JAN},
        graduation_dates=[dt.date(2025, 7, 1)],
    )
    r = rows(facts)
    assert r[JAN]["registered_unemployed"] and r[JAN]["registered_unemployed_prev"]
    assert not r[FEB]["registered_unemployed"] and r[FEB]["registered_unemployed_prev"]
    assert r[JAN]["key_group_mask"] == 0 and not r[JAN]["difficulty"]  # veteran ended 15 January
    assert r[FEB]["key_group_mask"] == 1 and r[FEB]["difficulty"]
    assert [r[m]["insured"] for m in (JAN, FEB, MAR)] == [True, False, True]
    assert [r[m]["months_since_graduation"] for m in (JAN, FEB, MAR)] == [6, 7, 8]


def test_only_working_age_months_are_extracted():
    # Turns 16 on 2026-02-20: not in January, in February.
    r = rows(PersonFacts("h2", "430302001", dt.date(2010, 2, 20)))
    assert sorted(r) == [FEB, MAR]


def test_posting_months_live_new_and_filled():
    facts = PostingFacts(
        "j1",
        "e1",
        "430302001",
        "2-02-10-03",
        3,
        4000,
        6000,
        dt.date(2026, 1, 20),
        dt.date(2026, 4, 30),
        dt.date(2026, 2, 14),
    )
    r = {row["month_idx"]: row for row in posting_month_rows(facts, [JAN, FEB, MAR])}
    # Live January and February (filled 14 February ends it), not March.
    assert sorted(r) == [JAN, FEB]
    assert r[JAN]["is_new"] and not r[FEB]["is_new"]
    assert r[FEB]["is_filled"] and r[FEB]["days_to_fill"] == 25 and r[JAN]["days_to_fill"] is None
    assert r[JAN]["occupation_major"] == "2" and r[JAN]["pay_mid"] == 5000.0


def test_pay_midpoint_and_occupation_major():
    assert pay_midpoint(4000, 6500) == 5250.0 and pay_midpoint(None, 3000) == 3000.0
    assert pay_midpoint(None, None) is None
    assert occupation_major("6-01-02-00") == "6" and occupation_major("") is None


def test_a_seeker_counts_once_a_month_where_the_latest_registration_says():
    spells = [
        SeekerSpell("430302001", dt.date(2026, 1, 5), dt.date(2026, 2, 3), "2-01-00-00"),
        SeekerSpell("430304001", dt.date(2026, 2, 1), None, "6-01-00-00"),
    ]
    r = list(applicant_month_rows("h1", spells, [JAN, FEB, MAR]))
    assert [(x["month_idx"], x["division_code"], x["occupation_major"]) for x in r] == [
        (JAN, "430302001", "2"),
        (FEB, "430304001", "6"),
        (MAR, "430304001", "6"),
    ]


def test_hashes_are_keyed_and_stable():
    assert hash_id(b"k1", "person", 42) == hash_id(b"k1", "person", 42)
    assert hash_id(b"k1", "person", 42) != hash_id(b"k2", "person", 42)
    assert hash_id(b"k1", "person", 42) != hash_id(b"k1", "employer", 42)
    value = hash_id(b"k1", "person", 42)
    assert len(value) == 20 and int(value, 16) >= 0


def test_division_ancestors_and_months():
    rows_ = division_ancestor_rows(["43/4303/430302/430302001"])
    assert ("430302001", "43", 1) in rows_ and ("430302001", "430302001", 4) in rows_ and len(rows_) == 4
    assert parse_month("2025-01") == dt.date(2025, 1, 1)


def test_writer_flushes_in_batches_and_writes_every_table(tmp_path):
    facts = person(spells=[(dt.date(2026, 1, 1), None)])
    with ExtractWriter(tmp_path, batch_rows=2) as writer:
        writer.add("person_month", person_month_rows(facts, [JAN, FEB, MAR], BITS, set()))
    table = pq.read_table(tmp_path / "person_month.parquet")
    assert (
        table.num_rows == 3 and pq.ParquetFile(tmp_path / "person_month.parquet").metadata.num_row_groups == 2
    )
    assert (tmp_path / "postings_month.parquet").exists()
    assert "name" not in table.column_names and "resident_id" not in "".join(table.column_names)
