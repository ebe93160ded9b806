"""The privacy pages and the request form's RDW fields in Chromium: WCAG 2.1 AA (axe) on a desktop and a phone,
no sideways scrolling, and the account deletion journey with its warning."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from aanvragen.models import Aanvraag
from portal.models import Gebruiker
from tests.browser.test_toegankelijkheid import REGELS, controleer, inloggen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("breedte", [1280, 375])
def test_privacypaginas_voldoen_aan_wcag_21_aa(wereld, dien_in, pagina_voor, breedte):
    aanvraag = dien_in()
    anoniem = pagina_voor(breedte)
    controleer(anoniem, "/privacy/")
    eva = pagina_voor(breedte)
    inloggen(eva, wereld.erijder.email)
    for pad in ["/account/gegevens/", "/account/verwijderen/", "/aanvragen/nieuw/"]:
        controleer(eva, pad)
    # The deletion form with its error, and the request form on order without a contract.
    eva.goto("/account/verwijderen/")
    assert aanvraag.nummer in eva.locator("main").inner_text()
    eva.get_by_role("button", name="Account definitief verwijderen").click()
    eva.locator("#foutoverzicht").wait_for()
    assert Axe().run(eva, options=REGELS).violations_count == 0
    eva.goto("/aanvragen/nieuw/")
    eva.get_by_label("Mijn auto is besteld en heeft nog geen kenteken").check()
    eva.get_by_role("button", name="Aanvraag indienen").click()
    eva.locator("#foutoverzicht").wait_for()
    assert Axe().run(eva, options=REGELS).violations_count == 0


def test_account_verwijderen_in_de_browser(wereld, dien_in, pagina_voor):
    aanvraag = dien_in()
    eva = pagina_voor(375)
    inloggen(eva, wereld.erijder.email)
    eva.goto("/")
    eva.get_by_role("link", name="Mijn gegevens").click()
    eva.get_by_role("link", name="Account verwijderen").click()
    eva.get_by_label("Ik begrijp dat mijn account wordt verwijderd").check()
    eva.get_by_role("button", name="Account definitief verwijderen").click()
    eva.wait_for_url("**/")
    assert "Uw account is verwijderd. 1 lopende aanvraag is ingetrokken." in eva.locator("body").inner_text()
    assert not Gebruiker.objects.filter(email=wereld.erijder.email).exists()
    assert Aanvraag.objects.get(pk=aanvraag.pk).status == Aanvraag.Status.INGETROKKEN
