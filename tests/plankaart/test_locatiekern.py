"""The location core needs no request: the CPO proposes, moves and adds locations and asks a netcheck for
whatever point it must serve (a request, a signal from usage data, or nothing), and the API offers the same."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from plankaart import services
from plankaart.models import Locatie
from portal import geo, transities
from tests.conftest import IN_A, om, punt_bij

pytestmark = pytest.mark.django_db
S = Locatie.Status


def api(gebruiker) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=gebruiker)[0].key}")
    return client


def druk_laadpunt(straal=250) -> services.Punt:
    """A busy charging point at IN_A, as a data-driven signal would name it."""
    return services.Punt(*geo.naar_rd(*IN_A), straal, "laadpunt NL*ABC*E1")


def test_nieuwe_locatie_zonder_aanvraag_gaat_naar_de_netcheck(wereld):
    lat, lon = punt_bij(*IN_A, 120)
    with om("2026-03-02"):
        plek = services.nieuwe_locatie(
            wereld.gemeente_a, lat, lon, "Marktplein", wereld.cpo_mw, punten=[druk_laadpunt()]
        )
    assert (plek.status, plek.bron, plek.termijn_organisatie) == (S.IN_NETCHECK, "nieuw", wereld.netbeheerder)
    assert not plek.aanvragen.exists()


def test_de_straal_geldt_vanaf_het_punt_dat_bediend_moet_worden(wereld):
    lat, lon = punt_bij(*IN_A, 300)
    with pytest.raises(ValidationError, match="300 meter van de gewenste plek van laadpunt NL\\*ABC\\*E1"):
        services.nieuwe_locatie(
            wereld.gemeente_a, lat, lon, "Te ver", wereld.cpo_mw, punten=[druk_laadpunt()]
        )


def test_alleen_de_cpo_van_de_gemeente_voegt_locaties_toe(wereld):
    lat, lon = punt_bij(*IN_A, 50)
    for wie in (wereld.gemeente_a_mw, wereld.cpo_ander_mw, wereld.netbeheerder_mw, wereld.erijder):
        with pytest.raises(transities.GeenRecht):
            services.nieuwe_locatie(wereld.gemeente_a, lat, lon, "Plein", wie)


def test_verplaatsen_en_voorstellen_zonder_aanvraag(wereld, locatie_op):
    kandidaat, andere = locatie_op(400), locatie_op(800)
    lat, lon = punt_bij(*IN_A, 100)
    with om("2026-03-02"):
        verplaatst = services.verplaats(
            kandidaat, lat, lon, "Kerkstraat 3", wereld.cpo_mw, punten=[druk_laadpunt()]
        )
        voorgesteld = services.stel_voor(andere, wereld.cpo_mw)
    assert (verplaatst.status, verplaatst.bron) == (S.IN_NETCHECK, "verplaatst")
    assert voorgesteld.status == S.VOORGESTELD and voorgesteld.termijn_organisatie == wereld.gemeente_a


def test_de_api_voert_uit_wat_ze_aanbiedt(wereld, locatie_op):
    kandidaat, andere = locatie_op(400), locatie_op(800)
    cpo = api(wereld.cpo_mw)
    for plek, naam, status in (
        (kandidaat, "voorstellen", "voorgesteld"),
        (andere, "netcheck_aanvragen", "in_netcheck"),
    ):
        assert naam in cpo.get(f"/api/v1/locaties/{plek.pk}/").json()["toegestane_transities"]
        antwoord = cpo.post(f"/api/v1/locaties/{plek.pk}/transities/{naam}/", {}, format="json")
        assert antwoord.status_code == 200 and antwoord.json()["status"] == status
    # Others are refused, not offered.
    gemeente = api(wereld.gemeente_a_mw)
    derde = locatie_op(1200)
    assert "voorstellen" not in gemeente.get(f"/api/v1/locaties/{derde.pk}/").json()["toegestane_transities"]
    assert (
        gemeente.post(f"/api/v1/locaties/{derde.pk}/transities/voorstellen/", {}, format="json").status_code
        == 403
    )
