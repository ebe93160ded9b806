"""The one CSV writer for every export, safe to open in a spreadsheet (OWASP "CSV injection").

A spreadsheet runs a cell that starts with =, +, -, @, a tab or a carriage return as a formula, so a
location described as `=HYPERLINK("https://…")` would become a link (or worse) on a colleague's screen. Every
text cell that starts with one of those characters gets a leading apostrophe, which spreadsheets show as
nothing and treat as "this is text".

Numbers are data, not formulas: a value passed as int, float or Decimal (a coordinate such as -0.5) is
written as it is. Pass numbers as numbers, text as text; a number that arrives as text ("-0.5") is
prefixed like any other text, as OWASP advises. `herstel` undoes the prefix, so the importer reads back
what the exporter wrote.
"""

from __future__ import annotations

import csv
import decimal
import numbers

GEVAARLIJK = ("=", "+", "-", "@", "\t", "\r")
VOORVOEGSEL = "'"


def neutraliseer(waarde):
    """A cell value that no spreadsheet will evaluate."""
    if waarde is None:
        return ""
    if isinstance(waarde, bool):
        return str(waarde)
    if isinstance(waarde, numbers.Number | decimal.Decimal):
        return waarde
    tekst = str(waarde)
    if tekst.startswith(GEVAARLIJK):
        return VOORVOEGSEL + tekst
    return tekst


def herstel(tekst: str) -> str:
    """The text as it was before `neutraliseer`: strip the apostrophe only where this module put one."""
    if tekst.startswith(VOORVOEGSEL) and tekst[1:2] and tekst[1:].startswith(GEVAARLIJK):
        return tekst[1:]
    return tekst


class _Schrijver:
    def __init__(self, uit, **opties):
        self._schrijver = csv.writer(uit, **opties)

    def writerow(self, rij):
        return self._schrijver.writerow([neutraliseer(w) for w in rij])

    def writerows(self, rijen):
        for rij in rijen:
            self.writerow(rij)


def writer(uit, **opties) -> _Schrijver:
    """Like csv.writer, with every cell neutralised."""
    return _Schrijver(uit, **opties)
