"""The middle of lane 1 in a real browser: the CPO determines the location, the netbeheerder and the gemeente
decide, the E-rijder sees it; and the public map."""

import re

import pytest

from aanvragen import services as aanvraagservices
from aanvragen.models import Aanvraag
from plankaart.models import Locatie
from tests.conftest import WACHTWOORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def inloggen(pagina, email):
    pagina.goto("/account/inloggen/")
    pagina.get_by_label("E-mailadres").fill(email)
    pagina.get_by_label("Wachtwoord").fill(WACHTWOORD)
    pagina.get_by_role("button", name="Inloggen").click()
    pagina.wait_for_load_state()


def test_cpo_kiest_een_locatie_en_de_gemeente_keurt_goed(wereld, dien_in, locatie_op, pagina_voor):
    aanvraag = aanvraagservices.goedkeuren(dien_in(), wereld.cpo_mw)
    plek = locatie_op(120, omschrijving="Loolaan t.h.v. nr. 40")
    locatie_op(600, omschrijving="Ver weg")

    cpo = pagina_voor()
    inloggen(cpo, wereld.cpo_mw.email)
    cpo.goto(f"/aanvragen/{aanvraag.pk}/behandelen/")
    cpo.get_by_role("link", name="Locatie bepalen").click()
    cpo.get_by_role("heading", name=f"Locatie bepalen voor {aanvraag.nummer}").wait_for()
    binnen = cpo.get_by_role("region", name="Binnen 250 meter")
    assert "Loolaan t.h.v. nr. 40" in binnen.inner_text() and "Ver weg" not in binnen.inner_text()
    # The map draws after the page has loaded: wait for the circle and a spot (fails if they never come).
    cpo.locator("#bepaalkaart path.leaflet-interactive").nth(1).wait_for()
    assert cpo.locator("#bepaalkaart path.leaflet-interactive").count() >= 2  # the circle and the spots
    binnen.get_by_role("button", name=re.compile(r"Kies deze locatie\W+Loolaan t\.h\.v\. nr\. 40")).click()
    cpo.get_by_text(f"Locatie gekozen voor aanvraag {aanvraag.nummer}").wait_for()

    gemeente = pagina_voor(breedte=400)  # on a phone
    inloggen(gemeente, wereld.gemeente_a_mw.email)
    gemeente.get_by_role("button", name="Menu").click()  # on a phone the menu is folded
    gemeente.get_by_role("link", name="Locaties").first.click()
    gemeente.get_by_role("link", name="Loolaan t.h.v. nr. 40").click()
    gemeente.get_by_role("button", name="Locatie goedkeuren").click()
    gemeente.get_by_text("Locatie Loolaan t.h.v. nr. 40 is goedgekeurd.").wait_for()
    plek.refresh_from_db()
    assert plek.status == "goedgekeurd"

    eva = pagina_voor()
    inloggen(eva, wereld.erijder.email)
    eva.goto(f"/aanvragen/{aanvraag.pk}/")
    tijdlijn = eva.get_by_role("region", name="Tijdlijn").inner_text()
    assert (
        "Plek voorgesteld aan de gemeente" in tijdlijn and "Loolaan t.h.v. nr. 40, op 120 meter" in tijdlijn
    )
    assert "Plek goedgekeurd: wacht op verkeersbesluit" in tijdlijn
    assert "neemt een verkeersbesluit" in eva.locator(".blok--volgende").inner_text()


def test_nieuwe_locatie_met_de_pin_langs_netbeheerder_en_gemeente(wereld, dien_in, pagina_voor):
    aanvraag = aanvraagservices.goedkeuren(dien_in(), wereld.cpo_mw)
    cpo = pagina_voor()
    inloggen(cpo, wereld.cpo_mw.email)
    cpo.goto(f"/plankaart/aanvraag/{aanvraag.pk}/locatie/")
    nieuw = cpo.get_by_role("region", name="Nieuwe locatie voorstellen")
    begin = float(nieuw.get_by_label("Breedtegraad").input_value())
    for _ in range(3):  # 30 metres north, by keyboard buttons instead of dragging
        cpo.get_by_role("button", name="Noord").click()
    assert float(nieuw.get_by_label("Breedtegraad").input_value()) > begin
    assert "De pin staat op" in cpo.locator("#pin-status").inner_text()
    nieuw.get_by_label("Omschrijving").fill("Hoofdstraat t.h.v. nr. 14")
    nieuw.get_by_role("button", name="Nieuwe locatie voorstellen").click()
    cpo.get_by_text("de netbeheerder doet eerst een netcheck").wait_for()
    plek = Locatie.objects.get()
    assert plek.status == "in_netcheck" and plek.bron == "nieuw"

    net = pagina_voor()
    inloggen(net, wereld.netbeheerder_mw.email)  # lands on the netbeheerder's work list
    net.get_by_role("link", name="Hoofdstraat t.h.v. nr. 14").click()
    net.get_by_role("button", name="Netcheck goedkeuren").click()
    net.get_by_text("Netcheck goedgekeurd").first.wait_for()

    gemeente = pagina_voor()
    inloggen(gemeente, wereld.gemeente_a_mw.email)
    gemeente.goto(f"/plankaart/locaties/{plek.pk}/")
    gemeente.get_by_label("Wat moet de exploitant aanpassen?").fill(
        "Schuif 10 meter op, naar de parkeerhaven."
    )
    gemeente.get_by_role("button", name="Aanpassing vragen").click()
    gemeente.get_by_text("De exploitant is gevraagd").wait_for()
    assert Aanvraag.objects.get(pk=aanvraag.pk).status == "locatie_voorgesteld"

    cpo.goto(f"/plankaart/locaties/{plek.pk}/")
    assert "Schuif 10 meter op" in cpo.locator(".blok--let-op").inner_text()
    cpo.get_by_label("Laadpunten").fill("4")
    cpo.get_by_role("button", name="Aangepast voorstel versturen").click()
    cpo.get_by_text("Het aangepaste voorstel").wait_for()
    plek.refresh_from_db()
    assert plek.status == "voorgesteld" and plek.laadpunten == 4


def test_publieke_kaart_laadt_wat_in_beeld_is_en_legt_een_punt_uit(wereld, locatie_op, pagina_voor):
    locatie_op(100, omschrijving="Stationsplein", status=Locatie.Status.GEREALISEERD)
    locatie_op(400, omschrijving="Loolaan t.h.v. nr. 2", proactief=True, proactief_jaar=2027)
    bezoeker = pagina_voor(breedte=375)
    bezoeker.goto("/kaart/")
    samenvatting = bezoeker.locator("#kaart-samenvatting")
    samenvatting.get_by_text(re.compile("In beeld: 2 locaties")).wait_for()
    assert "1 bestaand laadpunt" in samenvatting.inner_text()
    bezoeker.get_by_text("Lijst van de locaties in beeld").click()
    lijst = bezoeker.locator("#lijst-regels")
    assert "Stationsplein" in lijst.inner_text() and "Kandidaat op de plankaart" in lijst.inner_text()
    # Only what is chosen: existing points.
    bezoeker.get_by_label("Kandidaat op de plankaart").uncheck()
    samenvatting.get_by_text(re.compile("In beeld: 1 locaties")).wait_for()
    bezoeker.locator("#publiekekaart path.leaflet-interactive").first.click(force=True)
    popup = bezoeker.locator(".leaflet-popup-content")
    popup.get_by_text("In gebruik.").wait_for()
    assert "Bestaand laadpunt" in popup.inner_text()
