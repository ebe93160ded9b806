"""Every list runs the same number of queries whatever the number of rows on its page (issue: national scale).

Each case fills its list with 5 rows, counts the queries of one request, fills it to 50 rows (a full page of
the API's 50, two pages of the work lists' 25) and counts again: a per-row query (a permission asked per row, a
relation not loaded with the list) makes the second count larger. Runs on PostgreSQL in CI; not timed.
"""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from netaansluiting.models import Batch
from plankaart.models import Locatie
from portal.models import Gebruiker, StatusWijziging
from tests.conftest import IN_A, om, punt_bij

pytestmark = pytest.mark.django_db

_teller = itertools.count(1)


@pytest.fixture(autouse=True)
def _nieuwe_teller():
    # Each case starts its spots at the same place (inside gemeente A).
    global _teller
    _teller = itertools.count(1)


def _tel(client, url) -> tuple[int, list[str], int]:
    """The queries of one request and the number of rows the list showed (so an empty list cannot pass)."""
    with CaptureQueriesContext(connection) as vastgelegd:
        antwoord = client.get(url)
    assert antwoord.status_code == 200, (url, antwoord.status_code)
    return len(vastgelegd.captured_queries), [q["sql"] for q in vastgelegd.captured_queries], _rijen(antwoord)


def _rijen(antwoord) -> int:
    if antwoord["Content-Type"].startswith("application/json"):
        data = antwoord.json()
        return len(data["results"] if isinstance(data, dict) else data)
    context = antwoord.context
    if "cl" in context:  # the admin's change list
        return len(context["cl"].result_list)
    return len(context["pagina"].object_list)


def _api(gebruiker):
    client = APIClient()
    client.force_authenticate(gebruiker)
    return client


def _pagina(client, gebruiker):
    client.force_login(gebruiker)
    return client


# Each maker adds `n` rows to the list its case reads.


def _aanvragen(wereld, dien_in, locatie_op, n):
    # Eva's requests on a grid 400 m apart (one request per spot), half of them approved and given a location.
    from aanvragen import services
    from plankaart import services as plankaartservices

    with om("2026-02-02"):
        for _ in range(n):
            i = next(_teller)
            lat, lon = punt_bij(*IN_A, 400 * (i // 8) - 1400, 400 * (i % 8) - 1400)
            aanvraag = dien_in(huisnummer=i, lat=lat, lon=lon)
            if i % 2:
                aanvraag = services.goedkeuren(aanvraag, wereld.cpo_mw)
                plek = locatie_op(400 * (i // 8) - 1400 + 30, 400 * (i % 8) - 1400)
                plankaartservices.kies(aanvraag, plek, wereld.cpo_mw)


def _locaties(wereld, dien_in, locatie_op, n):
    for _ in range(n):
        locatie_op(noord_m=40 * next(_teller), status=Locatie.Status.GOEDGEKEURD)


def _verkeersbesluiten(wereld, dien_in, locatie_op, n):
    from verkeersbesluiten import services as besluitservices

    with om("2026-03-02"):
        for _ in range(n):
            plek = locatie_op(noord_m=40 * next(_teller), status=Locatie.Status.GOEDGEKEURD)
            besluitservices.maak_concept(
                wereld.gemeente_a, wereld.gemeente_a_mw, titel=f"Laadpalen {plek.pk}", locaties=[plek]
            )


def _bezwaren(wereld, dien_in, locatie_op, n):
    from verkeersbesluiten import services as besluitservices
    from verkeersbesluiten.models import Verkeersbesluit

    besluit = Verkeersbesluit.objects.filter(status=Verkeersbesluit.Status.GEPUBLICEERD).first()
    if besluit is None:
        with om("2026-03-02"):
            plekken = [
                locatie_op(noord_m=40 * next(_teller), status=Locatie.Status.GOEDGEKEURD) for _ in range(2)
            ]
            besluit = besluitservices.maak_concept(
                wereld.gemeente_a, wereld.gemeente_a_mw, titel="Laadpalen", locaties=plekken
            )
            besluit = besluitservices.publiceer(
                besluit,
                wereld.gemeente_a_mw,
                bekendmaking_op=dt.date(2026, 3, 2),
                vindplaats="Gemeenteblad 1",
            )
    plekken = [bl.locatie for bl in besluit.besluitlocaties.all()]
    with om("2026-03-20"):
        for _ in range(n):
            besluitservices.registreer_bezwaar(
                besluit,
                wereld.gemeente_a_mw,
                indiener_naam=f"Indiener {next(_teller)}",
                indiener_adres="Kerkstraat 1, Apeldoorn",
                ontvangen_op=dt.date(2026, 3, 20),
                gronden="Te weinig parkeerplaatsen.",
                algemeen=False,
                locaties=plekken[:1],
            )


def _verzonden_aansluitingen(wereld, locatie_op, n, *, per_batch):
    """n grid connections, sent to the netbeheerder in batches of `per_batch` (it sees a connection only once
    its batch went out): what the netbeheerder's lists of connections and batches read."""
    from netaansluiting import services as netservices

    with om("2026-04-14"):
        for begin in range(0, n, per_batch):
            for _ in range(min(per_batch, n - begin)):
                plek = locatie_op(
                    noord_m=1000 + 40 * next(_teller),
                    status=Locatie.Status.DEFINITIEF,
                    proactief=True,
                    proactief_jaar=2026,
                )
                netservices.vraag_aan(plek, wereld.cpo_mw)
            netservices.bundel()
            for batch in Batch.objects.filter(status=Batch.Status.OPEN):
                netservices.verstuur(batch, wereld.cpo_mw)


def _netaansluitingen(wereld, dien_in, locatie_op, n):
    _verzonden_aansluitingen(wereld, locatie_op, n, per_batch=n)


def _batches(wereld, dien_in, locatie_op, n):
    # One connection in each, so every batch row has its lines.
    _verzonden_aansluitingen(wereld, locatie_op, n, per_batch=1)


def _historie(wereld, dien_in, locatie_op, n):
    from django.contrib.contenttypes.models import ContentType

    soorten = [ContentType.objects.get_for_model(m) for m in (Locatie, Batch, Gebruiker)]
    StatusWijziging.objects.bulk_create(
        StatusWijziging(
            content_type=soorten[i % 3],
            object_id=next(_teller),
            transitie="indienen",
            naar="ingediend",
            door_naam="Eva",
        )
        for i in range(n)
    )


def _beheerder(wereld):
    return Gebruiker.objects.create_superuser("beheer@example.nl", "geheim-en-lang-genoeg-1")


# (name, who, url, maker, API or page)
LIJSTEN = [
    ("api aanvragen (CPO)", "cpo_mw", "/api/v1/aanvragen/", _aanvragen, True),
    ("api aanvragen (gemeente)", "gemeente_a_mw", "/api/v1/aanvragen/", _aanvragen, True),
    ("api aanvragen (E-rijder)", "erijder", "/api/v1/aanvragen/", _aanvragen, True),
    ("api locaties (gemeente)", "gemeente_a_mw", "/api/v1/locaties/", _locaties, True),
    ("api locaties (CPO)", "cpo_mw", "/api/v1/locaties/", _locaties, True),
    (
        "api locaties nabij (CPO)",
        "cpo_mw",
        "/api/v1/locaties/?nabij=52.2112,5.9699&straal=5000",
        _locaties,
        True,
    ),
    ("api verkeersbesluiten", "gemeente_a_mw", "/api/v1/verkeersbesluiten/", _verkeersbesluiten, True),
    ("api bezwaren", "gemeente_a_mw", "/api/v1/bezwaren/", _bezwaren, True),
    ("api netaansluitingen", "netbeheerder_mw", "/api/v1/netaansluitingen/", _netaansluitingen, True),
    ("api batches", "netbeheerder_mw", "/api/v1/batches/", _batches, True),
    ("werklijst aanvragen (CPO)", "cpo_mw", "/aanvragen/werklijst/", _aanvragen, False),
    ("werklijst plankaart", "gemeente_a_mw", "/plankaart/werklijst/?alles=on", _locaties, False),
    ("werklijst verkeersbesluiten", "gemeente_a_mw", "/verkeersbesluiten/", _verkeersbesluiten, False),
    ("netaansluitingen", "netbeheerder_mw", "/realisatie/netaansluitingen/", _netaansluitingen, False),
    ("batches", "netbeheerder_mw", "/realisatie/batches/", _batches, False),
    ("beheer: historie", None, "/admin/portal/statuswijziging/", _historie, False),
]


@pytest.mark.parametrize(("naam", "wie", "url", "maak", "is_api"), LIJSTEN, ids=[rij[0] for rij in LIJSTEN])
def test_aantal_queries_hangt_niet_af_van_het_aantal_rijen(
    naam, wie, url, maak, is_api, wereld, dien_in, locatie_op, client
):
    gebruiker = getattr(wereld, wie) if wie else _beheerder(wereld)
    bezoeker = _api(gebruiker) if is_api else _pagina(client, gebruiker)
    maak(wereld, dien_in, locatie_op, 5)
    _tel(bezoeker, url)  # the first request of a session fills per-process caches (content types, the peil)
    weinig, _, rijen_weinig = _tel(bezoeker, url)
    maak(wereld, dien_in, locatie_op, 45)
    veel, queries, rijen_veel = _tel(bezoeker, url)
    # The list really holds the rows (an empty list would count the same queries twice and prove nothing).
    assert 0 < rijen_weinig < rijen_veel, f"{naam}: {rijen_weinig} rijen, daarna {rijen_veel}"
    assert veel == weinig, f"{naam}: {weinig} queries bij 5 rijen, {veel} bij 50\n" + "\n".join(queries)
