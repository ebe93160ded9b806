"""The REST contract of DESIGN.md section 6 for aanvragen."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from aanvragen import services
from aanvragen.models import Aanvraag
from tests.conftest import IN_A, pdf_upload

pytestmark = pytest.mark.django_db
PROBLEM = "application/problem+json"


def api_voor(gebruiker):
    api = APIClient()
    api.force_authenticate(gebruiker)
    return api


def invoer(wereld, **anders):
    data = {
        "gemeente": wereld.gemeente_a.pk,
        "postcode": "7311ab",
        "huisnummer": 5,
        "straat": "Loolaan",
        "woonplaats": "Apeldoorn",
        "lat": IN_A[0],
        "lon": IN_A[1],
        "kenteken": "12abc3",
        "woont_of_werkt": "woont",
        "rijdt_elektrisch": True,
        "eigen_parkeerplaats": False,
        "bewijs": pdf_upload(),
    }
    data.update(anders)
    return {k: v for k, v in data.items() if v is not None}


def test_erijder_dient_in_via_api(wereld):
    antwoord = api_voor(wereld.erijder).post("/api/v1/aanvragen/", invoer(wereld), format="multipart")
    assert antwoord.status_code == 201, antwoord.content
    data = antwoord.json()
    assert data["status"] == "ingediend" and data["kenteken"] == "12-ABC-3" and data["postcode"] == "7311 AB"
    assert data["toegestane_transities"] == ["intrekken"]
    assert data["nummer"].startswith("LP-")


def test_400_noemt_elk_veld(wereld):
    antwoord = api_voor(wereld.erijder).post(
        "/api/v1/aanvragen/", invoer(wereld, postcode="1", kenteken="xx", bewijs=None), format="multipart"
    )
    assert antwoord.status_code == 400 and antwoord["Content-Type"] == PROBLEM
    body = antwoord.json()
    assert {p["name"] for p in body["invalid_params"]} == {"postcode", "kenteken", "bewijs"}
    assert "postcode" in body["detail"] and body["status"] == 400
    assert Aanvraag.objects.count() == 0


def test_400_voor_voorwaarden_uit_de_service(wereld):
    antwoord = api_voor(wereld.erijder).post(
        "/api/v1/aanvragen/", invoer(wereld, lat=52.37, lon=4.89), format="multipart"
    )
    assert antwoord.status_code == 400
    assert [p["name"] for p in antwoord.json()["invalid_params"]] == ["lat"]


def test_staf_dient_geen_erijderaanvraag_in(wereld):
    """Staff file a location request (the gemeente and CPO lanes), never an E-rijder's; a netbeheerder neither."""
    antwoord = api_voor(wereld.netbeheerder_mw).post("/api/v1/aanvragen/", invoer(wereld), format="multipart")
    assert antwoord.status_code == 403 and antwoord["Content-Type"] == PROBLEM
    antwoord = api_voor(wereld.cpo_mw).post("/api/v1/aanvragen/", invoer(wereld), format="multipart")
    assert antwoord.status_code == 400 and antwoord["Content-Type"] == PROBLEM
    assert {"omschrijving", "motivering"} <= {v["name"] for v in antwoord.json()["invalid_params"]}


def test_transities_en_hun_codes(wereld, dien_in):
    aanvraag = dien_in()
    url = f"/api/v1/aanvragen/{aanvraag.pk}/transities/"
    cpo, eva = api_voor(wereld.cpo_mw), api_voor(wereld.erijder)

    assert eva.post(url + "goedkeuren/").status_code == 403
    onbekend = cpo.post(url + "betalen/")
    assert onbekend.status_code == 404 and onbekend["Content-Type"] == PROBLEM
    leeg = cpo.post(url + "afwijzen/", {}, format="json")
    assert leeg.status_code == 400 and leeg.json()["invalid_params"][0]["name"] == "reden"

    antwoord = cpo.post(url + "aanvulling_vragen/", {"ontbrekend": "Scherpere foto"}, format="json")
    assert antwoord.status_code == 200 and antwoord.json()["status"] == "aanvulling_gevraagd"
    assert antwoord.json()["toegestane_transities"] == []

    conflict = cpo.post(url + "goedkeuren/")
    assert conflict.status_code == 409 and conflict["Content-Type"] == PROBLEM and conflict.json()["detail"]

    opnieuw = eva.post(url + "opnieuw_indienen/", {"kenteken": "ab-12-cd"}, format="json")
    assert opnieuw.status_code == 200, opnieuw.content
    assert opnieuw.json()["status"] == "ingediend" and opnieuw.json()["kenteken"] == "AB-12-CD"

    assert cpo.post(url + "goedkeuren/").json()["status"] == "goedgekeurd"
    assert (
        eva.post(url + "intrekken/", {"reden": "Verhuisd"}, format="json").json()["status"] == "ingetrokken"
    )

    historie = eva.get(f"/api/v1/aanvragen/{aanvraag.pk}/historie/").json()
    assert [(h["van"], h["naar"]) for h in historie] == [
        ("", "ingediend"),
        ("ingediend", "aanvulling_gevraagd"),
        ("aanvulling_gevraagd", "ingediend"),
        ("ingediend", "goedgekeurd"),
        ("goedgekeurd", "ingetrokken"),
    ]
    assert historie[-1]["reden"] == "Verhuisd"


def test_transitie_op_onzichtbare_aanvraag_is_404(wereld, dien_in):
    aanvraag = dien_in()
    antwoord = api_voor(wereld.cpo_ander_mw).post(f"/api/v1/aanvragen/{aanvraag.pk}/transities/goedkeuren/")
    assert antwoord.status_code == 404


def test_lijstfilters(wereld, dien_in):
    a = dien_in()
    b = dien_in(gemeente=wereld.gemeente_b, lat=52.14, lon=6.20, kenteken="ZZ-99-ZZ")
    cpo = api_voor(wereld.cpo_mw)
    assert [
        r["id"] for r in cpo.get(f"/api/v1/aanvragen/?gemeente={wereld.gemeente_b.pk}").json()["results"]
    ] == [b.pk]
    assert [r["id"] for r in cpo.get("/api/v1/aanvragen/?zoek=zz99zz").json()["results"]] == [b.pk]
    zoek_en_gemeente = f"/api/v1/aanvragen/?zoek=zz99zz&gemeente={wereld.gemeente_a.pk}"
    assert cpo.get(zoek_en_gemeente).json()["results"] == []
    assert {r["id"] for r in cpo.get("/api/v1/aanvragen/?status=ingediend").json()["results"]} == {a.pk, b.pk}


def test_token_authenticatie_met_api_token_commando(wereld, dien_in, capsys):
    aanvraag = dien_in()
    call_command("api_token", wereld.cpo_mw.email)
    sleutel = capsys.readouterr().out.strip()
    call_command("api_token", wereld.cpo_mw.email)
    assert capsys.readouterr().out.strip() == sleutel  # stable until renewed
    api = APIClient()
    antwoord = api.get("/api/v1/aanvragen/")
    assert antwoord.status_code == 401 and antwoord["WWW-Authenticate"] == "Token"
    api.credentials(HTTP_AUTHORIZATION=f"Token {sleutel}")
    assert api.get(f"/api/v1/aanvragen/{aanvraag.pk}/").json()["nummer"] == aanvraag.nummer


def test_openapi_schema_en_offline_docs(client, wereld):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    assert "/api/v1/aanvragen/{id}/transities/{naam}/" in schema["paths"]
    assert "/api/v1/aanvragen/{id}/historie/" in schema["paths"]
    docs = client.get("/api/v1/schema/docs/").content.decode()
    # Swagger UI comes from the sidecar's static files, not from a CDN.
    assert "drf_spectacular_sidecar/swagger-ui-dist" in docs and "cdn" not in docs.lower()


def test_aanvullen_via_api_laat_weggelaten_velden_staan(wereld, dien_in):
    aanvraag = dien_in(
        toevoeging="B", toelichting="Naast de boom", vergunning_nodig=True, heeft_vergunning=True
    )
    services.vraag_aanvulling(aanvraag, wereld.cpo_mw, "Kenteken klopt niet")
    antwoord = api_voor(wereld.erijder).post(
        f"/api/v1/aanvragen/{aanvraag.pk}/transities/opnieuw_indienen/",
        {"kenteken": "xy-12-zz"},
        format="json",
    )
    assert antwoord.status_code == 200, antwoord.content
    aanvraag.refresh_from_db()
    assert aanvraag.kenteken == "XY-12-ZZ"
    assert (aanvraag.toevoeging, aanvraag.toelichting) == ("B", "Naast de boom")
    assert aanvraag.vergunning_nodig and aanvraag.heeft_vergunning


def test_geen_tweede_eigen_aanvraag_ook_niet_via_api(wereld, dien_in):
    eerste = dien_in()
    antwoord = api_voor(wereld.erijder).post("/api/v1/aanvragen/", invoer(wereld), format="multipart")
    assert antwoord.status_code == 400
    (veld,) = antwoord.json()["invalid_params"]
    assert veld["name"] == "lat" and eerste.nummer in veld["reason"]


@pytest.mark.parametrize("waarde", ["cpo", "99999", "abc", "", "1.0", "١"])
def test_gemeente_die_er_niet_is_of_geen_gemeente_is(wereld, waarde):
    """The gemeente comes from the per-process memory (aanvragen.api.GemeenteVeld); what is no gemeente's id
    gets DRF's own error on the field, as before."""
    waarde = str(wereld.cpo.pk) if waarde == "cpo" else waarde
    antwoord = api_voor(wereld.erijder).post(
        "/api/v1/aanvragen/", invoer(wereld, gemeente=waarde), format="multipart"
    )
    assert antwoord.status_code == 400, antwoord.content
    assert [p["name"] for p in antwoord.json()["invalid_params"]] == ["gemeente"]
    assert Aanvraag.objects.count() == 0


def test_de_gemeente_komt_uit_het_geheugen(wereld):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = api_voor(wereld.erijder)
    assert api.post("/api/v1/aanvragen/", invoer(wereld), format="multipart").status_code == 201
    Aanvraag.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        assert api.post("/api/v1/aanvragen/", invoer(wereld), format="multipart").status_code == 201
    gelezen = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert not [sql for sql in gelezen if 'FROM "portal_organisatie"' in sql and "gemeente" in sql]
