"""A small bar chart as server-side SVG (no script, no style attribute): kWh per month. The page always shows
the same numbers in a table beside it."""

from __future__ import annotations

from dataclasses import dataclass

BREEDTE, HOOGTE, MARGE_LINKS, MARGE_ONDER, MARGE_BOVEN = 640, 220, 48, 28, 12


@dataclass(frozen=True)
class Staaf:
    x: float
    y: float
    breedte: float
    hoogte: float
    label: str
    waarde: float
    label_x: float


def staven(rijen: list[tuple[str, float]]) -> dict:
    """Bars for [(label, value)], scaled to the largest value, with three gridlines."""
    hoogste = max((w for _, w in rijen), default=0) or 1
    bruikbaar_h = HOOGTE - MARGE_ONDER - MARGE_BOVEN
    vak = (BREEDTE - MARGE_LINKS) / max(1, len(rijen))
    uit = []
    for i, (label, waarde) in enumerate(rijen):
        h = bruikbaar_h * waarde / hoogste
        x = MARGE_LINKS + i * vak + vak * 0.15
        uit.append(
            Staaf(
                round(x, 1),
                round(MARGE_BOVEN + bruikbaar_h - h, 1),
                round(vak * 0.7, 1),
                round(h, 1),
                label,
                waarde,
                round(x + vak * 0.35, 1),
            )
        )
    lijnen = [
        {"y": round(MARGE_BOVEN + bruikbaar_h * (1 - f), 1), "waarde": round(hoogste * f)}
        for f in (0, 0.5, 1)
    ]
    return {
        "staven": uit,
        "lijnen": lijnen,
        "breedte": BREEDTE,
        "hoogte": HOOGTE,
        "links": MARGE_LINKS,
        "label_y": HOOGTE - 8,
    }
