import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from aanvragen.models import Aanvraag
from netaansluiting.models import Batch, Netaansluiting, Realisatie
from plankaart.models import Locatie
from portal import klok
from portal.models import Gebruiker, Organisatie
from verkeersbesluiten.models import Bezwaar, Verkeersbesluit

pytestmark = pytest.mark.django_db

ACCOUNTS = [
    "erijder@demo.nl",
    "erijder2@demo.nl",
    "gemeente@demo.nl",
    "gemeente2@demo.nl",
    "cpo@demo.nl",
    "netbeheerder@demo.nl",
    "provincie@demo.nl",
    "admin@demo.nl",
]


def test_demo_bouwt_een_levende_wereld_en_is_idempotent(capsys, settings):
    settings.DEBUG = True  # pytest-django runs with DEBUG off; the demo insists on it
    call_command("demo")
    uitvoer = capsys.readouterr().out
    for email in ACCOUNTS:
        assert email in uitvoer
        assert Gebruiker.objects.get(email=email).check_password("laadpaal-demo")
    assert Gebruiker.objects.get(email="admin@demo.nl").is_superuser
    gemeenten = Organisatie.objects.filter(soort="gemeente")
    assert gemeenten.count() == 2
    for gemeente in gemeenten:
        assert Locatie.objects.filter(gemeente=gemeente).count() >= 40
        for locatie in Locatie.objects.filter(gemeente=gemeente):
            assert gemeente.bevat(locatie.lat, locatie.lon)
        # each gemeente's cases lie in that gemeente
        for aanvraag in Aanvraag.objects.filter(gemeente=gemeente):
            assert gemeente.bevat(aanvraag.lat, aanvraag.lon)
    assert (
        Gebruiker.objects.get(email="gemeente2@demo.nl").organisatie
        != Gebruiker.objects.get(email="gemeente@demo.nl").organisatie
    )
    # Every stage of a request, a grid connection, a batch and a realisation.
    assert set(Aanvraag.objects.values_list("status", flat=True)) == set(Aanvraag.Status.values)
    assert set(Netaansluiting.objects.values_list("status", flat=True)) == set(Netaansluiting.Status.values)
    assert set(Batch.objects.values_list("status", flat=True)) == set(Batch.Status.values)
    assert set(Realisatie.objects.values_list("status", flat=True)) == set(Realisatie.Status.values)
    eva = Aanvraag.objects.filter(aanvrager__email="erijder@demo.nl")
    assert eva.filter(
        status="plaatsing_gepland", locatie__realisatie__plaatsing_gepland_op__isnull=False
    ).exists()
    assert set(Locatie.objects.values_list("status", flat=True)) >= {
        "kandidaat",
        "in_netcheck",
        "voorgesteld",
        "aanpassing_gevraagd",
        "goedgekeurd",
        "in_procedure",
        "definitief",
        "in_realisatie",
        "opgeleverd",
        "gerealiseerd",
        "vervallen",
    }
    # Verkeersbesluiten in every state, in both gemeenten; an open and a decided objection; Eva's spot under
    # objection, so her timeline shows it.
    assert set(Verkeersbesluit.objects.values_list("status", flat=True)) == set(Verkeersbesluit.Status.values)
    assert {b.gemeente_id for b in Verkeersbesluit.objects.all()} == set(
        gemeenten.values_list("pk", flat=True)
    )
    assert set(Bezwaar.objects.values_list("status", flat=True)) >= {"ontvangen", "ongegrond", "gegrond"}
    assert Locatie.objects.filter(bezwaar_loopt=True, aanvragen__aanvrager__email="erijder@demo.nl").exists()
    for aanvraag in Aanvraag.objects.filter(status__in=Aanvraag.MET_LOCATIE):
        assert aanvraag.locatie.gemeente == aanvraag.gemeente
    # Every party has work: the gemeenten, the CPO and the netbeheerder are at turn somewhere.
    aan_zet = set(
        Locatie.objects.exclude(termijn_organisatie=None).values_list("termijn_organisatie__soort", flat=True)
    )
    assert aan_zet == {"gemeente", "cpo", "netbeheerder"}
    assert (
        Aanvraag.objects.filter(aanvrager__email="erijder@demo.nl").values("status").distinct().count() >= 3
    )
    assert Aanvraag.objects.filter(aanvrager__email="erijder2@demo.nl").exists()
    assert Aanvraag.objects.filter(
        status="ingediend", termijn_uiterlijk__lt=klok.vandaag()
    ).exists()  # overdue work
    # The proactive lane: forecasts for both gemeenten (one revised, the old version kept), plans in every state,
    # one in participation with confirmed and unconfirmed reactions, one definitive with its concept
    # verzamelverkeersbesluit and an approved first batch.
    from plankaart.modellen_proactief import ProactiefPlan, Prognose, Uitvoeringsbatch

    assert set(Prognose.objects.values_list("gemeente__soort", "gemeente_id").distinct()) == {
        ("gemeente", g.pk) for g in gemeenten
    }
    assert Prognose.objects.filter(vervangen_op__isnull=False).exists()
    assert set(ProactiefPlan.objects.values_list("status", flat=True)) == set(ProactiefPlan.Status.values)
    inspraak = ProactiefPlan.objects.get(status="inspraak")
    assert inspraak.reacties.filter(bevestigd_op__isnull=False).exists()
    assert inspraak.reacties.filter(bevestigd_op__isnull=True).exists()
    definitief = ProactiefPlan.objects.get(status="definitief")
    assert definitief.verkeersbesluit is not None and definitief.rapport_gepubliceerd_op is not None
    assert Uitvoeringsbatch.objects.filter(plan=definitief, status="goedgekeurd").exists()
    # The night's figures ran once the history was built: the duration model has the demo's own medians, and
    # every open request's stored expected date is the one its page computes from that model.
    from aanvragen import prognose
    from portal import servicetermijnen
    from portal.kengetallen import duurmodel
    from portal.kengetallen.models import Stapduur

    assert Stapduur.objects.filter(gemeente__isnull=False, aantal__gte=duurmodel.minimum()).exists()
    model, zonder_historie = duurmodel.laad(), duurmodel.Duurmodel(minimum=duurmodel.minimum())
    anders_dan_servicetermijnen = 0
    for aanvraag in Aanvraag.objects.filter(status__in=Aanvraag.OPEN).select_related("gemeente"):
        regels = servicetermijnen.voor_gemeente(aanvraag.gemeente)
        assert aanvraag.verwacht_gereed == prognose.projectie(aanvraag, regels, model=model).verwacht_gereed
        anders_dan_servicetermijnen += (
            aanvraag.verwacht_gereed != prognose.projectie(aanvraag, regels, model=zonder_historie).verwacht_gereed
        )
    assert anders_dan_servicetermijnen > 0
    aantal = Aanvraag.objects.count()
    call_command("demo")
    assert Aanvraag.objects.count() == aantal and Organisatie.objects.filter(soort="gemeente").count() == 2


def test_demo_weigert_zonder_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo")


def test_productie_vereist_secret_key():
    omgeving = {"DEBUG": "0", "PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "portal.settings"}
    resultaat = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=omgeving,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert resultaat.returncode != 0 and "SECRET_KEY" in resultaat.stderr


def test_productie_heeft_veilige_standaarden():
    omgeving = {
        "DEBUG": "0",
        "SECRET_KEY": "x" * 50,
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0, s.ALLOWED_HOSTS)"
    )
    resultaat = subprocess.run(
        [sys.executable, "-c", code], env=omgeving, capture_output=True, text=True, cwd=settings.BASE_DIR
    )
    assert resultaat.stdout.strip() == "False True True True True []", resultaat.stderr


def test_demo_heeft_aanvragen_van_gemeenten_en_de_cpo(settings, capsys):
    settings.DEBUG = True
    call_command("demo")
    assert "gemeente-medewerker@demo.nl" in capsys.readouterr().out
    for bron in ("gemeente", "cpo"):
        rijen = Aanvraag.objects.filter(bron=bron)
        assert rijen.values("status").distinct().count() >= 2, bron
    gemeente = Aanvraag.objects.filter(bron="gemeente")
    assert gemeente.values("gemeente").distinct().count() == 2
    assert gemeente.filter(status="afgewezen", reden_code="laadpunt_binnen_straal").exists()
    assert gemeente.filter(locatie__proactief=True).exists()  # linked at submission
    for aanvraag in Aanvraag.objects.exclude(bron="erijder"):
        assert aanvraag.gemeente.bevat(aanvraag.lat, aanvraag.lon)
