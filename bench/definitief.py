"""Benchmark: the sweep that makes verkeersbesluiten definitive, over many published decisions.

    .venv/bin/python bench/definitief.py [--besluiten 20000] [--klaar 500] [--locaties 5]

Uses its own PostgreSQL database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/laadpaal_bench),
which it drops and creates again. `--besluiten` published decisions with `--locaties` locations in procedure each;
`--klaar` of them have an objection term that ended yesterday, a tenth of those with an open objection (they
must stay). Prints the duration and query count of the sweep that finalises them, per decision, and of a second
sweep that finds nothing to do (its cost must not follow the number of published decisions).
"""

import argparse
import datetime as dt
import time

from gemeenschappelijk import Querytelling, start_django


def vul(besluiten: int, klaar: int, per_besluit: int, *, met_netbeheerder: bool = True) -> int:
    from django.utils import timezone

    from plankaart.models import Locatie, Plankaart
    from portal import geo, klok
    from portal.models import Concessie, Gebruiker, Organisatie
    from verkeersbesluiten.models import Besluitlocatie, Bezwaar, Verkeersbesluit

    gemeente = Organisatie.objects.create(naam="Benchstad", soort="gemeente", cbs_code="9999")
    cpo = Organisatie.objects.create(naam="Bench CPO", soort="cpo")
    concessie = Concessie.objects.create(naam="Bench", cpo=cpo, ingang=dt.date(2020, 1, 1))
    concessie.gemeenten.set([gemeente])
    Gebruiker.objects.create_user("cpo@bench.nl", None, naam="CPO", organisatie=cpo, rol="coordinator")
    if met_netbeheerder:
        # The usual path: each definitive location's grid connection is requested at once.
        netbeheerder = Organisatie.objects.create(naam="Bench Net", soort="netbeheerder")
        netbeheerder.bediende_gemeenten.set([gemeente])
    plankaart = Plankaart.objects.create(gemeente=gemeente, jaar=2026)
    vandaag = klok.vandaag()
    x, y = geo.naar_rd(52.2, 5.9)
    locaties = []
    for i in range(besluiten * per_besluit):
        locatie = Locatie(
            plankaart=plankaart,
            gemeente=gemeente,
            omschrijving=f"Straat {i}",
            lat=52.2,
            lon=5.9,
            rd_x=x + i,
            rd_y=y,
            status=Locatie.Status.IN_PROCEDURE,
            termijn_stap="bezwaartermijn",
            termijn_begonnen_op=timezone.now(),
            termijn_uiterlijk=vandaag,
            gewijzigd_op=timezone.now(),
        )
        locaties.append(locatie)
    Locatie.objects.bulk_create(locaties, batch_size=2000)
    rijen = []
    for i in range(besluiten):
        einde = vandaag - dt.timedelta(days=1) if i < klaar else vandaag + dt.timedelta(days=1 + i % 40)
        rijen.append(
            Verkeersbesluit(
                nummer=f"VKB-2026-{i:06d}",
                gemeente=gemeente,
                titel=f"Besluit {i}",
                status=Verkeersbesluit.Status.GEPUBLICEERD,
                opgesteld_door=gemeente,
                bekendmaking_op=einde - dt.timedelta(days=42),
                vindplaats="Gemeenteblad",
                bezwaartermijn_einde=einde,
            )
        )
    Verkeersbesluit.objects.bulk_create(rijen, batch_size=2000)
    Besluitlocatie.objects.bulk_create(
        [
            Besluitlocatie(
                verkeersbesluit=besluit, locatie=locaties[i * per_besluit + j], motivering="Prognose."
            )
            for i, besluit in enumerate(rijen)
            for j in range(per_besluit)
        ],
        batch_size=5000,
    )
    geblokkeerd = rijen[: klaar // 10]
    Bezwaar.objects.bulk_create(
        [
            Bezwaar(
                verkeersbesluit=besluit,
                nummer=f"{besluit.nummer}-B01",
                indiener_naam="X",
                indiener_adres="Y",
                ontvangen_op=vandaag - dt.timedelta(days=3),
                gronden="Z",
                algemeen=True,
            )
            for besluit in geblokkeerd
        ]
    )
    return klaar - len(geblokkeerd)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--besluiten", type=int, default=20000)
    parser.add_argument("--klaar", type=int, default=500)
    parser.add_argument("--locaties", type=int, default=5)
    parser.add_argument(
        "--zonder-netbeheerder",
        action="store_true",
        help="geen netbeheerder ingesteld: de CPO hoort dat de aansluitingen met de hand moeten",
    )
    args = parser.parse_args()
    start_django()
    from verkeersbesluiten import services

    begin = time.monotonic()
    verwacht = vul(args.besluiten, args.klaar, args.locaties, met_netbeheerder=not args.zonder_netbeheerder)
    print(
        f"gevuld: {args.besluiten} besluiten x {args.locaties} locaties in {time.monotonic() - begin:.1f} s"
    )
    for ronde in ("met werk", "zonder werk"):
        with Querytelling() as queries:
            begin = time.monotonic()
            uitkomst = services.maak_definitief_wat_klaar_is()
            duur = time.monotonic() - begin
        n = max(uitkomst["definitief"], 1)
        print(
            f"veegronde {ronde}: {uitkomst['definitief']} definitief (verwacht {verwacht if ronde == 'met werk' else 0}), "
            f"{uitkomst['fouten']} fouten, {duur * 1000:.0f} ms, {len(queries)} queries"
            + (
                f" ({duur * 1000 / n:.1f} ms en {len(queries) / n:.1f} queries per besluit)"
                if ronde == "met werk"
                else ""
            )
        )
        if ronde == "met werk":
            assert uitkomst["definitief"] == verwacht, uitkomst


if __name__ == "__main__":
    main()
