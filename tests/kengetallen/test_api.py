"""GET /api/v1/kengetallen/...: the figures in the caller's scope, 400 naming the field, 403 for E-rijders."""

import pytest
from rest_framework.test import APIClient

from tests.kengetallen.test_berekeningen import _opgeleverd

pytestmark = pytest.mark.django_db
URL = "/api/v1/kengetallen/doorlooptijd/"


def api(gebruiker=None):
    client = APIClient()
    if gebruiker is not None:
        client.force_authenticate(gebruiker)
    return client


def test_doorlooptijd_per_rol(wereld):
    for dagen in (10, 20, 30):
        _opgeleverd(wereld, dagen, "2026-05-15")
    _opgeleverd(wereld, 50, "2026-05-15", gemeente=wereld.gemeente_c)
    antwoord = api(wereld.gemeente_a_mw).get(URL, {"van": "2026-05-01", "tot": "2026-05-31"})
    assert antwoord.status_code == 200
    assert {k: antwoord.json()[k] for k in ("aantal", "mediaan_dagen", "p80_dagen")} == {
        "aantal": 3,
        "mediaan_dagen": 20.0,
        "p80_dagen": 26.0,
    }
    assert api(wereld.provincie_mw).get(URL).json()["aantal"] == 4
    assert api(wereld.cpo_ander_mw).get(URL).json()["aantal"] == 1
    assert api(wereld.netbeheerder_mw).get(URL, {"gemeente": wereld.gemeente_a.pk}).json()["aantal"] == 3
    assert api(wereld.gemeente_b_mw).get(URL).json() == {
        "aantal": 0,
        "mediaan_dagen": None,
        "p80_dagen": None,
        "verdeling": [],
    }
    assert api(wereld.gemeente_a_mw).get(URL, {"bron": "gemeente"}).json()["aantal"] == 0


def test_erijder_en_anoniem_krijgen_geen_kengetallen(wereld):
    antwoord = api(wereld.erijder).get(URL)
    assert antwoord.status_code == 403 and antwoord["Content-Type"].startswith("application/problem+json")
    assert api().get(URL).status_code == 401
    assert api(wereld.erijder).get("/api/v1/kengetallen/").status_code == 403


@pytest.mark.parametrize(
    ("parameters", "veld"),
    [
        ({"van": "gisteren"}, "van"),
        ({"van": "2026-05-31", "tot": "2026-05-01"}, "tot"),
        ({"bron": "brief"}, "bron"),
        ({"gemeente": "Apeldoorn"}, "gemeente"),
    ],
)
def test_foute_parameters_zijn_400_met_het_veld(wereld, parameters, veld):
    antwoord = api(wereld.gemeente_a_mw).get(URL, parameters)
    assert antwoord.status_code == 400
    assert antwoord["Content-Type"].startswith("application/problem+json")
    assert [p["name"] for p in antwoord.json()["invalid_params"]] == [veld]


def test_alle_kengetallen_en_uitsplitsing(wereld):
    _opgeleverd(wereld, 10, "2026-05-15")
    _opgeleverd(wereld, 30, "2026-05-15", gemeente=wereld.gemeente_b)
    alles = api(wereld.provincie_mw).get("/api/v1/kengetallen/").json()
    assert set(alles) >= {"doorlooptijd", "tijd_per_partij", "knelpunten", "bezwaren", "maximum", "open_werk"}
    per = api(wereld.provincie_mw).get("/api/v1/kengetallen/doorlooptijd-per/", {"per": "gemeente"}).json()
    assert {r["naam"]: r["mediaan_dagen"] for r in per} == {
        "Gemeente Apeldoorn": 10.0,
        "Gemeente Zutphen": 30.0,
    }
    assert api(wereld.provincie_mw).get("/api/v1/kengetallen/doorlooptijd-per/").status_code == 400
    for naam in (
        "tijd-per-fase",
        "binnen-servicetermijn",
        "doorstroom",
        "netcheck",
        "afwijzingen",
        "bezwaren",
    ):
        assert api(wereld.cpo_mw).get(f"/api/v1/kengetallen/{naam}/").status_code == 200, naam
