"""Work lists count at most WERKLIJST_TELGRENS rows (portal.paginering): a LIMIT-ed subquery count instead of
COUNT(*) over the whole join, "Meer dan …" above the cap, exact below it, and page links that keep working past
the cap. The cap is set to 5 here so a handful of rows crosses it."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from netaansluiting.models import Batch
from portal.paginering import BegrensdePaginator
from tests import test_querytellingen as tellingen

pytestmark = pytest.mark.django_db


def _batches(wereld, n):
    begin = Batch.objects.count()
    for i in range(begin, begin + n):
        Batch.objects.create(
            nummer=f"NB-2026-{i + 1:04d}",
            netbeheerder=wereld.netbeheerder,
            cpo=wereld.cpo,
            status=Batch.Status.VERZONDEN,
            verzenden_uiterlijk=dt.date(2026, 5, 1),
        )
    return Batch.objects.order_by("id")


def _telquery(vastgelegd) -> list[str]:
    return [q["sql"] for q in vastgelegd.captured_queries if "COUNT(" in q["sql"].upper()]


def test_onder_de_grens_telt_hij_precies(wereld):
    rijen = _batches(wereld, 4)
    pagina = BegrensdePaginator(rijen, 2, grens=5).get_page(1)
    assert pagina.paginator.count == 4
    assert not pagina.paginator.afgekapt
    assert pagina.paginator.num_pages == 2


def test_boven_de_grens_telt_hij_tot_de_grens_met_een_limit(wereld):
    rijen = _batches(wereld, 12)
    with CaptureQueriesContext(connection) as vastgelegd:
        paginator = BegrensdePaginator(rijen, 2, grens=5)
        pagina = paginator.get_page(1)
        assert paginator.afgekapt
    (telling,) = _telquery(vastgelegd)
    assert "LIMIT 6" in telling, telling
    assert paginator.ondergrens == 5
    assert paginator.paginas_meer_dan == 2
    assert pagina.has_next() and pagina.next_page_number() == 2
    assert [b.pk for b in pagina] == list(rijen.values_list("pk", flat=True)[:2])


def test_paginas_voorbij_de_grens_blijven_werken(wereld):
    rijen = _batches(wereld, 12)
    alle = list(rijen.values_list("pk", flat=True))
    # Page 5 (rows 9-10) lies past the cap of 5: the count reaches as deep as the page, and one row further.
    pagina = BegrensdePaginator(rijen, 2, grens=5).get_page("5")
    assert pagina.number == 5
    assert [b.pk for b in pagina] == alle[8:10]
    assert pagina.paginator.afgekapt and pagina.has_next()
    # The last page: the count reached the end, so it is exact again and there is no next page.
    pagina = BegrensdePaginator(rijen, 2, grens=5).get_page("6")
    assert [b.pk for b in pagina] == alle[10:12]
    assert not pagina.paginator.afgekapt and not pagina.has_next()
    assert pagina.paginator.count == 12
    # A page past the end falls back to the real last page, as Django's Paginator does.
    pagina = BegrensdePaginator(rijen, 2, grens=5).get_page("50")
    assert pagina.number == 6
    assert [b.pk for b in pagina] == alle[10:12]
    # A page number past any count (and past PostgreSQL's bigint) is the last page, not an error.
    assert BegrensdePaginator(rijen, 2, grens=5).get_page("1" + "0" * 30).number == 6
    # Rubbish is page 1.
    assert BegrensdePaginator(rijen, 2, grens=5).get_page("x").number == 1


WERKLIJSTEN = [
    ("aanvragen", "cpo_mw", "/aanvragen/werklijst/", tellingen._aanvragen, "aanvragen"),
    ("plankaart", "gemeente_a_mw", "/plankaart/werklijst/?alles=on", tellingen._locaties, "locaties"),
    ("verkeersbesluiten", "gemeente_a_mw", "/verkeersbesluiten/", tellingen._verkeersbesluiten, "verkeersbesluiten"),
    ("netaansluitingen", "cpo_mw", "/realisatie/netaansluitingen/", tellingen._netaansluitingen, "netaansluitingen"),
    ("batches", "cpo_mw", "/realisatie/batches/", lambda wereld, dien_in, locatie_op, n: _batches(wereld, n), "batches"),
]


@pytest.mark.parametrize(("naam", "wie", "url", "maak", "woord"), WERKLIJSTEN, ids=[w[0] for w in WERKLIJSTEN])
@override_settings(WERKLIJST_TELGRENS=5)
def test_werklijsten_tellen_tot_de_grens(naam, wie, url, maak, woord, wereld, dien_in, locatie_op, client):
    client.force_login(getattr(wereld, wie))
    maak(wereld, dien_in, locatie_op, 4)
    antwoord = client.get(url)
    assert antwoord.status_code == 200
    tekst = antwoord.content.decode()
    assert f"4 {woord}" in tekst, re.findall(r"aria-live=\"polite\">[^<]*", tekst)
    assert "Meer dan" not in tekst

    maak(wereld, dien_in, locatie_op, 4)
    with CaptureQueriesContext(connection) as vastgelegd:
        antwoord = client.get(url)
    assert antwoord.status_code == 200
    tekst = antwoord.content.decode()
    assert f"Meer dan 5 {woord}" in tekst, tekst
    assert any("LIMIT 6" in sql for sql in _telquery(vastgelegd)), _telquery(vastgelegd)
    # All 8 rows still fit on the one page of 25.
    assert tekst.count('aria-current="page"') <= 1


def test_een_pagina_zoekt_eerst_de_ids_en_dan_de_rijen(wereld):
    # Late row lookup: the sort runs over a narrow query of ids; the wide rows (with their relations) are read
    # for the page's ids only.
    rijen = _batches(wereld, 12).select_related("cpo", "netbeheerder")
    with CaptureQueriesContext(connection) as vastgelegd:
        pagina = BegrensdePaginator(rijen, 2, grens=5).get_page(3)
        gelezen = [(b.pk, b.cpo.naam) for b in pagina]
    assert [pk for pk, _ in gelezen] == list(rijen.values_list("pk", flat=True)[4:6])
    sql = [q["sql"] for q in vastgelegd.captured_queries if "COUNT(" not in q["sql"].upper()]
    ids, wijd = sql
    assert ids.startswith('SELECT "netaansluiting_batch"."id" AS "pk" FROM') and "OFFSET 4" in ids, ids
    assert "portal_organisatie" not in ids, ids
    assert '"netaansluiting_batch"."id" IN (' in wijd and "portal_organisatie" in wijd and "OFFSET" not in wijd


def test_een_diepe_pagina_telt_een_keer(wereld):
    # Page 4 lies past the cap of 5: its count reaches one row into page 5, so asking for the next page's number
    # (the "Volgende" link) needs no second count.
    rijen = _batches(wereld, 12)
    with CaptureQueriesContext(connection) as vastgelegd:
        pagina = BegrensdePaginator(rijen, 2, grens=5).get_page("4")
        assert pagina.has_next() and pagina.next_page_number() == 5
        assert pagina.paginator.afgekapt and pagina.paginator.paginas_meer_dan == 4
    (telling,) = _telquery(vastgelegd)
    assert "LIMIT 9" in telling, telling
