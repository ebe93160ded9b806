"""A memory per process for what every submission reads and an administrator rarely changes: the concessie of
a gemeente, its service levels, the calendar, the gemeente's conditions and traffic-decision policy, its boundary,
its default netbeheerder, the gemeenten a CPO serves, the gemeente itself and every organisation's name.

Whether the memory still holds is asked of the database, not of Redis: portal.models.Instellingsversie holds a
token that every change to those settings replaces (the receivers below, on save and delete and on a
concessie's gemeenten, in the same transaction as the change). A process reads the token once per request, along
with the user (portal.authenticatie; kept in portal.verzoekgeheugen; outside a request at every call) and forgets
everything it kept when the token differs.
So a change is seen by the next request in every process, with Redis up or down, and a change that is rolled
back leaves the memory valid (the token goes back with it; a new token is random, never reused).

Only answers about today belong here (concessie_op keeps other dates out), and past MAXIMUM answers a room of
the memory starts afresh, so the days' keys do not pile up. Each caller gets its own copy of a kept answer (a
pickled snapshot), so no request can change what the next one reads. Changes that bypass the model's signals
(queryset.update, bulk_create) must call `verhoog()` themselves.
"""

from __future__ import annotations

import pickle
import secrets
import threading
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from portal import verzoekgeheugen

T = TypeVar("T")

_SLEUTEL = ("instellingsversie",)
_RIJ = 1  # the one row of Instellingsversie
# Kept answers per process before the memory starts afresh: a few per gemeente and day (about 350 gemeenten).
MAXIMUM = 5000
_lock = threading.Lock()
_versie: object = object()  # the token the kept answers belong to; nothing matches it at start
# Per room (`ruimte`): answers by key, pickled bytes or the object itself (kopie=False).
_bewaard: dict[str, dict[Hashable, object]] = {}


def _lees_versie() -> int | None:
    from portal import sql
    from portal.models import Instellingsversie

    # Asked by most requests: one prepared statement, not an ORM query whose building costs more than its run.
    # None when the row is gone (a test database flushed): still a token, compared like any other.
    with sql.voorbereide_cursor() as cursor:
        cursor.execute(f"SELECT versie FROM {Instellingsversie._meta.db_table} WHERE id = %s", [_RIJ])
        rij = cursor.fetchone()
    return None if rij is None else rij[0]


def huidige_versie() -> int | None:
    return verzoekgeheugen.onthoud(_SLEUTEL, _lees_versie)


def versie_als_kolom() -> str:
    """The token as a scalar subquery, for the statement every request sends first (portal.authenticatie reads
    who is asking): the request then has its token without a round trip of its own (`versie_meegelezen`)."""
    from portal.models import Instellingsversie

    return f"(SELECT versie FROM {Instellingsversie._meta.db_table} WHERE id = {_RIJ:d})"


def versie_meegelezen(versie: int | None) -> None:
    """The token, read along with another statement: the request's token unless it already has one."""
    verzoekgeheugen.bewaar(_SLEUTEL, versie)


def onthoud(
    sleutel: Hashable, bereken: Callable[[], T], *, kopie: bool = True, ruimte: str = "instellingen"
) -> T:
    """`bereken()` once per process for `sleutel` while the settings do not change; a copy for each caller.
    `kopie=False` hands every caller the one kept object: only for values nobody changes (a parsed boundary),
    where copying would cost what keeping saves. `ruimte`: a room of its own, with its own MAXIMUM, for many
    small answers (the allowed transitions per organisation) that would otherwise push the settings out."""
    global _versie, _bewaard
    versie = huidige_versie()
    with _lock:
        if versie != _versie:
            _versie, _bewaard = versie, {}
        kamer = _bewaard.get(ruimte, {})
        if sleutel in kamer:
            opgeslagen = kamer[sleutel]
            return pickle.loads(opgeslagen) if kopie else opgeslagen
    waarde = bereken()
    with _lock:
        if versie == _versie:
            kamer = _bewaard.setdefault(ruimte, {})
            if len(kamer) >= MAXIMUM:
                kamer.clear()  # yesterday's keys (terms per day) go; today's come back at one query each
            kamer[sleutel] = pickle.dumps(waarde, pickle.HIGHEST_PROTOCOL) if kopie else waarde
    return waarde


def verhoog(*_args, **_kwargs) -> None:
    """A setting changed: a new token, written in the caller's transaction (a signal receiver, hence the
    arguments). This request's remembered answers go too."""
    global _versie, _bewaard
    from portal.models import Instellingsversie

    nieuw = secrets.randbits(62)
    if not Instellingsversie.objects.filter(pk=_RIJ).update(versie=nieuw):
        try:
            with transaction.atomic():
                Instellingsversie.objects.create(pk=_RIJ, versie=nieuw)
        except IntegrityError:
            Instellingsversie.objects.filter(pk=_RIJ).update(versie=nieuw)
    verzoekgeheugen.vergeet()
    with _lock:
        _versie, _bewaard = object(), {}


def vergeet_alles() -> None:
    """Forget what this process kept (tests that change settings behind the signals' back)."""
    global _versie, _bewaard
    with _lock:
        _versie, _bewaard = object(), {}


# What the kept answers are made of. An Organisatie is in them too (the concessie's CPO, the gemeente whose
# conditions they are); a saved organisation is rare and costs every process one reload.
_MODELLEN = [
    "portal.Concessie",
    "portal.Servicetermijn",
    "portal.Gelijkstellingsbesluit",
    "portal.GelijkgesteldeDag",
    "portal.Organisatie",
    "aanvragen.Aanvraagvoorwaarden",
    "verkeersbesluiten.Verkeersbesluitbeleid",
]


def verbind() -> None:
    """Connect the receivers (PortalConfig.ready)."""
    from portal.models import Concessie, Organisatie

    for model in _MODELLEN:
        post_save.connect(verhoog, sender=model, dispatch_uid=f"procesgeheugen.opgeslagen.{model}")
        post_delete.connect(verhoog, sender=model, dispatch_uid=f"procesgeheugen.weg.{model}")
    m2m_changed.connect(
        _gemeenten_gewijzigd,
        sender=Concessie.gemeenten.through,
        dispatch_uid="procesgeheugen.concessiegemeenten",
    )
    # A netbeheerder's service area: the gemeente's default netbeheerder is kept too.
    m2m_changed.connect(
        _gemeenten_gewijzigd,
        sender=Organisatie.bediende_gemeenten.through,
        dispatch_uid="procesgeheugen.verzorgingsgebied",
    )


def _gemeenten_gewijzigd(sender, action, **kwargs) -> None:
    if action.startswith("post_"):
        verhoog()
