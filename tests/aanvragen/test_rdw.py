"""The licence plate at the RDW, against a real HTTP server on 127.0.0.1 serving RDW-shaped answers
(tests/aanvragen/rdw/antwoorden.json); never the internet. The other tests run with RDW_CONTROLE off."""

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from aanvragen import rdw, services, tasks
from aanvragen.models import Aanvraag
from portal.celery import app as celery_app
from portal.models import Bericht
from tests.aanvragen.test_views import formulier

pytestmark = pytest.mark.django_db

ANTWOORDEN = json.loads((Path(__file__).parent / "rdw" / "antwoorden.json").read_text())


class RdwServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), RdwHandler)
        self.vragen: list[tuple[str, str, str | None]] = []  # (dataset, kenteken, X-App-Token)
        self.traag = 0.0  # seconds to wait before answering
        self.status = 200

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class RdwHandler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        server: RdwServer = self.server
        pad = urllib.parse.urlsplit(self.path)
        dataset = pad.path.removeprefix("/resource/").removesuffix(".json")
        kenteken = urllib.parse.parse_qs(pad.query).get("kenteken", [""])[0]
        server.vragen.append((dataset, kenteken, self.headers.get("X-App-Token")))
        if server.traag:
            time.sleep(server.traag)
        if server.status != 200:
            self.send_response(server.status)
            self.end_headers()
            return
        inhoud = json.dumps(ANTWOORDEN.get(dataset, {}).get(kenteken, [])).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(inhoud)))
        self.end_headers()
        self.wfile.write(inhoud)

    def log_message(self, *args):
        pass


@pytest.fixture
def rdw_server(settings):
    server = RdwServer()
    draad = threading.Thread(target=server.serve_forever, daemon=True)
    draad.start()
    settings.RDW_CONTROLE = True
    settings.RDW_API_URL = server.url
    settings.RDW_TIMEOUT = 0.5
    settings.RDW_APP_TOKEN = ""
    yield server
    server.shutdown()
    server.server_close()


# The client


@pytest.mark.parametrize(
    ("kenteken", "uitslag", "merk", "model"),
    [
        ("T-123-BB", rdw.Uitslag.ELEKTRISCH, "TESLA", "MODEL 3"),
        ("g-456-df", rdw.Uitslag.PLUGIN_HYBRIDE, "VOLVO", "XC60"),
        ("H-789-GH", rdw.Uitslag.NIET_ELEKTRISCH, "VOLKSWAGEN", "GOLF"),
        ("K-321-JK", rdw.Uitslag.NIET_ELEKTRISCH, "TOYOTA", "YARIS"),  # a hybrid that cannot be plugged in
        ("VBB-12-X", rdw.Uitslag.GEEN_PERSONENAUTO, "RENAULT", "KANGOO E-TECH"),
        ("N-999-RT", rdw.Uitslag.ONBEKEND, "", ""),
    ],
)
def test_uitslag_per_kenteken(rdw_server, kenteken, uitslag, merk, model):
    resultaat = rdw.controleer(kenteken)
    assert (resultaat.uitslag, resultaat.merk, resultaat.model) == (uitslag, merk, model)
    compact = kenteken.replace("-", "").upper()
    # Upper case without dashes; the fuel dataset only when the vehicle exists.
    verwacht = [("m9d7-ebf2", compact, None)] + ([("8ys7-d773", compact, None)] if merk else [])
    assert rdw_server.vragen == verwacht


def test_app_token_als_header(rdw_server, settings):
    settings.RDW_APP_TOKEN = "geheim-token"
    rdw.controleer("T-123-BB")
    assert {token for _d, _k, token in rdw_server.vragen} == {"geheim-token"}


def test_te_traag_is_niet_bereikt_binnen_de_termijn(rdw_server):
    rdw_server.traag = 2.0
    begin = time.monotonic()
    with pytest.raises(rdw.NietBereikt):
        rdw.controleer("T-123-BB")
    assert time.monotonic() - begin < 1.5  # RDW_TIMEOUT (0.5 s here) for both questions together
    assert rdw.controleer_of_niet_bereikt("T-123-BB").uitslag == rdw.Uitslag.NIET_BEREIKT


@pytest.mark.parametrize("status", [429, 500, 503])
def test_fouten_van_de_rdw_zijn_niet_bereikt(rdw_server, status):
    rdw_server.status = status
    with pytest.raises(rdw.NietBereikt):
        rdw.controleer("T-123-BB")


def test_niemand_thuis_is_niet_bereikt(settings):
    settings.RDW_API_URL = "http://127.0.0.1:9"
    settings.RDW_TIMEOUT = 0.5
    with pytest.raises(rdw.NietBereikt):
        rdw.controleer("T-123-BB")


def test_standaard_in_de_tests_geen_controle_en_geen_netwerk(settings, dien_in):
    # The whole suite (and the demo) submits requests without asking anyone.
    assert settings.RDW_CONTROLE is False and settings.RDW_API_URL.startswith("http://127.0.0.1:")
    assert dien_in().rdw_uitslag == rdw.Uitslag.NIET_GECONTROLEERD


# Submission through the E-rijder's form


@pytest.fixture
def eva(client, wereld):
    client.force_login(wereld.erijder)
    return client


def _behandelpagina(client, wereld, aanvraag) -> str:
    client.force_login(wereld.cpo_mw)
    return client.get(f"/aanvragen/{aanvraag.pk}/behandelen/").content.decode()


def test_elektrische_auto_gaat_door_en_de_cpo_ziet_merk_en_model(rdw_server, eva, wereld):
    antwoord = eva.post("/aanvragen/nieuw/", formulier(wereld, kenteken="t123bb"))
    assert antwoord.status_code == 302
    aanvraag = Aanvraag.objects.get()
    assert (aanvraag.rdw_uitslag, aanvraag.rdw_merk, aanvraag.rdw_model) == ("elektrisch", "TESLA", "MODEL 3")
    assert aanvraag.rdw_gecontroleerd_op is not None
    assert "RDW: elektrisch, TESLA, MODEL 3" in _behandelpagina(eva, wereld, aanvraag)


def test_plugin_hybride_gaat_door(rdw_server, eva, wereld):
    assert eva.post("/aanvragen/nieuw/", formulier(wereld, kenteken="G-456-DF")).status_code == 302
    assert Aanvraag.objects.get().rdw_samenvatting == "RDW: plug-in hybride, VOLVO, XC60"


@pytest.mark.parametrize(
    ("kenteken", "melding"),
    [
        ("H-789-GH", "niet elektrisch: er staat geen elektrische brandstof op het kenteken"),
        ("N-999-RT", "De RDW kent kenteken N-999-RT niet"),
        ("VBB-12-X", "geen personenauto"),
    ],
)
def test_geweigerd_op_het_kentekenveld_en_niets_kwijt(rdw_server, eva, wereld, kenteken, melding):
    antwoord = eva.post("/aanvragen/nieuw/", formulier(wereld, kenteken=kenteken))
    assert antwoord.status_code == 400
    assert not Aanvraag.objects.exists()
    form = antwoord.context["form"]
    assert any(melding in fout for fout in form.errors["kenteken"])
    # What was typed stays, and the proof need not be chosen again.
    assert form.data["straat"] == "Hoofdstraat" and form.data["bewijs_token"]


def test_auto_besteld_met_koopcontract(rdw_server, eva, wereld):
    data = formulier(wereld, kenteken="", auto_besteld="on", bewijs_soort="koopcontract")
    antwoord = eva.post("/aanvragen/nieuw/", data)
    assert antwoord.status_code == 302
    aanvraag = Aanvraag.objects.get()
    assert aanvraag.auto_besteld and aanvraag.kenteken == "" and aanvraag.rdw_uitslag == "besteld"
    assert rdw_server.vragen == []  # no plate to ask about
    ontvangst = Bericht.objects.get(ontvanger=wereld.erijder, onderwerp__startswith="Ontvangstbevestiging")
    assert "Kenteken: nog geen, de auto is besteld" in ontvangst.tekst
    assert "nog niet op kenteken" in _behandelpagina(eva, wereld, aanvraag)


def test_auto_besteld_vraagt_een_contract(rdw_server, eva, wereld):
    data = formulier(wereld, kenteken="", auto_besteld="on", bewijs_soort="kentekenbewijs")
    antwoord = eva.post("/aanvragen/nieuw/", data)
    assert antwoord.status_code == 400
    assert "koopcontract of leasecontract" in antwoord.context["form"].errors["bewijs_soort"][0]


def test_zonder_kenteken_en_niet_besteld(rdw_server, eva, wereld):
    antwoord = eva.post("/aanvragen/nieuw/", formulier(wereld, kenteken=""))
    assert antwoord.status_code == 400
    assert "Mijn auto is besteld" in antwoord.context["form"].errors["kenteken"][0]


# The RDW does not answer


def _cpo_berichten(wereld):
    return Bericht.objects.filter(ontvanger=wereld.cpo_mw, onderwerp__contains="RDW")


def test_rdw_plat_aanvraag_gaat_door_en_wordt_later_gecontroleerd(
    rdw_server, eva, wereld, django_capture_on_commit_callbacks, monkeypatch
):
    ingepland = []
    monkeypatch.setattr(
        tasks.controleer_rdw, "apply_async", lambda args=(), kwargs=None, **opties: ingepland.append(args)
    )
    rdw_server.traag = 1.0
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = eva.post("/aanvragen/nieuw/", formulier(wereld, kenteken="T-123-BB"))
    assert antwoord.status_code == 302
    aanvraag = Aanvraag.objects.get()
    assert aanvraag.rdw_uitslag == rdw.Uitslag.NIET_BEREIKT
    assert "RDW niet bereikt" in _behandelpagina(eva, wereld, aanvraag)
    assert ingepland == [(aanvraag.pk,)]  # published after commit (portal.taken), checked later

    # Later the RDW answers: the task stores it and the CPO hears the outcome through the outbox.
    rdw_server.traag = 0
    tasks.controleer_rdw.run(aanvraag.pk)
    aanvraag.refresh_from_db()
    assert aanvraag.rdw_samenvatting == "RDW: elektrisch, TESLA, MODEL 3"
    bericht = _cpo_berichten(wereld).get()
    assert "RDW: elektrisch, TESLA, MODEL 3" in bericht.tekst
    # Once: a second run finds nothing left to do.
    tasks.controleer_rdw.run(aanvraag.pk)
    assert _cpo_berichten(wereld).count() == 1


def test_later_blijkt_het_geen_elektrische_auto(rdw_server, dien_in, wereld):
    rdw_server.traag = 1.0
    aanvraag = dien_in(kenteken="H-789-GH")
    assert aanvraag.rdw_uitslag == rdw.Uitslag.NIET_BEREIKT
    rdw_server.traag = 0
    assert services.controleer_kenteken_opnieuw(aanvraag.pk) == rdw.Uitslag.NIET_ELEKTRISCH
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.INGEDIEND  # the CPO decides, not the portal
    tekst = _cpo_berichten(wereld).get().tekst
    assert "RDW: geen elektrische auto (VOLKSWAGEN, GOLF)" in tekst and "wijs de aanvraag af" in tekst


def test_task_probeert_opnieuw_en_geeft_het_na_de_pogingen_op(rdw_server, dien_in, wereld, settings):
    settings.RDW_POGINGEN = 3
    rdw_server.traag = 1.0
    aanvraag = dien_in(kenteken="T-123-BB")
    for poging in (1, 2):
        with pytest.raises(rdw.NietBereikt):  # the task's autoretry_for retries with backoff on this
            services.controleer_kenteken_opnieuw(aanvraag.pk)
        aanvraag.refresh_from_db()
        assert aanvraag.rdw_pogingen == poging
    assert not _cpo_berichten(wereld).exists()
    assert services.controleer_kenteken_opnieuw(aanvraag.pk) == rdw.Uitslag.NIET_BEREIKT
    assert "na 3 pogingen" in _cpo_berichten(wereld).get().tekst
    # Nothing left: neither the task nor the sweep asks again.
    assert services.controleer_kenteken_opnieuw(aanvraag.pk) is None
    assert services.controleer_kentekens_opnieuw() == {"gecontroleerd": 0, "rdw_bereikt": True}


def test_task_is_ingesteld_op_opnieuw_proberen():
    taak = tasks.controleer_rdw
    assert rdw.NietBereikt in taak.autoretry_for and taak.retry_backoff and taak.max_retries >= 3


def test_veegtaak_in_het_beatschema_en_stopt_als_de_rdw_weg_is(rdw_server, dien_in, wereld):
    assert celery_app.conf.beat_schedule["rdw-opnieuw-controleren"]["task"] == (
        "aanvragen.tasks.controleer_rdw_opnieuw"
    )
    rdw_server.traag = 1.0
    eerste = dien_in(kenteken="T-123-BB")
    tweede = dien_in(aanvrager=wereld.erijder2, kenteken="G-456-DF", lat=52.25, lon=5.95)
    vragen_voor = len(rdw_server.vragen)
    assert services.controleer_kentekens_opnieuw() == {"gecontroleerd": 0, "rdw_bereikt": False}
    assert len(rdw_server.vragen) == vragen_voor + 1  # stopped after the first unanswered question
    rdw_server.traag = 0
    assert tasks.controleer_rdw_opnieuw() == {"gecontroleerd": 2, "rdw_bereikt": True}
    eerste.refresh_from_db()
    tweede.refresh_from_db()
    assert (eerste.rdw_uitslag, tweede.rdw_uitslag) == ("elektrisch", "plugin_hybride")


def test_geen_netwerk_binnen_een_transactie(rdw_server, dien_in, monkeypatch):
    from django.db import connection

    diepte = []
    echt = rdw._vraag

    def _vraag(*args):
        diepte.append(len(connection.atomic_blocks))
        return echt(*args)

    monkeypatch.setattr(rdw, "_vraag", _vraag)
    buiten = len(connection.atomic_blocks)  # pytest-django's own test transaction
    dien_in(kenteken="T-123-BB")
    # The service asks the RDW before it opens its transaction (no row lock is held while waiting).
    assert diepte == [buiten, buiten]
