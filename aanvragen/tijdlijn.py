"""What each step means for the E-rijder, in plain Dutch."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from aanvragen import prognose
from aanvragen.models import Aanvraag
from portal import historie, servicetermijnen
from portal.servicetermijnen import Stap

# transitie → (title, what it means for the E-rijder)
BETEKENIS = {
    "indienen": (
        _("Aanvraag ingediend"),
        _("We hebben uw aanvraag ontvangen. U kreeg een ontvangstbevestiging in uw berichten en per e-mail."),
    ),
    "aanvulling_vragen": (
        _("Aanvulling gevraagd"),
        _("De laadpaalexploitant heeft meer informatie nodig. Vul uw aanvraag aan en dien hem opnieuw in."),
    ),
    "opnieuw_indienen": (
        _("Aanvraag aangevuld"),
        _("U heeft uw aanvraag aangevuld. De laadpaalexploitant beoordeelt hem opnieuw."),
    ),
    "goedkeuren": (
        _("Aanvraag goedgekeurd"),
        _("Uw aanvraag voldoet aan de voorwaarden. Nu wordt een geschikte plek in de buurt gezocht."),
    ),
    "afwijzen": (
        _("Aanvraag afgewezen"),
        _("Uw aanvraag voldoet niet aan de voorwaarden van de gemeente."),
    ),
    "intrekken": (_("Aanvraag ingetrokken"), _("De aanvraag is ingetrokken en wordt niet verder behandeld.")),
    "aansluiten": (
        _("Iemand uit de buurt sloot zich aan"),
        _("Een andere E-rijder in de buurt wil ook laden en volgt deze aanvraag mee."),
    ),
}

# status → (who acts next, what happens next)
VOLGENDE_STAP = {
    Aanvraag.Status.INGEDIEND: (
        _("Laadpaalexploitant"),
        _("De laadpaalexploitant toetst uw aanvraag aan de voorwaarden van de gemeente."),
    ),
    Aanvraag.Status.AANVULLING_GEVRAAGD: (_("U"), _("Vul uw aanvraag aan en dien hem opnieuw in.")),
    Aanvraag.Status.GOEDGEKEURD: (
        _("Laadpaalexploitant"),
        _(
            "De laadpaalexploitant bepaalt een plek op de plankaart binnen 250 meter en legt die voor aan de gemeente."
        ),
    ),
}


# step → what it means for the E-rijder, for the steps still to come
VOORUITBLIK = {
    Stap.TOETSING: _("De laadpaalexploitant toetst uw aanvraag"),
    Stap.LOCATIE_BEPALEN: _("Een plek kiezen op de plankaart en voorleggen aan de gemeente"),
    Stap.BEZWAARTERMIJN: _("Verkeersbesluit van de gemeente en zes weken bezwaartermijn"),
    Stap.NETAANSLUITING: _("Aansluiting op het elektriciteitsnet"),
    Stap.PLAATSING_PLANNEN: _("Plaatsing inplannen met de aannemer"),
    Stap.ENERGIECONTRACT: _("Energiecontract voor de laadpaal"),
    Stap.OPLEVERING: _("Laadpaal geplaatst, aangesloten en opgeleverd"),
}


@dataclass
class Gebeurtenis:
    titel: str
    uitleg: str
    op: dt.datetime
    reden: str
    door_organisatie: str


@dataclass
class VolgendeStap:
    wie: str
    wat: str
    uiterlijk: dt.date | None


def tijdlijn(aanvraag: Aanvraag) -> list[Gebeurtenis]:
    regels = []
    for rij in historie.historie_van(aanvraag):
        titel, uitleg = BETEKENIS.get(rij.transitie, (rij.transitie, ""))
        regels.append(
            Gebeurtenis(
                titel=str(titel),
                uitleg=str(uitleg),
                op=rij.op,
                reden=rij.reden,
                door_organisatie=rij.organisatie.naam if rij.organisatie_id else "",
            )
        )
    return regels


def volgende_stap(aanvraag: Aanvraag) -> VolgendeStap | None:
    stap = VOLGENDE_STAP.get(aanvraag.status)
    if stap is None:
        return None
    return VolgendeStap(wie=str(stap[0]), wat=str(stap[1]), uiterlijk=aanvraag.termijn_uiterlijk)


@dataclass
class VerwachteStap:
    titel: str
    uiterlijk: dt.date
    nu: bool


def nog_te_gaan(aanvraag: Aanvraag) -> list[VerwachteStap]:
    """The current step and the ones after it, each with the date it is expected to be done at the latest."""
    regels = servicetermijnen.voor_gemeente(aanvraag.gemeente)
    return [
        VerwachteStap(titel=str(VOORUITBLIK[v.stap]), uiterlijk=v.uiterlijk, nu=i == 0)
        for i, v in enumerate(prognose.verwachtingen(aanvraag, regels))
    ]
