"""Human-resources adapters: unemployment (with labour status), job seekers, training; idempotent."""

from __future__ import annotations

import pytest

from jiuye.ingestion.enums import RunStatus
from jiuye.ingestion.pipeline import run_import
from jiuye.registry.enums import LabourStatus, RegistrationStatus, SeekerStatus
from jiuye.registry.models import JobSeekerRegistration, Person, TrainingRecord, UnemploymentRegistration
from jiuye.taxonomy.models import Occupation

from .. import factories as f
from .conftest import rid, write_csv

pytestmark = pytest.mark.django_db

U = ["公民身份号码", "姓名", "联系电话", "居住地区划代码", "户口性质", "登记日期", "登记地区划代码", "终止日期", "登记状态",
     "求职意向职业代码"]


def test_unemployment_creates_persons_and_tracks_labour_status(tree, tmp_path):
    first = [[rid(81), "王小明", "13907320001", "430302001", "农村", "2024-03-01", "", "", "", ""]]
    run = run_import("human_resources.unemployment", write_csv(tmp_path / "a.csv", U, first), division=tree["430302"])
    assert run.status == RunStatus.COMPLETED and run.rows_accepted == 1, run.message
    person = Person.objects.get()
    assert (person.division, person.hukou_type, person.labour_status) == (
        tree["430302001"], "rural", LabourStatus.UNEMPLOYED)
    assert person.phone_masked == "139****0001" and person.sex == "M"
    reg = UnemploymentRegistration.objects.get()
    assert (reg.division, reg.status) == (tree["430302001"], RegistrationStatus.OPEN)

    ended = [[rid(81), "王小明", "", "430302001", "", "2024-03-01", "430302", "2024-06-30", "已就业", ""]]
    run2 = run_import("human_resources.unemployment", write_csv(tmp_path / "b.csv", U, ended), division=tree["430302"])
    assert run2.rows_updated == 1
    reg.refresh_from_db()
    person.refresh_from_db()
    assert (reg.status, str(reg.ended_on), reg.division) == (RegistrationStatus.EMPLOYED, "2024-06-30", tree["430302"])
    assert person.labour_status == LabourStatus.EMPLOYED
    run3 = run_import("human_resources.unemployment", write_csv(tmp_path / "c.csv", U, ended), division=tree["430302"])
    assert (run3.rows_read, run3.rows_unchanged) == (1, 1)


def test_unemployment_row_checks(tree, tmp_path):
    rows = [
        [rid(83), "李四", "", "430302001", "", "2024-03-01", "", "2024-06-30", "", ""],  # end date, no status
        [rid(85), "张三", "", "430302001", "", "2024-03-01", "", "", "", "9-99-99-99"],  # unknown occupation
        [rid(87), "赵六", "", "430302001", "", "2024-03-01", "", "2024-01-01", "注销", ""],  # ends before it starts
    ]
    run = run_import("human_resources.unemployment", write_csv(tmp_path / "a.csv", U, rows), division=tree["430302"])
    reasons = {q.row_number: q.errors for q in run.quarantined.all()}
    assert [e["column"] for e in reasons[2]] == ["登记状态"]
    assert [(e["column"], e["code"]) for e in reasons[3]] == [("求职意向职业代码", "occupation_unknown")]
    assert [(e["column"], e["code"]) for e in reasons[4]] == [("终止日期", "date_order")]
    assert not Person.objects.exists()  # no person is left behind by a rejected row


def test_an_existing_person_is_found_by_id(tree, tmp_path):
    person = f.make_person(tree["430302001"], name="王小明", labour_status=LabourStatus.INACTIVE)
    rows = [[person.reveal_resident_id(), "王小明", "", "430302001", "", "2024-03-01", "", "", "", ""]]
    run_import("human_resources.unemployment", write_csv(tmp_path / "a.csv", U, rows), division=tree["430302"])
    assert Person.objects.count() == 1
    person.refresh_from_db()
    assert person.labour_status == LabourStatus.UNEMPLOYED
    assert person.provenance.filter(field="labour_status").exists()


def test_job_seekers_and_training(tree, tmp_path):
    occ = Occupation.objects.create(code="6-31-01-03", level=4, name_zh="电工", name_en="Electrician")
    js_header = ["公民身份号码", "姓名", "居住地区划代码", "登记日期", "求职意向职业代码", "求职状态"]
    js = [[rid(91), "王小明", "430302001", "2024-05-20", "6-31-01-03", "求职中"]]
    run = run_import("human_resources.job_seekers", write_csv(tmp_path / "j.csv", js_header, js), division=tree["430302"])
    assert run.rows_accepted == 1, run.message
    reg = JobSeekerRegistration.objects.get()
    assert (reg.desired_occupation, reg.status, reg.import_run) == (occ, SeekerStatus.ACTIVE, run)

    tr_header = ["公民身份号码", "姓名", "居住地区划代码", "培训项目", "培训机构", "培训工种代码", "开班日期", "结业日期", "证书等级"]
    tr = [[rid(91), "王小明", "430302001", "电工培训", "湘潭技工学校", "6-31-01-03", "2024-04-08", "2024-05-10", "五级"]]
    path = write_csv(tmp_path / "t.csv", tr_header, tr)
    run = run_import("human_resources.training", path, division=tree["430302"])
    assert run.rows_accepted == 1 and Person.objects.count() == 1
    record = TrainingRecord.objects.get()
    assert (record.occupation, record.certificate_level, str(record.end_date)) == (occ, "五级", "2024-05-10")
    again = run_import("human_resources.training", path, division=tree["430302"])
    assert again.rows_unchanged == 1 and TrainingRecord.objects.count() == 1
