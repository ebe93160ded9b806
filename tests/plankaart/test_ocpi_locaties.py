"""GET /ocpi/2.2.1/locations: every field OCPI 2.2.1 requires, string coordinates, paging, auth per role."""

import base64
import re

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from plankaart.modellen_verbruik import Connector, Laadpunt
from tests.conftest import om

pytestmark = pytest.mark.django_db
URL = "/ocpi/2.2.1/locations"

LOCATIE_VERPLICHT = (
    "country_code",
    "party_id",
    "id",
    "publish",
    "address",
    "city",
    "country",
    "coordinates",
    "time_zone",
    "last_updated",
)
EVSE_VERPLICHT = ("uid", "status", "connectors", "last_updated")
CONNECTOR_VERPLICHT = (
    "id",
    "standard",
    "format",
    "power_type",
    "max_voltage",
    "max_amperage",
    "last_updated",
)
LAT = re.compile(r"^-?[0-9]{1,2}\.[0-9]{5,7}$")
LON = re.compile(r"^-?[0-9]{1,3}\.[0-9]{5,7}$")
DATUMTIJD = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def ocpi(gebruiker=None, base64_token=True, **params):
    kop = {}
    if gebruiker is not None:
        sleutel = Token.objects.get_or_create(user=gebruiker)[0].key
        waarde = base64.b64encode(sleutel.encode()).decode() if base64_token else sleutel
        kop["HTTP_AUTHORIZATION"] = f"Token {waarde}"
    return Client().get(URL, params, **kop)


@pytest.fixture
def punten(wereld, locatie_op):
    with om("2026-03-01"):
        gepland = locatie_op(0, status="definitief", laadpunten=2, omschrijving="Kerkstraat t.h.v. nr. 3")
        procedure = locatie_op(300, status="in_procedure")
        kandidaat = locatie_op(600, status="kandidaat")
        vervallen = locatie_op(900, status="vervallen")
    with om("2026-04-01"):
        gerealiseerd = locatie_op(1200, status="gerealiseerd", laadpunten=2)
        kaal = locatie_op(1500, status="opgeleverd", laadpunten=1)
    laadpunt = Laadpunt.objects.create(
        locatie=gerealiseerd,
        cpo=wereld.cpo,
        ocpi_locatie_id="LOC1",
        uid="EVSE-1",
        evse_id="NL*LNO*E0001",
        status="AVAILABLE",
    )
    Connector.objects.create(
        laadpunt=laadpunt,
        connector_id="1",
        standard="IEC_62196_T2",
        power_type="AC_3_PHASE",
        max_electric_power=22000,
    )
    return {
        "gepland": gepland,
        "procedure": procedure,
        "kandidaat": kandidaat,
        "vervallen": vervallen,
        "gerealiseerd": gerealiseerd,
        "kaal": kaal,
    }


def test_elke_verplichte_eigenschap_en_coordinaten_als_tekst(wereld, punten):
    antwoord = ocpi(wereld.cpo_mw)
    assert antwoord.status_code == 200
    body = antwoord.json()
    assert body["status_code"] == 1000 and DATUMTIJD.match(body["timestamp"])
    assert set(body) == {"data", "status_code", "status_message", "timestamp"}
    per_id = {obj["id"]: obj for obj in body["data"]}
    assert set(per_id) == {str(punten[k].pk) for k in ("gepland", "procedure", "gerealiseerd", "kaal")}
    for obj in body["data"]:
        for veld in LOCATIE_VERPLICHT:
            assert obj.get(veld) not in (None, ""), veld
        assert obj["country"] == "NLD" and len(obj["country_code"]) == 2 and len(obj["address"]) <= 45
        assert obj["city"] == "Apeldoorn" and obj["time_zone"] == "Europe/Amsterdam"
        assert isinstance(obj["coordinates"]["latitude"], str)
        assert LAT.match(obj["coordinates"]["latitude"]) and LON.match(obj["coordinates"]["longitude"])
        assert DATUMTIJD.match(obj["last_updated"])
        assert obj["operator"] == {"name": "Laadnet Oost"}
        assert obj["evses"]
        for evse in obj["evses"]:
            for veld in EVSE_VERPLICHT:
                assert evse.get(veld) not in (None, "", []), veld
            for connector in evse["connectors"]:
                for veld in CONNECTOR_VERPLICHT:
                    assert connector.get(veld) not in (None, ""), veld
                assert isinstance(connector["max_voltage"], int)
    gepland = per_id[str(punten["gepland"].pk)]
    assert [e["status"] for e in gepland["evses"]] == ["PLANNED", "PLANNED"]
    assert gepland["address"] == "Kerkstraat t.h.v. nr. 3"
    gerealiseerd = per_id[str(punten["gerealiseerd"].pk)]
    (evse,) = gerealiseerd["evses"]
    assert (evse["uid"], evse["evse_id"], evse["status"]) == ("EVSE-1", "NL*LNO*E0001", "AVAILABLE")
    assert evse["connectors"][0]["max_amperage"] == 32  # 22 kW over three phases at 230 V
    # Realised without the CPO's EVSE data: one per charging point, status unknown.
    assert [e["status"] for e in per_id[str(punten["kaal"].pk)]["evses"]] == ["UNKNOWN"]


def test_geen_persoonsgegevens(wereld, punten, dien_in):
    with om("2026-03-02"):
        dien_in()
    tekst = ocpi(wereld.cpo_mw).content.decode()
    for persoonlijk in ("eva@example.nl", "Eva", "kenteken"):
        assert persoonlijk not in tekst


def test_paging_met_link_en_tellingen(wereld, punten):
    eerste = ocpi(wereld.gemeente_a_mw, limit=3)
    assert eerste["X-Total-Count"] == "4" and eerste["X-Limit"] == "3"
    assert len(eerste.json()["data"]) == 3
    link = eerste["Link"]
    assert link.startswith("<http://testserver/ocpi/2.2.1/locations?") and link.endswith('>; rel="next"')
    assert "offset=3" in link and "limit=3" in link
    tweede = ocpi(wereld.gemeente_a_mw, offset=3, limit=3)
    assert len(tweede.json()["data"]) == 1 and "Link" not in tweede
    ids = [o["id"] for o in eerste.json()["data"] + tweede.json()["data"]]
    assert len(set(ids)) == 4
    assert ocpi(wereld.gemeente_a_mw, limit=5000)["X-Limit"] == "1000"


def test_date_from_en_date_to_op_last_updated(wereld, punten):
    van_april = ocpi(wereld.cpo_mw, date_from="2026-03-15T00:00:00Z").json()["data"]
    assert {o["id"] for o in van_april} == {str(punten["gerealiseerd"].pk), str(punten["kaal"].pk)}
    voor_april = ocpi(wereld.cpo_mw, date_to="2026-03-15T00:00:00Z").json()["data"]
    assert {o["id"] for o in voor_april} == {str(punten["gepland"].pk), str(punten["procedure"].pk)}
    fout = ocpi(wereld.cpo_mw, date_from="gisteren")
    assert fout.status_code == 400 and fout.json()["status_code"] == 2001
    assert "date_from" in fout.json()["status_message"]


def test_toegang_per_rol(wereld, punten):
    assert Client().get(URL).status_code == 401
    onbekend = Client().get(URL, HTTP_AUTHORIZATION="Token " + base64.b64encode(b"onzin").decode())
    assert onbekend.status_code == 401 and onbekend.json()["status_code"] == 2000
    assert ocpi(wereld.erijder).status_code == 403
    for staf in (wereld.cpo_mw, wereld.gemeente_b_mw, wereld.netbeheerder_mw, wereld.provincie_mw):
        assert ocpi(staf).status_code == 200
    # 2.1.1 clients send the token as it is.
    assert ocpi(wereld.cpo_mw, base64_token=False).status_code == 200


def test_een_locatie(wereld, punten):
    kop = {
        "HTTP_AUTHORIZATION": "Token "
        + base64.b64encode(Token.objects.create(user=wereld.cpo_mw).key.encode()).decode()
    }
    antwoord = Client().get(f"{URL}/{punten['gepland'].pk}", **kop)
    assert antwoord.status_code == 200 and antwoord.json()["data"]["id"] == str(punten["gepland"].pk)
    assert Client().get(f"{URL}/{punten['kandidaat'].pk}", **kop).status_code == 404


def test_vervallen_na_publicatie_als_removed_met_date_from(wereld, punten):
    from portal import transities

    gepland = punten["gepland"]
    voor = {o["id"]: o for o in ocpi(wereld.cpo_mw).json()["data"]}
    uids = [e["uid"] for e in voor[str(gepland.pk)]["evses"]]
    # Nothing changed after mid-April yet: a client that polled then has nothing new.
    assert ocpi(wereld.cpo_mw, date_from="2026-04-15T00:00:00Z")["X-Total-Count"] == "0"
    # The grid cannot take it: the CPO gives the spot up (the same step netaansluiting's service takes).
    with om("2026-05-04"):
        transities.voer_uit(
            gepland, "net_ontoereikend", wereld.cpo_mw, volgt=True, reden="Net vol", opmerking="Net vol"
        )
    nieuw = ocpi(wereld.cpo_mw, date_from="2026-04-15T00:00:00Z")
    assert nieuw["X-Total-Count"] == "1"
    (obj,) = nieuw.json()["data"]
    assert obj["id"] == str(gepland.pk) and obj["last_updated"].startswith("2026-05-04T")
    assert [e["uid"] for e in obj["evses"]] == uids
    assert {e["status"] for e in obj["evses"]} == {"REMOVED"}
    for evse in obj["evses"]:
        assert evse["last_updated"] == obj["last_updated"]
        for veld in EVSE_VERPLICHT:
            assert evse.get(veld) not in (None, "", []), veld
    # Still in the full feed and by id; a location that lapsed before it was ever published stays out.
    alles = {o["id"]: o for o in ocpi(wereld.cpo_mw).json()["data"]}
    assert str(gepland.pk) in alles and str(punten["vervallen"].pk) not in alles
    eerder = ocpi(wereld.cpo_mw, date_to="2026-04-15T00:00:00Z").json()["data"]
    assert str(gepland.pk) not in {o["id"] for o in eerder}  # last_updated moved to the lapse
    kop = {
        "HTTP_AUTHORIZATION": "Token "
        + base64.b64encode(Token.objects.get(user=wereld.cpo_mw).key.encode()).decode()
    }
    los = Client().get(f"{URL}/{gepland.pk}", **kop).json()["data"]
    assert {e["status"] for e in los["evses"]} == {"REMOVED"}


def test_vervallen_met_evses_van_de_cpo_houdt_hun_uids(wereld, punten):
    from portal import transities

    procedure = punten["procedure"]
    Laadpunt.objects.create(
        locatie=procedure, cpo=wereld.cpo, ocpi_locatie_id="LOC9", uid="EVSE-9", evse_id="NL*LNO*E0009"
    )
    with om("2026-05-04"):
        transities.voer_uit(procedure, "uit_besluit_halen", wereld.cpo_mw, volgt=True, opmerking="Gegrond")
    (obj,) = ocpi(wereld.cpo_mw, date_from="2026-05-01T00:00:00Z").json()["data"]
    (evse,) = obj["evses"]
    assert (evse["uid"], evse["evse_id"], evse["status"]) == ("EVSE-9", "NL*LNO*E0009", "REMOVED")
    assert evse["connectors"] and evse["last_updated"] == obj["last_updated"]
