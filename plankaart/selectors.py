"""Reads of plankaart locations."""

from dataclasses import dataclass

from plankaart.models import Locatie
from portal import geo


@dataclass(frozen=True)
class Nabij:
    locatie: Locatie
    afstand_m: float


def locaties_nabij(lat: float, lon: float, straal_m: float, *, statussen=None, gemeente=None) -> list[Nabij]:
    """Locations within `straal_m` of a point, nearest first."""
    rijen = Locatie.objects.all()
    if statussen is not None:
        rijen = rijen.filter(status__in=statussen)
    if gemeente is not None:
        rijen = rijen.filter(gemeente=gemeente)
    return [Nabij(locatie, afstand) for locatie, afstand in geo.binnen_straal(rijen, lat, lon, straal_m)]
