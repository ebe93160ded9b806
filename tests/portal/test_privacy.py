"""Privacy (AVG): the statement and its links, retention, the data download and account deletion."""

import datetime as dt
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile

from aanvragen import services
from aanvragen.models import Aanvraag, Medeaanvrager
from portal import klok, privacy
from portal import tasks as portaltasks
from portal.celery import app as celery_app
from portal.models import Bericht, Gebruiker, StatusWijziging
from tests.conftest import PDF, D, gegevens, om
from tests.verkeersbesluiten.test_services import concept, publiceer  # noqa: F401 - fixture
from verkeersbesluiten import services as besluitservices

pytestmark = pytest.mark.django_db


def _historie(aanvraag):
    return list(
        StatusWijziging.objects.filter(
            content_type=ContentType.objects.get_for_model(Aanvraag), object_id=aanvraag.pk
        ).values_list("transitie", "van", "naar", "op", "organisatie_naam")
    )


# The statement and where it is linked


def test_privacyverklaring_zegt_wat_waarom_hoe_lang_en_wie(client, settings):
    settings.BEWAARTERMIJN_AANVRAGEN_DAGEN = 400
    pagina = client.get("/privacy/").content.decode()
    for kop in ("Welke gegevens bewaren we, en waarom?", "Hoe lang", "Wie ziet uw gegevens?", "Uw rechten"):
        assert kop in pagina
    assert "Tot 400 dagen" in pagina


@pytest.mark.parametrize("adres", ["/", "/account/registreren/", "/kaart/", "/toegankelijkheid/"])
def test_privacy_gelinkt_in_de_voet_en_bij_registreren(client, adres):
    assert 'href="/privacy/"' in client.get(adres).content.decode()


# Retention


@pytest.fixture
def gesloten_en_open(wereld, dien_in):
    with om("2025-01-10"):
        gesloten = dien_in(kenteken="G-456-DF")
        services.sluit_aan(gesloten, wereld.erijder2, "K-321-JK")
        services.afwijzen(gesloten, wereld.cpo_mw, "Eva heeft een eigen oprit aan de Hoofdstraat 12.")
    with om("2025-01-11"):
        open_ = dien_in(aanvrager=wereld.erijder2, lat=52.25, lon=5.95)
    return Aanvraag.objects.get(pk=gesloten.pk), open_


def test_bewaartermijn_haalt_de_persoon_weg_en_houdt_de_feiten(
    gesloten_en_open, settings, wereld, django_capture_on_commit_callbacks
):
    gesloten, open_ = gesloten_en_open
    settings.BEWAARTERMIJN_AANVRAGEN_DAGEN = 365
    bestand = gesloten.bewijs.name
    assert gesloten.bewijs.storage.exists(bestand)
    historie_voor = _historie(gesloten)

    with om("2025-12-01"):  # not yet a year after the rejection
        assert privacy.pas_bewaartermijnen_toe()["aanvragen"] == 0
    with om("2026-01-20"), django_capture_on_commit_callbacks(execute=True):
        assert portaltasks.pas_bewaartermijnen_toe() == {"aanvragen": 1, "bezwaren": 0, "reacties": 0}

    gesloten.refresh_from_db()
    assert gesloten.aanvrager is None
    assert (gesloten.postcode, gesloten.huisnummer, gesloten.kenteken, gesloten.afwijzingsreden) == (
        "",
        None,
        "",
        "",
    )
    assert not gesloten.bewijs and gesloten.bewijs_naam == ""
    assert not gesloten.bewijs.storage.exists(bestand)
    assert not Medeaanvrager.objects.filter(aanvraag=gesloten).exists()
    # The facts stay: the street, the status, the reason code, the dates and the whole history.
    assert gesloten.straat == "Hoofdstraat" and gesloten.status == Aanvraag.Status.AFGEWEZEN
    assert round(gesloten.lat, 3) == gesloten.lat
    assert _historie(gesloten) == historie_voor
    # The open request is not touched.
    open_.refresh_from_db()
    assert open_.aanvrager == wereld.erijder2 and open_.kenteken == "AB-123-C" and open_.bewijs
    # Once: the next run finds nothing.
    with om("2026-01-21"):
        assert privacy.pas_bewaartermijnen_toe()["aanvragen"] == 0


def test_bewaartermijn_in_het_beatschema():
    regel = celery_app.conf.beat_schedule["bewaartermijnen-toepassen"]
    assert regel["task"] == "portal.tasks.pas_bewaartermijnen_toe"


def test_bewaartermijn_voor_bezwaren(wereld, concept, settings):  # noqa: F811 - fixture
    settings.BEWAARTERMIJN_BEZWAREN_DAGEN = 100
    besluit = publiceer(concept, wereld)
    with om("2026-03-20"):
        bezwaar = besluitservices.registreer_bezwaar(
            besluit,
            wereld.gemeente_a_mw,
            indiener_naam="J. Bezwaarmaker",
            indiener_adres="Kerkstraat 1, Apeldoorn",
            ontvangen_op=D("2026-03-20"),
            gronden="Te weinig parkeerplaatsen.",
            algemeen=True,
        )
        open_bezwaar = besluitservices.registreer_bezwaar(
            besluit,
            wereld.gemeente_a_mw,
            indiener_naam="K. Nogbezig",
            indiener_adres="Dorpsstraat 2, Apeldoorn",
            ontvangen_op=D("2026-03-20"),
            gronden="Geen plek voor de markt.",
            algemeen=True,
        )
    with om("2026-04-01"):
        besluitservices.beslis_op_bezwaar(
            bezwaar, wereld.gemeente_a_mw, "ongegrond", "Er blijft genoeg plek."
        )
    with om("2026-06-01"):
        assert privacy.pas_bewaartermijnen_toe()["bezwaren"] == 0
    with om("2026-07-15"):
        assert privacy.pas_bewaartermijnen_toe()["bezwaren"] == 1
    bezwaar.refresh_from_db()
    open_bezwaar.refresh_from_db()
    assert (bezwaar.indiener_naam, bezwaar.indiener_adres) == (privacy.GEANONIMISEERD, "")
    assert bezwaar.gronden == "Te weinig parkeerplaatsen." and bezwaar.status == "ongegrond"
    assert open_bezwaar.indiener_naam == "K. Nogbezig"  # undecided: kept


def test_bewaartermijn_voor_participatiereacties(wereld, locatie_op, settings):
    from plankaart.models import Planlocatie, ProactiefPlan, Reactie

    settings.BEWAARTERMIJN_REACTIES_DAGEN = 200

    def plan(status, jaar):
        p = ProactiefPlan.objects.create(
            provincie=wereld.provincie,
            gemeente=wereld.gemeente_a,
            jaar=jaar,
            prognose=100,
            percentage=30,
            aantal=30,
        )
        ProactiefPlan.objects.filter(pk=p.pk).update(
            status=status
        )  # the plan's own services are not the point
        return Planlocatie.objects.create(plan=p, locatie=locatie_op(len(Planlocatie.objects.all()) * 300))

    klaar, loopt = plan(ProactiefPlan.Status.DEFINITIEF, 2026), plan(ProactiefPlan.Status.INSPRAAK, 2027)
    with om("2026-01-05"):
        reacties = [
            Reactie.objects.create(
                plan=pl.plan,
                planlocatie=pl,
                soort=Reactie.Soort.ONGESCHIKT,
                reden="Hier staat de markt.",
                naam="R. Bewoner",
                adres="Markt 3, Apeldoorn",
                email="bewoner@example.nl",
                ip="192.0.2.7",
            )
            for pl in (klaar, loopt)
        ]
    with om("2026-09-01"):
        assert privacy.pas_bewaartermijnen_toe()["reacties"] == 1
    weg, nog = (Reactie.objects.get(pk=r.pk) for r in reacties)
    assert (weg.naam, weg.adres, weg.email, weg.ip) == (privacy.GEANONIMISEERD, "", "", None)
    assert weg.reden == "Hier staat de markt." and weg.soort == "ongeschikt"
    assert nog.naam == "R. Bewoner"  # its plan is still in participation


# Inzage


def test_gegevens_downloaden_als_json(client, wereld, dien_in):
    eigen = dien_in()
    ander = dien_in(aanvrager=wereld.erijder2, kenteken="G-456-DF", lat=52.25, lon=5.95)
    services.sluit_aan(ander, wereld.erijder, "T-123-BB")
    client.force_login(wereld.erijder)
    antwoord = client.get("/account/gegevens/download/")
    assert antwoord.status_code == 200
    assert antwoord["Content-Type"].startswith("application/json")
    assert antwoord["Content-Disposition"].startswith('attachment; filename="mijn-gegevens-laadpaalportaal-')
    data = json.loads(antwoord.content)
    assert data["account"]["e-mailadres"] == "eva@example.nl"
    assert [a["zaaknummer"] for a in data["aanvragen"]] == [eigen.nummer]
    assert (
        data["aanvragen"][0]["kenteken"] == "AB-123-C"
        and data["aanvragen"][0]["adres"]["postcode"] == "7311 AB"
    )
    # Joined: only what Eva gave herself, nothing of Daan's.
    assert data["aangesloten_bij"] == [
        {
            "zaaknummer": ander.nummer,
            "straat": "Hoofdstraat",
            "kenteken": "T-123-BB",
            "aangesloten_op": Medeaanvrager.objects.get(aanvraag=ander).aangesloten_op.isoformat(),
        }
    ]
    assert "G-456-DF" not in antwoord.content.decode() and "daan" not in antwoord.content.decode().lower()
    assert any("Ontvangstbevestiging" in b["onderwerp"] for b in data["berichten"])


def test_gegevens_pagina_vraagt_inloggen(client):
    assert client.get("/account/gegevens/").status_code == 302


# Account deletion


@pytest.fixture
def eva_met_aanvragen(wereld, dien_in):
    lopend = dien_in()
    afgewezen = dien_in(lat=52.25, lon=5.95)
    services.afwijzen(afgewezen, wereld.cpo_mw, "Eigen oprit.")
    ander = dien_in(aanvrager=wereld.erijder2, lat=52.29, lon=5.99)
    services.sluit_aan(ander, wereld.erijder, "T-123-BB")
    return lopend, Aanvraag.objects.get(pk=afgewezen.pk), ander


def test_account_verwijderen_waarschuwt_eerst(client, wereld, eva_met_aanvragen):
    lopend, _afgewezen, _ander = eva_met_aanvragen
    client.force_login(wereld.erijder)
    pagina = client.get("/account/verwijderen/").content.decode()
    assert "dit kan niet ongedaan worden gemaakt" in pagina and lopend.nummer in pagina
    antwoord = client.post("/account/verwijderen/", {})
    assert antwoord.status_code == 400 and "Vink aan" in antwoord.content.decode()
    assert Gebruiker.objects.filter(pk=wereld.erijder.pk).exists()
    assert Aanvraag.objects.get(pk=lopend.pk).status == Aanvraag.Status.INGEDIEND


def test_account_verwijderen_trekt_in_anonimiseert_en_verwijdert(
    client, wereld, eva_met_aanvragen, django_capture_on_commit_callbacks
):
    lopend, afgewezen, ander = eva_met_aanvragen
    client.force_login(wereld.erijder)
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post("/account/verwijderen/", {"bevestig": "on"})
    assert antwoord.status_code == 302 and antwoord["Location"] == "/"
    assert "1 lopende aanvraag is ingetrokken" in client.get("/").content.decode()
    assert not Gebruiker.objects.filter(email="eva@example.nl").exists()
    lopend.refresh_from_db()
    afgewezen.refresh_from_db()
    # Withdrawn through its own transition first: the history says so and the CPO heard it.
    assert lopend.status == Aanvraag.Status.INGETROKKEN
    assert ("intrekken", "ingediend", "ingetrokken") in [h[:3] for h in _historie(lopend)]
    assert Bericht.objects.filter(ontvanger=wereld.cpo_mw, onderwerp__contains="ingetrokken").exists()
    for aanvraag in (lopend, afgewezen):
        assert aanvraag.aanvrager is None and aanvraag.kenteken == "" and aanvraag.postcode == ""
        assert not aanvraag.bewijs
    # Daan's request goes on without her.
    assert not Medeaanvrager.objects.filter(aanvraag=ander).exists()
    assert Aanvraag.objects.get(pk=ander.pk).status == Aanvraag.Status.INGEDIEND
    # Logged out.
    assert client.get("/account/gegevens/").status_code == 302


def test_staf_verwijdert_zijn_account_niet_zelf(client, wereld):
    client.force_login(wereld.cpo_mw)
    antwoord = client.post("/account/verwijderen/", {"bevestig": "on"})
    assert antwoord.status_code == 302 and Gebruiker.objects.filter(pk=wereld.cpo_mw.pk).exists()
    with pytest.raises(privacy.NietVerwijderbaar):
        privacy.verwijder_account(wereld.cpo_mw)


def test_verwijderen_via_de_service_zonder_lopende_aanvragen(wereld):
    aanvraag = services.dien_in(wereld.erijder, gegevens(wereld.gemeente_a), ContentFile(PDF), "bewijs.pdf")
    services.trek_in(aanvraag, wereld.erijder)
    uitkomst = privacy.verwijder_account(wereld.erijder)
    assert uitkomst == {"ingetrokken": 0, "geanonimiseerd": 1, "verwijderd": True}
    assert klok.nu() - dt.timedelta(minutes=5) < Aanvraag.objects.get(pk=aanvraag.pk).ingediend_op
