"""Hand-written SQL for the few reads that run at every move of a user's map, where composing the query in the
ORM cost as much as running it."""

from __future__ import annotations

import contextlib

from django.db import connection
from django.db.backends import utils


@contextlib.contextmanager
def voorbereide_cursor():
    """A cursor whose parameters PostgreSQL binds itself, so a statement it sees often is prepared and planned
    once per connection (settings: prepare_threshold; CONN_MAX_AGE keeps the connection), counted and logged
    like every other query. Django's own cursors bind parameters in Python and are planned anew each time. The SQL must name each parameter once per use (`= ANY(%s)` for a list, not an IN of a varying
    length, or every length is a statement of its own). Elsewhere (SQLite) the ordinary cursor."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    connection.validate_thread_sharing()
    ruw = ServerBindingCursor(connection.connection)
    cursor = _Logcursor(ruw, connection) if connection.queries_logged else connection.make_cursor(ruw)
    with cursor:
        yield cursor


class _Logcursor(utils.CursorDebugWrapper):
    """Logs a statement as the ORM's cursors do, parameters filled in: Django would read the text back from
    psycopg, which keeps none for a prepared statement."""

    def execute(self, sql, params=None):
        with self.debug_sql(connection.ops.compose_sql(sql, params) if params else sql, params):
            return utils.CursorWrapper.execute(self, sql, params)


def in_lijst(waarden: list) -> tuple[str, list]:
    """`IN (…)` for a list as SQL and parameters: on PostgreSQL `= ANY(%s)` with the list as one array, so the
    statement's text does not change with the list's length (and stays one prepared statement)."""
    if connection.vendor == "postgresql":
        return "= ANY(%s)", [list(waarden)]
    return f"IN ({', '.join(['%s'] * len(waarden))})", list(waarden)


def rijen(cursor, model=None) -> list[dict]:
    """The cursor's rows as dicts by column name; columns named after one of `model`'s fields get Django's
    converters, as in a values() query (SQLite hands back a stored time without its zone, for one)."""
    namen = [kolom[0] for kolom in cursor.description]
    uit = [dict(zip(namen, rij, strict=True)) for rij in cursor.fetchall()]
    if model is not None and uit:
        velden = {veld.attname: veld for veld in model._meta.concrete_fields}
        for naam in namen:
            veld = velden.get(naam)
            for omzetter in _omzetters(veld) if veld is not None else ():
                for rij in uit:
                    rij[naam] = omzetter(rij[naam], veld.cached_col, connection)
    return uit


def kolommen(model, alias: str, *, zonder: tuple[str, ...] = ()) -> tuple[list, str]:
    """The model's columns for a hand-written SELECT, in the order `model_uit` reads them back: its concrete
    fields (without `zonder`) and their SQL, each prefixed with the table's alias."""
    velden = [veld for veld in model._meta.concrete_fields if veld.name not in zonder]
    return velden, ", ".join(f"{alias}.{connection.ops.quote_name(veld.column)}" for veld in velden)


def model_uit(model, velden: list, waarden) -> object:
    """An instance of `model` from its columns' values as the database returned them, with Django's converters
    applied as the ORM applies them (SQLite's dates, for one); fields not in `velden` stay deferred."""
    omgezet = []
    for veld, waarde in zip(velden, waarden, strict=True):
        for omzetter in _omzetters(veld):
            waarde = omzetter(waarde, veld.cached_col, connection)
        omgezet.append(waarde)
    return model.from_db(connection.alias, [veld.attname for veld in velden], omgezet)


def _omzetters(veld) -> list:
    sleutel = (connection.vendor, veld)
    if sleutel not in _OMZETTERS:
        _OMZETTERS[sleutel] = connection.ops.get_db_converters(veld.cached_col) + veld.get_db_converters(
            connection
        )
    return _OMZETTERS[sleutel]


_OMZETTERS: dict = {}
