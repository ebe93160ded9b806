"""A Redis outage must not take the portal down.

Each test starts a redis-server of its own on a free port (never the machine's Redis), points the cache (and
where the test publishes tasks, the Celery broker) at it, and then stops or freezes that process: login, the
public map and a location transition must still answer, nothing 500, and what was not published is delivered
by the sweep later.
"""

import datetime as dt
import logging
import os
import signal
import socket
import subprocess
import time
from contextlib import contextmanager

import kombu.pools
import pytest
import redis
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from aanvragen import services as aanvraagservices
from plankaart import services as plankaartservices
from plankaart.models import Locatie
from portal import klok, taken
from portal.celery import app as celery_app
from portal.models import Bericht
from portal.tasks import bezorg_berichten, bezorg_openstaande_berichten
from tests.conftest import IN_A, WACHTWOORD, punt_bij

pytestmark = pytest.mark.skipif(
    subprocess.run(["which", "redis-server"], capture_output=True).returncode != 0,
    reason="redis-server is niet geïnstalleerd",
)


class RedisProces:
    """One redis-server process of the test; stop() kills it, bevries() leaves it hanging (SIGSTOP)."""

    def __init__(self, map_, poort: int | None = None):
        if poort is None:
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                poort = s.getsockname()[1]
        self.poort = poort
        map_.mkdir(parents=True, exist_ok=True)
        self.proces = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.poort),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--dir",
                str(map_),
            ],
            stdout=subprocess.DEVNULL,
        )
        einde = time.monotonic() + 10
        while True:
            try:
                if redis.Redis(port=self.poort, socket_timeout=0.5).ping():
                    break
            except redis.ConnectionError:
                if time.monotonic() > einde:
                    raise
                time.sleep(0.05)

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.poort}/{db}"

    def sleutels(self, db: int) -> int:
        return redis.Redis(port=self.poort, db=db, socket_timeout=1).dbsize()

    def bevries(self) -> None:
        os.kill(self.proces.pid, signal.SIGSTOP)

    def stop(self) -> None:
        if self.proces.poll() is None:
            os.kill(self.proces.pid, signal.SIGCONT)
            self.proces.kill()
            self.proces.wait(timeout=10)


@pytest.fixture
def redis_proces(tmp_path):
    proces = RedisProces(tmp_path)
    yield proces
    proces.stop()


@pytest.fixture
def cache_op_redis(settings, redis_proces):
    """The cache as the full-stack settings configure it, on the test's Redis (database 1)."""
    settings.CACHES = {
        "default": {"BACKEND": "portal.cache.FailOpenRedisCache", "LOCATION": redis_proces.url(1)}
    }
    cache.set("leeft", 1)
    assert cache.get("leeft") == 1 and redis_proces.sleutels(1) == 1
    yield redis_proces


def _vergeet_verbindingen():
    # Celery and kombu pool connections per broker URL; the next publish must connect to the broker set now.
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def broker_op(redis_proces, *, socket_timeout: float = 1.0):
    """Celery publishing for real (not eager) to the test's Redis (database 0); restored afterwards."""
    sleutels = ("task_always_eager", "broker_url", "broker_transport_options")
    oud = {k: celery_app.conf[k] for k in sleutels}
    celery_app.conf.update(
        task_always_eager=False,
        broker_url=redis_proces.url(0),
        broker_transport_options={"socket_connect_timeout": 0.5, "socket_timeout": socket_timeout},
    )
    _vergeet_verbindingen()
    try:
        yield
    finally:
        celery_app.conf.update(oud)
        _vergeet_verbindingen()


def test_inloggen_werkt_met_redis_gestopt(wereld, cache_op_redis):
    client = Client()
    assert client.get(reverse("login")).status_code == 200
    cache_op_redis.stop()
    fout = client.post(reverse("login"), {"username": wereld.erijder.email, "password": "fout-wachtwoord"})
    assert fout.status_code == 200
    antwoord = client.post(reverse("login"), {"username": wereld.erijder.email, "password": WACHTWOORD})
    assert antwoord.status_code == 302
    # The session lives in the database: the next page knows who this is.
    start = client.get(reverse("start"), follow=True)
    assert start.status_code == 200 and start.wsgi_request.user == wereld.erijder


def test_de_cache_doet_zonder_redis_alsof_er_niets_in_staat_en_herstelt_daarna(
    redis_proces, tmp_path, monkeypatch, caplog
):
    from portal.cache import FailOpenRedisCache

    monkeypatch.setattr(FailOpenRedisCache, "RETRY_AFTER", 0.0)
    c = FailOpenRedisCache(redis_proces.url(1), {})
    c.set("a", 1)
    assert c.get("a") == 1
    redis_proces.stop()
    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        assert c.get("a") is None and c.get("a", "standaard") == "standaard"
        assert c.get_many(["a", "b"]) == {} and not c.has_key("a")
        assert c.set("a", 2) is None and c.add("b", 1) is False and c.touch("a") is False
        assert c.set_many({"a": 1, "b": 2}) == ["a", "b"] and c.delete("a") is False
        assert c.delete_many(["a"]) is None and c.clear() is None
        assert c.get_or_set("v", 7) == 7
        with pytest.raises(ValueError):  # like a missing key: callers set it instead
            c.incr("v")
    # Rate-limited: one warning for the whole run of calls, not one per call.
    assert len([r for r in caplog.records if r.name == "portal.cache"]) == 1

    terug = RedisProces(tmp_path / "terug", poort=redis_proces.poort)
    try:
        with caplog.at_level(logging.WARNING, logger="portal.cache"):
            c.set("a", 3)
            assert c.get("a") == 3
        assert "weer bereikbaar" in caplog.records[-1].getMessage()
    finally:
        terug.stop()


def _kaart(client, **extra):
    lat, lon = IN_A
    bbox = f"{lon - 0.01},{lat - 0.01},{lon + 0.01},{lat + 0.01}"
    return client.get("/api/v1/kaart/locaties/", {"bbox": bbox, "zoom": 16, **extra})


def test_publieke_kaart_werkt_met_redis_gestopt_en_toont_de_actuele_stand(wereld, locatie_op, cache_op_redis):
    eerste = locatie_op(100)
    client = Client()
    antwoord = _kaart(client)
    assert antwoord.status_code == 200 and [f["id"] for f in antwoord.json()["features"]] == [eerste.pk]
    assert cache_op_redis.sleutels(1) > 1  # the answer was cached in Redis: the test exercises the cache

    cache_op_redis.stop()
    tweede = locatie_op(200)
    antwoord = _kaart(client)
    assert antwoord.status_code == 200
    assert {f["id"] for f in antwoord.json()["features"]} == {eerste.pk, tweede.pk}
    assert client.get(f"/api/v1/kaart/locaties/{tweede.pk}/").status_code == 200


def test_een_hangende_redis_kost_de_kaart_hooguit_een_keer_een_korte_wachttijd(
    wereld, locatie_op, cache_op_redis, caplog
):
    locatie_op(100)
    client = Client()
    assert _kaart(client).status_code == 200
    cache_op_redis.bevries()  # accepts connections, never answers: the worst kind of outage
    begin = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        antwoorden = [_kaart(client, status=s) for s in ("", "kandidaat", "bestaand", "bezwaar")]
    duur = time.monotonic() - begin
    assert [a.status_code for a in antwoorden] == [200] * 4
    # One socket timeout (1 s) for the first call; the backend then leaves Redis alone for a while.
    assert duur < 4, duur
    meldingen = [r for r in caplog.records if r.name == "portal.cache"]
    assert len(meldingen) == 1 and "onbereikbaar" in meldingen[0].getMessage()


@pytest.fixture
def voorstel(wereld, dien_in, locatie_op):
    """A location the CPO proposed for an E-rijder's approved request; the gemeente decides next."""

    def maak(noord_m: float = 0.0, aanvrager=None):
        plek = locatie_op(noord_m + 100)
        lat, lon = punt_bij(plek.lat, plek.lon, -100)
        aanvraag = aanvraagservices.goedkeuren(dien_in(aanvrager=aanvrager, lat=lat, lon=lon), wereld.cpo_mw)
        plankaartservices.kies(aanvraag, plek, wereld.cpo_mw)
        plek.refresh_from_db()
        assert plek.status == Locatie.Status.VOORGESTELD
        return plek

    return maak


def _keur_goed(client, plek):
    return client.post(reverse("plankaart:locatie", args=[plek.pk]), {"actie": "goedkeuren"})


# Transactional: the side effects run on a real commit, as in production.
@pytest.mark.django_db(transaction=True)
def test_transitie_met_redis_gestopt_antwoordt_een_keer_en_verliest_niets(
    wereld, voorstel, cache_op_redis, mailoutbox, caplog
):
    plek = voorstel()
    client = Client()
    client.force_login(wereld.gemeente_a_mw)
    assert _kaart(client).status_code == 200
    al_gemaild = len(mailoutbox)
    with broker_op(cache_op_redis):
        assert taken.publiceer(bezorg_berichten, [])  # the broker takes tasks while Redis lives
        assert cache_op_redis.sleutels(0) > 0
        cache_op_redis.stop()
        with caplog.at_level(logging.WARNING):
            antwoord = _keur_goed(client, plek)
        assert antwoord.status_code == 302
        assert client.get(antwoord.url).status_code == 200
        plek.refresh_from_db()
        assert plek.status == Locatie.Status.GOEDGEKEURD
        # Saved once: doing it again is "not from this state", not a second approval.
        assert _keur_goed(client, plek).status_code == 409
        assert "Broker onbereikbaar" in caplog.text

    # The E-rijder's e-mail is an outbox row that did not go out at commit time...
    (bericht,) = Bericht.objects.filter(ontvanger=wereld.erijder, per_email=True, email_verzonden_op=None)
    assert "keurde de plek" in bericht.onderwerp and len(mailoutbox) == al_gemaild
    # ...and the beat sweep delivers it (it leaves messages younger than a minute to their own task).
    with klok.vastgezet(klok.nu() + dt.timedelta(minutes=2)):
        assert bezorg_openstaande_berichten()["bezorgd"] >= 1
    bericht.refresh_from_db()
    assert bericht.email_verzonden_op is not None
    assert [m.to for m in mailoutbox if m.subject == bericht.onderwerp] == [[wereld.erijder.email]]


@pytest.mark.django_db(transaction=True)
def test_een_hangende_broker_houdt_hooguit_een_verzoek_op(wereld, voorstel, cache_op_redis):
    """A frozen Redis costs a publish two or three socket timeouts (here 3 s each); after one such failure the process
    stops trying that broker for a while, so the next transition answers at once (its e-mail waits for the
    outbox sweep)."""
    eerste, tweede = voorstel(), voorstel(3000, aanvrager=wereld.erijder2)
    client = Client()
    client.force_login(wereld.gemeente_a_mw)
    with broker_op(cache_op_redis, socket_timeout=3.0):
        assert taken.publiceer(bezorg_berichten, [])
        cache_op_redis.bevries()
        assert _keur_goed(client, eerste).status_code == 302
        begin = time.monotonic()
        assert _keur_goed(client, tweede).status_code == 302
        duur = time.monotonic() - begin
    assert duur < 4, duur  # at most the cache's one timeout of 1 s, never the broker's 6 s or more
    assert Bericht.objects.filter(per_email=True, email_verzonden_op=None).count() >= 2
