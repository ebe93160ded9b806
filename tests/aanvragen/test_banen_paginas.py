"""The gemeente lane in the browser: the form keeps what was typed and names each error, the request lands on
the CPO's work list with its lane, the CPO rejects with a reason code, and the gemeente follows the timeline."""

import pytest

from aanvragen.models import Aanvraag, Bron
from tests.conftest import IN_A, om

pytestmark = pytest.mark.django_db


def formulier(wereld, **anders):
    data = {
        "gemeente": wereld.gemeente_a.pk,
        "lat": IN_A[0],
        "lon": IN_A[1],
        "omschrijving": "Winkelstraat, bij de bibliotheek",
        "motivering": "Bezoekers van het centrum laden hier.",
        "laadpunten": 4,
    }
    data.update(anders)
    return data


def test_de_gemeente_vraagt_aan_in_de_browser(client, wereld):
    client.force_login(wereld.gemeente_a_medewerker)
    pagina = client.get("/aanvragen/locatie-aanvragen/")
    assert pagina.status_code == 200 and "Een laadlocatie aanvragen" in pagina.content.decode()
    with om("2026-03-02"):
        antwoord = client.post("/aanvragen/locatie-aanvragen/", formulier(wereld))
    aanvraag = Aanvraag.objects.get()
    assert antwoord.status_code == 302 and antwoord["Location"] == f"/aanvragen/{aanvraag.pk}/behandelen/"
    assert aanvraag.bron == Bron.GEMEENTE
    pagina = client.get(antwoord["Location"]).content.decode()
    assert "Winkelstraat, bij de bibliotheek" in pagina and "Bezoekers van het centrum" in pagina


def test_een_fout_formulier_houdt_vast_wat_is_ingevuld(client, wereld):
    client.force_login(wereld.gemeente_a_mw)
    antwoord = client.post("/aanvragen/locatie-aanvragen/", formulier(wereld, motivering="", lat=""))
    assert antwoord.status_code == 400
    tekst = antwoord.content.decode()
    assert "Schrijf op waarom hier een laadpaal nodig is." in tekst and "Zet de pin op de kaart" in tekst
    assert "Winkelstraat, bij de bibliotheek" in tekst
    assert not Aanvraag.objects.exists()


def test_alleen_gemeente_en_cpo(client, wereld):
    for wie in (wereld.netbeheerder_mw, wereld.provincie_mw, wereld.erijder):
        client.force_login(wie)
        assert client.get("/aanvragen/locatie-aanvragen/").status_code == 404
    client.force_login(wereld.gemeente_a_mw)
    # Another gemeente cannot be chosen.
    antwoord = client.post("/aanvragen/locatie-aanvragen/", formulier(wereld, gemeente=wereld.gemeente_b.pk))
    assert antwoord.status_code == 400 and not Aanvraag.objects.exists()


def test_werklijst_toont_de_bron_en_de_cpo_wijst_af_met_een_code(client, wereld):
    client.force_login(wereld.gemeente_a_mw)
    with om("2026-03-02"):
        client.post("/aanvragen/locatie-aanvragen/", formulier(wereld))
    aanvraag = Aanvraag.objects.get()
    client.force_login(wereld.cpo_mw)
    lijst = client.get("/aanvragen/werklijst/?bron=gemeente").content.decode()
    assert aanvraag.nummer in lijst and "Winkelstraat, bij de bibliotheek" in lijst
    assert aanvraag.nummer not in client.get("/aanvragen/werklijst/?bron=erijder").content.decode()
    with om("2026-03-03"):
        antwoord = client.post(
            f"/aanvragen/{aanvraag.pk}/behandelen/",
            {
                "actie": "afwijzen",
                "afwijzen-reden": "Op 80 meter staat er al een.",
                "afwijzen-reden_code": "laadpunt_binnen_straal",
            },
        )
    assert antwoord.status_code == 302
    aanvraag.refresh_from_db()
    assert (aanvraag.status, aanvraag.reden_code) == ("afgewezen", "laadpunt_binnen_straal")
    client.force_login(wereld.gemeente_a_mw)
    pagina = client.get(f"/aanvragen/{aanvraag.pk}/behandelen/").content.decode()
    assert "Er is al een laadpunt binnen de straal" in pagina
