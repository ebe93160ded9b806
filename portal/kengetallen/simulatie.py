"""What-if simulation (DESIGN.md 1, the provincie): replay the last N months of requests through the chain with
changed parameters and compare the lead-time distribution and the bottleneck before and after.

Each request is replayed as the chain's blocks on its critical path (BLOKKEN). A block's duration is what the
request really spent in it (its closed phases in the phase table); for a block it has not finished yet, the
duration model the expected date uses (portal.kengetallen.duurmodel: median per step for the gemeente, else the
region, else the service level), and never less than what it has already waited there. A finished request that
never went through a block (its location already had a definitive verkeersbesluit) spends nothing in it.
Rejected and withdrawn requests are left out: they never reach a charging point.

The parameters, and what each means in the replay:
- `vkb_parallel` (the verkeersbesluit off the critical path, DESIGN.md 3.3): the CPO requests the connection
  at publication, so the grid-connection block runs alongside the objection block: the critical path takes the
  longer of the two instead of their sum.
- `servicetermijn` {step: days}: the party meets the shorter service level: a block of that step takes at most
  that many days (steps of the block other than that one keep their time).
- `proactief_procent`: that share of the requests finds a proactive location with a definitive verkeersbesluit
  within the radius (seed 000, lane 1): its location, verkeersbesluit and objection blocks fall away. Which
  requests is spread evenly over the replay (every k-th), so the outcome is reproducible.
- `batchgrootte`: a connection waits for its batch to fill. At the arrival rate of connections in the replay
  (requests per day reaching the grid-connection block), a batch of b waits (b - 1) / (2 * rate) days on
  average; the difference with the current size is added to (or taken from) the grid-connection block,
  bounded by the netbeheerder's maximum wait (Bundelbeleid.wachttijd_werkdagen, as calendar days x 7/5).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import klok, servicetermijnen
from portal.kengetallen import berekeningen, duurmodel
from portal.kengetallen.models import Aanvraagcijfers, Fase
from portal.kengetallen.statistiek import mediaan, percentiel
from portal.models import Organisatie
from portal.servicetermijnen import Stap

# Blocks on the critical path, in chain order: (key, label, the steps of the phase table in it, the chain step
# the duration model answers for when the request has not finished the block).
BLOKKEN = (
    ("toetsing", _("Toetsing door de CPO"), ("toetsing", "aanvullen"), Stap.TOETSING),
    (
        "locatie",
        _("Locatie bepalen en laten goedkeuren"),
        ("locatie_bepalen", "netcheck", "locatie_beoordelen", "locatie_bijstellen"),
        Stap.LOCATIE_BEPALEN,
    ),
    ("verkeersbesluit", _("Verkeersbesluit nemen"), ("verkeersbesluit_nemen",), "verkeersbesluit_nemen"),
    (
        "bezwaar",
        _("Bezwaartermijn en bezwaren"),
        ("bezwaartermijn", "beslissen_op_bezwaar"),
        Stap.BEZWAARTERMIJN,
    ),
    (
        "netaansluiting",
        _("Netaansluiting"),
        ("aansluiting_aanvragen", "netaansluiting", "net_heroverwegen"),
        Stap.NETAANSLUITING,
    ),
    ("plaatsing", _("Plaatsing inplannen"), ("plaatsing_plannen",), Stap.PLAATSING_PLANNEN),
    ("energiecontract", _("Energiecontract"), ("energiecontract",), Stap.ENERGIECONTRACT),
    ("oplevering", _("Plaatsen, aansluiten en opleveren"), ("oplevering",), Stap.OPLEVERING),
)
BLOK_VAN_STAP = {stap: blok for blok, _label, stappen, _s in BLOKKEN for stap in stappen}
LABELS = {blok: label for blok, label, _stappen, _s in BLOKKEN}
PROACTIEF_VERVALT = ("locatie", "verkeersbesluit", "bezwaar")
EMMERS = 14  # days per bar of the distribution, as the dashboard's lead time
STANDAARD_BATCH = 80


@dataclass(frozen=True)
class Parameters:
    maanden: int = 12
    vkb_parallel: bool = False
    servicetermijn: dict = field(default_factory=dict)  # {step: days}
    proactief_procent: int = 0
    batchgrootte: int | None = None

    def beschrijving(self) -> list[str]:
        regels = []
        if self.vkb_parallel:
            regels.append(str(_("verkeersbesluit buiten het kritieke pad")))
        for stap, dagen in self.servicetermijn.items():
            regels.append(f"{Stap(stap).label}: {dagen} {_('dagen')}")
        if self.proactief_procent:
            regels.append(f"{self.proactief_procent}% {_('proactief')}")
        if self.batchgrootte:
            regels.append(f"{_('batchgrootte')} {self.batchgrootte}")
        return regels


@dataclass
class Uitkomst:
    aantal: int
    mediaan_dagen: float | None
    p80_dagen: float | None
    verdeling: list[dict]  # [{"van_dagen", "tot_dagen", "aantal"}]
    per_blok: list[dict]  # [{"blok", "label", "dagen"}] days on the critical path, most first
    knelpunt: dict | None


@dataclass
class Vergelijking:
    parameters: Parameters
    voor: Uitkomst
    na: Uitkomst
    van: dt.date
    tot: dt.date


def _verzameling(gebruiker, van: dt.date, gemeente_ids: list[int] | None = None):
    rijen = Aanvraagcijfers.objects.filter(
        berekeningen.scope(gebruiker),
        ingediend_op__date__gte=van,
        afloop__in=(Aanvraagcijfers.Afloop.OPEN, Aanvraagcijfers.Afloop.OPGELEVERD),
    )
    if gemeente_ids is not None:
        rijen = rijen.filter(gemeente_id__in=gemeente_ids)
    return rijen.order_by("ingediend_op", "aanvraag_id")


def geschiedenis(gebruiker, maanden: int, vandaag: dt.date | None = None) -> tuple[list[dict], dt.date]:
    """Per request in scope submitted in the last `maanden` months: its blocks' days (replay input)."""
    vandaag = vandaag or klok.vandaag()
    van = vandaag - dt.timedelta(days=round(maanden * 30.44))
    cijfers = list(_verzameling(gebruiker, van).values("aanvraag_id", "gemeente_id", "afloop"))
    ids = [c["aanvraag_id"] for c in cijfers]
    dagen: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    open_blok: dict[int, tuple[str, int]] = {}
    # One pass over the phases of these requests; closed phases add up, the open one says where it stands.
    for start in range(0, len(ids), 5000):
        deel = ids[start : start + 5000]
        for aanvraag_id, stap, begin, eind, d in Fase.objects.filter(aanvraag_id__in=deel).values_list(
            "aanvraag_id", "stap", "begin", "eind", "dagen"
        ):
            blok = BLOK_VAN_STAP.get(stap)
            if blok is None:
                continue
            if eind is None:
                open_blok[aanvraag_id] = (blok, max((vandaag - timezone.localdate(begin)).days, 0))
            else:
                dagen[aanvraag_id][blok] += d or 0
    model = duurmodel.laad({c["gemeente_id"] for c in cijfers})
    gemeenten = {g.pk: g for g in Organisatie.objects.filter(pk__in={c["gemeente_id"] for c in cijfers})}
    regels_per_gemeente = {pk: servicetermijnen.voor_gemeente(g) for pk, g in gemeenten.items()}
    uit = []
    for c in cijfers:
        aanvraag_id, gemeente_id = c["aanvraag_id"], c["gemeente_id"]
        gedaan = dict(dagen.get(aanvraag_id, {}))
        if c["afloop"] == Aanvraagcijfers.Afloop.OPEN:
            blokken = [b for b, *_rest in BLOKKEN]
            huidig = open_blok.get(aanvraag_id)
            positie = blokken.index(huidig[0]) if huidig else 0
            for blok, _label, _stappen, stap in BLOKKEN[positie:]:
                schatting = model.duur(stap, gemeente_id, None, regels_per_gemeente[gemeente_id]).dagen
                if huidig and blok == huidig[0]:
                    gedaan[blok] = gedaan.get(blok, 0) + max(huidig[1], math.ceil(schatting))
                elif blok not in gedaan:
                    gedaan[blok] = math.ceil(schatting)
        uit.append({"aanvraag_id": aanvraag_id, "gemeente_id": gemeente_id, "blokken": gedaan})
    return uit, van


def _huidige_batchgrootte(gemeente_ids) -> tuple[int, int]:
    """The current batch size and maximum wait (calendar days) of the netbeheerders serving these gemeenten."""
    from netaansluiting.models import Bundelbeleid

    beleid = Bundelbeleid.objects.filter(netbeheerder__bediende_gemeenten__in=list(gemeente_ids)).first()
    if beleid is None:
        return STANDAARD_BATCH, math.ceil(5 * 7 / 5)
    return beleid.batchgrootte, math.ceil(beleid.wachttijd_werkdagen * 7 / 5)


def _kritiek_pad(blokken: dict[str, float], parallel: bool) -> dict[str, float]:
    """The block days that count for the lead time; with the verkeersbesluit off the critical path only the
    longer of objection and grid connection counts."""
    pad = dict(blokken)
    if parallel:
        bezwaar, net = pad.get("bezwaar", 0), pad.get("netaansluiting", 0)
        if bezwaar >= net:
            pad["netaansluiting"] = 0
        else:
            pad["bezwaar"] = 0
    return pad


def _uitkomst(paden: list[dict[str, float]]) -> Uitkomst:
    doorlooptijden = [math.ceil(sum(p.values())) for p in paden]
    telling: dict[int, int] = defaultdict(int)
    for d in doorlooptijden:
        telling[d] += 1
    paren = sorted(telling.items())
    emmers: dict[int, int] = defaultdict(int)
    for d, n in paren:
        emmers[d // EMMERS] += n
    per_blok: dict[str, float] = defaultdict(float)
    for p in paden:
        for blok, d in p.items():
            per_blok[blok] += d
    blokken = sorted(
        ({"blok": b, "label": str(LABELS[b]), "dagen": round(d)} for b, d in per_blok.items() if d > 0),
        key=lambda r: -r["dagen"],
    )
    return Uitkomst(
        aantal=len(paden),
        mediaan_dagen=mediaan(paren),
        p80_dagen=percentiel(paren, 0.8),
        verdeling=[
            {"van_dagen": e * EMMERS, "tot_dagen": (e + 1) * EMMERS, "aantal": n}
            for e, n in sorted(emmers.items())
        ],
        per_blok=blokken,
        knelpunt=blokken[0] if blokken else None,
    )


def simuleer_geschiedenis(
    historie: list[dict], parameters: Parameters, van: dt.date, tot: dt.date
) -> Vergelijking:
    """Before (as it went or is expected to go) and after (with the parameters) for the same requests."""
    voor = [_kritiek_pad(r["blokken"], False) for r in historie]
    na = []
    gemeente_ids = {r["gemeente_id"] for r in historie}
    batch_verschil = 0.0
    if parameters.batchgrootte and historie:
        huidig, max_wacht = _huidige_batchgrootte(gemeente_ids)
        met_aansluiting = sum(1 for r in historie if r["blokken"].get("netaansluiting"))
        tempo = met_aansluiting / max((tot - van).days, 1)  # connections per day
        if tempo > 0:

            def wacht(b):
                return min((b - 1) / (2 * tempo), max_wacht)

            batch_verschil = wacht(parameters.batchgrootte) - wacht(huidig)
    teller = 0.0
    for r in historie:
        blokken = {b: float(d) for b, d in r["blokken"].items()}
        for stap, termijn in parameters.servicetermijn.items():
            blok = BLOK_VAN_STAP.get(stap)
            if blok in blokken:
                blokken[blok] = min(blokken[blok], float(termijn))
        if parameters.proactief_procent:
            vorige = math.floor(teller)
            teller += parameters.proactief_procent / 100
            if math.floor(teller) > vorige:
                for blok in PROACTIEF_VERVALT:
                    blokken.pop(blok, None)
        if batch_verschil and blokken.get("netaansluiting"):
            blokken["netaansluiting"] = max(blokken["netaansluiting"] + batch_verschil, 0.0)
        na.append(_kritiek_pad(blokken, parameters.vkb_parallel))
    return Vergelijking(parameters, _uitkomst(voor), _uitkomst(na), van, tot)


def simuleer(gebruiker, parameters: Parameters, vandaag: dt.date | None = None) -> Vergelijking:
    vandaag = vandaag or klok.vandaag()
    historie, van = geschiedenis(gebruiker, parameters.maanden, vandaag)
    return simuleer_geschiedenis(historie, parameters, van, vandaag)
