"""`{% verbruik_van_locatie locatie %}`: the usage block of a location page (chart and table), for whoever may
see the location's charging points (plankaart.selectors_verbruik)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import formats

from plankaart import selectors_verbruik as selectors
from plankaart.services import verbruik
from portal.kengetallen import grafieken

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
    totaal = sum(r.kwh for r in rijen)
    return {
        "tonen": True,
        "grafiek": kwh_per_maand(rijen),
        "totaal_kwh": totaal,
        "evses": list(laadpunten.prefetch_related("connectors")),
        "van": van,
        "tot": tot,
    }


def kwh_per_maand(rijen) -> grafieken.Grafiek:
    """The dashboard's bar chart (portal.kengetallen.grafieken), one bar per month, with every figure of the
    month in its table."""
    return grafieken.staafdiagram(
        "verbruik",
        "kWh per maand",
        "Het geladen aantal kWh per maand over de laatste twaalf maanden; de tabel noemt ook sessies, laaduren "
        "en bezetting.",
        [{"label": formats.date_format(r.periode, "F Y"), "waarden": [round(r.kwh)]} for r in rijen],
        series=["kWh"],
        kolommen=["Maand", "kWh", "Sessies", "Laaduren", "Bezetting", "Piekbezetting"],
        rijen=[
            [
                formats.date_format(r.periode, "F Y"),
                round(r.kwh),
                r.sessies,
                round(r.laad_uren),
                f"{r.bezetting_pct}%",
                f"{r.piekbezetting_pct}%",
            ]
            for r in rijen
        ],
        eenheid=" kWh",
    )
