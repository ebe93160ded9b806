"""One request from the E-rijder's submission to a charging point in the street and a closed case, through
every party's steps (issues 2 to 6), each on time: the service levels hold and the 16 weeks are met."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from aanvragen import services as aanvraagservices
from aanvragen.models import Aanvraag
from netaansluiting import services
from netaansluiting.models import Netaansluiting, Opleverdocument, Realisatie
from plankaart import services as plankaartservices
from plankaart.models import Locatie
from portal import accounts, historie
from portal.models import Bericht
from portal.servicetermijnen import Stap
from tests.conftest import PDF, gegevens, punt_bij
from tests.netaansluiting.conftest import D, ean, om
from verkeersbesluiten import services as besluitservices
from verkeersbesluiten.models import Verkeersbesluit

pytestmark = pytest.mark.django_db


def test_van_aanvraag_tot_laadpaal_in_de_straat_binnen_de_termijnen(wereld, locatie_op):
    plek = locatie_op(120)
    lat, lon = punt_bij(plek.lat, plek.lon, -120)

    def stap_en_termijn(zaak):
        zaak.refresh_from_db()
        return zaak.termijn_stap, zaak.termijn_uiterlijk

    # Issue 2: the E-rijder submits; the receipt goes out at once; the CPO checks within 5 days.
    with om("2026-02-02"):
        aanvraag = aanvraagservices.dien_in(
            wereld.erijder, gegevens(wereld.gemeente_a, lat=lat, lon=lon), ContentFile(PDF), "bewijs.pdf"
        )
    assert aanvraag.maximum_gereed == D("2026-05-25")  # 16 weeks
    assert stap_en_termijn(aanvraag) == (Stap.TOETSING, D("2026-02-07"))
    with om("2026-02-04"):
        aanvraag = aanvraagservices.goedkeuren(aanvraag, wereld.cpo_mw)
    assert stap_en_termijn(aanvraag) == (Stap.LOCATIE_BEPALEN, D("2026-02-14"))

    # Issue 4: the CPO picks the plankaart spot within 250 m; the gemeente approves it.
    with om("2026-02-09"):
        aanvraag = plankaartservices.kies(aanvraag, plek, wereld.cpo_mw)
    assert stap_en_termijn(plek) == (Stap.LOCATIE_BEOORDELEN, D("2026-02-19"))
    with om("2026-02-12"):
        plankaartservices.keur_goed(plek, wereld.gemeente_a_mw)

    # Issue 5: the verkeersbesluit, its objection term, definitive by the sweep the day after.
    with om("2026-02-13"):
        besluit = besluitservices.maak_concept(
            wereld.gemeente_a, wereld.gemeente_a_mw, titel="Laadpaal", locaties=[plek]
        )
        besluit = besluitservices.publiceer(
            besluit, wereld.gemeente_a_mw, bekendmaking_op=D("2026-02-13"), vindplaats="Gemeenteblad 2026, 7"
        )
    assert besluit.bezwaartermijn_einde == D("2026-03-27")
    with om("2026-03-27", 20):
        assert besluitservices.maak_definitief_wat_klaar_is()["definitief"] == 0
    with om("2026-03-28", 0):
        assert besluitservices.maak_definitief_wat_klaar_is()["definitief"] == 1
    assert Verkeersbesluit.objects.get().status == Verkeersbesluit.Status.DEFINITIEF

    # Issue 6: the connection goes out at once (E-rijder lane); the netbeheerder's system reports over REST.
    with om("2026-03-28", 1):
        services.bundel()
    aansluiting = Netaansluiting.objects.get()
    assert stap_en_termijn(aansluiting) == (Stap.NETAANSLUITING, D("2026-04-27"))
    net = APIClient()
    net.credentials(
        HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=accounts.koppeling_van(wereld.netbeheerder)).key}"
    )
    url = f"/api/v1/netaansluitingen/{aansluiting.pk}/transities"
    for datum, naam, data in (
        ("2026-03-30", "registreren", {"kenmerk_netbeheerder": "NG-1"}),
        ("2026-04-01", "netcheck_goedkeuren", {"werkvoorbereiding_gereed_op": "2026-04-07"}),
        (
            "2026-04-08",
            "opdracht_verstrekken",
            {"aannemer": "Volker Energie", "aansluiting_gepland_op": "2026-04-14"},
        ),
    ):
        with om(datum):
            assert net.post(f"{url}/{naam}/", data, format="json").status_code == 200, naam
    realisatie = Realisatie.objects.get()
    assert stap_en_termijn(realisatie) == (Stap.PLAATSING_PLANNEN, D("2026-04-23"))
    with om("2026-04-09"):
        realisatie = services.plan_plaatsing(realisatie, wereld.cpo_mw, plaatsing_gepland_op=D("2026-04-14"))
    assert stap_en_termijn(realisatie) == (Stap.ENERGIECONTRACT, D("2026-04-14"))
    with om("2026-04-10"):
        realisatie = services.vraag_energiecontract_aan(
            realisatie,
            wereld.cpo_mw,
            energieleverancier="Vattenfall",
            energiecontract_aangevraagd_op=D("2026-04-10"),
        )
    assert stap_en_termijn(realisatie) == (Stap.OPLEVERING, D("2026-04-15"))
    with om("2026-04-14"):
        assert (
            net.post(
                f"{url}/aansluiten/", {"aangesloten_op": "2026-04-14", "ean": ean(1)}, format="json"
            ).status_code
            == 200
        )
    with om("2026-04-14", 16):
        services.voeg_document_toe(
            realisatie,
            wereld.cpo_mw,
            bestand=ContentFile(PDF, name="SAT.pdf"),
            soort=Opleverdocument.Soort.SAT,
        )
        realisatie = services.leg_sat_vast(
            realisatie, wereld.cpo_mw, geplaatst_op=D("2026-04-14"), sat_op=D("2026-04-14"), geslaagd=True
        )
    with om("2026-04-17"):
        services.meld_gerealiseerd(realisatie, wereld.gemeente_a_mw)

    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.GEREALISEERD
    assert Locatie.objects.get(pk=plek.pk).status == Locatie.Status.GEREALISEERD
    # The lead time from the append-only history: submitted to delivered, within the 16 weeks.
    rijen = list(historie.historie_van(aanvraag))
    ingediend = next(r.op for r in rijen if r.transitie == "indienen")
    opgeleverd = next(r.op for r in rijen if r.transitie == "locatie_volgen" and r.naar == "opgeleverd")
    assert (opgeleverd.date() - ingediend.date()) == dt.timedelta(days=71)
    assert opgeleverd.date() <= aanvraag.maximum_gereed
    # The E-rijder heard of every step, in order.
    onderwerpen = list(
        Bericht.objects.filter(ontvanger=wereld.erijder)
        .order_by("aangemaakt_op", "pk")
        .values_list("onderwerp", flat=True)
    )
    for begin in (
        "Ontvangstbevestiging",
        "Uw aanvraag",
        "Plek gekozen",
        "De gemeente keurde de plek",
        "Verkeersbesluit gepubliceerd",
        "Het verkeersbesluit",
        "Aansluiting op het net aangevraagd",
        "Plaatsing gepland",
        "Uw laadpaal staat er",
        f"Aanvraag {aanvraag.nummer} is afgerond",
    ):
        assert any(o.startswith(begin) for o in onderwerpen), (begin, onderwerpen)
        onderwerpen = onderwerpen[next(i for i, o in enumerate(onderwerpen) if o.startswith(begin)) + 1 :]
