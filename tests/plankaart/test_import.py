"""Importing a plankaart: GeoJSON and CSV in WGS84 or RD, a dry run with a verdict and a reason per row,
then one transaction; OCPI Locations refused (they have their own import); export and import again."""

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from plankaart import exporteren, importeren, services
from plankaart.models import Locatie, Plankaartimport
from plankaart.tasks import hervat_imports
from portal import geo, historie, klok
from tests.conftest import IN_A, punt_bij

pytestmark = pytest.mark.django_db


def geojson(*features, crs=None) -> bytes:
    data = {"type": "FeatureCollection", "features": list(features)}
    if crs:
        data["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(data).encode()


def punt(lon, lat, **eigenschappen) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": eigenschappen,
    }


def importeer(
    wereld,
    inhoud: bytes,
    naam="plankaart.geojson",
    *,
    door=None,
    soort="plankaart",
    stelsel="auto",
    toepassen=False,
    capture,
):
    """Upload, run the dry run (and the apply step), as the worker would after commit."""
    with capture(execute=True):
        imp = services.start_import(
            wereld.gemeente_a,
            door or wereld.gemeente_a_mw,
            SimpleUploadedFile(naam, inhoud),
            soort=soort,
            stelsel=stelsel,
        )
    imp.refresh_from_db()
    if toepassen:
        with capture(execute=True):
            services.vraag_toepassen(imp, door or wereld.gemeente_a_mw)
        imp.refresh_from_db()
    return imp


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def acties(imp) -> dict[int, tuple[str, str]]:
    return {r["regel"]: (r["actie"], r["reden"]) for r in imp.rapport}


# Reading


def test_proefimport_verandert_niets_en_toepassen_alles_in_een_keer(wereld, capture):
    a, b = punt_bij(*IN_A, 100), punt_bij(*IN_A, 300)
    inhoud = geojson(
        punt(
            a[1],
            a[0],
            omschrijving="Loolaan 1",
            kenmerk="APD-1",
            laadpunten=4,
            proactief="ja",
            proactief_jaar=2027,
        ),
        punt(b[1], b[0], omschrijving="Loolaan 2", kenmerk="APD-2"),
    )
    imp = importeer(wereld, inhoud, capture=capture)
    assert imp.status == "gecontroleerd" and imp.aantallen == {"toevoegen": 2}
    assert not Locatie.objects.exists()
    imp = importeer(wereld, inhoud, toepassen=True, capture=capture)
    assert imp.status == "toegepast" and imp.toegepast_op is not None
    eerste = Locatie.objects.get(kenmerk="APD-1")
    assert (eerste.status, eerste.bron, eerste.laadpunten, eerste.proactief, eerste.proactief_jaar) == (
        "kandidaat",
        "plankaart",
        4,
        True,
        2027,
    )
    assert geo.afstand_m((eerste.rd_x, eerste.rd_y), geo.naar_rd(*IN_A)) == pytest.approx(100, abs=0.01)
    assert historie.historie_van(eerste).get().transitie == "importeren"
    assert services.voortgang(imp) == 100


def test_geojson_in_rd_new(wereld, capture):
    x, y = geo.naar_rd(*IN_A)
    inhoud = geojson(punt(x + 50, y, omschrijving="In RD"), crs="urn:ogc:def:crs:EPSG::28992")
    imp = importeer(wereld, inhoud, toepassen=True, capture=capture)
    locatie = Locatie.objects.get()
    assert imp.aantallen == {"toevoegen": 1}
    assert geo.afstand_m((locatie.rd_x, locatie.rd_y), (x + 50, y)) < 0.01


def test_csv_rd_met_puntkomma_en_decimale_komma(wereld, capture):
    x, y = geo.naar_rd(*IN_A)
    regels = [
        "kenmerk;omschrijving;x;y;parkeerplaatsen",
        f"Z-1;Hoofdstraat 3;{x:.2f};{y + 80:.2f};3".replace(".", ","),
    ]
    imp = importeer(wereld, "\n".join(regels).encode(), "plankaart.csv", toepassen=True, capture=capture)
    locatie = Locatie.objects.get(kenmerk="Z-1")
    assert imp.aantallen == {"toevoegen": 1} and locatie.parkeerplaatsen == 3
    assert geo.afstand_m((locatie.rd_x, locatie.rd_y), (x, y + 80)) < 0.02


def test_csv_wgs84_herkend_aan_de_getallen(wereld, capture):
    lat, lon = punt_bij(*IN_A, 60)
    inhoud = f"omschrijving,lat,lon\nBij de kerk,{lat},{lon}\n".encode()
    assert importeer(wereld, inhoud, "p.csv", capture=capture).aantallen == {"toevoegen": 1}


def test_ocpi_locations_zijn_geen_plankaart(wereld, capture):
    """Existing points come in as OCPI 2.2.1 Locations on their own page (test_ocpi_locaties_upload); a list
    of Locations sent here is refused at once with the way there, and nothing is stored."""
    lat, lon = punt_bij(*IN_A, 0, 120)
    locaties = [{"id": "L1", "coordinates": {"latitude": f"{lat:.6f}", "longitude": f"{lon:.6f}"}, "evses": []}]
    with pytest.raises(ValidationError) as fout:
        importeer(wereld, json.dumps(locaties).encode(), "locations.json", capture=capture)
    assert "OCPI-locaties importeren" in str(fout.value)
    with pytest.raises(importeren.Bestandsfout, match="OCPI"):
        importeren.lees(json.dumps({"data": locaties}).encode(), "l.json", "auto")
    assert not Plankaartimport.objects.exists() and not Locatie.objects.exists()


# Every reason to refuse a row


def test_elke_weigerreden(wereld, locatie_op, capture):
    locatie_op(0, 500, kenmerk="BEZET", status=Locatie.Status.GOEDGEKEURD)
    bestaand = locatie_op(0, -500)
    dichtbij = punt_bij(bestaand.lat, bestaand.lon, 3)
    ok = punt_bij(*IN_A, 200)
    naast_ok = punt_bij(*IN_A, 203)
    nog_een = punt_bij(*IN_A, 600)
    bezet = punt_bij(*IN_A, 0, 520)
    inhoud = geojson(
        punt(ok[1], ok[0], omschrijving="Goed", kenmerk="K-1"),  # 1 added
        punt(2.35, 48.85, omschrijving="Parijs"),  # 2 outside NL
        punt(4.89, 52.37, omschrijving="Amsterdam"),  # 3 outside the gemeente
        punt(dichtbij[1], dichtbij[0], omschrijving="Te dichtbij"),  # 4 within 5 m of an existing location
        punt(naast_ok[1], naast_ok[0], omschrijving="Naast regel 1"),  # 5 within 5 m of row 1
        punt(nog_een[1], nog_een[0], kenmerk="K-2"),  # 6 no description
        punt(nog_een[1], nog_een[0] + 0.001, omschrijving="Fout getal", laadpunten="veel"),  # 7
        {"type": "Feature", "geometry": None, "properties": {"omschrijving": "Zonder punt"}},  # 8
        punt(nog_een[1] + 0.003, nog_een[0], omschrijving="Zelfde kenmerk", kenmerk="K-1"),  # 9
        punt(bezet[1], bezet[0], omschrijving="Al goedgekeurd", kenmerk="BEZET"),  # 10
    )
    imp = importeer(wereld, inhoud, capture=capture)
    uitkomst = acties(imp)
    assert uitkomst[1] == ("toevoegen", "")
    verwacht = {
        2: "buiten Nederland",
        3: "buiten Gemeente Apeldoorn",
        4: "Binnen 5 meter van bestaande locatie",
        5: "Binnen 5 meter van regel 1",
        6: "omschrijving ontbreekt",
        7: "laadpunten is geen geheel getal",
        8: "geen punt",
        9: "Kenmerk K-1 staat ook op regel 1",
        10: "is al goedgekeurd",
    }
    for regel, reden in verwacht.items():
        assert uitkomst[regel][0] == "weigeren", regel
        assert reden in uitkomst[regel][1], (regel, uitkomst[regel][1])
    assert imp.aantallen == {"toevoegen": 1, "weigeren": 9}


@pytest.mark.parametrize(
    ("inhoud", "naam", "melding"),
    [
        (b"{niet goed", "p.geojson", "geen geldige GeoJSON"),
        (b'{"type": "Point", "coordinates": [5, 52]}', "p.geojson", "FeatureCollection"),
        (b"naam,plaats\nA,B\n", "p.csv", "Geen kolommen voor de coördinaten"),
        (b'{"type": "FeatureCollection", "features": []}', "p.geojson", "geen locaties"),
    ],
)
def test_onleesbaar_bestand_mislukt_met_uitleg(wereld, capture, inhoud, naam, melding):
    imp = importeer(wereld, inhoud, naam, capture=capture)
    assert imp.status == "mislukt" and melding in imp.fout
    assert not Locatie.objects.exists()


# Changing what is there


def test_zelfde_kenmerk_wijzigt_en_ongewijzigd_blijft(wereld, locatie_op, capture):
    plek = locatie_op(100, kenmerk="K-1", omschrijving="Oud")
    ander = locatie_op(300, kenmerk="K-2", omschrijving="Blijft")
    verschoven = punt_bij(*IN_A, 110)
    inhoud = geojson(
        punt(verschoven[1], verschoven[0], omschrijving="Nieuw", kenmerk="K-1"),
        punt(ander.lon, ander.lat, omschrijving="Blijft", kenmerk="K-2", parkeerplaatsen=2, laadpunten=2),
    )
    imp = importeer(wereld, inhoud, toepassen=True, capture=capture)
    assert (
        acties(imp)[1][0] == "wijzigen"
        and "omschrijving" in acties(imp)[1][1]
        and "positie" in acties(imp)[1][1]
    )
    assert acties(imp)[2] == ("ongewijzigd", "")
    plek.refresh_from_db()
    assert plek.omschrijving == "Nieuw" and plek.status == "kandidaat"
    assert historie.historie_van(plek).get().gegevens["oud"]["omschrijving"] == "Oud"


def test_export_en_weer_importeren_verandert_niets(wereld, locatie_op, capture):
    locatie_op(100, kenmerk="K-1")
    locatie_op(400, kenmerk="K-2", proactief=True, proactief_jaar=2026)
    export = exporteren.geojson(Locatie.objects.filter(gemeente=wereld.gemeente_a))
    imp = importeer(wereld, json.dumps(export).encode(), capture=capture)
    assert imp.aantallen == {"ongewijzigd": 2}
    csv = exporteren.csv_tekst(export)
    assert (
        csv.splitlines()[0]
        == "id,kenmerk,omschrijving,status,bron,parkeerplaatsen,laadpunten,proactief,proactief_jaar,lat,lon,x,y"
    )
    assert importeer(wereld, csv.encode(), "p.csv", capture=capture).aantallen == {"ongewijzigd": 2}


def test_toepassen_beoordeelt_opnieuw(wereld, locatie_op, capture):
    a = punt_bij(*IN_A, 100)
    imp = importeer(wereld, geojson(punt(a[1], a[0], omschrijving="Nieuw")), capture=capture)
    locatie_op(102)  # someone added a location right there after the dry run
    with capture(execute=True):
        services.vraag_toepassen(imp, wereld.gemeente_a_mw)
    imp.refresh_from_db()
    assert imp.status == "toegepast" and imp.aantallen == {"weigeren": 1}
    assert Locatie.objects.count() == 1


# Who may import, and imports queued while the broker was down


def test_alleen_de_gemeente_en_haar_cpo_importeren(wereld, capture):
    inhoud = geojson(punt(IN_A[1], IN_A[0], omschrijving="x"))
    for niet in (wereld.gemeente_b_mw, wereld.cpo_ander_mw, wereld.netbeheerder_mw, wereld.erijder):
        with pytest.raises(PermissionDenied):
            importeer(wereld, inhoud, door=niet, capture=capture)
    assert importeer(wereld, inhoud, door=wereld.cpo_mw, capture=capture).status == "gecontroleerd"


def test_twee_keer_toepassen_kan_niet(wereld, capture):
    imp = importeer(
        wereld, geojson(punt(IN_A[1], IN_A[0], omschrijving="x")), toepassen=True, capture=capture
    )
    from portal import transities

    with pytest.raises(transities.NietToegestaan):
        services.vraag_toepassen(imp, wereld.gemeente_a_mw)
    services.pas_import_toe(imp.pk)  # a second task for the same import does nothing
    assert Locatie.objects.count() == 1


def test_import_met_onbereikbare_broker_blijft_staan_tot_de_hervatting(wereld, broker_onbereikbaar, capture):
    with capture(execute=True):
        imp = services.start_import(
            wereld.gemeente_a,
            wereld.gemeente_a_mw,
            SimpleUploadedFile("p.geojson", geojson(punt(IN_A[1], IN_A[0], omschrijving="x"))),
            soort="plankaart",
            stelsel="auto",
        )
    imp.refresh_from_db()
    # Queued nowhere, but not lost: the next test shows hervat_imports picking such an import up.
    assert imp.status == "controleren" and imp.bestand.read()


def test_hervatten_pakt_oude_imports_op(wereld, capture):
    with capture(execute=False):
        imp = services.start_import(
            wereld.gemeente_a,
            wereld.gemeente_a_mw,
            SimpleUploadedFile("p.geojson", geojson(punt(IN_A[1], IN_A[0], omschrijving="x"))),
            soort="plankaart",
            stelsel="auto",
        )
    with klok.vastgezet(klok.nu() + dt.timedelta(minutes=10)):
        assert hervat_imports() == {"controleren": 1, "toepassen": 0, "opgegeven": 0}
    imp.refresh_from_db()
    assert imp.status == "gecontroleerd"


def test_lezen_zonder_database(wereld):
    rijen = importeren.lees(
        b"omschrijving;x;y\nA;155000;463000\n", "p.csv", Plankaartimport.Stelsel.AUTOMATISCH
    )
    assert rijen[0].lat == pytest.approx(52.15517440, abs=1e-5) and rijen[0].regel == 2


# Malformed files end failed with a Dutch reason, and the resume sweep never loops on one

DIEP = b'{"type": "FeatureCollection", "features": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}"


@pytest.mark.parametrize(
    ("inhoud", "melding"),
    [
        (b'{"type": "FeatureCollection", "features": "punten"}', "features moet een lijst"),
        (b'{"type": "FeatureCollection", "features": {"a": 1}}', "features moet een lijst"),
        (b'{"type": "FeatureCollection", "features": ["punt"]}', "feature 1 is een tekst"),
        (
            b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": ["a"],'
            b' "geometry": {"type": "Point", "coordinates": [5.9, 52.2]}}]}',
            "properties van feature 1 moet een object",
        ),
        (
            b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"omschrijving": "x"},'
            b' "geometry": "Point"}]}',
            "geometry van feature 1 moet een object",
        ),
        (
            b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"omschrijving": "x"},'
            b' "geometry": {"type": "LineString", "coordinates": [[5.9, 52.2], [5.8, 52.1]]}}]}',
            "Geen enkele feature heeft een bruikbaar punt",
        ),
        (
            b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"omschrijving": "x"}}]}',
            "Geen enkele feature heeft een bruikbaar punt",
        ),
        (
            b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"omschrijving": "x"},'
            b' "geometry": {"type": "Point", "coordinates": ["vijf", "twee"]}}]}',
            "coördinaten ontbreken of zijn geen getallen",
        ),
        (
            b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"omschrijving": "x"},'
            b' "geometry": {"type": "Point", "coordinates": {"x": 5.9, "y": 52.2}}}]}',
            "Geen enkele feature heeft een bruikbaar punt",
        ),
        (DIEP, "meer dan 32 niveaus diep genest"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "geen geldige GeoJSON"),
        (b'{"type": "FeatureCollection", "features": [' + b"1" * 5000 + b"]}", "geen geldige GeoJSON"),
    ],
)
def test_misvormde_geojson_mislukt_met_uitleg_en_wordt_niet_hervat(wereld, capture, inhoud, melding):
    imp = importeer(wereld, inhoud, "p.geojson", capture=capture)
    assert imp.status == "mislukt" and melding in imp.fout, imp.fout
    assert imp.pogingen == 1
    with klok.vastgezet(klok.nu() + dt.timedelta(minutes=10)):
        assert hervat_imports() == {"controleren": 0, "toepassen": 0, "opgegeven": 0}
    assert not Locatie.objects.exists()


def test_een_bestand_boven_de_grens_wordt_niet_gelezen(wereld, capture, settings):
    inhoud = geojson(punt(IN_A[1], IN_A[0], omschrijving="x" * 3000))
    settings.PLANKAART_IMPORT_MAX_BYTES = 2000
    with pytest.raises(ValidationError, match="importeer hoogstens"):
        importeer(wereld, inhoud, capture=capture)
    # One that got in under a larger limit (or another way) fails at the check, before it is read.
    settings.PLANKAART_IMPORT_MAX_BYTES = 10_000
    with capture(execute=False):
        imp = services.start_import(
            wereld.gemeente_a,
            wereld.gemeente_a_mw,
            SimpleUploadedFile("p.geojson", inhoud),
            soort="plankaart",
            stelsel="auto",
        )
    settings.PLANKAART_IMPORT_MAX_BYTES = 2000
    services.controleer_import(imp.pk)
    imp.refresh_from_db()
    assert imp.status == "mislukt" and "; importeer hoogstens 2,0\xa0KB per keer" in imp.fout, imp.fout


def test_diepte_wordt_zonder_recursie_geteld():
    importeren.controleer_diepte(
        '{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\"[[["}'
    )  # brackets in text
    with pytest.raises(importeren.Bestandsfout):
        importeren.controleer_diepte("[" * 1_000_000)


@pytest.mark.parametrize(
    ("inhoud", "melding"),
    [
        (b'omschrijving,lat,lon\n"' + b"a" * 200_000 + b'",52.2,5.9\n', "geen leesbaar CSV-bestand"),
        (b"omschrijving,lat,lon\nA,noord,oost\nB,,\n", "Geen enkele regel heeft bruikbare coördinaten"),
    ],
)
def test_misvormde_csv_mislukt_met_uitleg(wereld, capture, inhoud, melding):
    imp = importeer(wereld, inhoud, "p.csv", capture=capture)
    assert imp.status == "mislukt" and melding in imp.fout, imp.fout


def test_een_import_die_de_worker_telkens_laat_vallen_wordt_opgegeven(wereld, capture, settings):
    """A file that kills the worker never reaches an except clause: only the counter on the row stops it."""
    with capture(execute=False):
        imp = services.start_import(
            wereld.gemeente_a,
            wereld.gemeente_a_mw,
            SimpleUploadedFile("p.geojson", geojson(punt(IN_A[1], IN_A[0], omschrijving="x"))),
            soort="plankaart",
            stelsel="auto",
        )
    # Three runs that started and never ended (the worker died after counting).
    Plankaartimport.objects.filter(pk=imp.pk).update(pogingen=settings.PLANKAART_IMPORT_MAX_POGINGEN)
    with klok.vastgezet(klok.nu() + dt.timedelta(minutes=10)):
        assert hervat_imports() == {"controleren": 0, "toepassen": 0, "opgegeven": 1}
        assert hervat_imports() == {"controleren": 0, "toepassen": 0, "opgegeven": 0}
    imp.refresh_from_db()
    assert imp.status == "mislukt" and "3 keer zonder resultaat" in imp.fout


def test_een_onverwachte_fout_bij_controleren_eindigt_ook(wereld, capture, monkeypatch):
    def stuk(*args, **kwargs):
        raise AttributeError("'str' object has no attribute 'get'")

    monkeypatch.setattr(importeren, "beoordeel", stuk)
    imp = importeer(wereld, geojson(punt(IN_A[1], IN_A[0], omschrijving="x")), capture=capture)
    assert imp.status == "mislukt" and "kon niet worden gecontroleerd" in imp.fout
    with klok.vastgezet(klok.nu() + dt.timedelta(minutes=10)):
        assert hervat_imports()["controleren"] == 0
