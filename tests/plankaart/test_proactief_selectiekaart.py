"""The gemeente's selection step shows a map beside the list: the plan's locations and the free candidates,
with the target and the count so far; only for the gemeente while it selects."""

import json

import pytest
from django.urls import reverse

from plankaart.services import proactief
from tests.conftest import om
from tests.plankaart.test_proactief import kandidaten, plan, prognose  # noqa: F401

pytestmark = pytest.mark.django_db


def _gegevens(antwoord):
    tekst = antwoord.content.decode()
    begin = tekst.index('<script id="selectie-gegevens" type="application/json">') + len(
        '<script id="selectie-gegevens" type="application/json">'
    )
    return json.loads(tekst[begin : tekst.index("</script>", begin)])


def test_selectie_met_kaart_naast_de_lijst(client, wereld, plan, kandidaten):  # noqa: F811
    with om("2026-12-02"):
        proactief.selecteer(plan, wereld.gemeente_a_medewerker, kandidaten[:2])
    url = reverse("plankaart:proactief_plan", args=[plan.pk])
    client.force_login(wereld.gemeente_a_medewerker)
    antwoord = client.get(url)
    tekst = antwoord.content.decode()
    assert 'id="selectiekaart"' in tekst and "portal/selectiekaart.js" in tekst and "portal/kaartstart.js" in tekst
    gegevens = _gegevens(antwoord)
    assert (gegevens["doel"], gegevens["geselecteerd"]) == (15, 4)
    assert [p["id"] for p in gegevens["plan"]] == [k.pk for k in kandidaten[:2]]
    assert {p["id"] for p in gegevens["kandidaten"]} >= {k.pk for k in kandidaten[2:]}
    assert not {p["id"] for p in gegevens["kandidaten"]} & {k.pk for k in kandidaten[:2]}
    assert "%(totaal)s" in gegevens["teksten"]["teller"]
    # The count against the target without the script, and each checkbox says what it adds.
    assert "Laadpunten na deze keuze: 4 (doel 15)." in tekst
    assert f'value="{kandidaten[2].pk}" data-laadpunten="2"' in tekst
    # The CPO and the provincie read the plan without the selection map.
    for wie in (wereld.cpo_mw, wereld.provincie_mw):
        client.force_login(wie)
        anders = client.get(url).content.decode()
        assert 'id="selectiekaart"' not in anders and "selectiekaart.js" not in anders
