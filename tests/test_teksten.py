"""Every demo role's pages read as written Dutch: organisation names as they are ("Gemeente Apeldoorn", never
"de gemeente Gemeente Apeldoorn"), real plural forms instead of "locatie(s)", no Python booleans, no double
negation. The pages are found by following the links each role sees, starting at its landing page."""

import io
import re
from collections import deque
from html.parser import HTMLParser

import pytest
from django.core.management import call_command

from portal.models import Gebruiker

pytestmark = pytest.mark.django_db

ROLLEN = [
    "erijder@demo.nl",
    "erijder2@demo.nl",
    "gemeente@demo.nl",
    "gemeente2@demo.nl",
    "gemeente-medewerker@demo.nl",
    "cpo@demo.nl",
    "netbeheerder@demo.nl",
    "provincie@demo.nl",
]

# Per link shape (digits replaced) a couple of examples are enough; downloads and writes are not pages.
PER_VORM = 2
MAX_PAGINAS = 90
NIET_VOLGEN = re.compile(
    r"^/(admin|api|ocpi|static|media|account/uitloggen)|\.(csv|pdf|xlsx|json|geojson)$|/(csv|pdf|export|download)/?$"
)

FOUTEN = [
    (re.compile(r"Gemeente Gemeente", re.I), "dubbele 'Gemeente'"),
    (re.compile(r"\bgemeente Gemeente\b"), "'gemeente' voor een naam die al 'Gemeente' heeft"),
    (re.compile(r"\w\((s|en|n)\)"), "meervoud met haakjes"),
    (
        re.compile(r"\b1 (locaties|parkeerplaatsen|laadpunten|aanvragen|dagen|werkdagen|weken)\b"),
        "1 + meervoud",
    ),
    (re.compile(r"\b(True|False|None)\b"), "Python-waarde in de tekst"),
    (re.compile(r"\bniet niet-"), "dubbele ontkenning"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"), "ISO-tijdstip"),
]


# A label and its value ("Gemeente" | "Gemeente Apeldoorn") are two texts, not one sentence.
BLOKKEN = {
    "p",
    "div",
    "li",
    "dt",
    "dd",
    "td",
    "th",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "br",
    "option",
    "label",
    "legend",
    "caption",
    "section",
    "nav",
    "header",
    "footer",
    "button",
    "summary",
}


class ZichtbareTekst(HTMLParser):
    """The text a reader sees (no script, style or hidden template), plus the links on the page."""

    def __init__(self):
        super().__init__()
        self.delen, self.links, self._verborgen = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in BLOKKEN:
            self.delen.append(" ¦ ")
        if tag in ("script", "style", "template"):
            self._verborgen += 1
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/") and not href.startswith("//"):
                self.links.append(href.split("#")[0])

    def handle_endtag(self, tag):
        if tag in BLOKKEN:
            self.delen.append(" ¦ ")
        if tag in ("script", "style", "template") and self._verborgen:
            self._verborgen -= 1

    def handle_data(self, data):
        if not self._verborgen:
            self.delen.append(data)

    def tekst(self):
        return re.sub(r"\s+", " ", " ".join(self.delen))


def vorm(url: str) -> str:
    return re.sub(r"\d+", "N", url.split("?")[0])


def bezoek(client, start="/"):
    """Breadth-first over the role's own links; yields (url, visible text)."""
    gezien, per_vorm = set(), {}
    rij = deque([start])
    while rij and len(gezien) < MAX_PAGINAS:
        url = rij.popleft()
        if url in gezien or NIET_VOLGEN.search(url.split("?")[0]):
            continue
        if per_vorm.get(vorm(url), 0) >= PER_VORM:
            continue
        gezien.add(url)
        per_vorm[vorm(url)] = per_vorm.get(vorm(url), 0) + 1
        antwoord = client.get(url, follow=True)
        if antwoord.status_code != 200 or "text/html" not in antwoord.get("Content-Type", ""):
            continue
        lezer = ZichtbareTekst()
        lezer.feed(antwoord.content.decode())
        yield url, lezer.tekst()
        rij.extend(lezer.links)


@pytest.fixture(scope="module")
def demowereld(django_db_setup, django_db_blocker):
    """The demo world once for this module, inside a transaction rolled back at the end: the rest of the
    session keeps the database as the migrations left it (a flush would also drop their seeded rows)."""
    from django.conf import settings
    from django.db import transaction

    with django_db_blocker.unblock():
        blok = transaction.atomic()
        blok.__enter__()
        oud, settings.DEBUG = settings.DEBUG, True
        try:
            call_command("demo", stdout=io.StringIO())
        finally:
            settings.DEBUG = oud
        try:
            yield
        finally:
            transaction.set_rollback(True)
            blok.__exit__(None, None, None)


def fouten_in(tekst: str) -> list[str]:
    gevonden = []
    for patroon, wat in FOUTEN:
        for treffer in patroon.finditer(tekst):
            begin = max(0, treffer.start() - 50)
            gevonden.append(f"{wat}: …{tekst[begin : treffer.end() + 50]}…")
    return gevonden


def test_de_controle_vindt_wat_ze_zoekt():
    assert fouten_in("U vraagt aan bij de gemeente Gemeente Apeldoorn.")
    assert fouten_in("Het besluit telt 2 locatie(s).")
    assert fouten_in("Er is 1 locaties gekozen.")
    assert fouten_in("geslaagd: True")
    assert fouten_in("het bezwaar is niet niet-ontvankelijk")
    assert not fouten_in("Gemeente Apeldoorn heeft 1 locatie en 2 parkeerplaatsen goedgekeurd.")


@pytest.mark.parametrize("email", ROLLEN)
def test_paginas_per_rol_lezen_als_nederlands(demowereld, client, email):
    client.force_login(Gebruiker.objects.get(email=email))
    problemen, aantal = [], 0
    for url, tekst in bezoek(client):
        aantal += 1
        problemen += [f"{url}: {f}" for f in fouten_in(tekst)]
    assert aantal >= 5, f"{email} zag maar {aantal} pagina's"
    assert not problemen, "\n".join(problemen)


def test_wachtwoordregels_in_het_nederlands(client):
    antwoord = client.post(
        "/account/registreren/",
        {"naam": "A", "email": "a@b.nl", "wachtwoord": "kort", "wachtwoord2": "kort", "akkoord": "on"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    tekst = antwoord.content.decode()
    assert "Dit wachtwoord is te kort. Het moet minstens 10 tekens bevatten." in tekst
    assert "too short" not in tekst


def test_realisatiehistorie_zegt_ja_en_datums_voluit():
    from netaansluiting.views import _als_leesbaar

    assert _als_leesbaar(True) == "ja" and _als_leesbaar(False) == "nee"
    assert _als_leesbaar("2026-03-02") == "maandag 2 maart 2026"
