"""What every verkeersbesluit case shares: state shorthands, the gemeente check, links and the decision's identifying fields."""

from __future__ import annotations

from django.urls import reverse

from plankaart.models import Locatie
from portal import rechten, transities
from verkeersbesluiten import selectors
from verkeersbesluiten.models import Bezwaar, Verkeersbesluit

S = Verkeersbesluit.Status


L = Locatie.Status


def _controleer_gemeente(besluit: Verkeersbesluit, door, naam: str, recht: str) -> None:
    if not selectors.is_gemeente_van(door, besluit):
        raise transities.GeenRecht(naam)
    if not rechten.heeft(door, recht):
        raise transities.GeenRecht(naam, rechten.ontbrekende_rol(door, recht))


def _link(besluit: Verkeersbesluit) -> str:
    return reverse("verkeersbesluiten:detail", args=[besluit.pk])


def _link_bezwaar(bezwaar: Bezwaar) -> str:
    return reverse("verkeersbesluiten:bezwaar", args=[bezwaar.pk])


def _kenmerken(besluit: Verkeersbesluit) -> dict:
    """What the history of a location or request keeps about its decision (for the E-rijder's timeline)."""
    return {
        "verkeersbesluit": besluit.nummer,
        "bekendmaking_op": besluit.bekendmaking_op.isoformat() if besluit.bekendmaking_op else None,
        "bezwaartermijn_einde": besluit.bezwaartermijn_einde.isoformat()
        if besluit.bezwaartermijn_einde
        else None,
        "vindplaats": besluit.vindplaats,
    }
