"""The half-year execution plan as CSV goes through portal.csvexport: no cell starts a formula."""

import csv
import io

import pytest
from django.urls import reverse

from netaansluiting import services
from plankaart.models import Locatie
from portal import csvexport
from tests.netaansluiting.conftest import D, om
from tests.netaansluiting.test_views import drie, ingelogd  # noqa: F401 - drie is a fixture

pytestmark = pytest.mark.django_db


def test_uitvoeringsplan_csv_neutraliseert_formules(client, wereld, drie):  # noqa: F811
    eerste = drie[0]
    with om("2026-04-22"):
        services.plan_plaatsing(eerste, wereld.cpo_mw, plaatsing_gepland_op=D("2026-07-02"))
    Locatie.objects.filter(pk=eerste.locatie_id).update(
        omschrijving='=HYPERLINK("https://kwaad.example","Klik")'
    )
    type(eerste).objects.filter(pk=eerste.pk).update(aannemer="@Aannemer -2+3")
    antwoord = ingelogd(client, wereld.cpo_mw).get(
        reverse("netaansluiting:plan"), {"jaar": 2026, "helft": 2, "formaat": "csv"}
    )
    rijen = list(csv.DictReader(io.StringIO(antwoord.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rijen) == 1
    assert rijen[0]["locatie"] == '\'=HYPERLINK("https://kwaad.example","Klik")'
    assert rijen[0]["aannemer"] == "'@Aannemer -2+3"
    assert float(rijen[0]["lat"]) > 50  # a number, not prefixed
    for cel in rijen[0].values():
        assert not cel.startswith(csvexport.GEVAARLIJK), cel
