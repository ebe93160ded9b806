"""The public map's data (DESIGN.md section 6): GeoJSON of the locations in a viewport, clustered on a grid
when there are too many to draw, built from rows and cached. No personal data, ever.

A location the CPO created or moved for a request is, until the gemeente approves it, close to someone's
home: it is shown without its description and with its position rounded to about ten metres.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Avg, BooleanField, Count, ExpressionWrapper, F, Max, Min, Q
from django.db.models.functions import Floor
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plankaart.models import Kaartoverzicht, Locatie
from portal import geo, klok
from portal.models import Organisatie

S = Locatie.Status


@dataclass(frozen=True)
class Categorie:
    sleutel: str
    label: str
    statussen: tuple[str, ...]
    kleur: str


# The legend, in plain Dutch. Colours differ in lightness too, and the popup and list say it in words.
CATEGORIEEN = (
    # Not a status: a location of any status against which an objection waits for a decision.
    Categorie("bezwaar", gettext_lazy("Bezwaar loopt"), (), "#a4262c"),
    Categorie("bestaand", gettext_lazy("Bestaand laadpunt"), (S.GEREALISEERD,), "#2e6b0a"),
    Categorie(
        "gepland",
        gettext_lazy("Gepland of in aanleg"),
        (S.DEFINITIEF, S.IN_REALISATIE, S.OPGELEVERD),
        "#154273",
    ),
    Categorie(
        "procedure",
        gettext_lazy("In procedure (verkeersbesluit)"),
        (S.GOEDGEKEURD, S.IN_PROCEDURE),
        "#7b3f9e",
    ),
    Categorie(
        "aangevraagd",
        gettext_lazy("Aangevraagd"),
        (S.IN_NETCHECK, S.VOORGESTELD, S.AANPASSING_GEVRAAGD),
        "#b35900",
    ),
    Categorie("kandidaat", gettext_lazy("Kandidaat op de plankaart"), (S.KANDIDAAT,), "#6b6b6b"),
)
# Lapsed locations are history, not a place on the map. Every status is in a category or here (a test checks).
NIET_OP_DE_KAART = (S.VERVALLEN,)
PER_STATUS = {status: c for c in CATEGORIEEN for status in c.statussen}
PER_SLEUTEL = {c.sleutel: c for c in CATEGORIEEN}
BEZWAAR = PER_SLEUTEL["bezwaar"]


def in_categorie(categorie: Categorie) -> Q:
    """The rows a legend entry stands for: an open objection wins over the status."""
    if categorie is BEZWAAR:
        return Q(bezwaar_loopt=True)
    return Q(status__in=categorie.statussen, bezwaar_loopt=False)


def categorie_van(status: str, bezwaar_loopt: bool) -> Categorie | None:
    return BEZWAAR if bezwaar_loopt else PER_STATUS.get(status)


# Proposals made for a request that the gemeente has not approved yet: near a requester's home.
VERTROUWELIJK = Q(status__in=[S.IN_NETCHECK, S.VOORGESTELD, S.AANPASSING_GEVRAAGD]) & ~Q(
    bron=Locatie.Bron.PLANKAART
)

MAX_PUNTEN = 5000
ALTIJD_PUNTEN_VANAF_ZOOM = 16  # up to settings.KAART_MAX_PUNTEN_DICHTBIJ; beyond that, clusters after all
CACHE_SECONDEN = 300
VERSIE_SLEUTEL = "kaart:versie"


def vernieuw() -> None:
    """Locations changed: every cached map answer is stale from now (called on commit by the services)."""
    try:
        cache.incr(VERSIE_SLEUTEL)
    except ValueError:
        cache.set(VERSIE_SLEUTEL, 1, None)


def _versie() -> int:
    return cache.get_or_set(VERSIE_SLEUTEL, 1, None)


def beeld_in_pixels(min_lon, min_lat, max_lon, max_lat, zoom: int) -> tuple[float, float]:
    """How many screen pixels (web mercator, 256 px tiles) the box covers at this zoom, wide and high."""

    def mercator_y(lat: float) -> float:
        lat = max(min(lat, 85.0511), -85.0511)
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    wereld = 256 * 2**zoom
    return (
        (max_lon - min_lon) / 360 * wereld,
        (mercator_y(max_lat) - mercator_y(min_lat)) / (2 * math.pi) * wereld,
    )


class OngeldigeVraag(ValueError):
    """A map request parameter that cannot be used; `veld` names it for the API's error."""

    def __init__(self, veld: str, melding: str):
        super().__init__(melding)
        self.veld = veld


@dataclass(frozen=True)
class Vraag:
    """A validated map request: a viewport (WGS84), a zoom level and the filters."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float
    zoom: int
    gemeente: int | None = None
    categorieen: tuple[str, ...] = ()

    @classmethod
    def uit(cls, params) -> Vraag:
        """Parse query parameters; OngeldigeVraag names the parameter that is wrong, in Dutch."""
        try:
            min_lon, min_lat, max_lon, max_lat = (float(d) for d in params.get("bbox", "").split(","))
        except ValueError as fout:
            raise OngeldigeVraag(
                "bbox", _("bbox moet vier getallen zijn: min_lon,min_lat,max_lon,max_lat.")
            ) from fout
        if not (min_lon < max_lon and min_lat < max_lat) or not all(
            math.isfinite(v) for v in (min_lon, min_lat, max_lon, max_lat)
        ):
            raise OngeldigeVraag("bbox", _("bbox moet van linksonder naar rechtsboven lopen."))
        try:
            zoom = int(params.get("zoom", "12"))
        except ValueError as fout:
            raise OngeldigeVraag("zoom", _("zoom moet een geheel getal zijn.")) from fout
        zoom = max(min(zoom, 20), 1)
        # Zoomed in, the answer is single points: a viewport far larger than any screen would be a whole
        # province of them. The limit is in screen pixels, so it scales with the zoom.
        breed, hoog = beeld_in_pixels(min_lon, min_lat, max_lon, max_lat, zoom)
        maximum = settings.KAART_MAX_BEELD_PIXELS
        if breed > maximum or hoog > maximum:
            raise OngeldigeVraag(
                "bbox",
                _(
                    "bbox is te groot voor zoomniveau %(zoom)d: %(breed)d × %(hoog)d pixels, hoogstens "
                    "%(max)d × %(max)d. Vraag een kleiner gebied op of een lager zoomniveau."
                )
                % {"zoom": zoom, "breed": breed, "hoog": hoog, "max": maximum},
            )
        gemeente = params.get("gemeente") or None
        if gemeente is not None and not str(gemeente).isdigit():
            raise OngeldigeVraag("gemeente", _("gemeente moet het nummer van een gemeente zijn."))
        categorieen = tuple(sorted({c for c in params.get("status", "").split(",") if c}))
        onbekend = set(categorieen) - set(PER_SLEUTEL)
        if onbekend:
            raise OngeldigeVraag(
                "status",
                _("Onbekende status: %(onbekend)s. Kies uit %(bekend)s.")
                % {"onbekend": ", ".join(sorted(onbekend)), "bekend": ", ".join(PER_SLEUTEL)},
            )
        # Snap outward to a grid that depends on the zoom, so neighbouring viewports share cache entries.
        stap = 360 / 2 ** max(min(zoom, 18), 1) / 4
        return cls(
            min_lon=math.floor(min_lon / stap) * stap,
            min_lat=math.floor(min_lat / stap) * stap,
            max_lon=math.ceil(max_lon / stap) * stap,
            max_lat=math.ceil(max_lat / stap) * stap,
            zoom=zoom,
            gemeente=int(gemeente) if gemeente else None,
            categorieen=categorieen,
        )

    def sleutel(self) -> str:
        hoeken = ",".join(f"{v:.5f}" for v in (self.min_lon, self.min_lat, self.max_lon, self.max_lat))
        return f"kaart:{_versie()}:{hoeken}:{self.zoom}:{self.gemeente or ''}:{'+'.join(self.categorieen)}"


def _in_beeld(vraag: Vraag):
    """Rows in the viewport: the indexed RD box around its corners, then the exact WGS84 box."""
    min_x, min_y, max_x, max_y = _rd_kader(vraag)
    rijen = Locatie.objects.filter(
        rd_x__gte=min_x,
        rd_x__lte=max_x,
        rd_y__gte=min_y,
        rd_y__lte=max_y,
        lat__gte=vraag.min_lat,
        lat__lte=vraag.max_lat,
        lon__gte=vraag.min_lon,
        lon__lte=vraag.max_lon,
    ).exclude(status=S.VERVALLEN)
    if vraag.gemeente:
        rijen = rijen.filter(gemeente_id=vraag.gemeente)
    if vraag.categorieen:
        filter_ = Q(pk__in=[])
        for sleutel in vraag.categorieen:
            filter_ |= in_categorie(PER_SLEUTEL[sleutel])
        rijen = rijen.filter(filter_)
    return rijen


def _celgrootte_m(zoom: int) -> float:
    """About sixty screen pixels at this zoom, in metres (web mercator at Dutch latitudes)."""
    return 60 * 156543.03 * math.cos(math.radians(52.2)) / 2**zoom


PUNT_KOLOMMEN = (
    "pk",
    "lat",
    "lon",
    "status",
    "bezwaar_loopt",
    "omschrijving",
    "laadpunten",
    "gemeente_id",
    "vertrouwelijk",
)


def _punten_als_json(rijen) -> list[str]:
    """One GeoJSON feature per row, written straight to JSON text: a city holds thousands of points, and
    nested dicts for each would cost more time (and garbage collection) than the query itself."""
    namen = {
        pk: json.dumps(naam, ensure_ascii=False)
        for pk, naam in Organisatie.objects.filter(soort="gemeente").values_list("pk", "naam")
    }
    eigenschappen = {
        c.sleutel: f'"soort":"locatie","categorie":"{c.sleutel}","label":{json.dumps(str(c.label), ensure_ascii=False)}'
        for c in CATEGORIEEN
    }
    leeg = json.dumps("")
    teksten = []
    for pk, lat, lon, status, bezwaar_loopt, omschrijving, laadpunten, gemeente_id, vertrouwelijk in rijen:
        if vertrouwelijk:
            lat, lon, omschrijving_json = round(lat, 4), round(lon, 4), leeg
        else:
            omschrijving_json = json.dumps(omschrijving, ensure_ascii=False)
        teksten.append(
            f'{{"type":"Feature","id":{pk},"geometry":{{"type":"Point","coordinates":[{lon:.6f},{lat:.6f}]}},'
            f'"properties":{{{eigenschappen[categorie_van(status, bezwaar_loopt).sleutel]},"omschrijving":{omschrijving_json},'
            f'"laadpunten":{laadpunten},"gemeente":{namen.get(gemeente_id, leeg)}}}}}'
        )
    return teksten


def _clusters(rijen, zoom: int) -> list[dict]:
    cel = _celgrootte_m(zoom)
    per_categorie = {f"n_{c.sleutel}": Count("pk", filter=in_categorie(c)) for c in CATEGORIEEN}
    groepen = (
        rijen.annotate(cx=Floor(F("rd_x") / cel), cy=Floor(F("rd_y") / cel))
        .values("cx", "cy")
        .annotate(aantal=Count("pk"), lat=Avg("lat"), lon=Avg("lon"), **per_categorie)
        .order_by()
    )
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(g["lon"], 5), round(g["lat"], 5)]},
            "properties": {
                "soort": "cluster",
                "aantal": g["aantal"],
                "per_categorie": {c.sleutel: g[f"n_{c.sleutel}"] for c in CATEGORIEEN if g[f"n_{c.sleutel}"]},
            },
        }
        for g in groepen
    ]


def geojson(vraag: Vraag) -> str:
    """The map answer as JSON text, from the cache when the locations did not change since; uncached, the whole
    country's view comes from the precomputed overview while that is fresh."""
    sleutel = vraag.sleutel()
    tekst = cache.get(sleutel)
    if tekst is None:
        tekst = _uit_overzicht(vraag) or _antwoord(_in_beeld(vraag), vraag.zoom)
        cache.set(sleutel, tekst, CACHE_SECONDEN)
    return tekst


def _antwoord(rijen, zoom: int) -> str:
    """The answer for these rows at this zoom: points, or clusters when there are too many to draw."""
    als_punt = rijen.annotate(
        vertrouwelijk=ExpressionWrapper(VERTROUWELIJK, output_field=BooleanField())
    ).values_list(*PUNT_KOLOMMEN)
    # One query in the usual case: fetch one row more than we would draw; if it is there, cluster.
    punten = list(als_punt[: MAX_PUNTEN + 1])
    geclusterd = len(punten) > MAX_PUNTEN and zoom < ALTIJD_PUNTEN_VANAF_ZOOM
    if len(punten) > MAX_PUNTEN and not geclusterd:
        # Zoomed in this far a viewport is a few streets: draw them all, up to a cap per answer.
        dichtbij = settings.KAART_MAX_PUNTEN_DICHTBIJ
        punten = list(als_punt[: dichtbij + 1])
        geclusterd = len(punten) > dichtbij
    if geclusterd:
        clusters = _clusters(rijen, zoom)
        totaal = sum(f["properties"]["aantal"] for f in clusters)
        features = [json.dumps(f, separators=(",", ":"), ensure_ascii=False) for f in clusters]
    else:
        features = _punten_als_json(punten)
        totaal = len(features)
    kop = json.dumps(
        {"type": "FeatureCollection", "totaal": totaal, "geclusterd": geclusterd}, separators=(",", ":")
    )
    return kop[:-1] + ',"features":[' + ",".join(features) + "]}"


# The whole country, precomputed: zoom levels at which the country fits on a screen.
OVERZICHT_ZOOMS = range(1, 10)


def _zichtbaar():
    return Locatie.objects.exclude(status=S.VERVALLEN)


def _rd_kader(vraag: Vraag) -> tuple[float, float, float, float]:
    """The RD box around the viewport's corners, as _in_beeld filters on it."""
    hoeken = [
        geo.naar_rd(lat, lon)
        for lat in (vraag.min_lat, vraag.max_lat)
        for lon in (vraag.min_lon, vraag.max_lon)
    ]
    return (
        min(x for x, _ in hoeken),
        min(y for _, y in hoeken),
        max(x for x, _ in hoeken),
        max(y for _, y in hoeken),
    )


def _uit_overzicht(vraag: Vraag) -> str | None:
    """The precomputed answer when it is exactly what _in_beeld would give: no filters, a viewport that holds
    every location counted (then the rows are all locations), and no location changed since it was built."""
    if vraag.gemeente or vraag.categorieen or vraag.zoom not in OVERZICHT_ZOOMS:
        return None
    overzicht = Kaartoverzicht.objects.filter(zoom=vraag.zoom).first()
    if overzicht is None:
        return None
    min_x, min_y, max_x, max_y = _rd_kader(vraag)
    omvat = (
        vraag.min_lon <= overzicht.min_lon
        and vraag.min_lat <= overzicht.min_lat
        and vraag.max_lon >= overzicht.max_lon
        and vraag.max_lat >= overzicht.max_lat
        and min_x <= overzicht.min_x
        and min_y <= overzicht.min_y
        and max_x >= overzicht.max_x
        and max_y >= overzicht.max_y
    )
    if not omvat:
        return None
    laatste = _laatste_wijziging()
    if laatste is not None and laatste >= overzicht.gemaakt_op:
        return None  # changed since: computed below, until the next build
    return overzicht.tekst


def _laatste_wijziging():
    """When a location last changed (index locatie_gewijzigd_idx: one index lookup)."""
    return Locatie.objects.aggregate(laatste=Max("gewijzigd_op"))["laatste"]


def bouw_overzichten() -> int:
    """Build the national view for every zoom level in OVERZICHT_ZOOMS from all locations (Celery beat), unless
    nothing changed since the last build. Returns how many were built."""
    begin = klok.nu()  # taken before reading: a change during the build leaves the result stale, not wrong
    bestaand = Kaartoverzicht.objects.order_by("gemaakt_op").first()
    laatste = _laatste_wijziging()
    if bestaand is not None and (laatste is None or laatste < bestaand.gemaakt_op):
        return 0
    omvang = _zichtbaar().aggregate(
        min_lon=Min("lon"),
        min_lat=Min("lat"),
        max_lon=Max("lon"),
        max_lat=Max("lat"),
        min_x=Min("rd_x"),
        min_y=Min("rd_y"),
        max_x=Max("rd_x"),
        max_y=Max("rd_y"),
    )
    if omvang["min_lon"] is None:
        Kaartoverzicht.objects.all().delete()
        return 0
    for zoom in OVERZICHT_ZOOMS:
        Kaartoverzicht.objects.update_or_create(
            zoom=zoom, defaults={"tekst": _antwoord(_zichtbaar(), zoom), "gemaakt_op": begin, **omvang}
        )
    return len(OVERZICHT_ZOOMS)


# One location's popup: its status and when it is expected, in words.


def _kwartaal(datum: dt.date) -> str:
    return _("%(kwartaal)de kwartaal %(jaar)d") % {"kwartaal": (datum.month - 1) // 3 + 1, "jaar": datum.year}


def toelichting(locatie: Locatie) -> dict:
    """What the public may know about one location: category, description (unless confidential), period."""
    from aanvragen.models import Aanvraag

    categorie = categorie_van(locatie.status, locatie.bezwaar_loopt)
    vertrouwelijk = Locatie.objects.filter(pk=locatie.pk).filter(VERTROUWELIJK).exists()
    verwacht = Aanvraag.objects.filter(locatie=locatie, status__in=Aanvraag.OPEN).aggregate(
        datum=Max("verwacht_gereed")
    )["datum"]
    gepland = locatie.geplande_plaatsing
    if locatie.status == S.GEREALISEERD:
        periode = _("In gebruik.")
    elif locatie.status == S.OPGELEVERD:
        periode = _("Geplaatst en opgeleverd; de gemeente meldt de laadpaal binnenkort gereed.")
    elif gepland:
        periode = _("Plaatsing gepland in het %(periode)s.") % {"periode": _kwartaal(gepland)}
    elif locatie.bezwaar_loopt:
        periode = _(
            "Tegen het verkeersbesluit voor deze plek loopt bezwaar; de gemeente beslist daarover eerst."
        )
    elif verwacht:
        periode = _("Plaatsing verwacht in het %(periode)s.") % {"periode": _kwartaal(verwacht)}
    elif locatie.proactief and locatie.proactief_jaar:
        periode = _("Gepland om proactief te plaatsen in %(jaar)d.") % {"jaar": locatie.proactief_jaar}
    elif locatie.status == S.KANDIDAAT:
        periode = _("Mogelijke plek voor een laadpaal; nog niet gepland.")
    else:
        periode = _("Nog geen verwachte datum.")
    return {
        "id": locatie.pk,
        "categorie": categorie.sleutel if categorie else "",
        "label": str(categorie.label) if categorie else "",
        "omschrijving": "" if vertrouwelijk else locatie.omschrijving,
        "gemeente": locatie.gemeente.naam,
        "laadpunten": locatie.laadpunten,
        "periode": periode,
    }
