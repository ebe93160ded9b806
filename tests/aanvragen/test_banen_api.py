"""The gemeente lane over REST (DESIGN.md section 6): POST /api/v1/aanvragen/ with JSON from gemeente or CPO
staff, bron on every request, rejections with a reason code."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.conftest import IN_A, om

pytestmark = pytest.mark.django_db


def api(gebruiker) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=gebruiker)[0].key}")
    return client


VERZOEK = {
    "lat": IN_A[0],
    "lon": IN_A[1],
    "omschrijving": "Winkelstraat, bij de bibliotheek",
    "motivering": "Bezoekers van het centrum laden hier tijdens het winkelen.",
    "laadpunten": 4,
}


def velden(antwoord) -> set[str]:
    assert antwoord["Content-Type"].startswith("application/problem+json")
    return {v["name"] for v in antwoord.json()["invalid_params"]}


def test_de_gemeente_vraagt_aan_en_de_gemeente_is_dan_de_eigen(wereld):
    with om("2026-03-02"):
        antwoord = api(wereld.gemeente_a_mw).post("/api/v1/aanvragen/", VERZOEK, format="json")
    assert antwoord.status_code == 201, antwoord.content
    data = antwoord.json()
    assert (data["bron"], data["gemeente"], data["status"]) == ("gemeente", wereld.gemeente_a.pk, "ingediend")
    assert data["omschrijving"] == VERZOEK["omschrijving"] and data["laadpunten"] == 4
    historie = api(wereld.gemeente_a_mw).get(data["historie_url"]).json()
    assert [r["transitie"] for r in historie] == ["indienen"]
    # The CPO sees it with the lane, and can filter on it.
    lijst = api(wereld.cpo_mw).get("/api/v1/aanvragen/?bron=gemeente").json()["results"]
    assert [a["id"] for a in lijst] == [data["id"]]
    assert api(wereld.cpo_mw).get("/api/v1/aanvragen/?bron=erijder").json()["results"] == []


def test_foute_velden_worden_bij_naam_genoemd(wereld):
    antwoord = api(wereld.gemeente_a_mw).post("/api/v1/aanvragen/", {"lat": 200}, format="json")
    assert antwoord.status_code == 400
    assert velden(antwoord) >= {"lat", "lon", "omschrijving", "motivering"}
    buiten = api(wereld.gemeente_a_mw).post(
        "/api/v1/aanvragen/", {**VERZOEK, "lat": 52.5, "lon": 4.8}, format="json"
    )
    assert buiten.status_code == 400 and velden(buiten) == {"lat"}


def test_de_cpo_noemt_de_gemeente(wereld):
    zonder = api(wereld.cpo_mw).post("/api/v1/aanvragen/", VERZOEK, format="json")
    assert zonder.status_code == 400 and velden(zonder) == {"gemeente"}
    with om("2026-03-02"):
        met = api(wereld.cpo_mw).post(
            "/api/v1/aanvragen/", {**VERZOEK, "gemeente": wereld.gemeente_a.pk}, format="json"
        )
    assert met.status_code == 201 and met.json()["bron"] == "cpo" and met.json()["status"] == "goedgekeurd"


@pytest.mark.parametrize("wie", ["netbeheerder_mw", "provincie_mw", "gemeente_b_mw", "cpo_ander_mw"])
def test_anderen_mogen_niet(wereld, wie):
    antwoord = api(getattr(wereld, wie)).post(
        "/api/v1/aanvragen/", {**VERZOEK, "gemeente": wereld.gemeente_a.pk}, format="json"
    )
    assert antwoord.status_code == 403 and antwoord.json()["detail"]


def test_afwijzen_met_redencode(wereld):
    with om("2026-03-02"):
        aanvraag = api(wereld.gemeente_a_mw).post("/api/v1/aanvragen/", VERZOEK, format="json").json()
    url = f"/api/v1/aanvragen/{aanvraag['id']}/transities/afwijzen/"
    fout = api(wereld.cpo_mw).post(url, {"reden": "x", "reden_code": "onzin"}, format="json")
    assert fout.status_code == 400 and velden(fout) == {"reden_code"}
    with om("2026-03-03"):
        goed = api(wereld.cpo_mw).post(
            url,
            {"reden": "Op 80 meter staat een laadpaal.", "reden_code": "laadpunt_binnen_straal"},
            format="json",
        )
    assert goed.status_code == 200 and goed.json()["reden_code"] == "laadpunt_binnen_straal"
