"""portal.kringen: once an API answer is rendered, its view (with its request, answer, paginator and page) is
freed by reference counting, not left as garbage for Python's cycle collector. Checked with the collector
switched off: a view that is still alive after the call sits in a cycle."""

import gc

import pytest
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

    from portal.kringen import DrfKringenMiddleware

    antwoord = Response({"a": 1})
    antwoord.renderer_context = {"view": object(), "request": None}
    assert DrfKringenMiddleware(lambda request: antwoord)(None) is antwoord
    assert antwoord.renderer_context["view"] is not None
