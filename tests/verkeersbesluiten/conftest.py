"""Approved locations with requests behind them, ready for a verkeersbesluit, made through the real services."""

import datetime as dt

import pytest

from aanvragen import services as aanvraagservices
from plankaart import services as plankaartservices
from portal import klok
from tests.conftest import punt_bij

D = dt.date.fromisoformat


def om(datum: str):
    return klok.vastgezet(dt.datetime.fromisoformat(f"{datum}T10:00:00+00:00"))


@pytest.fixture
def goedgekeurde_locatie(wereld, dien_in, locatie_op):
    """A plankaart location the gemeente approved for a request; `noord_m` spreads them out."""

    def maak(noord_m=0.0, *, aanvrager=None, datum="2026-02-02"):
        with om(datum):
            plek = locatie_op(noord_m + 50)
            lat, lon = punt_bij(plek.lat, plek.lon, -50)
            aanvraag = dien_in(aanvrager=aanvrager, lat=lat, lon=lon)
            aanvraag = aanvraagservices.goedkeuren(aanvraag, wereld.cpo_mw)
            aanvraag = plankaartservices.kies(aanvraag, plek, wereld.cpo_mw)
            plek = plankaartservices.keur_goed(plek, wereld.gemeente_a_mw)
        aanvraag.refresh_from_db()
        return plek, aanvraag

    return maak
