"""The definitive sweep works per run, not per decision or location (issue 14, item 4): the grid connections of
every location it makes definitive are requested together, and each CPO gets one message naming every decision,
and one listing the connections it must request by hand."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netaansluiting import services as netaansluitingservices
from netaansluiting.models import Netaansluiting, Realisatie
from plankaart.models import Locatie
from portal import historie
from portal.models import Bericht
from tests.verkeersbesluiten.conftest import D, om
from verkeersbesluiten import services
from verkeersbesluiten.models import Verkeersbesluit

pytestmark = pytest.mark.django_db


def _gepubliceerd(wereld, locaties, titel):
    with om("2026-02-16"):
        besluit = services.maak_concept(
            wereld.gemeente_a, wereld.gemeente_a_mw, titel=titel, locaties=locaties
        )
    with om("2026-03-02"):
        return services.publiceer(
            besluit, wereld.gemeente_a_mw, bekendmaking_op=D("2026-03-02"), vindplaats="Gemeenteblad 2026, 1"
        )


@pytest.fixture
def twee_besluiten(wereld, goedgekeurde_locatie):
    (eerste, _a1), (tweede, _a2), (derde, _a3) = (
        goedgekeurde_locatie(0),
        goedgekeurde_locatie(600, aanvrager=wereld.erijder2),
        goedgekeurde_locatie(1200),
    )
    return (
        _gepubliceerd(wereld, [eerste, tweede], "Laadpalen Centrum"),
        _gepubliceerd(wereld, [derde], "Laadpalen Zuid"),
    )


def test_een_veegronde_met_twee_besluiten_stuurt_de_cpo_een_bericht(wereld, twee_besluiten):
    with om("2026-04-14"):
        assert services.maak_definitief_wat_klaar_is() == {"definitief": 2, "fouten": 0}
    for besluit in twee_besluiten:
        besluit.refresh_from_db()
        assert besluit.status == Verkeersbesluit.Status.DEFINITIEF
    (bericht,) = Bericht.objects.filter(ontvanger=wereld.cpo_mw, onderwerp__contains="definitief")
    assert bericht.onderwerp == "2 verkeersbesluiten zijn definitief"
    for besluit in twee_besluiten:
        assert besluit.nummer in bericht.tekst
    assert "2 locaties" in bericht.tekst and "1 locatie" in bericht.tekst and bericht.per_email
    assert "Het portaal heeft 3 netaansluitingen aangevraagd" in bericht.tekst
    assert "niet vanzelf aangevraagd" not in bericht.tekst
    # Every location of both decisions has its connection waiting for a batch, with its realisation.
    locaties = Locatie.objects.filter(besluitlocaties__verkeersbesluit__in=twee_besluiten)
    assert locaties.count() == 3
    for locatie in locaties:
        (aansluiting,) = Netaansluiting.objects.filter(locatie=locatie)
        assert aansluiting.status == Netaansluiting.Status.TE_BUNDELEN
        assert aansluiting.netbeheerder == wereld.netbeheerder and aansluiting.cpo == wereld.cpo
        assert aansluiting.erijder and aansluiting.contact_email == wereld.cpo.email
        assert [r.transitie for r in historie.historie_van(aansluiting)] == ["aanmaken"]
        assert historie.historie_van(aansluiting).get().gegevens == {
            "locatie": locatie.pk,
            "capaciteit": "3x25A",
        }
        realisatie = Realisatie.objects.get(locatie=locatie)
        assert realisatie.aansluiting == aansluiting and realisatie.cpo == wereld.cpo
    # The E-rijders still read it on their own request, one each.
    assert Bericht.objects.filter(ontvanger=wereld.erijder2, onderwerp__contains="is definitief").count() == 1
    assert Bericht.objects.filter(ontvanger=wereld.erijder, onderwerp__contains="is definitief").count() == 2


def test_zonder_netbeheerder_een_bericht_met_alle_locaties(wereld, twee_besluiten):
    wereld.netbeheerder.bediende_gemeenten.clear()
    with om("2026-04-14"):
        assert services.maak_definitief_wat_klaar_is() == {"definitief": 2, "fouten": 0}
    assert not Netaansluiting.objects.exists()
    # The message about the decisions says so too, instead of claiming the connections were requested.
    (definitief,) = Bericht.objects.filter(ontvanger=wereld.cpo_mw, onderwerp__contains="definitief")
    assert "Het portaal heeft" not in definitief.tekst
    assert "Voor 3 locaties is de netaansluiting niet vanzelf aangevraagd" in definitief.tekst
    (bericht,) = Bericht.objects.filter(ontvanger=wereld.cpo_mw, onderwerp__contains="niet aangevraagd")
    assert bericht.onderwerp == "3 netaansluitingen niet aangevraagd"
    for locatie in Locatie.objects.filter(besluitlocaties__verkeersbesluit__in=twee_besluiten):
        assert locatie.status == Locatie.Status.DEFINITIEF
        assert (
            f"- {locatie.omschrijving} (Gemeente Apeldoorn): Voor Gemeente Apeldoorn is geen netbeheerder"
            in (bericht.tekst)
        )


def _definitieve_locaties(locatie_op, aantal, begin):
    ids = [locatie_op(begin + 300 * i).pk for i in range(aantal)]
    Locatie.objects.filter(pk__in=ids).update(status=Locatie.Status.DEFINITIEF)
    return list(Locatie.objects.filter(pk__in=ids).order_by("pk"))


def test_aansluitingen_voor_velen_in_een_vast_aantal_queries(wereld, locatie_op):
    weinig = _definitieve_locaties(locatie_op, 2, 0)
    veel = _definitieve_locaties(locatie_op, 7, 5000)
    # A running process knows the concessie, the netbeheerder and the content types already: warm up once.
    netaansluitingservices.vraag_vanzelf_aan_velen(_definitieve_locaties(locatie_op, 1, 9000), None)
    tellingen = []
    for locaties in (weinig, veel):
        with CaptureQueriesContext(connection) as queries:
            aansluitingen = netaansluitingservices.vraag_vanzelf_aan_velen(locaties, None)
        assert sorted(aansluitingen) == [locatie.pk for locatie in locaties]
        tellingen.append(len(queries))
    assert tellingen[0] == tellingen[1], tellingen
    # Asked again, each location keeps the connection it has: nothing new is made.
    with CaptureQueriesContext(connection):
        opnieuw = netaansluitingservices.vraag_vanzelf_aan_velen(veel, None)
    assert {pk: a.pk for pk, a in opnieuw.items()} == {
        a.locatie_id: a.pk for a in Netaansluiting.objects.filter(locatie__in=veel)
    }
    assert Netaansluiting.objects.count() == 10 and Realisatie.objects.count() == 10
