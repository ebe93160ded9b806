"""REST for verkeersbesluiten and bezwaren (DESIGN.md section 6): publishing as a transition with the computed
term in the answer, objections, status codes, and what each organisation may see."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.verkeersbesluiten.conftest import om

pytestmark = pytest.mark.django_db


def api(gebruiker) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=gebruiker)[0].key}")
    return client


def ongeldige_velden(antwoord) -> set[str]:
    assert antwoord["Content-Type"].startswith("application/problem+json")
    return {v["name"] for v in antwoord.json()["invalid_params"]}


@pytest.fixture
def twee_locaties(wereld, goedgekeurde_locatie):
    eerste, _ = goedgekeurde_locatie(0)
    tweede, _ = goedgekeurde_locatie(600, aanvrager=wereld.erijder2)
    return eerste, tweede


def maak_concept(wereld, locaties, wie=None):
    with om("2026-02-16"):
        antwoord = api(wie or wereld.cpo_mw).post(
            "/api/v1/verkeersbesluiten/",
            {
                "gemeente": wereld.gemeente_a.pk,
                "titel": "Laadpalen Zuid",
                "locaties": [loc.pk for loc in locaties],
            },
            format="json",
        )
    assert antwoord.status_code == 201, antwoord.content
    return antwoord.json()


def publiceer(wereld, besluit_id, datum="2026-03-07"):
    with om(datum):
        return api(wereld.gemeente_a_mw).post(
            f"/api/v1/verkeersbesluiten/{besluit_id}/transities/publiceren/",
            {"bekendmaking_op": datum, "vindplaats": "Gemeenteblad 2026, 99"},
            format="json",
        )


def test_cpo_bereidt_voor_en_de_gemeente_publiceert_met_de_termijn_in_het_antwoord(wereld, twee_locaties):
    besluit = maak_concept(wereld, twee_locaties)
    assert besluit["status"] == "concept" and len(besluit["locaties"]) == 2
    assert besluit["toegestane_transities"] == ["intrekken", "wijzigen"]  # the CPO may not publish
    assert "Laadpalen Zuid" in besluit["tekst"]
    antwoord = api(wereld.cpo_mw).post(
        f"/api/v1/verkeersbesluiten/{besluit['id']}/transities/publiceren/",
        {"bekendmaking_op": "2026-03-07", "vindplaats": "X"},
        format="json",
    )
    assert antwoord.status_code == 403
    antwoord = publiceer(wereld, besluit["id"])
    assert antwoord.status_code == 200, antwoord.content
    data = antwoord.json()
    # Saturday 7 March + 42 days is Saturday 18 April: the term runs to Monday 20 April.
    assert (data["status"], data["bekendmaking_op"], data["bezwaartermijn_einde"]) == (
        "gepubliceerd",
        "2026-03-07",
        "2026-04-20",
    )
    assert {loc["status_locatie"] for loc in data["locaties"]} == {"in_procedure"}
    assert publiceer(wereld, besluit["id"]).status_code == 409
    historie = api(wereld.cpo_mw).get(data["historie_url"]).json()
    assert [r["transitie"] for r in historie] == ["aanmaken", "publiceren"]


def test_foute_velden_worden_bij_naam_genoemd(wereld, twee_locaties):
    antwoord = api(wereld.gemeente_a_mw).post(
        "/api/v1/verkeersbesluiten/",
        {"gemeente": wereld.gemeente_a.pk, "titel": "", "locaties": []},
        format="json",
    )
    assert antwoord.status_code == 400 and ongeldige_velden(antwoord) == {"titel", "locaties"}
    besluit = maak_concept(wereld, twee_locaties, wereld.gemeente_a_mw)
    with om("2026-03-07"):
        antwoord = api(wereld.gemeente_a_mw).post(
            f"/api/v1/verkeersbesluiten/{besluit['id']}/transities/publiceren/",
            {"bekendmaking_op": "7 maart", "vindplaats": ""},
            format="json",
        )
    assert antwoord.status_code == 400 and ongeldige_velden(antwoord) == {"bekendmaking_op", "vindplaats"}
    with om("2026-03-07"):
        antwoord = api(wereld.gemeente_a_mw).post(
            f"/api/v1/verkeersbesluiten/{besluit['id']}/transities/publiceren/",
            {"bekendmaking_op": "2026-03-09", "vindplaats": "Gemeenteblad"},
            format="json",
        )
    assert antwoord.status_code == 400 and ongeldige_velden(antwoord) == {"bekendmaking_op"}
    assert "toekomst" in antwoord.json()["invalid_params"][0]["reason"]


def test_een_locatie_die_niet_kan_noemt_het_veld_locaties(wereld, twee_locaties, locatie_op):
    kandidaat = locatie_op(3000)
    antwoord = api(wereld.gemeente_a_mw).post(
        "/api/v1/verkeersbesluiten/",
        {"gemeente": wereld.gemeente_a.pk, "titel": "X", "locaties": [kandidaat.pk]},
        format="json",
    )
    assert antwoord.status_code == 400 and ongeldige_velden(antwoord) == {"locaties"}


def test_concept_wijzigen_alleen_als_concept(wereld, twee_locaties):
    besluit = maak_concept(wereld, twee_locaties)
    url = f"/api/v1/verkeersbesluiten/{besluit['id']}/transities/wijzigen/"
    antwoord = api(wereld.cpo_mw).post(
        url,
        {"locaties": [twee_locaties[0].pk], "motiveringen": {str(twee_locaties[0].pk): "Vier aanvragen."}},
        format="json",
    )
    assert antwoord.status_code == 200
    data = antwoord.json()
    assert data["titel"] == "Laadpalen Zuid" and [loc["motivering"] for loc in data["locaties"]] == [
        "Vier aanvragen."
    ]
    assert api(wereld.gemeente_b_mw).post(url, {"titel": "X"}, format="json").status_code == 404
    assert (
        api(wereld.netbeheerder_mw).post(url, {"titel": "X"}, format="json").status_code == 404
    )  # concepts unseen
    publiceer(wereld, besluit["id"])
    assert api(wereld.cpo_mw).post(url, {"titel": "X"}, format="json").status_code == 409


def test_bezwaar_registreren_en_beslissen(wereld, twee_locaties):
    besluit = maak_concept(wereld, twee_locaties)
    publiceer(wereld, besluit["id"])
    invoer = {
        "verkeersbesluit": besluit["id"],
        "indiener_naam": "J. Jansen",
        "indiener_adres": "Kerkstraat 1, Apeldoorn",
        "ontvangen_op": "2026-04-22",
        "per_post": True,
        "ter_post_op": "2026-04-20",
        "gronden": "Te weinig parkeerplaatsen.",
        "locaties": [twee_locaties[0].pk],
    }
    with om("2026-04-22"):
        assert api(wereld.cpo_mw).post("/api/v1/bezwaren/", invoer, format="json").status_code == 403
        antwoord = api(wereld.gemeente_a_mw).post("/api/v1/bezwaren/", invoer, format="json")
    assert antwoord.status_code == 201, antwoord.content
    bezwaar = antwoord.json()
    assert (
        bezwaar["tijdig"] and not bezwaar["juridische_toets"]
    )  # posted on the last day, received 2 days later
    assert bezwaar["indiener_naam"] == "J. Jansen"
    assert set(bezwaar["toegestane_transities"]) == {
        "gegrond_verklaren",
        "ongegrond_verklaren",
        "niet_ontvankelijk_verklaren",
        "verdagen",
    }
    # The CPO sees the objection, not who made it; another gemeente sees nothing.
    gezien = api(wereld.cpo_mw).get(f"/api/v1/bezwaren/{bezwaar['id']}/").json()
    assert "indiener_naam" not in gezien and "indiener_adres" not in gezien and gezien["tijdig"]
    assert api(wereld.gemeente_b_mw).get(f"/api/v1/bezwaren/{bezwaar['id']}/").status_code == 404
    assert api(wereld.gemeente_b_mw).get("/api/v1/bezwaren/").json()["count"] == 0
    url = f"/api/v1/bezwaren/{bezwaar['id']}/transities/gegrond_verklaren/"
    assert api(wereld.cpo_mw).post(url, {"motivering": "x"}, format="json").status_code == 403
    antwoord = api(wereld.gemeente_a_mw).post(url, {}, format="json")
    assert antwoord.status_code == 400 and ongeldige_velden(antwoord) == {"motivering"}
    with om("2026-04-23"):
        antwoord = api(wereld.gemeente_a_mw).post(url, {"motivering": "Plek voor de markt."}, format="json")
    assert antwoord.status_code == 200 and antwoord.json()["status"] == "gegrond"
    assert api(wereld.gemeente_a_mw).post(url, {"motivering": "Nog eens."}, format="json").status_code == 409
    data = api(wereld.gemeente_a_mw).get(f"/api/v1/verkeersbesluiten/{besluit['id']}/").json()
    # The term had passed: with the last objection decided, the rest of the decision became definitive.
    assert data["status"] == "definitief"
    assert {(loc["locatie"], loc["stand"]) for loc in data["locaties"]} == {
        (twee_locaties[0].pk, "uitgehaald"),
        (twee_locaties[1].pk, "opgenomen"),
    }


def test_te_laat_bezwaar_en_foute_invoer(wereld, twee_locaties):
    besluit = maak_concept(wereld, twee_locaties)
    publiceer(wereld, besluit["id"])
    with om("2026-04-22"):
        antwoord = api(wereld.gemeente_a_mw).post(
            "/api/v1/bezwaren/",
            {
                "verkeersbesluit": besluit["id"],
                "indiener_naam": "Laat",
                "indiener_adres": "Laan 1",
                "ontvangen_op": "2026-04-21",
                "gronden": "Te laat.",
                "algemeen": True,
            },
            format="json",
        )
        assert antwoord.status_code == 201 and antwoord.json()["juridische_toets"]
        antwoord = api(wereld.gemeente_a_mw).post(
            "/api/v1/bezwaren/",
            {
                "verkeersbesluit": besluit["id"],
                "ontvangen_op": "2026-05-01",
                "per_post": True,
                "gronden": "x",
            },
            format="json",
        )
    assert antwoord.status_code == 400
    assert ongeldige_velden(antwoord) == {"indiener_naam", "indiener_adres"}


def test_lijst_met_filters_en_scheiding_tussen_gemeenten(wereld, twee_locaties):
    besluit = maak_concept(wereld, twee_locaties)
    assert (
        api(wereld.gemeente_a_mw).get("/api/v1/verkeersbesluiten/", {"status": "concept"}).json()["count"]
        == 1
    )
    assert (
        api(wereld.gemeente_a_mw).get("/api/v1/verkeersbesluiten/", {"status": "definitief"}).json()["count"]
        == 0
    )
    assert (
        api(wereld.gemeente_a_mw)
        .get("/api/v1/verkeersbesluiten/", {"zoek": besluit["nummer"]})
        .json()["count"]
        == 1
    )
    assert api(wereld.gemeente_b_mw).get("/api/v1/verkeersbesluiten/").json()["count"] == 0
    assert api(wereld.gemeente_b_mw).get(f"/api/v1/verkeersbesluiten/{besluit['id']}/").status_code == 404
    assert APIClient().get("/api/v1/verkeersbesluiten/").status_code == 401


def test_schema_beschrijft_de_nieuwe_bronnen(wereld, client):
    antwoord = client.get("/api/v1/schema/", {"format": "json"})
    paden = antwoord.json()["paths"]
    assert "/api/v1/verkeersbesluiten/{id}/transities/{naam}/" in paden
    assert "/api/v1/bezwaren/" in paden


def test_een_nooit_gepubliceerd_concept_blijft_bij_de_opstellers(wereld, twee_locaties):
    """Withdrawn before publication: still a concept for everyone but its drafters (gemeente and CPO)."""
    eerste, tweede = twee_locaties
    nooit = maak_concept(wereld, [eerste])
    with om("2026-02-17"):
        ingetrokken = api(wereld.gemeente_a_mw).post(
            f"/api/v1/verkeersbesluiten/{nooit['id']}/transities/intrekken/",
            {"reden": "Toch niet"},
            format="json",
        )
    assert ingetrokken.status_code == 200 and ingetrokken.json()["status"] == "ingetrokken"
    wel = maak_concept(wereld, [tweede])
    assert publiceer(wereld, wel["id"]).status_code == 200
    with om("2026-03-09"):
        api(wereld.gemeente_a_mw).post(
            f"/api/v1/verkeersbesluiten/{wel['id']}/transities/intrekken/",
            {"reden": "Gegrond bezwaar"},
            format="json",
        )
    for wie in (wereld.netbeheerder_mw, wereld.provincie_mw):
        lijst = api(wie).get("/api/v1/verkeersbesluiten/").json()["results"]
        assert [b["id"] for b in lijst] == [wel["id"]]
        assert api(wie).get(f"/api/v1/verkeersbesluiten/{nooit['id']}/").status_code == 404
        assert api(wie).get(f"/api/v1/verkeersbesluiten/{wel['id']}/").status_code == 200
    for wie in (wereld.gemeente_a_mw, wereld.cpo_mw):
        assert api(wie).get(f"/api/v1/verkeersbesluiten/{nooit['id']}/").status_code == 200
