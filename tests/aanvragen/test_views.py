"""The E-rijder's form and the CPO's pages, through Django's test client."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from aanvragen import services
from aanvragen.models import Aanvraag, Medeaanvrager
from portal.models import Bericht
from tests.conftest import IN_A, PDF, pdf_upload

pytestmark = pytest.mark.django_db


def formulier(wereld, **anders):
    data = {
        "gemeente": wereld.gemeente_a.pk,
        "postcode": "7311ab",
        "huisnummer": "12",
        "toevoeging": "",
        "straat": "Hoofdstraat",
        "woonplaats": "Apeldoorn",
        "lat": str(IN_A[0]),
        "lon": str(IN_A[1]),
        "kenteken": "ab123c",
        "woont_of_werkt": "woont",
        "rijdt_elektrisch": "ja",
        "eigen_parkeerplaats": "nee",
        "vergunning_nodig": "nee",
        "toelichting": "Graag bij de lantaarnpaal",
        "bewijs": pdf_upload(),
    }
    data.update(anders)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def eva(client, wereld):
    client.force_login(wereld.erijder)
    return client


def test_indienen_via_formulier(eva, wereld, django_capture_on_commit_callbacks, mailoutbox):
    # Any day: a fresh request on time is not at risk (its expected date meets the 16 weeks even when the
    # worst case rolls past them over a weekend), so the receipt is the only mail.
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = eva.post("/aanvragen/nieuw/", formulier(wereld))
    aanvraag = Aanvraag.objects.get()
    assert antwoord.status_code == 302 and antwoord["Location"] == f"/aanvragen/{aanvraag.pk}/"
    assert (aanvraag.postcode, aanvraag.kenteken) == ("7311 AB", "AB-123-C")
    assert aanvraag.bewijs_naam == "kentekenbewijs.pdf"
    pagina = eva.get(antwoord["Location"]).content.decode()
    assert "Aanvraag ingediend" in pagina and "Wat nog komt" in pagina and "Uiterlijk" in pagina
    assert len(mailoutbox) == 1 and "Ontvangstbevestiging" in mailoutbox[0].subject


@pytest.mark.parametrize(
    ("anders", "veld", "melding"),
    [
        ({"postcode": "12345"}, "postcode", "Nederlandse postcode"),
        ({"kenteken": "ABCDEF"}, "kenteken", "kenteken"),
        ({"bewijs": SimpleUploadedFile("bewijs.docx", b"PK\x03\x04")}, "bewijs", "PDF-, JPG- of PNG"),
        ({"bewijs": SimpleUploadedFile("nep.pdf", b"geen pdf")}, "bewijs", "geen geldige PDF"),
        (
            {
                "bewijs": SimpleUploadedFile(
                    "groot.pdf", PDF[:-7] + b" " * (5 * 1024 * 1024 + 1) + b"\n%%EOF\n"
                )
            },
            "bewijs",
            "hoogstens 5 MB",
        ),
        ({"lat": "52.37", "lon": "4.89"}, "lat", "niet in Gemeente"),
        ({"lat": None, "lon": None}, "lat", "Zet de pin"),
        ({"eigen_parkeerplaats": "ja"}, "eigen_parkeerplaats", "eigen oprit"),
    ],
)
def test_formulierfout_bewaart_invoer_en_maakt_niets(eva, wereld, anders, veld, melding):
    antwoord = eva.post("/aanvragen/nieuw/", formulier(wereld, **anders))
    assert antwoord.status_code == 400
    form = antwoord.context["form"]
    assert veld in form.errors and melding in " ".join(form.errors[veld])
    html = antwoord.content.decode()
    assert 'value="Hoofdstraat"' in html and "Graag bij de lantaarnpaal" in html
    assert 'id="foutoverzicht"' in html
    assert Aanvraag.objects.count() == 0


def test_geldig_bestand_blijft_bewaard_bij_andere_fout(eva, wereld):
    eerste = eva.post("/aanvragen/nieuw/", formulier(wereld, kenteken="fout"))
    assert eerste.status_code == 400
    token = eerste.context["form"].data["bewijs_token"]
    assert token and "kentekenbewijs.pdf" in eerste.content.decode()
    # Second try without choosing the file again.
    tweede = eva.post("/aanvragen/nieuw/", formulier(wereld, bewijs=None, bewijs_token=token))
    assert tweede.status_code == 302
    assert Aanvraag.objects.get().bewijs.read().startswith(b"%PDF")


def test_geparkeerd_bestand_van_een_ander_telt_niet(client, eva, wereld):
    token = (
        eva.post("/aanvragen/nieuw/", formulier(wereld, kenteken="fout")).context["form"].data["bewijs_token"]
    )
    client.force_login(wereld.erijder2)
    antwoord = client.post("/aanvragen/nieuw/", formulier(wereld, bewijs=None, bewijs_token=token))
    assert antwoord.status_code == 400 and "bewijs" in antwoord.context["form"].errors


def test_lopende_aanvraag_in_de_buurt_laat_kiezen(client, wereld, dien_in):
    bestaande = dien_in(aanvrager=wereld.erijder2)
    client.force_login(wereld.erijder)
    keuze = client.post("/aanvragen/nieuw/", formulier(wereld, lat=str(IN_A[0] + 0.0005)))
    html = keuze.content.decode()
    # Street level only: no case number and no distance of someone else's request.
    assert keuze.status_code == 200 and "Aansluiten bij de aanvraag: Hoofdstraat" in html
    assert bestaande.nummer not in html and "meter</li>" not in html
    assert Aanvraag.objects.count() == 1
    token = keuze.context["form"].data["bewijs_token"]
    aangesloten = client.post(
        "/aanvragen/nieuw/",
        formulier(
            wereld,
            lat=str(IN_A[0] + 0.0005),
            bewijs=None,
            bewijs_token=token,
            keuze=f"aansluiten:{bestaande.pk}",
        ),
    )
    assert aangesloten.status_code == 302 and aangesloten["Location"] == f"/aanvragen/{bestaande.pk}/"
    assert Medeaanvrager.objects.filter(aanvraag=bestaande, gebruiker=wereld.erijder).exists()
    assert Aanvraag.objects.count() == 1


def test_geen_tweede_eigen_aanvraag_in_de_buurt(eva, wereld, dien_in):
    eerste = dien_in()
    antwoord = eva.post("/aanvragen/nieuw/", formulier(wereld, keuze="eigen"))
    assert antwoord.status_code == 400 and eerste.nummer in antwoord.content.decode()
    assert Aanvraag.objects.count() == 1


def test_toch_eigen_aanvraag_naast_lopende(client, wereld, dien_in):
    dien_in(aanvrager=wereld.erijder2)
    client.force_login(wereld.erijder)
    antwoord = client.post("/aanvragen/nieuw/", formulier(wereld, keuze="eigen"))
    assert antwoord.status_code == 302 and Aanvraag.objects.count() == 2


def test_aanvullen_is_vooringevuld_en_dient_opnieuw_in(eva, wereld, dien_in):
    aanvraag = services.vraag_aanvulling(dien_in(), wereld.cpo_mw, "Kenteken klopt niet met bewijs")
    pagina = eva.get(f"/aanvragen/{aanvraag.pk}/aanvullen/")
    html = pagina.content.decode()
    assert "Kenteken klopt niet met bewijs" in html and 'value="AB-123-C"' in html
    antwoord = eva.post(
        f"/aanvragen/{aanvraag.pk}/aanvullen/", formulier(wereld, kenteken="XY-12-ZZ", bewijs=None)
    )
    assert antwoord.status_code == 302
    aanvraag.refresh_from_db()
    assert aanvraag.status == "ingediend" and aanvraag.kenteken == "XY-12-ZZ"


def test_intrekken_via_detailpagina(eva, wereld, dien_in):
    aanvraag = dien_in()
    eva.post(f"/aanvragen/{aanvraag.pk}/intrekken/", {"reden": "Verhuisd"})
    aanvraag.refresh_from_db()
    assert aanvraag.status == "ingetrokken"


def test_staf_kan_geen_aanvraag_indienen(client, wereld):
    client.force_login(wereld.cpo_mw)
    assert client.get("/aanvragen/nieuw/").status_code == 302


# CPO


@pytest.fixture
def cpo(client, wereld):
    client.force_login(wereld.cpo_mw)
    return client


def test_cpo_vraagt_aanvulling_en_keurt_goed(cpo, wereld, dien_in):
    aanvraag = dien_in()
    pagina = cpo.get(f"/aanvragen/{aanvraag.pk}/behandelen/").content.decode()
    assert "kentekenbewijs" in pagina.lower() or "bewijs.pdf" in pagina
    leeg = cpo.post(
        f"/aanvragen/{aanvraag.pk}/behandelen/", {"actie": "aanvulling_vragen", "aanvulling-ontbrekend": ""}
    )
    assert leeg.status_code == 400 and "Schrijf op wat er ontbreekt" in leeg.content.decode()
    cpo.post(
        f"/aanvragen/{aanvraag.pk}/behandelen/",
        {"actie": "aanvulling_vragen", "aanvulling-ontbrekend": "Bewijs"},
    )
    aanvraag.refresh_from_db()
    assert aanvraag.status == "aanvulling_gevraagd"
    dubbel = cpo.post(f"/aanvragen/{aanvraag.pk}/behandelen/", {"actie": "goedkeuren"})
    assert dubbel.status_code == 409


def test_cpo_wijst_af_met_reden(cpo, wereld, dien_in):
    aanvraag = dien_in()
    cpo.post(
        f"/aanvragen/{aanvraag.pk}/behandelen/",
        {"actie": "afwijzen", "afwijzen-reden": "Eigen oprit gezien op foto"},
    )
    aanvraag.refresh_from_db()
    assert aanvraag.status == "afgewezen" and aanvraag.afwijzingsreden == "Eigen oprit gezien op foto"


def test_detail_toont_buren_en_bestaande_laadpunten(cpo, wereld, dien_in):
    from plankaart.models import Locatie, Plankaart

    kaart = Plankaart.objects.create(gemeente=wereld.gemeente_a, jaar=2026)

    def locatie(omschrijving, dlat, status):
        Locatie.objects.create(
            plankaart=kaart,
            gemeente=wereld.gemeente_a,
            omschrijving=omschrijving,
            lat=IN_A[0] + dlat,
            lon=IN_A[1],
            status=status,
        )

    locatie("Loolaan 1", 0.001, "gerealiseerd")
    locatie("Nog maar kandidaat", -0.0005, "kandidaat")
    locatie("Ver weg", 0.01, "gerealiseerd")
    buur = dien_in(aanvrager=wereld.erijder2, lat=IN_A[0] - 0.001)
    aanvraag = dien_in()
    html = cpo.get(f"/aanvragen/{aanvraag.pk}/behandelen/").content.decode()
    assert "Loolaan 1" in html and "Ver weg" not in html
    assert "Nog maar kandidaat" not in html  # a plankaart spot is not an existing charging point
    assert buur.nummer in html


def test_werklijst_filters_zoeken_en_paginering(cpo, wereld, dien_in):
    import datetime as dt

    from portal import klok

    with klok.vastgezet(klok.nu() - dt.timedelta(days=12)):
        oud = dien_in(kenteken="OO-11-OO", postcode="7322 XY")
    zutphen = dien_in(gemeente=wereld.gemeente_b, lat=52.14, lon=6.20, aanvrager=wereld.erijder2)
    for i in range(26):
        dien_in(lat=IN_A[0] + 0.01 + i * 0.003)  # about 330 m apart: one E-rijder, different streets

    def nummers(query):
        return [a.nummer for a in cpo.get("/aanvragen/werklijst/" + query).context["pagina"].object_list]

    assert nummers("?te_laat=on") == [oud.nummer]
    assert nummers("?ouder_dan=10") == [oud.nummer]
    assert nummers(f"?gemeente={wereld.gemeente_b.pk}") == [zutphen.nummer]
    assert nummers("?zoek=oo11oo") == [oud.nummer]
    assert nummers("?zoek=7322xy") == [oud.nummer]
    assert nummers(f"?zoek={oud.nummer}") == [oud.nummer]
    eerste = cpo.get("/aanvragen/werklijst/")
    assert eerste.context["pagina"].paginator.count == 28 and len(eerste.context["pagina"].object_list) == 25
    assert nummers("?pagina=1")[0] == oud.nummer  # overdue first
    assert len(nummers("?pagina=2")) == 3
    services.afwijzen(oud, wereld.cpo_mw, "x")
    assert oud.nummer not in nummers("")
    assert nummers("?status=afgewezen") == [oud.nummer]


def test_gemeente_ziet_eigen_aanvragen_maar_kan_niet_toetsen(client, wereld, dien_in):
    aanvraag = dien_in()
    client.force_login(wereld.gemeente_a_mw)
    pagina = client.get(f"/aanvragen/{aanvraag.pk}/behandelen/")
    assert pagina.status_code == 200 and "Goedkeuren" not in pagina.content.decode()
    assert client.post(f"/aanvragen/{aanvraag.pk}/behandelen/", {"actie": "goedkeuren"}).status_code == 403
    aanvraag.refresh_from_db()
    assert aanvraag.status == "ingediend"


def test_inbox(eva, wereld, dien_in, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dien_in()
    lijst = eva.get("/berichten/").content.decode()
    assert "Ontvangstbevestiging" in lijst and "ongelezen" in lijst
    bericht = Bericht.objects.get(ontvanger=wereld.erijder)
    eva.get(f"/berichten/{bericht.pk}/")
    bericht.refresh_from_db()
    assert bericht.gelezen_op is not None
    client_ander = eva
    client_ander.force_login(wereld.erijder2)
    assert client_ander.get(f"/berichten/{bericht.pk}/").status_code == 404


def test_geparkeerde_uploads_worden_opgeruimd(eva, wereld):
    import os
    import time

    from django.core import signing

    from aanvragen import uploads
    from aanvragen.tasks import ruim_tijdelijke_uploads_op
    from portal.opslag import prive_opslag

    oud = (
        eva.post("/aanvragen/nieuw/", formulier(wereld, kenteken="fout")).context["form"].data["bewijs_token"]
    )
    vers = (
        eva.post("/aanvragen/nieuw/", formulier(wereld, kenteken="fout")).context["form"].data["bewijs_token"]
    )
    pad_oud = prive_opslag().path(signing.loads(oud, salt=uploads._ZOUT)["p"])
    twee_dagen = time.time() - 2 * 86400
    os.utime(pad_oud, (twee_dagen, twee_dagen))
    assert ruim_tijdelijke_uploads_op() == 1
    assert not os.path.exists(pad_oud)
    assert uploads.haal_op(vers, wereld.erijder) is not None
