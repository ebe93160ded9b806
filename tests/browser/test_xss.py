"""Stored script across organisations: text one party typed, shown on another party's pages, stays text.

Every text field below gets markup that would run if a page or a map script put it into the DOM as HTML. The
pages of the other roles are opened in real Chromium with a dialog handler: no alert may fire, the markup must
appear literally (as text), no <img> may appear inside map tooltips or popups, and the console must show no
Content-Security-Policy violation (the pages work within portal.beveiliging's policy)."""

import datetime as dt

import pytest

from aanvragen import services as aanvraagservices
from plankaart import services as plankaartservices
from plankaart.models import Locatie
from portal.models import Gebruiker
from tests.browser.test_plankaart import inloggen
from tests.conftest import IN_A, WACHTWOORD, om, punt_bij
from verkeersbesluiten import services as besluitservices

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

X = "<img src=x onerror=alert(1)><script>alert(1)</script>"


def bij(noord_m: float) -> dict:
    """The pin of a request `noord_m` metres north of the default one."""
    lat, lon = punt_bij(*IN_A, noord_m)
    return {"lat": lat, "lon": lon}


class Bewaakt:
    """A page with a dialog handler and a list of CSP violations from its console."""

    def __init__(self, pagina):
        self.pagina, self.dialogen, self.schendingen = pagina, [], []
        # Map tiles are not the subject here (and the test machine may be offline).
        pagina.route("https://service.pdok.nl/**", lambda route: route.abort())
        pagina.on("dialog", self._dialoog)
        pagina.on("console", self._console)

    def _dialoog(self, dialoog):
        self.dialogen.append(dialoog.message)
        dialoog.dismiss()

    def _console(self, bericht):
        if "Content Security Policy" in bericht.text or "Content-Security-Policy" in bericht.text:
            self.schendingen.append(bericht.text)

    def open(self, url):
        self.pagina.goto(url)
        self.pagina.wait_for_load_state("load")
        return self.pagina

    def tooltips(self, kaart_id):
        """Open every marker's tooltip on a map (mouseover on each of its shapes) and return their text."""
        p = self.pagina
        vormen = p.locator(f"#{kaart_id} path.leaflet-interactive")
        vormen.first.wait_for(state="attached")
        for i in range(vormen.count()):
            vormen.nth(i).dispatch_event("mouseover")
        return p.locator(".leaflet-tooltip").all_inner_texts()

    def controleer(self, url, *verwacht):
        tekst = self.pagina.locator("body").inner_text()
        for v in verwacht:
            assert v in tekst, (url, v)
        assert (
            self.pagina.locator(".leaflet-tooltip img, .leaflet-popup img, main img[src='x']").count() == 0
        ), url
        self.pagina.wait_for_timeout(300)  # an onerror would fire by now
        assert self.dialogen == [], (url, self.dialogen)
        assert self.schendingen == [], (url, self.schendingen)


def test_tekst_van_een_andere_organisatie_blijft_tekst(
    wereld, dien_in, locatie_op, goedgekeurde_locatie, pagina_voor
):
    # The gemeente's own plankaart (as an import leaves it): an existing charge point and a candidate.
    bestaand = locatie_op(150, omschrijving=f"Stationsplein {X}", status=Locatie.Status.GEREALISEERD)
    locatie_op(-150, omschrijving=f"Kandidaat {X}")
    # E-rijders type their street and an explanation; the CPO checks them.
    eva = dien_in(straat=f"Hoofdstraat {X}", woonplaats=f"Apeldoorn {X}", toelichting=f"Graag snel {X}")
    daan = dien_in(aanvrager=wereld.erijder2, **bij(40))
    afgewezen = dien_in(aanvrager=wereld.erijder, **bij(3000))
    aanvraagservices.afwijzen(afgewezen, wereld.cpo_mw, reden=f"Te dicht bij een ander punt {X}")
    # The CPO proposes new spots with its own descriptions; the netbeheerder and the gemeente answer in text.
    eva = aanvraagservices.goedkeuren(eva, wereld.cpo_mw)
    daan = aanvraagservices.goedkeuren(daan, wereld.cpo_mw)
    lat, lon = punt_bij(*IN_A, 20)
    plankaartservices.stel_nieuwe_voor(eva, lat, lon, f"Nieuwe plek {X}", wereld.cpo_mw)
    in_netcheck = Locatie.objects.get(omschrijving=f"Nieuwe plek {X}")
    lat, lon = punt_bij(*IN_A, 60)
    plankaartservices.stel_nieuwe_voor(daan, lat, lon, f"Tweede plek {X}", wereld.cpo_mw)
    tweede = Locatie.objects.get(omschrijving=f"Tweede plek {X}")
    tweede = plankaartservices.netcheck_goedkeuren(tweede, wereld.netbeheerder_mw, opmerking=f"Past {X}")
    plankaartservices.vraag_aanpassing(tweede, wereld.gemeente_a_mw, f"Schuif op {X}")
    # A verkeersbesluit with an objection, typed by the gemeente (and the objector through the gemeente).
    plek, _aanvraag = goedgekeurde_locatie(600)
    with om("2026-03-02"):
        besluit = besluitservices.maak_concept(
            wereld.gemeente_a, wereld.gemeente_a_mw, titel=f"Laadpalen {X}", locaties=[plek], toelichting=X
        )
        besluit = besluitservices.publiceer(
            besluit, wereld.gemeente_a_mw, bekendmaking_op=dt.date(2026, 3, 2), vindplaats=f"Gemeenteblad {X}"
        )
        bezwaar = besluitservices.registreer_bezwaar(
            besluit,
            wereld.gemeente_a_mw,
            indiener_naam=f"Bewoner {X}",
            indiener_adres=f"Laan 1 {X}",
            ontvangen_op=dt.date(2026, 3, 2),
            gronden=f"Te weinig parkeerplaatsen {X}",
            algemeen=True,
        )
    # A fresh request near the existing charge point, for the CPO's check page and its map.
    lat, lon = punt_bij(bestaand.lat, bestaand.lon, 10)
    kim = Gebruiker.objects.create_user("kim@example.nl", WACHTWOORD, naam="Kim")
    nieuw = dien_in(aanvrager=kim, lat=lat, lon=lon, straat="Stationsplein")

    # The netbeheerder's work list: the CPO's description on the map and in the table.
    net = Bewaakt(pagina_voor())
    inloggen(net.pagina, wereld.netbeheerder_mw.email)
    net.open("/plankaart/werklijst/")
    assert any(f"Nieuwe plek {X}" in t for t in net.tooltips("werklijstkaart"))
    net.controleer("netbeheerder werklijst", f"Nieuwe plek {X}")
    net.open(f"/plankaart/locaties/{in_netcheck.pk}/")
    net.controleer("netbeheerder locatie", f"Nieuwe plek {X}")

    # The gemeente: the CPO's descriptions and the netbeheerder's remark.
    gemeente = Bewaakt(pagina_voor())
    inloggen(gemeente.pagina, wereld.gemeente_a_mw.email)
    gemeente.open("/plankaart/werklijst/?alles=on")  # also where the CPO is to act
    teksten = gemeente.tooltips("werklijstkaart")
    assert any(f"Tweede plek {X}" in t for t in teksten), teksten
    gemeente.controleer("gemeente werklijst", f"Tweede plek {X}")
    gemeente.open(f"/plankaart/locaties/{tweede.pk}/")
    gemeente.controleer("gemeente locatie", f"Tweede plek {X}")

    # The CPO: the gemeente's plankaart on its location page, the E-rijder's street on the check page with the
    # existing charge point on its map, the gemeente's remark, the decision and the objection.
    cpo = Bewaakt(pagina_voor())
    inloggen(cpo.pagina, wereld.cpo_mw.email)
    nieuw_ok = aanvraagservices.goedkeuren(
        dien_in(
            aanvrager=Gebruiker.objects.create_user("lot@example.nl", WACHTWOORD, naam="Lot"),
            **bij(-100),
        ),
        wereld.cpo_mw,
    )
    cpo.open(f"/plankaart/aanvraag/{nieuw_ok.pk}/locatie/")
    teksten = cpo.tooltips("bepaalkaart")
    assert any(f"Kandidaat {X}" in t for t in teksten), teksten
    cpo.controleer("cpo locatie bepalen", f"Kandidaat {X}")
    cpo.open(f"/aanvragen/{nieuw.pk}/behandelen/")
    teksten = cpo.tooltips("omgeving")
    assert any(f"Bestaand laadpunt Stationsplein {X}" in t for t in teksten), teksten
    cpo.controleer("cpo behandel", f"Stationsplein {X}")
    cpo.open(f"/aanvragen/{eva.pk}/behandelen/")
    cpo.controleer("cpo behandel eva", f"Hoofdstraat {X}")
    cpo.open(f"/plankaart/locaties/{tweede.pk}/")
    cpo.controleer("cpo locatie", f"Schuif op {X}")
    cpo.open(f"/verkeersbesluiten/{besluit.pk}/")
    cpo.controleer("cpo besluit", f"Laadpalen {X}")
    cpo.open(f"/verkeersbesluiten/bezwaren/{bezwaar.pk}/")
    cpo.controleer("cpo bezwaar", f"Te weinig parkeerplaatsen {X}")

    # The E-rijder: the CPO's reason for the rejection, and the decision on the timeline.
    erijder = Bewaakt(pagina_voor())
    inloggen(erijder.pagina, wereld.erijder.email)
    erijder.open(f"/aanvragen/{afgewezen.pk}/")
    erijder.controleer("e-rijder afgewezen", f"Te dicht bij een ander punt {X}")
    erijder.open(f"/aanvragen/{eva.pk}/")
    erijder.controleer("e-rijder aanvraag", f"Nieuwe plek {X}")

    # Anyone: the public map, its list and a point's popup.
    bezoeker = Bewaakt(pagina_voor())
    p = bezoeker.open("/kaart/")
    p.get_by_text("Lijst van de locaties in beeld").click()
    p.locator("#lijst-regels").get_by_text(f"Stationsplein {X}").wait_for()
    # Only the existing charge points on the map, then open the one popup.
    for label in ["Bezwaar loopt", "Gepland of in aanleg", "In procedure", "Aangevraagd", "Kandidaat op de"]:
        p.locator("#kaartfilters").get_by_label(label).uncheck()
    p.locator("#kaart-samenvatting").get_by_text("In beeld: 1 locaties").wait_for()
    p.locator("#publiekekaart path.leaflet-interactive").first.dispatch_event("click")
    p.locator(".leaflet-popup-content").get_by_text(f"Stationsplein {X}").wait_for()
    bezoeker.controleer("publieke kaart", f"Stationsplein {X}")


def test_beheer_api_en_formulieren_werken_binnen_het_beleid(wereld, dien_in, locatie_op, pagina_voor):
    """The pages not written by us (admin, DRF's browsable API, Swagger UI, Redoc) and the forms with a map
    run under the policy without a single violation, and still do their work."""
    aanvraag = dien_in()
    locatie_op(100, status=Locatie.Status.GEREALISEERD)
    Gebruiker.objects.create_superuser("beheer@example.nl", WACHTWOORD, naam="Beheer")
    beheer = Bewaakt(pagina_voor())
    inloggen(beheer.pagina, "beheer@example.nl")
    p = beheer.open("/admin/")
    p.get_by_role("link", name="Aanvragen").first.wait_for()
    beheer.controleer("admin")
    p = beheer.open(f"/admin/aanvragen/aanvraag/{aanvraag.pk}/change/")
    beheer.controleer("admin wijzigen", aanvraag.nummer)
    p = beheer.open("/api/v1/aanvragen/")
    p.get_by_text(aanvraag.nummer).first.wait_for()
    beheer.controleer("browsable api")
    p = beheer.open("/api/v1/schema/docs/")
    p.locator(".swagger-ui .info .title").get_by_text("Laadpaalportaal API").wait_for()
    beheer.controleer("swagger")
    p = beheer.open("/api/v1/schema/redoc/")
    p.get_by_role("heading", name="Laadpaalportaal API").first.wait_for()
    beheer.controleer("redoc")

    # An E-rijder's request form: the map starts, the pin moves by keyboard button, the address lookup runs.
    eva = Bewaakt(pagina_voor())
    inloggen(eva.pagina, wereld.erijder2.email)
    p = eva.open("/aanvragen/nieuw/")
    p.locator("#kaart.leaflet-container").wait_for()
    p.locator("#kaart .leaflet-control-attribution").get_by_text("Kadaster").wait_for()
    eva.controleer("aanvraagformulier")

    # Login and the public map for anyone.
    iemand = Bewaakt(pagina_voor())
    iemand.open("/account/inloggen/")
    iemand.controleer("inloggen")
    p = iemand.open("/kaart/")
    p.locator("#kaart-samenvatting").get_by_text("In beeld: 1 locaties").wait_for()
    iemand.controleer("publieke kaart")
