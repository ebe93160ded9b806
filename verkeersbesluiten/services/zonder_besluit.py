"""A location definitive without a verkeersbesluit, where the gemeente's policy allows it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from netaansluiting import services as netaansluitingservices
from plankaart import kaart
from plankaart.models import Locatie
from portal import transities
from portal.invoer import verplichte_tekst
from verkeersbesluiten import meldingen, selectors


def zonder_verkeersbesluit(locatie: Locatie, door, reden: str) -> Locatie:
    transities.controleer(locatie, "zonder_verkeersbesluit", door)
    reden = verplichte_tekst(
        reden,
        "reden",
        _("Schrijf op waarom hier geen verkeersbesluit nodig is, bijv. “eigen parkeerterrein”."),
    )
    with transaction.atomic():
        locatie = transities.vergrendel(locatie)
        if selectors.lopend_besluit_van(locatie) is not None:
            raise ValidationError(
                {
                    "reden": _(
                        "Deze locatie staat al in een verkeersbesluit; trek dat eerst in of haal haar eruit."
                    )
                }
            )
        locatie = transities.voer_uit(locatie, "zonder_verkeersbesluit", door, reden=reden, opmerking=reden)
        netaansluitingservices.vraag_vanzelf_aan(locatie, door)
        meldingen.zonder_verkeersbesluit(locatie, reden)
        transaction.on_commit(kaart.vernieuw)
    return locatie
