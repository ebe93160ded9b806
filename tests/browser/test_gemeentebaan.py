"""The gemeente lane in headless Chromium: a gemeente's medewerker asks for a location on a phone, with the pin
moved by keyboard buttons, and the CPO finds it on its work list with its lane; both pages pass axe."""

import pytest

from aanvragen.models import Aanvraag
from tests.browser.test_toegankelijkheid import controleer, inloggen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_gemeente_vraagt_een_locatie_aan_op_een_telefoon(wereld, pagina_voor):
    gemeente = pagina_voor(375)
    inloggen(gemeente, wereld.gemeente_a_medewerker.email, naar="**/")
    controleer(gemeente, "/aanvragen/locatie-aanvragen/")
    # The pin starts nowhere; typing coordinates is the keyboard-only way, the buttons then nudge it.
    gemeente.get_by_text("Coördinaten zelf invullen").click()
    gemeente.get_by_label("Breedtegraad").fill("52.2112")
    gemeente.get_by_label("Lengtegraad").fill("5.9699")
    gemeente.get_by_role("button", name="Noord").click()
    gemeente.get_by_label("Waar", exact=True).fill("Zorgcentrum De Linde, achterzijde")
    gemeente.get_by_label("Waarom hier").fill("Bezoekers en thuiszorg laden hier; geen laadpunt in de buurt.")
    gemeente.get_by_label("Aantal laadpunten").fill("4")
    gemeente.get_by_role("button", name="Aanvraag indienen").click()
    gemeente.wait_for_url("**/behandelen/")
    aanvraag = Aanvraag.objects.get()
    assert aanvraag.bron == "gemeente" and aanvraag.laadpunten == 4
    assert aanvraag.lat > 52.2112  # the Noord button moved the pin
    assert "ingediend" in gemeente.locator("main").inner_text()
    controleer(gemeente, f"/aanvragen/{aanvraag.pk}/behandelen/")

    cpo = pagina_voor(1280)
    inloggen(cpo, wereld.cpo_mw.email, naar="**/")
    cpo.goto("/aanvragen/werklijst/?bron=gemeente")
    rij = cpo.get_by_role("row", name=aanvraag.nummer)
    assert "Gemeente" in rij.inner_text() and "Zorgcentrum De Linde" in rij.inner_text()
