"""The gemeente judges a proposed location on a map with what matters around it: the requester's desired spot
(rounded, as the gemeente sees requests at street level), its distance, the radius of the conditions and the
existing and planned locations nearby; the same in text beside the map."""

import json
import re

import pytest
from django.urls import reverse

from aanvragen import services
from aanvragen.models import Aanvraag
from plankaart import services as plankaartservices
from portal import geo
from tests.conftest import IN_A, om, punt_bij

pytestmark = pytest.mark.django_db


def kaartdata(html: str) -> dict:
    return json.loads(
        re.search(r'<script id="locatie-data" type="application/json">(.*?)</script>', html, re.S)[1]
    )


def test_gemeente_ziet_gewenste_plek_afstand_straal_en_buren(client, wereld, dien_in, locatie_op):
    with om("2026-02-02"):
        plek = locatie_op(120, omschrijving="Loolaan t.h.v. nr. 40")
        locatie_op(200, omschrijving="Al bestaand", status="gerealiseerd")
        locatie_op(-150, omschrijving="Nog een kandidaat")
        locatie_op(2000, omschrijving="Ver weg")
        aanvraag = services.goedkeuren(dien_in(), wereld.cpo_mw)
        plankaartservices.kies(aanvraag, plek, wereld.cpo_mw)
    client.force_login(wereld.gemeente_a_mw)
    html = client.get(reverse("plankaart:locatie", args=[plek.pk])).content.decode()
    verwacht = round(geo.afstand_m(geo.naar_rd(*IN_A), (plek.rd_x, plek.rd_y)))
    assert 115 <= verwacht <= 125
    # The gemeente reads the distance rounded like the spot (an exact distance and the street find the door).
    assert f"Gewenste plek van aanvraag {aanvraag.nummer}: <strong>ongeveer 100 meter</strong>" in html
    assert "binnen de straal van 250 meter" in html and "afgerond op 50 meter" in html
    assert "1 bestaande en 1 geplande laadlocatie" in html
    assert "Al bestaand" in html and "Ver weg" not in html
    data = kaartdata(html)
    assert data["straal"] == 250 and data["gewenst"][0]["afstand"] == 100
    # The gemeente does not get the pin on the front door: the spot on its map is rounded.
    assert data["gewenst"][0]["punt"] != [round(IN_A[0], 6), round(IN_A[1], 6)]
    assert geo.afstand_m(geo.naar_rd(*data["gewenst"][0]["punt"]), geo.naar_rd(*IN_A)) < 40
    # The CPO handling the request sees the exact spot.
    client.force_login(wereld.cpo_mw)
    data = kaartdata(client.get(reverse("plankaart:locatie", args=[plek.pk])).content.decode())
    assert data["gewenst"][0]["punt"] == [round(IN_A[0], 6), round(IN_A[1], 6)]
    assert not data["gewenst"][0]["afgerond"] and data["gewenst"][0]["afstand"] == verwacht


def test_buiten_de_straal_staat_er_in_woorden(client, wereld, dien_in, locatie_op):
    with om("2026-02-02"):
        plek = locatie_op(0, 0, omschrijving="Dichtbij")
        lat, lon = punt_bij(*IN_A, 100)
        aanvraag = services.goedkeuren(dien_in(lat=lat, lon=lon), wereld.cpo_mw)
        plankaartservices.kies(aanvraag, plek, wereld.cpo_mw)
        verder = punt_bij(*IN_A, 300)
        x, y = geo.naar_rd(*verder)
        Aanvraag.objects.filter(pk=aanvraag.pk).update(lat=verder[0], lon=verder[1], rd_x=x, rd_y=y)
    client.force_login(wereld.gemeente_a_mw)
    plek.refresh_from_db()
    html = client.get(reverse("plankaart:locatie", args=[plek.pk])).content.decode()
    assert "<strong>buiten</strong> de straal van 250 meter" in html
