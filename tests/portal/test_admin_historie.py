"""The admin's history list (ten million rows in production) never counts or scans the whole table: a bounded
count (portal.paginering), no full-table count, no DISTINCT for its date or value filters, the kind loaded with
the list, search as an exact index lookup on the object id, newest first along an index on `op`."""

import datetime as dt
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from netaansluiting.models import Batch
from plankaart.models import Locatie
from portal.models import Gebruiker, StatusWijziging

pytestmark = pytest.mark.django_db

URL = "/admin/portal/statuswijziging/"


@pytest.fixture
def beheerder(client):
    client.force_login(Gebruiker.objects.create_superuser("beheer@example.nl", "geheim-en-lang-genoeg-1"))
    return client


def _historie(n, *, begin=0, jaar=2026):
    soorten = [ContentType.objects.get_for_model(m) for m in (Locatie, Batch, Gebruiker)]
    StatusWijziging.objects.bulk_create(
        StatusWijziging(
            content_type=soorten[i % 3],
            object_id=1000 + i,
            transitie="indienen",
            naar="ingediend",
            door_naam="Eva",
            op=timezone.make_aware(dt.datetime(jaar, 1, 1)) + dt.timedelta(hours=i),
            reden="x" * 2000,
            gegevens={"groot": "y" * 2000},
        )
        for i in range(begin, begin + n)
    )


def _historiequeries(vastgelegd) -> list[str]:
    return [q["sql"] for q in vastgelegd.captured_queries if "portal_statuswijziging" in q["sql"]]


def _haal(client, url):
    with CaptureQueriesContext(connection) as vastgelegd:
        antwoord = client.get(url)
    assert antwoord.status_code == 200, antwoord.status_code
    return antwoord.content.decode(), vastgelegd


@pytest.mark.parametrize("query", ["", "?q=1003", "?jaar=2026", "?op__gte=2026-01-01+00%3A00%3A00%2B01%3A00&op__lt=2026-02-01+00%3A00%3A00%2B01%3A00"])
def test_vaste_aantal_queries_bij_5_of_50_rijen(beheerder, query):
    _historie(5)
    _haal(beheerder, URL + query)
    _, weinig = _haal(beheerder, URL + query)
    _historie(45, begin=5)
    _, veel = _haal(beheerder, URL + query)
    assert len(veel.captured_queries) == len(weinig.captured_queries), "\n".join(
        q["sql"] for q in veel.captured_queries
    )


@override_settings(WERKLIJST_TELGRENS=5)
def test_telt_begrensd_en_nooit_de_hele_tabel(beheerder):
    _historie(8)
    _historie(2, begin=8, jaar=2025)
    tekst, vastgelegd = _haal(beheerder, URL)
    assert "Meer dan 5 statuswijzigingen" in tekst
    sql = _historiequeries(vastgelegd)
    tellingen = [q for q in sql if "COUNT(" in q.upper()]
    assert tellingen and all("LIMIT 6" in q for q in tellingen), tellingen
    # No DISTINCT over the history: not the date hierarchy's years, not a filter's values.
    assert not [q for q in sql if "DISTINCT" in q.upper()], sql
    # The list does not carry the reason and the data, and orders newest first along the index on op.
    (lijst,) = [q for q in sql if "ORDER BY" in q]
    assert '"reden"' not in lijst and '"gegevens"' not in lijst, lijst
    assert 'ORDER BY "portal_statuswijziging"."op" DESC, "portal_statuswijziging"."id" DESC' in lijst, lijst
    assert "statuswijziging_op_idx" in {i.name for i in StatusWijziging._meta.indexes}
    # The year filter offers the years from the first and last step.
    assert "?jaar=2025" in tekst and "?jaar=2026" in tekst
    # Below the cap the count is exact.
    tekst, _ = _haal(beheerder, URL + "?jaar=2025")
    assert "2 statuswijzigingen" in tekst and "Meer dan" not in tekst


@override_settings(WERKLIJST_TELGRENS=5)
def test_diepe_pagina_werkt(beheerder):
    # 250 rows, 100 a page: page 3 lies past the cap of 5 and still shows its 50 rows.
    _historie(250)
    tekst, _ = _haal(beheerder, URL + "?p=3")
    ids = [int(n) for n in re.findall(r'<td class="field-object_id">(\d+)</td>', tekst)]
    assert ids == list(range(1049, 999, -1)), ids  # newest first: page 3 holds the 50 oldest
    assert "250 statuswijzigingen" in tekst


def test_zoeken_op_nummer_is_een_indexzoekactie(beheerder):
    _historie(6)
    tekst, vastgelegd = _haal(beheerder, URL + "?q=1004")
    (lijst,) = [q for q in _historiequeries(vastgelegd) if "ORDER BY" in q]
    assert '"object_id" = 1004' in lijst, lijst
    # Served by the index (content_type, object_id, op): the kind is part of the condition.
    assert '"content_type_id" IN (' in lijst, lijst
    assert "LIKE" not in lijst.upper(), lijst
    assert "1 statuswijziging" in tekst
    # Text is not a number: nothing found, without a scan.
    tekst, vastgelegd = _haal(beheerder, URL + "?q=indienen")
    assert not [q for q in _historiequeries(vastgelegd) if "LIKE" in q.upper()]
    assert "0 statuswijzigingen" in tekst


def test_detailpagina_toont_de_reden(beheerder):
    _historie(1)
    stap = StatusWijziging.objects.get()
    antwoord = beheerder.get(f"{URL}{stap.pk}/change/")
    assert antwoord.status_code == 200
    assert "x" * 2000 in antwoord.content.decode()
