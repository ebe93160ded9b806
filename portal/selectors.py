"""Reads about organisations, scoped the way every other selector relies on."""

from portal.models import Concessie, Gebruiker, Organisatie


def gemeenten_van_cpo(cpo: Organisatie):
    """The gemeenten whose requests a CPO handles: those in its concessies."""
    return Organisatie.objects.filter(
        soort=Organisatie.Soort.GEMEENTE, concessies_als_gemeente__cpo=cpo
    ).distinct()


def cpos_van_gemeente(gemeente: Organisatie):
    return Organisatie.objects.filter(soort=Organisatie.Soort.CPO, concessies__gemeenten=gemeente).distinct()


def werkt_voor_gemeente(gebruiker, gemeente: Organisatie) -> bool:
    """The gemeente's own staff, or staff of the CPO holding its concessie: who may prepare its plankaart and
    its verkeersbesluiten."""
    organisatie = getattr(gebruiker, "organisatie", None)
    if not gebruiker.is_authenticated or organisatie is None:
        return False
    if organisatie.soort == Organisatie.Soort.GEMEENTE:
        return organisatie.pk == gemeente.pk
    return (
        organisatie.soort == Organisatie.Soort.CPO
        and gemeenten_van_cpo(organisatie).filter(pk=gemeente.pk).exists()
    )


def gemeenten_met_concessie():
    """Gemeenten where a request can be filed: some CPO holds a concessie for them."""
    ids = Concessie.objects.values_list("gemeenten", flat=True)
    return Organisatie.objects.filter(soort=Organisatie.Soort.GEMEENTE, pk__in=ids).order_by("naam")


def inbox(gebruiker: Gebruiker):
    return gebruiker.berichten.all()
