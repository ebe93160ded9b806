"""'Who serves gemeente G on date D' is one dated rule: access, messages, terms and the grid-term owner
follow the concessie in force and the location's own netbeheerder."""

import datetime as dt

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from aanvragen import services as aanvraagservices
from aanvragen.models import Aanvraag
from netaansluiting import services as netaansluitingservices
from plankaart import services as plankaartservices
from portal import selectors, transities
from portal.models import Bericht, Concessie, Gebruiker, Organisatie
from tests.conftest import IN_A, om, punt_bij

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat


def api(gebruiker) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=gebruiker)[0].key}")
    return client


@pytest.fixture
def overgang(wereld):
    """Gemeente A's concessie with the CPO ends on 31 March 2026; the other CPO holds it from 1 April."""
    oud = Concessie.objects.get(cpo=wereld.cpo)
    oud.einde = D("2026-03-31")
    oud.save()
    nieuw = Concessie.objects.create(
        naam="Concessie Apeldoorn 2026", cpo=wereld.cpo_ander, ingang=D("2026-04-01")
    )
    nieuw.gemeenten.set([wereld.gemeente_a])
    return oud, nieuw


def test_de_regel_zelf(wereld, overgang):
    assert selectors.cpo_van(wereld.gemeente_a, D("2026-03-31")) == wereld.cpo
    assert selectors.cpo_van(wereld.gemeente_a, D("2026-04-01")) == wereld.cpo_ander
    assert selectors.cpo_van(wereld.gemeente_a, D("2024-12-31")) is None  # before any concessie
    assert set(selectors.gemeenten_van_cpo(wereld.cpo, D("2026-03-31"))) == {
        wereld.gemeente_a,
        wereld.gemeente_b,
    }
    assert not selectors.gemeenten_van_cpo(wereld.cpo, D("2026-04-01")).exists()  # its concessie ended
    assert set(selectors.gemeenten_van_cpo(wereld.cpo_ander, D("2026-04-01"))) == {
        wereld.gemeente_a,
        wereld.gemeente_c,
    }
    assert list(selectors.cpos_van_gemeente(wereld.gemeente_a, D("2026-03-01"))) == [wereld.cpo]


def test_de_ids_van_een_cpo_zijn_die_van_de_regel(wereld, overgang):
    """bediende_gemeente_ids writes the rule's statement out (prepared, portal.sql): the same answer as
    gemeenten_van_cpo on every date, with overlapping concessies (the most recent in force wins; on one
    start date the later one)."""
    gelijk = Concessie.objects.create(naam="Zelfde dag", cpo=wereld.cpo, ingang=D("2026-04-01"))
    gelijk.gemeenten.set([wereld.gemeente_a, wereld.gemeente_c])
    later = Concessie.objects.create(
        naam="Tijdelijk", cpo=wereld.cpo, ingang=D("2026-06-01"), einde=D("2026-06-30")
    )
    later.gemeenten.set([wereld.gemeente_a, wereld.gemeente_b])
    gezien = set()
    for datum in ("2024-12-31", "2026-03-31", "2026-04-01", "2026-06-15", "2026-07-01"):
        for cpo in (wereld.cpo, wereld.cpo_ander):
            verwacht = {g.pk for g in selectors.gemeenten_van_cpo(cpo, D(datum))}
            assert selectors.bediende_gemeente_ids(cpo, D(datum)) == verwacht, (datum, cpo)
            gezien.add(frozenset(verwacht))
    assert len(gezien) >= 4  # the dates and CPOs really differ


def test_na_het_einde_van_de_concessie_ziet_en_doet_de_oude_cpo_niets(wereld, overgang, dien_in):
    with om("2026-03-30"):
        aanvraag = dien_in()
    assert aanvraag.termijn_organisatie == wereld.cpo
    with om("2026-04-02"):
        assert api(wereld.cpo_mw).get(f"/api/v1/aanvragen/{aanvraag.pk}/").status_code == 404
        assert aanvraag.pk not in [
            a["id"] for a in api(wereld.cpo_mw).get("/api/v1/aanvragen/").json()["results"]
        ]
        with pytest.raises(transities.GeenRecht):
            aanvraagservices.goedkeuren(aanvraag, wereld.cpo_mw)
        # The new CPO sees it, may act, and is at turn for the next step.
        assert api(wereld.cpo_ander_mw).get(f"/api/v1/aanvragen/{aanvraag.pk}/").status_code == 200
        aanvraag = aanvraagservices.goedkeuren(aanvraag, wereld.cpo_ander_mw)
    assert aanvraag.status == Aanvraag.Status.GOEDGEKEURD
    assert aanvraag.termijn_organisatie == wereld.cpo_ander


def test_berichten_gaan_naar_de_cpo_van_die_dag(wereld, overgang, dien_in):
    with om("2026-04-02"):
        dien_in()
    assert Bericht.objects.filter(ontvanger=wereld.cpo_ander_mw).exists()
    assert not Bericht.objects.filter(ontvanger=wereld.cpo_mw).exists()


@pytest.fixture
def tweede_netbeheerder(wereld):
    """Gemeente A is served by two netbeheerders; the second has its own staff."""
    tweede = Organisatie.objects.create(naam="Stedin Oost", soort="netbeheerder")
    tweede.bediende_gemeenten.set([wereld.gemeente_a])
    mw = Gebruiker.objects.create_user(
        "stedin@example.nl", "x" * 12, naam="Stedin", organisatie=tweede, rol="medewerker"
    )
    return tweede, mw


def test_de_netbeheerder_van_de_locatie_beslist_de_netcheck_en_krijgt_de_aansluiting(
    wereld, dien_in, tweede_netbeheerder
):
    tweede, tweede_mw = tweede_netbeheerder
    with om("2026-03-02"):
        aanvraag = aanvraagservices.goedkeuren(dien_in(), wereld.cpo_mw)
        lat, lon = punt_bij(*IN_A, 20)
        aanvraag = plankaartservices.stel_nieuwe_voor(aanvraag, lat, lon, "Hoofdstraat 12", wereld.cpo_mw)
    plek = aanvraag.locatie
    # Default: the gemeente's first netbeheerder carries the term and decides.
    assert plek.termijn_organisatie == wereld.netbeheerder
    with pytest.raises(transities.GeenRecht):
        plankaartservices.netcheck_goedkeuren(plek, tweede_mw)
    # Stored on the location: that one, for the term, the decision and the connection.
    plek.netbeheerder = tweede
    plek.save()
    with pytest.raises(transities.GeenRecht):
        plankaartservices.netcheck_goedkeuren(plek, wereld.netbeheerder_mw)
    with om("2026-03-03"):
        plek = plankaartservices.netcheck_goedkeuren(plek, tweede_mw)
    assert plek.status == "voorgesteld"
    with om("2026-03-04"):
        aansluiting = netaansluitingservices._maak_aansluiting(plek, wereld.cpo_mw)
    assert aansluiting.netbeheerder == tweede
