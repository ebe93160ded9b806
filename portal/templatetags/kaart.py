"""A Leaflet map without inline script: django-leaflet's {% leaflet_map %} writes a <script> block, which the
Content-Security-Policy (portal.beveiliging) does not run. This tag writes the map's div and its options as a
json_script data block; portal/kaartstart.js starts every such map."""

import json

from django import template
from leaflet.templatetags.leaflet_tags import leaflet_map

register = template.Library()


@register.inclusion_tag("includes/kaart.html")
def kaart(naam: str, callback: str):
    """naam: the div's id; callback: the name of a function on window that gets the map."""
    # Reuse django-leaflet's own option building (tiles, zoom limits, attribution from LEAFLET_CONFIG).
    opties = json.loads(leaflet_map(naam)["djoptions"])
    return {"naam": naam, "callback": callback, "opties": opties, "opties_id": f"{naam}-opties"}
