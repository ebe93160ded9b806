"""What the parties see of a verkeersbesluit outside its own pages: the E-rijder's timeline in plain Dutch,
the public map's "bezwaar", the location page, and the request's projection."""

import pytest
from django.urls import reverse

from plankaart import kaart
from tests.conftest import WACHTWOORD
from tests.verkeersbesluiten.conftest import D, om
from verkeersbesluiten import services
from verkeersbesluiten.models import Verkeersbesluitbeleid

pytestmark = pytest.mark.django_db


@pytest.fixture
def gepubliceerd(wereld, goedgekeurde_locatie):
    plek, aanvraag = goedgekeurde_locatie()
    with om("2026-03-02"):
        besluit = services.maak_concept(
            wereld.gemeente_a, wereld.gemeente_a_mw, titel="Loolaan", locaties=[plek]
        )
        besluit = services.publiceer(
            besluit, wereld.gemeente_a_mw, bekendmaking_op=D("2026-03-02"), vindplaats="Gemeenteblad 2026, 1"
        )
    besluit.plek, besluit.aanvraag = plek, aanvraag
    return besluit


def registreer(besluit, wereld):
    with om("2026-03-20"):
        return services.registreer_bezwaar(
            besluit,
            wereld.gemeente_a_mw,
            indiener_naam="A. Buur",
            indiener_adres="Laan 3",
            ontvangen_op=D("2026-03-20"),
            gronden="Geen plek voor de bus.",
            algemeen=True,
        )


def test_tijdlijn_van_de_erijder_vertelt_besluit_termijn_en_uitkomst(client, wereld, gepubliceerd):
    client.login(email=wereld.erijder.email, password=WACHTWOORD)
    url = reverse("aanvragen:detail", args=[gepubliceerd.aanvraag.pk])
    with om("2026-03-10"):
        pagina = client.get(url).content.decode()
    assert "Verkeersbesluit gepubliceerd" in pagina
    assert "maandag 2 maart 2026" in pagina and "Gemeenteblad 2026, 1" in pagina
    assert "Tot en met maandag 13 april 2026 kan iedereen die het aangaat bezwaar maken" in pagina
    # What happens now: the objection term, its one date in both blocks.
    assert pagina.count('<time datetime="2026-04-13">maandag 13 april 2026</time>') == 2
    bezwaar = registreer(gepubliceerd, wereld)
    with om("2026-03-21"):
        assert "De gemeente beslist daar eerst over" in client.get(url).content.decode()
    with om("2026-04-20"):
        services.beslis_op_bezwaar(bezwaar, wereld.gemeente_a_mw, "ongegrond", "Bus kan erlangs.")
        pagina = client.get(url).content.decode()
    assert "Bezwaar tegen het verkeersbesluit" in pagina and "beslist uiterlijk dinsdag 26 mei 2026" in pagina
    assert "De gemeente verklaarde het bezwaar ongegrond" in pagina
    assert "Verkeersbesluit definitief" in pagina and "A. Buur" not in pagina


def test_publieke_kaart_toont_bezwaar_zonder_persoonsgegevens(client, wereld, gepubliceerd):
    plek = gepubliceerd.plek
    bbox = f"{plek.lon - 0.01},{plek.lat - 0.01},{plek.lon + 0.01},{plek.lat + 0.01}"

    def categorie():
        kaart.vernieuw()
        features = client.get("/api/v1/kaart/locaties/", {"bbox": bbox, "zoom": 16}).json()["features"]
        return {f["id"]: f["properties"]["categorie"] for f in features}[plek.pk]

    assert categorie() == "procedure"
    registreer(gepubliceerd, wereld)
    assert categorie() == "bezwaar"
    alleen_bezwaar = client.get(
        "/api/v1/kaart/locaties/", {"bbox": bbox, "zoom": 16, "status": "bezwaar"}
    ).json()
    assert [f["id"] for f in alleen_bezwaar["features"]] == [plek.pk]
    popup = client.get(f"/api/v1/kaart/locaties/{plek.pk}/").json()
    assert popup["categorie"] == "bezwaar" and "bezwaar" in popup["periode"]
    assert "A. Buur" not in str(popup)


def test_locatiepagina_noemt_het_besluit_en_het_bezwaar(client, wereld, gepubliceerd):
    registreer(gepubliceerd, wereld)
    client.login(email=wereld.cpo_mw.email, password=WACHTWOORD)
    pagina = client.get(reverse("plankaart:locatie", args=[gepubliceerd.plek.pk])).content.decode()
    assert gepubliceerd.nummer in pagina and "loopt een bezwaar" in pagina
    assert "Verkeersbesluit gepubliceerd: in procedure" in pagina


def test_zonder_verkeersbesluit_op_de_locatiepagina(client, wereld, goedgekeurde_locatie):
    plek, aanvraag = goedgekeurde_locatie()
    Verkeersbesluitbeleid.objects.create(gemeente=wereld.gemeente_a, zonder_verkeersbesluit_toegestaan=True)
    client.login(email=wereld.gemeente_a_mw.email, password=WACHTWOORD)
    url = reverse("plankaart:locatie", args=[plek.pk])
    assert "Zonder verkeersbesluit definitief maken" in client.get(url).content.decode()
    assert client.post(url, {"actie": "zonder_verkeersbesluit", "zonder_vkb-reden": ""}).status_code == 400
    assert (
        client.post(
            url, {"actie": "zonder_verkeersbesluit", "zonder_vkb-reden": "Eigen terrein."}
        ).status_code
        == 302
    )
    plek.refresh_from_db()
    aanvraag.refresh_from_db()
    assert (plek.status, aanvraag.status) == ("definitief", "wacht_op_realisatie")


def test_prognose_telt_met_het_echte_einde_van_de_bezwaartermijn(wereld, gepubliceerd):
    aanvraag = gepubliceerd.aanvraag
    aanvraag.refresh_from_db()
    # In the objection term the request runs on the location's term: the real last day, then the remaining
    # steps (netaansluiting 30, plaatsing 15, energiecontract 5, oplevering 5 days).
    assert aanvraag.lopende_termijn.pk == gepubliceerd.plek.pk
    # 7 June is a Sunday: the worst case rolls on to Monday, the expected day back to Friday.
    assert (aanvraag.slechtst_gereed, aanvraag.verwacht_gereed) == (D("2026-06-08"), D("2026-06-05"))


def test_netaansluiting_tijdens_bezwaartermijn_haalt_het_besluit_van_het_kritieke_pad(
    wereld, goedgekeurde_locatie
):
    """With the policy on, the connection's 30 days run alongside the objection term instead of after it."""
    services.sla_beleid_op(
        wereld.gemeente_a, wereld.gemeente_a_mw, netaansluiting_tijdens_bezwaartermijn=True
    )
    plek, aanvraag = goedgekeurde_locatie()
    with om("2026-03-02"):
        besluit = services.maak_concept(
            wereld.gemeente_a, wereld.gemeente_a_mw, titel="Loolaan", locaties=[plek]
        )
        services.publiceer(besluit, wereld.gemeente_a_mw, bekendmaking_op=D("2026-03-02"), vindplaats="Gbl 1")
    aanvraag.refresh_from_db()
    # The term ends 13 April, after the connection's 30 days (1 April); then 15 + 5 + 5 days.
    assert aanvraag.verwacht_gereed == D("2026-05-08")  # 30 days earlier than in procedure without the policy
