"""Who sees which grid connection, batch and realisation, and the reads of the realisation planning: the one
place these rules live.

A netbeheerder sees only the connections and batches addressed to it, a CPO only its own, a gemeente the
connections and realisations in its area (no batches: those are between CPO and netbeheerder). Another
organisation's object is simply not found (404).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from aanvragen.models import Aanvraag
from netaansluiting.models import Batch, Batchregel, Netaansluiting, Realisatie
from plankaart.models import Locatie
from portal import zaaknummers
from portal.models import Organisatie
from portal.selectors import gemeenten_van_cpo, is_cpo_van_gemeente

S = Netaansluiting.Status
R = Realisatie.Status


def _organisatie(gebruiker) -> Organisatie | None:
    return getattr(gebruiker, "organisatie", None) if gebruiker.is_authenticated else None


def zichtbare_aansluitingen(gebruiker) -> QuerySet[Netaansluiting]:
    alle = (
        Netaansluiting.objects.select_related(
            "locatie", "gemeente", "netbeheerder", "cpo", "termijn_organisatie"
        )
        .defer("gemeente__gebied")
        .prefetch_related(
            Prefetch(
                "batchregels",
                queryset=Batchregel.objects.filter(lopend=True).select_related("batch"),
                to_attr="lopende_regels",
            )
        )
    )
    if not gebruiker.is_authenticated:
        return alle.none()
    if gebruiker.is_superuser:
        return alle
    organisatie = _organisatie(gebruiker)
    if organisatie is None:
        return alle.none()
    if organisatie.soort == Organisatie.Soort.NETBEHEERDER:
        # A request reaches the netbeheerder with its batch; until then the CPO's portal is still bundling it.
        return alle.filter(netbeheerder=organisatie).exclude(status=S.TE_BUNDELEN)
    if organisatie.soort == Organisatie.Soort.CPO:
        return alle.filter(cpo=organisatie)
    if organisatie.soort == Organisatie.Soort.GEMEENTE:
        return alle.filter(gemeente=organisatie)
    if organisatie.soort == Organisatie.Soort.PROVINCIE:
        return alle.filter(gemeente__provincie=organisatie)
    return alle.none()


def zichtbare_batches(gebruiker) -> QuerySet[Batch]:
    alle = Batch.objects.select_related("netbeheerder", "cpo").annotate(aantal=Count("regels"))
    if not gebruiker.is_authenticated:
        return alle.none()
    if gebruiker.is_superuser:
        return alle
    organisatie = _organisatie(gebruiker)
    if organisatie is None:
        return alle.none()
    if organisatie.soort == Organisatie.Soort.NETBEHEERDER:
        # A batch reaches the netbeheerder when it is sent; before that the CPO's portal is still filling it.
        return alle.filter(netbeheerder=organisatie).exclude(status=Batch.Status.OPEN)
    if organisatie.soort == Organisatie.Soort.CPO:
        return alle.filter(cpo=organisatie)
    return alle.none()


def zichtbare_realisaties(gebruiker) -> QuerySet[Realisatie]:
    alle = Realisatie.objects.select_related(
        "locatie", "gemeente", "cpo", "aansluiting", "termijn_organisatie", "aansluiting__termijn_organisatie"
    ).defer("gemeente__gebied")
    if not gebruiker.is_authenticated:
        return alle.none()
    if gebruiker.is_superuser:
        return alle
    organisatie = _organisatie(gebruiker)
    if organisatie is None:
        return alle.none()
    if organisatie.soort == Organisatie.Soort.CPO:
        return alle.filter(cpo=organisatie)
    if organisatie.soort == Organisatie.Soort.GEMEENTE:
        return alle.filter(gemeente=organisatie)
    if organisatie.soort == Organisatie.Soort.PROVINCIE:
        return alle.filter(gemeente__provincie=organisatie)
    return alle.none()


def lopende_aansluiting(locatie: Locatie) -> Netaansluiting | None:
    return locatie.netaansluitingen.exclude(status__in=[S.NETCHECK_AFGEKEURD, S.GEANNULEERD]).first()


def lopende_aansluitingen(locatie_ids) -> dict[int, Netaansluiting]:
    """The running connection of each of these locations that has one (a location has at most one)."""
    return {
        aansluiting.locatie_id: aansluiting
        for aansluiting in Netaansluiting.objects.filter(locatie__in=list(locatie_ids))
        .exclude(status__in=[S.NETCHECK_AFGEKEURD, S.GEANNULEERD])
        .order_by("-pk")
    }


def lopende_batch(aansluiting: Netaansluiting) -> Batch | None:
    """The open or sent batch the connection is in (from the prefetch when the selector loaded it)."""
    regels = getattr(aansluiting, "lopende_regels", None)
    if regels is None:
        regels = list(aansluiting.batchregels.filter(lopend=True).select_related("batch"))
    return regels[0].batch if regels else None


def is_cpo_voor(gebruiker, gemeente: Organisatie) -> bool:
    """Staff of the CPO holding the gemeente's concessie."""
    return is_cpo_van_gemeente(gebruiker, gemeente.pk)


def aansluiting_mogelijk(locatie: Locatie) -> bool:
    if locatie.status == Locatie.Status.DEFINITIEF:
        return True
    if locatie.status != Locatie.Status.IN_PROCEDURE:
        return False
    from verkeersbesluiten.selectors import lopend_besluit_van

    besluit = lopend_besluit_van(locatie)
    return besluit is not None and besluit.netaansluiting_tijdens_bezwaartermijn


def zonder_aansluiting(gebruiker) -> QuerySet[Locatie]:
    """Definitive locations of the CPO's gemeenten without a running connection (e.g. after a cancellation,
    or when no netbeheerder was set when they became definitive): the CPO requests one by hand."""
    organisatie = _organisatie(gebruiker)
    if organisatie is None or organisatie.soort != Organisatie.Soort.CPO:
        return Locatie.objects.none()
    lopend = Netaansluiting.objects.filter(locatie=OuterRef("pk")).exclude(
        status__in=[S.NETCHECK_AFGEKEURD, S.GEANNULEERD]
    )
    return (
        Locatie.objects.filter(gemeente__in=gemeenten_van_cpo(organisatie), status=Locatie.Status.DEFINITIEF)
        .exclude(Exists(lopend))
        .exclude(realisatie__status=R.WACHT_OP_NET, realisatie__termijn_stap="net_heroverwegen")
        .select_related("gemeente")
        .defer("gemeente__gebied")
        .order_by("gewijzigd_op", "pk")
    )


# Work lists


@dataclass
class Aansluitingfilter:
    status: str = ""
    gemeente: int | None = None
    batch: int | None = None
    gewijzigd_sinds: dt.datetime | None = None
    alleen_te_laat: bool = False
    alleen_lopend: bool = False
    zoek: str = ""


def aansluitingen(gebruiker, filter_: Aansluitingfilter, *, vandaag: dt.date | None = None):
    """Connections, most urgent first; with `gewijzigd_sinds` in the order they changed (for polling)."""
    rijen = zichtbare_aansluitingen(gebruiker)
    if filter_.status:
        rijen = rijen.filter(status=filter_.status)
    elif filter_.alleen_lopend:
        rijen = rijen.exclude(status__in=Netaansluiting.AFGELOPEN)
    if filter_.gemeente:
        rijen = rijen.filter(gemeente_id=filter_.gemeente)
    if filter_.batch:
        rijen = rijen.filter(batchregels__batch_id=filter_.batch)
    if filter_.alleen_te_laat and vandaag:
        rijen = rijen.filter(termijn_uiterlijk__lt=vandaag)
    zoek = filter_.zoek.strip()
    zaak = zaaknummers.herken(zoek)
    if zaak is not None and zaak[0] == "NA":
        # A full connection number: one row through the unique index on nummer.
        rijen = rijen.filter(nummer=zaak[1])
    elif zoek:
        rijen = rijen.filter(
            Q(nummer__iexact=zoek)
            | Q(ean=zoek)
            | Q(kenmerk_netbeheerder__iexact=zoek)
            | Q(locatie__omschrijving__icontains=zoek)
        )
    if filter_.gewijzigd_sinds is not None:
        return rijen.filter(gewijzigd_op__gte=filter_.gewijzigd_sinds).order_by("gewijzigd_op", "pk")
    return rijen.order_by(F("termijn_uiterlijk").asc(nulls_last=True), "-aangemaakt_op", "-pk")


@dataclass
class Batchfilter:
    status: str = ""
    gewijzigd_sinds: dt.datetime | None = None


def batches(gebruiker, filter_: Batchfilter) -> QuerySet[Batch]:
    rijen = zichtbare_batches(gebruiker)
    if filter_.status:
        rijen = rijen.filter(status=filter_.status)
    if filter_.gewijzigd_sinds is not None:
        return rijen.filter(gewijzigd_op__gte=filter_.gewijzigd_sinds).order_by("gewijzigd_op", "pk")
    return rijen.order_by("-aangemaakt_op", "-pk")


# The CPO's realisation planning


def _open_aanvragen():
    return Aanvraag.objects.filter(locatie=OuterRef("locatie"), status__in=Aanvraag.OPEN)


def met_prioriteit(rijen: QuerySet[Realisatie]) -> QuerySet[Realisatie]:
    """Annotate what the planning weighs: the oldest open request behind the location, whether any of them is
    projected past its 16-week cap, and the proactive year."""
    return rijen.annotate(
        oudste_aanvraag=Subquery(_open_aanvragen().order_by("ingediend_op").values("ingediend_op")[:1]),
        aantal_aanvragen=Coalesce(
            Subquery(_open_aanvragen().order_by().values("locatie").annotate(n=Count("pk")).values("n")[:1]),
            0,
        ),
        risico=Exists(_open_aanvragen().filter(verwacht_gereed__gt=F("maximum_gereed"))),
        vroegste_maximum=Subquery(_open_aanvragen().order_by("maximum_gereed").values("maximum_gereed")[:1]),
    )


@dataclass
class Bordfilter:
    status: str = ""
    gemeente: int | None = None
    alleen_risico: bool = False
    zoek: str = ""


def realisatiebord(gebruiker, filter_: Bordfilter) -> QuerySet[Realisatie]:
    """Running realisations in priority order: 16-week risk first, then the oldest request waiting longest,
    then the earliest proactive year; locations without requests or year last, oldest first."""
    rijen = zichtbare_realisaties(gebruiker)
    rijen = (
        rijen.filter(status=filter_.status) if filter_.status else rijen.filter(status__in=Realisatie.LOPEND)
    )
    if filter_.gemeente:
        rijen = rijen.filter(gemeente_id=filter_.gemeente)
    zoek = filter_.zoek.strip()
    zaak = zaaknummers.herken(zoek)
    if zaak is not None and zaak[0] == "NA":
        rijen = rijen.filter(aansluiting__nummer=zaak[1])
    elif zaak is not None and zaak[0] == "LP":
        rijen = rijen.filter(locatie_id__in=Aanvraag.objects.filter(nummer=zaak[1]).values("locatie_id"))
    elif zoek:
        rijen = rijen.filter(
            Q(locatie__omschrijving__icontains=zoek)
            | Q(aansluiting__nummer__iexact=zoek)
            | Q(locatie__aanvragen__nummer__iexact=zoek)
        ).distinct()
    rijen = met_prioriteit(rijen)
    if filter_.alleen_risico:
        rijen = rijen.filter(risico=True)
    return rijen.order_by(
        F("risico").desc(),
        F("oudste_aanvraag").asc(nulls_last=True),
        F("locatie__proactief_jaar").asc(nulls_last=True),
        "aangemaakt_op",
        "pk",
    )


def halfjaar(jaar: int, helft: int) -> tuple[dt.date, dt.date]:
    return (
        (dt.date(jaar, 1, 1), dt.date(jaar, 6, 30))
        if helft == 1
        else (dt.date(jaar, 7, 1), dt.date(jaar, 12, 31))
    )


def uitvoeringsplan(gebruiker, jaar: int, helft: int) -> QuerySet[Realisatie]:
    """The half-year execution plan: placements planned in the half year, by date, with their priority."""
    begin, einde = halfjaar(jaar, helft)
    rijen = (
        zichtbare_realisaties(gebruiker)
        .filter(plaatsing_gepland_op__gte=begin, plaatsing_gepland_op__lte=einde)
        .exclude(status=R.GEANNULEERD)
    )
    return met_prioriteit(rijen).order_by("plaatsing_gepland_op", "gemeente__naam", "pk")


def proactief_in_halfjaar(gebruiker, jaar: int, helft: int):
    """Locations of a definitive proactive list that the CPO planned in a quarter of this half year and that
    have no placement date yet (and are not delivered): the execution plan lists them with their quarter
    before they are realised. Scoped like the plans themselves (provincie, gemeente, CPO)."""
    from plankaart.modellen_proactief import Planlocatie, ProactiefPlan
    from plankaart.selectors_proactief import zichtbare_plannen

    L = Locatie.Status
    return (
        Planlocatie.objects.filter(
            plan__in=zichtbare_plannen(gebruiker).values("pk"),
            plan__status=ProactiefPlan.Status.DEFINITIEF,
            plan__jaar=jaar,
            besluit=Planlocatie.Besluit.BEHOUDEN,
            kwartaal__in=(1, 2) if helft == 1 else (3, 4),
        )
        .exclude(locatie__status__in=[L.OPGELEVERD, L.GEREALISEERD, L.VERVALLEN])
        .exclude(locatie__realisatie__plaatsing_gepland_op__isnull=False)
        .select_related("locatie", "plan__gemeente", "uitvoeringsbatch")
        .order_by("kwartaal", F("prioriteit").asc(nulls_last=True), "locatie__omschrijving", "pk")
    )


def nog_in_te_plannen(gebruiker) -> QuerySet[Realisatie]:
    """Realisations that do not have a placement date yet, in priority order (the plan's second part)."""
    return realisatiebord(gebruiker, Bordfilter()).filter(status__in=[R.WACHT_OP_NET, R.TE_PLANNEN])


def aanvragen_achter(realisatie: Realisatie) -> QuerySet[Aanvraag]:
    return Aanvraag.objects.filter(locatie=realisatie.locatie_id, status__in=Aanvraag.OPEN).order_by(
        "ingediend_op"
    )


# Who acts for a case: comparisons of ids, no query, so lists show each row's allowed transitions for free.


def is_cpo_van(gebruiker, zaak) -> bool:
    return gebruiker.is_authenticated and getattr(gebruiker, "organisatie_id", None) == zaak.cpo_id


def is_gemeente_van(gebruiker, zaak) -> bool:
    return gebruiker.is_authenticated and getattr(gebruiker, "organisatie_id", None) == zaak.gemeente_id


def is_netbeheerder_van(gebruiker, aansluiting: Netaansluiting) -> bool:
    return (
        gebruiker.is_authenticated
        and getattr(gebruiker, "organisatie_id", None) == aansluiting.netbeheerder_id
    )


def mag_aansluitgegevens_wijzigen(gebruiker, aansluiting: Netaansluiting) -> bool:
    """The connection address and contact: the CPO, until the connection is made or cancelled."""
    return is_cpo_van(gebruiker, aansluiting) and aansluiting.status not in (
        Netaansluiting.Status.AANGESLOTEN,
        Netaansluiting.Status.GEANNULEERD,
    )


def mag_batchstappen_zetten(gebruiker, batch: Batch) -> bool:
    """The volume work on a batch's connections: its netbeheerder, once the batch was sent."""
    return (
        gebruiker.is_authenticated
        and getattr(gebruiker, "organisatie_id", None) == batch.netbeheerder_id
        and batch.status != Batch.Status.OPEN
    )


def mag_document_toevoegen(gebruiker, realisatie: Realisatie) -> bool:
    """Delivery documents: the CPO, from the planned placement until the gemeente marks it realised."""
    return is_cpo_van(gebruiker, realisatie) and realisatie.status in Realisatie.DOCUMENTEN_MOGELIJK


def mag_realisatiedatum_vragen(gebruiker, realisatie: Realisatie) -> bool:
    return is_gemeente_van(gebruiker, realisatie) and realisatie.status in Realisatie.LOPEND
