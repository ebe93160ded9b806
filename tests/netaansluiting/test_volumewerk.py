"""The netbeheerder's volume work on a batch: register all, one step for the ticked connections in one form
(80 of them: the step's queries and the page's flat in their number, one message per CPO), a CSV of steps with a dry run that keeps nothing, the batch as CSV, and a
date that contradicts the plan refused with the reason."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from netaansluiting import services
from netaansluiting.models import Batch, Netaansluiting, Realisatie
from portal import historie
from portal.models import Bericht
from tests.netaansluiting.conftest import D, ean, om

pytestmark = pytest.mark.django_db
S = Netaansluiting.Status


@pytest.fixture
def volle_batch(wereld, proactief, client):
    proactief(80)
    with om("2026-04-14", 12):
        services.bundel()
    client.force_login(wereld.netbeheerder_mw)
    return Batch.objects.get()


def test_80_aansluitingen_in_een_formulier(client, wereld, volle_batch):
    url = reverse("netaansluiting:batch", args=[volle_batch.pk])
    with om("2026-04-15"):
        antwoord = client.post(url, {"actie": "alles_registreren"})
    assert antwoord.status_code == 302
    assert set(Netaansluiting.objects.values_list("status", flat=True)) == {S.NETCHECK}
    ids = sorted(Netaansluiting.objects.values_list("pk", flat=True))

    def stap(gekozen, naam, **velden):
        with CaptureQueriesContext(connection) as queries:
            antwoord = client.post(
                url,
                {
                    "actie": "stap_voor_geselecteerd",
                    "aansluitingen": gekozen,
                    "bulk-stap": naam,
                    **{f"bulk-{veld}": waarde for veld, waarde in velden.items()},
                },
            )
        assert antwoord.status_code == 302
        return len(queries)

    berichten_voor = Bericht.objects.filter(ontvanger=wereld.cpo_mw).count()
    with om("2026-04-16"):
        # The step for 3 ticked connections and for the other 77 costs the same queries: flat in their number.
        assert stap(ids[:3], "netcheck_goedkeuren", datum="2026-05-01") == stap(
            ids[3:], "netcheck_goedkeuren", datum="2026-05-01"
        )
    assert set(Netaansluiting.objects.values_list("status", flat=True)) == {S.WERKVOORBEREIDING}
    assert set(Netaansluiting.objects.values_list("werkvoorbereiding_gereed_op", flat=True)) == {
        D("2026-05-01")
    }
    # The CPO hears once per step, with every location on its own line, not 80 times.
    nieuw = Bericht.objects.filter(ontvanger=wereld.cpo_mw).order_by("pk")[berichten_voor:]
    assert [b.onderwerp for b in nieuw] == [
        "Netcheck goedgekeurd voor 3 locaties",
        "Netcheck goedgekeurd voor 77 locaties",
    ]
    assert nieuw[1].tekst.count("\n- ") == 77
    with om("2026-04-20"):
        # The first step of a new day reads that day's terms once per process (portal.procesgeheugen): warm up.
        stap(ids[:1], "opdracht_verstrekken", datum="2026-06-01", aannemer="Visser")
        assert stap(ids[1:4], "opdracht_verstrekken", datum="2026-06-01", aannemer="Visser") == stap(
            ids[4:], "opdracht_verstrekken", datum="2026-06-01", aannemer="Visser"
        )
    assert set(Netaansluiting.objects.values_list("status", flat=True)) == {S.OPDRACHT_AANNEMER}
    # Their realisations moved on as after single steps: the CPO's term to plan the placement runs.
    realisaties = Realisatie.objects.filter(locatie__netaansluitingen__in=ids)
    assert {(r.status, r.termijn_stap, r.termijn_organisatie_id, r.aannemer) for r in realisaties} == {
        (Realisatie.Status.TE_PLANNEN, "plaatsing_plannen", wereld.cpo.pk, "Visser")
    }
    assert realisaties.count() == 80
    # Each connection has its own history row, as after a single step.
    for aansluiting in Netaansluiting.objects.all()[:3]:
        stappen = [(r.transitie, r.van, r.naar) for r in historie.historie_van(aansluiting).order_by("pk")]
        assert stappen[-2:] == [
            ("netcheck_goedkeuren", S.NETCHECK, S.WERKVOORBEREIDING),
            ("opdracht_verstrekken", S.WERKVOORBEREIDING, S.OPDRACHT_AANNEMER),
        ]
    # The batch page with 80 connections: the same number of queries as with a few.
    with CaptureQueriesContext(connection) as tachtig:
        assert client.get(url).status_code == 200
    volle_batch.regels.exclude(netaansluiting__in=ids[:3]).delete()
    with CaptureQueriesContext(connection) as drie:
        assert client.get(url).status_code == 200
    assert len(tachtig) == len(drie)


def test_stap_zonder_keuze_of_datum_zegt_wat_ontbreekt(client, volle_batch):
    url = reverse("netaansluiting:batch", args=[volle_batch.pk])
    with om("2026-04-15"):
        antwoord = client.post(url, {"actie": "stap_voor_geselecteerd", "bulk-stap": "netcheck_goedkeuren"})
    tekst = antwoord.content.decode()
    assert antwoord.status_code == 400
    assert "Kies ten minste één netaansluiting" in tekst and "Vul de datum in" in tekst


def test_csv_met_proef_en_echt(client, wereld, volle_batch):
    url = reverse("netaansluiting:batch", args=[volle_batch.pk])
    eerste, tweede = Netaansluiting.objects.order_by("pk")[:2]
    with om("2026-04-15"):
        for a in (eerste, tweede):
            services.netbeheerderstap(a, "registreren", wereld.netbeheerder_mw)
            services.netbeheerderstap(
                Netaansluiting.objects.get(pk=a.pk),
                "netcheck_goedkeuren",
                wereld.netbeheerder_mw,
                werkvoorbereiding_gereed_op=D("2026-04-20"),
            )
    csv = (
        "nummer;stap;datum;aannemer;ean;kenmerk;reden\n"
        f"{eerste.nummer};opdracht_verstrekken;2026-04-22;Volker Energie;;;\n"
        f"{eerste.nummer};aansluiten;2026-04-24;;{ean(1)};;\n"
        # connected before its work preparation is done: refused, with the reason
        f"{tweede.nummer};opdracht_verstrekken;2026-04-18;Volker Energie;;;\n"
        "NA-9999;registreren;;;;;\n"
    ).encode()

    def stuur(proef):
        data = {"actie": "csv_stappen", "csv-bestand": SimpleUploadedFile("stappen.csv", csv, "text/csv")}
        if proef:
            data["csv-proef"] = "on"
        with om("2026-04-25"):
            return client.post(url, data)

    proef = stuur(True)
    tekst = proef.content.decode()
    assert proef.status_code == 200 and "Proef: zo zou het gaan" in tekst and "2 gelukt" in tekst
    assert "ligt voor de datum waarop de werkvoorbereiding gereed is" in tekst
    assert "Onbekend nummer" in tekst
    eerste.refresh_from_db()
    assert eerste.status == S.WERKVOORBEREIDING  # the dry run kept nothing
    echt = stuur(False)
    assert echt.status_code == 400 and "2 gelukt" in echt.content.decode()
    eerste.refresh_from_db()
    tweede.refresh_from_db()
    assert eerste.status == S.AANGESLOTEN and eerste.ean == ean(1)
    assert tweede.status == S.WERKVOORBEREIDING


def test_batch_als_csv(client, volle_batch):
    antwoord = client.get(reverse("netaansluiting:batch", args=[volle_batch.pk]), {"formaat": "csv"})
    assert antwoord["Content-Type"].startswith("text/csv")
    regels = antwoord.content.decode().strip().splitlines()
    assert regels[0].startswith("nummer;stap;datum;aannemer;ean;kenmerk;reden;status")
    assert len(regels) == 81


def test_aansluitadres_en_contactpersoon(client, wereld, volle_batch):
    aansluiting = Netaansluiting.objects.order_by("pk").first()
    url = reverse("netaansluiting:aansluiting", args=[aansluiting.pk])
    client.force_login(wereld.cpo_mw)
    fout = client.post(
        url, {"actie": "aansluitgegevens", "gegevens-postcode": "7311ab", "gegevens-huisnummer": ""}
    )
    assert fout.status_code == 400 and "Vul bij de postcode ook het huisnummer in." in fout.content.decode()
    assert 'value="7311ab"' in fout.content.decode()  # what was typed stays
    goed = client.post(
        url,
        {
            "actie": "aansluitgegevens",
            "gegevens-postcode": "7311ab",
            "gegevens-huisnummer": "12",
            "gegevens-contactpersoon": "Petra Plan",
            "gegevens-contact_telefoon": "055 123 4567",
            "gegevens-contact_email": "petra@cpo.example",
        },
    )
    assert goed.status_code == 302
    aansluiting.refresh_from_db()
    assert (aansluiting.postcode, aansluiting.huisnummer, aansluiting.contactpersoon) == (
        "7311 AB",
        12,
        "Petra Plan",
    )
    assert historie.historie_van(aansluiting).last().transitie == "aansluitgegevens"
    # The netbeheerder reads them, in the page and in the batch CSV, and cannot change them.
    client.force_login(wereld.netbeheerder_mw)
    pagina = client.get(url).content.decode()
    assert "7311 AB 12" in pagina and "Petra Plan" in pagina and "gegevens-postcode" not in pagina
    csv = client.get(
        reverse("netaansluiting:batch", args=[volle_batch.pk]), {"formaat": "csv"}
    ).content.decode()
    assert f"{aansluiting.nummer};" in csv and "7311 AB;12" in csv


def test_een_stap_voor_velen_doet_wat_losse_stappen_doen(wereld, definitief):
    """Two locations with an E-rijder's request each: one connection stepped alone, the other in the bulk path.
    Connection, realisation, request (its stage, term and projection) and figures end the same; a connection
    that cannot take the step is named with the reason and leaves the other done."""
    from aanvragen.models import Aanvraag
    from netaansluiting.services.netbeheerder import netbeheerderstap_voor_velen
    from portal.kengetallen.models import Fase

    (los, los_aanvraag), (samen, samen_aanvraag) = definitief(2)
    with om("2026-04-14", 12):
        services.bundel()
    los_aansluiting, samen_aansluiting = (Netaansluiting.objects.get(locatie=p) for p in (los, samen))
    door = wereld.netbeheerder_mw
    with om("2026-04-16"):
        los_aansluiting = services.netbeheerderstap(
            los_aansluiting, "netcheck_goedkeuren", door, werkvoorbereiding_gereed_op=D("2026-05-01")
        )
        gezet, fouten = netbeheerderstap_voor_velen(
            [samen_aansluiting, los_aansluiting],
            "netcheck_goedkeuren",
            door,
            werkvoorbereiding_gereed_op=D("2026-05-01"),
        )
    # The one already approved with the same date is a repeat: done, nothing written twice.
    assert sorted(a.pk for a in gezet) == sorted([los_aansluiting.pk, samen_aansluiting.pk]) and not fouten
    with om("2026-04-20"):
        services.netbeheerderstap(
            los_aansluiting,
            "opdracht_verstrekken",
            door,
            aannemer="Visser",
            aansluiting_gepland_op=D("2026-06-01"),
        )
        gezet, fouten = netbeheerderstap_voor_velen(
            [samen_aansluiting],
            "opdracht_verstrekken",
            door,
            aannemer="Visser",
            aansluiting_gepland_op=D("2026-06-01"),
        )
    assert [a.pk for a in gezet] == [samen_aansluiting.pk] and not fouten

    def toestand(aansluiting, aanvraag):
        aansluiting = Netaansluiting.objects.get(pk=aansluiting.pk)
        realisatie = Realisatie.objects.get(locatie=aansluiting.locatie_id)
        aanvraag = Aanvraag.objects.get(pk=aanvraag.pk)
        fase = Fase.objects.filter(aanvraag=aanvraag).order_by("-pk")
        fase = fase.values_list("stap", "partij", "partij_organisatie_id", "uiterlijk").first()
        return (
            aansluiting.status,
            [
                (r.transitie, r.van, r.naar, r.door_id)
                for r in historie.historie_van(aansluiting).order_by("pk")
            ],
            (realisatie.status, realisatie.termijn_stap, realisatie.termijn_uiterlijk, realisatie.aannemer),
            (aanvraag.status, aanvraag.verwacht_gereed, aanvraag.slechtst_gereed),
            fase,
        )

    assert toestand(samen_aansluiting, samen_aanvraag) == toestand(los_aansluiting, los_aanvraag)

    # A third step that cannot be taken (already past it) is refused by number, with the reason.
    with om("2026-04-21"):
        gezet, fouten = netbeheerderstap_voor_velen(
            [samen_aansluiting], "netcheck_goedkeuren", door, werkvoorbereiding_gereed_op=D("2026-05-02")
        )
    assert gezet == [] and [type(f).__name__ for _a, f in fouten] == ["NietToegestaan"]


def test_alleen_de_netbeheerder_zet_stappen_voor_de_batch(client, wereld, volle_batch):
    """The CPO sees the batch but may not take the netbeheerder's volume steps: 403, nothing moved."""
    client.force_login(wereld.cpo_mw)
    url = reverse("netaansluiting:batch", args=[volle_batch.pk])
    assert client.get(url).status_code == 200
    with om("2026-04-15"):
        assert client.post(url, {"actie": "alles_registreren"}).status_code == 403
    assert not Netaansluiting.objects.filter(status=S.NETCHECK).exists()
