"""The netbeheerder's netcheck of a new or moved location: approved (on to the gemeente) or refused with a reason code."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from plankaart import meldingen
from plankaart.models import NET_REDENEN, Locatie, Redencode
from plankaart.services.basis import weiger
from portal import transities
from portal.invoer import redencode, verplichte_tekst


def netcheck_goedkeuren(locatie: Locatie, door, opmerking: str = "") -> Locatie:
    with transaction.atomic():
        locatie = transities.voer_uit(locatie, "netcheck_goedkeuren", door, reden=(opmerking or "").strip())
        meldingen.voorstel_te_beoordelen(locatie)
    return locatie


def netcheck_afkeuren(locatie: Locatie, door, reden: str, reden_code: str = Redencode.ANDERS) -> Locatie:
    """The grid cannot take it: the location lapses and its requests go back to the CPO."""
    reden = verplichte_tekst(reden, "reden", _("Schrijf op waarom het net deze locatie niet aankan."))
    reden_code = redencode(reden_code, NET_REDENEN)
    with transaction.atomic():
        locatie = weiger(locatie, "netcheck_afkeuren", door, reden, reden_code)
        meldingen.netcheck_afgekeurd(locatie, reden)
    return locatie
