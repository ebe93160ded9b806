"""Usage figures per charging point, location, gemeente, provincie or region, per day, month or year.

Everything is read from the daily rows (Laadpuntdag) that the CDR import keeps up to date by SQL: one grouped
query per request, rolled up per point and bucket. Definitions:
- bezetting (occupancy): connected hours / (charging points x days x 24);
- piekbezetting of a point: connected hours inside the peak hours / (days x peak hours per day); a point is
  "boven 80% in de piek" when that is above 80% over the bucket;
- voertuigen: distinct tokens per charging point in the bucket (only per point: distinct counts do not add up).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncYear

from plankaart.modellen_verbruik import Cdr, Laadpunt, Laadpuntdag
from plankaart.services.cdrs import piekuren_per_dag
from portal import klok

NIVEAUS = ("laadpunt", "locatie", "gemeente", "provincie", "regio")
PERIODES = ("dag", "maand", "jaar")
PIEKGRENS = 0.8


@dataclass
class Rij:
    sleutel: int | None
    naam: str
    periode: dt.date
    laadpunten: int = 0
    kwh: float = 0.0
    sessies: int = 0
    laad_uren: float = 0.0
    verbonden_uren: float = 0.0
    piek_uren: float = 0.0
    dagen: int = 0
    boven_piekgrens: int = 0
    voertuigen: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def bezetting_pct(self) -> float:
        noemer = self.laadpunten * self.dagen * 24
        return round(100 * self.verbonden_uren / noemer, 1) if noemer else 0.0

    @property
    def piekbezetting_pct(self) -> float:
        noemer = self.laadpunten * self.dagen * piekuren_per_dag()
        return round(100 * self.piek_uren / noemer, 1) if noemer else 0.0

    @property
    def boven_piekgrens_pct(self) -> float:
        return round(100 * self.boven_piekgrens / self.laadpunten, 1) if self.laadpunten else 0.0

    def als_dict(self) -> dict:
        return {
            "id": self.sleutel,
            "naam": self.naam,
            "periode": self.periode.isoformat(),
            "laadpunten": self.laadpunten,
            "kwh": round(self.kwh, 3),
            "sessies": self.sessies,
            "laaduren": round(self.laad_uren, 2),
            "verbonden_uren": round(self.verbonden_uren, 2),
            "bezetting_pct": self.bezetting_pct,
            "piekbezetting_pct": self.piekbezetting_pct,
            "boven_80_piek_pct": self.boven_piekgrens_pct,
            "voertuigen": self.voertuigen,
        }


def _groep(niveau: str) -> tuple[str, str]:
    """(the Laadpunt path of the group's id, of its name)."""
    return {
        "laadpunt": ("pk", "evse_id"),
        "locatie": ("locatie_id", "locatie__omschrijving"),
        "gemeente": ("locatie__gemeente_id", "locatie__gemeente__naam"),
        "provincie": ("locatie__gemeente__provincie_id", "locatie__gemeente__provincie__naam"),
        "regio": (None, None),
    }[niveau]


def _begin(periode: str, dag: dt.date) -> dt.date:
    if periode == "maand":
        return dag.replace(day=1)
    if periode == "jaar":
        return dag.replace(month=1, day=1)
    return dag


def _dagen_in(periode: str, begin: dt.date, van: dt.date, tot: dt.date) -> int:
    """Days of the bucket starting at `begin` inside [van, tot]."""
    if periode == "dag":
        einde = begin
    elif periode == "maand":
        einde = begin.replace(day=calendar.monthrange(begin.year, begin.month)[1])
    else:
        einde = begin.replace(month=12, day=31)
    return max(0, (min(einde, tot) - max(begin, van)).days + 1)


def _buckets(periode: str, van: dt.date, tot: dt.date) -> list[dt.date]:
    uit, dag = [], _begin(periode, van)
    while dag <= tot:
        uit.append(dag)
        if periode == "dag":
            dag += dt.timedelta(days=1)
        elif periode == "maand":
            dag = (dag.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        else:
            dag = dag.replace(year=dag.year + 1)
    return uit


def cijfers(
    laadpunten: QuerySet[Laadpunt], niveau: str, periode: str, van: dt.date, tot: dt.date
) -> list[Rij]:
    """Figures of these charging points (already scoped to the caller) per `niveau` and `periode`."""
    id_pad, naam_pad = _groep(niveau)
    laadpunten = laadpunten.exclude(status=Laadpunt.Status.REMOVED)
    # Points and their group, one row each (points, not sessions).
    punten = {}
    for pk, sleutel, naam in laadpunten.values_list("pk", id_pad or "pk", naam_pad or "evse_id").order_by():
        punten[pk] = (sleutel if id_pad else None, naam if naam_pad else "regio")
    trunc = {"dag": F("dag"), "maand": TruncMonth("dag"), "jaar": TruncYear("dag")}[periode]
    per_punt = (
        Laadpuntdag.objects.filter(laadpunt_id__in=laadpunten.values("pk"), dag__gte=van, dag__lte=tot)
        .annotate(bucket=trunc)
        .values("laadpunt_id", "bucket")
        .annotate(
            kwh=Sum("kwh"),
            sessies=Sum("sessies"),
            laad=Sum("laad_uren"),
            verbonden=Sum("verbonden_uren"),
            piek=Sum("piek_uren"),
        )
        .order_by()
    )
    rijen: dict[tuple, Rij] = {}
    groepen = {}
    for sleutel, naam in punten.values():
        groepen.setdefault(sleutel, [naam, 0])[1] += 1
    for bucket in _buckets(periode, van, tot):
        for sleutel, (naam, aantal) in groepen.items():
            rijen[(sleutel, bucket)] = Rij(
                sleutel, naam or "", bucket, laadpunten=aantal, dagen=_dagen_in(periode, bucket, van, tot)
            )
    piek_per_dag = piekuren_per_dag()
    for r in per_punt:
        bucket = r["bucket"]
        bucket = bucket.date() if isinstance(bucket, dt.datetime) else bucket
        sleutel = punten[r["laadpunt_id"]][0]
        rij = rijen[(sleutel, bucket)]
        rij.kwh += r["kwh"] or 0
        rij.sessies += r["sessies"] or 0
        rij.laad_uren += r["laad"] or 0
        rij.verbonden_uren += r["verbonden"] or 0
        rij.piek_uren += r["piek"] or 0
        if piek_per_dag and rij.dagen and (r["piek"] or 0) / (rij.dagen * piek_per_dag) > PIEKGRENS:
            rij.boven_piekgrens += 1
    if niveau == "laadpunt":
        voertuigen = (
            Cdr.objects.filter(laadpunt_id__in=list(punten), dag__gte=van, dag__lte=tot, credit=False)
            .exclude(token_hash="")
            .exclude(geannuleerd=True)
            .annotate(bucket=trunc)
            .values("laadpunt_id", "bucket")
            .annotate(n=Count("token_hash", distinct=True))
            .order_by()
        )
        for rij in rijen.values():
            rij.voertuigen = 0
        for r in voertuigen:
            bucket = r["bucket"].date() if isinstance(r["bucket"], dt.datetime) else r["bucket"]
            rijen[(r["laadpunt_id"], bucket)].voertuigen = r["n"]
    return sorted(rijen.values(), key=lambda r: (r.periode, r.naam, r.sleutel or 0))


def twaalf_maanden(tot: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last 12 months up to and including `tot` (yesterday: today is not complete)."""
    tot = tot or klok.vandaag() - dt.timedelta(days=1)
    return tot - dt.timedelta(days=364), tot


def kwh_per_laadpunt(laadpunten: QuerySet[Laadpunt], van: dt.date, tot: dt.date) -> dict[int, float]:
    """kWh per charging point over [van, tot], by SQL."""
    return dict(
        Laadpuntdag.objects.filter(laadpunt__in=laadpunten, dag__gte=van, dag__lte=tot)
        .values("laadpunt_id")
        .annotate(kwh=Sum("kwh"))
        .values_list("laadpunt_id", "kwh")
        .order_by()
    )


def laag_gebruikt(laadpunten: QuerySet[Laadpunt], minimum_kwh: float, van: dt.date, tot: dt.date):
    """Charging points below `minimum_kwh` over [van, tot] (zero included), lowest first."""
    return (
        laadpunten.exclude(status=Laadpunt.Status.REMOVED)
        .annotate(
            kwh=Sum("dagen__kwh", filter=Q(dagen__dag__gte=van, dagen__dag__lte=tot), default=0.0),
            sessies=Sum("dagen__sessies", filter=Q(dagen__dag__gte=van, dagen__dag__lte=tot), default=0),
        )
        .filter(kwh__lt=minimum_kwh)
        .select_related("locatie", "locatie__gemeente")
        .order_by("kwh", "evse_id")
    )
