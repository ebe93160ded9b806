"""The sweep that makes a decision definitive once the term has passed and no objection is open; the CPO is told at once."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import QuerySet

from aanvragen import services as aanvraagservices
from netaansluiting import services as netaansluitingservices
from plankaart import kaart
from portal import bewaking, klok, transities, verzoekgeheugen
from verkeersbesluiten import meldingen, selectors
from verkeersbesluiten.meldingen import waarden_van
from verkeersbesluiten.models import Verkeersbesluit
from verkeersbesluiten.services.basis import S, _kenmerken
from verkeersbesluiten.services.concepten import regels_van


def maak_definitief(besluit: Verkeersbesluit) -> Verkeersbesluit:
    """The term has passed and no objection is open: the decision and its locations are definitive, the
    requests move on to realisation, and the CPO is told at once (seed 000: "communiceren met CPO")."""
    with transaction.atomic():
        besluit = transities.voer_uit(besluit, "definitief_maken", None, volgt=True)
        # All its locations at once: one lock, one UPDATE, one history INSERT; a location no longer in procedure
        # (taken out after an objection) is left as it is.
        locaties, _niet_in_procedure = transities.voer_uit_velen(
            [regel.locatie for regel in regels_van(besluit)],
            "definitief_maken",
            None,
            volgt=True,
            gegevens=_kenmerken(besluit),
        )
        for locatie in locaties:
            netaansluitingservices.vraag_vanzelf_aan(locatie, None)
        waarden = waarden_van(besluit)
        meldingen.definitief(besluit, waarden)
        aanvraagservices.vermeld_bij_aanvragen(
            locaties,
            "verkeersbesluit_definitief",
            None,
            _kenmerken(besluit),
            *meldingen.definitief_voor_erijders(waarden),
            # A location of a proactive list that the CPO planned in a quarter: the requester hears that date now.
            aanvulling=aanvraagservices.geplande_proactieve_datum,
        )
        transaction.on_commit(kaart.vernieuw)
    return besluit


def klaar_om_definitief(vandaag: dt.date | None = None) -> QuerySet[Verkeersbesluit]:
    """Published decisions whose objection term has passed and that have no open objection."""
    vandaag = vandaag or klok.vandaag()
    return Verkeersbesluit.objects.filter(status=S.GEPUBLICEERD, bezwaartermijn_einde__lt=vandaag).exclude(
        selectors.open_bezwaren()
    )


def _maak_definitief_als_klaar(besluit: Verkeersbesluit) -> None:
    if klaar_om_definitief().filter(pk=besluit.pk).exists():
        maak_definitief(besluit)


def maak_definitief_wat_klaar_is(vandaag: dt.date | None = None) -> dict:
    """The sweep (Celery beat): every decision whose term has passed without open objection becomes definitive,
    once, however often it runs and however many workers run it."""
    # One memory for the run: each gemeente's concessie, netbeheerder and policy are read once, not per
    # decision and location (portal.verzoekgeheugen; emptied if a concessie changes meanwhile).
    with verzoekgeheugen.verzoek():
        telling = bewaking.veeg(
            lambda: klaar_om_definitief(vandaag).order_by("bezwaartermijn_einde", "pk"),
            lambda besluiten: [maak_definitief(b) for b in besluiten],
            partij=50,
        )
    uitkomst = {"definitief": telling.verwerkt, "fouten": telling.fouten}
    if telling.mislukt:
        uitkomst["mislukt"] = telling.mislukt[:20]
    return uitkomst
