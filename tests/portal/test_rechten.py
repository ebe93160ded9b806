"""Roles mean something: one capability table; a gemeente's medewerker prepares and registers, its
coördinator publishes, withdraws, decides objections and sets the policy; refusals name the role needed."""

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from portal import rechten, transities
from portal.rechten import Recht
from tests.conftest import D, om
from verkeersbesluiten import services as besluitservices
from verkeersbesluiten.models import Bezwaar, Verkeersbesluit

pytestmark = pytest.mark.django_db


def api(gebruiker) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=gebruiker)[0].key}")
    return client


def test_elk_recht_staat_in_de_tabel_met_een_geldige_rol():
    assert set(rechten.TABEL) == set(Recht)
    for regels in rechten.TABEL.values():
        assert regels and all(r.rol in ("medewerker", "coordinator") for r in regels)


@pytest.mark.parametrize(
    "recht, soort, medewerker, coordinator",
    [
        (Recht.VERKEERSBESLUIT_VOORBEREIDEN, "gemeente", True, True),
        (Recht.VERKEERSBESLUIT_PUBLICEREN, "gemeente", False, True),
        (Recht.VERKEERSBESLUIT_INTREKKEN, "gemeente", False, True),
        (Recht.BEZWAAR_REGISTREREN, "gemeente", True, True),
        (Recht.BEZWAAR_BESLISSEN, "gemeente", False, True),
        (Recht.GEMEENTEBELEID_WIJZIGEN, "gemeente", False, True),
        (Recht.LOCATIE_BEOORDELEN, "gemeente", True, True),
        (Recht.AANVRAAG_TOETSEN, "cpo", True, True),
        (Recht.CONCESSIE_INSTELLEN, "cpo", False, True),
        (Recht.NETCHECK_BESLISSEN, "netbeheerder", True, True),
        (Recht.BUNDELBELEID_INSTELLEN, "netbeheerder", False, True),
        (Recht.AANVRAAG_TOETSEN, "gemeente", False, False),
        (Recht.VERKEERSBESLUIT_PUBLICEREN, "cpo", False, False),
    ],
)
def test_elke_rol_op_elk_recht(wereld, recht, soort, medewerker, coordinator):
    from portal.models import Gebruiker, Organisatie

    organisatie = Organisatie.objects.filter(soort=soort).first()
    for rol, verwacht in (("medewerker", medewerker), ("coordinator", coordinator)):
        gebruiker = Gebruiker.objects.create_user(
            f"{soort}-{rol}-{recht}@example.nl", "x" * 12, naam=rol, organisatie=organisatie, rol=rol
        )
        assert rechten.heeft(gebruiker, recht) is verwacht, (recht, soort, rol)
    assert not rechten.heeft(wereld.erijder, recht)


@pytest.fixture
def gepubliceerd(wereld, goedgekeurde_locatie):
    plek, _aanvraag = goedgekeurde_locatie()
    with om("2026-02-16"):
        besluit = besluitservices.maak_concept(
            wereld.gemeente_a, wereld.gemeente_a_medewerker, titel="Laadpalen Zuid", locaties=[plek]
        )
    return besluit


def test_medewerker_bereidt_voor_en_de_coordinator_publiceert(wereld, gepubliceerd):
    besluit = gepubliceerd
    with om("2026-03-07"), pytest.raises(transities.GeenRecht) as fout:
        besluitservices.publiceer(
            besluit,
            wereld.gemeente_a_medewerker,
            bekendmaking_op=D("2026-03-07"),
            vindplaats="Gemeenteblad 1",
        )
    assert "coördinator" in fout.value.reden and "publiceren" in fout.value.reden
    with om("2026-03-07"):
        besluit = besluitservices.publiceer(
            besluit, wereld.gemeente_a_mw, bekendmaking_op=D("2026-03-07"), vindplaats="Gemeenteblad 1"
        )
    assert besluit.status == Verkeersbesluit.Status.GEPUBLICEERD


def test_de_api_noemt_de_rol_die_nodig_is(wereld, gepubliceerd):
    url = f"/api/v1/verkeersbesluiten/{gepubliceerd.pk}/"
    medewerker = api(wereld.gemeente_a_medewerker)
    assert "publiceren" not in medewerker.get(url).json()["toegestane_transities"]
    with om("2026-03-07"):
        antwoord = medewerker.post(
            url + "transities/publiceren/",
            {"bekendmaking_op": "2026-03-07", "vindplaats": "Gemeenteblad 1"},
            format="json",
        )
    assert antwoord.status_code == 403
    assert antwoord["Content-Type"].startswith("application/problem+json")
    assert "coördinator" in antwoord.json()["detail"]
    # Someone of another organisation learns nothing about roles (and cannot see the decision at all).
    assert (
        api(wereld.gemeente_b_mw).post(url + "transities/publiceren/", {}, format="json").status_code == 404
    )


def test_medewerker_registreert_een_bezwaar_en_de_coordinator_beslist(wereld, gepubliceerd):
    with om("2026-03-07"):
        besluit = besluitservices.publiceer(
            gepubliceerd, wereld.gemeente_a_mw, bekendmaking_op=D("2026-03-07"), vindplaats="Gemeenteblad 1"
        )
    with om("2026-03-10"):
        bezwaar = besluitservices.registreer_bezwaar(
            besluit,
            wereld.gemeente_a_medewerker,
            indiener_naam="B. Woner",
            indiener_adres="Hoofdstraat 1",
            ontvangen_op=D("2026-03-10"),
            gronden="Te weinig parkeerplaats.",
            algemeen=True,
        )
        for uitkomst in ("gegrond", "ongegrond", "niet_ontvankelijk"):
            with pytest.raises(transities.GeenRecht) as fout:
                besluitservices.beslis_op_bezwaar(
                    bezwaar, wereld.gemeente_a_medewerker, uitkomst, "Motivering"
                )
            assert "coördinator" in fout.value.reden
        with pytest.raises(transities.GeenRecht):
            besluitservices.verdaag(bezwaar, wereld.gemeente_a_medewerker)
        bezwaar = besluitservices.beslis_op_bezwaar(bezwaar, wereld.gemeente_a_mw, "ongegrond", "Motivering")
    assert bezwaar.status == Bezwaar.Status.ONGEGROND


def test_alleen_de_coordinator_trekt_in(wereld, gepubliceerd):
    with pytest.raises(transities.GeenRecht) as fout:
        besluitservices.trek_in(gepubliceerd, wereld.gemeente_a_medewerker, "Toch niet")
    assert "coördinator" in fout.value.reden
    # The CPO may drop a concept it could have prepared (a medewerker suffices there).
    assert (
        besluitservices.trek_in(gepubliceerd, wereld.cpo_mw, "Dubbel").status
        == Verkeersbesluit.Status.INGETROKKEN
    )


def test_beleid_wijzigen_is_voor_de_coordinator(client, wereld):
    with pytest.raises(PermissionDenied, match="coördinator"):
        besluitservices.sla_beleid_op(wereld.gemeente_a, wereld.gemeente_a_medewerker, adviescommissie=True)
    client.force_login(wereld.gemeente_a_medewerker)
    pagina = client.get("/verkeersbesluiten/beleid/")
    assert pagina.status_code == 200 and "Alleen een coördinator" in pagina.content.decode()
    assert client.post("/verkeersbesluiten/beleid/", {"adviescommissie": "on"}).status_code == 403
    client.force_login(wereld.gemeente_a_mw)
    assert "Alleen een coördinator" not in client.get("/verkeersbesluiten/beleid/").content.decode()


def test_de_tabel_staat_in_de_admin(admin_client):
    pagina = admin_client.get("/admin/rechten/")
    assert pagina.status_code == 200
    tekst = pagina.content.decode()
    assert "Een verkeersbesluit publiceren" in tekst and "Coördinator" in tekst
    assert "/admin/rechten/" in admin_client.get("/admin/").content.decode()


def test_de_tabel_is_niet_voor_medewerkers(client, wereld):
    client.force_login(wereld.gemeente_a_mw)
    assert client.get("/admin/rechten/").status_code == 302  # to the admin login
