"""API lists count like the work lists: exact up to the cap, above it `count_begrensd` says there are more, and
every page, `next` included, keeps working (portal.apipaginering.BegrensdePaginering)."""

import pytest
from rest_framework.test import APIClient

from tests.conftest import om

pytestmark = pytest.mark.django_db


def _lijst(gebruiker, **params):
    client = APIClient()
    client.force_authenticate(gebruiker)
    antwoord = client.get("/api/v1/aanvragen/", params)
    assert antwoord.status_code == 200
    return antwoord.json()


def test_boven_de_telgrens_zegt_de_lijst_dat_er_meer_zijn(wereld, dien_in, settings, monkeypatch):
    from portal.apipaginering import BegrensdePaginering

    with om("2026-02-02"):
        for i in range(7):
            dien_in(lat=52.20 + 0.004 * i, lon=5.96)
    settings.WERKLIJST_TELGRENS = 100
    exact = _lijst(wereld.erijder)
    assert (exact["count"], exact["count_begrensd"], len(exact["results"])) == (7, False, 7)
    settings.WERKLIJST_TELGRENS = 3
    # Pages of 2: the count stops at 4 rows (one past the cap) and says so; every page still works.
    monkeypatch.setattr(BegrensdePaginering, "page_size", 2)
    eerste = _lijst(wereld.erijder)
    gezien = []
    pagina, nummer = eerste, 1
    while True:
        gezien += [a["nummer"] for a in pagina["results"]]
        if not pagina["next"]:
            break
        nummer += 1
        pagina = _lijst(wereld.erijder, page=nummer)
    assert eerste["count_begrensd"] is True and eerste["count"] == 4
    assert len(gezien) == len(set(gezien)) == 7
    assert pagina["count_begrensd"] is False and pagina["count"] == 7  # the last page counted to the end
    # A cap below the page size never cuts the page short.
    monkeypatch.setattr(BegrensdePaginering, "page_size", 50)
    assert len(_lijst(wereld.erijder)["results"]) == 7
