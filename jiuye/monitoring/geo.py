"""Shapes of a division's children for the indicator maps (the Django side of `jiuye.geography.shapes`).

Provinces and prefectures have polygons in the reference data (provinces from the DataV GeoJSON, prefectures
from the census WKT); counties have centre points only (`Division.latitude/longitude`, from the cpca file) and
townships usually nothing. So the children of the country or of a province come back as polygon features
(a choropleth), the children of a prefecture as points drawn on the prefecture's outline, and the children of
a county as points where any exist — the page falls back to the ranking chart for the rest and says so.

The parsed files are cached in memory by `shapes` (keyed by file mtime); this module only picks features.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from jiuye.geography import shapes
from jiuye.geography.enums import DivisionLevel
from jiuye.geography.models import Division
from jiuye.geography.refcsv import SourceError

logger = logging.getLogger(__name__)


def refdata_dir() -> Path:
    return Path(settings.JIUYE_REFDATA)


def shape_code(division: Division) -> str | None:
    """The 6-digit code the shape files use ('43' → '430000', '4303' → '430300'); None below prefectures."""
    if division.level == DivisionLevel.PROVINCE:
        return division.code[:2].ljust(6, "0")
    if division.level == DivisionLevel.PREFECTURE:
        return division.code[:4].ljust(6, "0")
    return None


def _shapes_for(level: int, refdir: Path) -> dict[str, dict]:
    if level == DivisionLevel.PROVINCE:
        return shapes.province_shapes(refdir)
    if level == DivisionLevel.PREFECTURE:
        return shapes.prefecture_shapes(refdir)
    return {}


def division_geometry(division: Division, refdir: Path | None = None) -> dict | None:
    """The polygon of a province or prefecture, None if it has none (or is lower)."""
    code = shape_code(division)
    if code is None:
        return None
    return _shapes_for(division.level, refdir or refdata_dir()).get(code)


@dataclass
class ChildShapes:
    """What can be drawn for the children of one division."""

    polygons: list[dict[str, Any]] = field(default_factory=list)  # GeoJSON features
    points: list[dict[str, Any]] = field(default_factory=list)  # {"code", "name", "lon", "lat"}
    missing: list[str] = field(default_factory=list)  # child codes with neither
    outline: dict[str, Any] | None = None  # the division's own polygon feature, as a backdrop for points
    error: str = ""

    @property
    def kind(self) -> str:
        if self.polygons and not self.points:
            return "polygons"
        if self.points and not self.polygons:
            return "points"
        if self.points and self.polygons:
            return "mixed"
        return "none"

    def as_geojson(self) -> dict[str, Any]:
        """A FeatureCollection of the polygons (what ECharts `registerMap` reads) with the rest as foreign
        members: `points`, `missing`, `outline` (a FeatureCollection or null), `kind`, `error`."""
        return {
            "type": "FeatureCollection",
            "features": self.polygons,
            "kind": self.kind,
            "points": self.points,
            "missing": self.missing,
            "outline": {"type": "FeatureCollection", "features": [self.outline]} if self.outline else None,
            "error": self.error,
        }


def _feature(division: Division, geometry: dict) -> dict[str, Any]:
    # `name` is the code, so chart data matches shapes whatever the page language; `label` is for people.
    return {
        "type": "Feature",
        "id": division.code,
        "properties": {
            "name": division.code,
            "code": division.code,
            "label": division.name,
            "level": division.level,
        },
        "geometry": geometry,
    }


def child_shapes(division: Division | None, children: list[Division] | None = None) -> ChildShapes:
    """Polygons or centre points of the children of `division` (None = the provinces of the country)."""
    if children is None:
        children = list(Division.objects.children_of(division).order_by("code"))
    out = ChildShapes()
    refdir = refdata_dir()
    try:
        by_level = {level: _shapes_for(level, refdir) for level in {c.level for c in children}}
        if division is not None and children and not any(by_level.values()):
            geometry = division_geometry(division, refdir)
            if geometry is not None:
                out.outline = _feature(division, geometry)
    except SourceError as exc:
        logger.warning("map shapes unreadable: %s", exc)
        out.error = _("The map shapes could not be read (%(error)s); the ranking shows the same figures.") % {
            "error": exc.localized(_)
        }
        by_level = {}
    for child in children:
        code = shape_code(child)
        geometry = by_level.get(child.level, {}).get(code) if code else None
        if geometry is not None:
            out.polygons.append(_feature(child, geometry))
        elif child.longitude is not None and child.latitude is not None:
            out.points.append(
                {"code": child.code, "name": child.name, "lon": child.longitude, "lat": child.latitude}
            )
        else:
            out.missing.append(child.code)
    return out
