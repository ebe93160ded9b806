"""The browser pages for verkeersbesluiten, rendered by Django: work list, drafting, publishing, objections,
PDF and policy; rejected forms keep what was typed; another gemeente gets a 404."""

import pytest
from django.urls import reverse

from tests.conftest import WACHTWOORD
from tests.verkeersbesluiten.conftest import D, om
from verkeersbesluiten import services
from verkeersbesluiten.models import Bezwaar, Verkeersbesluit, Verkeersbesluitbeleid

pytestmark = pytest.mark.django_db


def ingelogd(client, gebruiker):
    client.login(email=gebruiker.email, password=WACHTWOORD)
    return client


@pytest.fixture
def gepubliceerd(wereld, goedgekeurde_locatie):
    plek, _ = goedgekeurde_locatie()
    with om("2026-03-02"):
        besluit = services.maak_concept(wereld.gemeente_a, wereld.cpo_mw, titel="Loolaan", locaties=[plek])
        return services.publiceer(
            besluit, wereld.gemeente_a_mw, bekendmaking_op=D("2026-03-02"), vindplaats="Gemeenteblad 2026, 1"
        )


def test_gemeente_bereidt_voor_en_publiceert_in_de_browser(client, wereld, goedgekeurde_locatie):
    eerste, _ = goedgekeurde_locatie(0)
    tweede, _ = goedgekeurde_locatie(600, aanvrager=wereld.erijder2)
    ingelogd(client, wereld.gemeente_a_mw)
    lijst = client.get(reverse("verkeersbesluiten:werklijst"))
    assert "2 goedgekeurde locaties zonder besluit" in lijst.content.decode()
    url = reverse("verkeersbesluiten:nieuw") + f"?gemeente={wereld.gemeente_a.pk}"
    pagina = client.get(url).content.decode()
    assert eerste.omschrijving in pagina and tweede.omschrijving in pagina
    # No location chosen: the title typed is kept, the error names the field.
    antwoord = client.post(url, {"gemeente": wereld.gemeente_a.pk, "titel": "Centrum 2026"})
    assert antwoord.status_code == 400
    assert (
        'value="Centrum 2026"' in antwoord.content.decode()
        and "Kies ten minste één" in antwoord.content.decode()
    )
    antwoord = client.post(
        url, {"gemeente": wereld.gemeente_a.pk, "titel": "Centrum 2026", "locaties": [eerste.pk, tweede.pk]}
    )
    besluit = Verkeersbesluit.objects.get()
    assert antwoord.status_code == 302 and antwoord["Location"] == reverse(
        "verkeersbesluiten:detail", args=[besluit.pk]
    )
    detail = client.get(antwoord["Location"]).content.decode()
    assert "Verzamelverkeersbesluit" in detail and "Besluit publiceren" in detail and "Centrum 2026" in detail
    with om("2026-03-02"):
        fout = client.post(
            antwoord["Location"],
            {"actie": "publiceren", "publiceer-bekendmaking_op": "2026-03-02", "publiceer-vindplaats": ""},
        )
        assert fout.status_code == 400 and 'value="2026-03-02"' in fout.content.decode()
        klaar = client.post(
            antwoord["Location"],
            {
                "actie": "publiceren",
                "publiceer-bekendmaking_op": "2026-03-02",
                "publiceer-vindplaats": "Gbl 7",
            },
        )
    assert klaar.status_code == 302
    besluit.refresh_from_db()
    assert besluit.status == "gepubliceerd" and str(besluit.bezwaartermijn_einde) == "2026-04-13"
    detail = client.get(klaar["Location"]).content.decode()
    assert "maandag 13 april 2026" in detail and "Bezwaar registreren" in detail


def test_bezwaar_registreren_en_beslissen_in_de_browser(client, wereld, gepubliceerd):
    ingelogd(client, wereld.gemeente_a_mw)
    url = reverse("verkeersbesluiten:detail", args=[gepubliceerd.pk])
    plek = gepubliceerd.besluitlocaties.get().locatie
    with om("2026-04-20"):
        fout = client.post(
            url,
            {
                "actie": "bezwaar_registreren",
                "bezwaar-indiener_naam": "Piet",
                "bezwaar-ontvangen_op": "2026-04-20",
            },
        )
        assert fout.status_code == 400 and 'value="Piet"' in fout.content.decode()
        klaar = client.post(
            url,
            {
                "actie": "bezwaar_registreren",
                "bezwaar-indiener_naam": "Piet Bezwaar",
                "bezwaar-indiener_adres": "Dorpsstraat 1",
                "bezwaar-ontvangen_op": "2026-04-20",
                "bezwaar-gronden": "Geen ruimte.",
                "bezwaar-algemeen": "0",
                "bezwaar-locaties": [plek.pk],
            },
        )
    assert klaar.status_code == 302
    bezwaar = Bezwaar.objects.get()
    assert not bezwaar.tijdig  # received a week after the term
    detail = client.get(url).content.decode()
    assert "te laat: juridische toets" in detail and "Piet Bezwaar" in detail
    bezwaarpagina = reverse("verkeersbesluiten:bezwaar", args=[bezwaar.pk])
    assert "Awb 6:11" in client.get(bezwaarpagina).content.decode()
    with om("2026-04-21"):
        fout = client.post(bezwaarpagina, {"actie": "beslissen", "beslis-uitkomst": "ongegrond"})
        assert fout.status_code == 400
        klaar = client.post(
            bezwaarpagina,
            {
                "actie": "beslissen",
                "beslis-uitkomst": "niet_ontvankelijk",
                "beslis-motivering": "Te laat, verwijtbaar.",
            },
        )
    assert klaar.status_code == 302
    gepubliceerd.refresh_from_db()
    assert gepubliceerd.status == "definitief"  # last open objection decided after the term


def test_cpo_ziet_geen_bezwaarmaker_en_andere_gemeente_niets(client, wereld, gepubliceerd):
    with om("2026-03-10"):
        bezwaar = services.registreer_bezwaar(
            gepubliceerd,
            wereld.gemeente_a_mw,
            indiener_naam="Geheime Naam",
            indiener_adres="Verborgen 1",
            ontvangen_op=D("2026-03-10"),
            gronden="Nee.",
            algemeen=True,
        )
    ingelogd(client, wereld.cpo_mw)
    for url in (
        reverse("verkeersbesluiten:detail", args=[gepubliceerd.pk]),
        reverse("verkeersbesluiten:bezwaar", args=[bezwaar.pk]),
    ):
        pagina = client.get(url).content.decode()
        assert "Geheime Naam" not in pagina and "Verborgen 1" not in pagina
    ingelogd(client, wereld.gemeente_b_mw)
    for url in (
        reverse("verkeersbesluiten:detail", args=[gepubliceerd.pk]),
        reverse("verkeersbesluiten:bezwaar", args=[bezwaar.pk]),
        reverse("verkeersbesluiten:pdf", args=[gepubliceerd.pk]),
    ):
        assert client.get(url).status_code == 404
    ingelogd(client, wereld.erijder)
    assert client.get(reverse("verkeersbesluiten:werklijst")).status_code == 404


def test_pdf_van_het_besluit(client, wereld, gepubliceerd):
    ingelogd(client, wereld.cpo_mw)
    antwoord = client.get(reverse("verkeersbesluiten:pdf", args=[gepubliceerd.pk]))
    assert antwoord.status_code == 200 and antwoord["Content-Type"] == "application/pdf"
    assert antwoord.content.startswith(b"%PDF-") and antwoord.content.rstrip().endswith(b"%%EOF")
    assert f'filename="{gepubliceerd.nummer}.pdf"' in antwoord["Content-Disposition"]


def test_beleid_met_fout_sjabloon_houdt_de_tekst(client, wereld):
    ingelogd(client, wereld.gemeente_a_mw)
    url = reverse("verkeersbesluiten:beleid")
    antwoord = client.post(url, {"sjabloon": "Besluit {% for x in %}", "adviescommissie": "on"})
    assert antwoord.status_code == 400
    assert (
        "Het sjabloon klopt niet" in antwoord.content.decode()
        and "{% for x in %}" in antwoord.content.decode()
    )
    antwoord = client.post(
        url, {"sjabloon": "Besluit {{ nummer }} van {{ gemeente }}", "adviescommissie": "on"}
    )
    assert antwoord.status_code == 302
    beleid = Verkeersbesluitbeleid.voor(wereld.gemeente_a)
    assert beleid.adviescommissie and not beleid.netaansluiting_tijdens_bezwaartermijn
    ingelogd(client, wereld.cpo_mw)
    assert client.get(url).status_code == 404


def test_sjabloon_kan_niets_buiten_de_velden_bereiken(wereld, goedgekeurde_locatie):
    """A template typed in the portal fills in fields; it cannot load files or tag libraries."""
    from django.core.exceptions import ValidationError

    for sjabloon in ('{% include "base.html" %}', "{% load static %}{% static 'x' %}", "{% debug %}"):
        with pytest.raises(ValidationError):
            services.sla_beleid_op(wereld.gemeente_a, wereld.gemeente_a_mw, sjabloon=sjabloon)
