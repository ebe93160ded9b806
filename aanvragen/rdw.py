"""The licence plate at the RDW: is it a known electric (or plug-in hybrid) passenger car?

RDW open data (Socrata, SODA 2.x): the registered vehicles `m9d7-ebf2` (voertuigsoort, merk,
handelsbenaming) and their fuel lines `8ys7-d773` (brandstof_omschrijving "Elektriciteit"), each asked with
`?kenteken=AB123C` (upper case, no dashes) and answering a JSON array, empty for an unknown plate. Base URL in
RDW_API_URL, an optional app token in RDW_APP_TOKEN (sent as X-App-Token: without one the requests share an
IP-based pool). Both questions together get RDW_TIMEOUT seconds (2 by default); whatever the RDW does beyond
that (slow, down, throttled with 429, an answer that is not JSON) is "niet bereikt", never a refusal: the
request is accepted and checked again later (aanvragen.tasks.controleer_rdw).

Never called inside a database transaction: the callers (aanvragen.services) ask first and write after.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)

VOERTUIGEN = "m9d7-ebf2"
BRANDSTOFFEN = "8ys7-d773"
ELEKTRICITEIT = "Elektriciteit"
# A hybrid that cannot be charged from the grid (RDW klasse_hybride_elektrisch_voertuig): not a plug-in.
NIET_OPLAADBAAR = "NOVC-HEV"


class Uitslag(models.TextChoices):
    NIET_GECONTROLEERD = "", _("Niet gecontroleerd")
    ELEKTRISCH = "elektrisch", _("Elektrisch")
    PLUGIN_HYBRIDE = "plugin_hybride", _("Plug-in hybride")
    BESTELD = "besteld", _("Nog niet op kenteken (auto besteld)")
    NIET_BEREIKT = "niet_bereikt", _("RDW niet bereikt")
    ONBEKEND = "onbekend", _("Kenteken onbekend bij de RDW")
    NIET_ELEKTRISCH = "niet_elektrisch", _("Geen elektrische auto")
    GEEN_PERSONENAUTO = "geen_personenauto", _("Geen personenauto")


GOEDGEKEURD = frozenset({Uitslag.ELEKTRISCH, Uitslag.PLUGIN_HYBRIDE})
GEWEIGERD = frozenset({Uitslag.ONBEKEND, Uitslag.NIET_ELEKTRISCH, Uitslag.GEEN_PERSONENAUTO})


@dataclass
class Resultaat:
    uitslag: Uitslag
    merk: str = ""
    model: str = ""
    voertuigsoort: str = ""
    brandstoffen: list[str] = field(default_factory=list)

    @property
    def geweigerd(self) -> bool:
        return self.uitslag in GEWEIGERD


class NietBereikt(Exception):
    """The RDW did not answer usably in time."""


def compact(kenteken: str) -> str:
    """'AB-123-C' → 'AB123C': how the RDW's datasets hold a plate."""
    return "".join(teken for teken in (kenteken or "").upper() if teken.isalnum())


def _vraag(dataset: str, kenteken: str, uiterlijk: float) -> list[dict]:
    over = uiterlijk - time.monotonic()
    if over <= 0:
        raise NietBereikt("geen tijd meer over")
    url = f"{settings.RDW_API_URL}/resource/{dataset}.json?{urllib.parse.urlencode({'kenteken': kenteken})}"
    verzoek = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310 - configured base
    if settings.RDW_APP_TOKEN:
        verzoek.add_header("X-App-Token", settings.RDW_APP_TOKEN)
    try:
        with urllib.request.urlopen(verzoek, timeout=over) as antwoord:  # noqa: S310 - configured base
            data = json.load(antwoord)
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as fout:
        raise NietBereikt(str(fout)) from fout
    if not isinstance(data, list):
        raise NietBereikt("antwoord is geen lijst")
    return [rij for rij in data if isinstance(rij, dict)]


def controleer(kenteken: str) -> Resultaat:
    """Ask the RDW about a plate. Raises NietBereikt when it does not answer within RDW_TIMEOUT seconds."""
    plaat = compact(kenteken)
    uiterlijk = time.monotonic() + settings.RDW_TIMEOUT
    voertuigen = _vraag(VOERTUIGEN, plaat, uiterlijk)
    if not voertuigen:
        return Resultaat(Uitslag.ONBEKEND)
    voertuig = voertuigen[0]
    merk = str(voertuig.get("merk", "")).strip()
    model = str(voertuig.get("handelsbenaming", "")).strip()
    soort = str(voertuig.get("voertuigsoort", "")).strip()
    brandstofrijen = _vraag(BRANDSTOFFEN, plaat, uiterlijk)
    brandstoffen = [str(r.get("brandstof_omschrijving", "")).strip() for r in brandstofrijen]
    gegevens = {"merk": merk, "model": model, "voertuigsoort": soort, "brandstoffen": brandstoffen}
    if soort not in settings.RDW_VOERTUIGSOORTEN:
        return Resultaat(Uitslag.GEEN_PERSONENAUTO, **gegevens)
    klassen = {str(r.get("klasse_hybride_elektrisch_voertuig", "")).strip() for r in brandstofrijen}
    if ELEKTRICITEIT not in brandstoffen or NIET_OPLAADBAAR in klassen:
        return Resultaat(Uitslag.NIET_ELEKTRISCH, **gegevens)
    anders = [b for b in brandstoffen if b != ELEKTRICITEIT]
    return Resultaat(Uitslag.PLUGIN_HYBRIDE if anders else Uitslag.ELEKTRISCH, **gegevens)


def controleer_of_niet_bereikt(kenteken: str) -> Resultaat:
    """As `controleer`, with an outage as the outcome NIET_BEREIKT instead of an exception."""
    try:
        return controleer(kenteken)
    except NietBereikt as fout:
        log.info("RDW niet bereikt voor een kentekencontrole: %s", fout)
        return Resultaat(Uitslag.NIET_BEREIKT)
