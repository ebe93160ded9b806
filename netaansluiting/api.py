"""REST for grid connections and batches (DESIGN.md section 6), above all for the netbeheerder's own systems:
poll what changed, move each connection forward. Input and output only; rules live in services and selectors."""

from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from netaansluiting import selectors, services
from netaansluiting.models import Batch, Netaansluiting
from portal import api as portalapi
from portal.api import LeegSerializer, Transitie, ZaakAPI, toegestaan


class LocatieKortSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    omschrijving = serializers.CharField()
    lat = serializers.FloatField()
    lon = serializers.FloatField()
    rd_x = serializers.FloatField()
    rd_y = serializers.FloatField()
    laadpunten = serializers.IntegerField()


class NetaansluitingSerializer(portalapi.ModelSerializer):
    status_label = portalapi.StatuslabelField()
    locatie = LocatieKortSerializer(read_only=True)
    gemeente_naam = serializers.CharField(source="gemeente.naam", read_only=True)
    netbeheerder_naam = serializers.CharField(source="netbeheerder.naam", read_only=True)
    cpo_naam = serializers.CharField(source="cpo.naam", read_only=True)
    batch = serializers.SerializerMethodField()
    uiterlijk = serializers.DateField(source="termijn_uiterlijk", allow_null=True, read_only=True)
    aan_zet = serializers.CharField(
        source="termijn_organisatie.naam", default=None, allow_null=True, read_only=True
    )
    # May be empty: a plain string in the schema, not format "email" ("" is no e-mail address).
    contact_email = serializers.CharField(read_only=True)
    toegestane_transities = serializers.SerializerMethodField()
    historie_url = portalapi.HistorieUrlField("api:netaansluiting-historie")

    class Meta:
        model = Netaansluiting
        fields = [
            "id",
            "nummer",
            "status",
            "status_label",
            "locatie",
            "gemeente",
            "gemeente_naam",
            "netbeheerder",
            "netbeheerder_naam",
            "cpo",
            "cpo_naam",
            "batch",
            "capaciteit",
            "erijder",
            "kenmerk_netbeheerder",
            "postcode",
            "huisnummer",
            "contactpersoon",
            "contact_telefoon",
            "contact_email",
            "aangevraagd_op",
            "werkvoorbereiding_gereed_op",
            "aannemer",
            "aansluiting_gepland_op",
            "aangesloten_op",
            "ean",
            "afkeurreden",
            "annuleringsreden",
            "uiterlijk",
            "aan_zet",
            "gewijzigd_op",
            "toegestane_transities",
            "historie_url",
        ]
        read_only_fields = fields

    def get_batch(self, aansluiting) -> str | None:
        batch = selectors.lopende_batch(aansluiting)
        return batch.nummer if batch else None

    def get_toegestane_transities(self, aansluiting) -> list[str]:
        return toegestaan(aansluiting, self.context["request"].user)


class AansluitgegevensSerializer(serializers.Serializer):
    """What the CPO may change on its connection request: where to connect and whom to call. Fields left out
    stay as they are."""

    postcode = serializers.CharField(max_length=7, required=False, allow_blank=True)
    huisnummer = serializers.IntegerField(min_value=1, max_value=99999, required=False, allow_null=True)
    contactpersoon = serializers.CharField(max_length=200, required=False, allow_blank=True)
    contact_telefoon = serializers.CharField(max_length=30, required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)


class RegistrerenSerializer(serializers.Serializer):
    kenmerk_netbeheerder = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default="", help_text="Uw eigen zaaknummer."
    )


class NetcheckGoedkeurenSerializer(serializers.Serializer):
    werkvoorbereiding_gereed_op = serializers.DateField(
        help_text="Wanneer de werkvoorbereiding gereed is (gepland)."
    )


class NetcheckAfkeurenSerializer(serializers.Serializer):
    reden = serializers.CharField(
        source="afkeurreden", max_length=2000, help_text="Waarom het net deze aansluiting niet aankan."
    )


class OpdrachtSerializer(serializers.Serializer):
    aannemer = serializers.CharField(max_length=200)
    aansluiting_gepland_op = serializers.DateField()


class AansluitenSerializer(serializers.Serializer):
    aangesloten_op = serializers.DateField()
    ean = serializers.CharField(max_length=24, help_text="18 cijfers, het laatste een controlecijfer (GS1).")


def _stap(naam: str) -> Transitie:
    return Transitie(
        INVOER[naam], services.stap(naam), lambda zaak, u: services.controleer_netbeheerderstap(zaak, naam, u)
    )


INVOER = {
    "registreren": RegistrerenSerializer,
    "netcheck_goedkeuren": NetcheckGoedkeurenSerializer,
    "netcheck_afkeuren": NetcheckAfkeurenSerializer,
    "opdracht_verstrekken": OpdrachtSerializer,
    "aansluiten": AansluitenSerializer,
}
AANSLUITINGTRANSITIES = {naam: _stap(naam) for naam in INVOER}


def _gewijzigd_sinds(params):
    waarde = params.get("gewijzigd_sinds")
    if not waarde:
        return None
    try:
        return serializers.DateTimeField().to_internal_value(waarde)
    except serializers.ValidationError as fout:
        raise serializers.ValidationError(
            {"gewijzigd_sinds": ["Gebruik een tijdstip volgens ISO 8601, bijv. 2026-03-02T08:00:00+01:00."]}
        ) from fout


def _getal(params, naam: str) -> int | None:
    waarde = params.get(naam, "")
    if not waarde:
        return None
    if not waarde.isdigit():
        raise serializers.ValidationError({naam: ["Een id is een geheel getal."]})
    return int(waarde)


POLLEN = (
    "Met `gewijzigd_sinds` komen alleen de rijen die op of na dat tijdstip veranderden, in de volgorde waarin "
    "ze veranderden (oudste eerst). Vraag de volgende keer vanaf de laatste `gewijzigd_op` die u zag; een rij "
    "die u al had, kan dan nog eens komen (verwerk op `id`)."
)


@extend_schema_view(
    list=extend_schema(
        summary="Netaansluitingen die u mag zien",
        description="Een netbeheerder ziet alleen de aansluitingen die bij hem zijn aangevraagd. " + POLLEN,
        parameters=[
            OpenApiParameter("status", str, enum=[s.value for s in Netaansluiting.Status]),
            OpenApiParameter("gemeente", int),
            OpenApiParameter("batch", int, description="Id van een batch"),
            OpenApiParameter("gewijzigd_sinds", str, description="ISO 8601-tijdstip"),
            OpenApiParameter(
                "zoek", str, description="Nummer, EAN, uw kenmerk of de omschrijving van de locatie"
            ),
        ],
    ),
    retrieve=extend_schema(summary="Eén netaansluiting"),
    historie=extend_schema(summary="Historie van de netaansluiting"),
    transities=extend_schema(
        summary="Een stap van de netbeheerder melden",
        description=(
            "`registreren` (optioneel `kenmerk_netbeheerder`: uw eigen nummer; de netcheck loopt), "
            "`netcheck_goedkeuren` (`werkvoorbereiding_gereed_op`: geplande datum, de werkvoorbereiding begint), "
            "`netcheck_afkeuren` (`reden`), `opdracht_verstrekken` (`aannemer`, `aansluiting_gepland_op`), "
            "`aansluiten` (`aangesloten_op`, `ean`). Dezelfde stap met dezelfde gegevens nog eens geeft 200 en "
            "verandert niets (veilig om opnieuw te proberen). 403: niet uw aansluiting om te melden; 409: niet "
            "vanuit deze status; 404: onbekend of niet van u; 400: foute velden, elk bij naam."
        ),
        request=PolymorphicProxySerializer(
            component_name="NetbeheerderstapInvoer",
            serializers=list(INVOER.values()),
            resource_type_field_name=None,
        ),
        responses={200: NetaansluitingSerializer},
        examples=[
            OpenApiExample(
                "registreren", value={"kenmerk_netbeheerder": "LIA-2026-88213"}, request_only=True
            ),
            OpenApiExample(
                "netcheck_goedkeuren", value={"werkvoorbereiding_gereed_op": "2026-03-20"}, request_only=True
            ),
            OpenApiExample(
                "netcheck_afkeuren",
                value={"reden": "Middenspanningsstation vol tot verzwaring in 2028."},
                request_only=True,
            ),
            OpenApiExample(
                "opdracht_verstrekken",
                value={"aannemer": "Volker Energie", "aansluiting_gepland_op": "2026-04-14"},
                request_only=True,
            ),
            OpenApiExample(
                "aansluiten",
                value={"aangesloten_op": "2026-04-14", "ean": "871685900012345674"},
                request_only=True,
            ),
        ],
    ),
)
class NetaansluitingViewSet(
    ZaakAPI, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = NetaansluitingSerializer
    TRANSITIES = AANSLUITINGTRANSITIES

    def zaak_voor_transitie(self):
        # Scoped like every read, without the joins and the batch the answer needs: the grid operator's system
        # posts hundreds of these, and the answer is read afresh after the step.
        rijen = (
            selectors.zichtbare_aansluitingen(self.request.user).select_related(None).prefetch_related(None)
        )
        # DRF's get_object_or_404: an id that is not a number is a 404, not a ValueError (a 500).
        return get_object_or_404(rijen, pk=self.kwargs["pk"])

    @extend_schema(
        operation_id="netaansluitingen_aansluitgegevens",
        summary="Aansluitadres en contactpersoon wijzigen (CPO)",
        description=(
            "De CPO zet het aansluitadres (postcode, huisnummer) en de contactpersoon bij de CPO, tot de "
            "aansluiting er is. Alleen meegestuurde velden veranderen; de wijziging staat in de historie. "
            "403: niet uw aansluiting; 409: al aangesloten of geannuleerd; 400: foute velden, elk bij naam."
        ),
        request=AansluitgegevensSerializer,
        responses={200: NetaansluitingSerializer},
        examples=[
            OpenApiExample(
                "adres en contact",
                value={"postcode": "7311 AB", "huisnummer": 12, "contactpersoon": "Sanne de Vries"},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["patch"])
    def aansluitgegevens(self, request, pk=None):
        invoer = AansluitgegevensSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        aansluiting = services.wijzig_aansluitgegevens(
            self.zaak_voor_transitie(), request.user, **invoer.validated_data
        )
        return Response(self.get_serializer(get_object_or_404(self.get_queryset(), pk=aansluiting.pk)).data)

    def get_queryset(self):
        if self.action != "list":
            return selectors.zichtbare_aansluitingen(self.request.user)
        params = self.request.query_params
        return selectors.aansluitingen(
            self.request.user,
            selectors.Aansluitingfilter(
                status=params.get("status", ""),
                gemeente=_getal(params, "gemeente"),
                batch=_getal(params, "batch"),
                gewijzigd_sinds=_gewijzigd_sinds(params),
                zoek=params.get("zoek", ""),
            ),
        )


class BatchregelSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="netaansluiting.id")
    nummer = serializers.CharField(source="netaansluiting.nummer")
    status = serializers.CharField(source="netaansluiting.status")
    locatie = serializers.CharField(source="netaansluiting.locatie.omschrijving")


class BatchSerializer(portalapi.ModelSerializer):
    status_label = portalapi.StatuslabelField()
    netbeheerder_naam = serializers.CharField(source="netbeheerder.naam", read_only=True)
    cpo_naam = serializers.CharField(source="cpo.naam", read_only=True)
    aantal = serializers.IntegerField(read_only=True)
    netaansluitingen = BatchregelSerializer(source="regels", many=True, read_only=True)
    toegestane_transities = serializers.SerializerMethodField()
    historie_url = portalapi.HistorieUrlField("api:batch-historie")

    class Meta:
        model = Batch
        fields = [
            "id",
            "nummer",
            "status",
            "status_label",
            "netbeheerder",
            "netbeheerder_naam",
            "cpo",
            "cpo_naam",
            "erijders",
            "aantal",
            "aangemaakt_op",
            "verzenden_uiterlijk",
            "verzonden_op",
            "afgerond_op",
            "gewijzigd_op",
            "netaansluitingen",
            "toegestane_transities",
            "historie_url",
        ]
        read_only_fields = fields

    def get_toegestane_transities(self, batch) -> list[str]:
        return toegestaan(batch, self.context["request"].user)


@extend_schema_view(
    list=extend_schema(
        summary="Batches die u mag zien",
        description=(
            "Een netbeheerder ziet de batches die naar hem zijn verzonden (niet de batch die nog wordt gevuld); "
            "een CPO al zijn batches. " + POLLEN
        ),
        parameters=[
            OpenApiParameter("status", str, enum=[s.value for s in Batch.Status]),
            OpenApiParameter("gewijzigd_sinds", str, description="ISO 8601-tijdstip"),
        ],
    ),
    retrieve=extend_schema(summary="Eén batch met zijn netaansluitingen"),
    historie=extend_schema(summary="Historie van de batch"),
    transities=extend_schema(
        summary="Een open batch nu verzenden (CPO)",
        description=(
            "`verzenden`: de CPO stuurt een batch die nog niet vol is meteen. Anders gaat een batch vanzelf bij "
            "80 aansluitingen, of na de wachttijd van de netbeheerder (standaard 5 werkdagen). Afgerond wordt een "
            "batch vanzelf als elke aansluiting erin klaar is."
        ),
        request=None,
        responses={200: BatchSerializer},
    ),
)
class BatchViewSet(ZaakAPI, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = BatchSerializer
    TRANSITIES = {"verzenden": Transitie(LeegSerializer, lambda batch, u, d: services.verstuur(batch, u))}

    def get_queryset(self):
        params = self.request.query_params
        filter_ = selectors.Batchfilter()
        if self.action == "list":
            filter_ = selectors.Batchfilter(
                status=params.get("status", ""), gewijzigd_sinds=_gewijzigd_sinds(params)
            )
        return selectors.batches(self.request.user, filter_).prefetch_related(
            "regels__netaansluiting__locatie"
        )
