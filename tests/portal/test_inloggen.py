"""Login limits that cannot lock out a city, and account mails that do not tell who is registered."""

import datetime as dt
import re
import socket
import threading
import time

import pytest
from django.test import Client, RequestFactory

from portal import inlogbeveiliging, klok
from portal.celery import app as celery_app
from portal.models import Accountpoging, Bericht, Gebruiker
from portal.tasks import ruim_accountpogingen_op
from tests.conftest import WACHTWOORD, _vergeet_verbindingen

pytestmark = pytest.mark.django_db

INLOGGEN = "/account/inloggen/"
HERSTEL = "/account/wachtwoord-vergeten/"


@pytest.fixture(autouse=True)
def _korte_pauze(settings):
    settings.LOGIN_DELAY_SECONDS = 0.3


def inloggen(client, email, wachtwoord, **extra):
    return client.post(INLOGGEN, {"username": email, "password": wachtwoord}, **extra)


def zonder_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def link_uit(tekst: str) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", tekst).group(1)


def mailserver_plat(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1


# Item 7: login limits ---------------------------------------------------------------------------------


def test_dertig_mislukte_pogingen_van_anderen_houden_een_juist_wachtwoord_niet_tegen(client, wereld):
    # One address for everyone, as behind a proxy: 31 failures for other (known and unknown) accounts.
    for i in range(31):
        email = wereld.erijder2.email if i < 3 else f"iemand{i}@example.nl"
        inloggen(client, email, "verkeerd-wachtwoord")
    assert Accountpoging.objects.filter(ip="127.0.0.1").count() == 31
    begin = time.monotonic()
    juist = inloggen(Client(), wereld.erijder.email, WACHTWOORD)
    assert juist.status_code == 302
    assert time.monotonic() - begin >= 0.3  # a pause for this address, no refusal
    # A wrong password from that address is refused with when to try again.
    fout = inloggen(Client(), wereld.gemeente_a_mw.email, "verkeerd-wachtwoord")
    assert fout.status_code == 429
    assert re.search(r"duurt elke poging tot \d\d:\d\d wat langer", fout.content.decode())


def test_een_geslaagde_inlog_telt_niet_mee(client, wereld, settings):
    settings.LOGIN_RATE_PER_IP = "2/h"
    for _ in range(5):
        assert inloggen(Client(), wereld.erijder.email, WACHTWOORD).status_code == 302
    assert not Accountpoging.objects.exists()
    assert inloggen(client, wereld.erijder2.email, "fout-wachtwoord").status_code == 200


def test_mislukte_pogingen_per_account_blokkeren_en_de_eigenaar_krijgt_een_inloglink(
    client, wereld, mails, settings
):
    settings.LOGIN_RATE_PER_ACCOUNT = "3/15m"
    for _ in range(3):
        assert inloggen(client, wereld.erijder.email, "fout-wachtwoord").status_code == 200
    # From a browser that never logged in to this account, even the right password is not looked at.
    geblokkeerd = mails.na(inloggen, Client(), wereld.erijder.email, WACHTWOORD)
    html = geblokkeerd.content.decode()
    assert geblokkeerd.status_code == 429
    assert re.search(r"Te veel mislukte inlogpogingen voor dit e-mailadres\. Probeer het na \d\d:\d\d", html)
    assert "_auth_user_id" not in Client().session
    # Its owner got a one-time login link, once per block however often it is tried.
    mails.na(inloggen, Client(), wereld.erijder.email, "nog-een-fout")
    (mail,) = mails.outbox
    assert mail.to == [wereld.erijder.email]
    pad = link_uit(mail.body)
    eigenaar = Client()
    assert eigenaar.get(pad).status_code == 200  # a page with a button: a mail scanner uses nothing up
    ingelogd = eigenaar.post(pad)
    assert ingelogd.status_code == 302 and eigenaar.session["_auth_user_id"] == str(wereld.erijder.pk)
    assert Client().post(pad).status_code == 400  # once only
    # Another account from the same address is not blocked by this account's failures.
    assert inloggen(client, wereld.erijder2.email, WACHTWOORD).status_code == 302
    # Nothing was counted for the refused attempts, and the block ends by itself.
    with klok.vastgezet(klok.nu() + dt.timedelta(minutes=16)):
        assert inloggen(Client(), wereld.erijder.email, WACHTWOORD).status_code == 302


def test_eigen_browser_blijft_inloggen_terwijl_anderen_het_account_blokkeren(wereld, settings):
    settings.LOGIN_RATE_PER_ACCOUNT = "3/15m"
    eigen = Client()
    assert inloggen(eigen, wereld.erijder.email, WACHTWOORD).status_code == 302
    eigen.post("/account/uitloggen/")
    aanvaller = Client()
    for _ in range(5):
        inloggen(aanvaller, wereld.erijder.email, "geraden-wachtwoord")
    assert inloggen(aanvaller, wereld.erijder.email, WACHTWOORD).status_code == 429
    assert inloggen(eigen, wereld.erijder.email, WACHTWOORD).status_code == 302
    eigen.post("/account/uitloggen/")
    # The device cookie belongs to one account and cannot be forged.
    assert inloggen(eigen, wereld.erijder2.email, "fout").status_code == 200
    eigen.cookies[inlogbeveiliging.APPARAAT_COOKIE] = "vervalst"
    assert inloggen(eigen, wereld.erijder.email, WACHTWOORD).status_code == 429


def test_geblokkeerd_onbekend_adres_krijgt_hetzelfde_antwoord(wereld, mails, settings):
    settings.LOGIN_RATE_PER_ACCOUNT = "2/15m"
    antwoorden = {}
    for email in (wereld.erijder.email, "niemand@example.nl"):
        for _ in range(2):
            inloggen(Client(), email, "fout-wachtwoord")
        antwoord = mails.na(inloggen, Client(), email, "fout-wachtwoord")
        antwoorden[email] = (
            antwoord.status_code,
            zonder_csrf(antwoord.content.decode()).replace(email, "ADRES"),
        )
    assert antwoorden[wereld.erijder.email] == antwoorden["niemand@example.nl"]
    assert [m.to for m in mails.outbox] == [[wereld.erijder.email]]


def test_proxyheader_telt_alleen_als_hij_is_ingesteld(client, wereld, settings):
    settings.LOGIN_RATE_PER_IP = "3/h"
    # Not configured: X-Forwarded-For is anyone's to write, so all of these count for REMOTE_ADDR.
    for i in range(3):
        inloggen(client, f"a{i}@example.nl", "fout", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
    assert set(Accountpoging.objects.values_list("ip", flat=True)) == {"127.0.0.1"}
    assert inloggen(client, "b@example.nl", "fout", HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429
    # Configured (one proxy that appends the address it saw): each client counts for itself.
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_HOPS = 1
    antwoord = inloggen(client, "c@example.nl", "fout", HTTP_X_FORWARDED_FOR="vervalst, 203.0.113.7")
    assert antwoord.status_code == 200
    assert Accountpoging.objects.filter(email="c@example.nl", ip="203.0.113.7").exists()


@pytest.mark.parametrize(
    ("header", "hops", "waarde", "verwacht"),
    [
        ("", 1, "203.0.113.7", "10.0.0.1"),
        ("X-Forwarded-For", 1, "1.2.3.4, 203.0.113.7", "203.0.113.7"),
        ("X-Forwarded-For", 2, "1.2.3.4, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        ("X-Forwarded-For", 1, "geen-adres", None),
        ("X-Real-IP", 1, "[2001:db8::1]:443", "2001:db8::1"),
    ],
)
def test_clientadres(settings, header, hops, waarde, verwacht):
    settings.TRUSTED_PROXY_HEADER, settings.TRUSTED_PROXY_HOPS = header, hops
    sleutel = "HTTP_" + (header or "X-Forwarded-For").upper().replace("-", "_")
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", **{sleutel: waarde})
    assert inlogbeveiliging.client_ip(request) == verwacht


def test_limietnotatie():
    assert inlogbeveiliging.limiet("5/15m") == (5, dt.timedelta(minutes=15))
    assert inlogbeveiliging.limiet("30/h") == (30, dt.timedelta(hours=1))
    with pytest.raises(ValueError):
        inlogbeveiliging.limiet("30 per uur")


def test_oude_pogingen_worden_opgeruimd(wereld):
    inlogbeveiliging.leg_vast(Accountpoging.Soort.INLOGGEN_MISLUKT, "oud@example.nl", "127.0.0.1")
    with klok.vastgezet(klok.nu() + dt.timedelta(days=2)):
        inlogbeveiliging.leg_vast(Accountpoging.Soort.INLOGGEN_MISLUKT, "nieuw@example.nl", "127.0.0.1")
        assert ruim_accountpogingen_op() == 1
    assert list(Accountpoging.objects.values_list("email", flat=True)) == ["nieuw@example.nl"]


# Item 8: registration and password reset ----------------------------------------------------------------


def registreer(client, email):
    return client.post(
        "/account/registreren/",
        {
            "naam": "Nieuwe Rijder",
            "email": email,
            "wachtwoord": "lang-genoeg-wachtwoord",
            "wachtwoord2": "lang-genoeg-wachtwoord",
            "akkoord": "on",
        },
        follow=True,
    )


def test_registratie_met_bestaand_adres_geeft_dezelfde_pagina_en_mailt_de_eigenaar(wereld, mails):
    nieuw = mails.na(registreer, Client(), "nieuw@example.nl")
    bestaand = mails.na(registreer, Client(), wereld.erijder.email.upper())
    assert nieuw.redirect_chain == bestaand.redirect_chain == [("/account/registratie-verstuurd/", 302)]
    assert zonder_csrf(nieuw.content.decode()).replace("nieuw@example.nl", "ADRES") == zonder_csrf(
        bestaand.content.decode()
    ).replace(wereld.erijder.email, "ADRES")
    bevestiging, poging = mails.outbox
    assert bevestiging.to == ["nieuw@example.nl"] and poging.to == [wereld.erijder.email]
    assert "Iemand probeerde" in poging.body and "/account/wachtwoord-vergeten/" in poging.body
    # The existing account is untouched: its password is not the one the stranger typed.
    wereld.erijder.refresh_from_db()
    assert wereld.erijder.check_password(WACHTWOORD)
    assert Gebruiker.objects.filter(email__iexact=wereld.erijder.email).count() == 1


def test_registratie_met_mailserver_plat_geeft_hetzelfde_antwoord(wereld, mails, settings):
    mailserver_plat(settings)
    nieuw = mails.na(registreer, Client(), "nieuw@example.nl")
    bestaand = mails.na(registreer, Client(), wereld.erijder.email)
    assert nieuw.redirect_chain == bestaand.redirect_chain == [("/account/registratie-verstuurd/", 302)]
    # Both mails wait in the outbox for the retry sweep.
    assert Bericht.objects.filter(email_verzonden_op__isnull=True).count() == 2


@pytest.fixture
def smtp_dat_zwijgt():
    """A mail server that accepts the connection and then never answers (the slow way of being down)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    open_verbindingen = []
    klaar = threading.Event()

    def accepteer():
        server.settimeout(0.2)
        while not klaar.is_set():
            try:
                open_verbindingen.append(server.accept()[0])
            except OSError:
                continue

    draad = threading.Thread(target=accepteer, daemon=True)
    draad.start()
    yield server.getsockname()[1]
    klaar.set()
    draad.join()
    for verbinding in open_verbindingen:
        verbinding.close()
    server.close()


@pytest.fixture
def echte_wachtrij():
    """Tasks go to the broker (the test settings' queue) instead of running inside the request."""
    celery_app.conf.task_always_eager = False
    _vergeet_verbindingen()
    yield
    celery_app.conf.task_always_eager = True
    _vergeet_verbindingen()


@pytest.mark.parametrize("traag", [False, True], ids=["geweigerd", "zwijgt"])
def test_wachtwoord_herstellen_zelfde_antwoord_ook_met_mailserver_plat(
    wereld, settings, mails, traag, request
):
    mailserver_plat(settings)
    if traag:
        request.getfixturevalue("echte_wachtrij")
        settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = request.getfixturevalue("smtp_dat_zwijgt"), 3
    antwoorden, duur = [], []
    for email in (wereld.erijder.email, "onbekend@example.nl"):
        begin = time.monotonic()
        antwoord = mails.na(Client().post, HERSTEL, {"email": email}, follow=True)
        duur.append(time.monotonic() - begin)
        antwoorden.append(
            (antwoord.redirect_chain, antwoord.status_code, zonder_csrf(antwoord.content.decode()))
        )
    assert antwoorden[0] == antwoorden[1]
    assert antwoorden[0][0] == [("/account/wachtwoord-vergeten/verstuurd/", 302)]
    # The mail for the existing account waits in the outbox instead of showing as an error.
    (bericht,) = Bericht.objects.all()
    assert bericht.ontvanger == wereld.erijder and bericht.email_verzonden_op is None
    if traag:
        # Nobody waits for the mail server: both answers come well before its timeout.
        assert max(duur) < 1.5, duur


def test_herstelmail_hoogstens_drie_keer_per_uur_per_adres(wereld, mails):
    antwoorden = [mails.na(Client().post, HERSTEL, {"email": wereld.erijder.email}) for _ in range(5)]
    assert {a["Location"] for a in antwoorden} == {"/account/wachtwoord-vergeten/verstuurd/"}
    assert len(mails.outbox) == 3
    assert Bericht.objects.filter(ontvanger=wereld.erijder).count() == 3
    with klok.vastgezet(klok.nu() + dt.timedelta(minutes=61)):
        mails.na(Client().post, HERSTEL, {"email": wereld.erijder.email})
    assert len(mails.outbox) == 4


def test_herstelmails_per_clientadres_begrensd(wereld, mails, settings):
    settings.ACCOUNT_MAIL_RATE_PER_IP = "3/h"
    for i in range(3):
        assert mails.na(Client().post, HERSTEL, {"email": f"x{i}@example.nl"}).status_code == 302
    te_veel = mails.na(Client().post, HERSTEL, {"email": wereld.erijder.email})
    assert te_veel.status_code == 429
    assert re.search(
        r"Te veel aanvragen vanaf uw netwerk\. Probeer het na \d\d:\d\d", te_veel.content.decode()
    )
    assert mails.outbox == []


def test_pogingen_die_nog_lopen_tellen_al_mee(wereld, settings):
    # Three guesses in flight at once (their passwords not yet checked): a fourth parallel one is refused,
    # so a burst of parallel requests cannot slip past the limit.
    settings.LOGIN_RATE_PER_ACCOUNT = "3/15m"
    lopend = [inlogbeveiliging.beoordeel_inlog(wereld.erijder.email, "192.0.2.1") for _ in range(3)]
    assert all(o.account_geblokkeerd_tot is None for o in lopend)
    assert inlogbeveiliging.beoordeel_inlog(wereld.erijder.email, "192.0.2.2").account_geblokkeerd_tot
    # Once they turn out right, they count for nothing.
    for oordeel in lopend:
        inlogbeveiliging.niet_meetellen(oordeel)
    assert inlogbeveiliging.beoordeel_inlog(wereld.erijder.email, "192.0.2.2").account_geblokkeerd_tot is None


def test_nieuw_wachtwoord_via_de_mail_heft_de_blokkade_op(wereld, mails, settings):
    settings.LOGIN_RATE_PER_ACCOUNT = "3/15m"
    for _ in range(3):
        inloggen(Client(), wereld.erijder.email, "fout-wachtwoord")
    assert inloggen(Client(), wereld.erijder.email, WACHTWOORD).status_code == 429
    eigenaar = Client()
    mails.na(eigenaar.post, HERSTEL, {"email": wereld.erijder.email})
    formulier = eigenaar.get(link_uit(mails.outbox[-1].body), follow=True)
    nieuw = {"new_password1": "een-heel-nieuw-wachtwoord", "new_password2": "een-heel-nieuw-wachtwoord"}
    assert eigenaar.post(formulier.request["PATH_INFO"], nieuw).status_code == 302
    assert inloggen(Client(), wereld.erijder.email, "een-heel-nieuw-wachtwoord").status_code == 302


@pytest.fixture
def redis_gestopt(settings, tmp_path):
    """A cache on a real Redis process of our own, which is then stopped (never the machine's Redis)."""
    import subprocess

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        poort = s.getsockname()[1]
    proces = subprocess.Popen(
        ["redis-server", "--port", str(poort), "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", poort), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{poort}/0",
            }
        }
        from django.core.cache import cache

        cache.set("leeft", 1)
        assert cache.get("leeft") == 1
    finally:
        proces.terminate()
        proces.wait(timeout=10)
    yield


def test_inloggen_en_de_limieten_werken_met_redis_gestopt(wereld, settings, redis_gestopt):
    settings.LOGIN_RATE_PER_ACCOUNT = "2/15m"
    for _ in range(2):
        assert inloggen(Client(), wereld.erijder.email, "fout-wachtwoord").status_code == 200
    assert inloggen(Client(), wereld.erijder.email, WACHTWOORD).status_code == 429
    assert inloggen(Client(), wereld.erijder2.email, WACHTWOORD).status_code == 302
