"""A plankaart as GeoJSON (EPSG:4326) or CSV, built from rows rather than model instances.

Both use the field names the import reads, so an export can be edited and imported again. The CSV goes
through portal.csvexport (text that a spreadsheet would run as a formula gets an apostrophe, which the
importer strips again); coordinates are written as numbers, so they stay as they are.
"""

import io
from decimal import Decimal

from portal import csvexport, geo

VELDEN = (
    "kenmerk",
    "omschrijving",
    "status",
    "bron",
    "parkeerplaatsen",
    "laadpunten",
    "proactief",
    "proactief_jaar",
)


def geojson(locaties) -> dict:
    """A FeatureCollection in WGS84 (RFC 7946), one Point per location."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": rij["pk"],
                "geometry": {"type": "Point", "coordinates": [round(rij["lon"], 7), round(rij["lat"], 7)]},
                "properties": {veld: rij[veld] for veld in VELDEN},
            }
            for rij in locaties.order_by("pk").values("pk", "lat", "lon", *VELDEN)
        ],
    }


def csv_tekst(collectie: dict) -> str:
    """A FeatureCollection (live or a frozen version) as CSV with WGS84 (lat, lon) and RD New (x, y)."""
    uit = io.StringIO()
    schrijver = csvexport.writer(uit)
    schrijver.writerow(["id", *VELDEN, "lat", "lon", "x", "y"])
    for feature in collectie["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        x, y = geo.naar_rd(lat, lon)
        eigenschappen = feature["properties"]
        waarden = [
            ("ja" if eigenschappen.get(v) else "nee") if v == "proactief" else eigenschappen.get(v, "")
            for v in VELDEN
        ]
        schrijver.writerow(
            [
                feature.get("id", ""),
                *waarden,
                *(Decimal(f"{lat:.7f}"), Decimal(f"{lon:.7f}"), Decimal(f"{x:.2f}"), Decimal(f"{y:.2f}")),
            ]
        )
    return uit.getvalue()
