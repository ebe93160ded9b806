"""Every message and timeline text is addressed to one person or is neutral: who joined a request never reads
what was written to the requester (the CPO's completion request, the reason of a rejection, "uw aanvraag",
the distance to the requester's front door), and the CPO does not read the requester's "U kreeg ..." either."""

import pytest

from aanvragen import services, tijdlijn
from plankaart import services as plankaartservices
from portal.models import Bericht
from tests.conftest import om, punt_bij

pytestmark = pytest.mark.django_db

AAN_DE_AANVRAGER = ("uw aanvraag", "die u wilde", "u kreeg", "vul uw", "uw kentekenbewijs", "u heeft uw")


def _teksten(gebruiker) -> list[str]:
    return [f"{b.onderwerp}\n{b.tekst}" for b in Bericht.objects.filter(ontvanger=gebruiker)]


@pytest.fixture
def met_aansluiter(wereld, dien_in, locatie_op):
    """Eva's request, joined by Daan, sent back for completion, completed, approved and given a location."""
    with om("2026-02-02"):
        plek = locatie_op(100)
        lat, lon = punt_bij(plek.lat, plek.lon, -100)
        aanvraag = dien_in(lat=lat, lon=lon)
        services.sluit_aan(aanvraag, wereld.erijder2, "G-456-DF")
        services.vraag_aanvulling(
            aanvraag, wereld.cpo_mw, "Uw kentekenbewijs mist deel II; stuur beide delen."
        )
        aanvraag.refresh_from_db()
        services.wijzig_en_dien_opnieuw_in(aanvraag, wereld.erijder, services.Aanvraaggegevens.uit(aanvraag))
        aanvraag.refresh_from_db()
        aanvraag = services.goedkeuren(aanvraag, wereld.cpo_mw)
        aanvraag = plankaartservices.kies(aanvraag, plek, wereld.cpo_mw)
    aanvraag.refresh_from_db()
    return aanvraag


def test_wie_aansloot_leest_geen_berichten_aan_de_aanvrager(met_aansluiter, wereld):
    daan = "\n".join(_teksten(wereld.erijder2)).lower()
    assert "goedgekeurd" in daan and "plek gekozen" in daan  # Daan does hear of every step
    for woorden in AAN_DE_AANVRAGER:
        assert woorden not in daan, woorden
    # Nothing of Eva's: plate, postcode, house number, the CPO's words to her, the distance to her pin.
    for van_eva in ("ab-123-c", "7311", "deel ii", " meter "):
        assert van_eva not in daan, van_eva
    # Eva herself reads it all, addressed to her.
    eva = "\n".join(_teksten(wereld.erijder))
    assert (
        "Uw kentekenbewijs mist deel II" in eva
        and "Uw aanvraag" in eva
        and "meter van de plek die u wilde" in eva
    )


def test_afwijzing_aan_wie_aansloot_zonder_reden(wereld, dien_in):
    aanvraag = dien_in()
    services.sluit_aan(aanvraag, wereld.erijder2, "G-456-DF")
    services.afwijzen(aanvraag, wereld.cpo_mw, "U heeft een eigen oprit aan de Hoofdstraat 12.")
    daan = _teksten(wereld.erijder2)
    assert any("De aanvraag" in t and "die u volgt is afgewezen" in t for t in daan)
    assert not any("oprit" in t or "Uw aanvraag" in t for t in daan)


def test_tijdlijn_per_lezer(met_aansluiter, wereld):
    aanvraag = met_aansluiter

    def tekst(gebruiker, met_reden=True):
        return "\n".join(
            f"{g.titel} {g.uitleg} {g.reden if met_reden else ''}"
            for g in tijdlijn.tijdlijn(aanvraag, gebruiker)
        )

    eva = tekst(wereld.erijder)
    assert "We hebben uw aanvraag ontvangen" in eva and "Uw kentekenbewijs mist deel II" in eva
    # The CPO reads its own words to the requester as the step's reason; the texts around them are neutral.
    for lezer, met_reden in ((wereld.erijder2, True), (wereld.gemeente_a_mw, True), (wereld.cpo_mw, False)):
        anders = tekst(lezer, met_reden).lower()
        assert "de aanvraag is ingediend" in anders
        for woorden in AAN_DE_AANVRAGER:
            assert woorden not in anders, (lezer, woorden)


def test_detailpagina_van_wie_aansloot(client, met_aansluiter, wereld):
    aanvraag = met_aansluiter
    client.force_login(wereld.erijder2)
    pagina = client.get(f"/aanvragen/{aanvraag.pk}/").content.decode()
    assert "De gegevens van de aanvrager zijn niet zichtbaar" in pagina
    for woorden in ("Uw gegevens", "gerekend vanaf uw aanvraag", "deel II", "AB-123-C", "7311"):
        assert woorden not in pagina, woorden


def test_aanvulling_is_voor_de_aanvrager_de_rest_wacht(client, wereld, dien_in):
    aanvraag = dien_in()
    services.sluit_aan(aanvraag, wereld.erijder2, "G-456-DF")
    services.vraag_aanvulling(aanvraag, wereld.cpo_mw, "Uw kentekenbewijs mist deel II.")
    client.force_login(wereld.erijder2)
    pagina = client.get(f"/aanvragen/{aanvraag.pk}/").content.decode()
    assert "De aanvrager vult de aanvraag aan" in pagina
    assert "Vul uw aanvraag aan" not in pagina and "deel II" not in pagina
    client.force_login(wereld.erijder)
    pagina = client.get(f"/aanvragen/{aanvraag.pk}/").content.decode()
    assert "Vul uw aanvraag aan" in pagina and "deel II" in pagina
