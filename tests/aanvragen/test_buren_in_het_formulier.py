"""The new-request form tells an E-rijder that a request runs nearby without locating anyone: street level
only, no case number, no distance; one account may ask only so often, counted in the database."""

import datetime as dt
import re
import subprocess

import pytest

from aanvragen.models import Aanvraag, Medeaanvrager, Nabijheidsvraag
from portal import klok
from portal.models import Gebruiker
from tests.aanvragen.test_views import formulier
from tests.conftest import IN_A, WACHTWOORD, om

pytestmark = pytest.mark.django_db

VLAKBIJ = str(IN_A[0] + 0.0005)  # about 55 m north of the other request


@pytest.fixture
def buurman(wereld, dien_in):
    """Daan's request a few dozen metres from where Eva wants hers."""
    return dien_in(
        aanvrager=wereld.erijder2,
        postcode="7311 QX",
        huisnummer=87,
        toevoeging="B",
        straat="Zonnebloemlaan",
        kenteken="ZZ-999-Z",
    )


def test_antwoord_noemt_alleen_de_straat(client, wereld, buurman):
    client.force_login(wereld.erijder)
    antwoord = client.post("/aanvragen/nieuw/", formulier(wereld, lat=VLAKBIJ))
    html = antwoord.content.decode()
    assert antwoord.status_code == 200 and 'id="buren"' in html
    blok = html[html.index('id="buren"') : html.index("</div>", html.index('id="buren"'))]
    assert "Zonnebloemlaan" in blok
    assert buurman.nummer not in html  # no case number of someone else's request
    assert not re.search(r"\d+\s*(m|meter)\b", blok)  # no distance
    assert "87" not in blok and "7311 QX" not in html and "ZZ-999-Z" not in html
    # What Eva typed is still there, and nothing was filed.
    assert 'value="Hoofdstraat"' in html and "Graag bij de lantaarnpaal" in html
    assert Aanvraag.objects.count() == 1


def test_aansluiten_werkt_en_telt_niet_mee(client, wereld, buurman, settings):
    settings.NABIJHEIDSVRAGEN_PER_DAG = 1
    client.force_login(wereld.erijder)
    keuze = client.post("/aanvragen/nieuw/", formulier(wereld, lat=VLAKBIJ))
    token = keuze.context["form"].data["bewijs_token"]
    aangesloten = client.post(
        "/aanvragen/nieuw/",
        formulier(wereld, lat=VLAKBIJ, bewijs=None, bewijs_token=token, keuze=f"aansluiten:{buurman.pk}"),
    )
    assert aangesloten.status_code == 302 and aangesloten["Location"] == f"/aanvragen/{buurman.pk}/"
    assert Medeaanvrager.objects.filter(aanvraag=buurman, gebruiker=wereld.erijder).exists()
    assert Nabijheidsvraag.objects.filter(gebruiker=wereld.erijder).count() == 1


def test_aansluiten_alleen_bij_een_aanvraag_in_de_buurt(client, wereld, dien_in):
    ver = dien_in(aanvrager=wereld.erijder2, lat=IN_A[0] + 0.05)  # 5.5 km away
    client.force_login(wereld.erijder)
    antwoord = client.post("/aanvragen/nieuw/", formulier(wereld, keuze=f"aansluiten:{ver.pk}"))
    assert not Medeaanvrager.objects.filter(aanvraag=ver).exists()
    # Nothing nearby: the pin is not near the far request, so Eva's own request is filed instead.
    assert antwoord.status_code == 302 and Aanvraag.objects.filter(aanvrager=wereld.erijder).exists()


def _vraag(client, wereld):
    return client.post("/aanvragen/nieuw/", formulier(wereld, lat=VLAKBIJ))


def test_limiet_per_account_per_dag(client, wereld, buurman, settings):
    settings.NABIJHEIDSVRAGEN_PER_DAG = 3
    client.force_login(wereld.erijder)
    with om("2026-03-02", 9):
        for _ in range(3):
            assert _vraag(client, wereld).status_code == 200
        teveel = _vraag(client, wereld)
    html = teveel.content.decode()
    assert teveel.status_code == 429 and 'id="te-vaak"' in html
    assert "al vaak gekeken" in html and "Zonnebloemlaan" not in html
    assert 'value="Hoofdstraat"' in html and "Graag bij de lantaarnpaal" in html  # input kept
    assert teveel.context["form"].data["bewijs_token"]  # the proof is kept too
    assert Aanvraag.objects.count() == 1
    # Another account still may ask; the same account again after 24 hours.
    anders = Gebruiker.objects.create_user("mees@example.nl", WACHTWOORD, naam="Mees")
    client.force_login(anders)
    with om("2026-03-02", 9):
        assert _vraag(client, wereld).status_code == 200
    client.force_login(wereld.erijder)
    with om("2026-03-03", 10):
        assert _vraag(client, wereld).status_code == 200


def test_na_de_limiet_kan_een_eigen_aanvraag_nog(client, wereld, buurman, settings):
    settings.NABIJHEIDSVRAGEN_PER_DAG = 0
    client.force_login(wereld.erijder)
    teveel = _vraag(client, wereld)
    assert teveel.status_code == 429
    token = teveel.context["form"].data["bewijs_token"]
    eigen = client.post(
        "/aanvragen/nieuw/", formulier(wereld, lat=VLAKBIJ, bewijs=None, bewijs_token=token, keuze="eigen")
    )
    assert eigen.status_code == 302 and Aanvraag.objects.filter(aanvrager=wereld.erijder).count() == 1


def test_limiet_geldt_ook_zonder_redis(client, wereld, buurman, settings, tmp_path):
    if subprocess.run(["which", "redis-server"], capture_output=True).returncode != 0:
        pytest.skip("redis-server is niet geïnstalleerd")
    from tests.portal.test_redis_uitval import RedisProces

    redis_proces = RedisProces(tmp_path)
    try:
        settings.CACHES = {
            "default": {"BACKEND": "portal.cache.FailOpenRedisCache", "LOCATION": redis_proces.url(1)}
        }
        settings.NABIJHEIDSVRAGEN_PER_DAG = 2
        client.force_login(wereld.erijder)
        redis_proces.stop()
        assert [_vraag(client, wereld).status_code for _ in range(3)] == [200, 200, 429]
    finally:
        redis_proces.stop()


def test_telling_kijkt_24_uur_terug(wereld, buurman, settings):
    from aanvragen import services

    settings.NABIJHEIDSVRAGEN_PER_DAG = 1
    with klok.vastgezet(dt.datetime(2026, 3, 2, 23, 0, tzinfo=dt.UTC)):
        assert services.vraag_buren(wereld.erijder, float(VLAKBIJ), IN_A[1], wereld.gemeente_a)
    # Midnight does not reset the count; 24 hours do.
    with klok.vastgezet(dt.datetime(2026, 3, 3, 1, 0, tzinfo=dt.UTC)), pytest.raises(services.TeVaakGevraagd):
        services.vraag_buren(wereld.erijder, float(VLAKBIJ), IN_A[1], wereld.gemeente_a)
    with klok.vastgezet(dt.datetime(2026, 3, 3, 23, 1, tzinfo=dt.UTC)):
        assert services.vraag_buren(wereld.erijder, float(VLAKBIJ), IN_A[1], wereld.gemeente_a)


def test_oude_nabijheidsvragen_worden_opgeruimd(wereld):
    import datetime as dt

    from aanvragen.models import Nabijheidsvraag
    from aanvragen.tasks import ruim_nabijheidsvragen_op
    from portal import klok

    nu = klok.nu()
    Nabijheidsvraag.objects.create(gebruiker=wereld.erijder, op=nu - dt.timedelta(hours=25))
    Nabijheidsvraag.objects.create(gebruiker=wereld.erijder, op=nu - dt.timedelta(hours=1))
    ruim_nabijheidsvragen_op()
    assert list(Nabijheidsvraag.objects.values_list("op", flat=True)) == [nu - dt.timedelta(hours=1)]
