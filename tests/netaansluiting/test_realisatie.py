"""The CPO realises and the gemeente closes: planning (the E-rijders hear the date at once), energy contract,
delivery documents, the SAT, the gemeente's finishing touch and marking the location realised; the choice after
a refused connection; cancellation after an upheld objection."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from aanvragen.models import Aanvraag
from netaansluiting import selectors, services
from netaansluiting.models import Batch, Netaansluiting, Opleverdocument, Realisatie
from plankaart import kaart
from plankaart.models import Locatie
from portal import transities
from portal.models import Bericht
from portal.servicetermijnen import Stap
from tests.conftest import PDF
from tests.netaansluiting.conftest import D, aansluiting_van, ean, om, tot_opdracht
from verkeersbesluiten import services as besluitservices

pytestmark = pytest.mark.django_db
R = Realisatie.Status


@pytest.fixture
def te_plannen(wereld, definitief):
    """A location whose connection has its contractor: the CPO plans the placement (from 20 April 2026)."""
    ((plek, aanvraag),) = definitief(1)
    with om("2026-04-14", 12):
        services.bundel()
    tot_opdracht(aansluiting_van(plek), wereld)
    return Realisatie.objects.get(locatie=plek), aanvraag


def vers(zaak):
    return type(zaak).objects.get(pk=zaak.pk)


def berichten(gebruiker, begin: str):
    return list(Bericht.objects.filter(ontvanger=gebruiker, onderwerp__startswith=begin))


def plan(realisatie, wereld, datum="2026-05-12", op="2026-04-22"):
    with om(op):
        return services.plan_plaatsing(realisatie, wereld.cpo_mw, plaatsing_gepland_op=D(datum))


def document(realisatie, wereld, inhoud=PDF, naam="SAT.pdf"):
    with om("2026-05-12"):
        return services.voeg_document_toe(
            realisatie, wereld.cpo_mw, bestand=ContentFile(inhoud, name=naam), soort=Opleverdocument.Soort.SAT
        )


def tot_energiecontract(realisatie, wereld):
    realisatie = plan(realisatie, wereld)
    with om("2026-04-24"):
        return services.vraag_energiecontract_aan(
            realisatie,
            wereld.cpo_mw,
            energieleverancier="Vattenfall",
            energiecontract_aangevraagd_op=D("2026-04-24"),
        )


def aansluiten(realisatie, wereld, datum="2026-05-12"):
    with om(datum):
        services.netbeheerderstap(
            vers(realisatie).aansluiting,
            "aansluiten",
            wereld.netbeheerder_mw,
            aangesloten_op=D(datum),
            ean=ean(3),
        )


def sat(realisatie, wereld, geslaagd=True, opmerking=""):
    with om("2026-05-12", 15):
        return services.leg_sat_vast(
            realisatie,
            wereld.cpo_mw,
            geplaatst_op=D("2026-05-12"),
            sat_op=D("2026-05-12"),
            geslaagd=geslaagd,
            sat_opmerking=opmerking,
        )


def test_de_opdracht_aan_de_aannemer_zet_de_cpo_aan_zet_om_te_plannen(wereld, te_plannen):
    realisatie, aanvraag = te_plannen
    assert realisatie.status == R.TE_PLANNEN and realisatie.aannemer == "Volker Energie"
    assert (realisatie.termijn_stap, realisatie.termijn_uiterlijk) == (
        Stap.PLAATSING_PLANNEN,
        D("2026-05-05"),
    )
    aanvraag = vers(aanvraag)
    assert aanvraag.lopende_termijn == realisatie  # the request's running term is the CPO's planning step
    (bericht,) = berichten(wereld.cpo_mw, "Plan de plaatsing")
    assert "Volker Energie" in bericht.tekst and "dinsdag 5 mei 2026" in bericht.tekst and bericht.per_email


def test_plannen_vertelt_de_erijders_meteen_de_datum_en_opnieuw_als_hij_verschuift(wereld, te_plannen):
    realisatie, aanvraag = te_plannen
    realisatie = plan(realisatie, wereld)
    assert realisatie.status == R.GEPLAND and realisatie.plaatsing_gepland_op == D("2026-05-12")
    assert (realisatie.termijn_stap, realisatie.termijn_uiterlijk) == (Stap.ENERGIECONTRACT, D("2026-04-27"))
    assert vers(realisatie.locatie).status == Locatie.Status.IN_REALISATIE
    assert vers(aanvraag).status == Aanvraag.Status.PLAATSING_GEPLAND
    (bericht,) = berichten(wereld.erijder, "Plaatsing gepland")
    assert "dinsdag 12 mei 2026" in bericht.tekst
    realisatie = plan(realisatie, wereld, datum="2026-05-19", op="2026-04-23")
    assert realisatie.termijn_uiterlijk == D("2026-04-27")  # planning again moves the date, not the term
    (verzet,) = berichten(wereld.erijder, "Plaatsing verzet")
    assert "van dinsdag 12 mei 2026 naar dinsdag 19 mei 2026" in verzet.tekst


def test_plannen_vraagt_een_datum_vanaf_vandaag_en_is_aan_de_cpo(wereld, te_plannen):
    realisatie, _ = te_plannen
    with pytest.raises(ValidationError) as fout:
        plan(realisatie, wereld, datum="2026-04-01")
    assert "plaatsing_gepland_op" in fout.value.message_dict
    for wie in (wereld.gemeente_a_mw, wereld.netbeheerder_mw, wereld.cpo_ander_mw):
        with pytest.raises(transities.GeenRecht), om("2026-04-22"):
            services.plan_plaatsing(realisatie, wie, plaatsing_gepland_op=D("2026-05-12"))
    assert vers(realisatie).status == R.TE_PLANNEN


def test_plannen_kan_pas_als_de_aannemer_opdracht_heeft(wereld, definitief):
    ((plek, _),) = definitief(1)
    realisatie = Realisatie.objects.get(locatie=plek)
    assert realisatie.status == R.WACHT_OP_NET
    with pytest.raises(transities.NietToegestaan):
        plan(realisatie, wereld)


def test_opleveren_vraagt_de_aansluiting_en_het_sat_rapport(wereld, te_plannen):
    realisatie, aanvraag = te_plannen
    realisatie = tot_energiecontract(realisatie, wereld)
    assert (realisatie.termijn_stap, realisatie.termijn_uiterlijk) == (Stap.OPLEVERING, D("2026-04-29"))
    with pytest.raises(ValidationError, match="nog niet als aangesloten"):
        sat(realisatie, wereld)
    aansluiten(realisatie, wereld)
    with pytest.raises(ValidationError, match="opleverdocumenten"):
        sat(realisatie, wereld)
    with pytest.raises(ValidationError, match="geen geldige PDF"):
        document(realisatie, wereld, inhoud=b"<html>geen pdf</html>", naam="rapport.pdf")
    with pytest.raises(transities.GeenRecht), om("2026-05-12"):
        services.voeg_document_toe(
            realisatie, wereld.gemeente_a_mw, bestand=ContentFile(PDF, name="x.pdf"), soort="sat"
        )
    document(realisatie, wereld)
    realisatie = sat(realisatie, wereld)
    assert realisatie.status == R.OPGELEVERD and realisatie.sat_geslaagd
    assert (realisatie.termijn_stap, realisatie.termijn_organisatie) == (Stap.AFRONDEN, wereld.gemeente_a)
    assert vers(realisatie.locatie).status == Locatie.Status.OPGELEVERD
    aanvraag = vers(aanvraag)
    assert aanvraag.status == Aanvraag.Status.OPGELEVERD and aanvraag.verwacht_gereed is None
    (bericht,) = berichten(wereld.erijder, "Uw laadpaal staat er")
    assert "U kunt er nu laden" in bericht.tekst
    (taak,) = berichten(wereld.gemeente_a_mw, "Laadpaal opgeleverd")
    assert "parkeervakken" in taak.tekst and taak.per_email


def test_een_mislukte_sat_wordt_vastgelegd_en_opnieuw_getest(wereld, te_plannen):
    realisatie, _ = te_plannen
    realisatie = tot_energiecontract(realisatie, wereld)
    with pytest.raises(ValidationError) as fout:
        sat(realisatie, wereld, geslaagd=False)
    assert "sat_opmerking" in fout.value.message_dict
    realisatie = sat(realisatie, wereld, geslaagd=False, opmerking="Aardlekschakelaar sprong eruit.")
    assert realisatie.status == R.ENERGIECONTRACT and realisatie.sat_geslaagd is False
    aansluiten(realisatie, wereld)
    document(realisatie, wereld)
    assert sat(realisatie, wereld).status == R.OPGELEVERD


def test_de_gemeente_meldt_gerealiseerd_en_de_aanvragen_sluiten(wereld, te_plannen):
    realisatie, aanvraag = te_plannen
    realisatie = tot_energiecontract(realisatie, wereld)
    aansluiten(realisatie, wereld)
    document(realisatie, wereld)
    realisatie = sat(realisatie, wereld)
    with pytest.raises(transities.GeenRecht):
        services.meld_gerealiseerd(realisatie, wereld.cpo_mw)
    with om("2026-05-15"):
        realisatie = services.richt_parkeervakken_in(
            realisatie, wereld.gemeente_a_mw, parkeervakken_ingericht_op=D("2026-05-15")
        )
        realisatie = services.meld_gerealiseerd(realisatie, wereld.gemeente_a_mw)
    assert realisatie.status == R.GEREALISEERD and realisatie.termijn_stap == ""
    locatie = vers(realisatie.locatie)
    assert locatie.status == Locatie.Status.GEREALISEERD
    assert kaart.categorie_van(locatie.status, locatie.bezwaar_loopt).sleutel == "bestaand"
    aanvraag = vers(aanvraag)
    assert aanvraag.status == Aanvraag.Status.GEREALISEERD and not aanvraag.is_open
    assert berichten(wereld.erijder, f"Aanvraag {aanvraag.nummer} is afgerond")
    assert berichten(wereld.cpo_mw, "Gerealiseerd:")


def test_de_gemeente_vraagt_de_realisatiedatum_en_krijgt_hem_bij_het_plannen(wereld, te_plannen):
    realisatie, _ = te_plannen
    with pytest.raises(transities.GeenRecht):
        services.vraag_realisatiedatum(realisatie, wereld.gemeente_b_mw)
    with om("2026-04-21"):
        services.vraag_realisatiedatum(realisatie, wereld.gemeente_a_mw)
    assert berichten(wereld.cpo_mw, "Realisatiedatum gevraagd")
    plan(vers(realisatie), wereld)
    (bericht,) = berichten(wereld.gemeente_a_mw, "Realisatiedatum")
    assert "dinsdag 12 mei 2026" in bericht.tekst


def test_na_een_afgekeurde_aansluiting_vraagt_de_cpo_opnieuw_aan(wereld, definitief):
    ((plek, _),) = definitief(1)
    with om("2026-04-14", 12):
        services.bundel()
    with om("2026-04-16"):
        services.netbeheerderstap(
            aansluiting_van(plek), "netcheck_afkeuren", wereld.netbeheerder_mw, afkeurreden="Vol."
        )
    realisatie = Realisatie.objects.get(locatie=plek)
    assert realisatie.termijn_stap == Stap.NET_HEROVERWEGEN and realisatie.termijn_uiterlijk == D(
        "2026-04-21"
    )
    assert Batch.objects.get().status == Batch.Status.AFGEROND
    with pytest.raises(transities.GeenRecht):
        services.vraag_opnieuw_aan(realisatie, wereld.netbeheerder_mw, capaciteit="3x35A")
    with om("2026-04-17"):
        nieuw = services.vraag_opnieuw_aan(realisatie, wereld.cpo_mw, capaciteit="3x35A")
    assert nieuw.status == Netaansluiting.Status.TE_BUNDELEN and nieuw.capaciteit == "3x35A"
    realisatie = vers(realisatie)
    assert realisatie.aansluiting == nieuw and realisatie.termijn_stap == ""
    assert list(
        Netaansluiting.objects.filter(locatie=plek).values_list("status", flat=True).order_by("pk")
    ) == [
        "netcheck_afgekeurd",
        "te_bundelen",
    ]


def test_na_een_afgekeurde_aansluiting_kiest_de_cpo_een_andere_plek(wereld, definitief):
    ((plek, aanvraag),) = definitief(1)
    with om("2026-04-14", 12):
        services.bundel()
    with om("2026-04-16"):
        services.netbeheerderstap(
            aansluiting_van(plek), "netcheck_afkeuren", wereld.netbeheerder_mw, afkeurreden="Vol."
        )
    realisatie = Realisatie.objects.get(locatie=plek)
    with pytest.raises(ValidationError):
        services.kies_andere_locatie(realisatie, wereld.cpo_mw, " ")
    with om("2026-04-17"):
        realisatie = services.kies_andere_locatie(realisatie, wereld.cpo_mw, "Het net is hier vol tot 2028.")
    assert realisatie.status == R.GEANNULEERD
    assert vers(plek).status == Locatie.Status.VERVALLEN
    aanvraag = vers(aanvraag)
    assert aanvraag.status == Aanvraag.Status.GOEDGEKEURD and aanvraag.locatie is None
    assert aanvraag.termijn_stap == Stap.LOCATIE_BEPALEN and aanvraag.termijn_organisatie == wereld.cpo
    assert berichten(wereld.erijder, f"De plek voor aanvraag {aanvraag.nummer} gaat niet door")
    assert not selectors.zonder_aansluiting(wereld.cpo_mw).exists()


def test_een_gegrond_bezwaar_annuleert_de_aansluiting_die_tijdens_de_termijn_liep(
    wereld, goedgekeurde_locatie
):
    besluitservices.sla_beleid_op(
        wereld.gemeente_a, wereld.gemeente_a_mw, netaansluiting_tijdens_bezwaartermijn=True
    )
    plek, aanvraag = goedgekeurde_locatie()
    buur, _ = goedgekeurde_locatie(400)
    with om("2026-03-02"):
        besluit = besluitservices.maak_concept(
            wereld.gemeente_a, wereld.gemeente_a_mw, titel="X", locaties=[plek, buur]
        )
        besluit = besluitservices.publiceer(
            besluit, wereld.gemeente_a_mw, bekendmaking_op=D("2026-03-02"), vindplaats="Gemeenteblad 2026, 2"
        )
    with om("2026-03-02", 12):
        services.bundel()
    aansluiting = aansluiting_van(plek)
    assert aansluiting.status == Netaansluiting.Status.AANGEVRAAGD
    with om("2026-03-05"):
        services.netbeheerderstap(
            aansluiting, "registreren", wereld.netbeheerder_mw, kenmerk_netbeheerder="K1"
        )
        bezwaar = besluitservices.registreer_bezwaar(
            besluit,
            wereld.gemeente_a_mw,
            indiener_naam="A. Buur",
            indiener_adres="Laan 1",
            ontvangen_op=D("2026-03-05"),
            gronden="Te druk.",
            algemeen=False,
            locaties=[plek],
        )
    with om("2026-03-20"):
        besluitservices.beslis_op_bezwaar(bezwaar, wereld.gemeente_a_mw, "gegrond", "Inderdaad te druk.")
    aansluiting = vers(aansluiting)
    assert (
        aansluiting.status == Netaansluiting.Status.GEANNULEERD and "gegrond" in aansluiting.annuleringsreden
    )
    assert Realisatie.objects.get(locatie=plek).status == R.GEANNULEERD
    assert berichten(wereld.netbeheerder_mw, f"Netaansluiting {aansluiting.nummer} geannuleerd")
    assert aansluiting_van(buur).status == Netaansluiting.Status.AANGEVRAAGD  # the other location goes on
    assert vers(aanvraag).status == Aanvraag.Status.GOEDGEKEURD  # back to the CPO for another spot


def test_een_ingetrokken_besluit_haalt_een_wachtende_aansluiting_uit_de_open_batch(
    wereld, goedgekeurde_locatie, proactief
):
    besluitservices.sla_beleid_op(
        wereld.gemeente_a, wereld.gemeente_a_mw, netaansluiting_tijdens_bezwaartermijn=True
    )
    from netaansluiting.models import Bundelbeleid

    Bundelbeleid.objects.create(netbeheerder=wereld.netbeheerder, erijders_direct=False)
    plek, _ = goedgekeurde_locatie()
    proactief(2, datum="2026-03-02")
    with om("2026-03-02"):
        besluit = besluitservices.maak_concept(
            wereld.gemeente_a, wereld.gemeente_a_mw, titel="X", locaties=[plek]
        )
        besluit = besluitservices.publiceer(
            besluit, wereld.gemeente_a_mw, bekendmaking_op=D("2026-03-02"), vindplaats="Gemeenteblad 2026, 3"
        )
        services.bundel()
    batch = Batch.objects.get()
    assert batch.status == Batch.Status.OPEN and batch.regels.count() == 3
    with om("2026-03-04"):
        besluitservices.trek_in(besluit, wereld.gemeente_a_mw, "Fout in de publicatie.")
    assert aansluiting_van(plek).status == Netaansluiting.Status.GEANNULEERD
    assert vers(batch).regels.count() == 2
    assert not berichten(wereld.netbeheerder_mw, "Netaansluiting")  # it never reached the netbeheerder


def test_wie_wat_ziet(wereld, te_plannen):
    realisatie, _ = te_plannen
    assert selectors.zichtbare_realisaties(wereld.cpo_mw).filter(pk=realisatie.pk).exists()
    assert selectors.zichtbare_realisaties(wereld.gemeente_a_mw).filter(pk=realisatie.pk).exists()
    for niet in (wereld.cpo_ander_mw, wereld.gemeente_b_mw, wereld.netbeheerder_mw, wereld.erijder):
        assert not selectors.zichtbare_realisaties(niet).filter(pk=realisatie.pk).exists()
    aansluiting = realisatie.aansluiting
    assert selectors.zichtbare_aansluitingen(wereld.gemeente_a_mw).filter(pk=aansluiting.pk).exists()
    for niet in (wereld.netbeheerder_ander_mw, wereld.gemeente_b_mw, wereld.cpo_ander_mw, wereld.erijder):
        assert not selectors.zichtbare_aansluitingen(niet).filter(pk=aansluiting.pk).exists()


def test_tijdens_de_bezwaartermijn_afgekeurd_alleen_opnieuw_aanvragen(wereld, goedgekeurde_locatie):
    besluitservices.sla_beleid_op(
        wereld.gemeente_a, wereld.gemeente_a_mw, netaansluiting_tijdens_bezwaartermijn=True
    )
    plek, _ = goedgekeurde_locatie()
    with om("2026-03-02"):
        besluit = besluitservices.maak_concept(
            wereld.gemeente_a, wereld.gemeente_a_mw, titel="X", locaties=[plek]
        )
        besluitservices.publiceer(
            besluit, wereld.gemeente_a_mw, bekendmaking_op=D("2026-03-02"), vindplaats="Gemeenteblad 2026, 4"
        )
        services.bundel()
    with om("2026-03-05"):
        services.netbeheerderstap(
            aansluiting_van(plek), "netcheck_afkeuren", wereld.netbeheerder_mw, afkeurreden="Vol."
        )
    realisatie = Realisatie.objects.get(locatie=plek)
    # The spot is still in its decision's objection term: giving it up would need the decision changed first.
    assert transities.toegestane_transities(realisatie, wereld.cpo_mw) == ["opnieuw_aanvragen"]
    with pytest.raises(transities.NietToegestaan):
        services.kies_andere_locatie(realisatie, wereld.cpo_mw, "Net vol.")


def test_zonder_netbeheerder_gaat_het_besluit_door_en_hoort_de_cpo_het(wereld, definitief):
    wereld.netbeheerder.bediende_gemeenten.remove(wereld.gemeente_a)
    ((plek, _),) = definitief(1)
    assert plek.status == Locatie.Status.DEFINITIEF and not plek.netaansluitingen.exists()
    (bericht,) = berichten(wereld.cpo_mw, "Netaansluiting niet aangevraagd")
    assert "geen netbeheerder" in bericht.tekst and bericht.per_email
    assert plek in selectors.zonder_aansluiting(wereld.cpo_mw)
    with pytest.raises(ValidationError, match="geen netbeheerder"), om("2026-04-15"):
        services.vraag_aan(plek, wereld.cpo_mw)


def test_de_publieke_kaart_noemt_de_geplande_periode(wereld, te_plannen):
    realisatie, _ = te_plannen
    plan(realisatie, wereld)
    assert (
        kaart.toelichting(vers(realisatie.locatie))["periode"] == "Plaatsing gepland in het 2e kwartaal 2026."
    )
