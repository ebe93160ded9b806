"""The national monitor and the roll-out plan: columns, eight quarters, neutralised formulas, xlsx, access."""

import csv
import datetime as dt
import io

import pytest
from django.core import mail
from openpyxl import load_workbook
from rest_framework.test import APIClient

from netaansluiting import services as netaansluitingservices
from netaansluiting.models import Netaansluiting
from portal.kengetallen import exports
from portal.kengetallen.taken_exports import stuur_uitrolplanningen
from portal.models import Bericht
from tests.conftest import om
from tests.kengetallen.test_berekeningen import _opgeleverd

pytestmark = pytest.mark.django_db
MONITOR = "/api/v1/exports/monitor/"
UITROL = "/api/v1/exports/uitrolplanning/"


def api(gebruiker=None):
    client = APIClient()
    if gebruiker is not None:
        client.force_authenticate(gebruiker)
    return client


def lees_csv(antwoord) -> list[dict]:
    assert antwoord["Content-Type"].startswith("text/csv")
    tekst = antwoord.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(tekst), delimiter=";"))


def test_kwartaal():
    k = exports.Kwartaal.lees("2026Q4")
    assert (str(k), k.begin.isoformat(), k.einde.isoformat()) == ("2026Q4", "2026-10-01", "2026-12-31")
    assert str(k.volgende(7)) == "2028Q3"
    with pytest.raises(ValueError):
        exports.Kwartaal.lees("2026-4")


def test_monitor_kolommen_en_cijfers(wereld, locatie_op):
    locatie_op(0, status="gerealiseerd", laadpunten=2)
    locatie_op(100, status="in_procedure", laadpunten=2)
    locatie_op(200, status="definitief", laadpunten=4)
    locatie_op(300, status="kandidaat", laadpunten=2)
    for dagen in (10, 20, 30):
        _opgeleverd(wereld, dagen, "2026-11-15")
    _opgeleverd(wereld, 40, "2026-11-15", bron="gemeente")
    _opgeleverd(wereld, 99, "2026-05-15")  # another quarter
    antwoord = api(wereld.gemeente_a_mw).get(MONITOR, {"kwartaal": "2026Q4"})
    assert antwoord.status_code == 200
    assert 'filename="monitor-2026Q4.csv"' in antwoord["Content-Disposition"]
    rijen = lees_csv(antwoord)
    assert list(rijen[0]) == exports.MONITOR_KOLOMMEN
    (rij,) = rijen  # a gemeente sees only itself
    assert rij["gemeente"] == "Gemeente Apeldoorn" and rij["gemeente_cbs_code"] == "0200"
    assert (rij["laadpunten_gerealiseerd"], rij["laadpunten_in_procedure"], rij["laadpunten_gepland"]) == (
        "2",
        "2",
        "4",
    )
    assert rij["laadpunten_kandidaat"] == "2"
    assert rij["aanvragen_opgeleverd"] == "4" and rij["doorlooptijd_mediaan_dagen"] == "25.0"
    assert rij["kwh"] == "" and rij["bezetting_procent"] == ""  # no usage data reported
    provincie = lees_csv(api(wereld.provincie_mw).get(MONITOR, {"kwartaal": "2026Q4"}))
    assert [r["gemeente"] for r in provincie] == [
        "Gemeente Apeldoorn",
        "Gemeente Deventer",
        "Gemeente Zutphen",
    ]


def test_monitor_als_xlsx_en_foute_invoer(wereld):
    antwoord = api(wereld.cpo_mw).get(MONITOR, {"kwartaal": "2026Q3", "formaat": "xlsx"})
    assert antwoord.status_code == 200 and antwoord["Content-Type"] == exports.XLSX
    blad = load_workbook(io.BytesIO(antwoord.content))["Monitor"]
    kop = [c.value for c in blad[1]]
    assert kop == exports.MONITOR_KOLOMMEN
    assert {blad.cell(r, 3).value for r in range(2, blad.max_row + 1)} == {
        "Gemeente Apeldoorn",
        "Gemeente Zutphen",
    }
    fout = api(wereld.cpo_mw).get(MONITOR, {"kwartaal": "vierde"})
    assert fout.status_code == 400 and fout["Content-Type"].startswith("application/problem+json")
    assert "kwartaal" in fout.content.decode()


@pytest.fixture
def uitrol(wereld, locatie_op):
    """Planned locations of Netbeheer whose expected connection falls in ten different quarters."""
    with om("2026-12-04"):
        locaties = {}
        for i, jaar in enumerate((2026, 2027, 2028)):
            locaties[jaar] = locatie_op(
                100 * i, status="definitief", proactief=True, proactief_jaar=jaar, laadpunten=2
            )
        gevaarlijk = locatie_op(400, status="definitief", omschrijving='=HYPERLINK("https://kwaad.example")')
        aansluiting = netaansluitingservices.vraag_aan(gevaarlijk, wereld.cpo_mw)
        Netaansluiting.objects.filter(pk=aansluiting.pk).update(aansluiting_gepland_op="2027-05-10")
        # Approved for a request: its expected delivery date places it.
        plek = locatie_op(500, status="goedgekeurd")
        locatie_op(600, status="kandidaat")  # not planned: left out
        locatie_op(700, status="definitief", gemeente=wereld.gemeente_c)  # another netbeheerder
    return locaties, gevaarlijk, plek


def test_uitrolplanning_acht_kwartalen(wereld, uitrol):
    locaties, gevaarlijk, plek = uitrol
    with om("2026-12-04"):
        antwoord = api(wereld.netbeheerder_mw).get(UITROL)
        xlsx = api(wereld.netbeheerder_mw).get(
            UITROL, {"netbeheerder": wereld.netbeheerder.pk, "formaat": "xlsx"}
        )
    rijen = lees_csv(antwoord)
    assert list(rijen[0]) == exports.UITROL_KOLOMMEN
    per_id = {int(r["locatie_id"]): r for r in rijen}
    assert set(per_id) == {locaties[2026].pk, locaties[2027].pk, gevaarlijk.pk, plek.pk}  # 2028Q4 is beyond
    assert per_id[locaties[2026].pk]["kwartaal_aansluiting"] == "2026Q4"
    assert per_id[locaties[2027].pk]["kwartaal_aansluiting"] == "2027Q4"
    assert per_id[gevaarlijk.pk]["kwartaal_aansluiting"] == "2027Q2"
    assert per_id[gevaarlijk.pk]["gevraagde_capaciteit"] == "3x25A"
    assert per_id[gevaarlijk.pk]["adres"] == '\'=HYPERLINK("https://kwaad.example")'  # neutralised
    assert per_id[plek.pk]["kwartaal_aansluiting"] == ""  # no estimate yet: listed without a quarter
    rij = per_id[locaties[2026].pk]
    assert (
        rij["gemeente"] == "Gemeente Apeldoorn" and float(rij["rd_x"]) > 1000 and 52 < float(rij["lat"]) < 53
    )
    boek = load_workbook(io.BytesIO(xlsx.content))
    kwartalen = [r[0] for r in boek["Per kwartaal"].iter_rows(min_row=2, values_only=True)]
    assert kwartalen == ["2026Q4", "2027Q1", "2027Q2", "2027Q3", "2027Q4", "2028Q1", "2028Q2", "2028Q3"]
    adressen = [c.value for c in boek["Locaties"]["D"]]
    assert '\'=HYPERLINK("https://kwaad.example")' in adressen
    assert not any(isinstance(a, str) and a.startswith("=") for a in adressen)
    assert boek["Locaties"]["D1"].data_type == "s"


def test_uitrolplanning_per_rol(wereld, uitrol):
    with om("2026-12-04"):
        assert api().get(UITROL).status_code == 401
        assert api(wereld.erijder).get(UITROL, {"netbeheerder": wereld.netbeheerder.pk}).status_code == 403
        # Another netbeheerder's plan is not there for this one.
        assert (
            api(wereld.netbeheerder_ander_mw)
            .get(UITROL, {"netbeheerder": wereld.netbeheerder.pk})
            .status_code
            == 404
        )
        assert (
            api(wereld.cpo_ander_mw).get(UITROL, {"netbeheerder": wereld.netbeheerder.pk}).status_code == 404
        )
        # A gemeente without the netbeheerder named: 400 naming the field.
        fout = api(wereld.gemeente_b_mw).get(UITROL)
        assert fout.status_code == 400 and "netbeheerder" in fout.content.decode()
        zutphen = lees_csv(api(wereld.gemeente_b_mw).get(UITROL, {"netbeheerder": wereld.netbeheerder.pk}))
        assert zutphen == []  # its gemeente has no planned locations
        assert (
            len(lees_csv(api(wereld.provincie_mw).get(UITROL, {"netbeheerder": wereld.netbeheerder.pk}))) == 4
        )
    assert api(wereld.erijder).get(MONITOR).status_code == 403


def test_beat_stuurt_de_uitrolplanning_eens_per_kwartaal(wereld, uitrol, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert stuur_uitrolplanningen(exports.Kwartaal.lees("2027Q1").begin) == 2
    berichten = Bericht.objects.filter(ontvanger=wereld.netbeheerder_mw)
    (bericht,) = berichten
    assert bericht.onderwerp == "Uitrolplanning 2027Q1"
    assert (
        bericht.link == f"/api/v1/exports/uitrolplanning/?netbeheerder={wereld.netbeheerder.pk}&formaat=xlsx"
    )
    assert "Netbeheer" in bericht.tekst and "2028Q4" in bericht.tekst
    assert any(
        m.subject.endswith("Uitrolplanning 2027Q1") or "Uitrolplanning 2027Q1" in m.subject
        for m in mail.outbox
    )
    assert stuur_uitrolplanningen(exports.Kwartaal.lees("2027Q1").begin) == 0  # once per quarter
    assert berichten.count() == 1


def test_monitor_telt_per_kwartaal_wat_toen_gold(wereld, locatie_op, dien_in):
    """Cases that moved across two quarters count in each quarter as they stood at its end, not as now."""
    from aanvragen import services as aanvraagservices
    from portal import historie, transities

    def stap(zaak, naam, **velden):
        return transities.voer_uit(zaak, naam, wereld.gemeente_a_mw, volgt=True, **velden)

    with om("2026-05-10"):  # imported as a candidate in Q2 (the import writes the first step)
        nieuw = locatie_op(0, status="kandidaat", laadpunten=2)
        historie.registreer(nieuw, "importeren", "", "kandidaat", wereld.gemeente_a_mw)
    with om("2026-06-10"):
        nieuw = stap(stap(nieuw, "voorstellen"), "goedkeuren")
    with om("2026-08-10"):  # Q3: published and definitive
        nieuw = stap(nieuw, "in_procedure_brengen", bezwaartermijn_einde=dt.date(2026, 9, 21))
    with om("2026-09-25"):
        stap(nieuw, "definitief_maken")
    # Definitive before the history began; the grid could not take it in Q3.
    oud = locatie_op(100, status="definitief", laadpunten=4)
    with om("2026-08-20"):
        stap(oud, "net_ontoereikend", opmerking="Net vol")
    with om("2026-07-15"):  # a candidate that only appeared in Q3
        later = locatie_op(200, status="kandidaat", laadpunten=2)
        historie.registreer(later, "importeren", "", "kandidaat", wereld.gemeente_a_mw)
    with om("2026-06-01"):
        afgewezen = dien_in()
    with om("2026-08-01"):
        aanvraagservices.afwijzen(afgewezen, wereld.cpo_mw, "Geen elektrische auto")
    _opgeleverd(wereld, 60, "2026-08-15")  # submitted 16 June (Q2), delivered in Q3

    def rij(kwartaal):
        with om("2026-12-01"):
            (r,) = lees_csv(api(wereld.gemeente_a_mw).get(MONITOR, {"kwartaal": kwartaal}))
        return r

    velden = (
        "laadpunten_kandidaat",
        "laadpunten_in_procedure",
        "laadpunten_gepland",
        "aanvragen_erijder",
        "aanvragen_opgeleverd",
        "aanvragen_open_einde_kwartaal",
    )
    q2, q3 = rij("2026Q2"), rij("2026Q3")
    assert [q2[v] for v in velden] == ["0", "2", "4", "2", "0", "2"]
    assert [q3[v] for v in velden] == ["2", "0", "2", "0", "1", "0"]
    # The running quarter: the plankaart as it is now.
    q4 = rij("2026Q4")
    assert (q4["laadpunten_kandidaat"], q4["laadpunten_gepland"]) == ("2", "2")
    assert list(q4)[-1] == "aanvragen_open_einde_kwartaal"
