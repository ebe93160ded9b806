"""Requests follow their location: declared once (DESIGN.md 5).

When a location changes state, or a case that carries its term (its grid connection, its realisation)
takes a step, every open request on that location moves to the stage the location is in now and is projected
again. It happens here, in one receiver of portal.transities.transitie_uitgevoerd, never by calls in the
services. Every location state is mapped in FASE (None: the location no longer serves its requests); a test
fails when a state is added without a mapping.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aanvragen import meldingen as aanvraagmeldingen
from aanvragen import services as aanvraagservices
from aanvragen.models import Aanvraag
from plankaart import kaart
from plankaart.models import Locatie
from portal import transities
from portal.termijnen import datum_lang

S = Locatie.Status
A = Aanvraag.Status

FASE: dict[str, str | None] = {
    S.KANDIDAAT: None,
    S.IN_NETCHECK: A.LOCATIE_VOORGESTELD,
    S.VOORGESTELD: A.LOCATIE_VOORGESTELD,
    S.AANPASSING_GEVRAAGD: A.LOCATIE_VOORGESTELD,
    S.GOEDGEKEURD: A.WACHT_OP_VERKEERSBESLUIT,
    S.IN_PROCEDURE: A.WACHT_OP_VERKEERSBESLUIT,
    S.DEFINITIEF: A.WACHT_OP_REALISATIE,
    S.IN_REALISATIE: A.PLAATSING_GEPLAND,
    S.OPGELEVERD: A.OPGELEVERD,
    S.GEREALISEERD: A.GEREALISEERD,
    S.VERVALLEN: None,
}

# How the E-rijders read why their spot does not go through, per location transition (else its own reason).
REDEN = {
    "netcheck_afkeuren": gettext_lazy("Netcheck afgekeurd: %(reden)s"),
    "afwijzen": gettext_lazy("Afgewezen door de gemeente: %(reden)s"),
    "laten_vervallen": gettext_lazy("Locatie vervallen: %(reden)s"),
    "net_ontoereikend": gettext_lazy("Het net kan hier geen laadpaal aan: %(reden)s"),
}


def fase_van(locatie: Locatie) -> str | None:
    """The stage a request takes with this location; None when the location no longer serves it. A state
    missing from FASE is a programming error and fails loudly (KeyError), never silently unlinks."""
    return FASE[locatie.status]


def locatie_die_volgt(zaak) -> Locatie | None:
    """The location whose requests follow a step of `zaak`: the location itself, or the location of a case
    that declares `aanvragen_volgen_locatie` (its term is the requests' running term)."""
    if isinstance(zaak, Locatie):
        return zaak
    if getattr(type(zaak), "aanvragen_volgen_locatie", False):
        return zaak.locatie
    return None


def bij_transitie(sender, zaak, naam, door, reden="", **kwargs) -> None:
    locatie = locatie_die_volgt(zaak)
    if locatie is None:
        return
    volg(locatie, door, reden=_reden_voor_aanvragen(zaak, naam, reden))


def bij_transities(sender, zaken, naam, door, reden="", **kwargs) -> None:
    """bij_transitie for many cases moved at once (portal.transities.voer_uit_velen): one query finds the
    locations among them that have open requests; only those are followed."""
    if issubclass(sender, Locatie):
        locatie_ids = [zaak.pk for zaak in zaken]
    elif getattr(sender, "aanvragen_volgen_locatie", False):
        locatie_ids = [zaak.locatie_id for zaak in zaken]
    else:
        return
    met_aanvragen = Aanvraag.objects.filter(locatie_id__in=locatie_ids, status__in=Aanvraag.MET_LOCATIE)
    for locatie in Locatie.objects.filter(pk__in=met_aanvragen.values("locatie_id")).order_by("pk"):
        volg(
            locatie,
            door,
            reden=_reden_voor_aanvragen(locatie, naam, reden) if issubclass(sender, Locatie) else "",
        )
    transaction.on_commit(kaart.vernieuw)


def _reden_voor_aanvragen(zaak, naam: str, reden: str) -> str:
    """Only a location's own step tells its requests why (in the E-rijder's words, REDEN)."""
    if not isinstance(zaak, Locatie):
        return ""
    return REDEN[naam] % {"reden": reden} if reden and naam in REDEN else reden


def volg(locatie: Locatie, door, *, reden: str = "") -> list[Aanvraag]:
    """Move every open request on this location to the stage the location is in now, and project it again."""
    gevolgd = []
    for aanvraag in Aanvraag.objects.filter(locatie=locatie, status__in=Aanvraag.MET_LOCATIE).select_related(
        "gemeente", "locatie"
    ):
        fase = fase_van(locatie)
        if fase is None:
            aanvraag = transities.voer_uit(aanvraag, "locatie_vervalt", door, volgt=True, reden=reden)
            aanvraagmeldingen.informeer_betrokkenen(
                aanvraag,
                _("De plek voor aanvraag %(nummer)s gaat niet door") % {"nummer": aanvraag.nummer},
                _(
                    "De plek die voor uw laadpaal was gekozen, gaat niet door. %(reden)s\n\nDe laadpaalexploitant "
                    "zoekt een andere plek in de buurt, uiterlijk %(datum)s."
                )
                % {"reden": reden, "datum": datum_lang(aanvraag.termijn_uiterlijk)},
            )
        elif fase == A.GEREALISEERD:
            aanvraag = transities.voer_uit(aanvraag, "afsluiten", door, volgt=True, reden=reden)
        elif fase != aanvraag.status:
            aanvraag = transities.voer_uit(aanvraag, "locatie_volgen", door, volgt=True, status=fase)
            if fase == A.WACHT_OP_VERKEERSBESLUIT:
                aanvraagmeldingen.informeer_betrokkenen(
                    aanvraag,
                    _("De gemeente keurde de plek voor aanvraag %(nummer)s goed")
                    % {"nummer": aanvraag.nummer},
                    _("De gemeente heeft de plek %(omschrijving)s goedgekeurd. Nu volgt een verkeersbesluit.")
                    % {"omschrijving": locatie.omschrijving},
                )
        else:
            gevolgd.append(aanvraagservices.projecteer_opnieuw(aanvraag))
            continue
        aanvraagservices.waarschuw_als_maximum_in_gevaar(aanvraag)
        gevolgd.append(aanvraag)
    transaction.on_commit(kaart.vernieuw)
    return gevolgd
