"""Benchmark: import a million OCPI CDRs from a file, then a provincie's usage figures and the signal sweep.

    .venv/bin/python bench/cdr_import.py [--aantal 1000000] [--locaties 2000] [--gemeenten 10]

Uses its own PostgreSQL database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/bench_h17_cdr),
which it drops and creates again. The points (two EVSEs per location, spread over the gemeenten of one provincie)
are written in bulk; the CDR file (JSON lines, a year of sessions, 1% credits, 0.5% duplicates, 0.5% on unknown
EVSEs) is generated first and then read by the real path, `importeer_bestand`, exactly as
`manage.py importeer_cdrs` reads it. Prints the import's duration and rate (target: minutes, not hours: at most
15 minutes for a million), and the time of the provincie's figures per gemeente per month, per charging point over
12 months, and of one signal sweep (target: each at most a few seconds).
"""

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time

from gemeenschappelijk import start_django

DOEL_IMPORT_S = 15 * 60
DOEL_CIJFERS_S = 5.0


def vul(locaties: int, gemeenten: int):
    from plankaart.modellen_verbruik import Laadpunt
    from plankaart.models import Locatie, Plankaart
    from portal import geo
    from portal.models import Concessie, Organisatie

    provincie = Organisatie.objects.create(naam="Provincie Benchland", soort="provincie")
    cpo = Organisatie.objects.create(naam="Bench CPO", soort="cpo")
    concessie = Concessie.objects.create(naam="Bench", cpo=cpo, ingang=dt.date(2020, 1, 1))
    toeval = random.Random(17)
    punten = []
    for g in range(gemeenten):
        lat0, lon0 = 51.5 + 0.15 * (g // 5), 4.5 + 0.3 * (g % 5)
        gemeente = Organisatie.objects.create(
            naam=f"Gemeente Bench {g + 1}",
            soort="gemeente",
            cbs_code=f"{9000 + g}",
            provincie=provincie,
            gebied={"bbox": [lon0, lat0, lon0 + 0.25, lat0 + 0.12]},
        )
        concessie.gemeenten.add(gemeente)
        kaart = Plankaart.objects.create(gemeente=gemeente, jaar=2026)
        rijen = []
        for _i in range(locaties // gemeenten):
            lat, lon = lat0 + toeval.uniform(0.01, 0.11), lon0 + toeval.uniform(0.01, 0.24)
            x, y = geo.naar_rd(lat, lon)
            rijen.append(
                Locatie(
                    plankaart=kaart,
                    gemeente=gemeente,
                    omschrijving="Benchstraat",
                    lat=lat,
                    lon=lon,
                    rd_x=x,
                    rd_y=y,
                    status=Locatie.Status.GEREALISEERD,
                    bron=Locatie.Bron.BESTAAND,
                )
            )
        for locatie in Locatie.objects.bulk_create(rijen, batch_size=2000):
            for n in (1, 2):
                punten.append(
                    Laadpunt(
                        locatie=locatie,
                        cpo=cpo,
                        ocpi_locatie_id=f"L{locatie.pk}",
                        uid=f"L{locatie.pk}-{n}",
                        evse_id=f"NL*BEN*E{locatie.pk}{n}",
                        status="AVAILABLE",
                    )
                )
    Laadpunt.objects.bulk_create(punten, batch_size=5000)
    return provincie, cpo, [p.uid for p in punten]


def schrijf_bestand(pad: str, aantal: int, uids: list[str], tot: dt.date) -> None:
    toeval = random.Random(2026)
    begin_jaar = dt.datetime.combine(tot - dt.timedelta(days=364), dt.time(), tzinfo=dt.UTC)
    credits = []
    with open(pad, "w", encoding="utf-8") as uit:
        for i in range(aantal):
            soort = toeval.random()
            # Now and then a duplicate of an earlier one.
            cdr_id = f"C{toeval.randint(0, i - 1):08d}" if soort < 0.005 and i else f"C{i:08d}"
            uid = "ONBEKEND-1" if soort > 0.995 else toeval.choice(uids)
            start = begin_jaar + dt.timedelta(minutes=toeval.randint(0, 364 * 24 * 60))
            uren = toeval.choice((toeval.uniform(0.5, 3), toeval.uniform(8, 14)))
            kwh = round(toeval.uniform(3, 30), 3)
            obj = {
                "id": cdr_id,
                "start_date_time": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "end_date_time": (start + dt.timedelta(hours=uren)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "total_energy": kwh,
                "total_time": round(uren, 3),
                "total_parking_time": round(max(0.0, uren - kwh / 7), 3),
                "cdr_token": {"uid": f"T{toeval.randint(1, 200_000)}"},
                "cdr_location": {"id": uid.split("-")[0], "evse_uid": uid, "evse_id": ""},
                "last_updated": (start + dt.timedelta(hours=uren)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
            if 0.005 <= soort < 0.015 and i:
                credits.append(f"C{toeval.randint(0, i - 1):08d}")
            uit.write(json.dumps(obj) + "\n")
        for n, ref in enumerate(credits):
            credit = dict(obj, id=f"CR{n:07d}", credit=True, credit_reference_id=ref, total_energy=-1)
            uit.write(json.dumps(credit) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--aantal", type=int, default=1_000_000)
    parser.add_argument("--locaties", type=int, default=2000)
    parser.add_argument("--gemeenten", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_h17_cdr")
    start_django()

    from aanvragen import signalen
    from plankaart.modellen_verbruik import Laadpunt, Laadpuntdag
    from plankaart.services import cdrs, verbruik
    from portal import klok

    t = time.monotonic()
    provincie, cpo, uids = vul(args.locaties, args.gemeenten)
    print(f"{len(uids)} laadpunten in {args.gemeenten} gemeenten klaargezet in {time.monotonic() - t:.1f} s")
    tot = klok.vandaag() - dt.timedelta(days=1)
    pad = os.path.join(tempfile.mkdtemp(prefix="bench-cdrs-"), "cdrs.jsonl")
    t = time.monotonic()
    schrijf_bestand(pad, args.aantal, uids, tot)
    print(f"bestand van {os.path.getsize(pad) / 1e6:.0f} MB geschreven in {time.monotonic() - t:.1f} s")

    t = time.monotonic()
    rapport = cdrs.importeer_bestand(cpo, pad)
    duur = time.monotonic() - t
    print(
        f"import: {rapport.ontvangen} gelezen, {rapport.nieuw} nieuw, {rapport.dubbel} dubbel, "
        f"{rapport.creditering} crediteringen ({rapport.geannuleerd} gecrediteerd), {rapport.zonder_laadpunt} "
        f"zonder laadpunt, {rapport.aantal_fouten} fout in {duur:.1f} s ({rapport.ontvangen / duur:,.0f} per s)"
    )
    print(f"dagrijen: {Laadpuntdag.objects.count()}")

    laadpunten = Laadpunt.objects.filter(locatie__gemeente__provincie=provincie)
    van = tot - dt.timedelta(days=364)
    metingen = {}
    t = time.monotonic()
    per_gemeente = verbruik.cijfers(laadpunten, "gemeente", "maand", van, tot)
    metingen["provincie per gemeente per maand"] = time.monotonic() - t
    t = time.monotonic()
    per_punt = verbruik.cijfers(laadpunten, "laadpunt", "jaar", van, tot)
    metingen["per laadpunt over 12 maanden (met voertuigen)"] = time.monotonic() - t
    t = time.monotonic()
    uitkomst = signalen.veeg(tot)
    metingen["signaalveeg"] = time.monotonic() - t
    print(f"{len(per_gemeente)} rijen per gemeente per maand, {len(per_punt)} rijen per laadpunt; veeg: {uitkomst}")
    for naam, seconden in metingen.items():
        print(f"  {naam}: {seconden:.2f} s")
    mislukt = duur > DOEL_IMPORT_S * args.aantal / 1_000_000 or any(s > DOEL_CIJFERS_S for s in metingen.values())
    print("DOEL GEHAALD" if not mislukt else "DOEL NIET GEHAALD")
    return 1 if mislukt else 0


if __name__ == "__main__":
    sys.exit(main())
