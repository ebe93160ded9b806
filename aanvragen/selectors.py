"""Who sees and handles which request: the one place these access rules are written down.

Lists and detail pages both start from `zichtbare_aanvragen`, so another organisation's case is
simply not found (404), never "forbidden".
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from aanvragen import prognose, zichtbaarheid
from aanvragen.models import Aanvraag, Aanvraagvoorwaarden
from plankaart.models import Locatie
from plankaart.selectors import locaties_nabij
from portal import geo, klok, sql, zaaknummers
from portal.models import Organisatie
from portal.selectors import bediende_gemeente_ids, gemeenten_met_concessie, is_cpo_van_gemeente


def zichtbare_aanvragen(gebruiker) -> QuerySet[Aanvraag]:
    # The gemeente's boundary (thousands of vertices) never travels with a list row; a service that needs it
    # reads it when it asks (Organisatie.bevat).
    alle = Aanvraag.objects.select_related("gemeente", "aanvrager").defer("gemeente__gebied")
    if not gebruiker.is_authenticated:
        return alle.none()
    if gebruiker.is_superuser:
        return alle
    organisatie = gebruiker.organisatie
    if organisatie is None:
        return alle.filter(Q(aanvrager=gebruiker) | Q(medeaanvragers__gebruiker=gebruiker)).distinct()
    if organisatie.soort == Organisatie.Soort.CPO:
        # The gemeenten as a list of ids (asked once per request), not as a subquery: PostgreSQL cannot estimate
        # the dated concessie subquery (it guessed one gemeente) and then sorted every open case of the CPO
        # instead of reading the work list's index in order.
        return alle.filter(gemeente__in=sorted(bediende_gemeente_ids(organisatie)))
    if organisatie.soort == Organisatie.Soort.GEMEENTE:
        return alle.filter(gemeente=organisatie)
    return alle.none()


def is_aanvrager(gebruiker, aanvraag: Aanvraag) -> bool:
    """The E-rijder who filed it; for a gemeente's or CPO's request, any staff of that organisation."""
    if not gebruiker.is_authenticated:
        return False
    if aanvraag.aanvragende_organisatie_id is not None:
        return getattr(gebruiker, "organisatie_id", None) == aanvraag.aanvragende_organisatie_id
    return aanvraag.aanvrager_id == gebruiker.pk


def is_behandelaar(gebruiker, aanvraag: Aanvraag) -> bool:
    """CPO staff whose organisation serves the request's gemeente today."""
    return is_cpo_van_gemeente(gebruiker, aanvraag.gemeente_id)


def mag_locatie_bepalen(gebruiker, aanvraag: Aanvraag) -> bool:
    """The CPO handling an approved request chooses, moves or proposes its location."""
    return aanvraag.status == Aanvraag.Status.GOEDGEKEURD and is_behandelaar(gebruiker, aanvraag)


def mag_persoonsgegevens_zien(gebruiker, aanvraag: Aanvraag) -> bool:
    """Address, licence plate and proof: the requester and the CPO handling it (a joined E-rijder sees
    the case's progress, not the other person's details). Per field: aanvragen.zichtbaarheid."""
    return zichtbaarheid.mag_zien(gebruiker, aanvraag, "kenteken")


# Where Aanvraag.lopende_termijn looks, in that order, as columns and as the relations to load with a list.
LOPENDE_TERMIJN_UITERLIJK = (
    "termijn_uiterlijk",
    "locatie__termijn_uiterlijk",
    "locatie__realisatie__termijn_uiterlijk",
    "locatie__realisatie__aansluiting__termijn_uiterlijk",
)
LOPENDE_TERMIJN_RELATIES = (
    "termijn_organisatie",
    "locatie__termijn_organisatie",
    "locatie__realisatie__termijn_organisatie",
    "locatie__realisatie__aansluiting__termijn_organisatie",
)


@dataclass
class Werklijstfilter:
    status: str = ""
    gemeente: int | None = None
    bron: str = ""
    ouder_dan_dagen: int | None = None
    alleen_te_laat: bool = False
    alleen_risico: bool = False
    zoek: str = ""


def werklijst(gebruiker, filter_: Werklijstfilter) -> QuerySet[Aanvraag]:
    rijen = zichtbare_aanvragen(gebruiker)
    # Without a status filter the list is the work still to do: open requests only.
    rijen = rijen.filter(status=filter_.status) if filter_.status else rijen.filter(status__in=Aanvraag.OPEN)
    if filter_.gemeente:
        rijen = rijen.filter(gemeente_id=filter_.gemeente)
    if filter_.bron:
        rijen = rijen.filter(bron=filter_.bron)
    if filter_.ouder_dan_dagen:
        rijen = rijen.filter(ingediend_op__lt=klok.nu() - dt.timedelta(days=filter_.ouder_dan_dagen))
    # The running term is the request's own, its location's while that is being worked on, or during
    # realisation the realisation's or its grid connection's (Aanvraag.lopende_termijn): the Coalesce of
    # LOPENDE_TERMIJN_UITERLIJK, stored on the row by aanvragen.lopend_uiterlijk so an index serves the order.
    if filter_.alleen_te_laat:
        rijen = rijen.filter(lopend_uiterlijk__lt=klok.vandaag())
    if filter_.alleen_risico:
        # The 16-week flags: expected past the cap (at risk) or the cap passed (too late).
        rijen = rijen.filter(prognose.in_gevaar_q() | prognose.te_laat_q())
    if filter_.zoek.strip():
        rijen = rijen.filter(zoekvoorwaarde(filter_.zoek, gebruiker))
    # Most urgent first; cases without a running term (waiting for the E-rijder) last.
    return rijen.select_related(*LOPENDE_TERMIJN_RELATIES).order_by(
        F("lopend_uiterlijk").asc(nulls_last=True), "ingediend_op", "id"
    )


def zoekvoorwaarde(zoek: str, gebruiker) -> Q:
    """Case number, and for who sees them (aanvragen.zichtbaarheid) postcode or licence plate, typed any way
    (with or without spaces and dashes). A search that matched on a field the searcher cannot see would tell
    whether that person has a request."""
    zoek = zoek.strip()
    zaak = zaaknummers.herken(zoek)
    if zaak is not None and zaak[0] == "LP":
        # A full case number: one row through the unique index on nummer, not a scan over every field.
        return Q(nummer=zaak[1])
    compact = "".join(ch for ch in zoek.upper() if ch.isalnum())
    voorwaarde = Q(nummer__icontains=zoek)
    # Street and place: every staff role that finds a request sees it at street level. Prefix matches, so an
    # index on the column serves them; "Hoofdstraat 12" is a street and, for who sees it, a house number.
    straat, huisnummer = _straat_en_nummer(zoek)
    persoonlijk = zichtbaarheid.zoekt_op_persoonsgegevens(gebruiker)
    if zichtbaarheid.lijstvelden(gebruiker).get("straat"):
        op_straat = Q(straat__istartswith=straat) if straat else Q()
        if huisnummer is not None and persoonlijk:
            op_straat &= Q(huisnummer=huisnummer)
        if straat:
            voorwaarde |= op_straat | Q(woonplaats__istartswith=zoek)
    # The other lanes' own description of the spot (no personal data).
    voorwaarde |= Q(omschrijving__icontains=zoek) & ~Q(bron="erijder")
    if not persoonlijk:
        return voorwaarde
    voorwaarde |= Q(aanvrager__naam__icontains=zoek) & Q(bron="erijder")
    voorwaarde |= Q(kenteken__icontains=zoek.upper())
    if compact:
        if len(compact) <= 4:
            voorwaarde |= Q(postcode__startswith=compact)
        else:
            voorwaarde |= Q(postcode=f"{compact[:4]} {compact[4:]}")
        voorwaarde |= Q(kenteken=_met_streepjes_waar_mogelijk(compact))
    return voorwaarde


def _straat_en_nummer(zoek: str) -> tuple[str, int | None]:
    """'Hoofdstraat 12a' → ('Hoofdstraat', 12); 'Hoofdstraat' → ('Hoofdstraat', None)."""
    delen = zoek.split()
    if len(delen) >= 2:
        cijfers = "".join(ch for ch in delen[-1] if ch.isdigit())
        if cijfers and delen[-1][0].isdigit():
            return " ".join(delen[:-1]), int(cijfers)
    return zoek, None


def _met_streepjes_waar_mogelijk(compact: str) -> str:
    from aanvragen.validators import normaliseer_kenteken

    try:
        return normaliseer_kenteken(compact)
    except ValueError:
        return compact


@dataclass(frozen=True)
class Buur:
    aanvraag: Aanvraag
    afstand_m: float | None  # None where the viewer may not learn it (aanvragen.zichtbaarheid)


def lopende_aanvragen_nabij(
    lat: float, lon: float, gemeente: Organisatie, *, uitgezonderd=None, van=None
) -> list[Buur]:
    """Open requests within the gemeente's radius, nearest first (DESIGN.md 3.1: join instead of duplicate).
    `van`: only this E-rijder's own, read as number and position only (the check at every submission)."""
    straal = Aanvraagvoorwaarden.voor(gemeente).straal_m
    if van is not None and uitgezonderd is None:
        return _eigen_lopende_nabij(van.pk, lat, lon, straal)
    rijen = Aanvraag.objects.filter(status__in=Aanvraag.OPEN)
    if uitgezonderd is not None:
        rijen = rijen.exclude(pk=uitgezonderd.pk)
    if van is not None:
        rijen = rijen.filter(aanvrager_id=van.pk).only("nummer", "rd_x", "rd_y")
    return [Buur(aanvraag, afstand) for aanvraag, afstand in geo.binnen_straal(rijen, lat, lon, straal)]


_EIGEN_VELDEN = [Aanvraag._meta.get_field(naam) for naam in ("id", "nummer", "rd_x", "rd_y")]


def _eigen_lopende_nabij(aanvrager_id: int, lat: float, lon: float, straal: float) -> list[Buur]:
    """The E-rijder's own open requests within `straal`, nearest first, as number and position: the rows of
    the ORM query above for `van`, as one prepared statement (portal.sql). Every submission asks it, and
    composing the ORM's query cost more than running it.

    The statement reads all of the E-rijder's own open requests (a person has a handful) and the radius is
    applied here: with the bounding box in the SQL as well, PostgreSQL planned it anew at every call (0.3 ms
    over 23 indexes), and its generic plan walked the rd index of the whole neighbourhood instead."""
    x, y = geo.naar_rd(lat, lon)
    statussen, statusparams = sql.in_lijst(sorted(Aanvraag.OPEN))
    with sql.voorbereide_cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(veld.column for veld in _EIGEN_VELDEN)} FROM {Aanvraag._meta.db_table} "
            f"WHERE aanvrager_id = %s AND status {statussen}",
            [aanvrager_id, *statusparams],
        )
        aanvragen = [sql.model_uit(Aanvraag, _EIGEN_VELDEN, rij) for rij in cursor.fetchall()]
    return [Buur(aanvraag, afstand) for aanvraag, afstand in geo.binnen_straal_van(aanvragen, x, y, straal)]


def bestaande_laadpunten_nabij(aanvraag: Aanvraag):
    """Existing public charging points within the gemeente's radius."""
    straal = Aanvraagvoorwaarden.voor(aanvraag.gemeente).straal_m
    return locaties_nabij(
        aanvraag.lat, aanvraag.lon, straal, statussen=[Locatie.Status.GEREALISEERD, Locatie.Status.OPGELEVERD]
    )


def gemeenten_voor_locatieaanvraag(gebruiker) -> QuerySet[Organisatie]:
    """The gemeenten for which this staff member may ask a charging location (aanvragen.lanen decides)."""
    from aanvragen import lanen, services

    bron = services.bron_van(gebruiker)
    gemeenten = gemeenten_met_concessie()
    if bron is None:
        return gemeenten.none()
    baan = lanen.baan(bron)
    return gemeenten.filter(pk__in=[g.pk for g in gemeenten if baan.mag_indienen(gebruiker, g)])


def locatie_die_al_dient(aanvraag: Aanvraag):
    """A proactive or definitive plankaart location within the radius that already takes the request's
    stage: linking to it starts nothing new. Nearest first; None when there is none."""
    from plankaart.volgen import FASE

    L = Locatie.Status
    lopend = [s for s, fase in FASE.items() if fase and s != L.GEREALISEERD]
    rijen = Locatie.objects.filter(status__in=lopend).filter(
        Q(proactief=True) | Q(status__in=[L.DEFINITIEF, L.IN_REALISATIE, L.OPGELEVERD])
    )
    straal = Aanvraagvoorwaarden.voor(aanvraag.gemeente).straal_m
    nabij = locaties_nabij(aanvraag.lat, aanvraag.lon, straal, gemeente=aanvraag.gemeente, rijen=rijen)
    return nabij[0] if nabij else None
