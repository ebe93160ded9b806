"""Every work list downloads as CSV with the filters the page was showing, in the reader's scope, with cells a
spreadsheet will not run as formulas and the address only as far as the reader may see it."""

import csv
import io

import pytest
from django.urls import reverse

from aanvragen import services
from tests.conftest import IN_A, punt_bij

pytestmark = pytest.mark.django_db


def rijen(antwoord) -> list[dict]:
    assert antwoord.status_code == 200 and antwoord["Content-Type"].startswith("text/csv")
    tekst = antwoord.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(tekst), delimiter=";"))


def test_aanvragen_met_filters_en_alleen_wat_de_lezer_mag_zien(client, wereld, dien_in):
    eerste = dien_in(straat='=HYPERLINK("http://x")')
    lat, lon = punt_bij(*IN_A, 600)
    tweede = services.goedkeuren(dien_in(aanvrager=wereld.erijder2, lat=lat, lon=lon), wereld.cpo_mw)
    client.force_login(wereld.cpo_mw)
    alles = rijen(client.get(reverse("aanvragen:werklijst"), {"formaat": "csv"}))
    assert {r["zaaknummer"] for r in alles} == {eerste.nummer, tweede.nummer}
    assert "postcode" in alles[0]
    assert next(r for r in alles if r["zaaknummer"] == eerste.nummer)["straat"].startswith("'=")
    gefilterd = rijen(client.get(reverse("aanvragen:werklijst"), {"formaat": "csv", "status": "goedgekeurd"}))
    assert [r["zaaknummer"] for r in gefilterd] == [tweede.nummer]
    # The gemeente reads requests at street level: no postcode or house number in its export.
    client.force_login(wereld.gemeente_a_mw)
    gemeente = rijen(client.get(reverse("aanvragen:werklijst"), {"formaat": "csv"}))
    assert gemeente and "postcode" not in gemeente[0] and "huisnummer" not in gemeente[0]
    # Another CPO's export holds none of them.
    client.force_login(wereld.cpo_ander_mw)
    assert rijen(client.get(reverse("aanvragen:werklijst"), {"formaat": "csv"})) == []


def test_de_andere_werklijsten(client, wereld, goedgekeurde_locatie):
    plek, _ = goedgekeurde_locatie()
    client.force_login(wereld.gemeente_a_mw)
    locaties = rijen(client.get(reverse("plankaart:werklijst"), {"formaat": "csv", "alles": "on"}))
    assert plek.omschrijving in {r["omschrijving"] for r in locaties}
    assert rijen(client.get(reverse("verkeersbesluiten:werklijst"), {"formaat": "csv"})) == []
    client.force_login(wereld.netbeheerder_mw)
    for naam in ("netaansluiting:aansluitingen", "netaansluiting:batches"):
        assert rijen(client.get(reverse(naam), {"formaat": "csv"})) == []
    pagina = client.get(reverse("netaansluiting:aansluitingen")).content.decode()
    assert "Deze lijst downloaden als CSV" in pagina
