"""A location definitive without a verkeersbesluit, where the gemeente's policy allows it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from netaansluiting import services as netaansluitingservices
from plankaart import kaart
from plankaart.models import Locatie
from portal import berichten, transities
from portal.invoer import verplichte_tekst
from portal.selectors import cpos_van_gemeente
from verkeersbesluiten import selectors


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
        waarden = {"omschrijving": locatie.omschrijving, "gemeente": locatie.gemeente.naam, "reden": reden}
        for cpo in cpos_van_gemeente(locatie.gemeente):
            berichten.verstuur_aan_organisatie(
                cpo,
                _("Locatie definitief zonder verkeersbesluit: %(omschrijving)s") % waarden,
                _(
                    "De gemeente %(gemeente)s neemt voor %(omschrijving)s geen verkeersbesluit (%(reden)s). De "
                    "locatie is definitief en de netaansluiting is aangevraagd; plan daarna de plaatsing."
                )
                % waarden,
                link=reverse("plankaart:locatie", args=[locatie.pk]),
                per_email=True,
            )
        transaction.on_commit(kaart.vernieuw)
    return locatie
