"""An E-rijder's submission through the API sends a fixed, small number of statements (national scale: 50
E-rijders submitting at the same moment share two cores; bench/http.py measures them). Each statement is named,
so a change that adds one shows which."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.aanvragen.test_api import invoer

pytestmark = pytest.mark.django_db

# What one submission asks, in order. Per process, kept from the warm-up: the gemeente and its conditions,
# service levels, concessie, calendar (portal.procesgeheugen).
VERWACHT = [
    "who is asking (token, user, organisation, settings token)",
    "own open requests nearby",
    "case number",
    "the request",
    "its first phase",
    "its figures",
    "its history",
    "the CPO's staff",
    "receipt and CPO notice (one INSERT)",
]


# (how the statement begins, a table it names, what it is), tried in order after who is asking.
REGELS = [
    ("select", "aanvragen_aanvraag", VERWACHT[1]),
    ("insert", "portal_volgnummer", VERWACHT[2]),
    ("insert", "aanvragen_aanvraag", VERWACHT[3]),
    ("insert", "portal_fase", VERWACHT[4]),
    ("insert", "portal_aanvraagcijfers", VERWACHT[5]),
    ("insert", "portal_statuswijziging", VERWACHT[6]),
    ("select", "portal_gebruiker", VERWACHT[7]),
    ("insert", "portal_bericht", VERWACHT[8]),
]


def _soort(sql: str) -> str:
    """What a statement is, by name; the statement itself when it is none of VERWACHT."""
    tekst = sql.replace('"', "").lower().strip()
    if "authtoken_token" in tekst:  # who is asking joins the user too: before the staff's SELECT
        return VERWACHT[0]
    for begin, tabel, naam in REGELS:
        if tekst.startswith(begin) and re.search(rf"\b{tabel}\b", tekst):
            return naam
    return sql


def _met_token(gebruiker) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=gebruiker).key}")
    return api


def test_een_indiening_stelt_een_vast_aantal_vragen(wereld):
    # A running portal has submitted before: another E-rijder's request fills what is kept per process.
    warm = _met_token(wereld.erijder2).post("/api/v1/aanvragen/", invoer(wereld), format="multipart")
    assert warm.status_code == 201, warm.content
    api = _met_token(wereld.erijder)
    with CaptureQueriesContext(connection) as vragen:
        antwoord = api.post("/api/v1/aanvragen/", invoer(wereld, huisnummer=7), format="multipart")
    assert antwoord.status_code == 201, antwoord.content
    # Transaction control (a savepoint here, inside the test's transaction; BEGIN and COMMIT in the portal) is
    # not a question.
    gesteld = [q["sql"] for q in vragen.captured_queries if "SAVEPOINT" not in q["sql"].upper()]
    assert [_soort(sql) for sql in gesteld] == VERWACHT
