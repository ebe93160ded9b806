"""Benchmark: the KPIs of a provincie and of the whole region over 1,000,000 requests and 10,000,000 history rows.

    .venv/bin/python bench/kengetallen.py [--schaal 1.0]

Uses its own PostgreSQL database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/bench_h18_kengetallen),
which it drops and creates again. The rows (requests, their history, their phases and figures) are generated inside
PostgreSQL with INSERT … SELECT generate_series: the server writes them without a round trip per row, which is
faster still than COPY from the client. Three provincies of ten gemeenten, two CPOs, three netbeheerders; a request
is delivered (70%), open (20%) or rejected (10%), submitted over the last two years, with its seven steps as
phases. Prints the time and query count of every KPI and of the whole dashboard (portal.kengetallen.berekeningen.alles)
for a provincie and for the region, over the last twelve months. Goal: under 1 s each.
"""

import argparse
import os
import sys
import time

from gemeenschappelijk import start_django

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_h18_kengetallen")

DOEL_SECONDEN = 1.0
STAPPEN = [
    # step, party, base days, spread
    ("toetsing", "cpo", 1, 7),
    ("locatie_bepalen", "cpo", 3, 12),
    ("locatie_beoordelen", "gemeente", 2, 14),
    ("bezwaartermijn", "wettelijk", 42, 3),
    ("netaansluiting", "netbeheerder", 10, 40),
    ("plaatsing_plannen", "cpo", 5, 20),
    ("oplevering", "cpo", 2, 8),
]


def _kolommen(tabel: str) -> list[tuple[str, str, bool]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, data_type, is_nullable = 'YES' OR is_identity = 'YES' OR column_default IS NOT NULL "
            "FROM information_schema.columns "
            "WHERE table_name = %s ORDER BY ordinal_position",
            [tabel],
        )
        return cursor.fetchall()


def _vul_in(tabel: str, waarden: dict[str, str]) -> tuple[str, str]:
    """Column list and SELECT expressions: the given ones, NULL or an empty value for the others, so columns
    other issues add later do not break the bench."""
    leeg = {"boolean": "false", "integer": "0", "smallint": "0", "bigint": "0", "jsonb": "'{}'::jsonb"}
    namen, expressies = [], []
    for naam, soort, nullable in _kolommen(tabel):
        if naam in waarden:
            expressie = waarden[naam]
        elif nullable:
            continue
        elif soort in leeg:
            expressie = leeg[soort]
        elif "timestamp" in soort:
            expressie = "now()"
        elif soort == "date":
            expressie = "current_date"
        elif soort in ("double precision", "real", "numeric"):
            expressie = "0"
        else:
            expressie = "''"
        namen.append(naam)
        expressies.append(expressie)
    return ", ".join(namen), ", ".join(expressies)


def vul(aantal: int) -> dict:
    import datetime as dt

    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from aanvragen.models import Aanvraag
    from portal.models import Concessie, Gebruiker, Organisatie

    provincies = [Organisatie.objects.create(naam=f"Provincie {i}", soort="provincie") for i in range(3)]
    gemeenten = [
        Organisatie.objects.create(
            naam=f"Gemeente {i}", soort="gemeente", cbs_code=f"{9000 + i}", provincie=provincies[i // 10]
        )
        for i in range(30)
    ]
    cpos = [Organisatie.objects.create(naam=f"CPO {i}", soort="cpo") for i in range(2)]
    netbeheerders = [Organisatie.objects.create(naam=f"Net {i}", soort="netbeheerder") for i in range(3)]
    for i, cpo in enumerate(cpos):
        concessie = Concessie.objects.create(naam=f"Concessie {i}", cpo=cpo, ingang=dt.date(2020, 1, 1))
        concessie.gemeenten.set(gemeenten[i::2])
    for i, net in enumerate(netbeheerders):
        net.bediende_gemeenten.set(gemeenten[i::3])
    erijder = Gebruiker.objects.create_user("erijder@bench.nl", None, naam="E-rijder")
    provincie_mw = Gebruiker.objects.create_user(
        "provincie@bench.nl", None, naam="Provincie", organisatie=provincies[0], rol="medewerker"
    )
    beheerder = Gebruiker.objects.create_superuser("admin@bench.nl", None, naam="Beheer")

    def rij(orgs):
        return "ARRAY[" + ",".join(str(o.pk) for o in orgs) + "]"

    g, p = rij(gemeenten), rij([provincies[i // 10] for i in range(30)])
    c, nb = rij([cpos[i % 2] for i in range(30)]), rij([netbeheerders[i % 3] for i in range(30)])
    # Per request n: gemeente index gi, outcome k (0 rejected, 1-2 open, else delivered), submitted t, durations.
    duren = ", ".join(
        f"{basis} + (n * {7 + 6 * i}) % {spreiding} AS d{i + 1}"
        for i, (_, _, basis, spreiding) in enumerate(STAPPEN)
    )
    totaal = " + ".join(f"d{i + 1}" for i in range(len(STAPPEN)))
    basis = f"""
        SELECT n, n % 30 + 1 AS gi, n % 10 AS k,
               date_trunc('hour', now()) - make_interval(days => ((n::bigint * 7919) % 730)::int, hours => n % 24) AS t, {duren}
        FROM generate_series(1, {aantal}) AS n
    """
    tijden = {}
    with connection.cursor() as cursor:
        begin = time.perf_counter()
        kolommen, expressies = _vul_in(
            Aanvraag._meta.db_table,
            {
                "id": "n",
                "nummer": "'LP-B-' || n",
                "aanvrager_id": str(erijder.pk),
                "gemeente_id": f"({g})[gi]",
                "bron": "(ARRAY['erijder','erijder','erijder','gemeente','cpo'])[1 + n % 5]",
                "status": "CASE WHEN k = 0 THEN 'afgewezen' WHEN k < 3 THEN 'goedgekeurd' ELSE 'opgeleverd' END",
                "lat": "52.2",
                "lon": "5.9",
                "rd_x": "190000",
                "rd_y": "470000",
                "ingediend_op": "t",
                "maximum_gereed": "(t + interval '112 days')::date",
                "laadpunten": "2",
            },
        )
        cursor.execute(
            f"INSERT INTO {Aanvraag._meta.db_table} ({kolommen}) SELECT {expressies} FROM ({basis}) b"
        )
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{Aanvraag._meta.db_table}', 'id'), {aantal})")
        tijden["aanvragen"] = time.perf_counter() - begin

        begin = time.perf_counter()
        type_id = ContentType.objects.get_for_model(Aanvraag).pk
        kolommen, expressies = _vul_in(
            "portal_statuswijziging",
            {
                "content_type_id": str(type_id),
                "object_id": "n",
                "transitie": "'bench_' || i",
                "van": "''",
                "naar": "'stap_' || i",
                "op": "t + make_interval(days => i * 3)",
                "gegevens": "'{}'::jsonb",
            },
        )
        cursor.execute(
            f"INSERT INTO portal_statuswijziging ({kolommen}) SELECT {expressies} "
            f"FROM ({basis}) b CROSS JOIN generate_series(1, 10) AS i"
        )
        tijden["historie"] = time.perf_counter() - begin

        # The totals the database keeps with triggers are built once after the load (as after a backfill),
        # not row by row.
        for tabel in ("portal_fase", "portal_aanvraagcijfers"):
            cursor.execute(f"ALTER TABLE {tabel} DISABLE TRIGGER USER")
        begin = time.perf_counter()
        stappen = []
        offset = "0"
        for i, (stap, partij, _, _) in enumerate(STAPPEN):
            stappen.append(f"({i + 1}, '{stap}', '{partij}', {offset}, d{i + 1})")
            offset = f"{offset} + d{i + 1}"
        aantal_fasen = "CASE WHEN k = 0 THEN 1 WHEN k < 3 THEN 1 + n % 7 ELSE 7 END"
        kolommen, expressies = _vul_in(
            "portal_fase",
            {
                "aanvraag_id": "n",
                "gemeente_id": f"({g})[gi]",
                "provincie_id": f"({p})[gi]",
                "cpo_id": f"({c})[gi]",
                "netbeheerder_id": f"({nb})[gi]",
                "bron": "(ARRAY['erijder','erijder','erijder','gemeente','cpo'])[1 + n % 5]",
                "stap": "s.stap",
                "partij": "s.partij",
                "partij_organisatie_id": (
                    f"CASE s.partij WHEN 'cpo' THEN ({c})[gi] WHEN 'netbeheerder' THEN ({nb})[gi] "
                    f"WHEN 'gemeente' THEN ({g})[gi] END"
                ),
                "begin": "t + make_interval(days => s.vanaf)",
                "eind": f"CASE WHEN k BETWEEN 1 AND 2 AND s.i = {aantal_fasen} THEN NULL "
                "ELSE t + make_interval(days => s.vanaf + s.dagen) END",
                "uiterlijk": "(t + make_interval(days => s.vanaf + 10))::date",
                "dagen": f"CASE WHEN k BETWEEN 1 AND 2 AND s.i = {aantal_fasen} THEN NULL ELSE s.dagen END",
                "binnen_termijn": f"CASE WHEN k BETWEEN 1 AND 2 AND s.i = {aantal_fasen} THEN NULL ELSE s.dagen <= 10 END",
                "afsluiting": "''",
            },
        )
        cursor.execute(
            f"INSERT INTO portal_fase ({kolommen}) SELECT {expressies} FROM ({basis}) b "
            f"CROSS JOIN LATERAL (VALUES {', '.join(stappen)}) AS s(i, stap, partij, vanaf, dagen) "
            f"WHERE s.i <= {aantal_fasen}"
        )
        tijden["fasen"] = time.perf_counter() - begin

        begin = time.perf_counter()
        kolommen, expressies = _vul_in(
            "portal_aanvraagcijfers",
            {
                "aanvraag_id": "n",
                "gemeente_id": f"({g})[gi]",
                "provincie_id": f"({p})[gi]",
                "cpo_id": f"({c})[gi]",
                "netbeheerder_id": f"({nb})[gi]",
                "bron": "(ARRAY['erijder','erijder','erijder','gemeente','cpo'])[1 + n % 5]",
                "afloop": "CASE WHEN k = 0 THEN 'afgewezen' WHEN k < 3 THEN 'open' ELSE 'opgeleverd' END",
                "ingediend_op": "t",
                "opgeleverd_op": f"CASE WHEN k >= 3 THEN t + make_interval(days => {totaal}) END",
                "afgesloten_op": "CASE WHEN k = 0 THEN t + make_interval(days => d1) END",
                "doorlooptijd_dagen": f"CASE WHEN k >= 3 THEN {totaal} END",
                "maximum_gereed": "(t + interval '112 days')::date",
                "binnen_maximum": f"CASE WHEN k >= 3 THEN {totaal} <= 112 END",
                "reden_code": "CASE WHEN k = 0 THEN (ARRAY['laadpunt_binnen_straal','eigen_oprit','anders'])[1 + n % 3] ELSE '' END",
            },
        )
        cursor.execute(
            f"INSERT INTO portal_aanvraagcijfers ({kolommen}) SELECT {expressies} FROM ({basis}) b"
        )
        tijden["cijfers"] = time.perf_counter() - begin
        for tabel in ("portal_fase", "portal_aanvraagcijfers"):
            cursor.execute(f"ALTER TABLE {tabel} ENABLE TRIGGER USER")
    begin = time.perf_counter()
    from portal.kengetallen import fasen as fasenmodule
    from portal.kengetallen import totalen

    fasenmodule.maandtotalen_opbouwen()
    totalen.opbouwen()
    tijden["totalen"] = time.perf_counter() - begin
    # VACUUM (outside a transaction) sets the visibility map, so the covering indexes give index-only scans as
    # they do on a live database that autovacuum keeps.
    import psycopg

    begin = time.perf_counter()
    with psycopg.connect(os.environ["BENCH_DATABASE_URL"], autocommit=True) as verbinding:
        for tabel in (
            Aanvraag._meta.db_table,
            "portal_statuswijziging",
            "portal_fase",
            "portal_aanvraagcijfers",
            "portal_fasemaand",
            "portal_fasedag",
            "portal_aanvraagtelling",
            "portal_openfase",
        ):
            verbinding.execute(f"VACUUM ANALYZE {tabel}")
    tijden["vacuum"] = time.perf_counter() - begin
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM portal_statuswijziging")
        historie = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM portal_fase")
        fasen = cursor.fetchone()[0]
    return {
        "provincie": provincie_mw,
        "regio": beheerder,
        "tijden": tijden,
        "historie": historie,
        "fasen": fasen,
    }


def meet(label: str, gebruiker, filter_) -> float:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.kengetallen import berekeningen

    print(f"\n{label}")
    for naam in (
        "doorlooptijd",
        "tijd_per_fase",
        "tijd_per_partij",
        "binnen_servicetermijn",
        "doorstroom",
        "open_werk",
        "knelpunten",
        "bezwaren",
        "netcheck",
        "afwijzingen",
        "maximum",
    ):
        with CaptureQueriesContext(connection) as queries:
            begin = time.perf_counter()
            getattr(berekeningen, naam)(gebruiker, filter_)
            duur = time.perf_counter() - begin
        print(f"  {naam:24s} {duur * 1000:8.0f} ms  {len(queries):3d} queries")
    with CaptureQueriesContext(connection) as queries:
        begin = time.perf_counter()
        uitkomst = berekeningen.alles(gebruiker, filter_)
        duur = time.perf_counter() - begin
    d = uitkomst["doorlooptijd"]
    print(
        f"  {'dashboard (alles)':24s} {duur * 1000:8.0f} ms  {len(queries):3d} queries — "
        f"{d['aantal']:,} opgeleverd, mediaan {d['mediaan_dagen']} d, p80 {d['p80_dagen']} d, "
        f"knelpunt {uitkomst['knelpunten'][0]['stap'] if uitkomst['knelpunten'] else '—'}"
    )
    return duur


def main() -> int:
    import datetime as dt

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schaal", type=float, default=1.0, help="1.0 = 1.000.000 aanvragen")
    args = parser.parse_args()
    aantal = max(100, int(1_000_000 * args.schaal))

    start_django()
    begin = time.perf_counter()
    wereld = vul(aantal)
    tijden = ", ".join(f"{k} {v:.0f} s" for k, v in wereld["tijden"].items())
    print(
        f"{aantal:,} aanvragen, {wereld['historie']:,} historieregels, {wereld['fasen']:,} fasen gemaakt in "
        f"{time.perf_counter() - begin:.0f} s ({tijden})"
    )
    from portal import klok
    from portal.kengetallen.berekeningen import Filter

    vandaag = klok.vandaag()
    filter_ = Filter(van=vandaag - dt.timedelta(days=365), tot=vandaag)
    meet("eerste keer (koude cache)", wereld["provincie"], filter_)
    provincie = meet("provincie, laatste twaalf maanden", wereld["provincie"], filter_)
    regio = meet("hele regio, laatste twaalf maanden", wereld["regio"], filter_)
    # The totals must give what counting the figures tables gives (berekeningen.direct), here at scale too.
    from portal.kengetallen import berekeningen

    for label, gebruiker in (("provincie", wereld["provincie"]), ("regio", wereld["regio"])):
        uit_totalen = berekeningen.alles(gebruiker, filter_)
        begin = time.perf_counter()
        with berekeningen.direct():
            geteld = berekeningen.alles(gebruiker, filter_)
        duur = time.perf_counter() - begin
        print(
            f"{label}: totalen {'gelijk aan' if uit_totalen == geteld else 'ANDERS dan'} direct geteld "
            f"(direct {duur * 1000:.0f} ms)"
        )
    gehaald = provincie < DOEL_SECONDEN and regio < DOEL_SECONDEN
    print(f"\ndoel: elk dashboard onder {DOEL_SECONDEN:.0f} s — {'gehaald' if gehaald else 'NIET gehaald'}")
    return 0 if gehaald else 1


if __name__ == "__main__":
    sys.exit(main())
