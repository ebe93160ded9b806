"""The API's JSON by orjson (portal.apijson) is the document DRF's own renderer writes."""

import datetime as dt
import decimal
import json
import uuid
import zoneinfo

import pytest
from django.utils.translation import gettext_lazy
from rest_framework import renderers

from plankaart.models import Locatie
from portal.apijson import JSONRenderer

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def _beide(data, media_type="application/json"):
    return JSONRenderer().render(data, media_type, {}), renderers.JSONRenderer().render(data, media_type, {})


def test_dezelfde_bytes_als_drf_voor_een_gewoon_antwoord():
    data = {
        "count": 2,
        "next": None,
        "results": [
            {
                "id": 7,
                "omschrijving": "Laadplek bij café Ōmori — “hoek” <b>&</b>",
                "lat": 52.0907,
                "lon": 5.1214,
                "afstand_m": 12.5,
                "status": Locatie.Status.KANDIDAAT,
                "status_label": gettext_lazy("kandidaat"),
                "gewijzigd_op": dt.datetime(2026, 6, 1, 14, 0, 0, 123456, tzinfo=AMSTERDAM),
                "in_utc": dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC),
                "termijn_uiterlijk": dt.date(2026, 7, 13),
                "om": dt.time(9, 30),
                "bedrag": decimal.Decimal("12.50"),
                "sleutel": uuid.UUID("12345678-1234-5678-1234-567812345678"),
                "lijn": "regel\u2028scheiding\u2029alinea",
                "leeg": [],
                "waar": True,
                3: "een getal als sleutel",
            }
        ],
    }
    snel, drf = _beide(data)
    assert snel == drf


@pytest.mark.parametrize(
    "waarde",
    [10**30, 1e16, 1.5e-7, "\x00\x1f controle", {"genest": [{"diep": [1, [2, [3]]]}]}],
)
def test_wat_orjson_anders_schrijft_of_weigert_leest_hetzelfde(waarde):
    snel, drf = _beide({"waarde": waarde})
    assert json.loads(snel) == json.loads(drf)


def test_ingesprongen_antwoord_schrijft_drf():
    snel, drf = _beide({"a": [1, 2]}, "application/json; indent=4")
    assert snel == drf and b"\n    " in snel


def test_iets_wat_niemand_kan_schrijven_blijft_een_fout():
    with pytest.raises(TypeError):
        JSONRenderer().render({"x": object()}, "application/json", {})


def test_de_api_gebruikt_hem(settings):
    assert settings.REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"][0] == "portal.apijson.JSONRenderer"
