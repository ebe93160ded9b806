"""Who sees and handles which location, and the reads of the plankaart: the one place these rules live.

Lists and detail pages start from `zichtbare_locaties`, so a location of a gemeente one has nothing to do
with is simply not found (404). E-rijders and the public see locations only on the public map.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from plankaart.models import Locatie, Plankaart
from portal import geo, klok, sql, zaaknummers
from portal.models import Organisatie
from portal.selectors import (
    bediende_gemeente_ids,
    gemeenten_van_cpo,
    is_cpo_van_gemeente,
    netbeheerder_van,
    werkt_voor_gemeente,
)


def gemeenten_van(gebruiker) -> QuerySet[Organisatie]:
    """The gemeenten whose plankaart this user may see."""
    gemeenten = Organisatie.objects.filter(soort=Organisatie.Soort.GEMEENTE)
    if not gebruiker.is_authenticated:
        return gemeenten.none()
    if gebruiker.is_superuser:
        return gemeenten
    organisatie = gebruiker.organisatie
    if organisatie is None:
        return gemeenten.none()
    if organisatie.soort == Organisatie.Soort.GEMEENTE:
        return gemeenten.filter(pk=organisatie.pk)
    if organisatie.soort == Organisatie.Soort.CPO:
        return gemeenten_van_cpo(organisatie)
    if organisatie.soort == Organisatie.Soort.NETBEHEERDER:
        return organisatie.bediende_gemeenten.all()
    if organisatie.soort == Organisatie.Soort.PROVINCIE:
        return gemeenten.filter(provincie=organisatie)
    return gemeenten.none()


def zichtbare_gemeente_ids(gebruiker) -> frozenset[int] | None:
    """The ids of `gemeenten_van(gebruiker)`, or None for a superuser (every gemeente). A gemeente's own staff
    need no query, a CPO shares the request's one answer of `bediende_gemeente_ids` (which its transition
    checks ask too)."""
    if gebruiker.is_authenticated and gebruiker.is_superuser:
        return None
    organisatie = getattr(gebruiker, "organisatie", None) if gebruiker.is_authenticated else None
    if organisatie is not None and organisatie.soort == Organisatie.Soort.GEMEENTE:
        return frozenset({organisatie.pk})
    if organisatie is not None and organisatie.soort == Organisatie.Soort.CPO:
        return bediende_gemeente_ids(organisatie)
    return frozenset(gemeenten_van(gebruiker).values_list("pk", flat=True))


def zichtbare_locaties(gebruiker) -> QuerySet[Locatie]:
    alle = Locatie.objects.select_related("gemeente", "termijn_organisatie").defer(
        "gemeente__gebied", "termijn_organisatie__gebied"
    )
    if gebruiker.is_authenticated and gebruiker.is_superuser:
        return alle
    return alle.filter(gemeente__in=gemeenten_van(gebruiker))


def mag_als(gebruiker, locatie: Locatie, rol: str) -> bool:
    """Whether the user acts for the organisation that plays `rol` (cpo, gemeente, netbeheerder) for the
    location's gemeente. Transition permissions and page actions both ask this."""
    organisatie = getattr(gebruiker, "organisatie", None)
    if not gebruiker.is_authenticated or organisatie is None or organisatie.soort != rol:
        return False
    if rol == Organisatie.Soort.GEMEENTE:
        return organisatie.pk == locatie.gemeente_id
    if rol == Organisatie.Soort.CPO:
        return is_cpo_van_gemeente(gebruiker, locatie.gemeente_id)
    if rol == Organisatie.Soort.NETBEHEERDER:
        # The location's own netbeheerder: the same one that carries the netcheck's term.
        netbeheerder = netbeheerder_van(locatie)
        return netbeheerder is not None and netbeheerder.pk == organisatie.pk
    return False


def mag_plankaart_bijwerken(gebruiker, gemeente: Organisatie) -> bool:
    """Import into a plankaart: the gemeente itself, or the CPO holding its concessie."""
    return werkt_voor_gemeente(gebruiker, gemeente)


def mag_plankaart_herzien(gebruiker, gemeente: Organisatie) -> bool:
    """A new version of the plankaart is the gemeente's decision."""
    organisatie = getattr(gebruiker, "organisatie", None)
    return gebruiker.is_authenticated and organisatie is not None and organisatie.pk == gemeente.pk


def huidige_plankaart(gemeente: Organisatie) -> Plankaart | None:
    return Plankaart.objects.filter(gemeente=gemeente).order_by("-versie").first()


def open_aanvragen_per_locatie(locaties) -> dict[int, int]:
    """How many open requests each location already serves (one per charging point)."""
    from aanvragen.models import Aanvraag

    rijen = (
        Aanvraag.objects.filter(locatie__in=locaties, status__in=Aanvraag.OPEN)
        .values("locatie")
        .annotate(aantal=Count("pk"))
    )
    return {rij["locatie"]: rij["aantal"] for rij in rijen}


@dataclass(frozen=True)
class Nabij:
    locatie: Locatie
    afstand_m: float


def locaties_nabij(
    lat: float, lon: float, straal_m: float, *, statussen=None, gemeente=None, rijen=None
) -> list[Nabij]:
    """Locations within `straal_m` of a point, nearest first (indexed RD bounding box, then exact distance)."""
    rijen = Locatie.objects.all() if rijen is None else rijen
    if statussen is not None:
        rijen = rijen.filter(status__in=statussen)
    if gemeente is not None:
        rijen = rijen.filter(gemeente=gemeente)
    return [Nabij(locatie, afstand) for locatie, afstand in geo.binnen_straal(rijen, lat, lon, straal_m)]


# What the nearest-locations answer shows of a location (plankaart.api.NabijRijen unpacks them in this order):
# its own columns, read as one row each; the names of its gemeente and of the organisation at turn come from
# organisatienamen().
NABIJ_GETOOND = (
    "id",
    "kenmerk",
    "omschrijving",
    "gemeente_id",
    "lat",
    "lon",
    "rd_x",
    "rd_y",
    "parkeerplaatsen",
    "laadpunten",
    "bron",
    "proactief",
    "proactief_jaar",
    "status",
    "bezwaar_loopt",
    "opmerking",
    "reden_code",
    "termijn_stap",
    "termijn_organisatie_id",
    "termijn_uiterlijk",
    "gewijzigd_op",
)
# The columns of nabij_sql's rows, in order: what locaties_nabij_pagina's reader finds by position. Besides the
# shown ones, what the transition rules read (Locatie.TRANSITIES_LEZEN), the distance and the count.
NABIJ_NAMEN = (*dict.fromkeys((*NABIJ_GETOOND, *Locatie.TRANSITIES_LEZEN)), "afstand_kwadraat", "totaal")


def locaties_nabij_pagina(
    gebruiker, x: float, y: float, straal_m: float, *, begin: int, aantal: int, gemeente_id=None, status=None
) -> tuple[list[Sequence], int | None]:
    """One page of the locations `gebruiker` sees within `straal_m` of RD point (x, y), nearest first, as rows
    (sql.tupels: the columns of NABIJ_NAMEN by position), and how many rows match in all, counted in the same
    query (None when the page is past the end: no row carried the count).

    The rows of `geo.binnen_straal_sql(zichtbare_locaties(gebruiker))`, in the same order, in one statement
    instead of a count, the page's ids and its rows."""
    vraag = nabij_sql(
        gebruiker, x, y, straal_m, begin=begin, aantal=aantal, gemeente_id=gemeente_id, status=status
    )
    if vraag is None:
        return [], None
    with sql.voorbereide_cursor(binair=True) as cursor:  # NABIJ_NAMEN holds no JSON
        cursor.execute(*vraag)
        pagina = sql.tupels(cursor, Locatie, NABIJ_NAMEN)
    return pagina, (pagina[0][-1] if pagina else None)


def nabij_sql(
    gebruiker, x: float, y: float, straal_m: float, *, begin: int, aantal: int, gemeente_id=None, status=None
) -> tuple[str, list] | None:
    """The statement of `locaties_nabij_pagina` and its parameters, or None when the user sees no gemeente to
    search in (bench/http.py sends the same statement raw, to compare).

    Written out rather than built by the ORM: the search answers at every move of a planner's map, and composing
    the query cost as much as running it. The gemeenten are one array parameter and no organisation is joined,
    so the statement is prepared once per connection (portal.sql) and its plan is the bare search's.

    In two steps: `kring` finds every spot within the radius with its distance from the covering index alone
    (locatie_rd_dekkend_idx carries id, gemeente and status), which also gives the count; only the page's
    rows are then read from the table. In a city a radius of 250 m holds hundreds of spots, each on a page of
    its own: reading them all for their columns cost three quarters of the search."""
    gemeente_ids = zichtbare_gemeente_ids(gebruiker)
    if gemeente_id is not None:
        gemeente_ids = frozenset({gemeente_id}) if gemeente_ids is None else gemeente_ids & {gemeente_id}
    if gemeente_ids is not None and not gemeente_ids:
        return None
    kwadraat = "(rd_x - %s) * (rd_x - %s) + (rd_y - %s) * (rd_y - %s)"
    waar = ["rd_x >= %s", "rd_x <= %s", "rd_y >= %s", "rd_y <= %s", f"{kwadraat} <= %s"]
    params: list = [x - straal_m, x + straal_m, y - straal_m, y + straal_m, x, x, y, y, straal_m * straal_m]
    if gemeente_ids is not None:
        lijst, lijstparams = sql.in_lijst(sorted(gemeente_ids))
        waar.append(f"gemeente_id {lijst}")
        params += lijstparams
    if status is not None:
        waar.append("status = %s")
        params.append(status)
    tabel = Locatie._meta.db_table
    kolommen = ", ".join(f"l.{kolom}" for kolom in NABIJ_NAMEN[:-2])
    # Referenced twice, `kring` is computed once (PostgreSQL materializes it; so does SQLite).
    return (
        f"WITH kring AS (SELECT id, {kwadraat} AS afstand_kwadraat FROM {tabel} WHERE {' AND '.join(waar)}) "
        f"SELECT {kolommen}, k.afstand_kwadraat, (SELECT COUNT(*) FROM kring) AS totaal "
        "FROM (SELECT id, afstand_kwadraat FROM kring ORDER BY afstand_kwadraat, id LIMIT %s OFFSET %s) k "
        f"JOIN {tabel} l ON l.id = k.id ORDER BY k.afstand_kwadraat, k.id",
        [x, x, y, y, *params, aantal, begin],
    )


@dataclass(frozen=True)
class Kandidaat:
    """A location near a request, as the CPO weighs it."""

    locatie: Locatie
    afstand_m: float
    binnen_straal: bool
    bezet: int  # open requests it already serves

    @property
    def vol(self) -> bool:
        return self.bezet >= self.locatie.laadpunten

    @property
    def kiesbaar(self) -> bool:
        return self.binnen_straal and not self.vol and self.locatie.status in Locatie.KIESBAAR

    @property
    def verplaatsbaar(self) -> bool:
        """A plankaart spot outside the radius that nobody uses yet can be moved to within it."""
        return not self.binnen_straal and self.locatie.status == Locatie.Status.KANDIDAAT and self.bezet == 0


def kandidaten_voor(aanvraag, straal_m: int, *, zoekstraal_m: int) -> list[Kandidaat]:
    """The gemeente's locations around a request, nearest first: within the radius to choose, and further
    out (up to `zoekstraal_m`) the nearest plankaart spots that could be moved."""
    nabij = locaties_nabij(
        aanvraag.lat,
        aanvraag.lon,
        zoekstraal_m,
        gemeente=aanvraag.gemeente,
        rijen=Locatie.objects.exclude(status=Locatie.Status.VERVALLEN),
    )
    bezet = open_aanvragen_per_locatie([n.locatie for n in nabij])
    return [
        Kandidaat(n.locatie, n.afstand_m, n.afstand_m <= straal_m, bezet.get(n.locatie.pk, 0)) for n in nabij
    ]


@dataclass
class Werklijstfilter:
    status: str = ""
    gemeente: int | None = None
    alleen_aan_zet: bool = True
    alleen_te_laat: bool = False
    zoek: str = ""


def werklijst(gebruiker, filter_: Werklijstfilter) -> QuerySet[Locatie]:
    """Locations to act on: by default those where the user's organisation is at turn, most urgent first."""
    # The open requests per row as a subquery: a join with GROUP BY (and the DISTINCT it needed) made the list's
    # count and sort run over every location of the gemeente (426 ms at 100,000 in one city).
    rijen = zichtbare_locaties(gebruiker).annotate(aantal_aanvragen=_open_aanvragen_per_locatie())
    if filter_.alleen_aan_zet and gebruiker.organisatie_id:
        rijen = rijen.filter(termijn_organisatie=gebruiker.organisatie)
    if filter_.status:
        rijen = rijen.filter(status=filter_.status)
    else:
        rijen = rijen.exclude(status__in=[Locatie.Status.VERVALLEN, Locatie.Status.GEREALISEERD])
    if filter_.gemeente:
        rijen = rijen.filter(gemeente_id=filter_.gemeente)
    if filter_.alleen_te_laat:
        rijen = rijen.filter(termijn_uiterlijk__lt=klok.vandaag())
    if filter_.zoek.strip():
        zoek = filter_.zoek.strip()
        zaak = zaaknummers.herken(zoek)
        if zaak is not None and zaak[0] == "LP":
            # A full case number: the request through its unique index, then its location.
            rijen = rijen.filter(pk__in=_aanvragen_met_nummer(zaak[1]).values("locatie_id"))
        else:
            rijen = rijen.filter(
                Q(omschrijving__icontains=zoek)
                | Q(kenmerk__iexact=zoek)
                | Exists(_aanvragen().filter(locatie=OuterRef("pk"), nummer__iexact=zoek))
            )
    return rijen.order_by(F("termijn_uiterlijk").asc(nulls_last=True), "pk")


def _open_aanvragen_per_locatie():
    open_ = (
        _aanvragen()
        .filter(locatie=OuterRef("pk"), status__in=_open_statussen())
        .order_by()
        .values("locatie")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(open_), 0)


def _aanvragen():
    from aanvragen.models import Aanvraag

    return Aanvraag.objects.all()


def _aanvragen_met_nummer(nummer: str):
    return _aanvragen().filter(nummer=nummer)


def _open_statussen():
    from aanvragen.models import Aanvraag

    return Aanvraag.OPEN
