"""What is waiting for me: every case where the user's organisation is at turn, soonest due first.

Each kind of case is read through its own access selector (the one place that decides who sees it) and
filtered on the term columns (`termijn_organisatie`, `termijn_uiterlijk`, indexed by portal.models.
TERMIJN_INDEXEN), so the page costs one query per kind, whatever the number of cases.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal import klok
from portal.servicetermijnen import Stap

PER_SOORT = 100  # more than this of one kind: the work list of that kind shows the rest


@dataclass
class Werk:
    soort: str
    nummer: str
    wat: str
    stap: str
    uiterlijk: dt.date | None
    url: str

    @property
    def dagen_over(self) -> int | None:
        return None if self.uiterlijk is None else (self.uiterlijk - klok.vandaag()).days


@dataclass
class Soort:
    naam: str
    aantal: int
    lijst_url: str


def _soorten(gebruiker):
    """(label, queryset of the kind for this user, how to describe a row, detail URL, work list URL)."""
    from aanvragen.selectors import zichtbare_aanvragen
    from netaansluiting.selectors import zichtbare_aansluitingen, zichtbare_realisaties
    from plankaart.selectors import zichtbare_locaties
    from plankaart.selectors_proactief import zichtbare_plannen
    from verkeersbesluiten.selectors import zichtbare_bezwaren

    return [
        (
            _("Aanvraag"),
            zichtbare_aanvragen(gebruiker),
            # Street level only: what every staff role that sees a request may see (aanvragen.zichtbaarheid).
            lambda a: (a.nummer, a.omschrijving if a.bron != "erijder" else f"{a.straat}, {a.woonplaats}"),
            lambda a: reverse("aanvragen:behandel", args=[a.pk]),
            reverse("aanvragen:werklijst"),
        ),
        (
            _("Locatie"),
            zichtbare_locaties(gebruiker).select_related(None),
            lambda loc: (loc.kenmerk, loc.omschrijving),
            lambda loc: reverse("plankaart:locatie", args=[loc.pk]),
            reverse("plankaart:werklijst"),
        ),
        (
            _("Bezwaar"),
            zichtbare_bezwaren(gebruiker).select_related("verkeersbesluit"),
            lambda b: (
                b.nummer,
                _("tegen verkeersbesluit %(nummer)s") % {"nummer": b.verkeersbesluit.nummer},
            ),
            lambda b: reverse("verkeersbesluiten:bezwaar", args=[b.pk]),
            reverse("verkeersbesluiten:werklijst"),
        ),
        (
            _("Netaansluiting"),
            zichtbare_aansluitingen(gebruiker).select_related("locatie"),
            lambda n: (n.nummer, n.locatie.omschrijving),
            lambda n: reverse("netaansluiting:aansluiting", args=[n.pk]),
            reverse("netaansluiting:aansluitingen"),
        ),
        (
            _("Realisatie"),
            zichtbare_realisaties(gebruiker).select_related("locatie"),
            lambda r: (r.locatie.kenmerk, r.locatie.omschrijving),
            lambda r: reverse("netaansluiting:realisatie", args=[r.pk]),
            reverse("netaansluiting:bord"),
        ),
        (
            _("Proactief plan"),
            # Only a plan's open steps carry a term: selecting and processing (gemeente), the check (CPO).
            zichtbare_plannen(gebruiker).select_related(None).select_related("gemeente").defer("gemeente__gebied"),
            lambda p: ("", str(p)),
            lambda p: reverse("plankaart:proactief_plan", args=[p.pk]),
            reverse("plankaart:proactief"),
        ),
    ]


def wacht_op(gebruiker) -> tuple[list[Werk], list[Soort]]:
    """The cases at turn for the user's organisation, soonest due first, and how many there are per kind."""
    organisatie = gebruiker.organisatie
    if organisatie is None:
        return [], []
    from plankaart.modellen_proactief import Planstap

    stappen = {**dict(Stap.choices), **dict(Planstap.choices)}
    werk, soorten = [], []
    for label, rijen, beschrijf, detail, lijst in _soorten(gebruiker):
        rijen = list(
            rijen.filter(termijn_organisatie=organisatie).order_by("termijn_uiterlijk", "pk")[: PER_SOORT + 1]
        )
        if not rijen:
            continue
        soorten.append(Soort(str(label), len(rijen), lijst))
        for rij in rijen[:PER_SOORT]:
            nummer, wat = beschrijf(rij)
            werk.append(
                Werk(
                    str(label),
                    nummer,
                    wat,
                    stappen.get(rij.termijn_stap, rij.termijn_stap),
                    rij.termijn_uiterlijk,
                    detail(rij),
                )
            )
    werk.sort(key=lambda w: (w.uiterlijk is None, w.uiterlijk or dt.date.max, w.soort, w.nummer))
    return werk, soorten
