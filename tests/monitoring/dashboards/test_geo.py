"""The map shapes served for a division's children, from the real reference files."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from jiuye.geography import shapes
from jiuye.geography.enums import DivisionLevel
from jiuye.geography.models import Division
from jiuye.monitoring import geo

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (Path(settings.JIUYE_REFDATA) / shapes.PREFECTURES_FILE).is_file(),
        reason="reference data not present",
    ),
]


def test_province_geo_has_prefecture_polygons(tree, users, login):
    # 湘潭 and 长沙 are in the tree; add a pseudo-prefecture with no shape and no centre (省直辖县级)
    Division.objects.create(
        code="4390", name_zh="省直辖", level=DivisionLevel.PREFECTURE, parent=tree["43"], path="43/4390"
    )
    response = login(users["leader_province"]).get(reverse("web:monitoring_geo", args=["43"]))
    assert response.status_code == 200
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert data["kind"] == "polygons"
    codes = [feature["properties"]["code"] for feature in data["features"]]
    assert codes == ["4301", "4303"]
    xiangtan = data["features"][1]
    assert xiangtan["properties"]["name"] == "4303"  # matched by code, whatever the language
    assert xiangtan["properties"]["label"] == "湘潭市"
    assert shapes.contains(xiangtan["geometry"], 112.944026, 27.829795)
    assert data["missing"] == ["4390"]
    assert data["outline"] is None


def test_prefecture_geo_has_county_points_on_the_city_outline(tree, users, login):
    tree["430302"].latitude, tree["430302"].longitude = 27.856325, 112.907162
    tree["430302"].save()
    data = login(users["analyst_city"]).get(reverse("web:monitoring_geo", args=["4303"])).json()
    assert data["kind"] == "points"
    assert data["features"] == []
    assert data["points"] == [{"code": "430302", "name": "雨湖区", "lon": 112.907162, "lat": 27.856325}]
    assert data["missing"] == ["430304"]
    outline = data["outline"]["features"][0]
    assert outline["properties"]["code"] == "4303"
    assert shapes.contains(outline["geometry"], 112.907162, 27.856325)


def test_national_geo_has_province_polygons(tree, users, login):
    data = login(users["admin_national"]).get(reverse("web:monitoring_geo", args=["cn"])).json()
    assert [f["properties"]["code"] for f in data["features"]] == ["43"]
    assert data["features"][0]["geometry"]["type"] == "MultiPolygon"


def test_township_children_have_nothing_to_draw(tree):
    result = geo.child_shapes(tree["430302"])
    assert result.kind == "none" and result.missing == ["430302001"]


def test_unreadable_shapes_fall_back_with_a_message(tree, tmp_path, settings, english):
    settings.JIUYE_REFDATA = tmp_path
    result = geo.child_shapes(tree["43"])
    assert result.polygons == []
    assert "The map shapes could not be read" in result.error
    assert "census_city_2010-2020_v1.csv: file not found" in result.error
