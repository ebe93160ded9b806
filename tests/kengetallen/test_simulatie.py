"""The what-if simulation on a history built for it: the verkeersbesluit off the critical path saves exactly the
objection term when the grid connection takes longer than it; proactive locations, shorter service levels;
the command and the provincie's page."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from portal.kengetallen import simulatie
from portal.kengetallen.models import Aanvraagcijfers, Fase
from tests.conftest import om
from tests.kengetallen.test_berekeningen import _opgeleverd

pytestmark = pytest.mark.django_db

# One request's way through the chain, in days per step (the objection term is six weeks).
WEG = [
    ("toetsing", "cpo", 3),
    ("locatie_bepalen", "cpo", 5),
    ("locatie_beoordelen", "gemeente", 4),
    ("bezwaartermijn", "wettelijk", 42),
    ("aansluiting_aanvragen", "cpo", 2),
    ("netaansluiting", "netbeheerder", 48),
    ("plaatsing_plannen", "cpo", 10),
    ("energiecontract", "cpo", 3),
    ("oplevering", "cpo", 4),
]
TOTAAL = sum(d for *_x, d in WEG)  # 121


def _met_fasen(wereld, ingediend: str, gemeente=None):
    aanvraag = _opgeleverd(wereld, TOTAAL, "2026-01-01", gemeente=gemeente)
    cijfers = Aanvraagcijfers.objects.get(aanvraag=aanvraag)
    begin = dt.datetime.fromisoformat(f"{ingediend}T09:00:00+00:00")
    Aanvraagcijfers.objects.filter(pk=cijfers.pk).update(
        ingediend_op=begin, opgeleverd_op=begin + dt.timedelta(days=TOTAAL)
    )
    Fase.objects.filter(aanvraag=aanvraag).delete()
    for stap, partij, dagen in WEG:
        eind = begin + dt.timedelta(days=dagen)
        Fase.objects.create(
            aanvraag=aanvraag,
            stap=stap,
            partij=partij,
            begin=begin,
            eind=eind,
            dagen=dagen,
            gemeente_id=cijfers.gemeente_id,
            provincie_id=cijfers.provincie_id,
            cpo_id=cijfers.cpo_id,
            netbeheerder_id=cijfers.netbeheerder_id,
            bron=cijfers.bron,
        )
        begin = eind
    return aanvraag


@pytest.fixture
def historie(wereld):
    for i in range(4):
        _met_fasen(wereld, f"2026-0{i + 1}-05")
    _met_fasen(wereld, "2026-02-05", gemeente=wereld.gemeente_c)


def test_vkb_buiten_het_kritieke_pad_scheelt_de_bezwaartermijn(wereld, historie):
    with om("2026-06-30"):
        uitkomst = simulatie.simuleer(
            wereld.provincie_mw, simulatie.Parameters(maanden=12, vkb_parallel=True)
        )
    assert uitkomst.voor.aantal == uitkomst.na.aantal == 5
    assert uitkomst.voor.mediaan_dagen == TOTAAL
    assert uitkomst.na.mediaan_dagen == TOTAAL - 42  # the connection (50 days) now runs beside the term
    assert uitkomst.voor.knelpunt["blok"] == "netaansluiting"
    assert {r["blok"]: r["dagen"] for r in uitkomst.na.per_blok}.get("bezwaar") is None
    # Scope: a gemeente's staff replay only their own requests.
    with om("2026-06-30"):
        eigen = simulatie.simuleer(wereld.gemeente_c_mw, simulatie.Parameters(maanden=12))
    assert eigen.voor.aantal == 1


def test_proactief_en_kortere_servicetermijn(wereld, historie):
    with om("2026-06-30"):
        half = simulatie.simuleer(wereld.provincie_mw, simulatie.Parameters(proactief_procent=40))
        korter = simulatie.simuleer(
            wereld.provincie_mw, simulatie.Parameters(servicetermijn={"netaansluiting": 30})
        )
        buiten = simulatie.simuleer(wereld.provincie_mw, simulatie.Parameters(maanden=3))
    # Two of five requests find a proactive location with a definitive decision: 9 + 42 days fewer.
    assert half.na.aantal == 5 and half.na.p80_dagen <= TOTAAL
    assert sum(e["aantal"] for e in half.na.verdeling if e["van_dagen"] <= TOTAAL - 51) == 2
    # The grid connection block (2 + 48 days) at most 30: 20 days shorter.
    assert korter.na.mediaan_dagen == TOTAAL - 20
    assert buiten.voor.aantal == 1  # submitted from 31 March on: the April one only


def test_het_commando(wereld, historie):
    uit = StringIO()
    with om("2026-06-30"):
        call_command("simuleer", "--vkb-parallel", f"--provincie={wereld.provincie.pk}", stdout=uit)
    tekst = uit.getvalue()
    assert "Aanvragen ingediend" in tekst and ": 5" in tekst
    assert f"voor: mediaan {TOTAAL:.1f} dagen" in tekst
    assert f"na: mediaan {TOTAAL - 42:.1f} dagen" in tekst
    with pytest.raises(CommandError, match="--servicetermijn"):
        call_command("simuleer", "--servicetermijn", "koffie=3")


def test_de_pagina_is_van_de_provincie(wereld, historie):
    client = Client()
    client.force_login(wereld.provincie_mw)
    with om("2026-06-30"):
        antwoord = client.get(
            "/kengetallen/simulatie/", {"maanden": 12, "vkb_parallel": "on", "proactief_procent": 0}
        )
        csv = client.get(
            "/kengetallen/simulatie/csv/simulatie_knelpunt/",
            {"maanden": 12, "vkb_parallel": "on", "proactief_procent": 0},
        )
        fout = client.get(
            "/kengetallen/simulatie/", {"maanden": 12, "stap": "netaansluiting", "proactief_procent": 0}
        )
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "mediaan 121 dagen" in html and "mediaan 79 dagen" in html
    assert 'data-grafiek="simulatie_doorlooptijd"' in html and 'data-grafiek="simulatie_knelpunt"' in html
    assert csv.status_code == 200 and "Dagen met wijzigingen" in csv.content.decode("utf-8-sig")
    assert "Vul het aantal dagen in" in fout.content.decode()
    for andere in (wereld.gemeente_a_mw, wereld.cpo_mw, wereld.erijder):
        client.force_login(andere)
        assert client.get("/kengetallen/simulatie/").status_code == 404
