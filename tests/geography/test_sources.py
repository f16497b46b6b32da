"""Reading the division files: pure code, no database."""

import pytest

from jiuye.geography import sources
from jiuye.geography.models import Division
from jiuye.geography.refcsv import SourceError
from jiuye.geography.sources import read_divisions

from .refdata_files import DIV, STREETS_HEADER, write_refdata


def test_reads_the_tree_with_paths_levels_names_and_coordinates(tmp_path):
    parsed = read_divisions(write_refdata(tmp_path))
    rows = {r.code: r for r in parsed.rows}
    assert [r.level for r in parsed.rows] == sorted(r.level for r in parsed.rows)
    township = rows["430302001"]
    assert township.path == "43/4303/430302/430302001"
    assert (township.level, township.parent_code, township.name_en) == (4, "430302", "Yuhulu Subdistrict")
    assert township.latitude is None and township.longitude is None
    assert (rows["430302"].latitude, rows["430302"].longitude) == (27.856325, 112.907162)
    assert rows["43"].parent_code is None and rows["43"].path == "43"
    assert parsed.warnings == []


def test_missing_file_names_it(tmp_path):
    with pytest.raises(SourceError) as exc:
        read_divisions(write_refdata(tmp_path, {f"{DIV}/streets.csv": None}))
    assert exc.value.path.name == "streets.csv"
    assert str(exc.value).startswith("streets.csv: file not found")


def test_unknown_parent_names_file_line_and_reason(tmp_path):
    bad = STREETS_HEADER + '430302001,"雨湖路街道",430302,43,4303\n430399001,"某某街道",430399,43,4303\n'
    with pytest.raises(SourceError) as exc:
        read_divisions(write_refdata(tmp_path, {f"{DIV}/streets.csv": bad}))
    assert str(exc.value) == "streets.csv line 3: parent county 430399 not found"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (',"雨湖路街道",430302,43,4303', "column 'code' is empty"),
        ('430302009,"",430302,43,4303', "column 'name' is empty"),
        ('43030200,"雨湖路街道",430302,43,4303', "code '43030200' should be 9 digits"),
        (
            '430304009,"雨湖路街道",430302,43,4303',
            "code 430304009 does not start with its county code 430302",
        ),
        (
            '430302009,"雨湖路街道",430302,44,4303',
            "column 'provinceCode' is '44', but code 430302009 implies 43",
        ),
        ('430302009,"雨湖路街道",430302', "expected 5 columns, found 3"),
        ('430302001,"重复",430302,43,4303', "code 430302001 is already defined at line 2"),
    ],
)
def test_malformed_township_rows(tmp_path, row, reason):
    text = STREETS_HEADER + '430302001,"雨湖路街道",430302,43,4303\n' + row + "\n"
    with pytest.raises(SourceError) as exc:
        read_divisions(write_refdata(tmp_path, {f"{DIV}/streets.csv": text}))
    assert str(exc.value) == f"streets.csv line 3: {reason}"


def test_missing_column_is_reported_on_the_header_line(tmp_path):
    with pytest.raises(SourceError, match=r"^cities.csv line 1: missing column\(s\) 'provinceCode'"):
        read_divisions(write_refdata(tmp_path, {f"{DIV}/cities.csv": 'code,name\n4303,"湘潭市"\n'}))


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("430302000000,雨湖区,east,27.8", "column 'longitude' is not a number: 'east'"),
        ("430302000000,雨湖区,112.9,127.8", "column 'latitude' is out of range: '127.8'"),
        ("4303020000,雨湖区,112.9,27.8", "adcode '4303020000' should be 12 digits"),
    ],
)
def test_malformed_coordinates(tmp_path, row, reason):
    text = "adcode,name,longitude,latitude\n" + row + "\n"
    with pytest.raises(SourceError) as exc:
        read_divisions(write_refdata(tmp_path, {f"{DIV}/adcodes_with_coords_cpca.csv": text}))
    assert str(exc.value) == f"adcodes_with_coords_cpca.csv line 2: {reason}"


def test_repeated_adcode_is_a_warning_and_the_first_wins(tmp_path):
    text = "adcode,name,longitude,latitude\n430302000000,雨湖区,112.9,27.8\n430302000000,雨湖区,100,20\n"
    parsed = read_divisions(write_refdata(tmp_path, {f"{DIV}/adcodes_with_coords_cpca.csv": text}))
    assert [str(w) for w in parsed.warnings] == [
        "adcodes_with_coords_cpca.csv line 3: adcode 430302000000 repeats line 2; kept the first"
    ]
    assert next(r for r in parsed.rows if r.code == "430302").latitude == 27.8


def test_not_utf8_is_reported(tmp_path):
    write_refdata(tmp_path)
    (tmp_path / DIV / "provinces.csv").write_bytes('code,name\n43,"湖南省"\n'.encode("gb18030"))
    with pytest.raises(SourceError, match=r"^provinces.csv: not valid UTF-8"):
        read_divisions(tmp_path)


def test_error_message_can_be_translated(tmp_path):
    with pytest.raises(SourceError) as exc:
        read_divisions(
            write_refdata(tmp_path, {f"{DIV}/streets.csv": STREETS_HEADER + ',"x",430302,43,4303\n'})
        )
    catalogue = {"{file} line {line}": "{file} 第 {line} 行", "column {column} is empty": "{column} 列为空"}
    assert exc.value.localized(lambda m: catalogue.get(m, m)) == "streets.csv 第 2 行: 'code' 列为空"


def test_name_widths_match_the_model():
    assert sources.NAME_ZH_MAX == Division._meta.get_field("name_zh").max_length
    assert sources.NAME_EN_MAX == Division._meta.get_field("name_en").max_length
