"""Term arithmetic (DESIGN.md 3.2): the objection term, working days and calendar days.

Every calculation returns the date together with how it was reached, in Dutch, so the calculator
page and the `termijn` command explain themselves, and with a warning when it touched a year whose
Royal Decree of equated days is not loaded (the answer may then be a day early).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import dataclass, field

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal import kalender as kalendermodule
from portal.kalender import Kalender

log = logging.getLogger(__name__)

BEZWAARTERMIJN_DAGEN = 42  # Awb 6:7: six weeks
DAG = dt.timedelta(days=1)


def datum_lang(datum: dt.date) -> str:
    """'zaterdag 19 juli 2025'."""
    if type(datum) is dt.date:
        return _datum_lang(datum, translation.get_language())
    return formats.date_format(datum, "l j F Y")  # a datetime: equal instants can fall on different days


@functools.lru_cache(maxsize=4096)
def _datum_lang(datum: dt.date, taal: str | None) -> str:
    # Kept per date and language: a submission writes some twenty dates (its term, the projected steps, the
    # explanations), each through Django's date formatting; the text of a date in a language never changes.
    return formats.date_format(datum, "l j F Y")


@dataclass
class Uitkomst:
    datum: dt.date
    samenvatting: str = ""
    uitleg: list[str] = field(default_factory=list)
    waarschuwingen: list[str] = field(default_factory=list)


def _waarschuw_voor_jaren(uitkomst: Uitkomst, kalender: Kalender, van: dt.date, tot: dt.date) -> None:
    """A calculation over [van, tot] that touches a year without a decree says so, and logs it."""
    jaren = kalender.jaren_zonder_besluit(range(min(van, tot).year, max(van, tot).year + 1))
    for jaar in jaren:
        tekst = _(
            "Voor %(jaar)d zijn nog geen bij Koninklijk Besluit gelijkgestelde dagen geladen "
            "(Algemene termijnenwet art. 3 lid 3). De uitkomst kan te vroeg zijn als zo'n dag meetelt; "
            "vraag de beheerder het besluit voor %(jaar)d in te voeren."
        ) % {"jaar": jaar}
        uitkomst.waarschuwingen.append(tekst)
        log.warning("Termijnberekening raakt %s, waarvoor geen gelijkstellingsbesluit is geladen.", jaar)


def _naar_werkdag(uitkomst: Uitkomst, datum: dt.date, kalender: Kalender) -> tuple[dt.date, list[str]]:
    """A statutory term that ends on a Saturday, Sunday or holiday runs to the next day that is none of
    those, repeatedly (Algemene termijnenwet art. 1). Each day skipped is explained in `uitkomst`."""
    redenen = []
    while (reden := kalender.reden_geen_werkdag(datum)) is not None:
        uitkomst.uitleg.append(
            _("%(datum)s is geen werkdag (%(reden)s): de termijn loopt een dag langer.")
            % {"datum": datum_lang(datum), "reden": reden}
        )
        redenen.append(kalender.feestdag(datum) or _("weekend"))
        datum += DAG
    return datum, redenen


def bezwaartermijn_einde(bekendmaking: dt.date, kalender: Kalender | None = None) -> Uitkomst:
    """Last day to object: six weeks starting the day after bekendmaking (Awb 6:7, 6:8), moved forward
    past Saturdays, Sundays and holidays, repeatedly (Algemene termijnenwet art. 1)."""
    kalender = kalender or kalendermodule.laad()
    zes_weken = bekendmaking + BEZWAARTERMIJN_DAGEN * DAG
    uitkomst = Uitkomst(datum=zes_weken)
    uitkomst.uitleg.append(
        _("Bekendmaking op %(bekendmaking)s; de termijn begint de dag erna, %(start)s (Awb 6:8).")
        % {"bekendmaking": datum_lang(bekendmaking), "start": datum_lang(bekendmaking + DAG)}
    )
    uitkomst.uitleg.append(
        _("Zes weken (42 dagen) na de bekendmaking: %(datum)s.") % {"datum": datum_lang(zes_weken)}
    )
    datum, redenen = _naar_werkdag(uitkomst, zes_weken, kalender)
    uitkomst.datum = datum
    if datum == zes_weken:
        uitkomst.samenvatting = _("42 dagen → %(datum)s") % {"datum": datum_lang(datum)}
    else:
        uitkomst.samenvatting = _("42 dagen → %(zes)s → verschoven naar %(datum)s: %(redenen)s") % {
            "zes": datum_lang(zes_weken),
            "datum": datum_lang(datum),
            "redenen": ", ".join(dict.fromkeys(redenen)),
        }
        uitkomst.uitleg.append(
            _("Laatste dag: %(datum)s (Algemene termijnenwet art. 1).") % {"datum": datum_lang(datum)}
        )
    _waarschuw_voor_jaren(uitkomst, kalender, zes_weken, datum)
    return uitkomst


def werkdagen_na(vanaf: dt.date, aantal: int, kalender: Kalender | None = None) -> Uitkomst:
    """The `aantal`-th working day strictly after `vanaf` (before it when negative); the start day never
    counts. Working days are Monday to Friday minus the holidays and equated days."""
    kalender = kalender or kalendermodule.laad()
    stap = DAG if aantal >= 0 else -DAG
    datum, geteld, overgeslagen = vanaf, 0, []
    while geteld < abs(aantal):
        datum += stap
        reden = kalender.reden_geen_werkdag(datum)
        if reden is None:
            geteld += 1
        elif datum.weekday() < kalendermodule.ZATERDAG:
            overgeslagen.append(f"{datum_lang(datum)} ({reden})")
    uitkomst = Uitkomst(datum=datum)
    richting = _("na") if aantal >= 0 else _("voor")
    uitkomst.samenvatting = ngettext(
        "%(aantal)d werkdag %(richting)s %(vanaf)s → %(datum)s",
        "%(aantal)d werkdagen %(richting)s %(vanaf)s → %(datum)s",
        abs(aantal),
    ) % {"aantal": abs(aantal), "richting": richting, "vanaf": datum_lang(vanaf), "datum": datum_lang(datum)}
    uitkomst.uitleg.append(
        _("De begindag (%(vanaf)s) telt niet mee; zaterdagen en zondagen tellen niet mee.")
        % {"vanaf": datum_lang(vanaf)}
    )
    if overgeslagen:
        uitkomst.uitleg.append(
            _("Overgeslagen feestdagen en gelijkgestelde dagen: %(dagen)s.")
            % {"dagen": "; ".join(overgeslagen)}
        )
    _waarschuw_voor_jaren(uitkomst, kalender, vanaf, datum)
    return uitkomst


def kalenderdagen_na(vanaf: dt.date, aantal: int) -> Uitkomst:
    """`aantal` calendar days after `vanaf`; weekends and holidays count like any other day."""
    datum = vanaf + aantal * DAG
    return Uitkomst(
        datum=datum,
        samenvatting=ngettext(
            "%(aantal)d dag na %(vanaf)s → %(datum)s", "%(aantal)d dagen na %(vanaf)s → %(datum)s", aantal
        )
        % {"aantal": aantal, "vanaf": datum_lang(vanaf), "datum": datum_lang(datum)},
        uitleg=[_("Kalenderdagen: weekenden en feestdagen tellen gewoon mee.")],
    )


# Objections (Awb chapter 6 and 7)

POSTWEEK_DAGEN = 7  # Awb 6:9 lid 2: posted in time and received within a week after the term
BESLISTERMIJN_WEKEN = 6  # Awb 7:10 lid 1
BESLISTERMIJN_COMMISSIE_WEKEN = 12  # Awb 7:10 lid 1, with an advisory committee (art. 7:13)
VERDAGING_WEKEN = 6  # Awb 7:10 lid 3


@dataclass(frozen=True)
class Tijdigheid:
    tijdig: bool
    uitleg: str


def tijdigheid_bezwaar(
    bezwaartermijn_einde: dt.date,
    ontvangen_op: dt.date,
    ter_post_op: dt.date | None = None,
    *,
    bekendmaking: dt.date | None = None,
) -> Tijdigheid:
    """Whether an objection is on time (Awb 6:9): received on or before the last day, or posted on or before
    it and received at most a week later. A late one is not refused by this: Awb 6:11 asks whether the
    objector can reasonably be blamed, which is for a person to judge."""
    waarden = {
        "einde": datum_lang(bezwaartermijn_einde),
        "ontvangen": datum_lang(ontvangen_op),
        "post": datum_lang(ter_post_op) if ter_post_op else "",
        "week": datum_lang(bezwaartermijn_einde + POSTWEEK_DAGEN * DAG),
    }
    if bekendmaking is not None and ontvangen_op <= bekendmaking:
        return Tijdigheid(
            True,
            _(
                "Ontvangen op %(ontvangen)s, voordat de bezwaartermijn begon. Een bezwaar dat te vroeg "
                "binnenkomt is toch ontvankelijk als het besluit toen al was genomen (Awb 6:10): behandel het als "
                "tijdig."
            )
            % waarden,
        )
    if ontvangen_op <= bezwaartermijn_einde:
        return Tijdigheid(
            True, _("Ontvangen op %(ontvangen)s, uiterlijk op de laatste dag (%(einde)s): tijdig.") % waarden
        )
    if ter_post_op is not None and ter_post_op <= bezwaartermijn_einde:
        if ontvangen_op <= bezwaartermijn_einde + POSTWEEK_DAGEN * DAG:
            return Tijdigheid(
                True,
                _(
                    "Op %(post)s ter post bezorgd, voor het einde van de termijn (%(einde)s), en ontvangen op "
                    "%(ontvangen)s, binnen een week daarna (uiterlijk %(week)s): tijdig (Awb 6:9 lid 2)."
                )
                % waarden,
            )
        return Tijdigheid(
            False,
            _(
                "Op tijd ter post bezorgd (%(post)s), maar pas ontvangen op %(ontvangen)s, meer dan een week na "
                "het einde van de termijn (uiterlijk %(week)s): te laat. Beoordeel of de indiener redelijkerwijs "
                "in verzuim is geweest (Awb 6:11)."
            )
            % waarden,
        )
    return Tijdigheid(
        False,
        _(
            "Ontvangen op %(ontvangen)s, na de laatste dag van de bezwaartermijn (%(einde)s): te laat. Beoordeel "
            "of de indiener redelijkerwijs in verzuim is geweest (Awb 6:11)."
        )
        % waarden,
    )


def beslistermijn_bezwaar(
    bezwaartermijn_einde: dt.date,
    *,
    adviescommissie: bool = False,
    verdaagd: bool = False,
    kalender: Kalender | None = None,
) -> Uitkomst:
    """The last day to decide on an objection (Awb 7:10): six weeks, or twelve with an advisory committee,
    counted from the day after the objection term ended, six more when deferred; moved past weekends and
    holidays like every statutory term (Algemene termijnenwet art. 1)."""
    kalender = kalender or kalendermodule.laad()
    weken = BESLISTERMIJN_COMMISSIE_WEKEN if adviescommissie else BESLISTERMIJN_WEKEN
    if verdaagd:
        weken += VERDAGING_WEKEN
    einde = bezwaartermijn_einde + dt.timedelta(weeks=weken)
    uitkomst = Uitkomst(datum=einde)
    uitkomst.uitleg.append(
        _("%(weken)d weken na het einde van de bezwaartermijn (%(einde)s): %(datum)s (Awb 7:10).")
        % {"weken": weken, "einde": datum_lang(bezwaartermijn_einde), "datum": datum_lang(einde)}
    )
    datum, _redenen = _naar_werkdag(uitkomst, einde, kalender)
    uitkomst.datum = datum
    uitkomst.samenvatting = _("Beslissen uiterlijk %(datum)s") % {"datum": datum_lang(datum)}
    _waarschuw_voor_jaren(uitkomst, kalender, einde, datum)
    return uitkomst
