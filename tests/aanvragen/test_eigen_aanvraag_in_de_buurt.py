"""A second own request within the gemeente's radius is refused (DESIGN.md 3.1), read from the own requests'
numbers and positions only; another E-rijder's request nearby does not count."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aanvragen.models import Aanvraag, Aanvraagvoorwaarden
from tests.conftest import IN_A, punt_bij

pytestmark = pytest.mark.django_db


def _straal(wereld) -> int:
    return Aanvraagvoorwaarden.voor(wereld.gemeente_a).straal_m


def test_binnen_de_straal_geweigerd_met_afstand_en_nummer(wereld, dien_in):
    eerste = dien_in()
    lat, lon = punt_bij(*IN_A, noord_m=_straal(wereld) - 5)
    with pytest.raises(ValidationError) as fout:
        dien_in(lat=lat, lon=lon, huisnummer=14)
    tekst = fout.value.message_dict["lat"][0]
    assert eerste.nummer in tekst and f"op {_straal(wereld) - 5} meter" in tekst


def test_net_buiten_de_straal_en_andermans_aanvraag_tellen_niet(wereld, dien_in):
    dien_in()
    lat, lon = punt_bij(*IN_A, noord_m=_straal(wereld) + 5)
    assert dien_in(lat=lat, lon=lon, huisnummer=14).nummer
    assert dien_in(aanvrager=wereld.erijder2).nummer  # Eva's request at the same spot is not Daan's


def test_leest_alleen_nummer_en_positie_van_eigen_aanvragen(wereld, dien_in):
    dien_in()
    with CaptureQueriesContext(connection) as queries, pytest.raises(ValidationError):
        dien_in(huisnummer=14)  # the same spot: refused by the check, before anything is written
    (sql,) = [q["sql"] for q in queries.captured_queries if Aanvraag._meta.db_table in q["sql"]]
    kolommen = {k.strip() for k in sql.split(" FROM ")[0].removeprefix("SELECT ").split(",")}
    assert kolommen == {f'"aanvragen_aanvraag"."{k}"' for k in ("id", "nummer", "rd_x", "rd_y")}
    assert '"aanvrager_id" =' in sql
