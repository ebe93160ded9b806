"""Staff land on what waits for them: the cases where their organisation is at turn, soonest due first, each
through its own access rule; a case waiting for someone else is not on the list."""

import pytest
from django.urls import reverse

from tests.conftest import IN_A, om, punt_bij

pytestmark = pytest.mark.django_db


def test_personeel_landt_op_wat_op_hen_wacht(client, wereld, dien_in):
    with om("2026-02-02"):
        eerste = dien_in(straat="Loolaan")
    with om("2026-02-04"):
        tweede = dien_in(aanvrager=wereld.erijder2, straat="Deventerstraat")
    client.force_login(wereld.cpo_mw)
    with om("2026-02-05"):
        assert client.get(reverse("start"))["Location"] == reverse("werk")
        pagina = client.get(reverse("werk"))
    tekst = pagina.content.decode()
    assert pagina.status_code == 200
    assert eerste.nummer in tekst and tweede.nummer in tekst
    assert tekst.index(eerste.nummer) < tekst.index(tweede.nummer)  # the soonest due first
    assert "Loolaan, Apeldoorn" in tekst and "7311" not in tekst  # street level, no postcode
    assert "Toetsing van de aanvraag" in tekst
    # The gemeente is not at turn for a request the CPO checks: its list does not show it.
    client.force_login(wereld.gemeente_a_mw)
    tekst = client.get(reverse("werk")).content.decode()
    assert eerste.nummer not in tekst and "Er wacht nu niets op Gemeente Apeldoorn" in tekst
    # Another CPO, serving other gemeenten, sees none of it.
    client.force_login(wereld.cpo_ander_mw)
    assert eerste.nummer not in client.get(reverse("werk")).content.decode()


def test_e_rijder_heeft_geen_werkvoorraad(client, wereld):
    client.force_login(wereld.erijder)
    assert client.get(reverse("werk"))["Location"] == reverse("start")


def test_werkvoorraad_kost_een_vraag_per_soort(client, wereld, dien_in, django_assert_max_num_queries):
    for i in range(6):
        lat, lon = punt_bij(*IN_A, noord_m=400 * i)
        dien_in(straat=f"Straat {i}", lat=lat, lon=lon)
    client.force_login(wereld.cpo_mw)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("werk")).status_code == 200



def test_een_proactief_plan_staat_bij_wie_aan_zet_is(client, wereld, dien_in, locatie_op):
    """The plan's open steps appear on the landing page of the organisation at turn, with the term date,
    among the other cases soonest due first; never for the provincie, the netbeheerder or another gemeente."""
    from plankaart.modellen_proactief import ProactiefPlan, Prognose
    from plankaart.services import proactief

    Prognose.objects.create(provincie=wereld.provincie, gemeente=wereld.gemeente_a, jaar=2027, laadpunten_nodig=47)
    with om("2026-12-01"):
        plan = proactief.maak_plan(wereld.provincie_mw, wereld.gemeente_a, 2027)
    assert plan.termijn_uiterlijk.isoformat() == "2027-01-12"
    naam = "Proactief plan Gemeente Apeldoorn 2027"

    def werk(wie):
        client.force_login(wie)
        return client.get(reverse("werk")).content.decode()

    with om("2026-12-02"):
        for wie in (wereld.gemeente_a_mw, wereld.gemeente_a_medewerker):
            tekst = werk(wie)
            assert naam in tekst and "Proactieve locaties selecteren" in tekst
            assert 'datetime="2027-01-12"' in tekst
        for wie in (wereld.cpo_mw, wereld.provincie_mw, wereld.netbeheerder_mw, wereld.gemeente_b_mw):
            assert naam not in werk(wie), wie
    # After participation the CPO checks: now the CPO is at turn, sorted among its requests by due date.
    with om("2026-12-02"):
        proactief.selecteer(plan, wereld.gemeente_a_medewerker, [locatie_op(300)])
        proactief.start_inspraak(plan, wereld.gemeente_a_medewerker)
    ProactiefPlan.objects.filter(pk=plan.pk).update(inspraak_tot="2027-01-31")
    with om("2027-02-01"):
        plan = proactief.sluit_inspraak(plan, wereld.gemeente_a_medewerker)
    assert plan.termijn_organisatie == wereld.cpo and plan.termijn_uiterlijk.isoformat() == "2027-02-16"
    with om("2027-02-05"):
        vroeg = dien_in(straat="Loolaan")  # its check is due on 10 February, before the plan's step
    lat, lon = punt_bij(*IN_A, 900)
    with om("2027-02-12"):
        laat = dien_in(aanvrager=wereld.erijder2, straat="Deventerstraat", lat=lat, lon=lon)  # due 17 February
    with om("2027-02-13"):
        tekst = werk(wereld.cpo_mw)
        assert naam in tekst and "Proactieve locaties toetsen" in tekst
        assert tekst.index(vroeg.nummer) < tekst.index(naam) < tekst.index(laat.nummer)
        assert naam not in werk(wereld.gemeente_a_mw)
