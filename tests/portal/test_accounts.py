import re

import pytest

from portal.models import Bericht, Gebruiker

pytestmark = pytest.mark.django_db


def registreer(client, email="nieuw@example.nl", mails=None, **anders):
    data = {
        "naam": "Nieuwe Rijder",
        "email": email,
        "wachtwoord": "lang-genoeg-wachtwoord",
        "wachtwoord2": "lang-genoeg-wachtwoord",
        "akkoord": "on",
    }
    data.update(anders)
    if mails is not None:  # deliver the outbox mails on commit
        return mails.na(client.post, "/account/registreren/", data)
    return client.post("/account/registreren/", data)


def link_uit(mail) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", mail.body).group(1)


def test_registreren_bevestigen_inloggen(client, mails):
    antwoord = registreer(client, mails=mails)
    assert antwoord.status_code == 302 and antwoord["Location"] == "/account/registratie-verstuurd/"
    gebruiker = Gebruiker.objects.get(email="nieuw@example.nl")
    assert not gebruiker.is_active and gebruiker.is_erijder
    (mail,) = mails.outbox
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


def test_vervalste_bevestigingslink(client, mails):
    registreer(client, mails=mails)
    pad = link_uit(mails.outbox[0])
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


def test_bevestigingsmail_opnieuw_zonder_te_verraden_wie_bestaat(client, mails):
    registreer(client, mails=mails)
    mails.outbox.clear()
    bestaand = mails.na(client.post, "/account/opnieuw-bevestigen/", {"email": "nieuw@example.nl"})
    onbekend = mails.na(client.post, "/account/opnieuw-bevestigen/", {"email": "onbekend@example.nl"})
    assert [m.to for m in mails.outbox] == [["nieuw@example.nl"]]
    assert bestaand["Location"] == onbekend["Location"] == "/account/registratie-verstuurd/"


def test_mailserver_onbereikbaar_bij_registratie(client, settings, mails):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    antwoord = registreer(client, mails=mails)
    # The confirmation waits in the outbox; the sweep sends it once the mail server is back.
    assert antwoord["Location"] == "/account/registratie-verstuurd/"
    gebruiker = Gebruiker.objects.get(email="nieuw@example.nl")  # the account is not lost
    (bericht,) = Bericht.objects.filter(ontvanger=gebruiker)
    assert bericht.email_verzonden_op is None and bericht.laatste_fout


def test_wachtwoord_herstellen(client, wereld, mails):
    mails.na(client.post, "/account/wachtwoord-vergeten/", {"email": wereld.erijder.email})
    (mail,) = mails.outbox
    pad = link_uit(mail)
    formulier = client.get(pad, follow=True)
    nieuw = {"new_password1": "nog-een-nieuw-wachtwoord", "new_password2": "nog-een-nieuw-wachtwoord"}
    assert client.post(formulier.request["PATH_INFO"], nieuw).status_code == 302
    wereld.erijder.refresh_from_db()
    assert wereld.erijder.check_password("nog-een-nieuw-wachtwoord")
