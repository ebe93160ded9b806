"""A real Celery worker on the configured broker (Redis in CI, the filesystem transport on a laptop)."""

import time

import pytest
from celery.contrib.testing.worker import start_worker

from portal.celery import app as celery_app
from portal.models import Bericht


@pytest.fixture
def echte_worker():
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        celery_app.conf.task_always_eager = True


@pytest.mark.django_db(transaction=True)
def test_worker_bezorgt_ontvangstbevestiging(wereld, dien_in, mailoutbox, echte_worker):
    aanvraag = dien_in()  # commits; on commit the delivery task goes to the broker
    bericht = Bericht.objects.get(ontvanger=wereld.erijder)
    einde = time.monotonic() + 30
    while time.monotonic() < einde:
        bericht.refresh_from_db()
        if bericht.email_verzonden_op:
            break
        time.sleep(0.2)
    assert bericht.email_verzonden_op is not None, "de worker bezorgde de ontvangstbevestiging niet"
    assert any(aanvraag.nummer in m.subject for m in mailoutbox)
