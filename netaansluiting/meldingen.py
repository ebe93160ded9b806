"""The messages of grid connections and realisations: who is told, with which link, on commit through the outbox."""

from __future__ import annotations

from django.urls import reverse

from netaansluiting.models import (
    Netaansluiting,
    Realisatie,
)
from netaansluiting.services.basis import _datum
from portal import berichten


def _waarden(aansluiting: Netaansluiting) -> dict:
    return {
        "nummer": aansluiting.nummer,
        "omschrijving": aansluiting.locatie.omschrijving,
        "netbeheerder": aansluiting.netbeheerder.naam,
        "werkvoorbereiding": _datum(aansluiting.werkvoorbereiding_gereed_op),
        "aannemer": aansluiting.aannemer or "—",
        "gepland": _datum(aansluiting.aansluiting_gepland_op),
        "aangesloten": _datum(aansluiting.aangesloten_op),
        "ean": aansluiting.ean or "—",
        "afkeurreden": aansluiting.afkeurreden,
    }


def _meld_cpo(aansluiting: Netaansluiting, onderwerp: str, tekst: str, *, per_email=False, realisatie=None):
    link = (
        reverse("netaansluiting:realisatie", args=[realisatie.pk])
        if realisatie is not None
        else reverse("netaansluiting:aansluiting", args=[aansluiting.pk])
    )
    berichten.verstuur_aan_organisatie(aansluiting.cpo, onderwerp, tekst, link=link, per_email=per_email)


def _meld_gemeente(realisatie: Realisatie, onderwerp: str, tekst: str, *, per_email: bool = False) -> None:
    berichten.verstuur_aan_organisatie(
        realisatie.gemeente,
        onderwerp,
        tekst,
        link=reverse("netaansluiting:realisatie", args=[realisatie.pk]),
        per_email=per_email,
    )
