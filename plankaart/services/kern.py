"""The location core, needed by every lane: propose a candidate, ask a netcheck, move a candidate, add a new location. None of these needs a request."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plankaart import meldingen, selectors
from plankaart.models import Locatie
from plankaart.services.basis import (
    S,
    _controleer_netbeheerder,
    _controleer_omschrijving,
    _controleer_punt,
    _geen_dubbele,
    _plankaart_om_aan_te_vullen,
)
from portal import historie, transities
from portal.selectors import is_cpo_van_gemeente


# the request path below wraps them (DESIGN.md 3, every lane uses the same core).
def stel_voor(locatie: Locatie, door, *, gegevens=None) -> Locatie:
    """The CPO proposes a plankaart candidate to the gemeente (for a request, a signal or proactively)."""
    with transaction.atomic():
        locatie = transities.voer_uit(locatie, "voorstellen", door, gegevens=gegevens or {})
        meldingen.voorstel_te_beoordelen(locatie)
    return locatie


def vraag_netcheck(locatie: Locatie, door, *, reden: str = "", gegevens=None) -> Locatie:
    """The CPO asks the netbeheerder whether the grid can take this candidate before proposing it."""
    with transaction.atomic():
        _controleer_netbeheerder(locatie.gemeente)
        locatie = transities.voer_uit(
            locatie, "netcheck_aanvragen", door, reden=reden, gegevens=gegevens or {}
        )
        meldingen.netcheck_gevraagd(locatie)
    return locatie


def verplaats(
    locatie: Locatie, lat: float, lon: float, omschrijving: str, door, *, punten=(), gegevens=None, reden=""
) -> Locatie:
    """Move an unused plankaart candidate (within the radius of `punten`, when it serves any); the netbeheerder
    checks it first. The old point stays in the location's history."""
    transities.controleer(locatie, "netcheck_aanvragen", door)
    omschrijving = _controleer_omschrijving(omschrijving)
    with transaction.atomic():
        locatie = transities.vergrendel(locatie)
        if locatie.status != S.KANDIDAAT or selectors.open_aanvragen_per_locatie([locatie]):
            raise ValidationError(
                {"locatie": _("Alleen een ongebruikte kandidaat van de plankaart kan verschuiven.")}
            )
        _controleer_punt(locatie.gemeente, lat, lon, list(punten))
        _geen_dubbele(locatie.gemeente, lat, lon, behalve=locatie)
        oud = {"lat": locatie.lat, "lon": locatie.lon, "omschrijving": locatie.omschrijving}
        locatie.zet_punt(lat, lon)
        locatie.omschrijving = omschrijving
        locatie.bron = Locatie.Bron.VERPLAATST
        locatie.save()
        return vraag_netcheck(
            locatie,
            door,
            reden=reden,
            gegevens={**(gegevens or {}), "oud": oud, "nieuw": {"lat": lat, "lon": lon}},
        )


def nieuwe_locatie(
    gemeente,
    lat: float,
    lon: float,
    omschrijving: str,
    door,
    *,
    punten=(),
    parkeerplaatsen: int = 2,
    laadpunten: int = 2,
    bron: str = Locatie.Bron.NIEUW,
    gegevens=None,
) -> Locatie:
    """A new location on the gemeente's plankaart, proposed by the CPO serving it; the netbeheerder checks it
    before it goes to the gemeente."""
    if not is_cpo_van_gemeente(door, gemeente.pk):
        raise transities.GeenRecht("nieuwe_locatie")
    omschrijving = _controleer_omschrijving(omschrijving)
    with transaction.atomic():
        _controleer_punt(gemeente, lat, lon, list(punten))
        _geen_dubbele(gemeente, lat, lon)
        _controleer_netbeheerder(gemeente)
        locatie = Locatie(
            plankaart=_plankaart_om_aan_te_vullen(gemeente),
            gemeente=gemeente,
            omschrijving=omschrijving,
            lat=lat,
            lon=lon,
            parkeerplaatsen=parkeerplaatsen,
            laadpunten=laadpunten,
            bron=bron,
        )
        locatie.save()
        historie.registreer(locatie, "aanmaken", "", locatie.status, door, gegevens=gegevens or {})
        return vraag_netcheck(locatie, door, gegevens=gegevens)
