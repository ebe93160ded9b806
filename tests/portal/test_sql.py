"""portal.sql: hand-written statements read back as the ORM reads them."""

import datetime as dt

import pytest

from plankaart.models import Locatie
from portal import sql

pytestmark = pytest.mark.django_db


def test_binair_gelezen_rijen_zijn_die_van_tekst(wereld, locatie_op):
    """`binair=True` (PostgreSQL's binary rows, psycopg's C loaders) hands back the same values of the same
    types as text does: a time with Django's UTC, a date, numbers, text, a boolean and NULL."""
    plek = locatie_op(10, 20)
    Locatie.objects.filter(pk=plek.pk).update(termijn_uiterlijk=dt.date(2026, 12, 14), bezwaar_loopt=True)
    kolommen = (
        "id, gewijzigd_op, termijn_uiterlijk, lat, rd_x, laadpunten, status, bezwaar_loopt, proactief_jaar"
    )
    gelezen = []
    for binair in (False, True):
        with sql.voorbereide_cursor(binair=binair) as cursor:
            cursor.execute(f"SELECT {kolommen} FROM plankaart_locatie WHERE id = %s", [plek.pk])
            gelezen.append(sql.rijen(cursor, Locatie)[0])
    tekst, binair = gelezen
    assert binair == tekst
    assert {k: type(v) for k, v in binair.items()} == {k: type(v) for k, v in tekst.items()}
    assert binair["gewijzigd_op"].tzinfo is dt.UTC and binair["termijn_uiterlijk"] == dt.date(2026, 12, 14)
    assert binair["proactief_jaar"] is None and binair["bezwaar_loopt"] is True
