"""The term watch: reminders, escalations and the daily digest, each sent exactly once."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aanvragen import services
from aanvragen.models import Aanvraag
from portal import bewaking, klok
from portal.models import Bericht, Dagoverzicht, Gebruiker, Taakrun, Termijnmelding
from portal.periodiek import vastgelegd
from portal.tasks import bewaak_termijnen, bezorg_openstaande_berichten, stuur_dagoverzichten
from tests.conftest import WACHTWOORD

D = dt.date.fromisoformat


def om(datum: str, uur: int = 10):
    return klok.vastgezet(dt.datetime.fromisoformat(f"{datum}T{uur:02d}:00:00+00:00"))


@pytest.fixture
def cpo_team(wereld):
    """The CPO of the concessie has a coordinator (cpo_mw), a second staff member and one who left."""
    mw = Gebruiker.objects.create_user(
        "cpo-mw@example.nl", WACHTWOORD, naam="Mw", organisatie=wereld.cpo, rol="medewerker"
    )
    Gebruiker.objects.create_user(
        "weg@example.nl", WACHTWOORD, naam="Weg", organisatie=wereld.cpo, rol="medewerker", is_active=False
    )
    return [wereld.cpo_mw, mw]


def aanvragen_op(dien_in, wereld, datum, aantal=1):
    """`aantal` requests filed on `datum`, far enough apart that none is within another's radius."""
    burgers = [
        Gebruiker.objects.create_user(f"burger{i}-{datum}@example.nl", WACHTWOORD, naam=f"B{i}")
        for i in range(aantal)
    ]
    with om(datum):
        return [
            dien_in(aanvrager=b, lat=52.15 + (i % 30) * 0.005, lon=5.85 + (i // 30) * 0.01)
            for i, b in enumerate(burgers)
        ]


pytestmark = pytest.mark.django_db


# Reminders


def test_herinnering_op_de_dag_aan_iedereen_van_de_organisatie_aan_zet(wereld, cpo_team, dien_in):
    (aanvraag,) = aanvragen_op(dien_in, wereld, "2026-03-02")  # due Saturday 7 March, reminder Thursday 5
    Bericht.objects.all().delete()
    assert bewaking.bewaak(D("2026-03-04"))["herinneringen"] == 0
    assert bewaking.bewaak(D("2026-03-05"))["herinneringen"] == 1
    ontvangers = set(Bericht.objects.values_list("ontvanger__email", flat=True))
    assert ontvangers == {m.email for m in cpo_team}  # not the one who left, not another CPO
    bericht = Bericht.objects.first()
    assert aanvraag.nummer in bericht.onderwerp and "zaterdag 7 maart 2026" in bericht.tekst
    assert bericht.link == f"/aanvragen/{aanvraag.pk}/behandelen/" and bericht.per_email is False
    assert "Hoofdstraat" not in bericht.tekst  # no address in messages that may be mailed
    melding = Termijnmelding.objects.get()
    assert (melding.soort, melding.stap, melding.uiterlijk, melding.organisatie) == (
        "herinnering",
        "toetsing",
        D("2026-03-07"),
        wereld.cpo,
    )
    aanvraag.refresh_from_db()
    assert aanvraag.termijn_herinneren_op is None and aanvraag.termijn_escaleren_op == D("2026-03-09")


def test_tweede_ronde_stuurt_niets_opnieuw(wereld, cpo_team, dien_in):
    aanvragen_op(dien_in, wereld, "2026-03-02", aantal=3)
    assert bewaking.bewaak(D("2026-03-05"))["herinneringen"] == 3
    aantal = Bericht.objects.count()
    assert bewaking.bewaak(D("2026-03-05")) == {
        "herinneringen": 0,
        "escalaties": 0,
        "fouten": 0,
    }
    assert bewaking.bewaak(D("2026-03-06"))["herinneringen"] == 0
    assert Bericht.objects.count() == aantal


def test_zaak_die_al_verder_is_krijgt_geen_herinnering_voor_de_oude_stap(wereld, cpo_team, dien_in):
    (aanvraag,) = aanvragen_op(dien_in, wereld, "2026-03-02")
    with om("2026-03-04"):
        services.goedkeuren(aanvraag, wereld.cpo_mw)  # the next step: due 14 March, reminder 12 March
    assert bewaking.bewaak(D("2026-03-09")) == {
        "herinneringen": 0,
        "escalaties": 0,
        "fouten": 0,
    }
    assert bewaking.bewaak(D("2026-03-12"))["herinneringen"] == 1
    assert Termijnmelding.objects.get().stap == "locatie_bepalen"


# Escalations


def test_escalatie_op_de_eerste_werkdag_na_de_termijn_aan_de_coordinatoren(wereld, cpo_team, dien_in, mails):
    (aanvraag,) = aanvragen_op(dien_in, wereld, "2026-03-02")
    Bericht.objects.all().delete()
    mails.outbox.clear()
    assert mails.na(bewaking.bewaak, D("2026-03-08"))["escalaties"] == 0  # Sunday: not yet
    uitkomst = mails.na(bewaking.bewaak, D("2026-03-09"))
    assert uitkomst["escalaties"] == 1
    assert uitkomst["herinneringen"] == 0  # the term already passed: no late reminder first
    (bericht,) = Bericht.objects.all()
    assert bericht.ontvanger == wereld.cpo_mw and bericht.per_email  # the coordinator only
    assert "verstreken" in bericht.onderwerp and bericht.email_verzonden_op is not None
    assert [m.to for m in mails.outbox] == [[wereld.cpo_mw.email]]
    aanvraag.refresh_from_db()
    assert aanvraag.termijn_escaleren_op is None and aanvraag.termijn_herinneren_op is None
    assert mails.na(bewaking.bewaak, D("2026-03-10"))["escalaties"] == 0


def test_escalatie_zonder_coordinator_gaat_naar_alle_medewerkers(wereld, dien_in):
    wereld.cpo_mw.rol = "medewerker"
    wereld.cpo_mw.save()
    aanvragen_op(dien_in, wereld, "2026-03-02")
    Bericht.objects.all().delete()
    bewaking.bewaak(D("2026-03-09"))
    assert list(Bericht.objects.values_list("ontvanger", flat=True)) == [wereld.cpo_mw.pk]


def test_escalatie_met_onbereikbare_broker_wordt_later_bezorgd(
    wereld,
    dien_in,
    mailoutbox,
    broker_onbereikbaar,
    django_capture_on_commit_callbacks,
):
    aanvragen_op(dien_in, wereld, "2026-03-02")
    with django_capture_on_commit_callbacks(execute=True):
        assert bewaking.bewaak(D("2026-03-09"))["escalaties"] == 1
    escalatie = Bericht.objects.get(onderwerp__startswith="Termijn verstreken")
    assert escalatie.email_verzonden_op is None
    with klok.vastgezet(klok.nu() + dt.timedelta(minutes=2)):
        bezorg_openstaande_berichten()
    escalatie.refresh_from_db()
    assert escalatie.email_verzonden_op is not None
    assert any(escalatie.onderwerp == m.subject for m in mailoutbox)


# Robustness and cost


def test_een_kapotte_zaak_houdt_de_ronde_niet_tegen(wereld, cpo_team, dien_in):
    aanvragen = aanvragen_op(dien_in, wereld, "2026-03-02", aantal=5)
    kapot = aanvragen[2]
    # A step that no longer exists in the code (say, after a rename) makes its message impossible.
    Aanvraag.objects.filter(pk=kapot.pk).update(termijn_stap="verdwenen_stap")
    uitkomst = bewaking.bewaak(D("2026-03-05"))
    assert (uitkomst["herinneringen"], uitkomst["fouten"]) == (4, 1)
    assert uitkomst["mislukt"] == [f"Aanvraag {kapot.pk}"]
    assert Termijnmelding.objects.count() == 4
    kapot.refresh_from_db()
    assert kapot.termijn_herinneren_op == D("2026-03-05")  # left for the next round, not lost


def test_werk_groeit_met_de_zaken_die_aan_de_beurt_zijn_niet_met_alle_zaken(wereld, cpo_team, dien_in):
    aanvragen_op(dien_in, wereld, "2026-03-02", aantal=40)
    aanvragen_op(dien_in, wereld, "2026-03-12", aantal=40)  # due later: not part of the sweep
    with CaptureQueriesContext(connection) as niets:
        bewaking.bewaak(D("2026-03-04"))
    with CaptureQueriesContext(connection) as veertig:
        assert bewaking.bewaak(D("2026-03-05"))["herinneringen"] == 40
    # Nothing due: one empty batch (savepoint, select, release) per sweep and per case type.
    # Forty due: a few statements per batch, not per case.
    assert len(niets) <= 2 * 3 * len(bewaking.bewaakte())
    assert len(veertig) <= len(niets) + 12


@pytest.mark.django_db(transaction=True)
def test_twee_gelijktijdige_rondes_sturen_elke_herinnering_eenmaal(wereld, cpo_team, dien_in):
    if connection.vendor != "postgresql":
        pytest.skip("Rijvergrendeling (SKIP LOCKED) bestaat alleen op PostgreSQL; CI draait deze test daar.")
    aanvragen_op(dien_in, wereld, "2026-03-02", aantal=120)
    start = threading.Barrier(2)
    uitkomsten, fouten = [], []

    def ronde():
        try:
            start.wait()
            uitkomsten.append(bewaking.bewaak(D("2026-03-05"), partij=7))
        except Exception as fout:  # noqa: BLE001 - reported below
            fouten.append(fout)
        finally:
            connection.close()

    draden = [threading.Thread(target=ronde) for _ in range(2)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(60)
    assert not fouten
    assert sum(u["herinneringen"] for u in uitkomsten) == 120
    # Disjoint thanks to SKIP LOCKED: no sweep ran into the other's rows (the unique record would catch
    # that as an error, which is the second line of defence, not the way it should go).
    assert [u["fouten"] for u in uitkomsten] == [0, 0]
    assert all(u["herinneringen"] > 0 for u in uitkomsten), "beide rondes deden werk: ze liepen echt tegelijk"
    assert Termijnmelding.objects.count() == 120
    per_zaak = Bericht.objects.filter(onderwerp__startswith="Herinnering").values_list("link", "ontvanger")
    assert len(per_zaak) == len(set(per_zaak)) == 120 * len(cpo_team)


# The daily digest


def test_dagoverzicht_per_medewerker_eenmaal_per_werkdag(wereld, cpo_team, dien_in, mails):
    te_laat = aanvragen_op(dien_in, wereld, "2026-03-01")  # due 6 March
    binnenkort = aanvragen_op(dien_in, wereld, "2026-03-05")  # due 10 March
    aanvragen_op(dien_in, wereld, "2026-03-20")  # not yet due: not in the digest
    Bericht.objects.all().delete()
    with om("2026-03-09"):
        assert mails.na(bewaking.stuur_dagoverzichten) == {"verstuurd": 2, "overgeslagen": 0}
        assert mails.na(bewaking.stuur_dagoverzichten)["verstuurd"] == 0
    overzicht = Bericht.objects.get(ontvanger=wereld.cpo_mw)
    assert "1 te laat, 1 binnenkort" in overzicht.onderwerp
    assert overzicht.tekst.index(te_laat[0].nummer) < overzicht.tekst.index(binnenkort[0].nummer)
    assert "(te laat)" in overzicht.tekst and overzicht.email_verzonden_op is not None
    assert Dagoverzicht.objects.filter(datum=D("2026-03-09")).count() == 2
    assert not Bericht.objects.filter(ontvanger=wereld.cpo_ander_mw).exists()


def test_geen_dagoverzicht_in_het_weekend_of_op_een_feestdag(wereld, cpo_team, dien_in):
    aanvragen_op(dien_in, wereld, "2026-03-01")
    Bericht.objects.all().delete()
    for dag in ("2026-03-07", "2026-04-27"):  # a Saturday, Koningsdag
        with om(dag):
            assert bewaking.stuur_dagoverzichten() == {"overgeslagen": 1, "verstuurd": 0}
    assert not Bericht.objects.exists()


# Periodic runs are recorded for the operations page


def test_periodieke_taak_legt_elke_run_vast(wereld, cpo_team, dien_in):
    aanvragen_op(dien_in, wereld, "2026-03-02")
    with om("2026-03-05"):
        bewaak_termijnen()
        stuur_dagoverzichten()
    runs = {r.taak: r for r in Taakrun.objects.all()}
    assert runs["portal.tasks.bewaak_termijnen"].aantallen["herinneringen"] == 1
    assert runs["portal.tasks.bewaak_termijnen"].duur_ms is not None
    assert runs["portal.tasks.stuur_dagoverzichten"].aantallen["verstuurd"] == 2


def test_mislukte_run_wordt_vastgelegd_en_doorgegeven():
    @vastgelegd
    def stuk():
        raise RuntimeError("database weg")

    with pytest.raises(RuntimeError):
        stuk()
    run = Taakrun.objects.get(taak=f"{__name__}.stuk")
    assert "database weg" in run.fout and run.duur_ms is not None
