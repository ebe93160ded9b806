"""REST for locations and the public map: input and output only. Rules live in services and selectors."""

import hashlib
import logging
import operator

from django.conf import settings
from django.core.paginator import Page
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import parse_etags
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from plankaart import kaart, selectors, services
from plankaart.models import GEMEENTE_REDENEN, NET_REDENEN, Locatie, Redencode
from portal import api as portalapi
from portal import geo, inlogbeveiliging, klok, procesgeheugen
from portal.api import LeegSerializer, Transitie, ZaakAPI, toegestaan
from portal.apijson import JSONRenderer
from portal.models import Organisatie
from portal.paginering import BegrensdePaginator
from portal.selectors import organisatienamen
from verkeersbesluiten import services as verkeersbesluitservices

MAX_STRAAL_M = 5000

logger = logging.getLogger(__name__)


class LocatieSerializer(portalapi.ModelSerializer):
    status_label = portalapi.StatuslabelField()
    gemeente_naam = serializers.CharField(source="gemeente.naam", read_only=True)
    aan_zet = serializers.CharField(
        source="termijn_organisatie.naam", default=None, allow_null=True, read_only=True
    )
    toegestane_transities = serializers.SerializerMethodField()
    historie_url = portalapi.HistorieUrlField("api:locatie-historie")
    afstand_m = serializers.SerializerMethodField()

    class Meta:
        model = Locatie
        fields = [
            "id",
            "kenmerk",
            "omschrijving",
            "gemeente",
            "gemeente_naam",
            "lat",
            "lon",
            "rd_x",
            "rd_y",
            "parkeerplaatsen",
            "laadpunten",
            "bron",
            "proactief",
            "proactief_jaar",
            "status",
            "status_label",
            "bezwaar_loopt",
            "opmerking",
            "reden_code",
            "termijn_stap",
            "aan_zet",
            "termijn_uiterlijk",
            "gewijzigd_op",
            "toegestane_transities",
            "historie_url",
            "afstand_m",
        ]
        read_only_fields = fields

    def get_toegestane_transities(self, locatie) -> list[str]:
        return toegestaan(locatie, self.context["request"].user)

    def get_afstand_m(self, locatie) -> float | None:
        afstand = getattr(locatie, "afstand_m", None)
        return round(afstand, 1) if afstand is not None else None


# Where each column sits in a row of selectors.locaties_nabij_pagina.
_PLAATS = {naam: plaats for plaats, naam in enumerate(selectors.NABIJ_NAMEN)}
# The stand-in's fields in the model's order, as Model.from_db reads a partial row.
_PLAATSVERVANGER = [
    veld.attname
    for veld in Locatie._meta.concrete_fields
    if veld.attname == "id" or veld.attname in Locatie.TRANSITIES_LEZEN
]
# A row's values of Locatie.TRANSITIES_LEZEN, as one tuple (several fields) or a value (one).
_TRANSITIESLEUTEL = operator.itemgetter(*(_PLAATS[veld] for veld in Locatie.TRANSITIES_LEZEN))
# The shown columns of a row, in the order NabijRijen.json unpacks them (selectors.NABIJ_GETOOND).
_GETOOND = operator.itemgetter(*(_PLAATS[kolom] for kolom in selectors.NABIJ_GETOOND))


class NabijRijen:
    """The nearest-locations answer straight from the rows of selectors.locaties_nabij_pagina: the JSON of
    LocatieSerializer field for field (tests/plankaart/test_nabij_snel.py compares the two), without DRF's
    machinery per field, and with the allowed transitions decided once per combination of
    Locatie.TRANSITIES_LEZEN instead of once per row, and kept per process (portal.procesgeheugen) for staff of
    the same organisation and role, for the day. The search is a hot path (a CPO's planning tool asks it at
    every move of the map); every other list keeps the serializer."""

    def __init__(self, request, x: float, y: float):
        self.gebruiker = request.user
        self.punt = (x, y)
        self.labels = portalapi.statuslabels(Locatie)
        self.historie = portalapi.adres_rond_id(request, "api:locatie-historie")
        self.namen = organisatienamen()
        self.zone = timezone.get_current_timezone()
        self._toegestaan: dict[tuple, list[str]] = {}
        # What the transition rules read besides the location's TRANSITIES_LEZEN and the settings kept per
        # process (concessies, service areas, policies: a change renews the settings token): the caller's
        # organisation and role (portal.rechten, plankaart.selectors.mag_als), and today's date. Staff of one
        # organisation with one role share the answers; the superuser flag is in the key as well.
        self._wie = (
            getattr(self.gebruiker, "organisatie_id", None),
            getattr(self.gebruiker, "rol", None),
            self.gebruiker.is_superuser,
            klok.vandaag(),
        )

    def toegestaan(self, rij) -> list[str]:
        sleutel = _TRANSITIESLEUTEL(rij)
        try:
            return self._toegestaan[sleutel]
        except KeyError:
            pass
        self._toegestaan[sleutel] = uit = list(
            procesgeheugen.onthoud(
                (*self._wie, sleutel),
                lambda: tuple(toegestaan(self._zaak(rij), self.gebruiker)),
                kopie=False,
                ruimte="locatietransities",
            )
        )
        return uit

    def _zaak(self, rij) -> Locatie:
        """A location holding only the fields its transition rules read (others stay deferred), with its
        gemeente's id and name."""
        locatie = Locatie.from_db(None, _PLAATSVERVANGER, [rij[_PLAATS[veld]] for veld in _PLAATSVERVANGER])
        gemeente_id = rij[_PLAATS["gemeente_id"]]
        locatie.gemeente = Organisatie.from_db(
            None,
            ["id", "naam", "soort"],
            [gemeente_id, self.namen.get(gemeente_id), Organisatie.Soort.GEMEENTE],
        )
        return locatie

    def datumtijd(self, waarde) -> str:
        """As DRF's DateTimeField writes it: in the current time zone, ISO 8601, UTC as Z."""
        tekst = waarde.astimezone(self.zone).isoformat()
        return tekst[:-6] + "Z" if tekst.endswith("+00:00") else tekst

    def json(self, rij) -> dict:
        # Once per row of every search: a row is a tuple (a dict per row cost about 60 µs per page of 50), its
        # shown columns unpacked in selectors.NABIJ_GETOOND's order in one step, the names and methods looked
        # up once here.
        (
            id_,
            kenmerk,
            omschrijving,
            gemeente_id,
            lat,
            lon,
            rd_x,
            rd_y,
            parkeerplaatsen,
            laadpunten,
            bron,
            proactief,
            proactief_jaar,
            status,
            bezwaar_loopt,
            opmerking,
            reden_code,
            termijn_stap,
            termijn_organisatie_id,
            termijn_uiterlijk,
            gewijzigd_op,
        ) = _GETOOND(rij)
        voor, na = self.historie
        naam = self.namen.get
        return {
            "id": id_,
            "kenmerk": kenmerk,
            "omschrijving": omschrijving,
            "gemeente": gemeente_id,
            "gemeente_naam": naam(gemeente_id),
            "lat": lat,
            "lon": lon,
            "rd_x": rd_x,
            "rd_y": rd_y,
            "parkeerplaatsen": parkeerplaatsen,
            "laadpunten": laadpunten,
            "bron": bron,
            "proactief": proactief,
            "proactief_jaar": proactief_jaar,
            "status": status,
            "status_label": self.labels.get(status, status),
            "bezwaar_loopt": bezwaar_loopt,
            "opmerking": opmerking,
            "reden_code": reden_code,
            "termijn_stap": termijn_stap,
            "aan_zet": naam(termijn_organisatie_id),
            "termijn_uiterlijk": None if termijn_uiterlijk is None else termijn_uiterlijk.isoformat(),
            "gewijzigd_op": self.datumtijd(gewijzigd_op),
            "toegestane_transities": self.toegestaan(rij),
            "historie_url": f"{voor}{id_}{na}",
            "afstand_m": round(geo.afstand_m(self.punt, (rd_x, rd_y)), 1),
        }


class OptioneleOpmerkingSerializer(serializers.Serializer):
    opmerking = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class OpmerkingSerializer(serializers.Serializer):
    opmerking = serializers.CharField(max_length=2000, help_text="Wat de exploitant moet aanpassen.")


class RedenSerializer(serializers.Serializer):
    reden = serializers.CharField(max_length=2000)


def _redencode(keuzes):
    return serializers.ChoiceField(
        choices=[(c.value, c.label) for c in keuzes],
        default=Redencode.ANDERS,
        help_text="De reden als code, voor de kengetallen (standaard `anders`).",
    )


class AfwijzingSerializer(RedenSerializer):
    reden_code = _redencode(GEMEENTE_REDENEN)


class NetAfkeuringSerializer(RedenSerializer):
    reden_code = _redencode(NET_REDENEN)


class BijgesteldVoorstelSerializer(serializers.Serializer):
    """Only the fields sent change; the rest keeps the proposal's current value."""

    lat = serializers.FloatField(min_value=-90, max_value=90, required=False)
    lon = serializers.FloatField(min_value=-180, max_value=180, required=False)
    omschrijving = serializers.CharField(max_length=200, required=False)
    parkeerplaatsen = serializers.IntegerField(min_value=1, max_value=50, required=False)
    laadpunten = serializers.IntegerField(min_value=1, max_value=50, required=False)


def _opnieuw_voorstellen(locatie, gebruiker, data):
    velden = {
        v: data.get(v, getattr(locatie, v))
        for v in ("lat", "lon", "omschrijving", "parkeerplaatsen", "laadpunten")
    }
    return services.stel_opnieuw_voor(locatie, gebruiker, **velden)


TRANSITIES = {
    "voorstellen": Transitie(LeegSerializer, lambda loc, u, d: services.stel_voor(loc, u)),
    "netcheck_aanvragen": Transitie(LeegSerializer, lambda loc, u, d: services.vraag_netcheck(loc, u)),
    "netcheck_goedkeuren": Transitie(
        OptioneleOpmerkingSerializer, lambda loc, u, d: services.netcheck_goedkeuren(loc, u, d["opmerking"])
    ),
    "netcheck_afkeuren": Transitie(
        NetAfkeuringSerializer,
        lambda loc, u, d: services.netcheck_afkeuren(loc, u, d["reden"], d["reden_code"]),
    ),
    "goedkeuren": Transitie(LeegSerializer, lambda loc, u, d: services.keur_goed(loc, u)),
    "aanpassing_vragen": Transitie(
        OpmerkingSerializer, lambda loc, u, d: services.vraag_aanpassing(loc, u, d["opmerking"])
    ),
    "afwijzen": Transitie(
        AfwijzingSerializer, lambda loc, u, d: services.wijs_af(loc, u, d["reden"], d["reden_code"])
    ),
    "laten_vervallen": Transitie(
        RedenSerializer, lambda loc, u, d: services.laat_vervallen(loc, u, d["reden"])
    ),
    "opnieuw_voorstellen": Transitie(BijgesteldVoorstelSerializer, _opnieuw_voorstellen),
    "zonder_verkeersbesluit": Transitie(
        RedenSerializer, lambda loc, u, d: verkeersbesluitservices.zonder_verkeersbesluit(loc, u, d["reden"])
    ),
}


def _nabij(params) -> tuple[float, float, float] | None:
    """`nabij=<lat>,<lon>&straal=<m>`, or None; a ValidationError names the parameter that is wrong."""
    if not params.get("nabij"):
        return None
    try:
        lat, lon = (float(d) for d in params["nabij"].split(","))
    except ValueError as fout:
        raise serializers.ValidationError(
            {"nabij": ["Gebruik nabij=<breedtegraad>,<lengtegraad>, bijv. 52.21,5.97."]}
        ) from fout
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise serializers.ValidationError(
            {"nabij": ["Breedtegraad tussen -90 en 90, lengtegraad tussen -180 en 180."]}
        )
    try:
        straal = float(params.get("straal", "250"))
    except ValueError as fout:
        raise serializers.ValidationError({"straal": ["De straal is een getal in meters."]}) from fout
    if not 0 < straal <= MAX_STRAAL_M:
        raise serializers.ValidationError({"straal": [f"De straal ligt tussen 0 en {MAX_STRAAL_M} meter."]})
    return lat, lon, straal


@extend_schema_view(
    list=extend_schema(
        summary="Locaties die u mag zien",
        description="Met `nabij` en `straal`: de locaties binnen de straal, dichtstbijzijnde eerst, elk met `afstand_m`.",
        parameters=[
            OpenApiParameter(
                "nabij", str, description="Breedtegraad,lengtegraad (WGS84), bijv. 52.2112,5.9699"
            ),
            OpenApiParameter("straal", float, description=f"Meters, standaard 250, hoogstens {MAX_STRAAL_M}"),
            OpenApiParameter("gemeente", int),
            OpenApiParameter("status", str, enum=[s.value for s in Locatie.Status]),
        ],
    ),
    retrieve=extend_schema(summary="Eén locatie"),
    historie=extend_schema(summary="Historie van de locatie"),
    transities=extend_schema(
        summary="Een transitie uitvoeren",
        description=(
            "Netbeheerder: `netcheck_goedkeuren` (optioneel `opmerking`), `netcheck_afkeuren` (`reden`). "
            "Gemeente: `goedkeuren`, `aanpassing_vragen` (`opmerking`), `afwijzen` (`reden`), "
            "`laten_vervallen` (`reden`), `zonder_verkeersbesluit` (`reden`; alleen als het beleid van de gemeente "
            "het toestaat). CPO: `opnieuw_voorstellen` (gewijzigde `lat`, `lon`, `omschrijving`, "
            "`parkeerplaatsen`, `laadpunten`). Een locatie kiezen voor een aanvraag gaat via "
            "`/aanvragen/<id>/transities/locatie_kiezen/`. 403: niet uw transitie; 409: niet vanuit deze status; "
            "404: onbekende locatie of transitie; 400: foute velden, elk bij naam."
        ),
        request=None,
        responses={200: LocatieSerializer},
        examples=[
            OpenApiExample(
                "netcheck_afkeuren", value={"reden": "Geen capaciteit op dit station."}, request_only=True
            )
        ],
    ),
)
class LocatieViewSet(ZaakAPI, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = LocatieSerializer
    TRANSITIES = TRANSITIES

    def get_queryset(self):
        rijen = selectors.zichtbare_locaties(self.request.user)
        if self.action == "list":
            params = self.request.query_params
            if params.get("gemeente", "").isdigit():
                rijen = rijen.filter(gemeente_id=int(params["gemeente"]))
            if params.get("status"):
                rijen = rijen.filter(status=params["status"])
        return rijen.order_by("pk")

    def list(self, request, *args, **kwargs):
        nabij = _nabij(request.query_params)
        if nabij is None:
            return super().list(request, *args, **kwargs)
        lat, lon, straal = nabij
        x, y = geo.naar_rd(lat, lon)
        snel = self._nabij_snel(request, x, y, straal)
        if snel is not None:
            return snel
        # A page asked for by name ("last") or past the end: DRF's pagination answers it (or says why not).
        pagina = self.paginate_queryset(geo.binnen_straal_sql(self.get_queryset(), x, y, straal))
        for locatie in pagina:
            locatie.afstand_m = geo.afstand_m((x, y), (locatie.rd_x, locatie.rd_y))
        return self.get_paginated_response(self.get_serializer(pagina, many=True).data)

    def _nabij_snel(self, request, x: float, y: float, straal: float):
        """A numbered page of the search in one query, serialized from its rows (NabijRijen); None
        when DRF's own pagination must answer."""
        paginering = self.paginator
        nummer = request.query_params.get(paginering.page_query_param, "1")
        if not nummer.isdigit() or int(nummer) < 1:
            return None
        nummer, per_pagina = int(nummer), paginering.get_page_size(request)
        params = request.query_params
        rijen, totaal = selectors.locaties_nabij_pagina(
            request.user,
            x,
            y,
            straal,
            begin=(nummer - 1) * per_pagina,
            aantal=per_pagina,
            gemeente_id=int(params["gemeente"]) if params.get("gemeente", "").isdigit() else None,
            status=params.get("status") or None,
        )
        if totaal is None and nummer > 1:
            return None
        paginator = BegrensdePaginator([], per_pagina, pagina=nummer)
        paginator.telling_bekend(totaal or 0)
        opmaak = NabijRijen(request, x, y)
        data = [opmaak.json(rij) for rij in rijen]
        paginering.request, paginering.page = request, Page(data, nummer, paginator)
        return paginering.get_paginated_response(data)


# The public map: no authentication, no personal data.


class KaartThrottle(SimpleRateThrottle):
    """Anonymous calls to the public map per client address (settings.KAART_ANONIEM_RATE).

    The address is the one portal.inlogbeveiliging believes (a configured trusted proxy header, else
    REMOTE_ADDR). The count lives in the cache; should the cache raise, the call is let through: a map
    that cannot count its callers still answers, it never fails with a 500."""

    scope = "kaart"

    def get_rate(self):
        return settings.KAART_ANONIEM_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {
            "scope": self.scope,
            "ident": inlogbeveiliging.client_ip(request) or "onbekend",
        }

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:  # noqa: BLE001 - fail open, see the docstring
            logger.warning("Kaartlimiet niet te tellen; verzoek doorgelaten", exc_info=True)
            return True


class GeoJSONRenderer(JSONRenderer):
    """Lets clients ask for application/geo+json (RFC 7946) without a 406."""

    media_type = "application/geo+json"
    format = "geojson"


class KaartLocatiesView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [KaartThrottle]
    renderer_classes = [GeoJSONRenderer, JSONRenderer]

    @extend_schema(
        operation_id="kaart_locaties_list",
        summary="Publieke kaart: locaties in beeld (GeoJSON)",
        description=(
            "Zonder inloggen. Geeft een GeoJSON FeatureCollection van de locaties in `bbox`; bij meer dan "
            f"{kaart.MAX_PUNTEN} locaties onder zoomniveau {kaart.ALTIJD_PUNTEN_VANAF_ZOOM} clusters met `aantal` "
            "en `per_categorie`; ook dichterbij nooit meer losse punten dan KAART_MAX_PUNTEN_DICHTBIJ. Een `bbox` "
            "groter dan KAART_MAX_BEELD_PIXELS schermpixels per zijde op het gevraagde zoomniveau is een 400. "
            "Per adres geldt een limiet (KAART_ANONIEM_RATE, daarna 429). Nooit persoonsgegevens."
        ),
        parameters=[
            OpenApiParameter(
                "bbox", str, required=True, description="min_lon,min_lat,max_lon,max_lat (WGS84)"
            ),
            OpenApiParameter("zoom", int, description="Zoomniveau van de kaart, 1 tot 20"),
            OpenApiParameter("gemeente", int),
            OpenApiParameter("status", str, description="Komma-gescheiden: " + ", ".join(kaart.PER_SLEUTEL)),
        ],
        responses={(200, "application/geo+json"): OpenApiTypes.OBJECT},
    )
    def get(self, request):
        try:
            vraag = kaart.Vraag.uit(request.query_params)
        except kaart.OngeldigeVraag as fout:
            raise serializers.ValidationError({fout.veld: [str(fout)]}) from fout
        # The answer changes only when a location does (the map's cache version is in the key): a client that
        # already has it gets a 304 without the answer being built or sent.
        etag = '"' + hashlib.sha256(vraag.sleutel().encode()).hexdigest()[:32] + '"'
        bekend = {e.removeprefix("W/") for e in parse_etags(request.headers.get("If-None-Match", ""))}
        if etag in bekend or "*" in bekend:
            antwoord = HttpResponseNotModified()
        else:
            antwoord = HttpResponse(kaart.geojson(vraag), content_type="application/geo+json")
        antwoord["ETag"] = etag
        antwoord["Cache-Control"] = "public, max-age=60"
        return antwoord


class KaartLocatieView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [KaartThrottle]

    @extend_schema(
        summary="Publieke kaart: één locatie (status en verwachte periode)", responses=OpenApiTypes.OBJECT
    )
    def get(self, request, pk: int):
        zichtbaar = Locatie.objects.select_related("gemeente").exclude(status=Locatie.Status.VERVALLEN)
        return Response(kaart.toelichting(get_object_or_404(zichtbaar, pk=pk)))
