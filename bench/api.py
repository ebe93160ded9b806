"""Benchmark: the netbeheerder API, as a grid operator's system uses it.

    .venv/bin/python bench/api.py [--polls 50] [--aansluitingen 10000]

Uses its own PostgreSQL database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/laadpaal_bench),
which it drops and creates again. Through the whole Django stack (middleware, token authentication, DRF), in
process:

1. A batch of 80 through the API: each connection registered, netcheck approved, order to the contractor,
   connected (320 POSTs), and the batch read back. Prints p50/p95/max per request and the queries each
   request takes, for the first and the last connection of the batch and for a batch of 10 and of 80: the
   query count must not grow with the batch size. Target: p95 at most 100 ms.
2. A "changed since" poll over --aansluitingen connections of which 1% changed since the poll's moment:
   p50/p95 and the query count of one page.
"""

import argparse
import datetime as dt
import time

from gemeenschappelijk import percentielen, start_django

DOEL_P95_MS = 100.0


def wereld():
    from rest_framework.authtoken.models import Token

    from netaansluiting.models import Bundelbeleid
    from plankaart.models import Plankaart
    from portal import accounts
    from portal.models import Concessie, Gebruiker, Organisatie

    gemeente = Organisatie.objects.create(naam="Benchstad", soort="gemeente", cbs_code="9999")
    cpo = Organisatie.objects.create(naam="Bench CPO", soort="cpo")
    net = Organisatie.objects.create(naam="Bench Net", soort="netbeheerder")
    net.bediende_gemeenten.set([gemeente])
    Bundelbeleid.objects.create(netbeheerder=net, erijders_direct=False)
    concessie = Concessie.objects.create(naam="Bench", cpo=cpo, ingang=dt.date(2020, 1, 1))
    concessie.gemeenten.set([gemeente])
    cpo_mw = Gebruiker.objects.create_user(
        "cpo@bench.nl", None, naam="CPO", organisatie=cpo, rol="coordinator"
    )
    Gebruiker.objects.create_user("net@bench.nl", None, naam="Net", organisatie=net, rol="coordinator")
    plankaart = Plankaart.objects.create(gemeente=gemeente, jaar=2026)
    token = Token.objects.create(user=accounts.koppeling_van(net)).key
    return gemeente, cpo_mw, plankaart, token


def batch_van(aantal: int, gemeente, cpo_mw, plankaart, begin: int):
    """`aantal` definitive locations whose connections the CPO requested, sent as one batch."""
    from netaansluiting import services
    from netaansluiting.models import Batch
    from plankaart.models import Locatie

    for i in range(aantal):
        plek = Locatie(
            plankaart=plankaart,
            gemeente=gemeente,
            omschrijving=f"Straat {begin + i}",
            lat=52.2 + (begin + i) * 0.0002,
            lon=5.9,
            status=Locatie.Status.DEFINITIEF,
            proactief=True,
        )
        plek.save()
        services.vraag_aan(plek, cpo_mw)
    services.bundel()  # 80 go at once; fewer wait in an open batch, which the CPO sends now
    batch = Batch.objects.latest("pk")
    return services.verstuur(batch, cpo_mw) if batch.status == Batch.Status.OPEN else batch


def door_de_api(batch, token) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from netaansluiting.models import Netaansluiting

    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    vandaag = dt.date.today().isoformat()
    stappen = [
        ("registreren", {"kenmerk_netbeheerder": "BENCH"}),
        ("netcheck_goedkeuren", {"werkvoorbereiding_gereed_op": vandaag}),
        ("opdracht_verstrekken", {"aannemer": "Bench Aannemer", "aansluiting_gepland_op": vandaag}),
        ("aansluiten", {"aangesloten_op": vandaag, "ean": None}),
    ]
    tijden, queries = [], {}
    ids = list(
        Netaansluiting.objects.filter(batchregels__batch=batch).order_by("pk").values_list("pk", flat=True)
    )
    for volgorde, pk in enumerate(ids):
        for naam, data in stappen:
            if naam == "aansluiten":
                data = {**data, "ean": ean(pk)}
            with CaptureQueriesContext(connection) as gevangen:
                begin = time.perf_counter()
                antwoord = client.post(
                    f"/api/v1/netaansluitingen/{pk}/transities/{naam}/", data, content_type="application/json"
                )
                tijden.append((time.perf_counter() - begin) * 1000)
            assert antwoord.status_code == 200, (naam, antwoord.content)
            if volgorde in (0, len(ids) - 1):
                queries[(naam, "eerste" if volgorde == 0 else "laatste")] = len(gevangen)
    with CaptureQueriesContext(connection) as gevangen:
        begin = time.perf_counter()
        antwoord = client.get(f"/api/v1/batches/{batch.pk}/")
        lezen = (time.perf_counter() - begin) * 1000
    assert antwoord.status_code == 200 and antwoord.json()["status"] == "afgerond", antwoord.json()["status"]
    return {
        "tijden": tijden,
        "queries": queries,
        "batch_lezen_ms": lezen,
        "batch_lezen_queries": len(gevangen),
    }


def ean(getal: int) -> str:
    from netaansluiting.services import controlecijfer

    basis = f"8716859{getal:010d}"
    return basis + str(controlecijfer(basis))


def queries_batch_lezen(batch, token) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    with CaptureQueriesContext(connection) as gevangen:
        assert client.get(f"/api/v1/batches/{batch.pk}/").status_code == 200
    return len(gevangen)


def pollen(aantal: int, polls: int, gemeente, cpo_mw, plankaart, token) -> dict:
    """`aantal` sent connections, 1% of them changed after the moment the poll asks from."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from netaansluiting.models import Netaansluiting
    from plankaart.models import Locatie

    netbeheerder = Netaansluiting.objects.values_list("netbeheerder", flat=True).first()
    locaties = Locatie.objects.bulk_create(
        [
            Locatie(
                plankaart=plankaart,
                gemeente=gemeente,
                omschrijving=f"Poll {i}",
                lat=52.0,
                lon=5.0,
                rd_x=150000 + i,
                rd_y=450000,
                status=Locatie.Status.DEFINITIEF,
            )
            for i in range(aantal)
        ],
        batch_size=2000,
    )
    moment = timezone.now() - dt.timedelta(hours=1)
    Netaansluiting.objects.bulk_create(
        [
            Netaansluiting(
                nummer=f"NA-POLL-{i:06d}",
                locatie=locatie,
                gemeente=gemeente,
                netbeheerder_id=netbeheerder,
                cpo=cpo_mw.organisatie,
                status=Netaansluiting.Status.AANGEVRAAGD,
                aangemaakt_op=moment - dt.timedelta(days=10),
                gewijzigd_op=moment + dt.timedelta(seconds=i)
                if i % 100 == 0
                else moment - dt.timedelta(days=1),
            )
            for i, locatie in enumerate(locaties)
        ],
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    tijden = []
    sinds = moment.isoformat()
    for _ in range(polls):
        with CaptureQueriesContext(connection) as gevangen:
            begin = time.perf_counter()
            antwoord = client.get("/api/v1/netaansluitingen/", {"gewijzigd_sinds": sinds})
            tijden.append((time.perf_counter() - begin) * 1000)
        assert antwoord.status_code == 200
    data = antwoord.json()
    return {
        "tijden": tijden,
        "gevonden": data["count"],
        "pagina": len(data["results"]),
        "queries": len(gevangen),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--polls", type=int, default=50)
    parser.add_argument("--aansluitingen", type=int, default=10000)
    args = parser.parse_args()
    start_django()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    gemeente, cpo_mw, plankaart, token = wereld()

    klein = batch_van(10, gemeente, cpo_mw, plankaart, 0)
    vol = batch_van(80, gemeente, cpo_mw, plankaart, 10)
    print(
        f"batch lezen (GET /batches/<id>/): {queries_batch_lezen(klein, token)} queries bij 10 aansluitingen, "
        f"{queries_batch_lezen(vol, token)} bij 80"
    )
    uitkomst = door_de_api(vol, token)
    p50, p95 = percentielen(uitkomst["tijden"])
    print(
        f"batch van 80 door de API: {len(uitkomst['tijden'])} transities, p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
        f"max {max(uitkomst['tijden']):.1f} ms (doel p95 ≤ {DOEL_P95_MS:.0f} ms: "
        f"{'gehaald' if p95 <= DOEL_P95_MS else 'NIET gehaald'})"
    )
    for naam in ("registreren", "netcheck_goedkeuren", "opdracht_verstrekken", "aansluiten"):
        print(
            f"  queries {naam:<22} eerste aansluiting {uitkomst['queries'][(naam, 'eerste')]:>3}, "
            f"laatste {uitkomst['queries'][(naam, 'laatste')]:>3}"
        )
    print(
        f"  de afgeronde batch teruglezen: {uitkomst['batch_lezen_ms']:.1f} ms, "
        f"{uitkomst['batch_lezen_queries']} queries"
    )
    poll = pollen(args.aansluitingen, args.polls, gemeente, cpo_mw, plankaart, token)
    q50, q95 = percentielen(poll["tijden"])
    print(
        f"'gewijzigd sinds' over {args.aansluitingen:,} aansluitingen: {poll['gevonden']} gewijzigd, pagina van "
        f"{poll['pagina']}, p50 {q50:.1f} ms, p95 {q95:.1f} ms, {poll['queries']} queries"
    )


if __name__ == "__main__":
    main()
