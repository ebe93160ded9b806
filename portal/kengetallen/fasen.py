"""Keeping the phase table and the per-request figures up to date from the write path.

Every transition (portal.transities.transitie_uitgevoerd) syncs the requests it concerns: the request
itself, or the requests that follow the location, grid connection, realisation or verkeersbesluit that
moved. Syncing compares the request's current step (aanvragen.prognose.huidige_stap and the term that
carries it) with its open phase: the same step with the same start stays open, anything else closes the
open phase and opens the next. Registering an objection is no transition, so a saved objection syncs too.
`python manage.py kengetallen_opbouwen` fills both tables from the history for requests that have none.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from portal import klok
from portal.kengetallen.models import (
    AANSLUITING_AANVRAGEN,
    AANVULLEN,
    VERKEERSBESLUIT_NEMEN,
    Aanvraagcijfers,
    Fase,
    Fasedag,
    Fasemaand,
    Partij,
)
from portal.servicetermijnen import STANDAARD, Stap
from portal.transities import transitie_uitgevoerd, transities_uitgevoerd

log = logging.getLogger(__name__)

# Waiting for a party to start the next step, without a term running: who that party is.
WACHTEND = {
    "wacht_op_verkeersbesluit": (VERKEERSBESLUIT_NEMEN, Partij.GEMEENTE),
    "wacht_op_realisatie": (AANSLUITING_AANVRAGEN, Partij.CPO),
}
AFGEROND = {
    "opgeleverd": Aanvraagcijfers.Afloop.OPGELEVERD,
    "gerealiseerd": Aanvraagcijfers.Afloop.OPGELEVERD,
    "afgewezen": Aanvraagcijfers.Afloop.AFGEWEZEN,
    "ingetrokken": Aanvraagcijfers.Afloop.INGETROKKEN,
}
# The transition that ends a netcheck with a refusal (counted in the phase totals for the netcheck figures).
GEWEIGERD = "netcheck_afkeuren"
RELATIES = (
    "gemeente",
    "termijn_organisatie",
    "locatie__termijn_organisatie",
    "locatie__realisatie__termijn_organisatie",
    "locatie__realisatie__aansluiting__termijn_organisatie",
)
GRENZEN = tuple(f"{relatie}__gebied" for relatie in RELATIES)


@dataclass(frozen=True)
class Huidig:
    stap: str
    partij: str
    partij_organisatie_id: int | None
    begin: dt.datetime | None  # None: not known from a term (a waiting state); keeps the open phase's
    uiterlijk: dt.date | None


def huidige_fase(aanvraag) -> Huidig | None:
    """The phase the request is in now, or None when it waits for nobody in the chain (done or closed)."""
    from aanvragen import prognose

    if aanvraag.status in AFGEROND:
        return None
    if aanvraag.status == "aanvulling_gevraagd":
        return Huidig(AANVULLEN, Partij.AANVRAGER, None, None, None)
    lopend = aanvraag.lopende_termijn
    if lopend is None:
        if aanvraag.status in WACHTEND:
            stap, partij = WACHTEND[aanvraag.status]
            return Huidig(stap, partij, None, None, None)
        return None
    huidig = prognose.huidige_stap(aanvraag)
    stap, uiterlijk = huidig
    if stap == Stap.BESLISSEN_OP_BEZWAAR:
        return Huidig(stap, Partij.GEMEENTE, aanvraag.gemeente_id, None, uiterlijk)
    if stap == Stap.BEZWAARTERMIJN:
        return Huidig(stap, Partij.WETTELIJK, None, lopend.termijn_begonnen_op, uiterlijk)
    regel = STANDAARD.get(stap)
    partij = regel.eigenaar if regel else Partij.CPO
    return Huidig(stap, partij, lopend.termijn_organisatie_id, lopend.termijn_begonnen_op, uiterlijk)


def scope_van(aanvraag) -> dict:
    """The organisations a request's figures belong to, as stored on its rows."""
    from portal.selectors import concessie_op, netbeheerder_van_gemeente

    gemeente = aanvraag.gemeente
    concessie = concessie_op(gemeente)
    netbeheerder_id = aanvraag.locatie.netbeheerder_id if aanvraag.locatie_id else None
    if netbeheerder_id is None:
        netbeheerder = netbeheerder_van_gemeente(gemeente)
        netbeheerder_id = netbeheerder.pk if netbeheerder else None
    return {
        "gemeente_id": gemeente.pk,
        "provincie_id": gemeente.provincie_id,
        "cpo_id": concessie.cpo_id if concessie else None,
        "netbeheerder_id": netbeheerder_id,
        "bron": aanvraag.bron,
    }


def sluit(fase: Fase, eind: dt.datetime) -> Fase:
    fase.eind = eind
    fase.dagen = max((timezone.localdate(eind) - timezone.localdate(fase.begin)).days, 0)
    fase.binnen_termijn = (timezone.localdate(eind) <= fase.uiterlijk) if fase.uiterlijk else None
    return fase


def synchroniseer(
    aanvraag, nu: dt.datetime | None = None, transitie: str = "", *, nieuw: bool = False
) -> None:
    """Bring one request's open phase and figures in line with where it stands now; `transitie` is the
    transition that moved it (recorded on the phase it ends). `nieuw`: the request was just made, so it has no
    phase and no figures yet (nothing to look up)."""
    nu = nu or klok.nu()
    huidig = huidige_fase(aanvraag)
    open_ = None if nieuw else Fase.objects.filter(aanvraag=aanvraag, eind__isnull=True).first()
    scope = None
    if open_ is not None:
        zelfde = (
            huidig is not None
            and open_.stap == huidig.stap
            and (huidig.begin is None or open_.begin == huidig.begin)
        )
        if zelfde:
            velden = {
                "uiterlijk": huidig.uiterlijk,
                "partij": huidig.partij,
                "partij_organisatie_id": huidig.partij_organisatie_id,
            }
            gewijzigd = {k: v for k, v in velden.items() if getattr(open_, k) != v}
            if gewijzigd:
                Fase.objects.filter(pk=open_.pk).update(**gewijzigd)
        else:
            open_.afsluiting = transitie[:50]
            sluit(open_, max(nu, open_.begin)).save(
                update_fields=["eind", "dagen", "binnen_termijn", "afsluiting"]
            )
            tel_bij_maand(open_)
            open_ = None
    if open_ is None and huidig is not None:
        scope = scope_van(aanvraag)
        Fase.objects.create(
            aanvraag=aanvraag,
            stap=huidig.stap,
            partij=huidig.partij,
            partij_organisatie_id=huidig.partij_organisatie_id,
            begin=huidig.begin or nu,
            uiterlijk=huidig.uiterlijk,
            **scope,
        )
    werk_cijfers_bij(aanvraag, nu, scope, nieuw=nieuw)


def _optellen(model, veld: str) -> str:
    tabel = model._meta.db_table
    return (
        f"INSERT INTO {tabel} ({veld}, gemeente_id, provincie_id, cpo_id, netbeheerder_id, bron, stap, "
        "partij, aantal, totaal_dagen, met_termijn, binnen, geweigerd) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
        f"ON CONFLICT ({veld}, gemeente_id, provincie_id, cpo_id, netbeheerder_id, bron, stap, partij) "
        f"DO UPDATE SET aantal = {tabel}.aantal + excluded.aantal, "
        f"totaal_dagen = {tabel}.totaal_dagen + excluded.totaal_dagen, "
        f"met_termijn = {tabel}.met_termijn + excluded.met_termijn, binnen = {tabel}.binnen + excluded.binnen, "
        f"geweigerd = {tabel}.geweigerd + excluded.geweigerd"
    )


def tel_bij_maand(fase: Fase) -> None:
    """Add one closed phase to the totals of the month and of the day it ended (Fasemaand, Fasedag) with
    INSERT … ON CONFLICT DO UPDATE, which holds under concurrent writers; on PostgreSQL both in one statement
    (the day's upsert in a WITH), so closing a phase costs the write path one query, as before the day totals."""
    from django.db import connection

    eind = timezone.localdate(fase.eind)
    sleutel = [
        fase.gemeente_id,
        fase.provincie_id or 0,
        fase.cpo_id or 0,
        fase.netbeheerder_id or 0,
        fase.bron,
        fase.stap,
        fase.partij,
    ]
    waarden = [
        1,
        fase.dagen or 0,
        int(fase.binnen_termijn is not None),
        int(bool(fase.binnen_termijn)),
        int(fase.afsluiting == GEWEIGERD),
    ]
    dag = [eind, *sleutel, *waarden]
    maand = [eind.replace(day=1), *sleutel, *waarden]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"WITH dag AS ({_optellen(Fasedag, 'dag')}) {_optellen(Fasemaand, 'maand')}", [*dag, *maand]
            )
        else:
            cursor.execute(_optellen(Fasedag, "dag"), dag)
            cursor.execute(_optellen(Fasemaand, "maand"), maand)


def maandtotalen_opbouwen() -> int:
    """Rebuild Fasemaand and Fasedag from the closed phases (after a backfill or a bulk load): one GROUP BY
    each. Returns the number of month rows."""
    from django.db import transaction
    from django.db.models import Count, DateField, Q, Sum
    from django.db.models.functions import Coalesce, TruncDate, TruncMonth

    aantallen = {}
    for model, veld, trunc in (
        (Fasemaand, "maand", TruncMonth("eind", output_field=DateField())),
        (Fasedag, "dag", TruncDate("eind")),
    ):
        rijen = (
            Fase.objects.filter(eind__isnull=False)
            .annotate(**{veld: trunc})
            .values(
                veld, "gemeente_id", "provincie_id", "cpo_id", "netbeheerder_id", "bron", "stap", "partij"
            )
            .annotate(
                aantal=Count("id"),
                totaal_dagen=Coalesce(Sum("dagen"), 0),
                met_termijn=Count("id", filter=Q(binnen_termijn__isnull=False)),
                binnen=Count("id", filter=Q(binnen_termijn=True)),
                geweigerd=Count("id", filter=Q(afsluiting=GEWEIGERD)),
            )
            .order_by()
        )
        nieuw = [
            model(
                **{
                    **r,
                    "provincie_id": r["provincie_id"] or 0,
                    "cpo_id": r["cpo_id"] or 0,
                    "netbeheerder_id": r["netbeheerder_id"] or 0,
                }
            )
            for r in rijen
        ]
        with transaction.atomic():
            model.objects.all().delete()
            model.objects.bulk_create(nieuw, batch_size=2000)
        aantallen[model] = len(nieuw)
    return aantallen[Fasemaand]


def werk_cijfers_bij(aanvraag, nu: dt.datetime, scope: dict | None = None, *, nieuw: bool = False) -> None:
    bestaand = None if nieuw else Aanvraagcijfers.objects.filter(aanvraag=aanvraag).first()
    if bestaand is None:
        bestaand = Aanvraagcijfers(aanvraag=aanvraag, ingediend_op=aanvraag.ingediend_op)
        scope = scope or scope_van(aanvraag)
    if scope is not None:
        for veld, waarde in scope.items():
            setattr(bestaand, veld, waarde)
    afloop = AFGEROND.get(aanvraag.status, Aanvraagcijfers.Afloop.OPEN)
    bestaand.afloop = afloop
    bestaand.locatie_id = aanvraag.locatie_id or bestaand.locatie_id
    bestaand.maximum_gereed = aanvraag.maximum_gereed
    bestaand.reden_code = aanvraag.reden_code
    if afloop == Aanvraagcijfers.Afloop.OPGELEVERD and bestaand.opgeleverd_op is None:
        bestaand.opgeleverd_op = nu
    if afloop in (Aanvraagcijfers.Afloop.AFGEWEZEN, Aanvraagcijfers.Afloop.INGETROKKEN):
        bestaand.afgesloten_op = bestaand.afgesloten_op or nu
    vul_doorlooptijd(bestaand)
    bestaand.save(force_insert=nieuw)


def vul_doorlooptijd(cijfers: Aanvraagcijfers) -> None:
    if cijfers.opgeleverd_op is None:
        cijfers.doorlooptijd_dagen = cijfers.binnen_maximum = None
        return
    opgeleverd = timezone.localdate(cijfers.opgeleverd_op)
    cijfers.doorlooptijd_dagen = max((opgeleverd - timezone.localdate(cijfers.ingediend_op)).days, 0)
    cijfers.binnen_maximum = (opgeleverd <= cijfers.maximum_gereed) if cijfers.maximum_gereed else None


def bijwerken(aanvragen: Iterable, transitie: str = "") -> int:
    """Sync these requests (objects or ids), read fresh with what their current step depends on."""
    from aanvragen.models import Aanvraag

    ids = [a if isinstance(a, int) else a.pk for a in aanvragen]
    if not ids:
        return 0
    nu = klok.nu()
    aantal = 0
    # A gemeente's boundary (thousands of vertices) is not needed to place a request in its phase.
    rijen = Aanvraag.objects.filter(pk__in=ids).select_related(*RELATIES).defer(*GRENZEN)
    for aanvraag in rijen:
        synchroniseer(aanvraag, nu, transitie)
        aantal += 1
    return aantal


def aanvragen_van(zaak) -> list[int]:
    """The requests whose current step may move when `zaak` moves."""
    return aanvragen_van_zaken([zaak])


def aanvragen_van_zaken(zaken) -> list[int]:
    """The requests whose current step may move when these cases (of one type) move: one query."""
    from aanvragen.models import Aanvraag

    if not zaken:
        return []
    naam = type(zaken[0]).__name__
    if naam == "Aanvraag":
        return [zaak.pk for zaak in zaken]
    rijen = Aanvraag.objects.filter(status__in=Aanvraag.OPEN)
    if naam == "Locatie":
        rijen = rijen.filter(locatie_id__in=[zaak.pk for zaak in zaken])
    elif naam in ("Netaansluiting", "Realisatie"):
        rijen = rijen.filter(locatie_id__in=[zaak.locatie_id for zaak in zaken])
    elif naam == "Verkeersbesluit":
        rijen = rijen.filter(locatie__besluitlocaties__verkeersbesluit_id__in=[zaak.pk for zaak in zaken])
    elif naam == "Bezwaar":
        rijen = rijen.filter(
            locatie__besluitlocaties__verkeersbesluit_id__in=[zaak.verkeersbesluit_id for zaak in zaken]
        )
    else:
        return []
    return list(rijen.values_list("pk", flat=True).distinct())


@receiver(transitie_uitgevoerd)
def _na_transitie(sender, zaak, naam="", **kwargs):
    bijwerken(aanvragen_van(zaak), naam)


@receiver(transities_uitgevoerd)
def _na_transities(sender, zaken, naam="", **kwargs):
    bijwerken(aanvragen_van_zaken(zaken), naam)


def _na_bezwaar_opgeslagen(sender, instance, **kwargs):
    # Registering or deciding an objection changes the step of the requests behind the decision.
    bijwerken(aanvragen_van(instance), "bezwaar_registreren" if kwargs.get("created") else "")


def _na_aanvraag_opgeslagen(sender, instance, created, raw=False, **kwargs):
    # Submission is no transition (every lane creates the request in its first state): its first phase.
    if created and not raw:
        if instance.locatie_id is None:
            # As saved, the request is all its first phase depends on: no need to read it back.
            synchroniseer(instance, klok.nu(), "indienen", nieuw=True)
        else:
            bijwerken([instance], "indienen")


def verbind() -> None:
    """Connect the receivers that need models (called from the portal app's ready())."""
    from aanvragen.models import Aanvraag
    from verkeersbesluiten.models import Bezwaar

    post_save.connect(_na_bezwaar_opgeslagen, sender=Bezwaar, dispatch_uid="kengetallen_bezwaar")
    post_save.connect(_na_aanvraag_opgeslagen, sender=Aanvraag, dispatch_uid="kengetallen_aanvraag")


def herstel_open_aanvragen(per: int = 500) -> int:
    """Sync every open request in batches, each batch in its own transaction."""
    from django.db import transaction

    from aanvragen.models import Aanvraag

    ids = list(Aanvraag.objects.filter(status__in=Aanvraag.OPEN).order_by("pk").values_list("pk", flat=True))
    for begin in range(0, len(ids), per):
        with transaction.atomic():
            bijwerken(ids[begin : begin + per])
    return len(ids)
