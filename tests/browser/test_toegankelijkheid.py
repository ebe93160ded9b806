"""WCAG 2.1 A/AA checks with axe-core on every page people use, on a desktop and on a phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.uploadedfile import SimpleUploadedFile

from aanvragen import services
from plankaart import services as plankaartservices
from portal import geo
from portal.models import Gebruiker
from portal.tasks import bewaak_termijnen
from tests.conftest import IN_A, WACHTWOORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REGELS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def controleer(pagina, pad):
    pagina.goto(pad)
    uitslag = Axe().run(pagina, options=REGELS)
    assert uitslag.violations_count == 0, f"{pad}:\n{uitslag.generate_report()}"
    # WCAG 1.4.10 Reflow, which axe does not check: no sideways scrolling on a phone.
    breedte = pagina.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert breedte[0] <= breedte[1], f"{pad} schuift horizontaal: {breedte}"


def _na_inloggen(url: str) -> bool:
    """Where people land: an E-rijder on their requests, staff on what waits for them (/werk/)."""
    return "/aanvragen/" in url or url.rstrip("/").endswith("/werk")


def inloggen(pagina, email, naar=_na_inloggen):
    pagina.goto("/account/inloggen/")
    pagina.get_by_label("E-mailadres").fill(email)
    pagina.get_by_label("Wachtwoord").fill(WACHTWOORD)
    pagina.get_by_role("button", name="Inloggen").click()
    pagina.wait_for_url(naar)


@pytest.mark.parametrize("breedte", [1280, 375])
def test_paginas_voldoen_aan_wcag_21_aa(
    wereld, dien_in, locatie_op, pagina_voor, breedte, django_capture_on_commit_callbacks
):
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
    inloggen(cpo, wereld.cpo_mw.email, naar="**/werk/")
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

    # The plankaart pages, each with its forms: a request to place, a proposal to judge, an import report.
    goedgekeurd = services.goedkeuren(dien_in(lat=52.24, lon=5.99), wereld.cpo_mw)
    te_kiezen = locatie_op(150)
    (x0, y0), (x1, y1) = geo.naar_rd(*IN_A), geo.naar_rd(lopend.lat, lopend.lon)
    bij_lopend = locatie_op(y1 - y0 + 50, x1 - x0)  # 50 m north of that request
    voorgesteld = plankaartservices.kies(
        services.goedkeuren(lopend, wereld.cpo_mw), bij_lopend, wereld.cpo_mw
    )
    with django_capture_on_commit_callbacks(execute=True):
        imp = plankaartservices.start_import(
            wereld.gemeente_a,
            wereld.cpo_mw,
            SimpleUploadedFile("p.csv", b"omschrijving,lat,lon\nA,52.2,5.9\nB,48.8,2.3\n"),
            soort="plankaart",
            stelsel="auto",
        )
    for pad in [
        f"/plankaart/aanvraag/{goedgekeurd.pk}/locatie/",
        "/plankaart/werklijst/?alles=on",
        "/plankaart/",
        f"/plankaart/{wereld.gemeente_a.pk}/importeren/",
        f"/plankaart/import/{imp.pk}/",
        f"/plankaart/locaties/{te_kiezen.pk}/",
    ]:
        controleer(cpo, pad)
    gemeente = pagina_voor(breedte)
    inloggen(gemeente, wereld.gemeente_a_mw.email, naar="**/werk/")
    controleer(gemeente, f"/plankaart/locaties/{voorgesteld.locatie.pk}/")
    controleer(anoniem, "/kaart/")
    anoniem.locator("#kaart-samenvatting").get_by_text("In beeld").wait_for()
    uitslag = Axe().run(anoniem, options=REGELS)  # with the points and the list drawn
    assert uitslag.violations_count == 0, uitslag.generate_report()

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
