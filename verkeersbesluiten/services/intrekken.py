"""Withdrawing a decision, or taking one location out after an upheld objection; the objection flag on locations."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from aanvragen import services as aanvraagservices
from netaansluiting import services as netaansluitingservices
from plankaart import kaart
from plankaart.models import Locatie
from portal import berichten, historie, klok, transities
from portal.invoer import verplichte_tekst
from portal.selectors import cpos_van_gemeente
from verkeersbesluiten.meldingen import _meld_bij_cpo, _waarden
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
    waarden = {**_waarden(besluit), "reden": reden}
    _meld_bij_cpo(
        besluit,
        _("Verkeersbesluit %(nummer)s ingetrokken") % waarden,
        _(
            "De gemeente %(gemeente)s heeft verkeersbesluit %(nummer)s ingetrokken: %(reden)s\n\nDe locaties "
            "blijven goedgekeurd en wachten op een nieuw verkeersbesluit."
        )
        % waarden,
    )
    aanvraagservices.vermeld_bij_aanvragen(
        locaties,
        "verkeersbesluit_ingetrokken",
        door,
        _kenmerken(besluit),
        _("Verkeersbesluit voor aanvraag %(aanvraag)s ingetrokken"),
        _(
            "De gemeente heeft het verkeersbesluit voor de plek van uw laadpaal (%(nummer)s) ingetrokken: "
            "%(reden)s\n\nDe plek blijft goedgekeurd; de gemeente neemt een nieuw verkeersbesluit."
        )
        % waarden,
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
    for cpo in cpos_van_gemeente(besluit.gemeente):
        berichten.verstuur_aan_organisatie(
            cpo,
            _("Stel een andere locatie voor: %(omschrijving)s") % {"omschrijving": locatie.omschrijving},
            _(
                "Bezwaar %(bezwaar)s tegen locatie %(omschrijving)s is gegrond verklaard; de locatie is uit "
                "verkeersbesluit %(nummer)s gehaald en vervallen. Stel de dichtstbijzijnde andere plek op de "
                "plankaart voor."
            )
            % {"bezwaar": bezwaar.nummer, "omschrijving": locatie.omschrijving, "nummer": besluit.nummer},
            link=reverse("plankaart:locatie", args=[locatie.pk]),
            per_email=True,
        )


def _werk_bezwaarvlag_bij(locaties) -> None:
    """A location shows "bezwaar" while any open objection names it (or names its whole decision)."""
    for locatie in locaties:
        nog_open = Bezwaar.objects.filter(
            status=Bezwaar.Status.ONTVANGEN,
            locaties=locatie,
            verkeersbesluit__status__in=[S.GEPUBLICEERD, S.DEFINITIEF],  # a withdrawn decision needs no flag
        ).exists()
        Locatie.objects.filter(pk=locatie.pk).update(bezwaar_loopt=nog_open)


def _vervolg_voor_cpo(bezwaar: Bezwaar, uitkomst: str) -> str:
    if uitkomst != Bezwaar.Status.GEGROND:
        return ""
    if bezwaar.algemeen:
        return _(" Het besluit is ingetrokken; de locaties wachten op een nieuw verkeersbesluit.")
    return _(" De locaties waartegen het bezwaar was gericht zijn uit het besluit gehaald.")
