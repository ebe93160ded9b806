"""The proactive lane in headless Chromium: the provincie sets the number, the gemeente selects and starts the
participation, a resident reacts on a phone (from the public map), the gemeente processes the input and agrees,
and the concept verzamelverkeersbesluit is there. Every page on the way passes axe and does not scroll sideways."""

import datetime as dt

import pytest

from plankaart.modellen_proactief import ProactiefPlan, Prognose, Reactie
from plankaart.services import proactief
from portal import klok
from tests.browser.test_toegankelijkheid import controleer, inloggen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_van_prognose_tot_concept_verkeersbesluit(wereld, locatie_op, pagina_voor):
    Prognose.objects.create(
        provincie=wereld.provincie, gemeente=wereld.gemeente_a, jaar=2027, laadpunten_nodig=47
    )
    plekken = [locatie_op(300 * i, 100, omschrijving=f"Lindelaan {i}") for i in (1, 2)]

    provincie = pagina_voor(1280)
    inloggen(provincie, wereld.provincie_mw.email, naar="**/")
    controleer(provincie, "/plankaart/proactief/?jaar=2027")
    provincie.get_by_label("Gemeente", exact=True).select_option(label="Gemeente Apeldoorn")
    provincie.get_by_role("button", name="Aantal bepalen").click()
    provincie.wait_for_url("**/plankaart/proactief/*/")
    plan = ProactiefPlan.objects.get()
    assert plan.aantal == 15
    assert "15 proactieve laadpunten (30% van de prognose" in provincie.locator("main").inner_text()
    controleer(provincie, f"/plankaart/proactief/{plan.pk}/")

    gemeente = pagina_voor(1280)
    inloggen(gemeente, wereld.gemeente_a_medewerker.email, naar="**/")
    # The selection step: the list with the map beside it; the count follows each tick, by keyboard too.
    controleer(gemeente, f"/plankaart/proactief/{plan.pk}/")
    # The map draws after load: wait for its last spot.
    gemeente.locator("#selectiekaart .leaflet-interactive").nth(len(plekken) - 1).wait_for()
    assert gemeente.locator("#selectiekaart .leaflet-interactive").count() >= len(plekken)
    gemeente.get_by_label(plekken[0].omschrijving, exact=False).focus()
    gemeente.keyboard.press("Space")
    assert "Laadpunten na deze keuze: 2 (doel 15). Nog 13 te gaan." in gemeente.locator("#selectie-teller").inner_text()
    gemeente.get_by_label(plekken[1].omschrijving, exact=False).check()
    gemeente.get_by_role("button", name="Selecteren", exact=True).click()
    assert "4 van 15 laadpunten" in gemeente.locator("#teller").inner_text()
    controleer(gemeente, f"/plankaart/proactief/{plan.pk}/")
    telefoon = pagina_voor(375)
    inloggen(telefoon, wereld.gemeente_a_medewerker.email, naar="**/")
    controleer(telefoon, f"/plankaart/proactief/{plan.pk}/")  # list and map one above the other
    gemeente.get_by_role("button", name="Inspraak starten").click()
    gemeente.wait_for_load_state()
    assert "Inwoners: inspraak tot en met" in gemeente.locator("main").inner_text()

    # A resident finds the participation from the public map, on a phone, without an account.
    bewoner = pagina_voor(375)
    bewoner.goto("/kaart/")
    bewoner.get_by_role("link", name="Reageer op de voorgestelde plekken (inspraak)").click()
    bewoner.get_by_role("link", name="Gemeente Apeldoorn, laadpalen 2027").click()
    controleer(bewoner, f"/plankaart/inspraak/{plan.pk}/")
    bewoner.get_by_label("Locatie", exact=True).select_option(label="Lindelaan 1")
    bewoner.get_by_label("Niet geschikt").check()
    bewoner.get_by_label("Waarom?").fill("De stoep is hier te smal voor een laadpaal.")
    bewoner.get_by_label("Naam", exact=True).fill("Mila Bos")
    bewoner.get_by_label("Adres", exact=True).fill("Lindelaan 3")
    bewoner.get_by_label("E-mailadres").fill("mila@example.nl")
    bewoner.get_by_role("button", name="Reactie versturen").click()
    assert "bevestig uw e-mailadres" in bewoner.locator("main").inner_text()
    reactie = Reactie.objects.get()
    assert reactie.bevestigd_op is None
    bewoner.goto(f"/plankaart/inspraak/bevestigen/{reactie.token}/")
    assert "Uw reactie is bevestigd" in bewoner.locator("main").inner_text()
    controleer(bewoner, f"/plankaart/inspraak/bevestigen/{reactie.token}/")

    # Six weeks later (the term's end moved back instead of the clock), the gemeente closes the participation
    # and the CPO checks both locations.
    ProactiefPlan.objects.filter(pk=plan.pk).update(inspraak_tot=klok.vandaag() - dt.timedelta(days=1))
    gemeente.goto(f"/plankaart/proactief/{plan.pk}/")
    gemeente.get_by_role("button", name="Inspraak sluiten").click()
    gemeente.wait_for_load_state()
    plan.refresh_from_db()
    assert plan.status == "cpo_toets"
    for pl in plan.planlocaties.all():
        proactief.toets(pl, wereld.cpo_mw, oordeel="voldoet")
    proactief.rond_toets_af(plan, wereld.cpo_mw)

    coordinator = pagina_voor(1280)
    inloggen(coordinator, wereld.gemeente_a_mw.email, naar="**/")
    coordinator.goto(f"/plankaart/proactief/{plan.pk}/")
    assert "Mila Bos" in coordinator.locator("main").inner_text()  # the gemeente sees who reacted
    for plek in plekken:
        formulier = coordinator.locator(
            "form", has=coordinator.get_by_role("group", name=f"Besluit over {plek.omschrijving}")
        )
        formulier.get_by_label("Behouden").check()
        formulier.get_by_role("button", name="Besluit opslaan").click()
        coordinator.wait_for_load_state()
    coordinator.get_by_label("Wat is er met deze reactie gedaan?").fill(
        "De paal komt aan de kant van het plantsoen."
    )
    coordinator.get_by_role("button", name="Antwoord opslaan").click()
    coordinator.wait_for_load_state()
    controleer(coordinator, f"/plankaart/proactief/{plan.pk}/")
    coordinator.get_by_role("button", name="Akkoord: definitieve lijst vaststellen").click()
    coordinator.wait_for_load_state()
    plan.refresh_from_db()
    assert plan.status == "definitief" and plan.verkeersbesluit is not None
    coordinator.get_by_role("link", name=plan.verkeersbesluit.nummer).click()
    coordinator.wait_for_url(f"**/verkeersbesluiten/{plan.verkeersbesluit.pk}/")
    tekst = coordinator.locator("main").inner_text()
    assert "Lindelaan 1" in tekst and "Lindelaan 2" in tekst
