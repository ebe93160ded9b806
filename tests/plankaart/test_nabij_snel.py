"""The nearest-locations search answers from one statement and values rows (plankaart.api.NabijRijen); what it
says must be what DRF's serializer says of the same rows, for every role, status, filter and page."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from plankaart.api import LocatieViewSet, NabijRijen
from plankaart.models import Locatie
from plankaart.selectors import NABIJ_NAMEN
from portal import procesgeheugen
from portal.apipaginering import BegrensdePaginering
from portal.models import Gebruiker
from tests.conftest import IN_A
from verkeersbesluiten.models import Verkeersbesluitbeleid

pytestmark = pytest.mark.django_db

NABIJ = {"nabij": f"{IN_A[0]},{IN_A[1]}", "straal": 400}


def api(gebruiker) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=gebruiker)[0].key}")
    return client


@pytest.fixture
def plekken(wereld, locatie_op):
    """Every status once in gemeente A, some in gemeente B, one with a netbeheerder of its own, terms, remarks,
    an objection and a proactive year: each field of the answer takes more than one value."""
    Verkeersbesluitbeleid.objects.create(gemeente=wereld.gemeente_a, zonder_verkeersbesluit_toegestaan=True)
    for i, status in enumerate(Locatie.Status):
        plek = locatie_op(10 * i + 5, 3 * i)
        Locatie.objects.filter(pk=plek.pk).update(status=status)
    for i, status in enumerate(["kandidaat", "voorgesteld", "in_netcheck"]):
        plek = locatie_op(-20 * i - 7, 11, gemeente=wereld.gemeente_b)
        Locatie.objects.filter(pk=plek.pk).update(status=status)
    eigen_net = locatie_op(-90, -40, netbeheerder=wereld.netbeheerder_ander)
    Locatie.objects.filter(pk=eigen_net.pk).update(status="in_netcheck")
    bijzonder = locatie_op(150, 20, kenmerk="UT-0001", proactief=True, proactief_jaar=2027)
    Locatie.objects.filter(pk=bijzonder.pk).update(
        status="voorgesteld",
        opmerking="Graag <b>twee</b> meter verder",
        reden_code="parkeerdruk",
        bezwaar_loopt=True,
        termijn_stap="locatie_beoordelen",
        termijn_organisatie=wereld.gemeente_a,
        termijn_begonnen_op=dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC),
        termijn_uiterlijk=dt.date(2026, 12, 14),
    )
    locatie_op(900)  # outside the radius


def beide_antwoorden(client, params, monkeypatch) -> tuple:
    snel = client.get("/api/v1/locaties/", params)
    with monkeypatch.context() as m:
        m.setattr(LocatieViewSet, "_nabij_snel", lambda *a, **k: None)
        drf = client.get("/api/v1/locaties/", params)
    return snel, drf


ROLLEN = [
    "cpo_mw",
    "gemeente_a_mw",
    "gemeente_a_medewerker",
    "netbeheerder_mw",
    "provincie_mw",
    "cpo_ander_mw",
]


@pytest.mark.parametrize("rol", [*ROLLEN, "beheerder"])
def test_hetzelfde_antwoord_als_de_serializer(wereld, plekken, rol, monkeypatch):
    gebruiker = (
        Gebruiker.objects.create_superuser("beheer@example.nl", "geheim-en-lang-genoeg-1")
        if rol == "beheerder"
        else getattr(wereld, rol)
    )
    snel, drf = beide_antwoorden(api(gebruiker), NABIJ, monkeypatch)
    assert snel.status_code == drf.status_code == 200
    assert snel.json() == drf.json()
    # The fields in the serializer's order too (NabijRijen.json writes LocatieSerializer.Meta.fields out).
    assert [list(r) for r in snel.json()["results"]] == [list(r) for r in drf.json()["results"]]
    if rol != "cpo_ander_mw":
        resultaten = snel.json()["results"]
        assert len(resultaten) > 5
        # The comparison proves something: transitions, terms and names differ between rows.
        if rol not in ("provincie_mw", "beheerder"):  # they move no location themselves
            assert len({tuple(r["toegestane_transities"]) for r in resultaten}) > 1
        assert {r["aan_zet"] for r in resultaten} >= {None, "Gemeente Apeldoorn"}


@pytest.mark.parametrize(
    "extra",
    [
        {"gemeente": "PLACEHOLDER_B"},
        {"status": "in_netcheck"},
        {"status": "in_netcheck", "gemeente": "PLACEHOLDER_A"},
        {"status": "bestaat_niet"},
        {"page": "2"},
        {"page": "3"},
        {"page": "last"},
        {"page": "99"},
        {"page": "0"},
        {"page": "twee"},
    ],
)
def test_filters_en_paginas_als_drf(wereld, plekken, extra, monkeypatch):
    monkeypatch.setattr(BegrensdePaginering, "page_size", 4)
    vervang = {"PLACEHOLDER_A": str(wereld.gemeente_a.pk), "PLACEHOLDER_B": str(wereld.gemeente_b.pk)}
    params = {**NABIJ, **{k: vervang.get(v, v) for k, v in extra.items()}}
    snel, drf = beide_antwoorden(api(wereld.cpo_mw), params, monkeypatch)
    assert snel.status_code == drf.status_code
    assert snel.json() == drf.json()


def test_telling_begrensd_als_drf(wereld, plekken, monkeypatch, settings):
    settings.WERKLIJST_TELGRENS = 5
    monkeypatch.setattr(BegrensdePaginering, "page_size", 2)
    # 13 of gemeente A's locations within the radius: counted to 6 on the first pages, in full from page 7.
    for pagina in ("1", "2", "7"):
        snel, drf = beide_antwoorden(api(wereld.gemeente_a_mw), {**NABIJ, "page": pagina}, monkeypatch)
        assert snel.json() == drf.json()
        assert snel.json()["count_begrensd"] is (pagina != "7")


def test_een_zoekvraag_en_geen_locatie_uit_de_database_per_soort(wereld, plekken):
    """The page is one statement; the allowed transitions are decided on a stand-in that holds only
    Locatie.TRANSITIES_LEZEN. A rule that reads another field of the location would load it here (a query on
    plankaart_locatie) and could answer wrongly for the next row with the same combination: name the field in
    TRANSITIES_LEZEN."""
    for rol in ROLLEN:
        client = api(getattr(wereld, rol))
        client.get("/api/v1/locaties/", NABIJ)  # the session's first call fills per-process memories
        procesgeheugen.verhoog()  # but the transitions are decided anew
        with CaptureQueriesContext(connection) as vastgelegd:
            assert client.get("/api/v1/locaties/", NABIJ).status_code == 200
        locatiequeries = [q["sql"] for q in vastgelegd.captured_queries if "plankaart_locatie" in q["sql"]]
        assert len(locatiequeries) == 1, (rol, locatiequeries)


def test_de_plaatsvervanger_beslist_als_de_hele_locatie(wereld, plekken, rf):
    """Decided from the stand-in or from the whole location: the same transitions, for every status and role."""
    from portal.api import toegestaan

    verzoek = rf.get("/api/v1/locaties/")
    for rol in ROLLEN:
        verzoek.user = getattr(wereld, rol)
        opmaak = NabijRijen(verzoek, 0, 0)
        for locatie in Locatie.objects.select_related("gemeente"):
            # A row of the search holds the location's columns (selectors.NABIJ_NAMEN) by position.
            rij = tuple(getattr(locatie, naam, None) for naam in NABIJ_NAMEN)
            assert opmaak.toegestaan(rij) == toegestaan(locatie, verzoek.user), (rol, locatie.status)


def test_de_bewaarde_transities_volgen_organisatie_en_beleid(wereld, plekken):
    """The allowed transitions are kept per process for staff of one organisation and role, for the day: a
    changed traffic-decision policy and a move to another organisation show at the next call."""

    def van_goedgekeurd(gebruiker) -> set[str]:
        resultaten = api(gebruiker).get("/api/v1/locaties/", NABIJ).json()["results"]
        (rij,) = [
            r for r in resultaten if r["status"] == "goedgekeurd" and r["gemeente"] == wereld.gemeente_a.pk
        ]
        return set(rij["toegestane_transities"])

    coordinator = van_goedgekeurd(wereld.gemeente_a_mw)
    assert "zonder_verkeersbesluit" in coordinator
    assert van_goedgekeurd(wereld.gemeente_a_mw) == coordinator  # now from the per-process memory
    beleid = Verkeersbesluitbeleid.objects.get(gemeente=wereld.gemeente_a)
    beleid.zonder_verkeersbesluit_toegestaan = False
    beleid.save()
    assert van_goedgekeurd(wereld.gemeente_a_mw) == coordinator - {"zonder_verkeersbesluit"}
    beleid.zonder_verkeersbesluit_toegestaan = True
    beleid.save()
    assert van_goedgekeurd(wereld.gemeente_a_mw) == coordinator
    # Moved to the CPO (no settings change): what the CPO's staff may do, not the gemeente's.
    als_cpo = van_goedgekeurd(wereld.cpo_mw)
    assert als_cpo != coordinator
    Gebruiker.objects.filter(pk=wereld.gemeente_a_mw.pk).update(organisatie=wereld.cpo)
    assert van_goedgekeurd(wereld.gemeente_a_mw) == als_cpo


@pytest.mark.parametrize("rol", ["cpo_mw", "gemeente_a_mw"])
def test_twee_rondes_naar_de_database_met_een_token(wereld, plekken, rol):
    """What the issue's nearest-locations row measures: an API client with its token. Who is asking comes with
    the settings token in one statement (portal.authenticatie), the CPO's gemeenten from the per-process
    memory; the search is the second and last query."""
    client = api(getattr(wereld, rol))
    client.get("/api/v1/locaties/", NABIJ)  # the first call fills per-process memories
    with CaptureQueriesContext(connection) as vastgelegd:
        assert client.get("/api/v1/locaties/", NABIJ).status_code == 200
    wie, zoek = (q["sql"] for q in vastgelegd.captured_queries)
    assert "authtoken_token" in wie and "instellingsversie" in wie
    assert "plankaart_locatie" in zoek


def test_de_rij_wordt_uitgepakt_in_de_volgorde_van_de_selector():
    """NabijRijen.json unpacks a row's shown columns by name, in the order selectors.NABIJ_GETOOND gives them: a
    column added or moved there without the unpack would hand one field's value to another. The unpack's names
    are json's first local variables (`id_` for `id`)."""
    from plankaart.selectors import NABIJ_GETOOND

    code = NabijRijen.json.__code__
    uitgepakt = code.co_varnames[code.co_argcount : code.co_argcount + len(NABIJ_GETOOND)]
    assert [naam.removesuffix("_") for naam in uitgepakt] == list(NABIJ_GETOOND)
