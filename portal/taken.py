"""Publishing Celery tasks from a request without letting the broker take the request down.

Every task the portal publishes after a change is saved goes through `publiceer`. The change is committed by
then, so a broker that is down or hanging must never turn the answer into a 500: the client would take it for
a failure, and its retry would get 409. Not publishing loses nothing, because each task published here has a
beat sweep that finds the same work in the database (portal.celery has the schedule):

- e-mail for messages (portal.tasks.bezorg_berichten): the outbox rows, sent by
  portal.tasks.bezorg_openstaande_berichten every minute;
- bundling grid connections (netaansluiting.tasks.bundel_aansluitingen): waiting connections are rows, the same
  task runs on beat every ten minutes;
- plankaart imports (plankaart.tasks.controleer_import and pas_import_toe): the import row says what is left,
  plankaart.tasks.hervat_imports resumes it every five minutes;
- checking a plate again at the RDW (aanvragen.tasks.controleer_rdw): the request stays marked "RDW niet
  bereikt", aanvragen.tasks.controleer_rdw_opnieuw finds it every hour.

A task without such a sweep must get one before it is published through here.

A hanging Redis costs a publish about three socket timeouts (some 15 seconds with the settings' 5), so after
one failure this process does not try that broker again for PAUZE seconds: the sweeps pick the work up anyway.
"""

from __future__ import annotations

import logging
import threading
import time

from kombu.exceptions import KombuError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

# A broker that cannot be reached: kombu wraps connection errors in OperationalError (a KombuError) once its
# retry policy is spent; the others can come straight from the socket or redis-py.
BROKERFOUTEN = (KombuError, RedisConnectionError, RedisTimeoutError, OSError)

# Seconds without publishing to a broker after it failed.
PAUZE = 30.0

_lock = threading.Lock()
_gepauzeerd_tot: dict[str, float] = {}  # broker URL -> monotonic time
_overgeslagen: dict[str, int] = {}


def publiceer(taak, *args, **kwargs) -> bool:
    """Publish `taak` with these arguments; True when it was handed to the broker (or run, when eager).

    A broker error is logged as a warning and False returned; the caller's work waits for its sweep."""
    app = taak.app
    if not app.conf.task_always_eager:
        broker = str(app.conf.broker_url)
        if time.monotonic() < _gepauzeerd_tot.get(broker, 0.0):
            with _lock:
                _overgeslagen[broker] = _overgeslagen.get(broker, 0) + 1
            return False
    try:
        taak.apply_async(args, kwargs)
    except BROKERFOUTEN as fout:
        broker = str(app.conf.broker_url)
        with _lock:
            _gepauzeerd_tot[broker] = time.monotonic() + PAUZE
            overgeslagen = _overgeslagen.pop(broker, 0)
        log.warning(
            "Broker onbereikbaar (%s); %s wordt opgepakt door de herhaalronde. Publiceren staat %d s stil "
            "(%d taak/taken overgeslagen sinds de vorige melding).",
            fout,
            taak.name,
            PAUZE,
            overgeslagen,
        )
        return False
    except Exception:
        # Not a broker outage but a bug; still after the commit, so the answer must not become a 500.
        log.exception("Taak %s kon niet worden gepubliceerd; de herhaalronde pakt het werk op.", taak.name)
        return False
    return True
