"""REST for data-driven signals (DESIGN.md 6): `signalen` with `toegestane_transities`, `historie/` and
`transities/<naam>/` like every case resource. Input and output only; the rules live in aanvragen.signalen."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from aanvragen import selectors_signalen as selectors
from aanvragen import signalen as services
from aanvragen.modellen_signalen import Signaal, Weigercode
from plankaart import selectors as plankaartselectors
from portal import api as portalapi
from portal.api import LeegSerializer, Transitie, ZaakAPI, toegestaan


class SignaalSerializer(portalapi.ModelSerializer):
    status_label = portalapi.StatuslabelField()
    provincie_naam = serializers.CharField(source="provincie.naam", read_only=True)
    gemeente_naam = serializers.CharField(source="gemeente.naam", read_only=True)
    cpo_naam = serializers.CharField(source="cpo.naam", read_only=True)
    locatie_omschrijving = serializers.CharField(source="locatie.omschrijving", read_only=True)
    lat = serializers.FloatField(source="locatie.lat", read_only=True)
    lon = serializers.FloatField(source="locatie.lon", read_only=True)
    laadpunt = serializers.CharField(source="laadpunt.evse_id", default=None, allow_null=True, read_only=True)
    aanvraag = serializers.CharField(source="aanvraag.nummer", default=None, allow_null=True, read_only=True)
    uiterlijk = serializers.DateField(source="termijn_uiterlijk", allow_null=True, read_only=True)
    aan_zet = serializers.CharField(
        source="termijn_organisatie.naam", default=None, allow_null=True, read_only=True
    )
    toegestane_transities = serializers.SerializerMethodField()
    historie_url = portalapi.HistorieUrlField("api:signaal-historie")

    class Meta:
        model = Signaal
        fields = [
            "id",
            "nummer",
            "status",
            "status_label",
            "provincie",
            "provincie_naam",
            "gemeente",
            "gemeente_naam",
            "cpo",
            "cpo_naam",
            "locatie",
            "locatie_omschrijving",
            "lat",
            "lon",
            "laadpunt",
            "niveau",
            "kwh",
            "drempel_kwh",
            "periode_van",
            "periode_tot",
            "reden_code",
            "toelichting",
            "aanvraag",
            "uiterlijk",
            "aan_zet",
            "aangemaakt_op",
            "verzonden_op",
            "afgesloten_op",
            "toegestane_transities",
            "historie_url",
        ]
        read_only_fields = fields

    def get_toegestane_transities(self, signaal) -> list[str]:
        return toegestaan(signaal, self.context["request"].user)


class IntrekkenSerializer(serializers.Serializer):
    toelichting = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class WeigerenSerializer(serializers.Serializer):
    reden_code = serializers.ChoiceField(choices=Weigercode.choices)
    toelichting = serializers.CharField(max_length=2000)


class OmzettenSerializer(serializers.Serializer):
    locatie = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Een locatie van de plankaart binnen de straal.",
    )
    lat = serializers.FloatField(required=False, allow_null=True, default=None, min_value=-90, max_value=90)
    lon = serializers.FloatField(required=False, allow_null=True, default=None, min_value=-180, max_value=180)
    omschrijving = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


def _omzetten(signaal, gebruiker, data):
    locatie = None
    if data.get("locatie") is not None:
        locatie = get_object_or_404(plankaartselectors.zichtbare_locaties(gebruiker), pk=data["locatie"])
    return services.zet_om(
        signaal,
        gebruiker,
        locatie=locatie,
        lat=data["lat"],
        lon=data["lon"],
        omschrijving=data["omschrijving"],
    )


TRANSITIES = {
    "versturen": Transitie(LeegSerializer, lambda s, u, d: services.verstuur(s, u)),
    "intrekken": Transitie(IntrekkenSerializer, lambda s, u, d: services.trek_in(s, u, d["toelichting"])),
    "weigeren": Transitie(
        WeigerenSerializer, lambda s, u, d: services.weiger(s, u, d["reden_code"], d["toelichting"])
    ),
    "omzetten": Transitie(OmzettenSerializer, _omzetten),
}


@extend_schema_view(
    list=extend_schema(
        summary="Signalen die u mag zien",
        description="De provincie ziet haar signalen; de exploitant en de gemeente zien een signaal zodra het "
        "verstuurd is. Zonder `status`: de open signalen.",
        parameters=[OpenApiParameter("status", str, enum=[s.value for s in Signaal.Status])],
    ),
    retrieve=extend_schema(summary="Eén signaal"),
    historie=extend_schema(summary="Historie van het signaal"),
    transities=extend_schema(
        summary="Een transitie uitvoeren",
        description=(
            "Provincie: `versturen`, `intrekken` (optioneel `toelichting`). Exploitant: `omzetten` (`locatie`: "
            "een locatie van de plankaart binnen de straal; of `locatie` met `lat`, `lon`, `omschrijving`: die "
            "kandidaat verschuiven; of alleen `lat`, `lon`, `omschrijving`: een nieuwe locatie met netcheck) of "
            "`weigeren` (`reden_code`, `toelichting`). 403: niet uw transitie; 409: niet vanuit deze status; "
            "400: foute velden, elk bij naam."
        ),
        request=None,
        responses={200: SignaalSerializer},
    ),
)
class SignaalViewSet(ZaakAPI, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = SignaalSerializer
    TRANSITIES = TRANSITIES

    def get_queryset(self):
        rijen = selectors.zichtbare_signalen(self.request.user).select_related("termijn_organisatie")
        if self.action == "list":
            status = self.request.query_params.get("status", "")
            rijen = rijen.filter(status=status) if status else rijen.filter(status__in=Signaal.OPEN)
        return rijen.order_by("pk")
