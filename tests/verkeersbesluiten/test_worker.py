"""The "communiceren met CPO" step without a person: Celery beat runs the sweep on a real worker, the decision
becomes definitive the day after its objection term, and the CPO's e-mail goes out, once."""

import datetime as dt
import time

import pytest

from portal import klok
from portal.models import Bericht, Taakrun
from tests.conftest import wacht_tot
from verkeersbesluiten import services
from verkeersbesluiten.models import Verkeersbesluit


@pytest.mark.django_db(transaction=True)
def test_beat_en_worker_maken_het_besluit_definitief_en_mailen_de_cpo(
    wereld, goedgekeurde_locatie, mailoutbox, echte_worker, beat_voor
):
    # Published 50 days ago: the objection term (42 days and perhaps a weekend) is over.
    bekendmaking = klok.vandaag() - dt.timedelta(days=50)
    plek, aanvraag = goedgekeurde_locatie(datum=(bekendmaking - dt.timedelta(days=5)).isoformat())
    with klok.vastgezet(klok.nu() - dt.timedelta(days=50)):
        besluit = services.maak_concept(
            wereld.gemeente_a, wereld.gemeente_a_mw, titel="Loolaan", locaties=[plek]
        )
        besluit = services.publiceer(
            besluit, wereld.gemeente_a_mw, bekendmaking_op=bekendmaking, vindplaats="Gbl 1"
        )
    assert besluit.bezwaartermijn_einde < klok.vandaag()

    beat_voor("verkeersbesluiten-definitief")

    def definitief_en_gemaild():
        return Bericht.objects.filter(
            ontvanger=wereld.cpo_mw, onderwerp__endswith="is definitief", email_verzonden_op__isnull=False
        ).exists()

    wacht_tot(definitief_en_gemaild, melding="beat en worker maakten het besluit niet definitief")
    besluit.refresh_from_db()
    aanvraag.refresh_from_db()
    assert besluit.status == Verkeersbesluit.Status.DEFINITIEF and aanvraag.status == "wacht_op_realisatie"
    assert any(besluit.nummer in m.subject and m.to == [wereld.cpo_mw.email] for m in mailoutbox)
    assert Taakrun.objects.filter(
        taak="verkeersbesluiten.tasks.maak_verkeersbesluiten_definitief", aantallen__definitief=1
    ).exists()
    time.sleep(1.5)  # beat keeps firing every half second; the decision became definitive once
    assert Bericht.objects.filter(ontvanger=wereld.cpo_mw, onderwerp__endswith="is definitief").count() == 1
