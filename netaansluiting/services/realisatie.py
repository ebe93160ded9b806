"""The CPO realises (placement planned with the contractor, energy contract, delivery documents, SAT) and the gemeente closes the case (parking spaces, realised), or asks for the realisation date."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aanvragen import services as aanvraagservices
from aanvragen.models import Aanvraag
from aanvragen.validators import is_pdf
from netaansluiting import meldingen, selectors
from netaansluiting.models import (
    Opleverdocument,
    Realisatie,
)
from netaansluiting.services.basis import S
from plankaart import kaart
from plankaart.models import Locatie
from portal import historie, klok, servicetermijnen, transities
from portal.invoer import verplichte_tekst

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def _controleer_datum(
    veld: str, datum, *, niet_voor=None, niet_na=None, melding_voor="", melding_na=""
) -> None:
    if datum is None:
        raise ValidationError({veld: _("Vul een datum in.")})
    if niet_voor is not None and datum < niet_voor:
        raise ValidationError({veld: melding_voor})
    if niet_na is not None and datum > niet_na:
        raise ValidationError({veld: melding_na})


def plan_plaatsing(
    realisatie: Realisatie, door, *, plaatsing_gepland_op: dt.date, aannemer: str = ""
) -> Realisatie:
    """A placement date agreed with the contractor. The location is in realisation, the E-rijders behind it
    hear the date at once (and again when it moves), and the gemeente sees it."""
    transities.controleer(realisatie, "plannen", door)
    _controleer_datum(
        "plaatsing_gepland_op",
        plaatsing_gepland_op,
        niet_voor=klok.vandaag(),
        melding_voor=_("De plaatsingsdatum ligt in het verleden."),
    )
    aannemer = (aannemer or realisatie.aannemer or "").strip()[:200]
    if not aannemer:
        raise ValidationError({"aannemer": _("Vul in met welke aannemer de plaatsing is afgesproken.")})
    with transaction.atomic():
        realisatie = transities.vergrendel(realisatie)
        transities.controleer(realisatie, "plannen", door)
        if realisatie.locatie.status not in (Locatie.Status.DEFINITIEF, Locatie.Status.IN_REALISATIE):
            raise ValidationError(
                {
                    "plaatsing_gepland_op": _(
                        "Het verkeersbesluit voor deze locatie is nog niet definitief; plan de plaatsing daarna."
                    )
                }
            )
        vorige = realisatie.plaatsing_gepland_op
        realisatie = transities.voer_uit(
            realisatie,
            "plannen",
            door,
            gegevens={"plaatsing_gepland_op": plaatsing_gepland_op.isoformat(), "aannemer": aannemer},
            plaatsing_gepland_op=plaatsing_gepland_op,
            aannemer=aannemer,
            regels=servicetermijnen.voor_gemeente(realisatie.gemeente),
        )
        locatie = transities.vergrendel(realisatie.locatie)
        if locatie.status == Locatie.Status.DEFINITIEF:
            locatie = transities.voer_uit(
                locatie,
                "realisatie_plannen",
                door,
                volgt=True,
                gegevens={"plaatsing_gepland_op": plaatsing_gepland_op.isoformat()},
            )
        aanvraagservices.vermeld_bij_aanvragen(
            [locatie],
            "plaatsing_gepland",
            door,
            {"datum": plaatsing_gepland_op.isoformat()},
            *meldingen.plaatsing_gepland_voor_erijders(locatie, plaatsing_gepland_op, vorige),
        )
        if realisatie.realisatiedatum_gevraagd_op is not None:
            meldingen.realisatiedatum_aan_gemeente(realisatie, locatie, plaatsing_gepland_op)
        transaction.on_commit(kaart.vernieuw)
    return realisatie


def vraag_energiecontract_aan(
    realisatie: Realisatie, door, *, energieleverancier: str, energiecontract_aangevraagd_op: dt.date
) -> Realisatie:
    transities.controleer(realisatie, "energiecontract_aanvragen", door)
    leverancier = verplichte_tekst(
        energieleverancier,
        "energieleverancier",
        _("Vul in bij welke leverancier het contract is aangevraagd."),
    )[:200]
    _controleer_datum(
        "energiecontract_aangevraagd_op",
        energiecontract_aangevraagd_op,
        niet_na=klok.vandaag(),
        melding_na=_("Deze datum ligt in de toekomst."),
    )
    with transaction.atomic():
        realisatie = transities.voer_uit(
            realisatie,
            "energiecontract_aanvragen",
            door,
            gegevens={"energieleverancier": leverancier},
            energieleverancier=leverancier,
            energiecontract_aangevraagd_op=energiecontract_aangevraagd_op,
            regels=servicetermijnen.voor_gemeente(realisatie.gemeente),
        )
    return realisatie


def controleer_pdf(bestand) -> None:
    """A delivery document is a real PDF of at most 20 MB (checked on content, not on its name)."""
    if bestand is None:
        raise ValidationError({"bestand": _("Kies een PDF-bestand.")})
    if bestand.size > MAX_DOCUMENT_BYTES:
        raise ValidationError({"bestand": _("Het bestand is groter dan 20 MB.")})
    bestand.seek(0)
    inhoud = bestand.read()
    bestand.seek(0)
    if not is_pdf(inhoud):
        raise ValidationError({"bestand": _("Dit bestand is geen geldige PDF.")})


def controleer_document_toevoegen(realisatie: Realisatie, door) -> None:
    """selectors.mag_document_toevoegen, split as 403 (never this caller) before 409 (not in this state)."""
    if not selectors.is_cpo_van(door, realisatie):
        raise transities.GeenRecht("document_toevoegen")
    if not selectors.mag_document_toevoegen(door, realisatie):
        raise transities.NietToegestaan("document_toevoegen")


def voeg_document_toe(realisatie: Realisatie, door, *, bestand, soort: str) -> Opleverdocument:
    controleer_document_toevoegen(realisatie, door)
    if soort not in Opleverdocument.Soort.values:
        raise ValidationError({"soort": _("Kies de soort document.")})
    controleer_pdf(bestand)
    naam = getattr(bestand, "name", "document.pdf").rsplit("/", 1)[-1][:200]
    with transaction.atomic():
        realisatie = transities.vergrendel(realisatie)
        controleer_document_toevoegen(realisatie, door)
        document = Opleverdocument(
            realisatie=realisatie, soort=soort, naam=naam, geupload_door=door, geupload_op=klok.nu()
        )
        document.bestand.save(f"{realisatie.pk}-{klok.nu():%Y%m%d%H%M%S%f}.pdf", bestand, save=False)
        document.save()
        historie.registreer(
            realisatie,
            "document_toevoegen",
            realisatie.status,
            realisatie.status,
            door,
            gegevens={"document": document.pk, "soort": soort, "naam": naam},
        )
    return document


def leg_sat_vast(
    realisatie: Realisatie,
    door,
    *,
    geplaatst_op: dt.date,
    sat_op: dt.date,
    geslaagd: bool,
    sat_opmerking: str = "",
) -> Realisatie:
    """Placed and tested. A passed SAT delivers the charging point: the location is opgeleverd, the E-rijders
    hear they can charge, the gemeente gets its finishing task. A failed SAT is recorded and tested again."""
    naam = "opleveren" if geslaagd else "sat_afgekeurd"
    transities.controleer(realisatie, naam, door)
    vandaag = klok.vandaag()
    _controleer_datum(
        "geplaatst_op", geplaatst_op, niet_na=vandaag, melding_na=_("Deze datum ligt in de toekomst.")
    )
    _controleer_datum(
        "sat_op",
        sat_op,
        niet_voor=geplaatst_op,
        niet_na=vandaag,
        melding_voor=_("De SAT kan niet voor de plaatsing zijn gedaan."),
        melding_na=_("Deze datum ligt in de toekomst."),
    )
    sat_opmerking = (sat_opmerking or "").strip()
    if not geslaagd and not sat_opmerking:
        raise ValidationError({"sat_opmerking": _("Schrijf op wat er bij de SAT misging.")})
    with transaction.atomic():
        realisatie = transities.vergrendel(realisatie)
        transities.controleer(realisatie, naam, door)
        velden = {"geplaatst_op": geplaatst_op, "sat_op": sat_op, "sat_opmerking": sat_opmerking}
        gegevens = {
            "geplaatst_op": geplaatst_op.isoformat(),
            "sat_op": sat_op.isoformat(),
            "geslaagd": geslaagd,
        }
        if not geslaagd:
            return transities.voer_uit(
                realisatie, naam, door, reden=sat_opmerking, gegevens=gegevens, **velden
            )
        if realisatie.aansluiting is None or realisatie.aansluiting.status != S.AANGESLOTEN:
            raise ValidationError(
                {
                    "geslaagd": _(
                        "De netbeheerder heeft de aansluiting nog niet als aangesloten gemeld; pas daarna kan de "
                        "laadpaal worden opgeleverd."
                    )
                }
            )
        if not realisatie.documenten.exists():
            raise ValidationError(
                {"geslaagd": _("Voeg eerst de opleverdocumenten toe (ten minste het SAT-rapport).")}
            )
        realisatie = transities.voer_uit(
            realisatie,
            naam,
            door,
            reden=sat_opmerking,
            gegevens=gegevens,
            regels=servicetermijnen.voor_gemeente(realisatie.gemeente),
            **velden,
        )
        locatie = transities.voer_uit(realisatie.locatie, "opleveren", door, volgt=True)
        aanvraagservices.vermeld_bij_aanvragen(
            [locatie],
            "opgeleverd",
            door,
            {"datum": sat_op.isoformat()},
            *meldingen.opgeleverd_voor_erijders(locatie, sat_op),
        )
        meldingen.opgeleverd(realisatie, locatie, sat_op)
        transaction.on_commit(kaart.vernieuw)
    return realisatie


def richt_parkeervakken_in(
    realisatie: Realisatie, door, *, parkeervakken_ingericht_op: dt.date
) -> Realisatie:
    transities.controleer(realisatie, "parkeervakken_inrichten", door)
    _controleer_datum(
        "parkeervakken_ingericht_op",
        parkeervakken_ingericht_op,
        niet_na=klok.vandaag(),
        melding_na=_("Deze datum ligt in de toekomst."),
    )
    return transities.voer_uit(
        realisatie,
        "parkeervakken_inrichten",
        door,
        gegevens={"datum": parkeervakken_ingericht_op.isoformat()},
        parkeervakken_ingericht_op=parkeervakken_ingericht_op,
    )


def meld_gerealiseerd(realisatie: Realisatie, door) -> Realisatie:
    """The gemeente marks the location realised: the requests behind it close, the public map shows an
    existing charging point."""
    transities.controleer(realisatie, "gerealiseerd_melden", door)
    with transaction.atomic():
        realisatie = transities.voer_uit(realisatie, "gerealiseerd_melden", door)
        locatie = transities.vergrendel(realisatie.locatie)
        aanvragen = list(Aanvraag.objects.filter(locatie=locatie, status__in=Aanvraag.OPEN))
        locatie = transities.voer_uit(locatie, "gerealiseerd_melden", door, volgt=True)
        meldingen.gerealiseerd(realisatie, locatie, aanvragen)
        transaction.on_commit(kaart.vernieuw)
    return realisatie


def vraag_realisatiedatum(realisatie: Realisatie, door) -> Realisatie:
    """Seed 000: on the gemeente's request the CPO reports the realisation date. The portal shows a date as soon
    as there is one; without one the CPO is asked, and the gemeente hears the date when it is planned."""
    if not selectors.is_gemeente_van(door, realisatie):
        raise transities.GeenRecht("realisatiedatum_vragen")
    with transaction.atomic():
        realisatie = transities.vergrendel(realisatie)
        if not selectors.mag_realisatiedatum_vragen(door, realisatie):
            raise transities.NietToegestaan("realisatiedatum_vragen")
        realisatie.realisatiedatum_gevraagd_op = klok.nu()
        realisatie.save(update_fields=["realisatiedatum_gevraagd_op"])
        historie.registreer(realisatie, "realisatiedatum_vragen", realisatie.status, realisatie.status, door)
        meldingen.realisatiedatum_gevraagd(realisatie)
    return realisatie
