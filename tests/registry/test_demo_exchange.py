"""`demo_load` also imports sample department files for 雨湖区 through the real pipeline."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from jiuye.comparisons.models import WorklistEntry
from jiuye.ingestion.enums import RunStatus
from jiuye.ingestion.models import ImportRun, QuarantinedRow, StagedRecord
from jiuye.registry.models import ContributionRecord, GraduateRecord, HukouMove, WageIncome

ARGS = ["--rate", "2000", "--seed", "5", "--as-of", "2025-06-30", "--wet-run"]


def run(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("demo_load", *ARGS, *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_imports_department_files_for_yuhu(demo_exchange_dir):
    out = run()
    runs = list(ImportRun.objects.order_by("pk"))
    assert {r.source_code for r in runs} == {
        "social_insurance.contributions", "tax.wages", "education.graduates", "public_security.moves"}
    for r in runs:
        assert r.status == RunStatus.COMPLETED, r.message
        assert r.division.code == "430302"
        assert r.file_name.startswith("demo-4303-r2000-s5.")
        assert r.rows_read == (r.rows_accepted + r.rows_updated + r.rows_unchanged + r.rows_staged
                               + r.rows_quarantined) > 0
    assert sorted(p.suffix for p in demo_exchange_dir.iterdir()) == [".csv", ".csv", ".jsonl", ".xlsx"]
    contributions = next(demo_exchange_dir.glob("*.social_insurance.contributions.csv")).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        contributions.decode("utf-8")  # GB18030, as the social insurance system exports it
    assert QuarantinedRow.objects.count() >= 3
    assert StagedRecord.objects.exists()
    assert ContributionRecord.objects.exists() and WageIncome.objects.exists()
    assert GraduateRecord.objects.exists() and HukouMove.objects.exists()
    open_entries = WorklistEntry.objects.open()
    assert open_entries.exists()
    assert open_entries.filter(division__path__startswith="43/4303/430302").exists()
    assert open_entries.filter(kind="zero_employment_household").exists()
    assert "Sample department files for 430302: 4 files" in out

    # Re-running changes nothing.
    before = (ImportRun.objects.count(), ContributionRecord.objects.count(), open_entries.count())
    again = run()
    assert "imported already" in again
    assert (ImportRun.objects.count(), ContributionRecord.objects.count(), open_entries.count()) == before


@pytest.mark.django_db
def test_no_exchange_option():
    out = run("--no-exchange")
    assert not ImportRun.objects.exists()
    assert "Sample department files" not in out
