"""Four lanes on one core: the gemeente's own requests and the CPO's, through the same location path as an
E-rijder's, with each lane's rules declared once (aanvragen.lanen)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from aanvragen import lanen, services
from aanvragen.models import Aanvraag, Afwijzingscode, Bron
from netaansluiting import services as netaansluitingservices
from netaansluiting.models import Opleverdocument, Realisatie
from plankaart import services as plankaartservices
from portal import transities
from portal.models import Bericht, Concessie
from tests.conftest import IN_A, PDF, gegevens, om, punt_bij
from tests.netaansluiting.conftest import aansluiting_van, ean, tot_opdracht
from verkeersbesluiten import services as besluitservices

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat
A = Aanvraag.Status


def verzoek(wereld, noord_m=0, **anders):
    lat, lon = punt_bij(*IN_A, noord_m)
    velden = dict(
        gemeente=wereld.gemeente_a,
        lat=lat,
        lon=lon,
        omschrijving="Zorgcentrum De Linde, parkeerplaats aan de achterzijde",
        motivering="Bezoekers en thuiszorg laden hier; er is geen laadpunt in de buurt.",
        laadpunten=4,
    )
    velden.update(anders)
    return services.Locatieaanvraag(**velden)


def test_elke_bron_heeft_zijn_regels_op_een_plek():
    assert set(lanen.BANEN) == set(Bron.values)
    for bron, baan in lanen.BANEN.items():
        assert baan.bron == bron and baan.weigering


def test_wie_mag_indienen_per_baan(wereld):
    for wie in (
        wereld.gemeente_b_mw,
        wereld.netbeheerder_mw,
        wereld.provincie_mw,
        wereld.cpo_ander_mw,
        wereld.erijder,
    ):
        with pytest.raises(PermissionDenied):
            services.vraag_locatie_aan(wie, verzoek(wereld))
    with om("2026-03-02"):
        gemeente = services.vraag_locatie_aan(wereld.gemeente_a_medewerker, verzoek(wereld))
        cpo = services.vraag_locatie_aan(wereld.cpo_mw, verzoek(wereld, 600))
    assert (gemeente.bron, gemeente.aanvragende_organisatie) == (Bron.GEMEENTE, wereld.gemeente_a)
    assert (cpo.bron, cpo.aanvragende_organisatie) == (Bron.CPO, wereld.cpo)
    # The E-rijder's lane stays the E-rijder's: staff cannot file one through it.
    with pytest.raises(PermissionDenied, match="Alleen E-rijders"):
        services.dien_in(wereld.gemeente_a_mw, gegevens(wereld.gemeente_a), ContentFile(PDF), "bewijs.pdf")


def test_fouten_noemen_elk_veld_en_niets_gaat_verloren(wereld):
    lat, lon = punt_bij(*IN_A, 0)
    with pytest.raises(ValidationError) as fout:
        services.vraag_locatie_aan(
            wereld.gemeente_a_mw,
            verzoek(wereld, omschrijving=" ", motivering="", laadpunten=0, lat=50.0, lon=4.0),
        )
    assert set(fout.value.message_dict) == {"omschrijving", "motivering", "laadpunten", "lat"}
    assert not Aanvraag.objects.exists()


def test_de_gemeente_aanvraag_gaat_naar_de_cpo_en_het_maximum_geldt_niet_standaard(wereld):
    with om("2026-03-02"):
        aanvraag = services.vraag_locatie_aan(wereld.gemeente_a_mw, verzoek(wereld))
    assert aanvraag.status == A.INGEDIEND and aanvraag.termijn_organisatie == wereld.cpo
    assert aanvraag.maximum_gereed is None and not aanvraag.maximum_in_gevaar
    assert Bericht.objects.filter(ontvanger=wereld.cpo_mw, onderwerp__contains=aanvraag.nummer).exists()
    assert Bericht.objects.filter(
        ontvanger=wereld.gemeente_a_mw, onderwerp__startswith="Ontvangstbevestiging"
    ).exists()
    # The E-rijder's form answers do not apply, so there is nothing to complete.
    assert "aanvulling_vragen" not in transities.toegestane_transities(aanvraag, wereld.cpo_mw)


def test_het_maximum_per_baan_is_instelbaar_per_concessie(wereld):
    concessie = Concessie.objects.get(cpo=wereld.cpo)
    concessie.maximum_bronnen = ["erijder", "gemeente"]
    concessie.save()
    with om("2026-03-02"):
        aanvraag = services.vraag_locatie_aan(wereld.gemeente_a_mw, verzoek(wereld))
    assert aanvraag.maximum_gereed == D("2026-03-02") + dt.timedelta(weeks=16)


def test_de_cpo_wijst_af_met_een_redencode(wereld):
    with om("2026-03-02"):
        aanvraag = services.vraag_locatie_aan(wereld.gemeente_a_mw, verzoek(wereld))
        with pytest.raises(ValidationError):
            services.afwijzen(aanvraag, wereld.cpo_mw, "Er staat er al een", reden_code="onzin")
        aanvraag = services.afwijzen(
            aanvraag, wereld.cpo_mw, "Op 80 meter staat een laadpaal.", Afwijzingscode.LAADPUNT_BINNEN_STRAAL
        )
    assert (aanvraag.status, aanvraag.reden_code) == (A.AFGEWEZEN, "laadpunt_binnen_straal")


def test_naast_een_proactieve_locatie_start_niets_nieuws(wereld, locatie_op):
    plek = locatie_op(120, proactief=True, proactief_jaar=2026)
    with om("2026-03-01"):
        plek = plankaartservices.stel_proactief_voor(plek, wereld.cpo_mw)
    with om("2026-03-02"):
        aanvraag = services.vraag_locatie_aan(wereld.gemeente_a_mw, verzoek(wereld))
    assert (aanvraag.status, aanvraag.locatie) == (A.LOCATIE_VOORGESTELD, plek)
    assert aanvraag.termijn_stap == ""  # the location carries the term; nothing new for the CPO
    assert not Bericht.objects.filter(ontvanger=wereld.cpo_mw, onderwerp__contains=aanvraag.nummer).exists()
    bericht = Bericht.objects.get(
        ontvanger=wereld.gemeente_a_mw, onderwerp__contains="er komt al een laadpaal"
    )
    assert plek.omschrijving in bericht.tekst and "120 meter" in bericht.tekst
    # A kandidaat that nobody proposed yet is not a plan: that request goes to the CPO.
    locatie_op(-900, proactief=True)
    with om("2026-03-02"):
        verder = services.vraag_locatie_aan(wereld.gemeente_a_mw, verzoek(wereld, -880))
    assert verder.status == A.INGEDIEND


def test_de_cpo_vraagt_zelf_aan_zonder_eigen_toets(wereld):
    with om("2026-03-02"):
        aanvraag = services.vraag_locatie_aan(wereld.cpo_mw, verzoek(wereld))
    assert aanvraag.status == A.GOEDGEKEURD and aanvraag.termijn_stap == "locatie_bepalen"
    assert [r.transitie for r in aanvraag_historie(aanvraag)] == ["indienen", "goedkeuren"]


def aanvraag_historie(aanvraag):
    from portal import historie

    return list(historie.historie_van(aanvraag))


def test_de_gemeente_aanvraag_loopt_het_hele_pad_tot_gerealiseerd(wereld):
    """Seed 000, "Aanvraag gemeente": CPO check, a new location with a netcheck, gemeente approval, the
    verkeersbesluit and the common realisation path, on the same timeline an E-rijder has."""
    with om("2026-03-02"):
        aanvraag = services.vraag_locatie_aan(wereld.gemeente_a_mw, verzoek(wereld))
    with om("2026-03-03"):
        aanvraag = services.goedkeuren(aanvraag, wereld.cpo_mw)
        lat, lon = punt_bij(*IN_A, 30)
        aanvraag = plankaartservices.stel_nieuwe_voor(
            aanvraag, lat, lon, "Achterzijde zorgcentrum", wereld.cpo_mw
        )
    plek = aanvraag.locatie
    with om("2026-03-04"):
        plek = plankaartservices.netcheck_goedkeuren(plek, wereld.netbeheerder_mw)
        plek = plankaartservices.keur_goed(plek, wereld.gemeente_a_medewerker)
    with om("2026-03-06"):
        besluit = besluitservices.maak_concept(
            wereld.gemeente_a, wereld.gemeente_a_mw, titel="Zorgcentrum", locaties=[plek]
        )
        besluitservices.publiceer(
            besluit, wereld.gemeente_a_mw, bekendmaking_op=D("2026-03-06"), vindplaats="Gemeenteblad 2026, 7"
        )
    with om("2026-04-20", 1):
        besluitservices.maak_definitief_wat_klaar_is()
    assert vers(aanvraag).status == A.WACHT_OP_REALISATIE
    # No E-rijder waits on this spot: its connection goes with the ordinary batches, not the E-rijders' own.
    assert not aansluiting_van(plek).erijder
    with om("2026-04-20", 12):
        netaansluitingservices.bundel()
    assert aansluiting_van(plek).status == "te_bundelen"  # waits for its batch to fill or its wait to pass
    with om("2026-04-28", 12):
        netaansluitingservices.bundel()
    tot_opdracht(aansluiting_van(plek), wereld, datum="2026-04-29")
    realisatie = Realisatie.objects.get(locatie=plek)
    with om("2026-04-30"):
        realisatie = netaansluitingservices.plan_plaatsing(
            realisatie, wereld.cpo_mw, plaatsing_gepland_op=D("2026-05-12")
        )
    assert vers(aanvraag).status == A.PLAATSING_GEPLAND
    with om("2026-04-24"):
        realisatie = netaansluitingservices.vraag_energiecontract_aan(
            realisatie,
            wereld.cpo_mw,
            energieleverancier="Vattenfall",
            energiecontract_aangevraagd_op=D("2026-04-24"),
        )
    with om("2026-05-12"):
        netaansluitingservices.netbeheerderstap(
            vers(realisatie).aansluiting,
            "aansluiten",
            wereld.netbeheerder_mw,
            aangesloten_op=D("2026-05-12"),
            ean=ean(5),
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
    aanvraag = vers(aanvraag)
    assert aanvraag.status == A.GEREALISEERD and aanvraag.bron == Bron.GEMEENTE
    transities_op_de_tijdlijn = [r.transitie for r in aanvraag_historie(aanvraag)]
    assert transities_op_de_tijdlijn[:3] == ["indienen", "goedkeuren", "locatie_koppelen"]
    assert transities_op_de_tijdlijn[-1] == "afsluiten"
    # The gemeente heard each step in its inbox, as an E-rijder would.
    assert (
        Bericht.objects.filter(ontvanger=wereld.gemeente_a_mw, onderwerp__contains=aanvraag.nummer).count()
        >= 3
    )


def vers(zaak):
    return type(zaak).objects.get(pk=zaak.pk)
