"""OCPI 2.2.1 in: a CPO's Locations (its existing charging points with their EVSEs) and the pull of its CDRs.

Locations import: a list of Location objects (a file, or an OCPI envelope). Each is matched to an existing
location by its OCPI id (a charging point already known, or the location's kenmerk), then by coordinates within
5 m; otherwise it becomes a new realised location (bron=bestaand). Checked first (dry run), applied on request.

CDR pull: GET the CPO's CDRs endpoint with `Authorization: Token <base64 token>`, `date_from` from the last
pull, pages followed through the `Link: <...>; rel="next"` header. Each page is imported before the next is
asked; the next page's address is stored first, so a pull that breaks off resumes at that page (never a lost
page) and CDRs seen twice are ignored (idempotent on the CDR id). A failing request is retried with backoff.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from plankaart import importeren, selectors
from plankaart.modellen_verbruik import Connector, Laadpunt, Ocpikoppeling
from plankaart.models import Locatie, Plankaart
from plankaart.services import cdrs
from portal import geo, historie, klok
from portal.selectors import gemeenten_van_cpo

log = logging.getLogger(__name__)

LATITUDE = re.compile(r"^-?[0-9]{1,2}\.[0-9]{5,7}$")
LONGITUDE = re.compile(r"^-?[0-9]{1,3}\.[0-9]{5,7}$")
POGINGEN = 4
WACHTTIJD_S = 1.0  # first backoff; doubles per retry
TIMEOUT_S = 30
MAX_PAGINAS = 10_000


# Locations.


@dataclass
class Locatieoordeel:
    ocpi_id: str
    oordeel: str  # "gekoppeld_id", "gekoppeld_afstand", "nieuw", "geweigerd"
    reden: str = ""
    locatie_id: int | None = None
    evses: int = 0
    regel: int = 0  # the Location's place in the list, from 1
    omschrijving: str = ""


@dataclass
class Locatierapport:
    oordelen: list[Locatieoordeel] = field(default_factory=list)
    toegepast: bool = False

    def aantallen(self) -> dict:
        tel: dict[str, int] = {}
        for o in self.oordelen:
            tel[o.oordeel] = tel.get(o.oordeel, 0) + 1
        return tel


def _coordinaten(obj: dict) -> tuple[float, float]:
    coordinaten = obj.get("coordinates") or {}
    lat, lon = coordinaten.get("latitude"), coordinaten.get("longitude")
    # OCPI: strings with 5 to 7 decimals; numbers are accepted too (many exports get this wrong).
    if not (isinstance(lat, str | int | float) and isinstance(lon, str | int | float)):
        raise ValueError(_("coordinates.latitude en coordinates.longitude ontbreken."))
    if isinstance(lat, str) and not LATITUDE.match(lat) or isinstance(lon, str) and not LONGITUDE.match(lon):
        raise ValueError(_('coordinates moeten strings zijn als "52.21120" (5 tot 7 decimalen).'))
    lat, lon = float(lat), float(lon)
    if not geo.in_nederland(lat, lon):
        raise ValueError(_("coordinates liggen niet in Nederland (zijn latitude en longitude verwisseld?)."))
    return lat, lon


def _evses(obj: dict) -> list[dict]:
    evses = obj.get("evses") or []
    if not isinstance(evses, list):
        raise ValueError(_("evses moet een lijst zijn."))
    for evse in evses:
        if not isinstance(evse, dict) or not evse.get("uid"):
            raise ValueError(_("Elke EVSE heeft een uid nodig."))
        if not isinstance(evse.get("connectors") or [], list):
            raise ValueError(_("connectors van EVSE %(uid)s moet een lijst zijn.") % {"uid": evse["uid"]})
    return evses


def _omschrijving(obj) -> str:
    if not isinstance(obj, dict):
        return ""
    delen = (obj.get(v) for v in ("name", "address", "city"))
    return " ".join(str(d) for d in delen if isinstance(d, str | int) and str(d).strip())[:200]


def lees_locaties(inhoud: bytes) -> list:
    """The Location objects of an uploaded file: a JSON list of them or the OCPI envelope with `data`. The
    file's size and nesting are checked before it is parsed (a file is read whole, so it is bounded)."""
    importeren.controleer_grootte(len(inhoud))
    try:
        tekst = inhoud.decode("utf-8-sig")
    except UnicodeDecodeError as fout:
        raise importeren.Bestandsfout(_("Dit is geen UTF-8-tekst; OCPI-bestanden zijn UTF-8.")) from fout
    try:
        importeren.controleer_diepte(tekst)
    except importeren.Bestandsfout as fout:
        raise importeren.Bestandsfout(
            _("Dit zijn geen bruikbare OCPI-locaties: de gegevens zijn meer dan %(max)d niveaus diep genest.")
            % {"max": importeren.MAX_DIEPTE}
        ) from fout
    try:
        data = json.loads(tekst)
    except json.JSONDecodeError as fout:
        raise importeren.Bestandsfout(
            _("Dit is geen geldige JSON (de fout staat op regel %(regel)d, teken %(teken)d).")
            % {"regel": fout.lineno, "teken": fout.colno}
        ) from fout
    except (ValueError, RecursionError) as fout:
        raise importeren.Bestandsfout(_("Dit is geen geldige JSON.")) from fout
    if isinstance(data, dict) and data.get("type") in ("FeatureCollection", "Feature"):
        raise importeren.Bestandsfout(
            _(
                "Dit is GeoJSON, geen OCPI. Plankaartlocaties importeert u met “Importeren” bij de plankaart; "
                "hier horen OCPI 2.2.1 Locations (een lijst Location-objecten of de OCPI-envelop met data)."
            )
        )
    objecten = data.get("data") if isinstance(data, dict) else data
    if isinstance(objecten, dict):  # GET /locations/{id} answers one Location
        objecten = [objecten]
    if not isinstance(objecten, list):
        raise importeren.Bestandsfout(
            _("Verwacht een lijst van OCPI Location-objecten, of de OCPI-envelop met die lijst in data.")
        )
    if not objecten:
        raise importeren.Bestandsfout(_("Het bestand bevat geen locaties."))
    if len(objecten) > importeren.MAX_RIJEN:
        raise importeren.Bestandsfout(
            _("Het bestand bevat %(n)d locaties; importeer hoogstens %(max)d per keer.")
            % {"n": len(objecten), "max": importeren.MAX_RIJEN}
        )
    return objecten


def importeer_locaties(
    cpo, objecten, door, *, toepassen: bool = False, gemeente=None, voortgang=None
) -> Locatierapport:
    """Judge (and with `toepassen`, apply) OCPI Location objects of `cpo` in the gemeenten it serves; with
    `gemeente`, only in that one (the plankaart page imports per gemeente). `voortgang(deel)` hears how far."""
    rapport = Locatierapport(toegepast=toepassen)
    gemeenten = list(gemeenten_van_cpo(cpo))
    if gemeente is not None:
        gemeenten = [g for g in gemeenten if g.pk == gemeente.pk]
    bekend = dict(Laadpunt.objects.filter(cpo=cpo).values_list("ocpi_locatie_id", "locatie_id").distinct())
    with transaction.atomic():
        for regel, obj in enumerate(objecten, start=1):
            ocpi_id = str(obj.get("id", "")).strip() if isinstance(obj, dict) else ""
            try:
                if not isinstance(obj, dict):
                    raise ValueError(_("Een Location moet een object ({…}) zijn."))
                if not ocpi_id or len(ocpi_id) > 36:
                    raise ValueError(_("id ontbreekt of is langer dan 36 tekens."))
                lat, lon = _coordinaten(obj)
                evses = _evses(obj)
                oordeel = _beoordeel_locatie(ocpi_id, lat, lon, gemeenten, bekend, gemeente)
            except ValueError as fout:
                rapport.oordelen.append(
                    Locatieoordeel(
                        ocpi_id, "geweigerd", str(fout), regel=regel, omschrijving=_omschrijving(obj)
                    )
                )
                continue
            oordeel.evses = len(evses)
            oordeel.regel, oordeel.omschrijving = regel, _omschrijving(obj)
            rapport.oordelen.append(oordeel)
            if voortgang is not None and regel % 100 == 0:
                voortgang(regel / max(1, len(objecten)))
            if toepassen:
                _pas_toe(cpo, obj, oordeel, lat, lon, evses, door)
                bekend[ocpi_id] = oordeel.locatie_id
        if toepassen:
            cdrs.koppel_zwevende(cpo)
    return rapport


def _beoordeel_locatie(ocpi_id, lat, lon, gemeenten, bekend, alleen=None) -> Locatieoordeel:
    # Importing for one gemeente touches nothing outside it, not even a point known by its id.
    if alleen is not None and not alleen.bevat(lat, lon):
        raise ValueError(_("Deze locatie ligt buiten %(gemeente)s.") % {"gemeente": alleen.naam})
    if ocpi_id in bekend:
        return Locatieoordeel(ocpi_id, "gekoppeld_id", locatie_id=bekend[ocpi_id])
    gemeente = next((g for g in gemeenten if g.bevat(lat, lon)), None)
    if gemeente is None:
        raise ValueError(_("Deze locatie ligt niet in een gemeente waar u de concessie heeft."))
    op_kenmerk = Locatie.objects.filter(gemeente=gemeente, kenmerk=ocpi_id).exclude(
        status=Locatie.Status.VERVALLEN
    )
    if (eigen := op_kenmerk.first()) is not None:
        return Locatieoordeel(ocpi_id, "gekoppeld_id", locatie_id=eigen.pk)
    buren = selectors.locaties_nabij(
        lat,
        lon,
        importeren.DUBBEL_M,
        gemeente=gemeente,
        rijen=Locatie.objects.exclude(status=Locatie.Status.VERVALLEN),
    )
    if buren:
        return Locatieoordeel(
            ocpi_id,
            "gekoppeld_afstand",
            _("Binnen 5 meter van “%(omschrijving)s”.") % {"omschrijving": buren[0].locatie.omschrijving},
            locatie_id=buren[0].locatie.pk,
        )
    oordeel = Locatieoordeel(ocpi_id, "nieuw")
    oordeel.gemeente = gemeente
    return oordeel


def _pas_toe(cpo, obj, oordeel: Locatieoordeel, lat, lon, evses, door) -> None:
    if oordeel.oordeel == "nieuw":
        gemeente = oordeel.gemeente
        plankaart = selectors.huidige_plankaart(gemeente) or Plankaart.objects.create(
            gemeente=gemeente, jaar=klok.vandaag().year
        )
        omschrijving = " ".join(str(obj.get(v) or "") for v in ("address", "city")).strip() or oordeel.ocpi_id
        locatie = Locatie(
            plankaart=plankaart,
            gemeente=gemeente,
            kenmerk=oordeel.ocpi_id,
            omschrijving=omschrijving[:200],
            lat=lat,
            lon=lon,
            laadpunten=max(1, len(evses)),
            bron=Locatie.Bron.BESTAAND,
            status=Locatie.Status.GEREALISEERD,
        )
        locatie.save()
        historie.registreer(
            locatie, "importeren", "", locatie.status, door, gegevens={"ocpi_id": oordeel.ocpi_id}
        )
        oordeel.locatie_id = locatie.pk
    for evse in evses:
        laadpunt, _nieuw = Laadpunt.objects.update_or_create(
            cpo=cpo,
            uid=str(evse["uid"])[:36],
            defaults={
                "locatie_id": oordeel.locatie_id,
                "ocpi_locatie_id": oordeel.ocpi_id,
                "evse_id": str(evse.get("evse_id") or "")[:48],
                "status": evse.get("status") if evse.get("status") in Laadpunt.Status.values else "UNKNOWN",
                "laatst_bijgewerkt": _datum(evse.get("last_updated")),
            },
        )
        for connector in evse.get("connectors") or []:
            if not isinstance(connector, dict) or not connector.get("id"):
                continue
            Connector.objects.update_or_create(
                laadpunt=laadpunt,
                connector_id=str(connector["id"])[:36],
                defaults={
                    "standard": str(connector.get("standard") or "")[:30],
                    "format": str(connector.get("format") or "")[:10],
                    "power_type": str(connector.get("power_type") or "")[:20],
                    "max_electric_power": connector.get("max_electric_power")
                    if isinstance(connector.get("max_electric_power"), int)
                    else None,
                },
            )


def _datum(waarde) -> dt.datetime | None:
    try:
        tijd = dt.datetime.fromisoformat(str(waarde).replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return None
    return tijd if tijd.tzinfo else tijd.replace(tzinfo=dt.UTC)


# The CDR pull.


class Ophaalfout(Exception):
    pass


def _volgende(link: str | None) -> str:
    """The rel="next" address of a Link header, if any."""
    for deel in (link or "").split(","):
        gevonden = re.match(r"\s*<([^>]+)>\s*;(.*)", deel)
        if gevonden and re.search(r'rel="?next"?', gevonden.group(2)):
            return gevonden.group(1)
    return ""


def _vraag(url: str, token: str) -> tuple[list, str]:
    """One page: its CDRs and the next page's address. Retries with backoff; raises Ophaalfout at last."""
    kop = {
        "Authorization": "Token " + base64.b64encode(token.encode()).decode(),
        "Accept": "application/json",
        "X-Request-ID": str(uuid.uuid4()),
        "X-Correlation-ID": str(uuid.uuid4()),
    }
    wacht = WACHTTIJD_S
    for poging in range(1, POGINGEN + 1):
        try:
            with urllib.request.urlopen(
                urllib.request.Request(url, headers=kop), timeout=TIMEOUT_S
            ) as antwoord:
                inhoud = json.loads(antwoord.read().decode("utf-8"))
                if not isinstance(inhoud, dict) or inhoud.get("status_code", 1000) // 1000 != 1:
                    raise Ophaalfout(
                        f"OCPI status {inhoud.get('status_code') if isinstance(inhoud, dict) else '?'}"
                    )
                data = inhoud.get("data") or []
                return (data if isinstance(data, list) else [data]), _volgende(antwoord.headers.get("Link"))
        except (urllib.error.URLError, TimeoutError, ValueError, Ophaalfout, ConnectionError) as fout:
            if isinstance(fout, urllib.error.HTTPError) and fout.code in (401, 403, 404):
                raise Ophaalfout(f"HTTP {fout.code} bij {url}") from fout
            log.warning("OCPI-pagina %s mislukt (poging %d): %s", url, poging, fout)
            if poging == POGINGEN:
                raise Ophaalfout(str(fout)) from fout
            time.sleep(wacht)
            wacht *= 2
    raise Ophaalfout(url)


def _eerste_url(koppeling: Ocpikoppeling) -> str:
    if not koppeling.opgehaald_tot:
        return koppeling.cdrs_url
    scheiding = "&" if "?" in koppeling.cdrs_url else "?"
    vanaf = koppeling.opgehaald_tot.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{koppeling.cdrs_url}{scheiding}{urllib.parse.urlencode({'date_from': vanaf})}"


def haal_op(koppeling_id: int) -> dict:
    """Pull one CPO's CDRs since the last pull. Returns counts; a failure is stored on the koppeling and the
    next run resumes at the page that failed."""
    koppeling = Ocpikoppeling.objects.select_related("cpo").get(pk=koppeling_id)
    url = koppeling.hervat_url or _eerste_url(koppeling)
    totaal = cdrs.Rapport()
    nieuwste = koppeling.opgehaald_tot
    Ocpikoppeling.objects.filter(pk=koppeling.pk).update(laatste_poging=klok.nu())
    for _pagina in range(MAX_PAGINAS):
        try:
            data, volgende = _vraag(url, koppeling.token)
        except Ophaalfout as fout:
            Ocpikoppeling.objects.filter(pk=koppeling.pk).update(
                hervat_url=url, laatste_fout=str(fout)[:2000]
            )
            return {**totaal.als_dict(), "fout": str(fout), "fouten": []}
        rapport = cdrs.importeer(koppeling.cpo, data)
        for sleutel in ("ontvangen", "nieuw", "dubbel", "creditering", "geannuleerd", "zonder_laadpunt"):
            setattr(totaal, sleutel, getattr(totaal, sleutel) + getattr(rapport, sleutel))
        totaal.aantal_fouten += rapport.aantal_fouten
        for obj in data:
            bijgewerkt = _datum(obj.get("last_updated")) if isinstance(obj, dict) else None
            if bijgewerkt and (nieuwste is None or bijgewerkt > nieuwste):
                nieuwste = bijgewerkt
        # This page is in: from now on a restart begins at the next one.
        Ocpikoppeling.objects.filter(pk=koppeling.pk).update(hervat_url=volgende, laatste_fout="")
        if not volgende:
            break
        url = volgende
    else:
        # Page limit of one run reached: the next run resumes at the stored next page; date_from stays.
        return {**totaal.als_dict(), "fouten": [], "fout": "maximum aantal pagina's per keer bereikt"}
    Ocpikoppeling.objects.filter(pk=koppeling.pk).update(opgehaald_tot=nieuwste, hervat_url="")
    return {**totaal.als_dict(), "fouten": []}


def haal_alles_op() -> dict:
    uitkomst = {}
    for pk, naam in Ocpikoppeling.objects.filter(actief=True).values_list("pk", "cpo__naam"):
        try:
            uitkomst[naam] = haal_op(pk)
        except Exception as fout:  # one CPO's broken endpoint must not stop the others
            log.exception("OCPI-pull voor %s mislukt", naam)
            uitkomst[naam] = {"fout": str(fout)}
    return uitkomst
