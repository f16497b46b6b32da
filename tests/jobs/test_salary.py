"""Salary text → monthly range (jiuye.jobs.salary; issue 4 item 3)."""

import csv
import importlib.util
from pathlib import Path

import pytest

from jiuye.jobs.salary import PAY_DAYS_PER_MONTH, SalaryRange, parse_salary, parse_salary_or_reason

SAMPLE = Path(__file__).parent / "data" / "salary_sample_200.csv"


@pytest.mark.parametrize(
    ("text", "low", "high", "months", "period"),
    [
        ("15-20K·14薪", 15_000, 20_000, 14, "month"),
        ("15-20K", 15_000, 20_000, 12, "month"),
        ("10k-20k", 10_000, 20_000, 12, "month"),
        ("4k-6k", 4_000, 6_000, 12, "month"),
        ("8千-1.2万/月", 8_000, 12_000, 12, "month"),
        ("1.5万-2万", 15_000, 20_000, 12, "month"),
        ("1.5-2万", 15_000, 20_000, 12, "month"),
        ("200元/天", 4_350, 4_350, 12, "day"),
        ("150-200/天", 3_263, 4_350, 12, "day"),  # 150 × 21.75 = 3262.5, rounded half up
        ("25元/时", 4_350, 4_350, 12, "hour"),
        ("25元/小时", 4_350, 4_350, 12, "hour"),
        ("10-15万/年", 8_333, 12_500, 12, "year"),
        ("年薪30万", 25_000, 25_000, 12, "year"),
        ("１５-２０Ｋ", 15_000, 20_000, 12, "month"),
        ("10～15k", 10_000, 15_000, 12, "month"),
        ("8000—12000元", 8_000, 12_000, 12, "month"),
        ("3000至5000元/月", 3_000, 5_000, 12, "month"),
        ("3,000-5,000 RMB/month", 3_000, 5_000, 12, "month"),
        ("8k-10k 13薪", 8_000, 10_000, 13, "month"),
    ],
)
def test_formats(text, low, high, months, period):
    r = parse_salary(text)
    assert r == SalaryRange(low, high, months=months, period=period)
    assert (r.annual_min, r.annual_max) == (low * months, high * months)


@pytest.mark.parametrize(
    ("text", "floor"),
    [("3000以上", 3_000), ("5000元起", 5_000), ("20k以上", 20_000), ("底薪3000+提成", 3_000)],
)
def test_open_ended(text, floor):
    r = parse_salary(text)
    assert (r.monthly_min, r.monthly_max, r.open_ended, r.negotiable) == (floor, floor, True, False)


@pytest.mark.parametrize("text", ["面议", "薪资面议", "Negotiable", "negotiable"])
def test_negotiable_is_a_result_without_a_range(text):
    r = parse_salary(text)
    assert r is not None and r.negotiable
    assert (r.monthly_min, r.monthly_max, r.annual_min, r.annual_max) == (None, None, None, None)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("abc", "no amount"),
        ("待遇优厚", "no amount"),
        ("15", "bare number without unit"),  # the column-shift artefact in the BOSS file: 15 what?
        ("20-10k", "min above max"),
        ("1000000000", "amount out of range"),
        ("5元/月", "amount out of range"),
        ("15-20K·3薪", "implausible pay months 3"),
    ],
)
def test_garbage_is_refused_with_a_reason(text, reason):
    assert parse_salary_or_reason(text) == reason
    assert parse_salary(text) is None


def test_daily_and_hourly_conversions():
    assert PAY_DAYS_PER_MONTH == 21.75
    day = parse_salary("100元/天")
    hour = parse_salary("100元/小时")
    assert day.monthly_min == round(100 * 21.75)
    assert hour.monthly_min == round(100 * 8 * 21.75)
    assert hour.monthly_min == 8 * day.monthly_min


def test_sample_bounds_are_sane():
    with open(SAMPLE, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        r = parse_salary(row["text"])
        assert r is not None
        assert 100 <= r.monthly_min <= r.monthly_max <= 1_000_000
        assert r.annual_min <= r.annual_max and r.months >= 12


def test_hand_checked_sample_has_no_errors():
    """The 200 strings drawn by bench/salary_parse.py, expected values written by hand: the parser agrees on all."""
    path = Path(__file__).resolve().parents[2] / "bench" / "salary_parse.py"
    spec = importlib.util.spec_from_file_location("bench_salary_parse", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)

    rows = bench.read_expected(SAMPLE)
    assert len(rows) == 200
    assert bench.sample_mismatches(rows) == []
