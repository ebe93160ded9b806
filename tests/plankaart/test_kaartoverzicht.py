"""The public map's national view comes from a precomputed overview (issue 14, item 5): the same answer as
computed from the rows, a read instead of a clustering, computed again as soon as a location changes, and
used again once the task has rebuilt it."""

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plankaart import kaart
from plankaart.models import Kaartoverzicht
from plankaart.tasks import bouw_kaartoverzichten
from tests.conftest import om

pytestmark = pytest.mark.django_db
LAND = {"bbox": "3.2,50.7,7.3,53.6", "zoom": "7"}


@pytest.fixture
def locaties(wereld, locatie_op, monkeypatch):
    # Few enough to build quickly, more than the map draws as points: it clusters, as for the whole country.
    monkeypatch.setattr(kaart, "MAX_PUNTEN", 3)
    with om("2026-03-02"):
        return [locatie_op(400 * i, 300 * (i % 3)) for i in range(8)]


def _berekend(vraag):
    return kaart._antwoord(kaart._in_beeld(vraag), vraag.zoom)


def _zelfde(a: str, b: str) -> bool:
    """Equal answers (the features in any order)."""
    a, b = json.loads(a), json.loads(b)
    sorteer = lambda fs: sorted(json.dumps(f, sort_keys=True) for f in fs)  # noqa: E731
    return {**a, "features": sorteer(a["features"])} == {**b, "features": sorteer(b["features"])}


def _zonder_cache(vraag):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        tekst = kaart.geojson(vraag)
    geclusterd = any("GROUP BY" in q["sql"] for q in queries.captured_queries)
    return tekst, geclusterd


def test_het_land_uit_het_overzicht_is_het_berekende_antwoord(locaties):
    vraag = kaart.Vraag.uit(LAND)
    with om("2026-03-03"):
        assert bouw_kaartoverzichten() == len(kaart.OVERZICHT_ZOOMS)
    tekst, geclusterd = _zonder_cache(vraag)
    assert not geclusterd  # read, not computed
    assert json.loads(tekst)["geclusterd"] and json.loads(tekst)["totaal"] == 8
    assert _zelfde(tekst, _berekend(vraag))
    # Nothing changed: the next run builds nothing.
    with om("2026-03-03", 12):
        assert bouw_kaartoverzichten() == 0


def test_na_een_wijziging_berekend_tot_het_overzicht_opnieuw_gebouwd_is(locaties, locatie_op):
    vraag = kaart.Vraag.uit(LAND)
    with om("2026-03-03"):
        bouw_kaartoverzichten()
    with om("2026-03-04"):
        locatie_op(5000)  # a new location on the plankaart
    tekst, geclusterd = _zonder_cache(vraag)
    assert geclusterd and json.loads(tekst)["totaal"] == 9  # computed: the overview is stale
    with om("2026-03-05"):
        assert bouw_kaartoverzichten() == len(kaart.OVERZICHT_ZOOMS)
    tekst, geclusterd = _zonder_cache(vraag)
    assert not geclusterd and json.loads(tekst)["totaal"] == 9


def test_een_ander_beeld_of_een_filter_geeft_wat_berekend_wordt(locaties, wereld, locatie_op):
    with om("2026-03-02"):
        locatie_op(3000, gemeente=wereld.gemeente_b)  # one more, in another gemeente
    with om("2026-03-03"):
        bouw_kaartoverzichten()
    land, _ = _zonder_cache(kaart.Vraag.uit(LAND))
    assert json.loads(land)["totaal"] == 9
    stad = kaart.Vraag.uit({"bbox": "5.78,52.10,6.08,52.32", "zoom": "7"})
    gefilterd = kaart.Vraag.uit({**LAND, "gemeente": str(wereld.gemeente_a.pk)})
    for vraag in (stad, gefilterd):
        tekst, _geclusterd = _zonder_cache(vraag)
        assert _zelfde(tekst, _berekend(vraag))
    # The gemeente's own view is computed: the country's overview would have counted the other gemeente too.
    tekst, geclusterd = _zonder_cache(gefilterd)
    assert geclusterd and json.loads(tekst)["totaal"] == 8
    assert Kaartoverzicht.objects.count() == len(kaart.OVERZICHT_ZOOMS)
