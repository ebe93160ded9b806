"""Benchmark: one term sweep over a million open requests, 1% of them due.

    .venv/bin/python bench/sweep.py [--aantal 1000000] [--aandeel 0.01]

Uses its own PostgreSQL database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/laadpaal_bench),
which it drops and creates again. The rows are written with one INSERT … SELECT generate_series, so filling
takes a minute rather than an hour. Half of the due cases need a reminder today, half an escalation; the
rest are due in 3 to 30 days. Prints the duration and the query count of one sweep (target: at most 10 s),
and of a second sweep that finds nothing left to do (the work must follow the due cases, not all cases).
"""

import argparse
import sys
import time

from gemeenschappelijk import standaardwaarden, start_django

DOEL_SECONDEN = 10.0


def vul(aantal: int, aandeel: float):
    """One gemeente, its CPO with three staff (one coordinator), and `aantal` open requests."""
    import datetime as dt

    from django.db import connection

    from aanvragen.models import Aanvraag
    from portal import klok
    from portal.models import Concessie, Gebruiker, Organisatie

    gemeente = Organisatie.objects.create(naam="Benchstad", soort="gemeente", cbs_code="9999")
    cpo = Organisatie.objects.create(naam="Bench CPO", soort="cpo")
    concessie = Concessie.objects.create(naam="Bench", cpo=cpo, ingang=dt.date(2020, 1, 1))
    concessie.gemeenten.set([gemeente])
    for i, rol in enumerate(["coordinator", "medewerker", "medewerker"]):
        Gebruiker.objects.create_user(f"cpo{i}@bench.nl", None, naam=f"CPO {i}", organisatie=cpo, rol=rol)
    erijder = Gebruiker.objects.create_user("erijder@bench.nl", None, naam="E-rijder")

    vandaag = klok.vandaag()
    due = max(1, round(aantal * aandeel))
    kolommen = """nummer, aanvrager_id, gemeente_id, status, postcode, huisnummer, toevoeging, straat, woonplaats,
            lat, lon, rd_x, rd_y, kenteken, bewijs, bewijs_naam, woont_of_werkt, rijdt_elektrisch,
            eigen_parkeerplaats, vergunning_nodig, heeft_vergunning, toelichting, ingediend_op, ontbrekend,
            afwijzingsreden, termijn_stap, termijn_organisatie_id, termijn_begonnen_op, termijn_uiterlijk,
            termijn_herinneren_op, termijn_escaleren_op, maximum_gereed, verwacht_gereed"""
    # Every other column gets its default, cast to the column's type (PostgreSQL binds the parameters itself):
    # a column added to the model later does not break the bench (`bron`, a NOT NULL column, did).
    gegeven = {k.strip() for k in kolommen.split(",")}
    velden, standaard = standaardwaarden(Aanvraag)
    overig = [v for v in velden if v.column not in gegeven]
    extra_kolommen = "".join(f", {v.column}" for v in overig)
    extra_waarden = "".join(f", %(v_{v.column})s::{v.db_type(connection)}" for v in overig)
    # Row n: the first `due` rows are due (even n: reminder today, odd n: escalation today), the rest later.
    sql = f"""
        INSERT INTO {Aanvraag._meta.db_table} ({kolommen}{extra_kolommen})
        SELECT
            'LP-BENCH-' || n, %(erijder)s, %(gemeente)s, 'ingediend', '7311 AB', 1 + n %% 200, '', 'Benchstraat',
            'Benchstad', 52.2 + (n %% 1000) * 0.0001, 5.9 + (n / 1000) * 0.00001, 190000 + n %% 1000,
            470000 + n / 1000, 'AB-123-C', 'bewijs/bench.pdf', 'bench.pdf', 'woont', true, false, false,
            false, '', now() - interval '3 days', '', '', 'toetsing', %(cpo)s, now() - interval '3 days',
            CASE WHEN n <= %(due)s THEN
                CASE WHEN n %% 2 = 0 THEN %(vandaag)s::date + 1 ELSE %(vandaag)s::date - 2 END
            ELSE %(vandaag)s::date + 5 + n %% 26 END,
            CASE WHEN n <= %(due)s AND n %% 2 = 0 THEN %(vandaag)s::date
                 WHEN n <= %(due)s THEN NULL
                 ELSE %(vandaag)s::date + 3 + n %% 26 END,
            CASE WHEN n <= %(due)s AND n %% 2 = 1 THEN %(vandaag)s::date
                 WHEN n <= %(due)s THEN %(vandaag)s::date + 2
                 ELSE %(vandaag)s::date + 6 + n %% 26 END,
            %(vandaag)s::date + 100, %(vandaag)s::date + 100{extra_waarden}
        FROM generate_series(1, %(aantal)s) AS n
    """
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "erijder": erijder.pk,
                "gemeente": gemeente.pk,
                "cpo": cpo.pk,
                "due": due,
                "vandaag": vandaag,
                "aantal": aantal,
                **{f"v_{v.column}": standaard[v.attname] for v in overig},
            },
        )
        cursor.execute(f"ANALYZE {Aanvraag._meta.db_table}")
    return due


def meet(label: str):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal import bewaking

    with CaptureQueriesContext(connection) as queries:
        begin = time.perf_counter()
        uitkomst = bewaking.bewaak()
        duur = time.perf_counter() - begin
    print(f"{label}: {duur:.2f} s, {len(queries)} queries, {uitkomst}")
    return duur, len(queries), uitkomst


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aantal", type=int, default=1_000_000)
    parser.add_argument("--aandeel", type=float, default=0.01, help="deel dat vandaag aan de beurt is")
    args = parser.parse_args()

    start_django()
    from django.db import connection

    begin = time.perf_counter()
    due = vul(args.aantal, args.aandeel)
    print(
        f"{args.aantal:,} open aanvragen gemaakt in {time.perf_counter() - begin:.0f} s; {due:,} aan de beurt."
    )

    from aanvragen.models import Aanvraag
    from portal import klok

    vandaag = klok.vandaag()
    selectie = Aanvraag.objects.filter(
        termijn_herinneren_op__lte=vandaag, termijn_uiterlijk__gte=vandaag
    ).order_by("termijn_herinneren_op", "pk")[:200]
    sql, params = selectie.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = " / ".join(rij[0].strip() for rij in cursor.fetchall())
    print(f"plan van de selectie: {plan}")

    duur, queries, uitkomst = meet("eerste ronde (alles wat aan de beurt is)")
    verwerkt = uitkomst["herinneringen"] + uitkomst["escalaties"]
    print(
        f"  {queries / max(verwerkt, 1):.3f} queries per verwerkte zaak, {duur / max(verwerkt, 1) * 1000:.2f} ms per zaak"
    )
    meet("tweede ronde (niets meer te doen)")
    gehaald = duur <= DOEL_SECONDEN and verwerkt == due
    print(
        f"doel: hoogstens {DOEL_SECONDEN:.0f} s voor één ronde — {'gehaald' if gehaald else 'NIET gehaald'}"
    )
    return 0 if gehaald else 1


if __name__ == "__main__":
    sys.exit(main())
