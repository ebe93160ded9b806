"""The public map's address search through a local server that answers like the PDOK Locatieserver (never the
internet): found addresses centre the map and offer to start a request there; PDOK away or an unknown address
says so and the map still works."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


class NepPdok(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        query = parse_qs(urlparse(self.path).query)
        docs = []
        if "loolaan" in query["q"][0].lower() and query.get("fq") == ["type:adres"]:
            docs = [{"weergavenaam": "Loolaan 12, 7315AB Apeldoorn", "centroide_ll": "POINT(5.9699 52.2112)"}]
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
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.PDOK_LOCATIESERVER_URL = f"http://127.0.0.1:{server.server_port}/search/v3_1"
    yield
    server.shutdown()


def test_adres_zoeken_en_daar_aanvragen(client, wereld, pdok):
    pagina = client.get(reverse("kaart"), {"adres": "Loolaan 12 Apeldoorn"})
    tekst = pagina.content.decode()
    assert "Loolaan 12, 7315AB Apeldoorn" in tekst
    assert "?lat=52.211200&amp;lon=5.969900" in tekst
    assert '/aanvragen/nieuw/?lat=52.211200&amp;lon=5.969900">hier een laadpaal aanvragen' in tekst
    # Following "op de kaart": the map centres on the spot and offers "Aanvragen op deze plek".
    gecentreerd = client.get(reverse("kaart"), {"lat": "52.2112", "lon": "5.9699"})
    assert gecentreerd.context["centrum"] == [52.2112, 5.9699]
    assert "Aanvragen op deze plek" in gecentreerd.content.decode()
    # The request form starts with the pin there, in the gemeente that holds it.
    client.force_login(wereld.erijder)
    form = client.get(reverse("aanvragen:nieuw"), {"lat": "52.2112", "lon": "5.9699"}).context["form"]
    assert form.initial["lat"] == 52.2112 and form.initial["gemeente"] == wereld.gemeente_a.pk


def test_onbekend_adres_en_pdok_weg(client, settings, pdok):
    tekst = client.get(reverse("kaart"), {"adres": "Nergensweg 1"}).content.decode()
    assert "Geen adres gevonden" in tekst
    settings.PDOK_LOCATIESERVER_URL = "http://127.0.0.1:9/search/v3_1"
    antwoord = client.get(reverse("kaart"), {"adres": "Ergens 2"})
    assert antwoord.status_code == 200
    assert "Het adressenregister (PDOK) is nu niet bereikbaar" in antwoord.content.decode()
    assert client.get(reverse("kaart"), {"lat": "40.0", "lon": "3.0"}).context["centrum"] is None
