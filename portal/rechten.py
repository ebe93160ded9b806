"""Roles grant capabilities, from this one table (DESIGN.md 5).

Every member of an organisation has a role: a medewerker prepares, registers and proposes; a coördinator may
do all of that and also takes the decisions that bind the organisation (a gemeente's coördinator publishes
and withdraws verkeersbesluiten, decides objections and sets the gemeente's policy). Transition permissions
and services ask `heeft(gebruiker, recht)`; a refusal for want of a role names the role that is needed. The
table is shown to administrators at /admin/rechten/.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import Gebruiker, Organisatie

MEDEWERKER = Gebruiker.Rol.MEDEWERKER
COORDINATOR = Gebruiker.Rol.COORDINATOR
_RANG = {MEDEWERKER: 0, COORDINATOR: 1}


class Recht(models.TextChoices):
    # Gemeente
    LOCATIE_BEOORDELEN = "locatie_beoordelen", _("Locatievoorstellen goedkeuren, laten aanpassen of afwijzen")
    VERKEERSBESLUIT_VOORBEREIDEN = "verkeersbesluit_voorbereiden", _("Een concept-verkeersbesluit opstellen")
    VERKEERSBESLUIT_PUBLICEREN = "verkeersbesluit_publiceren", _("Een verkeersbesluit publiceren")
    VERKEERSBESLUIT_INTREKKEN = "verkeersbesluit_intrekken", _("Een verkeersbesluit intrekken")
    BEZWAAR_REGISTREREN = "bezwaar_registreren", _("Een bezwaar registreren")
    BEZWAAR_BESLISSEN = "bezwaar_beslissen", _("Op een bezwaar beslissen of de beslissing verdagen")
    GEMEENTEBELEID_WIJZIGEN = "gemeentebeleid_wijzigen", _("Het verkeersbesluitbeleid van de gemeente wijzigen")
    # CPO
    AANVRAAG_TOETSEN = "aanvraag_toetsen", _("Aanvragen goedkeuren, afwijzen of laten aanvullen")
    CONCEPT_INTREKKEN = "concept_intrekken", _("Een zelf voorbereid concept-verkeersbesluit laten vallen")
    CONCESSIE_INSTELLEN = "concessie_instellen", _("Servicetermijnen en instellingen van de concessie wijzigen")
    # Netbeheerder
    NETCHECK_BESLISSEN = "netcheck_beslissen", _("Een netcheck goed- of afkeuren")
    BUNDELBELEID_INSTELLEN = "bundelbeleid_instellen", _("Het bundelbeleid (batchgrootte, wachttijd) wijzigen")
    # Data-driven signals: the provincie sends (or withdraws) them, the CPO answers them.
    SIGNAAL_VERSTUREN = "signaal_versturen", _("Een datagedreven signaal versturen of intrekken")
    SIGNAAL_BEANTWOORDEN = "signaal_beantwoorden", _("Een signaal omzetten in een locatie of weigeren")
    # The proactive lane: the provincie imports forecasts and sets the number per gemeente; the gemeente
    # selects, runs the participation and processes it, its coördinator agrees; the CPO checks the locations.
    PROGNOSE_IMPORTEREN = "prognose_importeren", _("Een laadprognose importeren")
    PROACTIEF_AANTAL_BEPALEN = "proactief_aantal_bepalen", _("Het aantal proactieve laadpunten bepalen")
    PROACTIEF_SELECTEREN = "proactief_selecteren", _("Proactieve locaties kiezen en de inspraak verwerken")
    PROACTIEF_VASTSTELLEN = "proactief_vaststellen", _("Akkoord geven op de proactieve lijst")
    PROACTIEF_TOETSEN = "proactief_toetsen", _("Proactieve locaties toetsen aan de voorwaarden")


@dataclass(frozen=True)
class Regel:
    soort: str  # the kind of organisation (Organisatie.Soort)
    rol: str  # the least role that holds it


G, C, N = Organisatie.Soort.GEMEENTE, Organisatie.Soort.CPO, Organisatie.Soort.NETBEHEERDER
P = Organisatie.Soort.PROVINCIE

TABEL: dict[str, tuple[Regel, ...]] = {
    Recht.LOCATIE_BEOORDELEN: (Regel(G, MEDEWERKER),),
    Recht.VERKEERSBESLUIT_VOORBEREIDEN: (Regel(G, MEDEWERKER), Regel(C, MEDEWERKER)),
    Recht.VERKEERSBESLUIT_PUBLICEREN: (Regel(G, COORDINATOR),),
    Recht.VERKEERSBESLUIT_INTREKKEN: (Regel(G, COORDINATOR),),
    Recht.BEZWAAR_REGISTREREN: (Regel(G, MEDEWERKER),),
    Recht.BEZWAAR_BESLISSEN: (Regel(G, COORDINATOR),),
    Recht.GEMEENTEBELEID_WIJZIGEN: (Regel(G, COORDINATOR),),
    Recht.AANVRAAG_TOETSEN: (Regel(C, MEDEWERKER),),
    Recht.CONCEPT_INTREKKEN: (Regel(C, MEDEWERKER),),
    Recht.CONCESSIE_INSTELLEN: (Regel(C, COORDINATOR),),
    Recht.NETCHECK_BESLISSEN: (Regel(N, MEDEWERKER),),
    Recht.BUNDELBELEID_INSTELLEN: (Regel(N, COORDINATOR),),
    Recht.SIGNAAL_VERSTUREN: (Regel(P, MEDEWERKER),),
    Recht.SIGNAAL_BEANTWOORDEN: (Regel(C, MEDEWERKER),),
    Recht.PROGNOSE_IMPORTEREN: (Regel(P, MEDEWERKER),),
    Recht.PROACTIEF_AANTAL_BEPALEN: (Regel(P, MEDEWERKER),),
    Recht.PROACTIEF_SELECTEREN: (Regel(G, MEDEWERKER),),
    Recht.PROACTIEF_VASTSTELLEN: (Regel(G, COORDINATOR),),
    Recht.PROACTIEF_TOETSEN: (Regel(C, MEDEWERKER),),
}


def _regel_voor(gebruiker, recht: str) -> Regel | None:
    organisatie = getattr(gebruiker, "organisatie", None) if gebruiker.is_authenticated else None
    if organisatie is None:
        return None
    return next((r for r in TABEL[recht] if r.soort == organisatie.soort), None)


def heeft(gebruiker, recht: str) -> bool:
    """Whether the user's role in their organisation grants `recht` (which organisation's case it is, is
    the selectors' question, asked beside this one)."""
    regel = _regel_voor(gebruiker, recht)
    return regel is not None and _RANG.get(gebruiker.rol, -1) >= _RANG[regel.rol]


def ontbrekende_rol(gebruiker, recht: str) -> str:
    """The refusal for a user of the right kind of organisation whose role is too low, naming the role."""
    regel = _regel_voor(gebruiker, recht)
    if regel is None:
        return ""
    return _("Hiervoor is de rol %(rol)s nodig (%(recht)s).") % {
        "rol": Gebruiker.Rol(regel.rol).label.lower(),
        "recht": Recht(recht).label.lower(),
    }


def met_recht(recht: str, toets):
    """A transition permission: `toets(zaak, gebruiker)` (is it this user's organisation's case?) and the
    role's capability. portal.transities reads `.recht` and `.toets` to say which role a refusal needs."""

    def mag(zaak, gebruiker) -> bool:
        return toets(zaak, gebruiker) and heeft(gebruiker, recht)

    mag.recht = recht
    mag.toets = toets
    return mag


def overzicht() -> list[dict]:
    """The table as rows for the admin page: capability, and per kind of organisation the least role."""
    rijen = []
    for recht in Recht:
        per_soort = {r.soort: Gebruiker.Rol(r.rol).label for r in TABEL[recht]}
        rijen.append(
            {
                "recht": recht.label,
                "gemeente": per_soort.get(G, "—"),
                "cpo": per_soort.get(C, "—"),
                "netbeheerder": per_soort.get(N, "—"),
            }
        )
    return rijen
