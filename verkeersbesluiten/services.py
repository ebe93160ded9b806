"""Every write to a verkeersbesluit and its objections: drafting, publishing, registering and deciding
objections, withdrawing, and the sweep that makes a decision definitive when its term has passed.

The locations in a decision follow it in the same transaction (plankaart.models.Locatie), and their requests
follow the locations (plankaart.volgen). Lock order is always decision, objection, locations, requests,
so two people acting on the same decision wait for each other instead of deadlocking.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from aanvragen import services as aanvraagservices
from aanvragen.models import Aanvraag
from netaansluiting import services as netaansluitingservices
from plankaart import kaart
from plankaart.models import Locatie
from portal import berichten, bewaking, historie, klok, rechten, servicetermijnen, termijnen, transities
from portal.invoer import verplichte_tekst
from portal.models import Bericht, Volgnummer
from portal.selectors import cpos_van_gemeente
from portal.servicetermijnen import Stap
from portal.termijnen import datum_lang
from verkeersbesluiten import besluittekst, selectors
from verkeersbesluiten.models import Besluitlocatie, Bezwaar, Verkeersbesluit, Verkeersbesluitbeleid

S = Verkeersbesluit.Status
L = Locatie.Status


# Drafting


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
            berichten.verstuur_aan_organisatie(
                gemeente,
                _("Concept-verkeersbesluit %(nummer)s klaar om te publiceren") % {"nummer": besluit.nummer},
                _(
                    "%(opsteller)s heeft een concept-verkeersbesluit voorbereid voor %(n)d locatie(s): "
                    "“%(titel)s”. Controleer de tekst en publiceer het besluit."
                )
                % {"opsteller": door.organisatie.naam, "n": len(vergrendeld), "titel": besluit.titel},
                link=_link(besluit),
                per_email=True,
            )
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
    return besluittekst.render(beleid.sjabloon, besluittekst.context(besluit, regels_van(besluit), **extra))


def pdf_van(besluit: Verkeersbesluit) -> bytes:
    return besluittekst.pdf(besluit, tekst_van(besluit))


def sla_beleid_op(gemeente, door, **velden) -> Verkeersbesluitbeleid:
    if getattr(door, "organisatie_id", None) != gemeente.pk:
        raise PermissionDenied(_("Alleen de gemeente zelf stelt haar verkeersbesluitbeleid vast."))
    if not rechten.heeft(door, rechten.Recht.GEMEENTEBELEID_WIJZIGEN):
        raise PermissionDenied(rechten.ontbrekende_rol(door, rechten.Recht.GEMEENTEBELEID_WIJZIGEN))
    if "sjabloon" in velden:
        besluittekst.controleer_sjabloon(velden["sjabloon"])
    with transaction.atomic():
        beleid, nieuw = Verkeersbesluitbeleid.objects.select_for_update().get_or_create(gemeente=gemeente)
        oud = {} if nieuw else historie.waarden(beleid, list(velden))
        for veld, waarde in velden.items():
            setattr(beleid, veld, waarde)
        beleid.save()
        historie.registreer_instelling(beleid, oud, door)
    return beleid


# Publishing


def publiceer(
    besluit: Verkeersbesluit, door, *, bekendmaking_op: dt.date, vindplaats: str
) -> Verkeersbesluit:
    """The gemeente publishes: the objection term is computed, the locations go into procedure, and the CPO
    and every E-rijder waiting on one of them learn the dates at once."""
    transities.controleer(besluit, "publiceren", door)
    vindplaats = verplichte_tekst(
        vindplaats,
        "vindplaats",
        _("Vul in waar het besluit is bekendgemaakt: het Gemeenteblad- of Staatscourantnummer of de link."),
    )[:300]
    if bekendmaking_op > klok.vandaag():
        raise ValidationError(
            {
                "bekendmaking_op": _(
                    "De bekendmaking ligt in de toekomst. Publiceer het besluit in het portaal op of na de dag "
                    "waarop het is bekendgemaakt; de bezwaartermijn begint pas de dag erna."
                )
            }
        )
    with transaction.atomic():
        besluit = transities.vergrendel(besluit)
        transities.controleer(besluit, "publiceren", door)
        regels = regels_van(besluit)
        locaties = _vergrendel_locaties(
            besluit.gemeente, [r.locatie for r in regels], behalve_besluit=besluit
        )
        uitkomst = termijnen.bezwaartermijn_einde(bekendmaking_op)
        beleid = Verkeersbesluitbeleid.voor(besluit.gemeente)
        tekst = besluittekst.render(
            beleid.sjabloon,
            besluittekst.context(
                besluit, regels, bekendmaking=bekendmaking_op, einde=uitkomst.datum, vindplaats=vindplaats
            ),
        )
        besluit = transities.voer_uit(
            besluit,
            "publiceren",
            door,
            gegevens={
                "bekendmaking_op": bekendmaking_op.isoformat(),
                "bezwaartermijn_einde": uitkomst.datum.isoformat(),
                "vindplaats": vindplaats,
            },
            bekendmaking_op=bekendmaking_op,
            vindplaats=vindplaats,
            uitkomst=uitkomst,
            tekst=tekst,
            netaansluiting_tijdens_bezwaartermijn=beleid.netaansluiting_tijdens_bezwaartermijn,
        )
        gegevens = _kenmerken(besluit)
        for locatie in locaties:
            locatie = transities.voer_uit(
                locatie,
                "in_procedure_brengen",
                door,
                volgt=True,
                gegevens=gegevens,
                bezwaartermijn_einde=uitkomst.datum,
            )
            if besluit.netaansluiting_tijdens_bezwaartermijn:
                netaansluitingservices.vraag_vanzelf_aan(locatie, door)
        waarden = _waarden(besluit)
        vooraf = (
            _(
                "\n\nVolgens het beleid van de gemeente wacht de netaansluiting niet op het definitieve besluit: "
                "het portaal heeft hem meteen aangevraagd, hij gaat met de volgende batch naar de netbeheerder. "
                "Wordt een bezwaar tegen een locatie gegrond verklaard, dan wordt die aansluiting geannuleerd."
            )
            if besluit.netaansluiting_tijdens_bezwaartermijn
            else ""
        )
        _meld_bij_cpo(
            besluit,
            _("Verkeersbesluit %(nummer)s gepubliceerd") % waarden,
            _(
                "De gemeente %(gemeente)s heeft verkeersbesluit %(nummer)s (%(n)d locatie(s)) bekendgemaakt op "
                "%(bekendmaking)s in %(vindplaats)s. Bezwaar kan tot en met %(einde)s."
            )
            % waarden
            + vooraf,
        )
        aanvraagservices.vermeld_bij_aanvragen(
            locaties,
            "verkeersbesluit_gepubliceerd",
            door,
            gegevens,
            _("Verkeersbesluit gepubliceerd voor aanvraag %(aanvraag)s"),
            _(
                "De gemeente %(gemeente)s heeft het verkeersbesluit voor de plek van uw laadpaal bekendgemaakt op "
                "%(bekendmaking)s (%(nummer)s, %(vindplaats)s). Tot en met %(einde)s kan iedereen die het "
                "aangaat bezwaar maken. Komt er geen bezwaar, dan is het besluit daarna definitief."
            )
            % waarden,
        )
        transaction.on_commit(kaart.vernieuw)
    return besluit


# Objections


def registreer_bezwaar(
    besluit: Verkeersbesluit,
    door,
    *,
    indiener_naam: str,
    indiener_adres: str,
    ontvangen_op: dt.date,
    gronden: str,
    algemeen: bool,
    locaties=(),
    per_post: bool = False,
    ter_post_op: dt.date | None = None,
) -> Bezwaar:
    """Register an objection. The portal judges whether it is on time (Awb 6:9) and flags a late one for legal
    review (Awb 6:11) instead of refusing it; its locations show "bezwaar" until it is decided."""
    _controleer_gemeente(besluit, door, "registreren", rechten.Recht.BEZWAAR_REGISTREREN)
    if not selectors.mag_bezwaar_registreren(door, besluit):
        raise transities.NietToegestaan("registreren")
    fouten = {}
    naam = (indiener_naam or "").strip()
    adres = (indiener_adres or "").strip()
    gronden = (gronden or "").strip()
    if not naam:
        fouten["indiener_naam"] = _("Vul de naam in van wie bezwaar maakt.")
    if not adres:
        fouten["indiener_adres"] = _("Vul het adres in van wie bezwaar maakt.")
    if not gronden:
        fouten["gronden"] = _("Vat samen waarom bezwaar wordt gemaakt (de gronden).")
    if ontvangen_op > klok.vandaag():
        fouten["ontvangen_op"] = _("De ontvangstdatum ligt in de toekomst.")
    if per_post and ter_post_op is None:
        fouten["ter_post_op"] = _("Vul de datum van het poststempel in (Awb 6:9 lid 2).")
    if ter_post_op is not None and ter_post_op > ontvangen_op:
        fouten["ter_post_op"] = _("Een brief kan niet later op de post zijn gedaan dan hij is ontvangen.")
    if fouten:
        raise ValidationError(fouten)
    with transaction.atomic():
        besluit = transities.vergrendel(besluit)
        if not selectors.mag_bezwaar_registreren(door, besluit):
            raise transities.NietToegestaan("registreren")
        opgenomen = {r.locatie_id: r.locatie for r in regels_van(besluit)}
        if algemeen:
            tegen = list(opgenomen.values())
        else:
            gekozen = {loc.pk for loc in locaties}
            if not gekozen:
                raise ValidationError(
                    {
                        "locaties": _(
                            "Kies de locaties waartegen het bezwaar is gericht, of kies “het hele besluit”."
                        )
                    }
                )
            if gekozen - set(opgenomen):
                raise ValidationError({"locaties": _("Kies alleen locaties die in dit besluit staan.")})
            tegen = [opgenomen[pk] for pk in sorted(gekozen)]
        beleid = Verkeersbesluitbeleid.voor(besluit.gemeente)
        oordeel = termijnen.tijdigheid_bezwaar(
            besluit.bezwaartermijn_einde,
            ontvangen_op,
            ter_post_op if per_post else None,
            bekendmaking=besluit.bekendmaking_op,
        )
        beslistermijn = termijnen.beslistermijn_bezwaar(
            besluit.bezwaartermijn_einde, adviescommissie=beleid.adviescommissie
        )
        volgnummer = besluit.bezwaren.count() + 1
        bezwaar = Bezwaar(
            verkeersbesluit=besluit,
            nummer=f"{besluit.nummer}-B{volgnummer:02d}",
            indiener_naam=naam[:200],
            indiener_adres=adres,
            ontvangen_op=ontvangen_op,
            per_post=per_post,
            ter_post_op=ter_post_op if per_post else None,
            gronden=gronden,
            algemeen=algemeen,
            tijdig=oordeel.tijdig,
            tijdigheid=oordeel.uitleg,
            adviescommissie=beleid.adviescommissie,
            geregistreerd_door=door,
            geregistreerd_op=klok.nu(),
        )
        regels = servicetermijnen.voor_gemeente(besluit.gemeente)
        bezwaar.zet_termijn(Stap.BESLISSEN_OP_BEZWAAR, regels, besluit.gemeente, beslistermijn.datum)
        bezwaar.save()
        bezwaar.locaties.set(tegen)
        historie.registreer(
            bezwaar,
            "registreren",
            "",
            bezwaar.status,
            door,
            reden=oordeel.uitleg,
            gegevens={"tijdig": oordeel.tijdig},
        )
        historie.registreer(
            besluit,
            "bezwaar_registreren",
            besluit.status,
            besluit.status,
            door,
            gegevens={"bezwaar": bezwaar.nummer, "tijdig": oordeel.tijdig, "algemeen": algemeen},
        )
        Locatie.objects.filter(pk__in=[loc.pk for loc in tegen]).update(bezwaar_loopt=True)
        waarden = {
            **_waarden(besluit),
            "bezwaar": bezwaar.nummer,
            "beslissen": datum_lang(beslistermijn.datum),
            "tegen": _("het hele besluit") if algemeen else ", ".join(loc.omschrijving for loc in tegen),
        }
        _meld_bij_cpo(
            besluit,
            _("Bezwaar tegen verkeersbesluit %(nummer)s") % waarden,
            _(
                "Tegen verkeersbesluit %(nummer)s is bezwaar gemaakt (%(bezwaar)s), gericht tegen %(tegen)s. "
                "De gemeente beslist uiterlijk %(beslissen)s."
            )
            % waarden,
        )
        if not oordeel.tijdig:
            berichten.verstuur_bulk(
                [
                    Bericht(
                        ontvanger=m,
                        onderwerp=_("Bezwaar %(bezwaar)s te laat: juridische toets nodig") % waarden,
                        tekst=oordeel.uitleg,
                        link=_link_bezwaar(bezwaar),
                    )
                    for m in berichten.coordinatoren(besluit.gemeente)
                ]
            )
        aanvraagservices.vermeld_bij_aanvragen(
            tegen,
            "bezwaar_ingediend",
            door,
            {**_kenmerken(besluit), "beslissen": beslistermijn.datum.isoformat()},
            _("Bezwaar tegen het verkeersbesluit voor aanvraag %(aanvraag)s"),
            _(
                "Tegen het verkeersbesluit voor de plek van uw laadpaal (%(nummer)s) is bezwaar gemaakt. De "
                "gemeente beslist daarover uiterlijk %(beslissen)s. Tot die tijd is het besluit niet definitief."
            )
            % waarden,
        )
        transaction.on_commit(kaart.vernieuw)
    return bezwaar


UITKOMSTEN = {
    Bezwaar.Status.GEGROND: "gegrond_verklaren",
    Bezwaar.Status.ONGEGROND: "ongegrond_verklaren",
    Bezwaar.Status.NIET_ONTVANKELIJK: "niet_ontvankelijk_verklaren",
}


def beslis_op_bezwaar(bezwaar: Bezwaar, door, uitkomst: str, motivering: str) -> Bezwaar:
    """Decide an objection. Upheld against locations: they leave the decision and lapse, and the CPO proposes
    the nearest alternative. Upheld against the whole decision: it is withdrawn and its locations wait for a
    new one. When this was the last open objection and the term has passed, the decision becomes definitive."""
    if uitkomst not in UITKOMSTEN:
        raise ValidationError({"uitkomst": _("Kies gegrond, ongegrond of niet-ontvankelijk.")})
    naam = UITKOMSTEN[uitkomst]
    transities.controleer(bezwaar, naam, door)
    motivering = verplichte_tekst(motivering, "motivering", _("Schrijf de motivering van de beslissing op."))
    with transaction.atomic():
        besluit = transities.vergrendel(bezwaar.verkeersbesluit)
        bezwaar = transities.voer_uit(bezwaar, naam, door, reden=motivering, motivering=motivering)
        historie.registreer(
            besluit,
            "bezwaar_beslissen",
            besluit.status,
            besluit.status,
            door,
            reden=motivering,
            gegevens={"bezwaar": bezwaar.nummer, "uitkomst": uitkomst},
        )
        tegen = list(bezwaar.locaties.select_for_update().order_by("pk"))
        waarden = {
            **_waarden(besluit),
            "bezwaar": bezwaar.nummer,
            "uitkomst": bezwaar.get_status_display().lower(),
            "motivering": motivering,
        }
        if uitkomst == Bezwaar.Status.GEGROND and besluit.status in (S.GEPUBLICEERD, S.DEFINITIEF):
            if bezwaar.algemeen:
                besluit = _trek_in(
                    besluit,
                    door,
                    _("Bezwaar %(bezwaar)s tegen het hele besluit is gegrond verklaard: %(motivering)s")
                    % waarden,
                )
            else:
                for locatie in tegen:
                    _haal_uit(besluit, locatie, door, bezwaar, motivering)
                if not regels_van(besluit):
                    besluit = _trek_in(
                        besluit, door, _("Alle locaties zijn na gegronde bezwaren uit het besluit gehaald.")
                    )
        else:
            aanvraagservices.vermeld_bij_aanvragen(
                tegen,
                "bezwaar_beslist",
                door,
                {**_kenmerken(besluit), "uitkomst": uitkomst},
                _("Beslissing op bezwaar voor aanvraag %(aanvraag)s"),
                _(
                    "De gemeente heeft het bezwaar tegen het verkeersbesluit voor de plek van uw laadpaal "
                    "%(uitkomst)s verklaard. De plek blijft in het besluit."
                )
                % waarden,
            )
        _werk_bezwaarvlag_bij(tegen)
        _meld_bij_cpo(
            besluit,
            _("Bezwaar %(bezwaar)s %(uitkomst)s verklaard") % waarden,
            _(
                "De gemeente heeft bezwaar %(bezwaar)s tegen verkeersbesluit %(nummer)s %(uitkomst)s verklaard."
            )
            % waarden
            + _vervolg_voor_cpo(bezwaar, uitkomst),
        )
        _maak_definitief_als_klaar(besluit)
        transaction.on_commit(kaart.vernieuw)
    return bezwaar


def verdaag(bezwaar: Bezwaar, door) -> Bezwaar:
    """Awb 7:10 lid 3: the decision on an objection is deferred by six weeks, once."""
    transities.controleer(bezwaar, "verdagen", door)
    with transaction.atomic():
        besluit = bezwaar.verkeersbesluit
        einde = termijnen.beslistermijn_bezwaar(
            besluit.bezwaartermijn_einde, adviescommissie=bezwaar.adviescommissie, verdaagd=True
        ).datum
        bezwaar = transities.voer_uit(
            bezwaar,
            "verdagen",
            door,
            gegevens={"beslissen": einde.isoformat()},
            regels=servicetermijnen.voor_gemeente(besluit.gemeente),
            organisatie=besluit.gemeente,
            uiterlijk=einde,
        )
    return bezwaar


# Withdrawing


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


# Definitive


def maak_definitief(besluit: Verkeersbesluit) -> Verkeersbesluit:
    """The term has passed and no objection is open: the decision and its locations are definitive, the
    requests move on to realisation, and the CPO is told at once (seed 000: "communiceren met CPO")."""
    with transaction.atomic():
        besluit = transities.voer_uit(besluit, "definitief_maken", None, volgt=True)
        locaties = []
        for regel in regels_van(besluit):
            locatie = transities.vergrendel(regel.locatie)
            if locatie.status != L.IN_PROCEDURE:
                continue
            locatie = transities.voer_uit(
                locatie, "definitief_maken", None, volgt=True, gegevens=_kenmerken(besluit)
            )
            netaansluitingservices.vraag_vanzelf_aan(locatie, None)
            locaties.append(locatie)
        waarden = _waarden(besluit)
        _meld_bij_cpo(
            besluit,
            _("Verkeersbesluit %(nummer)s is definitief") % waarden,
            _(
                "De bezwaartermijn van verkeersbesluit %(nummer)s (%(gemeente)s) liep tot en met %(einde)s en er "
                "staat geen bezwaar meer open. Het besluit is definitief voor %(n)d locatie(s). Het portaal heeft de "
                "netaansluitingen aangevraagd; ze gaan met de volgende batch naar de netbeheerder. Plan daarna de "
                "plaatsing."
            )
            % waarden,
        )
        aanvraagservices.vermeld_bij_aanvragen(
            locaties,
            "verkeersbesluit_definitief",
            None,
            _kenmerken(besluit),
            _("Het verkeersbesluit voor aanvraag %(aanvraag)s is definitief"),
            _(
                "Het verkeersbesluit voor de plek van uw laadpaal (%(nummer)s) is definitief. De "
                "laadpaalexploitant vraagt nu de aansluiting op het elektriciteitsnet aan en plant de plaatsing."
            )
            % waarden,
        )
        transaction.on_commit(kaart.vernieuw)
    return besluit


def klaar_om_definitief(vandaag: dt.date | None = None) -> QuerySet[Verkeersbesluit]:
    """Published decisions whose objection term has passed and that have no open objection."""
    vandaag = vandaag or klok.vandaag()
    return Verkeersbesluit.objects.filter(status=S.GEPUBLICEERD, bezwaartermijn_einde__lt=vandaag).exclude(
        selectors.open_bezwaren()
    )


def _maak_definitief_als_klaar(besluit: Verkeersbesluit) -> None:
    if klaar_om_definitief().filter(pk=besluit.pk).exists():
        maak_definitief(besluit)


def maak_definitief_wat_klaar_is(vandaag: dt.date | None = None) -> dict:
    """The sweep (Celery beat): every decision whose term has passed without open objection becomes definitive,
    once, however often it runs and however many workers run it."""
    telling = bewaking.veeg(
        lambda: klaar_om_definitief(vandaag).order_by("bezwaartermijn_einde", "pk"),
        lambda besluiten: [maak_definitief(b) for b in besluiten],
        partij=50,
    )
    uitkomst = {"definitief": telling.verwerkt, "fouten": telling.fouten}
    if telling.mislukt:
        uitkomst["mislukt"] = telling.mislukt[:20]
    return uitkomst


# A location without a verkeersbesluit (gemeente policy)


def zonder_verkeersbesluit(locatie: Locatie, door, reden: str) -> Locatie:
    transities.controleer(locatie, "zonder_verkeersbesluit", door)
    reden = verplichte_tekst(
        reden,
        "reden",
        _("Schrijf op waarom hier geen verkeersbesluit nodig is, bijv. “eigen parkeerterrein”."),
    )
    with transaction.atomic():
        locatie = transities.vergrendel(locatie)
        if selectors.lopend_besluit_van(locatie) is not None:
            raise ValidationError(
                {
                    "reden": _(
                        "Deze locatie staat al in een verkeersbesluit; trek dat eerst in of haal haar eruit."
                    )
                }
            )
        locatie = transities.voer_uit(locatie, "zonder_verkeersbesluit", door, reden=reden, opmerking=reden)
        netaansluitingservices.vraag_vanzelf_aan(locatie, door)
        waarden = {"omschrijving": locatie.omschrijving, "gemeente": locatie.gemeente.naam, "reden": reden}
        for cpo in cpos_van_gemeente(locatie.gemeente):
            berichten.verstuur_aan_organisatie(
                cpo,
                _("Locatie definitief zonder verkeersbesluit: %(omschrijving)s") % waarden,
                _(
                    "De gemeente %(gemeente)s neemt voor %(omschrijving)s geen verkeersbesluit (%(reden)s). De "
                    "locatie is definitief en de netaansluiting is aangevraagd; plan daarna de plaatsing."
                )
                % waarden,
                link=reverse("plankaart:locatie", args=[locatie.pk]),
                per_email=True,
            )
        transaction.on_commit(kaart.vernieuw)
    return locatie


# Shared helpers


def _controleer_gemeente(besluit: Verkeersbesluit, door, naam: str, recht: str) -> None:
    if not selectors.is_gemeente_van(door, besluit):
        raise transities.GeenRecht(naam)
    if not rechten.heeft(door, recht):
        raise transities.GeenRecht(naam, rechten.ontbrekende_rol(door, recht))


def _link(besluit: Verkeersbesluit) -> str:
    return reverse("verkeersbesluiten:detail", args=[besluit.pk])


def _link_bezwaar(bezwaar: Bezwaar) -> str:
    return reverse("verkeersbesluiten:bezwaar", args=[bezwaar.pk])


def _kenmerken(besluit: Verkeersbesluit) -> dict:
    """What the history of a location or request keeps about its decision (for the E-rijder's timeline)."""
    return {
        "verkeersbesluit": besluit.nummer,
        "bekendmaking_op": besluit.bekendmaking_op.isoformat() if besluit.bekendmaking_op else None,
        "bezwaartermijn_einde": besluit.bezwaartermijn_einde.isoformat()
        if besluit.bezwaartermijn_einde
        else None,
        "vindplaats": besluit.vindplaats,
    }


def _waarden(besluit: Verkeersbesluit) -> dict:
    return {
        "nummer": besluit.nummer,
        "gemeente": besluit.gemeente.naam,
        "titel": besluit.titel,
        "n": besluit.besluitlocaties.filter(stand=Besluitlocatie.Stand.OPGENOMEN).count(),
        "bekendmaking": datum_lang(besluit.bekendmaking_op) if besluit.bekendmaking_op else "—",
        "einde": datum_lang(besluit.bezwaartermijn_einde) if besluit.bezwaartermijn_einde else "—",
        "vindplaats": besluit.vindplaats or "—",
    }


def _meld_bij_cpo(besluit: Verkeersbesluit, onderwerp: str, tekst: str) -> None:
    """Every step of a decision reaches the CPO at once: in its inbox and by e-mail."""
    for cpo in cpos_van_gemeente(besluit.gemeente):
        berichten.verstuur_aan_organisatie(cpo, onderwerp, tekst, link=_link(besluit), per_email=True)
