"""A gemeente takes a verzamelverkeersbesluit in a real browser: prepares it for two approved locations,
publishes it, registers an objection and upholds it; the E-rijder and the CPO see what it means. And the
verkeersbesluit pages pass the WCAG 2.1 AA checks on a desktop and a phone."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from plankaart.models import Locatie
from portal import klok, termijnen
from tests.browser.test_toegankelijkheid import REGELS, controleer, inloggen
from verkeersbesluiten import services
from verkeersbesluiten.models import Bezwaar, Verkeersbesluit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_gemeente_publiceert_een_verzamelbesluit_en_beslist_op_bezwaar(
    wereld, goedgekeurde_locatie, pagina_voor
):
    vandaag = klok.vandaag().isoformat()
    eerste, aanvraag = goedgekeurde_locatie(0, datum=vandaag)
    tweede, _ = goedgekeurde_locatie(600, aanvrager=wereld.erijder2, datum=vandaag)

    gemeente = pagina_voor()
    inloggen(gemeente, wereld.gemeente_a_mw.email)
    gemeente.get_by_role("link", name="Verkeersbesluiten").click()
    gemeente.get_by_role("link", name=re.compile("Besluit voorbereiden")).click()
    gemeente.get_by_role("button", name="Concept opslaan").click()  # nothing filled in
    gemeente.locator("#foutoverzicht").wait_for()
    assert Axe().run(gemeente, options=REGELS).violations_count == 0
    gemeente.get_by_label("Titel").fill("Laadpalen Centrum 2026")
    gemeente.get_by_label(re.compile(re.escape(eerste.omschrijving))).check()
    gemeente.get_by_label(re.compile(re.escape(tweede.omschrijving))).check()
    gemeente.get_by_role("button", name="Concept opslaan").click()
    gemeente.get_by_text("Verzamelverkeersbesluit").wait_for()
    assert "Laadpalen Centrum 2026" in gemeente.locator(".besluittekst").inner_text()

    gemeente.get_by_label("Bekendgemaakt op").fill(vandaag)
    gemeente.get_by_label("Vindplaats").fill("Gemeenteblad 2026, 31415")
    gemeente.get_by_role("button", name="Besluit publiceren").click()
    gemeente.get_by_text(re.compile(r"is gepubliceerd; de bezwaartermijn loopt")).wait_for()
    besluit = Verkeersbesluit.objects.get()
    assert besluit.status == "gepubliceerd"
    assert besluit.bezwaartermijn_einde == termijnen.bezwaartermijn_einde(klok.vandaag()).datum
    assert "Laatste dag bezwaar" in gemeente.locator("#inhoud").inner_text()
    controleer(gemeente, f"/verkeersbesluiten/{besluit.pk}/")  # the page with all its forms

    formulier = gemeente.locator("form", has=gemeente.get_by_role("button", name="Bezwaar registreren"))
    formulier.get_by_label("Naam indiener").fill("Mevrouw Jansen")
    formulier.get_by_label("Adres indiener").fill("Marktplein 3, Apeldoorn")
    formulier.get_by_label("Ontvangen op").fill(vandaag)
    formulier.get_by_label("Gronden").fill("Hier staat op zaterdag de markt.")
    formulier.get_by_label("Tegen een of meer locaties").check()
    formulier.get_by_label(re.compile(re.escape(eerste.omschrijving))).check()
    formulier.get_by_role("button", name="Bezwaar registreren").click()
    gemeente.get_by_text(re.compile("Het bezwaar tegen .* is geregistreerd")).wait_for()
    bezwaar = Bezwaar.objects.get()
    assert bezwaar.tijdig
    gemeente.get_by_role("link", name=bezwaar.nummer).click()
    controleer(gemeente, f"/verkeersbesluiten/bezwaren/{bezwaar.pk}/")
    gemeente.get_by_label("Gegrond", exact=True).check()
    gemeente.get_by_label("Motivering").fill("De markt gaat voor; de exploitant zoekt een plek om de hoek.")
    gemeente.get_by_role("button", name="Beslissing vastleggen").click()
    gemeente.get_by_text(f"Op bezwaar {bezwaar.nummer} is beslist.").wait_for()
    eerste.refresh_from_db()
    tweede.refresh_from_db()
    assert (eerste.status, tweede.status) == (Locatie.Status.VERVALLEN, Locatie.Status.IN_PROCEDURE)

    eva = pagina_voor(breedte=400)  # on a phone
    inloggen(eva, wereld.erijder.email)
    eva.goto(f"/aanvragen/{aanvraag.pk}/")
    tijdlijn = eva.get_by_role("region", name="Tijdlijn").inner_text()
    assert "Verkeersbesluit gepubliceerd" in tijdlijn and "Gemeenteblad 2026, 31415" in tijdlijn
    assert "De gekozen plek gaat niet door" in tijdlijn and "Mevrouw Jansen" not in tijdlijn

    cpo = pagina_voor()
    inloggen(cpo, wereld.cpo_mw.email)
    cpo.goto("/berichten/")
    cpo.get_by_role("link", name=re.compile("Stel een andere locatie voor")).wait_for()
    cpo.goto(f"/verkeersbesluiten/{besluit.pk}/")
    assert "Mevrouw Jansen" not in cpo.locator("#inhoud").inner_text()


@pytest.mark.parametrize("breedte", [1280, 375])
def test_verkeersbesluitpaginas_voldoen_aan_wcag_21_aa(wereld, goedgekeurde_locatie, pagina_voor, breedte):
    vandaag = klok.vandaag()
    plek, _ = goedgekeurde_locatie(datum=vandaag.isoformat())
    tweede, _ = goedgekeurde_locatie(600, aanvrager=wereld.erijder2, datum=vandaag.isoformat())
    concept = services.maak_concept(wereld.gemeente_a, wereld.cpo_mw, titel="Concept", locaties=[tweede])
    besluit = services.maak_concept(wereld.gemeente_a, wereld.gemeente_a_mw, titel="Loolaan", locaties=[plek])
    besluit = services.publiceer(besluit, wereld.gemeente_a_mw, bekendmaking_op=vandaag, vindplaats="Gbl 1")
    bezwaar = services.registreer_bezwaar(
        besluit,
        wereld.gemeente_a_mw,
        indiener_naam="A",
        indiener_adres="B",
        ontvangen_op=vandaag,
        gronden="C",
        algemeen=True,
    )
    gemeente = pagina_voor(breedte)
    inloggen(gemeente, wereld.gemeente_a_mw.email)
    for pad in [
        "/verkeersbesluiten/",
        "/verkeersbesluiten/?status=gepubliceerd&met_open_bezwaren=on",
        f"/verkeersbesluiten/{concept.pk}/",
        f"/verkeersbesluiten/{besluit.pk}/",
        f"/verkeersbesluiten/bezwaren/{bezwaar.pk}/",
        "/verkeersbesluiten/beleid/",
    ]:
        controleer(gemeente, pad)
    cpo = pagina_voor(breedte)
    inloggen(cpo, wereld.cpo_mw.email)
    controleer(cpo, f"/verkeersbesluiten/{concept.pk}/wijzigen/")
