"""Dates for the verkeersbesluit tests; the approved locations they start from are in tests/conftest.py."""

import datetime as dt

from portal import klok

D = dt.date.fromisoformat


def om(datum: str):
    return klok.vastgezet(dt.datetime.fromisoformat(f"{datum}T10:00:00+00:00"))
