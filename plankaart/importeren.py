"""Reading a plankaart file and checking it row by row before anything changes.

Accepts GeoJSON (a FeatureCollection of points) and CSV (comma, semicolon or tab; decimal commas with
semicolons), in WGS84 (EPSG:4326) or RD New (EPSG:28992), named or recognised from the numbers: plankaart
candidates and plans only. Existing charging points come in as OCPI 2.2.1 Locations (plankaart.services.ocpi);
a file that looks like that is refused here with a message that points to that import. Every row gets a
verdict: add, change, unchanged or refuse, with the reason in Dutch. Applying is plankaart.services' business;
this module only reads and judges.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from plankaart.models import Locatie, Plankaartimport
from portal import csvexport, geo

DUBBEL_M = 5.0  # two spots closer than this are the same spot, in an import and for a new proposal
MAX_RIJEN = 200_000

NAMEN = {
    "kenmerk": ("kenmerk", "id", "locatie_id", "code", "nummer"),
    "omschrijving": ("omschrijving", "naam", "name", "adres", "address", "locatie", "straat"),
    "parkeerplaatsen": ("parkeerplaatsen", "aantal_parkeerplaatsen", "parking_spaces"),
    "laadpunten": ("laadpunten", "aantal_laadpunten", "charging_points"),
    "proactief": ("proactief",),
    "proactief_jaar": ("proactief_jaar", "jaar"),
}
X_NAMEN, Y_NAMEN = ("x", "lon", "lng", "longitude", "lengtegraad"), ("y", "lat", "latitude", "breedtegraad")
# A point FeatureCollection nests five deep; anything much deeper is not a plankaart, and json.loads would
# recurse once per level.
MAX_DIEPTE = 32
JA = {"ja", "j", "yes", "true", "waar", "1", "x"}
NEE = {"nee", "n", "no", "false", "onwaar", "0", ""}


class Bestandsfout(ValueError):
    """The file as a whole cannot be read; the message says why, in Dutch."""


def ocpi_melding() -> str:
    return _(
        "Dit lijkt een OCPI-bestand met Locations (bestaande laadpunten met hun EVSE's). Deze import is alleen "
        "voor plankaartlocaties (kandidaten en plannen). Importeer bestaande laadpunten via “OCPI-locaties "
        "importeren” bij de plankaart van de gemeente."
    )


def lijkt_ocpi_locaties(data) -> bool:
    """An OCPI Locations file: a list of Location objects, the OCPI envelope ({"data": [...]}), or the old
    'OCPI-style' GeoJSON (features with OCPI coordinates or evses in their properties instead of a point)."""
    if isinstance(data, dict) and "data" in data and "features" not in data:
        data = data["data"]
    if isinstance(data, list):
        return any(isinstance(d, dict) and ("coordinates" in d or "evses" in d) for d in data[:10])
    if isinstance(data, dict) and isinstance(data.get("features"), list):
        eigenschappen = [
            f.get("properties") for f in data["features"][:10] if isinstance(f, dict) and not f.get("geometry")
        ]
        return any(
            isinstance(e, dict) and (isinstance(e.get("coordinates"), dict) or isinstance(e.get("evses"), list))
            for e in eigenschappen
        )
    return False


def lijkt_ocpi_tekst(begin: str) -> bool:
    """The same question from a file's first characters only (the upload form asks before storing it)."""
    kern = begin.lstrip("\ufeff \t\r\n")
    if kern.startswith("["):
        return '"latitude"' in begin or '"evses"' in begin
    if kern.startswith("{") and '"FeatureCollection"' not in begin and '"Feature"' not in begin:
        return '"data"' in begin and ('"latitude"' in begin or '"evses"' in begin)
    return False


@dataclass
class Rij:
    regel: int
    kenmerk: str = ""
    omschrijving: str = ""
    lat: float | None = None
    lon: float | None = None
    parkeerplaatsen: int = 2
    laadpunten: int = 2
    proactief: bool = False
    proactief_jaar: int | None = None
    fouten: list[str] = field(default_factory=list)


@dataclass
class Oordeel:
    regel: int
    actie: str  # toevoegen, wijzigen, ongewijzigd, weigeren
    reden: str
    rij: Rij
    locatie_id: int | None = None

    def als_rapport(self) -> dict:
        return {
            "regel": self.regel,
            "actie": self.actie,
            "reden": self.reden,
            "kenmerk": self.rij.kenmerk,
            "omschrijving": self.rij.omschrijving,
        }


# Reading


def max_bytes() -> int:
    return settings.PLANKAART_IMPORT_MAX_BYTES


def controleer_grootte(grootte: int) -> None:
    """Refuse a file over the configured size before anything reads it into memory."""
    if grootte > max_bytes():
        raise Bestandsfout(
            _("Het bestand is %(grootte)s; importeer hoogstens %(max)s per keer. Splits het in delen.")
            % {"grootte": filesizeformat(grootte), "max": filesizeformat(max_bytes())}
        )


# Strings are skipped whole (escapes included), so brackets inside a description do not count.
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def controleer_diepte(tekst: str, maximum: int = MAX_DIEPTE) -> None:
    """Refuse JSON nested deeper than `maximum` without parsing it: a loop over the brackets, no recursion,
    so a file of 100,000 opening brackets costs a scan, not a RecursionError in the worker."""
    diepte = 0
    for token in _JSON_TOKEN.finditer(tekst):
        teken = token.group()
        if teken in "[{":
            diepte += 1
            if diepte > maximum:
                raise Bestandsfout(
                    _(
                        "Dit is geen bruikbare GeoJSON: de gegevens zijn meer dan %(max)d niveaus diep genest "
                        "(bij teken %(positie)d)."
                    )
                    % {"max": maximum, "positie": token.start() + 1}
                )
        elif teken in "]}":
            diepte -= 1


def lees(inhoud: bytes, naam: str, stelsel: str) -> list[Rij]:
    controleer_grootte(len(inhoud))
    try:
        tekst = inhoud.decode("utf-8-sig")
    except UnicodeDecodeError:
        tekst = inhoud.decode("latin-1")
    if naam.lower().endswith((".geojson", ".json")) or tekst.lstrip().startswith(("{", "[")):
        return lees_geojson(tekst, stelsel)
    return lees_csv(tekst, stelsel)


def _geen_object(wat: str, regel: int | None = None) -> Bestandsfout:
    if regel is None:
        return Bestandsfout(
            _("Dit is geen geldige GeoJSON: %(wat)s moet een object ({…}) zijn.") % {"wat": wat}
        )
    return Bestandsfout(
        _("Dit is geen geldige GeoJSON: %(wat)s van feature %(regel)d moet een object ({…}) zijn.")
        % {"wat": wat, "regel": regel}
    )


def lees_geojson(tekst: str, stelsel: str) -> list[Rij]:
    controleer_diepte(tekst)
    try:
        data = json.loads(tekst)
    except json.JSONDecodeError as fout:
        raise Bestandsfout(
            _("Dit is geen geldige GeoJSON (regel %(regel)d: %(fout)s).")
            % {"regel": fout.lineno, "fout": fout.msg}
        ) from fout
    except (ValueError, RecursionError) as fout:  # e.g. an integer of more than 4300 digits
        raise Bestandsfout(_("Dit is geen geldige GeoJSON: %(fout)s.") % {"fout": fout}) from fout
    if lijkt_ocpi_locaties(data):
        raise Bestandsfout(ocpi_melding())
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = {"type": "FeatureCollection", "features": [data]}
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise Bestandsfout(_("Verwacht een GeoJSON FeatureCollection met punten."))
    crs = json.dumps(data.get("crs") or {})
    if "28992" in crs:
        stelsel = Plankaartimport.Stelsel.RD
    elif "4326" in crs or "CRS84" in crs:
        stelsel = Plankaartimport.Stelsel.WGS84
    features = data.get("features") or []
    if not isinstance(features, list):
        raise Bestandsfout(
            _("Dit is geen geldige GeoJSON: features moet een lijst ([…]) van features zijn, niet %(soort)s.")
            % {"soort": _json_soort(features)}
        )
    _controleer_aantal(len(features))
    rijen = []
    for regel, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            raise Bestandsfout(
                _(
                    "Dit is geen geldige GeoJSON: feature %(regel)d is %(soort)s in plaats van een object ({…})."
                )
                % {"regel": regel, "soort": _json_soort(feature)}
            )
        eigenschappen = feature.get("properties") or {}
        if not isinstance(eigenschappen, dict):
            raise _geen_object("properties", regel)
        geometrie = feature.get("geometry") or {}
        if not isinstance(geometrie, dict):
            raise _geen_object("geometry", regel)
        rij = _uit_eigenschappen(regel, {str(k).lower(): v for k, v in eigenschappen.items()})
        coordinaten = geometrie.get("coordinates")
        if geometrie.get("type") == "Point" and isinstance(coordinaten, list) and len(coordinaten) >= 2:
            _zet_punt(rij, coordinaten[0], coordinaten[1], stelsel)
        else:
            rij.fouten.append(_("geen punt (geometry van type Point)"))
        rijen.append(rij)
    if not any(rij.lat is not None for rij in rijen):
        raise Bestandsfout(
            _(
                "Geen enkele feature heeft een bruikbaar punt: elke feature heeft een geometry van type Point "
                "met twee getallen als coordinates nodig. Eerste fout, feature 1: %(fout)s."
            )
            % {"fout": "; ".join(rijen[0].fouten) or _("geen punt")}
        )
    return rijen


def _json_soort(waarde) -> str:
    if isinstance(waarde, str):
        return _("een tekst")
    if isinstance(waarde, dict):
        return _("een object")
    if isinstance(waarde, list):
        return _("een lijst")
    if waarde is None:
        return "null"
    return _("een getal")


def lees_csv(tekst: str, stelsel: str) -> list[Rij]:
    monster = tekst[:4096]
    try:
        dialect = csv.Sniffer().sniff(monster, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    lezer = csv.DictReader(io.StringIO(tekst), dialect=dialect)
    if not lezer.fieldnames:
        raise Bestandsfout(_("Het bestand is leeg."))
    kolommen = {naam.strip().lower(): naam for naam in lezer.fieldnames if naam}
    x_kolom = next((kolommen[n] for n in X_NAMEN if n in kolommen), None)
    y_kolom = next((kolommen[n] for n in Y_NAMEN if n in kolommen), None)
    if not x_kolom or not y_kolom:
        raise Bestandsfout(
            _("Geen kolommen voor de coördinaten gevonden. Gebruik x en y (RD) of lon en lat (WGS84).")
        )
    komma_decimaal = dialect.delimiter == ";"
    try:
        rijen = list(lezer)
    except csv.Error as fout:  # a field over csv.field_size_limit(), a NUL byte, an unclosed quote
        raise Bestandsfout(
            _("Dit is geen leesbaar CSV-bestand (regel %(regel)d: %(fout)s).")
            % {"regel": lezer.line_num, "fout": fout}
        ) from fout
    _controleer_aantal(len(rijen))
    uitkomst = []
    for regel, ruw in enumerate(rijen, start=2):  # line 1 is the header
        waarden = {
            k.strip().lower(): csvexport.herstel(v or "").strip()
            for k, v in ruw.items()
            if k and isinstance(v, str | None)
        }
        rij = _uit_eigenschappen(regel, waarden)
        x, y = csvexport.herstel(ruw.get(x_kolom) or ""), csvexport.herstel(ruw.get(y_kolom) or "")
        if komma_decimaal:
            x, y = x.replace(",", "."), y.replace(",", ".")
        _zet_punt(rij, x, y, stelsel)
        uitkomst.append(rij)
    if not any(rij.lat is not None for rij in uitkomst):
        raise Bestandsfout(
            _("Geen enkele regel heeft bruikbare coördinaten. Eerste fout, regel 2: %(fout)s.")
            % {"fout": "; ".join(uitkomst[0].fouten)}
        )
    return uitkomst


def _controleer_aantal(aantal: int) -> None:
    if aantal == 0:
        raise Bestandsfout(_("Het bestand bevat geen locaties."))
    if aantal > MAX_RIJEN:
        raise Bestandsfout(
            _("Het bestand bevat %(n)d locaties; importeer hoogstens %(max)d per keer.")
            % {"n": aantal, "max": MAX_RIJEN}
        )


def _eerste(waarden: dict, veld: str):
    return next((waarden[n] for n in NAMEN[veld] if waarden.get(n) not in (None, "")), None)


def _uit_eigenschappen(regel: int, waarden: dict) -> Rij:
    rij = Rij(regel=regel)
    rij.kenmerk = str(_eerste(waarden, "kenmerk") or "").strip()[:100]
    omschrijving = _eerste(waarden, "omschrijving")
    rij.omschrijving = str(omschrijving or "").strip()[:200]
    if not rij.omschrijving:
        rij.fouten.append(_("omschrijving ontbreekt"))
    for veld in ("parkeerplaatsen", "laadpunten"):
        waarde = _eerste(waarden, veld)
        if waarde is None:
            continue
        try:
            getal = int(str(waarde))
        except ValueError:
            rij.fouten.append(
                _("%(veld)s is geen geheel getal (%(waarde)s)") % {"veld": veld, "waarde": waarde}
            )
            continue
        if not 1 <= getal <= 50:
            rij.fouten.append(_("%(veld)s moet tussen 1 en 50 liggen") % {"veld": veld})
            continue
        setattr(rij, veld, getal)
    proactief = _eerste(waarden, "proactief")
    if proactief is not None:
        tekst = str(proactief).strip().lower()
        if tekst not in JA | NEE:
            rij.fouten.append(_("proactief moet ja of nee zijn"))
        rij.proactief = tekst in JA
    jaar = _eerste(waarden, "proactief_jaar")
    if jaar is not None:
        try:
            rij.proactief_jaar = int(str(jaar))
        except ValueError:
            rij.fouten.append(_("proactief_jaar is geen jaartal"))
        else:
            if not 2000 <= rij.proactief_jaar <= 2100:  # also keeps it inside the database column
                rij.fouten.append(_("proactief_jaar is geen jaartal"))
                rij.proactief_jaar = None
    return rij


def _zet_punt(rij: Rij, x, y, stelsel: str) -> None:
    try:
        x, y = float(x), float(y)
    except (TypeError, ValueError):
        rij.fouten.append(_("coördinaten ontbreken of zijn geen getallen"))
        return
    if not (math.isfinite(x) and math.isfinite(y)):
        rij.fouten.append(_("coördinaten zijn geen getallen"))
        return
    rd = stelsel == Plankaartimport.Stelsel.RD or (
        stelsel == Plankaartimport.Stelsel.AUTOMATISCH and (abs(x) > 180 or abs(y) > 90)
    )
    rij.lat, rij.lon = geo.naar_wgs84(x, y) if rd else (y, x)


# Judging


def _cel(x: float, y: float) -> tuple[int, int]:
    return int(x // DUBBEL_M), int(y // DUBBEL_M)


class _Raster:
    """Points in 5 m cells, so 'is anything within 5 m' looks at nine cells instead of every point."""

    def __init__(self):
        self.cellen: dict[tuple[int, int], list] = defaultdict(list)

    def voeg_toe(self, x: float, y: float, wat) -> None:
        self.cellen[_cel(x, y)].append((x, y, wat))

    def binnen(self, x: float, y: float, afstand: float = DUBBEL_M):
        cx, cy = _cel(x, y)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for px, py, wat in self.cellen.get((cx + dx, cy + dy), ()):
                    if math.hypot(px - x, py - y) <= afstand:
                        yield wat


def beoordeel(rijen: list[Rij], gemeente, voortgang: Callable[[float], None] = lambda _: None) -> list[Oordeel]:
    """A verdict per row against the gemeente's locations now, and against the rows above it. Rows are
    plankaart candidates: a known kenmerk can only be changed while its location is still a candidate."""
    doelstatus = Locatie.Status.KANDIDAAT
    bestaand = list(
        Locatie.objects.filter(gemeente=gemeente)
        .exclude(status=Locatie.Status.VERVALLEN)
        .values(
            "pk",
            "kenmerk",
            "omschrijving",
            "status",
            "rd_x",
            "rd_y",
            "lat",
            "lon",
            "parkeerplaatsen",
            "laadpunten",
            "proactief",
            "proactief_jaar",
        )
    )
    per_kenmerk = {b["kenmerk"]: b for b in bestaand if b["kenmerk"]}
    raster_bestaand, raster_bestand = _Raster(), _Raster()
    for b in bestaand:
        raster_bestaand.voeg_toe(b["rd_x"], b["rd_y"], b)
    kenmerken_gezien: dict[str, int] = {}
    oordelen = []
    for i, rij in enumerate(rijen):
        oordelen.append(
            _oordeel(
                rij, gemeente, doelstatus, per_kenmerk, raster_bestaand, raster_bestand, kenmerken_gezien
            )
        )
        if i % 500 == 0:
            voortgang(i / len(rijen))
    voortgang(1.0)
    return oordelen


def _oordeel(
    rij, gemeente, doelstatus, per_kenmerk, raster_bestaand, raster_bestand, kenmerken_gezien
) -> Oordeel:
    def weiger(reden):
        return Oordeel(rij.regel, "weigeren", reden, rij)

    if rij.fouten:
        return weiger(_("Ontbrekend of ongeldig: %(fouten)s.") % {"fouten": "; ".join(rij.fouten)})
    if not geo.in_nederland(rij.lat, rij.lon):
        return weiger(_("Ligt buiten Nederland (%(lat).5f, %(lon).5f).") % {"lat": rij.lat, "lon": rij.lon})
    if not gemeente.bevat(rij.lat, rij.lon):
        return weiger(_("Ligt buiten %(gemeente)s.") % {"gemeente": gemeente.naam})
    x, y = geo.naar_rd(rij.lat, rij.lon)
    if rij.kenmerk and rij.kenmerk in kenmerken_gezien:
        return weiger(
            _("Kenmerk %(kenmerk)s staat ook op regel %(regel)d.")
            % {"kenmerk": rij.kenmerk, "regel": kenmerken_gezien[rij.kenmerk]}
        )
    eigen = per_kenmerk.get(rij.kenmerk) if rij.kenmerk else None
    for ander in raster_bestand.binnen(x, y):
        return weiger(_("Binnen 5 meter van regel %(regel)d in dit bestand.") % {"regel": ander.regel})
    for buur in raster_bestaand.binnen(x, y):
        if eigen is None or buur["pk"] != eigen["pk"]:
            return weiger(
                _("Binnen 5 meter van bestaande locatie “%(omschrijving)s”.")
                % {"omschrijving": buur["omschrijving"]}
            )
    if rij.kenmerk:
        kenmerken_gezien[rij.kenmerk] = rij.regel
    raster_bestand.voeg_toe(x, y, rij)
    if eigen is None:
        return Oordeel(rij.regel, "toevoegen", "", rij)
    if eigen["status"] != doelstatus:
        return weiger(
            _("Locatie %(kenmerk)s is al %(status)s; via een import wijzigen kan alleen als zij %(doel)s is.")
            % {
                "kenmerk": rij.kenmerk,
                "status": Locatie.Status(eigen["status"]).label.lower(),
                "doel": Locatie.Status(doelstatus).label.lower(),
            }
        )
    wijzigingen = _wijzigingen(eigen, rij)
    if not wijzigingen:
        return Oordeel(rij.regel, "ongewijzigd", "", rij, eigen["pk"])
    return Oordeel(
        rij.regel,
        "wijzigen",
        _("Wijzigt: %(velden)s.") % {"velden": ", ".join(wijzigingen)},
        rij,
        eigen["pk"],
    )


def _wijzigingen(eigen: dict, rij: Rij) -> list[str]:
    velden = [
        v
        for v in ("omschrijving", "parkeerplaatsen", "laadpunten", "proactief", "proactief_jaar")
        if eigen[v] != getattr(rij, v)
    ]
    if geo.afstand_m((eigen["rd_x"], eigen["rd_y"]), geo.naar_rd(rij.lat, rij.lon)) > 0.5:
        velden.append(_("positie"))
    return velden
