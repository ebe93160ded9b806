"""The legal calendar of the Algemene termijnenwet (Atw): which days are no working days.

Art. 3 lid 1 and 2 fix the generally recognised holidays; they are computed here by rule. Art. 3 lid 3
lets the Crown equate further days by Royal Decree (usually the Friday after Hemelvaartsdag); those are
data an administrator keeps in the admin (portal.models.Gelijkstellingsbesluit). The `holidays`
package is deliberately not used: it has no decree days and only lustrum years for 5 May.

A year without a loaded decree is never guessed: the calendar reports it, so a calculation can warn.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from dateutil.easter import EASTER_WESTERN, easter
from django.utils import translation
from django.utils.translation import gettext as _

ZATERDAG, ZONDAG = 5, 6
# From 2014 the King's birthday (27 April); before that the Queen's day (30 April) as celebrated from 1980.
EERSTE_KONINGSDAG = 2014
EERSTE_ONDERSTEUNDE_JAAR = 1980


def koningsdag(jaar: int) -> dt.date:
    """The day the King's birthday is celebrated: moved one day earlier when it falls on a Sunday."""
    dag = dt.date(jaar, 4, 27) if jaar >= EERSTE_KONINGSDAG else dt.date(jaar, 4, 30)
    return dag - dt.timedelta(days=1) if dag.weekday() == ZONDAG else dag


def wettelijke_feestdagen(jaar: int) -> Mapping[dt.date, str]:
    """Atw art. 3 lid 1 and 2 for one year: date → name (two holidays on one day share it). Read only: worked
    out once per year and language, since a term's end date asks it for every day it counts."""
    if jaar < EERSTE_ONDERSTEUNDE_JAAR:
        raise ValueError(f"Jaren voor {EERSTE_ONDERSTEUNDE_JAAR} worden niet ondersteund.")
    return _feestdagen(jaar, translation.get_language())


@functools.lru_cache(maxsize=256)
def _feestdagen(jaar: int, _taal: str | None) -> Mapping[dt.date, str]:
    pasen = easter(jaar, EASTER_WESTERN)
    dag = dt.timedelta(days=1)
    regels = [
        (dt.date(jaar, 1, 1), _("Nieuwjaarsdag")),
        (pasen - 2 * dag, _("Goede Vrijdag")),
        (pasen + dag, _("Tweede Paasdag")),
        (koningsdag(jaar), _("Koningsdag") if jaar >= EERSTE_KONINGSDAG else _("Koninginnedag")),
        (dt.date(jaar, 5, 5), _("5 mei (Bevrijdingsdag)")),
        (pasen + 39 * dag, _("Hemelvaartsdag")),
        (pasen + 50 * dag, _("Tweede Pinksterdag")),
        (dt.date(jaar, 12, 25), _("Eerste Kerstdag")),
        (dt.date(jaar, 12, 26), _("Tweede Kerstdag")),
    ]
    dagen: dict[dt.date, str] = {}
    for datum, naam in regels:
        # Hemelvaartsdag can fall on 5 May (2016, 2078): one day, both names.
        dagen[datum] = f"{dagen[datum]} en {naam}" if datum in dagen else naam
    return MappingProxyType(dagen)


@dataclass(frozen=True)
class Kalender:
    """A snapshot of the calendar: the decree days and the years whose decree is loaded."""

    gelijkgesteld: Mapping[dt.date, str]
    besluitjaren: frozenset[int]

    def feestdag(self, datum: dt.date) -> str | None:
        """The name of the holiday or equated day on `datum`, if any."""
        if datum in self.gelijkgesteld:
            return _("%(omschrijving)s, bij Koninklijk Besluit gelijkgesteld met een feestdag") % {
                "omschrijving": self.gelijkgesteld[datum]
            }
        return wettelijke_feestdagen(datum.year).get(datum)

    def reden_geen_werkdag(self, datum: dt.date) -> str | None:
        """Why `datum` is no working day (weekend or holiday), or None when it is one."""
        feestdag = self.feestdag(datum)
        if feestdag:
            return feestdag
        if datum.weekday() == ZATERDAG:
            return _("zaterdag")
        if datum.weekday() == ZONDAG:
            return _("zondag")
        return None

    def is_werkdag(self, datum: dt.date) -> bool:
        return self.reden_geen_werkdag(datum) is None

    def jaren_zonder_besluit(self, jaren: Iterable[int]) -> list[int]:
        """Years among `jaren` for which no decree list is loaded: their equated days are unknown."""
        return sorted(set(jaren) - self.besluitjaren)


def laad() -> Kalender:
    """The calendar as the administrator keeps it now: kept per process until a decree or an equated day changes
    (portal.procesgeheugen), else two small queries."""
    from portal import procesgeheugen

    return procesgeheugen.onthoud(("kalender",), _uit_database)


def _uit_database() -> Kalender:
    from portal.models import GelijkgesteldeDag, Gelijkstellingsbesluit

    return Kalender(
        gelijkgesteld=dict(GelijkgesteldeDag.objects.values_list("datum", "omschrijving")),
        besluitjaren=frozenset(Gelijkstellingsbesluit.objects.values_list("jaar", flat=True)),
    )
