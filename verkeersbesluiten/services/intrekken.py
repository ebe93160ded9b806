"""Withdrawing a decision, or taking one location out after an upheld objection; the objection flag on locations."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from aanvragen import services as aanvraagservices
from netaansluiting import services as netaansluitingservices
from plankaart import kaart
from plankaart.models import Locatie
from portal import historie, klok, transities
from portal.invoer import verplichte_tekst
from verkeersbesluiten import meldingen
from verkeersbesluiten.meldingen import waarden_van
from verkeersbesluiten.models import Besluitlocatie, Bezwaar, Verkeersbesluit
from verkeersbesluiten.services.basis import S, _kenmerken
from verkeersbesluiten.services.concepten import regels_van


def trek_in(besluit: Verkeersbesluit, door, reden: str) -> Verkeersbesluit:
    transities.controleer(besluit, "intrekken", door)
    reden = verplichte_tekst(reden, "reden", _("Schrijf op waarom het besluit wordt ingetrokken."))
    with transaction.atomic():
        besluit = transities.vergrendel(besluit)
        besluit = _trek_in(besluit, door, reden)
        transaction.on_commit(kaart.vernieuw)
    return besluit


def _trek_in(besluit: Verkeersbesluit, door, reden: str) -> Verkeersbesluit:
    """Withdraw: a published decision's locations are approved again and wait for a new decision."""
    was = besluit.status
    besluit = transities.voer_uit(besluit, "intrekken", door, reden=reden, ingetrokken_reden=reden)
    regels = regels_van(besluit)
    Besluitlocatie.objects.filter(verkeersbesluit=besluit).update(actief=False)
    if was == S.CONCEPT:
        return besluit
    locaties = []
    for regel in regels:
        netaansluitingservices.annuleer_voor_locatie(regel.locatie, door, reden)
        locatie = transities.voer_uit(
            regel.locatie,
            "besluit_vervalt",
            door,
            volgt=True,
            reden=reden,
            gegevens=_kenmerken(besluit),
            opmerking=reden,
        )
        locaties.append(locatie)
    waarden = {**waarden_van(besluit), "reden": reden}
    meldingen.ingetrokken(besluit, waarden)
    aanvraagservices.vermeld_bij_aanvragen(
        locaties,
        "verkeersbesluit_ingetrokken",
        door,
        _kenmerken(besluit),
        *meldingen.ingetrokken_voor_erijders(waarden),
        reden=reden,
    )
    return besluit


def _haal_uit(besluit: Verkeersbesluit, locatie: Locatie, door, bezwaar: Bezwaar, motivering: str) -> None:
    """An upheld objection takes the location out of the decision; it lapses and its requests go back to the
    CPO to propose the nearest alternative (plankaart.volgen tells the E-rijders)."""
    regel = besluit.besluitlocaties.filter(locatie=locatie, stand=Besluitlocatie.Stand.OPGENOMEN).first()
    if regel is None:
        return
    reden = _("Bezwaar %(bezwaar)s gegrond: %(motivering)s") % {
        "bezwaar": bezwaar.nummer,
        "motivering": motivering,
    }
    regel.stand, regel.actief = Besluitlocatie.Stand.UITGEHAALD, False
    regel.uitgehaald_op, regel.uitgehaald_reden = klok.nu(), reden
    regel.save(update_fields=["stand", "actief", "uitgehaald_op", "uitgehaald_reden"])
    historie.registreer(
        besluit,
        "locatie_uithalen",
        besluit.status,
        besluit.status,
        door,
        reden=reden,
        gegevens={"locatie": locatie.pk, "omschrijving": locatie.omschrijving, "bezwaar": bezwaar.nummer},
    )
    netaansluitingservices.annuleer_voor_locatie(locatie, door, reden)
    locatie = transities.voer_uit(
        locatie,
        "uit_besluit_halen",
        door,
        volgt=True,
        reden=reden,
        gegevens=_kenmerken(besluit),
        opmerking=reden,
    )
    meldingen.andere_locatie_voorstellen(besluit, locatie, bezwaar)


def _werk_bezwaarvlag_bij(locaties) -> None:
    """A location shows "bezwaar" while any open objection names it (or names its whole decision)."""
    for locatie in locaties:
        nog_open = Bezwaar.objects.filter(
            status=Bezwaar.Status.ONTVANGEN,
            locaties=locatie,
            verkeersbesluit__status__in=[S.GEPUBLICEERD, S.DEFINITIEF],  # a withdrawn decision needs no flag
        ).exists()
        Locatie.objects.filter(pk=locatie.pk).update(bezwaar_loopt=nog_open)
