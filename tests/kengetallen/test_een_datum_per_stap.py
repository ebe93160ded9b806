"""No page shows two dates for one step: with an objection pending, "Wat gebeurt er nu" and "Wat nog komt"
both give the gemeente's decision term, and the request's staff page the same."""

import re

import pytest
from django.urls import reverse

from portal.servicetermijnen import Stap
from tests.conftest import WACHTWOORD
from tests.verkeersbesluiten.conftest import D, om
from verkeersbesluiten import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def met_bezwaar(wereld, goedgekeurde_locatie):
    plek, aanvraag = goedgekeurde_locatie()
    with om("2026-03-02"):
        besluit = services.maak_concept(
            wereld.gemeente_a, wereld.gemeente_a_mw, titel="Loolaan", locaties=[plek]
        )
        besluit = services.publiceer(
            besluit, wereld.gemeente_a_mw, bekendmaking_op=D("2026-03-02"), vindplaats="Gemeenteblad 2026, 1"
        )
    with om("2026-03-20"):
        bezwaar = services.registreer_bezwaar(
            besluit,
            wereld.gemeente_a_mw,
            indiener_naam="A. Buur",
            indiener_adres="Laan 3",
            ontvangen_op=D("2026-03-20"),
            gronden="Geen plek voor de bus.",
            algemeen=True,
        )
    return aanvraag, bezwaar


def _datums(html: str) -> list[str]:
    return re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)">', html)


def test_bezwaar_in_behandeling_geeft_een_datum_in_beide_blokken(client, wereld, met_bezwaar):
    aanvraag, bezwaar = met_bezwaar
    beslissen = bezwaar.termijn_uiterlijk
    assert beslissen > D("2026-04-13")  # the decision term runs past the objection term
    client.login(email=wereld.erijder.email, password=WACHTWOORD)
    with om("2026-03-25"):
        pagina = client.get(reverse("aanvragen:detail", args=[aanvraag.pk]))
    volgende, stappen = pagina.context["volgende"], pagina.context["nog_te_gaan"]
    assert volgende.uiterlijk == stappen[0].uiterlijk == beslissen
    assert "beslist" in stappen[0].titel and "bezwaar" in volgende.wat
    html = pagina.content.decode()
    blok = html[html.index("Wat gebeurt er nu") : html.index('id="kop-tijdlijn"')]
    # Each step one date: the current one twice (both blocks), every later one once, none repeated otherwise.
    datums = _datums(blok)
    assert datums.count(beslissen.isoformat()) == 2
    assert len(datums) == len(set(datums)) + 1
    assert D("2026-04-13").isoformat() not in datums
    # The delivery the projection expects is after the decision, and the worst case includes it.
    aanvraag.refresh_from_db()
    assert aanvraag.slechtst_gereed > beslissen and aanvraag.verwacht_gereed > beslissen


def test_zonder_bezwaar_is_de_stap_de_bezwaartermijn(client, wereld, goedgekeurde_locatie):
    plek, aanvraag = goedgekeurde_locatie()
    with om("2026-03-02"):
        besluit = services.maak_concept(
            wereld.gemeente_a, wereld.gemeente_a_mw, titel="Loolaan", locaties=[plek]
        )
        services.publiceer(besluit, wereld.gemeente_a_mw, bekendmaking_op=D("2026-03-02"), vindplaats="Gbl 1")
    client.login(email=wereld.erijder.email, password=WACHTWOORD)
    with om("2026-03-25"):
        pagina = client.get(reverse("aanvragen:detail", args=[aanvraag.pk]))
    stappen = pagina.context["nog_te_gaan"]
    assert pagina.context["volgende"].uiterlijk == stappen[0].uiterlijk == D("2026-04-13")
    assert [s.uiterlijk for s in stappen] == sorted(s.uiterlijk for s in stappen)
    assert aanvraag.fasen.filter(eind__isnull=True).get().stap == Stap.BEZWAARTERMIJN


def test_een_nieuwe_plek_in_de_netcheck_heet_niet_voorgesteld(client, wereld, dien_in):
    from aanvragen import services as aanvraagservices
    from plankaart import services as plankaartservices

    with om("2026-03-02"):
        aanvraag = aanvraagservices.goedkeuren(dien_in(), wereld.cpo_mw)
        aanvraag = plankaartservices.stel_nieuwe_voor(
            aanvraag, 52.2115, 5.9702, "Naast de bakker", wereld.cpo_mw
        )
    assert aanvraag.locatie.status == "in_netcheck"
    client.login(email=wereld.erijder.email, password=WACHTWOORD)
    with om("2026-03-03"):
        pagina = client.get(reverse("aanvragen:detail", args=[aanvraag.pk]))
    html = pagina.content.decode()
    assert "Plek gekozen: de netbeheerder controleert eerst het net" in html
    assert "Plek voorgesteld aan de gemeente" not in html
    assert pagina.context["volgende"].wie == "Netbeheerder"
    assert pagina.context["volgende"].uiterlijk == pagina.context["nog_te_gaan"][0].uiterlijk
    assert aanvraag.fasen.get(eind__isnull=True).stap == Stap.NETCHECK
