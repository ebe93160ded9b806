"""Visibility for every role, in the browser and the API: another organisation's case is a 404."""

import pytest
from rest_framework.test import APIClient

from aanvragen import selectors, services

pytestmark = pytest.mark.django_db

ZIET_A = {"erijder", "cpo_mw", "gemeente_a_mw"}
ROLLEN = [
    "erijder",
    "erijder2",
    "cpo_mw",
    "cpo_ander_mw",
    "gemeente_a_mw",
    "gemeente_b_mw",
    "netbeheerder_mw",
    "provincie_mw",
]


@pytest.fixture
def aanvraag_a(dien_in):
    return dien_in()


@pytest.mark.parametrize("rol", ROLLEN)
def test_selector_zichtbaarheid(wereld, aanvraag_a, rol):
    zichtbaar = selectors.zichtbare_aanvragen(getattr(wereld, rol)).filter(pk=aanvraag_a.pk).exists()
    assert zichtbaar is (rol in ZIET_A)


@pytest.mark.parametrize("rol", ROLLEN)
def test_browser_detail_en_lijst(client, wereld, aanvraag_a, rol):
    client.force_login(getattr(wereld, rol))
    pagina = "aanvragen/%d/behandelen/" if rol.endswith("_mw") else "aanvragen/%d/"
    antwoord = client.get("/" + pagina % aanvraag_a.pk)
    assert antwoord.status_code == (200 if rol in ZIET_A else 404)
    lijst = client.get("/aanvragen/werklijst/" if rol.endswith("_mw") else "/aanvragen/", follow=True)
    assert (aanvraag_a.nummer in lijst.content.decode()) is (rol in ZIET_A)


@pytest.mark.parametrize("rol", ROLLEN)
def test_api_detail_en_lijst(wereld, aanvraag_a, rol):
    api = APIClient()
    api.force_authenticate(getattr(wereld, rol))
    detail = api.get(f"/api/v1/aanvragen/{aanvraag_a.pk}/")
    assert detail.status_code == (200 if rol in ZIET_A else 404)
    if detail.status_code == 404:
        assert detail["Content-Type"] == "application/problem+json"
    nummers = [r["nummer"] for r in api.get("/api/v1/aanvragen/").json()["results"]]
    assert (aanvraag_a.nummer in nummers) is (rol in ZIET_A)
    historie = api.get(f"/api/v1/aanvragen/{aanvraag_a.pk}/historie/")
    assert historie.status_code == (200 if rol in ZIET_A else 404)


@pytest.mark.parametrize("rol", ROLLEN)
def test_bewijs_alleen_voor_eigenaar_en_cpo(client, wereld, aanvraag_a, rol):
    client.force_login(getattr(wereld, rol))
    antwoord = client.get(f"/aanvragen/{aanvraag_a.pk}/bewijs/")
    assert antwoord.status_code == (200 if rol in {"erijder", "cpo_mw"} else 404)
    if antwoord.status_code == 200:
        assert b"".join(antwoord.streaming_content).startswith(b"%PDF")
        assert antwoord["Cache-Control"] == "private, no-store"


def test_bewijs_staat_niet_onder_media(settings, aanvraag_a):
    assert not aanvraag_a.bewijs.path.startswith(str(settings.MEDIA_ROOT))
    assert aanvraag_a.bewijs.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))


def test_aangesloten_erijder_ziet_voortgang_maar_geen_persoonsgegevens(client, wereld, aanvraag_a):
    services.sluit_aan(aanvraag_a, wereld.erijder2, "ZZ-99-ZZ")
    client.force_login(wereld.erijder2)
    pagina = client.get(f"/aanvragen/{aanvraag_a.pk}/").content.decode()
    assert aanvraag_a.nummer in pagina and "Aanvraag ingediend" in pagina
    assert aanvraag_a.kenteken not in pagina and aanvraag_a.straat not in pagina
    assert client.get(f"/aanvragen/{aanvraag_a.pk}/bewijs/").status_code == 404
    api = APIClient()
    api.force_authenticate(wereld.erijder2)
    data = api.get(f"/api/v1/aanvragen/{aanvraag_a.pk}/").json()
    assert data["status"] == "ingediend" and "kenteken" not in data and "postcode" not in data
