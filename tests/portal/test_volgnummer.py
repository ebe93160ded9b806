"""Case numbers under concurrency: unique and increasing per year, and no submission waits for another one's
transaction to commit (portal.models.Volgnummer, aanvragen.services.dien_in)."""

import concurrent.futures
import datetime as dt
import threading

import pytest
from django.db import connection, transaction
from django.db.models.signals import pre_save

from aanvragen.models import Aanvraag
from portal import klok
from portal.models import Volgnummer

pytestmark = pytest.mark.django_db(transaction=True)
# SQLite has one writer for the whole file: a transaction that wrote holds every other writer, so "no
# submission waits for another one's transaction" is PostgreSQL's (row locks); CI runs these there.
ALLEEN_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Rijvergrendeling en lock_timeout bestaan alleen op PostgreSQL."
)


def _in_eigen_verbinding(functie, *args):
    """Run in a thread of its own, i.e. on a database connection of its own, and close that connection."""
    try:
        return functie(*args)
    finally:
        connection.close()


def test_gelijktijdig_trekken_geeft_verschillende_oplopende_nummers():
    def trek_vijf(_):
        return [Volgnummer.volgende("LP", 2026) for _ in range(5)]

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        reeksen = list(pool.map(lambda i: _in_eigen_verbinding(trek_vijf, i), range(8)))
    alle = [n for reeks in reeksen for n in reeks]
    assert sorted(alle) == list(range(1, 41))
    assert all(reeks == sorted(reeks) for reeks in reeksen)  # increasing within each caller
    assert Volgnummer.volgende("LP", 2027) == 1  # a new year starts its own counter
    assert Volgnummer.objects.get(soort="LP", jaar=2026).laatste == 40


@ALLEEN_POSTGRESQL
def test_open_transactie_houdt_het_jaarnummer_niet_vast():
    """A transaction that holds a number it took stays open; meanwhile another caller takes one and commits,
    without waiting (lock_timeout turns a wait into an error)."""
    genomen, klaar = threading.Event(), threading.Event()

    def houd_open():
        nummer = Volgnummer.volgende("LP", 2026)
        with transaction.atomic():
            Volgnummer.objects.create(soort="HOUD", jaar=nummer)  # the open transaction did write
            genomen.set()
            assert klaar.wait(10)
        return nummer

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        eerste = pool.submit(_in_eigen_verbinding, houd_open)
        assert genomen.wait(10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
        try:
            tweede = Volgnummer.volgende("LP", 2026)
        finally:
            klaar.set()
        assert (eerste.result(), tweede) == (1, 2)


@ALLEEN_POSTGRESQL
def test_indienen_wacht_niet_op_een_indiening_die_nog_loopt(wereld, dien_in):
    """Two real submissions: the first is held inside its transaction, number taken, just before its request
    row is written; the second gets the next number and commits while the first is still open. (Held any later,
    the first would hold the day's row of portal_openfase, which the phase-count trigger raises for every new
    request of that gemeente and step: a lock of its own, not the case number's.)"""
    binnen, verder = threading.Event(), threading.Event()
    vasthouden = threading.get_ident

    def houd_vast(sender, instance, **kwargs):
        if instance.pk is None and threading.get_ident() == vasthouder[0]:
            binnen.set()
            assert verder.wait(10)

    vasthouder = [None]

    def eerste_indiening():
        vasthouder[0] = vasthouden()
        with klok.vastgezet(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)):
            return dien_in().nummer

    pre_save.connect(houd_vast, sender=Aanvraag, dispatch_uid="test_volgnummer.houd_vast")
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            eerste = pool.submit(_in_eigen_verbinding, eerste_indiening)
            assert binnen.wait(20)
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '2s'")
            try:
                with klok.vastgezet(dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)):
                    tweede = dien_in(aanvrager=wereld.erijder2, huisnummer=14)
                # Committed while the first submission's transaction is still open.
                assert Aanvraag.objects.filter(nummer=tweede.nummer).exists()
                assert not Aanvraag.objects.filter(aanvrager=wereld.erijder).exists()
            finally:
                verder.set()
            assert (eerste.result(), tweede.nummer) == ("LP-2026-000001", "LP-2026-000002")
    finally:
        pre_save.disconnect(dispatch_uid="test_volgnummer.houd_vast", sender=Aanvraag)
    assert Aanvraag.objects.filter(aanvrager=wereld.erijder).exists()
