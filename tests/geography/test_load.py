"""Loading divisions into the database: the commands, idempotence, atomicity, the audit event."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from jiuye.core.models import AuditEvent, EventKind
from jiuye.geography.enums import DivisionLevel
from jiuye.geography.models import Division

from .refdata_files import DIV, STREETS_HEADER, write_refdata


def run(command, root, *args):
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        args = [a for a in args if a != "--dry-run"] if "--dry-run" in args else [*args, "--wet-run"]
        call_command(command, "--path", str(root), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot():
    return list(
        Division.objects.order_by("code").values_list(
            "pk", "code", "name_zh", "name_en", "level", "parent_id", "path", "latitude", "longitude"
        )
    )


def test_geography_load_builds_the_tree(db, tmp_path):
    out, _ = run("geography_load", write_refdata(tmp_path))
    assert Division.objects.count() == 9
    yuhu = Division.objects.get(code="430302")
    assert (yuhu.name_zh, yuhu.name_en, yuhu.level) == ("雨湖区", "Yuhu District", DivisionLevel.COUNTY)
    assert yuhu.parent.code == "4303" and yuhu.parent.parent.code == "43"
    assert (yuhu.latitude, yuhu.longitude) == (27.856325, 112.907162)
    township = Division.objects.get(code="430302001")
    assert township.path == "43/4303/430302/430302001"
    assert township.level == DivisionLevel.TOWNSHIP and township.latitude is None
    assert Division.objects.within(yuhu).count() == 4
    assert "divisions" in out and "9" in out
    event = AuditEvent.objects.get(kind=EventKind.REFDATA_LOADED)
    assert event.actor_label == "refdata_load"
    assert event.data["counts"]["divisions"]["created"] == 9


def test_rerun_changes_nothing_and_updates_renamed(db, tmp_path):
    root = write_refdata(tmp_path)
    run("geography_load", root)
    before = snapshot()
    out, _ = run("geography_load", root)
    assert snapshot() == before
    assert AuditEvent.objects.filter(kind=EventKind.REFDATA_LOADED).count() == 2
    counts = AuditEvent.objects.latest("pk").data["counts"]["divisions"]
    assert counts == {"total": 9, "created": 0, "updated": 0, "unchanged": 9, "not_in_source": 0}

    renamed = STREETS_HEADER + '430302001,"雨湖新街道",430302,43,4303\n'
    run("geography_load", write_refdata(tmp_path, {f"{DIV}/streets.csv": renamed}))
    township = Division.objects.get(code="430302001")
    assert (township.name_zh, township.name_en) == ("雨湖新街道", "Yuhuxin Subdistrict")
    assert township.pk == dict((c, pk) for pk, c, *_ in before)["430302001"]
    # Divisions missing from the source are kept (people refer to them), and counted.
    assert Division.objects.count() == 9
    assert AuditEvent.objects.latest("pk").data["counts"]["divisions"]["not_in_source"] == 4


def test_existing_fixture_tree_is_completed_not_duplicated(tree, tmp_path):
    run("geography_load", write_refdata(tmp_path))
    assert Division.objects.get(code="430302").pk == tree["430302"].pk
    assert Division.objects.filter(code="43").count() == 1


def test_malformed_row_stops_with_file_line_reason_and_writes_nothing(db, tmp_path):
    bad = STREETS_HEADER + '430302001,"雨湖路街道",430302,43,4303\n430399001,"某某街道",430399,43,4303\n'
    with pytest.raises(CommandError, match=r"streets\.csv line 3: parent county 430399 not found"):
        run("geography_load", write_refdata(tmp_path, {f"{DIV}/streets.csv": bad}))
    assert not Division.objects.exists()
    assert not AuditEvent.objects.exists()


def test_failed_reload_leaves_the_previous_load_intact(db, tmp_path):
    run("geography_load", write_refdata(tmp_path))
    before = snapshot()
    bad = STREETS_HEADER + '430302001,"改了名",430302,43,4303\n,"无代码",430302,43,4303\n'
    with pytest.raises(CommandError, match=r"streets\.csv line 3: column 'code' is empty"):
        run("geography_load", write_refdata(tmp_path, {f"{DIV}/streets.csv": bad}))
    assert snapshot() == before


def test_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match=r"provinces\.csv: file not found"):
        run("geography_load", write_refdata(tmp_path, {f"{DIV}/provinces.csv": None}))


def test_missing_directory_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="Reference data directory not found"):
        run("geography_load", tmp_path / "nowhere")


def test_dry_run_writes_nothing(db, tmp_path):
    out, _ = run("geography_load", write_refdata(tmp_path), "--dry-run")
    assert "nothing was written" in out
    assert not Division.objects.exists() and not AuditEvent.objects.exists()


def test_setting_gives_the_default_path(db, tmp_path, settings):
    settings.JIUYE_REFDATA = write_refdata(tmp_path)
    with translation.override("en"):
        call_command("geography_load", "--wet-run", stdout=io.StringIO())
    assert Division.objects.count() == 9
