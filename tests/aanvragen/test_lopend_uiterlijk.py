"""The stored running due date (Aanvraag.lopend_uiterlijk) equals the Coalesce the work list used to compute per
query (selectors.LOPENDE_TERMIJN_UITERLIJK: own term, location's, realisation's, grid connection's) after every kind
of step: the request's own, its location's, the realisation's, the connection's, one case at a time and in bulk.
The work list's order and its "te laat" filter read the column, so they give the rows the Coalesce gave."""

import pytest
from django.db.models import F
from django.db.models.functions import Coalesce

from aanvragen import lopend_uiterlijk
from aanvragen import services as aanvraagservices
from aanvragen.models import Aanvraag
from aanvragen.selectors import LOPENDE_TERMIJN_UITERLIJK, Werklijstfilter, werklijst
from netaansluiting import services as netservices
from netaansluiting.models import Netaansluiting, Realisatie
from netaansluiting.services.netbeheerder import netbeheerderstap_voor_velen
from plankaart import services as plankaartservices
from plankaart.models import Locatie
from portal import klok
from tests.conftest import IN_A, D, gegevens, om, punt_bij

pytestmark = pytest.mark.django_db


def _klopt() -> dict[str, object]:
    """Every request's stored column against the Coalesce; returns number → due date."""
    rijen = Aanvraag.objects.annotate(berekend=Coalesce(*LOPENDE_TERMIJN_UITERLIJK)).values_list(
        "nummer", "lopend_uiterlijk", "berekend"
    )
    verkeerd = [
        (nummer, opgeslagen, berekend) for nummer, opgeslagen, berekend in rijen if opgeslagen != berekend
    ]
    assert not verkeerd, f"opgeslagen ≠ berekend: {verkeerd}"
    return {nummer: berekend for nummer, _opgeslagen, berekend in rijen}


def test_de_eigen_termijn_en_die_van_de_locatie(wereld, dien_in, locatie_op):
    with om("2026-02-02"):
        aanvraag = dien_in()
        # The returned copy reads its own stored value too (no stale attribute).
        assert aanvraag.lopend_uiterlijk == aanvraag.termijn_uiterlijk is not None
        assert _klopt()[aanvraag.nummer] == aanvraag.termijn_uiterlijk

        aanvraag = aanvraagservices.vraag_aanvulling(aanvraag, wereld.cpo_mw, "Bewijs onleesbaar")
        assert _klopt()[aanvraag.nummer] is None  # the E-rijder is at turn: no running term

    with om("2026-02-04"):
        aanvraag = aanvraagservices.wijzig_en_dien_opnieuw_in(
            aanvraag, wereld.erijder, gegevens(wereld.gemeente_a)
        )
        assert _klopt()[aanvraag.nummer] == aanvraag.termijn_uiterlijk is not None
        aanvraag = aanvraagservices.goedkeuren(aanvraag, wereld.cpo_mw)
        eigen = aanvraag.termijn_uiterlijk
        assert _klopt()[aanvraag.nummer] == eigen

        # Linked to a spot: the request's own term stops, the location's runs and is stored on the request.
        plek = locatie_op(50)
        aanvraag = plankaartservices.kies(aanvraag, plek, wereld.cpo_mw)
        plek.refresh_from_db()
        assert aanvraag.termijn_uiterlijk is None and plek.termijn_uiterlijk is not None
        assert aanvraag.lopend_uiterlijk == plek.termijn_uiterlijk  # read back from the row on first use
        assert _klopt()[aanvraag.nummer] == plek.termijn_uiterlijk

    with om("2026-02-10"):
        # The gemeente asks for a change (a location step without a request step of its own).
        plek = plankaartservices.vraag_aanpassing(plek, wereld.gemeente_a_mw, "Een plek verderop")
        assert _klopt()[aanvraag.nummer] == plek.termijn_uiterlijk

    with om("2026-02-20"):
        # The location falls through: the request takes a fresh term of its own and loses the location.
        plankaartservices.laat_vervallen(plek, wereld.gemeente_a_mw, "Geen ruimte")
        aanvraag.refresh_from_db()
        assert aanvraag.locatie_id is None and aanvraag.termijn_uiterlijk is not None
        assert _klopt()[aanvraag.nummer] == aanvraag.termijn_uiterlijk != eigen


def test_realisatie_en_netaansluiting_ook_in_bulk(wereld, definitief):
    paren = definitief(2)
    # The definitive sweep moved both locations at once (voer_uit_velen): their objection term ended, and their
    # connections wait to be bundled, so no term runs for the requests.
    waarden = _klopt()
    assert all(waarden[aanvraag.nummer] is None for _plek, aanvraag in paren)

    with om("2026-04-14", 12):
        netservices.bundel()
    aansluitingen = [Netaansluiting.objects.get(locatie=plek) for plek, _ in paren]
    waarden = _klopt()
    for (_plek, aanvraag), aansluiting in zip(paren, aansluitingen, strict=True):
        # The grid operator's term is the requests' running term.
        assert waarden[aanvraag.nummer] == aansluiting.termijn_uiterlijk is not None

    with om("2026-04-20"):
        # The netbeheerder's volume work: both connections in one go, then the realisations in bulk.
        klaar, fouten = netbeheerderstap_voor_velen(
            aansluitingen,
            "netcheck_goedkeuren",
            wereld.netbeheerder_mw,
            werkvoorbereiding_gereed_op=D("2026-04-24"),
        )
        assert len(klaar) == 2 and not fouten
        _klopt()
        klaar, fouten = netbeheerderstap_voor_velen(
            aansluitingen,
            "opdracht_verstrekken",
            wereld.netbeheerder_mw,
            aannemer="Volker Energie",
            aansluiting_gepland_op=D("2026-05-12"),
        )
        assert len(klaar) == 2 and not fouten
    waarden = _klopt()
    for plek, aanvraag in paren:
        realisatie = Realisatie.objects.get(locatie=plek)
        # The connection's term stopped; the CPO's planning term on the realisation runs.
        assert realisatie.termijn_uiterlijk is not None
        assert waarden[aanvraag.nummer] == realisatie.termijn_uiterlijk

    (plek, aanvraag), _ = paren
    with om("2026-04-22"):
        netservices.plan_plaatsing(
            Realisatie.objects.get(locatie=plek), wereld.cpo_mw, plaatsing_gepland_op=D("2026-06-30")
        )
    realisatie = Realisatie.objects.get(locatie=plek)
    assert _klopt()[aanvraag.nummer] == realisatie.termijn_uiterlijk


def test_werklijst_volgorde_en_te_laat_zoals_de_coalesce(wereld, dien_in, locatie_op):
    """Requests with their own term, with a location's term and without a running term: the work list's order and
    its "te laat" filter on the stored column give the rows the Coalesce gives."""
    with om("2026-02-02"):
        eigen = aanvraagservices.goedkeuren(dien_in(), wereld.cpo_mw)
        lat, lon = punt_bij(*IN_A, 400)
        met_plek = aanvraagservices.goedkeuren(dien_in(lat=lat, lon=lon), wereld.cpo_mw)
        plankaartservices.kies(met_plek, locatie_op(450), wereld.cpo_mw)
    with om("2026-02-03"):
        lat, lon = punt_bij(*IN_A, 800)
        wacht = aanvraagservices.vraag_aanvulling(dien_in(lat=lat, lon=lon), wereld.cpo_mw, "Bewijs")
    _klopt()

    def volgens_coalesce(*, te_laat: bool):
        rijen = Aanvraag.objects.filter(status__in=Aanvraag.OPEN).annotate(
            berekend=Coalesce(*LOPENDE_TERMIJN_UITERLIJK)
        )
        if te_laat:
            rijen = rijen.filter(berekend__lt=klok.vandaag())
        return list(
            rijen.order_by(F("berekend").asc(nulls_last=True), "ingediend_op", "id").values_list(
                "pk", flat=True
            )
        )

    for datum in ("2026-02-03", "2026-03-30"):
        with om(datum):
            for te_laat in (False, True):
                lijst = list(
                    werklijst(wereld.cpo_mw, Werklijstfilter(alleen_te_laat=te_laat)).values_list(
                        "pk", flat=True
                    )
                )
                assert lijst == volgens_coalesce(te_laat=te_laat), (datum, te_laat)
    with om("2026-03-30"):
        te_laat = list(
            werklijst(wereld.cpo_mw, Werklijstfilter(alleen_te_laat=True)).values_list("pk", flat=True)
        )
    assert set(te_laat) == {eigen.pk, met_plek.pk} and wacht.pk not in te_laat


def test_vul_alles_herstelt_een_kolom_die_niet_klopt(wereld, dien_in):
    """What the data migration and COPY-written bench databases use: every row recomputed in one UPDATE."""
    with om("2026-02-02"):
        aanvraag = dien_in()
    Aanvraag.objects.filter(pk=aanvraag.pk).update(lopend_uiterlijk=None)
    with pytest.raises(AssertionError):
        _klopt()  # the check can fail
    lopend_uiterlijk.vul_alles()
    assert _klopt()[aanvraag.nummer] == aanvraag.termijn_uiterlijk
    assert Locatie.objects.count() == 0


def test_een_nieuwe_aanvraag_met_locatie_neemt_de_termijn_van_de_locatie(wereld, dien_in, locatie_op):
    """Saved with a location and no term of its own: the location's part is a subquery in the INSERT itself."""
    with om("2026-02-02"):
        bestaand = aanvraagservices.goedkeuren(dien_in(), wereld.cpo_mw)
        plek = locatie_op(50)
        plankaartservices.kies(bestaand, plek, wereld.cpo_mw)
    plek.refresh_from_db()
    kopie = Aanvraag.objects.get(pk=bestaand.pk)
    kopie.pk = None
    kopie.nummer = "LP-2026-999999"
    kopie.save()
    assert kopie.termijn_uiterlijk is None and kopie.lopend_uiterlijk == plek.termijn_uiterlijk is not None
    assert _klopt()["LP-2026-999999"] == plek.termijn_uiterlijk
