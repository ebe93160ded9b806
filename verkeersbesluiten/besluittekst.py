"""The text of a verkeersbesluit, from the template the gemeente edits, and the same as a PDF.

The template uses Django's template language on an engine of its own: no file loaders and no tag libraries,
and a context of plain strings, so a template typed in the portal can fill in fields and loop over the
locations but reach nothing else.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError
from django.template.defaulttags import DebugNode
from django.template.loader_tags import ExtendsNode, IncludeNode
from django.utils.translation import gettext as _
from fpdf import FPDF

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


def context(besluit, regels, *, bekendmaking=None, einde=None, vindplaats=None) -> dict:
    """What the template may use: plain strings. `regels` are the decision's Besluitlocatie rows included."""
    bekendmaking = bekendmaking or besluit.bekendmaking_op
    einde = einde or besluit.bezwaartermijn_einde
    return {
        "nummer": besluit.nummer,
        "titel": besluit.titel,
        "gemeente": besluit.gemeente.naam,
        "toelichting": besluit.toelichting,
        "aantal_locaties": str(len(regels)),
        "bekendmaking": datum_lang(bekendmaking) if bekendmaking else "",
        "vindplaats": vindplaats if vindplaats is not None else besluit.vindplaats,
        "bezwaartermijn_einde": datum_lang(einde) if einde else "",
        "locaties": [
            {
                "omschrijving": r.locatie.omschrijving,
                "parkeerplaatsen": str(r.locatie.parkeerplaatsen),
                "laadpunten": str(r.locatie.laadpunten),
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


def pdf(besluit, tekst: str) -> bytes:
    document = FPDF(format="A4")
    document.set_title(_latin1(f"Verkeersbesluit {besluit.nummer}"))
    document.set_author(_latin1(besluit.gemeente.naam))
    document.set_creator("Laadpaalportaal")
    document.set_margins(22, 20, 22)
    document.add_page()
    regels = tekst.splitlines()
    kop = regels[0] if regels else besluit.nummer
    document.set_font("helvetica", "B", 14)
    document.multi_cell(0, 7, _latin1(kop), new_x="LMARGIN", new_y="NEXT")
    document.ln(3)
    document.set_font("helvetica", "", 10.5)
    for regel in regels[1:]:
        if regel.strip():
            document.multi_cell(0, 5.5, _latin1(regel), new_x="LMARGIN", new_y="NEXT")
        else:
            document.ln(3)
    if besluit.status == "concept":
        document.set_font("helvetica", "I", 9)
        document.ln(4)
        document.multi_cell(
            0, 5, _latin1(_("Concept: nog niet gepubliceerd.")), new_x="LMARGIN", new_y="NEXT"
        )
    return bytes(document.output())
