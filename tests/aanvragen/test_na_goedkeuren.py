"""After approving a request the CPO goes straight on to the next step: choosing its location."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_na_goedkeuren_meteen_locatie_bepalen(client, wereld, dien_in):
    aanvraag = dien_in()
    client.force_login(wereld.cpo_mw)
    antwoord = client.post(reverse("aanvragen:behandel", args=[aanvraag.pk]), {"actie": "goedkeuren"})
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("plankaart:locatie_bepalen", args=[aanvraag.pk])
    pagina = client.get(antwoord["Location"]).content.decode()
    assert f"Aanvraag {aanvraag.nummer} is goedgekeurd." in pagina
    assert f"Locatie bepalen voor {aanvraag.nummer}" in pagina
