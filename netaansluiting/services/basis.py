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
    jaar = klok.vandaag().year
    return f"{soort}-{jaar}-{Volgnummer.volgende(soort, jaar):0{breedte}d}"


def _datum(datum) -> str:
    return datum_lang(datum) if datum else "—"
