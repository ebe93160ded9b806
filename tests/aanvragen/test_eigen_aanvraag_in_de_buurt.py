"""A second own request within the gemeente's radius is refused (DESIGN.md 3.1), read from the own requests'
numbers and positions only; another E-rijder's request nearby does not count."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aanvragen.models import Aanvraag, Aanvraagvoorwaarden
from aanvragen.selectors import lopende_aanvragen_nabij
from portal import geo, procesgeheugen
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
    sql = sql.replace('"', "")
    kolommen = {k.strip().split(".")[-1] for k in sql.split(" FROM ")[0].removeprefix("SELECT ").split(",")}
    assert kolommen == {"id", "nummer", "rd_x", "rd_y"}
    assert "aanvrager_id =" in sql


def test_dezelfde_buren_als_de_orm_vraag(wereld, dien_in):
    """The check's hand-written statement (aanvragen.selectors._eigen_lopende_nabij) answers as the ORM query
    over the own open requests does: the same requests, nearest first, with their distances; closed ones and
    someone else's left out."""
    straal = _straal(wereld)
    Aanvraagvoorwaarden.objects.filter(gemeente=wereld.gemeente_a).update(straal_m=1)  # let all five in
    procesgeheugen.verhoog()
    eigen = []
    for i, (noord, oost) in enumerate(
        [(0, 0), (straal - 3, 0), (0, straal + 3), (40, 30), (-straal // 2, 10)]
    ):
        eigen.append(
            dien_in(
                lat=punt_bij(*IN_A, noord, oost)[0], lon=punt_bij(*IN_A, noord, oost)[1], huisnummer=i + 1
            )
        )
    Aanvraag.objects.filter(pk=eigen[3].pk).update(status="ingetrokken")
    dien_in(aanvrager=wereld.erijder2, huisnummer=99)
    Aanvraagvoorwaarden.objects.filter(gemeente=wereld.gemeente_a).update(straal_m=straal)
    procesgeheugen.verhoog()

    buren = lopende_aanvragen_nabij(*IN_A, wereld.gemeente_a, van=wereld.erijder)
    orm = geo.binnen_straal(
        Aanvraag.objects.filter(status__in=Aanvraag.OPEN, aanvrager_id=wereld.erijder.pk), *IN_A, straal
    )
    assert [(b.aanvraag.nummer, round(b.afstand_m, 6)) for b in buren] == [
        (a.nummer, round(afstand, 6)) for a, afstand in orm
    ]
    assert [b.aanvraag.pk for b in buren] == [eigen[0].pk, eigen[4].pk, eigen[1].pk]
