"""When a request can be delivered, projected from the terms of the steps it still has to go through.

The path is seed 000's common route for an E-rijder request. With the default terms it adds up to exactly
the 16-week cap (5 + 10 + 42 + 30 + 15 + 5 + 5 days), so any step that overruns, or an objection term
that ends on a weekend, puts the projection past the cap; the portal then warns (DESIGN.md 3.2).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from portal import klok
from portal.servicetermijnen import Stap, Termijnregels

KETEN = (
    Stap.TOETSING,
    Stap.LOCATIE_BEPALEN,
    Stap.BEZWAARTERMIJN,
    Stap.NETAANSLUITING,
    Stap.PLAATSING_PLANNEN,
    Stap.ENERGIECONTRACT,
    Stap.OPLEVERING,
)


@dataclass(frozen=True)
class Verwachting:
    stap: Stap
    uiterlijk: dt.date


# Steps outside the chain above, and the chain step whose successors follow them: the location's own
# lifecycle takes place within the location step; after a refused grid connection the CPO's choice is
# followed by a new connection request and the rest of the chain.
VOLGT_OP = {
    Stap.NETCHECK: Stap.LOCATIE_BEPALEN,
    Stap.LOCATIE_BEOORDELEN: Stap.LOCATIE_BEPALEN,
    Stap.LOCATIE_BIJSTELLEN: Stap.LOCATIE_BEPALEN,
    Stap.NET_HEROVERWEGEN: Stap.BEZWAARTERMIJN,
}
# Delivered: nothing left to project (what follows, the gemeente's finishing touch, is outside the cap).
OPGELEVERD = frozenset({"opgeleverd", "gerealiseerd"})
# Waiting for the next party without a running term: the step that comes next, as if it started today.
WACHTEND = {"wacht_op_verkeersbesluit": Stap.BEZWAARTERMIJN, "wacht_op_realisatie": Stap.NETAANSLUITING}


def huidige_stap(aanvraag, status: str | None = None) -> tuple[str, dt.date | None] | None:
    """The step the request is in now and its due date: its own term, else its location's, else the step
    it waits for (without a due date yet). `status` is the stage it is entering, during a transition."""
    lopend = aanvraag.lopende_termijn
    if lopend is not None:
        return lopend.termijn_stap, lopend.termijn_uiterlijk
    status = status or aanvraag.status
    if status in WACHTEND:
        return WACHTEND[status], None
    return None


def verwachtingen(aanvraag, regels: Termijnregels, status: str | None = None) -> list[Verwachting]:
    """The current step and every step after it, each with the date it is expected to be done at the latest.

    An overdue step is assumed to finish today; each next step starts when the previous one ends, and
    for the objection term the verkeersbesluit is assumed to be published when the location is settled.
    """
    if (status or aanvraag.status) in OPGELEVERD:
        return []
    huidig = huidige_stap(aanvraag, status)
    if huidig is None:
        return []
    stap, uiterlijk = Stap(huidig[0]), huidig[1]
    if stap not in KETEN and stap not in VOLGT_OP:
        return []
    vandaag = klok.vandaag()
    if uiterlijk is None:
        uiterlijk = regels.uiterlijk(stap, vandaag)
    positie = KETEN.index(VOLGT_OP.get(stap, stap))
    einde = max(uiterlijk, vandaag)
    rij = [Verwachting(stap, einde)]
    parallel_vanaf = _netaansluiting_tijdens_bezwaartermijn(aanvraag) if stap == Stap.BEZWAARTERMIJN else None
    plaatsing = aanvraag.locatie.geplande_plaatsing if aanvraag.locatie_id else None
    for volgende in KETEN[positie + 1 :]:
        if volgende == Stap.NETAANSLUITING and parallel_vanaf is not None:
            # Off the critical path: the connection was requested at publication and runs alongside the term.
            einde = max(regels.uiterlijk(volgende, parallel_vanaf), einde)
        else:
            einde = regels.uiterlijk(volgende, einde)
        if volgende == Stap.OPLEVERING and plaatsing is not None:
            # Not before the day the CPO agreed with the contractor.
            einde = max(einde, plaatsing)
        rij.append(Verwachting(volgende, einde))
    if stap == Stap.OPLEVERING and plaatsing is not None:
        rij[0] = Verwachting(stap, max(einde, plaatsing))
    return rij


def _netaansluiting_tijdens_bezwaartermijn(aanvraag) -> dt.date | None:
    """When the gemeente's policy lets the grid connection start during the objection term: the day the
    decision was published in the portal, from which the connection may run; else None."""
    locatie = aanvraag.locatie if aanvraag.locatie_id else None
    if locatie is None or locatie.termijn_stap != Stap.BEZWAARTERMIJN or locatie.termijn_begonnen_op is None:
        return None
    from verkeersbesluiten.selectors import lopend_besluit_van

    besluit = lopend_besluit_van(locatie)
    if besluit is None or not besluit.netaansluiting_tijdens_bezwaartermijn:
        return None
    return timezone.localdate(locatie.termijn_begonnen_op)


def verwacht_gereed(aanvraag, regels: Termijnregels, status: str | None = None) -> dt.date | None:
    rij = verwachtingen(aanvraag, regels, status)
    return rij[-1].uiterlijk if rij else None
