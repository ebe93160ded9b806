"""The plankaart itself: the yearly revision that keeps earlier versions."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plankaart import exporteren, selectors
from plankaart.models import Locatie, Plankaart
from portal import klok


def herzie(gemeente, jaar: int, door) -> Plankaart:
    """Start the yearly revision: the current version is frozen as a snapshot, a new version becomes current."""
    if not selectors.mag_plankaart_herzien(door, gemeente):
        raise PermissionDenied(_("Alleen de gemeente zelf stelt een nieuwe versie van haar plankaart vast."))
    with transaction.atomic():
        huidig = selectors.huidige_plankaart(gemeente)
        if huidig is not None:
            huidig = Plankaart.objects.select_for_update().get(pk=huidig.pk)
            if jaar < huidig.jaar:
                raise ValidationError({"jaar": _("Een nieuwe versie kan niet voor een eerder jaar zijn.")})
            huidig.momentopname = exporteren.geojson(Locatie.objects.filter(gemeente=gemeente))
            huidig.save(update_fields=["momentopname"])
        nieuw = Plankaart.objects.create(
            gemeente=gemeente,
            versie=(huidig.versie + 1) if huidig else 1,
            jaar=jaar,
            vastgesteld_op=klok.vandaag(),
        )
    return nieuw
