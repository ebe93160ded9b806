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


def test_tupels_zijn_de_rijen_van_rijen_op_volgorde(wereld, locatie_op):
    """`tupels` hands back what `rijen` does, by position instead of by name: Django's converters applied (on
    SQLite a date arrives as text, a boolean as a number). A list of names that does not fit the statement is
    an error, not a row read askew."""
    plek = locatie_op(10, 20)
    Locatie.objects.filter(pk=plek.pk).update(termijn_uiterlijk=dt.date(2026, 12, 14), bezwaar_loopt=True)
    namen = ("id", "gewijzigd_op", "termijn_uiterlijk", "bezwaar_loopt", "proactief_jaar")
    vraag = f"SELECT {', '.join(namen)} FROM plankaart_locatie WHERE id = %s"
    with sql.voorbereide_cursor() as cursor:
        cursor.execute(vraag, [plek.pk])
        (als_dict,) = sql.rijen(cursor, Locatie)
        cursor.execute(vraag, [plek.pk])
        (als_tupel,) = sql.tupels(cursor, Locatie, namen)
        assert tuple(als_tupel) == tuple(als_dict.values())
        assert als_tupel[2] == dt.date(2026, 12, 14) and als_tupel[3] is True
        cursor.execute(vraag, [plek.pk])
        with pytest.raises(ValueError):
            sql.tupels(cursor, Locatie, namen[:-1])
