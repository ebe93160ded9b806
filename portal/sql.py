"""Hand-written SQL for the few statements nearly every request sends (who is asking, with the settings token;
which gemeenten a CPO serves), for the nearest-locations search and for the own-request-nearby check of every
submission, where composing the query in the ORM cost more than running it.

Each statement goes through `voorbereide_cursor`: PostgreSQL binds its parameters and prepares it once per
connection (as every ORM statement, settings.DATABASES), and Django logs and counts it like any ORM query. Rows
come back as the ORM would hand them (`rijen`, `model_uit`), Django's converters applied.
"""

from __future__ import annotations

import contextlib
import functools

from django.db import DEFAULT_DB_ALIAS, connections


def _verbinding():
    # The connection itself, looked up once per call: the `connection` proxy asks a context-local store on
    # every attribute (about a hundred times per request on these paths).
    return connections[DEFAULT_DB_ALIAS]


@contextlib.contextmanager
def voorbereide_cursor(*, binair: bool = False):
    """A cursor for these statements: on PostgreSQL its parameters are bound by the server (settings.DATABASES:
    server_side_binding, as for every ORM statement), so a statement it sees often is prepared and planned once
    per connection (prepare_threshold; CONN_MAX_AGE keeps the connection); counted and logged like every other
    query. Each parameter appears once per use; a list is one array (`in_lijst`), or every length of it would
    be a statement of its own.

    `binair`: rows come back in PostgreSQL's binary format, read by psycopg's C loaders. In text, Django reads
    every timestamptz through a loader written in Python (some 4 µs each: 0.2 ms for a page of 50). Only for
    statements without JSON columns: in binary psycopg parses jsonb itself, where Django's JSONField expects
    the text."""
    verbinding = _verbinding()
    with verbinding.cursor() as cursor:
        if binair and verbinding.vendor == "postgresql":
            from psycopg.pq import Format

            cursor.cursor.format = Format.BINARY
        yield cursor


def in_lijst(waarden: list) -> tuple[str, list]:
    """`IN (…)` for a list as SQL and parameters: on PostgreSQL `= ANY(%s)` with the list as one array, so the
    statement's text does not change with the list's length (and stays one prepared statement)."""
    if _verbinding().vendor == "postgresql":
        return "= ANY(%s)", [list(waarden)]
    return f"IN ({', '.join(['%s'] * len(waarden))})", list(waarden)


def rijen(cursor, model=None) -> list[dict]:
    """The cursor's rows as dicts by column name; columns named after one of `model`'s fields get Django's
    converters, as in a values() query (SQLite hands back a stored time without its zone, for one)."""
    namen = tuple(kolom[0] for kolom in cursor.description)
    uit = [dict(zip(namen, rij, strict=True)) for rij in cursor.fetchall()]
    if model is not None and uit:
        _zet_om(uit, model, namen, op_naam=True)
    return uit


def tupels(cursor, model, namen: tuple[str, ...]) -> list:
    """The cursor's rows as the database driver hands them (a tuple per row, its columns in the order of
    `namen`), with Django's converters applied as `rijen` applies them (a row is then a list). For the hottest
    list, where a dict per row cost about 60 µs per page of 50; its reader finds a column by position."""
    uit = cursor.fetchall()
    if uit and len(uit[0]) != len(namen):
        raise ValueError(f"{len(namen)} namen, {len(uit[0])} kolommen")
    if not uit or not _omgezette_velden(_verbinding().vendor, model, namen):
        return uit
    uit = [list(rij) for rij in uit]
    _zet_om(uit, model, namen, op_naam=False)
    return uit


def _zet_om(uit: list, model, namen: tuple[str, ...], *, op_naam: bool) -> None:
    """Django's converters applied in place to rows with the columns `namen`: dicts (`op_naam`) or lists."""
    verbinding = _verbinding()
    for plaats, veld, omzetters in _omgezette_velden(verbinding.vendor, model, namen):
        sleutel = namen[plaats] if op_naam else plaats
        for omzetter in omzetters:
            for rij in uit:
                rij[sleutel] = omzetter(rij[sleutel], veld.cached_col, verbinding)


def kolommen(model, alias: str, *, zonder: tuple[str, ...] = ()) -> tuple[list, str]:
    """The model's columns for a hand-written SELECT, in the order `model_uit` reads them back: its concrete
    fields (without `zonder`) and their SQL, each prefixed with the table's alias."""
    quote = _verbinding().ops.quote_name
    velden = [veld for veld in model._meta.concrete_fields if veld.name not in zonder]
    return velden, ", ".join(f"{alias}.{quote(veld.column)}" for veld in velden)


def model_uit(model, velden: list, waarden) -> object:
    """An instance of `model` from its columns' values as the database returned them, with Django's converters
    applied as the ORM applies them (SQLite's dates, for one); fields not in `velden` stay deferred."""
    verbinding = _verbinding()
    namen = tuple(veld.attname for veld in velden)
    omgezet = list(waarden)
    if len(omgezet) != len(namen):
        raise ValueError(f"{len(namen)} velden, {len(omgezet)} waarden")
    _zet_om([omgezet], model, namen, op_naam=False)
    return model.from_db(verbinding.alias, namen, omgezet)


# Which columns need a converter is looked up once per process for each list of columns: hashing a Field (in
# Python) for each column of each row, to find that most need none, cost the statement every request sends
# (who is asking) more than reading its row.


@functools.cache
def _omgezette_velden(vendor: str, model, namen: tuple[str, ...]) -> tuple:
    """(position, field, converters) for each name in `namen` that is the attname of one of `model`'s fields
    with converters on the database `vendor` (the connection's)."""
    velden = {veld.attname: veld for veld in model._meta.concrete_fields}
    verbinding = _verbinding()
    return tuple(
        (plaats, velden[naam], omzetters)
        for plaats, naam in enumerate(namen)
        if naam in velden
        for omzetters in [_omzetters(verbinding, velden[naam])]
        if omzetters
    )


def _omzetters(verbinding, veld) -> list:
    """Django's converters for one field's column on this database (the ones SQLCompiler.apply_converters
    uses)."""
    return [
        *verbinding.ops.get_db_converters(veld.cached_col),
        *veld.get_db_converters(verbinding),
    ]
