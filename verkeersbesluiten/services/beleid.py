"""The gemeente's verkeersbesluit policy: set by its coördinator, every change recorded with old and new values."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from portal import historie, rechten
from verkeersbesluiten import besluittekst
from verkeersbesluiten.models import Verkeersbesluitbeleid


def sla_beleid_op(gemeente, door, **velden) -> Verkeersbesluitbeleid:
    if getattr(door, "organisatie_id", None) != gemeente.pk:
        raise PermissionDenied(_("Alleen de gemeente zelf stelt haar verkeersbesluitbeleid vast."))
    if not rechten.heeft(door, rechten.Recht.GEMEENTEBELEID_WIJZIGEN):
        raise PermissionDenied(rechten.ontbrekende_rol(door, rechten.Recht.GEMEENTEBELEID_WIJZIGEN))
    if "sjabloon" in velden:
        besluittekst.controleer_sjabloon(velden["sjabloon"])
    with transaction.atomic():
        beleid, nieuw = Verkeersbesluitbeleid.objects.select_for_update().get_or_create(gemeente=gemeente)
        oud = {} if nieuw else historie.waarden(beleid, list(velden))
        for veld, waarde in velden.items():
            setattr(beleid, veld, waarde)
        beleid.save()
        historie.registreer_instelling(beleid, oud, door)
    return beleid
