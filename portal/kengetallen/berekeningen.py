"""The KPIs (issue: lead time from the history), computed by SQL aggregation over the totals of the phase
table and the per-request figures (whole months, open work) and over those tables themselves only for the
partial months at a period's edges, never over the history. Every function takes the caller and a Filter, is
scoped like everything else (`scope`), and runs a bounded number of queries whatever the number of cases:
percentiles come from counts per whole day (portal.kengetallen.statistiek).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from portal import klok
from portal.kengetallen import fasen, totalen
from portal.kengetallen.models import (
    FASESTAPPEN,
    Aanvraagcijfers,
    Aanvraagtelling,
    Fase,
    Fasedag,
    Fasemaand,
    Openfase,
    Partij,
)
from portal.kengetallen.statistiek import mediaan, percentiel
from portal.models import Organisatie

VERDELING_DAGEN = 14  # width of a lead-time bucket
LEEFTIJDEN = (0, 28, 56, 84, 112)  # open work by age in days: four-week bands up to the 16 weeks
STAPLABEL = dict(FASESTAPPEN)
PER = ("gemeente", "provincie", "cpo", "netbeheerder", "bron")


@dataclass(frozen=True)
class Filter:
    van: dt.date | None = None  # inclusive
    tot: dt.date | None = None  # inclusive
    gemeente: int | None = None  # an Organisatie id; one outside the caller's scope gives no rows
    bron: str | None = None


def mag_kengetallen_zien(gebruiker) -> bool:
    """Staff of a gemeente, provincie, CPO or netbeheerder, and administrators; not E-rijders."""
    if not gebruiker.is_authenticated:
        return False
    return gebruiker.is_superuser or getattr(gebruiker, "organisatie_id", None) is not None


def scope(gebruiker) -> Q:
    """The rows of the figures tables this caller may count: a gemeente its own, the provincie its
    gemeenten, a CPO the requests under its concessions, a netbeheerder those in its area, an
    administrator the whole region."""
    if not gebruiker.is_authenticated:
        return Q(pk__in=[])
    if gebruiker.is_superuser:
        return Q()
    organisatie = getattr(gebruiker, "organisatie", None)
    if organisatie is None or organisatie.soort not in PER:
        return Q(pk__in=[])
    return Q(**{f"{organisatie.soort}_id": organisatie.pk})


def gemeenten_in_scope(gebruiker) -> list[int] | None:
    """The gemeenten whose decisions and connections count for this caller (None: all). For tables that
    carry a gemeente but not the scope columns (verkeersbesluiten, grid connections)."""
    from portal.selectors import gemeenten_van_cpo

    if gebruiker.is_superuser:
        return None
    organisatie = getattr(gebruiker, "organisatie", None)
    if organisatie is None:
        return []
    soort = organisatie.soort
    if soort == Organisatie.Soort.GEMEENTE:
        return [organisatie.pk]
    if soort == Organisatie.Soort.PROVINCIE:
        return list(organisatie.gemeenten.values_list("pk", flat=True))
    if soort == Organisatie.Soort.CPO:
        return list(gemeenten_van_cpo(organisatie).values_list("pk", flat=True))
    if soort == Organisatie.Soort.NETBEHEERDER:
        return list(organisatie.bediende_gemeenten.values_list("pk", flat=True))
    return []


def _begin(datum: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(datum, dt.time.min))


def _periode(veld: str, filter_: Filter) -> Q:
    q = Q()
    if filter_.van:
        q &= Q(**{f"{veld}__gte": _begin(filter_.van)})
    if filter_.tot:
        q &= Q(**{f"{veld}__lt": _begin(filter_.tot + dt.timedelta(days=1))})
    return q


def _verfijn(gebruiker, filter_: Filter, periode_veld: str | None) -> Q:
    q = scope(gebruiker)
    if filter_.gemeente:
        q &= Q(gemeente_id=filter_.gemeente)
    if filter_.bron:
        q &= Q(bron=filter_.bron)
    if periode_veld:
        q &= _periode(periode_veld, filter_)
    return q


def _samenvatting(verdeling: dict[int, int]) -> dict:
    paren = list(verdeling.items())
    return {
        "aantal": sum(verdeling.values()),
        "mediaan_dagen": mediaan(paren),
        "p80_dagen": percentiel(paren, 0.8),
    }


# Where the figures are read from. On PostgreSQL whole months (and the open work) come from the totals the
# database keeps (portal.kengetallen.totalen), the partial months at the edges of a period from the figures
# tables themselves: at most two partial months, whatever the period. `direct()` reads everything from the
# figures tables, as other databases do; the tests compare the two.

_DIRECT = contextvars.ContextVar("kengetallen_direct", default=False)


@contextlib.contextmanager
def direct():
    """Within this block the figures count the rows of the figures tables, not the totals."""
    token = _DIRECT.set(True)
    try:
        yield
    finally:
        _DIRECT.reset(token)


def _uit_totalen() -> bool:
    return totalen.bijgehouden() and not _DIRECT.get()


def _delen(filter_: Filter) -> tuple[Q | None, list[Filter]]:
    """The whole months of the period as a filter on the totals' `datum` (None: no whole month) and the
    partial months at the edges as periods of their own."""
    maanden = _hele_maanden(filter_)
    if maanden is None:
        return None, [filter_]
    begin, eind, randen = maanden
    q = Q()
    if begin is not None:
        q &= Q(datum__gte=begin)
    if eind is not None:
        q &= Q(datum__lt=eind)
    return q, randen


def _of(veld: str, randen: list[Filter]) -> Q:
    q = Q(pk__in=[])
    for rand in randen:
        q |= _periode(veld, rand)
    return q


def _zonder_periode(filter_: Filter) -> Filter:
    return Filter(gemeente=filter_.gemeente, bron=filter_.bron)


def _telling(gebruiker, filter_: Filter, datum_q: Q, *soorten: str):
    return Aanvraagtelling.objects.filter(
        _verfijn(gebruiker, _zonder_periode(filter_), None), datum_q, soort__in=soorten
    )


def _cijfers_in(gebruiker, filter_: Filter, veld: str, randen: list[Filter]):
    return Aanvraagcijfers.objects.filter(
        _verfijn(gebruiker, _zonder_periode(filter_), None), _of(veld, randen)
    )


# Lead time


def _doorlooptijden(gebruiker, filter_: Filter, kolom: str | None = None) -> dict[tuple, int]:
    """(value of `kolom` or None, lead time in days) → number of requests delivered in the period."""
    velden = [kolom] if kolom else []
    verdeling: dict[tuple, int] = defaultdict(int)

    def tel(rijen):
        for *sleutel, dagen, n in rijen:
            waarde = sleutel[0] if sleutel else None
            if kolom != "bron":
                waarde = waarde or None  # the totals write 0 for no organisation, the figures NULL
            verdeling[(waarde, dagen)] += n

    if not _uit_totalen():
        tel(
            Aanvraagcijfers.objects.filter(
                _verfijn(gebruiker, filter_, "opgeleverd_op"), doorlooptijd_dagen__isnull=False
            )
            .values_list(*velden, "doorlooptijd_dagen")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return dict(verdeling)
    datum_q, randen = _delen(filter_)
    if datum_q is not None:
        tel(
            _telling(gebruiker, filter_, datum_q, "opgeleverd")
            .filter(dagen__gte=0)
            .values_list(*velden, "dagen")
            .annotate(n=Sum("aantal"))
            .order_by()
        )
    if randen:
        tel(
            _cijfers_in(gebruiker, filter_, "opgeleverd_op", randen)
            .filter(doorlooptijd_dagen__isnull=False)
            .values_list(*velden, "doorlooptijd_dagen")
            .annotate(n=Count("pk"))
            .order_by()
        )
    return {sleutel: n for sleutel, n in verdeling.items() if n}


def doorlooptijd(gebruiker, filter_: Filter) -> dict:
    """Submission → delivery of the requests delivered in the period: count, median, 80th percentile and
    the distribution in buckets of VERDELING_DAGEN days."""
    verdeling = {dagen: n for (_, dagen), n in _doorlooptijden(gebruiker, filter_).items()}
    emmers: dict[int, int] = defaultdict(int)
    for dagen, n in verdeling.items():
        emmers[dagen // VERDELING_DAGEN * VERDELING_DAGEN] += n
    return {
        **_samenvatting(verdeling),
        "verdeling": [
            {"van_dagen": van, "tot_dagen": van + VERDELING_DAGEN, "aantal": emmers[van]}
            for van in sorted(emmers)
        ],
    }


def doorlooptijd_per(gebruiker, filter_: Filter, per: str) -> list[dict]:
    """The same per gemeente, provincie, CPO, netbeheerder or lane, largest first."""
    if per not in PER:
        raise ValueError(per)
    kolom = "bron" if per == "bron" else f"{per}_id"
    verdelingen: dict[object, dict[int, int]] = defaultdict(dict)
    for (sleutel, dagen), n in _doorlooptijden(gebruiker, filter_, kolom).items():
        verdelingen[sleutel][dagen] = n
    if per == "bron":
        from aanvragen.models import Bron

        namen = {k: str(v) for k, v in Bron.choices}
    else:
        namen = dict(
            Organisatie.objects.filter(pk__in=[k for k in verdelingen if k]).values_list("pk", "naam")
        )
    uitkomst = [
        {"sleutel": sleutel, "naam": namen.get(sleutel, "—"), **_samenvatting(verdeling)}
        for sleutel, verdeling in verdelingen.items()
    ]
    return sorted(uitkomst, key=lambda r: (-r["aantal"], r["naam"]))


# Time per phase and per party


def _gesloten_fasen(gebruiker, filter_: Filter):
    return Fase.objects.filter(_verfijn(gebruiker, filter_, "eind"), eind__isnull=False)


def _eerste_van_volgende_maand(datum: dt.date) -> dt.date:
    return (datum.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _hele_maanden(filter_: Filter) -> tuple[dt.date | None, dt.date | None, list[Filter]] | None:
    """The whole months within [van, tot] (first day inclusive, first day after exclusive; None = open) and
    the partial months at either edge as filters of their own; None when no whole month lies inside."""
    van, tot = filter_.van, filter_.tot
    begin = van if van is None or van.day == 1 else _eerste_van_volgende_maand(van)
    eind = None
    if tot is not None:
        volgende = _eerste_van_volgende_maand(tot)
        eind = volgende if tot == volgende - dt.timedelta(days=1) else tot.replace(day=1)
    if begin is not None and eind is not None and begin >= eind:
        return None
    randen = []
    if van is not None and begin > van:
        randen.append(
            Filter(van=van, tot=begin - dt.timedelta(days=1), gemeente=filter_.gemeente, bron=filter_.bron)
        )
    if tot is not None and eind <= tot:
        randen.append(Filter(van=eind, tot=tot, gemeente=filter_.gemeente, bron=filter_.bron))
    return begin, eind, randen


def fasenverdeling(gebruiker, filter_: Filter) -> dict[tuple[str, str], dict[str, int]]:
    """The phases that ended in the period, per (step, party): count, total days, how many had a due date
    and how many ended by it. Whole months come from the monthly totals (Fasemaand), the partial months at
    the edges from the day totals (Fasedag; from the phases themselves where those are not kept), so the answer
    is exact to the day and a year costs a few thousand rows. The three phase figures below read this."""
    totalen: dict[tuple[str, str], dict[str, int]] = defaultdict(
        lambda: {"aantal": 0, "totaal_dagen": 0, "met_termijn": 0, "binnen": 0, "geweigerd": 0}
    )

    def tel(rijen):
        for r in rijen:
            uit = totalen[(r["stap"], r["partij"])]
            for veld in uit:
                uit[veld] += r[veld] or 0

    maanden = None if _DIRECT.get() else _hele_maanden(filter_)
    randen = [filter_] if maanden is None else maanden[2]
    if maanden is not None:
        begin, eind, _ = maanden
        q = _verfijn(gebruiker, Filter(gemeente=filter_.gemeente, bron=filter_.bron), None)
        if begin is not None:
            q &= Q(maand__gte=begin)
        if eind is not None:
            q &= Q(maand__lt=eind)
        tel(_som_per_stap(Fasemaand.objects.filter(q)))
    if randen and _uit_totalen():
        # The edges from the day totals: one query for both.
        dagen = Q(pk__in=[])
        for rand in randen:
            dagen |= Q(dag__gte=rand.van, dag__lte=rand.tot)
        tel(_som_per_stap(Fasedag.objects.filter(_verfijn(gebruiker, _zonder_periode(filter_), None), dagen)))
        randen = []
    for rand in randen:
        tel(
            _gesloten_fasen(gebruiker, rand)
            .values("stap", "partij")
            .annotate(
                aantal=Count("id"),
                totaal_dagen=Sum("dagen"),
                met_termijn=Count("id", filter=Q(binnen_termijn__isnull=False)),
                binnen=Count("id", filter=Q(binnen_termijn=True)),
                geweigerd=Count("id", filter=Q(afsluiting=fasen.GEWEIGERD)),
            )
            .order_by()
        )
    return totalen


def _som_per_stap(totalen):
    """Month or day totals (Fasemaand, Fasedag) added up per (step, party)."""
    velden = ("aantal", "totaal_dagen", "met_termijn", "binnen", "geweigerd")
    return totalen.values("stap", "partij").annotate(**{veld: Sum(veld) for veld in velden}).order_by()


def _partijlabel(partij: str) -> str:
    return str(Partij(partij).label) if partij in Partij.values else partij


def _gemiddeld(totaal: int, aantal: int) -> float | None:
    return round(totaal / aantal, 1) if aantal else None


def tijd_per_fase(gebruiker, filter_: Filter, verdeling=None) -> list[dict]:
    """Phases that ended in the period, per step and party: count, total and average days."""
    verdeling = fasenverdeling(gebruiker, filter_) if verdeling is None else verdeling
    uitkomst = [
        {
            "stap": stap,
            "stap_label": str(STAPLABEL.get(stap, stap)),
            "partij": partij,
            "partij_label": _partijlabel(partij),
            "aantal": t["aantal"],
            "totaal_dagen": t["totaal_dagen"],
            "gemiddeld_dagen": _gemiddeld(t["totaal_dagen"], t["aantal"]),
        }
        for (stap, partij), t in verdeling.items()
        if t["aantal"]
    ]
    return sorted(uitkomst, key=lambda r: (-r["totaal_dagen"], r["stap"]))


def tijd_per_partij(gebruiker, filter_: Filter, verdeling=None) -> list[dict]:
    """How long cases waited for each party, summed over the phases that ended in the period (a completion
    pause counts for the requester, not for the CPO whose check it interrupted)."""
    verdeling = fasenverdeling(gebruiker, filter_) if verdeling is None else verdeling
    per_partij: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (_stap, partij), t in verdeling.items():
        per_partij[partij][0] += t["aantal"]
        per_partij[partij][1] += t["totaal_dagen"]
    uitkomst = [
        {
            "partij": partij,
            "partij_label": _partijlabel(partij),
            "aantal": aantal,
            "wachtdagen": wachtdagen,
            "gemiddeld_dagen": _gemiddeld(wachtdagen, aantal),
        }
        for partij, (aantal, wachtdagen) in per_partij.items()
        if aantal
    ]
    return sorted(uitkomst, key=lambda r: (-r["wachtdagen"], r["partij"]))


def binnen_servicetermijn(gebruiker, filter_: Filter, verdeling=None) -> list[dict]:
    """Share of the steps with a due date, ended in the period, that ended by it, per party."""
    verdeling = fasenverdeling(gebruiker, filter_) if verdeling is None else verdeling
    tellingen: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (_stap, partij), t in verdeling.items():
        tellingen[partij][0] += t["met_termijn"]
        tellingen[partij][1] += t["binnen"]
    return [
        {
            "partij": partij,
            "partij_label": _partijlabel(partij),
            "aantal": aantal,
            "binnen": binnen,
            "aandeel": binnen / aantal if aantal else None,
        }
        for partij, (aantal, binnen) in sorted(tellingen.items())
        if aantal
    ]


# Throughput and open work


def doorstroom(gebruiker, filter_: Filter) -> list[dict]:
    """Per month and lane: requests submitted, requests delivered and distinct locations delivered."""
    maanden: dict[tuple[str, str], dict] = {}

    def rij(maand, bron):
        sleutel = (f"{maand:%Y-%m}", bron)
        return maanden.setdefault(
            sleutel, {"maand": sleutel[0], "bron": bron, "ingediend": 0, "opgeleverd": 0, "locaties": 0}
        )

    if _uit_totalen():
        datum_q, randen = _delen(filter_)
        if datum_q is not None:
            for soort, maand, bron, n in (
                _telling(gebruiker, filter_, datum_q, "ingediend", "opgeleverd", "locaties")
                .values_list("soort", "datum", "bron")
                .annotate(n=Sum("aantal"))
                .order_by()
            ):
                if n:
                    rij(maand, bron)[soort] += n
        ingediend = _cijfers_in(gebruiker, filter_, "ingediend_op", randen) if randen else None
        opgeleverd = _cijfers_in(gebruiker, filter_, "opgeleverd_op", randen) if randen else None
    else:
        basis = Aanvraagcijfers.objects.filter(_verfijn(gebruiker, filter_, None))
        ingediend = basis.filter(_periode("ingediend_op", filter_))
        opgeleverd = basis.filter(_periode("opgeleverd_op", filter_))
    if ingediend is not None:
        for r in (
            ingediend.annotate(maand=TruncMonth("ingediend_op"))
            .values("maand", "bron")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            rij(r["maand"], r["bron"])["ingediend"] += r["n"]
    if opgeleverd is not None:
        for r in (
            opgeleverd.filter(opgeleverd_op__isnull=False)
            .annotate(maand=TruncMonth("opgeleverd_op"))
            .values("maand", "bron")
            .annotate(n=Count("pk"), locaties=Count("locatie_id", distinct=True))
            .order_by()
        ):
            uit = rij(r["maand"], r["bron"])
            uit["opgeleverd"] += r["n"]
            uit["locaties"] += r["locaties"]
    return [maanden[k] for k in sorted(maanden)]


def open_werk(gebruiker, filter_: Filter) -> list[dict]:
    """Open requests now by age since submission, in four-week bands (the period filter does not apply)."""
    vandaag = klok.vandaag()
    if _uit_totalen():
        rijen = (
            _telling(gebruiker, filter_, Q(), "open")
            .values_list("datum")
            .annotate(n=Sum("aantal"))
            .order_by()
        )
    else:
        rijen = (
            Aanvraagcijfers.objects.filter(
                _verfijn(gebruiker, _zonder_periode(filter_), None), afloop=Aanvraagcijfers.Afloop.OPEN
            )
            .annotate(dag=TruncDate("ingediend_op"))
            .values_list("dag")
            .annotate(n=Count("pk"))
            .order_by()
        )
    banden = [0] * len(LEEFTIJDEN)
    for dag, n in rijen:
        if not n:
            continue
        leeftijd = (vandaag - dag).days
        banden[max(i for i, grens in enumerate(LEEFTIJDEN) if leeftijd >= grens or i == 0)] += n
    return [
        {
            "van_dagen": grens,
            "tot_dagen": LEEFTIJDEN[i + 1] if i + 1 < len(LEEFTIJDEN) else None,
            "aantal": banden[i],
        }
        for i, grens in enumerate(LEEFTIJDEN)
    ]


def knelpunten(gebruiker, filter_: Filter) -> list[dict]:
    """The steps open now with the waiting days they hold (days since each open phase began), most first."""
    vandaag = klok.vandaag()
    if _uit_totalen():
        rijen = (
            Openfase.objects.filter(_verfijn(gebruiker, _zonder_periode(filter_), None))
            .values_list("stap", "partij", "begindag")
            .annotate(n=Sum("aantal"))
            .order_by()
        )
    else:
        rijen = (
            Fase.objects.filter(_verfijn(gebruiker, _zonder_periode(filter_), None), eind__isnull=True)
            .annotate(dag=TruncDate("begin"))
            .values_list("stap", "partij", "dag")
            .annotate(n=Count("id"))
            .order_by()
        )
    per_stap: dict[tuple, dict] = {}
    for stap, partij, dag, n in rijen:
        if not n:
            continue
        rij = per_stap.setdefault(
            (stap, partij),
            {
                "stap": stap,
                "stap_label": str(STAPLABEL.get(stap, stap)),
                "partij": partij,
                "aantal": 0,
                "wachtdagen": 0,
            },
        )
        rij["aantal"] += n
        rij["wachtdagen"] += n * max((vandaag - dag).days, 0)
    return sorted(per_stap.values(), key=lambda r: (-r["wachtdagen"], r["stap"]))


def knelpunt(gebruiker, filter_: Filter) -> dict | None:
    rijen = knelpunten(gebruiker, filter_)
    return rijen[0] if rijen else None


# Objections, netchecks, rejections and the cap


def _gemeenten(gebruiker, filter_: Filter) -> Q:
    gemeenten = gemeenten_in_scope(gebruiker)
    q = Q() if gemeenten is None else Q(gemeente_id__in=gemeenten)
    if filter_.gemeente:
        q &= Q(gemeente_id=filter_.gemeente)
    return q


def bezwaren(gebruiker, filter_: Filter) -> dict:
    """Decisions published in the period: how many drew an objection, how many objections were decided and
    upheld, and the grid connections cancelled after an upheld objection (the price of starting the
    connection during the objection term)."""
    from netaansluiting.models import Netaansluiting
    from verkeersbesluiten.models import Bezwaar, Verkeersbesluit

    besluiten = Verkeersbesluit.objects.filter(_gemeenten(gebruiker, filter_), bekendmaking_op__isnull=False)
    if filter_.van:
        besluiten = besluiten.filter(bekendmaking_op__gte=filter_.van)
    if filter_.tot:
        besluiten = besluiten.filter(bekendmaking_op__lte=filter_.tot)
    cijfers = besluiten.aggregate(
        besluiten=Count("pk", distinct=True), met_bezwaar=Count("bezwaren__verkeersbesluit", distinct=True)
    )
    beslist = Bezwaar.objects.filter(verkeersbesluit__in=besluiten).aggregate(
        bezwaren=Count("pk"),
        beslist=Count("pk", filter=~Q(status=Bezwaar.Status.ONTVANGEN)),
        gegrond=Count("pk", filter=Q(status=Bezwaar.Status.GEGROND)),
    )
    geannuleerd = Netaansluiting.objects.filter(
        status=Netaansluiting.Status.GEANNULEERD,
        locatie__besluitlocaties__verkeersbesluit__in=besluiten,
        locatie__besluitlocaties__stand="uitgehaald",
    ).count()
    return {
        **cijfers,
        "bezwaarpercentage": cijfers["met_bezwaar"] / cijfers["besluiten"] if cijfers["besluiten"] else None,
        **beslist,
        "aandeel_gegrond": beslist["gegrond"] / beslist["beslist"] if beslist["beslist"] else None,
        "geannuleerde_aansluitingen": geannuleerd,
    }


def netcheck(gebruiker, filter_: Filter, verdeling=None) -> dict:
    """Netchecks of locations behind requests that ended in the period, and how many the netbeheerder
    refused; plus refused grid connections (netcheck on the connection itself)."""
    from netaansluiting.models import Netaansluiting

    verdeling = fasenverdeling(gebruiker, filter_) if verdeling is None else verdeling
    fasen_ = {"netchecks": 0, "geweigerd": 0}
    for (stap, _partij), t in verdeling.items():
        if stap == "netcheck":
            fasen_["netchecks"] += t["aantal"]
            fasen_["geweigerd"] += t["geweigerd"]
    aansluitingen = Netaansluiting.objects.filter(
        _gemeenten_via_locatie(gebruiker, filter_), status=Netaansluiting.Status.NETCHECK_AFGEKEURD
    ).count()
    return {
        **fasen_,
        "aandeel_geweigerd": fasen_["geweigerd"] / fasen_["netchecks"] if fasen_["netchecks"] else None,
        "aansluitingen_afgekeurd": aansluitingen,
    }


def _gemeenten_via_locatie(gebruiker, filter_: Filter) -> Q:
    gemeenten = gemeenten_in_scope(gebruiker)
    q = Q() if gemeenten is None else Q(locatie__gemeente_id__in=gemeenten)
    if filter_.gemeente:
        q &= Q(locatie__gemeente_id=filter_.gemeente)
    return q


def afwijzingen(gebruiker, filter_: Filter) -> list[dict]:
    """Rejected requests closed in the period, per reason code, most first."""
    from aanvragen.models import Afwijzingscode

    labels = dict(Afwijzingscode.choices)
    if _uit_totalen():
        datum_q, randen = _delen(filter_)
        per_reden: dict[str, int] = defaultdict(int)
        if datum_q is not None:
            for reden, n in (
                _telling(gebruiker, filter_, datum_q, "afgewezen")
                .values_list("reden")
                .annotate(n=Sum("aantal"))
                .order_by()
            ):
                per_reden[reden] += n
        if randen:
            for reden, n in (
                _cijfers_in(gebruiker, filter_, "afgesloten_op", randen)
                .filter(afloop=Aanvraagcijfers.Afloop.AFGEWEZEN)
                .values_list("reden_code")
                .annotate(n=Count("pk"))
                .order_by()
            ):
                per_reden[reden] += n
        rijen = [
            {"reden_code": reden, "aantal": n}
            for reden, n in sorted(per_reden.items(), key=lambda r: (-r[1], r[0]))
            if n
        ]
    else:
        rijen = (
            Aanvraagcijfers.objects.filter(
                _verfijn(gebruiker, filter_, "afgesloten_op"), afloop=Aanvraagcijfers.Afloop.AFGEWEZEN
            )
            .values("reden_code")
            .annotate(aantal=Count("pk"))
            .order_by("-aantal", "reden_code")
        )
    return [
        {
            "reden_code": r["reden_code"],
            "label": str(labels.get(r["reden_code"], r["reden_code"] or "—")),
            "aantal": r["aantal"],
        }
        for r in rijen
    ]


def maximum(gebruiker, filter_: Filter) -> dict:
    """16-week adherence: delivered in the period by the cap, and the open requests at risk or too late now."""
    from aanvragen import prognose
    from aanvragen.models import Aanvraag

    if _uit_totalen():
        datum_q, randen = _delen(filter_)
        geleverd = {"opgeleverd": 0, "binnen_maximum": 0}
        delen = []
        if datum_q is not None:
            delen.append(
                _telling(gebruiker, filter_, datum_q, "opgeleverd").aggregate(
                    opgeleverd=Sum("met_maximum"), binnen_maximum=Sum("binnen_maximum")
                )
            )
        if randen:
            delen.append(
                _cijfers_in(gebruiker, filter_, "opgeleverd_op", randen)
                .filter(binnen_maximum__isnull=False)
                .aggregate(opgeleverd=Count("pk"), binnen_maximum=Count("pk", filter=Q(binnen_maximum=True)))
            )
        for deel in delen:
            for veld in geleverd:
                geleverd[veld] += deel[veld] or 0
    else:
        geleverd = Aanvraagcijfers.objects.filter(
            _verfijn(gebruiker, filter_, "opgeleverd_op"), binnen_maximum__isnull=False
        ).aggregate(opgeleverd=Count("pk"), binnen_maximum=Count("pk", filter=Q(binnen_maximum=True)))
    if _uit_totalen():
        # prognose.in_gevaar_q and te_laat_q on the counts per cap date (datum), expected date beyond the cap
        # (dagen 1) and status (reden); the tests compare both ways.
        vandaag = klok.vandaag()
        open_ = _telling(gebruiker, filter_, Q(), "maximum").aggregate(
            open_in_gevaar=Sum("aantal", filter=Q(dagen=1, datum__gte=vandaag)),
            open_te_laat=Sum(
                "aantal",
                filter=Q(datum__lt=vandaag, reden__in=[s for s in Aanvraag.OPEN if s != "opgeleverd"]),
            ),
        )
        open_ = {veld: waarde or 0 for veld, waarde in open_.items()}
    else:
        open_ = Aanvraag.objects.filter(
            cijfers__in=Aanvraagcijfers.objects.filter(
                _verfijn(gebruiker, _zonder_periode(filter_), None), afloop=Aanvraagcijfers.Afloop.OPEN
            )
        ).aggregate(
            open_in_gevaar=Count("pk", filter=prognose.in_gevaar_q()),
            open_te_laat=Count("pk", filter=prognose.te_laat_q()),
        )
    return {
        **geleverd,
        "aandeel": geleverd["binnen_maximum"] / geleverd["opgeleverd"] if geleverd["opgeleverd"] else None,
        **open_,
    }


def alles(gebruiker, filter_: Filter) -> dict:
    """Every KPI at once, for the dashboard."""
    verdeling = fasenverdeling(gebruiker, filter_)
    return {
        "doorlooptijd": doorlooptijd(gebruiker, filter_),
        "tijd_per_fase": tijd_per_fase(gebruiker, filter_, verdeling),
        "tijd_per_partij": tijd_per_partij(gebruiker, filter_, verdeling),
        "binnen_servicetermijn": binnen_servicetermijn(gebruiker, filter_, verdeling),
        "doorstroom": doorstroom(gebruiker, filter_),
        "open_werk": open_werk(gebruiker, filter_),
        "knelpunten": knelpunten(gebruiker, filter_),
        "bezwaren": bezwaren(gebruiker, filter_),
        "netcheck": netcheck(gebruiker, filter_, verdeling),
        "afwijzingen": afwijzingen(gebruiker, filter_),
        "maximum": maximum(gebruiker, filter_),
    }
