"""Address lookup by postcode and house number through the PDOK Locatieserver.

Best effort by design: the form works without it. `zoek` tells "no such address" (None) from "PDOK could not
be reached" (NietBereikbaar), so the E-rijder reads which of the two it is; `zoek_adres` folds both into None.
"""

import json
import logging
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.cache import cache

log = logging.getLogger(__name__)
_PUNT = re.compile(r"POINT\(([-\d.]+) ([-\d.]+)\)")


@dataclass
class Adres:
    straat: str
    woonplaats: str
    gemeentecode: str
    gemeentenaam: str
    lat: float | None
    lon: float | None


class NietBereikbaar(Exception):
    """PDOK did not answer (in time, or usably); nothing is known about the address."""


def zoek_adres(postcode: str, huisnummer: int, toevoeging: str = "") -> Adres | None:
    try:
        return zoek(postcode, huisnummer, toevoeging)
    except NietBereikbaar:
        return None


def zoek(postcode: str, huisnummer: int, toevoeging: str = "") -> Adres | None:
    """The address, or None when PDOK knows no such address. Raises NietBereikbaar when PDOK is away."""
    sleutel = f"pdok:{postcode}:{huisnummer}:{toevoeging}".replace(" ", "")
    bewaard = cache.get(sleutel)
    if bewaard is not None:
        return Adres(**bewaard) if bewaard else None
    adres = _vraag_op(postcode.replace(" ", ""), huisnummer, toevoeging)
    # Remember misses briefly too, so a wrong postcode does not hammer PDOK; an outage is not cached.
    if adres is False:
        raise NietBereikbaar
    cache.set(sleutel, asdict(adres) if adres else {}, 86400 if adres else 300)
    return adres


def _vraag_op(postcode: str, huisnummer: int, toevoeging: str):
    query = f"postcode:{postcode} AND huisnummer:{huisnummer}"
    params = urllib.parse.urlencode({"q": query, "fq": "type:adres", "rows": 5})
    url = f"{settings.PDOK_LOCATIESERVER_URL}/free?{params}"
    try:
        with urllib.request.urlopen(url, timeout=settings.PDOK_TIMEOUT) as antwoord:  # noqa: S310 - fixed https base
            data = json.load(antwoord)
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as fout:
        log.info("PDOK Locatieserver niet bereikbaar: %s", fout)
        return False
    documenten = data.get("response", {}).get("docs", [])
    if toevoeging:
        passend = [
            d
            for d in documenten
            if str(d.get("huisletter", "")) + str(d.get("huisnummertoevoeging", "")) == toevoeging
        ]
        documenten = passend or documenten
    if not documenten:
        return None
    doc = documenten[0]
    lat = lon = None
    punt = _PUNT.match(doc.get("centroide_ll", "") or "")
    if punt:
        lon, lat = float(punt.group(1)), float(punt.group(2))
    return Adres(
        straat=doc.get("straatnaam", ""),
        woonplaats=doc.get("woonplaatsnaam", ""),
        gemeentecode=str(doc.get("gemeentecode", "")),
        gemeentenaam=doc.get("gemeentenaam", ""),
        lat=lat,
        lon=lon,
    )


@dataclass
class Plaats:
    naam: str  # PDOK's display name, e.g. "Loolaan 12, 7315AB Apeldoorn"
    lat: float
    lon: float


def zoek_vrij(tekst: str, rows: int = 5) -> list[Plaats]:
    """Addresses matching a free text ("loolaan 12 apeldoorn"), best first, for the public map's search.
    Raises NietBereikbaar when PDOK is away; an empty list when it knows nothing of the kind."""
    tekst = " ".join(tekst.split())[:200]
    if not tekst:
        return []
    sleutel = "pdok:vrij:" + urllib.parse.quote(tekst.lower())[:200]
    bewaard = cache.get(sleutel)
    if bewaard is not None:
        return [Plaats(**p) for p in bewaard]
    params = urllib.parse.urlencode(
        {"q": tekst, "fq": "type:adres", "rows": rows, "fl": "weergavenaam,centroide_ll"}
    )
    url = f"{settings.PDOK_LOCATIESERVER_URL}/free?{params}"
    try:
        with urllib.request.urlopen(url, timeout=settings.PDOK_TIMEOUT) as antwoord:  # noqa: S310 - fixed https base
            data = json.load(antwoord)
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as fout:
        log.info("PDOK Locatieserver niet bereikbaar: %s", fout)
        raise NietBereikbaar from fout
    plaatsen = []
    for doc in data.get("response", {}).get("docs", []):
        punt = _PUNT.match(doc.get("centroide_ll", "") or "")
        if punt:
            plaatsen.append(
                Plaats(str(doc.get("weergavenaam", "")), float(punt.group(2)), float(punt.group(1)))
            )
    cache.set(sleutel, [asdict(p) for p in plaatsen], 86400)
    return plaatsen
