"""The messages of verkeersbesluiten: what the CPO is told, with the decision's values, on commit through the outbox."""

from __future__ import annotations

from portal import berichten
from portal.selectors import cpos_van_gemeente
from portal.termijnen import datum_lang
from verkeersbesluiten.models import Besluitlocatie, Verkeersbesluit
from verkeersbesluiten.services.basis import _link


def _waarden(besluit: Verkeersbesluit) -> dict:
    return {
        "nummer": besluit.nummer,
        "gemeente": besluit.gemeente.naam,
        "titel": besluit.titel,
        "n": besluit.besluitlocaties.filter(stand=Besluitlocatie.Stand.OPGENOMEN).count(),
        "bekendmaking": datum_lang(besluit.bekendmaking_op) if besluit.bekendmaking_op else "—",
        "einde": datum_lang(besluit.bezwaartermijn_einde) if besluit.bezwaartermijn_einde else "—",
        "vindplaats": besluit.vindplaats or "—",
    }


def _meld_bij_cpo(besluit: Verkeersbesluit, onderwerp: str, tekst: str) -> None:
    """Every step of a decision reaches the CPO at once: in its inbox and by e-mail."""
    for cpo in cpos_van_gemeente(besluit.gemeente):
        berichten.verstuur_aan_organisatie(cpo, onderwerp, tekst, link=_link(besluit), per_email=True)
