"""Reading the classification files: pure code, no database."""

import pytest

from jiuye.geography.refcsv import SourceError
from jiuye.taxonomy import sources
from jiuye.taxonomy.models import EducationLevel, IscoGroup, KeyGroup, Occupation

from ..geography.refdata_files import ISCO, OCC, OCC_HEADER, write_refdata

GOOD = (
    "1,1,大类,10,负责人,1,,\n"
    "1-01,2,中类,10100,中国共产党机关和基层组织负责人,1,1-01,\n"
    "1-01-00,3,小类,10100,中国共产党机关和基层组织负责人,1,1-01,1-01-00\n"
)


def occupations(tmp_path, extra):
    return sources.read_occupations(write_refdata(tmp_path, {OCC: OCC_HEADER + GOOD + extra}))


def test_reads_the_occupation_tree(tmp_path):
    parsed = sources.read_occupations(write_refdata(tmp_path))
    rows = {r.code: r for r in parsed.rows}
    assert len(rows) == 9
    assert rows["2-02-10-03"].parent_code == "2-02-10" and rows["2-02-10-03"].level == 4
    assert rows["2-02-10"].gbm_code == "20210"
    assert rows["1"].parent_code is None
    assert [r.level for r in parsed.rows] == sorted(r.level for r in parsed.rows)
    assert parsed.warnings == []


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (",4,细类,,某职业,1,1-01,1-01-00", "column 'code' is empty"),
        ("1-01-00-01,5,细类,,某职业,1,1-01,1-01-00", "unknown level '5' (expected 1, 2, 3 or 4)"),
        ("1-01-00-01,,细类,,某职业,1,1-01,1-01-00", "column 'level' is empty"),
        (
            "1-01-00-01,3,小类,,某职业,1,1-01,1-01-00",
            "code '1-01-00-01' is not a level-3 code (like 2-02-10-03)",
        ),
        ("1-01-00-01,4,细类,,,1,1-01,1-01-00", "column 'name' is empty"),
        (
            "1-01-00-01,4,细类,,某职业,1,1-01,1-01-09",
            "column 'minor_code' is '1-01-09', but code 1-01-00-01 implies '1-01-00'",
        ),
        ("1-01-00-01,4,细类,X1,某职业,1,1-01,1-01-00", "column 'gbm_code' is not a GB/T 6565 code: 'X1'"),
    ],
)
def test_malformed_occupation_row_stops_with_line_and_reason(tmp_path, row, reason):
    with pytest.raises(SourceError) as exc:
        occupations(tmp_path, row + "\n")
    assert str(exc.value) == f"occupations_2022_flat.csv line 5: {reason}"


def test_missing_parent_stops_the_load(tmp_path):
    with pytest.raises(SourceError) as exc:
        occupations(tmp_path, "1-02-01-00,4,细类,,国家权力机关负责人,1,1-02,1-02-01\n")
    assert str(exc.value) == "occupations_2022_flat.csv line 5: parent 1-02-01 of 1-02-01-00 not found"


def test_repeated_code_is_a_warning_and_the_first_row_wins(tmp_path):
    parsed = occupations(
        tmp_path,
        "1-01-00-01,4,细类,,中国共产党机关负责人,1,1-01,1-01-00\n"
        "1-01-00-01,4,细类,,中国共产党机关负责人（重复）,1,1-01,1-01-00\n",
    )
    assert [r.name_zh for r in parsed.rows if r.code == "1-01-00-01"] == ["中国共产党机关负责人"]
    assert [str(w) for w in parsed.warnings] == [
        "occupations_2022_flat.csv line 6: code 1-01-00-01 repeats line 5; kept the first"
    ]


def test_same_name_under_one_parent_is_a_warning(tmp_path):
    parsed = occupations(
        tmp_path,
        "1-01-00-01,4,细类,,机关负责人,1,1-01,1-01-00\n1-01-00-02,4,细类,,机关负责人,1,1-01,1-01-00\n",
    )
    assert len(parsed.rows) == 5
    assert [str(w) for w in parsed.warnings] == [
        "occupations_2022_flat.csv line 6: 1-01-00-02 has the same name as its sibling 1-01-00-01 (机关负责人); both kept"
    ]


def test_level_name_disagreeing_with_level_is_a_warning(tmp_path):
    parsed = occupations(tmp_path, "1-01-00-01,4,小类,,机关负责人,1,1-01,1-01-00\n")
    assert "level name '小类' does not match level 4" in str(parsed.warnings[0])


def test_isco_groups_and_multiline_line_numbers(tmp_path):
    parsed = sources.read_isco(write_refdata(tmp_path))
    rows = {r.code: r for r in parsed.rows}
    assert (rows["0110"].level, rows["0110"].parent_code, rows["0110"].name_zh) == (4, "011", "")
    assert rows["25"].name_en == "Information and communications technology professionals"
    text = (tmp_path / ISCO).read_text(
        encoding="utf-8"
    ) + "ISCOGroup,http://x,2X,Bad,released,,http://a,Bad.\n"
    (tmp_path / ISCO).write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as exc:
        sources.read_isco(tmp_path)
    # header 1, the first record spans lines 2-4, then one line per record: the bad one is line 10.
    assert str(exc.value) == "ISCOGroups_en.csv line 10: code '2X' is not an ISCO-08 code (1 to 4 digits)"


def test_isco_orphan_stops_the_load(tmp_path):
    text = (
        "conceptType,conceptUri,code,preferredLabel,status,altLabels,inScheme,description\n"
        "ISCOGroup,http://x,1,Managers,released,,http://a,M.\n"
        "ISCOGroup,http://x,121,Business services managers,released,,http://a,B.\n"
    )
    with pytest.raises(SourceError, match=r"^ISCOGroups_en.csv line 3: parent 12 of 121 not found$"):
        sources.read_isco(write_refdata(tmp_path, {ISCO: text}))


def test_repository_code_lists_are_valid():
    assert len(sources.read_education_levels().rows) == 9
    assert [r.code for r in sources.read_industries().rows] == [chr(c) for c in range(ord("A"), ord("T") + 1)]
    key_groups = sources.read_key_groups().rows
    assert {"graduate", "veteran", "disabled"} <= {r.code for r in key_groups}


def test_bad_code_list_row(tmp_path):
    path = tmp_path / "industries.csv"
    path.write_text(
        "code,name_zh,name_en\nA,农、林、牧、渔业,Agriculture\nAB,采矿业,Mining\n", encoding="utf-8"
    )
    with pytest.raises(
        SourceError, match=r"^industries.csv line 3: code 'AB' is not a GB/T 4754 section letter$"
    ):
        sources.read_industries(path)


def test_name_widths_match_the_models():
    assert sources.NAME_ZH_MAX == Occupation._meta.get_field("name_zh").max_length
    assert sources.NAME_EN_MAX == IscoGroup._meta.get_field("name_en").max_length
    assert sources.GBM_MAX == Occupation._meta.get_field("gbm_code").max_length
    assert sources.CODE_MAX == EducationLevel._meta.get_field("code").max_length
    assert sources.CODE_MAX == KeyGroup._meta.get_field("code").max_length


def test_code_too_long_for_the_column(tmp_path):
    path = tmp_path / "education_levels.csv"
    path.write_text("code,rank,name_zh,name_en\n" + "x" * 33 + ",0,未上过学,No schooling\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"^education_levels.csv line 2: column 'code' is longer than 32"):
        sources.read_education_levels(path)
