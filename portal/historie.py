"""The append-only audit timeline shared by every case type, and the record of settings changes."""

from __future__ import annotations

import datetime as dt
import decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from portal import klok
from portal.models import StatusWijziging

# A settings change is a history row of the settings object with this transition (van and naar stay empty).
INSTELLING_GEWIJZIGD = "instelling_gewijzigd"


def _actor(door) -> dict:
    """Who acted, as stored on the row: the account and its organisation, with their names at that moment."""
    if door is None or not door.is_authenticated:
        return {"door": None, "door_naam": "", "organisatie_id": None, "organisatie_naam": ""}
    organisatie = door.organisatie if door.organisatie_id else None
    return {
        "door": door,
        "door_naam": str(door),
        "organisatie_id": door.organisatie_id,
        "organisatie_naam": organisatie.naam if organisatie else "",
    }


def registreer(zaak, transitie: str, van: str, naar: str, door=None, *, reden: str = "", gegevens=None):
    """Append one step to a case's history: who, for which organisation, when, from, to and why."""
    return StatusWijziging.objects.create(
        content_type=ContentType.objects.get_for_model(zaak),
        object_id=zaak.pk,
        transitie=transitie,
        van=van or "",
        naar=naar,
        op=klok.nu(),
        reden=reden,
        gegevens=gegevens or {},
        **_actor(door),
    )


def historie_van(zaak):
    return StatusWijziging.objects.filter(
        content_type=ContentType.objects.get_for_model(zaak), object_id=zaak.pk
    )


def registreer_bulk(zaken, transitie: str, door=None, *, gegevens=None, van=None, reden: str = "") -> None:
    """Append the same step for many cases in one statement (imports, volume work). `gegevens` maps pk →
    details, `van` pk → the former state (empty for a new case)."""
    if not zaken:
        return
    content_type = ContentType.objects.get_for_model(zaken[0])
    op = klok.nu()
    actor = _actor(door)
    StatusWijziging.objects.bulk_create(
        [
            StatusWijziging(
                content_type=content_type,
                object_id=zaak.pk,
                transitie=transitie,
                van=(van or {}).get(zaak.pk, ""),
                naar=zaak.status,
                op=op,
                reden=reden,
                gegevens=(gegevens or {}).get(zaak.pk, {}),
                **actor,
            )
            for zaak in zaken
        ],
        batch_size=1000,
    )


def _als_json(waarde):
    if isinstance(waarde, Model):
        return str(waarde)
    if isinstance(waarde, dt.date | dt.datetime):
        return waarde.isoformat()
    if isinstance(waarde, decimal.Decimal):
        return str(waarde)
    if isinstance(waarde, list | tuple | set):
        return [_als_json(w) for w in waarde]
    return waarde


def waarden(instelling, velden=None) -> dict:
    """The current values of a settings object's own fields, in a form the history can keep."""
    velden = velden or [
        veld.name
        for veld in instelling._meta.concrete_fields
        if not veld.primary_key and not veld.auto_created
    ]
    return {naam: _als_json(getattr(instelling, naam)) for naam in velden}


def registreer_instelling(instelling, oud: dict, door=None, *, reden: str = "") -> StatusWijziging | None:
    """Record a change of a policy or setting with its old and new values (only the fields that changed).
    A first save records every value as new. Nothing changed: nothing recorded."""
    nieuw = waarden(instelling, list(oud) or None)
    wijzigingen = {
        naam: {"oud": oud.get(naam), "nieuw": waarde}
        for naam, waarde in nieuw.items()
        if naam not in oud or oud[naam] != waarde
    }
    if not wijzigingen:
        return None
    return registreer(
        instelling,
        INSTELLING_GEWIJZIGD,
        "",
        "gewijzigd",
        door,
        reden=reden,
        gegevens={"wijzigingen": wijzigingen, "instelling": str(instelling)},
    )
