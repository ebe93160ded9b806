import pytest
from django.contrib import admin
from django.urls import reverse

from portal.models import Gebruiker

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(client):
    client.force_login(Gebruiker.objects.create_superuser("beheer@example.nl", "x", naam="Beheer"))
    return client


def test_elk_model_heeft_een_beheerscherm(beheerder, wereld, dien_in):
    dien_in()
    from django.apps import apps

    eigen = [
        m
        for app in ("portal", "aanvragen", "plankaart", "verkeersbesluiten", "netaansluiting")
        for m in apps.get_app_config(app).get_models()
    ]
    for model in eigen:
        assert model in admin.site._registry, f"{model.__name__} ontbreekt in de admin"
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert beheerder.get(url).status_code == 200, url


def test_status_alleen_via_transities(beheerder, wereld, dien_in):
    aanvraag = dien_in()
    pagina = beheerder.get(reverse("admin:aanvragen_aanvraag_change", args=[aanvraag.pk]))
    assert pagina.status_code == 200
    assert "status" not in pagina.context["adminform"].form.fields  # shown, not editable
    assert f"/aanvragen/{aanvraag.pk}/bewijs/" in pagina.content.decode()
    beheerder.post(reverse("admin:aanvragen_aanvraag_change", args=[aanvraag.pk]), {"status": "goedgekeurd"})
    aanvraag.refresh_from_db()
    assert aanvraag.status == "ingediend"
