"""Reads of plankaart locations."""

from dataclasses import dataclass

from plankaart.models import Locatie
from portal import geo


@dataclass(frozen=True)
class Nabij:
    locatie: Locatie
    afstand_m: float


def locaties_nabij(lat: float, lon: float, straal_m: float, *, statussen=None, gemeente=None) -> list[Nabij]:
    """Locations within `straal_m` of a point, nearest first.

    The indexed RD bounding box narrows the rows; the exact distance then decides the boundary.
    """
    x, y = geo.naar_rd(lat, lon)
    rijen = Locatie.objects.filter(
        rd_x__gte=x - straal_m, rd_x__lte=x + straal_m, rd_y__gte=y - straal_m, rd_y__lte=y + straal_m
    )
    if statussen is not None:
        rijen = rijen.filter(status__in=statussen)
    if gemeente is not None:
        rijen = rijen.filter(gemeente=gemeente)
    gevonden = [Nabij(loc, geo.afstand_m((x, y), (loc.rd_x, loc.rd_y))) for loc in rijen]
    return sorted((n for n in gevonden if n.afstand_m <= straal_m), key=lambda n: n.afstand_m)
