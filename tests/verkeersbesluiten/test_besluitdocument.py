"""The verkeersbesluit reads as a municipal decision, in the text and in the PDF: the gemeente's name and logo,
place and date, considerations, the legal basis, numbered articles with the sign and its onderbord as the
gemeente set them, the objection instructions with the computed last day, the mandated signature, and an annex
with a table and a small map per location."""

import re
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.termijnen import bezwaartermijn_einde, datum_lang
from tests.conftest import WACHTWOORD, png_bytes
from tests.verkeersbesluiten.conftest import D, om
from verkeersbesluiten import services
from verkeersbesluiten.services.concepten import tekst_van

pytestmark = pytest.mark.django_db


def pdf_tekst(inhoud: bytes) -> str:
    """The text a PDF shows, from its (deflated) content streams: every string drawn with Tj/TJ."""
    stukken = []
    for stroom in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", inhoud, re.S):
        try:
            stroom = zlib.decompress(stroom)
        except zlib.error:
            continue
        for tekst in re.findall(rb"\(((?:[^()\\]|\\.)*)\)\s*Tj", stroom):
            tekst = re.sub(rb"\\([()\\])", rb"\1", tekst)
            stukken.append(tekst.decode("latin-1"))
    return re.sub(r"\s+", " ", " ".join(stukken))


def pdf_afbeeldingen(inhoud: bytes) -> int:
    return len(re.findall(rb"/Subtype\s*/Image", inhoud))


@pytest.fixture
def besluit(wereld, goedgekeurde_locatie):
    eerste, _ = goedgekeurde_locatie(0)
    tweede, _ = goedgekeurde_locatie(600, aanvrager=wereld.erijder2)
    services.sla_beleid_op(
        wereld.gemeente_a,
        wereld.gemeente_a_mw,
        ondertekenaar="drs. A. de Vries",
        onderbord="alleen opladen",
    )
    with om("2026-03-02"):
        concept = services.maak_concept(
            wereld.gemeente_a, wereld.cpo_mw, titel="Loolaan", locaties=[eerste, tweede]
        )
        return services.publiceer(
            concept, wereld.gemeente_a_mw, bekendmaking_op=D("2026-03-02"), vindplaats="Gemeenteblad 2026, 1"
        )


def test_besluittekst_als_gemeentelijk_besluit(besluit):
    tekst = tekst_van(besluit)
    laatste_dag = datum_lang(bezwaartermijn_einde(D("2026-03-02")).datum)
    assert "college van burgemeester en wethouders van Apeldoorn" in tekst
    assert "van Gemeente Apeldoorn" not in tekst
    assert "Apeldoorn, maandag 2 maart 2026" in tekst
    for kop in ("Overwegingen", "Wettelijke grondslag", "Artikel 1", "Artikel 2", "Artikel 3", "Bezwaar"):
        assert re.search(rf"^{kop}$", tekst, re.M), kop
    assert "artikel 15, eerste lid, en artikel 18, eerste lid, onder d, van de Wegenverkeerswet 1994" in tekst
    assert "BABW" in tekst
    assert "De volgende 2 locaties aan te wijzen" in tekst
    assert 'bord E4 van bijlage 1 van het RVV 1990 met een onderbord met de tekst "alleen opladen"' in tekst
    assert "2 parkeerplaatsen bij een laadpaal met 2 laadpunten" in tekst
    assert f"De laatste dag om bezwaar te maken is {laatste_dag}." in tekst
    assert "namens dezen,\n\ndrs. A. de Vries\nteamleider Verkeer en Mobiliteit" in tekst
    assert "(s)" not in tekst and "(en)" not in tekst


def test_besluit_pdf_draagt_artikelen_grondslag_en_laatste_bezwaardag(client, wereld, besluit):
    wereld.gemeente_a.logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    wereld.gemeente_a.save()
    client.login(email=wereld.cpo_mw.email, password=WACHTWOORD)
    antwoord = client.get(reverse("verkeersbesluiten:pdf", args=[besluit.pk]))
    assert antwoord.status_code == 200 and antwoord["Content-Type"] == "application/pdf"
    tekst = pdf_tekst(antwoord.content)
    laatste_dag = datum_lang(bezwaartermijn_einde(D("2026-03-02")).datum)
    assert "Gemeente Apeldoorn" in tekst  # the letterhead
    for stuk in ("Overwegingen", "Artikel 1", "Artikel 2", "Artikel 3", "Wegenverkeerswet 1994", "BABW"):
        assert stuk in tekst, stuk
    assert laatste_dag in tekst
    assert "drs. A. de Vries" in tekst
    # The annex: a row per location with its street, parking spaces and charging points, and a map each.
    assert f"Bijlage bij verkeersbesluit {besluit.nummer}" in tekst
    for regel in besluit.besluitlocaties.select_related("locatie"):
        assert regel.locatie.omschrijving in tekst
    assert len(re.findall(r"\b30 m\b", tekst)) == 2  # one scale bar per small map
    assert pdf_afbeeldingen(antwoord.content) == 1  # the logo


def test_logo_wordt_gecontroleerd_als_afbeelding(wereld):
    from django.core.exceptions import ValidationError

    wereld.gemeente_a.logo = SimpleUploadedFile("logo.png", b"geen plaatje", content_type="image/png")
    with pytest.raises(ValidationError) as fout:
        wereld.gemeente_a.full_clean()
    assert "logo" in fout.value.message_dict
