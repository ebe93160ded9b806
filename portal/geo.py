"""Geography: WGS84 for display, RD New (EPSG:28992) metres for distance, gemeente areas."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property, lru_cache

from pyproj import Transformer

# The Netherlands' land and territorial waters, generously: a first sanity check for a pin before the
# gemeente's own (much smaller) area decides.
NEDERLAND_BBOX = (3.2, 50.7, 7.3, 53.7)  # min_lon, min_lat, max_lon, max_lat


@lru_cache(maxsize=1)
def _naar_rd() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)


@lru_cache(maxsize=1)
def _naar_wgs84() -> Transformer:
    return Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)


def naar_rd(lat: float, lon: float) -> tuple[float, float]:
    """WGS84 latitude/longitude → RD New x, y in metres."""
    x, y = _naar_rd().transform(lon, lat)
    return x, y


def naar_wgs84(x: float, y: float) -> tuple[float, float]:
    """RD New x, y → WGS84 (latitude, longitude)."""
    lon, lat = _naar_wgs84().transform(x, y)
    return lat, lon


def afstand_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance in metres between two RD points."""
    return math.hypot(a[0] - b[0], a[1] - b[1])


def binnen_straal(rijen, lat: float, lon: float, straal_m: float) -> list[tuple[object, float]]:
    """Rows of a queryset with rd_x/rd_y columns within `straal_m` of a point, nearest first, each with its
    distance in metres. The indexed RD bounding box narrows the rows; the exact distance decides the edge."""
    x, y = naar_rd(lat, lon)
    kandidaten = rijen.filter(
        rd_x__gte=x - straal_m, rd_x__lte=x + straal_m, rd_y__gte=y - straal_m, rd_y__lte=y + straal_m
    )
    return binnen_straal_van(kandidaten, x, y, straal_m)


def binnen_straal_van(kandidaten, x: float, y: float, straal_m: float) -> list[tuple[object, float]]:
    """Of rows with rd_x/rd_y (read in their bounding box around RD point (x, y)), those within `straal_m`,
    nearest first, each with its distance in metres."""
    gevonden = [(rij, afstand_m((x, y), (rij.rd_x, rij.rd_y))) for rij in kandidaten]
    return sorted((g for g in gevonden if g[1] <= straal_m), key=lambda g: g[1])


def binnen_straal_sql(rijen, x: float, y: float, straal_m: float):
    """`binnen_straal` as a queryset, for paging in SQL: the rows within `straal_m` of RD point (x, y), nearest
    first (ties by id, as `binnen_straal` keeps them), compared on the squared distance so no database needs a
    square root. The caller computes `afstand_m` for the rows it shows."""
    from django.db.models import F, FloatField, Value
    from django.db.models.functions import Power

    kwadraat = Power(F("rd_x") - Value(x, output_field=FloatField()), 2) + Power(
        F("rd_y") - Value(y, output_field=FloatField()), 2
    )
    return (
        rijen.filter(
            rd_x__gte=x - straal_m, rd_x__lte=x + straal_m, rd_y__gte=y - straal_m, rd_y__lte=y + straal_m
        )
        .annotate(afstand_kwadraat=kwadraat)
        .filter(afstand_kwadraat__lte=straal_m * straal_m)
        .order_by("afstand_kwadraat", "pk")
    )


def in_nederland(lat: float, lon: float) -> bool:
    min_lon, min_lat, max_lon, max_lat = NEDERLAND_BBOX
    return min_lat <= lat <= max_lat and min_lon <= lon <= max_lon


class _Ring:
    """A ring of a boundary, ready for ray casting: its edges sorted into horizontal bands, so that a point is
    tested against the edges of its own band only. A gemeente's boundary has thousands of vertices and every
    submission (and every row of an import) asks; one band holds a few dozen edges.

    Ray casting counts the edges a horizontal ray from the point crosses; an edge can only cross the ray when
    its lowest and highest y lie around the point's, and then it is in the point's band, so the count is the
    same as over all edges. Each edge runs from the previous vertex to this one (the first from the last)."""

    BANDEN = 64

    def __init__(self, ring: list):
        self.min_y = min((punt[1] for punt in ring), default=0.0)
        self.max_y = max((punt[1] for punt in ring), default=0.0)
        self.hoogte = (self.max_y - self.min_y) / self.BANDEN or 1.0
        self.banden: list[list[tuple[float, float, float, float]]] = [[] for _ in range(self.BANDEN)]
        if not ring:
            return
        x1, y1 = ring[-1][0], ring[-1][1]
        for punt in ring:
            x2, y2 = punt[0], punt[1]
            for band in range(self._band(min(y1, y2)), self._band(max(y1, y2)) + 1):
                self.banden[band].append((x1, y1, x2, y2))
            x1, y1 = x2, y2

    def _band(self, y: float) -> int:
        return min(self.BANDEN - 1, max(0, int((y - self.min_y) / self.hoogte)))

    def bevat(self, lon: float, lat: float) -> bool:
        binnen = False
        for x1, y1, x2, y2 in self.banden[self._band(lat)]:
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                binnen = not binnen
        return binnen


@dataclass(frozen=True)
class Gebied:
    """A gemeente's area: a bounding box or a (multi)polygon in WGS84, holes respected."""

    bbox: tuple[float, float, float, float] | None = None
    polygonen: tuple = ()

    @classmethod
    def uit_json(cls, data) -> Gebied:
        if not isinstance(data, dict):
            raise ValueError("Gebied moet een JSON-object zijn.")
        if "bbox" in data and "type" not in data:
            bbox = data["bbox"]
            if (
                not isinstance(bbox, list | tuple)
                or len(bbox) != 4
                or not all(isinstance(v, int | float) for v in bbox)
                or bbox[0] >= bbox[2]
                or bbox[1] >= bbox[3]
            ):
                raise ValueError("bbox moet [min_lon, min_lat, max_lon, max_lat] zijn.")
            return cls(bbox=tuple(float(v) for v in bbox))
        soort = data.get("type")
        if soort == "Polygon":
            polygonen = (data.get("coordinates"),)
        elif soort == "MultiPolygon":
            polygonen = tuple(data.get("coordinates") or ())
        else:
            raise ValueError('Gebied moet een "bbox", een Polygon of een MultiPolygon zijn.')
        for polygoon in polygonen:
            if not polygoon or any(len(ring) < 4 for ring in polygoon):
                raise ValueError("Elke ring van een polygoon heeft minstens vier punten.")
        return cls(polygonen=polygonen)

    @cached_property
    def _ringen(self) -> tuple[tuple[_Ring, tuple[_Ring, ...]], ...]:
        # Built at the first question; a Gebied kept per process (portal.models.Organisatie.bevat) keeps them.
        return tuple((_Ring(buiten), tuple(_Ring(gat) for gat in gaten)) for buiten, *gaten in self.polygonen)

    def bevat(self, lat: float, lon: float) -> bool:
        if self.bbox:
            min_lon, min_lat, max_lon, max_lat = self.bbox
            return min_lat <= lat <= max_lat and min_lon <= lon <= max_lon
        for buiten, gaten in self._ringen:
            if buiten.bevat(lon, lat) and not any(gat.bevat(lon, lat) for gat in gaten):
                return True
        return False
