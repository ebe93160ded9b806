import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aanvragen import services
from aanvragen.models import Aanvraag, Medeaanvrager
from portal import historie, klok, transities
from portal.models import AppendOnlyError, Bericht
from tests.conftest import gegevens

pytestmark = pytest.mark.django_db


def test_indienen_geeft_zaaknummer_termijn_en_historie(wereld, dien_in):
    moment = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
    with klok.vastgezet(moment):
        eerste = dien_in()
        tweede = dien_in(aanvrager=wereld.erijder2)
    assert eerste.nummer == "LP-2026-000001"
    assert tweede.nummer == "LP-2026-000002"
    assert eerste.status == Aanvraag.Status.INGEDIEND
    assert eerste.termijn_stap == "toetsing"
    assert eerste.termijn_uiterlijk == dt.date(2026, 3, 7)
    (rij,) = historie.historie_van(eerste)
    assert (rij.transitie, rij.van, rij.naar, rij.door) == ("indienen", "", "ingediend", wereld.erijder)
    assert eerste.bewijs.read().startswith(b"%PDF")


def test_ontvangstbevestiging_direct_in_inbox_en_per_email(wereld, dien_in, mails):
    aanvraag = mails.na(dien_in)
    bericht = Bericht.objects.get(ontvanger=wereld.erijder)
    assert aanvraag.nummer in bericht.onderwerp and "Ontvangstbevestiging" in bericht.onderwerp
    assert bericht.email_verzonden_op is not None
    (mail,) = [m for m in mails.outbox if m.to == [wereld.erijder.email]]
    assert aanvraag.nummer in mail.subject and aanvraag.nummer in mail.body
    # The CPO's staff see the new case in their inbox at once.
    assert Bericht.objects.filter(ontvanger=wereld.cpo_mw, onderwerp__contains=aanvraag.nummer).exists()
    assert not Bericht.objects.filter(ontvanger=wereld.cpo_ander_mw).exists()


def test_ontvangstbevestiging_en_melding_aan_de_cpo_in_een_statement(wereld, dien_in):
    """Every submission writes both; one INSERT stores them (the receipt first, then the CPO's staff)."""
    with CaptureQueriesContext(connection) as vastgelegd:
        aanvraag = dien_in()
    berichtrijen = [
        q for q in vastgelegd.captured_queries if q["sql"].startswith('INSERT INTO "portal_bericht"')
    ]
    assert len(berichtrijen) == 1
    ontvangers = list(
        Bericht.objects.filter(onderwerp__contains=aanvraag.nummer)
        .order_by("pk")
        .values_list("ontvanger", flat=True)
    )
    assert ontvangers == [wereld.erijder.pk, wereld.cpo_mw.pk]


@pytest.mark.parametrize(
    ("anders", "veld"),
    [
        ({"lat": 52.37, "lon": 4.89}, "lat"),  # Amsterdam: not in gemeente A
        ({"lat": 48.85, "lon": 2.35}, "lat"),  # Paris
        ({"woont_of_werkt": "werkt", "werkuren_per_week": 16}, "werkuren_per_week"),
        ({"woont_of_werkt": "werkt", "werkuren_per_week": None}, "werkuren_per_week"),
        ({"rijdt_elektrisch": False}, "rijdt_elektrisch"),
        ({"eigen_parkeerplaats": True}, "eigen_parkeerplaats"),
        ({"vergunning_nodig": True, "heeft_vergunning": False}, "heeft_vergunning"),
    ],
)
def test_voorwaarden_weigeren_met_veldnaam(wereld, dien_in, anders, veld):
    with pytest.raises(ValidationError) as fout:
        dien_in(**anders)
    assert veld in fout.value.message_dict
    assert Aanvraag.objects.count() == 0


def test_werken_vanaf_18_uur_is_genoeg(wereld, dien_in):
    assert dien_in(woont_of_werkt="werkt", werkuren_per_week=18).werkuren_per_week == 18


def test_gemeente_zonder_concessie_weigert(wereld, dien_in):
    wereld.gemeente_c.concessies_als_gemeente.clear()
    with pytest.raises(ValidationError) as fout:
        dien_in(gemeente=wereld.gemeente_c, lat=52.25, lon=6.16)
    assert "gemeente" in fout.value.message_dict


def test_alleen_erijders_dienen_in(wereld):
    with pytest.raises(PermissionDenied):
        services.dien_in(wereld.cpo_mw, gegevens(wereld.gemeente_a), None, "x.pdf")


# Every transition, allowed and forbidden.


def test_cpo_keurt_goed(wereld, dien_in, mails):
    with klok.vastgezet(dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)):
        aanvraag = dien_in()
    with klok.vastgezet(dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)):
        aanvraag = mails.na(services.goedkeuren, aanvraag, wereld.cpo_mw)
    assert aanvraag.status == "goedgekeurd"
    assert (aanvraag.termijn_stap, aanvraag.termijn_uiterlijk) == ("locatie_bepalen", dt.date(2026, 5, 14))
    rij = historie.historie_van(aanvraag).last()
    assert (rij.transitie, rij.van, rij.naar, rij.organisatie) == (
        "goedkeuren",
        "ingediend",
        "goedgekeurd",
        wereld.cpo,
    )
    assert any("goedgekeurd" in m.subject for m in mails.outbox if m.to == [wereld.erijder.email])


def test_afwijzen_met_reden_die_de_erijder_leest(wereld, dien_in, mails):
    aanvraag = mails.na(services.afwijzen, dien_in(), wereld.cpo_mw, "Er staat al een laadpaal op 80 m.")
    assert aanvraag.status == "afgewezen"
    assert aanvraag.afwijzingsreden == "Er staat al een laadpaal op 80 m."
    assert aanvraag.termijn_uiterlijk is None
    mail = [m for m in mails.outbox if "afgewezen" in m.subject][0]
    assert "80 m" in mail.body


def test_afwijzen_zonder_reden_kan_niet(wereld, dien_in):
    aanvraag = dien_in()
    with pytest.raises(ValidationError) as fout:
        services.afwijzen(aanvraag, wereld.cpo_mw, "  ")
    assert "reden" in fout.value.message_dict
    aanvraag.refresh_from_db()
    assert aanvraag.status == "ingediend"


def test_aanvulling_vragen_en_opnieuw_indienen_geeft_verse_termijn(wereld, dien_in, mails):
    with klok.vastgezet(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)):
        aanvraag = dien_in()
    with klok.vastgezet(dt.datetime(2026, 1, 7, 9, tzinfo=dt.UTC)):
        aanvraag = mails.na(
            services.vraag_aanvulling, aanvraag, wereld.cpo_mw, "Foto kentekenbewijs onleesbaar"
        )
    assert aanvraag.status == "aanvulling_gevraagd"
    assert aanvraag.termijn_uiterlijk is None  # the CPO's clock stops while the E-rijder completes
    mail = [m for m in mails.outbox if "Vul uw aanvraag" in m.subject][0]
    assert "onleesbaar" in mail.body and f"/aanvragen/{aanvraag.pk}/aanvullen/" in mail.body
    with pytest.raises(ValidationError):
        services.vraag_aanvulling(aanvraag, wereld.cpo_mw, "")
    with klok.vastgezet(dt.datetime(2026, 1, 20, 9, tzinfo=dt.UTC)):
        aanvraag = services.wijzig_en_dien_opnieuw_in(
            aanvraag, wereld.erijder, gegevens(wereld.gemeente_a, kenteken="XX-999-X"), None
        )
    assert aanvraag.status == "ingediend"
    assert aanvraag.kenteken == "XX-999-X"
    assert aanvraag.termijn_uiterlijk == dt.date(2026, 1, 25)
    assert [r.transitie for r in historie.historie_van(aanvraag)] == [
        "indienen",
        "aanvulling_vragen",
        "opnieuw_indienen",
    ]


def test_opnieuw_indienen_alleen_door_aanvrager_en_alleen_na_aanvulling(wereld, dien_in):
    aanvraag = dien_in()
    with pytest.raises(transities.NietToegestaan):
        services.wijzig_en_dien_opnieuw_in(aanvraag, wereld.erijder, gegevens(wereld.gemeente_a))
    services.vraag_aanvulling(aanvraag, wereld.cpo_mw, "Kenteken ontbreekt")
    with pytest.raises(transities.GeenRecht):
        services.wijzig_en_dien_opnieuw_in(aanvraag, wereld.erijder2, gegevens(wereld.gemeente_a))


@pytest.mark.parametrize(
    "wie", ["erijder", "erijder2", "cpo_ander_mw", "gemeente_a_mw", "netbeheerder_mw", "provincie_mw"]
)
@pytest.mark.parametrize("service", ["goedkeuren", "afwijzen", "vraag_aanvulling"])
def test_alleen_de_eigen_cpo_toetst(wereld, dien_in, wie, service):
    aanvraag = dien_in()
    argumenten = [] if service == "goedkeuren" else ["reden"]
    with pytest.raises(transities.GeenRecht):
        getattr(services, service)(aanvraag, getattr(wereld, wie), *argumenten)
    aanvraag.refresh_from_db()
    assert aanvraag.status == "ingediend"


@pytest.mark.parametrize("service", ["goedkeuren", "afwijzen", "vraag_aanvulling"])
@pytest.mark.parametrize("vorige", ["afwijzen", "goedkeuren", "vraag_aanvulling"])
def test_toetsen_alleen_vanuit_ingediend(wereld, dien_in, service, vorige):
    aanvraag = dien_in()
    getattr(services, vorige)(aanvraag, wereld.cpo_mw, *([] if vorige == "goedkeuren" else ["x"]))
    with pytest.raises(transities.NietToegestaan):
        getattr(services, service)(aanvraag, wereld.cpo_mw, *([] if service == "goedkeuren" else ["x"]))


@pytest.mark.parametrize("stand", ["ingediend", "aanvulling_gevraagd", "goedgekeurd"])
def test_intrekken_zolang_realisatie_niet_begon(wereld, dien_in, stand):
    aanvraag = dien_in()
    if stand == "aanvulling_gevraagd":
        services.vraag_aanvulling(aanvraag, wereld.cpo_mw, "x")
    elif stand == "goedgekeurd":
        services.goedkeuren(aanvraag, wereld.cpo_mw)
    with pytest.raises(transities.GeenRecht):
        services.trek_in(aanvraag, wereld.cpo_mw)
    aanvraag = services.trek_in(aanvraag, wereld.erijder, "Verhuisd")
    assert aanvraag.status == "ingetrokken"
    assert historie.historie_van(aanvraag).last().reden == "Verhuisd"


@pytest.mark.parametrize("eind", ["afwijzen", "intrekken"])
def test_niet_intrekken_na_einde(wereld, dien_in, eind):
    aanvraag = dien_in()
    if eind == "afwijzen":
        services.afwijzen(aanvraag, wereld.cpo_mw, "x")
    else:
        services.trek_in(aanvraag, wereld.erijder)
    with pytest.raises(transities.NietToegestaan):
        services.trek_in(aanvraag, wereld.erijder)


def test_status_niet_rechtstreeks_te_zetten(wereld, dien_in):
    aanvraag = dien_in()
    with pytest.raises(AttributeError):
        aanvraag.status = "goedgekeurd"


def test_toegestane_transities_per_rol(wereld, dien_in):
    aanvraag = dien_in()
    assert sorted(transities.toegestane_transities(aanvraag, wereld.cpo_mw)) == [
        "aanvulling_vragen",
        "afwijzen",
        "goedkeuren",
    ]
    assert transities.toegestane_transities(aanvraag, wereld.erijder) == ["intrekken"]
    assert transities.toegestane_transities(aanvraag, wereld.gemeente_a_mw) == []


def test_historie_is_append_only(wereld, dien_in):
    rij = historie.historie_van(dien_in()).get()
    rij.reden = "achteraf aangepast"
    with pytest.raises(AppendOnlyError):
        rij.save()
    with pytest.raises(AppendOnlyError):
        rij.delete()


def test_aansluiten_bij_lopende_aanvraag(wereld, dien_in, mails):
    aanvraag = dien_in()
    mails.na(services.sluit_aan, aanvraag, wereld.erijder2, "ZZ-99-ZZ")
    assert Medeaanvrager.objects.filter(aanvraag=aanvraag, gebruiker=wereld.erijder2).exists()
    assert historie.historie_van(aanvraag).last().transitie == "aansluiten"
    with pytest.raises(ValidationError):
        services.sluit_aan(aanvraag, wereld.erijder2, "ZZ-99-ZZ")
    # Joined E-rijders hear about every step too.
    mails.outbox.clear()
    mails.na(services.goedkeuren, aanvraag, wereld.cpo_mw)
    assert {m.to[0] for m in mails.outbox if "goedgekeurd" in m.subject} == {
        wereld.erijder.email,
        wereld.erijder2.email,
    }


def test_niet_aansluiten_bij_afgesloten_aanvraag(wereld, dien_in):
    aanvraag = services.afwijzen(dien_in(), wereld.cpo_mw, "x")
    with pytest.raises(transities.NietToegestaan):
        services.sluit_aan(aanvraag, wereld.erijder2, "ZZ-99-ZZ")


def test_cpo_hoort_van_intrekking_zonder_termijn(wereld, dien_in):
    aanvraag = services.trek_in(dien_in(), wereld.erijder, "Verhuisd")
    bericht = Bericht.objects.get(ontvanger=wereld.cpo_mw, onderwerp__contains="ingetrokken")
    assert "Verhuisd" in bericht.tekst and "uiterlijk" not in bericht.tekst
    assert aanvraag.nummer in bericht.onderwerp
