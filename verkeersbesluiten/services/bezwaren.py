"""Objections: registered with their timeliness (Awb 6:9, 6:11), decided (upheld takes the location out), adjourned once (Awb 7:10)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aanvragen import services as aanvraagservices
from plankaart import kaart
from plankaart.models import Locatie
from portal import historie, klok, rechten, servicetermijnen, termijnen, transities
from portal.invoer import verplichte_tekst
from portal.servicetermijnen import Stap
from portal.termijnen import datum_lang
from verkeersbesluiten import meldingen, selectors
from verkeersbesluiten.meldingen import waarden_van
from verkeersbesluiten.models import Bezwaar, Verkeersbesluit, Verkeersbesluitbeleid
from verkeersbesluiten.services.basis import S, _controleer_gemeente, _kenmerken
from verkeersbesluiten.services.concepten import regels_van
from verkeersbesluiten.services.definitief import _maak_definitief_als_klaar
from verkeersbesluiten.services.intrekken import _haal_uit, _trek_in, _werk_bezwaarvlag_bij


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
            **waarden_van(besluit),
            "bezwaar": bezwaar.nummer,
            "beslissen": datum_lang(beslistermijn.datum),
            "tegen": _("het hele besluit") if algemeen else ", ".join(loc.omschrijving for loc in tegen),
        }
        meldingen.bezwaar_ingediend(besluit, waarden)
        if not oordeel.tijdig:
            meldingen.bezwaar_te_laat(besluit, bezwaar, oordeel.uitleg, waarden)
        aanvraagservices.vermeld_bij_aanvragen(
            tegen,
            "bezwaar_ingediend",
            door,
            {**_kenmerken(besluit), "beslissen": beslistermijn.datum.isoformat()},
            *meldingen.bezwaar_voor_erijders(waarden),
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
            **waarden_van(besluit),
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
                *meldingen.bezwaar_beslist_voor_erijders(waarden),
            )
        _werk_bezwaarvlag_bij(tegen)
        meldingen.bezwaar_beslist(besluit, bezwaar, uitkomst, waarden)
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
