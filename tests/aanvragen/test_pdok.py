"""Address lookup against a local HTTP server that answers like the PDOK Locatieserver."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = pytest.mark.django_db


class NepPdok(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        q = parse_qs(urlparse(self.path).query)["q"][0]
        docs = []
        if "7311AB" in q and "huisnummer:12" in q:
            docs = [
                {
                    "straatnaam": "Hoofdstraat",
                    "woonplaatsnaam": "Apeldoorn",
                    "gemeentecode": "0200",
                    "gemeentenaam": "Apeldoorn",
                    "centroide_ll": "POINT(5.9699 52.2112)",
                }
            ]
        body = json.dumps({"response": {"numFound": len(docs), "docs": docs}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def pdok(settings):
    server = HTTPServer(("127.0.0.1", 0), NepPdok)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.PDOK_LOCATIESERVER_URL = f"http://127.0.0.1:{server.server_port}/search/v3_1"
    yield
    server.shutdown()


def test_adres_gevonden(client, wereld, pdok):
    client.force_login(wereld.erijder)
    data = client.get("/aanvragen/adres/", {"postcode": "7311 ab", "huisnummer": "12"}).json()
    assert data["straat"] == "Hoofdstraat" and data["woonplaats"] == "Apeldoorn"
    assert data["gemeente"] == wereld.gemeente_a.pk
    assert (data["lat"], data["lon"]) == (52.2112, 5.9699)


def test_onbekend_adres(client, wereld, pdok):
    client.force_login(wereld.erijder)
    antwoord = client.get("/aanvragen/adres/", {"postcode": "9999 ZZ", "huisnummer": "1"})
    assert antwoord.status_code == 404 and "zelf in" in antwoord.json()["detail"]
    # "No such address", not "PDOK is away".
    assert "bestaat niet" in antwoord.json()["detail"] and "niet bereikbaar" not in antwoord.json()["detail"]


def test_pdok_onbereikbaar_laat_het_formulier_werken(client, wereld):
    client.force_login(wereld.erijder)
    antwoord = client.get("/aanvragen/adres/", {"postcode": "7311AB", "huisnummer": "12"})
    # PDOK is away (the test settings point at a closed port): said as such, not as "no such address".
    assert antwoord.status_code == 503
    assert "niet bereikbaar" in antwoord.json()["detail"] and "bestaat niet" not in antwoord.json()["detail"]
    assert client.get("/aanvragen/nieuw/").status_code == 200


def test_pdok_storing_wordt_niet_onthouden(client, wereld, pdok, settings):
    # An outage is not cached: once PDOK is back, the same address is found.
    poort = settings.PDOK_LOCATIESERVER_URL
    settings.PDOK_LOCATIESERVER_URL = "http://127.0.0.1:9/search/v3_1"
    client.force_login(wereld.erijder)
    assert client.get("/aanvragen/adres/", {"postcode": "7311AB", "huisnummer": "12"}).status_code == 503
    settings.PDOK_LOCATIESERVER_URL = poort
    assert client.get("/aanvragen/adres/", {"postcode": "7311AB", "huisnummer": "12"}).status_code == 200


def test_ongeldige_invoer(client, wereld):
    client.force_login(wereld.erijder)
    assert client.get("/aanvragen/adres/", {"postcode": "x", "huisnummer": "1"}).status_code == 400
