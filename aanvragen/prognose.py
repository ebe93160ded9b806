"""When a request can be delivered: two dates from one projection (DESIGN.md 5: projections).

The *worst case* lets every remaining step take its full term (a pending objection's decision term
included, working days where a step counts them). The *expected* date lets every remaining step take its
median duration in this chain (portal.kengetallen.duurmodel: per gemeente and organisation at turn, else
the region, else the service level). Pages show one date per step: the current step's due date, and for
the steps after it their expected end, so "Wat gebeurt er nu" and the timeline read the same rows.

The path is seed 000's common route. With the default terms it adds up to exactly the 16-week cap, so the
worst case passes the cap as soon as anything slips; the 16-week flag therefore follows the expected date
(at risk), and separately the cap itself (too late, once it has passed).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q
from django.utils import timezone

from portal import klok
from portal.kengetallen import duurmodel as duurmodelmodule
from portal.kengetallen.duurmodel import Duurmodel, eerste_werkdag_vanaf, laatste_werkdag_tot
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
    """One step still to go. `uiterlijk` is the one date every page shows for it: the current step's due
    date, a later step's expected end. `slechtst`/`verwacht` are its end in the worst and expected case."""

    stap: Stap
    uiterlijk: dt.date
    nu: bool = False
    slechtst: dt.date | None = None
    verwacht: dt.date | None = None
    te_laat_dagen: int = 0  # the current step is past its due date by this many days


@dataclass(frozen=True)
class Projectie:
    stappen: list[Verwachting]

    @property
    def verwacht_gereed(self) -> dt.date | None:
        return self.stappen[-1].verwacht if self.stappen else None

    @property
    def slechtst_gereed(self) -> dt.date | None:
        return self.stappen[-1].slechtst if self.stappen else None


# Steps outside the chain above, and the chain step whose successors follow them: the location's own
# lifecycle takes place within the location step; after a refused grid connection the CPO's choice is
# followed by a new connection request and the rest of the chain.
VOLGT_OP = {
    Stap.NETCHECK: Stap.LOCATIE_BEPALEN,
    Stap.LOCATIE_BEOORDELEN: Stap.LOCATIE_BEPALEN,
    Stap.LOCATIE_BIJSTELLEN: Stap.LOCATIE_BEPALEN,
    Stap.NET_HEROVERWEGEN: Stap.BEZWAARTERMIJN,
    Stap.BESLISSEN_OP_BEZWAAR: Stap.BEZWAARTERMIJN,
}
# Delivered: nothing left to project (what follows, the gemeente's finishing touch, is outside the cap).
OPGELEVERD = frozenset({"opgeleverd", "gerealiseerd"})
# Waiting for the next party without a running term: the step that comes next, as if it started today.
WACHTEND = {"wacht_op_verkeersbesluit": Stap.BEZWAARTERMIJN, "wacht_op_realisatie": Stap.NETAANSLUITING}


def geplande_periode(aanvraag) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day of the quarter the CPO planned the request's proactive location in, or
    (None, None). planning_van asks nothing for a location that is not proactive."""
    from plankaart.selectors_proactief import planning_voor

    planning = planning_voor(aanvraag)
    return (planning.begin, planning.einde) if planning is not None else (None, None)


def beslistermijn_bezwaar(locatie) -> dt.date | None:
    """The latest decision term of an undecided objection against `locatie` (or against its whole decision),
    or None. Only asked while the location says an objection runs."""
    if locatie is None or not locatie.bezwaar_loopt:
        return None
    from django.db.models import Max

    from verkeersbesluiten.models import Bezwaar

    return (
        Bezwaar.objects.filter(
            status=Bezwaar.Status.ONTVANGEN,
            verkeersbesluit__besluitlocaties__locatie=locatie,
            verkeersbesluit__besluitlocaties__actief=True,
        )
        .filter(Q(locaties=locatie) | Q(locaties__isnull=True))
        .aggregate(uiterlijk=Max("termijn_uiterlijk"))["uiterlijk"]
    )


def huidige_stap(aanvraag, status: str | None = None) -> tuple[str, dt.date | None] | None:
    """The step the request is in now and its due date: its own term, else its location's, else the step
    it waits for (without a due date yet). During the objection term with an undecided objection, the step
    is the gemeente's decision on it, due at the decision term when that ends later. `status` is the stage
    it is entering, during a transition."""
    lopend = aanvraag.lopende_termijn
    if lopend is not None:
        stap, uiterlijk = lopend.termijn_stap, lopend.termijn_uiterlijk
        if stap == Stap.BEZWAARTERMIJN and aanvraag.locatie_id:
            beslissen = beslistermijn_bezwaar(aanvraag.locatie)
            if beslissen is not None:
                return Stap.BESLISSEN_OP_BEZWAAR, max(beslissen, uiterlijk) if uiterlijk else beslissen
        return stap, uiterlijk
    status = status or aanvraag.status
    if status in WACHTEND:
        return WACHTEND[status], None
    return None


def _begonnen(aanvraag) -> dt.date:
    lopend = aanvraag.lopende_termijn
    if lopend is not None and lopend.termijn_begonnen_op is not None:
        return timezone.localdate(lopend.termijn_begonnen_op)
    return klok.vandaag()


def _partij(stap: str, aanvraag, regels: Termijnregels) -> int | None:
    """The organisation at turn in a later step, without a query: the duration model's finest key."""
    regel = regels.stappen.get(stap)
    if regel is None:
        return None
    if regel.eigenaar == "cpo":
        return regels.concessie.cpo_id if regels.concessie is not None else None
    if regel.eigenaar == "gemeente":
        return aanvraag.gemeente_id
    if regel.eigenaar == "netbeheerder" and aanvraag.locatie_id:
        return aanvraag.locatie.netbeheerder_id
    return None


def projectie(
    aanvraag, regels: Termijnregels, status: str | None = None, model: Duurmodel | None = None
) -> Projectie:
    """The current step and every step after it, each with its end in the worst and the expected case.

    An overdue step is assumed to finish today; each next step starts when the previous one ends; for the
    objection term the verkeersbesluit is assumed to be published when the location is settled. Delivery
    never lands on a weekend or holiday, and not before the placement date agreed with the contractor.
    """
    if (status or aanvraag.status) in OPGELEVERD:
        return Projectie([])
    huidig = huidige_stap(aanvraag, status)
    if huidig is None:
        return Projectie([])
    stap, uiterlijk = Stap(huidig[0]), huidig[1]
    if stap not in KETEN and stap not in VOLGT_OP:
        return Projectie([])
    if model is None:
        model = duurmodelmodule.laad([aanvraag.gemeente_id])
    vandaag = klok.vandaag()
    begonnen = _begonnen(aanvraag)
    if uiterlijk is None:
        uiterlijk = regels.uiterlijk(stap, vandaag)
    te_laat = max((vandaag - uiterlijk).days, 0)
    slechtst = max(uiterlijk, vandaag)
    if stap in (Stap.BEZWAARTERMIJN, Stap.BESLISSEN_OP_BEZWAAR):
        verwacht = slechtst  # legal: the term runs to its end, a pending objection until it is decided
    else:
        lopend = aanvraag.lopende_termijn
        partij = lopend.termijn_organisatie_id if lopend is not None else None
        verwacht = max(model.einde(stap, begonnen, regels, aanvraag.gemeente_id, partij), vandaag)
    plaatsing = aanvraag.locatie.geplande_plaatsing if aanvraag.locatie_id else None
    # Without an agreed date, a proactive location's planned quarter bounds delivery: expected not before the
    # quarter starts, in the worst case at its end (the CPO's realisation planning, DESIGN.md 3 lane 1).
    vloer_verwacht = vloer_slechtst = plaatsing
    if plaatsing is None:
        vloer_verwacht, vloer_slechtst = geplande_periode(aanvraag)
    positie = KETEN.index(VOLGT_OP.get(stap, stap))
    parallel_vanaf = (
        _netaansluiting_tijdens_bezwaartermijn(aanvraag)
        if stap in (Stap.BEZWAARTERMIJN, Stap.BESLISSEN_OP_BEZWAAR)
        else None
    )
    rij = [(stap, slechtst, verwacht)]
    for volgende in KETEN[positie + 1 :]:
        partij = _partij(volgende, aanvraag, regels)
        if volgende == Stap.NETAANSLUITING and parallel_vanaf is not None:
            # Off the critical path: the connection was requested at publication and runs alongside the term.
            slechtst = max(regels.uiterlijk(volgende, parallel_vanaf), slechtst)
            verwacht = max(
                model.einde(volgende, parallel_vanaf, regels, aanvraag.gemeente_id, partij), verwacht
            )
        else:
            slechtst = regels.uiterlijk(volgende, slechtst)
            verwacht = model.einde(volgende, verwacht, regels, aanvraag.gemeente_id, partij)
        rij.append((volgende, slechtst, verwacht))
    # Delivery: not before the agreed placement date, and on a working day: the worst case rolls on to the
    # next one; the expected day, a median anyway, to the working day before it unless the previous step
    # is expected to end later.
    laatste, slechtst, verwacht = rij[-1]
    if laatste == Stap.OPLEVERING:
        if vloer_verwacht is not None:
            slechtst, verwacht = max(slechtst, vloer_slechtst), max(verwacht, vloer_verwacht)
        vorige = rij[-2][2] if len(rij) > 1 else vandaag
        eerder = laatste_werkdag_tot(verwacht, regels)
        verwacht = (
            eerder if eerder >= max(vorige, vandaag) and eerder >= (vloer_verwacht or eerder) else verwacht
        )
        rij[-1] = (laatste, eerste_werkdag_vanaf(slechtst, regels), eerste_werkdag_vanaf(verwacht, regels))
    stappen = []
    for i, (s, slechtst, verwacht) in enumerate(rij):
        eerste = i == 0
        toon = uiterlijk if eerste else verwacht
        if eerste and s == Stap.OPLEVERING:
            toon = rij[0][1]  # delivery itself: the same working day the projection ends on
        stappen.append(
            Verwachting(
                stap=s,
                uiterlijk=toon,
                nu=eerste,
                slechtst=slechtst,
                verwacht=verwacht,
                te_laat_dagen=te_laat if eerste else 0,
            )
        )
    return Projectie(stappen)


def verwachtingen(
    aanvraag, regels: Termijnregels, status: str | None = None, model: Duurmodel | None = None
) -> list[Verwachting]:
    return projectie(aanvraag, regels, status, model).stappen


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
    return projectie(aanvraag, regels, status).verwacht_gereed


# The 16-week flags as query conditions, for lists that must not query per row.


def in_gevaar_q(vandaag: dt.date | None = None) -> Q:
    """At risk: expected past the cap while the cap has not passed yet."""
    vandaag = vandaag or klok.vandaag()
    return Q(verwacht_gereed__gt=F("maximum_gereed"), maximum_gereed__gte=vandaag)


def te_laat_q(vandaag: dt.date | None = None) -> Q:
    """Too late: the cap passed before delivery."""
    from aanvragen.models import Aanvraag

    vandaag = vandaag or klok.vandaag()
    return Q(maximum_gereed__lt=vandaag, status__in=[s for s in Aanvraag.OPEN if s != "opgeleverd"])
