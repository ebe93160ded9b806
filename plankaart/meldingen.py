"""The messages of the location flow: the party at turn hears what to do and by when, on commit through the outbox."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from plankaart.models import Locatie
from portal import berichten
from portal.selectors import cpos_van_gemeente
from portal.termijnen import datum_lang


def _meld_voorstel(locatie: Locatie) -> None:
    berichten.verstuur_aan_organisatie(
        locatie.gemeente,
        _("Locatievoorstel beoordelen: %(omschrijving)s") % {"omschrijving": locatie.omschrijving},
        _("De laadpaalexploitant stelt deze locatie voor. Beoordeel het voorstel uiterlijk %(datum)s.")
        % {"datum": datum_lang(locatie.termijn_uiterlijk)},
        link=reverse("plankaart:locatie", args=[locatie.pk]),
    )


def _meld_netcheck(locatie: Locatie) -> None:
    if locatie.termijn_organisatie is None:
        return
    berichten.verstuur_aan_organisatie(
        locatie.termijn_organisatie,
        _("Netcheck gevraagd: %(omschrijving)s (%(gemeente)s)")
        % {"omschrijving": locatie.omschrijving, "gemeente": locatie.gemeente.naam},
        _("Kan het net hier een laadpaal met %(n)d laadpunten aan? Geef uw antwoord uiterlijk %(datum)s.")
        % {"n": locatie.laadpunten, "datum": datum_lang(locatie.termijn_uiterlijk)},
        link=reverse("plankaart:locatie", args=[locatie.pk]),
    )


def _meld_bij_cpo(locatie: Locatie, onderwerp: str, tekst: str) -> None:
    for cpo in cpos_van_gemeente(locatie.gemeente):
        berichten.verstuur_aan_organisatie(
            cpo, onderwerp, tekst, link=reverse("plankaart:locatie", args=[locatie.pk])
        )
