"""The portal on gunicorn with threads in its worker, as a deployment may run it (`--threads`; Django's own
development server is threaded too).

Threads of one worker share its per-process memory (portal.procesgeheugen) and each has its own per-request
memory (portal.verzoekgeheugen, a context variable). Many simultaneous calls by users with different scopes
must each get their own answer: a memory shared by mistake would hand one user's gemeenten to another.
A real gunicorn, started from the project folder, on this test database (PostgreSQL: a subprocess cannot reach
SQLite's in-memory test database).
"""

import concurrent.futures
import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token

PROJECT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def gunicorn():
    if connection.vendor != "postgresql":
        pytest.skip("een tweede proces ziet de testdatabase alleen op PostgreSQL")
    instellingen = connection.settings_dict
    poort = _vrije_poort()
    omgeving = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "0",
        "SECRET_KEY": "gunicorn-test-" + "x" * 50,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": (
            f"postgres://{instellingen['USER']}:{instellingen['PASSWORD'] or ''}@{instellingen['HOST']}:"
            f"{instellingen['PORT'] or 5432}/{instellingen['NAME']}"
        ),
    }
    proces = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "portal.wsgi", "--workers", "1", "--threads", "4"),
            *("--bind", f"127.0.0.1:{poort}"),
        ],
        cwd=PROJECT,
        env=omgeving,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(150):
            try:
                with socket.create_connection(("127.0.0.1", poort), timeout=0.2):
                    break
            except OSError:
                assert proces.poll() is None, proces.stderr.read().decode()
                time.sleep(0.1)
        yield poort
    finally:
        proces.terminate()
        proces.wait(timeout=20)


def _vraag(poort: int, token: str) -> list[int]:
    verbinding = http.client.HTTPConnection("127.0.0.1", poort, timeout=30)
    verbinding.request(
        "GET", "/api/v1/locaties/", headers={"Host": "testserver", "Authorization": f"Token {token}"}
    )
    antwoord = verbinding.getresponse()
    assert antwoord.status == 200, antwoord.read()[:300]
    return sorted(rij["id"] for rij in json.loads(antwoord.read())["results"])


def test_gelijktijdige_verzoeken_krijgen_elk_hun_eigen_antwoord(wereld, locatie_op, gunicorn):
    a = [locatie_op(i * 50).pk for i in range(3)]
    b = [locatie_op(gemeente=wereld.gemeente_b).pk]
    c = [locatie_op(gemeente=wereld.gemeente_c).pk for _ in range(2)]
    verwacht = {
        Token.objects.create(user=wereld.cpo_mw).key: sorted(a + b),  # the CPO of A and B
        Token.objects.create(user=wereld.gemeente_a_mw).key: sorted(a),
        Token.objects.create(user=wereld.gemeente_c_mw).key: sorted(c),
        Token.objects.create(user=wereld.cpo_ander_mw).key: sorted(c),  # the CPO of C
        Token.objects.create(user=wereld.netbeheerder_mw).key: sorted(a + b),
    }
    vragen = [token for _ in range(12) for token in verwacht]
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(verwacht) * 2) as pool:
        antwoorden = list(pool.map(lambda token: _vraag(gunicorn, token), vragen))
    for token, ids in zip(vragen, antwoorden, strict=True):
        assert ids == verwacht[token]
