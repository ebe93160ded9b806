"""The OpenAPI document matches the answers: schemathesis runs over the whole API with each role's token and
fails on any server error and any answer its schema does not describe (status code, content type, body)."""

import io

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from portal.models import Gebruiker

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
CONTROLES = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# The demo world has every kind of case in every state; each account sees its own part of it.
ACCOUNTS = [
    "erijder@demo.nl",
    "gemeente@demo.nl",
    "gemeente-medewerker@demo.nl",
    "cpo@demo.nl",
    "netbeheerder@demo.nl",
    "provincie@demo.nl",
]


@pytest.fixture(autouse=True)
def _verbinding_open():
    """The WSGI app closes the database connection after each answer (request_finished); inside a test's
    transaction it must stay open, as Django's own test client arranges."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def tokens(django_db_setup, django_db_blocker):
    """The demo world, built once for the module inside a transaction that is rolled back at its end: each test's
    own transaction is a savepoint inside it, so what a case writes is undone after it, and the next case sees
    the same world. (Built per case, the demo made this module the longest part of CI.)"""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=True):  # the demo insists on it; the API is tested as in production
            call_command("demo", stdout=io.StringIO())
        yield {
            email: Token.objects.get_or_create(user=Gebruiker.objects.get(email=email))[0].key
            for email in ACCOUNTS
        }
        transaction.set_rollback(True)


# The API answers gzip when asked (GZipMiddleware); schemathesis' WSGI transport asks but does not decode,
# so the checks ask for the plain body. Compression itself is tested in tests/test_lichte_antwoorden.py.
ONGECOMPRIMEERD = {"Accept-Encoding": "identity"}


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_de_api_houdt_zich_aan_haar_schema(case, tokens):
    for token in tokens.values():
        case.call_and_validate(
            headers={"Authorization": f"Token {token}", **ONGECOMPRIMEERD}, checks=CONTROLES
        )
    case.call_and_validate(
        headers=ONGECOMPRIMEERD, checks=CONTROLES
    )  # without a token: 401, or the public map


RESOURCES = ["aanvragen", "locaties", "verkeersbesluiten", "bezwaren", "netaansluitingen", "batches"]


@pytest.mark.django_db
def test_bestaande_zaken_houden_zich_aan_het_schema(tokens):
    """Generated ids rarely exist: here every account reads real cases of every kind, in every state the demo
    has, through the detail and history operations, validated against the same schema."""
    gecontroleerd = 0
    for token in tokens.values():
        kop = {"Authorization": f"Token {token}", **ONGECOMPRIMEERD}
        for resource in RESOURCES:
            lijst = schema[f"/api/v1/{resource}/"]["GET"].Case(query={"page": 1}).call(headers=kop).json()
            statussen = {}
            for zaak in lijst["results"]:
                statussen.setdefault(zaak["status"], zaak["id"])
            for zaak_id in statussen.values():
                for pad in (f"/api/v1/{resource}/{{id}}/", f"/api/v1/{resource}/{{id}}/historie/"):
                    case = schema[pad]["GET"].Case(path_parameters={"id": zaak_id})
                    case.call_and_validate(headers=kop, checks=CONTROLES)
                    gecontroleerd += 1
    assert gecontroleerd > 100  # the walk reached the cases, not just empty lists
