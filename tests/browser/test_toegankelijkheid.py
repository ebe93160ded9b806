"""WCAG 2.1 A/AA checks with axe-core on every page people use, on a desktop and on a phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from aanvragen import services
from portal.models import Gebruiker
from portal.tasks import bewaak_termijnen
from tests.conftest import WACHTWOORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REGELS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def controleer(pagina, pad):
    pagina.goto(pad)
    uitslag = Axe().run(pagina, options=REGELS)
    assert uitslag.violations_count == 0, f"{pad}:\n{uitslag.generate_report()}"


def inloggen(pagina, email, naar="**/aanvragen/**"):
    pagina.goto("/account/inloggen/")
    pagina.get_by_label("E-mailadres").fill(email)
    pagina.get_by_label("Wachtwoord").fill(WACHTWOORD)
    pagina.get_by_role("button", name="Inloggen").click()
    pagina.wait_for_url(naar)


@pytest.mark.parametrize("breedte", [1280, 375])
def test_paginas_voldoen_aan_wcag_21_aa(wereld, dien_in, pagina_voor, breedte):
    aanvraag = dien_in()
    services.vraag_aanvulling(aanvraag, wereld.cpo_mw, "Het kentekenbewijs is onleesbaar.")
    lopend = dien_in(lat=52.23, lon=5.95)  # with "Wat nog komt" and its expected dates
    anoniem = pagina_voor(breedte)
    for pad in [
        "/",
        "/account/inloggen/",
        "/account/registreren/",
        "/account/wachtwoord-vergeten/",
        "/toegankelijkheid/",
    ]:
        controleer(anoniem, pad)

    eva = pagina_voor(breedte)
    inloggen(eva, wereld.erijder.email)
    for pad in [
        "/aanvragen/",
        f"/aanvragen/{aanvraag.pk}/",
        f"/aanvragen/{aanvraag.pk}/aanvullen/",
        f"/aanvragen/{lopend.pk}/",
        "/aanvragen/nieuw/",
        "/berichten/",
    ]:
        controleer(eva, pad)
    # The form with errors: the error summary and the marked fields must be accessible too.
    eva.goto("/aanvragen/nieuw/")
    eva.get_by_role("button", name="Aanvraag indienen").click()
    eva.locator("#foutoverzicht").wait_for()
    uitslag = Axe().run(eva, options=REGELS)
    assert uitslag.violations_count == 0, uitslag.generate_report()

    cpo = pagina_voor(breedte)
    inloggen(cpo, wereld.cpo_mw.email)
    for pad in [
        "/aanvragen/werklijst/",
        "/aanvragen/werklijst/?status=afgewezen",
        f"/aanvragen/{aanvraag.pk}/behandelen/",
        "/termijnen/",
        "/termijnen/?soort=bezwaar&datum=2026-11-13",
        "/termijnen/?soort=werkdagen&datum=2026-11-13",  # with an error
        "/termijnen/?soort=bezwaar&datum=2029-03-01",  # with a warning
    ]:
        controleer(cpo, pad)

    Gebruiker.objects.create_superuser("beheer@example.nl", WACHTWOORD, naam="Beheer")
    bewaak_termijnen()
    beheer = pagina_voor(breedte)
    inloggen(beheer, "beheer@example.nl", naar="**/admin/**")
    controleer(beheer, "/beheer/werking/")


def test_formulier_met_alleen_het_toetsenbord(wereld, pagina_voor):
    """The pin can be placed without a mouse: tab to the map buttons and press Enter."""
    eva = pagina_voor()
    inloggen(eva, wereld.erijder.email)
    eva.goto("/aanvragen/nieuw/")
    eva.get_by_label("Gemeente", exact=True).select_option(label="Gemeente Apeldoorn")
    eva.get_by_role("button", name="Oost").focus()
    eva.keyboard.press("Enter")
    assert eva.locator("#id_lat").input_value() and eva.locator("#id_lon").input_value()
    assert "De pin staat op" in eva.locator("#pin-status").inner_text()
