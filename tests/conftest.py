"""A small world shared by the tests: two gemeenten of one CPO's concessie, a third gemeente with another
CPO, and a user for every role. Requests are made through the real services."""

import datetime as dt
import io
import os
import time

import kombu.pools
import pytest
from celery.beat import EmbeddedService
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from aanvragen import services
from aanvragen.models import Aanvraagvoorwaarden
from netaansluiting import services as netaansluitingservices
from plankaart.models import Locatie
from portal import klok
from portal.celery import app as celery_app
from portal.models import Concessie, Gebruiker, Organisatie
from verkeersbesluiten import services as besluitservices

WACHTWOORD = "geheim-wachtwoord-123"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
D = dt.date.fromisoformat


def om(datum: str, uur: int = 10):
    """Run a block as if it were `datum` at `uur` o'clock UTC."""
    return klok.vastgezet(dt.datetime.fromisoformat(f"{datum}T{uur:02d}:00:00+00:00"))


# Apeldoorn centre; inside gemeente A's box, 2 km from its edge.
IN_A = (52.2112, 5.9699)


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def pdf_upload(naam="kentekenbewijs.pdf", inhoud=PDF):
    return SimpleUploadedFile(naam, inhoud, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _schone_cache():
    # The login throttle lives in the cache; every test starts with a clean count.
    cache.clear()
    yield


@pytest.fixture
def wereld(db):
    class W:
        pass

    w = W()
    w.provincie = Organisatie.objects.create(naam="Provincie Testland", soort="provincie")
    w.gemeente_a = Organisatie.objects.create(
        naam="Gemeente Apeldoorn",
        soort="gemeente",
        cbs_code="0200",
        provincie=w.provincie,
        gebied={"bbox": [5.78, 52.10, 6.08, 52.32]},
    )
    w.gemeente_b = Organisatie.objects.create(
        naam="Gemeente Zutphen",
        soort="gemeente",
        cbs_code="0301",
        provincie=w.provincie,
        gebied={"bbox": [6.13, 52.07, 6.30, 52.17]},
    )
    w.gemeente_c = Organisatie.objects.create(
        naam="Gemeente Deventer", soort="gemeente", cbs_code="0150", provincie=w.provincie, gebied=None
    )
    Aanvraagvoorwaarden.objects.create(gemeente=w.gemeente_a)
    w.cpo = Organisatie.objects.create(naam="Laadnet Oost", soort="cpo")
    w.cpo_ander = Organisatie.objects.create(naam="Andere CPO", soort="cpo")
    w.netbeheerder = Organisatie.objects.create(naam="Netbeheer", soort="netbeheerder")
    w.netbeheerder.bediende_gemeenten.set([w.gemeente_a, w.gemeente_b])
    w.netbeheerder_ander = Organisatie.objects.create(naam="Ander Net", soort="netbeheerder")
    w.netbeheerder_ander.bediende_gemeenten.set([w.gemeente_c])
    c = Concessie.objects.create(naam="Concessie Oost", cpo=w.cpo, ingang=dt.date(2025, 1, 1))
    c.gemeenten.set([w.gemeente_a, w.gemeente_b])
    c2 = Concessie.objects.create(naam="Concessie Deventer", cpo=w.cpo_ander, ingang=dt.date(2025, 1, 1))
    c2.gemeenten.set([w.gemeente_c])

    def staf(email, org, rol="medewerker"):
        return Gebruiker.objects.create_user(
            email, WACHTWOORD, naam=email.split("@")[0], organisatie=org, rol=rol
        )

    w.erijder = Gebruiker.objects.create_user("eva@example.nl", WACHTWOORD, naam="Eva")
    w.erijder2 = Gebruiker.objects.create_user("daan@example.nl", WACHTWOORD, naam="Daan")
    w.cpo_mw = staf("cpo@example.nl", w.cpo, "coordinator")
    w.cpo_ander_mw = staf("cpo2@example.nl", w.cpo_ander)
    # The gemeenten's staff in most tests are coördinatoren (they publish and decide); a medewerker beside them.
    w.gemeente_a_mw = staf("apeldoorn@example.nl", w.gemeente_a, "coordinator")
    w.gemeente_a_medewerker = staf("medewerker-apeldoorn@example.nl", w.gemeente_a)
    w.gemeente_b_mw = staf("zutphen@example.nl", w.gemeente_b, "coordinator")
    w.netbeheerder_mw = staf("net@example.nl", w.netbeheerder)
    w.netbeheerder_ander_mw = staf("net2@example.nl", w.netbeheerder_ander)
    w.gemeente_c_mw = staf("deventer@example.nl", w.gemeente_c, "coordinator")
    w.provincie_mw = staf("prov@example.nl", w.provincie)
    return w


def gegevens(gemeente, **anders) -> services.Aanvraaggegevens:
    basis = dict(
        gemeente=gemeente,
        postcode="7311 AB",
        huisnummer=12,
        straat="Hoofdstraat",
        woonplaats="Apeldoorn",
        lat=IN_A[0],
        lon=IN_A[1],
        kenteken="AB-123-C",
        woont_of_werkt="woont",
        rijdt_elektrisch=True,
    )
    basis.update(anders)
    return services.Aanvraaggegevens(**basis)


@pytest.fixture
def dien_in(wereld):
    """File a request as an E-rijder through the service (default: Eva, in gemeente A)."""

    def _dien_in(aanvrager=None, gemeente=None, **anders):
        return services.dien_in(
            aanvrager or wereld.erijder,
            gegevens(gemeente or wereld.gemeente_a, **anders),
            ContentFile(PDF),
            "bewijs.pdf",
        )

    return _dien_in


@pytest.fixture
def mails(mailoutbox, django_capture_on_commit_callbacks):
    """Run on-commit side effects (the outbox delivery) and return the sent e-mails."""

    class Mails:
        def __init__(self):
            self.outbox = mailoutbox

        def na(self, functie, *args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return functie(*args, **kwargs)

    return Mails()


def _vergeet_verbindingen():
    # Celery and kombu keep connection and producer pools (kombu in a registry per broker URL);
    # empty both so the next publish connects to whatever broker is configured now.
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_onbereikbaar():
    """Point Celery at a port where nothing listens and stop running tasks in-process."""
    sleutels = ("task_always_eager", "broker_url", "broker_connection_timeout", "broker_transport_options")
    oud = {k: celery_app.conf[k] for k in sleutels}
    celery_app.conf.update(
        task_always_eager=False,
        broker_url="redis://127.0.0.1:1/0",
        broker_connection_timeout=0.5,
        broker_transport_options={"socket_connect_timeout": 0.5},
    )
    _vergeet_verbindingen()
    yield
    celery_app.conf.update(oud)
    _vergeet_verbindingen()


def punt_bij(lat: float, lon: float, noord_m: float = 0.0, oost_m: float = 0.0) -> tuple[float, float]:
    """The point exactly `noord_m` north and `oost_m` east of (lat, lon), measured in RD metres."""
    from portal import geo

    x, y = geo.naar_rd(lat, lon)
    return geo.naar_wgs84(x + oost_m, y + noord_m)


@pytest.fixture
def locatie_op(wereld):
    """Put a location on gemeente A's plankaart at a distance from IN_A (the default request pin)."""
    from plankaart.models import Locatie, Plankaart

    def _locatie_op(noord_m=0.0, oost_m=0.0, *, gemeente=None, **velden):
        lat, lon = punt_bij(*IN_A, noord_m, oost_m)
        gemeente = gemeente or wereld.gemeente_a
        plankaart = Plankaart.objects.filter(gemeente=gemeente).order_by("-versie").first()
        plankaart = plankaart or Plankaart.objects.create(gemeente=gemeente, jaar=2026)
        velden.setdefault("omschrijving", f"Plek {round(noord_m)} m noord, {round(oost_m)} m oost")
        return Locatie.objects.create(plankaart=plankaart, gemeente=gemeente, lat=lat, lon=lon, **velden)

    return _locatie_op


@pytest.fixture
def goedgekeurde_locatie(wereld, dien_in, locatie_op):
    """A plankaart location the gemeente approved for a request; `noord_m` spreads them out."""

    def maak(noord_m=0.0, *, aanvrager=None, datum: str = "2026-02-02"):
        from plankaart import services as plankaartservices

        with om(datum):
            plek = locatie_op(noord_m + 50)
            lat, lon = punt_bij(plek.lat, plek.lon, -50)
            aanvraag = dien_in(aanvrager=aanvrager, lat=lat, lon=lon)
            aanvraag = services.goedkeuren(aanvraag, wereld.cpo_mw)
            aanvraag = plankaartservices.kies(aanvraag, plek, wereld.cpo_mw)
            plek = plankaartservices.keur_goed(plek, wereld.gemeente_a_mw)
        aanvraag.refresh_from_db()
        return plek, aanvraag

    return maak


# A real Celery worker (and beat) on the configured broker: Redis in CI, the filesystem transport on a
# laptop without Redis.


def wacht_tot(voorwaarde, seconden=30, melding=""):
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        if voorwaarde():
            return
        time.sleep(0.2)
    pytest.fail(melding or "de voorwaarde werd niet waar")


@pytest.fixture
def echte_worker():
    if os.environ.get("CI"):
        assert celery_app.conf.broker_url.startswith("redis://"), "CI hoort de worker op Redis te draaien"
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        celery_app.conf.task_always_eager = True


@pytest.fixture
def beat_voor(tmp_path):
    """Celery beat in a thread running entries of the real schedule every half second instead of their own
    interval: `beat_voor("termijnen-bewaken", ...)`."""
    oud = celery_app.conf.beat_schedule
    gestart = []

    def start(*namen):
        celery_app.conf.beat_schedule = {naam: {"task": oud[naam]["task"], "schedule": 0.5} for naam in namen}
        beat = EmbeddedService(celery_app, thread=True, schedule_filename=str(tmp_path / "beat-schedule"))
        beat.start()
        gestart.append(beat)

    try:
        yield start
    finally:
        for beat in gestart:
            beat.stop()
        celery_app.conf.beat_schedule = oud


# Definitive locations for the realisation tests, reached through the real chain: a request, its approved spot,
# a verkeersbesluit published on 2 March 2026 (objection term to 13 April) and made definitive by the sweep on
# 14 April, which requests the grid connection.

DEFINITIEF_OP = "2026-04-14"


@pytest.fixture
def definitief(wereld, goedgekeurde_locatie):
    """Locations with a request behind each, in one verzamelverkeersbesluit that became definitive on 14 April
    2026: `definitief(2)` returns [(location, request), ...]. Their connections wait to be bundled."""

    def maak(aantal: int = 1, *, aanvrager=None):
        paren = [
            goedgekeurde_locatie(noord_m=300 * i, aanvrager=aanvrager if i == 0 else None)
            for i in range(aantal)
        ]
        with om("2026-03-02"):
            besluit = besluitservices.maak_concept(
                wereld.gemeente_a, wereld.gemeente_a_mw, titel="Laadpalen", locaties=[p for p, _ in paren]
            )
            besluitservices.publiceer(
                besluit,
                wereld.gemeente_a_mw,
                bekendmaking_op=dt.date(2026, 3, 2),
                vindplaats="Gemeenteblad 2026, 1",
            )
        with om(DEFINITIEF_OP, 1):
            besluitservices.maak_definitief_wat_klaar_is()
        return [(Locatie.objects.get(pk=p.pk), a.__class__.objects.get(pk=a.pk)) for p, a in paren]

    return maak


@pytest.fixture
def proactief(wereld, locatie_op):
    """`proactief(n)`: n definitive proactive locations (no request behind them) whose connections the CPO
    requested; they wait to be bundled."""

    def maak(aantal: int, *, datum: str = DEFINITIEF_OP, gemeente=None):
        aansluitingen = []
        with om(datum):
            for i in range(aantal):
                plek = locatie_op(
                    1000 + 20 * i,
                    gemeente=gemeente,
                    status=Locatie.Status.DEFINITIEF,
                    proactief=True,
                    proactief_jaar=2026,
                )
                aansluitingen.append(netaansluitingservices.vraag_aan(plek, wereld.cpo_mw))
        return aansluitingen

    return maak
