"""The proactive lane: forecast import, the plan's steps per role, participation rules, the definitive list."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from plankaart.modellen_proactief import (
    Inspraakmail,
    Planlocatie,
    Proactiefinstelling,
    ProactiefPlan,
    Prognose,
    Reactie,
    aantal_proactief,
)
from plankaart.models import Locatie
from plankaart.selectors_proactief import reactierapport
from plankaart.services import inspraak, proactief, prognoses
from portal import historie, transities
from portal.models import Organisatie
from tests.conftest import om

P = ProactiefPlan.Status
CSV = (
    "gemeentecode;jaar;scenario;laadpunten_nodig;wijkcode\n"
    "GM0200;2027;midden;47;\n"
    "GM0301;2027;;20;\n"
    "GM9999;2027;midden;5;\n"
    "GM0200;2027;midden;50;\n"
    "GM0301;2027;hoog;-3;\n"
    "GM0200;2027;laag;12;WK020001\n"
)


@pytest.mark.parametrize(
    ("prognose", "pct", "aantal"),
    [(47, 30, 15), (50, 30, 15), (10, 30, 3), (1, 30, 1), (0, 30, 0), (100, 25, 25)],
)
def test_aandeel_wordt_naar_boven_afgerond(prognose, pct, aantal):
    assert aantal_proactief(prognose, pct) == aantal


def test_droge_run_zegt_per_regel_wat_er_gebeurt_en_waarom(wereld):
    rapport = prognoses.controleer(wereld.provincie, prognoses.lees_bestand("p.csv", CSV.encode()))
    uitkomst = {r["rij"]: (r["uitkomst"], r["reden"]) for r in rapport}
    assert uitkomst[2][0] == "toegevoegd"
    assert uitkomst[3][0] == "toegevoegd"  # scenario empty: midden
    assert uitkomst[4][0] == "geweigerd" and "onbekende gemeente" in uitkomst[4][1]
    assert uitkomst[5][0] == "geweigerd" and "dubbel" in uitkomst[5][1] and "rij 2" in uitkomst[5][1]
    assert uitkomst[6][0] == "geweigerd" and "negatief" in uitkomst[6][1]
    assert uitkomst[7][0] == "toegevoegd"
    assert not Prognose.objects.exists()  # a dry run changes nothing


def test_gemeente_van_een_andere_provincie_geweigerd(wereld):
    ander = Organisatie.objects.create(naam="Provincie Elders", soort="provincie")
    wereld.gemeente_b.provincie = ander
    wereld.gemeente_b.save()
    rapport = prognoses.controleer(
        wereld.provincie, [{"gemeentecode": "GM0301", "jaar": "2027", "laadpunten_nodig": "4"}]
    )
    assert rapport[0]["uitkomst"] == "geweigerd"
    assert "ligt niet in deze provincie" in rapport[0]["reden"]


def test_import_toepassen_is_een_nieuwe_versie_die_de_oude_bewaart(wereld):
    imp = prognoses.start_import(wereld.provincie_mw, "p.csv", CSV.encode())
    prognoses.pas_toe(imp, wereld.provincie_mw)
    assert Prognose.objects.filter(vervangen_op__isnull=True).count() == 3
    tweede = prognoses.start_import(
        wereld.provincie_mw, "p2.csv", b"gemeentecode,jaar,laadpunten_nodig\nGM0200,2027,60\nGM0301,2027,20\n"
    )
    assert [r["uitkomst"] for r in tweede.rapport] == ["gewijzigd", "ongewijzigd"]
    assert tweede.rapport[0]["reden"] == "was 47"
    prognoses.pas_toe(tweede, wereld.provincie_mw)
    apeldoorn = Prognose.objects.filter(gemeente=wereld.gemeente_a, jaar=2027, scenario="midden", wijkcode="")
    assert sorted(apeldoorn.values_list("laadpunten_nodig", "versie")) == [(47, 1), (60, 2)]
    assert apeldoorn.get(vervangen_op__isnull=True).laadpunten_nodig == 60
    with pytest.raises(ValidationError):
        prognoses.pas_toe(tweede, wereld.provincie_mw)


def test_xlsx_wordt_gelezen(wereld):
    import openpyxl

    boek = openpyxl.Workbook()
    blad = boek.active
    blad.append(["gemeentecode", "jaar", "scenario", "laadpunten_nodig"])
    blad.append(["GM0200", 2027, "midden", 47])
    buffer = io.BytesIO()
    boek.save(buffer)
    rijen = prognoses.lees_bestand("prognose.xlsx", buffer.getvalue())
    rapport = prognoses.controleer(wereld.provincie, rijen)
    assert rapport[0]["uitkomst"] == "toegevoegd" and rapport[0]["laadpunten_nodig"] == 47


def test_alleen_de_provincie_importeert(wereld):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        prognoses.start_import(wereld.gemeente_a_mw, "p.csv", CSV.encode())
    with pytest.raises(ValidationError, match="kolommen ontbreken"):
        prognoses.start_import(wereld.provincie_mw, "p.csv", b"gemeente,jaar\nGM0200,2027\n")


# The plan


@pytest.fixture
def prognose(wereld):
    for gemeente, aantal in ((wereld.gemeente_a, 47), (wereld.gemeente_b, 20)):
        Prognose.objects.create(
            provincie=wereld.provincie, gemeente=gemeente, jaar=2027, laadpunten_nodig=aantal
        )


@pytest.fixture
def plan(wereld, prognose):
    with om("2026-12-01"):
        return proactief.maak_plan(wereld.provincie_mw, wereld.gemeente_a, 2027)


@pytest.fixture
def kandidaten(wereld, locatie_op):
    return [locatie_op(300 * i, 100) for i in range(1, 7)]


def _door_tot_inspraak(wereld, plan, kandidaten):
    with om("2026-12-02"):
        proactief.selecteer(plan, wereld.gemeente_a_medewerker, kandidaten[:3])
        return proactief.start_inspraak(plan, wereld.gemeente_a_medewerker)


def _reageer(plan, pl, **anders):
    velden = dict(
        planlocatie_id=pl.pk,
        soort="ongeschikt",
        reden="Hier staat al een bankje en de stoep is smal.",
        naam="Jan Jansen",
        adres="Hoofdstraat 1, Apeldoorn",
        email="jan@example.nl",
        ip="10.0.0.1",
    )
    velden.update(anders)
    return inspraak.reageer(plan, **velden)


def test_provincie_bepaalt_aantal_met_standaardpercentage(wereld, plan):
    assert (plan.prognose, plan.percentage, plan.aantal) == (47, 30, 15)
    assert plan.status == P.SELECTEREN
    assert plan.termijn_organisatie == wereld.gemeente_a and plan.termijn_uiterlijk is not None
    assert historie.historie_van(plan).get().transitie == "aanmaken"


def test_percentage_per_provincie_instelbaar(wereld, prognose):
    Proactiefinstelling.objects.create(organisatie=wereld.provincie, percentage=40)
    plan = proactief.maak_plan(wereld.provincie_mw, wereld.gemeente_b, 2027)
    assert plan.aantal == 8


def test_plan_maken_alleen_door_provincie_en_niet_dubbel(wereld, plan):
    with pytest.raises(transities.GeenRecht):
        proactief.maak_plan(wereld.gemeente_b_mw, wereld.gemeente_b, 2027)
    with pytest.raises(ValidationError, match="al een plan"):
        proactief.maak_plan(wereld.provincie_mw, wereld.gemeente_a, 2027)
    with pytest.raises(ValidationError, match="geen prognose"):
        proactief.maak_plan(wereld.provincie_mw, wereld.gemeente_a, 2030)


def test_selecteren_boven_doel_mag_buiten_gemeente_niet(wereld, plan, locatie_op):
    veel = [locatie_op(200 * i, -300, laadpunten=2) for i in range(1, 10)]
    proactief.selecteer(plan, wereld.gemeente_a_medewerker, veel)
    plan.refresh_from_db()
    assert plan.geselecteerd == 18 > plan.aantal
    elders = locatie_op(50, 50, gemeente=wereld.gemeente_b)
    with pytest.raises(ValidationError, match="ligt niet in Gemeente Apeldoorn"):
        proactief.selecteer(plan, wereld.gemeente_a_medewerker, [elders])
    with pytest.raises(transities.GeenRecht):
        proactief.selecteer(plan, wereld.gemeente_b_mw, [elders])
    with pytest.raises(transities.GeenRecht):
        proactief.selecteer(plan, wereld.cpo_mw, veel[:1])


ROLLEN = [
    "provincie_mw",
    "gemeente_a_mw",
    "gemeente_a_medewerker",
    "cpo_mw",
    "netbeheerder_mw",
    "erijder",
    "gemeente_b_mw",
]


@pytest.mark.parametrize(
    ("transitie", "status", "mag"),
    [
        ("inspraak_starten", P.SELECTEREN, {"gemeente_a_mw", "gemeente_a_medewerker"}),
        ("inspraak_sluiten", P.INSPRAAK, {"gemeente_a_mw", "gemeente_a_medewerker"}),
        ("toets_afronden", P.CPO_TOETS, {"cpo_mw"}),
        ("akkoord", P.VERWERKEN, {"gemeente_a_mw"}),
        ("niet_akkoord", P.VERWERKEN, {"gemeente_a_mw"}),
        ("intrekken", P.SELECTEREN, {"provincie_mw"}),
    ],
)
def test_elke_transitie_per_rol(wereld, plan, transitie, status, mag):
    for rol in ROLLEN:
        gebruiker = getattr(wereld, rol)
        assert transities.mag_ooit(plan, transitie, gebruiker) == (rol in mag), (transitie, rol)
    assert not transities.mag_ooit(plan, transitie, AnonymousUser())
    # From a state the transition does not leave: 409 for whoever may do it.
    ProactiefPlan.objects.filter(pk=plan.pk).update(status=P.DEFINITIEF)
    plan.refresh_from_db()
    with pytest.raises(transities.NietToegestaan):
        transities.controleer(plan, transitie, getattr(wereld, sorted(mag)[0]))


def test_de_hele_baan(wereld, plan, kandidaten, mails):
    plan = mails.na(_door_tot_inspraak, wereld, plan, kandidaten)
    assert plan.status == P.INSPRAAK and plan.termijn_organisatie is None
    assert plan.inspraak_tot.isoformat() >= "2027-01-13"  # six weeks, moved past a weekend or holiday
    pl1, pl2, pl3 = plan.planlocaties.order_by("pk")
    with om("2026-12-03"):
        reactie = mails.na(_reageer, plan, pl1)
        _reageer(plan, pl2, soort="geschikt", email="piet@example.nl", naam="Piet", reden="Prima plek.")
    bevestiging = mails.outbox[-1]
    assert bevestiging.to == ["jan@example.nl"] and reactie.token in bevestiging.body
    with om("2026-12-04"):
        inspraak.bevestig(reactie.token)
    # Participation closes only after the term; a reaction after it is refused with the date.
    with om("2026-12-20"), pytest.raises(transities.NietToegestaan):
        proactief.sluit_inspraak(plan, wereld.gemeente_a_medewerker)
    with om("2027-02-01"):
        with pytest.raises(ValidationError, match="verstreken op"):
            _reageer(plan, pl1, email="laat@example.nl")
        assert proactief.sluit_verlopen_inspraak() == 1
    plan.refresh_from_db()
    assert plan.status == P.CPO_TOETS and plan.termijn_organisatie == wereld.cpo
    with om("2027-02-02"):
        with pytest.raises(transities.NietToegestaan):
            proactief.rond_toets_af(plan, wereld.cpo_mw)
        proactief.toets(pl1, wereld.cpo_mw, oordeel="voldoet")
        proactief.toets(pl2, wereld.cpo_mw, oordeel="voldoet", netcheck=True)
        with pytest.raises(ValidationError, match="voorwaarde"):
            proactief.toets(pl3, wereld.cpo_mw, oordeel="voldoet_niet")
        proactief.toets(pl3, wereld.cpo_mw, oordeel="voldoet_niet", toelichting="Uitrit brandweer.")
        assert Locatie.objects.get(pk=pl2.locatie_id).status == Locatie.Status.IN_NETCHECK
        proactief.plan_realisatie(pl1, wereld.cpo_mw, kwartaal=1, prioriteit=1)
        proactief.plan_realisatie(pl2, wereld.cpo_mw, kwartaal=3, prioriteit=2)
        plan = proactief.rond_toets_af(plan, wereld.cpo_mw)
    assert plan.status == P.VERWERKEN and plan.termijn_organisatie == wereld.gemeente_a
    from plankaart.services import netcheck_goedkeuren

    with om("2027-02-03"):
        proactief.verwerk(pl1, wereld.gemeente_a_medewerker, besluit="behouden")
        proactief.verwerk(pl2, wereld.gemeente_a_medewerker, besluit="behouden")
        vervanging = kandidaten[4]
        proactief.verwerk(
            pl3,
            wereld.gemeente_a_medewerker,
            besluit="vervangen",
            toelichting="Uitrit.",
            vervanging=vervanging,
        )
        # Not yet: a reaction without an answer, and a kept location in netcheck.
        with pytest.raises(transities.NietToegestaan):
            proactief.geef_akkoord(plan, wereld.gemeente_a_mw)
        proactief.beantwoord(reactie, wereld.gemeente_a_medewerker, "De plek schuift vijf meter op.")
        with pytest.raises(transities.NietToegestaan):
            proactief.geef_akkoord(plan, wereld.gemeente_a_mw)
        netcheck_goedkeuren(Locatie.objects.get(pk=pl2.locatie_id), wereld.netbeheerder_mw)
        # The medewerker may prepare but not agree.
        with pytest.raises(transities.GeenRecht) as geweigerd:
            proactief.geef_akkoord(plan, wereld.gemeente_a_medewerker)
        assert "coördinator" in geweigerd.value.reden
        plan = proactief.geef_akkoord(plan, wereld.gemeente_a_mw)
    assert plan.status == P.DEFINITIEF and plan.termijn_organisatie is None
    behouden = Locatie.objects.filter(pk__in=[pl1.locatie_id, pl2.locatie_id, vervanging.pk])
    assert {(loc.status, loc.proactief, loc.proactief_jaar) for loc in behouden} == {
        ("goedgekeurd", True, 2027)
    }
    assert Locatie.objects.get(pk=pl3.locatie_id).status == Locatie.Status.KANDIDAAT
    # The concept decision holds the first half year's locations (quarter 1 and the unplanned replacement).
    besluit = plan.verkeersbesluit
    assert besluit.status == "concept"
    opgenomen = set(besluit.besluitlocaties.values_list("locatie_id", flat=True))
    assert opgenomen == {pl1.locatie_id, vervanging.pk}
    assert "Proactieve plaatsing" in besluit.besluitlocaties.first().motivering
    # The reaction report: counts and answers, never who or their own words.
    with om("2027-02-04"):
        mails.na(proactief.publiceer_rapport, plan, wereld.gemeente_a_medewerker)
    rapport = reactierapport(plan)
    rij = next(r for r in rapport if r["locatie"] == pl1.locatie.omschrijving)
    assert (rij["ongeschikt"], rij["geschikt"]) == (1, 0)
    assert rij["antwoorden"] == ["De plek schuift vijf meter op."]
    tekst = repr(rapport)
    for persoonlijk in ("Jan", "Hoofdstraat", "jan@example.nl", "bankje", "Piet", "Prima plek"):
        assert persoonlijk not in tekst
    # Only the confirmed resident is told; the unconfirmed one (Piet) does not count.
    assert [m.to for m in mails.outbox if "Reactierapport" in m.subject] == [["jan@example.nl"]]
    namen = [r.transitie for r in historie.historie_van(plan)]
    for stap in (
        "aanmaken",
        "selecteren",
        "inspraak_starten",
        "inspraak_sluiten",
        "toetsen",
        "toets_afronden",
        "verwerken",
        "beantwoorden",
        "akkoord",
        "rapport_publiceren",
    ):
        assert stap in namen


def test_onbevestigde_reactie_telt_niet(wereld, plan, kandidaten):
    plan = _door_tot_inspraak(wereld, plan, kandidaten)
    pl = plan.planlocaties.first()
    with om("2026-12-03"):
        _reageer(plan, pl)
    assert all(r["ongeschikt"] == 0 for r in reactierapport(plan))
    assert not Reactie.objects.get().telt
    assert Inspraakmail.objects.count() == 1


def test_reactie_vraagt_reden_en_plek_en_is_begrensd(wereld, plan, kandidaten, settings):
    plan = _door_tot_inspraak(wereld, plan, kandidaten)
    pl = plan.planlocaties.first()
    with om("2026-12-03"):
        with pytest.raises(ValidationError) as fout:
            _reageer(plan, pl, reden=" ")
        assert "reden" in fout.value.message_dict
        with pytest.raises(ValidationError) as fout:
            _reageer(plan, pl, soort="alternatief")
        assert "alternatief" in fout.value.message_dict
        with pytest.raises(ValidationError) as fout:
            _reageer(plan, pl, email="geen-adres")
        assert "email" in fout.value.message_dict
        settings.INSPRAAK_RATE_PER_IP = "2/h"
        _reageer(plan, pl)
        _reageer(plan, pl, email="b@example.nl")
        with pytest.raises(inspraak.TeVeelReacties):
            _reageer(plan, pl, email="c@example.nl")
        assert Reactie.objects.count() == 2


def test_bevestigen_na_de_termijn_geweigerd(wereld, plan, kandidaten):
    plan = _door_tot_inspraak(wereld, plan, kandidaten)
    with om("2026-12-03"):
        reactie = _reageer(plan, plan.planlocaties.first())
    with om("2027-03-01"), pytest.raises(ValidationError, match="verstreken op"):
        inspraak.bevestig(reactie.token)
    assert inspraak.bevestig("onbekend") is None


def test_niet_akkoord_gaat_terug_naar_selectie(wereld, plan, kandidaten):
    plan = _door_tot_inspraak(wereld, plan, kandidaten)
    with om("2027-02-01"):
        plan = proactief.sluit_inspraak(plan, wereld.gemeente_a_medewerker)
        for pl in plan.planlocaties.all():
            proactief.toets(pl, wereld.cpo_mw, oordeel="voldoet")
        plan = proactief.rond_toets_af(plan, wereld.cpo_mw)
        with pytest.raises(ValidationError):
            proactief.weiger_akkoord(plan, wereld.gemeente_a_mw, "")
        plan = proactief.weiger_akkoord(plan, wereld.gemeente_a_mw, "Eerst met de wijkraad praten.")
    assert plan.status == P.SELECTEREN and plan.termijn_organisatie == wereld.gemeente_a


def test_termijnbewaking_herinnert_de_gemeente(wereld, plan):
    from portal import bewaking
    from portal.models import Bericht

    with om(plan.termijn_herinneren_op.isoformat()):
        uitkomst = bewaking.bewaak()
    assert uitkomst["herinneringen"] >= 1
    bericht = Bericht.objects.filter(
        ontvanger=wereld.gemeente_a_mw, onderwerp__startswith="Herinnering"
    ).get()
    assert "Proactieve locaties selecteren" in bericht.onderwerp


def test_planlocatie_eenmaal(wereld, plan, kandidaten):
    proactief.selecteer(plan, wereld.gemeente_a_medewerker, kandidaten[:2])
    proactief.selecteer(plan, wereld.gemeente_a_medewerker, kandidaten[:3])
    assert Planlocatie.objects.filter(plan=plan).count() == 3


def _definitief(wereld, plan, kandidaten):
    plan = _door_tot_inspraak(wereld, plan, kandidaten)
    with om("2027-02-01"):
        plan = proactief.sluit_inspraak(plan, wereld.gemeente_a_medewerker)
        for pl in plan.planlocaties.all():
            proactief.toets(pl, wereld.cpo_mw, oordeel="voldoet")
        plan = proactief.rond_toets_af(plan, wereld.cpo_mw)
        for pl in plan.planlocaties.all():
            proactief.verwerk(pl, wereld.gemeente_a_medewerker, besluit="behouden")
        return proactief.geef_akkoord(plan, wereld.gemeente_a_mw)


def test_netaansluiting_pas_na_voorlopige_goedkeuring_van_de_batch(wereld, plan, kandidaten):
    from netaansluiting import services as netaansluitingservices
    from netaansluiting.models import Netaansluiting

    plan = _definitief(wereld, plan, kandidaten)
    pl1, pl2, pl3 = plan.planlocaties.order_by("pk")
    # As if the verzamelverkeersbesluit became definitive: the connection is not requested by itself yet.
    Locatie.objects.filter(pk__in=[pl1.locatie_id, pl2.locatie_id]).update(status=Locatie.Status.DEFINITIEF)
    loc1 = Locatie.objects.get(pk=pl1.locatie_id)
    assert netaansluitingservices.vraag_vanzelf_aan(loc1, None) is None
    with pytest.raises(transities.NietToegestaan):
        netaansluitingservices.vraag_aan(loc1, wereld.cpo_mw)
    # Only the CPO proposes a batch, of at most 80, from the definitive list.
    with pytest.raises(transities.GeenRecht):
        proactief.stel_batch_voor(plan, wereld.gemeente_a_mw, [pl1])
    with pytest.raises(ValidationError, match="hoogstens 80"):
        proactief.stel_batch_voor(plan, wereld.cpo_mw, list(range(1, 82)))
    batch = proactief.stel_batch_voor(plan, wereld.cpo_mw, [pl1, pl2, pl3])
    assert not Netaansluiting.objects.exists()
    with pytest.raises(ValidationError, match="al in een batch"):
        proactief.stel_batch_voor(plan, wereld.cpo_mw, [pl1])
    with pytest.raises(transities.NietToegestaan):
        proactief.vraag_energiecontract_aan(batch, wereld.cpo_mw, energieleverancier="Groene Stroom")
    # The medewerker may not approve; the CPO neither; the coördinator approves and orders.
    for niet in (wereld.gemeente_a_medewerker, wereld.cpo_mw, wereld.gemeente_b_mw):
        with pytest.raises(transities.GeenRecht):
            proactief.keur_batch_goed(batch, niet)
    proactief.keur_batch_goed(batch, wereld.gemeente_a_mw)
    # The batch moved by its fsm transition, with a history row of its own naming who approved.
    ((stap, van, naar, door),) = historie.historie_van(batch).values_list("transitie", "van", "naar", "door")
    assert (stap, van, naar, door) == ("goedkeuren", "voorgesteld", "goedgekeurd", wereld.gemeente_a_mw.pk)
    aangevraagd = set(Netaansluiting.objects.values_list("locatie_id", flat=True))
    assert aangevraagd == {pl1.locatie_id, pl2.locatie_id}  # the third still waits for its decision
    with pytest.raises(transities.NietToegestaan):
        proactief.keur_batch_goed(batch, wereld.gemeente_a_mw)
    batch = proactief.vraag_energiecontract_aan(batch, wereld.cpo_mw, energieleverancier="Groene Stroom")
    assert batch.energiecontract_aangevraagd_op is not None
    # The third location's decision becomes definitive later: now its connection goes by itself.
    Locatie.objects.filter(pk=pl3.locatie_id).update(status=Locatie.Status.DEFINITIEF)
    assert netaansluitingservices.vraag_vanzelf_aan(Locatie.objects.get(pk=pl3.locatie_id), None) is not None
