"""Terms on a request: due dates stored on entering each step, service levels per concessie, the
projection of the remaining steps and the 16-week cap."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from aanvragen import services
from aanvragen.models import Aanvraag
from portal import klok, servicetermijnen
from portal.models import Bericht, Servicetermijn, Termijnmelding

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat


def om(datum: str, uur: int = 10):
    """The clock fixed at `uur` o'clock on `datum` (Amsterdam time is UTC+1 or +2; 10:00 UTC is daytime)."""
    return klok.vastgezet(dt.datetime.fromisoformat(f"{datum}T{uur:02d}:00:00+00:00"))


def test_indienen_slaat_termijn_wie_en_wanneer_op(wereld, dien_in):
    with om("2026-03-02"):  # a Monday
        aanvraag = dien_in()
    assert aanvraag.termijn_stap == "toetsing"
    assert aanvraag.termijn_organisatie == wereld.cpo
    assert aanvraag.termijn_uiterlijk == D("2026-03-07")  # 5 calendar days
    assert aanvraag.termijn_herinneren_op == D("2026-03-05")  # 2 working days before Saturday 7 March
    assert aanvraag.termijn_escaleren_op == D("2026-03-09")  # the first working day after it
    assert aanvraag.termijn_begonnen_op.date() == D("2026-03-02")
    assert aanvraag.maximum_gereed == D("2026-06-22")  # 16 weeks after submission


def test_servicetermijn_van_de_concessie_in_werkdagen(wereld, dien_in):
    concessie = servicetermijnen.concessie_voor(wereld.gemeente_a)
    Servicetermijn.objects.create(concessie=concessie, stap="toetsing", dagen=5, eenheid="werkdagen")
    with om("2026-04-24"):  # Friday before Koningsdag
        aanvraag = dien_in()
    assert aanvraag.termijn_uiterlijk == D("2026-05-04")


def test_andere_concessie_houdt_de_standaard(wereld, dien_in):
    concessie = servicetermijnen.concessie_voor(wereld.gemeente_a)
    Servicetermijn.objects.create(concessie=concessie, stap="toetsing", dagen=2)
    with om("2026-03-02"):
        eigen = dien_in()
        ander = dien_in(aanvrager=wereld.erijder2, gemeente=wereld.gemeente_c, lat=52.25, lon=6.16)
    assert eigen.termijn_uiterlijk == D("2026-03-04")
    assert ander.termijn_uiterlijk == D("2026-03-07")
    assert ander.termijn_organisatie == wereld.cpo_ander


def test_verlopen_concessie_geldt_niet_meer(wereld, dien_in):
    """Without a concessie in force nobody would be at turn, so no request can be filed there."""
    concessie = servicetermijnen.concessie_voor(wereld.gemeente_a)
    Servicetermijn.objects.create(concessie=concessie, stap="toetsing", dagen=2)
    concessie.einde = D("2026-02-28")
    concessie.save()
    with om("2026-02-27"):
        assert dien_in().termijn_uiterlijk == D("2026-03-01")  # the concessie's own 2 days
    with om("2026-03-02"), pytest.raises(ValidationError) as fout:
        dien_in(aanvrager=wereld.erijder2)
    assert "gemeente" in fout.value.message_dict


def test_goedkeuren_start_de_stap_locatie_bepalen(wereld, dien_in):
    with om("2026-03-02"):
        aanvraag = dien_in()
    with om("2026-03-04"):
        aanvraag = services.goedkeuren(aanvraag, wereld.cpo_mw)
    assert (aanvraag.termijn_stap, aanvraag.termijn_uiterlijk) == ("locatie_bepalen", D("2026-03-14"))
    assert aanvraag.termijn_begonnen_op.date() == D("2026-03-04")


def test_aanvulling_zet_de_klok_stil_en_het_maximum_schuift_mee(wereld, dien_in):
    with om("2026-03-02"):
        aanvraag = dien_in()
    with om("2026-03-03"):
        aanvraag = services.vraag_aanvulling(aanvraag, wereld.cpo_mw, "Foto onleesbaar")
    assert aanvraag.termijn_stap == "" and aanvraag.termijn_uiterlijk is None
    assert aanvraag.termijn_herinneren_op is None and aanvraag.termijn_escaleren_op is None
    assert aanvraag.verwacht_gereed is None and aanvraag.gepauzeerd_sinds == D("2026-03-03")
    with om("2026-03-10"):
        aanvraag = services.wijzig_en_dien_opnieuw_in(
            aanvraag, wereld.erijder, services.Aanvraaggegevens.uit(aanvraag)
        )
    assert aanvraag.maximum_gereed == D("2026-06-29")  # seven days later than 22 June
    assert aanvraag.termijn_uiterlijk == D("2026-03-15") and aanvraag.gepauzeerd_sinds is None


@pytest.mark.parametrize("transitie", ["afwijzen", "intrekken"])
def test_afgesloten_aanvraag_heeft_geen_termijn(wereld, dien_in, transitie):
    aanvraag = dien_in()
    if transitie == "afwijzen":
        aanvraag = services.afwijzen(aanvraag, wereld.cpo_mw, "Eigen oprit")
    else:
        aanvraag = services.trek_in(aanvraag, wereld.erijder)
    assert aanvraag.termijn_stap == "" and aanvraag.termijn_uiterlijk is None
    assert aanvraag.termijn_organisatie is None and aanvraag.verwacht_gereed is None


# The projection and the cap


def test_prognose_volgt_de_keten_tot_precies_zestien_weken(wereld, dien_in):
    with om("2026-03-02"):
        aanvraag = dien_in()
    # 7 March check, 17 March location, 28 April end of objection term, then 30 + 15 + 5 + 5 days.
    assert aanvraag.verwacht_gereed == D("2026-06-22") == aanvraag.maximum_gereed
    assert not aanvraag.maximum_in_gevaar
    assert not Termijnmelding.objects.filter(soort="maximum").exists()


def test_bezwaartermijn_in_het_weekend_raakt_alleen_het_slechtste_geval(wereld, dien_in, mails):
    with om("2026-03-06"):  # Friday: the objection term would end on Saturday 2 May → Monday 4 May
        aanvraag = mails.na(dien_in)
        assert not aanvraag.maximum_in_gevaar and not aanvraag.maximum_verstreken
    # Worst case: Sunday 28 June rolls on to Monday 29 June, past the cap. The expected date (no history
    # yet: the service levels, and six weeks for a decision not yet published) meets the cap exactly.
    assert aanvraag.slechtst_gereed == D("2026-06-29") and aanvraag.maximum_gereed == D("2026-06-26")
    assert aanvraag.verwacht_gereed == D("2026-06-26")
    assert not Bericht.objects.filter(ontvanger=wereld.cpo_mw, onderwerp__contains="maximale").exists()


def test_waarschuwing_voor_het_maximum_gaat_eenmaal(wereld, dien_in):
    with om("2026-03-02"):
        aanvraag = dien_in()
    with om("2026-03-10"):  # the check overran three days: expected past the cap, warned once
        services.werk_prognoses_bij()
        services.goedkeuren(aanvraag, wereld.cpo_mw)
        assert services.waarschuw_als_maximum_in_gevaar(Aanvraag.objects.get(pk=aanvraag.pk)) is False
    assert Termijnmelding.objects.filter(soort="maximum", object_id=aanvraag.pk).count() == 1
    assert Bericht.objects.filter(ontvanger=wereld.cpo_mw, onderwerp__contains="maximale").count() == 1


def test_te_late_stap_schuift_de_prognose_elke_dag_op(wereld, dien_in):
    with om("2026-03-02"):
        aanvraag = dien_in()
    with om("2026-03-10"):  # check due 7 March, still not done: assume it finishes today
        uitkomst = services.werk_prognoses_bij()
    aanvraag.refresh_from_db()
    assert uitkomst == {"bijgewerkt": 1, "gewaarschuwd": 1, "fouten": 0}
    assert aanvraag.verwacht_gereed == D("2026-06-25")  # three days later than the cap
    assert Bericht.objects.filter(ontvanger=wereld.cpo_mw, onderwerp__contains="maximale").count() == 1
    with om("2026-03-11"):
        assert services.werk_prognoses_bij() == {"bijgewerkt": 1, "gewaarschuwd": 0, "fouten": 0}


def test_prognoses_raken_alleen_te_late_aanvragen(wereld, dien_in, django_assert_max_num_queries):
    with om("2026-03-02"):
        for i in range(5):
            dien_in(aanvrager=wereld.erijder if i % 2 else wereld.erijder2, lat=52.20 + i * 0.01)
    with om("2026-03-05"), django_assert_max_num_queries(3):
        assert services.werk_prognoses_bij() == {"bijgewerkt": 0, "gewaarschuwd": 0, "fouten": 0}
