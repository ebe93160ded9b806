"""The CPO turns a signal into a location on the signal's page: a map with the busy point, the radius and the
plankaart around it fills the form (a candidate within the radius, or a new point, which gets a netcheck);
typed coordinates keep working without JavaScript, and a refusal in Dutch keeps what was typed."""

import json
import re

import pytest
from django.test import Client

from aanvragen import signalen
from aanvragen.modellen_signalen import Signaal
from plankaart.models import Locatie
from tests.aanvragen.test_signalen import laad, veeg, verbruik
from tests.conftest import IN_A, om, punt_bij
from tests.plankaart.test_verbruik import punten  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def verstuurd(wereld, punten):  # noqa: F811
    laad(wereld, verbruik("A", "1", 5200, "2026-02-10"))
    veeg("2026-03-02")
    with om("2026-03-02"):
        return signalen.verstuur(Signaal.objects.get(), wereld.provincie_mw)


def client_van(gebruiker) -> Client:
    client = Client()
    client.force_login(gebruiker)
    return client


def kaartdata(html: str) -> dict:
    blok = re.search(r'<script id="signaal-data" type="application/json">(.*?)</script>', html, re.S)
    assert blok, "geen kaartgegevens op de pagina"
    return json.loads(blok.group(1))


def veld(html: str, naam: str) -> str:
    """The value attribute of an input, as the browser would show it."""
    gevonden = re.search(r'<input[^>]*name="' + naam + r'"[^>]*>', html)
    assert gevonden, naam
    waarde = re.search(r'value="([^"]*)"', gevonden.group(0))
    return waarde.group(1) if waarde else ""


def test_de_kaart_toont_drukke_plek_straal_en_kandidaten(wereld, verstuurd, locatie_op):
    binnen = locatie_op(100, omschrijving="Binnen de straal")
    buiten = locatie_op(400, omschrijving="Buiten de straal")
    with om("2026-03-03"):
        html = client_van(wereld.cpo_mw).get(f"/signalen/{verstuurd.pk}/").content.decode()
    data = kaartdata(html)
    assert data["straal"] == 250
    assert data["drukke_plek"] == pytest.approx([verstuurd.locatie.lat, verstuurd.locatie.lon])
    per_label = {loc["label"].split(":")[0]: loc for loc in data["locaties"]}
    assert per_label["Binnen de straal"]["kies"] == binnen.pk  # a click picks it in the list
    assert per_label["Buiten de straal"]["kies"] is None  # shown, not choosable
    assert buiten.pk not in {loc["kies"] for loc in data["locaties"]}
    assert verstuurd.locatie.omschrijving not in per_label  # the busy point is its own marker
    assert 'id="signaalkaart"' in html and 'data-kaart-callback="signaalKaart"' in html
    for script in ("portal/pin.js", "portal/signaalkaart.js", "portal/kaartstart.js"):
        assert script in html
    # The fields the map fills are the form's own, so the page works without the map too.
    assert f'<option value="{binnen.pk}">' in html
    assert 'name="omzetten-lat"' in html and 'name="omzetten-lon"' in html


def test_wie_niet_kan_omzetten_krijgt_geen_kaart(wereld, verstuurd):
    antwoord = client_van(wereld.provincie_mw).get(f"/signalen/{verstuurd.pk}/")
    assert antwoord.status_code == 200  # the provincie reads the signal, without the means to turn it
    html = antwoord.content.decode()
    assert 'id="signaal-data"' not in html and "signaalkaart.js" not in html


def test_getypte_coordinaten_met_decimale_komma_geven_een_nieuwe_locatie_met_netcheck(wereld, verstuurd):
    lat, lon = punt_bij(*IN_A, 120)
    with om("2026-03-03"):
        antwoord = client_van(wereld.cpo_mw).post(
            f"/signalen/{verstuurd.pk}/",
            {
                "actie": "omzetten",
                "omzetten-locatie": "",
                "omzetten-lat": f"{lat:.6f}".replace(".", ","),
                "omzetten-lon": f"{lon:.6f}",
                "omzetten-omschrijving": "Marktplein, oostzijde",
            },
        )
    assert antwoord.status_code == 302
    signaal = Signaal.objects.get()
    locatie = signaal.aanvraag.locatie
    assert signaal.status == Signaal.Status.OMGEZET
    assert locatie.omschrijving == "Marktplein, oostzijde" and locatie.status == Locatie.Status.IN_NETCHECK
    assert (locatie.lat, locatie.lon) == pytest.approx((lat, lon), abs=1e-6)


def test_een_kandidaat_kiezen_zoals_de_kaart_hem_invult(wereld, verstuurd, locatie_op):
    kandidaat = locatie_op(100)
    with om("2026-03-03"):
        client_van(wereld.cpo_mw).post(
            f"/signalen/{verstuurd.pk}/",
            {"actie": "omzetten", "omzetten-locatie": str(kandidaat.pk), "omzetten-lat": "", "omzetten-lon": ""},
        )
    kandidaat.refresh_from_db()
    assert Signaal.objects.get().aanvraag.locatie == kandidaat
    assert kandidaat.status == Locatie.Status.VOORGESTELD


@pytest.mark.parametrize(
    ("lat", "lon", "veldnaam", "melding"),
    [
        ("52,2", "", "omzetten-lon", "Vul breedte- en lengtegraad allebei in"),
        ("ergens", "5,97", "omzetten-lat", "Vul de breedtegraad in als getal"),
        ("49,5", "5,97", "omzetten-lat", "Een breedtegraad in Nederland ligt tussen 50 en 54"),
    ],
)
def test_fouten_in_het_nederlands_en_het_getypte_blijft_staan(wereld, verstuurd, lat, lon, veldnaam, melding):
    with om("2026-03-03"):
        antwoord = client_van(wereld.cpo_mw).post(
            f"/signalen/{verstuurd.pk}/",
            {
                "actie": "omzetten",
                "omzetten-lat": lat,
                "omzetten-lon": lon,
                "omzetten-omschrijving": "Bij de bakker",
            },
        )
    html = antwoord.content.decode()
    assert antwoord.status_code == 400 and melding in html
    assert f'href="#id_{veldnaam}"' in html  # the error summary links to the field
    assert (veld(html, "omzetten-lat"), veld(html, "omzetten-lon")) == (lat, lon)
    assert veld(html, "omzetten-omschrijving") == "Bij de bakker"
    assert kaartdata(html)["straal"] == 250  # the map is back too
    assert Signaal.objects.get().status == Signaal.Status.VERZONDEN


def test_een_punt_buiten_de_straal_wordt_geweigerd_en_blijft_staan(wereld, verstuurd):
    lat, lon = punt_bij(*IN_A, 400)
    with om("2026-03-03"):
        antwoord = client_van(wereld.cpo_mw).post(
            f"/signalen/{verstuurd.pk}/",
            {
                "actie": "omzetten",
                "omzetten-lat": f"{lat:.6f}",
                "omzetten-lon": f"{lon:.6f}",
                "omzetten-omschrijving": "Te ver weg",
            },
        )
    html = antwoord.content.decode()
    assert antwoord.status_code == 400 and "foutoverzicht" in html
    assert veld(html, "omzetten-lat") == f"{lat:.6f}" and veld(html, "omzetten-omschrijving") == "Te ver weg"
    assert Signaal.objects.get().status == Signaal.Status.VERZONDEN
