"""The totals the dashboard reads (Aanvraagtelling and Openfase kept by PostgreSQL triggers, Fasedag and
Fasemaand by the write path) give exactly the answers of counting the figures tables themselves, for every
role, period, gemeente and lane, also after cases changed once the totals were built."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aanvragen import services
from aanvragen.models import Aanvraag
from portal.kengetallen import berekeningen, fasen, totalen
from portal.kengetallen.berekeningen import Filter
from portal.kengetallen.models import Aanvraagcijfers, Aanvraagtelling, Fase, Fasedag, Fasemaand, Openfase
from portal.models import Gebruiker
from tests.conftest import IN_A, om

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's"),
]
D = dt.date.fromisoformat
ROLLEN = (
    "gemeente_a_mw",
    "gemeente_b_mw",
    "gemeente_c_mw",
    "provincie_mw",
    "cpo_mw",
    "cpo_ander_mw",
    "netbeheerder_mw",
    "netbeheerder_ander_mw",
    "beheerder",
)


def _filters(wereld) -> list[Filter]:
    return [
        Filter(),
        Filter(van=D("2026-03-01"), tot=D("2026-04-30")),  # whole months only
        Filter(van=D("2026-02-15"), tot=D("2026-04-10")),  # an edge, a whole month, an edge
        Filter(van=D("2026-03-05"), tot=D("2026-03-20")),  # no whole month
        Filter(van=D("2026-01-01"), tot=D("2026-05-31"), gemeente=wereld.gemeente_a.pk),
        Filter(bron="gemeente"),
        Filter(van=D("2026-04-02"), tot=D("2026-05-31"), gemeente=wereld.gemeente_b.pk, bron="erijder"),
    ]


def _aanvraag(wereld, gemeente, bron="erijder") -> Aanvraag:
    return Aanvraag.objects.create(
        nummer=f"T-{Aanvraag.objects.count() + 1}", gemeente=gemeente, lat=IN_A[0], lon=IN_A[1], bron=bron
    )


def _lever(aanvraag, dagen: int, op: str, locatie_id=None, binnen=None) -> None:
    """Deliver a request in its figures row (a bulk update, as a data fix would: no write path runs)."""
    eind = dt.datetime.fromisoformat(f"{op}T12:00:00+00:00")
    Aanvraagcijfers.objects.filter(aanvraag=aanvraag).update(
        afloop="opgeleverd",
        ingediend_op=eind - dt.timedelta(days=dagen),
        opgeleverd_op=eind,
        doorlooptijd_dagen=dagen,
        locatie_id=locatie_id,
        maximum_gereed=(eind - dt.timedelta(days=dagen) + dt.timedelta(weeks=16)).date(),
        binnen_maximum=dagen <= 112 if binnen is None else binnen,
    )


def _netcheck(aanvraag, begin: str, eind: str, afsluiting: str) -> None:
    """A closed netcheck phase as the write path closes one (fasen.synchroniseer): saved, then counted."""
    scope = fasen.scope_van(Aanvraag.objects.select_related(*fasen.RELATIES).get(pk=aanvraag.pk))
    fase = Fase(
        aanvraag=aanvraag,
        stap="netcheck",
        partij="netbeheerder",
        begin=dt.datetime.fromisoformat(f"{begin}T09:00:00+00:00"),
        uiterlijk=D(begin) + dt.timedelta(days=10),
        afsluiting=afsluiting,
        **scope,
    )
    fasen.sluit(fase, dt.datetime.fromisoformat(f"{eind}T09:00:00+00:00")).save()
    fasen.tel_bij_maand(fase)


def _geschiedenis(wereld, dien_in) -> dict:
    """Requests in three gemeenten and three lanes across four months: checks, a completion pause, approvals,
    rejections with reasons, deliveries (two at one location) and open work of several ages."""
    derde = Gebruiker.objects.create_user("derde@example.nl", None, naam="Derde")
    with om("2026-01-20"):
        eerste = dien_in()
    with om("2026-02-27"):
        tweede = dien_in(aanvrager=wereld.erijder2, lat=52.25, lon=5.95)
    with om("2026-03-03"):
        services.goedkeuren(eerste, wereld.cpo_mw)
        services.vraag_aanvulling(tweede, wereld.cpo_mw, "Het bewijs is onleesbaar.")
    with om("2026-03-12"):
        derde_aanvraag = dien_in(aanvrager=derde, lat=52.22, lon=5.97)
    with om("2026-04-01"):
        services.afwijzen(derde_aanvraag, wereld.cpo_mw, "Er staat al een paal.", "laadpunt_binnen_straal")
        open_b = _aanvraag(wereld, wereld.gemeente_b, bron="gemeente")
        afgewezen_c = _aanvraag(wereld, wereld.gemeente_c, bron="cpo")
    with om("2026-04-20"):
        services.afwijzen(
            Aanvraag.objects.get(pk=afgewezen_c.pk), wereld.cpo_ander_mw, "Eigen oprit.", "eigen_oprit"
        )
    _netcheck(eerste, "2026-03-10", "2026-03-18", "netcheck_afkeuren")
    _netcheck(eerste, "2026-04-01", "2026-04-03", "netcheck_goedkeuren")
    # The 16-week figures now: one request expected beyond its cap (a projection writes the date directly).
    Aanvraag.objects.filter(pk=tweede.pk).update(verwacht_gereed=D("2026-08-01"))
    geleverd = []
    for gemeente, bron, dagen, op, locatie in [
        (wereld.gemeente_a, "erijder", 30, "2026-03-02", 9001),
        (wereld.gemeente_a, "erijder", 45, "2026-04-08", 9002),
        (wereld.gemeente_a, "erijder", 45, "2026-04-09", 9002),  # the same location, the next day
        (wereld.gemeente_a, "gemeente", 120, "2026-04-15", 9003),
        (wereld.gemeente_b, "erijder", 10, "2026-04-05", 9004),
        (wereld.gemeente_b, "erijder", 200, "2026-05-31", None),
        (wereld.gemeente_c, "cpo", 60, "2026-03-31", 9005),
        (wereld.gemeente_c, "cpo", 61, "2026-02-14", 9006),
    ]:
        with om(op):
            aanvraag = _aanvraag(wereld, gemeente, bron)
        _lever(aanvraag, dagen, op, locatie)
        geleverd.append(aanvraag)
    return {"eerste": eerste, "tweede": tweede, "open_b": open_b, "geleverd": geleverd}


@pytest.fixture
def gebruikers(wereld):
    wereld.beheerder = Gebruiker.objects.create_superuser("beheer@example.nl", None, naam="Beheer")
    return {naam: getattr(wereld, naam) for naam in ROLLEN}


def _vergelijk(wereld, gebruikers) -> dict:
    """Every figure from the totals equals counting the rows, for every role and filter; returns the answers."""
    uitkomsten = {}
    for naam, gebruiker in gebruikers.items():
        for filter_ in _filters(wereld):
            uit_totalen = berekeningen.alles(gebruiker, filter_)
            uit_totalen["per"] = {
                per: berekeningen.doorlooptijd_per(gebruiker, filter_, per) for per in berekeningen.PER
            }
            with berekeningen.direct():
                geteld = berekeningen.alles(gebruiker, filter_)
                geteld["per"] = {
                    per: berekeningen.doorlooptijd_per(gebruiker, filter_, per) for per in berekeningen.PER
                }
            assert uit_totalen == geteld, (naam, filter_)
            uitkomsten[(naam, filter_)] = uit_totalen
    return uitkomsten


def test_totalen_geven_hetzelfde_als_tellen_ook_na_wijzigingen(wereld, dien_in, gebruikers):
    zaken = _geschiedenis(wereld, dien_in)
    with om("2026-05-20"):
        voor = _vergelijk(wereld, gebruikers)
    regio = voor[("beheerder", Filter())]
    assert regio["doorlooptijd"]["aantal"] == 8
    stroom = {(r["maand"], r["bron"]): r for r in regio["doorstroom"]}
    assert (stroom[("2026-04", "erijder")]["opgeleverd"], stroom[("2026-04", "erijder")]["locaties"]) == (
        3,
        2,
    )
    assert [r["reden_code"] for r in regio["afwijzingen"]] == ["eigen_oprit", "laadpunt_binnen_straal"]
    assert regio["knelpunten"]
    assert (regio["netcheck"]["netchecks"], regio["netcheck"]["geweigerd"]) == (2, 1)
    assert {r["naam"]: r["aantal"] for r in regio["per"]["gemeente"]} == {
        "Gemeente Apeldoorn": 4,
        "Gemeente Zutphen": 2,
        "Gemeente Deventer": 2,
    }
    assert (regio["maximum"]["open_in_gevaar"], regio["maximum"]["open_te_laat"]) == (1, 1)

    # Cases move after the totals were built: a step ends, a request is delivered, one is withdrawn, a data fix
    # moves a delivery to another month, another is deleted. Stale totals would fail the comparison.
    with om("2026-05-21"):
        services.goedkeuren(Aanvraag.objects.get(pk=zaken["open_b"].pk), wereld.cpo_mw)
        services.trek_in(Aanvraag.objects.get(pk=zaken["tweede"].pk), wereld.erijder2)
        nieuw = _aanvraag(wereld, wereld.gemeente_b, "erijder")
    _lever(nieuw, 20, "2026-04-06", 9004)  # the location of an earlier delivery, same month
    Aanvraagcijfers.objects.filter(aanvraag=zaken["geleverd"][1]).update(
        opgeleverd_op=dt.datetime(2026, 5, 2, 12, tzinfo=dt.UTC), locatie_id=9010
    )
    zaken["geleverd"][6].delete()
    Aanvraag.objects.filter(pk=zaken["eerste"].pk).update(
        maximum_gereed=D("2026-09-01"), verwacht_gereed=D("2026-10-01")
    )
    with om("2026-05-22"):
        na = _vergelijk(wereld, gebruikers)
    regio_na = na[("beheerder", Filter())]
    assert regio_na["doorlooptijd"]["aantal"] == 8
    assert regio_na["doorstroom"] != regio["doorstroom"]
    assert regio_na["knelpunten"] != regio["knelpunten"]
    assert regio_na["open_werk"] != regio["open_werk"]
    assert (regio_na["maximum"]["open_in_gevaar"], regio_na["maximum"]["open_te_laat"]) == (1, 0)


def test_wat_de_triggers_bijhielden_is_wat_opbouwen_geeft(wereld, dien_in, gebruikers):
    zaken = _geschiedenis(wereld, dien_in)
    with om("2026-05-21"):
        services.goedkeuren(Aanvraag.objects.get(pk=zaken["open_b"].pk), wereld.cpo_mw)
    zaken["geleverd"][0].delete()

    def rijen():
        telling = {
            tuple(r)
            for r in Aanvraagtelling.objects.exclude(aantal=0, met_maximum=0, binnen_maximum=0).values_list(
                "soort",
                "datum",
                "gemeente_id",
                "provincie_id",
                "cpo_id",
                "netbeheerder_id",
                "bron",
                "dagen",
                "reden",
                "aantal",
                "met_maximum",
                "binnen_maximum",
            )
        }
        open_ = {
            tuple(r)
            for r in Openfase.objects.exclude(aantal=0).values_list(
                "stap", "partij", "begindag", "gemeente_id", "bron", "aantal"
            )
        }
        dagen = {
            tuple(r)
            for r in Fasedag.objects.values_list(
                "dag", "gemeente_id", "stap", "partij", "aantal", "totaal_dagen", "binnen", "geweigerd"
            )
        }
        return telling, open_, dagen

    bijgehouden = rijen()
    assert all(bijgehouden)
    totalen.opbouwen()
    fasen.maandtotalen_opbouwen()
    assert rijen() == bijgehouden
    # A day total per closed phase adds up to the month totals.
    assert sum(Fasedag.objects.values_list("aantal", flat=True)) == sum(
        Fasemaand.objects.values_list("aantal", flat=True)
    )


def test_het_dashboard_leest_de_totalen(wereld, dien_in, gebruikers):
    """Without the totals the whole months and the open work are empty: the figures read them, not the rows."""
    _geschiedenis(wereld, dien_in)
    filter_ = Filter(van=D("2026-03-01"), tot=D("2026-04-30"))
    with om("2026-05-20"):
        assert berekeningen.doorlooptijd(wereld.beheerder, filter_)["aantal"] == 6
        assert berekeningen.knelpunten(wereld.beheerder, Filter())
        assert berekeningen.maximum(wereld.beheerder, Filter())["open_te_laat"] == 1
        Aanvraagtelling.objects.all().delete()
        Openfase.objects.all().delete()
        Fasemaand.objects.all().delete()
        assert berekeningen.doorlooptijd(wereld.beheerder, filter_)["aantal"] == 0
        assert berekeningen.knelpunten(wereld.beheerder, Filter()) == []
        assert berekeningen.maximum(wereld.beheerder, Filter())["open_te_laat"] == 0
        assert berekeningen.tijd_per_partij(wereld.beheerder, filter_) == []
        with berekeningen.direct():
            assert berekeningen.doorlooptijd(wereld.beheerder, filter_)["aantal"] == 6


def test_het_dashboard_telt_evenveel_queries_bij_meer_zaken(wereld, dien_in, gebruikers):
    filter_ = Filter(van=D("2026-02-15"), tot=D("2026-04-10"))

    def queries() -> int:
        with om("2026-05-20"), CaptureQueriesContext(connection) as vastgelegd:
            berekeningen.alles(wereld.provincie_mw, filter_)
        return len(vastgelegd)

    _geschiedenis(wereld, dien_in)
    weinig = queries()
    for i in range(12):
        with om(f"2026-03-0{1 + i % 9}"):
            aanvraag = _aanvraag(wereld, wereld.gemeente_b, "erijder")
        _lever(aanvraag, 10 + i, f"2026-04-0{1 + i % 9}", 9100 + i)
    assert queries() == weinig
