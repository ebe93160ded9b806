"""When a request can be delivered, projected from the terms of the steps it still has to go through.

The path is seed 000's common route for an E-rijder request. With the default terms it adds up to exactly
the 16-week cap (5 + 10 + 42 + 30 + 15 + 5 + 5 days), so any step that overruns, or an objection term
that ends on a weekend, puts the projection past the cap; the portal then warns (DESIGN.md 3.2).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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


def verwachtingen(aanvraag, regels: Termijnregels) -> list[Verwachting]:
    """The current step and every step after it, each with the date it is expected to be done at the latest.

    An overdue step is assumed to finish today; each next step starts when the previous one ends, and
    for the objection term the verkeersbesluit is assumed to be published when the location is settled.
    """
    if aanvraag.termijn_stap not in KETEN or aanvraag.termijn_uiterlijk is None:
        return []
    begin = KETEN.index(Stap(aanvraag.termijn_stap))
    einde = max(aanvraag.termijn_uiterlijk, klok.vandaag())
    rij = [Verwachting(KETEN[begin], einde)]
    for stap in KETEN[begin + 1 :]:
        einde = regels.uiterlijk(stap, einde)
        rij.append(Verwachting(stap, einde))
    return rij


def verwacht_gereed(aanvraag, regels: Termijnregels) -> dt.date | None:
    rij = verwachtingen(aanvraag, regels)
    return rij[-1].uiterlijk if rij else None
