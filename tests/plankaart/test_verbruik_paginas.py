"""The usage pages: the list per gemeente (sorting, CSV export with neutralised cells, low-use points), the
location page's chart and table, the CPO's CDR page with an upload read in a task, and the signal pages."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from aanvragen import signalen
from aanvragen.modellen_signalen import Signaal, Signaalbeleid
from plankaart.modellen_verbruik import Cdrimport, Laadpunt
from plankaart.services import cdrs
from tests.conftest import WACHTWOORD, om
from tests.plankaart.test_verbruik import cdr, punten  # noqa: F401

pytestmark = pytest.mark.django_db


def ingelogd(client, gebruiker):
    client.login(username=gebruiker.email, password=WACHTWOORD)
    return client


@pytest.fixture
def met_sessies(wereld, punten):  # noqa: F811
    cdrs.importeer(
        wereld.cpo,
        [
            cdr("A", "1", "2026-03-10T08:00:00Z", "2026-03-10T10:00:00Z", 30, 2),
            cdr("B", "3", "2026-04-10T08:00:00Z", "2026-04-10T10:00:00Z", 12, 2),
        ],
    )
    Laadpunt.objects.filter(uid="3").update(evse_id="=HYPERLINK(1)")
    return punten


def test_lijst_per_gemeente_gesorteerd_en_als_csv(client, wereld, met_sessies):
    ingelogd(client, wereld.provincie_mw)
    url = f"/verbruik/?gemeente={wereld.gemeente_a.pk}&niveau=laadpunt&van=2026-01-01&tot=2026-12-31"
    pagina = client.get(url + "&sorteer=kwh&richting=op")
    assert pagina.status_code == 200
    tekst = pagina.content.decode()
    assert tekst.index("NL*LNO*E2") < tekst.index("=HYPERLINK(1)") < tekst.index("NL*LNO*E1")
    assert 'aria-sort="ascending"' in tekst and "Laag gebruikte laadpunten" in tekst
    csv = client.get(url + "&formaat=csv")
    assert csv["Content-Type"].startswith("text/csv")
    regels = csv.content.decode("utf-8-sig").splitlines()
    assert regels[1].startswith("NL*LNO*E1;1;30") and "'=HYPERLINK(1)" in csv.content.decode()
    assert client.get(url + "&van=morgen").status_code == 400
    ingelogd(client, wereld.gemeente_b_mw)
    ander = client.get(url)
    # Another gemeente asking for Apeldoorn gets its own scope (200), without Apeldoorn's points.
    assert ander.status_code == 200 and "NL*LNO*E1" not in ander.content.decode()


def test_locatiepagina_toont_grafiek_en_tabel(client, wereld, met_sessies):
    locatie = Laadpunt.objects.get(uid="1").locatie
    with om("2026-06-15"):
        tekst = (
            ingelogd(client, wereld.gemeente_a_mw).get(f"/plankaart/locaties/{locatie.pk}/").content.decode()
        )
    assert "IEC_62196_T2" in tekst and "op 2 laadpunten." in tekst
    # The dashboard's chart (one chart module for the portal): a level-3 heading inside the usage block, the
    # value written beside its bar, SVG numbers with a decimal point, the same figures in the table.
    grafiek = tekst[
        tekst.index('id="grafiek-verbruik"') : tekst.index("</section>", tekst.index('id="grafiek-verbruik"'))
    ]
    assert '<h3 id="grafiek-verbruik-titel">kWh per maand</h3>' in grafiek
    svg = grafiek[grafiek.index("<svg") : grafiek.index("</svg>")]
    assert ">30 kWh</text>" in svg and not re.search(r'="[0-9]+,[0-9]+"', svg)
    assert '<td data-label="Maand">maart 2026</td><td data-label="kWh">30</td>' in grafiek
    assert "Download als CSV" not in grafiek  # a location's block has no CSV of its own


def test_cpo_levert_een_bestand_aan_met_voortgang_en_rapport(
    client,
    wereld,
    punten,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    import json

    ingelogd(client, wereld.cpo_mw)
    inhoud = json.dumps(
        [
            cdr("U1", "1", "2026-03-10T08:00:00Z", "2026-03-10T10:00:00Z", 5, 2),
            cdr("U2", "vreemd", "2026-03-10T08:00:00Z", "2026-03-10T10:00:00Z", 5, 2),
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(
            "/verbruik/cdrs/", {"bestand": SimpleUploadedFile("cdrs.json", inhoud.encode())}
        )
    assert antwoord.status_code == 302
    upload = Cdrimport.objects.get()
    assert (upload.status, upload.voortgang, upload.rapport["nieuw"]) == ("klaar", 100, 2)
    pagina = client.get("/verbruik/cdrs/").content.decode()
    assert "U2" in pagina and "vreemd" in pagina
    assert "Zonder laadpunt" in client.get(f"/verbruik/cdrs/{upload.pk}/").content.decode()
    fout = client.post("/verbruik/cdrs/", {"bestand": SimpleUploadedFile("cdrs.xlsx", b"x")})
    assert fout.status_code == 400 and "JSON- of CSV-bestand" in fout.content.decode()
    ingelogd(client, wereld.gemeente_a_mw)
    assert client.get("/verbruik/cdrs/").status_code == 403


def test_signaalpaginas_provincie_en_cpo(client, wereld, met_sessies):
    Signaalbeleid.objects.create(provincie=wereld.provincie, drempel_kwh=20)
    with om("2026-06-01", 3):
        signalen.veeg()
    signaal = Signaal.objects.get()
    ingelogd(client, wereld.provincie_mw)
    assert signaal.nummer in client.get("/signalen/").content.decode()
    with om("2026-06-01"):
        assert client.post(f"/signalen/{signaal.pk}/", {"actie": "versturen"}).status_code == 302
    ingelogd(client, wereld.cpo_mw)
    assert signaal.nummer in client.get("/signalen/").content.decode()
    pagina = client.get(f"/signalen/{signaal.pk}/").content.decode()
    assert "Locatie voorstellen" in pagina and "Weigeren" in pagina
    fout = client.post(f"/signalen/{signaal.pk}/", {"actie": "weigeren", "weigeren-reden_code": "anders"})
    assert fout.status_code == 400
    gedaan = client.post(
        f"/signalen/{signaal.pk}/",
        {
            "actie": "weigeren",
            "weigeren-reden_code": "al_gepland",
            "weigeren-toelichting": "Plek 80 m verderop.",
        },
    )
    assert gedaan.status_code == 302
    assert Signaal.objects.get().status == "geweigerd"
    ingelogd(client, wereld.cpo_ander_mw)
    assert client.get(f"/signalen/{signaal.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("naam", "inhoud", "melding"),
    [
        ("cdrs.csv", "id;start\n1;é".encode("latin-1"), "geen tekst in UTF-8"),
        ("cdrs.json", b'[{"id": "U1", ', "geen geldige JSON"),
    ],
)
def test_een_onleesbaar_bestand_zegt_in_het_nederlands_wat_er_mis_is(
    client, wereld, django_capture_on_commit_callbacks, naam, inhoud, melding
):
    ingelogd(client, wereld.cpo_mw)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/verbruik/cdrs/", {"bestand": SimpleUploadedFile(naam, inhoud)})
    upload = Cdrimport.objects.get()
    assert upload.status == "mislukt" and melding in upload.fout
    # Not the decoder's English ("'utf-8' codec can't decode", "Expecting ...").
    assert "codec" not in upload.fout and "Expecting" not in upload.fout
    assert melding in client.get(f"/verbruik/cdrs/{upload.pk}/").content.decode()
