"""The text of a verkeersbesluit, from the template the gemeente edits, and the same as a PDF.

The template uses Django's template language on an engine of its own: no file loaders and no tag libraries,
and a context of plain strings, so a template typed in the portal can fill in fields and loop over the
locations but reach nothing else.
"""

from __future__ import annotations

import io
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError
from django.template.defaulttags import DebugNode
from django.template.loader_tags import ExtendsNode, IncludeNode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from fpdf import FPDF

from portal import klok
from portal.termijnen import datum_lang

_ENGINE = Engine(dirs=[], app_dirs=False, libraries={}, autoescape=False, debug=False)
# Tags that reach beyond the fields: other templates, or the whole context.
_VERBODEN = (IncludeNode, ExtendsNode, DebugNode)


def controleer_sjabloon(sjabloon: str) -> None:
    try:
        template = _ENGINE.from_string(sjabloon)
    except TemplateSyntaxError as fout:
        raise ValidationError({"sjabloon": _("Het sjabloon klopt niet: %(fout)s") % {"fout": fout}}) from fout
    if any(template.nodelist.get_nodes_by_type(soort) for soort in _VERBODEN):
        raise ValidationError(
            {
                "sjabloon": _(
                    "Gebruik in het sjabloon alleen velden, {% if %} en {% for %}; geen include, extends of debug."
                )
            }
        )


def gemeentenaam(gemeente) -> str:
    """'Gemeente Apeldoorn' → 'Apeldoorn': for "het college van burgemeester en wethouders van Apeldoorn"."""
    naam = gemeente.naam.strip()
    for voorvoegsel in ("Gemeente ", "gemeente "):
        if naam.startswith(voorvoegsel):
            return naam[len(voorvoegsel) :].strip()
    return naam


def context(besluit, regels, *, bekendmaking=None, einde=None, vindplaats=None, beleid=None) -> dict:
    """What the template may use: plain strings. `regels` are the decision's Besluitlocatie rows included."""
    from verkeersbesluiten.models import (
        STANDAARD_BORD,
        STANDAARD_FUNCTIE,
        STANDAARD_ONDERBORD,
        Verkeersbesluitbeleid,
    )

    beleid = beleid or Verkeersbesluitbeleid.voor(besluit.gemeente)
    bekendmaking = bekendmaking or besluit.bekendmaking_op
    einde = einde or besluit.bezwaartermijn_einde
    kort = gemeentenaam(besluit.gemeente)
    return {
        "nummer": besluit.nummer,
        "titel": besluit.titel,
        "gemeente": besluit.gemeente.naam,
        "gemeentenaam": kort,
        "plaats": beleid.plaats or kort,
        "datum": datum_lang(bekendmaking or klok.vandaag()),
        "bord": beleid.bord or STANDAARD_BORD,
        "onderbord": beleid.onderbord or STANDAARD_ONDERBORD,
        "ondertekenaar": beleid.ondertekenaar or _("(naam van de gemandateerde ambtenaar)"),
        "functie": beleid.functie or STANDAARD_FUNCTIE,
        "toelichting": besluit.toelichting,
        "aantal_locaties": str(len(regels)),
        "locaties_tekst": ngettext("%(n)d locatie", "%(n)d locaties", len(regels)) % {"n": len(regels)},
        "bekendmaking": datum_lang(bekendmaking) if bekendmaking else "",
        "vindplaats": vindplaats if vindplaats is not None else besluit.vindplaats,
        "bezwaartermijn_einde": datum_lang(einde) if einde else "",
        "locaties": [
            {
                "omschrijving": r.locatie.omschrijving,
                "parkeerplaatsen": str(r.locatie.parkeerplaatsen),
                "parkeerplaatsen_tekst": ngettext(
                    "%(n)d parkeerplaats", "%(n)d parkeerplaatsen", r.locatie.parkeerplaatsen
                )
                % {"n": r.locatie.parkeerplaatsen},
                "laadpunten": str(r.locatie.laadpunten),
                "laadpunten_tekst": ngettext("%(n)d laadpunt", "%(n)d laadpunten", r.locatie.laadpunten)
                % {"n": r.locatie.laadpunten},
                "rd": f"{r.locatie.rd_x:.0f}, {r.locatie.rd_y:.0f}",
                "wgs84": f"{r.locatie.lat:.6f}, {r.locatie.lon:.6f}",
                "motivering": r.motivering,
            }
            for r in regels
        ],
    }


def render(sjabloon: str, waarden: dict) -> str:
    controleer_sjabloon(sjabloon)
    tekst = _ENGINE.from_string(sjabloon).render(Context(waarden, autoescape=False))
    # Empty lines left by template tags: at most one blank line in a row.
    regels, vorige_leeg = [], False
    for regel in tekst.splitlines():
        leeg = not regel.strip()
        if not (leeg and vorige_leeg):
            regels.append(regel.rstrip())
        vorige_leeg = leeg
    return "\n".join(regels).strip() + "\n"


# The PDF: the standard PDF fonts know Western European letters (Latin-1), so typographic quotes and dashes
# become their plain forms and anything else outside Latin-1 is written without its accent.
_VERVANGEN = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "→": "->"}
)


def _latin1(tekst: str) -> str:
    tekst = tekst.translate(_VERVANGEN)
    if all(ord(teken) < 256 for teken in tekst):
        return tekst
    zonder = unicodedata.normalize("NFKD", tekst)
    return "".join(t for t in zonder if ord(t) < 256 and not unicodedata.combining(t))


# Headings of the standard template (and of most municipal decisions): printed in bold.
_KOPPEN = re.compile(
    r"^(Overwegingen|Wettelijke grondslag|Besluit|Artikel \d+[a-z]?|Bezwaar|Ondertekening|Bijlage.*)$"
)
KAART_MM = 34  # the side of the small map per location
KAART_M = 120  # metres across that map


def pdf(besluit, tekst: str, regels=()) -> bytes:
    """The decision as a document: letterhead with the gemeente's logo and name, the text with its headings,
    and an annex with a table of the locations (street, parking spaces, charging points) and a small map
    per location drawn from its RD coordinates (no map service: the PDF is made offline)."""
    document = FPDF(format="A4")
    document.set_title(_latin1(f"Verkeersbesluit {besluit.nummer}"))
    document.set_author(_latin1(besluit.gemeente.naam))
    document.set_creator("Laadpaalportaal")
    document.set_margins(22, 20, 22)
    document.set_auto_page_break(True, margin=20)
    document.add_page()
    _briefhoofd(document, besluit.gemeente)
    regels_tekst = tekst.splitlines()
    kop = regels_tekst[0] if regels_tekst else besluit.nummer
    document.set_font("helvetica", "B", 14)
    document.multi_cell(0, 7, _latin1(kop), new_x="LMARGIN", new_y="NEXT")
    document.ln(3)
    for regel in regels_tekst[1:]:
        if not regel.strip():
            document.ln(3)
            continue
        vet = bool(_KOPPEN.match(regel.strip()))
        document.set_font("helvetica", "B" if vet else "", 10.5)
        document.multi_cell(0, 5.5, _latin1(regel), new_x="LMARGIN", new_y="NEXT")
    if besluit.status == "concept":
        document.set_font("helvetica", "I", 9)
        document.ln(4)
        document.multi_cell(
            0, 5, _latin1(_("Concept: nog niet gepubliceerd.")), new_x="LMARGIN", new_y="NEXT"
        )
    if regels:
        _bijlage(document, besluit, list(regels))
    return bytes(document.output())


def _briefhoofd(document: FPDF, gemeente) -> None:
    """The gemeente's logo (uploaded in the admin) at the left, its name beside it."""
    begin_y = document.get_y()
    links = document.l_margin
    logo = getattr(gemeente, "logo", None)
    if logo:
        try:
            with logo.open("rb") as bestand:
                document.image(io.BytesIO(bestand.read()), x=links, y=begin_y, h=16)
            links += 40
        except (OSError, ValueError, RuntimeError):
            pass  # a logo that cannot be read leaves only the name; the decision itself stays valid
    document.set_xy(links, begin_y + 4)
    document.set_font("helvetica", "B", 13)
    document.cell(0, 8, _latin1(gemeente.naam), new_x="LMARGIN", new_y="NEXT")
    document.set_y(max(document.get_y(), begin_y + 18))
    document.set_draw_color(150, 150, 150)
    document.line(document.l_margin, document.get_y(), document.w - document.r_margin, document.get_y())
    document.ln(6)


def _bijlage(document: FPDF, besluit, regels) -> None:
    document.add_page()
    document.set_font("helvetica", "B", 13)
    document.multi_cell(
        0,
        7,
        _latin1(_("Bijlage bij verkeersbesluit %(nummer)s: de locaties") % {"nummer": besluit.nummer}),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    document.ln(2)
    breedtes = (10, 66, 24, 22, KAART_MM + 4)
    koppen = (_("Nr."), _("Straat en plek"), _("Parkeer-\nplaatsen"), _("Laad-\npunten"), _("Kaart"))
    document.set_font("helvetica", "B", 9)
    y = document.get_y()
    x = document.l_margin
    for breedte, kop in zip(breedtes, koppen, strict=True):
        document.set_xy(x, y)
        document.multi_cell(breedte, 4.5, _latin1(kop), border="B")
        x += breedte
    document.set_y(y + 10)
    buren = _buren(besluit, regels)
    for nummer, regel in enumerate(regels, 1):
        locatie = regel.locatie
        hoogte = KAART_MM + 4
        if document.get_y() + hoogte > document.h - document.b_margin:
            document.add_page()
        y = document.get_y()
        x = document.l_margin
        document.set_font("helvetica", "", 9.5)
        teksten = (
            str(nummer),
            f"{locatie.omschrijving}\nRD {locatie.rd_x:.0f}, {locatie.rd_y:.0f}",
            str(locatie.parkeerplaatsen),
            str(locatie.laadpunten),
        )
        for breedte, inhoud in zip(breedtes[:4], teksten, strict=True):
            document.set_xy(x, y + 1)
            document.multi_cell(breedte, 4.8, _latin1(inhoud))
            x += breedte
        _kaartje(document, x + 2, y + 2, locatie, buren.get(locatie.pk, []))
        document.set_draw_color(200, 200, 200)
        document.line(document.l_margin, y + hoogte, document.w - document.r_margin, y + hoogte)
        document.set_y(y + hoogte + 1)
    document.ln(2)
    document.set_font("helvetica", "I", 8.5)
    document.multi_cell(
        0,
        4.5,
        _latin1(
            _(
                "Kaartjes: de locatie in het midden (zwart), andere laadlocaties in de buurt (grijs); rasterlijnen "
                "om de %(raster)d meter, het noorden boven."
            )
            % {"raster": KAART_M // 4}
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )


def _buren(besluit, regels) -> dict[int, list[tuple[float, float]]]:
    """Other locations of the gemeente inside each small map, from one query over the bounding box of all."""
    from plankaart.models import Locatie

    if not regels:
        return {}
    half = KAART_M / 2
    xs = [r.locatie.rd_x for r in regels]
    ys = [r.locatie.rd_y for r in regels]
    rijen = list(
        Locatie.objects.filter(
            gemeente=besluit.gemeente,
            rd_x__range=(min(xs) - half, max(xs) + half),
            rd_y__range=(min(ys) - half, max(ys) + half),
        )
        .exclude(status="vervallen")
        .values_list("pk", "rd_x", "rd_y")[:2000]
    )
    uitkomst = {}
    for regel in regels:
        loc = regel.locatie
        uitkomst[loc.pk] = [
            (x - loc.rd_x, y - loc.rd_y)
            for pk, x, y in rijen
            if pk != loc.pk and abs(x - loc.rd_x) <= half and abs(y - loc.rd_y) <= half
        ]
    return uitkomst


def _kaartje(document: FPDF, x: float, y: float, locatie, buren) -> None:
    """A square map: grid every quarter, the location as a black marker in the middle, its neighbours grey,
    north up, with a scale bar."""
    zijde = KAART_MM
    schaal = zijde / KAART_M  # mm per metre
    document.set_draw_color(120, 120, 120)
    document.set_fill_color(245, 245, 240)
    document.rect(x, y, zijde, zijde, style="DF")
    document.set_draw_color(210, 210, 210)
    for stap in range(1, 4):
        document.line(x + stap * zijde / 4, y, x + stap * zijde / 4, y + zijde)
        document.line(x, y + stap * zijde / 4, x + zijde, y + stap * zijde / 4)
    midden_x, midden_y = x + zijde / 2, y + zijde / 2
    document.set_fill_color(150, 150, 150)
    for dx, dy in buren:
        document.circle(x=midden_x + dx * schaal, y=midden_y - dy * schaal, radius=0.9, style="F")
    document.set_fill_color(0, 0, 0)
    document.circle(x=midden_x, y=midden_y, radius=1.6, style="F")
    document.set_draw_color(0, 0, 0)
    balk = (KAART_M // 4) * schaal
    document.line(x + 2, y + zijde - 2, x + 2 + balk, y + zijde - 2)
    document.set_font("helvetica", "", 6)
    document.set_xy(x + 2, y + zijde - 5.5)
    document.cell(balk, 3, f"{KAART_M // 4} m", align="C")
    document.set_font("helvetica", "B", 7)
    document.set_xy(x + zijde - 5, y + 1)
    document.cell(4, 3, "N", align="C")
