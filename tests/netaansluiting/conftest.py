"""Definitive locations for the realisation tests, reached through the real chain: a request, its approved
spot, a verkeersbesluit published on 2 March 2026 (objection term to 13 April) and made definitive by the sweep
on 14 April, which requests the grid connection."""

import datetime as dt

import pytest

from netaansluiting import services
from netaansluiting.models import Netaansluiting
from plankaart.models import Locatie
from portal import klok
from verkeersbesluiten import services as besluitservices

D = dt.date.fromisoformat
DEFINITIEF_OP = "2026-04-14"


def om(datum: str, uur: int = 10):
    return klok.vastgezet(dt.datetime.fromisoformat(f"{datum}T{uur:02d}:00:00+00:00"))


@pytest.fixture
def definitief(wereld, goedgekeurde_locatie):
    """Locations with a request behind each, in one verzamelverkeersbesluit that became definitive on 14 April
    2026: `definitief(2)` returns [(location, request), ...]. Their connections wait to be bundled."""

    def maak(aantal: int = 1, *, aanvrager=None):
        paren = [
            goedgekeurde_locatie(noord_m=300 * i, aanvrager=aanvrager if i == 0 else None)
            for i in range(aantal)
        ]
        with om("2026-03-02"):
            besluit = besluitservices.maak_concept(
                wereld.gemeente_a, wereld.gemeente_a_mw, titel="Laadpalen", locaties=[p for p, _ in paren]
            )
            besluitservices.publiceer(
                besluit,
                wereld.gemeente_a_mw,
                bekendmaking_op=D("2026-03-02"),
                vindplaats="Gemeenteblad 2026, 1",
            )
        with om(DEFINITIEF_OP, 1):
            besluitservices.maak_definitief_wat_klaar_is()
        return [(Locatie.objects.get(pk=p.pk), a.__class__.objects.get(pk=a.pk)) for p, a in paren]

    return maak


@pytest.fixture
def proactief(wereld, locatie_op):
    """`proactief(n)`: n definitive proactive locations (no request behind them) whose connections the CPO
    requested; they wait to be bundled."""

    def maak(aantal: int, *, datum: str = DEFINITIEF_OP, gemeente=None):
        aansluitingen = []
        with om(datum):
            for i in range(aantal):
                plek = locatie_op(
                    1000 + 20 * i,
                    gemeente=gemeente,
                    status=Locatie.Status.DEFINITIEF,
                    proactief=True,
                    proactief_jaar=2026,
                )
                aansluitingen.append(services.vraag_aan(plek, wereld.cpo_mw))
        return aansluitingen

    return maak


def aansluiting_van(locatie) -> Netaansluiting:
    return Netaansluiting.objects.filter(locatie=locatie).latest("pk")


def tot_opdracht(aansluiting, wereld, datum="2026-04-20"):
    """Walk a connection through the netbeheerder's steps up to the order to the contractor."""
    with om(datum):
        aansluiting = services.netbeheerderstap(
            aansluiting, "netcheck_goedkeuren", wereld.netbeheerder_mw, werkvoorbereiding_gereed_op=D(datum)
        )
        return services.netbeheerderstap(
            aansluiting,
            "opdracht_verstrekken",
            wereld.netbeheerder_mw,
            aannemer="Volker Energie",
            aansluiting_gepland_op=D("2026-05-12"),
        )


def ean(basis: int = 1) -> str:
    cijfers = f"8716859{basis:010d}"
    return cijfers + str(services.controlecijfer(cijfers))
