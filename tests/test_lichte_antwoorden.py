"""Answers that travel light (national scale): gzip for dynamic answers with the security headers intact, an ETag
on the public map, and the per-request memory never outliving a change."""

import datetime as dt
import gzip
import json

import pytest
from isal import isal_zlib
from rest_framework.test import APIClient

from plankaart import kaart
from portal import verzoekgeheugen
from portal.models import Concessie
from portal.selectors import bedient_cpo
from tests.conftest import om, pdf_upload

pytestmark = pytest.mark.django_db
BEELD = {"bbox": "5.78,52.10,6.08,52.32", "zoom": "12"}


def test_een_pagina_gaat_gezipt_met_zijn_beveiligingskoppen(client, wereld):
    client.force_login(wereld.cpo_mw)
    antwoord = client.get("/aanvragen/werklijst/", HTTP_ACCEPT_ENCODING="gzip")
    assert antwoord.status_code == 200
    assert antwoord["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in antwoord["Vary"]
    assert "Content-Security-Policy" in antwoord
    assert "<html" in gzip.decompress(antwoord.content).decode()
    # Without the header the same page comes as it was.
    gewoon = client.get("/aanvragen/werklijst/")
    assert "Content-Encoding" not in gewoon and b"<html" in gewoon.content


def test_api_json_gaat_gezipt(wereld, dien_in):
    dien_in()  # an answer of more than 200 bytes (shorter ones are not worth compressing)
    api = APIClient()
    api.force_authenticate(wereld.cpo_mw)
    antwoord = api.get("/api/v1/aanvragen/", HTTP_ACCEPT_ENCODING="gzip")
    assert antwoord["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(antwoord.content))["count"] == 1


def test_gzip_op_niveau_1_met_willekeurige_opvulling(wereld, dien_in):
    """portal.compressie: ISA-L's level 1 (the deflate stream is the one it writes), a file name of random
    length in the header against BREACH, and the same JSON after unpacking."""
    dien_in()
    api = APIClient()
    api.force_authenticate(wereld.cpo_mw)
    antwoorden = [api.get("/api/v1/aanvragen/", HTTP_ACCEPT_ENCODING="gzip") for _ in range(8)]
    for antwoord in antwoorden:
        assert antwoord["Content-Encoding"] == "gzip" and "Accept-Encoding" in antwoord["Vary"]
        assert antwoord.content[3] & gzip.FNAME
        assert int(antwoord["Content-Length"]) == len(antwoord.content)
        naam_einde = antwoord.content.index(b"\x00", 10)  # the padding: a file name ending in NUL
        stroom = antwoord.content[naam_einde + 1 : -8]  # without the trailer (CRC-32, length)
        assert stroom == isal_zlib.compress(gzip.decompress(antwoord.content), 1, -isal_zlib.MAX_WBITS)
    assert len({json.dumps(json.loads(gzip.decompress(a.content))) for a in antwoorden}) == 1
    assert len({len(a.content) for a in antwoorden}) > 1  # the padding differs per answer
    # Short answers go as they are.
    kort = api.get("/api/v1/aanvragen/?status=afgewezen", HTTP_ACCEPT_ENCODING="gzip")
    assert kort.status_code == 200 and "Content-Encoding" not in kort


def test_de_kaart_geeft_een_etag_en_304_tot_er_een_locatie_verandert(client, wereld, locatie_op):
    locatie_op()
    eerste = client.get("/api/v1/kaart/locaties/", BEELD)
    assert eerste.status_code == 200 and eerste["ETag"]
    nog_eens = client.get("/api/v1/kaart/locaties/", BEELD, HTTP_IF_NONE_MATCH=eerste["ETag"])
    assert nog_eens.status_code == 304 and nog_eens.content == b""
    # Through gzip the tag comes back weak; it still matches.
    zwak = client.get("/api/v1/kaart/locaties/", BEELD, HTTP_IF_NONE_MATCH="W/" + eerste["ETag"])
    assert zwak.status_code == 304
    # Another view is another answer.
    ander = client.get("/api/v1/kaart/locaties/", {**BEELD, "zoom": "13"}, HTTP_IF_NONE_MATCH=eerste["ETag"])
    assert ander.status_code == 200
    kaart.vernieuw()  # a location changed
    daarna = client.get("/api/v1/kaart/locaties/", BEELD, HTTP_IF_NONE_MATCH=eerste["ETag"])
    assert daarna.status_code == 200 and daarna["ETag"] != eerste["ETag"]
    assert json.loads(daarna.content)["type"] == "FeatureCollection"


def test_het_verzoekgeheugen_vergeet_een_gewijzigde_concessie(wereld):
    concessie = Concessie.objects.get(cpo=wereld.cpo)
    # Outside a request: every call asks the database.
    assert bedient_cpo(wereld.cpo, wereld.gemeente_a.pk)
    with verzoekgeheugen.verzoek():
        assert bedient_cpo(wereld.cpo, wereld.gemeente_a.pk)
        concessie.gemeenten.remove(wereld.gemeente_a)  # the admin changes it during the request
        assert not bedient_cpo(wereld.cpo, wereld.gemeente_a.pk)
        concessie.gemeenten.add(wereld.gemeente_a)
        assert bedient_cpo(wereld.cpo, wereld.gemeente_a.pk)
        concessie.einde = dt.date(2025, 6, 30)
        concessie.save()
        assert not bedient_cpo(wereld.cpo, wereld.gemeente_a.pk)


def test_een_lijst_ziet_een_concessie_die_tussen_twee_verzoeken_eindigde(wereld, dien_in):
    """A CPO's served gemeenten for today are kept per process (portal.selectors.bediende_gemeente_ids): the
    next request sees a concessie whose last day has passed and one an administrator ended (its save renews
    the settings token of portal.procesgeheugen)."""
    with om("2026-03-02"):
        dien_in()
    api = APIClient()
    api.force_authenticate(wereld.cpo_mw)
    concessie = Concessie.objects.get(cpo=wereld.cpo)
    concessie.einde = dt.date(2026, 3, 2)
    concessie.save()
    with om("2026-03-02"):
        assert api.get("/api/v1/aanvragen/").json()["count"] == 1
        assert api.get("/api/v1/aanvragen/").json()["count"] == 1  # kept
    with om("2026-03-03"):
        assert api.get("/api/v1/aanvragen/").json()["count"] == 0  # its last day has passed
    with om("2026-03-02"):
        concessie.einde = dt.date(2026, 3, 1)
        concessie.save()
        assert api.get("/api/v1/aanvragen/").json()["count"] == 0  # ended by the administrator


@pytest.mark.parametrize("met_token", [False, True])
def test_de_grens_van_de_eigen_gemeente_reist_niet_mee_met_de_gebruiker(client, wereld, met_token):
    """A gemeente user's every request loaded its boundary (thousands of vertices) with the user: the session's
    and the token's user now come with their organisation in one query, boundary left out."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.authtoken.models import Token

    wereld.gemeente_a.gebied = {
        "type": "Polygon",
        "coordinates": [[[5.7, 52.1], [6.1, 52.1], [6.1, 52.4], [5.7, 52.1]]],
    }
    wereld.gemeente_a.save()
    api = APIClient()
    if met_token:
        api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=wereld.gemeente_a_mw).key}")
    else:
        api.force_login(wereld.gemeente_a_mw)
    with CaptureQueriesContext(connection) as queries:
        antwoord = api.get("/api/v1/locaties/")
    assert antwoord.status_code == 200
    assert [q for q in queries.captured_queries if "portal_organisatie" in q["sql"]], (
        "de organisatie komt mee"
    )
    assert not [q["sql"] for q in queries.captured_queries if "gebied" in q["sql"]]


def test_modelserializervelden_eenmaal_gebouwd_en_per_instantie_gebonden(wereld, monkeypatch):
    """portal.api.ModelSerializer builds a class's fields from the model once (per language); each instance binds
    copies of its own, a many-relation's child relation included, and the answers stay those of a fresh build."""
    from django.utils import translation
    from rest_framework import serializers as drf

    from portal import api as portalapi
    from portal.models import Organisatie

    class OrganisatieSerializer(portalapi.ModelSerializer):
        class Meta:
            model = Organisatie
            fields = ["id", "naam", "soort", "bediende_gemeenten"]

    gebouwd = []
    echte = drf.ModelSerializer.build_field
    monkeypatch.setattr(
        drf.ModelSerializer, "build_field", lambda self, *a, **k: gebouwd.append(a[0]) or echte(self, *a, **k)
    )
    een, twee = OrganisatieSerializer(wereld.netbeheerder), OrganisatieSerializer(wereld.gemeente_a)
    velden_een, velden_twee = een.fields, twee.fields
    assert len(gebouwd) == 4  # the first instance built them; the second did not
    for naam in velden_een:
        assert velden_een[naam] is not velden_twee[naam]
        assert velden_een[naam].parent is een and velden_twee[naam].parent is twee
    relatie_een = velden_een["bediende_gemeenten"].child_relation
    assert relatie_een is not velden_twee["bediende_gemeenten"].child_relation
    assert relatie_een.parent is velden_een["bediende_gemeenten"]
    assert een.data["bediende_gemeenten"] == [wereld.gemeente_a.pk, wereld.gemeente_b.pk]
    assert twee.data == {
        "id": wereld.gemeente_a.pk,
        "naam": "Gemeente Apeldoorn",
        "soort": "gemeente",
        "bediende_gemeenten": [],
    }
    with translation.override("en"):
        OrganisatieSerializer(wereld.cpo).fields  # noqa: B018 - another language is built once for itself
    assert len(gebouwd) == 8


def test_gewone_serializer_kopieert_zijn_velden_en_valideert_per_instantie(wereld):
    """portal.api.Serializer (the submission's input) copies its declared fields per instance instead of
    re-creating them: each instance has its own bound fields, and validating one leaves the other untouched."""
    from aanvragen.api import AanvraagInvoerSerializer

    goed = {
        "gemeente": wereld.gemeente_a.pk,
        "postcode": "7311ab",
        "huisnummer": 5,
        "straat": "Loolaan",
        "woonplaats": "Apeldoorn",
        "lat": 52.2,
        "lon": 5.9,
        "kenteken": "12abc3",
        "woont_of_werkt": "woont",
        "rijdt_elektrisch": True,
        "eigen_parkeerplaats": False,
        "bewijs": pdf_upload(),
    }
    een = AanvraagInvoerSerializer(data={**goed, "postcode": "1", "straat": "x" * 201})
    twee = AanvraagInvoerSerializer(data=goed)
    for naam, veld in een.fields.items():
        assert veld is not twee.fields[naam] and veld.parent is een and twee.fields[naam].parent is twee
    assert not een.is_valid() and {"postcode", "straat"} <= set(een.errors)
    assert twee.is_valid(), twee.errors
    assert twee.validated_data["postcode"] == "7311 AB" and twee.validated_data["gemeente"] == wereld.gemeente_a
    # The validators are the field's own, not piled up by copies.
    lengte = len(AanvraagInvoerSerializer().fields["straat"].validators)
    for _ in range(5):
        AanvraagInvoerSerializer().fields["straat"].validators  # noqa: B018
    assert len(AanvraagInvoerSerializer().fields["straat"].validators) == lengte
