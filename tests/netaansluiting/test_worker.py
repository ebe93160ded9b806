"""Batches formed by Celery itself: a real worker bundles when the connections are committed, and beat sends
a partial batch once its wait is over; the netbeheerder's e-mail goes out through the outbox."""

import datetime as dt

import pytest
from django.db import transaction

from netaansluiting import services
from netaansluiting.models import Batch, Netaansluiting
from plankaart.models import Locatie
from portal import klok
from portal.models import Taakrun
from tests.conftest import wacht_tot


@pytest.mark.django_db(transaction=True)
def test_worker_bundelt_bij_commit_en_beat_verstuurt_na_de_wachttijd(
    wereld, locatie_op, echte_worker, beat_voor, mailoutbox
):
    plekken = [locatie_op(1000 + 20 * i, status=Locatie.Status.DEFINITIEF) for i in range(81)]
    with transaction.atomic():  # one transaction, one bundling task
        for plek in plekken:
            services.vraag_aan(plek, wereld.cpo_mw)
    wacht_tot(
        lambda: (
            Batch.objects.filter(status=Batch.Status.OPEN).exists()
            and Batch.objects.filter(status=Batch.Status.VERZONDEN).exists()
        ),
        melding="de worker vormde geen batches",
    )
    assert Batch.objects.get(status=Batch.Status.VERZONDEN).regels.count() == 80
    assert Netaansluiting.objects.filter(status=Netaansluiting.Status.AANGEVRAAGD).count() == 80
    wacht_tot(
        lambda: any("80 aanvragen" in m.subject for m in mailoutbox),
        melding="geen e-mail aan de netbeheerder",
    )

    # Five working days later (here: its send-by date moved to yesterday) beat sends the one that waits.
    Batch.objects.filter(status=Batch.Status.OPEN).update(
        verzenden_uiterlijk=klok.vandaag() - dt.timedelta(days=1)
    )
    beat_voor("netaansluitingen-bundelen")
    wacht_tot(
        lambda: not Batch.objects.filter(status=Batch.Status.OPEN).exists(),
        melding="beat verstuurde de batch niet",
    )
    assert Netaansluiting.objects.filter(status=Netaansluiting.Status.AANGEVRAAGD).count() == 81
    assert Taakrun.objects.filter(
        taak="netaansluiting.tasks.bundel_aansluitingen", aantallen__verzonden=1
    ).exists()
