"""Percentiles from a distribution of whole days, as PostgreSQL's percentile_cont computes them.

The figures group rows by their day count in SQL (one GROUP BY, the same on SQLite and PostgreSQL) and read
the percentiles from that distribution here: exact, and the number of groups is bounded by the days.
"""

from __future__ import annotations

import math
from collections.abc import Iterable


def percentiel(verdeling: Iterable[tuple[float, int]], p: float) -> float | None:
    """The p-th quantile (0..1) of values given as (value, count) pairs, with linear interpolation between
    the two nearest ranks (percentile_cont). None for no values."""
    paren = sorted((waarde, aantal) for waarde, aantal in verdeling if aantal)
    totaal = sum(aantal for _, aantal in paren)
    if totaal == 0:
        return None
    positie = p * (totaal - 1)
    onder, boven = math.floor(positie), math.ceil(positie)
    waarde_onder = waarde_boven = None
    gezien = 0
    for waarde, aantal in paren:
        if waarde_onder is None and onder < gezien + aantal:
            waarde_onder = waarde
        if boven < gezien + aantal:
            waarde_boven = waarde
            break
        gezien += aantal
    # Days to two decimals: enough for a figure, and free of float noise (3.2000000000000006).
    return round(float(waarde_onder + (waarde_boven - waarde_onder) * (positie - onder)), 2)


def mediaan(verdeling: Iterable[tuple[float, int]]) -> float | None:
    return percentiel(verdeling, 0.5)
