"""Loading classifications, and the whole reference data (refdata_load) including the real files."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.utils import translation

from jiuye.core.models import AuditEvent, EventKind
from jiuye.geography.enums import DivisionLevel
from jiuye.geography.models import Division
from jiuye.taxonomy.models import EducationLevel, Industry, IscoGroup, KeyGroup, Occupation

from ..geography.refdata_files import DIV, OCC, OCC_HEADER, has_real_refdata, real_refdata, write_refdata


def run(command, *args):
    out = io.StringIO()
    with translation.override("en"):
        call_command(command, *args, "--wet-run", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_taxonomy_load(db, tmp_path):
    run("taxonomy_load", "--path", str(write_refdata(tmp_path)))
    assert Occupation.objects.count() == 9
    software = Occupation.objects.get(code="2-02-10-03")
    assert software.parent.parent.parent.code == "2"
    assert (software.level, software.name_zh, software.name_en) == (4, "计算机软件工程技术人员", "")
    officers = IscoGroup.objects.get(code="0110")
    assert officers.parent.code == "011" and officers.level == 4
    with translation.override("zh-hans"):
        assert officers.name == "Commissioned armed forces officers"  # no Chinese ISCO names exist
    assert EducationLevel.objects.count() == 9
    assert Industry.objects.count() == 20
    assert KeyGroup.objects.get(code="disabled").is_employment_difficulty
    assert not Division.objects.exists()


def test_taxonomy_rerun_is_idempotent_and_keeps_unmanaged_columns(db, tmp_path):
    root = write_refdata(tmp_path)
    run("taxonomy_load", "--path", str(root))
    # A translation added later (not from these files) survives a reload.
    Occupation.objects.filter(code="2").update(name_en="Professional and technical personnel")
    IscoGroup.objects.filter(code="2").update(name_zh="专业人员")
    before = list(Occupation.objects.values_list())
    run("taxonomy_load", "--path", str(root))
    assert list(Occupation.objects.values_list()) == before
    assert IscoGroup.objects.get(code="2").name_zh == "专业人员"
    counts = AuditEvent.objects.latest("pk").data["counts"]
    assert all(c["created"] == c["updated"] == 0 for c in counts.values())


def test_bad_taxonomy_file_rolls_back_the_divisions_too(db, tmp_path):
    bad = OCC_HEADER + "1,1,大类,10,负责人,1,,\n1-01,9,中类,10100,某某,1,1-01,\n"
    root = write_refdata(tmp_path, {OCC: bad})
    with pytest.raises(CommandError, match=r"occupations_2022_flat\.csv line 3: unknown level '9'"):
        run("refdata_load", "--path", str(root))
    assert not Division.objects.exists() and not Occupation.objects.exists()
    assert not AuditEvent.objects.exists()


def test_failure_during_writing_rolls_everything_back(db, tmp_path, monkeypatch):
    from jiuye.taxonomy import services

    def boom(parsed):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "write_taxonomy", boom)
    with pytest.raises(RuntimeError):
        run("refdata_load", "--path", str(write_refdata(tmp_path)))
    assert not Division.objects.exists()


def test_only_option(db, tmp_path):
    root = str(write_refdata(tmp_path, {f"{DIV}/streets.csv": None}))
    out = run("refdata_load", "--path", root, "--only", "taxonomy")
    assert "occupations" in out and "divisions" not in out
    assert Occupation.objects.exists() and not Division.objects.exists()


@pytest.mark.skipif(not has_real_refdata(), reason="reference data directory (JIUYE_REFDATA) not present")
def test_real_reference_data_loads_completely_and_reloads_unchanged(db):
    out = run("refdata_load")
    assert str(real_refdata()) in out
    levels = dict(Division.objects.values_list("level").annotate(n=Count("pk")))
    assert levels == {
        DivisionLevel.PROVINCE: 31,
        DivisionLevel.PREFECTURE: 342,
        DivisionLevel.COUNTY: 2978,
        DivisionLevel.TOWNSHIP: 41352,
    }
    yuhu = Division.objects.get(code="430302")
    assert (yuhu.name_en, yuhu.path, yuhu.parent.name_zh) == ("Yuhu District", "43/4303/430302", "湘潭市")
    assert Division.objects.get(code="1101").name_en == "City districts"
    assert Division.objects.filter(level=DivisionLevel.COUNTY, latitude__isnull=False).count() > 2600
    assert not Division.objects.filter(level=DivisionLevel.TOWNSHIP, latitude__isnull=False).exists()
    assert Occupation.objects.count() == 2176
    assert dict(Occupation.objects.values_list("level").annotate(n=Count("pk"))) == {
        1: 8,
        2: 79,
        3: 450,
        4: 1639,
    }
    assert IscoGroup.objects.count() == 619
    assert Occupation.objects.filter(level__gt=1, parent__isnull=True).count() == 0
    assert IscoGroup.objects.filter(level__gt=1, parent__isnull=True).count() == 0

    run("refdata_load")
    counts = AuditEvent.objects.filter(kind=EventKind.REFDATA_LOADED).latest("pk").data["counts"]
    assert {t: (c["created"], c["updated"]) for t, c in counts.items()} == {t: (0, 0) for t in counts}
    assert counts["divisions"]["unchanged"] == 44703
