"""Exports (DESIGN.md 6): the national monitor and each netbeheerder's quarterly roll-out plan.

`GET /api/v1/exports/monitor/?kwartaal=2026Q4` and `GET /api/v1/exports/uitrolplanning/?netbeheerder=<id>`,
CSV by default (UTF-8 with BOM, `;`-separated for Dutch spreadsheets), `&formaat=xlsx` for Excel. Every cell
goes through portal.csvexport (formula cells neutralised, also in the xlsx). The column names below are a
contract: extend at the end, never rename (README "Exports").

Scope as everywhere (portal.kengetallen.berekeningen.gemeenten_in_scope): a gemeente exports its own, the
provincie its gemeenten, a CPO its concessions, a netbeheerder its area, an administrator the region.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, F, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from plankaart.models import Locatie
from portal import csvexport, klok
from portal.kengetallen import berekeningen
from portal.kengetallen.models import Aanvraagcijfers
from portal.kengetallen.statistiek import mediaan, percentiel
from portal.models import Organisatie, StatusWijziging

S = Locatie.Status
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HORIZON_KWARTALEN = 8  # seed 002: "een zichttermijn van twee jaar"

# National monitor: the state of the plankaart at the end of the quarter (now, for the running quarter) and
# the quarter's flow.
GEREALISEERD = (S.OPGELEVERD, S.GEREALISEERD)
IN_PROCEDURE = (S.GOEDGEKEURD, S.IN_PROCEDURE)
GEPLAND = (S.DEFINITIEF, S.IN_REALISATIE)
KANDIDAAT = (S.KANDIDAAT, S.IN_NETCHECK, S.VOORGESTELD, S.AANPASSING_GEVRAAGD)
BRONNEN = ("erijder", "gemeente", "cpo", "datagedreven")

MONITOR_KOLOMMEN = [
    "kwartaal",
    "gemeente_cbs_code",
    "gemeente",
    "provincie",
    "laadpunten_gerealiseerd",
    "laadpunten_in_procedure",
    "laadpunten_gepland",
    "laadpunten_kandidaat",
    *[f"aanvragen_{bron}" for bron in BRONNEN],
    "aanvragen_opgeleverd",
    "laadpunten_opgeleverd_in_kwartaal",
    "doorlooptijd_mediaan_dagen",
    "doorlooptijd_p80_dagen",
    "kwh",
    "bezetting_procent",
    "aanvragen_open_einde_kwartaal",
]

# Roll-out plan: every planned location of one netbeheerder over eight quarters.
UITROL_GEPLAND = (S.GOEDGEKEURD, S.IN_PROCEDURE, S.DEFINITIEF, S.IN_REALISATIE)
UITROL_KOLOMMEN = [
    "locatie_id",
    "gemeente_cbs_code",
    "gemeente",
    "adres",
    "rd_x",
    "rd_y",
    "lat",
    "lon",
    "laadpunten",
    "gevraagde_capaciteit",
    "kwartaal_aansluiting",
    "bron_kwartaal",
    "status",
    "proactief",
    "netaansluiting",
    "netaansluiting_status",
]
KWARTAAL_KOLOMMEN = ["kwartaal", "locaties", "laadpunten"]


@dataclass(frozen=True, order=True)
class Kwartaal:
    jaar: int
    nummer: int

    @classmethod
    def van(cls, datum: dt.date) -> Kwartaal:
        return cls(datum.year, (datum.month - 1) // 3 + 1)

    @classmethod
    def lees(cls, tekst: str) -> Kwartaal:
        gevonden = re.fullmatch(r"(\d{4})[Qq]([1-4])", tekst.strip())
        if not gevonden:
            raise ValueError(tekst)
        return cls(int(gevonden[1]), int(gevonden[2]))

    def __str__(self):
        return f"{self.jaar}Q{self.nummer}"

    @property
    def begin(self) -> dt.date:
        return dt.date(self.jaar, 3 * self.nummer - 2, 1)

    @property
    def einde(self) -> dt.date:
        """The last day of the quarter."""
        return self.volgende().begin - dt.timedelta(days=1)

    def volgende(self, n: int = 1) -> Kwartaal:
        index = self.jaar * 4 + self.nummer - 1 + n
        return Kwartaal(index // 4, index % 4 + 1)


def _moment(datum: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(datum, dt.time.min))


def _gemeenten(gebruiker, gemeente_ids: list[int] | None = None):
    ids = berekeningen.gemeenten_in_scope(gebruiker)
    gemeenten = Organisatie.objects.filter(soort=Organisatie.Soort.GEMEENTE).select_related("provincie")
    if ids is not None:
        gemeenten = gemeenten.filter(pk__in=ids)
    if gemeente_ids is not None:
        gemeenten = gemeenten.filter(pk__in=gemeente_ids)
    return gemeenten.order_by("naam")


def _per_gemeente(rijen, sleutel="gemeente") -> dict:
    return {r[sleutel]: r for r in rijen}


def status_op(moment: dt.datetime):
    """A location's state at `moment`, from its append-only history: the state its last step before `moment`
    led to; with no step before then, the state its first step left (empty when that step created it, so it did
    not exist yet); without any history (made before the history was kept), its state now."""
    historie = StatusWijziging.objects.filter(
        content_type=ContentType.objects.get_for_model(Locatie), object_id=OuterRef("pk")
    )
    return Coalesce(
        Subquery(historie.filter(op__lt=moment).order_by("-op", "-id").values("naar")[:1]),
        Subquery(historie.order_by("op", "id").values("van")[:1]),
        F("status"),
        output_field=CharField(),
    )


def monitor(gebruiker, kwartaal: Kwartaal) -> list[list]:
    """One row per gemeente in the caller's scope for `kwartaal` (MONITOR_KOLOMMEN). Every figure is what was
    true in or at the end of that quarter: the charging points by the state of their location at the quarter's
    end (from the history; the running quarter: now), the requests submitted, delivered and still open then."""
    gemeenten = list(_gemeenten(gebruiker))
    ids = [g.pk for g in gemeenten]
    van, tot = _moment(kwartaal.begin), _moment(kwartaal.volgende().begin)
    plekken = Locatie.objects.filter(gemeente_id__in=ids)
    if tot <= klok.nu():  # a past quarter: read its end from the history, not today's plankaart
        plekken = plekken.annotate(stand_op=status_op(tot))
        veld = "stand_op"
    else:
        veld = "status"

    def punten(statussen):
        return Sum("laadpunten", filter=Q(**{f"{veld}__in": statussen}), default=0)

    stand = _per_gemeente(
        plekken.values("gemeente")
        .annotate(
            gerealiseerd=punten(GEREALISEERD),
            procedure=punten(IN_PROCEDURE),
            gepland=punten(GEPLAND),
            kandidaat=punten(KANDIDAAT),
        )
    )
    cijfers = Aanvraagcijfers.objects.filter(gemeente_id__in=ids)
    ingediend = _per_gemeente(
        cijfers.filter(ingediend_op__gte=van, ingediend_op__lt=tot)
        .values("gemeente")
        .annotate(**{f"n_{bron}": Count("pk", filter=Q(bron=bron)) for bron in BRONNEN})
    )
    opgeleverd = cijfers.filter(opgeleverd_op__gte=van, opgeleverd_op__lt=tot)
    doorlooptijden: dict[int, dict[int, int]] = {}
    for r in (
        opgeleverd.exclude(doorlooptijd_dagen=None)
        .values("gemeente", "doorlooptijd_dagen")
        .annotate(n=Count("pk"))
    ):
        doorlooptijden.setdefault(r["gemeente"], {})[r["doorlooptijd_dagen"]] = r["n"]
    aantal_opgeleverd = _per_gemeente(opgeleverd.values("gemeente").annotate(n=Count("pk")))
    # Submitted before the quarter ended and neither delivered nor rejected or withdrawn by then.
    open_einde = _per_gemeente(
        cijfers.filter(ingediend_op__lt=tot)
        .filter(Q(opgeleverd_op=None) | Q(opgeleverd_op__gte=tot))
        .filter(Q(afgesloten_op=None) | Q(afgesloten_op__gte=tot))
        .values("gemeente")
        .annotate(n=Count("pk"))
    )
    # Charging points of the distinct locations delivered for requests this quarter.
    locaties = opgeleverd.exclude(locatie=None).values("locatie")
    opgeleverde_punten = _per_gemeente(
        Locatie.objects.filter(pk__in=locaties).values("gemeente").annotate(n=Sum("laadpunten"))
    )
    verbruik = _verbruik(ids, kwartaal)

    rijen = []
    for g in gemeenten:
        s, i = stand.get(g.pk, {}), ingediend.get(g.pk, {})
        verdeling = sorted(doorlooptijden.get(g.pk, {}).items())
        kwh, bezetting = verbruik.get(g.pk, (None, None))
        rijen.append(
            [
                str(kwartaal),
                g.cbs_code,
                g.naam,
                g.provincie.naam if g.provincie else "",
                s.get("gerealiseerd", 0),
                s.get("procedure", 0),
                s.get("gepland", 0),
                s.get("kandidaat", 0),
                *[i.get(f"n_{bron}", 0) for bron in BRONNEN],
                aantal_opgeleverd.get(g.pk, {}).get("n", 0),
                opgeleverde_punten.get(g.pk, {}).get("n") or 0,
                mediaan(verdeling),
                percentiel(verdeling, 0.8),
                kwh,
                bezetting,
                open_einde.get(g.pk, {}).get("n", 0),
            ]
        )
    return rijen


def _verbruik(gemeente_ids: list[int], kwartaal: Kwartaal) -> dict[int, tuple]:
    """kWh and occupancy (connected hours over the hours of the charging points that reported) per gemeente;
    empty where no usage data came in for the quarter."""
    try:
        from plankaart.modellen_verbruik import Laadpuntdag
    except ImportError:  # usage data is optional for the monitor
        return {}
    uren = ((kwartaal.einde - kwartaal.begin).days + 1) * 24
    uitkomst = {}
    for r in (
        Laadpuntdag.objects.filter(
            gemeente_id__in=gemeente_ids, dag__gte=kwartaal.begin, dag__lte=kwartaal.einde
        )
        .values("gemeente")
        .annotate(kwh=Sum("kwh"), verbonden=Sum("verbonden_uren"), punten=Count("laadpunt", distinct=True))
    ):
        bezetting = round(100 * r["verbonden"] / (r["punten"] * uren), 1) if r["punten"] else None
        uitkomst[r["gemeente"]] = (round(r["kwh"], 1), bezetting)
    return uitkomst


def netbeheerder_locaties(netbeheerder: Organisatie) -> Q:
    """Locations at this netbeheerder: stored on the location, else the gemeente's default (the first by id
    whose area holds it, as portal.selectors.netbeheerder_van_gemeente)."""
    standaard = [
        g.pk
        for g in netbeheerder.bediende_gemeenten.all()
        if g.netbeheerders.order_by("pk").first() == netbeheerder
    ]
    return Q(netbeheerder=netbeheerder) | Q(netbeheerder__isnull=True, gemeente_id__in=standaard)


def _verwachte_aansluiting(locatie, aansluiting, verwacht: dt.date | None) -> tuple[dt.date | None, str]:
    if aansluiting is not None:
        datum = aansluiting.aangesloten_op or aansluiting.aansluiting_gepland_op
        if datum:
            return datum, "netaansluiting"
    if verwacht:
        return verwacht, "verwachte_oplevering"
    if locatie.proactief_jaar:
        return dt.date(locatie.proactief_jaar, 12, 31), "proactief_jaar"
    return None, ""


def uitrolplanning(gebruiker, netbeheerder: Organisatie, vandaag: dt.date | None = None):
    """The roll-out plan: (rows per UITROL_KOLOMMEN, per-quarter totals per KWARTAAL_KOLOMMEN) over eight
    quarters from the current one. A location whose expected quarter has passed counts in the current one;
    one beyond the horizon is left out; one without any estimate is listed with an empty quarter."""
    from aanvragen.models import Aanvraag
    from netaansluiting.models import Netaansluiting

    eerste = Kwartaal.van(vandaag or klok.vandaag())
    laatste = eerste.volgende(HORIZON_KWARTALEN - 1)
    gemeenten = list(_gemeenten(gebruiker).values_list("pk", flat=True))
    locaties = list(
        Locatie.objects.filter(netbeheerder_locaties(netbeheerder), gemeente_id__in=gemeenten)
        .filter(Q(status__in=UITROL_GEPLAND) | Q(proactief=True, status__in=Locatie.KIESBAAR))
        .select_related("gemeente")
        .order_by("gemeente__naam", "pk")
    )
    ids = [loc.pk for loc in locaties]
    aansluitingen = {
        a.locatie_id: a
        for a in Netaansluiting.objects.filter(locatie_id__in=ids)
        .exclude(status__in=(Netaansluiting.Status.GEANNULEERD, Netaansluiting.Status.NETCHECK_AFGEKEURD))
        .order_by("aangemaakt_op")
    }
    verwacht = dict(
        Aanvraag.objects.filter(locatie_id__in=ids, verwacht_gereed__isnull=False)
        .values("locatie")
        .annotate(d=Min("verwacht_gereed"))
        .values_list("locatie", "d")
    )
    rijen, totalen = [], {eerste.volgende(n): [0, 0] for n in range(HORIZON_KWARTALEN)}
    for loc in locaties:
        aansluiting = aansluitingen.get(loc.pk)
        datum, bron = _verwachte_aansluiting(loc, aansluiting, verwacht.get(loc.pk))
        kwartaal = None
        if datum is not None:
            kwartaal = max(Kwartaal.van(datum), eerste)
            if kwartaal > laatste:
                continue
            totalen[kwartaal][0] += 1
            totalen[kwartaal][1] += loc.laadpunten
        rijen.append(
            [
                loc.pk,
                loc.gemeente.cbs_code,
                loc.gemeente.naam,
                loc.omschrijving,
                round(loc.rd_x, 2),
                round(loc.rd_y, 2),
                round(loc.lat, 6),
                round(loc.lon, 6),
                loc.laadpunten,
                aansluiting.capaciteit if aansluiting else "",
                str(kwartaal) if kwartaal else "",
                bron,
                loc.status,
                "ja" if loc.proactief else "nee",
                aansluiting.nummer if aansluiting else "",
                aansluiting.status if aansluiting else "",
            ]
        )
    return rijen, [[str(k), n, punten] for k, (n, punten) in totalen.items()]


# Files.


def als_csv(kolommen: list[str], rijen: list[list]) -> bytes:
    uit = io.StringIO()
    schrijver = csvexport.writer(uit, delimiter=";", quoting=csv.QUOTE_MINIMAL)
    schrijver.writerow(kolommen)
    schrijver.writerows(rijen)
    return ("\ufeff" + uit.getvalue()).encode("utf-8")


def als_xlsx(bladen: list[tuple[str, list[str], list[list]]]) -> bytes:
    from openpyxl import Workbook

    boek = Workbook()
    boek.remove(boek.active)
    for titel, kolommen, rijen in bladen:
        blad = boek.create_sheet(titel)
        blad.append(kolommen)
        for rij in rijen:
            # openpyxl writes a text starting with "=" as a formula: neutralised like the CSV.
            blad.append([csvexport.neutraliseer(w) for w in rij])
        blad.freeze_panes = "A2"
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


def bestand(naam: str, formaat: str, bladen: list[tuple[str, list[str], list[list]]]) -> HttpResponse:
    if formaat == "xlsx":
        antwoord = HttpResponse(als_xlsx(bladen), content_type=XLSX)
    else:
        _, kolommen, rijen = bladen[0]
        antwoord = HttpResponse(als_csv(kolommen, rijen), content_type="text/csv; charset=utf-8")
        formaat = "csv"
    antwoord["Content-Disposition"] = f'attachment; filename="{naam}.{formaat}"'
    return antwoord


def uitrolbestand(gebruiker, netbeheerder: Organisatie, formaat: str, vandaag: dt.date | None = None):
    rijen, totalen = uitrolplanning(gebruiker, netbeheerder, vandaag)
    eerste = Kwartaal.van(vandaag or klok.vandaag())
    naam = f"uitrolplanning-{netbeheerder.pk}-{eerste}"
    return bestand(
        naam, formaat, [("Locaties", UITROL_KOLOMMEN, rijen), ("Per kwartaal", KWARTAAL_KOLOMMEN, totalen)]
    )


def netbeheerders_voor(gebruiker):
    """The netbeheerders whose roll-out plan this caller may export (one selector for list and detail)."""
    netbeheerders = Organisatie.objects.filter(soort=Organisatie.Soort.NETBEHEERDER).order_by("naam")
    if gebruiker.is_superuser:
        return netbeheerders
    organisatie = getattr(gebruiker, "organisatie", None)
    if organisatie is None:
        return netbeheerders.none()
    if organisatie.soort == Organisatie.Soort.NETBEHEERDER:
        return netbeheerders.filter(pk=organisatie.pk)
    gemeenten = berekeningen.gemeenten_in_scope(gebruiker) or []
    return netbeheerders.filter(bediende_gemeenten__in=gemeenten).distinct()


# API.


class MagExporteren(permissions.BasePermission):
    message = "Exports zijn er voor medewerkers van gemeente, provincie, CPO en netbeheerder."

    def has_permission(self, request, view):
        return berekeningen.mag_kengetallen_zien(request.user)


class FormaatSerializer(serializers.Serializer):
    formaat = serializers.ChoiceField(choices=("csv", "xlsx"), required=False, default="csv")


class MonitorSerializer(FormaatSerializer):
    kwartaal = serializers.CharField(
        required=False, help_text="Het kwartaal als JJJJQn, bijvoorbeeld 2026Q4."
    )

    def validate_kwartaal(self, waarde):
        try:
            return Kwartaal.lees(waarde)
        except ValueError:
            raise serializers.ValidationError(
                "Schrijf het kwartaal als JJJJQn, bijvoorbeeld 2026Q4."
            ) from None


class UitrolSerializer(FormaatSerializer):
    netbeheerder = serializers.IntegerField(
        required=False, min_value=1, help_text="Id van de netbeheerder (leeg: uw eigen netbeheerder)."
    )


BESTANDEN = {
    (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV (UTF-8, puntkomma)"),
    (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="Excel-werkmap"),
}
FORMAAT = OpenApiParameter("formaat", str, enum=["csv", "xlsx"], description="csv (standaard) of xlsx")


class MonitorView(APIView):
    permission_classes = [permissions.IsAuthenticated, MagExporteren]

    @extend_schema(
        summary="Nationale monitor per gemeente en kwartaal",
        parameters=[OpenApiParameter("kwartaal", str, description="JJJJQn, standaard het huidige"), FORMAAT],
        responses=BESTANDEN,
    )
    def get(self, request):
        invoer = MonitorSerializer(data=request.query_params)
        invoer.is_valid(raise_exception=True)
        kwartaal = invoer.validated_data.get("kwartaal") or Kwartaal.van(klok.vandaag())
        rijen = monitor(request.user, kwartaal)
        return bestand(
            f"monitor-{kwartaal}", invoer.validated_data["formaat"], [("Monitor", MONITOR_KOLOMMEN, rijen)]
        )


class UitrolplanningView(APIView):
    permission_classes = [permissions.IsAuthenticated, MagExporteren]

    @extend_schema(
        summary="Uitrolplanning van een netbeheerder over acht kwartalen",
        parameters=[OpenApiParameter("netbeheerder", int, description="Id van de netbeheerder"), FORMAAT],
        responses=BESTANDEN,
    )
    def get(self, request):
        invoer = UitrolSerializer(data=request.query_params)
        invoer.is_valid(raise_exception=True)
        mogelijk = netbeheerders_voor(request.user)
        gekozen = invoer.validated_data.get("netbeheerder")
        if gekozen is None:
            organisatie = getattr(request.user, "organisatie", None)
            if organisatie is None or organisatie.soort != Organisatie.Soort.NETBEHEERDER:
                raise serializers.ValidationError({"netbeheerder": ["Kies een netbeheerder."]})
            gekozen = organisatie.pk
        netbeheerder = mogelijk.filter(pk=gekozen).first()
        if netbeheerder is None:
            raise NotFound("Deze netbeheerder bestaat niet of valt buiten uw bereik.")
        return uitrolbestand(request.user, netbeheerder, invoer.validated_data["formaat"])


urlpatterns = [
    path("monitor/", MonitorView.as_view(), name="export-monitor"),
    path("uitrolplanning/", UitrolplanningView.as_view(), name="export-uitrolplanning"),
]
