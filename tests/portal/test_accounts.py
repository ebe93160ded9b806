import re

import pytest

from portal.models import Gebruiker

pytestmark = pytest.mark.django_db


def registreer(client, email="nieuw@example.nl", **anders):
    data = {
        "naam": "Nieuwe Rijder",
        "email": email,
        "wachtwoord": "lang-genoeg-wachtwoord",
        "wachtwoord2": "lang-genoeg-wachtwoord",
        "akkoord": "on",
    }
    data.update(anders)
    return client.post("/account/registreren/", data)


def link_uit(mail) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", mail.body).group(1)


def test_registreren_bevestigen_inloggen(client, mailoutbox):
    antwoord = registreer(client)
    assert antwoord.status_code == 302 and antwoord["Location"] == "/account/registratie-verstuurd/"
    gebruiker = Gebruiker.objects.get(email="nieuw@example.nl")
    assert not gebruiker.is_active and gebruiker.is_erijder
    (mail,) = mailoutbox
    pad = link_uit(mail)
    # Not confirmed yet: the login says what to do.
    geweigerd = client.post(
        "/account/inloggen/", {"username": "nieuw@example.nl", "password": "lang-genoeg-wachtwoord"}
    )
    assert "nog niet bevestigd" in geweigerd.content.decode()
    assert client.get(pad).status_code == 302
    gebruiker.refresh_from_db()
    assert gebruiker.is_active
    assert client.get(pad).status_code == 302  # following the link again is harmless
    ingelogd = client.post(
        "/account/inloggen/", {"username": "NIEUW@example.nl", "password": "lang-genoeg-wachtwoord"}
    )
    assert ingelogd.status_code == 302
    assert client.get("/", follow=True).request["PATH_INFO"] == "/aanvragen/"
    client.post("/account/uitloggen/")
    assert client.get("/aanvragen/").status_code == 302


def test_vervalste_bevestigingslink(client, mailoutbox):
    registreer(client)
    pad = link_uit(mailoutbox[0])
    assert client.get(pad[:-3] + "xyz/").status_code == 400
    assert not Gebruiker.objects.get(email="nieuw@example.nl").is_active


@pytest.mark.parametrize(
    ("anders", "veld"),
    [
        ({"wachtwoord2": "anders-wachtwoord-1"}, "wachtwoord2"),
        ({"wachtwoord": "1234567890", "wachtwoord2": "1234567890"}, "wachtwoord"),
        ({"akkoord": ""}, "akkoord"),
        ({"email": "geen-email"}, "email"),
    ],
)
def test_registratiefouten_bewaren_invoer(client, anders, veld):
    antwoord = registreer(client, **anders)
    assert antwoord.status_code == 200 and veld in antwoord.context["form"].errors
    assert 'value="Nieuwe Rijder"' in antwoord.content.decode()
    assert not Gebruiker.objects.exists()


def test_dubbel_emailadres(client, wereld):
    antwoord = registreer(client, email="EVA@example.nl")
    assert "bestaat al een account" in antwoord.content.decode()


def test_bevestigingsmail_opnieuw_zonder_te_verraden_wie_bestaat(client, mailoutbox):
    registreer(client)
    mailoutbox.clear()
    client.post("/account/opnieuw-bevestigen/", {"email": "nieuw@example.nl"})
    client.post("/account/opnieuw-bevestigen/", {"email": "onbekend@example.nl"})
    assert [m.to for m in mailoutbox] == [["nieuw@example.nl"]]


def test_mailserver_onbereikbaar_bij_registratie(client, settings, mailoutbox):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    antwoord = registreer(client)
    assert antwoord["Location"] == "/account/opnieuw-bevestigen/"
    assert Gebruiker.objects.filter(email="nieuw@example.nl").exists()  # the account is not lost
    pagina = client.get("/account/opnieuw-bevestigen/").content.decode()
    assert "kon nu niet worden verstuurd" in pagina


def test_wachtwoord_herstellen(client, wereld, mailoutbox):
    client.post("/account/wachtwoord-vergeten/", {"email": wereld.erijder.email})
    (mail,) = mailoutbox
    pad = link_uit(mail)
    formulier = client.get(pad, follow=True)
    nieuw = {"new_password1": "nog-een-nieuw-wachtwoord", "new_password2": "nog-een-nieuw-wachtwoord"}
    assert client.post(formulier.request["PATH_INFO"], nieuw).status_code == 302
    wereld.erijder.refresh_from_db()
    assert wereld.erijder.check_password("nog-een-nieuw-wachtwoord")


def test_inloggen_wordt_afgeremd(client, wereld, settings):
    settings.LOGIN_RATE_PER_ACCOUNT = "3/5m"
    for _ in range(3):
        fout = client.post("/account/inloggen/", {"username": wereld.erijder.email, "password": "fout"})
        assert fout.status_code == 200
    geblokkeerd = client.post(
        "/account/inloggen/", {"username": wereld.erijder.email, "password": "geheim-wachtwoord-123"}
    )
    assert geblokkeerd.status_code == 429 and "Te veel mislukte inlogpogingen" in geblokkeerd.content.decode()
    # Another account from the same address is not blocked by this account's limit.
    ander = client.post(
        "/account/inloggen/", {"username": wereld.erijder2.email, "password": "geheim-wachtwoord-123"}
    )
    assert ander.status_code == 302


def test_wachtwoord_herstellen_met_mailserver_onbereikbaar(client, wereld, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    antwoord = client.post("/account/wachtwoord-vergeten/", {"email": wereld.erijder.email})
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert "kon nu niet worden verstuurd" in html and wereld.erijder.email in html
