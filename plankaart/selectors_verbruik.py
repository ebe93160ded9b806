"""Who sees which charging points, figures and sessions: the one rule for pages and the API.

Figures follow the plankaart's rule (gemeente: its own; provincie: its gemeenten; CPO: its own points in the
gemeenten it serves). Sessions (CDRs) are the CPO's own business: only the CPO that sent them (in the gemeenten it
serves, plus its unmatched ones) and the administrator see them; nobody else, and the public nothing.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from plankaart.modellen_verbruik import Cdr, Laadpunt
from plankaart.selectors import gemeenten_van
from portal.models import Organisatie
from portal.selectors import gemeenten_van_cpo


def zichtbare_laadpunten(gebruiker) -> QuerySet[Laadpunt]:
    alle = Laadpunt.objects.select_related("locatie", "locatie__gemeente")
    if not gebruiker.is_authenticated:
        return alle.none()
    if gebruiker.is_superuser:
        return alle
    organisatie = gebruiker.organisatie
    if organisatie is None or organisatie.soort == Organisatie.Soort.NETBEHEERDER:
        return alle.none()
    rijen = alle.filter(locatie__gemeente__in=gemeenten_van(gebruiker))
    if organisatie.soort == Organisatie.Soort.CPO:
        rijen = rijen.filter(cpo=organisatie)
    return rijen


def zichtbare_cdrs(gebruiker) -> QuerySet[Cdr]:
    if not gebruiker.is_authenticated:
        return Cdr.objects.none()
    if gebruiker.is_superuser:
        return Cdr.objects.all()
    organisatie = gebruiker.organisatie
    if organisatie is None or organisatie.soort != Organisatie.Soort.CPO:
        return Cdr.objects.none()
    return Cdr.objects.filter(cpo=organisatie).filter(
        Q(laadpunt__isnull=True) | Q(laadpunt__locatie__gemeente__in=gemeenten_van_cpo(organisatie))
    )


def mag_cdrs_aanleveren(gebruiker) -> bool:
    organisatie = getattr(gebruiker, "organisatie", None) if gebruiker.is_authenticated else None
    return organisatie is not None and organisatie.soort == Organisatie.Soort.CPO
