"""The proactive lane over REST and on its pages: who sees what, transitions with 403/409/400, and personal data
that never reaches the CPO or the public."""

import pytest
from rest_framework.test import APIClient

from plankaart.modellen_proactief import ProactiefPlan, Prognose, Reactie
from plankaart.services import inspraak, proactief
from tests.conftest import om

P = ProactiefPlan.Status
PROBLEEM = "application/problem+json"


def client(gebruiker=None):
    c = APIClient()
    if gebruiker is not None:
        c.force_authenticate(gebruiker)
    return c


@pytest.fixture
def plan(wereld, locatie_op):
    Prognose.objects.create(
        provincie=wereld.provincie, gemeente=wereld.gemeente_a, jaar=2027, laadpunten_nodig=47
    )
    with om("2026-12-01"):
        antwoord = client(wereld.provincie_mw).post(
            "/api/v1/proactieve-plannen/", {"gemeente": wereld.gemeente_a.pk, "jaar": 2027}, format="json"
        )
    assert antwoord.status_code == 201, antwoord.content
    assert antwoord.json()["aantal"] == 15
    plan = ProactiefPlan.objects.get(pk=antwoord.json()["id"])
    plan.kandidaten = [locatie_op(300 * i, 100) for i in range(1, 4)]
    return plan


@pytest.fixture
def in_inspraak(wereld, plan):
    with om("2026-12-02"):
        proactief.selecteer(plan, wereld.gemeente_a_mw, plan.kandidaten)
        plan = proactief.start_inspraak(plan, wereld.gemeente_a_mw)
    with om("2026-12-03"):
        antwoord = client().post(
            "/api/v1/reacties/",
            {
                "plan": plan.pk,
                "planlocatie": plan.planlocaties.first().pk,
                "soort": "ongeschikt",
                "reden": "Te dicht bij de school.",
                "naam": "Geheime Naam",
                "adres": "Geheimstraat 7",
                "email": "geheim@example.nl",
            },
            format="json",
        )
    assert antwoord.status_code == 201, antwoord.content
    assert "geheim" not in antwoord.content.decode().lower()
    reactie = Reactie.objects.get()
    with om("2026-12-04"):
        inspraak.bevestig(reactie.token)
    return plan


def test_prognose_upload_droge_run_en_toepassen(wereld):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bestand = b"gemeentecode,jaar,laadpunten_nodig\nGM0200,2027,47\nGM0200,2027,-1\n"
    c = client(wereld.provincie_mw)
    droog = c.post(
        "/api/v1/prognoses/", {"bestand": SimpleUploadedFile("p.csv", bestand)}, format="multipart"
    )
    assert droog.status_code == 201
    assert droog.json()["aantallen"] == {"toegevoegd": 1, "gewijzigd": 0, "ongewijzigd": 0, "geweigerd": 1}
    assert not Prognose.objects.exists()
    echt = c.post(
        "/api/v1/prognoses/",
        {"bestand": SimpleUploadedFile("p.csv", bestand), "toepassen": "true"},
        format="multipart",
    )
    assert echt.json()["versie"] == 1
    assert c.get("/api/v1/prognoses/").json()["results"][0]["gemeentecode"] == "GM0200"
    verboden = client(wereld.gemeente_a_mw).post(
        "/api/v1/prognoses/", {"bestand": SimpleUploadedFile("p.csv", bestand)}, format="multipart"
    )
    assert verboden.status_code == 403 and verboden["Content-Type"].startswith(PROBLEEM)
    assert client(wereld.cpo_mw).get("/api/v1/prognoses/").json()["results"] == []


def test_plan_zichtbaar_voor_provincie_gemeente_en_cpo_anders_404(wereld, plan):
    for gebruiker in (wereld.provincie_mw, wereld.gemeente_a_mw, wereld.cpo_mw):
        assert client(gebruiker).get(f"/api/v1/proactieve-plannen/{plan.pk}/").status_code == 200
    for gebruiker in (wereld.gemeente_b_mw, wereld.netbeheerder_mw, wereld.erijder, wereld.cpo_ander_mw):
        antwoord = client(gebruiker).get(f"/api/v1/proactieve-plannen/{plan.pk}/")
        assert antwoord.status_code == 404 and antwoord["Content-Type"].startswith(PROBLEEM)
    assert client().get(f"/api/v1/proactieve-plannen/{plan.pk}/").status_code in (401, 403)
    assert (
        client(wereld.gemeente_a_mw)
        .post("/api/v1/proactieve-plannen/", {"gemeente": wereld.gemeente_a.pk, "jaar": 2028}, format="json")
        .status_code
        == 403
    )


def test_transities_over_rest(wereld, plan):
    url = f"/api/v1/proactieve-plannen/{plan.pk}/transities/"
    gemeente = client(wereld.gemeente_a_medewerker)
    body = gemeente.get(f"/api/v1/proactieve-plannen/{plan.pk}/").json()
    assert (
        "selecteren" in body["toegestane_transities"]
        and "inspraak_starten" not in body["toegestane_transities"]
    )
    # 403 before 409 before 400
    assert client(wereld.cpo_mw).post(url + "selecteren/", {}, format="json").status_code == 403
    assert gemeente.post(url + "toets_afronden/", {}, format="json").status_code == 403
    assert gemeente.post(url + "inspraak_starten/", {}, format="json").status_code == 409  # nothing selected
    fout = gemeente.post(url + "selecteren/", {"locaties": []}, format="json")
    assert fout.status_code == 400 and fout.json()["invalid_params"][0]["name"] == "locaties"
    with om("2026-12-02", 9):
        ok = gemeente.post(url + "selecteren/", {"locaties": [k.pk for k in plan.kandidaten]}, format="json")
    assert ok.status_code == 200 and len(ok.json()["locaties"]) == 3 and ok.json()["geselecteerd"] == 6
    with om("2026-12-02"):
        gestart = gemeente.post(url + "inspraak_starten/", {}, format="json")
    assert gestart.json()["status"] == "inspraak" and gestart.json()["inspraak_tot"]
    historie = gemeente.get(f"/api/v1/proactieve-plannen/{plan.pk}/historie/").json()
    assert [h["transitie"] for h in historie] == ["aanmaken", "selecteren", "inspraak_starten"]
    assert gemeente.post(url + "bestaat_niet/", {}, format="json").status_code == 404


def test_persoonsgegevens_alleen_voor_de_gemeente(wereld, in_inspraak):
    plan = in_inspraak
    gemeente = client(wereld.gemeente_a_mw).get("/api/v1/reacties/").json()["results"]
    assert gemeente[0]["naam"] == "Geheime Naam" and gemeente[0]["email"] == "geheim@example.nl"
    cpo = client(wereld.cpo_mw).get("/api/v1/reacties/")
    assert cpo.json()["results"][0]["reden"] == "Te dicht bij de school."
    for gebruiker_antwoord in (cpo, client(wereld.cpo_mw).get(f"/api/v1/reacties/{gemeente[0]['id']}/")):
        tekst = gebruiker_antwoord.content.decode()
        assert "Geheim" not in tekst and "geheim@" not in tekst
    assert client(wereld.provincie_mw).get("/api/v1/reacties/").json()["results"] == []
    assert client(wereld.gemeente_b_mw).get("/api/v1/reacties/").json()["results"] == []
    assert client().get("/api/v1/reacties/").status_code in (401, 403)
    # The plan's HTML page for the CPO and the public page: no personal data either.
    from django.test import Client

    browser = Client()
    browser.force_login(wereld.cpo_mw)
    pagina = browser.get(f"/plankaart/proactief/{plan.pk}/").content.decode()
    assert (
        "Te dicht bij de school." in pagina
        and "Geheime Naam" not in pagina
        and "geheim@example.nl" not in pagina
    )
    browser.force_login(wereld.gemeente_a_mw)
    assert "Geheime Naam" in browser.get(f"/plankaart/proactief/{plan.pk}/").content.decode()
    with om("2026-12-05"):
        publiek = Client().get(f"/plankaart/inspraak/{plan.pk}/").content.decode()
    assert "Geheim" not in publiek and "Te dicht bij de school" not in publiek
    assert "Reageren" in publiek


def test_reactie_na_de_termijn_geweigerd_met_datum(wereld, in_inspraak):
    plan = in_inspraak
    body = {
        "plan": plan.pk,
        "planlocatie": plan.planlocaties.first().pk,
        "soort": "geschikt",
        "reden": "Goed.",
        "naam": "A",
        "adres": "B 1",
        "email": "a@example.nl",
    }
    with om("2027-03-01"):
        antwoord = client().post("/api/v1/reacties/", body, format="json")
    assert antwoord.status_code == 400
    assert "verstreken op" in antwoord.json()["invalid_params"][0]["reason"]
    assert "2027" in antwoord.json()["invalid_params"][0]["reason"]


def test_publieke_pagina_reageren_en_rapport(wereld, in_inspraak, mails):
    from django.test import Client

    plan = in_inspraak
    pl = plan.planlocaties.order_by("pk")[1]
    with om("2026-12-05"):
        fout = Client().post(
            f"/plankaart/inspraak/{plan.pk}/", {"planlocatie": pl.pk, "soort": "geschikt", "naam": "Kees"}
        )
        assert "Schrijf waarom" in fout.content.decode() and 'value="Kees"' in fout.content.decode()
        goed = mails.na(
            Client().post,
            f"/plankaart/inspraak/{plan.pk}/",
            {
                "planlocatie": pl.pk,
                "soort": "geschikt",
                "reden": "Fijn",
                "naam": "Kees",
                "adres": "Laan 2",
                "email": "kees@example.nl",
            },
        )
    assert "bevestig uw e-mailadres" in goed.content.decode()
    link = next(m for m in mails.outbox if m.to == ["kees@example.nl"]).body.split("http://")[1].split()[0]
    with om("2026-12-06"):
        assert "is bevestigd" in Client().get("/" + link.split("/", 1)[1]).content.decode()
    assert Reactie.objects.filter(bevestigd_op__isnull=False).count() == 2
    # After the term: closed, and after publishing, the report on the public page.
    with om("2027-02-01"):
        plan = proactief.sluit_inspraak(plan, wereld.gemeente_a_mw)
        proactief.beantwoord(
            Reactie.objects.get(email="geheim@example.nl"), wereld.gemeente_a_mw, "Locatie verschoven."
        )
        proactief.publiceer_rapport(plan, wereld.gemeente_a_mw)
        pagina = Client().get(f"/plankaart/inspraak/{plan.pk}/").content.decode()
    assert "Reactierapport" in pagina and "Locatie verschoven." in pagina
    for persoonlijk in ("Kees", "Geheim", "kees@example.nl", "Fijn", "Te dicht bij de school"):
        assert persoonlijk not in pagina
    assert f"/plankaart/inspraak/{plan.pk}/" in Client().get("/plankaart/inspraak/").content.decode()


def test_provinciepagina_toont_plannen_en_niet_gestarte_gemeenten(wereld, plan):
    from django.test import Client

    browser = Client()
    browser.force_login(wereld.provincie_mw)
    pagina = browser.get("/plankaart/proactief/?jaar=2027").content.decode()
    assert "Gemeente Apeldoorn" in pagina and "Locaties selecteren" in pagina
    assert "Niet gestart" in pagina  # Zutphen and Deventer
    browser.force_login(wereld.erijder)
    assert browser.get("/plankaart/proactief/").status_code == 404
