"""Division shapes from the reference data (pure: never imports Django).

Province boundaries come from the DataV GeoJSON, prefecture boundaries from the census file's WKT column;
counties and townships have centre points only. Used by the indicator maps and by station checks.

Geometries are plain GeoJSON geometry dicts (``{"type": "Polygon" | "MultiPolygon", "coordinates": ...}``,
longitude first). Readers cache the parsed file in memory keyed by its path and modification time, so a
replaced file is read again; the returned geometries are shared between callers and must not be mutated.

A row that cannot be read raises `SourceError` naming the file and the line (editor line numbers,
header = line 1), e.g. ``census_city_2010-2020_v1.csv line 12: column 'coord' is not WKT (…)``.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from .refcsv import SourceError, gettext_noop, read_rows, require_file

PROVINCES_FILE = Path("china-admin-divisions") / "china_provinces_100000_full_datav.geojson"
PREFECTURES_FILE = Path("china-population-census") / "census_city_2010-2020_v1.csv"

# The DataV file carries one extra feature with adcode 100000: the South China Sea islands inset
# (nine-dash line), not a province. It is left out of `province_shapes`.
NATIONAL_INSET = "100000"

Ring = list[list[float]]
Geometry = dict

_cache: dict[tuple[str, str], tuple[tuple[int, int], dict[str, Geometry]]] = {}
_lock = threading.Lock()


# ---------------------------------------------------------------------------------------------- readers


def province_shapes(refdir: Path | str) -> dict[str, Geometry]:
    """6-digit province code ('430000') → GeoJSON geometry, from the DataV provinces file."""
    return _cached("provinces", Path(refdir) / PROVINCES_FILE, _read_provinces)


def prefecture_shapes(refdir: Path | str) -> dict[str, Geometry]:
    """6-digit prefecture code ('430300') → GeoJSON geometry, from the census file's WKT `coord` column."""
    return _cached("prefectures", Path(refdir) / PREFECTURES_FILE, _read_prefectures)


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def _cached(kind: str, path: Path, reader: Callable[[Path], dict[str, Geometry]]) -> dict[str, Geometry]:
    require_file(path)
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    key = (kind, str(path.resolve()))
    with _lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] == stamp:
            return dict(hit[1])
    shapes = reader(path)
    with _lock:
        _cache[key] = (stamp, shapes)
    return dict(shapes)


def _read_provinces(path: Path) -> dict[str, Geometry]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise SourceError(
            path, None, gettext_noop("not valid UTF-8 text (byte {byte})"), byte=exc.start
        ) from None
    except json.JSONDecodeError as exc:
        raise SourceError(path, exc.lineno, gettext_noop("not valid JSON ({error})"), error=exc.msg) from None
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise SourceError(path, None, gettext_noop("not a GeoJSON FeatureCollection (no 'features' list)"))
    shapes: dict[str, Geometry] = {}
    for index, feature in enumerate(features):
        properties = (feature or {}).get("properties") or {}
        code = str(properties.get("adcode", "")).strip()
        if code == NATIONAL_INSET:
            continue
        if not re.fullmatch(r"\d{6}", code):
            raise SourceError(
                path,
                None,
                gettext_noop("feature {index}: adcode {code} is not a 6-digit code"),
                index=index,
                code=repr(code),
            )
        geometry = feature.get("geometry")
        try:
            shapes[code] = _checked_geometry(geometry)
        except ValueError as exc:
            raise SourceError(
                path,
                None,
                gettext_noop("feature {index} (adcode {code}): {error}"),
                index=index,
                code=code,
                error=str(exc),
            ) from None
    return shapes


def _read_prefectures(path: Path) -> dict[str, Geometry]:
    shapes: dict[str, Geometry] = {}
    for line, row in read_rows(path, ("city_code", "coord")):
        code = row["city_code"]
        if not re.fullmatch(r"\d{6}", code):
            raise SourceError(
                path, line, gettext_noop("column 'city_code' is not a 6-digit code: {code}"), code=repr(code)
            )
        text = row["coord"]
        if not text:
            raise SourceError(path, line, gettext_noop("column {column} is empty"), column="'coord'")
        try:
            shapes[code] = parse_wkt(text)
        except ValueError as exc:
            raise SourceError(
                path, line, gettext_noop("column 'coord' is not WKT ({error})"), error=str(exc)
            ) from None
    return shapes


# ------------------------------------------------------------------------------------------------- WKT

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_TOKEN = re.compile(rf"\s*(\(|\)|,|{_NUMBER}|[A-Za-z]+)")


def parse_wkt(text: str) -> Geometry:
    """WKT POLYGON / MULTIPOLYGON (2-D, optional EMPTY) → GeoJSON geometry dict. ValueError on anything else."""
    tokens = _tokens(text)
    pos = 0

    def peek() -> str | None:
        return tokens[pos] if pos < len(tokens) else None

    def take(expected: str | None = None) -> str:
        nonlocal pos
        token = peek()
        if token is None:
            raise ValueError("unexpected end of text" + (f", expected {expected!r}" if expected else ""))
        if expected is not None and token != expected:
            raise ValueError(f"expected {expected!r} at token {pos + 1}, found {token!r}")
        pos += 1
        return token

    def ring() -> Ring:
        take("(")
        points: Ring = []
        while True:
            x = _number(take())
            y = _number(take())
            if peek() is None:
                raise ValueError("unexpected end of text")
            if peek() not in (",", ")"):
                raise ValueError(f"only 2-D points are read (token {pos + 1}: {peek()!r})")
            points.append([x, y])
            if take() == ")":
                break
        return points

    def polygon() -> list[Ring]:
        take("(")
        rings = [ring()]
        while take() == ",":
            rings.append(ring())
        return rings

    kind = take().upper()
    if kind not in ("POLYGON", "MULTIPOLYGON"):
        raise ValueError(f"geometry type {kind!r} (expected POLYGON or MULTIPOLYGON)")
    if peek() is not None and peek().upper() == "EMPTY":
        raise ValueError(f"{kind} EMPTY has no shape")
    if kind == "POLYGON":
        geometry = {"type": "Polygon", "coordinates": polygon()}
    else:
        take("(")
        polygons = [polygon()]
        while take() == ",":
            polygons.append(polygon())
        geometry = {"type": "MultiPolygon", "coordinates": polygons}
    if peek() is not None:
        raise ValueError(f"unexpected text after the geometry: {peek()!r}")
    return _checked_geometry(geometry)


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    pos = 0
    stripped = text.rstrip()
    while pos < len(stripped):
        match = _TOKEN.match(stripped, pos)
        if not match:
            raise ValueError(f"unreadable text at character {pos + 1}: {stripped[pos : pos + 12]!r}")
        tokens.append(match.group(1))
        pos = match.end()
    return tokens


def _number(token: str) -> float:
    try:
        value = float(token)
    except ValueError:
        raise ValueError(f"expected a number, found {token!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {token!r}")
    return value


def _checked_geometry(geometry: object) -> Geometry:
    if not isinstance(geometry, dict):
        raise ValueError("no geometry")
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        polygons = [coordinates]
    elif kind == "MultiPolygon":
        polygons = coordinates
    else:
        raise ValueError(f"geometry type {kind!r} (expected Polygon or MultiPolygon)")
    if not isinstance(polygons, list) or not polygons:
        raise ValueError("no coordinates")
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise ValueError("a polygon without rings")
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < 3:
                raise ValueError("a ring with fewer than 3 points")
            for point in ring:
                if not (
                    isinstance(point, (list, tuple))
                    and len(point) >= 2
                    and all(isinstance(v, (int, float)) and math.isfinite(v) for v in point[:2])
                ):
                    raise ValueError(f"not a coordinate pair: {point!r}")
                if not (-180 <= point[0] <= 180 and -90 <= point[1] <= 90):
                    raise ValueError(f"coordinate out of range (longitude, latitude): {point[:2]!r}")
    return geometry


# ------------------------------------------------------------------------------------------------ geometry


def polygons(geometry: Geometry) -> list[list[Ring]]:
    """The polygons of a Polygon or MultiPolygon, each a list of rings (outer ring first, then holes)."""
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["coordinates"]]
    if kind == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"geometry type {kind!r} (expected Polygon or MultiPolygon)")


def _ring_contains(ring: Sequence[Sequence[float]], x: float, y: float) -> bool:
    """Even-odd ray casting; a closing point equal to the first is harmless."""
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def contains(geometry: Geometry, lon: float, lat: float) -> bool:
    """Is the point inside the (Multi)Polygon: inside an outer ring and in none of that polygon's holes.

    Points exactly on an edge may fall either side (ray casting); division boundaries are not that precise.
    """
    for polygon in polygons(geometry):
        outer, holes = polygon[0], polygon[1:]
        if _ring_contains(outer, lon, lat) and not any(_ring_contains(hole, lon, lat) for hole in holes):
            return True
    return False


def _ring_area_centroid(ring: Sequence[Sequence[float]]) -> tuple[float, float, float]:
    """Signed area (shoelace, in degrees²) and the centroid of a ring."""
    area2 = cx = cy = 0.0
    n = len(ring)
    x0, y0 = ring[0][0], ring[0][1]  # shift to the first point for numerical stability
    for i in range(n):
        x1, y1 = ring[i][0] - x0, ring[i][1] - y0
        x2, y2 = ring[(i + 1) % n][0] - x0, ring[(i + 1) % n][1] - y0
        cross = x1 * y2 - x2 * y1
        area2 += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if area2 == 0:
        xs = [p[0] for p in ring]
        ys = [p[1] for p in ring]
        return 0.0, sum(xs) / n, sum(ys) / n
    return area2 / 2, cx / (3 * area2) + x0, cy / (3 * area2) + y0


def area(geometry: Geometry) -> float:
    """Planar area in square degrees (outer rings minus holes); for weighting, not for km²."""
    total = 0.0
    for polygon in polygons(geometry):
        total += abs(_ring_area_centroid(polygon[0])[0])
        total -= sum(abs(_ring_area_centroid(hole)[0]) for hole in polygon[1:])
    return total


def centroid(geometry: Geometry) -> tuple[float, float]:
    """Area-weighted centroid (lon, lat) of a (Multi)Polygon, holes subtracted; planar in degrees.

    A degenerate shape (zero area) gets the mean of its outer-ring points.
    """
    weight = sx = sy = 0.0
    for polygon in polygons(geometry):
        for index, ring in enumerate(polygon):
            signed, x, y = _ring_area_centroid(ring)
            a = abs(signed) * (1 if index == 0 else -1)
            weight += a
            sx += a * x
            sy += a * y
    if weight <= 0:
        points = [p for polygon in polygons(geometry) for p in polygon[0]]
        return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
    return sx / weight, sy / weight


def bbox(geometry: Geometry) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) of the outer rings."""
    xs: list[float] = []
    ys: list[float] = []
    for polygon in polygons(geometry):
        xs.extend(p[0] for p in polygon[0])
        ys.extend(p[1] for p in polygon[0])
    return min(xs), min(ys), max(xs), max(ys)


def locate(
    shapes: dict[str, Geometry], lon: float, lat: float, codes: Iterable[str] | None = None
) -> str | None:
    """The code of the first shape (sorted by code) containing the point, or None."""
    for code in sorted(codes if codes is not None else shapes):
        geometry = shapes.get(code)
        if geometry is None:
            continue
        x0, y0, x1, y1 = bbox(geometry)
        if x0 <= lon <= x1 and y0 <= lat <= y1 and contains(geometry, lon, lat):
            return code
    return None
