"""REST for aanvragen: input and output only. Rules live in services and selectors."""

import dataclasses
import functools

from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from aanvragen import selectors, services, tijdlijn, validators, zichtbaarheid
from aanvragen.models import Aanvraag, Afwijzingscode, Bewijssoort, Bron
from plankaart import services as plankaartservices
from plankaart.models import Locatie
from portal import api as portalapi
from portal.api import HistorieSerializer, LeegSerializer, Transitie, ZaakAPI, toegestaan
from portal.models import Organisatie
from portal.selectors import gemeente_zonder_gebied, gemeenten_zonder_gebied


class KentekenVeld(serializers.CharField):
    def to_internal_value(self, data):
        try:
            return validators.normaliseer_kenteken(super().to_internal_value(data))
        except ValueError as fout:
            raise serializers.ValidationError(str(fout)) from fout


class PostcodeVeld(serializers.CharField):
    def to_internal_value(self, data):
        try:
            return validators.normaliseer_postcode(super().to_internal_value(data))
        except ValueError as fout:
            raise serializers.ValidationError(str(fout)) from fout


class GemeenteVeld(serializers.PrimaryKeyRelatedField):
    """A gemeente by id, as DRF's field over its queryset answers it, but read from the per-process memory
    (portal.selectors.gemeente_zonder_gebied): every submission names one. An id that is no gemeente, or no id,
    goes to DRF's own lookup, which gives its usual error."""

    def to_internal_value(self, data):
        tekst = str(data)
        if not isinstance(data, bool) and isinstance(data, int | str) and tekst.isascii() and tekst.isdigit():
            gemeente = gemeente_zonder_gebied(int(data))
            if gemeente is not None:
                return gemeente
        return super().to_internal_value(data)


class AanvraagInvoerSerializer(portalapi.Serializer):
    """The fields an E-rijder sends to file (or complete) a request."""

    # Without the boundary: Organisatie.bevat uses the one kept per process.
    gemeente = GemeenteVeld(queryset=gemeenten_zonder_gebied())
    postcode = PostcodeVeld(max_length=7)
    huisnummer = serializers.IntegerField(min_value=1, max_value=99999)
    toevoeging = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")
    straat = serializers.CharField(max_length=200)
    woonplaats = serializers.CharField(max_length=200)
    lat = serializers.FloatField(min_value=-90, max_value=90)
    lon = serializers.FloatField(min_value=-180, max_value=180)
    kenteken = KentekenVeld(
        max_length=12, required=False, default="", help_text="Verplicht, behalve als `auto_besteld` waar is."
    )
    auto_besteld = serializers.BooleanField(
        required=False, default=False, help_text="De auto is besteld en heeft nog geen kenteken."
    )
    bewijs_soort = serializers.ChoiceField(
        choices=Bewijssoort.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Bij een bestelde auto: koopcontract of leasecontract.",
    )
    woont_of_werkt = serializers.ChoiceField(choices=Aanvraag.WoonOfWerk.choices)
    werkuren_per_week = serializers.IntegerField(min_value=0, max_value=80, required=False, allow_null=True)
    rijdt_elektrisch = serializers.BooleanField()
    eigen_parkeerplaats = serializers.BooleanField()
    vergunning_nodig = serializers.BooleanField(required=False, default=False)
    heeft_vergunning = serializers.BooleanField(required=False, default=False)
    toelichting = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    bewijs = serializers.FileField(
        help_text="Kentekenbewijs of koop-/leasecontract: PDF, JPG of PNG, hoogstens 5 MB.", write_only=True
    )

    def validate_bewijs(self, bestand):
        from django.core.exceptions import ValidationError

        try:
            validators.controleer_bewijsstuk(bestand)
        except ValidationError as fout:
            raise serializers.ValidationError(fout.messages) from fout
        return bestand

    def gegevens(self) -> services.Aanvraaggegevens:
        data = dict(self.validated_data)
        data.pop("bewijs", None)
        return services.Aanvraaggegevens(**data)


class LocatieaanvraagSerializer(serializers.Serializer):
    """The fields a gemeente (or the CPO serving it) sends to ask for a charging location at a strategic spot."""

    gemeente = serializers.PrimaryKeyRelatedField(
        queryset=Organisatie.objects.filter(soort="gemeente"),
        required=False,
        help_text="Voor medewerkers van een gemeente: hun eigen gemeente (mag weg). Verplicht voor een CPO.",
    )
    lat = serializers.FloatField(min_value=-90, max_value=90)
    lon = serializers.FloatField(min_value=-180, max_value=180)
    omschrijving = serializers.CharField(max_length=200, help_text="Waar, bijv. “Marktplein, bij de ingang”.")
    motivering = serializers.CharField(
        max_length=4000, help_text="Waarom hier: een zorginstelling, winkelstraat, deelauto-hub …"
    )
    laadpunten = serializers.IntegerField(min_value=1, max_value=20, default=2)

    def gegevens(self) -> services.Locatieaanvraag:
        return services.Locatieaanvraag(**{"gemeente": None, **self.validated_data})


# Fields with personal data: each is shown by the rule in aanvragen.zichtbaarheid and left out of the answer
# for a caller who may not see it (so the schema declares them optional, see portal.api.alleen_voor_wie_het_mag_zien below).
PERSOONLIJKE_VELDEN = [
    *(veld.name for veld in dataclasses.fields(services.Aanvraaggegevens) if veld.name != "gemeente"),
    "bewijs_url",
    "ontbrekend",
    "afwijzingsreden",
    "rdw_uitslag",
    "rdw_merk",
    "rdw_model",
]
assert all(veld in zichtbaarheid.VELDEN for veld in PERSOONLIJKE_VELDEN)


class AanvraagSerializer(portalapi.ModelSerializer):
    status_label = portalapi.StatuslabelField()
    gemeente_naam = serializers.CharField(source="gemeente.naam", read_only=True)
    toegestane_transities = serializers.SerializerMethodField()
    historie_url = portalapi.HistorieUrlField("api:aanvraag-historie")
    bewijs_url = serializers.SerializerMethodField()

    class Meta:
        model = Aanvraag
        fields = [
            "id",
            "nummer",
            "bron",
            "status",
            "status_label",
            "gemeente",
            "gemeente_naam",
            "ingediend_op",
            "termijn_stap",
            "termijn_uiterlijk",
            "toegestane_transities",
            "historie_url",
            # The other lanes' own fields: an organisation's words, no personal data.
            "aanvragende_organisatie",
            "omschrijving",
            "motivering",
            "laadpunten",
            "reden_code",
            *PERSOONLIJKE_VELDEN,
        ]
        read_only_fields = fields

    def get_toegestane_transities(self, aanvraag) -> list[str]:
        gebruiker = self.context["request"].user
        extra = LOCATIEACTIES if selectors.mag_locatie_bepalen(gebruiker, aanvraag) else ()
        return toegestaan(aanvraag, gebruiker, extra)

    def get_bewijs_url(self, aanvraag) -> str:
        return self.context["request"].build_absolute_uri(reverse("aanvragen:bewijs", args=[aanvraag.pk]))

    def to_representation(self, aanvraag):
        data = super().to_representation(aanvraag)
        for veld in zichtbaarheid.verborgen_velden(self.context["request"].user, aanvraag):
            data.pop(veld, None)
        return data


portalapi.alleen_voor_wie_het_mag_zien(
    AanvraagSerializer,
    PERSOONLIJKE_VELDEN,
    lambda veld: (
        "Alleen voor de aanvrager en de laadpaalexploitant die de aanvraag behandelt"
        + (" (de gemeente ziet straat en woonplaats)." if veld in ("straat", "woonplaats") else ".")
    ),
)


class RedenSerializer(serializers.Serializer):
    reden = serializers.CharField(max_length=2000, help_text="Waarom; de aanvrager leest dit.")


class AfwijzingSerializer(RedenSerializer):
    reden_code = serializers.ChoiceField(
        choices=Afwijzingscode.choices,
        default=Afwijzingscode.ANDERS,
        help_text="De reden als code, voor de kengetallen (standaard `anders`).",
    )


class OntbrekendSerializer(serializers.Serializer):
    ontbrekend = serializers.CharField(max_length=2000, help_text="Wat ontbreekt; de aanvrager leest dit.")


class OptioneleRedenSerializer(serializers.Serializer):
    reden = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class AanvullingSerializer(AanvraagInvoerSerializer):
    """Completing a request: only the fields sent change. Partial, so no default overwrites an answer."""

    def __init__(self, *args, **kwargs):
        kwargs["partial"] = True
        super().__init__(*args, **kwargs)


class LocatieKeuzeSerializer(serializers.Serializer):
    locatie = serializers.PrimaryKeyRelatedField(
        queryset=Locatie.objects.all(), help_text="Een locatie binnen de straal met een vrij laadpunt."
    )


class VerplaatsingSerializer(LocatieKeuzeSerializer):
    lat = serializers.FloatField(min_value=-90, max_value=90)
    lon = serializers.FloatField(min_value=-180, max_value=180)
    omschrijving = serializers.CharField(max_length=200)


class NieuweLocatieSerializer(serializers.Serializer):
    lat = serializers.FloatField(min_value=-90, max_value=90)
    lon = serializers.FloatField(min_value=-180, max_value=180)
    omschrijving = serializers.CharField(max_length=200)
    parkeerplaatsen = serializers.IntegerField(min_value=1, max_value=50, default=2)
    laadpunten = serializers.IntegerField(min_value=1, max_value=50, default=2)


TRANSITIES = {
    "goedkeuren": Transitie(LeegSerializer, lambda a, u, d: services.goedkeuren(a, u)),
    "afwijzen": Transitie(
        AfwijzingSerializer, lambda a, u, d: services.afwijzen(a, u, d["reden"], d["reden_code"])
    ),
    "aanvulling_vragen": Transitie(
        OntbrekendSerializer, lambda a, u, d: services.vraag_aanvulling(a, u, d["ontbrekend"])
    ),
    "intrekken": Transitie(
        OptioneleRedenSerializer, lambda a, u, d: services.trek_in(a, u, d.get("reden", ""))
    ),
    "opnieuw_indienen": Transitie(AanvullingSerializer, lambda a, u, d: _opnieuw_indienen(a, u, d)),
    # The CPO determines the location (plankaart.services checks who and when).
    "locatie_kiezen": Transitie(
        LocatieKeuzeSerializer,
        lambda a, u, d: plankaartservices.kies(a, d["locatie"], u),
        controle=plankaartservices.controleer_locatie_bepalen,
    ),
    "locatie_verplaatsen": Transitie(
        VerplaatsingSerializer,
        lambda a, u, d: plankaartservices.verplaats_en_kies(
            a, d["locatie"], d["lat"], d["lon"], d["omschrijving"], u
        ),
        controle=plankaartservices.controleer_locatie_bepalen,
    ),
    "locatie_voorstellen": Transitie(
        NieuweLocatieSerializer,
        lambda a, u, d: plankaartservices.stel_nieuwe_voor(
            a,
            d["lat"],
            d["lon"],
            d["omschrijving"],
            u,
            parkeerplaatsen=d["parkeerplaatsen"],
            laadpunten=d["laadpunten"],
        ),
        controle=plankaartservices.controleer_locatie_bepalen,
    ),
}
LOCATIEACTIES = ("locatie_kiezen", "locatie_verplaatsen", "locatie_voorstellen")


def _opnieuw_indienen(aanvraag, gebruiker, data):
    wijzigingen = {k: v for k, v in data.items() if k != "bewijs"}
    bewijs = data.get("bewijs")
    return services.wijzig_en_dien_opnieuw_in(
        aanvraag,
        gebruiker,
        dataclasses.replace(services.Aanvraaggegevens.uit(aanvraag), **wijzigingen),
        bewijs,
        getattr(bewijs, "name", ""),
    )


@extend_schema_view(
    list=extend_schema(
        summary="Aanvragen die u mag zien",
        parameters=[
            OpenApiParameter("status", str, enum=[s.value for s in Aanvraag.Status]),
            OpenApiParameter("gemeente", int),
            OpenApiParameter("bron", str, enum=[b.value for b in Bron]),
            OpenApiParameter("zoek", str, description="Zaaknummer, postcode of kenteken"),
        ],
    ),
    retrieve=extend_schema(summary="Eén aanvraag"),
    historie=extend_schema(summary="Historie van de aanvraag"),
    transities=extend_schema(
        summary="Een transitie uitvoeren",
        description=(
            "Transities: `goedkeuren` (CPO, geen velden), `afwijzen` (CPO, `reden`, optioneel `reden_code`), "
            "`aanvulling_vragen` (CPO, `ontbrekend`), `opnieuw_indienen` (aanvrager, gewijzigde velden), "
            "`intrekken` (aanvrager, optioneel `reden`). De CPO bepaalt de locatie van een goedgekeurde aanvraag: "
            "`locatie_kiezen` (`locatie`), `locatie_verplaatsen` (`locatie`, `lat`, `lon`, `omschrijving`) of "
            "`locatie_voorstellen` (`lat`, `lon`, `omschrijving`, `parkeerplaatsen`, `laadpunten`). "
            "403: u mag deze transitie niet uitvoeren; 409: niet mogelijk vanuit de huidige status; "
            "404: onbekende aanvraag of transitie; 400: foute velden, elk bij naam."
        ),
        request=None,
        responses={200: AanvraagSerializer},
        examples=[
            OpenApiExample("afwijzen", value={"reden": "U heeft een eigen oprit."}, request_only=True),
            OpenApiExample("locatie_kiezen", value={"locatie": 123}, request_only=True),
        ],
    ),
    create=extend_schema(
        summary="Een aanvraag indienen",
        description=(
            "Een E-rijder dient in met `multipart/form-data` (met bewijsstuk). Een medewerker van een gemeente of "
            "van de CPO met de concessie vraagt een locatie aan met JSON: `lat`, `lon`, `omschrijving`, "
            "`motivering`, optioneel `laadpunten` en (voor de CPO verplicht) `gemeente`. Ligt er binnen de straal "
            "al een proactieve of definitieve locatie, dan wordt de aanvraag daaraan gekoppeld."
        ),
        request={
            "multipart/form-data": AanvraagInvoerSerializer,
            "application/json": LocatieaanvraagSerializer,
        },
        responses={201: AanvraagSerializer},
        examples=[
            OpenApiExample(
                "gemeente",
                value={
                    "lat": 52.2112,
                    "lon": 5.9699,
                    "omschrijving": "Zorgcentrum De Linde, achterzijde",
                    "motivering": "Bezoekers en thuiszorg laden hier.",
                    "laadpunten": 4,
                },
                request_only=True,
            )
        ],
    ),
)
class AanvraagViewSet(
    ZaakAPI,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = AanvraagSerializer
    TRANSITIES = TRANSITIES
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        rijen = selectors.zichtbare_aanvragen(self.request.user)
        if self.action == "list":
            params = self.request.query_params
            if params.get("status"):
                rijen = rijen.filter(status=params["status"])
            if params.get("gemeente", "").isdigit():
                rijen = rijen.filter(gemeente_id=int(params["gemeente"]))
            if params.get("bron") in Bron.values:
                rijen = rijen.filter(bron=params["bron"])
            if params.get("zoek", "").strip():
                rijen = rijen.filter(selectors.zoekvoorwaarde(params["zoek"], self.request.user))
        return rijen.order_by("-ingediend_op", "-id")

    def historie(self, request, pk=None):
        # The same rows as ZaakAPI's, with the texts this caller may not read left empty (aanvragen.zichtbaarheid).
        rijen = tijdlijn.zichtbare_historie(self.get_object(), request.user)
        return Response(HistorieSerializer(rijen, many=True).data)

    # ZaakAPI's route and schema (its @action and @extend_schema attributes), with the body above.
    historie = functools.wraps(ZaakAPI.historie)(historie)

    def create(self, request, *args, **kwargs):
        if getattr(request.user, "organisatie_id", None):
            # Staff of a gemeente or CPO: a request for a location (aanvragen.lanen says who may); others are
            # refused before their input is read (403 before 400).
            services.controleer_locatieaanvrager(request.user)
            invoer = LocatieaanvraagSerializer(data=request.data)
            invoer.is_valid(raise_exception=True)
            aanvraag = services.vraag_locatie_aan(request.user, invoer.gegevens())
            uitvoer = AanvraagSerializer(aanvraag, context=self.get_serializer_context())
            return Response(uitvoer.data, status=status.HTTP_201_CREATED)
        invoer = AanvraagInvoerSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        bewijs = invoer.validated_data["bewijs"]
        aanvraag = services.dien_in(request.user, invoer.gegevens(), bewijs, bewijs.name)
        uitvoer = AanvraagSerializer(aanvraag, context=self.get_serializer_context())
        return Response(uitvoer.data, status=status.HTTP_201_CREATED)
