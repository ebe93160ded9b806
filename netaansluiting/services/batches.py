"""Batches of at most 80 per netbeheerder, CPO and lane: formed by Celery (on commit and from beat), sent when full or after the wait, closed when every connection in them is done. Formation locks per netbeheerder."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from aanvragen import services as aanvraagservices
from netaansluiting import meldingen
from netaansluiting.models import (
    Batch,
    Batchregel,
    Bundelbeleid,
    Netaansluiting,
)
from netaansluiting.services.basis import S, _nummer, log
from portal import bewaking, historie, klok, servicetermijnen, taken, transities
from portal.models import Organisatie


def _bundel_na_commit() -> None:
    """One bundling task per transaction, however many connections it requested (a decision that becomes
    definitive may request eighty at once)."""
    wachtrij = transaction.get_connection().run_on_commit
    if not any(stap[1] is plan_bundeling for stap in wachtrij):
        transaction.on_commit(plan_bundeling)


def plan_bundeling() -> None:
    """Ask a worker to form batches now; with the broker down, the beat sweep does it a little later."""
    from netaansluiting import tasks

    taken.publiceer(tasks.bundel_aansluitingen)


def bundel(vandaag: dt.date | None = None) -> dict:
    """Put every waiting connection in the open batch of its netbeheerder, CPO and lane; send a batch the
    moment it is full, the E-rijder lane at once (when the netbeheerder's policy says so), and every open batch
    whose wait is over. Safe to run twice and on several workers at once."""
    vandaag = vandaag or klok.vandaag()
    telling = {"gebundeld": 0, "verzonden": 0}
    netbeheerders = _wachtend().values_list("netbeheerder", flat=True).distinct()
    fouten = 0
    for netbeheerder_id in sorted(set(netbeheerders)):
        try:
            gebundeld, verzonden = _bundel_voor(netbeheerder_id, vandaag)
        except Exception:  # noqa: BLE001 - one netbeheerder's trouble must not hold up the others
            log.exception("Bundelen voor netbeheerder %s mislukt", netbeheerder_id)
            fouten += 1
            continue
        telling["gebundeld"] += gebundeld
        telling["verzonden"] += verzonden
    te_laat = bewaking.veeg(
        lambda: (
            Batch.objects.filter(status=Batch.Status.OPEN, verzenden_uiterlijk__lte=vandaag)
            .filter(
                Exists(Batchregel.objects.filter(batch=OuterRef("pk")))
            )  # an emptied one waits for a new member
            .order_by("verzenden_uiterlijk", "pk")
        ),
        lambda partij: [_verstuur(batch, None) for batch in partij],
        partij=10,
    )
    telling["verzonden"] += te_laat.verwerkt
    telling["fouten"] = fouten + te_laat.fouten
    return telling


def _wachtend():
    """Requested connections that are in no running batch yet."""
    return Netaansluiting.objects.filter(status=S.TE_BUNDELEN).exclude(batchregels__lopend=True)


def _bundel_voor(netbeheerder_id: int, vandaag: dt.date) -> tuple[int, int]:
    gebundeld = verzonden = 0
    with transaction.atomic():
        # One formation at a time per netbeheerder: two workers never fill the same batch past 80.
        netbeheerder = Organisatie.objects.select_for_update().get(pk=netbeheerder_id)
        beleid = Bundelbeleid.voor(netbeheerder)
        wachtend = list(
            _wachtend().filter(netbeheerder=netbeheerder).order_by("cpo_id", "erijder", "aangemaakt_op", "pk")
        )

        def stroom(aansluiting):
            return aansluiting.cpo_id, beleid.erijders_direct and aansluiting.erijder

        for (cpo_id, erijders), groep in groupby(wachtend, key=stroom):
            batch, aantal = _open_batch(netbeheerder, cpo_id, erijders, beleid, vandaag)
            regels = []
            for aansluiting in groep:
                if batch is None:  # opened only when a connection needs it: no empty batch is left behind
                    batch, aantal = _nieuwe_batch(netbeheerder, cpo_id, erijders, beleid, vandaag), 0
                regels.append(Batchregel(batch=batch, netaansluiting=aansluiting, toegevoegd_op=klok.nu()))
                aantal += 1
                gebundeld += 1
                if aantal >= beleid.batchgrootte:
                    Batchregel.objects.bulk_create(regels)
                    regels = []
                    _verstuur(batch, None)
                    verzonden += 1
                    batch = None
            Batchregel.objects.bulk_create(regels)
            if batch is not None and erijders:
                _verstuur(batch, None)
                verzonden += 1
            elif batch is not None:
                batch.save(update_fields=["gewijzigd_op"])  # a poller sees the batch grew
    return gebundeld, verzonden


def _open_batch(netbeheerder, cpo_id: int, erijders: bool, beleid: Bundelbeleid, vandaag: dt.date):
    """The open batch of this stream and how many connections it holds, or (None, 0)."""
    batch = (
        Batch.objects.select_for_update()
        .filter(netbeheerder=netbeheerder, cpo_id=cpo_id, erijders=erijders, status=Batch.Status.OPEN)
        .first()
    )
    if batch is None:
        return None, 0
    aantal = batch.regels.count()
    if aantal == 0:
        # Emptied by cancellations: its wait starts again with the connection that joins it now.
        batch.verzenden_uiterlijk = beleid.verzenden_uiterlijk(vandaag)
        batch.save(update_fields=["verzenden_uiterlijk"])
    return batch, aantal


def _nieuwe_batch(netbeheerder, cpo_id: int, erijders: bool, beleid: Bundelbeleid, vandaag: dt.date) -> Batch:
    batch = Batch.objects.create(
        nummer=_nummer("NB", 4),
        netbeheerder=netbeheerder,
        cpo_id=cpo_id,
        erijders=erijders,
        aangemaakt_op=klok.nu(),
        verzenden_uiterlijk=beleid.verzenden_uiterlijk(vandaag),
    )
    historie.registreer(batch, "openen", "", batch.status, None)
    return batch


def verstuur(batch: Batch, door) -> Batch:
    """The CPO sends an open batch now instead of waiting until it is full or its wait is over."""
    transities.controleer(batch, "verzenden", door)
    with transaction.atomic():
        batch = transities.vergrendel(batch)
        transities.controleer(batch, "verzenden", door)
        if not batch.regels.exists():
            raise ValidationError({"batch": _("Deze batch is leeg.")})
        return _verstuur(batch, door)


def _verstuur(batch: Batch, door) -> Batch:
    """Send: every connection in it is requested (the netbeheerder's 30-day term starts), the netbeheerder gets
    one message for the whole batch, and the requests behind the connections show the step."""
    batch = transities.vergrendel(batch)
    if batch.status != Batch.Status.OPEN:
        return batch  # sent already (idempotent)
    aansluitingen = list(
        Netaansluiting.objects.select_for_update(of=("self",))
        .filter(batchregels__batch=batch)
        .select_related("gemeente", "locatie")
        .order_by("pk")
    )
    batch = transities.voer_uit(
        batch, "verzenden", door, volgt=door is None, gegevens={"aantal": len(aansluitingen)}
    )
    regels_per_gemeente: dict[int, servicetermijnen.Termijnregels] = {}
    uiterlijk = []
    for aansluiting in aansluitingen:
        if aansluiting.gemeente_id not in regels_per_gemeente:
            regels_per_gemeente[aansluiting.gemeente_id] = servicetermijnen.voor_gemeente(
                aansluiting.gemeente
            )
        aansluiting = transities.voer_uit(
            aansluiting,
            "aanvragen",
            door,
            volgt=True,
            gegevens={"batch": batch.nummer},
            regels=regels_per_gemeente[aansluiting.gemeente_id],
        )
        uiterlijk.append(aansluiting.termijn_uiterlijk)
    aanvraagservices.vermeld_bij_aanvragen(
        [a.locatie for a in aansluitingen],
        "netaansluiting_aangevraagd",
        door,
        {"netbeheerder": batch.netbeheerder.naam, "batch": batch.nummer},
        *meldingen.aangevraagd_voor_erijders(batch.netbeheerder),
    )
    # Gemeenten of one batch may have different service levels: the earliest due date counts.
    meldingen.batch_verzonden(batch, len(aansluitingen), min(uiterlijk))
    return batch


def _vergrendel_met_batch(aansluiting: Netaansluiting) -> Netaansluiting:
    """Lock the connection's running batch (if any) before the connection itself: the order in which sending
    a batch locks them, so a step on a connection and the sending of its batch wait instead of deadlocking."""
    batch_id = (
        Batchregel.objects.filter(netaansluiting=aansluiting, lopend=True)
        .values_list("batch", flat=True)
        .first()
    )
    if batch_id is not None:
        Batch.objects.select_for_update().filter(pk=batch_id).first()
    return transities.vergrendel(aansluiting)


def _rond_batch_af_als_klaar(aansluiting: Netaansluiting, door) -> None:
    """A connection reached its end: a sent batch whose connections all did is done; a connection cancelled
    before its batch went out leaves that batch."""
    regel = aansluiting.batchregels.filter(lopend=True).select_related("batch").first()
    if regel is None:
        return
    batch = transities.vergrendel(regel.batch)
    if batch.status == Batch.Status.OPEN:
        regel.delete()  # it never went out; the batch stays open for the stream's next connection
        return
    if batch.status != Batch.Status.VERZONDEN:
        return
    nog_lopend = Netaansluiting.objects.filter(batchregels__batch=batch, batchregels__lopend=True).exclude(
        status__in=Netaansluiting.AFGELOPEN
    )
    if nog_lopend.exists():
        return
    transities.voer_uit(batch, "afronden", door, volgt=True)
    Batchregel.objects.filter(batch=batch).update(lopend=False)
