"""Usage data: OCPI Locations in, CDRs in (credit, duplicate, unmatched), the daily figures and their
definitions against hand-computed values."""

import datetime as dt
import io
import json

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings

from plankaart.modellen_verbruik import Cdr, Connector, Laadpunt, Laadpuntdag
from plankaart.models import Locatie
from plankaart.services import cdrs, ocpi, verbruik
from portal.settings import lees_piekuren
from tests.conftest import IN_A, punt_bij

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat


def ocpi_locatie(ocpi_id: str, noord_m: float, uids: list[str]) -> dict:
    lat, lon = punt_bij(*IN_A, noord_m)
    return {
        "country_code": "NL",
        "party_id": "LNO",
        "id": ocpi_id,
        "publish": True,
        "address": f"Straat {ocpi_id}",
        "city": "Apeldoorn",
        "country": "NLD",
        "coordinates": {"latitude": f"{lat:.6f}", "longitude": f"{lon:.6f}"},
        "time_zone": "Europe/Amsterdam",
        "last_updated": "2026-01-01T00:00:00Z",
        "evses": [
            {
                "uid": uid,
                "evse_id": f"NL*LNO*E{uid}",
                "status": "AVAILABLE",
                "last_updated": "2026-01-01T00:00:00Z",
                "connectors": [
                    {
                        "id": "1",
                        "standard": "IEC_62196_T2",
                        "format": "SOCKET",
                        "power_type": "AC_3_PHASE",
                        "max_voltage": 400,
                        "max_amperage": 32,
                        "max_electric_power": 22000,
                        "last_updated": "2026-01-01T00:00:00Z",
                    }
                ],
            }
            for uid in uids
        ],
    }


def cdr(cdr_id, uid, begin, einde, kwh, totaal, parkeren=0.0, token="T1", **extra) -> dict:
    obj = {
        "country_code": "NL",
        "party_id": "LNO",
        "id": cdr_id,
        "start_date_time": begin,
        "end_date_time": einde,
        "cdr_token": {
            "country_code": "NL",
            "party_id": "EMS",
            "uid": token,
            "type": "RFID",
            "contract_id": "X",
        },
        "auth_method": "WHITELIST",
        "cdr_location": {
            "id": "LOC1",
            "address": "Straat",
            "city": "Apeldoorn",
            "country": "NLD",
            "coordinates": {"latitude": "52.21120", "longitude": "5.96990"},
            "evse_uid": uid,
            "evse_id": f"NL*LNO*E{uid}",
            "connector_id": "1",
            "connector_standard": "IEC_62196_T2",
            "connector_format": "SOCKET",
            "connector_power_type": "AC_3_PHASE",
        },
        "currency": "EUR",
        "total_cost": {"excl_vat": 1.0},
        "total_energy": kwh,
        "total_time": totaal,
        "total_parking_time": parkeren,
        "last_updated": einde,
    }
    obj.update(extra)
    return obj


@pytest.fixture
def punten(wereld):
    """Two existing locations of the CPO: LOC1 with EVSEs 1 and 2, LOC2 with EVSE 3."""
    rapport = ocpi.importeer_locaties(
        wereld.cpo,
        [ocpi_locatie("LOC1", 0, ["1", "2"]), ocpi_locatie("LOC2", 500, ["3"])],
        wereld.cpo_mw,
        toepassen=True,
    )
    assert rapport.aantallen() == {"nieuw": 2}
    return {lp.uid: lp for lp in Laadpunt.objects.all()}


def test_locations_import_droog_dan_toepassen_en_koppelen_op_id_en_afstand(wereld, locatie_op):
    bestaand = locatie_op(1000, status=Locatie.Status.GEREALISEERD, bron=Locatie.Bron.BESTAAND)
    objecten = [
        ocpi_locatie("A", 0, ["a1", "a2"]),
        ocpi_locatie("B", 1002, ["b1"]),  # 2 m from the existing point
        {**ocpi_locatie("C", 10, ["c1"]), "coordinates": {"latitude": 52.2, "longitude": 5.9}},  # numbers
        {**ocpi_locatie("D", 20, ["d1"]), "coordinates": {"latitude": "5.96990", "longitude": "52.21120"}},
    ]
    droog = ocpi.importeer_locaties(wereld.cpo, objecten, wereld.cpo_mw)
    assert [(o.ocpi_id, o.oordeel) for o in droog.oordelen] == [
        ("A", "nieuw"),
        ("B", "gekoppeld_afstand"),
        ("C", "nieuw"),
        ("D", "geweigerd"),
    ]
    assert "verwisseld" in droog.oordelen[3].reden
    assert not Laadpunt.objects.exists()

    ocpi.importeer_locaties(wereld.cpo, objecten[:2], wereld.cpo_mw, toepassen=True)
    assert Laadpunt.objects.get(uid="b1").locatie == bestaand
    nieuw = Laadpunt.objects.get(uid="a1").locatie
    assert (nieuw.status, nieuw.bron, nieuw.kenmerk) == ("gerealiseerd", "bestaand", "A")
    c = Connector.objects.get(laadpunt__uid="a1")
    assert (c.standard, c.power_type, c.max_electric_power) == ("IEC_62196_T2", "AC_3_PHASE", 22000)
    # Again: matched by id now, nothing doubles.
    opnieuw = ocpi.importeer_locaties(wereld.cpo, objecten[:2], wereld.cpo_mw, toepassen=True)
    assert opnieuw.aantallen() == {"gekoppeld_id": 2}
    assert Locatie.objects.filter(kenmerk="A").count() == 1 and Laadpunt.objects.count() == 3


def test_credit_dubbel_en_zonder_laadpunt_met_exacte_totalen(wereld, punten):
    rijen = [
        cdr("C1", "1", "2026-03-10T08:00:00Z", "2026-03-10T10:00:00Z", 12.5, 2.0),
        cdr("C2", "1", "2026-03-10T12:00:00Z", "2026-03-10T13:00:00Z", 7.25, 1.0),
        cdr("C3", "2", "2026-03-10T12:00:00Z", "2026-03-10T14:00:00Z", 20.0, 2.0),
        cdr("C1", "1", "2026-03-10T08:00:00Z", "2026-03-10T10:00:00Z", 12.5, 2.0),  # duplicate
        cdr("CX", "onbekend", "2026-03-10T08:00:00Z", "2026-03-10T09:00:00Z", 3.0, 1.0),  # unmatched
        cdr(
            "C3-CREDIT",
            "2",
            "2026-03-10T12:00:00Z",
            "2026-03-10T14:00:00Z",
            -20.0,
            -2.0,
            credit=True,
            credit_reference_id="C3",
        ),
        {"id": "KAPOT", "start_date_time": "gisteren"},
    ]
    rapport = cdrs.importeer(wereld.cpo, rijen)
    assert (rapport.ontvangen, rapport.nieuw, rapport.dubbel, rapport.creditering) == (7, 5, 1, 1)
    assert (rapport.geannuleerd, rapport.zonder_laadpunt, rapport.aantal_fouten) == (1, 1, 1)
    assert "start_date_time" in rapport.fouten[0]["fout"]
    dagen = {(d.laadpunt.uid, d.dag): d for d in Laadpuntdag.objects.select_related("laadpunt")}
    assert set(dagen) == {("1", D("2026-03-10"))}
    assert dagen[("1", D("2026-03-10"))].kwh == 19.75
    assert dagen[("1", D("2026-03-10"))].sessies == 2
    assert Cdr.objects.filter(laadpunt__isnull=True).values_list("cdr_id", flat=True).get() == "CX"

    # The same file again changes nothing; the credit's original arriving late is cancelled on arrival.
    again = cdrs.importeer(wereld.cpo, rijen)
    assert (again.nieuw, again.dubbel) == (0, 6)
    cdrs.importeer(
        wereld.cpo,
        [
            cdr(
                "L-CREDIT",
                "1",
                "2026-03-11T08:00:00Z",
                "2026-03-11T09:00:00Z",
                5,
                1,
                credit=True,
                credit_reference_id="L",
            ),
        ],
    )
    cdrs.importeer(wereld.cpo, [cdr("L", "1", "2026-03-11T08:00:00Z", "2026-03-11T09:00:00Z", 5, 1)])
    assert not Laadpuntdag.objects.filter(dag=D("2026-03-11")).exists()
    assert Cdr.objects.get(cdr_id="L").geannuleerd

    # A credit arriving later for an original already counted takes it out of the figures.
    cdrs.importeer(
        wereld.cpo,
        [
            cdr(
                "C2-CREDIT",
                "1",
                "2026-03-10T12:00:00Z",
                "2026-03-10T13:00:00Z",
                7.25,
                1,
                credit=True,
                credit_reference_id="C2",
            )
        ],
    )
    assert Laadpuntdag.objects.get(laadpunt__uid="1").kwh == 12.5

    # The unmatched CDR finds its point when the CPO's Locations name its EVSE.
    ocpi.importeer_locaties(
        wereld.cpo, [ocpi_locatie("LOC3", 900, ["onbekend"])], wereld.cpo_mw, toepassen=True
    )
    assert Laadpuntdag.objects.get(laadpunt__uid="onbekend").kwh == 3.0


def test_bezetting_en_piek_tegen_handberekening(wereld, punten):
    # 10 March 2026 is CET (UTC+1). Point 1: 06:00-10:00 and 16:00-22:00 local.
    # Point 2: 18:00-19:00 and 23:00 to 07:30 the next morning local.
    cdrs.importeer(
        wereld.cpo,
        [
            cdr("A", "1", "2026-03-10T05:00:00Z", "2026-03-10T09:00:00Z", 20, 4, 1, token="X"),
            cdr("B", "1", "2026-03-10T15:00:00Z", "2026-03-10T21:00:00Z", 30, 6, 2, token="Y"),
            cdr("C", "2", "2026-03-10T17:00:00Z", "2026-03-10T18:00:00Z", 5, 1, 0, token="X"),
            cdr("N", "2", "2026-03-10T22:00:00Z", "2026-03-11T06:30:00Z", 40, 8.5, 4.5, token="Z"),
        ],
    )
    dag = dt.date(2026, 3, 10)
    per_punt = {
        r.naam: r
        for r in verbruik.cijfers(
            Laadpunt.objects.filter(locatie__kenmerk="LOC1"), "laadpunt", "dag", dag, dag
        )
    }
    een, twee = per_punt["NL*LNO*E1"], per_punt["NL*LNO*E2"]
    assert (een.kwh, een.sessies, een.verbonden_uren, een.laad_uren, een.piek_uren) == (50, 2, 10, 7, 6)
    assert (een.bezetting_pct, een.piekbezetting_pct, een.boven_piekgrens_pct, een.voertuigen) == (
        41.7,
        100.0,
        100.0,
        2,
    )
    # Point 2 on the 10th: 1 h in the evening peak plus 1 h before midnight; the night's kWh on its start day.
    assert (twee.kwh, twee.sessies, twee.verbonden_uren, twee.piek_uren, twee.voertuigen) == (45, 2, 2, 1, 2)
    volgende = Laadpuntdag.objects.get(laadpunt__uid="2", dag=D("2026-03-11"))
    assert (volgende.kwh, volgende.sessies, volgende.verbonden_uren, volgende.piek_uren) == (0, 0, 7.5, 0.5)
    assert volgende.laad_uren == 3.0  # 4 h charging from 23:00: 1 h on the 10th, 3 h on the 11th

    (locatie,) = verbruik.cijfers(
        Laadpunt.objects.filter(locatie__kenmerk="LOC1"), "locatie", "dag", dag, dag
    )
    assert (locatie.laadpunten, locatie.kwh, locatie.bezetting_pct, locatie.boven_piekgrens_pct) == (
        2,
        95,
        25.0,
        50.0,
    )
    # A month for the gemeente: three points (LOC2's has no sessions), 31 days.
    (maand,) = verbruik.cijfers(Laadpunt.objects.all(), "gemeente", "maand", D("2026-03-01"), D("2026-03-31"))
    assert (maand.naam, maand.laadpunten, maand.kwh, maand.sessies) == ("Gemeente Apeldoorn", 3, 95, 4)
    assert maand.bezetting_pct == round(100 * 19.5 / (3 * 31 * 24), 1)
    assert maand.boven_piekgrens_pct == 0.0


def _piek_van_punt_een(wereld):
    """Point 1 on 10 March 2026 (CET): connected 06:00-10:00 and 16:00-22:00 local, as in the test above."""
    cdrs.importeer(
        wereld.cpo,
        [
            cdr("A", "1", "2026-03-10T05:00:00Z", "2026-03-10T09:00:00Z", 20, 4, 1),
            cdr("B", "1", "2026-03-10T15:00:00Z", "2026-03-10T21:00:00Z", 30, 6, 2),
        ],
    )
    dag = dt.date(2026, 3, 10)
    (een,) = verbruik.cijfers(Laadpunt.objects.filter(uid="1"), "laadpunt", "dag", dag, dag)
    return een


def test_piekuren_volgens_de_standaardinstelling(wereld, punten):
    # 07-09 and 17-21: 2 + 4 of the 6 peak hours connected, so 100% and above the 80% line.
    assert settings.VERBRUIK_PIEKUREN == ((7, 9), (17, 21))
    een = _piek_van_punt_een(wereld)
    assert (een.piek_uren, een.piekbezetting_pct, een.boven_piekgrens_pct) == (6, 100.0, 100.0)


@override_settings(VERBRUIK_PIEKUREN=((6, 12),))
def test_andere_piekuren_geven_een_ander_piekaandeel(wereld, punten):
    # 06-12: only the morning session counts (4 of 6 hours), so 66.7% and below the 80% line.
    een = _piek_van_punt_een(wereld)
    assert (een.piek_uren, een.piekbezetting_pct, een.boven_piekgrens_pct) == (4, 66.7, 0.0)


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [("7-9,17-21", ((7, 9), (17, 21))), (" 17-21 , 7-9 ", ((7, 9), (17, 21))), ("0-24", ((0, 24),))],
)
def test_piekuren_uit_de_omgeving(tekst, verwacht):
    assert lees_piekuren(tekst) == verwacht


@pytest.mark.parametrize("tekst", ["", "7", "7-9;17-21", "9-7", "7-25", "7-10,9-12", "zeven-negen"])
def test_ongeldige_piekuren_stoppen_het_opstarten(tekst):
    with pytest.raises(ImproperlyConfigured, match="VERBRUIK_PIEKUREN"):
        lees_piekuren(tekst)


def test_bestand_json_en_csv_en_het_commando(wereld, punten, tmp_path):
    json_pad = tmp_path / "cdrs.json"
    json_pad.write_text(
        json.dumps(
            [cdr(f"J{i}", "1", "2026-04-01T10:00:00Z", "2026-04-01T11:00:00Z", 1.5, 1) for i in range(5)]
        )
    )
    uit = io.StringIO()
    call_command("importeer_cdrs", str(json_pad), "--cpo", str(wereld.cpo.pk), stdout=uit)
    assert "5 nieuw" in uit.getvalue()
    csv_tekst = (
        "id;start_date_time;end_date_time;total_energy;total_time;total_parking_time;cdr_location.id;"
        "cdr_location.evse_uid;cdr_token.uid\n"
        "K1;2026-04-02T10:00:00Z;2026-04-02T12:00:00Z;10,5;2;0,5;LOC1;3;tok\n"
        "K2;2026-04-02T13:00:00Z;2026-04-02T14:00:00Z;abc;1;0;LOC1;3;tok\n"
    )
    rapport = cdrs.importeer_bestand(wereld.cpo, io.StringIO(csv_tekst), "cdrs.csv")
    assert (rapport.nieuw, rapport.aantal_fouten) == (1, 1)
    assert "total_energy" in rapport.fouten[0]["fout"]
    assert Laadpuntdag.objects.get(laadpunt__uid="3").kwh == 10.5


def test_json_wordt_in_blokken_gelezen():
    objecten = [{"id": str(i), "tekst": "x" * 50} for i in range(200)]
    gelezen = list(cdrs.lees_json(io.StringIO(json.dumps(objecten)), blok=64))
    assert [o["id"] for o in gelezen] == [str(i) for i in range(200)]
    regels = "\n".join(json.dumps(o) for o in objecten[:3])
    assert len(list(cdrs.lees_json(io.StringIO(regels)))) == 3
    envelop = json.dumps({"data": objecten[:2], "status_code": 1000})
    assert len(list(cdrs.lees_json(io.StringIO(envelop)))) == 2


def test_het_commando_voor_ocpi_locaties(wereld, tmp_path):
    pad = tmp_path / "locations.json"
    pad.write_text(json.dumps({"data": [ocpi_locatie("X1", 0, ["x1"])], "status_code": 1000}))
    uit = io.StringIO()
    call_command("importeer_ocpi_locaties", str(pad), "--cpo", "Laadnet Oost", stdout=uit)
    assert "X1: nieuw" in uit.getvalue() and not Laadpunt.objects.exists()
    call_command("importeer_ocpi_locaties", str(pad), "--cpo", str(wereld.cpo.pk), "--toepassen", stdout=uit)
    assert Laadpunt.objects.get().evse_id == "NL*LNO*Ex1"
