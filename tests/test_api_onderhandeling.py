"""portal.apionderhandeling: the common Accept headers decided without parsing, and every choice the one DRF
makes (renderer and media type), for the API's renderers and the public map's."""

import pytest
from django.test import RequestFactory
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.request import Request

from plankaart.api import GeoJSONRenderer
from portal.apijson import JSONRenderer
from portal.apionderhandeling import Onderhandeling

RENDERERS = {
    "api": [JSONRenderer(), BrowsableAPIRenderer()],
    "kaart": [GeoJSONRenderer(), JSONRenderer()],
}
ACCEPT = [
    None,
    "*/*",
    "application/json",
    "application/json; indent=4",
    "application/geo+json",
    "text/html",
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "application/*",
    "image/png",
]


def _keuze(klasse, accept, query, renderers):
    kop = {} if accept is None else {"HTTP_ACCEPT": accept}
    request = Request(RequestFactory().get("/api/v1/locaties/", query, **kop))
    try:
        renderer, soort = klasse().select_renderer(request, renderers)
    except NotAcceptable:
        return "406"
    return type(renderer), soort


@pytest.mark.parametrize("accept", ACCEPT)
@pytest.mark.parametrize("query", [{}, {"format": "json"}, {"format": "api"}, {"nabij": "52.1,5.1"}])
@pytest.mark.parametrize("lijst", sorted(RENDERERS))
def test_dezelfde_keuze_als_drf(accept, query, lijst):
    renderers = RENDERERS[lijst]
    try:
        drf = _keuze(DefaultContentNegotiation, accept, query, renderers)
    except Exception as fout:  # noqa: BLE001 - the same failure (404 for an unknown format) is the answer
        with pytest.raises(type(fout)):
            _keuze(Onderhandeling, accept, query, renderers)
        return
    assert _keuze(Onderhandeling, accept, query, renderers) == drf


def test_het_gewone_geval_parst_niets(monkeypatch):
    """No Accept header, */* or application/json: the first renderer without DRF's parsing."""

    def niet_parsen(*args, **kwargs):
        raise AssertionError("DRF's negotiation was asked")

    monkeypatch.setattr(DefaultContentNegotiation, "select_renderer", niet_parsen)
    for accept in (None, "*/*", "application/json"):
        assert _keuze(Onderhandeling, accept, {}, RENDERERS["api"])[0] is JSONRenderer
    with pytest.raises(AssertionError, match="asked"):
        _keuze(Onderhandeling, "text/html", {}, RENDERERS["api"])
