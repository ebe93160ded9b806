"""The four lanes, each declared once (DESIGN.md 3).

A lane is data, not a code path: every request carries its `bron`, and this table says per lane who may
submit, which of the gemeente's conditions apply, whether the CPO checks it before the location path, who is
told, and whether the 16-week maximum applies (per concessie, `Concessie.maximum_bronnen`; by default only the
E-rijder's). A new lane is a new `Bron` value, a row here and its pages; the services and the location path
stay as they are. The proactive lane is a plan of many locations, not a request, and has its own case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from aanvragen.models import Bron
from portal.models import Organisatie
from portal.selectors import is_cpo_van_gemeente

# The gemeente's conditions (DESIGN.md 3.1) by name; aanvragen.services checks the ones a lane lists.
STRAAL = "straal"  # no public charging point or plankaart location within the radius
WONEN_OF_WERKEN = "wonen_of_werken"
ELEKTRISCH = "elektrisch"
GEEN_OPRIT = "geen_oprit"
VERGUNNING = "vergunning"
GEEN_EIGEN_AANVRAAG_NABIJ = "geen_eigen_aanvraag_nabij"


def _is_erijder(gebruiker, gemeente) -> bool:
    return gebruiker.is_authenticated and gebruiker.is_erijder


def _is_gemeente_zelf(gebruiker, gemeente) -> bool:
    organisatie = getattr(gebruiker, "organisatie", None) if gebruiker.is_authenticated else None
    return (
        organisatie is not None
        and organisatie.soort == Organisatie.Soort.GEMEENTE
        and organisatie.pk == gemeente.pk
    )


def _is_cpo_van(gebruiker, gemeente) -> bool:
    return is_cpo_van_gemeente(gebruiker, gemeente.pk)


def _niemand(gebruiker, gemeente) -> bool:
    """Raised by the portal itself (a signal from usage data), never filed by hand."""
    return False


@dataclass(frozen=True)
class Baan:
    bron: str
    mag_indienen: Callable  # (gebruiker, gemeente) -> bool
    weigering: str  # the 403 for someone who may not
    voorwaarden: frozenset[str]
    # False: the submitter's own organisation is the CPO, whose submission is its check (seed 001: ~5%).
    cpo_toetst: bool
    # Linked at submission to a proactive or definitive location within the radius, starting nothing new.
    koppelen_bij_indienen: bool
    ontvangstbevestiging: bool  # the submitter gets a receipt (the E-rijder by e-mail too)
    # The CPO may ask to complete the answers (only the E-rijder's form has answers to complete).
    aanvulling_mogelijk: bool = False
    # Its connections go at once in a batch of their own (Bundelbeleid.erijders_direct).
    eigen_batch: bool = False
    # Once the CPO approves it, linked to a location of a definitive proactive list within the radius (lane 1).
    proactief_koppelen: bool = False


BANEN: dict[str, Baan] = {
    Bron.ERIJDER: Baan(
        bron=Bron.ERIJDER,
        mag_indienen=_is_erijder,
        weigering=_("Alleen E-rijders kunnen een laadpaal aanvragen."),
        voorwaarden=frozenset(
            {WONEN_OF_WERKEN, ELEKTRISCH, GEEN_OPRIT, VERGUNNING, GEEN_EIGEN_AANVRAAG_NABIJ}
        ),
        cpo_toetst=True,
        koppelen_bij_indienen=False,
        ontvangstbevestiging=True,
        aanvulling_mogelijk=True,
        eigen_batch=True,
        proactief_koppelen=True,
    ),
    Bron.GEMEENTE: Baan(
        bron=Bron.GEMEENTE,
        mag_indienen=_is_gemeente_zelf,
        weigering=_("Alleen medewerkers van de gemeente zelf vragen hier een locatie aan."),
        voorwaarden=frozenset({STRAAL}),
        cpo_toetst=True,
        koppelen_bij_indienen=True,
        ontvangstbevestiging=True,
        proactief_koppelen=True,
    ),
    Bron.CPO: Baan(
        bron=Bron.CPO,
        mag_indienen=_is_cpo_van,
        weigering=_(
            "Alleen de laadpaalexploitant met de concessie voor deze gemeente vraagt hier een locatie aan."
        ),
        voorwaarden=frozenset(),
        cpo_toetst=False,
        koppelen_bij_indienen=True,
        ontvangstbevestiging=False,
    ),
    Bron.DATAGEDREVEN: Baan(
        bron=Bron.DATAGEDREVEN,
        mag_indienen=_niemand,
        weigering=_("Een datagedreven aanvraag ontstaat uit een signaal van de provincie."),
        voorwaarden=frozenset(),
        cpo_toetst=False,
        koppelen_bij_indienen=False,
        ontvangstbevestiging=False,
    ),
}


def baan(bron: str) -> Baan:
    return BANEN[bron]


def maximum_geldt(aanvraag, concessie) -> bool:
    """Whether the 16-week maximum applies to this request: per concessie, by lane (E-rijder by default)."""
    bronnen = concessie.maximum_bronnen if concessie is not None else [Bron.ERIJDER]
    return aanvraag.bron in bronnen


def met_eigen_batch() -> list[str]:
    return [bron for bron, b in BANEN.items() if b.eigen_batch]
