"""A real Celery worker (and beat) on the configured broker: Redis in CI, the filesystem transport on a
laptop without Redis."""

import datetime as dt
import time

import pytest

from aanvragen.models import Aanvraag
from portal import klok
from portal.models import Bericht, Taakrun
from tests.conftest import wacht_tot


@pytest.mark.django_db(transaction=True)
def test_worker_bezorgt_ontvangstbevestiging(wereld, dien_in, mailoutbox, echte_worker):
    aanvraag = dien_in()  # commits; on commit the delivery task goes to the broker
    bericht = Bericht.objects.get(ontvanger=wereld.erijder)

    def bezorgd():
        bericht.refresh_from_db()
        return bericht.email_verzonden_op is not None

    wacht_tot(bezorgd, melding="de worker bezorgde de ontvangstbevestiging niet")
    assert any(aanvraag.nummer in m.subject for m in mailoutbox)


@pytest.mark.django_db(transaction=True)
def test_beat_en_worker_escaleren_een_zaak_over_de_termijn(
    wereld, dien_in, mailoutbox, echte_worker, beat_voor
):
    beat_voor("termijnen-bewaken")
    aanvraag = dien_in()
    gisteren = klok.vandaag() - dt.timedelta(days=1)
    # Put the case past its due date, as if the CPO let the check lie for a week.
    Aanvraag.objects.filter(pk=aanvraag.pk).update(
        termijn_uiterlijk=gisteren, termijn_herinneren_op=None, termijn_escaleren_op=klok.vandaag()
    )

    def geescaleerd_en_gemaild():
        return Bericht.objects.filter(
            ontvanger=wereld.cpo_mw,
            onderwerp__startswith="Termijn verstreken",
            email_verzonden_op__isnull=False,
        ).exists()

    wacht_tot(geescaleerd_en_gemaild, melding="beat en worker stuurden geen escalatie")
    assert any(aanvraag.nummer in m.subject and m.to == [wereld.cpo_mw.email] for m in mailoutbox)
    assert Taakrun.objects.filter(taak="portal.tasks.bewaak_termijnen", aantallen__escalaties=1).exists()
    # Beat keeps firing every half second; the escalation still went out once.
    time.sleep(1.5)
    assert Bericht.objects.filter(onderwerp__startswith="Termijn verstreken").count() == 1
