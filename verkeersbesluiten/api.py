"""REST for verkeersbesluiten and bezwaren (DESIGN.md section 6): input and output only. Rules live in
verkeersbesluiten.services and .selectors."""

from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from plankaart.models import Locatie
from plankaart.selectors import gemeenten_van, zichtbare_locaties
from portal import api as portalapi
from portal import transities
from portal.api import LeegSerializer, Transitie, ZaakAPI, toegestaan
from portal.models import Organisatie
from verkeersbesluiten import selectors, services
from verkeersbesluiten.models import Besluitlocatie, Bezwaar, Verkeersbesluit


class BesluitlocatieSerializer(portalapi.ModelSerializer):
    locatie = serializers.IntegerField(source="locatie_id")
    omschrijving = serializers.CharField(source="locatie.omschrijving")
    status_locatie = serializers.CharField(source="locatie.status")
    bezwaar_loopt = serializers.BooleanField(source="locatie.bezwaar_loopt")

    class Meta:
        model = Besluitlocatie
        fields = [
            "locatie",
            "omschrijving",
            "stand",
            "motivering",
            "status_locatie",
            "bezwaar_loopt",
            "uitgehaald_reden",
        ]
        read_only_fields = fields


class VerkeersbesluitSerializer(portalapi.ModelSerializer):
    status_label = portalapi.StatuslabelField()
    gemeente_naam = serializers.CharField(source="gemeente.naam", read_only=True)
    opgesteld_door = serializers.CharField(source="opgesteld_door.naam", read_only=True)
    locaties = BesluitlocatieSerializer(source="besluitlocaties", many=True, read_only=True)
    open_bezwaren = serializers.SerializerMethodField()
    toegestane_transities = serializers.SerializerMethodField()
    historie_url = portalapi.HistorieUrlField("api:verkeersbesluit-historie")
    pdf_url = serializers.SerializerMethodField()
    tekst = serializers.SerializerMethodField()

    class Meta:
        model = Verkeersbesluit
        fields = [
            "id",
            "nummer",
            "gemeente",
            "gemeente_naam",
            "titel",
            "toelichting",
            "status",
            "status_label",
            "opgesteld_door",
            "aangemaakt_op",
            "bekendmaking_op",
            "vindplaats",
            "bezwaartermijn_einde",
            "bezwaartermijn_uitleg",
            "netaansluiting_tijdens_bezwaartermijn",
            "definitief_op",
            "ingetrokken_reden",
            "locaties",
            "open_bezwaren",
            "toegestane_transities",
            "historie_url",
            "pdf_url",
            "tekst",
        ]
        read_only_fields = fields

    def get_open_bezwaren(self, besluit) -> int:
        aantal = getattr(besluit, "aantal_open_bezwaren", None)  # annotated by the list (selectors.werklijst)
        if aantal is not None:
            return aantal
        return besluit.bezwaren.filter(status=Bezwaar.Status.ONTVANGEN).count()

    def get_toegestane_transities(self, besluit) -> list[str]:
        gebruiker = self.context["request"].user
        extra = ["wijzigen"] if selectors.mag_concept_bewerken(gebruiker, besluit) else []
        return toegestaan(besluit, gebruiker, extra)

    def get_pdf_url(self, besluit) -> str:
        return self.context["request"].build_absolute_uri(reverse("verkeersbesluiten:pdf", args=[besluit.pk]))

    def get_tekst(self, besluit) -> str:
        return services.tekst_van(besluit)


class LocatiesVeld(serializers.PrimaryKeyRelatedField):
    """Locations the caller may see; which of them may go into a decision is the service's judgement."""

    def get_queryset(self):
        request = self.context.get("request")
        return zichtbare_locaties(request.user) if request else Locatie.objects.none()


class ConceptInvoerSerializer(serializers.Serializer):
    gemeente = serializers.PrimaryKeyRelatedField(queryset=Organisatie.objects.none())
    titel = serializers.CharField(max_length=200)
    toelichting = serializers.CharField(required=False, allow_blank=True, default="")
    locaties = LocatiesVeld(many=True, allow_empty=False, queryset=Locatie.objects.all())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "request" in self.context:  # not when the schema is generated
            self.fields["gemeente"].queryset = gemeenten_van(self.context["request"].user)


class ConceptWijzigingSerializer(serializers.Serializer):
    """Only the fields sent change."""

    titel = serializers.CharField(max_length=200, required=False)
    toelichting = serializers.CharField(required=False, allow_blank=True)
    locaties = LocatiesVeld(many=True, allow_empty=False, required=False, queryset=Locatie.objects.all())
    motiveringen = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        help_text='Per locatie-id de motivering, bijv. {"12": "Drie aanvragen in deze straat."}',
    )


class PubliceerSerializer(serializers.Serializer):
    bekendmaking_op = serializers.DateField(
        help_text="De dag van bekendmaking; de termijn begint de dag erna."
    )
    vindplaats = serializers.CharField(
        max_length=300, help_text="Gemeenteblad- of Staatscourantnummer, of link."
    )


class RedenSerializer(serializers.Serializer):
    reden = serializers.CharField(max_length=2000)


def _controle_wijzigen(besluit, gebruiker) -> None:
    if not selectors.mag_concept_maken(gebruiker, besluit.gemeente):
        raise transities.GeenRecht("wijzigen")
    if besluit.status != Verkeersbesluit.Status.CONCEPT:
        raise transities.NietToegestaan("wijzigen")


def _wijzig(besluit, gebruiker, data):
    motiveringen = {int(k): v for k, v in data.get("motiveringen", {}).items() if str(k).isdigit()}
    return services.wijzig_concept(
        besluit,
        gebruiker,
        titel=data.get("titel", besluit.titel),
        toelichting=data.get("toelichting", besluit.toelichting),
        locaties=data.get("locaties", list(selectors.opgenomen_locaties(besluit))),
        motiveringen=motiveringen,
    )


BESLUITTRANSITIES = {
    "publiceren": Transitie(PubliceerSerializer, lambda b, u, d: services.publiceer(b, u, **d)),
    "intrekken": Transitie(RedenSerializer, lambda b, u, d: services.trek_in(b, u, d["reden"])),
    "wijzigen": Transitie(ConceptWijzigingSerializer, _wijzig, controle=_controle_wijzigen),
}


@extend_schema_view(
    list=extend_schema(
        summary="Verkeersbesluiten die u mag zien",
        parameters=[
            OpenApiParameter("status", str, enum=[s.value for s in Verkeersbesluit.Status]),
            OpenApiParameter("gemeente", int),
            OpenApiParameter("zoek", str, description="Nummer, titel, vindplaats, straat of zaaknummer"),
            OpenApiParameter("met_open_bezwaren", bool),
        ],
    ),
    retrieve=extend_schema(summary="Eén verkeersbesluit, met zijn locaties en besluittekst"),
    historie=extend_schema(summary="Historie van het verkeersbesluit"),
    create=extend_schema(
        summary="Een concept-verkeersbesluit voorbereiden (gemeente of CPO)",
        request=ConceptInvoerSerializer,
        responses={201: VerkeersbesluitSerializer},
        examples=[
            OpenApiExample(
                "verzamelverkeersbesluit",
                value={"gemeente": 3, "titel": "Laadpalen Zuid 2026", "locaties": [12, 15, 19]},
                request_only=True,
            )
        ],
    ),
    transities=extend_schema(
        summary="Een transitie uitvoeren",
        description=(
            "Gemeente: `publiceren` (`bekendmaking_op`, `vindplaats`; het antwoord bevat de berekende "
            "`bezwaartermijn_einde`), `intrekken` (`reden`). Gemeente of CPO, zolang het een concept is: "
            "`wijzigen` (`titel`, `toelichting`, `locaties`, `motiveringen`), en een concept laten vallen met "
            "`intrekken`. Definitief worden gebeurt vanzelf de dag na de bezwaartermijn als er geen bezwaar "
            "openstaat. 403: niet uw transitie; 409: niet vanuit deze status; 404: onbekend besluit of "
            "transitie; 400: foute velden, elk bij naam."
        ),
        request=None,
        responses={200: VerkeersbesluitSerializer},
        examples=[
            OpenApiExample(
                "publiceren",
                value={"bekendmaking_op": "2026-03-02", "vindplaats": "Gemeenteblad 2026, 123456"},
                request_only=True,
            )
        ],
    ),
)
class VerkeersbesluitViewSet(
    ZaakAPI,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = VerkeersbesluitSerializer
    TRANSITIES = BESLUITTRANSITIES

    def get_queryset(self):
        rijen = selectors.zichtbare_verkeersbesluiten(self.request.user)
        if self.action == "list":
            params = self.request.query_params
            rijen = selectors.werklijst(
                self.request.user,
                selectors.Werklijstfilter(
                    status=params.get("status", ""),
                    gemeente=int(params["gemeente"]) if params.get("gemeente", "").isdigit() else None,
                    met_open_bezwaren=params.get("met_open_bezwaren", "").lower() in ("1", "true", "ja"),
                    zoek=params.get("zoek", ""),
                ),
            )
        return rijen.prefetch_related("besluitlocaties__locatie")

    def create(self, request, *args, **kwargs):
        invoer = ConceptInvoerSerializer(data=request.data, context=self.get_serializer_context())
        invoer.is_valid(raise_exception=True)
        data = invoer.validated_data
        besluit = services.maak_concept(
            data["gemeente"],
            request.user,
            titel=data["titel"],
            toelichting=data["toelichting"],
            locaties=data["locaties"],
        )
        return Response(self.get_serializer(besluit).data, status=status.HTTP_201_CREATED)


# Objections


class BezwaarSerializer(portalapi.ModelSerializer):
    status_label = portalapi.StatuslabelField()
    verkeersbesluit_nummer = serializers.CharField(source="verkeersbesluit.nummer", read_only=True)
    locaties = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    juridische_toets = serializers.BooleanField(read_only=True)
    beslissen_uiterlijk = serializers.DateField(source="termijn_uiterlijk", allow_null=True, read_only=True)
    toegestane_transities = serializers.SerializerMethodField()
    historie_url = portalapi.HistorieUrlField("api:bezwaar-historie")

    PERSOONLIJK = ("indiener_naam", "indiener_adres")

    class Meta:
        model = Bezwaar
        fields = [
            "id",
            "nummer",
            "verkeersbesluit",
            "verkeersbesluit_nummer",
            "status",
            "status_label",
            "indiener_naam",
            "indiener_adres",
            "ontvangen_op",
            "per_post",
            "ter_post_op",
            "gronden",
            "algemeen",
            "locaties",
            "tijdig",
            "tijdigheid",
            "juridische_toets",
            "adviescommissie",
            "verdaagd",
            "beslissen_uiterlijk",
            "beslissing_motivering",
            "besloten_op",
            "toegestane_transities",
            "historie_url",
        ]
        read_only_fields = fields

    def to_representation(self, bezwaar):
        data = super().to_representation(bezwaar)
        # Who objected is for the gemeente that took the decision only.
        if not selectors.mag_indiener_zien(self.context["request"].user, bezwaar.verkeersbesluit):
            for veld in self.PERSOONLIJK:
                data.pop(veld, None)
        return data

    def get_toegestane_transities(self, bezwaar) -> list[str]:
        return toegestaan(bezwaar, self.context["request"].user)


portalapi.alleen_voor_wie_het_mag_zien(
    BezwaarSerializer,
    BezwaarSerializer.PERSOONLIJK,
    "Alleen voor de gemeente die het besluit nam; voor anderen ontbreekt dit veld.",
)


class BezwaarInvoerSerializer(serializers.Serializer):
    verkeersbesluit = serializers.PrimaryKeyRelatedField(queryset=Verkeersbesluit.objects.none())
    indiener_naam = serializers.CharField(max_length=200)
    indiener_adres = serializers.CharField(max_length=500)
    ontvangen_op = serializers.DateField()
    per_post = serializers.BooleanField(default=False)
    ter_post_op = serializers.DateField(required=False, allow_null=True, default=None)
    gronden = serializers.CharField()
    algemeen = serializers.BooleanField(default=False, help_text="Tegen het hele besluit.")
    locaties = serializers.PrimaryKeyRelatedField(
        many=True, required=False, default=list, queryset=Locatie.objects.all()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "request" in self.context:  # not when the schema is generated
            self.fields["verkeersbesluit"].queryset = selectors.zichtbare_verkeersbesluiten(
                self.context["request"].user
            )


class MotiveringSerializer(serializers.Serializer):
    motivering = serializers.CharField(max_length=5000)


def _beslis(uitkomst):
    return lambda b, u, d: services.beslis_op_bezwaar(b, u, uitkomst, d["motivering"])


BEZWAARTRANSITIES = {
    naam: Transitie(MotiveringSerializer, _beslis(uitkomst)) for uitkomst, naam in services.UITKOMSTEN.items()
}
BEZWAARTRANSITIES["verdagen"] = Transitie(LeegSerializer, lambda b, u, d: services.verdaag(b, u))


@extend_schema_view(
    list=extend_schema(
        summary="Bezwaren die u mag zien",
        description="Naam en adres van de indiener ziet alleen de gemeente die het besluit nam.",
        parameters=[
            OpenApiParameter("verkeersbesluit", int),
            OpenApiParameter("status", str, enum=[s.value for s in Bezwaar.Status]),
        ],
    ),
    retrieve=extend_schema(summary="Eén bezwaar"),
    historie=extend_schema(summary="Historie van het bezwaar"),
    create=extend_schema(
        summary="Een bezwaar registreren (gemeente)",
        description=(
            "Het portaal beoordeelt of het bezwaar tijdig is (Awb 6:9; bij post telt het poststempel als de "
            "brief binnen een week na de termijn binnenkwam) en markeert een te laat bezwaar voor juridische "
            "toets (Awb 6:11) in plaats van het te weigeren."
        ),
        request=BezwaarInvoerSerializer,
        responses={201: BezwaarSerializer},
        examples=[
            OpenApiExample(
                "per post, tegen één locatie",
                value={
                    "verkeersbesluit": 7,
                    "indiener_naam": "J. Jansen",
                    "indiener_adres": "Kerkstraat 1, 7311 AB Apeldoorn",
                    "ontvangen_op": "2026-04-17",
                    "per_post": True,
                    "ter_post_op": "2026-04-13",
                    "gronden": "De parkeerdruk in de straat is al hoog.",
                    "locaties": [12],
                },
                request_only=True,
            )
        ],
    ),
    transities=extend_schema(
        summary="Beslissen op een bezwaar (gemeente)",
        description=(
            "`gegrond_verklaren`, `ongegrond_verklaren`, `niet_ontvankelijk_verklaren` (elk met `motivering`), "
            "`verdagen` (eenmaal zes weken, Awb 7:10 lid 3). Gegrond tegen locaties haalt die uit het besluit; "
            "gegrond tegen het hele besluit trekt het in."
        ),
        request=None,
        responses={200: BezwaarSerializer},
        examples=[
            OpenApiExample(
                "ongegrond_verklaren",
                value={"motivering": "De parkeerdruk is onderzocht."},
                request_only=True,
            )
        ],
    ),
)
class BezwaarViewSet(
    ZaakAPI,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = BezwaarSerializer
    TRANSITIES = BEZWAARTRANSITIES

    def get_queryset(self):
        rijen = selectors.zichtbare_bezwaren(self.request.user).prefetch_related("locaties")
        if self.action == "list":
            params = self.request.query_params
            if params.get("verkeersbesluit", "").isdigit():
                rijen = rijen.filter(verkeersbesluit_id=int(params["verkeersbesluit"]))
            if params.get("status"):
                rijen = rijen.filter(status=params["status"])
        return rijen.order_by("-geregistreerd_op", "-pk")

    def create(self, request, *args, **kwargs):
        invoer = BezwaarInvoerSerializer(data=request.data, context=self.get_serializer_context())
        invoer.is_valid(raise_exception=True)
        data = dict(invoer.validated_data)
        besluit = data.pop("verkeersbesluit")
        bezwaar = services.registreer_bezwaar(besluit, request.user, **data)
        return Response(self.get_serializer(bezwaar).data, status=status.HTTP_201_CREATED)
