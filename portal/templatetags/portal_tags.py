import datetime as dt

from django import template

from portal.servicetermijnen import Peil

register = template.Library()


@register.inclusion_tag("includes/termijn.html")
def termijn(datum: dt.date | None, peil: Peil):
    """A due date with its state spelled out, not only coloured (WCAG 1.4.1)."""
    if not datum:  # no running term (None, or an empty lookup in the template)
        return {"datum": None}
    if datum < peil.vandaag:
        return {"datum": datum, "klasse": "te-laat", "label": "te laat"}
    if datum <= peil.binnenkort_tot:
        return {"datum": datum, "klasse": "bijna", "label": "binnenkort"}
    return {"datum": datum, "klasse": "", "label": ""}
