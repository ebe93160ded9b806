"""The realisation's terms are columns like every other step: the term watch reminds and escalates the
netbeheerder and the CPO, and the request's work list and projection follow whoever carries the term."""

import pytest
from django.urls import reverse

from aanvragen import selectors as aanvraagselectors
from aanvragen.models import Aanvraag
from netaansluiting import services
from netaansluiting.models import Netaansluiting
from portal import bewaking
from portal.models import Bericht
from tests.conftest import WACHTWOORD
from tests.netaansluiting.conftest import D, aansluiting_van, om

pytestmark = pytest.mark.django_db


def test_de_netbeheerder_wordt_herinnerd_en_na_de_termijn_geescaleerd(wereld, definitief):
    ((plek, aanvraag),) = definitief(1)
    with om("2026-04-14", 12):
        services.bundel()
    aansluiting = aansluiting_van(plek)
    # Due on Ascension Day; the Friday after is equated with a holiday (2026): escalation on Monday 18 May.
    assert aansluiting.termijn_uiterlijk == D("2026-05-14")
    assert (aansluiting.termijn_herinneren_op, aansluiting.termijn_escaleren_op) == (
        D("2026-05-12"),
        D("2026-05-18"),
    )
    with om("2026-05-12"):
        assert bewaking.bewaak()["herinneringen"] == 1
    with om("2026-05-15"):
        assert bewaking.bewaak()["escalaties"] == 0
    with om("2026-05-18"):
        assert bewaking.bewaak()["escalaties"] == 1
    (escalatie,) = Bericht.objects.filter(
        ontvanger=wereld.netbeheerder_mw, onderwerp__startswith="Termijn verstreken"
    )
    assert aansluiting.nummer in escalatie.onderwerp
    assert escalatie.link == reverse("netaansluiting:aansluiting", args=[aansluiting.pk])
    assert not Bericht.objects.filter(
        ontvanger=wereld.cpo_mw, onderwerp__startswith="Termijn verstreken"
    ).exists()

    # The CPO's work list shows the request waiting for the netbeheerder, overdue.
    with om("2026-05-18"):
        rij = aanvraagselectors.werklijst(
            wereld.cpo_mw, aanvraagselectors.Werklijstfilter(alleen_te_laat=True)
        ).get()
    assert rij.pk == aanvraag.pk and rij.lopend_uiterlijk == D("2026-05-14")
    assert rij.lopende_termijn.termijn_organisatie == wereld.netbeheerder


def test_de_verwachting_van_de_erijder_volgt_de_aansluiting_en_de_planning(client, wereld, definitief):
    ((plek, aanvraag),) = definitief(1)
    with om("2026-04-14", 12):
        services.bundel()
    aanvraag = Aanvraag.objects.get(pk=aanvraag.pk)
    # 30 days for the grid, then 15 + 5 + 5 for the CPO: 14 May, 29 May, 3 June, 8 June.
    assert aanvraag.verwacht_gereed == D("2026-06-08")
    client.login(email=wereld.erijder.email, password=WACHTWOORD)
    with om("2026-04-15"):
        pagina = client.get(reverse("aanvragen:detail", args=[aanvraag.pk])).content.decode()
    assert "Aansluiting op het net aangevraagd" in pagina
    assert "De netbeheerder controleert het net" in pagina and "donderdag 14 mei 2026" in pagina
    with om("2026-04-20"):
        services.netbeheerderstap(
            aansluiting_van(plek),
            "netcheck_goedkeuren",
            wereld.netbeheerder_mw,
            werkvoorbereiding_gereed_op=D("2026-04-24"),
        )
        services.netbeheerderstap(
            Netaansluiting.objects.get(locatie=plek),
            "opdracht_verstrekken",
            wereld.netbeheerder_mw,
            aannemer="Volker Energie",
            aansluiting_gepland_op=D("2026-05-12"),
        )
    # Sooner than the full term: the projection moves up (5 May for the planning, then 10 and 15 May). 15 May
    # is an equated day (Atw) and 14 May Hemelvaart: nobody places then, so the worst case rolls on to Monday
    # 18 May, the expected day back to Wednesday 13 May.
    aanvraag = Aanvraag.objects.get(pk=aanvraag.pk)
    assert (aanvraag.slechtst_gereed, aanvraag.verwacht_gereed) == (D("2026-05-18"), D("2026-05-13"))


def test_een_plaatsing_na_de_termijn_schuift_de_verwachting_op(wereld, definitief):
    from netaansluiting.models import Realisatie
    from tests.netaansluiting.conftest import tot_opdracht

    ((plek, aanvraag),) = definitief(1)
    with om("2026-04-14", 12):
        services.bundel()
    tot_opdracht(aansluiting_van(plek), wereld)
    with om("2026-04-22"):
        services.plan_plaatsing(
            Realisatie.objects.get(locatie=plek), wereld.cpo_mw, plaatsing_gepland_op=D("2026-06-30")
        )
    # Energy contract by 27 April and delivery by 2 May would be the terms; the contractor comes on 30 June.
    assert Aanvraag.objects.get(pk=aanvraag.pk).verwacht_gereed == D("2026-06-30")
