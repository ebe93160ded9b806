"""Service-level terms of the chain (DESIGN.md 3.2), in calendar days from the start of each step.

These are the defaults from seed 000; per-concessie values and working days build on this module.
"""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stap(models.TextChoices):
    ONTVANGSTBEVESTIGING = "ontvangstbevestiging", _("Ontvangstbevestiging")
    TOETSING = "toetsing", _("Toetsing van de aanvraag")
    LOCATIE_BEPALEN = "locatie_bepalen", _("Locatie bepalen en voorstellen")
    NETAANSLUITING = "netaansluiting", _("Netaansluiting tot opdracht aannemer")
    PLAATSING_PLANNEN = "plaatsing_plannen", _("Plaatsing inplannen")
    ENERGIECONTRACT = "energiecontract", _("Energiecontract")
    OPLEVERING = "oplevering", _("Plaatsen, aansluiten en opleveren")


STANDAARD_DAGEN = {
    Stap.ONTVANGSTBEVESTIGING: 5,
    Stap.TOETSING: 5,
    Stap.LOCATIE_BEPALEN: 10,
    Stap.NETAANSLUITING: 30,
    Stap.PLAATSING_PLANNEN: 15,
    Stap.ENERGIECONTRACT: 5,
    Stap.OPLEVERING: 5,
}


def uiterlijk(stap: str, vanaf: dt.date) -> dt.date:
    """The due date of `stap` when it starts on `vanaf`."""
    return vanaf + dt.timedelta(days=STANDAARD_DAGEN[Stap(stap)])
