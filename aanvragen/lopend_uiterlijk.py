"""The running term's due date stored on the request (Aanvraag.lopend_uiterlijk), so the work list sorts on an index.

The work list puts the most urgent open request first: the due date of its running term, which is the request's
own, else its location's, else its realisation's, else its grid connection's (selectors.LOPENDE_TERMIJN_UITERLIJK).
As a Coalesce over four joined tables no index can serve that order, and at national scale every page sorted
every open case. Stored, it is one column under a partial index.

This module keeps the column equal to that Coalesce, and it is the only code that writes it:
- `voor_opslaan`: a request's own save (a new request, and every transition of a request through
  portal.transities) stores the value with the row, without an extra query;
- `na_transitie` / `na_transities`: after a step of a case whose term the requests on its location take (the
  location, its realisation, its grid connection; one case through voer_uit or many through voer_uit_velen), one
  UPDATE recomputes the requests on those locations from the database.
Those terms change only inside transitions (DESIGN.md 5: entering a state stores its due date), and transitions
only run through portal.transities, so these two doors see every change. A connection or realisation is made
without a term (bulk_create in netaansluiting.services.aansluitingen, which also points the realisation at its new
connection), so making one changes nothing until its first step, which comes through here. `vul_alles` recomputes
every row: the bench databases written with COPY use it (the data migration does the same with historical models).
"""

from __future__ import annotations

from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce

from aanvragen.models import Aanvraag

# The fields on Aanvraag whose change can change the value, for saves that name their fields.
HANGT_AF_VAN = {"termijn_uiterlijk", "locatie", "locatie_id"}


def _termijnen_van_locatie() -> list[str]:
    """The Coalesce's columns past the request's own, seen from the location."""
    from aanvragen.selectors import LOPENDE_TERMIJN_UITERLIJK

    eigen, *via_locatie = LOPENDE_TERMIJN_UITERLIJK
    assert eigen == "termijn_uiterlijk" and all(k.startswith("locatie__") for k in via_locatie)
    return [kolom.removeprefix("locatie__") for kolom in via_locatie]


def _van_locatie(locatie):
    """The location's part of the Coalesce as a subquery, for a location id or an OuterRef."""
    from plankaart.models import Locatie

    kolommen = _termijnen_van_locatie()
    return Subquery(Locatie.objects.filter(pk=locatie).order_by().values(uiterlijk=Coalesce(*kolommen))[:1])


def expressie():
    """The Coalesce of selectors.LOPENDE_TERMIJN_UITERLIJK for an UPDATE of Aanvraag rows."""
    return Coalesce(F("termijn_uiterlijk"), _van_locatie(OuterRef("locatie_id")))


def voor_opslaan(aanvraag: Aanvraag, update_fields=None):
    """Set `aanvraag.lopend_uiterlijk` before it is saved; returns the update_fields to save with.

    The request's own term comes first in the Coalesce, so when it runs (or there is no location) the value is
    known here. Otherwise the location's part is a subquery in the same INSERT or UPDATE, and the attribute is
    read back from the row only when someone reads it (`na_opslaan`)."""
    if update_fields is not None:
        if not HANGT_AF_VAN & set(update_fields):
            return update_fields
        update_fields = {*update_fields, "lopend_uiterlijk"}
    if aanvraag.termijn_uiterlijk is not None or aanvraag.locatie_id is None:
        aanvraag.lopend_uiterlijk = aanvraag.termijn_uiterlijk
    else:
        aanvraag.lopend_uiterlijk = _van_locatie(aanvraag.locatie_id)
    return update_fields


def na_opslaan(aanvraag: Aanvraag) -> None:
    """After the save: a value computed by the database becomes a deferred field, loaded on first read."""
    if hasattr(aanvraag.__dict__.get("lopend_uiterlijk"), "resolve_expression"):
        del aanvraag.__dict__["lopend_uiterlijk"]


def werk_bij_op_locaties(locatie_ids) -> int:
    """Recompute the requests on these locations (open and closed alike: the column is the Coalesce for every
    row). One UPDATE; the foreign-key index on locatie_id finds the rows."""
    locatie_ids = {pk for pk in locatie_ids if pk is not None}
    if not locatie_ids:
        return 0
    return Aanvraag.objects.filter(locatie_id__in=locatie_ids).update(lopend_uiterlijk=expressie())


def vul_alles() -> int:
    """Every request at once: for the data migration's equivalent and for databases written with COPY."""
    return Aanvraag.objects.update(lopend_uiterlijk=expressie())


def _locatie_ids(sender, zaken) -> list[int]:
    from plankaart.models import Locatie

    if issubclass(sender, Locatie):
        return [zaak.pk for zaak in zaken]
    # The cases whose term the requests on their location take (Realisatie, Netaansluiting).
    if getattr(sender, "aanvragen_volgen_locatie", False):
        return [zaak.locatie_id for zaak in zaken]
    return []


def na_transitie(sender, zaak, **kwargs) -> None:
    """Receiver of portal.transities.transitie_uitgevoerd (a request's own steps are stored by its save)."""
    werk_bij_op_locaties(_locatie_ids(sender, [zaak]))


def na_transities(sender, zaken, **kwargs) -> None:
    """Receiver of portal.transities.transities_uitgevoerd: one UPDATE for all the moved cases' locations."""
    werk_bij_op_locaties(_locatie_ids(sender, zaken))
