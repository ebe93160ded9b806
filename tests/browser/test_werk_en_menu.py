"""The staff landing page and the main menu in a real browser: one line at 1280 px, folded behind a
button on a phone, and WCAG 2.1 AA (axe) on both widths."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import WACHTWOORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REGELS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def inloggen(pagina, email):
    pagina.goto("/account/inloggen/")
    pagina.get_by_label("E-mailadres").fill(email)
    pagina.get_by_label("Wachtwoord").fill(WACHTWOORD)
    pagina.get_by_role("button", name="Inloggen").click()
    pagina.wait_for_url("**/werk/")


def test_menu_past_op_1280_en_vouwt_op_een_telefoon(wereld, dien_in, pagina_voor):
    aanvraag = dien_in()
    breed = pagina_voor(1280)
    inloggen(breed, wereld.cpo_mw.email)
    assert breed.get_by_role("button", name="Menu").is_hidden()
    regels = breed.evaluate(
        "() => new Set([...document.querySelectorAll('#hoofdmenu > li')].map(li => li.offsetTop)).size"
    )
    maten = breed.evaluate(
        "() => [...document.querySelectorAll('.kopbalk__binnen > *, #hoofdmenu > li')].map(e => [e.textContent.trim().slice(0,20), Math.round(e.getBoundingClientRect().width), e.offsetTop])"
    )
    assert regels == 1, f"het menu loopt over twee regels: {maten}"
    assert Axe().run(breed, options=REGELS).violations_count == 0

    telefoon = pagina_voor(375)
    inloggen(telefoon, wereld.cpo_mw.email)
    menu = telefoon.locator("#hoofdmenu")
    knop = telefoon.get_by_role("button", name="Menu")
    assert menu.is_hidden() and knop.is_visible()
    knop.click()
    assert menu.is_visible() and knop.get_attribute("aria-expanded") == "true"
    telefoon.get_by_role("link", name="Aanvragen", exact=True).click()
    telefoon.wait_for_url("**/aanvragen/werklijst/")
    telefoon.goto("/werk/")
    # The landing page: the request the CPO must check, as a link.
    telefoon.get_by_role("link", name=aanvraag.nummer).wait_for()
    uitslag = Axe().run(telefoon, options=REGELS)
    assert uitslag.violations_count == 0, uitslag.generate_report()
    breedte = telefoon.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert breedte[0] <= breedte[1]


def test_publieke_kaart_op_een_telefoon(wereld, locatie_op, pagina_voor):
    locatie_op(0, omschrijving="Loolaan t.h.v. nr. 40")
    telefoon = pagina_voor(375)
    telefoon.goto("/kaart/?lat=52.2112&lon=5.9699")
    kaart = telefoon.locator("#publiekekaart")
    kaart.wait_for()
    boven = kaart.bounding_box()["y"]
    assert boven < 450, f"de kaart begint pas op {boven}px"
    assert telefoon.get_by_role("link", name="Aanvragen op deze plek").is_visible()
    uitslag = Axe().run(telefoon, options=REGELS)
    assert uitslag.violations_count == 0, uitslag.generate_report()


def test_berichten_en_batch_op_een_telefoon(wereld, dien_in, pagina_voor):
    from portal import berichten

    for i in range(3):
        berichten.verstuur(wereld.cpo_mw, f"Bericht {i}", "Tekst", per_email=False)
    telefoon = pagina_voor(375)
    inloggen(telefoon, wereld.cpo_mw.email)
    telefoon.goto("/berichten/?ongelezen=1")
    telefoon.get_by_label("Bericht 0 kiezen").check()
    telefoon.get_by_role("button", name="Gekozen berichten als gelezen markeren").click()
    telefoon.get_by_text("1 bericht als gelezen gemarkeerd.").wait_for()
    uitslag = Axe().run(telefoon, options=REGELS)
    assert uitslag.violations_count == 0, uitslag.generate_report()


def test_batch_en_locatiebeoordeling_op_een_telefoon(wereld, proactief, dien_in, locatie_op, pagina_voor):
    from aanvragen import services as aanvraagservices
    from netaansluiting import services as netaansluitingservices
    from netaansluiting.models import Batch
    from plankaart import services as plankaartservices
    from tests.conftest import om

    proactief(3)
    with om("2026-04-14", 12):
        netaansluitingservices.bundel()
    with om("2026-04-21", 12):
        netaansluitingservices.bundel()  # the wait is over: the batch goes out
    batch = Batch.objects.get()
    plek = locatie_op(120, omschrijving="Loolaan t.h.v. nr. 40")
    aanvraag = aanvraagservices.goedkeuren(dien_in(), wereld.cpo_mw)
    plankaartservices.kies(aanvraag, plek, wereld.cpo_mw)

    net = pagina_voor(375)
    inloggen(net, wereld.netbeheerder_mw.email)
    net.goto(f"/realisatie/batches/{batch.pk}/")
    net.get_by_role("button", name="Alle 3 registreren").wait_for()
    uitslag = Axe().run(net, options=REGELS)
    assert uitslag.violations_count == 0, uitslag.generate_report()

    gemeente = pagina_voor(375)
    inloggen(gemeente, wereld.gemeente_a_mw.email)
    gemeente.goto(f"/plankaart/locaties/{plek.pk}/")
    gemeente.get_by_text(f"Gewenste plek van aanvraag {aanvraag.nummer}").wait_for()
    gemeente.locator("#locatiekaart path.leaflet-interactive").nth(1).wait_for()  # drawn after load
    assert gemeente.locator("#locatiekaart path.leaflet-interactive").count() >= 2  # radius and line
    uitslag = Axe().run(gemeente, options=REGELS)
    assert uitslag.violations_count == 0, uitslag.generate_report()
