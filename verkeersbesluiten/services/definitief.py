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
    return maak_definitief_velen([besluit])[0]


def maak_definitief_velen(besluiten: list[Verkeersbesluit]) -> list[Verkeersbesluit]:
    """maak_definitief for the decisions of one sweep batch: each decision and its locations move as before, the
    grid connections of all their locations are requested together, and each CPO gets one message naming every
    decision (and one listing the connections it must request by hand), not one per decision or location."""
    with transaction.atomic():
        definitief, locaties_van = [], {}
        for besluit in besluiten:
            besluit = transities.voer_uit(besluit, "definitief_maken", None, volgt=True)
            # All its locations at once: one lock, one UPDATE, one history INSERT; a location no longer in
            # procedure (taken out after an objection) is left as it is.
            locaties_van[besluit.pk], _niet_in_procedure = transities.voer_uit_velen(
                [regel.locatie for regel in regels_van(besluit)],
                "definitief_maken",
                None,
                volgt=True,
                gegevens=_kenmerken(besluit),
            )
            definitief.append(besluit)
        aansluitingen = netaansluitingservices.vraag_vanzelf_aan_velen(
            [locatie for besluit in definitief for locatie in locaties_van[besluit.pk]], None
        )
        waarden = {
            besluit.pk: {
                **waarden_van(besluit),
                # What the CPO reads about the connections must be true per decision.
                "aangevraagd": sum(locatie.pk in aansluitingen for locatie in locaties_van[besluit.pk]),
            }
            for besluit in definitief
        }
        meldingen.definitief(definitief, waarden)
        for besluit in definitief:
            aanvraagservices.vermeld_bij_aanvragen(
                locaties_van[besluit.pk],
                "verkeersbesluit_definitief",
                None,
                _kenmerken(besluit),
                *meldingen.definitief_voor_erijders(waarden[besluit.pk]),
                # A location of a proactive list that the CPO planned in a quarter: the requester hears that
                # date now.
                aanvulling=aanvraagservices.geplande_proactieve_datum,
            )
        transaction.on_commit(kaart.vernieuw)
    return definitief


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
            maak_definitief_velen,
            # One batch is one transaction and one message per CPO: a day's decisions usually fit in one.
            partij=200,
        )
    uitkomst = {"definitief": telling.verwerkt, "fouten": telling.fouten}
    if telling.mislukt:
        uitkomst["mislukt"] = telling.mislukt[:20]
    return uitkomst
