"""The Content-Security-Policy (portal.beveiliging) on every HTML page, and pages that live within it: no
inline script, no style attributes of our own."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from plankaart import kaart
from portal.beveiliging import ContentSecurityPolicyMiddleware
from portal.models import Gebruiker
from verkeersbesluiten.models import Verkeersbesluit

pytestmark = pytest.mark.django_db


def beleid(response) -> dict[str, list[str]]:
    kop = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in kop.split(";") if d.strip()}


class Scripts(HTMLParser):
    """Collects <script> tags that would run inline code and elements with a style attribute."""

    def __init__(self):
        super().__init__()
        self.inline, self.stijl, self._open = [], [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "style" in a:
            self.stijl.append((tag, a["style"]))
        if tag == "script" and "src" not in a and a.get("type") != "application/json":
            self._open = ""

    def handle_data(self, data):
        if self._open is not None:
            self._open += data

    def handle_endtag(self, tag):
        if tag == "script" and self._open is not None:
            self.inline.append(self._open.strip()[:80])
            self._open = None


def controleer(response, url, *, eigen_pagina=True):
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"].startswith("text/html"), url
    b = beleid(response)
    assert b["script-src"] == ["'self'"], url
    assert b["default-src"] == ["'self'"] and b["object-src"] == ["'none'"], url
    assert b["frame-ancestors"] == ["'none'"] and b["base-uri"] == ["'self'"], url
    assert b["form-action"] == ["'self'"], url
    assert "'unsafe-inline'" not in " ".join(b["script-src"] + b["default-src"]), url
    assert "https://service.pdok.nl" in b["img-src"] and "data:" in b["img-src"], url
    p = Scripts()
    p.feed(response.content.decode())
    assert p.inline == [], (url, p.inline)
    if eigen_pagina:
        assert b["style-src"] == ["'self'"], url
        assert p.stijl == [], (url, p.stijl)


def pagina_s(client, gebruiker, urls):
    client.force_login(gebruiker)
    for url in urls:
        controleer(client.get(url, follow=True), url)
    client.logout()


def test_publieke_paginas_en_inloggen(client, wereld, locatie_op):
    locatie_op(100, status="definitief")
    for naam in ["start", "kaart", "login", "registreren", "password_reset", "toegankelijkheid"]:
        controleer(client.get(reverse(naam)), naam)


def test_paginas_van_elke_rol(client, wereld, definitief, dien_in):
    (plek, aanvraag), *_ = definitief(1)
    open_aanvraag = dien_in(aanvrager=wereld.erijder2)
    besluit = Verkeersbesluit.objects.get()
    pagina_s(
        client,
        wereld.erijder,
        ["/", "/aanvragen/", "/aanvragen/nieuw/", f"/aanvragen/{aanvraag.pk}/", "/berichten/", "/kaart/"],
    )
    gemeente = [
        "/",
        "/aanvragen/werklijst/",
        f"/aanvragen/{open_aanvraag.pk}/behandelen/",
        "/aanvragen/locatie-aanvragen/",
        "/plankaart/",
        "/plankaart/werklijst/",
        f"/plankaart/locaties/{plek.pk}/",
        "/verkeersbesluiten/",
        "/verkeersbesluiten/beleid/",
        f"/verkeersbesluiten/{besluit.pk}/",
        "/realisatie/",
        "/termijnen/",
    ]
    pagina_s(client, wereld.gemeente_a_mw, gemeente)
    pagina_s(
        client,
        wereld.cpo_mw,
        [
            "/",
            "/aanvragen/werklijst/",
            f"/aanvragen/{open_aanvraag.pk}/behandelen/",
            "/plankaart/werklijst/",
            f"/plankaart/locaties/{plek.pk}/",
            "/realisatie/",
            "/realisatie/netaansluitingen/",
            "/realisatie/batches/",
        ],
    )
    pagina_s(
        client,
        wereld.netbeheerder_mw,
        [
            "/",
            "/plankaart/werklijst/",
            "/realisatie/",
            "/realisatie/netaansluitingen/",
            "/realisatie/batches/",
        ],
    )
    pagina_s(client, wereld.provincie_mw, ["/", "/realisatie/"])


def test_kaartpagina_zonder_inline_script(client, wereld, dien_in, locatie_op):
    """The CPO's location page draws its map through {% kaart %} and kaartstart.js, not an inline script."""
    from aanvragen import services as aanvraagservices

    aanvraag = aanvraagservices.goedkeuren(dien_in(), wereld.cpo_mw)
    locatie_op(120)
    client.force_login(wereld.cpo_mw)
    url = reverse("plankaart:locatie_bepalen", args=[aanvraag.pk])
    response = client.get(url)
    controleer(response, url)
    html = response.content.decode()
    assert 'data-kaart-opties="bepaalkaart-opties"' in html and 'data-kaart-callback="bepaalKaart"' in html
    assert '<script id="bepaalkaart-opties" type="application/json">' in html
    assert "portal/kaartstart" in html


def test_beheer_en_api(client, wereld, dien_in):
    dien_in()
    client.force_login(Gebruiker.objects.create_superuser("beheer@example.nl", "x", naam="Beheer"))
    for url in ["/admin/", "/admin/aanvragen/aanvraag/", "/admin/rechten/", "/admin/portal/gebruiker/add/"]:
        controleer(client.get(url), url)
    # The browsable API: DRF's templates carry style attributes and a <style> block; inline styles there only.
    response = client.get("/api/v1/aanvragen/", HTTP_ACCEPT="text/html")
    controleer(response, "api", eigen_pagina=False)
    assert beleid(response)["style-src"] == ["'self'", "'unsafe-inline'"]
    # Swagger UI: the split view loads its start script from a URL.
    response = client.get("/api/v1/schema/docs/")
    controleer(response, "docs")
    assert "?script=" in response.content.decode()
    # Redoc alone may add style elements at run time and a blob: worker.
    response = client.get("/api/v1/schema/redoc/")
    controleer(response, "redoc", eigen_pagina=False)
    assert beleid(response)["style-src"] == ["'self'", "'unsafe-inline'"]
    assert beleid(response)["worker-src"] == ["blob:"]
    assert beleid(response)["img-src"][-1] == "https://cdn.redoc.ly"
    assert beleid(response)["script-src"] == ["'self'"]


def test_geen_kop_op_json_en_bestaande_kop_blijft():
    rf = RequestFactory()
    from django.http import HttpResponse, JsonResponse

    mw = ContentSecurityPolicyMiddleware(lambda r: JsonResponse({"a": 1}))
    assert "Content-Security-Policy" not in mw(rf.get("/"))
    eigen = HttpResponse("x")
    eigen["Content-Security-Policy"] = "default-src 'none'"
    mw = ContentSecurityPolicyMiddleware(lambda r: eigen)
    assert mw(rf.get("/"))["Content-Security-Policy"] == "default-src 'none'"


def test_img_src_volgt_de_tegelhost(settings):
    settings.LEAFLET_CONFIG = {
        **settings.LEAFLET_CONFIG,
        "TILES": [("x", "https://tegels.example/{z}/{x}/{y}.png", {})],
    }
    from django.http import HttpResponse

    mw = ContentSecurityPolicyMiddleware(lambda r: HttpResponse("<p>x</p>"))
    assert (
        "img-src 'self' data: https://tegels.example;"
        in mw(RequestFactory().get("/"))["Content-Security-Policy"]
    )


def test_elke_legendakleur_heeft_een_css_regel():
    """The legend uses classes instead of style attributes; the colours in the CSS are those of the map."""
    css = (settings.BASE_DIR / "portal/static/portal/portal.css").read_text()
    for c in kaart.CATEGORIEEN:
        regel = re.search(r"\.stip--" + c.sleutel + r" \{ background: (#[0-9a-f]{6}); \}", css)
        assert regel and regel.group(1) == c.kleur.lower(), c.sleutel


def test_geen_html_uit_tekst_in_de_scripts_en_geen_inline_script_in_templates():
    """Cheap guards beside the browser test: the portal's scripts build text nodes, never HTML strings, and no
    template brings back django-leaflet's inline map script, an inline <script> or a style attribute."""
    scripts = sorted((settings.BASE_DIR / "portal/static/portal").glob("*.js"))
    assert scripts
    for pad in scripts:
        code = pad.read_text()
        for gevaar in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert gevaar not in code, (pad.name, gevaar)
        # Leaflet reads a string tooltip or popup as HTML: only elements made by the text helpers go in.
        for aanroep in re.findall(
            r"(?:bindTooltip|bindPopup|setPopupContent|setTooltipContent)\(([^)]*)", code
        ):
            assert re.match(r"(window\.alsTekst|tekst)\(|(link|div)$", aanroep), (pad.name, aanroep)
    # The one text helper lives in kaartstart.js, which every map page loads.
    assert "window.alsTekst = function" in (settings.BASE_DIR / "portal/static/portal/kaartstart.js").read_text()
    for pad in sorted((settings.BASE_DIR / "templates").rglob("*.html")):
        html = pad.read_text()
        assert "leaflet_map" not in html, pad
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html), pad
        assert not re.search(r"\sstyle=", html), pad
