"""Every write to a location: choosing, moving or proposing one for a request, the netcheck, the gemeente's
decision, lapsing, and a new version of the plankaart.

Requests follow their location in the same transaction (their stage, their projection), so the E-rijder's
timeline and every work list show the right step at once. Messages go out through the outbox on commit.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from aanvragen import selectors as aanvraagselectors
from aanvragen import services as aanvraagservices
from aanvragen.models import Aanvraag, Aanvraagvoorwaarden
from plankaart import exporteren, importeren, kaart, selectors
from plankaart.models import GEMEENTE_REDENEN, NET_REDENEN, Locatie, Plankaart, Plankaartimport, Redencode
from plankaart.volgen import fase_van
from portal import berichten, geo, historie, klok, taken, transities
from portal.invoer import verplichte_tekst
from portal.selectors import cpos_van_gemeente, is_cpo_van_gemeente
from portal.termijnen import datum_lang

# A proposal whose point moves more than this goes past the netbeheerder again.
NETCHECK_BIJ_VERPLAATSING_M = 1.0

S = Locatie.Status


# Checks


def controleer_locatie_bepalen(aanvraag: Aanvraag, door) -> None:
    """The rule of aanvragen.selectors.mag_locatie_bepalen, split as 403 (never this caller) before 409
    (not in this state)."""
    if not aanvraagselectors.is_behandelaar(door, aanvraag):
        raise transities.GeenRecht("locatie_bepalen")
    if aanvraag.status != Aanvraag.Status.GOEDGEKEURD:
        raise transities.NietToegestaan("locatie_bepalen")


@dataclass(frozen=True)
class Punt:
    """The point a location must serve, whoever asked for it: an E-rijder's or a gemeente's request, or a
    busy charging point. The radius (DESIGN.md 3.1) is measured from here."""

    rd_x: float
    rd_y: float
    straal_m: int
    naam: str  # how a refusal names it, e.g. the case number

    @classmethod
    def van_aanvraag(cls, aanvraag: Aanvraag) -> Punt:
        return cls(
            aanvraag.rd_x,
            aanvraag.rd_y,
            Aanvraagvoorwaarden.voor(aanvraag.gemeente).straal_m,
            aanvraag.nummer,
        )

    def afstand_m(self, lat: float, lon: float) -> float:
        return geo.afstand_m((self.rd_x, self.rd_y), geo.naar_rd(lat, lon))


def _controleer_punt(gemeente, lat: float, lon: float, punten: list[Punt]) -> None:
    """A point for a location: in the Netherlands, in the gemeente, within the radius of every point it serves."""
    if not geo.in_nederland(lat, lon):
        raise ValidationError({"lat": _("Dit punt ligt niet in Nederland.")})
    if not gemeente.bevat(lat, lon):
        raise ValidationError(
            {"lat": _("Dit punt ligt niet in de gemeente %(gemeente)s.") % {"gemeente": gemeente.naam}}
        )
    for punt in punten:
        afstand = punt.afstand_m(lat, lon)
        if afstand > punt.straal_m:
            raise ValidationError(
                {
                    "lat": _(
                        "Dit punt ligt op %(m)d meter van de gewenste plek van %(nummer)s; het mag hoogstens "
                        "%(straal)d meter zijn."
                    )
                    % {"m": round(afstand), "nummer": punt.naam, "straal": punt.straal_m}
                }
            )


def _geen_dubbele(gemeente, lat: float, lon: float, behalve: Locatie | None = None) -> None:
    rijen = Locatie.objects.exclude(status=S.VERVALLEN)
    if behalve is not None:
        rijen = rijen.exclude(pk=behalve.pk)
    buren = selectors.locaties_nabij(lat, lon, importeren.DUBBEL_M, gemeente=gemeente, rijen=rijen)
    if buren:
        raise ValidationError(
            {
                "lat": _(
                    "Op %(m).1f meter ligt al locatie “%(omschrijving)s”; kies die in plaats van een nieuwe."
                )
                % {"m": buren[0].afstand_m, "omschrijving": buren[0].locatie.omschrijving}
            }
        )


def _controleer_netbeheerder(gemeente) -> None:
    if not gemeente.netbeheerders.exists():
        raise ValidationError(
            {
                "lat": _(
                    "Voor %(gemeente)s is geen netbeheerder ingesteld, dus een netcheck kan niet worden gevraagd. "
                    "Vraag de beheerder van het portaal dit in te stellen."
                )
                % {"gemeente": gemeente.naam}
            }
        )


def _controleer_omschrijving(omschrijving: str) -> str:
    melding = _("Beschrijf waar de locatie ligt, bijv. “Loolaan t.h.v. nr. 12”.")
    return verplichte_tekst(omschrijving, "omschrijving", melding)[:200]


# The location core: proposing, moving and adding locations, asking a netcheck. None of these needs a request;
# the request path below wraps them (DESIGN.md 3, every lane uses the same core).


def stel_voor(locatie: Locatie, door, *, gegevens=None) -> Locatie:
    """The CPO proposes a plankaart candidate to the gemeente (for a request, a signal or proactively)."""
    with transaction.atomic():
        locatie = transities.voer_uit(locatie, "voorstellen", door, gegevens=gegevens or {})
        _meld_voorstel(locatie)
    return locatie


def vraag_netcheck(locatie: Locatie, door, *, reden: str = "", gegevens=None) -> Locatie:
    """The CPO asks the netbeheerder whether the grid can take this candidate before proposing it."""
    with transaction.atomic():
        _controleer_netbeheerder(locatie.gemeente)
        locatie = transities.voer_uit(
            locatie, "netcheck_aanvragen", door, reden=reden, gegevens=gegevens or {}
        )
        _meld_netcheck(locatie)
    return locatie


def verplaats(
    locatie: Locatie, lat: float, lon: float, omschrijving: str, door, *, punten=(), gegevens=None, reden=""
) -> Locatie:
    """Move an unused plankaart candidate (within the radius of `punten`, when it serves any); the netbeheerder
    checks it first. The old point stays in the location's history."""
    transities.controleer(locatie, "netcheck_aanvragen", door)
    omschrijving = _controleer_omschrijving(omschrijving)
    with transaction.atomic():
        locatie = transities.vergrendel(locatie)
        if locatie.status != S.KANDIDAAT or selectors.open_aanvragen_per_locatie([locatie]):
            raise ValidationError(
                {"locatie": _("Alleen een ongebruikte kandidaat van de plankaart kan verschuiven.")}
            )
        _controleer_punt(locatie.gemeente, lat, lon, list(punten))
        _geen_dubbele(locatie.gemeente, lat, lon, behalve=locatie)
        oud = {"lat": locatie.lat, "lon": locatie.lon, "omschrijving": locatie.omschrijving}
        locatie.zet_punt(lat, lon)
        locatie.omschrijving = omschrijving
        locatie.bron = Locatie.Bron.VERPLAATST
        locatie.save()
        return vraag_netcheck(
            locatie,
            door,
            reden=reden,
            gegevens={**(gegevens or {}), "oud": oud, "nieuw": {"lat": lat, "lon": lon}},
        )


def nieuwe_locatie(
    gemeente,
    lat: float,
    lon: float,
    omschrijving: str,
    door,
    *,
    punten=(),
    parkeerplaatsen: int = 2,
    laadpunten: int = 2,
    bron: str = Locatie.Bron.NIEUW,
    gegevens=None,
) -> Locatie:
    """A new location on the gemeente's plankaart, proposed by the CPO serving it; the netbeheerder checks it
    before it goes to the gemeente."""
    if not is_cpo_van_gemeente(door, gemeente.pk):
        raise transities.GeenRecht("nieuwe_locatie")
    omschrijving = _controleer_omschrijving(omschrijving)
    with transaction.atomic():
        _controleer_punt(gemeente, lat, lon, list(punten))
        _geen_dubbele(gemeente, lat, lon)
        _controleer_netbeheerder(gemeente)
        locatie = Locatie(
            plankaart=_plankaart_om_aan_te_vullen(gemeente),
            gemeente=gemeente,
            omschrijving=omschrijving,
            lat=lat,
            lon=lon,
            parkeerplaatsen=parkeerplaatsen,
            laadpunten=laadpunten,
            bron=bron,
        )
        locatie.save()
        historie.registreer(locatie, "aanmaken", "", locatie.status, door, gegevens=gegevens or {})
        return vraag_netcheck(locatie, door, gegevens=gegevens)


# The CPO determines the location of an approved request


def kies(aanvraag: Aanvraag, locatie: Locatie, door) -> Aanvraag:
    """Link the request to a location within the radius. A plankaart candidate is proposed to the gemeente;
    a location further along (approved, or proactive with a definitive verkeersbesluit) is simply joined."""
    controleer_locatie_bepalen(aanvraag, door)
    with transaction.atomic():
        aanvraag, locatie = transities.vergrendel(aanvraag), transities.vergrendel(locatie)
        controleer_locatie_bepalen(aanvraag, door)
        if locatie.gemeente_id != aanvraag.gemeente_id or locatie.status not in Locatie.KIESBAAR:
            raise ValidationError({"locatie": _("Deze locatie kan niet (meer) worden gekozen.")})
        punt = Punt.van_aanvraag(aanvraag)
        afstand = punt.afstand_m(locatie.lat, locatie.lon)
        if afstand > punt.straal_m:
            raise ValidationError(
                {"locatie": _("Deze locatie ligt op %(m)d meter, buiten de straal.") % {"m": round(afstand)}}
            )
        if selectors.open_aanvragen_per_locatie([locatie]).get(locatie.pk, 0) >= locatie.laadpunten:
            raise ValidationError(
                {"locatie": _("Deze locatie heeft al evenveel aanvragen als laadpunten; kies een andere.")}
            )
        if locatie.status == S.KANDIDAAT:
            locatie = stel_voor(locatie, door, gegevens={"aanvraag": aanvraag.nummer})
        return _koppel(aanvraag, locatie, door, afstand)


def verplaats_en_kies(aanvraag: Aanvraag, locatie: Locatie, lat: float, lon: float, omschrijving: str, door):
    """Move a plankaart candidate outside the radius to a point within it, for this request."""
    controleer_locatie_bepalen(aanvraag, door)
    with transaction.atomic():
        aanvraag, locatie = transities.vergrendel(aanvraag), transities.vergrendel(locatie)
        controleer_locatie_bepalen(aanvraag, door)
        if locatie.gemeente_id != aanvraag.gemeente_id:
            raise ValidationError(
                {"locatie": _("Alleen een ongebruikte kandidaat van de plankaart kan verschuiven.")}
            )
        punt = Punt.van_aanvraag(aanvraag)
        locatie = verplaats(
            locatie,
            lat,
            lon,
            omschrijving,
            door,
            punten=[punt],
            reden=_("Verplaatst voor aanvraag %(nummer)s") % {"nummer": aanvraag.nummer},
            gegevens={"aanvraag": aanvraag.nummer},
        )
        return _koppel(aanvraag, locatie, door, punt.afstand_m(lat, lon))


def stel_nieuwe_voor(
    aanvraag: Aanvraag, lat: float, lon: float, omschrijving: str, door, *, parkeerplaatsen=2, laadpunten=2
) -> Aanvraag:
    """A new location for the request."""
    controleer_locatie_bepalen(aanvraag, door)
    with transaction.atomic():
        aanvraag = transities.vergrendel(aanvraag)
        controleer_locatie_bepalen(aanvraag, door)
        punt = Punt.van_aanvraag(aanvraag)
        locatie = nieuwe_locatie(
            aanvraag.gemeente,
            lat,
            lon,
            omschrijving,
            door,
            punten=[punt],
            parkeerplaatsen=parkeerplaatsen,
            laadpunten=laadpunten,
            gegevens={"aanvraag": aanvraag.nummer},
        )
        return _koppel(aanvraag, locatie, door, punt.afstand_m(lat, lon))


def _koppel(aanvraag: Aanvraag, locatie: Locatie, door, afstand: float) -> Aanvraag:
    fase = fase_van(locatie)
    aanvraag = transities.voer_uit(
        aanvraag,
        "locatie_koppelen",
        door,
        volgt=True,
        gegevens={"locatie": locatie.pk, "omschrijving": locatie.omschrijving, "afstand_m": round(afstand)},
        locatie=locatie,
        status=fase,
    )
    teksten = {
        Aanvraag.Status.LOCATIE_VOORGESTELD: _(
            "Er is een plek gekozen voor uw laadpaal: %(omschrijving)s, op %(m)d meter van de plek die u wilde. "
            "%(vervolg)s"
        ),
        Aanvraag.Status.WACHT_OP_VERKEERSBESLUIT: _(
            "Uw laadpaal komt op %(omschrijving)s, op %(m)d meter van de plek die u wilde. De gemeente heeft die "
            "plek al goedgekeurd; nu volgt het verkeersbesluit."
        ),
        Aanvraag.Status.WACHT_OP_REALISATIE: _(
            "Uw laadpaal komt op %(omschrijving)s, op %(m)d meter van de plek die u wilde. Voor die plek ligt "
            "het verkeersbesluit al vast; de laadpaalexploitant plant nu de plaatsing."
        ),
        Aanvraag.Status.PLAATSING_GEPLAND: _(
            "Uw laadpaal komt op %(omschrijving)s, op %(m)d meter van de plek die u wilde. Daar wordt al een "
            "laadpaal geplaatst; u hoort de datum in uw berichten."
        ),
    }
    vervolg = (
        _(
            "De netbeheerder controleert eerst of het net de laadpaal aankan; daarna beoordeelt de gemeente de plek."
        )
        if locatie.status == S.IN_NETCHECK
        else _("De gemeente beoordeelt nu de plek.")
    )
    aanvraagservices.informeer_betrokkenen(
        aanvraag,
        _("Plek gekozen voor aanvraag %(nummer)s") % {"nummer": aanvraag.nummer},
        teksten[fase] % {"omschrijving": locatie.omschrijving, "m": round(afstand), "vervolg": vervolg},
    )
    aanvraagservices.waarschuw_als_maximum_in_gevaar(aanvraag)
    transaction.on_commit(kaart.vernieuw)
    return aanvraag


def stel_proactief_voor(locatie: Locatie, door) -> Locatie:
    """Proactive placement (DESIGN.md 3, lane 2): the CPO proposes a plankaart candidate without a request."""
    return stel_voor(locatie, door, gegevens={"proactief_jaar": locatie.proactief_jaar})


# The netbeheerder's netcheck


def netcheck_goedkeuren(locatie: Locatie, door, opmerking: str = "") -> Locatie:
    with transaction.atomic():
        locatie = transities.voer_uit(locatie, "netcheck_goedkeuren", door, reden=(opmerking or "").strip())
        _meld_voorstel(locatie)
    return locatie


def _controleer_redencode(reden_code: str, toegestaan) -> str:
    if reden_code not in toegestaan:
        raise ValidationError({"reden_code": _("Kies een van de redenen uit de lijst.")})
    return reden_code


def netcheck_afkeuren(locatie: Locatie, door, reden: str, reden_code: str = Redencode.ANDERS) -> Locatie:
    """The grid cannot take it: the location lapses and its requests go back to the CPO."""
    reden = verplichte_tekst(reden, "reden", _("Schrijf op waarom het net deze locatie niet aankan."))
    reden_code = _controleer_redencode(reden_code, NET_REDENEN)
    with transaction.atomic():
        locatie = transities.voer_uit(
            locatie,
            "netcheck_afkeuren",
            door,
            reden=reden,
            gegevens={"reden_code": reden_code},
            opmerking=reden,
            reden_code=reden_code,
        )
        _meld_bij_cpo(
            locatie,
            _("Netcheck afgekeurd: %(omschrijving)s") % {"omschrijving": locatie.omschrijving},
            _(
                "De netbeheerder keurde de netcheck af: %(reden)s\n\nKies een andere locatie voor de aanvragen."
            )
            % {"reden": reden},
        )
    return locatie


# The gemeente decides on a proposal


def keur_goed(locatie: Locatie, door) -> Locatie:
    with transaction.atomic():
        locatie = transities.voer_uit(locatie, "goedkeuren", door)
        _meld_bij_cpo(
            locatie,
            _("Locatie goedgekeurd: %(omschrijving)s") % {"omschrijving": locatie.omschrijving},
            _("De gemeente %(gemeente)s heeft de locatie goedgekeurd. Nu volgt het verkeersbesluit.")
            % {"gemeente": locatie.gemeente.naam},
        )
    return locatie


def vraag_aanpassing(locatie: Locatie, door, opmerking: str) -> Locatie:
    opmerking = verplichte_tekst(opmerking, "opmerking", _("Schrijf op wat de exploitant moet aanpassen."))
    with transaction.atomic():
        locatie = transities.voer_uit(
            locatie, "aanpassing_vragen", door, reden=opmerking, opmerking=opmerking
        )
        _meld_bij_cpo(
            locatie,
            _("Pas locatievoorstel aan: %(omschrijving)s") % {"omschrijving": locatie.omschrijving},
            _("De gemeente vraagt het voorstel aan te passen, uiterlijk %(datum)s:\n\n%(opmerking)s")
            % {"datum": datum_lang(locatie.termijn_uiterlijk), "opmerking": opmerking},
        )
    return locatie


def wijs_af(locatie: Locatie, door, reden: str, reden_code: str = Redencode.ANDERS) -> Locatie:
    reden = verplichte_tekst(reden, "reden", _("Schrijf op waarom de gemeente deze locatie afwijst."))
    reden_code = _controleer_redencode(reden_code, GEMEENTE_REDENEN)
    with transaction.atomic():
        locatie = transities.voer_uit(
            locatie,
            "afwijzen",
            door,
            reden=reden,
            gegevens={"reden_code": reden_code},
            opmerking=reden,
            reden_code=reden_code,
        )
        _meld_bij_cpo(
            locatie,
            _("Locatie afgewezen: %(omschrijving)s") % {"omschrijving": locatie.omschrijving},
            _("De gemeente wees de locatie af: %(reden)s\n\nStel een andere locatie voor.")
            % {"reden": reden},
        )
    return locatie


def laat_vervallen(locatie: Locatie, door, reden: str) -> Locatie:
    reden = verplichte_tekst(reden, "reden", _("Schrijf op waarom de locatie vervalt."))
    with transaction.atomic():
        locatie = transities.voer_uit(locatie, "laten_vervallen", door, reden=reden, opmerking=reden)
        if locatie.aanvragen.filter(status__in=Aanvraag.MET_LOCATIE).exists():
            _meld_bij_cpo(
                locatie,
                _("Locatie vervallen: %(omschrijving)s") % {"omschrijving": locatie.omschrijving},
                _(
                    "De gemeente liet de locatie vervallen: %(reden)s\n\nKies een andere locatie voor de aanvragen."
                )
                % {"reden": reden},
            )
    return locatie


def stel_opnieuw_voor(
    locatie: Locatie,
    door,
    *,
    lat: float,
    lon: float,
    omschrijving: str,
    parkeerplaatsen: int,
    laadpunten: int,
) -> Locatie:
    """The CPO adjusts a proposal the gemeente sent back; a moved point is checked by the netbeheerder again."""
    omschrijving = _controleer_omschrijving(omschrijving)
    transities.controleer(locatie, "opnieuw_voorstellen", door)
    with transaction.atomic():
        locatie = transities.vergrendel(locatie)
        transities.controleer(locatie, "opnieuw_voorstellen", door)
        aanvragen = list(locatie.aanvragen.filter(status__in=Aanvraag.MET_LOCATIE))
        if laadpunten < len(aanvragen):
            raise ValidationError(
                {
                    "laadpunten": _("Deze locatie bedient %(n)d aanvragen; minder laadpunten kan niet.")
                    % {"n": len(aanvragen)}
                }
            )
        verplaatst = (
            geo.afstand_m((locatie.rd_x, locatie.rd_y), geo.naar_rd(lat, lon)) > NETCHECK_BIJ_VERPLAATSING_M
        )
        gegevens = {}
        if verplaatst:
            _controleer_punt(locatie.gemeente, lat, lon, [Punt.van_aanvraag(a) for a in aanvragen])
            _geen_dubbele(locatie.gemeente, lat, lon, behalve=locatie)
            _controleer_netbeheerder(locatie.gemeente)
            gegevens = {"oud": {"lat": locatie.lat, "lon": locatie.lon}, "nieuw": {"lat": lat, "lon": lon}}
            locatie.zet_punt(lat, lon)
            if locatie.bron == Locatie.Bron.PLANKAART:
                locatie.bron = Locatie.Bron.VERPLAATST
        locatie.omschrijving, locatie.parkeerplaatsen, locatie.laadpunten = (
            omschrijving,
            parkeerplaatsen,
            laadpunten,
        )
        locatie.save()
        locatie = transities.voer_uit(
            locatie, "opnieuw_voorstellen", door, gegevens=gegevens, netcheck_nodig=verplaatst
        )
        if verplaatst:
            _meld_netcheck(locatie)
        else:
            _meld_voorstel(locatie)
    return locatie


# The plankaart itself


def _plankaart_om_aan_te_vullen(gemeente) -> Plankaart:
    """The current version; a gemeente without a plankaart gets its first one."""
    return selectors.huidige_plankaart(gemeente) or Plankaart.objects.create(
        gemeente=gemeente, versie=1, jaar=klok.vandaag().year
    )


def herzie(gemeente, jaar: int, door) -> Plankaart:
    """Start the yearly revision: the current version is frozen as a snapshot, a new version becomes current."""
    if not selectors.mag_plankaart_herzien(door, gemeente):
        raise PermissionDenied(_("Alleen de gemeente zelf stelt een nieuwe versie van haar plankaart vast."))
    with transaction.atomic():
        huidig = selectors.huidige_plankaart(gemeente)
        if huidig is not None:
            huidig = Plankaart.objects.select_for_update().get(pk=huidig.pk)
            if jaar < huidig.jaar:
                raise ValidationError({"jaar": _("Een nieuwe versie kan niet voor een eerder jaar zijn.")})
            huidig.momentopname = exporteren.geojson(Locatie.objects.filter(gemeente=gemeente))
            huidig.save(update_fields=["momentopname"])
        nieuw = Plankaart.objects.create(
            gemeente=gemeente,
            versie=(huidig.versie + 1) if huidig else 1,
            jaar=jaar,
            vastgesteld_op=klok.vandaag(),
        )
    return nieuw


# Messages to the parties at turn


def _meld_voorstel(locatie: Locatie) -> None:
    berichten.verstuur_aan_organisatie(
        locatie.gemeente,
        _("Locatievoorstel beoordelen: %(omschrijving)s") % {"omschrijving": locatie.omschrijving},
        _("De laadpaalexploitant stelt deze locatie voor. Beoordeel het voorstel uiterlijk %(datum)s.")
        % {"datum": datum_lang(locatie.termijn_uiterlijk)},
        link=reverse("plankaart:locatie", args=[locatie.pk]),
    )


def _meld_netcheck(locatie: Locatie) -> None:
    if locatie.termijn_organisatie is None:
        return
    berichten.verstuur_aan_organisatie(
        locatie.termijn_organisatie,
        _("Netcheck gevraagd: %(omschrijving)s (%(gemeente)s)")
        % {"omschrijving": locatie.omschrijving, "gemeente": locatie.gemeente.naam},
        _("Kan het net hier een laadpaal met %(n)d laadpunten aan? Geef uw antwoord uiterlijk %(datum)s.")
        % {"n": locatie.laadpunten, "datum": datum_lang(locatie.termijn_uiterlijk)},
        link=reverse("plankaart:locatie", args=[locatie.pk]),
    )


def _meld_bij_cpo(locatie: Locatie, onderwerp: str, tekst: str) -> None:
    for cpo in cpos_van_gemeente(locatie.gemeente):
        berichten.verstuur_aan_organisatie(
            cpo, onderwerp, tekst, link=reverse("plankaart:locatie", args=[locatie.pk])
        )


# Importing a plankaart: upload, dry run, apply


MAX_IMPORT_BYTES = 25 * 1024 * 1024


def _voortgang_sleutel(plankaartimport) -> str:
    return f"plankaartimport:{plankaartimport.pk}:voortgang"


def voortgang(plankaartimport) -> int:
    """Progress in percent. Kept in the cache: the apply step's own transaction would hide it until the end."""
    if plankaartimport.klaar:
        return 100
    return cache.get(_voortgang_sleutel(plankaartimport), plankaartimport.voortgang)


def start_import(gemeente, door, bestand, *, soort: str, stelsel: str) -> Plankaartimport:
    """Store the upload and queue its dry run; nothing on the plankaart changes yet."""
    if not selectors.mag_plankaart_bijwerken(door, gemeente):
        raise PermissionDenied(
            _("U mag de plankaart van %(gemeente)s niet bijwerken.") % {"gemeente": gemeente.naam}
        )
    naam = getattr(bestand, "name", "plankaart")
    if not naam.lower().endswith((".geojson", ".json", ".csv", ".txt")):
        raise ValidationError(
            {"bestand": _("Kies een GeoJSON-bestand (.geojson of .json) of een CSV-bestand (.csv).")}
        )
    if bestand.size > MAX_IMPORT_BYTES:
        raise ValidationError({"bestand": _("Het bestand is groter dan 25 MB; splits het in delen.")})
    with transaction.atomic():
        plankaartimport = Plankaartimport(
            gemeente=gemeente, door=door, soort=soort, stelsel=stelsel, bestandsnaam=naam[:200]
        )
        plankaartimport.bestand.save(
            f"{gemeente.cbs_code or gemeente.pk}-{klok.nu():%Y%m%d%H%M%S}.upload", bestand, save=False
        )
        plankaartimport.save()
        transaction.on_commit(lambda: plan_importtaak("controleer_import", plankaartimport.pk))
    return plankaartimport


def controleer_import(import_id: int) -> None:
    """The dry run: read the file and judge every row. Safe to run twice."""
    plankaartimport = Plankaartimport.objects.select_related("gemeente").get(pk=import_id)
    if plankaartimport.status != Plankaartimport.Status.CONTROLEREN:
        return
    try:
        oordelen = _beoordeel(plankaartimport)
    except importeren.Bestandsfout as fout:
        _sluit_af(plankaartimport, Plankaartimport.Status.MISLUKT, fout=str(fout))
        return
    _sluit_af(plankaartimport, Plankaartimport.Status.GECONTROLEERD, oordelen=oordelen)


def vraag_toepassen(plankaartimport, door) -> Plankaartimport:
    if not selectors.mag_plankaart_bijwerken(door, plankaartimport.gemeente):
        raise PermissionDenied(_("U mag deze plankaart niet bijwerken."))
    bijgewerkt = Plankaartimport.objects.filter(
        pk=plankaartimport.pk, status=Plankaartimport.Status.GECONTROLEERD
    ).update(status=Plankaartimport.Status.TOEPASSEN, voortgang=0)
    if not bijgewerkt:
        raise transities.NietToegestaan("toepassen")
    transaction.on_commit(lambda: plan_importtaak("pas_import_toe", plankaartimport.pk))
    plankaartimport.refresh_from_db()
    return plankaartimport


def pas_import_toe(import_id: int) -> None:
    """Apply a checked import in one transaction, judged again against the plankaart as it is now."""
    try:
        with transaction.atomic():
            plankaartimport = (
                Plankaartimport.objects.select_for_update(skip_locked=True)
                .select_related("gemeente", "door")
                .filter(pk=import_id, status=Plankaartimport.Status.TOEPASSEN)
                .first()
            )
            if plankaartimport is None:
                return  # applied already, or another worker is applying it now
            oordelen = _beoordeel(plankaartimport)
            _voer_import_uit(plankaartimport, oordelen)
            _sluit_af(plankaartimport, Plankaartimport.Status.TOEGEPAST, oordelen=oordelen)
            transaction.on_commit(kaart.vernieuw)
    except Exception as fout:  # noqa: BLE001 - nothing was applied; say so on the import itself
        Plankaartimport.objects.filter(pk=import_id).update(
            status=Plankaartimport.Status.MISLUKT, fout=f"{type(fout).__name__}: {fout}"[:2000]
        )
        raise


def _beoordeel(plankaartimport) -> list[importeren.Oordeel]:
    sleutel = _voortgang_sleutel(plankaartimport)
    with plankaartimport.bestand.open("rb") as bestand:
        rijen = importeren.lees(bestand.read(), plankaartimport.bestandsnaam, plankaartimport.stelsel)
    return importeren.beoordeel(
        rijen,
        plankaartimport.gemeente,
        plankaartimport.soort,
        voortgang=lambda deel: cache.set(sleutel, int(deel * 90), 3600),
    )


def _sluit_af(plankaartimport, status: str, *, oordelen=(), fout: str = "") -> None:
    aantallen: dict[str, int] = {}
    for oordeel in oordelen:
        aantallen[oordeel.actie] = aantallen.get(oordeel.actie, 0) + 1
    Plankaartimport.objects.filter(pk=plankaartimport.pk).update(
        status=status,
        voortgang=100,
        aantallen=aantallen,
        rapport=[o.als_rapport() for o in oordelen],
        fout=fout,
        toegepast_op=klok.nu() if status == Plankaartimport.Status.TOEGEPAST else None,
    )
    cache.delete(_voortgang_sleutel(plankaartimport))


def _voer_import_uit(plankaartimport, oordelen) -> None:
    bestaand = plankaartimport.soort == Plankaartimport.Soort.BESTAAND
    plankaart = _plankaart_om_aan_te_vullen(plankaartimport.gemeente)
    nieuw = []
    for oordeel in (o for o in oordelen if o.actie == "toevoegen"):
        rij = oordeel.rij
        locatie = Locatie(
            plankaart=plankaart,
            gemeente=plankaartimport.gemeente,
            kenmerk=rij.kenmerk,
            omschrijving=rij.omschrijving,
            parkeerplaatsen=rij.parkeerplaatsen,
            laadpunten=rij.laadpunten,
            proactief=rij.proactief,
            proactief_jaar=rij.proactief_jaar,
            bron=Locatie.Bron.BESTAAND if bestaand else Locatie.Bron.PLANKAART,
            status=Locatie.Status.GEREALISEERD if bestaand else Locatie.Status.KANDIDAAT,
            gewijzigd_op=klok.nu(),
        )
        locatie.zet_punt(rij.lat, rij.lon)
        nieuw.append(locatie)
    Locatie.objects.bulk_create(nieuw, batch_size=1000)
    historie.registreer_bulk(
        nieuw,
        "importeren",
        plankaartimport.door,
        gegevens={loc.pk: {"import": plankaartimport.pk} for loc in nieuw},
    )
    cache.set(_voortgang_sleutel(plankaartimport), 95, 3600)
    for oordeel in (o for o in oordelen if o.actie == "wijzigen"):
        rij = oordeel.rij
        locatie = Locatie.objects.select_for_update().get(pk=oordeel.locatie_id)
        oud = {"omschrijving": locatie.omschrijving, "lat": locatie.lat, "lon": locatie.lon}
        locatie.omschrijving, locatie.parkeerplaatsen, locatie.laadpunten = (
            rij.omschrijving,
            rij.parkeerplaatsen,
            rij.laadpunten,
        )
        locatie.proactief, locatie.proactief_jaar = rij.proactief, rij.proactief_jaar
        locatie.zet_punt(rij.lat, rij.lon)
        locatie.save()
        historie.registreer(
            locatie,
            "importeren",
            locatie.status,
            locatie.status,
            plankaartimport.door,
            reden=oordeel.reden,
            gegevens={"import": plankaartimport.pk, "oud": oud},
        )


def plan_importtaak(taak: str, import_id: int) -> None:
    """Queue an import task; with the broker down, the retry sweep (plankaart.tasks) picks it up later."""
    from plankaart import tasks

    taken.publiceer(getattr(tasks, taak), import_id)
