"""The `kengetallen` API (DESIGN.md 6): the KPIs of portal.kengetallen.berekeningen, scoped like the dashboard.

GET /api/v1/kengetallen/doorlooptijd/?van=YYYY-MM-DD&tot=YYYY-MM-DD&gemeente=<id>&bron=<bron> answers at
least `aantal`, `mediaan_dagen` and `p80_dagen`; every other figure has its own address under
/api/v1/kengetallen/. Input errors are 400 naming the field; E-rijders get 403.
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.kengetallen import berekeningen
from portal.kengetallen.berekeningen import Filter


class MagKengetallenZien(permissions.BasePermission):
    message = "Kengetallen zijn er voor medewerkers van gemeente, provincie, CPO en netbeheerder."

    def has_permission(self, request, view):
        return berekeningen.mag_kengetallen_zien(request.user)


def _bronnen():
    from aanvragen.models import Bron

    return Bron.choices


class FilterSerializer(serializers.Serializer):
    van = serializers.DateField(required=False, help_text="Eerste dag van de periode (JJJJ-MM-DD).")
    tot = serializers.DateField(required=False, help_text="Laatste dag van de periode (JJJJ-MM-DD).")
    gemeente = serializers.IntegerField(required=False, min_value=1, help_text="Id van een gemeente.")
    bron = serializers.ChoiceField(choices=(), required=False, help_text="De baan van de aanvragen.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bron"].choices = _bronnen()

    def validate(self, attrs):
        if attrs.get("van") and attrs.get("tot") and attrs["van"] > attrs["tot"]:
            raise serializers.ValidationError({"tot": ["De einddatum ligt voor de begindatum."]})
        return attrs


class PerSerializer(FilterSerializer):
    per = serializers.ChoiceField(choices=berekeningen.PER, help_text="Waarnaar uitsplitsen.")


FILTERPARAMETERS = [
    OpenApiParameter("van", str, description="Eerste dag van de periode (JJJJ-MM-DD)"),
    OpenApiParameter("tot", str, description="Laatste dag van de periode (JJJJ-MM-DD)"),
    OpenApiParameter("gemeente", int, description="Id van een gemeente binnen uw bereik"),
    OpenApiParameter("bron", str, enum=["erijder", "gemeente", "cpo", "datagedreven"]),
]
GETAL = {"type": "number", "nullable": True}
DOORLOOPTIJD = {
    "type": "object",
    "properties": {
        "aantal": {"type": "integer"},
        "mediaan_dagen": GETAL,
        "p80_dagen": GETAL,
        "verdeling": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "van_dagen": {"type": "integer"},
                    "tot_dagen": {"type": "integer"},
                    "aantal": {"type": "integer"},
                },
            },
        },
    },
    "required": ["aantal", "mediaan_dagen", "p80_dagen", "verdeling"],
}
LIJST = {"type": "array", "items": {"type": "object", "additionalProperties": True}}
OBJECT = {"type": "object", "additionalProperties": True}


class KengetalView(APIView):
    permission_classes = [permissions.IsAuthenticated, MagKengetallenZien]
    filter_serializer = FilterSerializer
    functie = None  # a function (gebruiker, Filter) -> dict | list of berekeningen

    def filter_uit(self, request):
        invoer = self.filter_serializer(data=request.query_params)
        invoer.is_valid(raise_exception=True)
        gegevens = dict(invoer.validated_data)
        extra = {k: gegevens.pop(k) for k in list(gegevens) if k not in ("van", "tot", "gemeente", "bron")}
        return Filter(**gegevens), extra

    def get(self, request):
        filter_, extra = self.filter_uit(request)
        return Response(type(self).functie(request.user, filter_, **extra))


def _view(naam: str, functie, schema: dict, samenvatting: str, filter_serializer=FilterSerializer, extra=()):
    view = type(
        f"Kengetal{naam.title().replace('-', '')}View",
        (KengetalView,),
        {"functie": staticmethod(functie), "filter_serializer": filter_serializer},
    )

    # A function of its own per view: extend_schema marks the function it is given, and a shared inherited
    # get would carry the last figure's operationId for all of them.
    def get(self, request):
        return KengetalView.get(self, request)

    view.get = extend_schema(
        operation_id=f"kengetallen_{naam.replace('-', '_')}",
        summary=samenvatting,
        parameters=[*FILTERPARAMETERS, *extra],
        responses={200: schema},
        tags=["kengetallen"],
    )(get)
    return view


KENGETALLEN = [
    ("doorlooptijd", berekeningen.doorlooptijd, DOORLOOPTIJD, "Doorlooptijd van aanvraag tot oplevering"),
    ("tijd-per-fase", berekeningen.tijd_per_fase, LIJST, "Tijd per stap en partij"),
    ("tijd-per-partij", berekeningen.tijd_per_partij, LIJST, "Wachttijd per partij"),
    ("binnen-servicetermijn", berekeningen.binnen_servicetermijn, LIJST, "Stappen binnen hun servicetermijn"),
    ("doorstroom", berekeningen.doorstroom, LIJST, "Aanvragen in en opgeleverd per maand en baan"),
    ("open-werk", berekeningen.open_werk, LIJST, "Open aanvragen naar leeftijd"),
    ("knelpunten", berekeningen.knelpunten, LIJST, "Waar zaken nu wachten"),
    ("bezwaren", berekeningen.bezwaren, OBJECT, "Bezwaren tegen verkeersbesluiten"),
    ("netcheck", berekeningen.netcheck, OBJECT, "Netchecks en weigeringen"),
    ("afwijzingen", berekeningen.afwijzingen, LIJST, "Afwijzingen per redencode"),
    ("maximum", berekeningen.maximum, OBJECT, "De maximale doorlooptijd van 16 weken"),
]

urlpatterns = [
    path(
        f"kengetallen/{naam}/",
        _view(naam, functie, schema, samenvatting).as_view(),
        name=f"kengetallen-{naam}",
    )
    for naam, functie, schema, samenvatting in KENGETALLEN
] + [
    path(
        "kengetallen/doorlooptijd-per/",
        _view(
            "doorlooptijd-per",
            berekeningen.doorlooptijd_per,
            LIJST,
            "Doorlooptijd per gemeente, provincie, CPO, netbeheerder of baan",
            PerSerializer,
            [OpenApiParameter("per", str, required=True, enum=list(berekeningen.PER))],
        ).as_view(),
        name="kengetallen-doorlooptijd-per",
    ),
    path(
        "kengetallen/",
        _view("alles", berekeningen.alles, OBJECT, "Alle kengetallen in één antwoord").as_view(),
        name="kengetallen",
    ),
]
