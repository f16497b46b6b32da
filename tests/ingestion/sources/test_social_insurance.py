import datetime as dt
from decimal import Decimal

import pytest

from jiuye.ingestion.sources.base import REGISTRY, RowRejected
from jiuye.ingestion.sources.social_insurance.schema import ContributionRow, InsuredRow
from jiuye.registry.models import ContributionRecord, InsuredPeriod
from tests import factories as f

from .helpers import LAST_YEAR, credit, errors, rid

pytestmark = pytest.mark.django_db


def contribution(person, employer, **kw) -> dict:
    return {
        "resident_id": person.reveal_resident_id(), "name": person.name, "credit_code": employer.credit_code,
        "scheme": "110", "month": f"{LAST_YEAR}-03", "base_wage": "4500", "amount_due": "1107.00",
        "amount_paid": "1107.00", **kw,
    }


def insured(person, employer, **kw) -> dict:
    return {
        "resident_id": person.reveal_resident_id(), "name": person.name, "credit_code": employer.credit_code,
        "scheme": "失业保险", "start_date": f"{LAST_YEAR}-01-01", **kw,
    }


def test_contribution_schema_reads_a_good_row():
    row = ContributionRow.model_validate({
        "resident_id": rid(), "name": "王小明", "credit_code": credit(), "employer_name": "某公司", "scheme": "养老",
        "month": f"{LAST_YEAR}03", "base_wage": "4,500.00", "amount_due": "1107", "amount_paid": "800",
    })
    assert row.scheme == "pension" and row.month == dt.date(LAST_YEAR, 3, 1)
    assert row.arrears == Decimal("307.00")


def test_contribution_schema_says_what_is_wrong_with_each_column():
    found = errors(ContributionRow, {
        "resident_id": "43030219900102011", "name": "", "credit_code": credit()[:-1] + "0", "scheme": "510",
        "month": "2999-01", "base_wage": "-1", "amount_due": "1,0", "amount_paid": "",
    })
    assert found["resident_id"][0] == "resident_id_length"
    assert found["name"][0] == "missing"
    assert found["credit_code"][0] in ("credit_code_checksum", "credit_code_format")
    assert found["scheme"][0] == "choice" and "110" in found["scheme"][1] and "pension" in found["scheme"][2]
    assert found["month"][0] == "date_future"
    assert found["base_wage"][0] == "negative"
    assert found["amount_paid"][0] == "missing"
    found = errors(ContributionRow, {
        "name": "王小明", "credit_code": credit(), "scheme": "110", "month": "2024-01", "base_wage": "1000",
        "amount_due": "1500", "amount_paid": "0",
    })
    assert found == {"amount_due": ("due_exceeds_base", found["amount_due"][1], found["amount_due"][2])}
    assert "超过缴费基数" in found["amount_due"][1]


def test_insured_schema_checks_the_period():
    found = errors(InsuredRow, {
        "resident_id": rid(), "name": "王小明", "credit_code": credit(), "scheme": "210",
        "start_date": f"{LAST_YEAR}-05-01", "end_date": f"{LAST_YEAR}-04-30", "phone": "12345",
    })
    assert found["end_date"][0] == "date_order"
    assert found["phone"][0] == "phone_format"


def test_contributions_land_idempotently_and_update(tree, yuhu_person, make_ctx):
    employer = f.make_employer(tree["430302001"])
    adapter = REGISTRY["social_insurance.contributions"]()
    ctx = make_ctx(adapter.code)
    row = adapter.schema.model_validate(contribution(yuhu_person, employer, amount_paid="600"))
    assert adapter.apply(row, ctx, yuhu_person) == "accepted"
    record = ContributionRecord.objects.get()
    assert (record.person, record.employer, record.scheme, record.month) == (
        yuhu_person, employer, "pension", dt.date(LAST_YEAR, 3, 1))
    assert record.amount_due - record.amount_paid == Decimal("507.00") == record.arrears
    assert record.source == ctx.source and record.import_run == ctx.run

    assert adapter.apply(row, make_ctx(adapter.code), yuhu_person) == "unchanged"
    corrected = adapter.schema.model_validate(contribution(yuhu_person, employer, amount_paid="1107"))
    ctx2 = make_ctx(adapter.code)
    assert adapter.apply(corrected, ctx2, yuhu_person) == "updated"
    record.refresh_from_db()
    assert record.arrears == 0 and record.import_run == ctx2.run
    assert ContributionRecord.objects.count() == 1


def test_unknown_employer_is_rejected(tree, yuhu_person, make_ctx):
    adapter = REGISTRY["social_insurance.contributions"]()
    stranger = f.make_employer(tree["430302001"])
    data = contribution(yuhu_person, stranger)
    stranger.delete()
    with pytest.raises(RowRejected) as info:
        adapter.apply(adapter.schema.model_validate(data), make_ctx(adapter.code), yuhu_person)
    assert info.value.column == "统一社会信用代码" and info.value.code == "employer_unknown"
    assert "尚未在本库登记" in info.value.zh and "market supervision" in info.value.en
    assert not ContributionRecord.objects.exists()


def test_insured_periods_land_and_stop(tree, yuhu_person, make_ctx):
    employer = f.make_employer(tree["430302001"])
    adapter = REGISTRY["social_insurance.insured"]()
    row = adapter.schema.model_validate(insured(yuhu_person, employer))
    assert adapter.apply(row, make_ctx(adapter.code), yuhu_person) == "accepted"
    assert adapter.apply(row, make_ctx(adapter.code), yuhu_person) == "unchanged"
    period = InsuredPeriod.objects.get()
    assert (period.scheme, period.start_date, period.end_date) == ("unemployment", dt.date(LAST_YEAR, 1, 1), None)

    stopped = adapter.schema.model_validate(insured(yuhu_person, employer, end_date=f"{LAST_YEAR}-06-30"))
    assert adapter.apply(stopped, make_ctx(adapter.code), yuhu_person) == "updated"
    period.refresh_from_db()
    assert period.end_date == dt.date(LAST_YEAR, 6, 30)
    # A later period with the same employer is a second record.
    again = adapter.schema.model_validate(insured(yuhu_person, employer, start_date=f"{LAST_YEAR}-09-01"))
    assert adapter.apply(again, make_ctx(adapter.code), yuhu_person) == "accepted"
    assert InsuredPeriod.objects.count() == 2
