"""`ingestion_run` writes only with --wet-run; `ingestion_spec` keeps the exchange docs in step."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from jiuye.ingestion.models import ImportRun
from jiuye.ingestion.spec import department_markdown
from jiuye.registry.models import Person, UnemploymentRegistration

from .conftest import U_HEADER, UNEMPLOYMENT, rid, write_csv

pytestmark = pytest.mark.django_db

pytestmark = pytest.mark.usefixtures("english")


def _file(tmp_path):
    rows = [[rid(71), "王小明", "430302001", "2024-03-01", ""], ["x", "李四", "430302001", "2024-03-01", ""]]
    return write_csv(tmp_path / "u.csv", U_HEADER, rows, "gb18030")


def test_without_wet_run_nothing_is_written(tree, tmp_path):
    out = StringIO()
    call_command("ingestion_run", UNEMPLOYMENT, str(_file(tmp_path)), "--division", "430302", stdout=out)
    text = out.getvalue()
    assert "read 2, accepted 1" in text and "quarantined 1" in text and "Nothing was written" in text
    assert not ImportRun.objects.exists() and not Person.objects.exists()


def test_with_wet_run_the_import_is_kept(tree, tmp_path):
    out = StringIO()
    call_command("ingestion_run", UNEMPLOYMENT, str(_file(tmp_path)), "--division", "430302", "--wet-run", stdout=out)
    run = ImportRun.objects.get()
    assert f"Import run {run.pk}" in out.getvalue() and "gb18030" in out.getvalue()
    assert UnemploymentRegistration.objects.count() == 1 and run.rows_quarantined == 1


def test_bad_arguments_are_refused(tree, tmp_path):
    with pytest.raises(CommandError, match="Unknown source"):
        call_command("ingestion_run", "nope.nothing", str(_file(tmp_path)), "--division", "430302")
    with pytest.raises(CommandError, match="Unknown division"):
        call_command("ingestion_run", UNEMPLOYMENT, str(_file(tmp_path)), "--division", "999999")


def test_refused_file_fails_the_wet_run(tree, tmp_path):
    path = write_csv(tmp_path / "bad.csv", ["甲", "乙"], [["1", "2"]])
    with pytest.raises(CommandError, match="did not complete"):
        call_command("ingestion_run", UNEMPLOYMENT, str(path), "--division", "430302", "--wet-run", stdout=StringIO())
    assert ImportRun.objects.get().status == "refused"


def test_exchange_spec_document_is_in_step_with_the_layouts():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "exchange" / "human_resources.md").read_text(encoding="utf-8")
    assert department_markdown("human_resources") in doc, "run: manage.py ingestion_spec human_resources --update docs/exchange/human_resources.md"
