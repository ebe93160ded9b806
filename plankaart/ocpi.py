"""OCPI 2.2.1 Locations out: the portal's planned and realised charging points (DESIGN.md 6).

`GET /ocpi/2.2.1/locations` (Sender interface) and `GET /ocpi/2.2.1/locations/{location_id}`, so a CPO, the
national data point or a navigation app can read where charging points are and will be.

- The portal publishes as one OCPI party of its own (settings.OCPI_LANDCODE / OCPI_PARTIJ_ID): it is not the
  CPO, but it knows the CPO that holds the concessie for the spot and names it as `operator`.
- Planned points (approved, in procedure, definitive, in realisation) are Locations whose EVSEs have status
  `PLANNED`. Realised points (delivered or realised) carry the EVSEs the CPO reported (plankaart.Laadpunt, from
  its OCPI import) when there are any; otherwise one EVSE per charging point of the location with status
  `UNKNOWN` and a derived connector (Type 2 socket, AC three phase, 11 kW: the usual public pole here).
  Candidates and spots proposed for a request are not published: they are not planned yet and may lie at
  someone's door. Nothing personal is in a Location.
- A location that lapsed (vervallen) after it had been published (its history holds a step out of a published
  state: taken out of the verkeersbesluit after an upheld objection, or given up because the grid cannot take
  it) stays in the feed with every EVSE at status `REMOVED` (mod_locations @2.2.1: "There is no way to entirely
  delete Locations, EVSEs and Connectors"; to delete an EVSE its status is set to `REMOVED`). Its
  `last_updated` is the moment it lapsed, so a client polling with `date_from` hears of the removal instead of
  keeping a point that silently left the feed. A location that lapsed before it was ever published stays out.
- Transport (transport_and_format @2.2.1): `Authorization: Token <base64 of the token>` (the raw token is
  accepted too, as 2.1.1 clients send it); the response envelope `data`, `status_code`, `status_message`,
  `timestamp`; paging with `offset`/`limit` and the headers `X-Total-Count`, `X-Limit` and
  `Link: <…>; rel="next"`; `date_from` (inclusive) and `date_to` (exclusive) on `last_updated`.
- The token is the portal's API token (`python manage.py api_token <email>`) of any organisation's account or
  system link; E-rijders have no business here (403).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import math
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, Max, OuterRef, Q
from django.db.models.functions import Coalesce, Greatest
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET
from rest_framework.authtoken.models import Token

from plankaart.modellen_verbruik import Laadpunt
from plankaart.models import Locatie
from portal import klok
from portal.models import StatusWijziging
from portal.selectors import cpo_van

S = Locatie.Status
GEPLAND = (S.GOEDGEKEURD, S.IN_PROCEDURE, S.DEFINITIEF, S.IN_REALISATIE)
GEREALISEERD = (S.OPGELEVERD, S.GEREALISEERD)
GEPUBLICEERD = GEPLAND + GEREALISEERD

STANDAARD_LIMIET = 100
MAXIMALE_LIMIET = 1000

# OCPI status codes (transport_and_format @2.2.1).
SUCCES = 1000
CLIENTFOUT = 2000
ONGELDIGE_PARAMETERS = 2001
ONBEKENDE_LOCATIE = 2003

# The usual public pole: AC three phase, Type 2 socket, 16 A per phase at 230 V (line to neutral) = 11 kW.
AFGELEIDE_CONNECTOR = {
    "standard": "IEC_62196_T2",
    "format": "SOCKET",
    "power_type": "AC_3_PHASE",
    "max_voltage": 230,
    "max_amperage": 16,
    "max_electric_power": 11000,
}
FASEN = {"AC_1_PHASE": 1, "AC_2_PHASE": 2, "AC_2_PHASE_SPLIT": 2, "AC_3_PHASE": 3, "DC": 1}


def landcode() -> str:
    return getattr(settings, "OCPI_LANDCODE", "NL")


def partij_id() -> str:
    return getattr(settings, "OCPI_PARTIJ_ID", "LPP")


def tijdstip(moment: dt.datetime) -> str:
    """RFC 3339 in UTC with Z, as OCPI's DateTime."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def breedtegraad(lat: float) -> str:
    return f"{lat:.6f}"


def lengtegraad(lon: float) -> str:
    return f"{lon:.6f}"


def plaats(gemeentenaam: str) -> str:
    # The Location's city is a place, not the organisation: "Gemeente Apeldoorn" → "Apeldoorn".
    return gemeentenaam.removeprefix("Gemeente ").strip()[:45]


def _envelop(data, status: int = 200, code: int = SUCCES, melding: str = "Success") -> JsonResponse:
    return JsonResponse(
        {"data": data, "status_code": code, "status_message": melding, "timestamp": tijdstip(klok.nu())},
        status=status,
        safe=False,
    )


def _token_uit(kop: str) -> str | None:
    soort, _, waarde = kop.partition(" ")
    if soort.lower() != "token" or not waarde.strip():
        return None
    return waarde.strip()


def _gebruiker(request):
    """The token's user: the base64 form of OCPI 2.2.x first, then the raw token (2.1.1 clients)."""
    waarde = _token_uit(request.headers.get("Authorization", ""))
    if waarde is None:
        return None
    kandidaten = []
    with contextlib.suppress(binascii.Error, UnicodeDecodeError, ValueError):
        kandidaten.append(base64.b64decode(waarde, validate=True).decode("utf-8"))
    kandidaten.append(waarde)
    token = Token.objects.select_related("user").filter(key__in=kandidaten).first()
    if token is None or not token.user.is_active:
        return None
    return token.user


def mag_lezen(gebruiker) -> bool:
    """Accounts of an organisation (staff or a system link) and administrators; not E-rijders."""
    return gebruiker.is_superuser or gebruiker.organisatie_id is not None


def _authenticeer(request):
    gebruiker = _gebruiker(request)
    if gebruiker is None:
        antwoord = _envelop(None, 401, CLIENTFOUT, "Ontbrekend of ongeldig token (Authorization: Token ...).")
        antwoord["WWW-Authenticate"] = "Token"
        return None, antwoord
    if not mag_lezen(gebruiker):
        return None, _envelop(None, 403, CLIENTFOUT, "Dit token hoort niet bij een organisatie.")
    return gebruiker, None


def eens_gepubliceerd():
    """Whether a location's history holds a step out of a published state (so the feed once carried it)."""
    return Exists(
        StatusWijziging.objects.filter(
            content_type=ContentType.objects.get_for_model(Locatie),
            object_id=OuterRef("pk"),
            van__in=GEPUBLICEERD,
        )
    )


def locaties():
    """The published locations, and the lapsed ones that were published before (sent as REMOVED), with their
    `laatst` (last_updated: the location or one of its EVSEs)."""
    return (
        Locatie.objects.filter(Q(status__in=GEPUBLICEERD) | Q(eens_gepubliceerd(), status=S.VERVALLEN))
        .select_related("gemeente")
        .annotate(
            laatst=Greatest(F("gewijzigd_op"), Coalesce(Max("evses__laatst_bijgewerkt"), F("gewijzigd_op")))
        )
    )


def _connector(c, laatst: str) -> dict:
    vermogen = c.max_electric_power
    fasen = FASEN.get(c.power_type, 3)
    spanning = 400 if c.power_type == "DC" else 230
    stroom = math.ceil(vermogen / (spanning * fasen)) if vermogen else AFGELEIDE_CONNECTOR["max_amperage"]
    obj = {
        "id": c.connector_id,
        "standard": c.standard,
        "format": c.format or "SOCKET",
        "power_type": c.power_type,
        "max_voltage": spanning,
        "max_amperage": stroom,
        "last_updated": laatst,
    }
    if vermogen:
        obj["max_electric_power"] = vermogen
    return obj


def _afgeleide_evses(locatie, status: str, laatst: str) -> list[dict]:
    return [
        {
            "uid": f"{locatie.pk}-{n}",
            "status": status,
            "connectors": [{"id": "1", **AFGELEIDE_CONNECTOR, "last_updated": laatst}],
            "last_updated": laatst,
        }
        for n in range(1, max(locatie.laadpunten, 1) + 1)
    ]


def _verwijderde_evses(locatie, gemeld: list[Laadpunt], laatst: str) -> list[dict]:
    """A lapsed location: the EVSEs the feed carried (the CPO's, else the derived ones), all REMOVED and all
    updated at the moment the location lapsed."""
    if not gemeld:
        return _afgeleide_evses(locatie, "REMOVED", laatst)
    evses = []
    for laadpunt in gemeld:
        connectors = [_connector(c, laatst) for c in laadpunt.connectors.all()]
        evse = {
            "uid": laadpunt.uid,
            "status": "REMOVED",
            "connectors": connectors or [{"id": "1", **AFGELEIDE_CONNECTOR, "last_updated": laatst}],
            "last_updated": laatst,
        }
        if laadpunt.evse_id:
            evse["evse_id"] = laadpunt.evse_id
        evses.append(evse)
    return evses


def _evses(locatie, gemeld: list[Laadpunt], laatst: str) -> list[dict]:
    if locatie.status == S.VERVALLEN:
        return _verwijderde_evses(locatie, gemeld, laatst)
    if locatie.status in GEPLAND:
        return _afgeleide_evses(locatie, "PLANNED", laatst)
    evses = []
    for laadpunt in gemeld:
        moment = tijdstip(laadpunt.laatst_bijgewerkt) if laadpunt.laatst_bijgewerkt else laatst
        connectors = [_connector(c, moment) for c in laadpunt.connectors.all()]
        if not connectors:  # OCPI: at least one connector; the CPO reported none, so say what is usual
            connectors = [{"id": "1", **AFGELEIDE_CONNECTOR, "last_updated": moment}]
        evse = {
            "uid": laadpunt.uid,
            "status": laadpunt.status,
            "connectors": connectors,
            "last_updated": moment,
        }
        if laadpunt.evse_id:
            evse["evse_id"] = laadpunt.evse_id
        evses.append(evse)
    return evses or _afgeleide_evses(locatie, "UNKNOWN", laatst)


def als_ocpi(locatie, gemeld: list[Laadpunt], operator: str | None) -> dict:
    """One OCPI 2.2.1 Location object with every required field."""
    laatst = tijdstip(locatie.laatst)
    obj = {
        "country_code": landcode(),
        "party_id": partij_id(),
        "id": str(locatie.pk),
        "publish": True,
        "name": locatie.omschrijving[:255],
        "address": locatie.omschrijving[:45],
        "city": plaats(locatie.gemeente.naam),
        "country": "NLD",
        "coordinates": {"latitude": breedtegraad(locatie.lat), "longitude": lengtegraad(locatie.lon)},
        "parking_type": "ON_STREET",
        "evses": _evses(locatie, gemeld, laatst),
        "time_zone": "Europe/Amsterdam",
        "last_updated": laatst,
    }
    if operator:
        obj["operator"] = {"name": operator}
    return obj


def _objecten(rijen: list) -> list[dict]:
    gemeld: dict[int, list[Laadpunt]] = {}
    gerealiseerd = [r.pk for r in rijen if r.status in GEREALISEERD or r.status == S.VERVALLEN]
    for laadpunt in Laadpunt.objects.filter(locatie_id__in=gerealiseerd).prefetch_related("connectors"):
        gemeld.setdefault(laadpunt.locatie_id, []).append(laadpunt)
    operators: dict[int, str | None] = {}
    for r in rijen:
        if r.gemeente_id not in operators:
            cpo = cpo_van(r.gemeente)
            operators[r.gemeente_id] = cpo.naam if cpo else None
    return [als_ocpi(r, gemeld.get(r.pk, []), operators[r.gemeente_id]) for r in rijen]


def _moment(waarde: str | None):
    if not waarde:
        return None
    moment = parse_datetime(waarde)
    if moment is None:
        raise ValueError
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=dt.UTC)


def _getal(waarde: str | None, standaard: int) -> int:
    if waarde in (None, ""):
        return standaard
    getal = int(waarde)
    if getal < 0:
        raise ValueError
    return getal


@require_GET
def lijst(request):
    _, fout = _authenticeer(request)
    if fout:
        return fout
    velden = {}
    try:
        velden["date_from"] = _moment(request.GET.get("date_from"))
        velden["date_to"] = _moment(request.GET.get("date_to"))
        velden["offset"] = _getal(request.GET.get("offset"), 0)
        velden["limit"] = _getal(request.GET.get("limit"), STANDAARD_LIMIET)
    except ValueError:
        veld = next(v for v in ("date_from", "date_to", "offset", "limit") if v not in velden)
        return _envelop(None, 400, ONGELDIGE_PARAMETERS, f"Ongeldige waarde voor {veld}.")
    limiet = min(velden["limit"], MAXIMALE_LIMIET)
    offset = velden["offset"]
    rijen = locaties()
    if velden["date_from"]:
        rijen = rijen.filter(laatst__gte=velden["date_from"])
    if velden["date_to"]:
        rijen = rijen.filter(laatst__lt=velden["date_to"])
    totaal = rijen.count()
    pagina = list(rijen.order_by("pk")[offset : offset + limiet]) if limiet else []
    antwoord = _envelop(_objecten(pagina))
    antwoord["X-Total-Count"] = str(totaal)
    antwoord["X-Limit"] = str(limiet)
    if limiet and offset + limiet < totaal:
        vragen = {k: v for k, v in request.GET.items() if k in ("date_from", "date_to")}
        vragen.update(offset=offset + limiet, limit=limiet)
        antwoord["Link"] = f'<{request.build_absolute_uri(request.path)}?{urlencode(vragen)}>; rel="next"'
    return antwoord


@require_GET
def locatie(request, location_id: str):
    _, fout = _authenticeer(request)
    if fout:
        return fout
    rij = locaties().filter(Q(pk=int(location_id)) if location_id.isdigit() else Q(pk__in=[])).first()
    if rij is None:
        return _envelop(None, 404, ONBEKENDE_LOCATIE, "Onbekende locatie.")
    return _envelop(_objecten([rij])[0])


urlpatterns = [
    path("locations", lijst, name="ocpi-locations"),
    path("locations/<str:location_id>", locatie, name="ocpi-location"),
]
