import datetime as dt

import pytest

from jiuye.ingestion.sources.base import REGISTRY, RowRejected
from jiuye.ingestion.sources.market_supervision.schema import EnterpriseRow
from jiuye.registry.models import Employer, EmployerEvent

from .helpers import LAST_YEAR, credit, errors

pytestmark = pytest.mark.django_db
CODE = "market_supervision.enterprises"


def event(kind, date, **kw) -> dict:
    return {"credit_code": credit(), "event": kind, "event_date": date, **kw}


REGISTRATION = event("设立登记", f"{LAST_YEAR}-02-01", name="湘潭某某制造有限公司", division_code="430302001",
                     address="雨湖路1号", industry="C3311", ownership="私营企业", registered_on=f"{LAST_YEAR}-02-01",
                     employees="35")


def land(data, make_ctx):
    adapter = REGISTRY[CODE]()
    return adapter.apply(adapter.schema.model_validate(data), make_ctx(CODE))


def test_enterprise_schema():
    row = EnterpriseRow.model_validate(REGISTRATION)
    assert (row.event, row.industry, row.ownership, row.employees) == ("registered", "C", "private", 35)
    found = errors(EnterpriseRow, event("设立", "2999-01-01", industry="Z9", ownership="合伙", employees="-3",
                                        registered_on="2000-01-01"))
    assert found["event_date"][0] == "date_future"
    assert found["name"][0] == "missing" and "设立登记" in found["name"][1]
    assert found["division_code"][0] == "missing"
    assert found["industry"][0] == "industry_format"
    assert found["ownership"][0] == "choice" and "私营企业" in found["ownership"][1]
    assert found["employees"][0] == "not_a_number"
    found = errors(EnterpriseRow, event("吊销", f"{LAST_YEAR}-01-01"))
    assert found["event"][0] == "choice" and "注销登记" in found["event"][1]
    found = errors(EnterpriseRow, {**REGISTRATION, "registered_on": f"{LAST_YEAR}-03-01"})
    assert found["registered_on"][0] == "date_order"


def test_registration_creates_the_employer(tree, make_ctx):
    assert land(REGISTRATION, make_ctx) == "accepted"
    employer = Employer.objects.get()
    assert (employer.name, employer.division, employer.industry.code, employer.ownership, employer.size_class,
            employer.status) == ("湘潭某某制造有限公司", tree["430302001"], "C", "private", "small", "active")
    assert employer.events.get().kind == "registered"
    assert land(REGISTRATION, make_ctx) == "unchanged"


def test_status_follows_the_events_in_date_order(tree, make_ctx):
    land(REGISTRATION, make_ctx)
    employer = Employer.objects.get()
    assert land(event("列入经营异常名录", f"{LAST_YEAR}-06-01", details="通过登记的住所无法联系"), make_ctx) == "accepted"
    employer.refresh_from_db()
    assert employer.status == "abnormal"
    assert EmployerEvent.objects.get(kind="abnormal_listed").details == {"note": "通过登记的住所无法联系"}
    # A change does not lift the listing; a removal does.
    land(event("变更登记", f"{LAST_YEAR}-07-01", name="湘潭某某科技有限公司"), make_ctx)
    employer.refresh_from_db()
    assert (employer.status, employer.name) == ("abnormal", "湘潭某某科技有限公司")
    land(event("移出经营异常名录", f"{LAST_YEAR}-08-01"), make_ctx)
    employer.refresh_from_db()
    assert employer.status == "active"
    # An older change arriving late neither renames the employer nor changes its status.
    assert land(event("变更", f"{LAST_YEAR}-03-01", name="旧名称有限公司"), make_ctx) == "accepted"
    employer.refresh_from_db()
    assert (employer.status, employer.name) == ("active", "湘潭某某科技有限公司")
    land(event("注销登记", f"{LAST_YEAR}-10-01"), make_ctx)
    employer.refresh_from_db()
    assert employer.status == "deregistered"
    assert employer.events.count() == 6


def test_changed_event_details_update(tree, make_ctx):
    land(REGISTRATION, make_ctx)
    land(event("变更登记", f"{LAST_YEAR}-07-01", details="住所变更"), make_ctx)
    assert land(event("变更登记", f"{LAST_YEAR}-07-01", details="住所及法定代表人变更"), make_ctx) == "updated"


def test_first_row_of_an_unknown_enterprise_needs_name_and_seat(tree, make_ctx):
    with pytest.raises(RowRejected) as info:
        land(event("列入经营异常名录", f"{LAST_YEAR}-06-01"), make_ctx)
    assert info.value.column == "统一社会信用代码" and info.value.code == "employer_unknown"
    # With them, a deregistration of a firm never seen before still lands, already deregistered.
    land(event("注销", f"{LAST_YEAR}-06-01", name="老字号商店", division_code="430304"), make_ctx)
    assert Employer.objects.get().status == "deregistered"


def test_unknown_division_is_rejected(tree, make_ctx):
    with pytest.raises(RowRejected) as info:
        land({**REGISTRATION, "division_code": "440106"}, make_ctx)
    assert (info.value.column, info.value.value, info.value.code) == ("住所行政区划代码", "440106", "division_unknown")
    assert not Employer.objects.exists()


def test_market_supervision_identifies_no_person():
    assert REGISTRY[CODE].identifies_person is False


def test_division_code_padding(tree, make_ctx):
    land({**REGISTRATION, "division_code": "430302001000"}, make_ctx)
    assert Employer.objects.get().division.code == "430302001"
    assert Employer.objects.get().registered_on == dt.date(LAST_YEAR, 2, 1)
