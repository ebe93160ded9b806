"""The work list's search: by street (and house number), place and applicant name, each for who may see it."""

import pytest
from django.urls import reverse

from tests.conftest import IN_A, punt_bij

pytestmark = pytest.mark.django_db


def gevonden(client, zoek) -> set[str]:
    pagina = client.get(reverse("aanvragen:werklijst"), {"zoek": zoek}).context["pagina"]
    return {a.nummer for a in pagina.object_list}


def test_zoeken_op_straat_huisnummer_plaats_en_naam(client, wereld, dien_in):
    lat, lon = punt_bij(*IN_A, 600)
    eva = dien_in(straat="Loolaan", huisnummer=12, woonplaats="Apeldoorn")
    bob = dien_in(aanvrager=wereld.erijder2, straat="Loolaan", huisnummer=40, lat=lat, lon=lon)
    client.force_login(wereld.cpo_mw)
    assert gevonden(client, "loolaan") == {eva.nummer, bob.nummer}
    assert gevonden(client, "Loolaan 12") == {eva.nummer}
    assert gevonden(client, "Apeldoorn") >= {eva.nummer}
    assert gevonden(client, wereld.erijder2.naam) == {bob.nummer}
    assert gevonden(client, "Kerkstraat") == set()
    # The gemeente finds by street, not by the house number or the person.
    client.force_login(wereld.gemeente_a_mw)
    assert gevonden(client, "Loolaan") == {eva.nummer, bob.nummer}
    assert gevonden(client, "Loolaan 12") == {eva.nummer, bob.nummer}
    assert gevonden(client, wereld.erijder2.naam) == set()
