"""portal.kringen: once an API answer is rendered, its view (with its request, answer, paginator and page) is
freed by reference counting, not left as garbage for Python's cycle collector; so is Django's request. Checked
with the collector switched off: a view or request that is still alive after the call sits in a cycle."""

import gc

import pytest
from django.contrib.messages import get_messages
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.views import APIView

from tests.conftest import IN_A

pytestmark = pytest.mark.django_db


def _levende_views() -> list:
    # By type: isinstance would ask a dead weak proxy among the objects for its class, and raise.
    return [o for o in gc.get_objects() if issubclass(type(o), APIView)]


@pytest.fixture
def zonder_kringopruimer():
    """For the tests, gc off; the views a test left behind before it ran are cleared first."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@pytest.mark.parametrize(
    "pad",
    [
        f"/api/v1/locaties/?nabij={IN_A[0]},{IN_A[1]}&straal=500",  # the nearest-locations search's own path
        "/api/v1/locaties/987654321/",  # an error answer (404) from DRF's exception handler
    ],
)
def test_een_api_antwoord_laat_geen_view_in_een_kring_achter(wereld, locatie_op, zonder_kringopruimer, pad):
    for noord in (0, 40, 80):
        locatie_op(noord)
    api = APIClient()
    api.force_authenticate(wereld.gemeente_a_mw)
    voor = {id(view) for view in _levende_views()}
    antwoord = api.get(pad)
    assert antwoord.status_code in (200, 404)
    # The answer keeps its data (tests read it); only the contexts that tied it to the view are empty.
    assert antwoord.data is not None and not antwoord.renderer_context
    del antwoord
    achter = [view for view in _levende_views() if id(view) not in voor]
    assert not achter, [[type(r) for r in gc.get_referrers(view)] for view in achter]


@pytest.mark.parametrize("pad", ["/api/v1/locaties/", "/api/v1/aanvragen/"])
def test_een_serializer_houdt_alleen_een_lege_view_vast(
    wereld, locatie_op, dien_in, zonder_kringopruimer, pad
):
    """A serializer's context names the view, and DRF's serializers are cycles of their own (each field keeps
    its parent, the data keeps its serializer): the view lives on with them until the collector runs, but
    empty, without the request and the answer."""
    locatie_op()
    dien_in()
    api = APIClient()
    api.force_authenticate(wereld.gemeente_a_mw)
    voor = {id(view) for view in _levende_views()}
    antwoord = api.get(pad)
    assert antwoord.status_code == 200 and antwoord.data["count"] == 1
    del antwoord
    nieuw = [view for view in _levende_views() if id(view) not in voor]
    assert [view.__dict__ for view in nieuw] == [{}] * len(nieuw)


def test_een_niet_gerenderd_antwoord_houdt_zijn_context():
    """An answer that is still to be rendered needs its context: the middleware leaves it alone."""
    from rest_framework.response import Response

    from portal.kringen import KringenMiddleware

    antwoord = Response({"a": 1})
    antwoord.renderer_context = {"view": object(), "request": None}
    assert KringenMiddleware(lambda request: antwoord)(RequestFactory().get("/")) is antwoord
    assert antwoord.renderer_context["view"] is not None


def _levende(*soorten) -> set[int]:
    return {id(o) for o in gc.get_objects() if type(o) in soorten}


def _zoals_gunicorn(pad: str, **kop) -> bytes:
    """A GET through Django's WSGI handler, as gunicorn calls it. Django's test client keeps each answer in a
    cycle of its own (with its request), so it cannot show whether the portal leaves one. The test's database
    connection stays open, as the test client keeps it."""
    status = []
    for signaal in (request_started, request_finished):
        signaal.disconnect(close_old_connections)
    try:
        antwoord = WSGIHandler()(
            RequestFactory().get(pad, **kop).environ, lambda s, h, e=None: status.append(s)
        )
        lijf = b"".join(antwoord)
        antwoord.close()
    finally:
        for signaal in (request_started, request_finished):
            signaal.connect(close_old_connections)
    assert status == ["200 OK"], status
    return lijf


def test_een_api_aanroep_met_token_laat_zijn_verzoek_niet_in_een_kring_achter(
    wereld, locatie_op, zonder_kringopruimer
):
    """As an API client calls: with its token, through every middleware. Django's lazy user, `auser` and the
    message storage kept the request in cycles, and the token and its user referred to each other."""
    locatie_op()
    token = Token.objects.create(user=wereld.gemeente_a_mw).key
    pad = f"/api/v1/locaties/?nabij={IN_A[0]},{IN_A[1]}&straal=500"
    _zoals_gunicorn(pad, HTTP_AUTHORIZATION=f"Token {token}")  # the first call fills caches
    voor = _levende(WSGIRequest, Token)
    assert b'"count":1' in _zoals_gunicorn(pad, HTTP_AUTHORIZATION=f"Token {token}")
    assert _levende(WSGIRequest, Token) - voor == set()


def test_na_het_antwoord_blijven_gebruiker_en_meldingen_te_lezen(wereld, client):
    """What was cut is what nobody reads after the answer; a message that was set and the user stay."""
    client.force_login(wereld.gemeente_a_mw)
    antwoord = client.get("/aanvragen/nieuw/")  # staff are sent back with a message
    assert antwoord.status_code == 302
    assert antwoord.wsgi_request.user == wereld.gemeente_a_mw
    assert [str(m) for m in get_messages(antwoord.wsgi_request)] == [
        "Alleen E-rijders kunnen een laadpaal aanvragen."
    ]
