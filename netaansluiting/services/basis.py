"""What every grid-connection case shares: state shorthands, case numbers and dates in messages."""

from __future__ import annotations

import logging

from netaansluiting.models import (
    Netaansluiting,
    Realisatie,
)
from portal import klok
from portal.models import Volgnummer
from portal.termijnen import datum_lang

log = logging.getLogger(__name__)


S = Netaansluiting.Status


R = Realisatie.Status


def _nummer(soort: str, breedte: int) -> str:
    return _nummers(soort, breedte, 1)[0]


def _nummers(soort: str, breedte: int, aantal: int) -> list[str]:
    """`aantal` new case numbers in one statement (Volgnummer.volgende takes the block)."""
    if aantal < 1:
        return []
    jaar = klok.vandaag().year
    laatste = Volgnummer.volgende(soort, jaar, aantal)
    return [f"{soort}-{jaar}-{n:0{breedte}d}" for n in range(laatste - aantal + 1, laatste + 1)]


def _datum(datum) -> str:
    return datum_lang(datum) if datum else "—"
