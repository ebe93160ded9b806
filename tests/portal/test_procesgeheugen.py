"""What every submission reads is kept per process (portal.procesgeheugen) and a change by an administrator is
seen at once, also with Redis down."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings

from aanvragen.models import Aanvraagvoorwaarden
from portal import kalender, klok, procesgeheugen, servicetermijnen, verzoekgeheugen
from portal.models import Concessie, Gebruiker, GelijkgesteldeDag, Gelijkstellingsbesluit, Instellingsversie
from portal.selectors import concessie_op, heeft_concessie, netbeheerder_van_gemeente

pytestmark = pytest.mark.django_db

VANDAAG = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)
TOETSING = servicetermijnen.Stap.TOETSING


@pytest.fixture(autouse=True)
def _vandaag():
    procesgeheugen.vergeet_alles()
    with klok.vastgezet(VANDAAG):
        yield
    procesgeheugen.vergeet_alles()


def _lees_alles(gemeente):
    regels = servicetermijnen.voor_gemeente(gemeente)
    return (
        regels.stappen[TOETSING].dagen,
        kalender.laad().gelijkgesteld,
        concessie_op(gemeente).naam,
        heeft_concessie(gemeente),
        Aanvraagvoorwaarden.voor(gemeente).straal_m,
    )


def test_tweede_keer_alleen_de_versie_gelezen(wereld):
    _lees_alles(wereld.gemeente_a)
    with CaptureQueriesContext(connection) as buiten_verzoek:
        _lees_alles(wereld.gemeente_a)
    with verzoekgeheugen.verzoek(), CaptureQueriesContext(connection) as in_verzoek:
        _lees_alles(wereld.gemeente_a)
        _lees_alles(wereld.gemeente_a)
    # Outside a request every kept answer asks for the version; inside one the version is read once.
    assert all("portal_instellingsversie" in q["sql"] for q in buiten_verzoek.captured_queries)
    assert len(in_verzoek.captured_queries) == 1


def test_wijziging_via_de_beheerder_direct_gezien(wereld, client):
    beheer = Gebruiker.objects.create_superuser("beheer@example.nl", "Wachtwoord-123!", naam="Beheer")
    client.force_login(beheer)
    voorwaarden = Aanvraagvoorwaarden.objects.get(gemeente=wereld.gemeente_a)
    assert Aanvraagvoorwaarden.voor(wereld.gemeente_a).straal_m == voorwaarden.straal_m
    antwoord = client.post(
        f"/admin/aanvragen/aanvraagvoorwaarden/{voorwaarden.pk}/change/",
        {
            "gemeente": wereld.gemeente_a.pk,
            "straal_m": 321,
            "min_werkuren": voorwaarden.min_werkuren,
            "vergunningparkeren": "on" if voorwaarden.vergunningparkeren else "",
            "toelichting": voorwaarden.toelichting,
        },
    )
    assert antwoord.status_code == 302, antwoord.content[:2000]
    assert Aanvraagvoorwaarden.voor(wereld.gemeente_a).straal_m == 321


def test_servicetermijn_kalender_en_concessie_direct_gezien(wereld):
    concessie = Concessie.objects.get(naam="Concessie Oost")
    dagen, feestdagen, naam, heeft, _ = _lees_alles(wereld.gemeente_a)
    assert (dagen, naam, heeft) == (5, "Concessie Oost", True)
    assert dt.date(2031, 5, 30) not in feestdagen

    concessie.servicetermijnen.create(stap=TOETSING, dagen=9)
    besluit = Gelijkstellingsbesluit.objects.get_or_create(jaar=2031)[0]
    GelijkgesteldeDag.objects.create(
        besluit=besluit, datum=dt.date(2031, 5, 30), omschrijving="Vrijdag na Hemelvaart"
    )
    concessie.naam = "Concessie Oost (nieuw)"
    concessie.save()
    dagen, feestdagen, naam, heeft, _ = _lees_alles(wereld.gemeente_a)
    assert (dagen, naam, heeft) == (9, "Concessie Oost (nieuw)", True)
    assert dt.date(2031, 5, 30) in feestdagen

    concessie.gemeenten.remove(wereld.gemeente_a)  # the admin's filter_horizontal: m2m_changed
    assert concessie_op(wereld.gemeente_a) is None and not heeft_concessie(wereld.gemeente_a)


def test_verzorgingsgebied_van_de_netbeheerder_direct_gezien(wereld):
    """The gemeente's default netbeheerder is kept too: a change of a service area is seen at once."""
    assert netbeheerder_van_gemeente(wereld.gemeente_a) == wereld.netbeheerder
    wereld.netbeheerder.bediende_gemeenten.remove(wereld.gemeente_a)  # the admin's filter_horizontal
    assert netbeheerder_van_gemeente(wereld.gemeente_a) is None
    wereld.netbeheerder_ander.bediende_gemeenten.add(wereld.gemeente_a)
    assert netbeheerder_van_gemeente(wereld.gemeente_a) == wereld.netbeheerder_ander


def test_wijziging_in_een_verzoek_direct_gezien(wereld):
    """The admin saves during a request that already read the settings: the same request sees the change."""
    concessie = Concessie.objects.get(naam="Concessie Oost")
    with verzoekgeheugen.verzoek():
        assert servicetermijnen.voor_gemeente(wereld.gemeente_a).stappen[TOETSING].dagen == 5
        concessie.servicetermijnen.create(stap=TOETSING, dagen=7)
        assert servicetermijnen.voor_gemeente(wereld.gemeente_a).stappen[TOETSING].dagen == 7


def test_wijziging_door_een_ander_proces_gezien(wereld):
    """Another process changes a setting: all this process sees is the new token in the database."""
    _lees_alles(wereld.gemeente_a)
    Concessie.objects.filter(naam="Concessie Oost").update(naam="Elders gewijzigd")  # no signal here
    assert concessie_op(wereld.gemeente_a).naam == "Concessie Oost"  # kept, as long as the token stands
    Instellingsversie.objects.update_or_create(
        pk=1, defaults={"versie": 12345}
    )  # the other process's verhoog
    assert concessie_op(wereld.gemeente_a).naam == "Elders gewijzigd"


def test_teruggedraaide_wijziging_laat_niets_achter(wereld):
    concessie = Concessie.objects.get(naam="Concessie Oost")
    assert servicetermijnen.voor_gemeente(wereld.gemeente_a).stappen[TOETSING].dagen == 5
    with pytest.raises(RuntimeError), transaction.atomic():
        concessie.servicetermijnen.create(stap=TOETSING, dagen=8)
        assert servicetermijnen.voor_gemeente(wereld.gemeente_a).stappen[TOETSING].dagen == 8
        raise RuntimeError("teruggedraaid")
    assert servicetermijnen.voor_gemeente(wereld.gemeente_a).stappen[TOETSING].dagen == 5


def test_elke_aanroeper_krijgt_een_eigen_kopie(wereld):
    eerste = concessie_op(wereld.gemeente_a)
    eerste.naam = "in het geheugen veranderd"
    assert concessie_op(wereld.gemeente_a).naam == "Concessie Oost"


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "portal.cache.FailOpenRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens: Redis is down
        }
    }
)
def test_werkt_met_redis_onbereikbaar(wereld):
    concessie = Concessie.objects.get(naam="Concessie Oost")
    assert servicetermijnen.voor_gemeente(wereld.gemeente_a).stappen[TOETSING].dagen == 5
    concessie.servicetermijnen.create(stap=TOETSING, dagen=6)
    assert servicetermijnen.voor_gemeente(wereld.gemeente_a).stappen[TOETSING].dagen == 6


def test_gemeentegrens_bewaard_en_na_wijziging_direct_gezien(wereld):
    """The submission forms load the gemeente without its boundary; bevat() uses the kept one."""
    from portal.models import Organisatie

    binnen, buiten = (52.2, 5.9), (52.2, 6.2)  # gemeente A's bbox is 5.78–6.08 east
    gemeente = Organisatie.objects.defer("gebied").get(pk=wereld.gemeente_a.pk)
    assert gemeente.bevat(*binnen) and not gemeente.bevat(*buiten)
    wereld.gemeente_a.gebied = {"bbox": [5.78, 52.10, 6.28, 52.32]}
    wereld.gemeente_a.save()
    gemeente = Organisatie.objects.defer("gebied").get(pk=wereld.gemeente_a.pk)
    assert gemeente.bevat(*buiten)
    with CaptureQueriesContext(connection) as queries:
        gemeente.bevat(*buiten)
    assert len(queries.captured_queries) == 1  # the version only: the boundary is not read again


def test_alleen_vandaag_bewaard_en_het_geheugen_blijft_begrensd(wereld, monkeypatch):
    concessie_op(wereld.gemeente_a, dt.date(2025, 6, 1))  # a look back: not kept
    concessie_op(wereld.gemeente_a)
    assert [k for k in procesgeheugen._bewaard["instellingen"] if k[0] == "concessie"] == [
        ("concessie", wereld.gemeente_a.pk, dt.date(2026, 3, 2))
    ]
    monkeypatch.setattr(procesgeheugen, "MAXIMUM", 3)
    for dag in range(1, 8):
        with klok.vastgezet(VANDAAG + dt.timedelta(days=dag)):
            servicetermijnen.voor_gemeente(wereld.gemeente_a)
            assert len(procesgeheugen._bewaard["instellingen"]) <= 3


def test_een_eigen_kamer_duwt_de_instellingen_er_niet_uit(wereld, monkeypatch):
    """Many small answers in a room of their own (the allowed transitions per organisation) fill that room
    only: the settings kept beside them stay."""
    monkeypatch.setattr(procesgeheugen, "MAXIMUM", 3)
    concessie_op(wereld.gemeente_a)
    for i in range(10):
        procesgeheugen.onthoud(("ander", i), lambda i=i: i, ruimte="proef")
        assert len(procesgeheugen._bewaard["proef"]) <= 3
    with CaptureQueriesContext(connection) as vastgelegd:
        assert concessie_op(wereld.gemeente_a) is not None
    assert not [q for q in vastgelegd.captured_queries if "concessie" in q["sql"]]
    assert procesgeheugen.onthoud(("ander", 9), lambda: "opnieuw", ruimte="proef") == 9
