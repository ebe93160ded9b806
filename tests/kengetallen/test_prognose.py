"""The expected date: the chain's own medians with their fallbacks; one date per step; the 16-week flags."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aanvragen import prognose
from aanvragen.models import Aanvraag
from portal import servicetermijnen, verzoekgeheugen
from portal.kengetallen import duurmodel
from portal.kengetallen.models import Fase
from portal.servicetermijnen import Stap
from tests.conftest import WACHTWOORD, om

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat


def _gesloten(aanvraag, stap, dagen, gemeente, partij=None, aantal=1):
    begin = dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC)
    for _ in range(aantal):
        Fase.objects.create(
            aanvraag=aanvraag,
            gemeente=gemeente,
            bron="erijder",
            stap=stap,
            partij="netbeheerder",
            partij_organisatie=partij,
            begin=begin,
            eind=begin + dt.timedelta(days=dagen),
            dagen=dagen,
        )


def test_de_duur_valt_terug_van_gemeente_naar_regio_naar_servicetermijn(wereld, dien_in, settings):
    settings.KENGETALLEN_MINIMUM_GEVALLEN = 3
    with om("2026-01-05"):
        aanvraag = dien_in()
        regels = servicetermijnen.voor_gemeente(wereld.gemeente_a)
    # Nothing closed yet: the service level.
    with om("2026-01-05"):
        duurmodel.bijwerken()
    model = duurmodel.laad()
    assert model.duur(Stap.NETAANSLUITING, wereld.gemeente_a.pk, None, regels) == duurmodel.Schatting(
        30.0, "servicetermijn", 0
    )
    # Three in gemeente A with this netbeheerder (12 days), two in B (20 days).
    _gesloten(aanvraag, Stap.NETAANSLUITING, 12, wereld.gemeente_a, wereld.netbeheerder, aantal=3)
    _gesloten(aanvraag, Stap.NETAANSLUITING, 20, wereld.gemeente_b, wereld.netbeheerder, aantal=2)
    with om("2026-03-01"):
        duurmodel.bijwerken()
    model = duurmodel.laad()
    a, b, c = wereld.gemeente_a.pk, wereld.gemeente_b.pk, wereld.gemeente_c.pk
    assert model.duur(Stap.NETAANSLUITING, a, wereld.netbeheerder.pk, regels) == duurmodel.Schatting(
        12.0, "gemeente", 3
    )
    assert model.duur(Stap.NETAANSLUITING, a, None, regels).dagen == 12.0
    # B has too few of its own: the region's median over all five (12, 12, 12, 20, 20).
    assert model.duur(Stap.NETAANSLUITING, b, None, regels) == duurmodel.Schatting(12.0, "regio", 5)
    assert model.duur(Stap.NETAANSLUITING, c, None, regels).bron == "regio"
    # Another step with no history at all: its service level.
    assert model.duur(Stap.PLAATSING_PLANNEN, a, None, regels) == duurmodel.Schatting(
        15.0, "servicetermijn", 0
    )
    settings.KENGETALLEN_MINIMUM_GEVALLEN = 6
    assert duurmodel.laad().duur(Stap.NETAANSLUITING, a, None, regels).bron == "servicetermijn"


def test_het_model_wordt_per_proces_bewaard_tot_het_opnieuw_gebouwd_is(wereld, dien_in):
    with om("2026-01-05"):
        aanvraag = dien_in()
    _gesloten(aanvraag, Stap.NETAANSLUITING, 12, wereld.gemeente_a, wereld.netbeheerder, aantal=6)
    with om("2026-03-01"):
        duurmodel.bijwerken()
    eerste = duurmodel.laad([wereld.gemeente_a.pk])
    with verzoekgeheugen.verzoek(), CaptureQueriesContext(connection) as queries:
        tweede = duurmodel.laad([wereld.gemeente_a.pk])
    # Only the settings token is read; each caller gets a model of its own.
    assert [q["sql"] for q in queries.captured_queries if "kengetallen_stapduur" in q["sql"]] == []
    assert tweede.rijen == eerste.rijen and tweede is not eerste and tweede.rijen is not eerste.rijen
    _gesloten(aanvraag, Stap.NETAANSLUITING, 30, wereld.gemeente_a, wereld.netbeheerder, aantal=7)
    with om("2026-03-02"):
        duurmodel.bijwerken()
    assert duurmodel.laad([wereld.gemeente_a.pk]).rijen != eerste.rijen  # rebuilt: read again


def test_de_verwachting_gebruikt_de_mediaan_en_het_slechtste_geval_de_termijn(wereld, dien_in, settings):
    settings.KENGETALLEN_MINIMUM_GEVALLEN = 3
    with om("2026-03-02"):
        eerste = dien_in()
    _gesloten(eerste, Stap.NETAANSLUITING, 12, wereld.gemeente_a, wereld.netbeheerder, aantal=3)
    with om("2026-03-02"):
        duurmodel.bijwerken()
        tweede = dien_in(aanvrager=wereld.erijder2, lat=52.25, lon=5.95)
    # 5 + 10 + 42 + 30 + 15 + 5 + 5 days = 22 June in the worst case; expected 18 days sooner for the grid.
    assert tweede.slechtst_gereed == D("2026-06-22")
    assert tweede.verwacht_gereed == D("2026-06-04")
    with om("2026-03-02"):
        assert not tweede.maximum_in_gevaar and not tweede.maximum_verstreken


def test_verse_aanvraag_op_tijd_heeft_geen_vlag_op_geen_enkele_dag(wereld, dien_in):
    """Every weekday of a month: a fresh request's expected date meets the 16 weeks (no history: the service
    levels), even on the days its worst case rolls past them because the objection term ends in a weekend."""
    eerste = D("2026-03-02")
    for i in range(28):
        dag = eerste + dt.timedelta(days=i)
        with om(dag.isoformat()):
            aanvraag = dien_in(aanvrager=wereld.erijder if i % 2 else wereld.erijder2, lat=52.20 + i * 0.003)
            assert aanvraag.verwacht_gereed <= aanvraag.maximum_gereed, dag
            assert not aanvraag.maximum_in_gevaar and not aanvraag.maximum_verstreken, dag
            assert aanvraag.verwacht_gereed.weekday() < 5 and aanvraag.slechtst_gereed.weekday() < 5, dag
        Aanvraag.objects.filter(pk=aanvraag.pk).update(status="ingetrokken")


def test_te_laat_nadat_het_maximum_voorbij_is(wereld, dien_in):
    with om("2026-03-02"):
        aanvraag = dien_in()
    with om("2026-06-23"):  # the cap was 22 June
        aanvraag.refresh_from_db()
        assert aanvraag.maximum_verstreken and not aanvraag.maximum_in_gevaar
        assert Aanvraag.objects.filter(prognose.te_laat_q()).count() == 1
        assert not Aanvraag.objects.filter(prognose.in_gevaar_q()).exists()


def test_een_stap_over_zijn_termijn_zegt_te_laat_met_het_aantal_dagen(client, wereld, dien_in):
    with om("2026-03-02"):
        aanvraag = dien_in()  # the check is due Saturday 7 March
    client.login(email=wereld.erijder.email, password=WACHTWOORD)
    with om("2026-03-10"):
        pagina = client.get(reverse("aanvragen:detail", args=[aanvraag.pk]))
    tekst = pagina.content.decode()
    assert "3 dagen te laat" in tekst
    assert pagina.context["nog_te_gaan"][0].te_laat == "3 dagen te laat"
    with om("2026-03-08"):
        assert "1 dag te laat" in client.get(reverse("aanvragen:detail", args=[aanvraag.pk])).content.decode()
