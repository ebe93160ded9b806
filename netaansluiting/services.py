"""Every write to grid connections, batches and realisations: requesting a connection, forming and sending
batches of at most 80, the netbeheerder's steps (also over REST), the CPO's planning, energy contract, delivery
(SAT) and documents, the gemeente closing the case, and cancellation after an upheld objection.

The location follows its realisation (plankaart.models.Locatie) and the requests follow the location
(plankaart.volgen), in the same transaction. Lock order: batch, connection, realisation, location,
requests. Messages go out through the outbox on commit.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from itertools import groupby

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from aanvragen import services as aanvraagservices
from aanvragen.models import Aanvraag
from aanvragen.validators import is_pdf
from netaansluiting import selectors
from netaansluiting.models import (
    Batch,
    Batchregel,
    Bundelbeleid,
    Netaansluiting,
    Opleverdocument,
    Realisatie,
)
from plankaart import kaart
from plankaart.models import Locatie
from portal import berichten, bewaking, historie, klok, servicetermijnen, taken, transities
from portal.invoer import verplichte_tekst
from portal.models import Organisatie, Volgnummer
from portal.selectors import netbeheerder_van
from portal.termijnen import datum_lang

log = logging.getLogger(__name__)

S = Netaansluiting.Status
R = Realisatie.Status
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
CAPACITEIT = re.compile(r"[13]x\d{2,3}A")


def _nummer(soort: str, breedte: int) -> str:
    jaar = klok.vandaag().year
    return f"{soort}-{jaar}-{Volgnummer.volgende(soort, jaar):0{breedte}d}"


def _datum(datum) -> str:
    return datum_lang(datum) if datum else "—"


# Requesting a connection


def vraag_aan(locatie: Locatie, door, *, capaciteit: str = "3x25A") -> Netaansluiting:
    """The CPO requests the grid connection of a definitive location (or of one in procedure when the
    gemeente's policy takes the verkeersbesluit off the critical path). It waits for the next batch."""
    if not selectors.is_cpo_voor(door, locatie.gemeente):
        raise transities.GeenRecht("aanvragen")
    if not selectors.aansluiting_mogelijk(locatie):
        raise transities.NietToegestaan("aanvragen")
    return _maak_aansluiting(locatie, door, capaciteit=capaciteit)


def vraag_vanzelf_aan(locatie: Locatie, door) -> Netaansluiting | None:
    """A location became definitive (or went into procedure under the policy): its connection is requested at
    once, without waiting for a person. When that cannot be done (no netbeheerder set), the CPO is told and
    requests it by hand later; the decision itself goes through."""
    try:
        return _maak_aansluiting(locatie, door)
    except ValidationError as fout:
        log.warning("Geen netaansluiting voor locatie %s: %s", locatie.pk, fout.messages)
        concessie = servicetermijnen.concessie_voor(locatie.gemeente)
        if concessie is not None:
            berichten.verstuur_aan_organisatie(
                concessie.cpo,
                _("Netaansluiting niet aangevraagd: %(omschrijving)s")
                % {"omschrijving": locatie.omschrijving},
                _("Het portaal kon de netaansluiting niet vanzelf aanvragen: %(fout)s")
                % {"fout": " ".join(fout.messages)},
                link=reverse("netaansluiting:bord"),
                per_email=True,
            )
        return None


def _maak_aansluiting(locatie: Locatie, door, *, capaciteit: str = "3x25A") -> Netaansluiting:
    capaciteit = (capaciteit or "3x25A").strip().upper().replace("X", "x")
    if not CAPACITEIT.fullmatch(capaciteit):
        raise ValidationError({"capaciteit": _("Schrijf de capaciteit als 3x25A of 1x40A.")})
    with transaction.atomic():
        locatie = transities.vergrendel(locatie)
        bestaand = selectors.lopende_aansluiting(locatie)
        if bestaand is not None:
            return bestaand
        netbeheerder = netbeheerder_van(locatie)
        concessie = servicetermijnen.concessie_voor(locatie.gemeente)
        if netbeheerder is None:
            raise ValidationError(
                {
                    "locatie": _("Voor %(gemeente)s is geen netbeheerder ingesteld.")
                    % {"gemeente": locatie.gemeente.naam}
                }
            )
        if concessie is None:
            raise ValidationError(
                {"locatie": _("%(gemeente)s heeft geen concessie.") % {"gemeente": locatie.gemeente.naam}}
            )
        aansluiting = Netaansluiting(
            nummer=_nummer("NA", 6),
            locatie=locatie,
            gemeente=locatie.gemeente,
            netbeheerder=netbeheerder,
            cpo=concessie.cpo,
            capaciteit=capaciteit,
            erijder=Aanvraag.objects.filter(locatie=locatie, status__in=Aanvraag.OPEN).exists(),
            aangemaakt_op=klok.nu(),
        )
        aansluiting.save()
        historie.registreer(
            aansluiting,
            "aanmaken",
            "",
            aansluiting.status,
            door,
            gegevens={"locatie": locatie.pk, "capaciteit": aansluiting.capaciteit},
        )
        _koppel_realisatie(locatie, aansluiting, door)
        _bundel_na_commit()
    return aansluiting


def _koppel_realisatie(locatie: Locatie, aansluiting: Netaansluiting, door) -> Realisatie:
    realisatie = Realisatie.objects.select_for_update().filter(locatie=locatie).first()
    if realisatie is None:
        realisatie = Realisatie.objects.create(
            locatie=locatie, gemeente=locatie.gemeente, cpo=aansluiting.cpo, aangemaakt_op=klok.nu()
        )
        historie.registreer(realisatie, "aanmaken", "", realisatie.status, door)
    elif realisatie.status == R.GEANNULEERD:
        realisatie = transities.voer_uit(realisatie, "hervatten", door, volgt=True)
    realisatie.aansluiting = aansluiting
    realisatie.save(update_fields=["aansluiting"])
    return realisatie


# Batches


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
        _("Aansluiting op het net aangevraagd voor aanvraag %(aanvraag)s"),
        _(
            "De laadpaalexploitant heeft de aansluiting op het elektriciteitsnet aangevraagd bij %(netbeheerder)s. "
            "De netbeheerder controleert het net, bereidt het werk voor en geeft een aannemer opdracht."
        )
        % {"netbeheerder": batch.netbeheerder.naam},
    )
    waarden = {
        "nummer": batch.nummer,
        "n": len(aansluitingen),
        "cpo": batch.cpo.naam,
        "uiterlijk": _datum(min(uiterlijk)),  # gemeenten of one batch may have different service levels
    }
    berichten.verstuur_aan_organisatie(
        batch.netbeheerder,
        _("Batch %(nummer)s: %(n)d aanvragen netaansluiting van %(cpo)s") % waarden,
        _(
            "%(cpo)s vraagt %(n)d netaansluiting(en) aan in batch %(nummer)s. Meld per aansluiting de netcheck, "
            "de werkvoorbereiding en de opdracht aan de aannemer, uiterlijk %(uiterlijk)s; in het portaal of via "
            "de API (/api/v1/netaansluitingen/?batch=…)."
        )
        % waarden,
        link=reverse("netaansluiting:batch", args=[batch.pk]),
        per_email=True,
    )
    berichten.verstuur_aan_organisatie(
        batch.cpo,
        _("Batch %(nummer)s verzonden (%(n)d netaansluitingen)") % waarden,
        _("Batch %(nummer)s is verzonden naar de netbeheerder; die is aan zet tot uiterlijk %(uiterlijk)s.")
        % waarden,
        link=reverse("netaansluiting:batch", args=[batch.pk]),
    )
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


# The netbeheerder's steps (portal and REST)

# transition → (the fields it records, the state it leads to): a repeat with the same data changes nothing.
NETBEHEERDERSTAPPEN = {
    "registreren": (("kenmerk_netbeheerder",), S.NETCHECK),
    "netcheck_goedkeuren": (("werkvoorbereiding_gereed_op",), S.WERKVOORBEREIDING),
    "netcheck_afkeuren": (("afkeurreden",), S.NETCHECK_AFGEKEURD),
    "opdracht_verstrekken": (("aannemer", "aansluiting_gepland_op"), S.OPDRACHT_AANNEMER),
    "aansluiten": (("aangesloten_op", "ean"), S.AANGESLOTEN),
}


def controlecijfer(basis: str) -> int:
    """The GS1 check digit of the digits before it: weights 3 and 1 alternating from the right."""
    som = sum(int(cijfer) * (3 if i % 2 == 0 else 1) for i, cijfer in enumerate(reversed(basis)))
    return (10 - som % 10) % 10


def ean_geldig(ean: str) -> bool:
    """18 digits whose last is the GS1 check digit."""
    return len(ean) == 18 and ean.isdigit() and controlecijfer(ean[:-1]) == int(ean[-1])


def _controleer_invoer(aansluiting: Netaansluiting, naam: str, velden: dict) -> dict:
    """Clean and check a step's fields; one ValidationError names every field that is wrong."""
    fouten = {}
    schoon = dict(velden)
    aangevraagd = timezone.localdate(aansluiting.aangevraagd_op) if aansluiting.aangevraagd_op else None

    def datum(veld: str, leeg: str, *, niet_in_de_toekomst: bool = False) -> None:
        waarde = velden.get(veld)
        if waarde is None:
            fouten[veld] = leeg
        elif niet_in_de_toekomst and waarde > klok.vandaag():
            fouten[veld] = _("Deze datum ligt in de toekomst.")
        elif aangevraagd and waarde < aangevraagd:
            fouten[veld] = _("Deze datum ligt voor de aanvraag van de aansluiting.")

    if naam == "registreren":
        schoon["kenmerk_netbeheerder"] = (velden.get("kenmerk_netbeheerder") or "").strip()[:100]
    elif naam == "netcheck_goedkeuren":
        datum("werkvoorbereiding_gereed_op", _("Vul in wanneer de werkvoorbereiding gereed is (gepland)."))
    elif naam == "netcheck_afkeuren":
        try:
            schoon["afkeurreden"] = verplichte_tekst(
                velden.get("afkeurreden"),
                "afkeurreden",
                _("Schrijf op waarom het net deze aansluiting niet aankan."),
            )
        except ValidationError as fout:
            fouten.update(fout.message_dict)
    elif naam == "opdracht_verstrekken":
        schoon["aannemer"] = (velden.get("aannemer") or "").strip()[:200]
        if not schoon["aannemer"]:
            fouten["aannemer"] = _("Vul in welke aannemer de opdracht krijgt.")
        datum("aansluiting_gepland_op", _("Vul de geplande aansluitdatum in."))
    elif naam == "aansluiten":
        schoon["ean"] = "".join((velden.get("ean") or "").split())
        if not ean_geldig(schoon["ean"]):
            fouten["ean"] = _("Dit is geen geldige EAN-code: 18 cijfers, het laatste een controlecijfer.")
        datum("aangesloten_op", _("Vul de datum in waarop is aangesloten."), niet_in_de_toekomst=True)
    if fouten:
        raise ValidationError(fouten)
    return schoon


def is_herhaling(aansluiting: Netaansluiting, naam: str, velden: dict) -> bool:
    """The same step with the same data again (a grid operator's system retrying): nothing to do."""
    namen, doel = NETBEHEERDERSTAPPEN[naam]
    return aansluiting.status == doel and all(
        getattr(aansluiting, veld) == velden.get(veld) for veld in namen
    )


def controleer_netbeheerderstap(aansluiting: Netaansluiting, naam: str, door) -> None:
    """403 for anyone but the connection's netbeheerder; 409 from a wrong state, unless the connection already
    stands where this step leads: that may be a repeat, which netbeheerderstap answers once it sees the data."""
    if naam not in NETBEHEERDERSTAPPEN:
        raise transities.OnbekendeTransitie(naam)
    if not transities.mag_ooit(aansluiting, naam, door):
        raise transities.GeenRecht(naam)
    if aansluiting.status != NETBEHEERDERSTAPPEN[naam][1]:
        transities.controleer(aansluiting, naam, door)


def netbeheerderstap(aansluiting: Netaansluiting, naam: str, door, **velden) -> Netaansluiting:
    """Run one of the netbeheerder's steps: the unchanged connection for a repeat of the step with the same
    data, else the step (403/409 as controleer_netbeheerderstap says, under the lock)."""
    controleer_netbeheerderstap(aansluiting, naam, door)
    velden = _controleer_invoer(aansluiting, naam, velden)
    with transaction.atomic():
        aansluiting = _vergrendel_met_batch(aansluiting)
        if is_herhaling(aansluiting, naam, velden):
            return aansluiting
        namen, _doel = NETBEHEERDERSTAPPEN[naam]
        aansluiting = transities.voer_uit(
            aansluiting,
            naam,
            door,
            reden=velden.get("afkeurreden", ""),
            gegevens={veld: _als_tekst(velden[veld]) for veld in namen},
            **{veld: velden[veld] for veld in namen},
        )
        if naam in GEVOLGEN:
            GEVOLGEN[naam](aansluiting, door)
    return aansluiting


def _als_tekst(waarde) -> str:
    return waarde.isoformat() if isinstance(waarde, dt.date) else str(waarde)


def _realisatie_van(aansluiting: Netaansluiting) -> Realisatie | None:
    return Realisatie.objects.select_for_update().filter(locatie=aansluiting.locatie_id).first()


def _na_netcheck_goedgekeurd(aansluiting: Netaansluiting, door) -> None:
    _meld_cpo(
        aansluiting,
        _("Netcheck goedgekeurd: %(omschrijving)s") % _waarden(aansluiting),
        _(
            "%(netbeheerder)s keurde de netcheck voor %(omschrijving)s goed; de werkvoorbereiding is gepland gereed "
            "op %(werkvoorbereiding)s."
        )
        % _waarden(aansluiting),
    )


def _na_netcheck_afgekeurd(aansluiting: Netaansluiting, door) -> None:
    realisatie = _realisatie_van(aansluiting)
    if realisatie is not None and realisatie.status == R.WACHT_OP_NET:
        regels = servicetermijnen.voor_gemeente(aansluiting.gemeente)
        realisatie = transities.voer_uit(
            realisatie, "net_afgekeurd", door, volgt=True, reden=aansluiting.afkeurreden, regels=regels
        )
    _rond_batch_af_als_klaar(aansluiting, door)
    _meld_cpo(
        aansluiting,
        _("Netaansluiting afgekeurd: %(omschrijving)s") % _waarden(aansluiting),
        _(
            "%(netbeheerder)s kan %(omschrijving)s niet aansluiten: %(afkeurreden)s\n\nKies uiterlijk %(uiterlijk)s "
            "een andere locatie voor de aanvragen, of vraag de aansluiting opnieuw aan (bijvoorbeeld met een "
            "andere capaciteit)."
        )
        % {
            **_waarden(aansluiting),
            "uiterlijk": _datum(realisatie.termijn_uiterlijk if realisatie else None),
        },
        per_email=True,
        realisatie=realisatie,
    )


def _na_opdracht(aansluiting: Netaansluiting, door) -> None:
    realisatie = _realisatie_van(aansluiting)
    if realisatie is not None and realisatie.status == R.WACHT_OP_NET:
        realisatie = transities.voer_uit(
            realisatie,
            "net_gereed",
            door,
            volgt=True,
            regels=servicetermijnen.voor_gemeente(aansluiting.gemeente),
            aannemer=aansluiting.aannemer,
        )
    _meld_cpo(
        aansluiting,
        _("Plan de plaatsing: %(omschrijving)s") % _waarden(aansluiting),
        _(
            "%(netbeheerder)s gaf aannemer %(aannemer)s opdracht voor de aansluiting van %(omschrijving)s, gepland "
            "op %(gepland)s. Spreek de plaatsingsdatum af met de aannemer, uiterlijk %(uiterlijk)s."
        )
        % {
            **_waarden(aansluiting),
            "uiterlijk": _datum(realisatie.termijn_uiterlijk if realisatie else None),
        },
        per_email=True,
        realisatie=realisatie,
    )


def _na_aangesloten(aansluiting: Netaansluiting, door) -> None:
    _rond_batch_af_als_klaar(aansluiting, door)
    aanvraagservices.vermeld_bij_aanvragen(
        [aansluiting.locatie],
        "netaansluiting_aangesloten",
        door,
        {"aangesloten_op": aansluiting.aangesloten_op.isoformat()},
    )
    _meld_cpo(
        aansluiting,
        _("Aangesloten: %(omschrijving)s") % _waarden(aansluiting),
        _("%(netbeheerder)s meldt %(omschrijving)s aangesloten op %(aangesloten)s (EAN %(ean)s).")
        % _waarden(aansluiting),
    )


def stap(naam: str):
    """The netbeheerder's step `naam` in the shape page actions and REST transitions call: (case, user, fields)."""

    def uitvoeren(aansluiting, gebruiker, velden):
        return netbeheerderstap(aansluiting, naam, gebruiker, **velden)

    return uitvoeren


# What follows each step (registering only starts the netcheck: the term runs on, the history shows it).
GEVOLGEN = {
    "netcheck_goedkeuren": _na_netcheck_goedgekeurd,
    "netcheck_afkeuren": _na_netcheck_afgekeurd,
    "opdracht_verstrekken": _na_opdracht,
    "aansluiten": _na_aangesloten,
}


def _waarden(aansluiting: Netaansluiting) -> dict:
    return {
        "nummer": aansluiting.nummer,
        "omschrijving": aansluiting.locatie.omschrijving,
        "netbeheerder": aansluiting.netbeheerder.naam,
        "werkvoorbereiding": _datum(aansluiting.werkvoorbereiding_gereed_op),
        "aannemer": aansluiting.aannemer or "—",
        "gepland": _datum(aansluiting.aansluiting_gepland_op),
        "aangesloten": _datum(aansluiting.aangesloten_op),
        "ean": aansluiting.ean or "—",
        "afkeurreden": aansluiting.afkeurreden,
    }


def _meld_cpo(aansluiting: Netaansluiting, onderwerp: str, tekst: str, *, per_email=False, realisatie=None):
    link = (
        reverse("netaansluiting:realisatie", args=[realisatie.pk])
        if realisatie is not None
        else reverse("netaansluiting:aansluiting", args=[aansluiting.pk])
    )
    berichten.verstuur_aan_organisatie(aansluiting.cpo, onderwerp, tekst, link=link, per_email=per_email)


# Cancellation (an upheld objection, a withdrawn decision)


def annuleer_voor_locatie(locatie: Locatie, door, reden: str) -> None:
    """The location's decision no longer holds: its running connection is cancelled (the netbeheerder hears of
    it when the request had gone out) and its realisation stops."""
    aansluiting = selectors.lopende_aansluiting(locatie)
    if aansluiting is not None:
        aansluiting = _vergrendel_met_batch(aansluiting)
    if aansluiting is not None and can_proceed(aansluiting.annuleren):
        was_verzonden = aansluiting.status != S.TE_BUNDELEN
        aansluiting = transities.voer_uit(
            aansluiting, "annuleren", door, volgt=True, reden=reden, annuleringsreden=reden
        )
        _rond_batch_af_als_klaar(aansluiting, door)
        if was_verzonden:
            berichten.verstuur_aan_organisatie(
                aansluiting.netbeheerder,
                _("Netaansluiting %(nummer)s geannuleerd") % {"nummer": aansluiting.nummer},
                _("De aanvraag voor %(omschrijving)s (%(gemeente)s) is geannuleerd: %(reden)s")
                % {"omschrijving": locatie.omschrijving, "gemeente": locatie.gemeente.naam, "reden": reden},
                link=reverse("netaansluiting:aansluiting", args=[aansluiting.pk]),
                per_email=True,
            )
    realisatie = Realisatie.objects.select_for_update().filter(locatie=locatie).first()
    if realisatie is not None and can_proceed(realisatie.annuleren):
        transities.voer_uit(realisatie, "annuleren", door, volgt=True, reden=reden, annuleringsreden=reden)


# After a refused connection: the CPO chooses


def vraag_opnieuw_aan(realisatie: Realisatie, door, *, capaciteit: str) -> Netaansluiting:
    transities.controleer(realisatie, "opnieuw_aanvragen", door)
    with transaction.atomic():
        realisatie = transities.voer_uit(
            realisatie, "opnieuw_aanvragen", door, gegevens={"capaciteit": capaciteit}
        )
        return _maak_aansluiting(realisatie.locatie, door, capaciteit=capaciteit)


def kies_andere_locatie(realisatie: Realisatie, door, reden: str) -> Realisatie:
    """The CPO gives up the spot: the location lapses and its requests go back to the CPO for another one (with
    a fresh term); the E-rijders are told by plankaart.volgen."""
    transities.controleer(realisatie, "andere_locatie", door)
    reden = verplichte_tekst(reden, "reden", _("Schrijf op waarom deze plek niet doorgaat."))
    with transaction.atomic():
        realisatie = transities.voer_uit(
            realisatie, "andere_locatie", door, reden=reden, annuleringsreden=reden
        )
        transities.voer_uit(
            realisatie.locatie, "net_ontoereikend", door, volgt=True, reden=reden, opmerking=reden
        )
        transaction.on_commit(kaart.vernieuw)
    return realisatie


# The CPO realises


def _controleer_datum(
    veld: str, datum, *, niet_voor=None, niet_na=None, melding_voor="", melding_na=""
) -> None:
    if datum is None:
        raise ValidationError({veld: _("Vul een datum in.")})
    if niet_voor is not None and datum < niet_voor:
        raise ValidationError({veld: melding_voor})
    if niet_na is not None and datum > niet_na:
        raise ValidationError({veld: melding_na})


def plan_plaatsing(
    realisatie: Realisatie, door, *, plaatsing_gepland_op: dt.date, aannemer: str = ""
) -> Realisatie:
    """A placement date agreed with the contractor. The location is in realisation, the E-rijders behind it
    hear the date at once (and again when it moves), and the gemeente sees it."""
    transities.controleer(realisatie, "plannen", door)
    _controleer_datum(
        "plaatsing_gepland_op",
        plaatsing_gepland_op,
        niet_voor=klok.vandaag(),
        melding_voor=_("De plaatsingsdatum ligt in het verleden."),
    )
    aannemer = (aannemer or realisatie.aannemer or "").strip()[:200]
    if not aannemer:
        raise ValidationError({"aannemer": _("Vul in met welke aannemer de plaatsing is afgesproken.")})
    with transaction.atomic():
        realisatie = transities.vergrendel(realisatie)
        transities.controleer(realisatie, "plannen", door)
        if realisatie.locatie.status not in (Locatie.Status.DEFINITIEF, Locatie.Status.IN_REALISATIE):
            raise ValidationError(
                {
                    "plaatsing_gepland_op": _(
                        "Het verkeersbesluit voor deze locatie is nog niet definitief; plan de plaatsing daarna."
                    )
                }
            )
        vorige = realisatie.plaatsing_gepland_op
        realisatie = transities.voer_uit(
            realisatie,
            "plannen",
            door,
            gegevens={"plaatsing_gepland_op": plaatsing_gepland_op.isoformat(), "aannemer": aannemer},
            plaatsing_gepland_op=plaatsing_gepland_op,
            aannemer=aannemer,
            regels=servicetermijnen.voor_gemeente(realisatie.gemeente),
        )
        locatie = transities.vergrendel(realisatie.locatie)
        if locatie.status == Locatie.Status.DEFINITIEF:
            locatie = transities.voer_uit(
                locatie,
                "realisatie_plannen",
                door,
                volgt=True,
                gegevens={"plaatsing_gepland_op": plaatsing_gepland_op.isoformat()},
            )
        waarden = {
            "omschrijving": locatie.omschrijving,
            "datum": _datum(plaatsing_gepland_op),
            "vorige": _datum(vorige),
        }
        if vorige is None:
            onderwerp = _("Plaatsing gepland voor aanvraag %(aanvraag)s")
            tekst = _(
                "Uw laadpaal op %(omschrijving)s wordt geplaatst op %(datum)s. Daarna wordt hij aangesloten en "
                "getest; u krijgt bericht zodra u kunt laden."
            )
        else:
            onderwerp = _("Plaatsing verzet voor aanvraag %(aanvraag)s")
            tekst = _(
                "De plaatsing van uw laadpaal op %(omschrijving)s is verzet van %(vorige)s naar %(datum)s."
            )
        aanvraagservices.vermeld_bij_aanvragen(
            [locatie],
            "plaatsing_gepland",
            door,
            {"datum": plaatsing_gepland_op.isoformat()},
            onderwerp,
            tekst % waarden,
        )
        if realisatie.realisatiedatum_gevraagd_op is not None:
            _meld_gemeente(
                realisatie,
                _("Realisatiedatum %(omschrijving)s: %(datum)s") % waarden,
                _("De laadpaal op %(omschrijving)s wordt geplaatst op %(datum)s.") % waarden,
            )
        transaction.on_commit(kaart.vernieuw)
    return realisatie


def vraag_energiecontract_aan(
    realisatie: Realisatie, door, *, energieleverancier: str, energiecontract_aangevraagd_op: dt.date
) -> Realisatie:
    transities.controleer(realisatie, "energiecontract_aanvragen", door)
    leverancier = verplichte_tekst(
        energieleverancier,
        "energieleverancier",
        _("Vul in bij welke leverancier het contract is aangevraagd."),
    )[:200]
    _controleer_datum(
        "energiecontract_aangevraagd_op",
        energiecontract_aangevraagd_op,
        niet_na=klok.vandaag(),
        melding_na=_("Deze datum ligt in de toekomst."),
    )
    with transaction.atomic():
        realisatie = transities.voer_uit(
            realisatie,
            "energiecontract_aanvragen",
            door,
            gegevens={"energieleverancier": leverancier},
            energieleverancier=leverancier,
            energiecontract_aangevraagd_op=energiecontract_aangevraagd_op,
            regels=servicetermijnen.voor_gemeente(realisatie.gemeente),
        )
    return realisatie


def controleer_pdf(bestand) -> None:
    """A delivery document is a real PDF of at most 20 MB (checked on content, not on its name)."""
    if bestand is None:
        raise ValidationError({"bestand": _("Kies een PDF-bestand.")})
    if bestand.size > MAX_DOCUMENT_BYTES:
        raise ValidationError({"bestand": _("Het bestand is groter dan 20 MB.")})
    bestand.seek(0)
    inhoud = bestand.read()
    bestand.seek(0)
    if not is_pdf(inhoud):
        raise ValidationError({"bestand": _("Dit bestand is geen geldige PDF.")})


def controleer_document_toevoegen(realisatie: Realisatie, door) -> None:
    """selectors.mag_document_toevoegen, split as 403 (never this caller) before 409 (not in this state)."""
    if not selectors.is_cpo_van(door, realisatie):
        raise transities.GeenRecht("document_toevoegen")
    if not selectors.mag_document_toevoegen(door, realisatie):
        raise transities.NietToegestaan("document_toevoegen")


def voeg_document_toe(realisatie: Realisatie, door, *, bestand, soort: str) -> Opleverdocument:
    controleer_document_toevoegen(realisatie, door)
    if soort not in Opleverdocument.Soort.values:
        raise ValidationError({"soort": _("Kies de soort document.")})
    controleer_pdf(bestand)
    naam = getattr(bestand, "name", "document.pdf").rsplit("/", 1)[-1][:200]
    with transaction.atomic():
        realisatie = transities.vergrendel(realisatie)
        controleer_document_toevoegen(realisatie, door)
        document = Opleverdocument(
            realisatie=realisatie, soort=soort, naam=naam, geupload_door=door, geupload_op=klok.nu()
        )
        document.bestand.save(f"{realisatie.pk}-{klok.nu():%Y%m%d%H%M%S%f}.pdf", bestand, save=False)
        document.save()
        historie.registreer(
            realisatie,
            "document_toevoegen",
            realisatie.status,
            realisatie.status,
            door,
            gegevens={"document": document.pk, "soort": soort, "naam": naam},
        )
    return document


def leg_sat_vast(
    realisatie: Realisatie,
    door,
    *,
    geplaatst_op: dt.date,
    sat_op: dt.date,
    geslaagd: bool,
    sat_opmerking: str = "",
) -> Realisatie:
    """Placed and tested. A passed SAT delivers the charging point: the location is opgeleverd, the E-rijders
    hear they can charge, the gemeente gets its finishing task. A failed SAT is recorded and tested again."""
    naam = "opleveren" if geslaagd else "sat_afgekeurd"
    transities.controleer(realisatie, naam, door)
    vandaag = klok.vandaag()
    _controleer_datum(
        "geplaatst_op", geplaatst_op, niet_na=vandaag, melding_na=_("Deze datum ligt in de toekomst.")
    )
    _controleer_datum(
        "sat_op",
        sat_op,
        niet_voor=geplaatst_op,
        niet_na=vandaag,
        melding_voor=_("De SAT kan niet voor de plaatsing zijn gedaan."),
        melding_na=_("Deze datum ligt in de toekomst."),
    )
    sat_opmerking = (sat_opmerking or "").strip()
    if not geslaagd and not sat_opmerking:
        raise ValidationError({"sat_opmerking": _("Schrijf op wat er bij de SAT misging.")})
    with transaction.atomic():
        realisatie = transities.vergrendel(realisatie)
        transities.controleer(realisatie, naam, door)
        velden = {"geplaatst_op": geplaatst_op, "sat_op": sat_op, "sat_opmerking": sat_opmerking}
        gegevens = {
            "geplaatst_op": geplaatst_op.isoformat(),
            "sat_op": sat_op.isoformat(),
            "geslaagd": geslaagd,
        }
        if not geslaagd:
            return transities.voer_uit(
                realisatie, naam, door, reden=sat_opmerking, gegevens=gegevens, **velden
            )
        if realisatie.aansluiting is None or realisatie.aansluiting.status != S.AANGESLOTEN:
            raise ValidationError(
                {
                    "geslaagd": _(
                        "De netbeheerder heeft de aansluiting nog niet als aangesloten gemeld; pas daarna kan de "
                        "laadpaal worden opgeleverd."
                    )
                }
            )
        if not realisatie.documenten.exists():
            raise ValidationError(
                {"geslaagd": _("Voeg eerst de opleverdocumenten toe (ten minste het SAT-rapport).")}
            )
        realisatie = transities.voer_uit(
            realisatie,
            naam,
            door,
            reden=sat_opmerking,
            gegevens=gegevens,
            regels=servicetermijnen.voor_gemeente(realisatie.gemeente),
            **velden,
        )
        locatie = transities.voer_uit(realisatie.locatie, "opleveren", door, volgt=True)
        waarden = {
            "omschrijving": locatie.omschrijving,
            "datum": _datum(sat_op),
            "uiterlijk": _datum(realisatie.termijn_uiterlijk),
        }
        aanvraagservices.vermeld_bij_aanvragen(
            [locatie],
            "opgeleverd",
            door,
            {"datum": sat_op.isoformat()},
            _("Uw laadpaal staat er: aanvraag %(aanvraag)s"),
            _(
                "Uw laadpaal op %(omschrijving)s is geplaatst, aangesloten en getest (opgeleverd op %(datum)s). U kunt "
                "er nu laden. De gemeente richt de parkeervakken in en meldt de laadpaal daarna gereed."
            )
            % waarden,
        )
        _meld_gemeente(
            realisatie,
            _("Laadpaal opgeleverd: %(omschrijving)s") % waarden,
            _(
                "De laadpaalexploitant heeft %(omschrijving)s opgeleverd op %(datum)s; de opleverdocumenten staan in "
                "het portaal. Richt zo nodig de parkeervakken in (markering, borden) en meld de locatie uiterlijk "
                "%(uiterlijk)s gerealiseerd op de plankaart."
            )
            % waarden,
            per_email=True,
        )
        transaction.on_commit(kaart.vernieuw)
    return realisatie


# The gemeente closes the case


def richt_parkeervakken_in(
    realisatie: Realisatie, door, *, parkeervakken_ingericht_op: dt.date
) -> Realisatie:
    transities.controleer(realisatie, "parkeervakken_inrichten", door)
    _controleer_datum(
        "parkeervakken_ingericht_op",
        parkeervakken_ingericht_op,
        niet_na=klok.vandaag(),
        melding_na=_("Deze datum ligt in de toekomst."),
    )
    return transities.voer_uit(
        realisatie,
        "parkeervakken_inrichten",
        door,
        gegevens={"datum": parkeervakken_ingericht_op.isoformat()},
        parkeervakken_ingericht_op=parkeervakken_ingericht_op,
    )


def meld_gerealiseerd(realisatie: Realisatie, door) -> Realisatie:
    """The gemeente marks the location realised: the requests behind it close, the public map shows an
    existing charging point."""
    transities.controleer(realisatie, "gerealiseerd_melden", door)
    with transaction.atomic():
        realisatie = transities.voer_uit(realisatie, "gerealiseerd_melden", door)
        locatie = transities.vergrendel(realisatie.locatie)
        waarden = {"omschrijving": locatie.omschrijving, "gemeente": locatie.gemeente.naam}
        aanvragen = list(Aanvraag.objects.filter(locatie=locatie, status__in=Aanvraag.OPEN))
        locatie = transities.voer_uit(locatie, "gerealiseerd_melden", door, volgt=True)
        for aanvraag in aanvragen:
            aanvraagservices.informeer_betrokkenen(
                aanvraag,
                _("Aanvraag %(nummer)s is afgerond") % {"nummer": aanvraag.nummer},
                _(
                    "De gemeente %(gemeente)s heeft de laadpaal op %(omschrijving)s gereed gemeld. Daarmee is uw "
                    "aanvraag afgerond. Goede reis!"
                )
                % waarden,
            )
        berichten.verstuur_aan_organisatie(
            realisatie.cpo,
            _("Gerealiseerd: %(omschrijving)s") % waarden,
            _("De gemeente %(gemeente)s meldde %(omschrijving)s gerealiseerd op de plankaart.") % waarden,
            link=reverse("netaansluiting:realisatie", args=[realisatie.pk]),
        )
        transaction.on_commit(kaart.vernieuw)
    return realisatie


def vraag_realisatiedatum(realisatie: Realisatie, door) -> Realisatie:
    """Seed 000: on the gemeente's request the CPO reports the realisation date. The portal shows a date as soon
    as there is one; without one the CPO is asked, and the gemeente hears the date when it is planned."""
    if not selectors.is_gemeente_van(door, realisatie):
        raise transities.GeenRecht("realisatiedatum_vragen")
    with transaction.atomic():
        realisatie = transities.vergrendel(realisatie)
        if not selectors.mag_realisatiedatum_vragen(door, realisatie):
            raise transities.NietToegestaan("realisatiedatum_vragen")
        realisatie.realisatiedatum_gevraagd_op = klok.nu()
        realisatie.save(update_fields=["realisatiedatum_gevraagd_op"])
        historie.registreer(realisatie, "realisatiedatum_vragen", realisatie.status, realisatie.status, door)
        berichten.verstuur_aan_organisatie(
            realisatie.cpo,
            _("Realisatiedatum gevraagd: %(omschrijving)s")
            % {"omschrijving": realisatie.locatie.omschrijving},
            _(
                "De gemeente %(gemeente)s vraagt wanneer %(omschrijving)s wordt gerealiseerd. Zodra u de plaatsing "
                "plant, krijgt de gemeente de datum vanzelf."
            )
            % {"gemeente": realisatie.gemeente.naam, "omschrijving": realisatie.locatie.omschrijving},
            link=reverse("netaansluiting:realisatie", args=[realisatie.pk]),
            per_email=True,
        )
    return realisatie


def _meld_gemeente(realisatie: Realisatie, onderwerp: str, tekst: str, *, per_email: bool = False) -> None:
    berichten.verstuur_aan_organisatie(
        realisatie.gemeente,
        onderwerp,
        tekst,
        link=reverse("netaansluiting:realisatie", args=[realisatie.pk]),
        per_email=per_email,
    )
