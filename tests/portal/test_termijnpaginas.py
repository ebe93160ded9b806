"""The pages of the terms engine: the calculator, the operations page, due dates on work lists and the
E-rijder's look ahead."""

import datetime as dt

import pytest
from django.urls import reverse

from aanvragen import services
from portal import berichten, klok
from portal.models import Concessie, Gebruiker, Servicetermijn
from portal.servicetermijnen import STANDAARD
from portal.tasks import bewaak_termijnen

pytestmark = pytest.mark.django_db


def om(datum: str):
    return klok.vastgezet(dt.datetime.fromisoformat(f"{datum}T10:00:00+00:00"))


def ingelogd(client, gebruiker):
    client.force_login(gebruiker)
    return client


# The calculator


def test_rekenhulp_legt_de_bezwaartermijn_uit(client, wereld):
    pagina = ingelogd(client, wereld.gemeente_a_mw).get(
        reverse("rekenhulp"), {"soort": "bezwaar", "datum": "2025-06-07"}
    )
    assert pagina.status_code == 200
    tekst = pagina.content.decode()
    assert 'Uitkomst: <time datetime="2025-07-21">maandag 21 juli 2025</time>' in tekst
    assert "42 dagen → zaterdag 19 juli 2025 → verschoven naar maandag 21 juli 2025: weekend" in tekst
    assert "vrijdag na Hemelvaartsdag" in tekst  # the year's table shows the decree day of 2025


def test_rekenhulp_werkdagen_voor_de_cpo(client, wereld):
    pagina = ingelogd(client, wereld.cpo_mw).get(
        reverse("rekenhulp"), {"soort": "werkdagen", "datum": "2026-04-24", "aantal": "5"}
    )
    assert "maandag 4 mei 2026" in pagina.content.decode()


def test_rekenhulp_waarschuwt_voor_een_jaar_zonder_besluit(client, wereld):
    pagina = ingelogd(client, wereld.cpo_mw).get(
        reverse("rekenhulp"), {"soort": "bezwaar", "datum": "2029-03-01"}
    )
    tekst = pagina.content.decode()
    assert "Voor 2029 zijn nog geen bij Koninklijk Besluit gelijkgestelde dagen geladen" in tekst
    assert "Voor 2029 is nog geen gelijkstellingsbesluit ingevoerd" in tekst


@pytest.mark.parametrize(
    ("params", "veld", "melding"),
    [
        ({"soort": "werkdagen", "datum": "2026-04-24"}, "aantal", "Vul in hoeveel dagen"),
        ({"soort": "bezwaar", "datum": "31-02-2026"}, "datum", "Vul een geldige datum in"),
        ({"soort": "bezwaar", "datum": "1970-01-01"}, "datum", "vanaf 1980"),
    ],
)
def test_rekenhulp_foute_invoer_blijft_staan_met_uitleg(client, wereld, params, veld, melding):
    pagina = ingelogd(client, wereld.cpo_mw).get(reverse("rekenhulp"), params)
    assert pagina.status_code == 400
    assert melding in str(pagina.context["form"].errors[veld])
    tekst = pagina.content.decode()
    assert 'id="foutoverzicht"' in tekst and f'value="{params["datum"]}"' in tekst


def test_rekenhulp_is_niet_voor_erijders(client, wereld):
    assert ingelogd(client, wereld.erijder).get(reverse("rekenhulp")).status_code == 404
    client.logout()
    assert client.get(reverse("rekenhulp")).status_code == 302


# The operations page


@pytest.fixture
def beheerder(wereld):
    return Gebruiker.objects.create_superuser("beheer@example.nl", "x", naam="Beheer")


def test_werking_toont_taken_berichten_en_achterstand(client, wereld, dien_in, beheerder, settings):
    with om("2026-03-02"):
        aanvraag = dien_in()
    bericht = berichten.verstuur(wereld.erijder, "Vast in de wachtrij", "Tekst")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    berichten.bezorg(bericht.pk)
    # Installed weeks before: a daily job that never ran since is behind (a fresh install is not).
    from django.db.migrations.recorder import MigrationRecorder

    MigrationRecorder.Migration.objects.update(applied=dt.datetime(2026, 2, 1, tzinfo=dt.UTC))
    with om("2026-03-10"):
        bewaak_termijnen()
        pagina = ingelogd(client, beheerder).get(reverse("werking"))
    assert pagina.status_code == 200
    taken = {t.naam: t for t in pagina.context["taken"]}
    assert set(taken) >= {"termijnen-bewaken", "dagoverzichten", "berichten-opnieuw-bezorgen"}
    assert taken["termijnen-bewaken"].laatste.aantallen["escalaties"] == 1
    assert taken["termijnen-bewaken"].schema == "*/15 * * * *"
    assert taken["dagoverzichten"].laatste is None and taken["dagoverzichten"].achter
    assert pagina.context["achterstand"] == [(wereld.cpo, 1)]
    tekst = pagina.content.decode()
    assert "Vast in de wachtrij" in tekst and "ConnectionRefusedError" in tekst
    assert aanvraag.nummer not in tekst  # counts per organisation, not case details


def test_werking_alleen_voor_beheerders(client, wereld):
    for gebruiker in (wereld.cpo_mw, wereld.erijder, wereld.gemeente_a_mw):
        assert ingelogd(client, gebruiker).get(reverse("werking")).status_code == 404


# Due dates and the cap on the work lists


def test_werklijst_toont_aan_zet_en_filtert_op_risico_voor_zestien_weken(client, wereld, dien_in):
    from aanvragen import services as aanvraagservices

    with om("2026-03-02"):
        in_gevaar = dien_in(aanvrager=wereld.erijder2, lat=52.25, lon=5.95)
    with om("2026-03-06"):  # Friday: the objection term would end in a weekend, yet on time: no flag
        op_schema = dien_in()
    with om("2026-03-10"):  # the first check overran three days: expected past the cap
        aanvraagservices.werk_prognoses_bij()
        client.force_login(wereld.cpo_mw)
        alles = client.get(reverse("aanvragen:werklijst")).content.decode()
        risico = client.get(reverse("aanvragen:werklijst"), {"risico": "on"})
    assert "aan zet: Laadnet Oost" in alles and alles.count("maximum in gevaar") == 1
    assert [a.nummer for a in risico.context["pagina"]] == [in_gevaar.nummer]
    assert op_schema.nummer not in risico.content.decode()


def test_werklijst_markeert_binnenkort_in_werkdagen(client, wereld, dien_in):
    with om("2026-03-02"):
        dien_in()  # due Saturday 7 March
    with om("2026-03-05"):  # Thursday: two working days ahead is Monday 9 March
        tekst = ingelogd(client, wereld.cpo_mw).get(reverse("aanvragen:werklijst")).content.decode()
    assert "termijn--bijna" in tekst and "binnenkort" in tekst
    with om("2026-03-09"):
        tekst = client.get(reverse("aanvragen:werklijst")).content.decode()
    assert "termijn--te-laat" in tekst and "te laat" in tekst


def test_erijder_ziet_wat_nog_komt_met_verwachte_datums(client, wereld, dien_in):
    with om("2026-03-02"):
        aanvraag = dien_in()
        pagina = ingelogd(client, wereld.erijder).get(reverse("aanvragen:detail", args=[aanvraag.pk]))
    stappen = pagina.context["nog_te_gaan"]
    assert [s.uiterlijk for s in stappen] == [
        dt.date(2026, 3, 7),
        dt.date(2026, 3, 17),
        dt.date(2026, 4, 28),
        dt.date(2026, 5, 28),
        dt.date(2026, 6, 12),
        dt.date(2026, 6, 17),
        dt.date(2026, 6, 22),
    ]
    assert stappen[0].nu and not stappen[1].nu
    tekst = pagina.content.decode()
    assert 'Verwacht <time datetime="2026-06-22">maandag 22 juni 2026</time>' in tekst
    assert "Laadpaal geplaatst, aangesloten en opgeleverd" in tekst


def test_geen_vooruitblik_terwijl_de_erijder_aan_zet_is(client, wereld, dien_in):
    aanvraag = services.vraag_aanvulling(dien_in(), wereld.cpo_mw, "Foto onleesbaar")
    pagina = ingelogd(client, wereld.erijder).get(reverse("aanvragen:detail", args=[aanvraag.pk]))
    assert pagina.context["nog_te_gaan"] == [] and "Wat nog komt" not in pagina.content.decode()


# Service levels in the admin


def test_concessie_in_de_admin_toont_elke_stap_met_zijn_termijn(client, wereld):
    beheer = Gebruiker.objects.create_superuser("beheer@example.nl", "x", naam="Beheer")
    concessie = Concessie.objects.get(naam="Concessie Oost")
    client.force_login(beheer)
    url = reverse("admin:portal_concessie_change", args=[concessie.pk])
    assert client.get(url).status_code == 200
    data = {
        "naam": concessie.naam,
        "cpo": wereld.cpo.pk,
        "gemeenten": [wereld.gemeente_a.pk, wereld.gemeente_b.pk],
        "ingang": "2025-01-01",
        "einde": "",
        "herinnering_werkdagen": "3",
        "maximum_weken": "16",
        "servicetermijnen-TOTAL_FORMS": "1",
        "servicetermijnen-INITIAL_FORMS": "0",
        "servicetermijnen-MIN_NUM_FORMS": "0",
        "servicetermijnen-MAX_NUM_FORMS": "1000",
        "servicetermijnen-0-stap": "toetsing",
        "servicetermijnen-0-dagen": "3",
        "servicetermijnen-0-eenheid": "werkdagen",
    }
    antwoord = client.post(url, data)
    assert antwoord.status_code == 302, antwoord.context["adminform"].form.errors if antwoord.context else ""
    stappen = dict(Servicetermijn.objects.filter(concessie=concessie).values_list("stap", "dagen"))
    assert stappen["toetsing"] == 3 and stappen["netaansluiting"] == 30 and len(stappen) == len(STANDAARD)
    concessie.refresh_from_db()
    assert concessie.herinnering_werkdagen == 3
