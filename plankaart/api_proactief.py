"""REST for the proactive lane (DESIGN.md 6): `prognoses` (upload with a dry run, and list), `proactieve-plannen`
(with transitions and the selected locations) and `reacties` (public create; list scoped). Input and output
only: rules live in plankaart.services and plankaart.selectors_proactief."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from plankaart import selectors_proactief as selectors
from plankaart.modellen_proactief import (
    Planlocatie,
    ProactiefPlan,
    Prognose,
    Reactie,
    Scenario,
    Uitvoeringsbatch,
)
from plankaart.services import inspraak, proactief, prognoses
from portal import api as portalapi
from portal import inlogbeveiliging, klok, toegang
from portal.api import LeegSerializer, Transitie, ZaakAPI, toegestaan
from portal.models import Organisatie
from portal.rechten import Recht

P = ProactiefPlan.Status


# prognoses


class PrognoseSerializer(portalapi.ModelSerializer):
    gemeentecode = serializers.SerializerMethodField()
    gemeente_naam = serializers.CharField(source="gemeente.naam", read_only=True)
    geldig = serializers.SerializerMethodField()

    class Meta:
        model = Prognose
        fields = [
            "id",
            "gemeente",
            "gemeente_naam",
            "gemeentecode",
            "jaar",
            "scenario",
            "wijkcode",
            "buurtcode",
            "laadpunten_nodig",
            "versie",
            "geldig",
            "aangemaakt_op",
        ]
        read_only_fields = fields

    def get_gemeentecode(self, prognose) -> str:
        return f"GM{prognose.gemeente.cbs_code}" if prognose.gemeente.cbs_code else ""

    def get_geldig(self, prognose) -> bool:
        return prognose.vervangen_op is None


class PrognoseUploadSerializer(serializers.Serializer):
    bestand = serializers.FileField(
        help_text="CSV of XLSX met gemeentecode, jaar, scenario, laadpunten_nodig."
    )
    toepassen = serializers.BooleanField(
        default=False, help_text="false: alleen controleren (droge run); true: controleren en toepassen."
    )


class PrognoseimportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    versie = serializers.IntegerField(allow_null=True)
    aantallen = serializers.DictField(child=serializers.IntegerField())
    rapport = serializers.ListField(child=serializers.DictField())


@extend_schema_view(
    list=extend_schema(summary="Prognoses die u mag zien (standaard alleen de geldende versie)"),
    retrieve=extend_schema(summary="Eén prognoseregel"),
    create=extend_schema(
        summary="Een prognose uploaden (provincie)",
        description="Multipart met `bestand` (CSV of XLSX). Zonder `toepassen` een droge run: per regel "
        "toegevoegd, gewijzigd, ongewijzigd of geweigerd met de reden. Met `toepassen=true` wordt een nieuwe "
        "versie vastgelegd; de vorige blijft bewaard.",
        request={"multipart/form-data": PrognoseUploadSerializer},
        responses={201: PrognoseimportSerializer},
    ),
)
class PrognoseViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = PrognoseSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        rijen = selectors.zichtbare_prognoses(self.request.user)
        if self.action == "list":
            params = self.request.query_params
            if params.get("alle") != "ja":
                rijen = rijen.filter(vervangen_op__isnull=True)
            if params.get("jaar", "").isdigit():
                rijen = rijen.filter(jaar=int(params["jaar"]))
            if params.get("gemeente", "").isdigit():
                rijen = rijen.filter(gemeente_id=int(params["gemeente"]))
        return rijen.order_by("gemeente__naam", "jaar", "scenario", "wijkcode", "buurtcode", "-versie", "pk")

    def create(self, request, *args, **kwargs):
        prognoses.controleer_provincie(request.user)
        invoer = PrognoseUploadSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        bestand = invoer.validated_data["bestand"]
        imp = prognoses.start_import(request.user, bestand.name, bestand.read())
        if invoer.validated_data["toepassen"]:
            imp = prognoses.pas_toe(imp, request.user)
        uit = {
            "id": imp.pk,
            "status": imp.status,
            "versie": imp.versie,
            "aantallen": imp.aantallen,
            "rapport": imp.rapport,
        }
        return Response(uit, status=status.HTTP_201_CREATED)


# proactieve-plannen


class PlanlocatieSerializer(portalapi.ModelSerializer):
    locatie_id = serializers.IntegerField(source="locatie.pk", read_only=True)
    omschrijving = serializers.CharField(source="locatie.omschrijving", read_only=True)
    lat = serializers.FloatField(source="locatie.lat", read_only=True)
    lon = serializers.FloatField(source="locatie.lon", read_only=True)
    laadpunten = serializers.IntegerField(source="locatie.laadpunten", read_only=True)
    locatie_status = serializers.CharField(source="locatie.status", read_only=True)
    vervangt = serializers.IntegerField(source="vervangt_id", read_only=True, allow_null=True)

    class Meta:
        model = Planlocatie
        fields = [
            "id",
            "locatie_id",
            "omschrijving",
            "lat",
            "lon",
            "laadpunten",
            "locatie_status",
            "cpo_oordeel",
            "cpo_toelichting",
            "besluit",
            "besluit_toelichting",
            "vervangt",
            "kwartaal",
            "prioriteit",
        ]
        read_only_fields = fields


class ProactiefPlanSerializer(portalapi.ModelSerializer):
    gemeente_naam = serializers.CharField(source="gemeente.naam", read_only=True)
    status_label = portalapi.StatuslabelField()
    aan_zet = serializers.CharField(
        source="termijn_organisatie.naam", default=None, allow_null=True, read_only=True
    )
    geselecteerd = serializers.IntegerField(read_only=True)
    locaties = PlanlocatieSerializer(source="planlocaties", many=True, read_only=True)
    batches = serializers.SerializerMethodField()
    toegestane_transities = serializers.SerializerMethodField()
    historie_url = portalapi.HistorieUrlField("api:proactiefplan-historie")

    class Meta:
        model = ProactiefPlan
        fields = [
            "id",
            "gemeente",
            "gemeente_naam",
            "provincie",
            "jaar",
            "scenario",
            "prognose",
            "percentage",
            "aantal",
            "geselecteerd",
            "status",
            "status_label",
            "termijn_stap",
            "aan_zet",
            "termijn_uiterlijk",
            "inspraak_van",
            "inspraak_tot",
            "rapport_gepubliceerd_op",
            "verkeersbesluit",
            "locaties",
            "batches",
            "toegestane_transities",
            "historie_url",
        ]
        read_only_fields = fields

    def get_toegestane_transities(self, plan) -> list[str]:
        gebruiker = self.context["request"].user
        extra = [naam for naam, t in ACTIES.items() if _mag_nu(t, plan, gebruiker)]
        return toegestaan(plan, gebruiker, extra)

    def get_batches(self, plan) -> list[dict]:
        return [
            {
                "id": b.pk,
                "volgnummer": b.volgnummer,
                "status": b.status,
                "locaties": [pl.locatie_id for pl in b.planlocaties.all()],
                "energiecontract_aangevraagd_op": b.energiecontract_aangevraagd_op,
            }
            for b in plan.uitvoeringsbatches.all()
        ]


class PlanInvoerSerializer(serializers.Serializer):
    gemeente = serializers.IntegerField()
    jaar = serializers.IntegerField(min_value=2000, max_value=2100)
    scenario = serializers.ChoiceField(choices=Scenario.choices, default=Scenario.MIDDEN)
    percentage = serializers.IntegerField(
        min_value=1,
        max_value=100,
        required=False,
        help_text="Leeg: het percentage van de provincie (standaard 30).",
    )


class ToelichtingSerializer(serializers.Serializer):
    toelichting = serializers.CharField(max_length=2000)


class SelectieSerializer(serializers.Serializer):
    locaties = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)


class LocatieIdSerializer(serializers.Serializer):
    locatie = serializers.IntegerField()


class ToetsSerializer(serializers.Serializer):
    planlocatie = serializers.IntegerField()
    oordeel = serializers.ChoiceField(choices=Planlocatie.Oordeel.choices)
    toelichting = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    netcheck = serializers.BooleanField(default=False)


class PlanningSerializer(serializers.Serializer):
    planlocatie = serializers.IntegerField()
    kwartaal = serializers.IntegerField(min_value=1, max_value=4)
    prioriteit = serializers.IntegerField(min_value=1)


class VerwerkSerializer(serializers.Serializer):
    planlocatie = serializers.IntegerField()
    besluit = serializers.ChoiceField(choices=Planlocatie.Besluit.choices)
    toelichting = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    vervanging = serializers.IntegerField(required=False, allow_null=True, default=None)


class AntwoordSerializer(serializers.Serializer):
    reactie = serializers.IntegerField()
    antwoord = serializers.CharField(max_length=2000)


class PercentageSerializer(serializers.Serializer):
    percentage = serializers.IntegerField(min_value=1, max_value=100)


class BatchvoorstelSerializer(serializers.Serializer):
    planlocaties = serializers.ListField(child=serializers.IntegerField(), allow_empty=False, max_length=80)


class BatchSerializer(serializers.Serializer):
    batch = serializers.IntegerField()


class EnergiecontractSerializer(BatchSerializer):
    energieleverancier = serializers.CharField(max_length=200)


def _batch(plan, pk):
    return get_object_or_404(Uitvoeringsbatch, plan=plan, pk=pk)


def _actie(recht, rol, statussen, naam):
    return lambda plan, gebruiker: proactief._controleer_actie(plan, gebruiker, recht, rol, statussen, naam)


def _mag_nu(transitie: Transitie, plan, gebruiker) -> bool:
    try:
        transitie.controle(plan, gebruiker)
    except Exception:  # noqa: BLE001 - GeenRecht or NietToegestaan: not offered
        return False
    return True


def _pl(plan, pk):
    return get_object_or_404(Planlocatie, plan=plan, pk=pk)


G, C = Organisatie.Soort.GEMEENTE, Organisatie.Soort.CPO

# Actions on the plan that are not a change of its state, through the same transities/<naam>/ address.
ACTIES = {
    "selecteren": Transitie(
        SelectieSerializer,
        lambda p, u, d: proactief.selecteer(p, u, d["locaties"]),
        _actie(Recht.PROACTIEF_SELECTEREN, G, [P.SELECTEREN], "selecteren"),
    ),
    "deselecteren": Transitie(
        LocatieIdSerializer,
        lambda p, u, d: proactief.deselecteer(p, u, d["locatie"]),
        _actie(Recht.PROACTIEF_SELECTEREN, G, [P.SELECTEREN], "deselecteren"),
    ),
    "toetsen": Transitie(
        ToetsSerializer,
        lambda p, u, d: (
            proactief.toets(
                _pl(p, d["planlocatie"]),
                u,
                oordeel=d["oordeel"],
                toelichting=d["toelichting"],
                netcheck=d["netcheck"],
            ).plan
        ),
        _actie(Recht.PROACTIEF_TOETSEN, C, [P.CPO_TOETS], "toetsen"),
    ),
    "plannen": Transitie(
        PlanningSerializer,
        lambda p, u, d: (
            proactief.plan_realisatie(
                _pl(p, d["planlocatie"]), u, kwartaal=d["kwartaal"], prioriteit=d["prioriteit"]
            ).plan
        ),
        _actie(Recht.PROACTIEF_TOETSEN, C, [P.CPO_TOETS, P.VERWERKEN, P.DEFINITIEF], "plannen"),
    ),
    "verwerken": Transitie(
        VerwerkSerializer,
        lambda p, u, d: (
            proactief.verwerk(
                _pl(p, d["planlocatie"]),
                u,
                besluit=d["besluit"],
                toelichting=d["toelichting"],
                vervanging=d["vervanging"],
            ).plan
        ),
        _actie(Recht.PROACTIEF_SELECTEREN, G, [P.VERWERKEN], "verwerken"),
    ),
    "beantwoorden": Transitie(
        AntwoordSerializer,
        lambda p, u, d: (
            proactief.beantwoord(get_object_or_404(Reactie, plan=p, pk=d["reactie"]), u, d["antwoord"]).plan
        ),
        _actie(Recht.PROACTIEF_SELECTEREN, G, [P.CPO_TOETS, P.VERWERKEN], "beantwoorden"),
    ),
    "rapport_publiceren": Transitie(
        LeegSerializer,
        lambda p, u, d: proactief.publiceer_rapport(p, u),
        _actie(Recht.PROACTIEF_SELECTEREN, G, [P.CPO_TOETS, P.VERWERKEN, P.DEFINITIEF], "rapport_publiceren"),
    ),
    "batch_voorstellen": Transitie(
        BatchvoorstelSerializer,
        lambda p, u, d: proactief.stel_batch_voor(p, u, d["planlocaties"]).plan,
        _actie(Recht.PROACTIEF_TOETSEN, C, [P.DEFINITIEF], "batch_voorstellen"),
    ),
    "batch_goedkeuren": Transitie(
        BatchSerializer,
        lambda p, u, d: proactief.keur_batch_goed(_batch(p, d["batch"]), u).plan,
        _actie(Recht.PROACTIEF_VASTSTELLEN, G, [P.DEFINITIEF], "batch_goedkeuren"),
    ),
    "energiecontract_aanvragen": Transitie(
        EnergiecontractSerializer,
        lambda p, u, d: (
            proactief.vraag_energiecontract_aan(
                _batch(p, d["batch"]), u, energieleverancier=d["energieleverancier"]
            ).plan
        ),
        _actie(Recht.PROACTIEF_TOETSEN, C, [P.DEFINITIEF], "energiecontract_aanvragen"),
    ),
    "percentage_wijzigen": Transitie(
        PercentageSerializer,
        lambda p, u, d: proactief.wijzig_percentage(p, u, d["percentage"]),
        _actie(
            Recht.PROACTIEF_AANTAL_BEPALEN, Organisatie.Soort.PROVINCIE, [P.SELECTEREN], "percentage_wijzigen"
        ),
    ),
}

TRANSITIES = {
    "inspraak_starten": Transitie(LeegSerializer, lambda p, u, d: proactief.start_inspraak(p, u)),
    "inspraak_sluiten": Transitie(LeegSerializer, lambda p, u, d: proactief.sluit_inspraak(p, u)),
    "toets_afronden": Transitie(LeegSerializer, lambda p, u, d: proactief.rond_toets_af(p, u)),
    "akkoord": Transitie(LeegSerializer, lambda p, u, d: proactief.geef_akkoord(p, u)),
    "niet_akkoord": Transitie(
        ToelichtingSerializer, lambda p, u, d: proactief.weiger_akkoord(p, u, d["toelichting"])
    ),
    "intrekken": Transitie(ToelichtingSerializer, lambda p, u, d: proactief.trek_in(p, u, d["toelichting"])),
    **ACTIES,
}


@extend_schema_view(
    list=extend_schema(summary="Proactieve plannen die u mag zien"),
    retrieve=extend_schema(summary="Eén proactief plan met de geselecteerde locaties"),
    create=extend_schema(
        summary="Het aantal proactieve laadpunten bepalen (provincie)",
        description="Maakt het plan voor een gemeente en jaar: `aantal` = prognose × percentage, naar boven afgerond.",
        request=PlanInvoerSerializer,
        responses={201: ProactiefPlanSerializer},
    ),
    historie=extend_schema(summary="Historie van het plan"),
    transities=extend_schema(
        summary="Een transitie of actie uitvoeren",
        description=(
            "Gemeente: `selecteren` (`locaties`), `deselecteren` (`locatie`), `inspraak_starten`, `inspraak_sluiten` "
            "(na de termijn), `verwerken` (`planlocatie`, `besluit`, `toelichting`, `vervanging`), `beantwoorden` "
            "(`reactie`, `antwoord`), `rapport_publiceren`; coördinator: `akkoord`, `niet_akkoord` (`toelichting`). "
            "Exploitant: `toetsen` (`planlocatie`, `oordeel`, `toelichting`, `netcheck`), `toets_afronden`, "
            "`plannen` (`planlocatie`, `kwartaal`, `prioriteit`), `batch_voorstellen` (`planlocaties`, hoogstens 80), "
            "`energiecontract_aanvragen` (`batch`, `energieleverancier`); coördinator gemeente: `batch_goedkeuren` "
            "(`batch`: voorlopige goedkeuring en opdracht). Provincie: `percentage_wijzigen` (`percentage`), "
            "`intrekken` (`toelichting`). 403: niet uw transitie; 409: niet vanuit deze status; 400: foute velden."
        ),
        request=None,
        responses={200: ProactiefPlanSerializer},
    ),
)
class ProactiefPlanViewSet(
    ZaakAPI,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ProactiefPlanSerializer
    TRANSITIES = TRANSITIES

    def get_queryset(self):
        rijen = selectors.zichtbare_plannen(self.request.user).prefetch_related("planlocaties__locatie")
        if self.action == "list":
            params = self.request.query_params
            if params.get("jaar", "").isdigit():
                rijen = rijen.filter(jaar=int(params["jaar"]))
            if params.get("status"):
                rijen = rijen.filter(status=params["status"])
        return rijen.order_by("-jaar", "gemeente__naam", "pk")

    def create(self, request, *args, **kwargs):
        # 403 before 400: who is no provincie hears so before anything about the input.
        if not toegang.is_provincie(request.user):
            raise exceptions.PermissionDenied(
                _("Alleen een provincie bepaalt het aantal proactieve laadpunten.")
            )
        invoer = PlanInvoerSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        d = invoer.validated_data
        gemeente = Organisatie.objects.filter(pk=d["gemeente"], soort=Organisatie.Soort.GEMEENTE).first()
        if gemeente is None:
            raise exceptions.ValidationError({"gemeente": ["Onbekende gemeente."]})
        plan = proactief.maak_plan(
            request.user, gemeente, d["jaar"], scenario=d["scenario"], percentage=d.get("percentage")
        )
        plan = get_object_or_404(self.get_queryset(), pk=plan.pk)
        return Response(self.get_serializer(plan).data, status=status.HTTP_201_CREATED)


# reacties


class ReactieInvoerSerializer(serializers.Serializer):
    plan = serializers.IntegerField()
    planlocatie = serializers.IntegerField()
    soort = serializers.ChoiceField(choices=Reactie.Soort.choices)
    reden = serializers.CharField(max_length=2000)
    naam = serializers.CharField(max_length=200)
    adres = serializers.CharField(max_length=300)
    email = serializers.EmailField()
    alternatief_lat = serializers.FloatField(required=False, allow_null=True, default=None)
    alternatief_lon = serializers.FloatField(required=False, allow_null=True, default=None)


PERSOONSGEGEVENS = ("naam", "adres", "email")


class ReactieSerializer(portalapi.ModelSerializer):
    locatie = serializers.CharField(source="planlocatie.locatie.omschrijving", read_only=True)
    bevestigd = serializers.SerializerMethodField()

    class Meta:
        model = Reactie
        fields = [
            "id",
            "plan",
            "planlocatie",
            "locatie",
            "soort",
            "reden",
            "alternatief_lat",
            "alternatief_lon",
            "bevestigd",
            "antwoord",
            "aangemaakt_op",
            *PERSOONSGEGEVENS,
        ]
        read_only_fields = fields

    def get_bevestigd(self, reactie) -> bool:
        return reactie.bevestigd_op is not None

    def to_representation(self, reactie):
        data = super().to_representation(reactie)
        if not selectors.ziet_persoonsgegevens(self.context["request"].user, reactie.plan):
            for veld in PERSOONSGEGEVENS:
                data.pop(veld, None)
        return data


portalapi.alleen_voor_wie_het_mag_zien(
    ReactieSerializer, PERSOONSGEGEVENS, "Alleen voor de gemeente van het plan; de exploitant ziet dit niet."
)


class OntvangenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    bevestigd = serializers.BooleanField()
    detail = serializers.CharField()


@extend_schema_view(
    list=extend_schema(summary="Inspraakreacties (gemeente met persoonsgegevens; exploitant zonder)"),
    retrieve=extend_schema(summary="Eén inspraakreactie"),
    create=extend_schema(
        summary="Reageren op een voorgestelde locatie (zonder inloggen)",
        description="Telt pas mee na bevestiging van het e-mailadres via de link in de e-mail. Na de termijn een 400 "
        "met de einddatum; te veel reacties van één adres: 429 met Retry-After.",
        request=ReactieInvoerSerializer,
        responses={201: OntvangenSerializer},
    ),
)
class ReactieViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = ReactieSerializer
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_permissions(self):
        if self.action == "create":
            return [AllowAny()]
        return super().get_permissions()

    def get_queryset(self):
        rijen = selectors.zichtbare_reacties(self.request.user)
        if self.action == "list" and self.request.query_params.get("plan", "").isdigit():
            rijen = rijen.filter(plan_id=int(self.request.query_params["plan"]))
        return rijen.order_by("aangemaakt_op", "pk")

    def create(self, request, *args, **kwargs):
        invoer = ReactieInvoerSerializer(data=request.data)
        invoer.is_valid(raise_exception=True)
        d = invoer.validated_data
        plan = selectors.plannen_in_inspraak().filter(pk=d["plan"]).first()
        if plan is None:
            raise exceptions.ValidationError({"plan": ["Op dit plan kan nu niet gereageerd worden."]})
        try:
            reactie = inspraak.reageer(
                plan,
                planlocatie_id=d["planlocatie"],
                soort=d["soort"],
                reden=d["reden"],
                naam=d["naam"],
                adres=d["adres"],
                email=d["email"],
                alternatief_lat=d["alternatief_lat"],
                alternatief_lon=d["alternatief_lon"],
                ip=inlogbeveiliging.client_ip(request),
            )
        except inspraak.TeVeelReacties as fout:
            raise exceptions.Throttled(wait=max((fout.tot - klok.nu()).total_seconds(), 1)) from fout
        uit = {
            "id": reactie.pk,
            "bevestigd": False,
            "detail": "Ontvangen. Bevestig uw e-mailadres via de link in de e-mail; daarna telt de reactie mee.",
        }
        return Response(uit, status=status.HTTP_201_CREATED)
