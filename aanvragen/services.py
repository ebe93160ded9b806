"""Every write to a request: submission, the CPO's check, completion, withdrawal and joining.

Views, API and the demo call these; none of them sets a status. Messages go out on commit.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, fields

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from aanvragen import lanen, meldingen, prognose, rdw, selectors
from aanvragen.models import (
    Aanvraag,
    Aanvraagvoorwaarden,
    Afwijzingscode,
    Bewijssoort,
    Bron,
    Medeaanvrager,
    Nabijheidsvraag,
)
from aanvragen.selectors import LOPENDE_TERMIJN_RELATIES, LOPENDE_TERMIJN_UITERLIJK, lopende_aanvragen_nabij
from portal import berichten, bewaking, geo, historie, kalender, klok, servicetermijnen, taken, transities
from portal.invoer import redencode, verplichte_tekst
from portal.kengetallen import duurmodel
from portal.models import Organisatie, Termijnmelding, Volgnummer
from portal.selectors import heeft_concessie
from portal.termijnen import datum_lang

log = logging.getLogger(__name__)


@dataclass
class Aanvraaggegevens:
    """What an E-rijder fills in, already in normalised form (see aanvragen.validators)."""

    gemeente: Organisatie
    postcode: str
    huisnummer: int
    straat: str
    woonplaats: str
    lat: float
    lon: float
    kenteken: str
    woont_of_werkt: str
    toevoeging: str = ""
    werkuren_per_week: int | None = None
    rijdt_elektrisch: bool = False
    eigen_parkeerplaats: bool = False
    vergunning_nodig: bool = False
    heeft_vergunning: bool = False
    toelichting: str = ""
    auto_besteld: bool = False
    bewijs_soort: str = ""

    @classmethod
    def uit(cls, aanvraag: Aanvraag) -> Aanvraaggegevens:
        """The answers a request holds now: the starting point for completing it."""
        return cls(**{veld.name: getattr(aanvraag, veld.name) for veld in fields(cls)})

    def toepassen_op(self, aanvraag: Aanvraag) -> None:
        for veld in fields(self):
            setattr(aanvraag, veld.name, getattr(self, veld.name))
        if self.woont_of_werkt != Aanvraag.WoonOfWerk.WERKT:
            aanvraag.werkuren_per_week = None
        if not self.vergunning_nodig:
            aanvraag.heeft_vergunning = False
        if self.auto_besteld:
            aanvraag.kenteken = ""  # a car on order has no plate yet; the contract is the proof


def controleer_voorwaarden(gegevens: Aanvraaggegevens) -> None:
    """The gemeente's conditions (DESIGN.md 3.1) that a request can fail on its own answers.

    Raises one ValidationError naming every field that fails, so a form can show them all at once.
    """
    fouten: dict[str, str] = {}
    gemeente = gegevens.gemeente
    if not heeft_concessie(gemeente):
        fouten["gemeente"] = _("In deze gemeente kunt u (nog) geen laadpaal aanvragen via dit portaal.")
    if not geo.in_nederland(gegevens.lat, gegevens.lon):
        fouten["lat"] = _(
            "De gewenste plek ligt niet in Nederland. Zet de pin op de kaart op de juiste plek."
        )
    elif not gemeente.bevat(gegevens.lat, gegevens.lon):
        fouten["lat"] = _(
            "De gewenste plek ligt niet in %(gemeente)s. Zet de pin binnen de gemeentegrens."
        ) % {"gemeente": gemeente.naam}
    voorwaarden = Aanvraagvoorwaarden.voor(gemeente)
    if gegevens.woont_of_werkt == Aanvraag.WoonOfWerk.WERKT:
        uren = gegevens.werkuren_per_week
        if uren is None:
            fouten["werkuren_per_week"] = _("Vul in hoeveel uur per week u in de gemeente werkt.")
        elif uren < voorwaarden.min_werkuren:
            fouten["werkuren_per_week"] = _(
                "Wie niet in de gemeente woont, moet er minstens %(uren)d uur per week werken."
            ) % {"uren": voorwaarden.min_werkuren}
    elif gegevens.woont_of_werkt != Aanvraag.WoonOfWerk.WOONT:
        fouten["woont_of_werkt"] = _("Geef aan of u in de gemeente woont of werkt.")
    if not gegevens.auto_besteld and not gegevens.kenteken:
        fouten["kenteken"] = _(
            "Vul het kenteken van uw elektrische auto in. Is uw auto besteld en heeft hij nog geen kenteken? "
            "Kies dan “Mijn auto is besteld”."
        )
    if gegevens.auto_besteld and gegevens.bewijs_soort not in (
        Bewijssoort.KOOPCONTRACT,
        Bewijssoort.LEASECONTRACT,
    ):
        fouten["bewijs_soort"] = _(
            "Uw auto is besteld: voeg het koopcontract of leasecontract toe als bewijs en kies welk het is."
        )
    if not gegevens.rijdt_elektrisch:
        fouten["rijdt_elektrisch"] = _(
            "U kunt alleen een laadpaal aanvragen als u elektrisch rijdt (gekocht of geleased)."
        )
    if gegevens.eigen_parkeerplaats:
        fouten["eigen_parkeerplaats"] = _(
            "Met een eigen oprit of parkeerplaats laadt u op eigen terrein; een publieke laadpaal is dan niet mogelijk."
        )
    if voorwaarden.vergunningparkeren and gegevens.vergunning_nodig and not gegevens.heeft_vergunning:
        fouten["heeft_vergunning"] = _(
            "In uw straat is een parkeervergunning nodig. Vraag die eerst aan bij de gemeente."
        )
    if fouten:
        raise ValidationError(fouten)


def _geen_eigen_aanvraag_in_de_buurt(aanvrager, gegevens: Aanvraaggegevens) -> None:
    """DESIGN.md 3.1: no second pending request within the radius; one pole serves the whole street. Only the
    E-rijder's own open requests in the radius are read, as number and position."""
    eigen = lopende_aanvragen_nabij(gegevens.lat, gegevens.lon, gegevens.gemeente, van=aanvrager)
    if eigen:
        raise ValidationError(
            {
                "lat": _(
                    "U heeft op %(m)d meter al een lopende aanvraag (%(nummer)s); een tweede is niet nodig."
                )
                % {"m": round(eigen[0].afstand_m), "nummer": eigen[0].aanvraag.nummer}
            }
        )


def controleer_kenteken(gegevens: Aanvraaggegevens) -> rdw.Resultaat:
    """The plate at the RDW (aanvragen.rdw), before anything is written: never inside a transaction or under a
    row lock. A known electric or plug-in passenger car passes; an unknown plate, a car without an electric fuel
    line or another kind of vehicle is refused on the kenteken field; a car on order has no plate to check;
    an RDW that does not answer in time lets the request through, marked, to be checked again later."""
    if gegevens.auto_besteld:
        return rdw.Resultaat(rdw.Uitslag.BESTELD)
    if not settings.RDW_CONTROLE or not gegevens.kenteken:
        return rdw.Resultaat(rdw.Uitslag.NIET_GECONTROLEERD)
    resultaat = rdw.controleer_of_niet_bereikt(gegevens.kenteken)
    if resultaat.geweigerd:
        raise ValidationError({"kenteken": weigering(resultaat, gegevens.kenteken)})
    return resultaat


def weigering(resultaat: rdw.Resultaat, kenteken: str) -> str:
    waarden = {
        "kenteken": kenteken,
        "auto": " ".join(d for d in (resultaat.merk, resultaat.model) if d) or "—",
        "soort": (resultaat.voertuigsoort or "—").lower(),
    }
    if resultaat.uitslag == rdw.Uitslag.ONBEKEND:
        return (
            _(
                "De RDW kent kenteken %(kenteken)s niet. Controleer de letters en cijfers. Is uw auto besteld en "
                "heeft hij nog geen kenteken? Kies dan “Mijn auto is besteld” en voeg het koop- of leasecontract toe."
            )
            % waarden
        )
    if resultaat.uitslag == rdw.Uitslag.GEEN_PERSONENAUTO:
        return (
            _(
                "Volgens de RDW is %(kenteken)s (%(auto)s) geen personenauto maar een %(soort)s. Een laadpaal "
                "vraagt u hier aan voor een elektrische personenauto."
            )
            % waarden
        )
    return (
        _(
            "Volgens de RDW rijdt %(kenteken)s (%(auto)s) niet elektrisch: er staat geen elektrische brandstof op "
            "het kenteken. Een publieke laadpaal vraagt u aan voor een elektrische of plug-in hybride auto."
        )
        % waarden
    )


def _zet_rdw(aanvraag: Aanvraag, resultaat: rdw.Resultaat) -> None:
    aanvraag.rdw_uitslag = resultaat.uitslag
    aanvraag.rdw_merk = resultaat.merk[:100]
    aanvraag.rdw_model = resultaat.model[:100]
    gevraagd = resultaat.uitslag not in (
        rdw.Uitslag.NIET_GECONTROLEERD,
        rdw.Uitslag.BESTELD,
        rdw.Uitslag.NIET_BEREIKT,
    )
    aanvraag.rdw_gecontroleerd_op = klok.nu() if gevraagd else None


def _later_bij_de_rdw(aanvraag: Aanvraag) -> None:
    """After commit, through portal.taken (a broker outage must not turn the answer into a 500); the hourly
    sweep (tasks.controleer_rdw_opnieuw) finds what was not published."""
    if aanvraag.rdw_uitslag == rdw.Uitslag.NIET_BEREIKT:
        from aanvragen import tasks

        pk = aanvraag.pk
        transaction.on_commit(lambda: taken.publiceer(tasks.controleer_rdw, pk))


def controleer_kenteken_opnieuw(aanvraag_id: int) -> rdw.Uitslag | None:
    """A request accepted while the RDW was unreachable: ask again (outside any transaction), store the answer
    under a short row lock and tell the CPO through the outbox. Raises rdw.NietBereikt while the RDW is still
    away and attempts are left (the task retries with backoff); after RDW_POGINGEN attempts the CPO is told to
    judge the proof itself, once. Returns the outcome, or None when there was nothing (left) to do."""
    aanvraag = Aanvraag.objects.filter(
        pk=aanvraag_id, rdw_uitslag=rdw.Uitslag.NIET_BEREIKT, rdw_pogingen__lt=settings.RDW_POGINGEN
    ).first()
    if aanvraag is None or not aanvraag.kenteken:
        return None
    try:
        resultaat = rdw.controleer(aanvraag.kenteken)
    except rdw.NietBereikt:
        with transaction.atomic():
            aanvraag = Aanvraag.objects.select_for_update().get(pk=aanvraag_id)
            if aanvraag.rdw_uitslag != rdw.Uitslag.NIET_BEREIKT:
                return aanvraag.rdw_uitslag
            aanvraag.rdw_pogingen += 1
            aanvraag.save(update_fields=["rdw_pogingen"])
            if aanvraag.rdw_pogingen >= settings.RDW_POGINGEN:
                meldingen.rdw_blijft_onbereikbaar(aanvraag)
                return rdw.Uitslag.NIET_BEREIKT
        raise
    with transaction.atomic():
        aanvraag = Aanvraag.objects.select_for_update().select_related("gemeente").get(pk=aanvraag_id)
        if aanvraag.rdw_uitslag != rdw.Uitslag.NIET_BEREIKT:
            return aanvraag.rdw_uitslag  # another run was first
        _zet_rdw(aanvraag, resultaat)
        aanvraag.rdw_pogingen += 1
        aanvraag.save(
            update_fields=["rdw_uitslag", "rdw_merk", "rdw_model", "rdw_gecontroleerd_op", "rdw_pogingen"]
        )
        meldingen.rdw_uitkomst(
            aanvraag, weigering(resultaat, aanvraag.kenteken) if resultaat.geweigerd else ""
        )
    return resultaat.uitslag


def controleer_kentekens_opnieuw(maximum: int = 200) -> dict:
    """The hourly sweep behind the task: every request still marked "RDW niet bereikt" with attempts left (a
    task lost with the broker, or one that gave up its retries early). Stops at the first request the RDW
    does not answer for: it is still away, the next run tries again."""
    ids = list(
        Aanvraag.objects.filter(rdw_uitslag=rdw.Uitslag.NIET_BEREIKT, rdw_pogingen__lt=settings.RDW_POGINGEN)
        .order_by("pk")
        .values_list("pk", flat=True)[:maximum]
    )
    gecontroleerd = 0
    for pk in ids:
        try:
            if controleer_kenteken_opnieuw(pk) is not None:
                gecontroleerd += 1
        except rdw.NietBereikt:
            return {"gecontroleerd": gecontroleerd, "rdw_bereikt": False}
    return {"gecontroleerd": gecontroleerd, "rdw_bereikt": True}


def nieuw_zaaknummer() -> str:
    """The next LP number. Take it before the submission's transaction opens (portal.models.Volgnummer): then
    the year's counter is locked only for its own short statement, not until the submission commits."""
    jaar = klok.vandaag().year
    return f"LP-{jaar}-{Volgnummer.volgende('LP', jaar):06d}"


def dien_in(
    aanvrager,
    gegevens: Aanvraaggegevens,
    bewijs,
    bewijs_naam: str,
    *,
    rdw_resultaat: rdw.Resultaat | None = None,
) -> Aanvraag:
    """File a new request; the E-rijder gets the receipt and the CPO the case at once. The plate is checked at
    the RDW first, outside the transaction (`rdw_resultaat`: an answer already known, e.g. the demo's)."""
    baan = lanen.baan(Bron.ERIJDER)
    if not baan.mag_indienen(aanvrager, gegevens.gemeente):
        raise PermissionDenied(baan.weigering)
    controleer_voorwaarden(gegevens)
    _geen_eigen_aanvraag_in_de_buurt(aanvrager, gegevens)
    resultaat = rdw_resultaat or controleer_kenteken(gegevens)
    nummer = nieuw_zaaknummer()
    with transaction.atomic():
        aanvraag = Aanvraag(aanvrager=aanvrager, nummer=nummer, bewijs_naam=bewijs_naam[:200])
        gegevens.toepassen_op(aanvraag)
        _zet_rdw(aanvraag, resultaat)
        aanvraag.ingediend_op = klok.nu()
        aanvraag.start_stap(servicetermijnen.Stap.TOETSING)
        aanvraag.bewijs.save(_veilige_naam(aanvraag, bewijs_naam), bewijs, save=False)
        aanvraag.save()
        historie.registreer(aanvraag, "indienen", "", aanvraag.status, aanvrager)
        meldingen.ontvangen(aanvraag)
        waarschuw_als_maximum_in_gevaar(aanvraag)
        _later_bij_de_rdw(aanvraag)
    return aanvraag


@dataclass
class Locatieaanvraag:
    """What a gemeente (or the CPO) fills in to ask for a charging location at a strategic spot."""

    gemeente: Organisatie | None  # None: the gemeente's own staff ask for their own gemeente
    lat: float
    lon: float
    omschrijving: str
    motivering: str
    laadpunten: int = 2


def bron_van(gebruiker) -> str | None:
    """The lane a staff member's request comes through: their organisation's kind."""
    soort = getattr(getattr(gebruiker, "organisatie", None), "soort", None)
    return {Organisatie.Soort.GEMEENTE: Bron.GEMEENTE, Organisatie.Soort.CPO: Bron.CPO}.get(soort)


def controleer_locatieaanvrager(door) -> str:
    """403 before anything is read: only gemeente and CPO staff ask for a location. Returns their lane."""
    bron = bron_van(door)
    if bron is None:
        raise PermissionDenied(_("Alleen een gemeente of de laadpaalexploitant vraagt een locatie aan."))
    return bron


def _controleer_locatieaanvraag(gegevens: Locatieaanvraag) -> Locatieaanvraag:
    fouten: dict[str, str] = {}
    gemeente = gegevens.gemeente
    if not heeft_concessie(gemeente):
        fouten["gemeente"] = _(
            "Voor %(gemeente)s loopt geen concessie; niemand zou de aanvraag oppakken."
        ) % {"gemeente": gemeente.naam}
    if not geo.in_nederland(gegevens.lat, gegevens.lon):
        fouten["lat"] = _("De plek ligt niet in Nederland. Zet de pin op de kaart op de juiste plek.")
    elif not gemeente.bevat(gegevens.lat, gegevens.lon):
        fouten["lat"] = _("De plek ligt niet in %(gemeente)s. Zet de pin binnen de gemeente.") % {
            "gemeente": gemeente.naam
        }
    omschrijving = (gegevens.omschrijving or "").strip()
    if not omschrijving:
        fouten["omschrijving"] = _(
            "Beschrijf waar de laadpaal moet komen, bijv. “Marktplein, bij de ingang”."
        )
    motivering = (gegevens.motivering or "").strip()
    if not motivering:
        fouten["motivering"] = _(
            "Schrijf op waarom hier een laadpaal nodig is, bijv. een zorginstelling, winkelstraat of deelauto-hub."
        )
    if not 1 <= gegevens.laadpunten <= 20:
        fouten["laadpunten"] = _("Vraag tussen 1 en 20 laadpunten aan.")
    if fouten:
        raise ValidationError(fouten)
    gegevens.omschrijving, gegevens.motivering = omschrijving[:200], motivering
    return gegevens


def vraag_locatie_aan(door, gegevens: Locatieaanvraag) -> Aanvraag:
    """A gemeente (or the CPO serving it) asks for a charging location at a strategic spot (seed 000,
    "Aanvraag gemeente"). Near a proactive or definitive location it is linked to that one and nothing new
    starts; otherwise the CPO checks it (not when the CPO asked itself) and the location path follows."""
    bron = controleer_locatieaanvrager(door)
    if gegevens.gemeente is None:
        if bron != Bron.GEMEENTE:
            raise ValidationError({"gemeente": _("Geef de gemeente op waar de locatie moet komen.")})
        gegevens.gemeente = door.organisatie
    baan = lanen.baan(bron)
    if not baan.mag_indienen(door, gegevens.gemeente):
        raise PermissionDenied(baan.weigering)
    gegevens = _controleer_locatieaanvraag(gegevens)
    nummer = nieuw_zaaknummer()
    with transaction.atomic():
        aanvraag = Aanvraag(
            bron=bron,
            nummer=nummer,
            aanvrager=door,
            aanvragende_organisatie=door.organisatie,
            gemeente=gegevens.gemeente,
            lat=gegevens.lat,
            lon=gegevens.lon,
            omschrijving=gegevens.omschrijving,
            motivering=gegevens.motivering,
            laadpunten=gegevens.laadpunten,
            ingediend_op=klok.nu(),
        )
        aanvraag.start_stap(servicetermijnen.Stap.TOETSING)
        aanvraag.save()
        historie.registreer(aanvraag, "indienen", "", aanvraag.status, door)
        bestaand = selectors.locatie_die_al_dient(aanvraag) if baan.koppelen_bij_indienen else None
        if bestaand is not None:
            return _koppel_bij_indienen(aanvraag, bestaand, door)
        if not baan.cpo_toetst:
            # The CPO asked for it itself: its submission is its check; the gemeente approves the location.
            aanvraag = transities.voer_uit(
                aanvraag, "goedkeuren", door, reden=_("Aangevraagd door de exploitant zelf.")
            )
        meldingen.locatieaanvraag_ontvangen(
            aanvraag, door, ontvangstbevestiging=baan.ontvangstbevestiging, cpo_toetst=baan.cpo_toetst
        )
        waarschuw_als_maximum_in_gevaar(aanvraag)
    return aanvraag


def _koppel_bij_indienen(aanvraag: Aanvraag, nabij, door) -> Aanvraag:
    soort = _("proactieve") if nabij.locatie.proactief else _("definitieve")
    aanvraag, planning = _koppel_aan_locatie(
        aanvraag,
        nabij,
        door,
        _("Binnen de straal ligt al een %(soort)s locatie; er start niets nieuws.") % {"soort": soort},
    )
    meldingen.gekoppeld_bij_indienen(aanvraag, nabij.locatie, nabij.afstand_m, door, planning)
    return aanvraag


def _koppel_aan_locatie(aanvraag: Aanvraag, nabij, door, reden: str, **gegevens):
    """Link the request to a location within the radius that is already coming: it takes the location's stage,
    and a location of a proactive list takes it into its planning. Returns (request, planning or None)."""
    from plankaart.volgen import fase_van

    locatie = nabij.locatie
    aanvraag = transities.voer_uit(
        aanvraag,
        "locatie_koppelen",
        door,
        volgt=True,
        reden=reden,
        gegevens={
            "locatie": locatie.pk,
            "omschrijving": locatie.omschrijving,
            "afstand_m": round(nabij.afstand_m),
            **gegevens,
        },
        locatie=locatie,
        status=fase_van(locatie),
    )
    return aanvraag, planning_na_koppelen(aanvraag, locatie, door)


def wijzig_en_dien_opnieuw_in(
    aanvraag: Aanvraag,
    door,
    gegevens: Aanvraaggegevens,
    bewijs=None,
    bewijs_naam="",
    *,
    rdw_resultaat: rdw.Resultaat | None = None,
):
    """The E-rijder completes a request the CPO sent back; it returns to the CPO with a fresh term."""
    transities.controleer(aanvraag, "opnieuw_indienen", door)
    controleer_voorwaarden(gegevens)
    # Asked again only when the plate (or "on order") changed or the RDW was not reached before.
    opnieuw = (
        gegevens.kenteken != aanvraag.kenteken
        or gegevens.auto_besteld != aanvraag.auto_besteld
        or aanvraag.rdw_uitslag in (rdw.Uitslag.NIET_BEREIKT, *rdw.GEWEIGERD)
    )
    resultaat = (rdw_resultaat or controleer_kenteken(gegevens)) if opnieuw else None
    with transaction.atomic():
        vergrendeld = transities.vergrendel(aanvraag)
        # Checked again under the lock: the answers are changed before the transition itself runs.
        transities.controleer(vergrendeld, "opnieuw_indienen", door)
        gegevens.toepassen_op(vergrendeld)
        if resultaat is not None:
            _zet_rdw(vergrendeld, resultaat)
            vergrendeld.rdw_pogingen = 0
        if bewijs is not None:
            vergrendeld.bewijs.save(_veilige_naam(vergrendeld, bewijs_naam), bewijs, save=False)
            vergrendeld.bewijs_naam = bewijs_naam[:200]
        vergrendeld.save()
        aanvraag = transities.voer_uit(vergrendeld, "opnieuw_indienen", door)
        meldingen.aangevuld(aanvraag)
        waarschuw_als_maximum_in_gevaar(aanvraag)
        _later_bij_de_rdw(aanvraag)
    return aanvraag


def goedkeuren(aanvraag: Aanvraag, door) -> Aanvraag:
    """The request meets the conditions. Near a location of a definitive proactive list (DESIGN.md 3, lane 1)
    it is linked to that one at once; otherwise the CPO determines the location."""
    from plankaart.selectors_proactief import proactieve_locatie_nabij

    with transaction.atomic():
        aanvraag = transities.voer_uit(aanvraag, "goedkeuren", door)
        nabij = proactieve_locatie_nabij(aanvraag) if lanen.baan(aanvraag.bron).proactief_koppelen else None
        if nabij is not None:
            aanvraag = _koppel_aan_proactief(aanvraag, nabij, door)
        else:
            meldingen.goedgekeurd(aanvraag)
        waarschuw_als_maximum_in_gevaar(aanvraag)
    return aanvraag


def _koppel_aan_proactief(aanvraag: Aanvraag, nabij, door) -> Aanvraag:
    aanvraag, planning = _koppel_aan_locatie(
        aanvraag,
        nabij,
        door,
        _("Binnen de straal ligt een locatie van de proactieve lijst."),
        locatiestatus=nabij.locatie.status,
    )
    meldingen.gekoppeld_aan_proactief(aanvraag, nabij.locatie, nabij.afstand_m, planning)
    return aanvraag


def geplande_proactieve_datum(aanvraag: Aanvraag) -> str:
    """For a request on a location of a definitive proactive list that is planned (definitive decision and a
    quarter): the sentence with the quarter and the projection's date; else nothing."""
    from plankaart.selectors_proactief import planning_voor

    planning = planning_voor(aanvraag)
    return meldingen.planning_zin(aanvraag, planning) if planning is not None and planning.gepland else ""


def planning_na_koppelen(aanvraag: Aanvraag, locatie, door):
    """A request linked to a proactive location: planned, it has its date from the projection; not yet
    planned, the location joins the planning (plankaart.services.proactief)."""
    from plankaart.selectors_proactief import planning_van
    from plankaart.services import proactief

    planning = planning_van(locatie)
    if planning is not None and not planning.gepland:
        proactief.neem_op_in_planning(aanvraag, planning, door)
    return planning


def afwijzen(aanvraag: Aanvraag, door, reden: str, reden_code: str = Afwijzingscode.ANDERS) -> Aanvraag:
    reden = verplichte_tekst(
        reden, "reden", _("Schrijf op waarom de aanvraag niet aan de voorwaarden voldoet.")
    )
    reden_code = redencode(reden_code, Afwijzingscode.values)
    with transaction.atomic():
        aanvraag = transities.voer_uit(
            aanvraag,
            "afwijzen",
            door,
            reden=reden,
            gegevens={"reden_code": reden_code},
            afwijzingsreden=reden,
            reden_code=reden_code,
        )
        meldingen.afgewezen(aanvraag, reden)
    return aanvraag


def vraag_aanvulling(aanvraag: Aanvraag, door, ontbrekend: str) -> Aanvraag:
    ontbrekend = verplichte_tekst(
        ontbrekend, "ontbrekend", _("Schrijf op wat er ontbreekt, zodat de aanvrager het kan aanvullen.")
    )
    with transaction.atomic():
        aanvraag = transities.voer_uit(
            aanvraag, "aanvulling_vragen", door, reden=ontbrekend, ontbrekend=ontbrekend
        )
        meldingen.aanvulling_gevraagd(aanvraag, ontbrekend)
    return aanvraag


def trek_in(aanvraag: Aanvraag, door, reden: str = "") -> Aanvraag:
    with transaction.atomic():
        reden = (reden or "").strip()
        aanvraag = transities.voer_uit(aanvraag, "intrekken", door, reden=reden)
        meldingen.ingetrokken(aanvraag, reden)
    return aanvraag


def sluit_aan(aanvraag: Aanvraag, gebruiker, kenteken: str) -> Medeaanvrager:
    """Join a pending request nearby instead of filing a second one."""
    if not gebruiker.is_authenticated or not gebruiker.is_erijder:
        raise PermissionDenied(_("Alleen E-rijders kunnen zich bij een aanvraag aansluiten."))
    with transaction.atomic():
        aanvraag = transities.vergrendel(aanvraag)
        if not aanvraag.is_open:
            raise transities.NietToegestaan("aansluiten")
        if (
            aanvraag.aanvrager_id == gebruiker.pk
            or aanvraag.medeaanvragers.filter(gebruiker=gebruiker).exists()
        ):
            raise ValidationError({"aanvraag": _("U bent al betrokken bij deze aanvraag.")})
        aansluiting = Medeaanvrager.objects.create(
            aanvraag=aanvraag, gebruiker=gebruiker, kenteken=kenteken, aangesloten_op=klok.nu()
        )
        historie.registreer(aanvraag, "aansluiten", aanvraag.status, aanvraag.status, gebruiker)
        meldingen.aangesloten(aanvraag, gebruiker)
    return aansluiting


class TeVaakGevraagd(Exception):
    """The account asked which requests run nearby more often than NABIJHEIDSVRAGEN_PER_DAG allows."""


def nabijheidsvragen_per_dag() -> int:
    return settings.NABIJHEIDSVRAGEN_PER_DAG


def vraag_buren(gebruiker, lat: float, lon: float, gemeente: Organisatie) -> list:
    """Others' open requests near a pin, for the E-rijder's form, counted per account: each answer tells
    something about where other people live, so one account may ask only so often in 24 hours. The count is
    rows in the database (not the cache), so the limit holds when Redis is down."""
    with transaction.atomic():
        # Serialise one account's questions so parallel posts cannot both pass the last free one.
        get_user_model().objects.select_for_update().filter(pk=gebruiker.pk).first()
        sinds = klok.nu() - dt.timedelta(hours=24)
        if (
            Nabijheidsvraag.objects.filter(gebruiker=gebruiker, op__gte=sinds).count()
            >= nabijheidsvragen_per_dag()
        ):
            raise TeVaakGevraagd
        Nabijheidsvraag.objects.create(gebruiker=gebruiker, op=klok.nu())
    return [b for b in lopende_aanvragen_nabij(lat, lon, gemeente) if b.aanvraag.aanvrager_id != gebruiker.pk]


def ruim_nabijheidsvragen_op() -> int:
    """Delete the nearby checks older than the 24-hour window they count in (beat, daily)."""
    aantal, _per_model = Nabijheidsvraag.objects.filter(op__lt=klok.nu() - dt.timedelta(hours=24)).delete()
    return aantal


def vermeld_bij_aanvragen(
    locaties,
    transitie: str,
    door,
    gegevens: dict,
    onderwerp: str = "",
    tekst: str = "",
    *,
    reden: str = "",
    aanvulling=None,
) -> None:
    """Put a step of a location's decision or realisation on the timeline of every open request on these
    locations and, with an `onderwerp` (which may name the request as %(aanvraag)s), tell the E-rijders behind
    them (the requester and who joined). `aanvulling(aanvraag)` may add a sentence of that request's own."""
    for aanvraag in (
        Aanvraag.objects.filter(locatie__in=locaties, status__in=Aanvraag.OPEN)
        .select_related("aanvrager", "gemeente")
        .order_by("pk")
    ):
        historie.registreer(
            aanvraag, transitie, aanvraag.status, aanvraag.status, door, reden=reden, gegevens=gegevens
        )
        if onderwerp:
            eigen = aanvulling(aanvraag) if aanvulling else ""
            meldingen.informeer_betrokkenen(
                aanvraag, onderwerp % {"aanvraag": aanvraag.nummer}, f"{tekst} {eigen}" if eigen else tekst
            )


def _veilige_naam(aanvraag: Aanvraag, oorspronkelijk: str) -> str:
    # The stored name never contains what the user typed: no path tricks, no personal data in paths.
    extensie = oorspronkelijk.rsplit(".", 1)[-1].lower() if "." in oorspronkelijk else "bin"
    return f"{aanvraag.nummer}.{extensie}"


def _datum(datum) -> str:
    return datum_lang(datum) if datum else "—"


# The 16-week cap (DESIGN.md 3.2)


def waarschuw_als_maximum_in_gevaar(aanvraag: Aanvraag) -> bool:
    """Warn the CPO's coordinators, once per request, as soon as the projection passes the cap."""
    if not aanvraag.maximum_in_gevaar:
        return False
    concessie = servicetermijnen.concessie_voor(aanvraag.gemeente)
    if concessie is None:
        return False
    huidig = prognose.huidige_stap(aanvraag)
    waarden = {
        "nummer": aanvraag.nummer,
        "verwacht": _datum(aanvraag.verwacht_gereed),
        "maximum": _datum(aanvraag.maximum_gereed),
        "stap": servicetermijnen.Stap(huidig[0]).label if huidig else "—",
        "uiterlijk": _datum(huidig[1]) if huidig else "—",
    }
    return bewaking.meld_eenmalig(
        aanvraag,
        Termijnmelding.Soort.MAXIMUM,
        aanvraag.ingediend_op,
        berichten.coordinatoren(concessie.cpo),
        _("Aanvraag %(nummer)s haalt de maximale doorlooptijd niet") % waarden,
        _(
            "Als elke volgende stap zo lang duurt als gewoonlijk in deze keten, is aanvraag %(nummer)s pas op "
            "%(verwacht)s opgeleverd, na het maximum van %(maximum)s. Huidige stap: %(stap)s, uiterlijk "
            "%(uiterlijk)s. "
            "Versnel deze of een volgende stap om binnen de doorlooptijd te blijven."
        )
        % waarden,
        reverse("aanvragen:behandel", args=[aanvraag.pk]),
    )


def projecteer_opnieuw(aanvraag: Aanvraag) -> Aanvraag:
    """Project the request again and store only its two dates (nothing else of the row is written); the CPO
    hears when the projection now passes the cap."""
    aanvraag.werk_prognose_bij()
    Aanvraag.objects.filter(pk=aanvraag.pk).update(
        verwacht_gereed=aanvraag.verwacht_gereed, slechtst_gereed=aanvraag.slechtst_gereed
    )
    waarschuw_als_maximum_in_gevaar(aanvraag)
    return aanvraag


def werk_prognoses_bij(alle: bool = False) -> dict:
    """Project again every open request whose projection slides with the calendar, and warn the CPO when
    one now passes the cap: those whose running term (their own or their location's) is overdue, and those
    waiting for a step that has not started. Touches only those, not all open requests, unless `alle`: then
    every open request, for when the duration model was built after their dates were (the demo, which makes
    its history first and its model after)."""
    vandaag = klok.vandaag()
    open_ = Aanvraag.objects.filter(status__in=Aanvraag.OPEN)
    if not alle:
        open_ = open_.filter(
            Q(*[Q(**{f"{kolom}__lt": vandaag}) for kolom in LOPENDE_TERMIJN_UITERLIJK], _connector=Q.OR)
            | Q(status__in=list(prognose.WACHTEND))
        )
    ids = list(open_.values_list("pk", flat=True))
    agenda = kalender.laad()
    regels_per_gemeente: dict[int, servicetermijnen.Termijnregels] = {}
    # Every gemeente's durations at once: one query for the whole sweep, none when nothing slid.
    model = duurmodel.laad() if ids else None
    bijgewerkt = gewaarschuwd = fouten = 0
    for begin in range(0, len(ids), 500):
        for aanvraag in Aanvraag.objects.filter(pk__in=ids[begin : begin + 500]).select_related(
            "gemeente", *LOPENDE_TERMIJN_RELATIES
        ):
            try:
                with transaction.atomic():
                    if aanvraag.gemeente_id not in regels_per_gemeente:
                        regels_per_gemeente[aanvraag.gemeente_id] = servicetermijnen.voor_gemeente(
                            aanvraag.gemeente, agenda
                        )
                    nieuw = prognose.projectie(
                        aanvraag, regels_per_gemeente[aanvraag.gemeente_id], model=model
                    )
                    if (nieuw.verwacht_gereed, nieuw.slechtst_gereed) != (
                        aanvraag.verwacht_gereed,
                        aanvraag.slechtst_gereed,
                    ):
                        Aanvraag.objects.filter(pk=aanvraag.pk).update(
                            verwacht_gereed=nieuw.verwacht_gereed, slechtst_gereed=nieuw.slechtst_gereed
                        )
                        aanvraag.verwacht_gereed = nieuw.verwacht_gereed
                        aanvraag.slechtst_gereed = nieuw.slechtst_gereed
                        bijgewerkt += 1
                    gewaarschuwd += waarschuw_als_maximum_in_gevaar(aanvraag)
            except Exception:  # noqa: BLE001 - one broken case must not stop the others
                log.exception("Prognose van aanvraag %s niet bijgewerkt", aanvraag.pk)
                fouten += 1
    return {"bijgewerkt": bijgewerkt, "gewaarschuwd": gewaarschuwd, "fouten": fouten}
