"""A full case number typed in a work list's search box is an exact lookup on the number's index (nummer = X),
not a LIKE / trigram scan over every searchable field (issue 14: "772 ms to find a case number" at 1M requests).
A part of a number, or other text, still searches as before."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from aanvragen.models import Aanvraag
from netaansluiting.models import Netaansluiting, Realisatie
from portal import zaaknummers
from tests import test_querytellingen as tellingen
from verkeersbesluiten.models import Verkeersbesluit


def test_herkent_volledige_nummers_hoe_ook_getypt():
    assert zaaknummers.herken("LP-2026-000123") == ("LP", "LP-2026-000123")
    assert zaaknummers.herken(" lp 2026 000123 ") == ("LP", "LP-2026-000123")
    assert zaaknummers.herken("lp2026000123") == ("LP", "LP-2026-000123")
    assert zaaknummers.herken("na-2026-000045") == ("NA", "NA-2026-000045")
    assert zaaknummers.herken("NB-2026-0007") == ("NB", "NB-2026-0007")
    assert zaaknummers.herken("Vkb 2026-0003") == ("VKB", "VKB-2026-0003")
    # Past 999,999 requests in a year the serial has seven digits ({:06d} grows).
    assert zaaknummers.herken("LP-2026-1000000") == ("LP", "LP-2026-1000000")
    assert zaaknummers.herken("nb 2026 12345") == ("NB", "NB-2026-12345")
    # Parts of numbers and other text are not numbers.
    for tekst in ["LP-2026-0001", "LP-2026-0000123", "LP-2026", "2026-000123", "Hoofdstraat 12", "", "NA-26-000045"]:
        assert zaaknummers.herken(tekst) is None, tekst



def _zoek(client, url):
    with CaptureQueriesContext(connection) as vastgelegd:
        antwoord = client.get(url)
    assert antwoord.status_code == 200, antwoord.status_code
    return antwoord, [q["sql"] for q in vastgelegd.captured_queries]


def _exact(sql: list[str], tabel: str, nummer: str) -> bool:
    # On the table itself, or in a subquery on it (Django names that U0, U1, …).
    return any(re.search(rf'(FROM "{tabel}" U\d.*U\d|"{tabel}")\."nummer" = \'{nummer}\'', q) for q in sql)


def _zonder_scan(sql: list[str]) -> bool:
    return not [q for q in sql if " LIKE " in q.upper() or "UPPER(" in q.upper()]


@pytest.mark.django_db
def test_werklijst_aanvragen_en_api(wereld, dien_in, locatie_op, client):
    tellingen._aanvragen(wereld, dien_in, locatie_op, 4)
    gezocht = Aanvraag.objects.order_by("pk")[2]
    getypt = gezocht.nummer.lower().replace("-", " ")
    client.force_login(wereld.cpo_mw)
    antwoord, sql = _zoek(client, f"/aanvragen/werklijst/?zoek={getypt}")
    assert [a.pk for a in antwoord.context["pagina"]] == [gezocht.pk]
    assert _exact(sql, "aanvragen_aanvraag", gezocht.nummer), sql
    assert _zonder_scan(sql), sql
    # The API's search goes the same way.
    api = APIClient()
    api.force_authenticate(wereld.cpo_mw)
    antwoord, sql = _zoek(api, f"/api/v1/aanvragen/?zoek={gezocht.nummer}")
    assert [r["nummer"] for r in antwoord.json()["results"]] == [gezocht.nummer]
    assert _exact(sql, "aanvragen_aanvraag", gezocht.nummer) and _zonder_scan(sql), sql
    # A part of a number still searches as before (and finds all four).
    antwoord, sql = _zoek(client, f"/aanvragen/werklijst/?zoek={gezocht.nummer[:-3]}")
    assert len(antwoord.context["pagina"].object_list) == 4
    assert not _zonder_scan(sql)


@pytest.mark.django_db
def test_werklijst_locaties_op_aanvraagnummer(wereld, dien_in, locatie_op, client):
    tellingen._aanvragen(wereld, dien_in, locatie_op, 4)
    gezocht = Aanvraag.objects.exclude(locatie=None).order_by("pk").last()
    client.force_login(wereld.gemeente_a_mw)
    antwoord, sql = _zoek(client, f"/plankaart/werklijst/?alles=on&zoek={gezocht.nummer}")
    assert [loc.pk for loc in antwoord.context["pagina"]] == [gezocht.locatie_id]
    assert _exact(sql, "aanvragen_aanvraag", gezocht.nummer) and _zonder_scan(sql), sql


@pytest.mark.django_db
def test_netaansluitingen_en_bord(wereld, dien_in, locatie_op, client):
    tellingen._netaansluitingen(wereld, dien_in, locatie_op, 3)
    gezocht = Netaansluiting.objects.order_by("pk")[1]
    client.force_login(wereld.cpo_mw)
    antwoord, sql = _zoek(client, f"/realisatie/netaansluitingen/?zoek={gezocht.nummer.replace('-', '')}")
    assert [a.pk for a in antwoord.context["pagina"]] == [gezocht.pk]
    assert _exact(sql, "netaansluiting_netaansluiting", gezocht.nummer) and _zonder_scan(sql), sql
    # The realisation board finds the location's realisation by its connection's number.
    realisatie = Realisatie.objects.get(aansluiting=gezocht)
    antwoord, sql = _zoek(client, f"/realisatie/?zoek={gezocht.nummer}")
    assert [r.pk for r in antwoord.context["pagina"]] == [realisatie.pk]
    assert _exact(sql, "netaansluiting_netaansluiting", gezocht.nummer) and _zonder_scan(sql), sql


@pytest.mark.django_db
def test_werklijst_verkeersbesluiten(wereld, dien_in, locatie_op, client):
    tellingen._verkeersbesluiten(wereld, dien_in, locatie_op, 3)
    gezocht = Verkeersbesluit.objects.order_by("pk")[1]
    client.force_login(wereld.gemeente_a_mw)
    antwoord, sql = _zoek(client, f"/verkeersbesluiten/?zoek={gezocht.nummer.lower()}")
    assert [b.pk for b in antwoord.context["pagina"]] == [gezocht.pk]
    assert _exact(sql, "verkeersbesluiten_verkeersbesluit", gezocht.nummer) and _zonder_scan(sql), sql
