"""What every benchmark needs: its own PostgreSQL database, made fresh, and Django set up against it."""

import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

BASIS = Path(__file__).resolve().parent.parent
STANDAARD_URL = "postgres://postgres@127.0.0.1:5432/laadpaal_bench"


def start_django() -> str:
    """Drop and create the benchmark database, point Django at it, migrate. Returns the database URL."""
    # bench/http.py would shadow the standard library's http package that Django imports: once a benchmark has
    # imported this module, its own folder leaves the import path.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
    sys.path.insert(0, str(BASIS))
    database_url = os.environ.get("BENCH_DATABASE_URL", STANDAARD_URL)
    werkmap = tempfile.mkdtemp(prefix="laadpaal-bench-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DEBUG="0",
        SECRET_KEY="bench-" + "x" * 50,
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=database_url,
        REDIS_URL="",  # e-mail delivery goes to a filesystem queue: what is measured is the portal's own work
        CELERY_FILESYSTEM_DIR=werkmap,
        CACHE_DIR=os.path.join(werkmap, "cache"),
        EMAIL_URL="consolemail://",
        LOG_LEVEL="WARNING",
    )
    _maak_database_opnieuw(database_url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return database_url


def _maak_database_opnieuw(database_url: str) -> None:
    import psycopg

    url = urlparse(database_url)
    naam = url.path.lstrip("/")
    with psycopg.connect(url._replace(path="/postgres").geturl(), autocommit=True) as verbinding:
        verbinding.execute(f'DROP DATABASE IF EXISTS "{naam}"')
        verbinding.execute(f'CREATE DATABASE "{naam}"')


def percentielen(metingen_ms: list[float]) -> tuple[float, float]:
    """p50 and p95 of a list of timings."""
    geordend = sorted(metingen_ms)
    return geordend[len(geordend) // 2], geordend[min(len(geordend) - 1, int(len(geordend) * 0.95))]


class Querytelling:
    """Counts every query on the default connection in the block, however many (Django's
    CaptureQueriesContext keeps the last 9,000 only, so a long sweep looked cheaper than it is).

        with Querytelling() as telling:
            ...
        telling.aantal
    """

    def __init__(self):
        self.aantal = 0

    def _tel(self, execute, sql, params, many, context):
        self.aantal += 1  # an executemany counts once, as CaptureQueriesContext logs it
        return execute(sql, params, many, context)

    def __enter__(self):
        from django.db import connection

        self._wrapper = connection.execute_wrapper(self._tel)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        return self._wrapper.__exit__(*exc)

    def __len__(self) -> int:
        return self.aantal


def standaardwaarden(model) -> tuple[list, dict]:
    """The model's concrete fields but its id, and per attname the value a row that leaves it out gets: the
    field's default (prepared for the database), None where it may be null, else "" for text, else None (the
    row must give it; the database says which column if it does not)."""
    from django.db import connection
    from django.db.models import AutoField, BigAutoField, CharField, FileField, TextField

    velden = [v for v in model._meta.concrete_fields if not isinstance(v, AutoField | BigAutoField)]
    standaard = {}
    for veld in velden:
        if veld.has_default():
            waarde = veld.get_db_prep_save(veld.get_default(), connection)
        elif veld.null:
            waarde = None
        elif isinstance(veld, CharField | TextField | FileField):
            waarde = ""
        else:
            waarde = None
        standaard[veld.attname] = waarde
    return velden, standaard


def kopieer(model, rijen) -> int:
    """Write `rijen` (dicts of attname → value, ready for the database) into the model's table with COPY. Every
    concrete column a row leaves out gets the field's default (prepared once), None where it may be null, else ""
    for text: a column added to the model later does not break the bench (a NOT NULL column the COPY left out
    did). Returns the number of rows."""
    from django.db import connection
    from psycopg.types.json import Jsonb

    velden, standaard = standaardwaarden(model)
    json_velden = {v.attname for v in velden if v.get_internal_type() == "JSONField"}
    kolommen = ", ".join(connection.ops.quote_name(v.column) for v in velden)
    namen = [v.attname for v in velden]
    aantal = 0
    sql = f"COPY {model._meta.db_table} ({kolommen}) FROM STDIN"
    with connection.cursor() as cursor, cursor.connection.cursor().copy(sql) as copy:
        for rij in rijen:
            copy.write_row(
                [Jsonb(rij[n]) if n in json_velden and n in rij else rij.get(n, standaard[n]) for n in namen]
            )
            aantal += 1
    return aantal
