"""The outbox: every message is a row first; delivery is retried until it succeeds, and sent once."""

import datetime as dt

import pytest

from portal import berichten, klok
from portal.models import Bericht
from portal.tasks import bezorg_openstaande_berichten

pytestmark = pytest.mark.django_db


def test_indienen_met_broker_onbereikbaar_verliest_niets(
    wereld, dien_in, mailoutbox, broker_onbereikbaar, django_capture_on_commit_callbacks
):
    # Any day: a fresh request on time warns nobody about the 16 weeks, so the receipt is the only message.
    with django_capture_on_commit_callbacks(execute=True):
        aanvraag = dien_in()
    assert aanvraag.pk is not None
    ontvangst = Bericht.objects.get(ontvanger=wereld.erijder)
    assert ontvangst.email_verzonden_op is None and mailoutbox == []
    # The sweep (run by beat once the broker is back) delivers it.
    with klok.vastgezet(ontvangst.aangemaakt_op + dt.timedelta(minutes=2)):
        assert bezorg_openstaande_berichten()["bezorgd"] == 1
    ontvangst.refresh_from_db()
    assert ontvangst.email_verzonden_op is not None
    assert [m.subject for m in mailoutbox] == [ontvangst.onderwerp]


def test_mailserver_onbereikbaar_wordt_later_opnieuw_geprobeerd(wereld, settings, mailoutbox):
    bericht = berichten.verstuur(wereld.erijder, "Onderwerp", "Tekst")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    assert berichten.bezorg(bericht.pk) is False
    bericht.refresh_from_db()
    assert bericht.pogingen == 1 and bericht.laatste_fout and bericht.email_verzonden_op is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with klok.vastgezet(klok.nu() + dt.timedelta(minutes=5)):
        assert bezorg_openstaande_berichten()["bezorgd"] == 1
        assert bezorg_openstaande_berichten()["bezorgd"] == 0  # sent once, not twice
    bericht.refresh_from_db()
    assert bericht.pogingen == 2 and bericht.laatste_fout == "" and len(mailoutbox) == 1


def test_herhaalronde_laat_verse_berichten_aan_de_commit_taak(wereld):
    berichten.verstuur(wereld.erijder, "Net gemaakt", "Tekst")
    assert bezorg_openstaande_berichten()["bezorgd"] == 0


def test_inbox_bericht_zonder_email_wordt_niet_gemaild(
    wereld, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        berichten.verstuur(wereld.cpo_mw, "Alleen in portaal", "Tekst", per_email=False)
    assert mailoutbox == []
    with klok.vastgezet(klok.nu() + dt.timedelta(minutes=5)):
        assert bezorg_openstaande_berichten()["bezorgd"] == 0
