"""The upload page for OCPI 2.2.1 Locations: who may use it (the plankaart import's rule), the dry run with a
verdict per location (added, matched by id, matched within 5 m, refused with the reason), then apply; a
GeoJSON/CSV plankaart import refuses an OCPI file and points here."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from plankaart.modellen_verbruik import Connector, Laadpunt
from plankaart.models import Locatie, Plankaartimport
from portal.models import Concessie
from tests.conftest import IN_A, punt_bij
from tests.plankaart.test_verbruik import ocpi_locatie

pytestmark = pytest.mark.django_db


def client_van(gebruiker) -> Client:
    client = Client()
    client.force_login(gebruiker)
    return client


def upload(client, url, inhoud, naam="locations.json"):
    return client.post(url, {"bestand": SimpleUploadedFile(naam, inhoud), "stelsel": "auto"})


@pytest.fixture
def url(wereld):
    return f"/plankaart/{wereld.gemeente_a.pk}/ocpi-locaties/"


@pytest.mark.parametrize(
    ("wie", "status"),
    [
        ("gemeente_a_mw", 200),
        ("gemeente_a_medewerker", 200),
        ("cpo_mw", 200),  # the CPO holding the concessie
        ("gemeente_b_mw", 404),  # another gemeente
        ("cpo_ander_mw", 404),  # a CPO without this gemeente
        ("netbeheerder_mw", 404),  # sees the plankaart, may not import
        ("provincie_mw", 404),
    ],
)
def test_wie_mag_importeren_zoals_bij_de_plankaart(wereld, url, wie, status):
    assert client_van(getattr(wereld, wie)).get(url).status_code == status


def test_gemeente_ziet_de_links_op_de_plankaartpagina(wereld, url):
    client = client_van(wereld.gemeente_a_mw)
    assert url in client.get("/plankaart/").content.decode()
    assert url in client.get(f"/plankaart/{wereld.gemeente_a.pk}/importeren/").content.decode()
    netbeheerder = client_van(wereld.netbeheerder_mw).get("/plankaart/")
    # The netbeheerder reads the plankaart page, without the way to import (200, no link).
    assert netbeheerder.status_code == 200 and url not in netbeheerder.content.decode()


def test_droog_per_locatie_dan_toepassen(wereld, url, locatie_op, django_capture_on_commit_callbacks):
    bestaand = locatie_op(1000, status=Locatie.Status.GEREALISEERD, bron=Locatie.Bron.BESTAAND)
    op_kenmerk = locatie_op(2000, status=Locatie.Status.GEREALISEERD, kenmerk="K")
    zutphen = ocpi_locatie("Z", 0, ["z1"])
    zutphen["coordinates"] = {"latitude": "52.13800", "longitude": "6.20000"}  # served by the CPO, not here
    envelop = {
        "status_code": 1000,
        "timestamp": "2026-01-01T00:00:00Z",
        "data": [
            ocpi_locatie("A", 0, ["a1", "a2"]),
            ocpi_locatie("B", 1003, ["b1"]),  # 3 m from the existing point
            ocpi_locatie("K", 2500, ["k1"]),  # its id is the kenmerk of an existing location
            zutphen,
            {**ocpi_locatie("D", 20, ["d1"]), "coordinates": {"latitude": "5.96990", "longitude": "52.21120"}},
            {**ocpi_locatie("E", 30, []), "evses": [{"evse_id": "zonder uid"}]},
        ],
    }
    client = client_van(wereld.gemeente_a_mw)
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = upload(client, url, json.dumps(envelop).encode())
    imp = Plankaartimport.objects.get()
    assert antwoord.status_code == 302 and antwoord["Location"] == f"/plankaart/import/{imp.pk}/"
    assert (imp.soort, imp.status) == ("bestaand", "gecontroleerd")
    assert imp.aantallen == {"toevoegen": 1, "gekoppeld_afstand": 1, "gekoppeld_id": 1, "weigeren": 3}
    per_id = {r["kenmerk"]: r for r in imp.rapport}
    assert per_id["A"]["actie"] == "toevoegen" and per_id["A"]["evses"] == 2
    assert per_id["B"]["actie"] == "gekoppeld_afstand" and per_id["B"]["locatie_id"] == bestaand.pk
    assert per_id["K"]["actie"] == "gekoppeld_id" and per_id["K"]["locatie_id"] == op_kenmerk.pk
    assert "buiten Gemeente Apeldoorn" in per_id["Z"]["reden"]
    assert "verwisseld" in per_id["D"]["reden"]
    assert "uid" in per_id["E"]["reden"]
    assert [r["regel"] for r in imp.rapport] == [1, 2, 3, 4, 5, 6]
    assert not Laadpunt.objects.exists() and Locatie.objects.count() == 2  # the dry run changed nothing

    pagina = client.get(f"/plankaart/import/{imp.pk}/").content.decode()
    assert "gekoppeld binnen 5 meter" in pagina and "gekoppeld op id" in pagina
    assert "buiten Gemeente Apeldoorn" in pagina

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/plankaart/import/{imp.pk}/toepassen/")
    imp.refresh_from_db()
    assert imp.status == "toegepast"
    nieuw = Locatie.objects.get(kenmerk="A")
    assert (nieuw.status, nieuw.bron, nieuw.gemeente) == ("gerealiseerd", "bestaand", wereld.gemeente_a)
    assert {lp.uid: lp.locatie_id for lp in Laadpunt.objects.all()} == {
        "a1": nieuw.pk,
        "a2": nieuw.pk,
        "b1": bestaand.pk,
        "k1": op_kenmerk.pk,
    }
    assert {lp.cpo for lp in Laadpunt.objects.all()} == {wereld.cpo}
    assert Connector.objects.filter(laadpunt__uid="a1").get().standard == "IEC_62196_T2"
    assert Locatie.objects.count() == 3


def test_cpo_importeert_een_lijst_zonder_envelop(wereld, url, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(client_van(wereld.cpo_mw), url, json.dumps([ocpi_locatie("A", 0, ["a1"])]).encode())
    assert Plankaartimport.objects.get().aantallen == {"toevoegen": 1}


@pytest.mark.parametrize(
    ("inhoud", "naam", "melding"),
    [
        (b'{"type": "FeatureCollection", "features": []}', "p.json", "Dit is GeoJSON, geen OCPI"),
        (b"[1, 2", "l.json", "geen geldige JSON"),
        (b'{"data": "niets"}', "l.json", "Verwacht een lijst van OCPI Location-objecten"),
        (b"[]", "l.json", "geen locaties"),
    ],
)
def test_onbruikbaar_bestand_zegt_waarom(wereld, url, inhoud, naam, melding, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(client_van(wereld.gemeente_a_mw), url, inhoud, naam)
    imp = Plankaartimport.objects.get()
    assert imp.status == "mislukt" and melding in imp.fout
    assert not Locatie.objects.exists()


def test_alleen_json_en_alleen_met_concessie(wereld):
    client = client_van(wereld.gemeente_a_mw)
    antwoord = upload(client, f"/plankaart/{wereld.gemeente_a.pk}/ocpi-locaties/", b"id,lat\n", "l.csv")
    assert antwoord.status_code == 400 and "JSON-bestand (.json)" in antwoord.content.decode()
    Concessie.objects.filter(cpo=wereld.cpo).delete()
    antwoord = upload(client, f"/plankaart/{wereld.gemeente_a.pk}/ocpi-locaties/", b"[]")
    assert antwoord.status_code == 400 and "geen concessie" in antwoord.content.decode()
    assert not Plankaartimport.objects.exists()


# The plankaart import no longer takes OCPI.


def test_plankaartimport_weigert_ocpi_meteen_met_verwijzing(wereld):
    client = client_van(wereld.gemeente_a_mw)
    inhoud = json.dumps({"data": [ocpi_locatie("A", 0, ["a1"])], "status_code": 1000}).encode()
    antwoord = upload(client, f"/plankaart/{wereld.gemeente_a.pk}/importeren/", inhoud, "locations.json")
    pagina = antwoord.content.decode()
    assert antwoord.status_code == 400 and "OCPI-locaties importeren" in pagina
    assert "Deze import is alleen voor plankaartlocaties" in pagina
    assert not Plankaartimport.objects.exists()


def test_plankaartimport_weigert_ocpi_stijl_geojson_na_de_controle(wereld, django_capture_on_commit_callbacks):
    """The old 'OCPI-style' GeoJSON (no geometry, OCPI coordinates and evses in the properties) is no longer
    read as existing points: the dry run fails with the message and a link to the OCPI page."""
    lat, lon = punt_bij(*IN_A, 0, 120)
    feature = {
        "type": "Feature",
        "geometry": None,
        "properties": {
            "id": "NL*LDN*E123",
            "name": "Stationsplein",
            "coordinates": {"latitude": str(lat), "longitude": str(lon)},
            "evses": [{"uid": "1"}, {"uid": "2"}],
        },
    }
    inhoud = json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()
    client = client_van(wereld.gemeente_a_mw)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, f"/plankaart/{wereld.gemeente_a.pk}/importeren/", inhoud, "p.geojson")
    imp = Plankaartimport.objects.get()
    assert (imp.soort, imp.status) == ("plankaart", "mislukt") and "OCPI" in imp.fout
    pagina = client.get(f"/plankaart/import/{imp.pk}/").content.decode()
    assert f"/plankaart/{wereld.gemeente_a.pk}/ocpi-locaties/" in pagina
    assert not Locatie.objects.exists()


def test_plankaartformulier_biedt_geen_bestaande_punten_meer(wereld):
    pagina = client_van(wereld.gemeente_a_mw).get(f"/plankaart/{wereld.gemeente_a.pk}/importeren/")
    assert 'name="soort"' not in pagina.content.decode()
