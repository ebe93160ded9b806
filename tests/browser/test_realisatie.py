"""The CPO plans the placement in a real browser and the E-rijder sees the date at once; the netbeheerder
reports a step in its work list; and the realisation pages pass the WCAG 2.1 AA checks on a desktop and a
phone."""

import datetime as dt
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from netaansluiting import services
from netaansluiting.models import Batch, Realisatie
from portal import klok
from tests.browser.test_toegankelijkheid import REGELS, controleer, inloggen
from tests.netaansluiting.conftest import aansluiting_van, om, tot_opdracht

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def te_plannen(wereld, definitief, proactief):
    ((plek, aanvraag),) = definitief(1)
    proactief(2)  # a batch still being filled, for the batch pages
    with om("2026-04-14", 12):
        services.bundel()
    tot_opdracht(aansluiting_van(plek), wereld)
    return Realisatie.objects.get(locatie=plek), aanvraag


def test_cpo_plant_de_plaatsing_en_de_erijder_ziet_de_datum(wereld, te_plannen, pagina_voor):
    realisatie, aanvraag = te_plannen
    datum = klok.vandaag() + dt.timedelta(days=10)
    lang = f"{datum.day} {['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'][datum.month - 1]} {datum.year}"

    cpo = pagina_voor(375)  # on a phone, at the contractor's
    inloggen(cpo, wereld.cpo_mw.email)
    cpo.get_by_role("link", name="Realisatie").click()
    cpo.get_by_role("link", name=realisatie.locatie.omschrijving).click()
    cpo.get_by_label("Plaatsing gepland op").fill("2020-01-01")  # in the past: refused, input kept
    cpo.get_by_role("button", name="Plaatsing plannen").click()
    cpo.locator("#foutoverzicht").wait_for()
    assert "in het verleden" in cpo.locator("#foutoverzicht").inner_text()
    assert cpo.get_by_label("Aannemer").input_value() == "Volker Energie"
    cpo.get_by_label("Plaatsing gepland op").fill(datum.isoformat())
    cpo.get_by_role("button", name="Plaatsing plannen").click()
    cpo.get_by_text(re.compile("de E-rijders weten het")).wait_for()
    assert "Plaatsing gepland op" in cpo.locator("#inhoud").inner_text()
    realisatie.refresh_from_db()
    assert realisatie.plaatsing_gepland_op == datum

    eva = pagina_voor(375)
    inloggen(eva, wereld.erijder.email)
    eva.goto(f"/aanvragen/{aanvraag.pk}/")
    assert "Uw laadpaal wordt geplaatst op" in eva.locator(".blok--volgende").inner_text()
    assert lang in eva.locator(".blok--volgende").inner_text()
    assert "Plaatsing gepland" in eva.locator("#inhoud").inner_text()
    eva.goto("/berichten/")
    assert eva.get_by_text(re.compile(f"Plaatsing gepland voor aanvraag {aanvraag.nummer}")).count() == 1


def test_netbeheerder_meldt_de_aansluiting_in_de_werklijst(wereld, te_plannen, pagina_voor):
    realisatie, _ = te_plannen
    net = pagina_voor()
    inloggen(net, wereld.netbeheerder_mw.email, naar="**/")
    net.goto("/realisatie/netaansluitingen/")
    net.get_by_role("link", name=realisatie.aansluiting.nummer).click()
    net.get_by_label("EAN-code").fill("12345")
    net.get_by_role("button", name="Aansluiting melden").click()
    net.locator("#foutoverzicht").wait_for()
    assert "geen geldige EAN-code" in net.locator("#foutoverzicht").inner_text()
    assert net.get_by_label("EAN-code").input_value() == "12345"  # what was typed stays
    net.get_by_label("Aangesloten op").fill(klok.vandaag().isoformat())
    net.get_by_label("EAN-code").fill("871685900000000011")
    net.get_by_role("button", name="Aansluiting melden").click()
    net.get_by_text(re.compile("is aangesloten")).wait_for()
    assert realisatie.aansluiting.__class__.objects.get(pk=realisatie.aansluiting_id).status == "aangesloten"


@pytest.mark.parametrize("breedte", [1280, 375])
def test_realisatiepaginas_voldoen_aan_wcag_21_aa(wereld, te_plannen, pagina_voor, breedte):
    realisatie, _ = te_plannen
    batch = Batch.objects.get(status=Batch.Status.OPEN)
    cpo = pagina_voor(breedte)
    inloggen(cpo, wereld.cpo_mw.email)
    for pad in [
        "/realisatie/",
        "/realisatie/?alleen_risico=on",
        "/realisatie/uitvoeringsplan/",
        f"/realisatie/{realisatie.pk}/",
        "/realisatie/batches/",
        f"/realisatie/batches/{batch.pk}/",
        "/realisatie/netaansluitingen/",
    ]:
        controleer(cpo, pad)
    cpo.goto(f"/realisatie/{realisatie.pk}/")
    cpo.get_by_role("button", name="Plaatsing plannen").click()  # no date: the error summary
    cpo.locator("#foutoverzicht").wait_for()
    assert Axe().run(cpo, options=REGELS).violations_count == 0
    net = pagina_voor(breedte)
    inloggen(net, wereld.netbeheerder_mw.email, naar="**/")
    for pad in [
        "/realisatie/netaansluitingen/",
        f"/realisatie/netaansluitingen/{realisatie.aansluiting_id}/",
    ]:
        controleer(net, pad)
    gemeente = pagina_voor(breedte)
    inloggen(gemeente, wereld.gemeente_a_mw.email)
    controleer(gemeente, f"/realisatie/{realisatie.pk}/")
