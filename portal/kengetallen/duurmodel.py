"""How long a step takes in this chain: the median of its closed phases, per gemeente and organisation at
turn, falling back to the whole region and then to the service level (DESIGN.md 5: projections).

The expected delivery date (aanvragen.prognose) and the what-if simulation read durations only through
`Duurmodel`, so both tell the same story. The medians are condensed daily from the phase table into
Stapduur (`bijwerken`, run by beat), so a projection costs one small query, not a scan of the phases.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q

from portal import klok, procesgeheugen, termijnen
from portal.kengetallen.models import Fase, Stapduur
from portal.kengetallen.statistiek import mediaan, percentiel
from portal.servicetermijnen import WETTELIJK, Eenheid, Stap, Termijnregels

GEMEENTE = "gemeente"
REGIO = "regio"
SERVICETERMIJN = "servicetermijn"
# How far back the model looks: the chain's recent behaviour, not last decade's.
VENSTER_DAGEN = 365


def minimum() -> int:
    """Fewer closed phases than this for a gemeente (or the region) and the model falls back a level."""
    return getattr(settings, "KENGETALLEN_MINIMUM_GEVALLEN", 5)


@dataclass(frozen=True)
class Schatting:
    dagen: float  # calendar days (the service level: its term in its own unit)
    bron: str  # GEMEENTE, REGIO or SERVICETERMIJN
    aantal: int  # closed phases behind it (0 for the service level)


@dataclass
class Duurmodel:
    """Medians per (step, gemeente, organisation at turn); gemeente None = the region, organisation None =
    whoever was at turn. Built by `laad`; answers without further queries."""

    rijen: dict[tuple[str, int | None, int | None], tuple[int, float]] = field(default_factory=dict)
    minimum: int = 5

    def duur(
        self,
        stap: str,
        gemeente_id: int | None,
        partij_organisatie_id: int | None = None,
        regels: Termijnregels | None = None,
    ) -> Schatting:
        sleutels = []
        if partij_organisatie_id is not None:
            sleutels.append(((stap, gemeente_id, partij_organisatie_id), GEMEENTE))
        sleutels += [((stap, gemeente_id, None), GEMEENTE), ((stap, None, None), REGIO)]
        if stap not in WETTELIJK:
            for sleutel, bron in sleutels:
                aantal, dagen = self.rijen.get(sleutel, (0, 0.0))
                if aantal >= self.minimum:
                    return Schatting(dagen, bron, aantal)
        regel = regels.stappen.get(stap) if regels is not None else None
        return Schatting(float(regel.dagen) if regel else 0.0, SERVICETERMIJN, 0)

    def einde(
        self,
        stap: str,
        vanaf: dt.date,
        regels: Termijnregels,
        gemeente_id: int | None,
        partij_organisatie_id: int | None = None,
    ) -> dt.date:
        """When `stap`, starting on `vanaf`, is expected to be done. The objection term is legal and ends
        when the law says, but for a decision not yet published that day is unknown, so its expected length
        is the six weeks themselves (the worst case adds the weekend roll-over); without enough history the
        step takes its service level exactly (working days where it counts them); a step counted in working
        days never ends on a day that is none."""
        if stap == Stap.BEZWAARTERMIJN:
            return vanaf + dt.timedelta(days=termijnen.BEZWAARTERMIJN_DAGEN)
        if stap not in regels.stappen or stap in WETTELIJK:
            return regels.uiterlijk(stap, vanaf)
        schatting = self.duur(stap, gemeente_id, partij_organisatie_id, regels)
        if schatting.bron == SERVICETERMIJN:
            return regels.uiterlijk(stap, vanaf)
        einde = vanaf + dt.timedelta(days=math.ceil(schatting.dagen))
        if regels.stappen[stap].eenheid == Eenheid.WERKDAGEN:
            einde = eerste_werkdag_vanaf(einde, regels)
        return einde


def eerste_werkdag_vanaf(datum: dt.date, regels: Termijnregels) -> dt.date:
    """`datum` itself when it is a working day, else the next one (Atw: weekends and holidays)."""
    if regels.kalender.is_werkdag(datum):
        return datum
    return termijnen.werkdagen_na(datum, 1, regels.kalender).datum


def laatste_werkdag_tot(datum: dt.date, regels: Termijnregels) -> dt.date:
    """`datum` itself when it is a working day, else the last one before it."""
    while not regels.kalender.is_werkdag(datum):
        datum -= dt.timedelta(days=1)
    return datum


def laad(gemeenten: Iterable[int] | None = None) -> Duurmodel:
    """The model for these gemeenten (None: all) plus the region: one query, kept per process until the model
    is rebuilt (portal.procesgeheugen; `bijwerken` renews the token), so a submission does not ask again."""
    gemeenten = None if gemeenten is None else tuple(sorted(set(gemeenten)))
    # The rows are kept (tuples nobody changes: no copy needed); the model around them is new for each caller.
    rijen = procesgeheugen.onthoud(("duurmodel", gemeenten), lambda: _lees(gemeenten), kopie=False)
    model = Duurmodel(minimum=minimum())
    model.rijen.update(rijen)
    return model


def _lees(gemeenten: tuple[int, ...] | None) -> dict[tuple, tuple[int, float]]:
    rijen = Stapduur.objects.all()
    if gemeenten is not None:
        rijen = rijen.filter(Q(gemeente__isnull=True) | Q(gemeente__in=list(gemeenten)))
    return {
        (stap, gemeente_id, partij_id): (aantal, dagen)
        for stap, gemeente_id, partij_id, aantal, dagen in rijen.values_list(
            "stap", "gemeente_id", "partij_organisatie_id", "aantal", "mediaan_dagen"
        )
    }


def bijwerken(nu: dt.datetime | None = None) -> int:
    """Rebuild Stapduur from the phases closed in the last VENSTER_DAGEN days: one GROUP BY over
    (step, gemeente, organisation at turn, days), the medians read from that distribution. Returns the
    number of rows written."""
    nu = nu or klok.nu()
    verdelingen: dict[tuple, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    rijen = (
        Fase.objects.filter(eind__isnull=False, eind__gte=nu - dt.timedelta(days=VENSTER_DAGEN))
        .exclude(stap__in=[Stap.BEZWAARTERMIJN])
        .values_list("stap", "gemeente_id", "partij_organisatie_id", "dagen")
        .annotate(n=Count("id"))
        .order_by()
    )
    for stap, gemeente_id, partij_id, dagen, n in rijen:
        # A set: a phase nobody was at turn for counts once at the gemeente level.
        for sleutel in {(stap, gemeente_id, partij_id), (stap, gemeente_id, None), (stap, None, None)}:
            verdelingen[sleutel][dagen] += n
    nieuw = []
    for (stap, gemeente_id, partij_id), verdeling in verdelingen.items():
        paren = list(verdeling.items())
        nieuw.append(
            Stapduur(
                stap=stap,
                gemeente_id=gemeente_id,
                partij_organisatie_id=partij_id,
                aantal=sum(verdeling.values()),
                mediaan_dagen=mediaan(paren),
                p80_dagen=percentiel(paren, 0.8),
                bijgewerkt_op=nu,
            )
        )
    with transaction.atomic():
        Stapduur.objects.all().delete()
        Stapduur.objects.bulk_create(nieuw, batch_size=1000)
        procesgeheugen.verhoog()  # every process reads the new model at its next request
    return len(nieuw)
