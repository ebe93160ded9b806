"""Production configuration refuses unsafe values, and sessions last as long as each kind of user needs."""

import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from portal.models import Organisatie
from portal.sessies import ACTIEF_SLEUTEL

pytestmark = pytest.mark.django_db


def productie(code: str, **omgeving) -> subprocess.CompletedProcess:
    env = {"DEBUG": "0", "PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "portal.settings", **omgeving}
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR
    )


@pytest.mark.parametrize("lengte, start", [(49, False), (50, True)])
def test_productie_weigert_een_korte_secret_key(lengte, start):
    resultaat = productie("import django; django.setup()", SECRET_KEY="k" * lengte)
    assert (resultaat.returncode == 0) is start, resultaat.stderr
    if not start:
        assert "SECRET_KEY is te kort (49 tekens)" in resultaat.stderr


@pytest.mark.parametrize("waarde, verwacht", [(None, "False"), ("1", "True")])
def test_hsts_preload_is_instelbaar(waarde, verwacht):
    extra = {"SECURE_HSTS_PRELOAD": waarde} if waarde else {}
    resultaat = productie(
        "from django.conf import settings as s; print(s.SECURE_HSTS_PRELOAD)", SECRET_KEY="k" * 50, **extra
    )
    assert resultaat.stdout.strip() == verwacht, resultaat.stderr


def sessie_verloopt_over(client) -> float:
    sleutel = client.cookies[settings.SESSION_COOKIE_NAME].value
    return (Session.objects.get(session_key=sleutel).expire_date - timezone.now()).total_seconds()


def test_staf_wordt_na_acht_uur_zonder_activiteit_uitgelogd(client, wereld):
    client.force_login(wereld.gemeente_a_mw)
    antwoord = client.get("/")
    assert antwoord.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 8 * 3600
    assert 8 * 3600 - 60 < sessie_verloopt_over(client) <= 8 * 3600
    # Activity moves the end forward (at most once per few minutes, so not every request writes the session).
    sessie = client.session
    sessie[ACTIEF_SLEUTEL] = int(time.time()) - 3600
    sessie.set_expiry(60)
    sessie.save()
    client.get("/")
    assert sessie_verloopt_over(client) > 8 * 3600 - 60


def test_een_verlopen_stafsessie_logt_uit(client, wereld):
    client.force_login(wereld.cpo_mw)
    client.get("/")
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    assert client.get("/aanvragen/werklijst/")["Location"].startswith("/account/inloggen/")


def test_erijder_blijft_langer_ingelogd(client, wereld, settings):
    client.force_login(wereld.erijder)
    client.get("/")
    assert sessie_verloopt_over(client) > settings.SESSION_COOKIE_AGE - 60
    assert settings.SESSION_COOKIE_AGE == 14 * 24 * 3600


def test_een_api_aanroep_met_token_zoekt_geen_sessie(wereld):
    """Staff's sessions are kept alive by their requests; an API client calling with its token has no session,
    and none is looked for (the answer does not vary by cookie)."""
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=wereld.gemeente_a_mw).key}")
    antwoord = api.get("/api/v1/locaties/")
    assert antwoord.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in antwoord.cookies
    assert "Cookie" not in antwoord.get("Vary", "")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL binds and prepares; SQLite does not"
)
def test_postgresql_bindt_en_bereidt_ook_de_orm_vragen_voor(wereld):
    """The ORM's statements go with their parameters apart (server-side binding, settings.DATABASES), so one
    PostgreSQL sees often is prepared once per connection (prepare_threshold) instead of parsed and planned at
    every run. With Django's default (binding in Python) no ORM statement ever shows up here."""
    for _ in range(settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"] + 1):
        list(Organisatie.objects.filter(soort="cpo").values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        voorbereid = [rij[0] for rij in cursor.fetchall()]
    assert any('FROM "portal_organisatie"' in s and "$1" in s for s in voorbereid), voorbereid
