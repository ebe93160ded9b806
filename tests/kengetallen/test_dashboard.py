"""/kengetallen/: every staff role sees its own figures, each chart with its table, CSV and a way to the cases."""

import csv
import io
import re

import pytest
from django.test import Client

from portal.models import Organisatie
from tests.conftest import WACHTWOORD, om
from tests.kengetallen.test_berekeningen import _opgeleverd

pytestmark = pytest.mark.django_db
URL = "/kengetallen/"


def pagina(gebruiker, **params):
    client = Client()
    client.force_login(gebruiker)
    return client.get(URL, params)


@pytest.fixture
def cijfers(wereld, dien_in):
    with om("2026-05-20"):
        for dagen in (10, 20, 30):
            _opgeleverd(wereld, dagen, "2026-05-15")
        _opgeleverd(wereld, 60, "2026-05-15", gemeente=wereld.gemeente_c, bron="gemeente")
    with om("2026-04-01"):
        dien_in()  # an open request, waiting at the CPO
    Organisatie.objects.filter(pk=wereld.gemeente_c.pk).update(naam="Gemeente <script>alert(1)</script>")


def test_elke_grafiek_heeft_tabel_csv_en_tekstalternatief(wereld, cijfers):
    with om("2026-06-01"):
        antwoord = pagina(wereld.gemeente_a_mw, van="2026-01-01", tot="2026-05-31")
        provincie = pagina(wereld.provincie_mw).content.decode()
    assert "<script>alert" not in provincie and "&lt;script&gt;" in provincie
    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    grafieken = re.findall(r'<svg class="grafiek-svg" role="img"[^>]*data-grafiek="(\w+)"', html)
    assert len(grafieken) >= 4  # the others have no data here and say so
    for naam in grafieken:
        assert f'<table class="responsief grafiek-tabel" data-grafiek="{naam}">' in html
        assert f'aria-labelledby="grafiek-{naam}-titel grafiek-{naam}-uitleg"' in html
        assert f"/kengetallen/csv/{naam}/?" in html
    assert "<script>alert" not in html
    # SVG geometry with a decimal point, never the Dutch comma (which would break every bar).
    assert not re.search(r'<rect [^>]*="\d+,\d', html)
    assert "mediaan 20 dagen" in html  # gemeente A only: 10, 20, 30
    # Click-through: the open work and the bottleneck lead to the work list with filters.
    assert "/aanvragen/werklijst/?status=ingediend" in html
    assert "/aanvragen/werklijst/?status=opgeleverd" in html


def test_csv_van_een_grafiek(wereld, cijfers):
    client = Client()
    client.force_login(wereld.provincie_mw)
    with om("2026-06-01"):
        antwoord = client.get("/kengetallen/csv/doorlooptijd/", {"van": "2026-01-01", "tot": "2026-05-31"})
    assert antwoord.status_code == 200 and antwoord["Content-Type"].startswith("text/csv")
    rijen = list(csv.reader(io.StringIO(antwoord.content.decode("utf-8-sig")), delimiter=";"))
    assert rijen[0] == ["Van (dagen)", "Tot en met (dagen)", "Aantal aanvragen"]
    assert sum(int(r[2]) for r in rijen[1:]) == 4  # the provincie: all four
    assert client.get("/kengetallen/csv/bestaat-niet/").status_code == 404


def test_toegang_en_scope_per_rol(wereld, cijfers):
    with om("2026-06-01"):
        for staf, aantal in (
            (wereld.gemeente_a_mw, 3),
            (wereld.gemeente_c_mw, 1),
            (wereld.provincie_mw, 4),
            (wereld.cpo_mw, 3),
            (wereld.cpo_ander_mw, 1),
            (wereld.netbeheerder_mw, 3),
            (wereld.netbeheerder_ander_mw, 1),
        ):
            html = pagina(staf, van="2026-01-01", tot="2026-05-31").content.decode()
            assert f"({aantal} opgeleverd)" in html, staf
        assert pagina(wereld.erijder).status_code == 404
    anoniem = Client().get(URL)
    assert anoniem.status_code == 302 and "inloggen" in anoniem["Location"]


def test_filters_en_een_foute_datum(wereld, cijfers):
    with om("2026-06-01"):
        html = pagina(
            wereld.provincie_mw, van="2026-01-01", tot="2026-05-31", gemeente=wereld.gemeente_c.pk
        ).content.decode()
        assert "(1 opgeleverd)" in html
        html = pagina(
            wereld.provincie_mw, van="2026-01-01", tot="2026-05-31", bron="gemeente"
        ).content.decode()
        assert "(1 opgeleverd)" in html
        fout = pagina(wereld.provincie_mw, van="gisteren", tot="2026-05-31").content.decode()
    assert "Van: Vul bij Van een datum in" in fout
    assert 'value="2026-05-31"' in fout  # the other field is kept


def test_menu(wereld):
    client = Client()
    assert client.login(username=wereld.cpo_mw.email, password=WACHTWOORD)
    assert 'href="/kengetallen/"' in client.get("/berichten/").content.decode()
