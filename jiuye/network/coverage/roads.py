"""A road network from an OSM extract (OSM XML `.osm`) or GeoJSON LineStrings, and travel times over it.

Loading builds an undirected graph (scipy sparse matrix, edge weight = segment length in metres along the
great circle between consecutive vertices). Points are snapped to the nearest network node; the snapping
distance is travelled at the mode's speed in a straight line. Nearest-station times come from one multi-source
Dijkstra (`scipy.sparse.csgraph.dijkstra(min_only=True)`).

A file that cannot be read, or that holds no usable road, raises `RoadNetworkError` with the reason. Callers
report it; nothing here ever falls back to the straight-line estimate.
"""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from .travel import ROAD_NETWORK, TravelResult, chord_to_metres, haversine_m, mode, to_xyz

# OSM highway values people on foot or bicycle may not use; public transport (buses) may use every road.
NO_WALK_OR_CYCLE = frozenset({"motorway", "motorway_link", "construction", "proposed", "raceway"})
NOT_A_ROAD = frozenset({"construction", "proposed", "raceway", "bus_stop", "platform", "elevator"})
NO_VALUES = frozenset({"no", "private"})


class RoadNetworkError(Exception):
    """The road file cannot be used; `reason` says why (in English, with the file name)."""

    def __init__(self, path: Path | str, reason: str):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")


@dataclass
class RoadNetwork:
    lat: np.ndarray  # per node
    lon: np.ndarray
    graph: csr_matrix  # symmetric, metres
    source: str  # file name
    ways: int
    skipped_segments: int = 0

    @property
    def nodes(self) -> int:
        return len(self.lat)

    @property
    def edges(self) -> int:
        return int(self.graph.nnz // 2)

    def snap(self, lat, lon) -> tuple[np.ndarray, np.ndarray]:
        """(nearest node index, distance in metres) for each point."""
        chord, index = self._tree().query(to_xyz(lat, lon))
        return np.asarray(index), chord_to_metres(chord)

    def _tree(self) -> cKDTree:
        tree = getattr(self, "_kdtree", None)
        if tree is None:
            tree = cKDTree(to_xyz(self.lat, self.lon))
            self._kdtree = tree
        return tree


def load_road_network(path: Path | str, mode_code: str = "walking") -> RoadNetwork:
    """Read `.osm` (OSM XML) or `.geojson`/`.json` (LineString / MultiLineString features)."""
    path = Path(path)
    mode(mode_code)  # unknown mode → ValueError before any work
    if not path.is_file():
        raise RoadNetworkError(path, "file not found")
    suffix = path.suffix.lower()
    if suffix == ".osm":
        lines, ways, skipped = _read_osm(path, mode_code)
    elif suffix in (".geojson", ".json"):
        lines, ways, skipped = _read_geojson(path)
    else:
        raise RoadNetworkError(
            path, f"unknown road file type {suffix or '(none)'!r}: expected .osm or .geojson"
        )
    if not lines:
        raise RoadNetworkError(
            path, "no usable road (no way with a highway tag / no LineString with 2+ points)"
        )
    return _build(path, lines, ways, skipped)


def _read_osm(path: Path, mode_code: str) -> tuple[list[list[tuple[float, float]]], int, int]:
    nodes: dict[str, tuple[float, float]] = {}
    lines: list[list[tuple[float, float]]] = []
    ways = skipped = 0
    try:
        for _event, elem in ET.iterparse(path, events=("end",)):
            if elem.tag == "node":
                try:
                    lat = float(elem.attrib["lat"])
                    lon = float(elem.attrib["lon"])
                except (KeyError, ValueError):
                    raise RoadNetworkError(
                        path, f"node {elem.attrib.get('id', '?')} has no valid lat/lon attributes"
                    ) from None
                if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    raise RoadNetworkError(
                        path, f"node {elem.attrib.get('id', '?')} is out of range: {lat}, {lon}"
                    )
                nodes[elem.attrib.get("id", "")] = (lat, lon)
                elem.clear()
            elif elem.tag == "way":
                tags = {t.attrib.get("k"): t.attrib.get("v") for t in elem.findall("tag")}
                if _usable_way(tags, mode_code):
                    refs = [nd.attrib.get("ref", "") for nd in elem.findall("nd")]
                    points = [nodes[r] for r in refs if r in nodes]
                    skipped += sum(1 for r in refs if r not in nodes)
                    if len(points) >= 2:
                        lines.append(points)
                        ways += 1
                elem.clear()
    except ET.ParseError as exc:
        raise RoadNetworkError(path, f"not valid OSM XML ({exc})") from None
    except UnicodeDecodeError as exc:
        raise RoadNetworkError(path, f"not readable text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise RoadNetworkError(path, f"cannot be read ({exc.strerror or exc})") from None
    return lines, ways, skipped


def _usable_way(tags: dict, mode_code: str) -> bool:
    highway = tags.get("highway")
    if not highway or highway in NOT_A_ROAD or tags.get("area") == "yes":
        return False
    if tags.get("access") in NO_VALUES:
        return False
    if mode_code in ("walking", "cycling") and highway in NO_WALK_OR_CYCLE:
        return False
    if mode_code == "walking" and tags.get("foot") in NO_VALUES:
        return False
    if mode_code == "cycling" and tags.get("bicycle") in NO_VALUES:
        return False
    return True


def _read_geojson(path: Path) -> tuple[list[list[tuple[float, float]]], int, int]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise RoadNetworkError(path, f"not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise RoadNetworkError(path, f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except OSError as exc:
        raise RoadNetworkError(path, f"cannot be read ({exc.strerror or exc})") from None
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        features = data.get("features")
    elif isinstance(data, dict) and data.get("type") == "Feature":
        features = [data]
    else:
        raise RoadNetworkError(path, "not a GeoJSON FeatureCollection or Feature")
    if not isinstance(features, list):
        raise RoadNetworkError(path, "the 'features' member is not a list")
    lines: list[list[tuple[float, float]]] = []
    ways = 0
    for index, feature in enumerate(features):
        if not isinstance(feature, dict):
            raise RoadNetworkError(path, f"feature {index}: not a GeoJSON Feature object")
        geometry = feature.get("geometry") or {}
        if not isinstance(geometry, dict):
            raise RoadNetworkError(path, f"feature {index}: 'geometry' is not an object")
        kind = geometry.get("type")
        if kind == "LineString":
            parts = [geometry.get("coordinates")]
        elif kind == "MultiLineString":
            parts = geometry.get("coordinates") or []
        else:
            continue  # points, polygons: not roads
        if not isinstance(parts, list) or not all(isinstance(p, list) or p is None for p in parts):
            raise RoadNetworkError(path, f"feature {index}: 'coordinates' is not a list of positions")
        for part in parts:
            points = []
            for point in part or []:
                if not (
                    isinstance(point, (list, tuple))
                    and len(point) >= 2
                    and all(
                        isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
                        for v in point[:2]
                    )
                    and -180 <= point[0] <= 180
                    and -90 <= point[1] <= 90
                ):
                    raise RoadNetworkError(
                        path, f"feature {index}: not a longitude, latitude pair: {point!r}"
                    )
                points.append((float(point[1]), float(point[0])))
            if len(points) >= 2:
                lines.append(points)
                ways += 1
    return lines, ways, 0


def _build(path: Path, lines, ways: int, skipped: int) -> RoadNetwork:
    index: dict[tuple[float, float], int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for line in lines:
        ids = [index.setdefault((round(lat, 7), round(lon, 7)), len(index)) for lat, lon in line]
        rows.extend(ids[:-1])
        cols.extend(ids[1:])
    coords = np.array(list(index), dtype=float)
    lat, lon = coords[:, 0], coords[:, 1]
    r = np.array(rows)
    c = np.array(cols)
    keep = r != c
    r, c = r[keep], c[keep]
    length = haversine_m(lat[r], lon[r], lat[c], lon[c])
    n = len(lat)
    # Both directions; duplicate segments keep the shortest length.
    graph = coo_matrix(
        (np.concatenate([length, length]), (np.concatenate([r, c]), np.concatenate([c, r]))), (n, n)
    )
    graph = _min_duplicates(graph)
    return RoadNetwork(lat=lat, lon=lon, graph=graph, source=path.name, ways=ways, skipped_segments=skipped)


def _min_duplicates(graph: coo_matrix) -> csr_matrix:
    order = np.lexsort((graph.data, graph.col, graph.row))
    row, col, data = graph.row[order], graph.col[order], graph.data[order]
    first = np.ones(len(row), dtype=bool)
    first[1:] = (row[1:] != row[:-1]) | (col[1:] != col[:-1])
    return csr_matrix((data[first], (row[first], col[first])), shape=graph.shape)


def _with_sites(network: RoadNetwork, site_lat, site_lon) -> tuple[csr_matrix, np.ndarray]:
    """The graph plus one virtual node per site, joined to its snapped node by the snapping distance."""
    node, dist = network.snap(site_lat, site_lon)
    n, k = network.nodes, len(node)
    virtual = np.arange(n, n + k)
    dist = np.maximum(dist, 1e-6)  # a zero weight would read as "no edge" in a sparse matrix
    extra = coo_matrix(
        (np.concatenate([dist, dist]), (np.concatenate([virtual, node]), np.concatenate([node, virtual]))),
        (n + k, n + k),
    )
    base = network.graph.tocoo()
    graph = coo_matrix((base.data, (base.row, base.col)), (n + k, n + k)) + extra
    return graph.tocsr(), virtual


def network_nearest(
    network: RoadNetwork, demand_lat, demand_lon, station_lat, station_lon, mode_code: str
) -> TravelResult:
    """Minutes from each demand point to its nearest station along the network (one multi-source Dijkstra)."""
    m = mode(mode_code)
    d_node, d_snap = network.snap(demand_lat, demand_lon)
    n_points = len(d_node)
    if len(station_lat) == 0:
        return TravelResult(
            np.full(n_points, np.inf), np.full(n_points, -1), m.code, ROAD_NETWORK, road_file=network.source
        )
    graph, virtual = _with_sites(network, station_lat, station_lon)
    dist, _pred, sources = dijkstra(
        graph, directed=False, indices=virtual, min_only=True, return_predecessors=True
    )
    metres = d_snap + dist[d_node]
    nearest = np.where(np.isfinite(metres), sources[d_node] - network.nodes, -1)
    minutes = np.asarray(m.minutes(metres))
    return TravelResult(
        minutes,
        nearest,
        m.code,
        ROAD_NETWORK,
        road_file=network.source,
        notes={
            "nodes": network.nodes,
            "edges": network.edges,
            "unreachable": int(np.sum(~np.isfinite(metres))),
            "mean_snap_m": round(float(np.mean(d_snap)), 1) if n_points else 0.0,
        },
    )


def network_matrix(
    network: RoadNetwork,
    demand_lat,
    demand_lon,
    site_lat,
    site_lon,
    mode_code: str,
    limit_minutes: float | None = None,
) -> np.ndarray:
    """Minutes from every demand point (rows) to every site (columns) along the network (inf = unreachable
    or beyond `limit_minutes`)."""
    m = mode(mode_code)
    d_node, d_snap = network.snap(demand_lat, demand_lon)
    if len(site_lat) == 0:
        return np.zeros((len(d_node), 0))
    graph, virtual = _with_sites(network, site_lat, site_lon)
    limit = (
        np.inf if limit_minutes is None else max(0.0, (limit_minutes - m.fixed_minutes)) * m.metres_per_minute
    )
    dist = dijkstra(graph, directed=False, indices=virtual, limit=limit)  # sites × nodes
    metres = dist[:, d_node].T + d_snap[:, None]
    minutes = np.asarray(m.minutes(metres))
    if limit_minutes is not None:
        minutes[minutes > limit_minutes] = np.inf
    return minutes
