"""Drafting a (verzamel)verkeersbesluit: numbering, the locations it covers with their motivation, the text and the PDF."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aanvragen.models import Aanvraag
from plankaart.models import Locatie
from portal import historie, klok, transities
from portal.invoer import verplichte_tekst
from portal.models import Volgnummer
from verkeersbesluiten import besluittekst, meldingen, selectors
from verkeersbesluiten.models import Besluitlocatie, Verkeersbesluit, Verkeersbesluitbeleid
from verkeersbesluiten.services.basis import L, S


def nieuw_nummer(gemeente) -> str:
    """VKB-2026-0012: numbered per gemeente and year, without gaps."""
    jaar = klok.vandaag().year
    return f"VKB-{jaar}-{Volgnummer.volgende(f'VKB{gemeente.cbs_code or gemeente.pk}', jaar):04d}"


def standaard_motivering(locatie: Locatie) -> str:
    """Why this location: the requests behind it, else the forecast, else the plankaart."""
    nummers = list(
        Aanvraag.objects.filter(locatie=locatie, status__in=Aanvraag.OPEN)
        .order_by("nummer")
        .values_list("nummer", flat=True)
    )
    if nummers:
        return _("Aanvraag van E-rijders in de buurt (%(nummers)s).") % {"nummers": ", ".join(nummers)}
    if locatie.proactief:
        return _("Proactieve plaatsing volgens de prognose%(jaar)s.") % {
            "jaar": f" ({locatie.proactief_jaar})" if locatie.proactief_jaar else ""
        }
    return _("Voorkeurslocatie op de plankaart van de gemeente.")


def _controleer_titel(titel: str) -> str:
    return verplichte_tekst(titel, "titel", _("Geef het besluit een titel, bijv. “Laadpalen Zuid, 2026”."))[
        :200
    ]


def _vergrendel_locaties(gemeente, locaties, *, behalve_besluit=None) -> list[Locatie]:
    """Lock the chosen locations and check each can go into a decision: approved, in this gemeente and in
    no other decision. One ValidationError names every location that cannot."""
    if not locaties:
        raise ValidationError({"locaties": _("Kies ten minste één goedgekeurde locatie.")})
    ids = sorted({loc.pk for loc in locaties})
    vergrendeld = list(Locatie.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    bezet = Besluitlocatie.objects.filter(locatie__in=ids, actief=True)
    if behalve_besluit is not None:
        bezet = bezet.exclude(verkeersbesluit=behalve_besluit)
    bezet = dict(bezet.values_list("locatie_id", "verkeersbesluit__nummer"))
    fouten = []
    for locatie in vergrendeld:
        if locatie.gemeente_id != gemeente.pk:
            fouten.append(
                _("%(locatie)s ligt niet in %(gemeente)s.") % {"locatie": locatie, "gemeente": gemeente}
            )
        elif locatie.pk in bezet:
            fouten.append(
                _("%(locatie)s staat al in verkeersbesluit %(nummer)s.")
                % {"locatie": locatie, "nummer": bezet[locatie.pk]}
            )
        elif locatie.status != L.GOEDGEKEURD:
            fouten.append(
                _("%(locatie)s is niet (meer) goedgekeurd maar %(status)s.")
                % {"locatie": locatie, "status": locatie.get_status_display().lower()}
            )
    if len(vergrendeld) != len(ids):
        fouten.append(_("Een gekozen locatie bestaat niet meer."))
    if fouten:
        raise ValidationError({"locaties": fouten})
    return vergrendeld


def maak_concept(gemeente, door, *, titel: str, locaties, toelichting: str = "") -> Verkeersbesluit:
    """A concept decision for approved locations. The CPO may prepare one; the gemeente is then told."""
    if not selectors.mag_concept_maken(door, gemeente):
        raise PermissionDenied(
            _("U mag geen verkeersbesluit voorbereiden voor %(gemeente)s.") % {"gemeente": gemeente.naam}
        )
    titel = _controleer_titel(titel)
    with transaction.atomic():
        vergrendeld = _vergrendel_locaties(gemeente, locaties)
        besluit = Verkeersbesluit.objects.create(
            nummer=nieuw_nummer(gemeente),
            gemeente=gemeente,
            titel=titel,
            toelichting=(toelichting or "").strip(),
            opgesteld_door=door.organisatie,
            aangemaakt_op=klok.nu(),
        )
        Besluitlocatie.objects.bulk_create(
            Besluitlocatie(verkeersbesluit=besluit, locatie=loc, motivering=standaard_motivering(loc))
            for loc in vergrendeld
        )
        historie.registreer(
            besluit,
            "aanmaken",
            "",
            besluit.status,
            door,
            gegevens={"locaties": [loc.pk for loc in vergrendeld]},
        )
        if door.organisatie_id != gemeente.pk:
            meldingen.concept_voorbereid(besluit, door.organisatie.naam, len(vergrendeld))
    return besluit


def wijzig_concept(
    besluit: Verkeersbesluit,
    door,
    *,
    titel: str,
    toelichting: str,
    locaties,
    motiveringen: dict | None = None,
) -> Verkeersbesluit:
    """Change a concept: title, explanation, which locations, and each location's motivation."""
    titel = _controleer_titel(titel)
    with transaction.atomic():
        besluit = transities.vergrendel(besluit)
        if not selectors.mag_concept_bewerken(door, besluit):
            if besluit.status != S.CONCEPT and selectors.mag_concept_maken(door, besluit.gemeente):
                raise transities.NietToegestaan("wijzigen")
            raise transities.GeenRecht("wijzigen")
        vergrendeld = _vergrendel_locaties(besluit.gemeente, locaties, behalve_besluit=besluit)
        besluit.titel, besluit.toelichting = titel, (toelichting or "").strip()
        besluit.save(update_fields=["titel", "toelichting"])
        bestaand = {r.locatie_id: r for r in besluit.besluitlocaties.all()}
        gekozen = {loc.pk: loc for loc in vergrendeld}
        besluit.besluitlocaties.exclude(locatie_id__in=gekozen).delete()
        motiveringen = motiveringen or {}
        for pk, loc in gekozen.items():
            motivering = (motiveringen.get(pk) or "").strip()
            if pk in bestaand:
                if motivering and motivering != bestaand[pk].motivering:
                    bestaand[pk].motivering = motivering
                    bestaand[pk].save(update_fields=["motivering"])
            else:
                Besluitlocatie.objects.create(
                    verkeersbesluit=besluit, locatie=loc, motivering=motivering or standaard_motivering(loc)
                )
        historie.registreer(
            besluit, "wijzigen", besluit.status, besluit.status, door, gegevens={"locaties": sorted(gekozen)}
        )
    return besluit


def regels_van(besluit: Verkeersbesluit) -> list[Besluitlocatie]:
    vooraf = getattr(besluit, "_prefetched_objects_cache", {}).get("besluitlocaties")
    if vooraf is not None:
        # A list loaded them with the decision (prefetch_related "besluitlocaties__locatie"): no query per row.
        return sorted((r for r in vooraf if r.stand == Besluitlocatie.Stand.OPGENOMEN), key=lambda r: r.pk)
    return list(
        besluit.besluitlocaties.filter(stand=Besluitlocatie.Stand.OPGENOMEN)
        .select_related("locatie")
        .order_by("pk")
    )


def tekst_van(besluit: Verkeersbesluit, **extra) -> str:
    """The published text, or for a concept the text it would get now."""
    if besluit.status != S.CONCEPT and besluit.tekst:
        return besluit.tekst
    beleid = Verkeersbesluitbeleid.voor(besluit.gemeente)
    return besluittekst.render(
        beleid.sjabloon, besluittekst.context(besluit, regels_van(besluit), beleid=beleid, **extra)
    )


def pdf_van(besluit: Verkeersbesluit) -> bytes:
    return besluittekst.pdf(besluit, tekst_van(besluit), regels_van(besluit))
