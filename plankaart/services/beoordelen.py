"""The gemeente decides on a proposal (approve, ask to adjust, reject with a reason code, let lapse) and the CPO adjusts it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aanvragen.models import Aanvraag
from plankaart import meldingen
from plankaart.models import GEMEENTE_REDENEN, Locatie, Redencode
from plankaart.services.basis import (
    Punt,
    _controleer_netbeheerder,
    _controleer_omschrijving,
    _controleer_punt,
    _geen_dubbele,
    weiger,
)
from portal import geo, transities
from portal.invoer import redencode, verplichte_tekst

NETCHECK_BIJ_VERPLAATSING_M = 1.0


def keur_goed(locatie: Locatie, door) -> Locatie:
    with transaction.atomic():
        locatie = transities.voer_uit(locatie, "goedkeuren", door)
        meldingen.locatie_goedgekeurd(locatie)
    return locatie


def vraag_aanpassing(locatie: Locatie, door, opmerking: str) -> Locatie:
    opmerking = verplichte_tekst(opmerking, "opmerking", _("Schrijf op wat de exploitant moet aanpassen."))
    with transaction.atomic():
        locatie = transities.voer_uit(
            locatie, "aanpassing_vragen", door, reden=opmerking, opmerking=opmerking
        )
        meldingen.aanpassing_gevraagd(locatie, opmerking)
    return locatie


def wijs_af(locatie: Locatie, door, reden: str, reden_code: str = Redencode.ANDERS) -> Locatie:
    reden = verplichte_tekst(reden, "reden", _("Schrijf op waarom de gemeente deze locatie afwijst."))
    reden_code = redencode(reden_code, GEMEENTE_REDENEN)
    with transaction.atomic():
        locatie = weiger(locatie, "afwijzen", door, reden, reden_code)
        meldingen.locatie_afgewezen(locatie, reden)
    return locatie


def laat_vervallen(locatie: Locatie, door, reden: str) -> Locatie:
    reden = verplichte_tekst(reden, "reden", _("Schrijf op waarom de locatie vervalt."))
    with transaction.atomic():
        locatie = transities.voer_uit(locatie, "laten_vervallen", door, reden=reden, opmerking=reden)
        if locatie.aanvragen.filter(status__in=Aanvraag.MET_LOCATIE).exists():
            meldingen.locatie_vervallen(locatie, reden)
    return locatie


def stel_opnieuw_voor(
    locatie: Locatie,
    door,
    *,
    lat: float,
    lon: float,
    omschrijving: str,
    parkeerplaatsen: int,
    laadpunten: int,
) -> Locatie:
    """The CPO adjusts a proposal the gemeente sent back; a moved point is checked by the netbeheerder again."""
    omschrijving = _controleer_omschrijving(omschrijving)
    transities.controleer(locatie, "opnieuw_voorstellen", door)
    with transaction.atomic():
        locatie = transities.vergrendel(locatie)
        transities.controleer(locatie, "opnieuw_voorstellen", door)
        aanvragen = list(locatie.aanvragen.filter(status__in=Aanvraag.MET_LOCATIE))
        if laadpunten < len(aanvragen):
            raise ValidationError(
                {
                    "laadpunten": _("Deze locatie bedient %(n)d aanvragen; minder laadpunten kan niet.")
                    % {"n": len(aanvragen)}
                }
            )
        verplaatst = (
            geo.afstand_m((locatie.rd_x, locatie.rd_y), geo.naar_rd(lat, lon)) > NETCHECK_BIJ_VERPLAATSING_M
        )
        gegevens = {}
        if verplaatst:
            _controleer_punt(locatie.gemeente, lat, lon, [Punt.van_aanvraag(a) for a in aanvragen])
            _geen_dubbele(locatie.gemeente, lat, lon, behalve=locatie)
            _controleer_netbeheerder(locatie.gemeente)
            gegevens = {"oud": {"lat": locatie.lat, "lon": locatie.lon}, "nieuw": {"lat": lat, "lon": lon}}
            locatie.zet_punt(lat, lon)
            if locatie.bron == Locatie.Bron.PLANKAART:
                locatie.bron = Locatie.Bron.VERPLAATST
        locatie.omschrijving, locatie.parkeerplaatsen, locatie.laadpunten = (
            omschrijving,
            parkeerplaatsen,
            laadpunten,
        )
        locatie.save()
        locatie = transities.voer_uit(
            locatie, "opnieuw_voorstellen", door, gegevens=gegevens, netcheck_nodig=verplaatst
        )
        if verplaatst:
            meldingen.netcheck_gevraagd(locatie)
        else:
            meldingen.voorstel_te_beoordelen(locatie)
    return locatie
