"""Helpers for the realisation tests; the definitive locations they start from (`definitief`, `proactief`) are
fixtures in tests/conftest.py, shared with the browser tests."""

from netaansluiting import services
from netaansluiting.models import Netaansluiting
from tests.conftest import D, om  # noqa: F401 - re-exported for the realisation tests


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
