"""The steps of the chain and their service levels (DESIGN.md 3.2).

Each step has an owner (the kind of organisation that must act) and a term. The defaults are seed 000's
reading in calendar days; a concessie can set its own term per step, in calendar or working days
(portal.models.Servicetermijn). The objection term is legal, not a service level: it is computed by
portal.termijnen.bezwaartermijn_einde and cannot be configured.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import klok, termijnen
from portal.kalender import Kalender

STANDAARD_HERINNERING_WERKDAGEN = 2
STANDAARD_MAXIMUM_WEKEN = 16


class Stap(models.TextChoices):
    ONTVANGSTBEVESTIGING = "ontvangstbevestiging", _("Ontvangstbevestiging")
    TOETSING = "toetsing", _("Toetsing van de aanvraag")
    LOCATIE_BEPALEN = "locatie_bepalen", _("Locatie bepalen en voorstellen")
    NETCHECK = "netcheck", _("Netcheck van een nieuwe of verplaatste locatie")
    LOCATIE_BEOORDELEN = "locatie_beoordelen", _("Locatievoorstel beoordelen")
    LOCATIE_BIJSTELLEN = "locatie_bijstellen", _("Locatievoorstel bijstellen")
    BEZWAARTERMIJN = "bezwaartermijn", _("Verkeersbesluit: bezwaartermijn")
    BESLISSEN_OP_BEZWAAR = "beslissen_op_bezwaar", _("Beslissen op bezwaar")
    NETAANSLUITING = "netaansluiting", _("Netaansluiting tot opdracht aannemer")
    NET_HEROVERWEGEN = "net_heroverwegen", _("Keuze na een afgekeurde netaansluiting")
    PLAATSING_PLANNEN = "plaatsing_plannen", _("Plaatsing inplannen")
    ENERGIECONTRACT = "energiecontract", _("Energiecontract")
    OPLEVERING = "oplevering", _("Plaatsen, aansluiten en opleveren")
    AFRONDEN = "afronden", _("Parkeervakken inrichten en gereed melden")


class Eenheid(models.TextChoices):
    KALENDERDAGEN = "kalenderdagen", _("kalenderdagen")
    WERKDAGEN = "werkdagen", _("werkdagen")


@dataclass(frozen=True)
class Stapregel:
    eigenaar: str  # an Organisatie.Soort value: who must act
    dagen: int
    eenheid: str = Eenheid.KALENDERDAGEN


STANDAARD: Mapping[str, Stapregel] = {
    Stap.ONTVANGSTBEVESTIGING: Stapregel("cpo", 5),
    Stap.TOETSING: Stapregel("cpo", 5),
    Stap.LOCATIE_BEPALEN: Stapregel("cpo", 10),
    # Not in seed 000 (which gives the location step 10 days in all); our defaults, configurable.
    Stap.NETCHECK: Stapregel("netbeheerder", 10),
    Stap.LOCATIE_BEOORDELEN: Stapregel("gemeente", 10),
    Stap.LOCATIE_BIJSTELLEN: Stapregel("cpo", 5),
    Stap.NETAANSLUITING: Stapregel("netbeheerder", 30),
    Stap.PLAATSING_PLANNEN: Stapregel("cpo", 15),
    Stap.ENERGIECONTRACT: Stapregel("cpo", 5),
    Stap.OPLEVERING: Stapregel("cpo", 5),
    # Not in seed 000 either: the CPO's choice after the grid refused a connection (another location or a
    # new request), and the gemeente's finishing touch after delivery, which lies outside the 16 weeks.
    Stap.NET_HEROVERWEGEN: Stapregel("cpo", 5),
    Stap.AFRONDEN: Stapregel("gemeente", 10),
}
# Legal terms: computed by portal.termijnen, never configured (the decision term on an objection is set
# by verkeersbesluiten.models.Bezwaar from the end of the objection term, Awb 7:10).
WETTELIJK = frozenset({Stap.BEZWAARTERMIJN, Stap.BESLISSEN_OP_BEZWAAR})
INSTELBAAR = [(stap.value, stap.label) for stap in Stap if stap in STANDAARD]


@dataclass(frozen=True)
class Termijnregels:
    """The terms that apply in one gemeente now: its concessie's service levels over the defaults."""

    stappen: Mapping[str, Stapregel]
    herinnering_werkdagen: int
    maximum_weken: int
    kalender: Kalender
    concessie: object | None = None

    def uiterlijk(self, stap: str, vanaf: dt.date) -> dt.date:
        """The due date of `stap` when it starts on `vanaf`."""
        if stap == Stap.BEZWAARTERMIJN:
            return termijnen.bezwaartermijn_einde(vanaf, self.kalender).datum
        regel = self.stappen[stap]
        if regel.eenheid == Eenheid.WERKDAGEN:
            return termijnen.werkdagen_na(vanaf, regel.dagen, self.kalender).datum
        return vanaf + dt.timedelta(days=regel.dagen)

    def herinneren_op(self, uiterlijk: dt.date) -> dt.date:
        return termijnen.werkdagen_na(uiterlijk, -self.herinnering_werkdagen, self.kalender).datum

    def escaleren_op(self, uiterlijk: dt.date) -> dt.date:
        """Escalation goes out on the first working day after the due date, not on a Saturday."""
        return termijnen.werkdagen_na(uiterlijk, 1, self.kalender).datum

    def verantwoordelijke(self, stap: str, gemeente, locatie=None):
        """The organisation that must act in `stap` for a case in `gemeente` (at `locatie`, whose
        netbeheerder may differ from the gemeente's default)."""
        eigenaar = self.stappen[stap].eigenaar
        if eigenaar == "gemeente":
            return gemeente
        if eigenaar == "cpo":
            return self.concessie.cpo if self.concessie else None
        if eigenaar == "netbeheerder":
            from portal.selectors import netbeheerder_van, netbeheerder_van_gemeente

            return netbeheerder_van(locatie) if locatie is not None else netbeheerder_van_gemeente(gemeente)
        return None


def concessie_voor(gemeente, datum: dt.date | None = None):
    """The concessie that covers `gemeente` on `datum` (today): portal.selectors.concessie_op."""
    from portal.selectors import concessie_op

    return concessie_op(gemeente, datum)


def voor_gemeente(gemeente, kalender: Kalender | None = None) -> Termijnregels:
    """The terms in `gemeente` today; with the current calendar kept per process until an administrator changes
    a concessie, its service levels or the calendar (portal.procesgeheugen)."""
    from portal import procesgeheugen

    if kalender is not None:
        return _regels(gemeente, kalender)
    return procesgeheugen.onthoud(
        ("termijnregels", gemeente.pk, klok.vandaag()), lambda: _regels(gemeente, None)
    )


def _regels(gemeente, kalender: Kalender | None) -> Termijnregels:
    from portal import kalender as kalendermodule

    concessie = concessie_voor(gemeente)
    stappen = dict(STANDAARD)
    if concessie is not None:
        for eigen in concessie.servicetermijnen.all():
            stappen[eigen.stap] = Stapregel(STANDAARD[eigen.stap].eigenaar, eigen.dagen, eigen.eenheid)
    return Termijnregels(
        stappen=stappen,
        herinnering_werkdagen=(
            concessie.herinnering_werkdagen if concessie else STANDAARD_HERINNERING_WERKDAGEN
        ),
        maximum_weken=concessie.maximum_weken if concessie else STANDAARD_MAXIMUM_WEKEN,
        kalender=kalender or kalendermodule.laad(),
        concessie=concessie,
    )


def vul_aan(concessie) -> None:
    """Give a concessie a row for every configurable step, at the default, so the admin shows (and lets
    one change) every term instead of only the ones someone already overrode."""
    from portal.models import Servicetermijn

    bestaand = set(concessie.servicetermijnen.values_list("stap", flat=True))
    Servicetermijn.objects.bulk_create(
        Servicetermijn(concessie=concessie, stap=stap, dagen=regel.dagen, eenheid=regel.eenheid)
        for stap, regel in STANDAARD.items()
        if stap not in bestaand
    )
    from portal import procesgeheugen

    procesgeheugen.verhoog()  # bulk_create sends no post_save


@dataclass(frozen=True)
class Peil:
    """Today, and the last day that counts as 'due soon' (the standard reminder lead in working days),
    so work lists mark a due date the way the reminders treat it."""

    vandaag: dt.date
    binnenkort_tot: dt.date


def peil() -> Peil:
    vandaag = klok.vandaag()
    return Peil(vandaag, termijnen.werkdagen_na(vandaag, STANDAARD_HERINNERING_WERKDAGEN).datum)
