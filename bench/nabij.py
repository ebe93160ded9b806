"""Benchmark: the distance search over 500,000 locations, against a full scan, and the public map's GeoJSON.

    .venv/bin/python bench/nabij.py [--aantal 500000] [--zoekvragen 1000]

Uses its own PostgreSQL database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/laadpaal_bench),
which it drops and creates again. Locations are spread uniformly over the Netherlands' RD extent, plus one
dense city of about 5,000 locations in a 4 km square; they are written with COPY.

Prints p50/p95 of `locaties_nabij` (indexed RD box, then the exact distance) and of the same search as a
full scan, in the same run (target: p95 at most 5 ms and at least 100 times faster), and p50/p95 of the
public map's answer for the city viewport, uncached and cached (target: at most 150 ms).
"""

import argparse
import random
import sys
import time

from gemeenschappelijk import percentielen, start_django

DOEL_NABIJ_P95_MS = 5.0
DOEL_FACTOR = 100
DOEL_KAART_MS = 150.0
RD_X, RD_Y = (13_000, 278_000), (306_000, 620_000)
STAD_RD = (136_000, 455_000)  # Utrecht
STAD_ZIJDE_M = 4_000
STATUSSEN = ["gerealiseerd"] * 4 + ["kandidaat"] * 4 + ["goedgekeurd", "definitief"]


def vul(aantal: int, stad: int) -> None:
    import datetime as dt

    from django.db import connection
    from pyproj import Transformer

    from plankaart.models import Locatie, Plankaart
    from portal.models import Organisatie

    nederland = Organisatie.objects.create(naam="Bench Nederland", soort="gemeente", cbs_code="9998")
    plankaart = Plankaart.objects.create(gemeente=nederland, jaar=2026)
    toeval = random.Random(2026)
    punten = [(toeval.uniform(*RD_X), toeval.uniform(*RD_Y)) for _ in range(aantal - stad)]
    punten += [
        (STAD_RD[0] + toeval.uniform(0, STAD_ZIJDE_M), STAD_RD[1] + toeval.uniform(0, STAD_ZIJDE_M))
        for _ in range(stad)
    ]
    naar_wgs84 = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
    lons, lats = naar_wgs84.transform([p[0] for p in punten], [p[1] for p in punten])
    nu = dt.datetime.now(dt.UTC)
    kolommen = (
        "plankaart_id, gemeente_id, kenmerk, omschrijving, lat, lon, rd_x, rd_y, parkeerplaatsen, laadpunten, "
        "bron, proactief, status, opmerking, gewijzigd_op, termijn_stap, bezwaar_loopt, reden_code"
    )
    with (
        connection.cursor() as cursor,
        cursor.connection.cursor().copy(f"COPY {Locatie._meta.db_table} ({kolommen}) FROM STDIN") as copy,
    ):
        for i, ((x, y), lat, lon) in enumerate(zip(punten, lats, lons, strict=True)):
            copy.write_row(
                (
                    plankaart.pk,
                    nederland.pk,
                    f"B-{i}",
                    f"Benchstraat {i}",
                    lat,
                    lon,
                    x,
                    y,
                    2,
                    2,
                    "plankaart",
                    False,
                    STATUSSEN[i % len(STATUSSEN)],
                    "",
                    nu,
                    "",
                    False,
                    "",
                )
            )
    # Settle the table as it would be in steady state: otherwise autovacuum works through the fresh rows
    # during the measurements, on the same two cores.
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {Locatie._meta.db_table}")


def meet_nabij(zoekvragen: int) -> dict:
    """The selector end to end, and the search's own SQL with and without its index, measured the same way."""
    from django.db import connection

    from plankaart.models import Locatie
    from plankaart.selectors import locaties_nabij
    from portal import geo

    toeval = random.Random(7)
    vragen = [(toeval.uniform(*RD_X), toeval.uniform(*RD_Y)) for _ in range(zoekvragen)]
    uitkomst = {"selector": [], "gevonden": 0, "query": [], "scan": [], "selector_scan": []}
    for x, y in vragen:
        lat, lon = geo.naar_wgs84(x, y)
        begin = time.perf_counter()
        uitkomst["gevonden"] += len(locaties_nabij(lat, lon, 250))
        uitkomst["selector"].append((time.perf_counter() - begin) * 1000)
    # The exact SQL the selector sends (the RD box), to time the database's part on its own.
    sql, _ = Locatie.objects.filter(
        rd_x__gte=0, rd_x__lte=0, rd_y__gte=0, rd_y__lte=0
    ).query.sql_with_params()

    def query(x, y):
        with connection.cursor() as cursor:
            begin = time.perf_counter()
            cursor.execute(sql, [x - 250, x + 250, y - 250, y + 250])
            cursor.fetchall()
            return (time.perf_counter() - begin) * 1000

    uitkomst["query"] = [query(x, y) for x, y in vragen]
    with connection.cursor() as cursor:  # the baseline: the same statements, the planner may not use an index
        cursor.execute(
            "SET enable_indexscan = off; SET enable_bitmapscan = off; SET enable_indexonlyscan = off"
        )
    uitkomst["scan"] = [query(x, y) for x, y in vragen[:30]]
    for x, y in vragen[:30]:
        begin = time.perf_counter()
        locaties_nabij(*geo.naar_wgs84(x, y), 250)
        uitkomst["selector_scan"].append((time.perf_counter() - begin) * 1000)
    with connection.cursor() as cursor:
        cursor.execute("RESET enable_indexscan; RESET enable_bitmapscan; RESET enable_indexonlyscan")
    return uitkomst


def meet_kaart(herhalingen: int = 30) -> tuple[list[float], list[float], int]:
    import json

    from django.test import Client

    from plankaart import kaart
    from portal import geo

    zuid, west = geo.naar_wgs84(STAD_RD[0], STAD_RD[1])
    noord, oost = geo.naar_wgs84(STAD_RD[0] + STAD_ZIJDE_M, STAD_RD[1] + STAD_ZIJDE_M)
    params = {"bbox": f"{west},{zuid},{oost},{noord}", "zoom": "14"}
    client = Client(HTTP_ACCEPT="application/geo+json")
    client.get(
        "/api/v1/kaart/locaties/", params
    )  # warm-up: a process's first request loads code and opens connections
    koud, warm = [], []
    for _ in range(herhalingen):
        kaart.vernieuw()  # a location changed: no cached answer
        begin = time.perf_counter()
        antwoord = client.get("/api/v1/kaart/locaties/", params)
        koud.append((time.perf_counter() - begin) * 1000)
        begin = time.perf_counter()
        client.get("/api/v1/kaart/locaties/", params)
        warm.append((time.perf_counter() - begin) * 1000)
    data = json.loads(antwoord.content)
    assert not data["geclusterd"], "het stadsbeeld hoort losse punten te geven"
    return koud, warm, len(data["features"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aantal", type=int, default=500_000)
    parser.add_argument("--zoekvragen", type=int, default=1000)
    args = parser.parse_args()
    start_django()
    begin = time.perf_counter()
    vul(args.aantal, stad=4_800)
    print(f"{args.aantal:,} locaties geladen in {time.perf_counter() - begin:.0f} s.")

    nabij = meet_nabij(args.zoekvragen)
    (n50, n95), (q50, q95), (s50, s95) = (percentielen(nabij[k]) for k in ("selector", "query", "scan"))
    zs50, zs95 = percentielen(nabij["selector_scan"])
    print(f"nabij (straal 250 m), {len(nabij['selector'])} zoekvragen, {nabij['gevonden']} treffers:")
    print(f"  selector van begin tot eind (met de index):  p50 {n50:.2f} ms, p95 {n95:.2f} ms")
    print(f"  selector van begin tot eind (volledige scan): p50 {zs50:.1f} ms, p95 {zs95:.1f} ms")
    print(f"  de zoekquery zelf met de index:               p50 {q50:.2f} ms, p95 {q95:.2f} ms")
    print(f"  dezelfde query als volledige scan:            p50 {s50:.1f} ms, p95 {s95:.1f} ms")
    factor = s50 / q50
    print(
        f"  de index maakt de zoekquery {factor:.0f}× sneller (p50); van begin tot eind {zs50 / n50:.0f}×, omdat Django "
        f"voor beide routes dezelfde {n50 - q50:.1f} ms kost om de query op te bouwen en objecten te maken"
    )

    koud, warm, punten = meet_kaart()
    (k50, k95), (w50, w95) = percentielen(koud), percentielen(warm)
    print(
        f"publieke kaart, stadsbeeld met {punten:,} locaties: zonder cache p50 {k50:.0f} ms, p95 {k95:.0f} ms; "
        f"uit de cache p50 {w50:.1f} ms, p95 {w95:.1f} ms"
    )

    gehaald = n95 <= DOEL_NABIJ_P95_MS and factor >= DOEL_FACTOR and k95 <= DOEL_KAART_MS
    print(
        f"doel: nabij p95 ≤ {DOEL_NABIJ_P95_MS:.0f} ms, zoekquery ≥ {DOEL_FACTOR}× de scan, kaart ≤ {DOEL_KAART_MS:.0f} ms — "
        f"{'gehaald' if gehaald else 'NIET gehaald'}"
    )
    return 0 if gehaald else 1


if __name__ == "__main__":
    sys.exit(main())
