"""The netbeheerder API (DESIGN.md section 6): an organisation token, polling what changed, every step with its
fields, idempotent repeats, and the status codes 400/401/403/404/409."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from netaansluiting import services
from netaansluiting.models import Batch, Netaansluiting, Realisatie
from portal import accounts, historie
from portal.servicetermijnen import Stap
from tests.netaansluiting.conftest import ean, om

pytestmark = pytest.mark.django_db
S = Netaansluiting.Status


def api(gebruiker) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=gebruiker)[0].key}")
    return client


def systeem(organisatie) -> APIClient:
    """The organisation's own system, with the organisation's token (manage.py api_token --organisatie)."""
    return api(accounts.koppeling_van(organisatie))


def ongeldige_velden(antwoord) -> set[str]:
    assert antwoord["Content-Type"].startswith("application/problem+json")
    return {v["name"] for v in antwoord.json()["invalid_params"]}


@pytest.fixture
def verzonden(wereld, definitief):
    """Two connections from the E-rijder lane, sent to the netbeheerder on 14 April 2026."""
    definitief(2)
    with om("2026-04-14", 12):
        services.bundel()
    return list(Netaansluiting.objects.order_by("pk"))


def stap(client, aansluiting, naam, datum="2026-04-16", **data):
    with om(datum):
        return client.post(
            f"/api/v1/netaansluitingen/{aansluiting.pk}/transities/{naam}/", data, format="json"
        )


def aantal_historie(aansluiting) -> int:
    return historie.historie_van(aansluiting).count()


def test_zonder_token_401_en_een_netbeheerder_ziet_alleen_het_zijne(wereld, verzonden):
    assert APIClient().get("/api/v1/netaansluitingen/").status_code == 401
    eigen = systeem(wereld.netbeheerder).get("/api/v1/netaansluitingen/").json()
    assert eigen["count"] == 2
    rij = eigen["results"][0]
    assert (
        rij["status"] == "aangevraagd" and rij["batch"].startswith("NB-") and rij["uiterlijk"] == "2026-05-14"
    )
    assert rij["toegestane_transities"] == ["netcheck_afkeuren", "netcheck_goedkeuren", "registreren"]
    ander = systeem(wereld.netbeheerder_ander)
    assert ander.get("/api/v1/netaansluitingen/").json()["count"] == 0
    assert ander.get(f"/api/v1/netaansluitingen/{verzonden[0].pk}/").status_code == 404
    assert stap(ander, verzonden[0], "registreren").status_code == 404
    assert ander.get("/api/v1/batches/").json()["count"] == 0


def test_de_hele_weg_via_de_api_met_herhalingen_zonder_tweede_historie(wereld, verzonden):
    net = systeem(wereld.netbeheerder)
    aansluiting = verzonden[0]
    antwoord = stap(net, aansluiting, "registreren", kenmerk_netbeheerder="LIA-88213")
    assert antwoord.status_code == 200 and antwoord.json()["status"] == "netcheck"
    rijen = aantal_historie(aansluiting)
    herhaald = stap(net, aansluiting, "registreren", kenmerk_netbeheerder="LIA-88213")
    assert herhaald.status_code == 200 and herhaald.json() == antwoord.json()
    assert aantal_historie(aansluiting) == rijen
    assert stap(net, aansluiting, "registreren", kenmerk_netbeheerder="ANDERS").status_code == 409

    antwoord = stap(net, aansluiting, "netcheck_goedkeuren", werkvoorbereiding_gereed_op="2026-04-30")
    assert antwoord.status_code == 200 and antwoord.json()["status"] == "werkvoorbereiding"
    assert stap(net, aansluiting, "aansluiten", aangesloten_op="2026-04-16", ean=ean()).status_code == 409

    antwoord = stap(
        net,
        aansluiting,
        "opdracht_verstrekken",
        aannemer="Volker Energie",
        aansluiting_gepland_op="2026-05-12",
    )
    assert antwoord.status_code == 200 and antwoord.json()["aannemer"] == "Volker Energie"
    assert antwoord.json()["uiterlijk"] is None  # the netbeheerder's term is done; the CPO plans now
    realisatie = Realisatie.objects.get(locatie=aansluiting.locatie)
    assert (
        realisatie.status == Realisatie.Status.TE_PLANNEN
        and realisatie.termijn_stap == Stap.PLAATSING_PLANNEN
    )

    antwoord = stap(
        net, aansluiting, "aansluiten", datum="2026-05-12", aangesloten_op="2026-05-12", ean=ean(7)
    )
    assert antwoord.status_code == 200 and antwoord.json()["ean"] == ean(7)
    rijen = aantal_historie(aansluiting)
    opnieuw = stap(
        net, aansluiting, "aansluiten", datum="2026-05-13", aangesloten_op="2026-05-12", ean=ean(7)
    )
    assert opnieuw.status_code == 200 and aantal_historie(aansluiting) == rijen
    historie_api = net.get(f"/api/v1/netaansluitingen/{aansluiting.pk}/historie/").json()
    assert [r["transitie"] for r in historie_api] == [
        "aanmaken",
        "aanvragen",
        "registreren",
        "netcheck_goedkeuren",
        "opdracht_verstrekken",
        "aansluiten",
    ]
    assert (
        historie_api[-1]["door"].startswith("Systeemkoppeling")
        and historie_api[-1]["organisatie"] == "Netbeheer"
    )


def test_foute_velden_worden_elk_bij_naam_genoemd(wereld, verzonden):
    net = systeem(wereld.netbeheerder)
    aansluiting = verzonden[0]
    antwoord = stap(net, aansluiting, "netcheck_goedkeuren")
    assert antwoord.status_code == 400 and ongeldige_velden(antwoord) == {"werkvoorbereiding_gereed_op"}
    antwoord = stap(net, aansluiting, "netcheck_goedkeuren", werkvoorbereiding_gereed_op="2026-01-01")
    assert antwoord.status_code == 400 and ongeldige_velden(antwoord) == {"werkvoorbereiding_gereed_op"}
    assert "voor de aanvraag" in antwoord.json()["invalid_params"][0]["reason"]
    stap(net, aansluiting, "netcheck_goedkeuren", werkvoorbereiding_gereed_op="2026-04-30")
    stap(net, aansluiting, "opdracht_verstrekken", aannemer="X", aansluiting_gepland_op="2026-05-12")
    antwoord = stap(net, aansluiting, "aansluiten", aangesloten_op="2026-06-01", ean="871685900000000001")
    assert antwoord.status_code == 400 and ongeldige_velden(antwoord) == {"aangesloten_op", "ean"}
    assert "toekomst" in str(antwoord.json()) and "controlecijfer" in str(antwoord.json())
    antwoord = stap(net, aansluiting, "netcheck_afkeuren", reden="")
    assert antwoord.status_code == 409  # not from this state, whatever the body says
    assert Netaansluiting.objects.get(pk=aansluiting.pk).status == S.OPDRACHT_AANNEMER


def test_alleen_de_netbeheerder_meldt_stappen(wereld, verzonden):
    aansluiting = verzonden[0]
    for wie in (wereld.cpo_mw, wereld.gemeente_a_mw):
        antwoord = stap(api(wie), aansluiting, "registreren")
        assert antwoord.status_code == 403, wie
        assert (
            api(wie).get(f"/api/v1/netaansluitingen/{aansluiting.pk}/").json()["toegestane_transities"] == []
        )
    assert stap(api(wereld.gemeente_b_mw), aansluiting, "registreren").status_code == 404
    assert stap(api(wereld.netbeheerder_mw), aansluiting, "bestaat_niet").status_code == 404


def test_netcheck_afgekeurd_zet_de_cpo_aan_zet(wereld, verzonden):
    net = systeem(wereld.netbeheerder)
    antwoord = stap(net, verzonden[0], "netcheck_afkeuren", reden="Station vol tot 2028.")
    assert antwoord.status_code == 200 and antwoord.json()["afkeurreden"] == "Station vol tot 2028."
    realisatie = Realisatie.objects.get(locatie=verzonden[0].locatie)
    assert realisatie.termijn_stap == Stap.NET_HEROVERWEGEN and realisatie.termijn_organisatie == wereld.cpo
    assert wereld.cpo_mw.berichten.filter(onderwerp__startswith="Netaansluiting afgekeurd").exists()


def test_pollen_op_wat_veranderde(wereld, verzonden):
    net = systeem(wereld.netbeheerder)
    eerste, tweede = verzonden
    stap(net, tweede, "registreren", datum="2026-04-20")
    antwoord = net.get("/api/v1/netaansluitingen/", {"gewijzigd_sinds": "2026-04-15T00:00:00+00:00"}).json()
    assert [r["id"] for r in antwoord["results"]] == [tweede.pk]
    stap(net, eerste, "registreren", datum="2026-04-21")
    antwoord = net.get("/api/v1/netaansluitingen/", {"gewijzigd_sinds": "2026-04-20T10:00:00+00:00"}).json()
    assert [r["id"] for r in antwoord["results"]] == [tweede.pk, eerste.pk]  # in the order they changed
    fout = net.get("/api/v1/netaansluitingen/", {"gewijzigd_sinds": "gisteren"})
    assert fout.status_code == 400 and ongeldige_velden(fout) == {"gewijzigd_sinds"}
    assert net.get("/api/v1/netaansluitingen/", {"status": "netcheck"}).json()["count"] == 2
    assert net.get("/api/v1/netaansluitingen/", {"zoek": eerste.nummer}).json()["count"] == 1
    assert net.get("/api/v1/netaansluitingen/", {"gemeente": wereld.gemeente_b.pk}).json()["count"] == 0
    batch = Batch.objects.get()
    assert net.get("/api/v1/netaansluitingen/", {"batch": batch.pk}).json()["count"] == 2


def test_lijsten_zijn_gepagineerd_en_het_aantal_queries_groeit_niet_mee(wereld, proactief):
    proactief(60)
    with om("2026-04-14", 12):
        services.bundel()
        services.verstuur(Batch.objects.get(), wereld.cpo_mw)
    net = systeem(wereld.netbeheerder)
    eerste = net.get("/api/v1/netaansluitingen/").json()
    assert eerste["count"] == 60 and len(eerste["results"]) == 50 and eerste["next"]
    assert len(net.get(eerste["next"]).json()["results"]) == 10
    with CaptureQueriesContext(connection) as vijftig:
        net.get("/api/v1/netaansluitingen/")
    with CaptureQueriesContext(connection) as tien:
        net.get("/api/v1/netaansluitingen/", {"page": 2})
    assert len(vijftig) == len(tien)
    with CaptureQueriesContext(connection) as batch:
        antwoord = net.get(f"/api/v1/batches/{Batch.objects.get().pk}/").json()
    assert len(antwoord["netaansluitingen"]) == 60 and len(batch) < 15


def test_batches_via_de_api(wereld, proactief):
    proactief(3)
    with om("2026-04-14", 12):
        services.bundel()
    batch = Batch.objects.get()
    assert systeem(wereld.netbeheerder).get("/api/v1/batches/").json()["count"] == 0  # still being filled
    cpo = api(wereld.cpo_mw)
    rij = cpo.get(f"/api/v1/batches/{batch.pk}/").json()
    assert rij["status"] == "open" and rij["aantal"] == 3 and rij["toegestane_transities"] == ["verzenden"]
    assert api(wereld.cpo_ander_mw).get(f"/api/v1/batches/{batch.pk}/").status_code == 404
    with om("2026-04-15"):
        antwoord = cpo.post(f"/api/v1/batches/{batch.pk}/transities/verzenden/", {}, format="json")
        assert antwoord.status_code == 200 and antwoord.json()["status"] == "verzonden"
        assert (
            cpo.post(f"/api/v1/batches/{batch.pk}/transities/verzenden/", {}, format="json").status_code
            == 409
        )
    net = systeem(wereld.netbeheerder)
    lijst = net.get("/api/v1/batches/", {"gewijzigd_sinds": "2026-04-15T00:00:00+00:00"}).json()
    assert [b["nummer"] for b in lijst["results"]] == [batch.nummer]
    assert {a["status"] for a in lijst["results"][0]["netaansluitingen"]} == {"aangevraagd"}
    assert net.post(f"/api/v1/batches/{batch.pk}/transities/verzenden/", {}, format="json").status_code == 403
    assert [r["transitie"] for r in net.get(f"/api/v1/batches/{batch.pk}/historie/").json()] == [
        "openen",
        "verzenden",
    ]


def test_het_schema_beschrijft_de_netbeheerder_api_met_voorbeelden(wereld):
    schema = api(wereld.netbeheerder_mw).get("/api/v1/schema/", {"format": "json"}).json()
    assert "/api/v1/netaansluitingen/{id}/transities/{naam}/" in schema["paths"]
    assert "/api/v1/batches/" in schema["paths"]
    tekst = str(schema)
    assert "871685900012345674" in tekst and "gewijzigd_sinds" in tekst and "opdracht_verstrekken" in tekst


def test_api_token_voor_een_organisatie(wereld, capsys):
    from django.core.management import call_command

    call_command("api_token", organisatie="Netbeheer")
    sleutel = capsys.readouterr().out.strip()
    koppeling = Token.objects.get(key=sleutel).user
    assert koppeling.is_koppeling and koppeling.organisatie == wereld.netbeheerder
    assert not koppeling.has_usable_password()
    call_command("api_token", organisatie=str(wereld.netbeheerder.pk))
    assert capsys.readouterr().out.strip() == sleutel  # the same link, the same token


def test_de_systeemkoppeling_krijgt_geen_berichten_de_medewerkers_wel(wereld, definitief):
    from portal.models import Bericht

    koppeling = accounts.koppeling_van(wereld.netbeheerder)
    definitief(1)
    with om("2026-04-14", 12):
        services.bundel()
    assert Bericht.objects.filter(
        ontvanger=wereld.netbeheerder_mw, onderwerp__contains="1 aanvraag netaansluiting van"
    )
    assert not Bericht.objects.filter(ontvanger=koppeling).exists()
    assert not APIClient().login(email=koppeling.email, password="")  # it cannot log in


def test_aansluitadres_en_contactpersoon_via_de_api(wereld, verzonden):
    """The CPO sets where to connect and whom to call; the netbeheerder reads it; anyone else is refused, a
    wrong field is named, and once connected it is fixed (409)."""
    aansluiting = verzonden[0]
    url = f"/api/v1/netaansluitingen/{aansluiting.pk}/aansluitgegevens/"
    cpo = api(wereld.cpo_mw)
    fout = cpo.patch(url, {"postcode": "12", "huisnummer": 4}, format="json")
    assert fout.status_code == 400 and ongeldige_velden(fout) == {"postcode"}
    assert cpo.patch(url, {"contact_email": "geen-adres"}, format="json").status_code == 400
    antwoord = cpo.patch(
        url,
        {
            "postcode": "7311ab",
            "huisnummer": 12,
            "contactpersoon": "Sanne de Vries",
            "contact_email": "s@laad.nl",
        },
        format="json",
    )
    assert antwoord.status_code == 200
    assert {k: antwoord.json()[k] for k in ("postcode", "huisnummer", "contactpersoon", "contact_email")} == {
        "postcode": "7311 AB",
        "huisnummer": 12,
        "contactpersoon": "Sanne de Vries",
        "contact_email": "s@laad.nl",
    }
    # Only what was sent changes.
    assert cpo.patch(url, {"contact_telefoon": "055 123 4567"}, format="json").json()["postcode"] == "7311 AB"
    gelezen = systeem(wereld.netbeheerder).get(f"/api/v1/netaansluitingen/{aansluiting.pk}/").json()
    assert (gelezen["postcode"], gelezen["huisnummer"], gelezen["contact_telefoon"]) == (
        "7311 AB",
        12,
        "055 123 4567",
    )
    assert systeem(wereld.netbeheerder).patch(url, {"huisnummer": 3}, format="json").status_code == 403
    assert api(wereld.gemeente_b_mw).patch(url, {"huisnummer": 3}, format="json").status_code == 404
    assert historie.historie_van(aansluiting).filter(transitie="aansluitgegevens").exists()
    netbeheerder = systeem(wereld.netbeheerder)
    stap(netbeheerder, aansluiting, "netcheck_goedkeuren", werkvoorbereiding_gereed_op="2026-04-16")
    stap(
        netbeheerder,
        aansluiting,
        "opdracht_verstrekken",
        aannemer="Visser",
        aansluiting_gepland_op="2026-04-20",
    )
    stap(netbeheerder, aansluiting, "aansluiten", "2026-04-20", aangesloten_op="2026-04-20", ean=ean(1))
    assert cpo.patch(url, {"huisnummer": 3}, format="json").status_code == 409
