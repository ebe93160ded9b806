"""The anonymous map has limits: a viewport no larger than a screen at the zoom asked for (else a 400 naming
bbox), a cap on single points per answer even zoomed in (then clusters), and a rate per client address that
lets calls through when the cache that counts them is down."""

import socket

import pytest
from rest_framework.test import APIClient

from plankaart import kaart
from plankaart.models import Locatie
from tests.conftest import IN_A
from tests.plankaart.test_api import ongeldige_velden

pytestmark = pytest.mark.django_db

NEDERLAND = "3.3,50.7,7.3,53.6"
STRATEN = f"{IN_A[1] - 0.005},{IN_A[0] - 0.005},{IN_A[1] + 0.005},{IN_A[0] + 0.005}"


def kaart_get(bbox, zoom, client=None, **extra):
    return (client or APIClient()).get("/api/v1/kaart/locaties/", {"bbox": bbox, "zoom": zoom}, **extra)


def test_heel_nederland_op_straatniveau_is_een_400_die_bbox_noemt(wereld):
    antwoord = kaart_get(NEDERLAND, 16)
    assert antwoord.status_code == 400 and ongeldige_velden(antwoord) == {"bbox"}
    melding = antwoord.json()["invalid_params"][0]["reason"]
    assert "bbox is te groot voor zoomniveau 16" in melding and "hoogstens 8192 × 8192" in melding
    # The same country zoomed out is a normal (clustered) answer, and a few streets close in too.
    assert kaart_get(NEDERLAND, 7).status_code == 200
    assert kaart_get(STRATEN, 18).status_code == 200


def test_de_grens_volgt_de_instelling(wereld, settings):
    settings.KAART_MAX_BEELD_PIXELS = 500
    assert kaart_get(STRATEN, 16).status_code == 400  # about 930 pixels wide at zoom 16
    assert kaart_get(STRATEN, 15).status_code == 200


def test_ook_dichtbij_hoogstens_zoveel_losse_punten(wereld, locatie_op, settings, monkeypatch):
    for i in range(6):
        locatie_op(20 * i, status=Locatie.Status.GEREALISEERD)
    monkeypatch.setattr(kaart, "MAX_PUNTEN", 2)
    settings.KAART_MAX_PUNTEN_DICHTBIJ = 10
    data = kaart_get(STRATEN, 18).json()
    assert not data["geclusterd"] and len(data["features"]) == 6
    settings.KAART_MAX_PUNTEN_DICHTBIJ = 5
    kaart.vernieuw()
    data = kaart_get(STRATEN, 18).json()
    assert data["geclusterd"] and data["totaal"] == 6
    assert all(f["properties"]["soort"] == "cluster" for f in data["features"])


def test_anonieme_limiet_per_adres_voor_de_kaart(wereld, locatie_op, settings):
    settings.KAART_ANONIEM_RATE = "3/min"
    plek = locatie_op(100)
    client = APIClient()
    assert [kaart_get(STRATEN, 16, client).status_code for _ in range(2)] == [200, 200]
    assert client.get(f"/api/v1/kaart/locaties/{plek.pk}/").status_code == 200  # the popup counts too
    te_veel = kaart_get(STRATEN, 16, client)
    assert te_veel.status_code == 429 and te_veel["Content-Type"].startswith("application/problem+json")
    assert int(te_veel["Retry-After"]) > 0 and te_veel.json()["detail"]
    # Another address has its own count.
    assert kaart_get(STRATEN, 16, client, REMOTE_ADDR="192.0.2.7").status_code == 200


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_limiet_laat_door_als_de_cache_plat_ligt(wereld, locatie_op, settings):
    """Django's own Redis cache (which raises) on a port where nothing listens: the count cannot be kept,
    the call is answered anyway."""
    plek = locatie_op(100)
    settings.KAART_ANONIEM_RATE = "1/min"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_vrije_poort()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    client = APIClient()
    for _ in range(3):
        antwoord = client.get(f"/api/v1/kaart/locaties/{plek.pk}/")
        assert antwoord.status_code == 200 and antwoord.json()["id"] == plek.pk
