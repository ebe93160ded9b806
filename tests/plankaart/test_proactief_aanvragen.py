"""Requests meet proactive locations (DESIGN.md 3, lane 1 and lane 3): a request within the radius of a location
of the definitive list is linked to it; with a definitive decision and a planned quarter the requester gets the
projection's date, otherwise the location joins the planning."""

import datetime as dt

import pytest
from django.urls import reverse

from aanvragen import services
from aanvragen.models import Aanvraag
from plankaart.models import Locatie
from plankaart.services import proactief
from portal import historie
from portal.models import Bericht
from tests.conftest import om, punt_bij
from tests.plankaart.test_proactief import _definitief, kandidaten, plan, prognose  # noqa: F401

pytestmark = pytest.mark.django_db
A = Aanvraag.Status
D = dt.date.fromisoformat


@pytest.fixture
def lijst(wereld, plan, kandidaten):  # noqa: F811
    """A definitive list for 2027: the first location's decision is definitive and the CPO planned it in
    quarter 3; the second is approved without a decision or quarter yet."""
    plan = _definitief(wereld, plan, kandidaten)
    pl1, pl2, _pl3 = plan.planlocaties.order_by("pk")
    Locatie.objects.filter(pk=pl1.locatie_id).update(status=Locatie.Status.DEFINITIEF)
    with om("2027-02-05"):
        proactief.plan_realisatie(pl1, wereld.cpo_mw, kwartaal=3, prioriteit=1)
    return plan, Locatie.objects.get(pk=pl1.locatie_id), Locatie.objects.get(pk=pl2.locatie_id)


def _goedgekeurd(wereld, dien_in, locatie, noord_m=-80):
    lat, lon = punt_bij(locatie.lat, locatie.lon, noord_m)
    with om("2027-02-10"):
        aanvraag = dien_in(lat=lat, lon=lon)
        return services.goedkeuren(aanvraag, wereld.cpo_mw)


def test_erijder_bij_een_geplande_proactieve_locatie_krijgt_de_geplande_datum(wereld, lijst, dien_in, client):
    voorstel, gepland, _ander = lijst
    aanvraag = _goedgekeurd(wereld, dien_in, gepland)
    assert (aanvraag.status, aanvraag.locatie) == (A.WACHT_OP_REALISATIE, gepland)
    # The planned quarter bounds the projection: expected when the quarter starts, at worst at its end.
    assert aanvraag.verwacht_gereed == D("2027-07-01")
    assert aanvraag.slechtst_gereed == D("2027-09-30")
    bericht = Bericht.objects.get(ontvanger=wereld.erijder, onderwerp__contains="er komt al een laadpaal")
    assert "80 meter" in bericht.tekst and gepland.omschrijving in bericht.tekst
    assert "3e kwartaal van 2027" in bericht.tekst and "donderdag 1 juli 2027" in bericht.tekst
    assert "opgenomen in de planning" not in bericht.tekst
    # Planned already: nothing asked of the CPO, nothing recorded on the plan.
    assert not Bericht.objects.filter(ontvanger=wereld.cpo_mw, onderwerp__startswith="Plan proactieve").exists()
    assert "aanvraag_gekoppeld" not in [r.transitie for r in historie.historie_van(voorstel)]
    client.force_login(wereld.erijder)
    pagina = client.get(reverse("aanvragen:detail", args=[aanvraag.pk])).content.decode()
    assert "proactieve lijst van Gemeente Apeldoorn" in pagina and "3e kwartaal van 2027" in pagina
    assert "1 juli 2027" in pagina


def test_erijder_bij_een_nog_niet_geplande_proactieve_locatie_neemt_deel_aan_de_planning(
    wereld, lijst, dien_in, client
):
    voorstel, _gepland, ongepland = lijst
    aanvraag = _goedgekeurd(wereld, dien_in, ongepland)
    assert (aanvraag.status, aanvraag.locatie) == (A.WACHT_OP_VERKEERSBESLUIT, ongepland)
    bericht = Bericht.objects.get(ontvanger=wereld.erijder, onderwerp__contains="er komt al een laadpaal")
    assert "opgenomen in de planning" in bericht.tekst and "kwartaal" not in bericht.tekst
    cpo = Bericht.objects.get(ontvanger=wereld.cpo_mw, onderwerp__startswith="Plan proactieve locatie in")
    assert aanvraag.nummer in cpo.tekst and "geen gepland kwartaal" in cpo.tekst
    rij = next(r for r in historie.historie_van(voorstel) if r.transitie == "aanvraag_gekoppeld")
    assert rij.gegevens == {"locatie": ongepland.pk, "aanvraag": aanvraag.nummer}
    client.force_login(wereld.erijder)
    pagina = client.get(reverse("aanvragen:detail", args=[aanvraag.pk])).content.decode()
    assert "wordt nu opgenomen in de planning" in pagina


def test_buiten_de_straal_of_zonder_definitieve_lijst_bepaalt_de_cpo_de_plek(wereld, lijst, dien_in, locatie_op):
    _plan, gepland, _ander = lijst
    verder = _goedgekeurd(wereld, dien_in, gepland, noord_m=-400)
    assert (verder.status, verder.locatie) == (A.GOEDGEKEURD, None)
    # Proactive but on no definitive list (e.g. the flag alone): not linked.
    los = locatie_op(-3000, proactief=True, proactief_jaar=2027, status=Locatie.Status.GOEDGEKEURD)
    assert _goedgekeurd(wereld, dien_in, los).status == A.GOEDGEKEURD


def test_gemeente_aanvraag_bij_proactieve_locaties(wereld, lijst):
    voorstel, gepland, ongepland = lijst

    def vraag(locatie):
        lat, lon = punt_bij(locatie.lat, locatie.lon, 50)
        with om("2027-02-10"):
            return services.vraag_locatie_aan(
                wereld.gemeente_a_mw,
                services.Locatieaanvraag(
                    gemeente=wereld.gemeente_a,
                    lat=lat,
                    lon=lon,
                    omschrijving="Sporthal, parkeerplaats",
                    motivering="Bezoekers laden hier.",
                ),
            )

    eerst = vraag(gepland)
    assert (eerst.status, eerst.locatie, eerst.verwacht_gereed) == (
        A.WACHT_OP_REALISATIE,
        gepland,
        D("2027-07-01"),
    )
    bericht = Bericht.objects.get(ontvanger=wereld.gemeente_a_mw, onderwerp__contains=eerst.nummer)
    assert "3e kwartaal van 2027" in bericht.tekst and "donderdag 1 juli 2027" in bericht.tekst
    tweede = vraag(ongepland)
    assert (tweede.status, tweede.locatie) == (A.WACHT_OP_VERKEERSBESLUIT, ongepland)
    bericht = Bericht.objects.get(ontvanger=wereld.gemeente_a_mw, onderwerp__contains=tweede.nummer)
    assert "opgenomen in de planning" in bericht.tekst
    assert Bericht.objects.filter(ontvanger=wereld.cpo_mw, tekst__contains=tweede.nummer).exists()
    assert [r.gegevens["aanvraag"] for r in historie.historie_van(voorstel) if r.transitie == "aanvraag_gekoppeld"] == [
        tweede.nummer
    ]


def test_uitvoeringsplan_toont_proactieve_locaties_met_hun_kwartaal(wereld, lijst, client):
    voorstel, gepland, ongepland = lijst
    _pl1, pl2, pl3 = voorstel.planlocaties.order_by("pk")
    with om("2027-02-05"):
        proactief.plan_realisatie(pl2, wereld.cpo_mw, kwartaal=1, prioriteit=2)
    url = reverse("netaansluiting:plan")
    client.force_login(wereld.cpo_mw)
    tweede = client.get(url, {"jaar": 2027, "helft": 2})
    assert [pl.locatie for pl in tweede.context["proactief"]] == [gepland]
    tekst = tweede.content.decode()
    assert "Proactieve locaties per kwartaal" in tekst and "3e kwartaal 2027" in tekst
    assert gepland.omschrijving in tekst
    assert [pl.locatie for pl in client.get(url, {"jaar": 2027, "helft": 1}).context["proactief"]] == [ongepland]
    # Not planned in a quarter (the third) is not in any half year; another year neither.
    assert pl3.locatie_id not in [
        pl.locatie_id for h in (1, 2) for pl in client.get(url, {"jaar": 2027, "helft": h}).context["proactief"]
    ]
    assert client.get(url, {"jaar": 2026, "helft": 2}).context["proactief"] == []
    csv = client.get(url, {"jaar": 2027, "helft": 2, "formaat": "csv"}).content.decode("utf-8-sig").splitlines()
    assert csv[0].endswith(";proactief_jaar;kwartaal_gepland")
    assert [r.split(";")[-1] for r in csv[1:]] == ["2027Q3"] and gepland.omschrijving in csv[1]
    # The gemeente sees its own; another gemeente nothing.
    client.force_login(wereld.gemeente_a_mw)
    assert len(client.get(url, {"jaar": 2027, "helft": 2}).context["proactief"]) == 1
    client.force_login(wereld.gemeente_b_mw)
    assert client.get(url, {"jaar": 2027, "helft": 2}).context["proactief"] == []
    # Once delivered it is no longer listed by quarter.
    Locatie.objects.filter(pk=gepland.pk).update(status=Locatie.Status.OPGELEVERD)
    client.force_login(wereld.cpo_mw)
    assert client.get(url, {"jaar": 2027, "helft": 2}).context["proactief"] == []


def test_de_cpo_kiest_later_een_proactieve_locatie_en_de_aanvrager_hoort_het_kwartaal(
    wereld, plan, kandidaten, dien_in  # noqa: F811
):
    """Approved before the list was definitive, the request waits for the CPO's choice; choosing a planned
    location of the list gives the requester the quarter and the projection's date in the same message."""
    from plankaart import services as plankaartservices

    gekozen = kandidaten[0]
    lat, lon = punt_bij(gekozen.lat, gekozen.lon, -80)
    with om("2026-11-30"):
        aanvraag = services.goedkeuren(dien_in(lat=lat, lon=lon), wereld.cpo_mw)
    assert (aanvraag.status, aanvraag.locatie) == (A.GOEDGEKEURD, None)
    voorstel = _definitief(wereld, plan, kandidaten)
    pl1 = voorstel.planlocaties.get(locatie=gekozen)
    Locatie.objects.filter(pk=gekozen.pk).update(status=Locatie.Status.DEFINITIEF)
    with om("2027-02-05"):
        proactief.plan_realisatie(pl1, wereld.cpo_mw, kwartaal=3, prioriteit=1)
    with om("2027-02-10"):
        aanvraag = plankaartservices.kies(aanvraag, Locatie.objects.get(pk=gekozen.pk), wereld.cpo_mw)
    assert (aanvraag.status, aanvraag.verwacht_gereed) == (A.WACHT_OP_REALISATIE, D("2027-07-01"))
    bericht = Bericht.objects.get(ontvanger=wereld.erijder, onderwerp__startswith="Plek gekozen")
    assert "3e kwartaal van 2027" in bericht.tekst and "donderdag 1 juli 2027" in bericht.tekst


def test_een_later_gepland_kwartaal_bereikt_de_aanvragers(wereld, lijst, dien_in):
    """A request joined the planning of a location without a quarter; when the CPO plans it (the decision being
    definitive), the request is projected again and the requester hears the quarter and the date."""
    voorstel, _gepland, ongepland = lijst
    Locatie.objects.filter(pk=ongepland.pk).update(status=Locatie.Status.DEFINITIEF)
    aanvraag = _goedgekeurd(wereld, dien_in, Locatie.objects.get(pk=ongepland.pk))
    assert aanvraag.verwacht_gereed < D("2027-10-01")
    pl2 = voorstel.planlocaties.get(locatie=ongepland)
    with om("2027-02-15"):
        proactief.plan_realisatie(pl2, wereld.cpo_mw, kwartaal=4, prioriteit=3)
    aanvraag.refresh_from_db()
    assert (aanvraag.verwacht_gereed, aanvraag.slechtst_gereed) == (D("2027-10-01"), D("2027-12-31"))
    bericht = Bericht.objects.get(ontvanger=wereld.erijder, onderwerp__startswith="Planning voor aanvraag")
    assert "4e kwartaal van 2027" in bericht.tekst and "vrijdag 1 oktober 2027" in bericht.tekst
    # Planned again in the same quarter: the date does not change, nobody is told twice.
    with om("2027-02-16"):
        proactief.plan_realisatie(pl2, wereld.cpo_mw, kwartaal=4, prioriteit=1)
    assert Bericht.objects.filter(ontvanger=wereld.erijder, onderwerp__startswith="Planning voor").count() == 1


def test_wordt_het_besluit_later_definitief_dan_hoort_de_erijder_het_geplande_kwartaal(wereld, lijst, dien_in):
    """The location had its quarter but no definitive decision when the request was linked; when the decision
    becomes definitive the requester reads the quarter and the projection's date in that message."""
    from verkeersbesluiten import services as besluitservices
    from verkeersbesluiten.models import Verkeersbesluit

    voorstel, gepland, ongepland = lijst
    aanvraag = _goedgekeurd(wereld, dien_in, ongepland)
    pl2 = voorstel.planlocaties.get(locatie=ongepland)
    # The fixture made the first location definitive by hand: it leaves the concept decision of the list.
    besluit = Verkeersbesluit.objects.get(besluitlocaties__locatie=ongepland)
    besluit.besluitlocaties.filter(locatie=gepland).delete()
    with om("2027-02-11"):
        proactief.plan_realisatie(pl2, wereld.cpo_mw, kwartaal=4, prioriteit=2)
    with om("2027-02-15"):
        besluitservices.publiceer(
            besluit, wereld.gemeente_a_mw, bekendmaking_op=D("2027-02-15"), vindplaats="Gemeenteblad 2027, 9"
        )
    with om("2027-04-05", 1):
        besluitservices.maak_definitief_wat_klaar_is()
    aanvraag.refresh_from_db()
    assert aanvraag.status == A.WACHT_OP_REALISATIE and aanvraag.verwacht_gereed == D("2027-10-01")
    bericht = Bericht.objects.get(ontvanger=wereld.erijder, onderwerp__contains="is definitief")
    assert "4e kwartaal van 2027" in bericht.tekst and "vrijdag 1 oktober 2027" in bericht.tekst
