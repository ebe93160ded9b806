"""Refusals of locations carry a reason code beside the text: the gemeente's and the netbeheerder's own lists,
in the services, the API and the pages, and in the history for the figures."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from plankaart import services
from plankaart.models import Locatie
from portal import historie
from tests.conftest import IN_A, om, punt_bij

pytestmark = pytest.mark.django_db


def api(gebruiker) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=gebruiker)[0].key}")
    return client


def test_netcheck_afkeuren_met_code(wereld):
    lat, lon = punt_bij(*IN_A, 40)
    with om("2026-03-02"):
        plek = services.nieuwe_locatie(wereld.gemeente_a, lat, lon, "Plein", wereld.cpo_mw)
        with pytest.raises(ValidationError) as fout:
            services.netcheck_afkeuren(plek, wereld.netbeheerder_mw, "Vol", reden_code="parkeerdruk")
        assert "reden_code" in fout.value.message_dict  # not a grid reason
        antwoord = api(wereld.netbeheerder_mw).post(
            f"/api/v1/locaties/{plek.pk}/transities/netcheck_afkeuren/",
            {"reden": "Het station zit vol.", "reden_code": "netcapaciteit"},
            format="json",
        )
    assert antwoord.status_code == 200 and antwoord.json()["reden_code"] == "netcapaciteit"
    rij = historie.historie_van(plek).get(transitie="netcheck_afkeuren")
    assert rij.gegevens["reden_code"] == "netcapaciteit"


def test_de_gemeente_wijst_af_met_code_in_de_browser(client, wereld, locatie_op):
    plek = locatie_op(100)
    with om("2026-03-02"):
        plek = services.stel_voor(plek, wereld.cpo_mw)
    client.force_login(wereld.gemeente_a_medewerker)
    with om("2026-03-03"):
        antwoord = client.post(
            f"/plankaart/locaties/{plek.pk}/",
            {
                "actie": "afwijzen",
                "afwijzen-reden": "Te smal trottoir.",
                "afwijzen-reden_code": "openbare_ruimte",
            },
        )
    assert antwoord.status_code == 302, antwoord.content.decode()[:500]
    plek = Locatie.objects.get(pk=plek.pk)
    assert plek.reden_code == "openbare_ruimte"
    pagina = client.get(f"/plankaart/locaties/{plek.pk}/").content.decode()
    assert "Inrichting openbare ruimte" in pagina
