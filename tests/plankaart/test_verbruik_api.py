"""The usage API per role: `cdrs` (the CPO posts and reads its own; nobody else sees sessions, the public nothing),
`verbruik` (figures scoped like the plankaart) and `signalen` with transitions."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from aanvragen import signalen
from aanvragen.modellen_signalen import Signaal
from plankaart.modellen_verbruik import Cdr
from tests.conftest import IN_A, om, punt_bij
from tests.plankaart.test_verbruik import cdr, punten  # noqa: F401

pytestmark = pytest.mark.django_db


def api(gebruiker=None) -> APIClient:
    client = APIClient()
    if gebruiker is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=gebruiker)[0].key}")
    return client


RIJEN = [
    cdr("R1", "1", "2026-03-10T08:00:00Z", "2026-03-10T10:00:00Z", 10, 2),
    cdr("R2", "3", "2026-03-11T08:00:00Z", "2026-03-11T09:00:00Z", 5, 1),
    cdr("R3", "weet-niet", "2026-03-11T08:00:00Z", "2026-03-11T09:00:00Z", 1, 1),
]


def test_cdrs_aanleveren_idempotent_en_alleen_door_een_cpo(wereld, punten):  # noqa: F811
    eerste = api(wereld.cpo_mw).post("/api/v1/cdrs/", RIJEN, format="json")
    assert eerste.status_code == 201, eerste.content
    assert (eerste.json()["nieuw"], eerste.json()["zonder_laadpunt"]) == (3, 1)
    tweede = api(wereld.cpo_mw).post("/api/v1/cdrs/", {"data": RIJEN}, format="json")
    assert tweede.status_code == 200 and tweede.json()["dubbel"] == 3
    for wie in (wereld.gemeente_a_mw, wereld.provincie_mw, wereld.netbeheerder_mw):
        geweigerd = api(wie).post("/api/v1/cdrs/", RIJEN, format="json")
        assert geweigerd.status_code == 403 and geweigerd["Content-Type"] == "application/problem+json"
    assert api().post("/api/v1/cdrs/", RIJEN, format="json").status_code == 401
    fout = api(wereld.cpo_mw).post("/api/v1/cdrs/", {"id": "los"}, format="json")
    assert fout.status_code == 400 and fout.json()["invalid_params"][0]["name"] == "data"
    assert Cdr.objects.count() == 3


def test_cdrs_lezen_alleen_de_eigen(wereld, punten):  # noqa: F811
    api(wereld.cpo_mw).post("/api/v1/cdrs/", RIJEN, format="json")
    eigen = api(wereld.cpo_mw).get("/api/v1/cdrs/").json()
    assert sorted(r["id"] for r in eigen["results"]) == ["R1", "R2", "R3"]
    open_ = api(wereld.cpo_mw).get("/api/v1/cdrs/?zonderLaadpunt=true").json()
    assert [r["id"] for r in open_["results"]] == ["R3"]
    for wie in (wereld.cpo_ander_mw, wereld.gemeente_a_mw, wereld.provincie_mw):
        assert api(wie).get("/api/v1/cdrs/").json()["count"] == 0
    assert api().get("/api/v1/cdrs/").status_code == 401
    fout = api(wereld.cpo_mw).get("/api/v1/cdrs/?van=gisteren")
    assert fout.status_code == 400 and fout.json()["invalid_params"][0]["name"] == "van"


def test_verbruik_per_rol(wereld, punten):  # noqa: F811
    api(wereld.cpo_mw).post("/api/v1/cdrs/", RIJEN, format="json")
    url = "/api/v1/verbruik/?niveau=gemeente&periode=maand&van=2026-03-01&tot=2026-03-31"
    for wie in (wereld.gemeente_a_mw, wereld.provincie_mw, wereld.cpo_mw):
        antwoord = api(wie).get(url)
        assert antwoord.status_code == 200, antwoord.content
        (rij,) = antwoord.json()["resultaten"]
        assert (rij["naam"], rij["kwh"], rij["sessies"], rij["laadpunten"]) == (
            "Gemeente Apeldoorn",
            15,
            2,
            3,
        )
    for wie in (wereld.gemeente_b_mw, wereld.cpo_ander_mw, wereld.netbeheerder_mw):
        assert api(wie).get(url).json()["resultaten"] == []
    assert api().get(url).status_code == 401
    per_punt = (
        api(wereld.gemeente_a_mw)
        .get("/api/v1/verbruik/?niveau=laadpunt&periode=jaar&van=2026-01-01&tot=2026-12-31")
        .json()["resultaten"]
    )
    assert {r["naam"]: r["kwh"] for r in per_punt} == {"NL*LNO*E1": 10, "NL*LNO*E2": 0, "NL*LNO*E3": 5}
    fout = api(wereld.gemeente_a_mw).get("/api/v1/verbruik/?niveau=straat")
    assert fout.status_code == 400 and fout.json()["invalid_params"][0]["name"] == "niveau"
    fout = api(wereld.gemeente_a_mw).get("/api/v1/verbruik/?van=2026-05-01&tot=2026-04-01")
    assert fout.status_code == 400 and fout.json()["invalid_params"][0]["name"] == "tot"


def test_signalen_api_met_transities(wereld, punten):  # noqa: F811
    from aanvragen.modellen_signalen import Signaalbeleid

    Signaalbeleid.objects.create(provincie=wereld.provincie, drempel_kwh=5)
    api(wereld.cpo_mw).post("/api/v1/cdrs/", RIJEN[:1], format="json")
    with om("2026-03-12", 3):
        signalen.veeg()
    signaal = Signaal.objects.get()
    prov = api(wereld.provincie_mw)
    lijst = prov.get("/api/v1/signalen/").json()
    assert [s["nummer"] for s in lijst["results"]] == [signaal.nummer]
    assert sorted(lijst["results"][0]["toegestane_transities"]) == ["intrekken", "versturen"]
    # Not yet sent: the CPO does not see it (404), may not send it.
    assert api(wereld.cpo_mw).get(f"/api/v1/signalen/{signaal.pk}/").status_code == 404
    with om("2026-03-12"):
        verstuurd = prov.post(f"/api/v1/signalen/{signaal.pk}/transities/versturen/", {}, format="json")
    assert verstuurd.status_code == 200 and verstuurd.json()["status"] == "verzonden"
    cpo = api(wereld.cpo_mw)
    detail = cpo.get(f"/api/v1/signalen/{signaal.pk}/").json()
    assert (
        sorted(detail["toegestane_transities"]) == ["omzetten", "weigeren"]
        and detail["aan_zet"] == "Laadnet Oost"
    )
    assert (
        cpo.post(f"/api/v1/signalen/{signaal.pk}/transities/versturen/", {}, format="json").status_code == 403
    )
    assert api(wereld.cpo_ander_mw).get(f"/api/v1/signalen/{signaal.pk}/").status_code == 404
    assert (
        prov.post(f"/api/v1/signalen/{signaal.pk}/transities/versturen/", {}, format="json").status_code
        == 409
    )
    fout = cpo.post(f"/api/v1/signalen/{signaal.pk}/transities/weigeren/", {"reden_code": "x"}, format="json")
    assert fout.status_code == 400
    assert {p["name"] for p in fout.json()["invalid_params"]} == {"reden_code", "toelichting"}
    lat, lon = punt_bij(*IN_A, 80)
    with om("2026-03-13"):
        omgezet = cpo.post(
            f"/api/v1/signalen/{signaal.pk}/transities/omzetten/",
            {"lat": lat, "lon": lon, "omschrijving": "Parkeerplaats bibliotheek"},
            format="json",
        )
    assert omgezet.status_code == 200, omgezet.content
    assert omgezet.json()["status"] == "omgezet" and omgezet.json()["aanvraag"].startswith("LP-")
    historie = prov.get(f"/api/v1/signalen/{signaal.pk}/historie/").json()
    assert [h["transitie"] for h in historie] == ["voorstellen", "versturen", "omzetten"]
    assert api(wereld.gemeente_a_mw).get(f"/api/v1/signalen/{signaal.pk}/").status_code == 200
    assert api().get("/api/v1/signalen/").status_code == 401
