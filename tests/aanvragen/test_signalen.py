"""The data-driven lane: the threshold sweep (4,999 kWh nothing, 5,001 one signal, a second sweep nothing more),
the quiet period, the provincie's send and the CPO's answers, and the signal's whole path to a realised location."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from aanvragen import signalen
from aanvragen.modellen_signalen import Signaal, Signaalbeleid
from aanvragen.models import Aanvraag, Bron
from netaansluiting import services as netaansluitingservices
from netaansluiting.models import Opleverdocument, Realisatie
from plankaart import services as plankaartservices
from plankaart.models import Locatie
from plankaart.services import cdrs
from portal import historie, transities
from portal.models import Bericht
from tests.conftest import IN_A, PDF, om, punt_bij
from tests.netaansluiting.conftest import aansluiting_van, ean, tot_opdracht
from tests.plankaart.test_verbruik import cdr, punten  # noqa: F401
from verkeersbesluiten import services as besluitservices

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat
S = Signaal.Status


def verbruik(cdr_id: str, uid: str, kwh: float, dag: str = "2026-03-10"):
    return cdr(cdr_id, uid, f"{dag}T08:00:00Z", f"{dag}T10:00:00Z", kwh, 2)


def laad(wereld, *rijen):
    cdrs.importeer(wereld.cpo, list(rijen))


def veeg(datum="2026-06-01"):
    with om(datum, 3):
        return signalen.veeg()


def test_4999_niets_5001_een_signaal_tweede_veeg_niets_meer(wereld, punten):  # noqa: F811
    laad(wereld, verbruik("A", "1", 4000), verbruik("B", "1", 999))
    assert veeg() == {"voorgesteld": 0, "verzonden": 0, "ingetrokken": 0}
    laad(wereld, verbruik("C", "1", 2))
    assert veeg()["voorgesteld"] == 1
    signaal = Signaal.objects.get()
    assert (signaal.status, signaal.kwh, signaal.laadpunt.uid, signaal.cpo) == (
        S.VOORGESTELD,
        5001,
        "1",
        wereld.cpo,
    )
    assert signaal.locatie.kenmerk == "LOC1" and signaal.provincie == wereld.provincie
    assert veeg()["voorgesteld"] == 0
    assert Signaal.objects.count() == 1
    # The provincie hears of the proposal; the CPO hears nothing until it is sent.
    assert Bericht.objects.filter(
        ontvanger=wereld.provincie_mw, onderwerp__contains="Signaal voorgesteld"
    ).exists()
    assert not Bericht.objects.filter(ontvanger=wereld.cpo_mw).exists()
    # Usage older than 12 months does not count.
    assert veeg("2027-03-11")["ingetrokken"] == 1


def test_locatieniveau_en_stille_periode(wereld, punten):  # noqa: F811
    Signaalbeleid.objects.create(provincie=wereld.provincie, niveau="locatie", stille_periode_dagen=30)
    # Location LOC1 has two points: 10,000 kWh on one is 5,000 per point: not above.
    laad(wereld, verbruik("A", "1", 10000))
    assert veeg()["voorgesteld"] == 0
    laad(wereld, verbruik("B", "2", 4))
    assert veeg()["voorgesteld"] == 1
    signaal = Signaal.objects.get()
    assert (signaal.niveau, signaal.laadpunt, signaal.kwh) == ("locatie", None, 5002)
    with om("2026-06-02"):
        signalen.trek_in(signaal, wereld.provincie_mw, "Bekend, loopt al via de gemeente.")
    assert veeg("2026-06-20")["voorgesteld"] == 0  # within the quiet period
    assert veeg("2026-07-03")["voorgesteld"] == 1  # after it


def test_automatisch_versturen_met_termijn_voor_de_cpo(wereld, punten):  # noqa: F811
    Signaalbeleid.objects.create(provincie=wereld.provincie, automatisch_versturen=True, drempel_kwh=100)
    laad(wereld, verbruik("A", "3", 150))
    assert veeg() == {"voorgesteld": 1, "verzonden": 1, "ingetrokken": 0}
    signaal = Signaal.objects.get()
    assert signaal.status == S.VERZONDEN
    assert (signaal.termijn_organisatie, signaal.termijn_uiterlijk, signaal.termijn_stap) == (
        wereld.cpo,
        D("2026-06-11"),
        "locatie_bepalen",
    )
    assert Bericht.objects.filter(ontvanger=wereld.cpo_mw, onderwerp__contains=signaal.nummer).exists()


def test_rechten_en_weigeren_met_redencode(wereld, punten):  # noqa: F811
    Signaalbeleid.objects.create(provincie=wereld.provincie, drempel_kwh=100)
    laad(wereld, verbruik("A", "3", 150))
    veeg()
    signaal = Signaal.objects.get()
    for wie in (wereld.cpo_mw, wereld.gemeente_a_mw, wereld.netbeheerder_mw):
        with pytest.raises(transities.GeenRecht):
            signalen.verstuur(signaal, wie)
    with pytest.raises(transities.NietToegestaan):
        signalen.weiger(signaal, wereld.cpo_mw, "geen_ruimte", "Vol")
    with om("2026-06-01"):
        signaal = signalen.verstuur(signaal, wereld.provincie_mw)
    with pytest.raises(transities.GeenRecht):
        signalen.weiger(signaal, wereld.cpo_ander_mw, "geen_ruimte", "Niet mijn gemeente")
    with pytest.raises(ValidationError) as fout:
        signalen.weiger(signaal, wereld.cpo_mw, "geen_ruimte", " ")
    assert "toelichting" in fout.value.message_dict
    with pytest.raises(ValidationError) as fout:
        signalen.weiger(signaal, wereld.cpo_mw, "onzin", "Uitleg")
    assert "reden_code" in fout.value.message_dict
    signaal = signalen.weiger(signaal, wereld.cpo_mw, "netcapaciteit", "Het net zit hier vol tot 2028.")
    assert (signaal.status, signaal.reden_code, signaal.termijn_stap) == (S.GEWEIGERD, "netcapaciteit", "")
    assert [r.transitie for r in historie.historie_van(signaal)] == ["voorstellen", "versturen", "weigeren"]
    assert Bericht.objects.filter(ontvanger=wereld.provincie_mw, onderwerp__contains="geweigerd").exists()


def test_een_signaal_loopt_het_hele_pad_tot_een_gerealiseerde_locatie(wereld, punten):  # noqa: F811
    """Seed 000's bottom lane: usage above 5,000 kWh → signal to the CPO → a location nearby (new, with a
    netcheck) → gemeente approval → verkeersbesluit, grid connection, realisation → gerealiseerd."""
    laad(wereld, verbruik("A", "1", 5200, "2026-02-10"))
    veeg("2026-03-02")
    signaal = Signaal.objects.get()
    with om("2026-03-02"):
        signaal = signalen.verstuur(signaal, wereld.provincie_mw)
    lat, lon = punt_bij(*IN_A, 120)
    with om("2026-03-03"):
        with pytest.raises(ValidationError):  # 400 m from the busy point: outside the radius
            signalen.zet_om(
                signaal, wereld.cpo_mw, lat=punt_bij(*IN_A, 400)[0], lon=lon, omschrijving="Te ver"
            )
        signaal = signalen.zet_om(
            signaal, wereld.cpo_mw, lat=lat, lon=lon, omschrijving="Marktplein, oostzijde"
        )
    assert signaal.status == S.OMGEZET and signaal.termijn_stap == ""
    aanvraag = signaal.aanvraag
    plek = aanvraag.locatie
    assert (aanvraag.bron, aanvraag.status, aanvraag.aanvrager) == (
        Bron.DATAGEDREVEN,
        "locatie_voorgesteld",
        None,
    )
    assert (plek.status, plek.bron) == (Locatie.Status.IN_NETCHECK, "nieuw")
    with om("2026-03-04"):
        plek = plankaartservices.netcheck_goedkeuren(plek, wereld.netbeheerder_mw)
        plek = plankaartservices.keur_goed(plek, wereld.gemeente_a_medewerker)
    with om("2026-03-06"):
        besluit = besluitservices.maak_concept(
            wereld.gemeente_a, wereld.gemeente_a_mw, titel="Markt", locaties=[plek]
        )
        besluitservices.publiceer(
            besluit, wereld.gemeente_a_mw, bekendmaking_op=D("2026-03-06"), vindplaats="Gemeenteblad 2026, 8"
        )
    with om("2026-04-20", 1):
        besluitservices.maak_definitief_wat_klaar_is()
    with om("2026-04-20", 12):
        netaansluitingservices.bundel()
    with om("2026-04-28", 12):
        netaansluitingservices.bundel()
    tot_opdracht(aansluiting_van(plek), wereld, datum="2026-04-29")
    realisatie = Realisatie.objects.get(locatie=plek)
    with om("2026-04-30"):
        realisatie = netaansluitingservices.plan_plaatsing(
            realisatie, wereld.cpo_mw, plaatsing_gepland_op=D("2026-05-12")
        )
        realisatie = netaansluitingservices.vraag_energiecontract_aan(
            realisatie,
            wereld.cpo_mw,
            energieleverancier="Vattenfall",
            energiecontract_aangevraagd_op=D("2026-04-30"),
        )
    with om("2026-05-12"):
        netaansluitingservices.netbeheerderstap(
            Realisatie.objects.get(pk=realisatie.pk).aansluiting,
            "aansluiten",
            wereld.netbeheerder_mw,
            aangesloten_op=D("2026-05-12"),
            ean=ean(7),
        )
        netaansluitingservices.voeg_document_toe(
            realisatie,
            wereld.cpo_mw,
            bestand=ContentFile(PDF, name="SAT.pdf"),
            soort=Opleverdocument.Soort.SAT,
        )
    with om("2026-05-12", 15):
        realisatie = netaansluitingservices.leg_sat_vast(
            realisatie,
            wereld.cpo_mw,
            geplaatst_op=D("2026-05-12"),
            sat_op=D("2026-05-12"),
            geslaagd=True,
            sat_opmerking="",
        )
    with om("2026-05-15"):
        netaansluitingservices.meld_gerealiseerd(realisatie, wereld.gemeente_a_mw)
    assert Locatie.objects.get(pk=plek.pk).status == Locatie.Status.GEREALISEERD
    aanvraag = Aanvraag.objects.get(pk=aanvraag.pk)
    assert aanvraag.status == Aanvraag.Status.GEREALISEERD
    assert [r.transitie for r in historie.historie_van(signaal)] == ["voorstellen", "versturen", "omzetten"]
    # One open signal per location: the realised location is closed, so no second signal within the quiet period.
    assert veeg("2026-05-20")["voorgesteld"] == 0


def test_omzetten_naar_een_bestaande_kandidaat_binnen_de_straal(wereld, punten, locatie_op):  # noqa: F811
    kandidaat = locatie_op(100)
    laad(wereld, verbruik("A", "1", 6000, "2026-02-10"))
    veeg("2026-03-02")
    with om("2026-03-02"):
        signaal = signalen.verstuur(Signaal.objects.get(), wereld.provincie_mw)
        signaal = signalen.zet_om(signaal, wereld.cpo_mw, locatie=kandidaat)
    kandidaat.refresh_from_db()
    assert kandidaat.status == Locatie.Status.VOORGESTELD
    assert signaal.aanvraag.locatie == kandidaat and signaal.aanvraag.status == "locatie_voorgesteld"


def test_de_termijn_van_de_cpo_wordt_bewaakt_als_elke_zaak(wereld, punten):  # noqa: F811
    from django.contrib.contenttypes.models import ContentType

    from portal import bewaking
    from portal.models import Termijnmelding

    Signaalbeleid.objects.create(provincie=wereld.provincie, automatisch_versturen=True, drempel_kwh=100)
    laad(wereld, verbruik("A", "3", 150))
    veeg()  # sent on 1 June 2026: the CPO has until 11 June
    with om("2026-06-09", 8):
        bewaking.bewaak()
    with om("2026-06-12", 8):
        bewaking.bewaak()
    signaal = Signaal.objects.get()
    meldingen = Termijnmelding.objects.filter(
        content_type=ContentType.objects.get_for_model(Signaal), object_id=signaal.pk
    )
    assert set(meldingen.values_list("soort", flat=True)) == {"herinnering", "escalatie"}
