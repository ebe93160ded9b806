"""REST for locations (DESIGN.md section 6) and the public map endpoint."""

import io
import json

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from aanvragen import services as aanvraagservices
from plankaart import kaart, services
from plankaart.models import Locatie
from tests.conftest import IN_A, punt_bij

pytestmark = pytest.mark.django_db


def api(gebruiker=None) -> APIClient:
    client = APIClient()
    if gebruiker is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=gebruiker)[0].key}")
    return client


def ongeldige_velden(antwoord) -> set[str]:
    assert antwoord["Content-Type"].startswith("application/problem+json")
    return {v["name"] for v in antwoord.json()["invalid_params"]}


# The distance search


def test_nabij_geeft_de_locaties_binnen_de_straal_dichtstbijzijnde_eerst(wereld, locatie_op):
    ver, dichtbij, net_binnen, net_buiten = (
        locatie_op(200),
        locatie_op(30),
        locatie_op(0, 249),
        locatie_op(0, -251),
    )
    antwoord = api(wereld.cpo_mw).get("/api/v1/locaties/", {"nabij": f"{IN_A[0]},{IN_A[1]}", "straal": 250})
    assert antwoord.status_code == 200
    rijen = antwoord.json()["results"]
    assert [r["id"] for r in rijen] == [dichtbij.pk, ver.pk, net_binnen.pk]
    assert [round(r["afstand_m"]) for r in rijen] == [30, 200, 249]
    assert net_buiten.pk not in {r["id"] for r in rijen}


@pytest.mark.parametrize(
    ("params", "veld"),
    [
        ({"nabij": "52.2"}, "nabij"),
        ({"nabij": "abc,5.9"}, "nabij"),
        ({"nabij": "95,5.9"}, "nabij"),
        ({"nabij": "52.2,5.9", "straal": "veel"}, "straal"),
        ({"nabij": "52.2,5.9", "straal": "50000"}, "straal"),
    ],
)
def test_nabij_met_foute_invoer_noemt_de_parameter(wereld, params, veld):
    antwoord = api(wereld.cpo_mw).get("/api/v1/locaties/", params)
    assert antwoord.status_code == 400 and ongeldige_velden(antwoord) == {veld}


# Who sees what


def test_andere_concessie_en_de_buurgemeente_zien_niets(wereld, locatie_op):
    plek = locatie_op(100)
    for wie, ziet in [
        (wereld.cpo_mw, True),
        (wereld.gemeente_a_mw, True),
        (wereld.netbeheerder_mw, True),
        (wereld.provincie_mw, True),
        (wereld.cpo_ander_mw, False),
        (wereld.gemeente_b_mw, False),
        (wereld.netbeheerder_ander_mw, False),
        (wereld.erijder, False),
    ]:
        client = api(wie)
        assert (client.get(f"/api/v1/locaties/{plek.pk}/").status_code == 200) is ziet, wie
        assert (plek.pk in {r["id"] for r in client.get("/api/v1/locaties/").json()["results"]}) is ziet, wie
        gevonden = client.get("/api/v1/locaties/", {"nabij": f"{IN_A[0]},{IN_A[1]}", "straal": 500}).json()[
            "results"
        ]
        assert bool(gevonden) is ziet, wie
    assert api().get(f"/api/v1/locaties/{plek.pk}/").status_code == 401


# Transitions over REST


@pytest.fixture
def in_netcheck(wereld, dien_in):
    aanvraag = aanvraagservices.goedkeuren(dien_in(), wereld.cpo_mw)
    lat, lon = punt_bij(*IN_A, 20)
    return services.stel_nieuwe_voor(aanvraag, lat, lon, "Nieuw", wereld.cpo_mw).locatie


def test_netbeheerder_keurt_de_netcheck_goed_via_de_api(wereld, in_netcheck):
    client = api(wereld.netbeheerder_mw)
    detail = client.get(f"/api/v1/locaties/{in_netcheck.pk}/").json()
    assert set(detail["toegestane_transities"]) == {"netcheck_goedkeuren", "netcheck_afkeuren"}
    assert detail["aan_zet"] == "Netbeheer" and detail["termijn_stap"] == "netcheck"
    antwoord = client.post(
        f"/api/v1/locaties/{in_netcheck.pk}/transities/netcheck_goedkeuren/", {}, format="json"
    )
    assert antwoord.status_code == 200 and antwoord.json()["status"] == "voorgesteld"
    historie = client.get(f"/api/v1/locaties/{in_netcheck.pk}/historie/").json()
    assert [h["transitie"] for h in historie][-1] == "netcheck_goedkeuren"
    assert historie[-1]["organisatie"] == "Netbeheer"


def test_api_statuscodes_403_409_400_404(wereld, in_netcheck):
    pad = f"/api/v1/locaties/{in_netcheck.pk}/transities/"
    assert api(wereld.gemeente_a_mw).post(pad + "netcheck_goedkeuren/", {}, format="json").status_code == 403
    assert api(wereld.gemeente_a_mw).post(pad + "goedkeuren/", {}, format="json").status_code == 409
    antwoord = api(wereld.netbeheerder_mw).post(pad + "netcheck_afkeuren/", {}, format="json")
    assert antwoord.status_code == 400 and ongeldige_velden(antwoord) == {"reden"}
    assert api(wereld.netbeheerder_mw).post(pad + "vliegen/", {}, format="json").status_code == 404
    assert (
        api(wereld.netbeheerder_ander_mw).post(pad + "netcheck_goedkeuren/", {}, format="json").status_code
        == 404
    )


def test_cpo_kiest_een_locatie_via_de_aanvragen_api(wereld, dien_in, locatie_op):
    plek = locatie_op(100)
    aanvraag = aanvraagservices.goedkeuren(dien_in(), wereld.cpo_mw)
    client = api(wereld.cpo_mw)
    assert "locatie_kiezen" in client.get(f"/api/v1/aanvragen/{aanvraag.pk}/").json()["toegestane_transities"]
    assert (
        "locatie_kiezen"
        not in api(wereld.erijder).get(f"/api/v1/aanvragen/{aanvraag.pk}/").json()["toegestane_transities"]
    )
    pad = f"/api/v1/aanvragen/{aanvraag.pk}/transities/"
    assert (
        api(wereld.erijder).post(pad + "locatie_kiezen/", {"locatie": plek.pk}, format="json").status_code
        == 403
    )
    # May never: 403 before the fields are even looked at.
    assert api(wereld.erijder).post(pad + "locatie_voorstellen/", {}, format="json").status_code == 403
    fout = client.post(pad + "locatie_voorstellen/", {"lat": IN_A[0]}, format="json")
    assert fout.status_code == 400 and ongeldige_velden(fout) == {"lon", "omschrijving"}
    antwoord = client.post(pad + "locatie_kiezen/", {"locatie": plek.pk}, format="json")
    assert antwoord.status_code == 200 and antwoord.json()["status"] == "locatie_voorgesteld"
    assert client.post(pad + "locatie_kiezen/", {"locatie": plek.pk}, format="json").status_code == 409


def test_gemeente_vraagt_aanpassing_en_cpo_stelt_bij_via_de_api(wereld, dien_in, locatie_op):
    plek = locatie_op(100)
    services.kies(aanvraagservices.goedkeuren(dien_in(), wereld.cpo_mw), plek, wereld.cpo_mw)
    pad = f"/api/v1/locaties/{plek.pk}/transities/"
    antwoord = api(wereld.gemeente_a_mw).post(
        pad + "aanpassing_vragen/", {"opmerking": "Vier laadpunten."}, format="json"
    )
    assert (
        antwoord.json()["status"] == "aanpassing_gevraagd"
        and antwoord.json()["opmerking"] == "Vier laadpunten."
    )
    antwoord = api(wereld.cpo_mw).post(pad + "opnieuw_voorstellen/", {"laadpunten": 4}, format="json")
    assert (
        antwoord.status_code == 200
        and antwoord.json()["status"] == "voorgesteld"
        and antwoord.json()["laadpunten"] == 4
    )


def test_openapi_schema_zonder_waarschuwingen():
    uit = io.StringIO()
    call_command("spectacular", "--fail-on-warn", "--format", "openapi-json", stdout=uit)
    paden = json.loads(uit.getvalue())["paths"]
    assert "/api/v1/locaties/{id}/transities/{naam}/" in paden and "/api/v1/kaart/locaties/" in paden


# The public map


def kaartvraag(client=None, **params):
    params.setdefault("bbox", "5.78,52.10,6.08,52.32")
    params.setdefault("zoom", "14")
    # What the map's script sends; any other Accept header (or none) gets the same answer.
    return (client or api()).get("/api/v1/kaart/locaties/", params, HTTP_ACCEPT="application/geo+json")


def test_publieke_kaart_zonder_inloggen_en_zonder_persoonsgegevens(wereld, dien_in, locatie_op):
    plankaart = locatie_op(400, kenmerk="GEM-7", omschrijving="Loolaan t.h.v. nr. 40")
    bestaand = locatie_op(600, status=Locatie.Status.GEREALISEERD, omschrijving="Stationsplein")
    aanvraag = aanvraagservices.goedkeuren(dien_in(), wereld.cpo_mw)
    lat, lon = punt_bij(*IN_A, 12, 7)
    nieuw = services.stel_nieuwe_voor(aanvraag, lat, lon, "Hoofdstraat t.h.v. nr. 12", wereld.cpo_mw).locatie
    antwoord = kaartvraag()
    assert antwoord.status_code == 200 and antwoord["Content-Type"] == "application/geo+json"
    assert antwoord["Cache-Control"] == "public, max-age=60"
    assert api().get("/api/v1/kaart/locaties/", {"bbox": "5.78,52.10,6.08,52.32"}).status_code == 200
    data = antwoord.json()
    per_id = {f["id"]: f for f in data["features"]}
    assert per_id[plankaart.pk]["properties"]["omschrijving"] == "Loolaan t.h.v. nr. 40"
    assert per_id[bestaand.pk]["properties"]["categorie"] == "bestaand"
    # The CPO's new spot near the requester's home: no description, position rounded to ~10 m.
    geheim = per_id[nieuw.pk]
    assert geheim["properties"]["omschrijving"] == "" and geheim["properties"]["categorie"] == "aangevraagd"
    assert geheim["geometry"]["coordinates"] == [round(nieuw.lon, 4), round(nieuw.lat, 4)]
    tekst = antwoord.content.decode()
    for persoonlijk in (
        wereld.erijder.email,
        wereld.erijder.naam,
        aanvraag.kenteken,
        aanvraag.postcode,
        "Hoofdstraat",
        aanvraag.nummer,
    ):
        assert persoonlijk not in tekst
    assert set(per_id[plankaart.pk]["properties"]) == {
        "soort",
        "categorie",
        "label",
        "omschrijving",
        "laadpunten",
        "gemeente",
    }
    popup = api().get(f"/api/v1/kaart/locaties/{nieuw.pk}/").json()
    assert popup["omschrijving"] == "" and "Plaatsing verwacht in het" in popup["periode"]
    assert aanvraag.nummer not in json.dumps(popup) and "Hoofdstraat" not in json.dumps(popup)


def test_kaart_filtert_op_gemeente_en_status_en_laat_vervallen_weg(wereld, locatie_op):
    kandidaat = locatie_op(100)
    bestaand = locatie_op(300, status=Locatie.Status.GEREALISEERD)
    locatie_op(500, status=Locatie.Status.VERVALLEN)
    alles = {f["id"] for f in kaartvraag().json()["features"]}
    assert alles == {kandidaat.pk, bestaand.pk}
    assert {f["id"] for f in kaartvraag(status="bestaand").json()["features"]} == {bestaand.pk}
    assert kaartvraag(gemeente=wereld.gemeente_b.pk).json()["features"] == []


def test_kaart_clustert_als_er_te_veel_in_beeld_zijn(wereld, locatie_op, monkeypatch):
    for i in range(12):
        locatie_op(100 * i, status=Locatie.Status.GEREALISEERD if i % 2 else Locatie.Status.KANDIDAAT)
    monkeypatch.setattr(kaart, "MAX_PUNTEN", 5)
    data = kaartvraag(zoom="9").json()
    assert data["geclusterd"] and data["totaal"] == 12
    assert sum(f["properties"]["aantal"] for f in data["features"]) == 12
    assert all(f["properties"]["soort"] == "cluster" for f in data["features"])
    assert sum(f["properties"]["per_categorie"].get("bestaand", 0) for f in data["features"]) == 6
    # Close in, single points (a viewport of a few streets: a screen's worth of pixels at zoom 17).
    straten = f"{IN_A[1] - 0.005},{IN_A[0] - 0.005},{IN_A[1] + 0.005},{IN_A[0] + 0.015}"
    dichtbij = kaartvraag(zoom="17", bbox=straten)
    assert not dichtbij.json()["geclusterd"] and dichtbij.json()["totaal"] == 12


@pytest.mark.parametrize(
    ("params", "veld"),
    [
        ({"bbox": "5,52,6"}, "bbox"),
        ({"bbox": "6,52,5,53"}, "bbox"),
        ({"zoom": "ver"}, "zoom"),
        ({"status": "verzonnen"}, "status"),
    ],
)
def test_kaart_met_foute_invoer_noemt_de_parameter(wereld, params, veld):
    antwoord = kaartvraag(**params)
    assert antwoord.status_code == 400 and ongeldige_velden(antwoord) == {veld}


def test_kaart_cache_vervalt_zodra_een_locatie_verandert(
    wereld, dien_in, locatie_op, django_capture_on_commit_callbacks
):
    plek = locatie_op(100)
    assert kaartvraag().json()["features"][0]["properties"]["categorie"] == "kandidaat"
    aanvraag = aanvraagservices.goedkeuren(dien_in(), wereld.cpo_mw)
    with django_capture_on_commit_callbacks(execute=True):
        services.kies(aanvraag, plek, wereld.cpo_mw)
    assert kaartvraag().json()["features"][0]["properties"]["categorie"] == "aangevraagd"
