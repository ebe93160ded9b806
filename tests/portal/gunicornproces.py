"""A real gunicorn for the tests, started from the project folder (so with its gunicorn.conf.py, as the README,
the Dockerfile and docker-compose.yml start it), on this test database (PostgreSQL: a subprocess cannot reach
SQLite's in-memory test database)."""

import contextlib
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

PROJECT = Path(__file__).resolve().parents[2]


@dataclass
class Gunicorn:
    proces: subprocess.Popen
    poort: int
    _log: Path

    def log(self) -> str:
        return self._log.read_text()

    def logt(self, tekst: str, *, uiterlijk_s: float = 30) -> bool:
        """Whether the log says `tekst` within `uiterlijk_s` (gunicorn logs its worker soon after it listens)."""
        einde = time.monotonic() + uiterlijk_s
        while tekst not in self.log():
            if time.monotonic() > einde:
                return False
            time.sleep(0.1)
        return True

    def workers(self, aantal: int, *, uiterlijk_s: float = 60) -> list[int]:
        """The pids of its `aantal` workers once all have started and sit idle (no CPU used for 0.3 s): gunicorn
        starts them one after another, and each loads the portal before it waits for connections."""
        einde = time.monotonic() + uiterlijk_s
        vorige = None
        while time.monotonic() < einde:
            uitvoer = subprocess.run(["pgrep", "-P", str(self.proces.pid)], capture_output=True, text=True)
            pids = sorted(int(pid) for pid in uitvoer.stdout.split())
            nu = (pids, [_cpu(pid) for pid in pids])
            if len(pids) == aantal and nu == vorige:
                return pids
            vorige = nu
            time.sleep(0.3)
        raise AssertionError(f"geen {aantal} rustige workers: {vorige}")


def _cpu(pid: int) -> int:
    """User and system time of process `pid`, in clock ticks."""
    with open(f"/proc/{pid}/stat") as stat:
        velden = stat.read().rsplit(")", 1)[1].split()
    return int(velden[11]) + int(velden[12])


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def gunicorn(*opties: str):
    """gunicorn serving portal.wsgi with `opties`; stopped with SIGTERM afterwards (its exit code in
    `proces.returncode`). Skips the test on SQLite."""
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
    with tempfile.TemporaryDirectory() as map_:
        log = Path(map_) / "gunicorn.log"
        with log.open("wb") as uit:
            proces = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{poort}", *opties],
                cwd=PROJECT,
                env=omgeving,
                stdout=subprocess.DEVNULL,
                stderr=uit,
            )
        try:
            for _ in range(150):
                try:
                    with socket.create_connection(("127.0.0.1", poort), timeout=0.2):
                        break
                except OSError:
                    assert proces.poll() is None, log.read_text()
                    time.sleep(0.1)
            yield Gunicorn(proces, poort, log)
        finally:
            proces.terminate()
            try:
                proces.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proces.kill()
                proces.wait()
                raise


def haal(poort: int, pad: str, **kop: str) -> tuple[int, bytes]:
    """GET `pad` on a connection of its own, as the Host the settings allow: (status, body)."""
    verbinding = http.client.HTTPConnection("127.0.0.1", poort, timeout=30)
    try:
        verbinding.request("GET", pad, headers={"Host": "testserver", **kop})
        antwoord = verbinding.getresponse()
        return antwoord.status, antwoord.read()
    finally:
        verbinding.close()


def locatie_ids(poort: int, token: str) -> list[int]:
    """The ids of the locations the token's user sees (the API's first page), sorted; the call must answer 200."""
    status, lijf = haal(poort, "/api/v1/locaties/", Authorization=f"Token {token}")
    assert status == 200, lijf[:300]
    return sorted(rij["id"] for rij in json.loads(lijf)["results"])
