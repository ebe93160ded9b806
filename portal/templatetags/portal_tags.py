import datetime as dt

from django import template

register = template.Library()

BIJNA_DAGEN = 2


@register.inclusion_tag("includes/termijn.html")
def termijn(datum: dt.date | None, vandaag: dt.date):
    """A due date with its state spelled out, not only coloured (WCAG 1.4.1)."""
    if datum is None:
        return {"datum": None}
    if datum < vandaag:
        return {"datum": datum, "klasse": "te-laat", "label": "te laat"}
    if (datum - vandaag).days <= BIJNA_DAGEN:
        return {"datum": datum, "klasse": "bijna", "label": "binnenkort"}
    return {"datum": datum, "klasse": "", "label": ""}
