"""Verkeersbesluiten end to end through the services: drafting, publishing on the legal term, objections on
time and late, every decision on an objection and what it does to locations, requests and messages, and
the sweep that makes a decision definitive by itself."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from aanvragen.models import Aanvraag
from plankaart.models import Locatie
from portal import historie, termijnen, transities
from portal.models import Bericht
from tests.verkeersbesluiten.conftest import D, om
from verkeersbesluiten import selectors, services
from verkeersbesluiten.models import Besluitlocatie, Bezwaar, Verkeersbesluit, Verkeersbesluitbeleid

pytestmark = pytest.mark.django_db

S = Verkeersbesluit.Status
L = Locatie.Status
A = Aanvraag.Status


def berichten_aan(gebruiker, bevat=""):
    return list(Bericht.objects.filter(ontvanger=gebruiker, onderwerp__contains=bevat))


@pytest.fixture
def concept(wereld, goedgekeurde_locatie):
    """A verzamelverkeersbesluit for two approved locations, 600 m apart, each with Eva's or Daan's request."""
    eerste, aanvraag1 = goedgekeurde_locatie(0)
    tweede, aanvraag2 = goedgekeurde_locatie(600, aanvrager=wereld.erijder2)
    with om("2026-02-16"):
        besluit = services.maak_concept(
            wereld.gemeente_a, wereld.gemeente_a_mw, titel="Laadpalen Centrum", locaties=[eerste, tweede]
        )
    besluit.locaties = (eerste, tweede)
    besluit.aanvragen = (aanvraag1, aanvraag2)
    return besluit


def publiceer(besluit, wereld, bekendmaking="2026-03-02"):
    with om(bekendmaking):
        return services.publiceer(
            besluit,
            wereld.gemeente_a_mw,
            bekendmaking_op=D(bekendmaking),
            vindplaats="Gemeenteblad 2026, 4711",
        )


def vers(*zaken):
    for zaak in zaken:
        zaak.refresh_from_db()
    return zaken


# Drafting


def test_cpo_bereidt_concept_voor_en_de_gemeente_hoort_het(wereld, goedgekeurde_locatie):
    plek, _ = goedgekeurde_locatie()
    with om("2026-02-16"):
        besluit = services.maak_concept(wereld.gemeente_a, wereld.cpo_mw, titel="Loolaan", locaties=[plek])
    assert besluit.nummer == "VKB-2026-0001" and besluit.status == S.CONCEPT
    assert besluit.opgesteld_door == wereld.cpo
    (regel,) = besluit.besluitlocaties.all()
    assert "LP-2026-" in regel.motivering  # the requests behind it are the motivation
    (bericht,) = berichten_aan(wereld.gemeente_a_mw, "klaar om te publiceren")
    assert bericht.per_email
    plek.refresh_from_db()
    assert plek.status == L.GOEDGEKEURD  # a concept does not change the location


def test_nummering_per_gemeente(wereld, goedgekeurde_locatie, locatie_op):
    eerste, _ = goedgekeurde_locatie(0)
    tweede, _ = goedgekeurde_locatie(600)
    with om("2026-02-16"):
        a = services.maak_concept(wereld.gemeente_a, wereld.gemeente_a_mw, titel="Een", locaties=[eerste])
        b = services.maak_concept(wereld.gemeente_a, wereld.gemeente_a_mw, titel="Twee", locaties=[tweede])
    assert (a.nummer, b.nummer) == ("VKB-2026-0001", "VKB-2026-0002")


def test_alleen_goedgekeurde_locaties_van_de_gemeente_in_geen_ander_besluit(wereld, concept, locatie_op):
    kandidaat = locatie_op(2000)
    with pytest.raises(ValidationError) as fout:
        services.maak_concept(wereld.gemeente_a, wereld.gemeente_a_mw, titel="X", locaties=[kandidaat])
    assert "niet (meer) goedgekeurd" in str(fout.value.message_dict["locaties"])
    with pytest.raises(ValidationError) as fout:
        services.maak_concept(
            wereld.gemeente_a, wereld.gemeente_a_mw, titel="X", locaties=[concept.locaties[0]]
        )
    assert concept.nummer in str(fout.value.message_dict["locaties"])
    with pytest.raises(ValidationError, match="titel"):
        services.maak_concept(wereld.gemeente_a, wereld.gemeente_a_mw, titel=" ", locaties=[kandidaat])


def test_andere_gemeente_en_netbeheerder_maken_geen_concept(wereld, goedgekeurde_locatie):
    plek, _ = goedgekeurde_locatie()
    for wie in (wereld.gemeente_b_mw, wereld.netbeheerder_mw, wereld.cpo_ander_mw, wereld.erijder):
        with pytest.raises(PermissionDenied):
            services.maak_concept(wereld.gemeente_a, wie, titel="X", locaties=[plek])


def test_concept_wijzigen_en_de_tekst_volgt(wereld, concept):
    gewijzigd = services.wijzig_concept(
        concept,
        wereld.cpo_mw,
        titel="Centrum, fase 1",
        toelichting="De wijkraad vroeg om meer laadpalen.",
        locaties=[concept.locaties[0]],
        motiveringen={concept.locaties[0].pk: "Drie aanvragen in deze straat."},
    )
    tekst = services.tekst_van(gewijzigd)
    assert "Centrum, fase 1" in tekst and "De wijkraad vroeg" in tekst
    assert concept.locaties[0].omschrijving in tekst and concept.locaties[1].omschrijving not in tekst
    assert "Drie aanvragen in deze straat." in tekst
    # The location taken out of the concept is free for another decision.
    services.maak_concept(
        wereld.gemeente_a, wereld.gemeente_a_mw, titel="Later", locaties=[concept.locaties[1]]
    )


# Publishing on the legal term


@pytest.mark.parametrize(
    ("bekendmaking", "einde"),
    [
        ("2026-03-02", "2026-04-13"),  # ordinary: Monday + 42 days is a Monday
        ("2026-03-07", "2026-04-20"),  # the 42nd day is a Saturday: to Monday
        ("2026-03-16", "2026-04-28"),  # the 42nd day is Koningsdag (Monday 27 April 2026)
        ("2026-03-24", "2026-05-06"),  # the 42nd day is 5 mei, a holiday every year
        ("2026-04-02", "2026-05-18"),  # Hemelvaart, the decree day after it, then a weekend
    ],
)
def test_publiceren_geeft_het_antwoord_van_de_termijnrekening(wereld, concept, bekendmaking, einde):
    besluit = publiceer(concept, wereld, bekendmaking)
    assert besluit.bezwaartermijn_einde == D(einde) == termijnen.bezwaartermijn_einde(D(bekendmaking)).datum
    assert besluit.status == S.GEPUBLICEERD and besluit.bekendmaking_op == D(bekendmaking)
    assert "42 dagen" in besluit.bezwaartermijn_uitleg or "Zes weken" in besluit.bezwaartermijn_uitleg


def test_publiceren_zet_locaties_in_procedure_en_informeert_iedereen(wereld, concept):
    besluit = publiceer(concept, wereld)
    eerste, tweede = vers(*concept.locaties)
    for plek in (eerste, tweede):
        assert plek.status == L.IN_PROCEDURE
        assert (plek.termijn_stap, plek.termijn_uiterlijk, plek.termijn_organisatie) == (
            "bezwaartermijn",
            D("2026-04-13"),
            None,  # nobody is at turn during the objection term: no reminders, no escalation
        )
        assert plek.termijn_herinneren_op is None and plek.termijn_escaleren_op is None
    for aanvraag in vers(*concept.aanvragen):
        assert aanvraag.status == A.WACHT_OP_VERKEERSBESLUIT
        stap = historie.historie_van(aanvraag).last()
        assert stap.transitie == "verkeersbesluit_gepubliceerd"
        assert stap.gegevens["bezwaartermijn_einde"] == "2026-04-13"
    (bericht,) = berichten_aan(wereld.cpo_mw, "gepubliceerd")
    assert (
        bericht.per_email
        and "maandag 13 april 2026" in bericht.tekst
        and "Gemeenteblad 2026, 4711" in bericht.tekst
    )
    (bericht,) = berichten_aan(wereld.erijder, "Verkeersbesluit gepubliceerd")
    assert "13 april 2026" in bericht.tekst
    assert berichten_aan(wereld.erijder2, "Verkeersbesluit gepubliceerd")
    assert "Gemeenteblad 2026, 4711" in besluit.tekst and "13 april 2026" in besluit.tekst
    assert besluit.tekst == services.tekst_van(besluit)  # frozen at publication


def test_alleen_de_gemeente_publiceert(wereld, concept):
    with pytest.raises(transities.GeenRecht):
        services.publiceer(concept, wereld.cpo_mw, bekendmaking_op=D("2026-03-02"), vindplaats="Gemeenteblad")
    publiceer(concept, wereld)
    with pytest.raises(transities.NietToegestaan), om("2026-03-03"):
        services.publiceer(concept, wereld.gemeente_a_mw, bekendmaking_op=D("2026-03-03"), vindplaats="X")


def test_publiceren_vraagt_vindplaats_en_geen_datum_in_de_toekomst(wereld, concept):
    with om("2026-03-02"):
        with pytest.raises(ValidationError) as fout:
            services.publiceer(concept, wereld.gemeente_a_mw, bekendmaking_op=D("2026-03-02"), vindplaats=" ")
        assert "vindplaats" in fout.value.message_dict
        with pytest.raises(ValidationError) as fout:
            services.publiceer(
                concept, wereld.gemeente_a_mw, bekendmaking_op=D("2026-03-03"), vindplaats="Gemeenteblad"
            )
        assert "bekendmaking_op" in fout.value.message_dict
    assert vers(concept)[0].status == S.CONCEPT


def test_netaansluiting_tijdens_bezwaartermijn_wordt_bij_publicatie_aangevraagd(wereld, concept):
    from netaansluiting.models import Netaansluiting

    services.sla_beleid_op(
        wereld.gemeente_a, wereld.gemeente_a_mw, netaansluiting_tijdens_bezwaartermijn=True
    )
    besluit = publiceer(concept, wereld)
    assert besluit.netaansluiting_tijdens_bezwaartermijn
    (bericht,) = berichten_aan(wereld.cpo_mw, "gepubliceerd")
    assert "Het portaal heeft 2 netaansluitingen aangevraagd" in bericht.tekst
    assert "niet vanzelf aangevraagd" not in bericht.tekst
    locaties = {loc.pk for loc in selectors.opgenomen_locaties(besluit)}
    aangevraagd = Netaansluiting.objects.filter(locatie__in=locaties)
    assert {a.locatie_id for a in aangevraagd} == locaties
    assert {a.netbeheerder for a in aangevraagd} == {wereld.netbeheerder}


def test_zonder_beleid_wacht_de_netaansluiting_op_het_definitieve_besluit(wereld, concept):
    from netaansluiting.models import Netaansluiting

    publiceer(concept, wereld)
    assert not Netaansluiting.objects.exists()


# Objections: on time or not


@pytest.mark.parametrize(
    ("ontvangen", "post", "tijdig"),
    [
        ("2026-04-13", None, True),  # on the last day
        ("2026-04-14", None, False),  # a day late
        ("2026-04-20", "2026-04-13", True),  # posted on the last day, received within the week
        ("2026-04-21", "2026-04-13", False),  # posted in time, received more than a week later
        ("2026-04-16", "2026-04-14", False),  # posted too late
        ("2026-03-01", None, True),  # before the term began (Awb 6:10)
    ],
)
def test_tijdigheid_van_een_bezwaar(wereld, concept, ontvangen, post, tijdig):
    besluit = publiceer(concept, wereld)
    with om("2026-04-30"):
        bezwaar = services.registreer_bezwaar(
            besluit,
            wereld.gemeente_a_mw,
            indiener_naam="J. Bezwaarmaker",
            indiener_adres="Kerkstraat 1, Apeldoorn",
            ontvangen_op=D(ontvangen),
            per_post=post is not None,
            ter_post_op=D(post) if post else None,
            gronden="Te weinig parkeerplaatsen voor bewoners.",
            algemeen=True,
        )
    assert bezwaar.tijdig is tijdig and bezwaar.juridische_toets is (not tijdig)
    assert bezwaar.status == Bezwaar.Status.ONTVANGEN  # a late objection is never refused by itself
    laat = berichten_aan(wereld.gemeente_a_mw, "juridische toets")
    assert bool(laat) is (not tijdig)
    if not tijdig:
        assert "Awb 6:11" in bezwaar.tijdigheid


def registreer(besluit, wereld, *, algemeen=False, locaties=(), ontvangen="2026-03-20"):
    with om(ontvangen):
        return services.registreer_bezwaar(
            besluit,
            wereld.gemeente_a_mw,
            indiener_naam="J. Bezwaarmaker",
            indiener_adres="Kerkstraat 1, Apeldoorn",
            ontvangen_op=D(ontvangen),
            gronden="Deze plek is nodig voor de markt.",
            algemeen=algemeen,
            locaties=locaties,
        )


def test_bezwaar_heeft_een_beslistermijn_en_kan_eenmaal_verdaagd(wereld, concept):
    besluit = publiceer(concept, wereld)
    bezwaar = registreer(besluit, wereld, locaties=[concept.locaties[0]])
    # Six weeks after the objection term ended (13 April): Monday 25 May 2026 is Tweede Pinksterdag.
    assert bezwaar.termijn_uiterlijk == D("2026-05-26")
    assert bezwaar.termijn_organisatie == wereld.gemeente_a and bezwaar.termijn_stap == "beslissen_op_bezwaar"
    assert bezwaar.nummer == f"{besluit.nummer}-B01"
    bezwaar = services.verdaag(bezwaar, wereld.gemeente_a_mw)
    assert bezwaar.termijn_uiterlijk == D("2026-07-06") and bezwaar.verdaagd
    with pytest.raises(transities.NietToegestaan):
        services.verdaag(bezwaar, wereld.gemeente_a_mw)


def test_adviescommissie_geeft_twaalf_weken(wereld, concept):
    services.sla_beleid_op(wereld.gemeente_a, wereld.gemeente_a_mw, adviescommissie=True)
    bezwaar = registreer(publiceer(concept, wereld), wereld, algemeen=True)
    assert bezwaar.termijn_uiterlijk == D("2026-07-06")


def test_invoerfouten_bij_een_bezwaar_noemen_elk_veld(wereld, concept):
    besluit = publiceer(concept, wereld)
    with om("2026-03-20"), pytest.raises(ValidationError) as fout:
        services.registreer_bezwaar(
            besluit,
            wereld.gemeente_a_mw,
            indiener_naam="",
            indiener_adres="",
            ontvangen_op=D("2026-03-25"),
            per_post=True,
            gronden="",
            algemeen=False,
        )
    assert set(fout.value.message_dict) == {
        "indiener_naam",
        "indiener_adres",
        "gronden",
        "ontvangen_op",
        "ter_post_op",
    }
    with pytest.raises(ValidationError, match="locaties"):
        registreer(besluit, wereld)


def test_alleen_de_gemeente_registreert_en_beslist(wereld, concept):
    besluit = publiceer(concept, wereld)
    with pytest.raises(transities.GeenRecht):
        services.registreer_bezwaar(
            besluit,
            wereld.cpo_mw,
            indiener_naam="X",
            indiener_adres="Y",
            ontvangen_op=D("2026-03-02"),
            gronden="Z",
            algemeen=True,
        )
    bezwaar = registreer(besluit, wereld, algemeen=True)
    for wie in (wereld.cpo_mw, wereld.gemeente_b_mw):
        with pytest.raises(transities.GeenRecht):
            services.beslis_op_bezwaar(bezwaar, wie, "ongegrond", "Nee.")


def test_open_bezwaar_zet_de_locaties_op_bezwaar_en_informeert(wereld, concept):
    besluit = publiceer(concept, wereld)
    registreer(besluit, wereld, locaties=[concept.locaties[0]])
    eerste, tweede = vers(*concept.locaties)
    assert eerste.bezwaar_loopt and not tweede.bezwaar_loopt
    assert berichten_aan(wereld.cpo_mw, "Bezwaar tegen verkeersbesluit")
    (bericht,) = berichten_aan(wereld.erijder, "Bezwaar tegen het verkeersbesluit")
    assert "26 mei 2026" in bericht.tekst and "Bezwaarmaker" not in bericht.tekst  # no objector's name
    assert not berichten_aan(wereld.erijder2, "Bezwaar tegen het verkeersbesluit")


# Decisions on objections and their consequences


def test_gegrond_tegen_een_locatie_haalt_haar_eruit(wereld, concept):
    besluit = publiceer(concept, wereld)
    bezwaar = registreer(besluit, wereld, locaties=[concept.locaties[0]])
    with om("2026-03-25"):
        services.beslis_op_bezwaar(
            bezwaar, wereld.gemeente_a_mw, "gegrond", "De markt staat hier op zaterdag."
        )
    eerste, tweede = vers(*concept.locaties)
    aanvraag1, aanvraag2 = vers(*concept.aanvragen)
    besluit.refresh_from_db()
    assert besluit.status == S.GEPUBLICEERD  # the other location stays in the decision
    assert eerste.status == L.VERVALLEN and not eerste.bezwaar_loopt and "markt" in eerste.opmerking
    assert tweede.status == L.IN_PROCEDURE
    regel = Besluitlocatie.objects.get(verkeersbesluit=besluit, locatie=eerste)
    assert (regel.stand, regel.actief) == (Besluitlocatie.Stand.UITGEHAALD, False)
    # The request goes back to the CPO to propose the nearest alternative, with a fresh term.
    assert aanvraag1.status == A.GOEDGEKEURD and aanvraag1.locatie is None
    assert aanvraag1.termijn_stap == "locatie_bepalen" and aanvraag1.termijn_organisatie == wereld.cpo
    assert aanvraag2.status == A.WACHT_OP_VERKEERSBESLUIT
    assert berichten_aan(wereld.cpo_mw, "Stel een andere locatie voor")
    assert berichten_aan(wereld.erijder, "gaat niet door")
    assert not berichten_aan(wereld.erijder2, "gaat niet door")


def test_gegrond_tegen_het_hele_besluit_trekt_het_in(wereld, concept):
    besluit = publiceer(concept, wereld)
    bezwaar = registreer(besluit, wereld, algemeen=True)
    with om("2026-03-25"):
        services.beslis_op_bezwaar(bezwaar, wereld.gemeente_a_mw, "gegrond", "Onvoldoende motivering.")
    besluit.refresh_from_db()
    assert besluit.status == S.INGETROKKEN and "Onvoldoende motivering" in besluit.ingetrokken_reden
    for plek in vers(*concept.locaties):
        assert plek.status == L.GOEDGEKEURD and not plek.bezwaar_loopt and plek.termijn_stap == ""
    for aanvraag in vers(*concept.aanvragen):
        assert aanvraag.status == A.WACHT_OP_VERKEERSBESLUIT
        assert historie.historie_van(aanvraag).last().transitie == "verkeersbesluit_ingetrokken"
    assert berichten_aan(wereld.erijder, "ingetrokken") and berichten_aan(wereld.cpo_mw, "ingetrokken")
    # The locations wait for a new decision, and may go into one.
    nieuw = services.maak_concept(
        wereld.gemeente_a, wereld.gemeente_a_mw, titel="Opnieuw", locaties=list(concept.locaties)
    )
    assert nieuw.besluitlocaties.count() == 2


@pytest.mark.parametrize("uitkomst", ["ongegrond", "niet_ontvankelijk"])
def test_ongegrond_of_niet_ontvankelijk_laat_alles_staan(wereld, concept, uitkomst):
    besluit = publiceer(concept, wereld)
    bezwaar = registreer(besluit, wereld, locaties=[concept.locaties[0]])
    with om("2026-03-25"):
        bezwaar = services.beslis_op_bezwaar(bezwaar, wereld.gemeente_a_mw, uitkomst, "Geen nieuwe feiten.")
    assert bezwaar.status == uitkomst and bezwaar.termijn_stap == "" and bezwaar.beslissing_motivering
    eerste, _tweede = vers(*concept.locaties)
    assert eerste.status == L.IN_PROCEDURE and not eerste.bezwaar_loopt
    assert vers(besluit)[0].status == S.GEPUBLICEERD  # the term has not passed yet
    (bericht,) = berichten_aan(wereld.erijder, "Beslissing op bezwaar")
    assert "blijft in het besluit" in bericht.tekst
    with pytest.raises(transities.NietToegestaan):
        services.beslis_op_bezwaar(bezwaar, wereld.gemeente_a_mw, "gegrond", "Toch wel.")


def test_motivering_is_verplicht(wereld, concept):
    bezwaar = registreer(publiceer(concept, wereld), wereld, algemeen=True)
    with pytest.raises(ValidationError, match="motivering"):
        services.beslis_op_bezwaar(bezwaar, wereld.gemeente_a_mw, "ongegrond", "  ")


# Definitive by itself


def test_de_veegronde_maakt_definitief_op_de_dag_na_de_termijn_en_maar_eenmaal(wereld, concept):
    besluit = publiceer(concept, wereld)
    with om("2026-04-13"):  # the last day to object: not yet
        assert services.maak_definitief_wat_klaar_is() == {"definitief": 0, "fouten": 0}
    with om("2026-04-14"):
        assert services.maak_definitief_wat_klaar_is() == {"definitief": 1, "fouten": 0}
        assert services.maak_definitief_wat_klaar_is() == {"definitief": 0, "fouten": 0}
    besluit.refresh_from_db()
    assert besluit.status == S.DEFINITIEF and besluit.definitief_op.date() == D("2026-04-14")
    assert [r.transitie for r in historie.historie_van(besluit)].count("definitief_maken") == 1
    for plek in vers(*concept.locaties):
        assert plek.status == L.DEFINITIEF and plek.termijn_stap == ""
    for aanvraag in vers(*concept.aanvragen):
        assert aanvraag.status == A.WACHT_OP_REALISATIE
    (bericht,) = berichten_aan(wereld.cpo_mw, "is definitief")
    assert bericht.per_email and "netaansluiting" in bericht.tekst
    assert len(berichten_aan(wereld.erijder, "is definitief")) == 1


def test_open_bezwaar_houdt_het_besluit_tegen_tot_de_laatste_beslissing(wereld, concept):
    besluit = publiceer(concept, wereld)
    bezwaar = registreer(besluit, wereld, locaties=[concept.locaties[1]])
    with om("2026-04-20"):
        assert services.maak_definitief_wat_klaar_is()["definitief"] == 0
        services.beslis_op_bezwaar(bezwaar, wereld.gemeente_a_mw, "gegrond", "Uitrit van de brandweer.")
    besluit.refresh_from_db()
    # Deciding the last open objection after the term makes it definitive at once, for what is left in it.
    assert besluit.status == S.DEFINITIEF
    eerste, tweede = vers(*concept.locaties)
    assert (eerste.status, tweede.status) == (L.DEFINITIEF, L.VERVALLEN)


def test_bezwaar_na_definitief_per_post_op_tijd(wereld, concept):
    """Posted on the last day, received after the sweep made the decision definitive: still on time, and
    upheld it still takes the location out."""
    besluit = publiceer(concept, wereld)
    with om("2026-04-14"):
        services.maak_definitief_wat_klaar_is()
    with om("2026-04-17"):
        bezwaar = services.registreer_bezwaar(
            vers(besluit)[0],
            wereld.gemeente_a_mw,
            indiener_naam="K. Post",
            indiener_adres="Markt 2",
            ontvangen_op=D("2026-04-17"),
            per_post=True,
            ter_post_op=D("2026-04-13"),
            gronden="Boom.",
            algemeen=False,
            locaties=[concept.locaties[0]],
        )
        assert bezwaar.tijdig
        services.beslis_op_bezwaar(bezwaar, wereld.gemeente_a_mw, "gegrond", "De boom blijft.")
    eerste, tweede = vers(*concept.locaties)
    assert (eerste.status, tweede.status) == (L.VERVALLEN, L.DEFINITIEF)


def test_intrekken_door_de_gemeente(wereld, concept):
    with pytest.raises(ValidationError):
        services.trek_in(concept, wereld.gemeente_a_mw, "")
    besluit = publiceer(concept, wereld)
    with pytest.raises(transities.GeenRecht):
        services.trek_in(besluit, wereld.cpo_mw, "Mag niet.")
    besluit = services.trek_in(besluit, wereld.gemeente_a_mw, "Verkeerde straatnaam in de publicatie.")
    assert besluit.status == S.INGETROKKEN
    assert {p.status for p in vers(*concept.locaties)} == {L.GOEDGEKEURD}


def test_cpo_mag_eigen_concept_laten_vallen(wereld, concept):
    besluit = services.trek_in(concept, wereld.cpo_mw, "Dubbel aangemaakt.")
    assert besluit.status == S.INGETROKKEN
    assert not Besluitlocatie.objects.filter(actief=True).exists()


# Without a verkeersbesluit (gemeente policy)


def test_zonder_verkeersbesluit_alleen_als_het_beleid_het_toestaat(wereld, goedgekeurde_locatie):
    plek, aanvraag = goedgekeurde_locatie()
    with pytest.raises(transities.NietToegestaan):
        services.zonder_verkeersbesluit(plek, wereld.gemeente_a_mw, "Eigen parkeerterrein.")
    Verkeersbesluitbeleid.objects.create(gemeente=wereld.gemeente_a, zonder_verkeersbesluit_toegestaan=True)
    with pytest.raises(transities.GeenRecht):
        services.zonder_verkeersbesluit(plek, wereld.cpo_mw, "Eigen parkeerterrein.")
    plek = services.zonder_verkeersbesluit(plek, wereld.gemeente_a_mw, "Eigen parkeerterrein.")
    aanvraag.refresh_from_db()
    assert plek.status == L.DEFINITIEF and aanvraag.status == A.WACHT_OP_REALISATIE
    assert berichten_aan(wereld.cpo_mw, "zonder verkeersbesluit")


# Who sees what


def test_andere_gemeente_ziet_geen_besluiten_of_bezwaarmakers(wereld, concept):
    besluit = publiceer(concept, wereld)
    bezwaar = registreer(besluit, wereld, algemeen=True)
    assert not selectors.zichtbare_verkeersbesluiten(wereld.gemeente_b_mw).filter(pk=besluit.pk).exists()
    assert not selectors.zichtbare_bezwaren(wereld.gemeente_b_mw).filter(pk=bezwaar.pk).exists()
    assert not selectors.zichtbare_verkeersbesluiten(wereld.cpo_ander_mw).exists()
    assert not selectors.zichtbare_verkeersbesluiten(wereld.erijder).exists()
    # The CPO sees the decision and that there is an objection, not who made it.
    assert selectors.zichtbare_bezwaren(wereld.cpo_mw).filter(pk=bezwaar.pk).exists()
    assert not selectors.mag_indiener_zien(wereld.cpo_mw, besluit)
    assert selectors.mag_indiener_zien(wereld.gemeente_a_mw, besluit)


def test_concepten_alleen_voor_wie_ze_opstelt(wereld, concept):
    assert selectors.zichtbare_verkeersbesluiten(wereld.cpo_mw).filter(pk=concept.pk).exists()
    assert not selectors.zichtbare_verkeersbesluiten(wereld.netbeheerder_mw).filter(pk=concept.pk).exists()
    publiceer(concept, wereld)
    assert selectors.zichtbare_verkeersbesluiten(wereld.netbeheerder_mw).filter(pk=concept.pk).exists()
    assert selectors.zichtbare_verkeersbesluiten(wereld.provincie_mw).filter(pk=concept.pk).exists()
