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
from netaansluiting.services.basis import R, S, _nummers, log
from netaansluiting.services.batches import _bundel_na_commit, _rond_batch_af_als_klaar, _vergrendel_met_batch
from plankaart import kaart
from plankaart.models import Locatie
from plankaart.selectors_proactief import locaties_wachtend_op_batchgoedkeuring, wacht_op_batchgoedkeuring
from portal import historie, klok, servicetermijnen, transities
from portal.invoer import verplichte_tekst
from portal.selectors import netbeheerder_van_gemeente

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
    return vraag_vanzelf_aan_velen([locatie], door).get(locatie.pk)


def vraag_vanzelf_aan_velen(locaties, door) -> dict[int, Netaansluiting]:
    """vraag_vanzelf_aan for many locations at once (the decisions a sweep makes definitive), in a number of
    queries that does not grow with them; each CPO hears in one message which ones it must request by hand.
    Returns location id → its (new or already running) connection."""
    locaties = list(locaties)
    if not locaties:
        return {}
    wachtend = locaties_wachtend_op_batchgoedkeuring([locatie.pk for locatie in locaties])
    aansluitingen, fouten = _maak_aansluitingen([loc for loc in locaties if loc.pk not in wachtend], door)
    if fouten:
        log.warning(
            "Geen netaansluiting voor locaties %s: %s",
            ", ".join(str(locatie.pk) for locatie, _fout in fouten),
            "; ".join(sorted({" ".join(fout.messages) for _locatie, fout in fouten})),
        )
        _meld_niet_aangevraagd(fouten)
    return aansluitingen


def _meld_niet_aangevraagd(fouten: list[tuple[Locatie, ValidationError]]) -> None:
    """One message per CPO listing every location it must request by hand, with the reason for each."""
    per_cpo: dict[int, tuple] = {}
    for locatie, fout in fouten:
        concessie = servicetermijnen.concessie_voor(locatie.gemeente)
        if concessie is not None:
            per_cpo.setdefault(concessie.cpo_id, (concessie.cpo, []))[1].append((locatie, fout.messages))
    for cpo, regels in per_cpo.values():
        meldingen.niet_vanzelf_aangevraagd(cpo, regels)


def _maak_aansluiting(locatie: Locatie, door, *, capaciteit: str = "3x25A") -> Netaansluiting:
    """One connection requested by a person: a reason it cannot be made is raised to them."""
    capaciteit = (capaciteit or "3x25A").strip().upper().replace("X", "x")
    if not CAPACITEIT.fullmatch(capaciteit):
        raise ValidationError({"capaciteit": _("Schrijf de capaciteit als 3x25A of 1x40A.")})
    aansluitingen, fouten = _maak_aansluitingen([locatie], door, capaciteit=capaciteit)
    if fouten:
        raise fouten[0][1]
    return aansluitingen[locatie.pk]


def _maak_aansluitingen(
    locaties: list[Locatie], door, *, capaciteit: str = "3x25A"
) -> tuple[dict[int, Netaansluiting], list[tuple[Locatie, ValidationError]]]:
    """The one place connections are made: every location locked, its running connection kept, the others made
    with their realisation in a handful of statements; (location id → connection, refused locations with why).
    The refused ones are left untouched, the others are written."""
    if not locaties:
        return {}, []
    with transaction.atomic():
        vergrendeld = list(
            Locatie.objects.select_for_update(of=("self",))
            .select_related("gemeente", "netbeheerder")
            .defer("gemeente__gebied", "netbeheerder__gebied")
            .filter(pk__in=[locatie.pk for locatie in locaties])
            .order_by("pk")
        )
        ids = [locatie.pk for locatie in vergrendeld]
        klaar = selectors.lopende_aansluitingen(ids)
        met_erijder = set(
            Aanvraag.objects.filter(
                locatie__in=ids, status__in=Aanvraag.OPEN, bron__in=lanen.met_eigen_batch()
            ).values_list("locatie_id", flat=True)
        )
        per_gemeente: dict[int, tuple] = {}
        nieuw, fouten = [], []
        for locatie in vergrendeld:
            if locatie.pk in klaar:
                continue
            if locatie.gemeente_id not in per_gemeente:
                per_gemeente[locatie.gemeente_id] = (
                    netbeheerder_van_gemeente(locatie.gemeente),
                    servicetermijnen.concessie_voor(locatie.gemeente),
                )
            standaard_netbeheerder, concessie = per_gemeente[locatie.gemeente_id]
            netbeheerder = locatie.netbeheerder if locatie.netbeheerder_id else standaard_netbeheerder
            naam = locatie.gemeente.naam
            if netbeheerder is None:
                fout = _("Voor %(gemeente)s is geen netbeheerder ingesteld.") % {"gemeente": naam}
                fouten.append((locatie, ValidationError({"locatie": fout})))
                continue
            if concessie is None:
                fout = _("%(gemeente)s heeft geen concessie.") % {"gemeente": naam}
                fouten.append((locatie, ValidationError({"locatie": fout})))
                continue
            aansluiting = Netaansluiting(
                locatie=locatie,
                gemeente=locatie.gemeente,
                netbeheerder=netbeheerder,
                cpo=concessie.cpo,
                capaciteit=capaciteit,
                # The lane is data: a waiting request of a lane with its own batch (aanvragen.lanen) puts it there.
                erijder=locatie.pk in met_erijder,
                aangemaakt_op=klok.nu(),
            )
            # The CPO's contact: the staff member who asked, else the CPO's general address (changeable later).
            if getattr(door, "organisatie_id", None) == concessie.cpo_id:
                aansluiting.contactpersoon, aansluiting.contact_email = door.naam, door.email
            else:
                aansluiting.contact_email = concessie.cpo.email
            aansluiting.bij_opslaan()
            nieuw.append(aansluiting)
        if nieuw:
            # One block of numbers for all: the year's counter is raised once.
            for aansluiting, nummer in zip(nieuw, _nummers("NA", 6, len(nieuw)), strict=True):
                aansluiting.nummer = nummer
            Netaansluiting.objects.bulk_create(nieuw)
            historie.registreer_bulk(
                nieuw,
                "aanmaken",
                door,
                gegevens={a.pk: {"locatie": a.locatie_id, "capaciteit": a.capaciteit} for a in nieuw},
            )
            _koppel_realisaties(nieuw, door)
            _bundel_na_commit()
    return {**klaar, **{a.locatie_id: a for a in nieuw}}, fouten


def _koppel_realisaties(aansluitingen: list[Netaansluiting], door) -> None:
    """Each new connection's location gets its realisation: made when it has none, resumed when it was
    cancelled, and pointed at the new connection."""
    per_locatie = {a.locatie_id: a for a in aansluitingen}
    bestaand = {
        r.locatie_id: r
        for r in Realisatie.objects.select_for_update().filter(locatie__in=list(per_locatie)).order_by("pk")
    }
    nieuw = [
        Realisatie(locatie_id=locatie_id, gemeente_id=a.gemeente_id, cpo_id=a.cpo_id, aangemaakt_op=klok.nu())
        for locatie_id, a in per_locatie.items()
        if locatie_id not in bestaand
    ]
    if nieuw:
        Realisatie.objects.bulk_create(nieuw)
        historie.registreer_bulk(nieuw, "aanmaken", door)
    geannuleerd = [r for r in bestaand.values() if r.status == R.GEANNULEERD]
    if geannuleerd:
        hervat, geweigerd = transities.voer_uit_velen(geannuleerd, "hervatten", door, volgt=True)
        if geweigerd:
            raise geweigerd[0][1]
        bestaand.update({r.locatie_id: r for r in hervat})
    realisaties = [*bestaand.values(), *nieuw]
    for realisatie in realisaties:
        realisatie.aansluiting = per_locatie[realisatie.locatie_id]
    Realisatie.objects.bulk_update(realisaties, ["aansluiting"])


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
