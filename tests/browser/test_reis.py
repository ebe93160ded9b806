"""The whole first half of lane 1 in a real browser: register, confirm, submit, receipt, completion, approval."""

import re

import pytest
from django.core import mail

from aanvragen.models import Aanvraag
from tests.conftest import PDF, WACHTWOORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def inloggen(pagina, email, wachtwoord):
    pagina.goto("/account/inloggen/")
    pagina.get_by_label("E-mailadres").fill(email)
    pagina.get_by_label("Wachtwoord").fill(wachtwoord)
    pagina.get_by_role("button", name="Inloggen").click()


def test_van_registratie_tot_goedkeuring(wereld, pagina_voor, tmp_path):
    eva = pagina_voor(breedte=400)  # on a phone

    # Register and confirm the address through the link in the e-mail.
    eva.goto("/")
    eva.get_by_role("link", name="Account aanmaken en aanvragen").click()
    eva.get_by_label("Uw naam").fill("Noor Bakker")
    eva.get_by_label("E-mailadres").fill("noor@example.nl")
    eva.get_by_label("Wachtwoord", exact=True).fill("mijn-laadpaal-2026")
    eva.get_by_label("Wachtwoord nogmaals").fill("mijn-laadpaal-2026")
    eva.get_by_label("Ik ga akkoord").check()
    eva.get_by_role("button", name="Account aanmaken").click()
    eva.get_by_role("heading", name="Bevestig uw e-mailadres").wait_for()
    link = re.search(r"https?://[^/\s]+(/account/bevestig/\S+)", mail.outbox[-1].body).group(1)
    eva.goto(link)
    eva.get_by_text("Uw e-mailadres is bevestigd").wait_for()
    inloggen(eva, "noor@example.nl", "mijn-laadpaal-2026")

    # Submit a request: address, pin on the map, licence plate, proof, conditions.
    eva.get_by_role("heading", name="Mijn aanvragen").wait_for()
    eva.get_by_role("link", name="Nieuwe laadpaal aanvragen").click()
    eva.get_by_label("Postcode", exact=True).fill("7311 AB")
    eva.get_by_label("Huisnummer").fill("12")
    eva.get_by_label("Straat", exact=True).fill("Hoofdstraat")
    eva.get_by_label("Plaats", exact=True).fill("Apeldoorn")
    eva.get_by_label("Gemeente", exact=True).select_option(label="Gemeente Apeldoorn")
    kaart = eva.locator("#kaart")
    kaart.scroll_into_view_if_needed()
    kaart.click()  # the pin goes where the map is clicked (the map shows the gemeente's area)
    assert eva.locator("#id_lat").input_value() != ""
    eva.get_by_role("button", name="Noord").click()  # keyboard alternative to dragging
    assert "De pin staat op" in eva.locator("#pin-status").inner_text()
    eva.get_by_label("Kenteken van uw elektrische auto").fill("ab123c")
    bewijs = tmp_path / "kentekenbewijs.pdf"
    bewijs.write_bytes(PDF)
    eva.get_by_label("Bewijs dat u elektrisch rijdt").set_input_files(str(bewijs))
    eva.get_by_role("group", name="Rijdt u een elektrische auto").get_by_label("Ja").check()
    eva.get_by_label("Ik woon in deze gemeente").check()
    eva.get_by_role("group", name="Heeft u een eigen oprit").get_by_label("Nee").check()
    eva.get_by_role("group", name="Is in uw straat een parkeervergunning nodig").get_by_label("Nee").check()
    eva.get_by_role("button", name="Aanvraag indienen").click()

    eva.get_by_text("is ingediend").wait_for()
    aanvraag = Aanvraag.objects.get(aanvrager__email="noor@example.nl")
    assert aanvraag.kenteken == "AB-123-C" and aanvraag.status == "ingediend"
    assert "Wat nog komt" in eva.content() and "Uiterlijk" in eva.content()

    # The receipt is in the inbox and in the mailbox.
    eva.get_by_role("button", name="Menu").click()  # on a phone the menu is folded
    eva.get_by_role("link", name=re.compile("Berichten")).click()
    eva.get_by_role("link", name=f"Ontvangstbevestiging aanvraag {aanvraag.nummer}").click()
    eva.get_by_text("We hebben uw aanvraag voor een publieke laadpaal ontvangen").wait_for()
    assert any(aanvraag.nummer in m.subject for m in mail.outbox if m.to == ["noor@example.nl"])

    # The CPO asks for completion.
    cpo = pagina_voor()
    inloggen(cpo, wereld.cpo_mw.email, WACHTWOORD)
    cpo.get_by_role("link", name=aanvraag.nummer).click()
    cpo.get_by_label("Wat ontbreekt er?").fill("Het kentekenbewijs is onleesbaar; stuur een scherpere foto.")
    cpo.get_by_role("button", name="Aanvulling vragen").click()
    cpo.get_by_text("is gevraagd om aan te vullen").wait_for()

    # The E-rijder completes the same request, pre-filled, and resubmits.
    eva.goto(f"/aanvragen/{aanvraag.pk}/")
    eva.get_by_text("onleesbaar").first.wait_for()
    eva.get_by_role("link", name="Aanvraag aanvullen").click()
    assert eva.get_by_label("Kenteken van uw elektrische auto").input_value() == "AB-123-C"
    eva.get_by_label("Bewijs dat u elektrisch rijdt").set_input_files(str(bewijs))
    eva.get_by_role("button", name="Aanvulling versturen").click()
    eva.get_by_text("Uw aanvulling is verstuurd").wait_for()

    # Back on the CPO's list with a fresh term; the CPO approves.
    cpo.goto("/aanvragen/werklijst/")
    cpo.get_by_role("link", name=aanvraag.nummer).click()
    cpo.get_by_role("button", name="Goedkeuren").click()
    cpo.get_by_text(f"Aanvraag {aanvraag.nummer} is goedgekeurd").wait_for()

    eva.goto(f"/aanvragen/{aanvraag.pk}/")
    tijdlijn = eva.get_by_role("region", name="Tijdlijn").inner_text()
    for stap in ["Aanvraag ingediend", "Aanvulling gevraagd", "Aanvraag aangevuld", "Aanvraag goedgekeurd"]:
        assert stap in tijdlijn
    # What comes next, each step with the date it is expected at the latest, up to the charging point.
    vooruit = eva.get_by_role("region", name="Wat nog komt")
    assert "Een plek kiezen op de plankaart" in vooruit.inner_text()
    assert vooruit.get_by_role("listitem").count() == 6
    assert "Laadpaal geplaatst, aangesloten en opgeleverd" in vooruit.inner_text()
    aanvraag.refresh_from_db()
    assert aanvraag.status == "goedgekeurd"
