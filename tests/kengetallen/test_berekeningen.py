"""KPIs on small hand-built histories with known answers, and the phase table as the write path keeps it."""

import datetime as dt

import pytest
from django.db import connection

from aanvragen import services
from aanvragen.models import Aanvraag
from portal.kengetallen import berekeningen, fasen, opbouwen
from portal.kengetallen.berekeningen import Filter
from portal.kengetallen.models import Aanvraagcijfers, Fase
from portal.kengetallen.statistiek import mediaan, percentiel
from portal.models import StatusWijziging
from tests.conftest import IN_A, gegevens, om

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat


def test_percentielen_zoals_percentile_cont():
    assert mediaan([(1, 1), (2, 1), (3, 1), (4, 1)]) == 2.5
    assert percentiel([(10, 1), (20, 1), (30, 1), (40, 1), (100, 1)], 0.8) == 52.0
    assert percentiel([(7, 3)], 0.8) == 7.0
    assert mediaan([]) is None


def test_een_aanvulling_telt_voor_de_aanvrager_en_niet_voor_de_cpo(wereld, dien_in):
    with om("2026-03-02"):
        aanvraag = dien_in()
    with om("2026-03-04"):
        aanvraag = services.vraag_aanvulling(aanvraag, wereld.cpo_mw, "Het bewijs is onleesbaar.")
    with om("2026-03-09"):
        aanvraag = services.wijzig_en_dien_opnieuw_in(aanvraag, wereld.erijder, gegevens(wereld.gemeente_a))
    with om("2026-03-11"):
        services.goedkeuren(aanvraag, wereld.cpo_mw)
    rijen = list(
        Fase.objects.filter(aanvraag=aanvraag).values_list("stap", "partij", "dagen", "binnen_termijn")
    )
    assert rijen == [
        ("toetsing", "cpo", 2, True),
        ("aanvullen", "aanvrager", 5, None),
        ("toetsing", "cpo", 2, True),
        ("locatie_bepalen", "cpo", None, None),
    ]
    per_partij = {r["partij"]: r for r in berekeningen.tijd_per_partij(wereld.cpo_mw, Filter())}
    assert (per_partij["cpo"]["wachtdagen"], per_partij["cpo"]["aantal"]) == (4, 2)
    assert per_partij["aanvrager"]["wachtdagen"] == 5
    (binnen,) = berekeningen.binnen_servicetermijn(wereld.cpo_mw, Filter())
    assert (binnen["partij"], binnen["aantal"], binnen["binnen"], binnen["aandeel"]) == ("cpo", 2, 2, 1.0)
    with om("2026-03-15"):
        knelpunt = berekeningen.knelpunt(wereld.gemeente_a_mw, Filter())
    assert (knelpunt["stap"], knelpunt["partij"], knelpunt["wachtdagen"]) == ("locatie_bepalen", "cpo", 4)


def test_binnen_servicetermijn_telt_een_te_late_stap(wereld, dien_in):
    with om("2026-03-02"):
        aanvraag = dien_in()  # check due Saturday 7 March
    with om("2026-03-10"):
        services.goedkeuren(aanvraag, wereld.cpo_mw)
    (binnen,) = berekeningen.binnen_servicetermijn(wereld.cpo_mw, Filter())
    assert (binnen["aantal"], binnen["binnen"], binnen["aandeel"]) == (1, 0, 0.0)


def _opgeleverd(wereld, dagen: int, opgeleverd: str, gemeente=None, bron="erijder", nummer=None) -> Aanvraag:
    """A delivered request with a known lead time (the figures row written as the write path would)."""
    aanvraag = Aanvraag.objects.create(
        nummer=nummer or f"T-{Aanvraag.objects.count() + 1}",
        gemeente=gemeente or wereld.gemeente_a,
        lat=IN_A[0],
        lon=IN_A[1],
        bron=bron,
    )
    eind = dt.datetime.fromisoformat(f"{opgeleverd}T12:00:00+00:00")
    Aanvraagcijfers.objects.filter(aanvraag=aanvraag).update(
        afloop="opgeleverd",
        ingediend_op=eind - dt.timedelta(days=dagen),
        opgeleverd_op=eind,
        doorlooptijd_dagen=dagen,
        maximum_gereed=(eind - dt.timedelta(days=dagen) + dt.timedelta(weeks=16)).date(),
        binnen_maximum=dagen <= 112,
    )
    return aanvraag


def test_doorlooptijd_mediaan_p80_en_verdeling(wereld):
    for dagen in (10, 20, 30, 40, 100):
        _opgeleverd(wereld, dagen, "2026-05-15")
    _opgeleverd(wereld, 200, "2026-05-15", gemeente=wereld.gemeente_b)
    _opgeleverd(wereld, 5, "2026-07-01")  # outside the period
    uitkomst = berekeningen.doorlooptijd(
        wereld.gemeente_a_mw, Filter(van=D("2026-05-01"), tot=D("2026-05-31"))
    )
    assert (uitkomst["aantal"], uitkomst["mediaan_dagen"], uitkomst["p80_dagen"]) == (5, 30.0, 52.0)
    assert uitkomst["verdeling"] == [
        {"van_dagen": 0, "tot_dagen": 14, "aantal": 1},
        {"van_dagen": 14, "tot_dagen": 28, "aantal": 1},
        {"van_dagen": 28, "tot_dagen": 42, "aantal": 2},
        {"van_dagen": 98, "tot_dagen": 112, "aantal": 1},
    ]
    provincie = berekeningen.doorlooptijd(
        wereld.provincie_mw, Filter(van=D("2026-05-01"), tot=D("2026-05-31"))
    )
    assert (provincie["aantal"], provincie["mediaan_dagen"]) == (6, 35.0)
    if connection.vendor == "postgresql":
        # The same answer as PostgreSQL's own percentile_cont over the same rows.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY doorlooptijd_dagen), "
                "percentile_cont(0.8) WITHIN GROUP (ORDER BY doorlooptijd_dagen) FROM portal_aanvraagcijfers "
                "WHERE gemeente_id = %s AND opgeleverd_op < '2026-06-01'",
                [wereld.gemeente_a.pk],
            )
            assert tuple(round(w, 2) for w in cursor.fetchone()) == (30.0, 52.0)
    per = berekeningen.doorlooptijd_per(wereld.provincie_mw, Filter(tot=D("2026-05-31")), "gemeente")
    assert [(r["naam"], r["aantal"]) for r in per] == [("Gemeente Apeldoorn", 5), ("Gemeente Zutphen", 1)]
    maximum = berekeningen.maximum(wereld.provincie_mw, Filter(tot=D("2026-05-31")))
    assert (maximum["opgeleverd"], maximum["binnen_maximum"]) == (6, 5)


def test_doorstroom_en_afwijzingen_per_redencode(wereld, dien_in):
    with om("2026-03-02"):
        eerste = dien_in()
        tweede = dien_in(aanvrager=wereld.erijder2, lat=52.25, lon=5.95)
    with om("2026-04-02"):
        services.afwijzen(eerste, wereld.cpo_mw, "Er staat al een paal.", "laadpunt_binnen_straal")
        services.afwijzen(tweede, wereld.cpo_mw, "Eigen oprit.", "eigen_oprit")
    _opgeleverd(wereld, 30, "2026-04-10")
    afgewezen = berekeningen.afwijzingen(wereld.cpo_mw, Filter(van=D("2026-04-01"), tot=D("2026-04-30")))
    assert sorted((r["reden_code"], r["aantal"]) for r in afgewezen) == [
        ("eigen_oprit", 1),
        ("laadpunt_binnen_straal", 1),
    ]
    stroom = berekeningen.doorstroom(wereld.cpo_mw, Filter(van=D("2026-03-01"), tot=D("2026-04-30")))
    assert {(r["maand"], r["ingediend"], r["opgeleverd"]) for r in stroom} == {
        ("2026-03", 3, 0),  # the two above and the delivered one (submitted 11 March)
        ("2026-04", 0, 1),
    }


def test_open_werk_naar_leeftijd(wereld, dien_in):
    with om("2026-01-05"):
        dien_in()
    with om("2026-03-02"):
        dien_in(aanvrager=wereld.erijder2, lat=52.25, lon=5.95)
    with om("2026-03-10"):
        banden = berekeningen.open_werk(wereld.gemeente_a_mw, Filter())
    assert [b["aantal"] for b in banden] == [1, 0, 1, 0, 0]  # 8 days and 64 days old


def test_opbouwen_uit_de_historie(wereld, dien_in):
    with om("2026-03-02"):
        aanvraag = dien_in()
    with om("2026-03-05"):
        services.goedkeuren(aanvraag, wereld.cpo_mw)
    verwacht = list(Fase.objects.filter(aanvraag=aanvraag).values_list("stap", "dagen", "eind"))
    Fase.objects.all().delete()
    Aanvraagcijfers.objects.all().delete()
    assert StatusWijziging.objects.filter(object_id=aanvraag.pk).count() == 2
    with om("2026-03-06"):
        uitkomst = opbouwen.opbouwen()
    assert uitkomst["aanvragen"] == 1
    opnieuw = list(Fase.objects.filter(aanvraag=aanvraag).values_list("stap", "dagen", "eind"))
    assert (
        [r[:2] for r in opnieuw] == [r[:2] for r in verwacht] == [("toetsing", 3), ("locatie_bepalen", None)]
    )
    assert Aanvraagcijfers.objects.get(aanvraag=aanvraag).afloop == "open"


def test_elke_aanvraag_heeft_hoogstens_een_open_fase(wereld, dien_in):
    with om("2026-03-02"):
        aanvraag = dien_in()
    fasen.bijwerken([aanvraag])
    fasen.bijwerken([aanvraag.pk])
    assert Fase.objects.filter(aanvraag=aanvraag, eind__isnull=True).count() == 1


def test_scope_per_rol(wereld, dien_in):
    _opgeleverd(wereld, 10, "2026-05-15")
    _opgeleverd(wereld, 20, "2026-05-15", gemeente=wereld.gemeente_b)
    _opgeleverd(wereld, 30, "2026-05-15", gemeente=wereld.gemeente_c)
    aantallen = {
        naam: berekeningen.doorlooptijd(getattr(wereld, naam), Filter())["aantal"]
        for naam in (
            "gemeente_a_mw",
            "gemeente_b_mw",
            "gemeente_c_mw",
            "provincie_mw",
            "cpo_mw",
            "cpo_ander_mw",
            "netbeheerder_mw",
            "netbeheerder_ander_mw",
            "erijder",
        )
    }
    assert aantallen == {
        "gemeente_a_mw": 1,
        "gemeente_b_mw": 1,
        "gemeente_c_mw": 1,
        "provincie_mw": 3,
        "cpo_mw": 2,
        "cpo_ander_mw": 1,
        "netbeheerder_mw": 2,
        "netbeheerder_ander_mw": 1,
        "erijder": 0,
    }
    # A gemeente outside one's scope gives nothing, not another's figures.
    assert (
        berekeningen.doorlooptijd(wereld.gemeente_a_mw, Filter(gemeente=wereld.gemeente_b.pk))["aantal"] == 0
    )


def test_hele_maanden_uit_de_maandtotalen_randen_uit_de_fasen(wereld, dien_in):
    """The phase figures read whole months from Fasemaand and the edges from the phases: every way of
    cutting the period gives the same answer as counting the phases themselves."""
    with om("2026-02-27"):
        eerste = dien_in()
    with om("2026-03-03"):
        services.goedkeuren(eerste, wereld.cpo_mw)  # a check of 4 days, ended 3 March
        tweede = dien_in(aanvrager=wereld.erijder2, lat=52.25, lon=5.95)
    with om("2026-04-02"):
        services.goedkeuren(tweede, wereld.cpo_mw)  # 30 days, ended 2 April
    assert fasen.maandtotalen_opbouwen() == 2  # what the write path kept is what a rebuild gives
    for van, tot, verwacht in [
        (None, None, (2, 34)),
        ("2026-03-01", "2026-03-31", (1, 4)),  # one whole month
        ("2026-03-02", "2026-04-30", (2, 34)),  # an edge, then a whole month
        ("2026-03-04", "2026-04-01", (0, 0)),  # no whole month, both outside
        ("2026-02-01", "2026-04-02", (2, 34)),  # whole months, then an edge
    ]:
        filter_ = Filter(van=van and D(van), tot=tot and D(tot))
        rijen = {r["partij"]: r for r in berekeningen.tijd_per_partij(wereld.cpo_mw, filter_)}
        gevonden = (rijen["cpo"]["aantal"], rijen["cpo"]["wachtdagen"]) if "cpo" in rijen else (0, 0)
        assert gevonden == verwacht, (van, tot)
