"""The OCPI 2.2.1 CDR pull against a real HTTP server on 127.0.0.1: three pages chained by Link headers, one
page failing once; a page that keeps failing is resumed on the next run. Every CDR arrives exactly once."""

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from plankaart.modellen_verbruik import Cdr, Laadpuntdag, Ocpikoppeling
from plankaart.services import ocpi
from tests.plankaart.test_verbruik import cdr, punten  # noqa: F401

pytestmark = pytest.mark.django_db
TOKEN = "geheim-token-C"


class Server:
    """Serves 3 pages of 2 CDRs; `storingen[offset]` = how many times that page answers 500 first."""

    def __init__(self):
        self.cdrs = [
            cdr(f"P{i}", "1", f"2026-05-0{i + 1}T08:00:00Z", f"2026-05-0{i + 1}T09:00:00Z", 10, 1)
            for i in range(6)
        ]
        self.storingen: dict[int, int] = {}
        self.verzoeken: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.verzoeken.append(self.path)
                if self.headers.get("Authorization") != "Token " + base64.b64encode(TOKEN.encode()).decode():
                    self.send_response(401)
                    self.end_headers()
                    return
                query = parse_qs(urlparse(self.path).query)
                offset = int(query.get("offset", ["0"])[0])
                if server.storingen.get(offset, 0) > 0:
                    server.storingen[offset] -= 1
                    self.send_response(500)
                    self.end_headers()
                    return
                data = server.cdrs[offset : offset + 2]
                body = json.dumps(
                    {"data": data, "status_code": 1000, "timestamp": "2026-05-10T00:00:00Z"}
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("X-Total-Count", str(len(server.cdrs)))
                self.send_header("X-Limit", "2")
                if offset + 2 < len(server.cdrs):
                    volgende = f"http://127.0.0.1:{server.poort}/ocpi/2.2.1/cdrs?offset={offset + 2}&limit=2"
                    self.send_header("Link", f'<{volgende}>; rel="next"')
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.poort = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(monkeypatch):
    monkeypatch.setattr(ocpi, "WACHTTIJD_S", 0.01)
    with Server() as s:
        yield s


def koppeling(wereld, server) -> Ocpikoppeling:
    return Ocpikoppeling.objects.create(
        cpo=wereld.cpo, cdrs_url=f"http://127.0.0.1:{server.poort}/ocpi/2.2.1/cdrs", token=TOKEN
    )


def test_drie_paginas_een_faalt_eenmaal_elke_cdr_eenmaal(wereld, punten, server):  # noqa: F811
    k = koppeling(wereld, server)
    server.storingen[2] = 1
    uitkomst = ocpi.haal_op(k.pk)
    assert (uitkomst["ontvangen"], uitkomst["nieuw"], uitkomst["dubbel"]) == (6, 6, 0)
    assert sorted(Cdr.objects.values_list("cdr_id", flat=True)) == [f"P{i}" for i in range(6)]
    assert sum(Laadpuntdag.objects.values_list("kwh", flat=True)) == 60
    assert len(server.verzoeken) == 4  # page 2 asked twice
    k.refresh_from_db()
    assert (k.hervat_url, k.laatste_fout) == ("", "")
    assert k.opgehaald_tot.isoformat() == "2026-05-06T09:00:00+00:00"

    # The next pull asks from the last CDR's last_updated on; what comes again is ignored.
    server.verzoeken.clear()
    tweede = ocpi.haal_op(k.pk)
    assert "date_from=2026-05-06T09%3A00%3A00Z" in server.verzoeken[0]
    assert tweede["nieuw"] == 0 and Cdr.objects.count() == 6


def test_een_pagina_die_blijft_falen_wordt_de_volgende_keer_hervat(wereld, punten, server):  # noqa: F811
    k = koppeling(wereld, server)
    server.storingen[4] = ocpi.POGINGEN
    eerste = ocpi.haal_op(k.pk)
    assert eerste["nieuw"] == 4 and "fout" in eerste
    k.refresh_from_db()
    assert "offset=4" in k.hervat_url and k.laatste_fout
    assert k.opgehaald_tot is None  # not complete: date_from does not move on

    server.verzoeken.clear()
    tweede = ocpi.haal_op(k.pk)
    assert server.verzoeken == ["/ocpi/2.2.1/cdrs?offset=4&limit=2"]
    assert tweede["nieuw"] == 2
    assert Cdr.objects.count() == 6
    k.refresh_from_db()
    assert k.hervat_url == "" and k.opgehaald_tot is not None


def test_verkeerd_token_wordt_niet_herhaald(wereld, punten, server):  # noqa: F811
    k = koppeling(wereld, server)
    Ocpikoppeling.objects.filter(pk=k.pk).update(token="fout")
    uitkomst = ocpi.haal_op(k.pk)
    assert "401" in uitkomst["fout"] and len(server.verzoeken) == 1
