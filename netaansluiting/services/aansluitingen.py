"""Requesting a grid connection (by hand, or by itself when a location becomes definitive), cancelling it after an upheld objection or a withdrawn decision, and the CPO's choice after a refused connection."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from aanvragen import lanen
from aanvragen.models import Aanvraag
from netaansluiting import meldingen, selectors
from netaansluiting.models import (
    Netaansluiting,
    Realisatie,
)
from netaansluiting.services.basis import R, S, _nummer, log
from netaansluiting.services.batches import _bundel_na_commit, _rond_batch_af_als_klaar, _vergrendel_met_batch
from plankaart import kaart
from plankaart.models import Locatie
from plankaart.selectors_proactief import wacht_op_batchgoedkeuring
from portal import historie, klok, servicetermijnen, transities
from portal.invoer import verplichte_tekst
from portal.selectors import netbeheerder_van

CAPACITEIT = re.compile(r"[13]x\d{2,3}A")


def vraag_aan(locatie: Locatie, door, *, capaciteit: str = "3x25A") -> Netaansluiting:
    """The CPO requests the grid connection of a definitive location (or of one in procedure when the
    gemeente's policy takes the verkeersbesluit off the critical path). It waits for the next batch."""
    if not selectors.is_cpo_voor(door, locatie.gemeente):
        raise transities.GeenRecht("aanvragen")
    if not selectors.aansluiting_mogelijk(locatie) or wacht_op_batchgoedkeuring(locatie):
        raise transities.NietToegestaan("aanvragen")
    return _maak_aansluiting(locatie, door, capaciteit=capaciteit)


def vraag_vanzelf_aan(locatie: Locatie, door) -> Netaansluiting | None:
    """A location became definitive (or went into procedure under the policy): its connection is requested at
    once, without waiting for a person. When that cannot be done (no netbeheerder set), the CPO is told and
    requests it by hand later; the decision itself goes through. A location on a proactive list waits for the
    gemeente's provisional approval of its batch (plankaart.services.proactief.keur_batch_goed asks again)."""
    if wacht_op_batchgoedkeuring(locatie):
        return None
    try:
        return _maak_aansluiting(locatie, door)
    except ValidationError as fout:
        log.warning("Geen netaansluiting voor locatie %s: %s", locatie.pk, fout.messages)
        concessie = servicetermijnen.concessie_voor(locatie.gemeente)
        if concessie is not None:
            meldingen.niet_vanzelf_aangevraagd(concessie.cpo, locatie, fout.messages)
        return None


def _maak_aansluiting(locatie: Locatie, door, *, capaciteit: str = "3x25A") -> Netaansluiting:
    capaciteit = (capaciteit or "3x25A").strip().upper().replace("X", "x")
    if not CAPACITEIT.fullmatch(capaciteit):
        raise ValidationError({"capaciteit": _("Schrijf de capaciteit als 3x25A of 1x40A.")})
    with transaction.atomic():
        locatie = transities.vergrendel(locatie)
        bestaand = selectors.lopende_aansluiting(locatie)
        if bestaand is not None:
            return bestaand
        netbeheerder = netbeheerder_van(locatie)
        concessie = servicetermijnen.concessie_voor(locatie.gemeente)
        if netbeheerder is None:
            raise ValidationError(
                {
                    "locatie": _("Voor %(gemeente)s is geen netbeheerder ingesteld.")
                    % {"gemeente": locatie.gemeente.naam}
                }
            )
        if concessie is None:
            raise ValidationError(
                {"locatie": _("%(gemeente)s heeft geen concessie.") % {"gemeente": locatie.gemeente.naam}}
            )
        aansluiting = Netaansluiting(
            nummer=_nummer("NA", 6),
            locatie=locatie,
            gemeente=locatie.gemeente,
            netbeheerder=netbeheerder,
            cpo=concessie.cpo,
            capaciteit=capaciteit,
            # The lane is data: a waiting request of a lane with its own batch (aanvragen.lanen) puts it there.
            erijder=Aanvraag.objects.filter(
                locatie=locatie, status__in=Aanvraag.OPEN, bron__in=lanen.met_eigen_batch()
            ).exists(),
            aangemaakt_op=klok.nu(),
        )
        # The CPO's contact: the staff member who asked, else the CPO's general address (changeable later).
        if getattr(door, "organisatie_id", None) == concessie.cpo_id:
            aansluiting.contactpersoon, aansluiting.contact_email = door.naam, door.email
        else:
            aansluiting.contact_email = concessie.cpo.email
        aansluiting.save()
        historie.registreer(
            aansluiting,
            "aanmaken",
            "",
            aansluiting.status,
            door,
            gegevens={"locatie": locatie.pk, "capaciteit": aansluiting.capaciteit},
        )
        _koppel_realisatie(locatie, aansluiting, door)
        _bundel_na_commit()
    return aansluiting


def _koppel_realisatie(locatie: Locatie, aansluiting: Netaansluiting, door) -> Realisatie:
    realisatie = Realisatie.objects.select_for_update().filter(locatie=locatie).first()
    if realisatie is None:
        realisatie = Realisatie.objects.create(
            locatie=locatie, gemeente=locatie.gemeente, cpo=aansluiting.cpo, aangemaakt_op=klok.nu()
        )
        historie.registreer(realisatie, "aanmaken", "", realisatie.status, door)
    elif realisatie.status == R.GEANNULEERD:
        realisatie = transities.voer_uit(realisatie, "hervatten", door, volgt=True)
    realisatie.aansluiting = aansluiting
    realisatie.save(update_fields=["aansluiting"])
    return realisatie


def annuleer_voor_locatie(locatie: Locatie, door, reden: str) -> None:
    """The location's decision no longer holds: its running connection is cancelled (the netbeheerder hears of
    it when the request had gone out) and its realisation stops."""
    aansluiting = selectors.lopende_aansluiting(locatie)
    if aansluiting is not None:
        aansluiting = _vergrendel_met_batch(aansluiting)
    if aansluiting is not None and can_proceed(aansluiting.annuleren):
        was_verzonden = aansluiting.status != S.TE_BUNDELEN
        aansluiting = transities.voer_uit(
            aansluiting, "annuleren", door, volgt=True, reden=reden, annuleringsreden=reden
        )
        _rond_batch_af_als_klaar(aansluiting, door)
        if was_verzonden:
            meldingen.geannuleerd(aansluiting, locatie, reden)
    realisatie = Realisatie.objects.select_for_update().filter(locatie=locatie).first()
    if realisatie is not None and can_proceed(realisatie.annuleren):
        transities.voer_uit(realisatie, "annuleren", door, volgt=True, reden=reden, annuleringsreden=reden)


def vraag_opnieuw_aan(realisatie: Realisatie, door, *, capaciteit: str) -> Netaansluiting:
    transities.controleer(realisatie, "opnieuw_aanvragen", door)
    with transaction.atomic():
        realisatie = transities.voer_uit(
            realisatie, "opnieuw_aanvragen", door, gegevens={"capaciteit": capaciteit}
        )
        return _maak_aansluiting(realisatie.locatie, door, capaciteit=capaciteit)


def kies_andere_locatie(realisatie: Realisatie, door, reden: str) -> Realisatie:
    """The CPO gives up the spot: the location lapses and its requests go back to the CPO for another one (with
    a fresh term); the E-rijders are told by plankaart.volgen."""
    transities.controleer(realisatie, "andere_locatie", door)
    reden = verplichte_tekst(reden, "reden", _("Schrijf op waarom deze plek niet doorgaat."))
    with transaction.atomic():
        realisatie = transities.voer_uit(
            realisatie, "andere_locatie", door, reden=reden, annuleringsreden=reden
        )
        transities.voer_uit(
            realisatie.locatie, "net_ontoereikend", door, volgt=True, reden=reden, opmerking=reden
        )
        transaction.on_commit(kaart.vernieuw)
    return realisatie


AANSLUITGEGEVENS = ("postcode", "huisnummer", "contactpersoon", "contact_telefoon", "contact_email")


def wijzig_aansluitgegevens(aansluiting: Netaansluiting, door, **velden) -> Netaansluiting:
    """The CPO sets the connection address and its contact person, until the connection is made; the change
    is in the history with old and new values, and the netbeheerder's system sees it (gewijzigd_op)."""
    from aanvragen.validators import normaliseer_postcode

    if getattr(door, "organisatie_id", None) != aansluiting.cpo_id:
        raise transities.GeenRecht("aansluitgegevens")
    fouten = {}
    if velden.get("postcode"):
        try:
            velden["postcode"] = normaliseer_postcode(velden["postcode"])
        except ValueError as fout:
            fouten["postcode"] = str(fout)
    if velden.get("postcode") and not velden.get("huisnummer"):
        fouten["huisnummer"] = _("Vul bij de postcode ook het huisnummer in.")
    if fouten:
        raise ValidationError(fouten)
    with transaction.atomic():
        aansluiting = transities.vergrendel(aansluiting)
        if aansluiting.status in (Netaansluiting.Status.AANGESLOTEN, Netaansluiting.Status.GEANNULEERD):
            raise transities.NietToegestaan("aansluitgegevens")
        oud = {veld: getattr(aansluiting, veld) for veld in AANSLUITGEGEVENS}
        for veld in AANSLUITGEGEVENS:
            if veld in velden:
                setattr(aansluiting, veld, velden[veld] if velden[veld] is not None else "")
        if aansluiting.huisnummer == "":
            aansluiting.huisnummer = None
        nieuw = {veld: getattr(aansluiting, veld) for veld in AANSLUITGEGEVENS}
        if nieuw == oud:
            return aansluiting
        aansluiting.gewijzigd_op = klok.nu()
        aansluiting.save()
        historie.registreer(
            aansluiting,
            "aansluitgegevens",
            aansluiting.status,
            aansluiting.status,
            door,
            gegevens={v: str(nieuw[v] or "") for v in AANSLUITGEGEVENS if nieuw[v] != oud[v]},
        )
    return aansluiting
