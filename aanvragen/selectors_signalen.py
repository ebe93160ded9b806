"""Who sees which data-driven signal: the one rule for lists, pages and the API (another organisation's signal is
a 404). The provincie sees its own; the CPO and the gemeente see a signal once it was sent to the CPO."""

from __future__ import annotations

from django.db.models import QuerySet

from aanvragen.modellen_signalen import Signaal
from portal.models import Organisatie


def zichtbare_signalen(gebruiker) -> QuerySet[Signaal]:
    alle = Signaal.objects.select_related("provincie", "gemeente", "cpo", "locatie", "laadpunt", "aanvraag")
    if not gebruiker.is_authenticated:
        return alle.none()
    if gebruiker.is_superuser:
        return alle
    organisatie = gebruiker.organisatie
    if organisatie is None:
        return alle.none()
    verzonden = alle.exclude(status=Signaal.Status.VOORGESTELD).exclude(verzonden_op__isnull=True)
    if organisatie.soort == Organisatie.Soort.PROVINCIE:
        return alle.filter(provincie=organisatie)
    if organisatie.soort == Organisatie.Soort.CPO:
        return verzonden.filter(cpo=organisatie)
    if organisatie.soort == Organisatie.Soort.GEMEENTE:
        return verzonden.filter(gemeente=organisatie)
    return alle.none()


def werklijst(gebruiker, status: str = "") -> QuerySet[Signaal]:
    """Open signals first, the shortest term first; `status` narrows it down."""
    rijen = zichtbare_signalen(gebruiker)
    rijen = rijen.filter(status=status) if status else rijen.filter(status__in=Signaal.OPEN)
    return rijen.order_by("termijn_uiterlijk", "-kwh", "pk")
