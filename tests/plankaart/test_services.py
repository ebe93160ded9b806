"""The location flow: the CPO chooses, moves or proposes; the netbeheerder checks; the gemeente decides; the
requests follow. Every transition, its permission (403 before 409) and what the parties are told."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from aanvragen import services as aanvraagservices
from aanvragen.models import Aanvraag
from plankaart import services
from plankaart.models import Locatie, Plankaart
from portal import bewaking, historie, klok, transities
from portal.models import Bericht
from tests.conftest import IN_A, punt_bij

pytestmark = pytest.mark.django_db

S = Locatie.Status
D = dt.date.fromisoformat


def om(datum: str):
    return klok.vastgezet(dt.datetime.fromisoformat(f"{datum}T10:00:00+00:00"))


@pytest.fixture
def goedgekeurd(wereld, dien_in):
    """An approved request at IN_A, waiting for the CPO to determine its location."""
    with om("2026-03-02"):
        aanvraag = dien_in()
        return aanvraagservices.goedkeuren(aanvraag, wereld.cpo_mw)


def berichten_aan(gebruiker, bevat=""):
    return list(Bericht.objects.filter(ontvanger=gebruiker, onderwerp__contains=bevat))


# Choosing a location within the radius


def test_cpo_kiest_kandidaat_binnen_de_straal(wereld, goedgekeurd, locatie_op):
    plek = locatie_op(120)
    with om("2026-03-04"):
        aanvraag = services.kies(goedgekeurd, plek, wereld.cpo_mw)
    plek.refresh_from_db()
    assert (aanvraag.status, aanvraag.locatie) == (Aanvraag.Status.LOCATIE_VOORGESTELD, plek)
    assert aanvraag.termijn_stap == ""  # the location carries the term now
    assert plek.status == S.VOORGESTELD and plek.termijn_organisatie == wereld.gemeente_a
    assert (plek.termijn_stap, plek.termijn_uiterlijk) == ("locatie_beoordelen", D("2026-03-14"))
    assert [r.transitie for r in historie.historie_van(plek)] == ["voorstellen"]
    assert historie.historie_van(aanvraag).last().gegevens["afstand_m"] == 120
    assert berichten_aan(wereld.gemeente_a_mw, "Locatievoorstel beoordelen")
    (bericht,) = berichten_aan(wereld.erijder, "Plek gekozen")
    assert "120 meter" in bericht.tekst and bericht.per_email


@pytest.mark.parametrize(("afstand", "kiesbaar"), [(249, True), (251, False)])
def test_straal_van_250_meter(wereld, goedgekeurd, locatie_op, afstand, kiesbaar):
    plek = locatie_op(afstand)
    if kiesbaar:
        assert services.kies(goedgekeurd, plek, wereld.cpo_mw).locatie == plek
    else:
        with pytest.raises(ValidationError, match="buiten de straal"):
            services.kies(goedgekeurd, plek, wereld.cpo_mw)


def test_een_locatie_bedient_evenveel_aanvragen_als_laadpunten(wereld, dien_in, locatie_op):
    plek = locatie_op(100, laadpunten=1)
    eerste = aanvraagservices.goedkeuren(dien_in(), wereld.cpo_mw)
    lat, lon = punt_bij(*IN_A, 0, 40)
    tweede = aanvraagservices.goedkeuren(dien_in(aanvrager=wereld.erijder2, lat=lat, lon=lon), wereld.cpo_mw)
    services.kies(eerste, plek, wereld.cpo_mw)
    with pytest.raises(ValidationError, match="evenveel aanvragen als laadpunten"):
        services.kies(tweede, plek, wereld.cpo_mw)


def test_aansluiten_bij_een_goedgekeurde_locatie_wacht_op_het_verkeersbesluit(wereld, dien_in, locatie_op):
    plek = locatie_op(100)
    eerste = aanvraagservices.goedkeuren(dien_in(), wereld.cpo_mw)
    services.kies(eerste, plek, wereld.cpo_mw)
    services.keur_goed(plek, wereld.gemeente_a_mw)
    lat, lon = punt_bij(*IN_A, 0, 60)
    tweede = aanvraagservices.goedkeuren(dien_in(aanvrager=wereld.erijder2, lat=lat, lon=lon), wereld.cpo_mw)
    tweede = services.kies(tweede, plek, wereld.cpo_mw)
    assert tweede.status == Aanvraag.Status.WACHT_OP_VERKEERSBESLUIT
    plek.refresh_from_db()
    assert plek.status == S.GOEDGEKEURD


def test_proactieve_locatie_met_definitief_verkeersbesluit_slaat_de_gemeente_over(
    wereld, goedgekeurd, locatie_op
):
    plek = locatie_op(150, proactief=True, proactief_jaar=2026, status=S.DEFINITIEF)
    Bericht.objects.all().delete()
    aanvraag = services.kies(goedgekeurd, plek, wereld.cpo_mw)
    assert aanvraag.status == Aanvraag.Status.WACHT_OP_REALISATIE
    assert not berichten_aan(wereld.gemeente_a_mw)
    assert "verkeersbesluit al vast" in berichten_aan(wereld.erijder, "Plek gekozen")[0].tekst


def test_kiezen_403_voor_409(wereld, dien_in, goedgekeurd, locatie_op):
    plek = locatie_op(100)
    with pytest.raises(transities.GeenRecht):
        services.kies(goedgekeurd, plek, wereld.cpo_ander_mw)  # another concessie
    with pytest.raises(transities.GeenRecht):
        services.kies(goedgekeurd, plek, wereld.gemeente_a_mw)
    lat, lon = punt_bij(*IN_A, 0, 60)
    nog_niet = dien_in(aanvrager=wereld.erijder2, lat=lat, lon=lon)  # not yet checked
    with pytest.raises(transities.GeenRecht):
        services.kies(nog_niet, plek, wereld.cpo_ander_mw)
    with pytest.raises(transities.NietToegestaan):
        services.kies(nog_niet, plek, wereld.cpo_mw)


def test_vervallen_of_bestaande_locatie_kan_niet(wereld, goedgekeurd, locatie_op):
    for plek in (locatie_op(50, status=S.VERVALLEN), locatie_op(80, status=S.GEREALISEERD)):
        with pytest.raises(ValidationError, match="niet \\(meer\\) worden gekozen"):
            services.kies(goedgekeurd, plek, wereld.cpo_mw)


# Moving a plankaart spot into the radius, or proposing a new one: the netbeheerder checks first


def test_verplaatsen_bewaart_het_oude_punt_en_vraagt_een_netcheck(wereld, goedgekeurd, locatie_op):
    plek = locatie_op(400)
    oud = (plek.lat, plek.lon)
    lat, lon = punt_bij(*IN_A, 30)
    with om("2026-03-04"):
        aanvraag = services.verplaats_en_kies(
            goedgekeurd, plek, lat, lon, "Loolaan t.h.v. nr. 3", wereld.cpo_mw
        )
    plek.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.LOCATIE_VOORGESTELD and aanvraag.locatie == plek
    assert (plek.status, plek.bron, plek.omschrijving) == (
        S.IN_NETCHECK,
        "verplaatst",
        "Loolaan t.h.v. nr. 3",
    )
    assert (round(plek.lat, 6), round(plek.lon, 6)) == (round(lat, 6), round(lon, 6))
    assert plek.termijn_organisatie == wereld.netbeheerder and plek.termijn_stap == "netcheck"
    rij = historie.historie_van(plek).get(transitie="netcheck_aanvragen")
    assert (rij.gegevens["oud"]["lat"], rij.gegevens["oud"]["lon"]) == oud
    assert berichten_aan(wereld.netbeheerder_mw, "Netcheck gevraagd")
    assert not berichten_aan(wereld.netbeheerder_ander_mw)


@pytest.mark.parametrize(
    ("noord", "melding"),
    [(300, "hoogstens 250 meter"), (5000, "ligt niet in Gemeente")],
)
def test_verplaatsen_naar_een_verkeerd_punt_wordt_geweigerd(wereld, goedgekeurd, locatie_op, noord, melding):
    plek = locatie_op(400)
    lat, lon = punt_bij(*IN_A, noord) if noord < 5000 else (52.33, 5.97)  # just north of gemeente A's box
    with pytest.raises(ValidationError, match=melding):
        services.verplaats_en_kies(goedgekeurd, plek, lat, lon, "Ergens", wereld.cpo_mw)
    plek.refresh_from_db()
    assert plek.status == S.KANDIDAAT and plek.bron == "plankaart"  # nothing changed


def test_nieuwe_locatie_naast_een_bestaande_wordt_geweigerd(wereld, goedgekeurd, locatie_op):
    locatie_op(100)
    lat, lon = punt_bij(*IN_A, 103)
    with pytest.raises(ValidationError, match="ligt al locatie"):
        services.stel_nieuwe_voor(goedgekeurd, lat, lon, "Dubbel", wereld.cpo_mw)


def test_zonder_netbeheerder_geen_nieuwe_locatie(wereld, goedgekeurd):
    wereld.netbeheerder.bediende_gemeenten.clear()
    lat, lon = punt_bij(*IN_A, 20)
    with pytest.raises(ValidationError, match="geen netbeheerder ingesteld"):
        services.stel_nieuwe_voor(goedgekeurd, lat, lon, "Nieuw", wereld.cpo_mw)


def test_nieuwe_locatie_netcheck_goed_en_dan_naar_de_gemeente(wereld, goedgekeurd):
    lat, lon = punt_bij(*IN_A, 20)
    aanvraag = services.stel_nieuwe_voor(
        goedgekeurd, lat, lon, "Hoofdstraat t.h.v. nr. 12", wereld.cpo_mw, parkeerplaatsen=2, laadpunten=4
    )
    plek = aanvraag.locatie
    assert (plek.bron, plek.status, plek.laadpunten) == ("nieuw", S.IN_NETCHECK, 4)
    assert plek.plankaart == Plankaart.objects.get(gemeente=wereld.gemeente_a)
    for niet in (wereld.cpo_mw, wereld.gemeente_a_mw, wereld.netbeheerder_ander_mw):
        with pytest.raises(transities.GeenRecht):
            services.netcheck_goedkeuren(plek, niet)
    plek = services.netcheck_goedkeuren(plek, wereld.netbeheerder_mw, "Ruimte genoeg.")
    assert plek.status == S.VOORGESTELD and plek.termijn_organisatie == wereld.gemeente_a
    assert berichten_aan(wereld.gemeente_a_mw, "Locatievoorstel beoordelen")
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.LOCATIE_VOORGESTELD


def test_netcheck_afgekeurd_stuurt_de_aanvraag_terug_naar_de_cpo(wereld, goedgekeurd):
    lat, lon = punt_bij(*IN_A, 20)
    plek = services.stel_nieuwe_voor(goedgekeurd, lat, lon, "Nieuw", wereld.cpo_mw).locatie
    with pytest.raises(ValidationError):
        services.netcheck_afkeuren(plek, wereld.netbeheerder_mw, "  ")
    with om("2026-03-10"):
        plek = services.netcheck_afkeuren(plek, wereld.netbeheerder_mw, "Geen capaciteit op het station.")
    aanvraag = Aanvraag.objects.get(pk=goedgekeurd.pk)
    assert plek.status == S.VERVALLEN and plek.opmerking == "Geen capaciteit op het station."
    assert aanvraag.status == Aanvraag.Status.GOEDGEKEURD and aanvraag.locatie is None
    assert (aanvraag.termijn_stap, aanvraag.termijn_uiterlijk) == ("locatie_bepalen", D("2026-03-20"))
    assert berichten_aan(wereld.cpo_mw, "Netcheck afgekeurd")
    assert "Geen capaciteit" in berichten_aan(wereld.erijder, "gaat niet door")[0].tekst
    with pytest.raises(transities.NietToegestaan):
        services.netcheck_goedkeuren(plek, wereld.netbeheerder_mw)


# The gemeente decides


@pytest.fixture
def voorgesteld(wereld, goedgekeurd, locatie_op):
    plek = locatie_op(120)
    services.kies(goedgekeurd, plek, wereld.cpo_mw)
    plek.refresh_from_db()
    return plek


def test_gemeente_keurt_goed_en_de_aanvraag_wacht_op_het_verkeersbesluit(wereld, voorgesteld):
    for niet in (wereld.gemeente_b_mw, wereld.cpo_mw, wereld.netbeheerder_mw):
        with pytest.raises(transities.GeenRecht):
            services.keur_goed(voorgesteld, niet)
    plek = services.keur_goed(voorgesteld, wereld.gemeente_a_mw)
    aanvraag = Aanvraag.objects.get(locatie=plek)
    assert plek.status == S.GOEDGEKEURD and plek.termijn_stap == ""
    assert aanvraag.status == Aanvraag.Status.WACHT_OP_VERKEERSBESLUIT
    assert berichten_aan(wereld.cpo_mw, "Locatie goedgekeurd")
    assert berichten_aan(wereld.erijder, "keurde de plek")
    with pytest.raises(transities.NietToegestaan):
        services.keur_goed(plek, wereld.gemeente_a_mw)


def test_aanpassing_vragen_en_bijstellen_zonder_verplaatsen(wereld, voorgesteld):
    with pytest.raises(ValidationError):
        services.vraag_aanpassing(voorgesteld, wereld.gemeente_a_mw, "")
    plek = services.vraag_aanpassing(voorgesteld, wereld.gemeente_a_mw, "Vier laadpunten graag.")
    assert plek.status == S.AANPASSING_GEVRAAGD and plek.termijn_organisatie == wereld.cpo
    assert berichten_aan(wereld.cpo_mw, "Pas locatievoorstel aan")
    with pytest.raises(transities.GeenRecht):
        services.stel_opnieuw_voor(
            plek,
            wereld.gemeente_a_mw,
            lat=plek.lat,
            lon=plek.lon,
            omschrijving="x",
            parkeerplaatsen=2,
            laadpunten=4,
        )
    plek = services.stel_opnieuw_voor(
        plek,
        wereld.cpo_mw,
        lat=plek.lat,
        lon=plek.lon,
        omschrijving=plek.omschrijving,
        parkeerplaatsen=4,
        laadpunten=4,
    )
    assert (
        plek.status == S.VOORGESTELD
        and plek.laadpunten == 4
        and plek.termijn_organisatie == wereld.gemeente_a
    )


def test_bijstellen_met_een_ander_punt_gaat_eerst_langs_de_netbeheerder(wereld, voorgesteld):
    plek = services.vraag_aanpassing(voorgesteld, wereld.gemeente_a_mw, "Naar de parkeerhaven.")
    lat, lon = punt_bij(*IN_A, 135)
    plek = services.stel_opnieuw_voor(
        plek, wereld.cpo_mw, lat=lat, lon=lon, omschrijving="Parkeerhaven", parkeerplaatsen=2, laadpunten=2
    )
    assert plek.status == S.IN_NETCHECK and plek.bron == "verplaatst"
    assert historie.historie_van(plek).last().gegevens["oud"]
    ver_lat, ver_lon = punt_bij(*IN_A, 270)
    plek = services.netcheck_goedkeuren(plek, wereld.netbeheerder_mw)
    plek = services.vraag_aanpassing(plek, wereld.gemeente_a_mw, "Nog verder?")
    with pytest.raises(ValidationError, match="hoogstens 250 meter"):
        services.stel_opnieuw_voor(
            plek,
            wereld.cpo_mw,
            lat=ver_lat,
            lon=ver_lon,
            omschrijving="Te ver",
            parkeerplaatsen=2,
            laadpunten=2,
        )


def test_afwijzen_van_een_plankaartlocatie_laat_haar_kandidaat(wereld, voorgesteld):
    with pytest.raises(ValidationError):
        services.wijs_af(voorgesteld, wereld.gemeente_a_mw, "")
    plek = services.wijs_af(voorgesteld, wereld.gemeente_a_mw, "Hier komt een bouwplaats.")
    aanvraag = Aanvraag.objects.get(aanvrager=wereld.erijder)
    assert plek.status == S.KANDIDAAT and plek.opmerking == "Hier komt een bouwplaats."
    assert aanvraag.status == Aanvraag.Status.GOEDGEKEURD and aanvraag.locatie is None
    assert aanvraag.termijn_organisatie == wereld.cpo


def test_afwijzen_van_een_nieuwe_locatie_laat_haar_vervallen(wereld, goedgekeurd):
    lat, lon = punt_bij(*IN_A, 20)
    plek = services.stel_nieuwe_voor(goedgekeurd, lat, lon, "Nieuw", wereld.cpo_mw).locatie
    plek = services.netcheck_goedkeuren(plek, wereld.netbeheerder_mw)
    assert services.wijs_af(plek, wereld.gemeente_a_mw, "Te smalle stoep.").status == S.VERVALLEN


def test_gemeente_laat_een_locatie_vervallen(wereld, voorgesteld):
    with pytest.raises(transities.GeenRecht):
        services.laat_vervallen(voorgesteld, wereld.cpo_mw, "x")
    plek = services.laat_vervallen(voorgesteld, wereld.gemeente_a_mw, "Weg wordt heringericht.")
    assert plek.status == S.VERVALLEN
    assert Aanvraag.objects.get(aanvrager=wereld.erijder).status == Aanvraag.Status.GOEDGEKEURD


def test_intrekken_maakt_het_laadpunt_weer_vrij(wereld, voorgesteld):
    aanvraag = Aanvraag.objects.get(locatie=voorgesteld)
    aanvraag = aanvraagservices.trek_in(aanvraag, wereld.erijder, "Verhuisd")
    assert aanvraag.locatie is None and aanvraag.status == Aanvraag.Status.INGETROKKEN


# Terms and the projection follow the location


def test_netcheck_over_de_termijn_escaleert_naar_de_netbeheerder(wereld, goedgekeurd, mails):
    lat, lon = punt_bij(*IN_A, 20)
    with om("2026-03-04"):
        plek = services.stel_nieuwe_voor(goedgekeurd, lat, lon, "Nieuw", wereld.cpo_mw).locatie
    assert plek.termijn_uiterlijk == D("2026-03-14")
    uitkomst = mails.na(bewaking.bewaak, D("2026-03-16"))
    assert uitkomst["escalaties"] == 1
    (bericht,) = berichten_aan(wereld.netbeheerder_mw, "Termijn verstreken")
    assert "Netcheck" in bericht.onderwerp and bericht.link == f"/plankaart/locaties/{plek.pk}/"


def test_prognose_van_de_aanvraag_volgt_de_termijn_van_de_locatie(wereld, goedgekeurd, locatie_op):
    plek = locatie_op(100)
    with om("2026-03-04"):
        aanvraag = services.kies(goedgekeurd, plek, wereld.cpo_mw)
    # The gemeente's 10 days end 14 March; 42 days later is Saturday 25 April, past the weekend and
    # Koningsdag the objection term ends Tuesday 28 April; then 30 + 15 + 5 + 5 days. Expected (no history
    # yet: the service levels) counts the six weeks of a decision not yet published without the roll-over.
    assert aanvraag.slechtst_gereed == D("2026-06-22") and aanvraag.verwacht_gereed == D("2026-06-19")


# The yearly revision


def test_herzien_bewaart_de_oude_versie(wereld, locatie_op):
    locatie_op(100, kenmerk="A-1")
    with pytest.raises(PermissionDenied):
        services.herzie(wereld.gemeente_a, 2027, wereld.cpo_mw)
    with pytest.raises(ValidationError):
        services.herzie(wereld.gemeente_a, 2025, wereld.gemeente_a_mw)
    nieuw = services.herzie(wereld.gemeente_a, 2027, wereld.gemeente_a_mw)
    oud = Plankaart.objects.get(gemeente=wereld.gemeente_a, versie=1)
    assert (nieuw.versie, nieuw.jaar) == (2, 2027)
    assert [f["properties"]["kenmerk"] for f in oud.momentopname["features"]] == ["A-1"]


def test_nachtelijke_prognose_ziet_ook_een_te_late_locatiestap(wereld, goedgekeurd, locatie_op):
    plek = locatie_op(100)
    with om("2026-03-04"):
        services.kies(goedgekeurd, plek, wereld.cpo_mw)  # the gemeente must decide by 14 March
    Bericht.objects.filter(onderwerp__contains="maximale doorlooptijd").delete()
    with om("2026-03-20"):  # six days late: the request has no term of its own, its location does
        uitkomst = aanvraagservices.werk_prognoses_bij()
    aanvraag = Aanvraag.objects.get(pk=goedgekeurd.pk)
    assert uitkomst["bijgewerkt"] == 1 and aanvraag.verwacht_gereed > aanvraag.maximum_gereed
    (waarschuwing,) = berichten_aan(wereld.cpo_mw, "maximale doorlooptijd")
    assert "Huidige stap: Locatievoorstel beoordelen, uiterlijk zaterdag 14 maart 2026" in waarschuwing.tekst


def test_nachtelijke_prognose_schuift_mee_terwijl_de_aanvraag_op_het_verkeersbesluit_wacht(
    wereld, goedgekeurd, locatie_op
):
    plek = locatie_op(100)
    with om("2026-03-04"):
        services.kies(goedgekeurd, plek, wereld.cpo_mw)
        services.keur_goed(plek, wereld.gemeente_a_mw)
    eerst = Aanvraag.objects.get(pk=goedgekeurd.pk).verwacht_gereed
    with om("2026-03-11"):
        assert aanvraagservices.werk_prognoses_bij()["bijgewerkt"] == 1
    assert Aanvraag.objects.get(pk=goedgekeurd.pk).verwacht_gereed == eerst + dt.timedelta(days=7)
