"""One small file per department through the real pipeline (`run_import`): rows land, bad rows are
quarantined with the column and reason, counts add up, and importing the file again changes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import Workbook

from jiuye.ingestion.enums import RunStatus
from jiuye.ingestion.models import QuarantinedRow, StagedRecord
from jiuye.registry.models import (
    ContributionRecord,
    DisabilityCertificate,
    Employer,
    EmployerEvent,
    GraduateRecord,
    Household,
    HouseholdAssistance,
    HukouMove,
    InsuredPeriod,
    Person,
    WageIncome,
)
from tests import factories as f

from .helpers import LAST_YEAR, credit, rid, write_csv

pytestmark = pytest.mark.django_db
run_import = pytest.importorskip("jiuye.ingestion.pipeline").run_import


def imported(code, path, tree, **expected):
    run = run_import(code, path, division=tree["430302"])
    assert run.status == RunStatus.COMPLETED, run.message
    counts = {k: getattr(run, f"rows_{k}") for k in ("read", "accepted", "updated", "unchanged", "staged",
                                                       "quarantined")}
    assert counts["read"] == sum(v for k, v in counts.items() if k != "read")  # nothing dropped silently
    for key, value in expected.items():
        assert counts[key] == value, (key, counts, list(QuarantinedRow.objects.values_list("errors", flat=True)))
    return run


def reasons(run):
    return [(e["column"], e["code"]) for q in QuarantinedRow.objects.filter(run=run) for e in q.errors]


def test_market_supervision_file(tree, tmp_path):
    good, other = credit("MA4L0001"), credit("MA4L0002", "430304")
    path = write_csv(tmp_path / "qy.csv", ["统一社会信用代码", "登记事项", "事项日期", "企业名称", "住所行政区划代码", "行业门类"], [
        [good, "设立登记", f"{LAST_YEAR}-01-05", "湘潭甲公司", "430302001", "C"],
        [good, "列入经营异常名录", f"{LAST_YEAR}-06-01", "", "", ""],
        [other, "设立登记", f"{LAST_YEAR}-01-05", "湘潭乙公司", "999999", "C"],  # unknown division
        [good[:-1] + "0" if good[-1] != "0" else good[:-1] + "1", "注销", f"{LAST_YEAR}-01-05", "丙", "430302", ""],
    ], encoding="gb18030")
    run = imported("market_supervision.enterprises", path, tree, read=4, accepted=2, quarantined=2)
    assert run.encoding == "gb18030"
    assert Employer.objects.get().status == "abnormal" and EmployerEvent.objects.count() == 2
    assert sorted(reasons(run)) == sorted([("住所行政区划代码", "division_unknown"),
                                           ("统一社会信用代码", "credit_code_checksum")])
    imported("market_supervision.enterprises", path, tree, read=4, unchanged=2, quarantined=2)


def test_social_insurance_and_tax_files(tree, yuhu_person, tmp_path):
    employer = f.make_employer(tree["430302001"])
    number = yuhu_person.reveal_resident_id()
    insured = write_csv(tmp_path / "cb.csv", ["公民身份号码", "姓名", "统一社会信用代码", "险种类型", "参保日期", "停保日期"], [
        [number, yuhu_person.name, employer.credit_code, "110", f"{LAST_YEAR}-01-01", ""],
        [number, yuhu_person.name, credit("MA4P0009"), "110", f"{LAST_YEAR}-01-01", ""],  # unknown employer
    ])
    run = imported("social_insurance.insured", insured, tree, accepted=1, quarantined=1)
    assert reasons(run) == [("统一社会信用代码", "employer_unknown")]
    assert InsuredPeriod.objects.get().employer == employer

    header = ["公民身份号码", "姓名", "统一社会信用代码", "险种类型", "缴费月份", "缴费基数", "应缴金额", "实缴金额"]
    contributions = write_csv(tmp_path / "jf.csv", header, [
        [number, yuhu_person.name, employer.credit_code, "110", f"{LAST_YEAR}01", "4500", "720", "500"],
        [number, yuhu_person.name, employer.credit_code, "110", f"{LAST_YEAR}02", "4500", "-720", "500"],
    ])
    run = imported("social_insurance.contributions", contributions, tree, accepted=1, quarantined=1)
    assert ContributionRecord.objects.get().arrears == Decimal("220.00")
    assert reasons(run) == [("应缴金额", "negative")]

    wages = write_csv(tmp_path / "gz.csv", ["公民身份号码", "姓名", "扣缴义务人统一社会信用代码", "所得期间", "收入额"], [
        [number, yuhu_person.name, employer.credit_code, f"{LAST_YEAR}-01", "6,200.00"],
        ["", "赵无号", employer.credit_code, f"{LAST_YEAR}-01", "3000"],  # no ID: staged for linkage
    ])
    imported("tax.wages", wages, tree, accepted=1, staged=1)
    assert WageIncome.objects.get().amount == Decimal("6200.00")
    assert StagedRecord.objects.get().name == "赵无号"


def test_education_file_creates_graduates(tree, tmp_path):
    new = rid(dt.date(2001, 9, 12), 22)
    path = tmp_path / "bys.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["公民身份号码", "姓名", "生源地行政区划代码", "院校名称", "专业代码", "专业名称", "学历层次", "毕业时间", "毕业去向"])
    ws.append([new, "李小红", "430302", "湘潭大学", "080901", "计算机科学与技术", "本科",
               dt.datetime(LAST_YEAR, 6, 30), "待就业"])
    ws.append([rid(dt.date(2001, 1, 1), 24), "周某", "430302", "湘潭大学", "080901", "", "学士后",
               dt.datetime(LAST_YEAR, 6, 30), ""])
    wb.save(path)
    run = imported("education.graduates", path, tree, accepted=1, quarantined=1)
    person = Person.objects.by_resident_id(new).get()
    assert (person.name, person.division, person.education.code, person.graduation_year) == (
        "李小红", tree["430302"], "bachelor", LAST_YEAR)
    assert GraduateRecord.objects.get().person == person
    assert reasons(run) == [("学历层次", "choice")]
    imported("education.graduates", path, tree, unchanged=1, quarantined=1)
    assert Person.objects.count() == 1


def test_civil_affairs_files(tree, yuhu_person, tmp_path):
    number = yuhu_person.reveal_resident_id()
    path = write_csv(tmp_path / "db.csv", ["申请人公民身份号码", "申请人姓名", "家庭编号", "救助类型", "家庭所在地行政区划代码",
                                           "救助开始日期"], [
        [number, yuhu_person.name, "DB-001", "低保", "430302001", f"{LAST_YEAR}-01-01"],
        [number, yuhu_person.name, "DB-002", "低保", "430399", f"{LAST_YEAR}-01-01"],
    ])
    run = imported("civil_affairs.assistance", path, tree, accepted=1, quarantined=1)
    assert Household.objects.get().assistance_status == "dibao" and HouseholdAssistance.objects.count() == 1
    assert reasons(run) == [("家庭所在地行政区划代码", "division_unknown")]

    path = write_csv(tmp_path / "cj.csv", ["公民身份号码", "姓名", "残疾类别", "残疾等级", "发证日期"], [
        [number, yuhu_person.name, "听力", "二级", "2020-05-01"],
        [number, yuhu_person.name, "听力", "二级", "2999-05-01"],
    ])
    run = imported("civil_affairs.disability", path, tree, accepted=1, quarantined=1)
    yuhu_person.refresh_from_db()
    assert yuhu_person.disability_grade == 2 and DisabilityCertificate.objects.count() == 1
    assert reasons(run) == [("发证日期", "date_future")]


def test_public_security_files(tree, tmp_path):
    new = rid(dt.date(1985, 4, 20), 33, place="430304")
    header = ["公民身份号码", "姓名", "民族", "户籍地行政区划代码", "户口性质", "户号", "与户主关系"]
    path = write_csv(tmp_path / "hj.csv", header, [
        [new, "陈新", "汉族", "430304001", "农业", "430304001000777", "户主"],
        [rid(dt.date(1985, 4, 20), 35, place="430304"), "陈旧", "汉族", "430304001", "农业", "430304001000777", "表哥"],
    ], encoding="gb18030")
    run = imported("public_security.hukou", path, tree, accepted=1, quarantined=1)
    person = Person.objects.by_resident_id(new).get()
    assert (person.hukou_type, person.hukou_division, person.ethnicity) == ("rural", tree["430304001"], "汉族")
    assert person.household_memberships.get().household.number == "430304001000777"
    assert reasons(run) == [("与户主关系", "choice")]

    moves = write_csv(tmp_path / "qy.csv", ["公民身份号码", "姓名", "迁移类型", "迁出地行政区划代码", "迁入地行政区划代码", "迁移日期"], [
        [new, "陈新", "辖区内迁移", "430304001", "430302001", f"{LAST_YEAR}-03-01"],
    ])
    imported("public_security.moves", moves, tree, accepted=1)
    person.refresh_from_db()
    assert person.hukou_division == tree["430302001"] and HukouMove.objects.count() == 1
    imported("public_security.moves", moves, tree, unchanged=1)


def test_veterans_file(tree, yuhu_person, tmp_path):
    path = write_csv(tmp_path / "tyjr.csv", ["公民身份号码", "姓名", "入伍时间", "退役时间"], [
        [yuhu_person.reveal_resident_id(), yuhu_person.name, "2012-09-10", "2017-09-01"],
        [rid(dt.date(1992, 3, 3), 13), "孙某", "2018-09-10", "2017-09-01"],
    ])
    run = imported("veterans_affairs.veterans", path, tree, accepted=1, quarantined=1)
    yuhu_person.refresh_from_db()
    assert yuhu_person.is_veteran and yuhu_person.key_groups.get().code == "veteran"
    assert reasons(run) == [("退役时间", "date_order")]
