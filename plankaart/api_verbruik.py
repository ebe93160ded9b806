"""REST for usage data (DESIGN.md 6): `cdrs` (the CPO posts OCPI 2.2.1 CDR objects, idempotent on their id, and
reads its own back) and `verbruik` (figures per charging point, location, gemeente, provincie or region).
Input and output only; the rules live in plankaart.services.cdrs/verbruik and plankaart.selectors_verbruik."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from plankaart import selectors_verbruik as selectors
from plankaart.modellen_verbruik import Cdr
from plankaart.services import cdrs, verbruik
from portal import api as portalapi

MAX_CDRS_PER_VERZOEK = 10_000


class CdrSerializer(portalapi.ModelSerializer):
    id = serializers.CharField(
        source="cdr_id", read_only=True, help_text="Het CDR-id van de exploitant (OCPI)."
    )
    locatie_id = serializers.CharField(source="ocpi_locatie_id", read_only=True)
    laadpunt = serializers.CharField(source="laadpunt.evse_id", default=None, allow_null=True, read_only=True)
    kwh = serializers.FloatField(read_only=True)
    totale_tijd_uren = serializers.FloatField(read_only=True)
    parkeertijd_uren = serializers.FloatField(read_only=True)

    class Meta:
        model = Cdr
        fields = [
            "id",
            "locatie_id",
            "evse_uid",
            "evse_id",
            "laadpunt",
            "begin",
            "einde",
            "kwh",
            "totale_tijd_uren",
            "parkeertijd_uren",
            "credit",
            "credit_reference_id",
            "geannuleerd",
            "ontvangen_op",
        ]
        read_only_fields = fields


class CdrInvoerSerializer(serializers.ListSerializer):
    child = serializers.DictField()


class ImportrapportSerializer(serializers.Serializer):
    ontvangen = serializers.IntegerField()
    nieuw = serializers.IntegerField()
    dubbel = serializers.IntegerField(help_text="Al ontvangen (zelfde CPO en id): overgeslagen.")
    creditering = serializers.IntegerField()
    geannuleerd = serializers.IntegerField(
        help_text="Originelen die door een creditering niet meer meetellen."
    )
    zonder_laadpunt = serializers.IntegerField(help_text="Bewaard, maar bij geen bekend laadpunt (EVSE uid).")
    aantal_fouten = serializers.IntegerField()
    fouten = serializers.ListField(child=serializers.DictField())


def _waar(waarde: str) -> bool:
    return waarde.lower() in ("1", "true", "ja")


@extend_schema_view(
    list=extend_schema(
        summary="Uw laadsessies (CDR's)",
        description="Alleen voor de laadpaalexploitant: de eigen CDR's in de gemeenten die hij bedient, plus de "
        "eigen CDR's die bij geen laadpunt passen (`zonderLaadpunt=true`: de lijst om op te lossen).",
        parameters=[
            OpenApiParameter("zonderLaadpunt", bool),
            OpenApiParameter("van", dt.date, description="Begin op of na deze dag (JJJJ-MM-DD)"),
            OpenApiParameter("tot", dt.date, description="Begin op of vóór deze dag (JJJJ-MM-DD)"),
        ],
    ),
    create=extend_schema(
        summary="CDR's aanleveren",
        description="Een lijst OCPI 2.2.1 CDR-objecten (of een OCPI-envelop met `data`). Idempotent op het CDR-id: "
        "wat al binnen is, wordt overgeslagen. Een creditering (`credit: true` met `credit_reference_id`) haalt "
        "het origineel uit de cijfers. Een CDR die niet te lezen is, staat met zijn fout in het rapport; de "
        "rest wordt wel ingelezen. 201 als er iets nieuws was, anders 200.",
        request=CdrInvoerSerializer(child=serializers.DictField()),
        responses={200: ImportrapportSerializer, 201: ImportrapportSerializer},
        examples=[
            OpenApiExample(
                "Eén CDR",
                request_only=True,
                value=[
                    {
                        "id": "CDR-1",
                        "start_date_time": "2026-03-10T17:00:00Z",
                        "end_date_time": "2026-03-10T19:30:00Z",
                        "total_energy": 18.4,
                        "total_time": 2.5,
                        "total_parking_time": 0.4,
                        "cdr_token": {"uid": "04A1B2C3"},
                        "cdr_location": {
                            "id": "LOC-1",
                            "evse_uid": "EVSE-1",
                            "evse_id": "NL*ABC*E12345",
                            "coordinates": {"latitude": "52.21120", "longitude": "5.96990"},
                        },
                        "last_updated": "2026-03-10T19:31:00Z",
                    }
                ],
            )
        ],
    ),
)
class CdrViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = CdrSerializer

    def get_queryset(self):
        rijen = selectors.zichtbare_cdrs(self.request.user).select_related("laadpunt")
        params = self.request.query_params
        if _waar(params.get("zonderLaadpunt", "")):
            rijen = rijen.filter(laadpunt__isnull=True, credit=False)
        datums = _datums(params, verplicht=False)
        if datums[0]:
            rijen = rijen.filter(dag__gte=datums[0])
        if datums[1]:
            rijen = rijen.filter(dag__lte=datums[1])
        return rijen.order_by("-begin", "-pk")

    def create(self, request, *args, **kwargs):
        if not selectors.mag_cdrs_aanleveren(request.user):
            raise PermissionDenied(_("Alleen een laadpaalexploitant levert CDR's aan."))
        data = request.data
        if isinstance(data, dict) and isinstance(data.get("data"), list):
            data = data["data"]
        if not isinstance(data, list):
            raise serializers.ValidationError({"data": [_("Stuur een JSON-lijst van CDR-objecten.")]})
        if len(data) > MAX_CDRS_PER_VERZOEK:
            raise serializers.ValidationError(
                {
                    "data": [
                        _("Hoogstens %(n)d CDR's per verzoek; lever grotere aantallen als bestand aan.")
                        % {"n": MAX_CDRS_PER_VERZOEK}
                    ]
                }
            )
        rapport = cdrs.importeer(request.user.organisatie, data)
        return Response(
            ImportrapportSerializer(rapport.als_dict()).data,
            status=status.HTTP_201_CREATED if rapport.nieuw else status.HTTP_200_OK,
        )


def _datum(params, naam: str) -> dt.date | None:
    waarde = params.get(naam, "")
    if not waarde:
        return None
    try:
        return dt.date.fromisoformat(waarde)
    except ValueError as fout:
        raise serializers.ValidationError({naam: [_("Gebruik een datum als 2026-03-01.")]}) from fout


def _datums(params, verplicht: bool = True) -> tuple[dt.date | None, dt.date | None]:
    van, tot = _datum(params, "van"), _datum(params, "tot")
    if van and tot and tot < van:
        raise serializers.ValidationError({"tot": [_("De einddatum ligt vóór de begindatum.")]})
    if verplicht:
        standaard_van, standaard_tot = verbruik.twaalf_maanden()
        van, tot = van or standaard_van, tot or standaard_tot
        if (tot - van).days > 3 * 366:
            raise serializers.ValidationError({"van": [_("Vraag hoogstens drie jaar tegelijk op.")]})
    return van, tot


class VerbruikRijSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    naam = serializers.CharField()
    periode = serializers.DateField(help_text="Eerste dag van de dag, maand of het jaar.")
    laadpunten = serializers.IntegerField()
    kwh = serializers.FloatField()
    sessies = serializers.IntegerField()
    laaduren = serializers.FloatField()
    verbonden_uren = serializers.FloatField()
    bezetting_pct = serializers.FloatField(help_text="Verbonden uren / (laadpunten × dagen × 24).")
    piekbezetting_pct = serializers.FloatField()
    boven_80_piek_pct = serializers.FloatField(
        help_text="% laadpunten met meer dan 80% bezetting in de piekuren."
    )
    voertuigen = serializers.IntegerField(
        allow_null=True, help_text="Verschillende tokens; alleen per laadpunt."
    )


class VerbruikSerializer(serializers.Serializer):
    niveau = serializers.CharField()
    periode = serializers.CharField()
    van = serializers.DateField()
    tot = serializers.DateField()
    piekuren = serializers.ListField(child=serializers.ListField(child=serializers.IntegerField()))
    resultaten = VerbruikRijSerializer(many=True)


class VerbruikView(APIView):
    @extend_schema(
        summary="Verbruikscijfers",
        description="Per `niveau` (laadpunt, locatie, gemeente, provincie of regio: alles wat u ziet samen) en "
        "`periode` (dag, maand, jaar) tussen `van` en `tot` (standaard de laatste 12 maanden). De gemeente ziet "
        "haar eigen laadpunten, de provincie die van haar gemeenten, de exploitant zijn eigen.",
        parameters=[
            OpenApiParameter("niveau", str, enum=list(verbruik.NIVEAUS)),
            OpenApiParameter("periode", str, enum=list(verbruik.PERIODES)),
            OpenApiParameter("van", dt.date),
            OpenApiParameter("tot", dt.date),
            OpenApiParameter("gemeente", int),
            OpenApiParameter("locatie", int),
        ],
        responses={200: VerbruikSerializer},
    )
    def get(self, request):
        params = request.query_params
        niveau = params.get("niveau", "gemeente")
        if niveau not in verbruik.NIVEAUS:
            raise serializers.ValidationError({"niveau": [_("Kies uit: %s.") % ", ".join(verbruik.NIVEAUS)]})
        periode = params.get("periode", "maand")
        if periode not in verbruik.PERIODES:
            raise serializers.ValidationError(
                {"periode": [_("Kies uit: %s.") % ", ".join(verbruik.PERIODES)]}
            )
        van, tot = _datums(params)
        if periode == "dag" and (tot - van).days > 400:
            raise serializers.ValidationError({"periode": [_("Per dag hoogstens 400 dagen tegelijk.")]})
        laadpunten = selectors.zichtbare_laadpunten(request.user)
        for naam, pad in (("gemeente", "locatie__gemeente_id"), ("locatie", "locatie_id")):
            waarde = params.get(naam, "")
            if waarde:
                if not waarde.isdigit():
                    raise serializers.ValidationError({naam: [_("Geef het nummer (id).")]})
                laadpunten = laadpunten.filter(**{pad: int(waarde)})
        rijen = verbruik.cijfers(laadpunten, niveau, periode, van, tot)
        return Response(
            {
                "niveau": niveau,
                "periode": periode,
                "van": van,
                "tot": tot,
                "piekuren": [list(p) for p in cdrs.piekuren()],
                "resultaten": [r.als_dict() for r in rijen],
            }
        )
