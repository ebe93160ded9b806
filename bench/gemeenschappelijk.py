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
