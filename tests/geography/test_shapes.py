"""The pure division-shape reader: real reference files, WKT parsing, point in polygon, errors, cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

from jiuye.geography import shapes
from jiuye.geography.refcsv import SourceError

REFDATA = Path(settings.JIUYE_REFDATA)
needs_refdata = pytest.mark.skipif(
    not (REFDATA / shapes.PREFECTURES_FILE).is_file(), reason="reference data not present"
)

HEADER = '"city","city_code","province","province_code","coord"\n'
SQUARE = "POLYGON((0 0,10 0,10 10,0 10,0 0))"
SQUARE_WITH_HOLE = "POLYGON((0 0,10 0,10 10,0 10,0 0),(4 4,6 4,6 6,4 6,4 4))"


def census(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / shapes.PREFECTURES_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + rows, encoding="utf-8")
    return tmp_path


@needs_refdata
def test_real_province_shapes():
    provinces = shapes.province_shapes(REFDATA)
    assert (
        len(provinces) == 34
    )  # 31 mainland + HK, Macao, Taiwan; the South China Sea inset is not a province
    assert shapes.NATIONAL_INSET not in provinces
    hunan = provinces["430000"]
    assert hunan["type"] == "MultiPolygon"
    # 湘潭 city centre (cpca) is in Hunan, not in Beijing
    assert shapes.contains(hunan, 112.944026, 27.829795)
    assert not shapes.contains(provinces["110000"], 112.944026, 27.829795)
    lon, lat = shapes.centroid(hunan)
    assert 110 < lon < 114 and 25 < lat < 30
    assert shapes.locate(provinces, 116.40, 39.90) == "110000"  # Tian'anmen
    assert shapes.locate(provinces, 0.0, 0.0) is None


@needs_refdata
def test_real_prefecture_shapes_with_holes():
    prefectures = shapes.prefecture_shapes(REFDATA)
    assert len(prefectures) == 369
    xiangtan = prefectures["430300"]
    assert shapes.contains(xiangtan, 112.944026, 27.829795)
    assert shapes.locate(prefectures, 112.944026, 27.829795) == "430300"
    assert shapes.locate(prefectures, 112.9836, 28.112743) == "430100"  # Hunan's centre point is in 长沙
    # 天津 has a hole (an enclave of 唐山): a point in the hole is not in 天津 but in 唐山.
    tianjin = prefectures["120100"]
    hole = next(polygon[1] for polygon in shapes.polygons(tianjin) if len(polygon) > 1)
    x, y = shapes.centroid({"type": "Polygon", "coordinates": [hole]})
    assert not shapes.contains(tianjin, x, y)
    assert shapes.locate(prefectures, x, y) == "130200"


def test_wkt_polygon_multipolygon_and_holes():
    polygon = shapes.parse_wkt(SQUARE_WITH_HOLE)
    assert polygon == {
        "type": "Polygon",
        "coordinates": [
            [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
            [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]],
        ],
    }
    assert shapes.contains(polygon, 2, 2)
    assert not shapes.contains(polygon, 5, 5)  # in the hole
    assert not shapes.contains(polygon, 11, 5)
    assert shapes.area(polygon) == pytest.approx(96)
    assert shapes.centroid(polygon) == pytest.approx((5, 5))

    multi = shapes.parse_wkt("MULTIPOLYGON (((0 0, 2 0, 2 2, 0 2, 0 0)), ((10 0, 14 0, 14 2, 10 2, 10 0)))")
    assert multi["type"] == "MultiPolygon" and len(multi["coordinates"]) == 2
    assert shapes.contains(multi, 1, 1) and shapes.contains(multi, 12, 1)
    assert not shapes.contains(multi, 6, 1)
    # area-weighted: 4 at x=1 and 8 at x=12 → x = (4 + 96) / 12
    assert shapes.centroid(multi) == pytest.approx((100 / 12, 1))
    assert shapes.bbox(multi) == (0, 0, 14, 2)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("POINT(1 2)", "geometry type 'POINT'"),
        ("POLYGON((0 0,1 0,1 1,0 0)", "unexpected end of text"),
        ("POLYGON((0 0 5,1 0 5,1 1 5,0 0 5))", "only 2-D points"),
        ("POLYGON((0 0,1 0))", "fewer than 3 points"),
        ("POLYGON((0 0,1 x,1 1,0 0))", "expected a number"),
        ("POLYGON((0 0,200 0,1 1,0 0))", "out of range"),
        ("POLYGON EMPTY", "EMPTY"),
        ("POLYGON((0 0,1 0,1 1,0 0)) junk", "unexpected text after"),
    ],
)
def test_unreadable_wkt_is_named(text, reason):
    with pytest.raises(ValueError, match=reason):
        shapes.parse_wkt(text)


def test_unreadable_row_names_file_and_line(tmp_path):
    refdir = census(
        tmp_path,
        f'"湘潭市","430300","湖南省","430000","{SQUARE}"\n"坏市","430400","湖南省","430000","POLYGON((1 2"\n',
    )
    with pytest.raises(SourceError) as caught:
        shapes.prefecture_shapes(refdir)
    message = str(caught.value)
    assert message.startswith("census_city_2010-2020_v1.csv line 3: column 'coord' is not WKT")
    assert "unexpected end of text" in message


def test_bad_code_and_missing_file(tmp_path):
    with pytest.raises(SourceError, match="file not found"):
        shapes.prefecture_shapes(tmp_path)
    with pytest.raises(SourceError, match="line 2: column 'city_code' is not a 6-digit code: '4303'"):
        shapes.prefecture_shapes(census(tmp_path, f'"湘潭市","4303","湖南省","430000","{SQUARE}"\n'))


def test_bad_province_feature_is_named(tmp_path):
    path = tmp_path / shapes.PROVINCES_FILE
    path.parent.mkdir(parents=True)
    path.write_text(
        '{"type": "FeatureCollection", "features": ['
        '{"properties": {"adcode": 430000}, "geometry": {"type": "Point", "coordinates": [1, 2]}}]}',
        encoding="utf-8",
    )
    with pytest.raises(SourceError, match=r"feature 0 \(adcode 430000\): geometry type 'Point'"):
        shapes.province_shapes(tmp_path)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(SourceError, match="not valid JSON"):
        shapes.province_shapes(tmp_path)


def test_cache_follows_the_file_mtime(tmp_path):
    refdir = census(tmp_path, f'"湘潭市","430300","湖南省","430000","{SQUARE}"\n')
    first = shapes.prefecture_shapes(refdir)
    again = shapes.prefecture_shapes(refdir)
    assert again["430300"] is first["430300"]  # served from memory
    again.pop("430300")  # callers get their own dict
    assert "430300" in shapes.prefecture_shapes(refdir)

    path = refdir / shapes.PREFECTURES_FILE
    path.write_text(HEADER + f'"湘潭市","430300","湖南省","430000","{SQUARE_WITH_HOLE}"\n', encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    reread = shapes.prefecture_shapes(refdir)
    assert len(reread["430300"]["coordinates"]) == 2
