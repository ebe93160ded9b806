"""The portal's gunicorn worker (portal.gunicornwerkers, named in gunicorn.conf.py): gunicorn's sync worker,
woken alone for a new connection. gunicorn's own wakes every idle worker for each connection (the thundering
herd of its FAQ); the ones that find nothing to accept go back to sleep, each a context switch."""

import concurrent.futures
import select
import time

import pytest
from rest_framework.authtoken.models import Token

from tests.portal.gunicornproces import gunicorn, haal, locatie_ids

pytestmark = pytest.mark.django_db(transaction=True)


def _vrijwillige_wissels(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for regel in status:
            if regel.startswith("voluntary_ctxt_switches:"):
                return int(regel.split()[1])
    raise AssertionError("geen voluntary_ctxt_switches")


def _wissels_per_worker(server, verbindingen: int) -> list[int]:
    """How often each worker went to sleep while `verbindingen` connections came in one by one, each while both
    workers were idle and waiting (a pause before each)."""
    haal(server.poort, "/api/v1/")  # the first answer is behind us
    workers = server.workers(2)
    voor = [_vrijwillige_wissels(pid) for pid in workers]
    for _ in range(verbindingen):
        time.sleep(0.05)
        assert haal(server.poort, "/api/v1/")[0] == 401  # no credentials: an answer without a query
    return [_vrijwillige_wissels(pid) - v for pid, v in zip(workers, voor, strict=True)]


@pytest.mark.skipif(not hasattr(select, "EPOLLEXCLUSIVE"), reason="EPOLLEXCLUSIVE: Linux 4.5 en later")
def test_een_verbinding_wekt_een_worker_niet_allemaal():
    with gunicorn("--workers", "2", "--log-level", "info") as server:
        assert server.logt("Using worker: portal.gunicornwerkers.SyncWorker"), server.log()
        eigen = _wissels_per_worker(server, 20)
    with gunicorn("--workers", "2", "--worker-class", "sync") as server:
        gunicorns = _wissels_per_worker(server, 20)
    # gunicorn's own: both workers wake for every connection. The portal's: one answers, the other sleeps on.
    assert min(gunicorns) >= 20, gunicorns
    assert min(eigen) <= 2 and max(eigen) >= 20, eigen


def test_twee_workers_beantwoorden_alles_en_stoppen_netjes(wereld, locatie_op):
    """One after another on new connections, and many at once: every call its own right answer; SIGTERM stops
    the server cleanly (exit code 0)."""
    plekken = sorted(locatie_op(i * 40).pk for i in range(3))
    token = Token.objects.create(user=wereld.gemeente_a_mw).key
    with gunicorn("--workers", "2") as server:
        assert [locatie_ids(server.poort, token) for _ in range(20)] == [plekken] * 20
        with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
            assert list(pool.map(lambda _: locatie_ids(server.poort, token), range(48))) == [plekken] * 48
    assert server.proces.returncode == 0, server.log()
