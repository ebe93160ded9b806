"""Recognise a full case number in a work list's search box, so the list looks it up by an exact match on the
number's unique index instead of scanning (LIKE / trigram) every row of the list.

The formats are those the services hand out: LP-2026-000123 (request, aanvragen.services.nieuw_zaaknummer),
NA-2026-000045 (grid connection) and NB-2026-0007 (batch; netaansluiting.services.basis), VKB-2026-0003
(verkeersbesluit, verkeersbesluiten.services.concepten). Typed any way: lower case, spaces instead of dashes, no
dashes at all. Only a full number counts: a part of one ("LP-2026-0001") still searches as before.
"""

import re

# kind → digits of the serial number
FORMATEN = {"LP": 6, "NA": 6, "NB": 4, "VKB": 4}

_PATROON = re.compile(r"^(LP|NA|NB|VKB)[\s-]*(\d{4})[\s-]*(\d+)$", re.IGNORECASE)


def herken(tekst: str) -> tuple[str, str] | None:
    """('LP', 'LP-2026-000123') for a full case number, else None."""
    gevonden = _PATROON.match((tekst or "").strip())
    if gevonden is None:
        return None
    soort, jaar, volgnummer = gevonden.group(1).upper(), gevonden.group(2), gevonden.group(3)
    # The services write the serial with at least this many digits ({:06d}): past 999,999 in a year it grows,
    # never with a leading zero.
    cijfers = FORMATEN[soort]
    if len(volgnummer) < cijfers or (len(volgnummer) > cijfers and volgnummer.startswith("0")):
        return None
    return soort, f"{soort}-{jaar}-{volgnummer}"
