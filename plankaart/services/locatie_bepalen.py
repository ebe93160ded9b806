"""The CPO determines the location of an approved request: choose within the radius, move the nearest candidate or propose a new one; the request is linked to it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aanvragen import services as aanvraagservices
from aanvragen.models import Aanvraag
from plankaart import kaart, meldingen, selectors
from plankaart.models import Locatie
from plankaart.services.basis import Punt, S, controleer_locatie_bepalen
from plankaart.services.kern import nieuwe_locatie, stel_voor, verplaats
from plankaart.volgen import fase_van
from portal import transities


def kies(aanvraag: Aanvraag, locatie: Locatie, door) -> Aanvraag:
    """Link the request to a location within the radius. A plankaart candidate is proposed to the gemeente;
    a location further along (approved, or proactive with a definitive verkeersbesluit) is simply joined."""
    controleer_locatie_bepalen(aanvraag, door)
    with transaction.atomic():
        aanvraag, locatie = transities.vergrendel(aanvraag), transities.vergrendel(locatie)
        controleer_locatie_bepalen(aanvraag, door)
        if locatie.gemeente_id != aanvraag.gemeente_id or locatie.status not in Locatie.KIESBAAR:
            raise ValidationError({"locatie": _("Deze locatie kan niet (meer) worden gekozen.")})
        punt = Punt.van_aanvraag(aanvraag)
        afstand = punt.afstand_m(locatie.lat, locatie.lon)
        if afstand > punt.straal_m:
            raise ValidationError(
                {"locatie": _("Deze locatie ligt op %(m)d meter, buiten de straal.") % {"m": round(afstand)}}
            )
        if selectors.open_aanvragen_per_locatie([locatie]).get(locatie.pk, 0) >= locatie.laadpunten:
            raise ValidationError(
                {"locatie": _("Deze locatie heeft al evenveel aanvragen als laadpunten; kies een andere.")}
            )
        if locatie.status == S.KANDIDAAT:
            locatie = stel_voor(locatie, door, gegevens={"aanvraag": aanvraag.nummer})
        return _koppel(aanvraag, locatie, door, afstand)


def verplaats_en_kies(aanvraag: Aanvraag, locatie: Locatie, lat: float, lon: float, omschrijving: str, door):
    """Move a plankaart candidate outside the radius to a point within it, for this request."""
    controleer_locatie_bepalen(aanvraag, door)
    with transaction.atomic():
        aanvraag, locatie = transities.vergrendel(aanvraag), transities.vergrendel(locatie)
        controleer_locatie_bepalen(aanvraag, door)
        if locatie.gemeente_id != aanvraag.gemeente_id:
            raise ValidationError(
                {"locatie": _("Alleen een ongebruikte kandidaat van de plankaart kan verschuiven.")}
            )
        punt = Punt.van_aanvraag(aanvraag)
        locatie = verplaats(
            locatie,
            lat,
            lon,
            omschrijving,
            door,
            punten=[punt],
            reden=_("Verplaatst voor aanvraag %(nummer)s") % {"nummer": aanvraag.nummer},
            gegevens={"aanvraag": aanvraag.nummer},
        )
        return _koppel(aanvraag, locatie, door, punt.afstand_m(lat, lon))


def stel_nieuwe_voor(
    aanvraag: Aanvraag, lat: float, lon: float, omschrijving: str, door, *, parkeerplaatsen=2, laadpunten=2
) -> Aanvraag:
    """A new location for the request."""
    controleer_locatie_bepalen(aanvraag, door)
    with transaction.atomic():
        aanvraag = transities.vergrendel(aanvraag)
        controleer_locatie_bepalen(aanvraag, door)
        punt = Punt.van_aanvraag(aanvraag)
        locatie = nieuwe_locatie(
            aanvraag.gemeente,
            lat,
            lon,
            omschrijving,
            door,
            punten=[punt],
            parkeerplaatsen=parkeerplaatsen,
            laadpunten=laadpunten,
            gegevens={"aanvraag": aanvraag.nummer},
        )
        return _koppel(aanvraag, locatie, door, punt.afstand_m(lat, lon))


def _koppel(aanvraag: Aanvraag, locatie: Locatie, door, afstand: float) -> Aanvraag:
    fase = fase_van(locatie)
    aanvraag = transities.voer_uit(
        aanvraag,
        "locatie_koppelen",
        door,
        volgt=True,
        gegevens={
            "locatie": locatie.pk,
            "omschrijving": locatie.omschrijving,
            "afstand_m": round(afstand),
            # A new or moved spot goes to the netbeheerder first: the timeline must not say "voorgesteld".
            "locatiestatus": locatie.status,
        },
        locatie=locatie,
        status=fase,
    )
    planning = aanvraagservices.planning_na_koppelen(aanvraag, locatie, door)
    meldingen.plek_gekozen(aanvraag, locatie, afstand, fase, planning)
    aanvraagservices.waarschuw_als_maximum_in_gevaar(aanvraag)
    transaction.on_commit(kaart.vernieuw)
    return aanvraag


def stel_proactief_voor(locatie: Locatie, door) -> Locatie:
    """Proactive placement (DESIGN.md 3, lane 2): the CPO proposes a plankaart candidate without a request."""
    return stel_voor(locatie, door, gegevens={"proactief_jaar": locatie.proactief_jaar})
