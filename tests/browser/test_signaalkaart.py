"""The CPO answers a signal on its page with the map: a click on a candidate within the radius picks it in the
list, a click elsewhere places a new point in the coordinate fields (and empties the choice); the page passes
axe and has no sideways scrolling on a phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from aanvragen.modellen_signalen import Signaal
from plankaart.models import Locatie
from tests.aanvragen.test_signaal_kaart import verstuurd  # noqa: F401
from tests.browser.test_plankaart import inloggen
from tests.browser.test_toegankelijkheid import REGELS
from tests.plankaart.test_verbruik import punten  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_kiezen_en_een_punt_zetten_op_de_kaart(wereld, verstuurd, locatie_op, pagina_voor):  # noqa: F811
    kandidaat = locatie_op(100, omschrijving="Kerkplein")
    cpo = pagina_voor(breedte=400)
    inloggen(cpo, wereld.cpo_mw.email)
    cpo.goto(f"/signalen/{verstuurd.pk}/")
    keuze = cpo.get_by_label("Locatie van de plankaart")
    lat, lon = cpo.get_by_label("Breedtegraad nieuw punt"), cpo.get_by_label("Lengtegraad nieuw punt")
    cpo.locator("#signaalkaart .leaflet-marker-icon").first.wait_for()

    # The radius is drawn first, then the spots nearest first: the candidate is the second path.
    cpo.locator("#signaalkaart path.leaflet-interactive").nth(1).click()
    assert keuze.input_value() == str(kandidaat.pk)
    assert lat.input_value() == "" and "Gekozen: Kerkplein" in cpo.locator("#pin-status").inner_text()

    # A new point by keyboard: the buttons place the pin from the map's centre and empty the choice.
    cpo.get_by_role("button", name="Noord").click()
    assert keuze.input_value() == "" and float(lat.input_value()) > 52 and float(lon.input_value()) > 5
    assert "De pin staat op" in cpo.locator("#pin-status").inner_text()

    uitslag = Axe().run(cpo, options=REGELS)
    assert uitslag.violations_count == 0, uitslag.generate_report()
    breedtes = cpo.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert breedtes[0] <= breedtes[1]

    cpo.get_by_label("Omschrijving nieuw punt").fill("Marktplein, oostzijde")
    cpo.get_by_role("button", name="Locatie voorstellen").click()
    cpo.get_by_text("is omgezet in een locatie").wait_for()
    locatie = Signaal.objects.get().aanvraag.locatie
    assert locatie.omschrijving == "Marktplein, oostzijde" and locatie.status == Locatie.Status.IN_NETCHECK
