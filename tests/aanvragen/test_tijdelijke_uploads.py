"""Proof copies parked for a rejected form are capped per account and in total: the oldest copies go first,
and a copy that cannot fit gives the E-rijder a clear message instead of filling the disk."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from aanvragen import uploads
from portal.opslag import prive_opslag
from tests.aanvragen.test_views import eva, formulier  # noqa: F401 - eva is a fixture
from tests.conftest import PDF, WACHTWOORD

pytestmark = pytest.mark.django_db

KB = 1024


def pdf(kb: int) -> SimpleUploadedFile:
    return SimpleUploadedFile("kentekenbewijs.pdf", PDF[:-7] + b" " * (kb * KB) + b"\n%%EOF\n")


@pytest.fixture(autouse=True)
def eigen_opslag(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "prive")
    settings.TIJDELIJKE_UPLOADS_PER_ACCOUNT_BYTES = 250 * KB
    settings.TIJDELIJKE_UPLOADS_TOTAAL_BYTES = 400 * KB


def geparkeerd(map_="tijdelijk") -> list[str]:
    return [pad for _tijd, _grootte, pad in uploads._geparkeerd(map_)]


def afgewezen(client, wereld, kb=100):
    """Post a form with a valid proof and a wrong licence plate: the proof is parked."""
    antwoord = client.post("/aanvragen/nieuw/", formulier(wereld, kenteken="fout", bewijs=pdf(kb)))
    assert antwoord.status_code == 400
    return antwoord


def verouder(pad: str, seconden: int) -> None:
    volledig = prive_opslag().path(pad)
    tijd = os.path.getmtime(volledig) - seconden
    os.utime(volledig, (tijd, tijd))


def test_twintig_keer_versturen_houdt_de_nieuwste_kopieen_binnen_de_grens(eva, wereld):  # noqa: F811
    tokens = []
    for _ in range(20):
        tokens.append(afgewezen(eva, wereld).context["form"].data["bewijs_token"])
        for pad in geparkeerd():  # every earlier copy a bit older, so "oldest" is unambiguous
            verouder(pad, 1)
    eigen = uploads._geparkeerd(f"tijdelijk/{wereld.erijder.pk}")
    assert len(eigen) == 2 and sum(g for _t, g, _p in eigen) <= 250 * KB
    # The newest copy still completes the form; the oldest were removed first.
    assert uploads.haal_op(tokens[-1], wereld.erijder) is not None
    assert uploads.haal_op(tokens[-2], wereld.erijder) is not None
    assert uploads.haal_op(tokens[0], wereld.erijder) is None


def test_het_totaal_ruimt_de_oudste_kopie_van_wie_dan_ook(client, eva, wereld, django_user_model):  # noqa: F811
    eerste = afgewezen(eva, wereld).context["form"].data["bewijs_token"]
    for pad in geparkeerd():
        verouder(pad, 60)
    tweede = afgewezen(eva, wereld).context["form"].data["bewijs_token"]
    ander = django_user_model.objects.create_user(email="ander@example.nl", password=WACHTWOORD, naam="Ander")
    client.force_login(ander)
    for _ in range(2):
        afgewezen(client, wereld)
    assert len(geparkeerd()) == 4 - 1 and sum(g for _t, g, _p in uploads._geparkeerd("tijdelijk")) <= 400 * KB
    assert uploads.haal_op(eerste, wereld.erijder) is None  # the oldest, though someone else's
    assert uploads.haal_op(tweede, wereld.erijder) is not None


def test_een_kopie_die_niet_past_geeft_een_duidelijke_melding(eva, wereld, settings):  # noqa: F811
    settings.TIJDELIJKE_UPLOADS_PER_ACCOUNT_BYTES = 50 * KB
    antwoord = afgewezen(eva, wereld, kb=100)
    fouten = " ".join(antwoord.context["form"].errors["bewijs"])
    assert "kan nu niet tijdelijk worden bewaard" in fouten and "Kies het bestand opnieuw" in fouten
    assert not antwoord.context["form"].data.get("bewijs_token") and geparkeerd() == []
