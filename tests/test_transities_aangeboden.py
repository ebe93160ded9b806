"""An offered transition works, or is not offered: walk every case resource in every state the demo world has,
as every role, and post each transition the API offers. None may answer 404 (nor 403 or 5xx); missing fields
give 400 naming them."""

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from portal.models import Gebruiker

pytestmark = pytest.mark.django_db

RESOURCES = ["aanvragen", "locaties", "verkeersbesluiten", "bezwaren", "netaansluitingen", "batches"]
ACCOUNTS = [
    "erijder@demo.nl",
    "erijder2@demo.nl",
    "gemeente@demo.nl",
    "gemeente-medewerker@demo.nl",
    "gemeente2@demo.nl",
    "cpo@demo.nl",
    "cpo-medewerker@demo.nl",
    "netbeheerder@demo.nl",
    "provincie@demo.nl",
]


def test_elke_aangeboden_transitie_bestaat(settings, capsys):
    settings.DEBUG = True  # the demo insists on it
    call_command("demo")
    capsys.readouterr()
    geprobeerd = set()
    for email in ACCOUNTS:
        client = APIClient()
        gebruiker = Gebruiker.objects.get(email=email)
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=gebruiker)[0].key}")
        for resource in RESOURCES:
            # One case per state is enough: what is offered depends on the state and the caller.
            per_status = {}
            url = f"/api/v1/{resource}/?page_size=200"
            while url:
                pagina = client.get(url)
                assert pagina.status_code == 200, (email, resource, pagina.content[:300])
                for zaak in pagina.json()["results"]:
                    ids = per_status.setdefault(zaak["status"], [])
                    if len(ids) < 2:
                        ids.append(zaak["id"])
                url = pagina.json().get("next")
            for status, ids in per_status.items():
                for volgorde, zaak_id in enumerate(ids):
                    zaak = client.get(f"/api/v1/{resource}/{zaak_id}/").json()
                    # The second case of a state tries the offered transitions the other way round, so one that
                    # moves the case on does not hide the others.
                    aangeboden = zaak["toegestane_transities"][:: -1 if volgorde else 1]
                    for naam in aangeboden:
                        # An earlier transition in this loop may have moved the case on (an empty body suffices
                        # for some): only what is offered now must work now.
                        if (
                            naam
                            not in client.get(f"/api/v1/{resource}/{zaak_id}/").json()[
                                "toegestane_transities"
                            ]
                        ):
                            continue
                        antwoord = client.post(
                            f"/api/v1/{resource}/{zaak_id}/transities/{naam}/", {}, format="json"
                        )
                        assert antwoord.status_code in (200, 201, 400), (
                            email,
                            resource,
                            status,
                            naam,
                            antwoord.status_code,
                            antwoord.content[:300],
                        )
                        geprobeerd.add((resource, naam))
    # The walk reached the transitions of every kind of case (a guard against an empty walk).
    assert {r for r, _ in geprobeerd} >= {"aanvragen", "locaties", "verkeersbesluiten", "netaansluitingen"}
    assert ("locaties", "voorstellen") in geprobeerd and ("locaties", "netcheck_aanvragen") in geprobeerd
