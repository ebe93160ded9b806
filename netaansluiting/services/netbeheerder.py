"""The netbeheerder's steps, in the portal and over REST: register, netcheck, order to the contractor, connected. A repeat with the same data changes nothing; what follows each step is declared in GEVOLGEN."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aanvragen import services as aanvraagservices
from netaansluiting import meldingen
from netaansluiting.models import Batch, Batchregel, Netaansluiting, Realisatie
from netaansluiting.services.basis import R, S
from netaansluiting.services.batches import _rond_batch_af_als_klaar, _vergrendel_met_batch
from plankaart.models import Locatie
from portal import klok, servicetermijnen, transities
from portal.invoer import verplichte_tekst
from portal.models import Organisatie
from portal.termijnen import datum_lang

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

    def na_werkvoorbereiding(veld: str, wat: str) -> None:
        """A date that contradicts the plan: nothing is connected before its work preparation is done."""
        waarde, gereed = velden.get(veld), aansluiting.werkvoorbereiding_gereed_op
        if veld not in fouten and waarde is not None and gereed is not None and waarde < gereed:
            fouten[veld] = _(
                "%(wat)s (%(datum)s) ligt voor de datum waarop de werkvoorbereiding gereed is (%(gereed)s). "
                "Controleer de datum, of pas eerst de werkvoorbereiding aan."
            ) % {"wat": wat, "datum": datum_lang(waarde), "gereed": datum_lang(gereed)}

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
        na_werkvoorbereiding("aansluiting_gepland_op", _("De geplande aansluitdatum"))
    elif naam == "aansluiten":
        schoon["ean"] = "".join((velden.get("ean") or "").split())
        if not ean_geldig(schoon["ean"]):
            fouten["ean"] = _("Dit is geen geldige EAN-code: 18 cijfers, het laatste een controlecijfer.")
        datum("aangesloten_op", _("Vul de datum in waarop is aangesloten."), niet_in_de_toekomst=True)
        na_werkvoorbereiding("aangesloten_op", _("De aansluitdatum"))
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


def netbeheerderstap_voor_velen(aansluitingen, naam: str, door, **velden):
    """netbeheerderstap with the same fields for many connections (the batch page's volume work), in a number of
    queries that does not grow with their number: the batches and connections locked in two statements, each
    checked and validated as one step would be, the moved ones written together (portal.transities.voer_uit_velen)
    and what follows done for all at once (GEVOLGEN_VOOR_VELEN: one message per CPO, not one per connection).
    Returns (moved or repeated connections, [(connection, error)]); a refused one leaves the others done."""
    if naam not in GEVOLGEN_VOOR_VELEN:
        raise ValueError(f"{naam} is een stap per aansluiting")
    namen, _doel = NETBEHEERDERSTAPPEN[naam]
    with transaction.atomic():
        aansluitingen = _vergrendel_velen_met_batches(aansluitingen)
        te_zetten, klaar, fouten, schoon = [], [], [], {}
        for aansluiting in aansluitingen:
            try:
                controleer_netbeheerderstap(aansluiting, naam, door)
                schoon = _controleer_invoer(aansluiting, naam, velden)
            except (ValidationError, transities.TransitieFout) as fout:
                fouten.append((aansluiting, fout))
                continue
            (klaar if is_herhaling(aansluiting, naam, schoon) else te_zetten).append(aansluiting)
        # The cleaned fields are the same for every connection (trimmed text, the date as given); what depends
        # on the connection is whether they pass its checks, done above one by one.
        verplaatst, geweigerd = transities.voer_uit_velen(
            te_zetten,
            naam,
            door,
            gegevens={veld: _als_tekst(schoon[veld]) for veld in namen} if te_zetten else None,
            **{veld: schoon[veld] for veld in namen if te_zetten},
        )
        if verplaatst:
            GEVOLGEN_VOOR_VELEN[naam](verplaatst, door)
    return klaar + verplaatst, fouten + geweigerd


def _vergrendel_velen_met_batches(aansluitingen) -> list[Netaansluiting]:
    """_vergrendel_met_batch for many: their running batches first, then the connections, in id order."""
    ids = [aansluiting.pk for aansluiting in aansluitingen]
    batch_ids = Batchregel.objects.filter(netaansluiting__in=ids, lopend=True).values("batch")
    list(
        Batch.objects.select_for_update().filter(pk__in=batch_ids).order_by("pk").values_list("pk", flat=True)
    )
    return list(Netaansluiting.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


def _met_locatie_en_netbeheerder(aansluitingen: list[Netaansluiting]) -> list[Netaansluiting]:
    """Give the moved connections their location and netbeheerder for the messages, in two queries."""
    locaties = Locatie.objects.only("pk", "omschrijving").in_bulk({a.locatie_id for a in aansluitingen})
    netbeheerders = Organisatie.objects.only("pk", "naam").in_bulk({a.netbeheerder_id for a in aansluitingen})
    for aansluiting in aansluitingen:
        aansluiting.locatie = locaties[aansluiting.locatie_id]
        aansluiting.netbeheerder = netbeheerders[aansluiting.netbeheerder_id]
    return aansluitingen


def _na_netcheck_goedgekeurd_velen(aansluitingen: list[Netaansluiting], door) -> None:
    meldingen.netcheck_goedgekeurd_velen(_met_locatie_en_netbeheerder(aansluitingen))


def _na_opdracht_velen(aansluitingen: list[Netaansluiting], door) -> None:
    """_na_opdracht for many: the realisations waiting for the grid move on per gemeente (its service levels)."""
    per_gemeente: dict[int, list[Realisatie]] = {}
    for realisatie in Realisatie.objects.filter(
        locatie__in=[a.locatie_id for a in aansluitingen], status=R.WACHT_OP_NET
    ).select_related("gemeente"):
        per_gemeente.setdefault(realisatie.gemeente_id, []).append(realisatie)
    realisaties = {}
    for groep in per_gemeente.values():
        verplaatst, _geweigerd = transities.voer_uit_velen(
            groep,
            "net_gereed",
            door,
            volgt=True,
            samen_met=("cpo",),  # the CPO's term starts: its organisation is the one at turn
            regels=servicetermijnen.voor_gemeente(groep[0].gemeente),
            aannemer=aansluitingen[0].aannemer,
        )
        realisaties.update({realisatie.locatie_id: realisatie for realisatie in verplaatst})
    meldingen.plaatsing_plannen_velen(
        [(a, realisaties.get(a.locatie_id)) for a in _met_locatie_en_netbeheerder(aansluitingen)]
    )


def _als_tekst(waarde) -> str:
    return waarde.isoformat() if isinstance(waarde, dt.date) else str(waarde)


def _realisatie_van(aansluiting: Netaansluiting) -> Realisatie | None:
    return Realisatie.objects.select_for_update().filter(locatie=aansluiting.locatie_id).first()


def _na_netcheck_goedgekeurd(aansluiting: Netaansluiting, door) -> None:
    meldingen.netcheck_goedgekeurd(aansluiting)


def _na_netcheck_afgekeurd(aansluiting: Netaansluiting, door) -> None:
    realisatie = _realisatie_van(aansluiting)
    if realisatie is not None and realisatie.status == R.WACHT_OP_NET:
        regels = servicetermijnen.voor_gemeente(aansluiting.gemeente)
        realisatie = transities.voer_uit(
            realisatie, "net_afgekeurd", door, volgt=True, reden=aansluiting.afkeurreden, regels=regels
        )
    _rond_batch_af_als_klaar(aansluiting, door)
    meldingen.netcheck_afgekeurd(aansluiting, realisatie)


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
    meldingen.plaatsing_plannen(aansluiting, realisatie)


def _na_aangesloten(aansluiting: Netaansluiting, door) -> None:
    _rond_batch_af_als_klaar(aansluiting, door)
    aanvraagservices.vermeld_bij_aanvragen(
        [aansluiting.locatie],
        "netaansluiting_aangesloten",
        door,
        {"aangesloten_op": aansluiting.aangesloten_op.isoformat()},
    )
    meldingen.aangesloten(aansluiting)


def stap(naam: str):
    """The netbeheerder's step `naam` in the shape page actions and REST transitions call: (case, user, fields)."""

    def uitvoeren(aansluiting, gebruiker, velden):
        return netbeheerderstap(aansluiting, naam, gebruiker, **velden)

    return uitvoeren


# The steps the batch page sets for many connections with the same data, and what follows them for all at once.
GEVOLGEN_VOOR_VELEN = {
    "registreren": lambda aansluitingen, door: None,
    "netcheck_goedkeuren": _na_netcheck_goedgekeurd_velen,
    "opdracht_verstrekken": _na_opdracht_velen,
}

GEVOLGEN = {
    "netcheck_goedkeuren": _na_netcheck_goedgekeurd,
    "netcheck_afkeuren": _na_netcheck_afgekeurd,
    "opdracht_verstrekken": _na_opdracht,
    "aansluiten": _na_aangesloten,
}
