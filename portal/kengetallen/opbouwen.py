"""Filling the figures tables from the history for requests that have no rows yet (an existing portal, or
after `--opnieuw`).

The history of a request holds every status it went through with the moment it did; each status interval
becomes a closed phase with the step and party that status stands for (coarser than what the write path
records: the location's own netcheck and review inside "locatie voorgesteld" are one phase here). The phase a
request is in now is then taken from its running term exactly as the write path does (fasen.synchroniseer).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from portal import servicetermijnen
from portal.kengetallen import fasen, totalen
from portal.kengetallen.models import (
    AANSLUITING_AANVRAGEN,
    AANVULLEN,
    VERKEERSBESLUIT_NEMEN,
    Aanvraagcijfers,
    Fase,
    Fasemaand,
    Partij,
)
from portal.models import StatusWijziging
from portal.servicetermijnen import Stap

# status → (step, party) of the phase that status stands for
STATUSFASE = {
    "ingediend": (Stap.TOETSING, Partij.CPO),
    "aanvulling_gevraagd": (AANVULLEN, Partij.AANVRAGER),
    "goedgekeurd": (Stap.LOCATIE_BEPALEN, Partij.CPO),
    "locatie_voorgesteld": (Stap.LOCATIE_BEOORDELEN, Partij.GEMEENTE),
    "wacht_op_verkeersbesluit": (VERKEERSBESLUIT_NEMEN, Partij.GEMEENTE),
    "wacht_op_realisatie": (AANSLUITING_AANVRAGEN, Partij.CPO),
    "plaatsing_gepland": (Stap.OPLEVERING, Partij.CPO),
}
PARTIJ_ORGANISATIE = {
    Partij.GEMEENTE: "gemeente_id",
    Partij.CPO: "cpo_id",
    Partij.NETBEHEERDER: "netbeheerder_id",
}


def opbouwen(opnieuw: bool = False, per: int = 1000) -> dict:
    from aanvragen.models import Aanvraag

    if opnieuw:
        Fasemaand.objects.all().delete()
        Fase.objects.all().delete()
        Aanvraagcijfers.objects.all().delete()
    ids = list(Aanvraag.objects.filter(cijfers__isnull=True).order_by("pk").values_list("pk", flat=True))
    type_ = ContentType.objects.get_for_model(Aanvraag)
    regels: dict[int, servicetermijnen.Termijnregels] = {}
    aantal_fasen = 0
    for begin in range(0, len(ids), per):
        deel = ids[begin : begin + per]
        historie: dict[int, list] = {}
        for object_id, transitie, naar, op in (
            StatusWijziging.objects.filter(content_type=type_, object_id__in=deel)
            .order_by("object_id", "op", "id")
            .values_list("object_id", "transitie", "naar", "op")
        ):
            historie.setdefault(object_id, []).append((transitie, naar, op))
        with transaction.atomic():
            for aanvraag in Aanvraag.objects.filter(pk__in=deel).select_related(*fasen.RELATIES):
                scope = fasen.scope_van(aanvraag)
                if aanvraag.gemeente_id not in regels:
                    regels[aanvraag.gemeente_id] = servicetermijnen.voor_gemeente(aanvraag.gemeente)
                nieuw = _fasen_uit_historie(
                    aanvraag, historie.get(aanvraag.pk, []), scope, regels[aanvraag.gemeente_id]
                )
                Fase.objects.bulk_create(nieuw)
                aantal_fasen += len(nieuw)
                cijfers = Aanvraagcijfers(aanvraag=aanvraag, ingediend_op=aanvraag.ingediend_op, **scope)
                for _transitie, naar, op in historie.get(aanvraag.pk, []):
                    if naar in ("opgeleverd", "gerealiseerd") and cijfers.opgeleverd_op is None:
                        cijfers.opgeleverd_op = op
                    if naar in ("afgewezen", "ingetrokken"):
                        cijfers.afgesloten_op = op
                cijfers.save()
                # The phase it is in now, and the figures, exactly as the write path keeps them.
                fasen.synchroniseer(aanvraag)
    fasen.maandtotalen_opbouwen()
    # The triggers kept the counts while this ran; rebuilding drops the rows that went back to zero.
    totalen.opbouwen()
    return {"aanvragen": len(ids), "fasen": aantal_fasen}


def _fasen_uit_historie(aanvraag, rijen, scope, regels) -> list[Fase]:
    """Closed phases from consecutive status changes; the last status's phase is left to synchroniseer."""
    uit = []
    for (_transitie, naar, op), volgende in zip(rijen, rijen[1:], strict=False):
        if naar not in STATUSFASE or volgende[2] is None:
            continue
        stap, partij = STATUSFASE[naar]
        uiterlijk = regels.uiterlijk(stap, timezone.localdate(op)) if stap in regels.stappen else None
        fase = Fase(
            aanvraag=aanvraag,
            stap=stap,
            partij=partij,
            partij_organisatie_id=scope.get(PARTIJ_ORGANISATIE.get(partij, ""), None),
            begin=op,
            uiterlijk=uiterlijk,
            **scope,
        )
        fase.afsluiting = volgende[0][:50]
        uit.append(fasen.sluit(fase, max(volgende[2], op)))
    return uit
