"""The plankaart's pages: determining a location, the location work list and page, the plankaart with its
versions, import and export, and the public map."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aanvragen import services as aanvraagservices
from plankaart import services
from plankaart.models import Locatie, Plankaart, Plankaartimport
from tests.conftest import IN_A, punt_bij

pytestmark = pytest.mark.django_db


@pytest.fixture
def goedgekeurd(wereld, dien_in):
    return aanvraagservices.goedkeuren(dien_in(), wereld.cpo_mw)


def ingelogd(client, gebruiker):
    client.force_login(gebruiker)
    return client


# The CPO determines the location


def test_pagina_locatie_bepalen_toont_kandidaten_en_verplaatsbare_plekken(
    client, wereld, goedgekeurd, dien_in, locatie_op
):
    binnen, vol, buiten = locatie_op(80), locatie_op(150, laadpunten=1), locatie_op(400)
    lat, lon = punt_bij(*IN_A, 0, 150)
    buurman = aanvraagservices.goedkeuren(dien_in(aanvrager=wereld.erijder2, lat=lat, lon=lon), wereld.cpo_mw)
    services.kies(buurman, vol, wereld.cpo_mw)  # its one charging point is taken
    pagina = ingelogd(client, wereld.cpo_mw).get(reverse("plankaart:locatie_bepalen", args=[goedgekeurd.pk]))
    assert pagina.status_code == 200
    kandidaten = {k.locatie.pk: k for k in pagina.context["kandidaten"]}
    assert kandidaten[binnen.pk].kiesbaar and not kandidaten[vol.pk].kiesbaar and kandidaten[vol.pk].vol
    assert [k.locatie.pk for k in pagina.context["verplaatsbaar"]] == [buiten.pk]
    tekst = pagina.content.decode()
    assert "Kies deze locatie" in tekst and "Vol: elk laadpunt heeft al een aanvraag" in tekst
    # The street only: the description reaches the gemeente and the public map, a house number must not.
    assert pagina.context["formulieren"]["nieuw"].initial["omschrijving"] == "Hoofdstraat"


def test_kiezen_via_de_pagina(client, wereld, goedgekeurd, locatie_op):
    plek = locatie_op(80)
    antwoord = ingelogd(client, wereld.cpo_mw).post(
        reverse("plankaart:locatie_bepalen", args=[goedgekeurd.pk]),
        {"actie": "kiezen", "kies-locatie": plek.pk},
    )
    assert antwoord.status_code == 302 and antwoord["Location"] == reverse(
        "aanvragen:behandel", args=[goedgekeurd.pk]
    )
    goedgekeurd.refresh_from_db()
    assert goedgekeurd.status == "locatie_voorgesteld" and goedgekeurd.locatie == plek


def test_nieuwe_locatie_buiten_de_straal_houdt_de_invoer_vast(client, wereld, goedgekeurd):
    lat, lon = punt_bij(*IN_A, 400)
    antwoord = ingelogd(client, wereld.cpo_mw).post(
        reverse("plankaart:locatie_bepalen", args=[goedgekeurd.pk]),
        {
            "actie": "nieuw",
            "nieuw-lat": lat,
            "nieuw-lon": lon,
            "nieuw-omschrijving": "Te ver weg",
            "nieuw-parkeerplaatsen": 2,
            "nieuw-laadpunten": 2,
        },
    )
    assert antwoord.status_code == 400
    form = antwoord.context["formulieren"]["nieuw"]
    assert "hoogstens 250 meter" in str(form.errors["lat"])
    assert 'value="Te ver weg"' in antwoord.content.decode()
    assert not Locatie.objects.exists()


def test_verplaatsen_via_de_pagina(client, wereld, goedgekeurd, locatie_op):
    plek = locatie_op(400)
    lat, lon = punt_bij(*IN_A, 25)
    antwoord = ingelogd(client, wereld.cpo_mw).post(
        reverse("plankaart:locatie_bepalen", args=[goedgekeurd.pk]),
        {
            "actie": "verplaatsen",
            "verplaats-locatie": plek.pk,
            "verplaats-lat": lat,
            "verplaats-lon": lon,
            "verplaats-omschrijving": "Verplaatst",
        },
    )
    assert antwoord.status_code == 302
    plek.refresh_from_db()
    assert plek.status == "in_netcheck" and plek.omschrijving == "Verplaatst"


def test_locatie_bepalen_alleen_voor_de_cpo_van_de_concessie(client, wereld, goedgekeurd, dien_in):
    url = reverse("plankaart:locatie_bepalen", args=[goedgekeurd.pk])
    for niet in (wereld.gemeente_a_mw, wereld.cpo_ander_mw, wereld.erijder, wereld.netbeheerder_mw):
        assert ingelogd(client, niet).get(url).status_code == 404
    lat, lon = punt_bij(*IN_A, 0, 600)
    nog_niet = dien_in(aanvrager=wereld.erijder2, lat=lat, lon=lon)
    antwoord = ingelogd(client, wereld.cpo_mw).get(reverse("plankaart:locatie_bepalen", args=[nog_niet.pk]))
    assert antwoord.status_code == 302


def test_behandelpagina_wijst_de_weg_naar_locatie_bepalen(client, wereld, goedgekeurd):
    tekst = (
        ingelogd(client, wereld.cpo_mw)
        .get(reverse("aanvragen:behandel", args=[goedgekeurd.pk]))
        .content.decode()
    )
    assert reverse("plankaart:locatie_bepalen", args=[goedgekeurd.pk]) in tekst


# The location work list and page


@pytest.fixture
def in_netcheck(wereld, goedgekeurd):
    lat, lon = punt_bij(*IN_A, 20)
    return services.stel_nieuwe_voor(
        goedgekeurd, lat, lon, "Hoofdstraat t.h.v. nr. 12", wereld.cpo_mw
    ).locatie


def test_werklijst_toont_wat_de_eigen_organisatie_moet_doen(client, wereld, in_netcheck, locatie_op):
    locatie_op(300)  # a candidate nobody is at turn for

    def op_de_lijst(gebruiker, **params):
        return [
            loc.pk
            for loc in ingelogd(client, gebruiker)
            .get(reverse("plankaart:werklijst"), params)
            .context["pagina"]
        ]

    assert op_de_lijst(wereld.netbeheerder_mw) == [in_netcheck.pk]
    kaartdata = client.get(reverse("plankaart:werklijst")).context["kaartdata"]
    assert [k["url"] for k in kaartdata] == [reverse("plankaart:locatie", args=[in_netcheck.pk])]
    assert op_de_lijst(wereld.gemeente_a_mw) == []
    assert len(op_de_lijst(wereld.gemeente_a_mw, alles="on")) == 2
    assert op_de_lijst(wereld.gemeente_b_mw, alles="on") == []
    assert op_de_lijst(wereld.netbeheerder_ander_mw, alles="on") == []
    assert ingelogd(client, wereld.erijder).get(reverse("plankaart:werklijst")).status_code == 404


def test_netbeheerder_keurt_de_netcheck_goed_op_de_pagina(client, wereld, in_netcheck):
    url = reverse("plankaart:locatie", args=[in_netcheck.pk])
    pagina = ingelogd(client, wereld.netbeheerder_mw).get(url)
    assert set(pagina.context["toegestaan"]) == {"netcheck_goedkeuren", "netcheck_afkeuren"}
    fout = client.post(url, {"actie": "netcheck_afkeuren", "netcheck_af-reden": ""})
    assert fout.status_code == 400 and fout.context["formulieren"]["netcheck_afkeuren"].errors
    assert (
        client.post(url, {"actie": "netcheck_goedkeuren", "netcheck-opmerking": "Prima."}).status_code == 302
    )
    in_netcheck.refresh_from_db()
    assert in_netcheck.status == "voorgesteld"


def test_gemeente_keurt_goed_op_de_pagina_en_ziet_de_historie(client, wereld, in_netcheck):
    services.netcheck_goedkeuren(in_netcheck, wereld.netbeheerder_mw)
    url = reverse("plankaart:locatie", args=[in_netcheck.pk])
    pagina = ingelogd(client, wereld.gemeente_a_mw).get(url)
    assert {"goedkeuren", "aanpassing_vragen", "afwijzen", "laten_vervallen"} <= set(
        pagina.context["toegestaan"]
    )
    titels = [r.titel for r in pagina.context["historie"]]
    assert titels == ["Aangemaakt voor een aanvraag", "Netcheck gevraagd", "Netcheck goedgekeurd"]
    (aanvraag,) = pagina.context["aanvragen"]  # the gemeente may open the request: linked
    assert reverse("aanvragen:behandel", args=[aanvraag.pk]) in pagina.content.decode()
    net = ingelogd(client, wereld.netbeheerder_mw).get(url)  # the netbeheerder may not: only counted
    assert net.context["aanvragen"] == [] and net.context["aantal_aanvragen"] == 1
    assert reverse("aanvragen:behandel", args=[aanvraag.pk]) not in net.content.decode()
    ingelogd(client, wereld.gemeente_a_mw)
    assert client.post(url, {"actie": "goedkeuren"}).status_code == 302
    assert client.post(url, {"actie": "goedkeuren"}).status_code == 409  # twice: the state moved on
    assert ingelogd(client, wereld.gemeente_b_mw).get(url).status_code == 404


def test_verplaatste_locatie_toont_het_oude_punt(client, wereld, goedgekeurd, locatie_op):
    plek = locatie_op(400)
    lat, lon = punt_bij(*IN_A, 25)
    services.verplaats_en_kies(goedgekeurd, plek, lat, lon, "Verplaatst", wereld.cpo_mw)
    pagina = ingelogd(client, wereld.gemeente_a_mw).get(reverse("plankaart:locatie", args=[plek.pk]))
    oud = pagina.context["kaartdata"]["oud"]
    assert oud and round(oud[0], 5) != round(lat, 5)


# The plankaart, export and import


def test_overzicht_per_rol(client, wereld, locatie_op):
    locatie_op(100)
    pagina = ingelogd(client, wereld.gemeente_a_mw).get(reverse("plankaart:overzicht"))
    (rij,) = pagina.context["rijen"]
    assert rij["bijwerken"] and rij["herzien"] and rij["per_status"] == [("Kandidaat", 1)]
    rijen = ingelogd(client, wereld.cpo_mw).get(reverse("plankaart:overzicht")).context["rijen"]
    assert [r["gemeente"] for r in rijen] == [wereld.gemeente_a, wereld.gemeente_b]
    assert all(r["bijwerken"] and not r["herzien"] for r in rijen)
    rijen = ingelogd(client, wereld.netbeheerder_mw).get(reverse("plankaart:overzicht")).context["rijen"]
    assert not any(r["bijwerken"] for r in rijen)


def test_exporteren_en_een_bewaarde_versie(client, wereld, locatie_op):
    locatie_op(100, kenmerk="A-1")
    ingelogd(client, wereld.gemeente_a_mw)
    geojson = client.get(reverse("plankaart:exporteer", args=[wereld.gemeente_a.pk, "geojson"]))
    assert (
        geojson["Content-Type"] == "application/geo+json" and "attachment" in geojson["Content-Disposition"]
    )
    assert json.loads(geojson.content)["features"][0]["properties"]["kenmerk"] == "A-1"
    csv = client.get(reverse("plankaart:exporteer", args=[wereld.gemeente_a.pk, "csv"]))
    assert csv["Content-Type"].startswith("text/csv") and "A-1" in csv.content.decode()
    assert (
        client.post(reverse("plankaart:herzien", args=[wereld.gemeente_a.pk]), {"jaar": 2027}).status_code
        == 302
    )
    locatie_op(300, kenmerk="A-2")
    oud = client.get(reverse("plankaart:exporteer", args=[wereld.gemeente_a.pk, "geojson"]), {"versie": 1})
    assert [f["properties"]["kenmerk"] for f in json.loads(oud.content)["features"]] == ["A-1"]
    assert (
        ingelogd(client, wereld.gemeente_b_mw)
        .get(reverse("plankaart:exporteer", args=[wereld.gemeente_a.pk, "csv"]))
        .status_code
        == 404
    )


def test_alleen_de_gemeente_herziet(client, wereld):
    antwoord = ingelogd(client, wereld.cpo_mw).post(
        reverse("plankaart:herzien", args=[wereld.gemeente_a.pk]), {"jaar": 2027}
    )
    assert antwoord.status_code == 404 and not Plankaart.objects.exists()


def test_import_van_upload_via_controle_naar_toepassen(client, wereld, django_capture_on_commit_callbacks):
    lat, lon = punt_bij(*IN_A, 100)
    inhoud = f"omschrijving;lat;lon\nBij de bieb;{lat};{lon}\nParijs;48.85;2.35\n".encode()
    ingelogd(client, wereld.gemeente_a_mw)
    url = reverse("plankaart:importeren", args=[wereld.gemeente_a.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(
            url, {"bestand": SimpleUploadedFile("p.csv", inhoud), "soort": "plankaart", "stelsel": "auto"}
        )
    imp = Plankaartimport.objects.get()
    assert antwoord["Location"] == reverse("plankaart:import", args=[imp.pk])
    pagina = client.get(antwoord["Location"])
    assert "1 toevoegen" in pagina.content.decode() and "buiten Nederland" in pagina.content.decode()
    assert [
        r["actie"] for r in client.get(antwoord["Location"], {"actie": "weigeren"}).context["pagina"]
    ] == ["weigeren"]
    assert client.get(reverse("plankaart:importstand", args=[imp.pk])).json()["status"] == "gecontroleerd"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("plankaart:import_toepassen", args=[imp.pk]))
    assert Locatie.objects.get().omschrijving == "Bij de bieb"
    assert (
        ingelogd(client, wereld.gemeente_b_mw).get(reverse("plankaart:import", args=[imp.pk])).status_code
        == 404
    )


def test_import_van_een_verkeerd_bestandstype(client, wereld):
    antwoord = ingelogd(client, wereld.gemeente_a_mw).post(
        reverse("plankaart:importeren", args=[wereld.gemeente_a.pk]),
        {"bestand": SimpleUploadedFile("kaart.xlsx", b"PK"), "soort": "plankaart", "stelsel": "auto"},
    )
    assert antwoord.status_code == 400 and "GeoJSON" in str(antwoord.context["form"].errors["bestand"])
    assert (
        ingelogd(client, wereld.netbeheerder_mw)
        .get(reverse("plankaart:importeren", args=[wereld.gemeente_a.pk]))
        .status_code
        == 404
    )


# The public map


def test_publieke_kaart_voor_iedereen(client, wereld, locatie_op):
    locatie_op(100)
    pagina = client.get(reverse("kaart"))
    assert pagina.status_code == 200
    tekst = pagina.content.decode()
    for label in ("Bestaand laadpunt", "Gepland", "In procedure", "Aangevraagd", "Kandidaat op de plankaart"):
        assert label in tekst
    assert pagina.context["kaartinstellingen"]["bron"] == "/api/v1/kaart/locaties/"
    assert [g.naam for g in pagina.context["gemeenten"]] == ["Gemeente Apeldoorn"]


def test_werklijst_aanvragen_toont_de_termijn_van_de_locatie(client, wereld, goedgekeurd, locatie_op):
    services.kies(goedgekeurd, locatie_op(80), wereld.cpo_mw)
    ingelogd(client, wereld.cpo_mw)
    tekst = client.get(reverse("aanvragen:werklijst")).content.decode()
    assert "Locatievoorstel beoordelen · aan zet: Gemeente Apeldoorn" in tekst
    from portal import klok

    with klok.vastgezet(klok.nu() + dt.timedelta(days=30)):
        te_laat = client.get(reverse("aanvragen:werklijst"), {"te_laat": "on"}).context["pagina"]
    assert [a.pk for a in te_laat] == [goedgekeurd.pk]


def test_een_nieuwe_plek_begint_met_de_straat_zonder_huisnummer(client, wereld, dien_in):
    """The description of a new location travels to the gemeente and the public map: no house number."""
    from aanvragen import services as aanvraagservices

    aanvraag = aanvraagservices.goedkeuren(dien_in(huisnummer=12), wereld.cpo_mw)
    client.force_login(wereld.cpo_mw)
    formulier = client.get(f"/plankaart/aanvraag/{aanvraag.pk}/locatie/").context["formulieren"]["nieuw"]
    assert formulier.initial["omschrijving"] == "Hoofdstraat"
