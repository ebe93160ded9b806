"""The database itself refuses to rewrite history (DESIGN.md 5): triggers on the history table that abort
every UPDATE and DELETE, on PostgreSQL and on SQLite.

The triggers are (re)installed after every migrate, not only in one migration: on SQLite a later migration
that alters the table rebuilds it and would silently drop them. `flush` (an administrator's "empty the whole
database", also used between transactional tests) is the one sanctioned exception; see the flush command.
"""

from django.db import connections

TABEL = "portal_statuswijziging"
MELDING = "Statushistorie is alleen aan te vullen; wijzigen en verwijderen weigert de database."

POSTGRESQL = [
    f"""
    CREATE OR REPLACE FUNCTION portal_historie_alleen_aanvullen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{MELDING} (% op %)', TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
    END
    $$
    """,
    f"DROP TRIGGER IF EXISTS {TABEL}_alleen_aanvullen ON {TABEL}",
    f"""
    CREATE TRIGGER {TABEL}_alleen_aanvullen BEFORE UPDATE OR DELETE ON {TABEL}
    FOR EACH ROW EXECUTE FUNCTION portal_historie_alleen_aanvullen()
    """,
]

SQLITE = [
    f"""
    CREATE TRIGGER IF NOT EXISTS {TABEL}_geen_update BEFORE UPDATE ON {TABEL}
    BEGIN SELECT RAISE(ABORT, '{MELDING} (UPDATE)'); END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS {TABEL}_geen_delete BEFORE DELETE ON {TABEL}
    BEGIN SELECT RAISE(ABORT, '{MELDING} (DELETE)'); END
    """,
]


def installeer(using: str = "default") -> None:
    verbinding = connections[using]
    opdrachten = {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(verbinding.vendor)
    if opdrachten is None or TABEL not in verbinding.introspection.table_names():
        return
    with verbinding.cursor() as cursor:
        for sql in opdrachten:
            cursor.execute(sql)


def hef_op_voor_flush(using: str = "default") -> None:
    """Before a flush on SQLite (which empties tables with DELETE): drop the delete guard; the post_migrate
    signal that flush sends afterwards puts it back. PostgreSQL empties with TRUNCATE, which row triggers do
    not see, so nothing needs lifting there."""
    verbinding = connections[using]
    if verbinding.vendor == "sqlite":
        with verbinding.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER IF EXISTS {TABEL}_geen_delete")


def na_migratie(sender, using="default", **kwargs) -> None:
    installeer(using)
