"""Charts for the dashboard, drawn on the server as SVG (no script, no CDN: they work offline and print).

A chart is data plus geometry; the template draws it (templates/kengetallen/_grafiek.html) with Django's
escaping, so no text from the database ever reaches the page as markup. Every chart is a set of horizontal
bars with its value written beside each bar (not colour alone), a second series is hatched as well as
lighter, each bar that stands for cases links to them, and the same numbers follow as a table with a CSV
download.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LABELBREEDTE = 190
STAAFBREEDTE = 330
BREEDTE = LABELBREEDTE + STAAFBREEDTE + 70
STAAFHOOGTE = 18
TUSSENRUIMTE = 10
MARGE = 8
MAX_LABEL = 24  # fits LABELBREEDTE at 13 px; the full label is in the table

# Series: fill and whether hatched. Contrast ≥ 3:1 against white for both (WCAG 1.4.11).
SERIES = (
    {"kleur": "#154273", "gearceerd": False},
    {"kleur": "#8f5d00", "gearceerd": True},
)


@dataclass
class Staaf:
    serie: int
    waarde: float
    x: float
    y: float
    breedte: float
    tekst: str
    vulling: str = ""
    rand: str = ""

    @property
    def tekst_x(self) -> float:
        return round(self.x + self.breedte + 6, 1)

    @property
    def tekst_y(self) -> float:
        return round(self.y + 13, 1)


@dataclass
class Groep:
    label: str
    kort: str
    y_label: float
    staven: list[Staaf]
    link: str = ""
    linktekst: str = ""


@dataclass
class Grafiek:
    sleutel: str
    titel: str
    samenvatting: str  # the text alternative: what the chart shows in one or two sentences
    kolommen: list[str]
    rijen: list[list]
    groepen: list[Groep] = field(default_factory=list)
    series: list[dict] = field(default_factory=list)
    hoogte: float = 0
    breedte: int = BREEDTE
    labelbreedte: int = LABELBREEDTE
    eenheid: str = ""
    csv_url: str = ""
    leeg: bool = False
    # The table: [{"cellen": [...], "link": str, "linktekst": str, "label": str}]
    tabel: list[dict] = field(default_factory=list)
    met_links: bool = False


def _kort(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def _tekst(waarde: float, eenheid: str) -> str:
    getal = f"{waarde:.0f}" if float(waarde).is_integer() else f"{waarde:.1f}".replace(".", ",")
    return f"{getal}{eenheid}"


def staafdiagram(
    sleutel: str,
    titel: str,
    samenvatting: str,
    items: list[dict],
    *,
    series: list[str],
    kolommen: list[str],
    rijen: list[list],
    eenheid: str = "",
) -> Grafiek:
    """`items`: [{"label", "waarden": [one number per series], "link"?, "linktekst"?}]."""
    grootste = max((w for item in items for w in item["waarden"] if w is not None), default=0) or 1
    groepen, y = [], MARGE
    for item in items:
        staven = []
        for serie, waarde in enumerate(item["waarden"]):
            waarde = waarde or 0
            stijl = SERIES[serie % len(SERIES)]
            staven.append(
                Staaf(
                    serie=serie,
                    waarde=waarde,
                    x=LABELBREEDTE,
                    y=y + serie * STAAFHOOGTE,
                    breedte=round(max(STAAFBREEDTE * waarde / grootste, 1 if waarde else 0), 1),
                    tekst=_tekst(waarde, eenheid),
                    vulling=f"url(#arcering-{sleutel})" if stijl["gearceerd"] else stijl["kleur"],
                    rand=stijl["kleur"],
                )
            )
        hoogte = STAAFHOOGTE * len(series)
        groepen.append(
            Groep(
                label=item["label"],
                kort=_kort(item["label"]),
                y_label=round(y + hoogte / 2 + 5, 1),
                staven=staven,
                link=item.get("link", ""),
                linktekst=item.get("linktekst", ""),
            )
        )
        y += hoogte + TUSSENRUIMTE
    # One table row per item when they match one to one (then each row links to its cases).
    gekoppeld = len(rijen) == len(items)
    tabel = [
        {
            "cellen": list(zip(kolommen, rij, strict=False)),
            "link": items[i].get("link", "") if gekoppeld else "",
            "linktekst": items[i].get("linktekst", "") if gekoppeld else "",
            "label": items[i]["label"] if gekoppeld else "",
        }
        for i, rij in enumerate(rijen)
    ]
    return Grafiek(
        sleutel=sleutel,
        tabel=tabel,
        met_links=any(r["link"] for r in tabel),
        titel=titel,
        samenvatting=samenvatting,
        kolommen=kolommen,
        rijen=rijen,
        groepen=groepen,
        series=[{"naam": naam, **SERIES[i % len(SERIES)], "index": i} for i, naam in enumerate(series)],
        hoogte=round(y + MARGE, 1),
        eenheid=eenheid,
        leeg=not items,
    )
