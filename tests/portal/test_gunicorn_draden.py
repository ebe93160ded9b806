"""The portal on gunicorn with threads in its worker, as a deployment may run it (`--threads`; Django's own
development server is threaded too).

Threads of one worker share its per-process memory (portal.procesgeheugen) and each has its own per-request
memory (portal.verzoekgeheugen, a context variable). Many simultaneous calls by users with different scopes
must each get their own answer: a memory shared by mistake would hand one user's gemeenten to another.
A real gunicorn (tests.portal.gunicornproces).
"""

import concurrent.futures

import pytest
from rest_framework.authtoken.models import Token

from tests.portal.gunicornproces import gunicorn as start_gunicorn
from tests.portal.gunicornproces import locatie_ids

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def gunicorn():
    with start_gunicorn("--workers", "1", "--threads", "4", "--log-level", "info") as server:
        # With threads gunicorn runs its gthread worker, also under the project's own worker (gunicorn.conf.py).
        assert server.logt("Using worker: gthread"), server.log()
        yield server.poort


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
        antwoorden = list(pool.map(lambda token: locatie_ids(gunicorn, token), vragen))
    for token, ids in zip(vragen, antwoorden, strict=True):
        assert ids == verwacht[token]
