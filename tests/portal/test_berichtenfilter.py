"""Berichten for someone with a hundred of them: filter on unread and on words in the subject, mark the chosen
ones read, or all at once."""

import pytest
from django.urls import reverse

from portal import berichten
from portal.models import Bericht

pytestmark = pytest.mark.django_db


def test_filter_en_gekozen_als_gelezen(client, wereld):
    for i in range(30):
        berichten.verstuur(wereld.cpo_mw, f"Aanvraag LP-{i:03d} ingediend", "Tekst", per_email=False)
    berichten.verstuur(wereld.cpo_mw, "Batch NA-001 verzonden", "Tekst", per_email=False)
    client.force_login(wereld.cpo_mw)
    url = reverse("berichten")
    pagina = client.get(url, {"zoek": "batch"})
    assert [b.onderwerp for b in pagina.context["pagina"].object_list] == ["Batch NA-001 verzonden"]
    eerste_drie = list(Bericht.objects.filter(ontvanger=wereld.cpo_mw).order_by("pk")[:3])
    antwoord = client.post(url + "?ongelezen=1", {"berichten": [b.pk for b in eerste_drie]})
    assert antwoord.status_code == 302 and antwoord["Location"] == url + "?ongelezen=1"
    assert Bericht.objects.filter(ontvanger=wereld.cpo_mw, gelezen_op__isnull=False).count() == 3
    ongelezen = client.get(url, {"ongelezen": "1"})
    assert ongelezen.context["pagina"].paginator.count == 28
    assert "3 berichten als gelezen gemarkeerd." in ongelezen.content.decode()
    # Someone else's message cannot be marked through this form.
    ander = berichten.verstuur(wereld.gemeente_a_mw, "Niet van u", "Tekst", per_email=False)
    client.post(url, {"berichten": [ander.pk]})
    ander.refresh_from_db()
    assert ander.gelezen_op is None
    client.post(reverse("alles_gelezen"), {"volgende": url})
    assert not Bericht.objects.filter(ontvanger=wereld.cpo_mw, gelezen_op__isnull=True).exists()
