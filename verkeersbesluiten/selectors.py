"""Who sees and handles which verkeersbesluit and objection: the one place these rules live.

Lists and detail pages start from `zichtbare_verkeersbesluiten` / `zichtbare_bezwaren`, so another gemeente's
decision is simply not found (404). Who objected (name, address) is for the gemeente itself only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from plankaart.models import Locatie
from plankaart.selectors import gemeenten_van
from portal import zaaknummers
from portal.models import Organisatie
from portal.rechten import Recht, heeft
from portal.selectors import werkt_voor_gemeente
from verkeersbesluiten.models import Besluitlocatie, Bezwaar, Verkeersbesluit

# Organisations that take part in drafting a decision; the others see it once it is published.
OPSTELLERS = (Organisatie.Soort.GEMEENTE, Organisatie.Soort.CPO)


def zichtbare_verkeersbesluiten(gebruiker) -> QuerySet[Verkeersbesluit]:
    alle = Verkeersbesluit.objects.select_related("gemeente", "opgesteld_door").defer(
        "gemeente__gebied", "opgesteld_door__gebied"
    )
    if not gebruiker.is_authenticated:
        return alle.none()
    if gebruiker.is_superuser:
        return alle
    organisatie = gebruiker.organisatie
    if organisatie is None:
        return alle.none()
    rijen = alle.filter(gemeente__in=gemeenten_van(gebruiker))
    if organisatie.soort not in OPSTELLERS:
        # Never published means never public: a concept dropped before publication stays with its drafters.
        rijen = rijen.exclude(bekendmaking_op__isnull=True)
    return rijen


def zichtbare_bezwaren(gebruiker) -> QuerySet[Bezwaar]:
    return (
        Bezwaar.objects.select_related("verkeersbesluit", "verkeersbesluit__gemeente")
        .defer("verkeersbesluit__gemeente__gebied")
        .filter(verkeersbesluit__in=zichtbare_verkeersbesluiten(gebruiker))
    )


def is_gemeente_van(gebruiker, besluit: Verkeersbesluit) -> bool:
    return gebruiker.is_authenticated and getattr(gebruiker, "organisatie_id", None) == besluit.gemeente_id


def mag_indiener_zien(gebruiker, besluit: Verkeersbesluit) -> bool:
    """Name and address of objectors: the gemeente that took the decision (and the portal's administrator)."""
    return is_gemeente_van(gebruiker, besluit) or (gebruiker.is_authenticated and gebruiker.is_superuser)


def mag_bezwaar_registreren(gebruiker, besluit: Verkeersbesluit) -> bool:
    """Objections are registered by the gemeente, once the decision is published (also after it became
    definitive: a letter posted in time may arrive up to a week after the term, Awb 6:9 lid 2)."""
    return (
        is_gemeente_van(gebruiker, besluit)
        and heeft(gebruiker, Recht.BEZWAAR_REGISTREREN)
        and besluit.status in (Verkeersbesluit.Status.GEPUBLICEERD, Verkeersbesluit.Status.DEFINITIEF)
    )


def mag_concept_maken(gebruiker, gemeente: Organisatie) -> bool:
    """The gemeente itself, or the CPO holding its concessie, which may prepare a concept for it."""
    return heeft(gebruiker, Recht.VERKEERSBESLUIT_VOORBEREIDEN) and werkt_voor_gemeente(gebruiker, gemeente)


def mag_concept_bewerken(gebruiker, besluit: Verkeersbesluit) -> bool:
    return besluit.status == Verkeersbesluit.Status.CONCEPT and mag_concept_maken(gebruiker, besluit.gemeente)


def gemeenten_voor_concept(gebruiker) -> QuerySet[Organisatie]:
    # Never the boundaries (thousands of vertices per gemeente): a CPO serves dozens of gemeenten.
    return (
        Organisatie.objects.filter(
            pk__in=[g.pk for g in gemeenten_van(gebruiker).defer("gebied") if mag_concept_maken(gebruiker, g)]
        )
        .defer("gebied")
        .order_by("naam")
    )


def in_lopend_besluit():
    """A location already in a decision that is not withdrawn (concept, published or definitive)."""
    return Exists(Besluitlocatie.objects.filter(locatie=OuterRef("pk"), actief=True))


def klaar_voor_besluit(gemeente: Organisatie) -> QuerySet[Locatie]:
    """Approved locations of a gemeente that no decision covers yet, oldest approval first."""
    return (
        Locatie.objects.filter(gemeente=gemeente, status=Locatie.Status.GOEDGEKEURD)
        .exclude(in_lopend_besluit())
        .order_by("gewijzigd_op", "pk")
    )


def open_bezwaren():
    return Exists(Bezwaar.objects.filter(verkeersbesluit=OuterRef("pk"), status=Bezwaar.Status.ONTVANGEN))


@dataclass
class Werklijstfilter:
    status: str = ""
    gemeente: int | None = None
    met_open_bezwaren: bool = False
    zoek: str = ""


# Work first: concepts to publish, then decisions in their objection term (the nearest end first).
_VOLGORDE = Case(
    When(status=Verkeersbesluit.Status.CONCEPT, then=Value(0)),
    When(status=Verkeersbesluit.Status.GEPUBLICEERD, then=Value(1)),
    When(status=Verkeersbesluit.Status.DEFINITIEF, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def _aantal(rijen: QuerySet) -> Coalesce:
    return Coalesce(
        Subquery(
            rijen.filter(verkeersbesluit=OuterRef("pk"))
            .order_by()
            .values("verkeersbesluit")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


def werklijst(gebruiker, filter_: Werklijstfilter) -> QuerySet[Verkeersbesluit]:
    # Counted per row in a subquery on the row's index, not by joining both tables under the whole list.
    rijen = zichtbare_verkeersbesluiten(gebruiker).annotate(
        aantal_locaties=_aantal(Besluitlocatie.objects.filter(stand=Besluitlocatie.Stand.OPGENOMEN)),
        aantal_open_bezwaren=_aantal(Bezwaar.objects.filter(status=Bezwaar.Status.ONTVANGEN)),
        volgorde=_VOLGORDE,
    )
    if filter_.status:
        rijen = rijen.filter(status=filter_.status)
    if filter_.gemeente:
        rijen = rijen.filter(gemeente_id=filter_.gemeente)
    if filter_.met_open_bezwaren:
        rijen = rijen.filter(open_bezwaren())
    zoek = filter_.zoek.strip()
    zaak = zaaknummers.herken(zoek)
    if zaak is not None and zaak[0] == "VKB":
        # A full decision number: the index on nummer (unique per gemeente), no scan of titles and places.
        rijen = rijen.filter(nummer=zaak[1])
    elif zaak is not None and zaak[0] == "LP":
        # A request's number: the request through its unique index, then the decisions its location is in.
        from aanvragen.models import Aanvraag

        rijen = rijen.filter(
            pk__in=Besluitlocatie.objects.filter(
                locatie_id__in=Aanvraag.objects.filter(nummer=zaak[1]).values("locatie_id")
            ).values("verkeersbesluit_id")
        )
    elif zoek:
        rijen = rijen.filter(
            Q(nummer__iexact=zoek)
            | Q(titel__icontains=zoek)
            | Q(vindplaats__icontains=zoek)
            | Q(besluitlocaties__locatie__omschrijving__icontains=zoek)
            | Q(besluitlocaties__locatie__aanvragen__nummer__iexact=zoek)
        ).distinct()
    return rijen.order_by("volgorde", F("bezwaartermijn_einde").asc(nulls_last=True), "-aangemaakt_op")


def opgenomen_locaties(besluit: Verkeersbesluit) -> QuerySet[Locatie]:
    return Locatie.objects.filter(
        besluitlocaties__verkeersbesluit=besluit, besluitlocaties__stand=Besluitlocatie.Stand.OPGENOMEN
    )


def lopend_besluit_van(locatie: Locatie) -> Verkeersbesluit | None:
    """The decision a location is in now (not withdrawn), if any."""
    regel = (
        Besluitlocatie.objects.filter(locatie=locatie, actief=True).select_related("verkeersbesluit").first()
    )
    return regel.verkeersbesluit if regel else None
