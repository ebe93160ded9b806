"""The realisation pages: the CPO's board in priority order and its half-year plan (printable and CSV), the
netbeheerder's work list, one realisation with each party's actions, documents behind access control."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from aanvragen.models import Aanvraag
from netaansluiting import services
from netaansluiting.models import Opleverdocument, Realisatie
from tests.conftest import PDF, WACHTWOORD
from tests.netaansluiting.conftest import D, aansluiting_van, om, tot_opdracht

pytestmark = pytest.mark.django_db


def ingelogd(client, gebruiker):
    client.login(email=gebruiker.email, password=WACHTWOORD)
    return client


@pytest.fixture
def drie(wereld, definitief, proactief):
    """Three realisations: two with a request (the second projected past its cap), one proactive (2027)."""
    paren = definitief(2)
    (proactieve,) = proactief(1)
    with om("2026-04-14", 12):
        services.bundel()
    for plek, _ in paren:
        tot_opdracht(aansluiting_van(plek), wereld)
    Aanvraag.objects.filter(pk=paren[1][1].pk).update(
        verwacht_gereed=D("2026-09-01"), maximum_gereed=D("2026-05-25")
    )
    proactieve.locatie.__class__.objects.filter(pk=proactieve.locatie_id).update(proactief_jaar=2027)
    return [Realisatie.objects.get(locatie=p) for p, _ in paren] + [
        Realisatie.objects.get(locatie=proactieve.locatie)
    ]


def test_het_bord_zet_het_risico_voorop_dan_de_oudste_aanvraag_dan_het_proactieve_jaar(client, wereld, drie):
    eerste, risico, proactieve = drie
    pagina = ingelogd(client, wereld.cpo_mw).get(reverse("netaansluiting:bord"))
    assert pagina.status_code == 200
    assert [r.pk for r in pagina.context["pagina"]] == [risico.pk, eerste.pk, proactieve.pk]
    tekst = pagina.content.decode()
    assert "risico &gt; 16 weken" in tekst and "proactief 2027" in tekst
    alleen_risico = client.get(reverse("netaansluiting:bord"), {"alleen_risico": "on"})
    assert [r.pk for r in alleen_risico.context["pagina"]] == [risico.pk]
    gezocht = client.get(reverse("netaansluiting:bord"), {"zoek": eerste.aansluiting.nummer})
    assert [r.pk for r in gezocht.context["pagina"]] == [eerste.pk]


def test_uitvoeringsplan_per_halfjaar_als_pagina_en_als_csv(client, wereld, drie):
    eerste, risico, _ = drie
    with om("2026-04-22"):
        services.plan_plaatsing(eerste, wereld.cpo_mw, plaatsing_gepland_op=D("2026-05-12"))
        services.plan_plaatsing(risico, wereld.cpo_mw, plaatsing_gepland_op=D("2026-07-02"))
    Aanvraag.objects.filter(locatie=risico.locatie).update(verwacht_gereed=D("2026-09-01"))  # still late
    ingelogd(client, wereld.cpo_mw)
    pagina = client.get(reverse("netaansluiting:plan"), {"jaar": 2026, "helft": 1})
    tekst = pagina.content.decode()
    assert pagina.context["aantal"] == 1 and "Mei 2026" in tekst and "Afdrukken" in tekst
    assert "Nog in te plannen" in tekst  # the proactive one without a date
    csv = client.get(reverse("netaansluiting:plan"), {"jaar": 2026, "helft": 2, "formaat": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert 'filename="uitvoeringsplan-2026-H2.csv"' in csv["Content-Disposition"]
    regels = csv.content.decode("utf-8-sig").splitlines()
    assert regels[0].startswith("plaatsing_gepland_op;gemeente;locatie") and len(regels) == 2
    velden = regels[1].split(";")
    assert velden[0] == "2026-07-02" and velden[1] == "Gemeente Apeldoorn" and "ja" in velden
    onzin = client.get(reverse("netaansluiting:plan"), {"jaar": "vorig", "helft": 3})
    assert (
        onzin.status_code == 200 and onzin.context["form"].errors
    )  # says what is wrong, shows this half-year


def test_de_gemeente_ziet_haar_realisaties_de_netbeheerder_en_anderen_niet(client, wereld, drie):
    eerste = drie[0]
    url = reverse("netaansluiting:realisatie", args=[eerste.pk])
    pagina = ingelogd(client, wereld.gemeente_a_mw).get(url)
    assert pagina.status_code == 200 and "Realisatiedatum vragen" in pagina.content.decode()
    assert "Plaatsing plannen" not in pagina.content.decode()
    for wie in (wereld.gemeente_b_mw, wereld.cpo_ander_mw, wereld.netbeheerder_mw):
        client.logout()
        assert ingelogd(client, wie).get(url).status_code == 404, wie
    client.logout()
    assert ingelogd(client, wereld.erijder).get(url).status_code == 404


def test_de_cpo_plant_in_de_pagina_en_een_fout_houdt_de_invoer(client, wereld, drie):
    eerste = drie[0]
    url = reverse("netaansluiting:realisatie", args=[eerste.pk])
    ingelogd(client, wereld.cpo_mw)
    fout = client.post(
        url, {"actie": "plannen", "plan-plaatsing_gepland_op": "2020-01-01", "plan-aannemer": "Eigen ploeg"}
    )
    assert fout.status_code == 400
    formulier = fout.context["formulieren"]["plannen"]
    assert "in het verleden" in str(formulier.errors) and formulier["aannemer"].value() == "Eigen ploeg"
    datum = (dt.date.today() + dt.timedelta(days=14)).isoformat()
    goed = client.post(
        url, {"actie": "plannen", "plan-plaatsing_gepland_op": datum, "plan-aannemer": "Eigen ploeg"}
    )
    assert goed.status_code == 302
    assert Realisatie.objects.get(pk=eerste.pk).plaatsing_gepland_op.isoformat() == datum


def test_opleverdocumenten_alleen_voor_cpo_en_gemeente(client, wereld, drie):
    eerste = drie[0]
    with om("2026-04-22"):
        services.plan_plaatsing(eerste, wereld.cpo_mw, plaatsing_gepland_op=D("2026-05-12"))
        document = services.voeg_document_toe(
            Realisatie.objects.get(pk=eerste.pk),
            wereld.cpo_mw,
            bestand=ContentFile(PDF, name='rapport "SAT".pdf'),
            soort=Opleverdocument.Soort.SAT,
        )
    url = reverse("netaansluiting:document", args=[document.pk])
    antwoord = ingelogd(client, wereld.gemeente_a_mw).get(url)
    assert antwoord.status_code == 200 and antwoord["Content-Type"] == "application/pdf"
    assert antwoord["Content-Security-Policy"] == "sandbox"
    assert f'filename="opleverdocument-{document.pk}.pdf"' in antwoord["Content-Disposition"]
    assert b"".join(antwoord.streaming_content) == PDF
    client.logout()
    assert ingelogd(client, wereld.gemeente_b_mw).get(url).status_code == 404


def test_werklijst_van_de_netbeheerder(client, wereld, drie):
    ingelogd(client, wereld.netbeheerder_mw)
    pagina = client.get(reverse("netaansluiting:aansluitingen"))
    assert pagina.status_code == 200
    # The proactive one still waits for its batch: it has not reached the netbeheerder yet.
    assert {a.pk for a in pagina.context["pagina"]} == {r.aansluiting_id for r in drie[:2]}
    opdracht = client.get(reverse("netaansluiting:aansluitingen"), {"status": "opdracht_aannemer"})
    assert {a.pk for a in opdracht.context["pagina"]} == {r.aansluiting_id for r in drie[:2]}
    assert not client.get(reverse("netaansluiting:aansluitingen"), {"status": "te_bundelen"}).context[
        "pagina"
    ]
    client.logout()
    ander = ingelogd(client, wereld.netbeheerder_ander_mw)
    assert not ander.get(reverse("netaansluiting:aansluitingen")).context["pagina"].object_list
    assert ander.get(reverse("netaansluiting:aansluiting", args=[drie[0].aansluiting_id])).status_code == 404


def test_de_cpo_vraagt_een_aansluiting_aan_voor_een_definitieve_locatie_zonder(client, wereld, locatie_op):
    from plankaart.models import Locatie

    plek = locatie_op(200, status=Locatie.Status.DEFINITIEF)
    ingelogd(client, wereld.cpo_mw)
    pagina = client.get(reverse("netaansluiting:bord"))
    assert plek in pagina.context["zonder_aansluiting"]
    url = reverse("netaansluiting:aanvragen", args=[plek.pk])
    client.post(url, {"aanvragen-capaciteit": "veel"})
    assert not plek.netaansluitingen.exists()
    client.post(url, {"aanvragen-capaciteit": "3x35a"})
    assert plek.netaansluitingen.get().capaciteit == "3x35A"
    client.logout()
    ingelogd(client, wereld.gemeente_a_mw)
    assert client.post(url, {"aanvragen-capaciteit": "3x25A"}).status_code == 404
