"""`{% verbruik_van_locatie locatie %}`: the usage block of a location page (chart and table), for whoever may
see the location's charging points (plankaart.selectors_verbruik)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import formats

from plankaart import grafiek
from plankaart import selectors_verbruik as selectors
from plankaart.services import verbruik

register = template.Library()


def maanden_tot(tot: dt.date) -> tuple[dt.date, dt.date]:
    """The 12 whole months up to and including the month of `tot`."""
    begin = tot.replace(day=1)
    for _ in range(11):
        begin = (begin - dt.timedelta(days=1)).replace(day=1)
    return begin, tot


@register.inclusion_tag("plankaart/verbruik/locatieblok.html", takes_context=True)
def verbruik_van_locatie(context, locatie):
    gebruiker = context["request"].user
    laadpunten = selectors.zichtbare_laadpunten(gebruiker).filter(locatie=locatie)
    if not laadpunten.exists():
        return {"tonen": False}
    van, tot = maanden_tot(verbruik.twaalf_maanden()[1])
    rijen = verbruik.cijfers(laadpunten, "locatie", "maand", van, tot)
    grafiekdata = grafiek.staven([(formats.date_format(r.periode, "M"), round(r.kwh)) for r in rijen])
    totaal = sum(r.kwh for r in rijen)
    return {
        "tonen": True,
        "rijen": rijen,
        "grafiek": grafiekdata,
        "totaal_kwh": totaal,
        "evses": list(laadpunten.prefetch_related("connectors")),
        "van": van,
        "tot": tot,
    }
