"""The OCPI Locations upload in a real browser, on a phone: the gemeente finds it from the plankaart, uploads a
file, reads the verdict per location and applies it; axe and no sideways scrolling on each page."""

import json

import pytest

from plankaart.modellen_verbruik import Laadpunt
from plankaart.models import Locatie
from tests.browser.test_toegankelijkheid import controleer, inloggen
from tests.plankaart.test_verbruik import ocpi_locatie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_gemeente_importeert_ocpi_locaties(wereld, locatie_op, pagina_voor, tmp_path):
    bestaand = locatie_op(1000, status=Locatie.Status.GEREALISEERD, omschrijving="Stationsplein")
    bestand = tmp_path / "locations.json"
    bestand.write_text(
        json.dumps(
            {
                "status_code": 1000,
                "data": [
                    ocpi_locatie("A", 0, ["a1", "a2"]),
                    ocpi_locatie("B", 1002, ["b1"]),
                    {
                        **ocpi_locatie("C", 20, ["c1"]),
                        "coordinates": {"latitude": "5.96990", "longitude": "52.21120"},  # swapped
                    },
                ],
            }
        )
    )
    gemeente = pagina_voor(375)
    inloggen(gemeente, wereld.gemeente_a_mw.email)
    controleer(gemeente, "/plankaart/")
    gemeente.get_by_role("link", name="OCPI-locaties importeren").click()
    gemeente.get_by_role(
        "heading", name="Bestaande laadpunten in Gemeente Apeldoorn importeren (OCPI 2.2.1 Locations)"
    ).wait_for()
    controleer(gemeente, gemeente.url)
    gemeente.get_by_label("Bestand met OCPI 2.2.1 Locations").set_input_files(str(bestand))
    gemeente.get_by_role("button", name="Controleren").click()
    gemeente.get_by_role("heading", name="Uitkomst van de controle").wait_for()
    tekst = gemeente.locator("main").inner_text()
    assert "1 toevoegen · 0 gekoppeld op id · 1 gekoppeld binnen 5 meter · 1 geweigerd" in tekst
    assert "verwisseld" in tekst
    controleer(gemeente, gemeente.url)
    assert not Laadpunt.objects.exists()
    gemeente.get_by_role("button", name="Toepassen").click()
    gemeente.get_by_role("heading", name="Toegepast op", exact=False).wait_for()
    assert Laadpunt.objects.get(uid="b1").locatie == bestaand
    assert Locatie.objects.get(kenmerk="A").status == Locatie.Status.GEREALISEERD
