"""A work list page never reads a gemeente's boundary (`gebied`, thousands of vertices per gemeente in production):
its gemeente filter needs names only. At 100k requests the CPO's list spent 200 ms decoding 30 boundaries' JSON
for the filter's choices (issue 14)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

PAGINAS = [
    ("cpo_mw", "/aanvragen/werklijst/"),
    ("gemeente_a_mw", "/plankaart/werklijst/?alles=on"),
    ("gemeente_a_mw", "/verkeersbesluiten/"),
    ("cpo_mw", "/realisatie/netaansluitingen/"),
    ("cpo_mw", "/realisatie/"),
]


@pytest.mark.parametrize(("wie", "url"), PAGINAS, ids=[p[1] for p in PAGINAS])
def test_geen_grenzen_in_een_werklijst(wie, url, wereld, dien_in, client):
    dien_in()  # the request list offers the gemeenten it has requests in
    client.force_login(getattr(wereld, wie))
    with CaptureQueriesContext(connection) as vastgelegd:
        antwoord = client.get(url)
    assert antwoord.status_code == 200
    # The user's own organisation is read once per request (request.user.organisatie); nothing else with a boundary.
    eigen = f'WHERE "portal_organisatie"."id" = {getattr(wereld, wie).organisatie_id} LIMIT'
    met_grens = [
        q["sql"]
        for q in vastgelegd.captured_queries
        if '"portal_organisatie"."gebied"' in q["sql"] and eigen not in q["sql"]
    ]
    assert not met_grens, met_grens
    assert "Gemeente Apeldoorn" in antwoord.content.decode()
