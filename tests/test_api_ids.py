"""A case id that is not a number is a 404 on every resource and route, never a 500."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db
RESOURCES = ["aanvragen", "locaties", "verkeersbesluiten", "bezwaren", "netaansluitingen", "batches"]


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("id_", ["abc", "1.5", "-1", "1e3", "%20"])
def test_geen_getal_is_niet_gevonden(wereld, resource, id_):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=wereld.cpo_mw)[0].key}")
    for antwoord in (
        client.get(f"/api/v1/{resource}/{id_}/"),
        client.get(f"/api/v1/{resource}/{id_}/historie/"),
        client.post(f"/api/v1/{resource}/{id_}/transities/goedkeuren/", {}, format="json"),
    ):
        assert antwoord.status_code == 404, (resource, id_, antwoord.status_code)
        assert antwoord["Content-Type"].startswith("application/problem+json")


def test_een_onbekend_api_adres_is_problem_json_en_een_pagina_html(client, wereld):
    antwoord = client.get("/api/v1/bestaat-niet/")
    assert antwoord.status_code == 404 and antwoord["Content-Type"] == "application/problem+json"
    assert antwoord.json()["detail"]
    pagina = client.get("/bestaat-niet/")
    assert pagina.status_code == 404 and pagina["Content-Type"].startswith("text/html")
