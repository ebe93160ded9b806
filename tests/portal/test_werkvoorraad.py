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
