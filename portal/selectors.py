"""Reads about organisations, scoped the way every other selector relies on.

"Who serves gemeente G on date D" is answered here and nowhere else (DESIGN.md 5): the CPO is the holder of
the most recent concessie in force for G on D (`concessie_op`); the netbeheerder of a location is the one
stored on it, else the gemeente's default (the first in whose service area it lies). Access, messages, terms
and the grid-term owner all ask these functions, with today's date unless they look back.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.signals import m2m_changed, post_delete, post_save

from portal import klok, procesgeheugen, verzoekgeheugen
from portal.models import Concessie, Gebruiker, Organisatie


def _in_kracht(datum: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}ingang__lte": datum}) & (
        Q(**{f"{prefix}einde__isnull": True}) | Q(**{f"{prefix}einde__gte": datum})
    )


def _geldende_concessies(datum: dt.date) -> QuerySet[Concessie]:
    # Overlapping concessies: the most recent one in force wins, as in concessie_op.
    return Concessie.objects.filter(_in_kracht(datum)).order_by("-ingang", "-pk")


def concessie_op(gemeente: Organisatie, datum: dt.date | None = None) -> Concessie | None:
    """The concessie that covers `gemeente` on `datum` (today); once per request or sweep run
    (portal.verzoekgeheugen), and for today kept per process until an administrator changes a concessie
    (portal.procesgeheugen)."""
    vandaag = klok.vandaag()
    datum = datum or vandaag

    def lees() -> Concessie | None:
        return (
            _geldende_concessies(datum)
            .filter(gemeenten=gemeente)
            .select_related("cpo")
            .defer("cpo__gebied")
            .first()
        )

    sleutel = ("concessie", gemeente.pk, datum)
    # Kept per process for today only: a look back over many dates would fill the memory for nothing.
    return verzoekgeheugen.onthoud(
        sleutel, (lambda: procesgeheugen.onthoud(sleutel, lees)) if datum == vandaag else lees
    )


def heeft_concessie(gemeente: Organisatie, datum: dt.date | None = None) -> bool:
    """`gemeente` is among `gemeenten_met_concessie(datum)`, answered from the kept concessie (no query)."""
    return gemeente.soort == Organisatie.Soort.GEMEENTE and concessie_op(gemeente, datum) is not None


def cpo_van(gemeente: Organisatie, datum: dt.date | None = None) -> Organisatie | None:
    """The CPO that serves `gemeente` on `datum` (today), or None when no concessie is in force."""
    concessie = concessie_op(gemeente, datum)
    return concessie.cpo if concessie else None


def _met_bedienende_cpo(gemeenten: QuerySet[Organisatie], datum: dt.date) -> QuerySet[Organisatie]:
    cpo = _geldende_concessies(datum).filter(gemeenten=OuterRef("pk")).values("cpo")[:1]
    return gemeenten.annotate(bedienende_cpo=Subquery(cpo))


def gemeenten_van_cpo(cpo: Organisatie, datum: dt.date | None = None) -> QuerySet[Organisatie]:
    """The gemeenten a CPO serves on `datum` (today): where it holds the concessie in force."""
    gemeenten = Organisatie.objects.filter(soort=Organisatie.Soort.GEMEENTE)
    return _met_bedienende_cpo(gemeenten, datum or klok.vandaag()).filter(bedienende_cpo=cpo.pk)


def cpos_van_gemeente(gemeente: Organisatie, datum: dt.date | None = None) -> QuerySet[Organisatie]:
    """The CPO serving `gemeente` on `datum`, as a queryset (empty without a concessie in force)."""
    cpo = cpo_van(gemeente, datum)
    return Organisatie.objects.filter(pk=cpo.pk if cpo else None)


def bediende_gemeente_ids(cpo: Organisatie, datum: dt.date | None = None) -> frozenset[int]:
    """The ids of `gemeenten_van_cpo`, asked once per request (portal.verzoekgeheugen): a list decides "does
    this CPO serve the row's gemeente" for every row from this one answer. For today kept per process until an
    administrator changes a concessie or an organisation (portal.procesgeheugen), as `concessie_op` is: nearly
    every request of a CPO user asks it."""
    vandaag = klok.vandaag()
    datum = datum or vandaag
    sleutel = ("bediende_gemeenten", cpo.pk, datum)

    def lees() -> frozenset[int]:
        return _bediende_ids(cpo.pk, datum)

    return verzoekgeheugen.onthoud(
        sleutel,
        (lambda: procesgeheugen.onthoud(sleutel, lees, kopie=False)) if datum == vandaag else lees,
    )


def _bediende_ids(cpo_id: int, datum: dt.date) -> frozenset[int]:
    """`gemeenten_van_cpo(cpo, datum)`'s ids: the same statement the ORM makes of it, written out and prepared
    (portal.sql), since every request of a CPO user asks it and building the ORM's correlated subquery cost
    three times its run (1.5 against 0.4 ms). tests/portal/test_bediening.py holds the two to the same answer."""
    from portal import sql

    koppeling = Concessie.gemeenten.through._meta.db_table
    with sql.voorbereide_cursor() as cursor:
        cursor.execute(
            f"SELECT o.id FROM {Organisatie._meta.db_table} o WHERE o.soort = %s AND ("
            f"SELECT c.cpo_id FROM {Concessie._meta.db_table} c JOIN {koppeling} k ON k.concessie_id = c.id "
            "WHERE k.organisatie_id = o.id AND c.ingang <= %s AND (c.einde IS NULL OR c.einde >= %s) "
            "ORDER BY c.ingang DESC, c.id DESC LIMIT 1) = %s",
            [Organisatie.Soort.GEMEENTE.value, datum, datum, cpo_id],
        )
        return frozenset(rij[0] for rij in cursor.fetchall())


def gemeenten_zonder_gebied() -> QuerySet[Organisatie]:
    """Every gemeente, without its boundary (Organisatie.bevat keeps that per process)."""
    return Organisatie.objects.filter(soort=Organisatie.Soort.GEMEENTE).defer("gebied")


def gemeente_zonder_gebied(pk: int) -> Organisatie | None:
    """One of `gemeenten_zonder_gebied`, or None; kept per process until an organisation changes
    (portal.procesgeheugen), each caller its own copy. Every submission names its gemeente: reading it from
    memory spares the submission a query."""
    return procesgeheugen.onthoud(("gemeente", pk), lambda: gemeenten_zonder_gebied().filter(pk=pk).first())


def organisatienamen() -> dict[int, str]:
    """Every organisation's name by id, kept per process until an organisation changes (portal.procesgeheugen):
    a list that shows names need not join them. Read only: every caller shares the one dict."""
    return procesgeheugen.onthoud(
        ("organisatienamen",), lambda: dict(Organisatie.objects.values_list("pk", "naam")), kopie=False
    )


def bedient_cpo(organisatie: Organisatie, gemeente_id: int, datum: dt.date | None = None) -> bool:
    return gemeente_id in bediende_gemeente_ids(organisatie, datum)


def is_cpo_van_gemeente(gebruiker, gemeente_id: int, datum: dt.date | None = None) -> bool:
    """Staff of the CPO that serves the gemeente on `datum` (today): the one CPO check every app asks."""
    organisatie = getattr(gebruiker, "organisatie", None) if gebruiker.is_authenticated else None
    return (
        organisatie is not None
        and organisatie.soort == Organisatie.Soort.CPO
        and bedient_cpo(organisatie, gemeente_id, datum)
    )


def netbeheerder_van_gemeente(gemeente: Organisatie) -> Organisatie | None:
    """The gemeente's default netbeheerder: the first (by id) whose service area holds it; once per request or
    sweep run (portal.verzoekgeheugen), kept per process until a service area changes (portal.procesgeheugen)."""
    sleutel = ("netbeheerder", gemeente.pk)
    return verzoekgeheugen.onthoud(
        sleutel,
        lambda: procesgeheugen.onthoud(
            sleutel, lambda: gemeente.netbeheerders.order_by("pk").defer("gebied").first()
        ),
    )


def netbeheerder_van(locatie) -> Organisatie | None:
    """The netbeheerder of a location: stored on it (a gemeente may be served by several), else the
    gemeente's default."""
    if locatie.netbeheerder_id:
        return locatie.netbeheerder
    return netbeheerder_van_gemeente(locatie.gemeente)


def werkt_voor_gemeente(gebruiker, gemeente: Organisatie) -> bool:
    """The gemeente's own staff, or staff of the CPO holding its concessie: who may prepare its plankaart and
    its verkeersbesluiten."""
    organisatie = getattr(gebruiker, "organisatie", None)
    if not gebruiker.is_authenticated or organisatie is None:
        return False
    if organisatie.soort == Organisatie.Soort.GEMEENTE:
        return organisatie.pk == gemeente.pk
    return is_cpo_van_gemeente(gebruiker, gemeente.pk)


def gemeenten_met_concessie(datum: dt.date | None = None):
    """Gemeenten where a request can be filed: some CPO holds a concessie for them on `datum` (today)."""
    ids = _geldende_concessies(datum or klok.vandaag()).values_list("gemeenten", flat=True)
    return Organisatie.objects.filter(soort=Organisatie.Soort.GEMEENTE, pk__in=ids).order_by("naam")


def _vergeet_concessies(sender, **kwargs) -> None:
    verzoekgeheugen.vergeet()


# A concessie or a netbeheerder's service area changed during a request (the admin saves one): the request's
# remembered answers go.
post_save.connect(_vergeet_concessies, sender=Concessie, dispatch_uid="portal.selectors.concessie_opgeslagen")
post_delete.connect(_vergeet_concessies, sender=Concessie, dispatch_uid="portal.selectors.concessie_weg")
m2m_changed.connect(
    _vergeet_concessies,
    sender=Concessie.gemeenten.through,
    dispatch_uid="portal.selectors.concessiegemeenten",
)
m2m_changed.connect(
    _vergeet_concessies,
    sender=Organisatie.bediende_gemeenten.through,
    dispatch_uid="portal.selectors.verzorgingsgebied",
)


def inbox(gebruiker: Gebruiker):
    return gebruiker.berichten.all()
