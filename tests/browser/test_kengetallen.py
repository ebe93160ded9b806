"""The dashboard and the simulation in a real browser: every chart has its table, the pages pass axe (WCAG 2.1
AA) on a desktop and a phone without sideways scrolling, and a figure leads to its cases by keyboard."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import WACHTWOORD, om
from tests.kengetallen.test_berekeningen import _opgeleverd
from tests.kengetallen.test_simulatie import _met_fasen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REGELS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def inloggen(pagina, email):
    pagina.goto("/account/inloggen/")
    pagina.get_by_label("E-mailadres").fill(email)
    pagina.get_by_label("Wachtwoord").fill(WACHTWOORD)
    pagina.get_by_role("button", name="Inloggen").click()
    pagina.wait_for_url(lambda url: "inloggen" not in url)


def controleer(pagina, pad):
    pagina.goto(pad)
    uitslag = Axe().run(pagina, options=REGELS)
    assert uitslag.violations_count == 0, f"{pad}:\n{uitslag.generate_report()}"
    breedte = pagina.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert breedte[0] <= breedte[1], f"{pad} schuift horizontaal: {breedte}"
    # Every chart: an image with a name, and a table with the same numbers right after it.
    grafieken = pagina.locator("svg.grafiek-svg")
    assert grafieken.count() >= 1, pad
    for i in range(grafieken.count()):
        svg = grafieken.nth(i)
        naam = svg.get_attribute("data-grafiek")
        assert svg.get_attribute("role") == "img"
        assert pagina.locator(f'table.grafiek-tabel[data-grafiek="{naam}"] tbody tr').count() >= 1, naam
        assert pagina.locator(f"#grafiek-{naam} a[download]").count() == 1, naam


@pytest.mark.parametrize("breedte", [1280, 375])
def test_elke_grafiek_heeft_een_tabel_en_de_paginas_voldoen_aan_axe(wereld, dien_in, pagina_voor, breedte):
    with om("2026-05-20"):
        for dagen in (10, 20, 30, 130):
            _opgeleverd(wereld, dagen, "2026-05-15")
        for maand in ("01", "02", "03"):
            _met_fasen(wereld, f"2026-{maand}-05")
        dien_in()

    provincie = pagina_voor(breedte)
    inloggen(provincie, wereld.provincie_mw.email)
    controleer(provincie, "/kengetallen/?van=2025-06-01&tot=2026-12-31")
    controleer(provincie, "/kengetallen/simulatie/?maanden=36&vkb_parallel=on&proactief_procent=20")
    # The filter form with an error is accessible too and names the field.
    provincie.goto("/kengetallen/?van=morgen&tot=2026-12-31")
    assert provincie.locator("#foutoverzicht").get_by_text("Van").count() >= 1
    uitslag = Axe().run(provincie, options=REGELS)
    assert uitslag.violations_count == 0, uitslag.generate_report()

    gemeente = pagina_voor(breedte)
    inloggen(gemeente, wereld.gemeente_a_mw.email)
    controleer(gemeente, "/kengetallen/?van=2025-06-01&tot=2026-12-31")
    # From a figure to its cases, by keyboard only.
    link = gemeente.locator("#grafiek-open_werk table a").first
    link.focus()
    gemeente.keyboard.press("Enter")
    gemeente.wait_for_url("**/aanvragen/werklijst/**")
    assert gemeente.locator("main table tbody tr").count() >= 1
