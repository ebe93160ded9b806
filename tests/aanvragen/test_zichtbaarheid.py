"""One rule per field (aanvragen.zichtbaarheid): for each role, the pages, the API detail and list, the API
history and the search agree on what the role sees of an E-rijder's request.

The table below is written out by hand on purpose, so a change of the rule shows up here as a decision."""

import json

import pytest
from django.core.files.base import ContentFile

from aanvragen import services, zichtbaarheid
from aanvragen.models import Aanvraag
from portal.models import Gebruiker
from tests.conftest import IN_A, PDF, WACHTWOORD, gegevens

pytestmark = pytest.mark.django_db

ROLLEN = ["aanvrager", "medeaanvrager", "andere_erijder", "gemeente", "cpo", "netbeheerder", "provincie"]

# Who may see the request at all (others get 404 on every page and endpoint, and an empty list).
ZIET_AANVRAAG = {"aanvrager", "medeaanvrager", "gemeente", "cpo"}

# field → the roles that see it.
EIGEN = {"aanvrager", "cpo"}
STRAATNIVEAU = {"aanvrager", "cpo", "gemeente", "medeaanvrager"}
REGELS = {
    "straat": STRAATNIVEAU,
    "woonplaats": STRAATNIVEAU,
    "postcode": EIGEN,
    "huisnummer": EIGEN,
    "toevoeging": EIGEN,
    "lat": EIGEN,
    "lon": EIGEN,
    "kenteken": EIGEN,
    "toelichting": EIGEN,
    "bewijs_url": EIGEN,
    "ontbrekend": EIGEN,
    "afwijzingsreden": EIGEN,
    "aanvrager_naam": EIGEN,
    "medeaanvragers": {"cpo"},
}

# A text by which each field would show up on a page, in JSON or in the history.
KENMERK = {
    "straat": "Zonnebloemlaan",
    "postcode": "7311 QX",
    "huisnummer": "Zonnebloemlaan 87",
    "kenteken": "ZZ-999-Z",
    "toelichting": "Geheime toelichting",
    "ontbrekend": "Stuur het bewijs",
    "afwijzingsreden": "Oprit gezien",
    "aanvrager_naam": "Renske Rijder",
    "medeaanvragers": "MM-11-MM",
}
# API fields of the resource and the rule they follow.
API_VELDEN = [v for v in REGELS if v not in ("aanvrager_naam", "medeaanvragers")]


@pytest.fixture
def zaak(wereld):
    """A rejected E-rijder's request whose texts name its address and plate, with someone who joined."""
    renske = Gebruiker.objects.create_user("renske@example.nl", WACHTWOORD, naam="Renske Rijder")
    mees = Gebruiker.objects.create_user("mees@example.nl", WACHTWOORD, naam="Mees Meedoener")
    aanvraag = services.dien_in(
        renske,
        gegevens(
            wereld.gemeente_a,
            postcode="7311 QX",
            huisnummer=87,
            toevoeging="B",
            straat="Zonnebloemlaan",
            kenteken="ZZ-999-Z",
            toelichting="Geheime toelichting: naast de oprit",
        ),
        ContentFile(PDF),
        "bewijs.pdf",
    )
    services.sluit_aan(aanvraag, mees, "MM-11-MM")
    aanvraag = services.vraag_aanvulling(aanvraag, wereld.cpo_mw, "Stuur het bewijs van ZZ-999-Z nog eens.")
    aanvraag = services.wijzig_en_dien_opnieuw_in(
        aanvraag, renske, services.Aanvraaggegevens.uit(aanvraag), ContentFile(PDF), "bewijs.pdf"
    )
    aanvraag = services.afwijzen(aanvraag, wereld.cpo_mw, "Oprit gezien bij Zonnebloemlaan 87B.")
    return {"aanvraag": Aanvraag.objects.get(pk=aanvraag.pk), "renske": renske, "mees": mees}


def _gebruiker(rol, wereld, zaak):
    return {
        "aanvrager": zaak["renske"],
        "medeaanvrager": zaak["mees"],
        "andere_erijder": wereld.erijder2,
        "gemeente": wereld.gemeente_a_mw,
        "cpo": wereld.cpo_mw,
        "netbeheerder": wereld.netbeheerder_mw,
        "provincie": wereld.provincie_mw,
    }[rol]


def _alles_wat_de_rol_te_zien_krijgt(client, aanvraag) -> dict[str, str]:
    """Every output of this request to the logged-in client, as text."""
    pk = aanvraag.pk
    uit = {}
    detail = client.get(f"/aanvragen/{pk}/", follow=True)
    uit["pagina"] = detail.content.decode() if detail.status_code == 200 else ""
    lijst = client.get("/aanvragen/werklijst/?status=afgewezen", follow=True)
    uit["werklijst"] = lijst.content.decode()
    api = client.get(f"/api/v1/aanvragen/{pk}/")
    uit["api"] = api.content.decode() if api.status_code == 200 else ""
    uit["api_lijst"] = client.get("/api/v1/aanvragen/").content.decode()
    historie = client.get(f"/api/v1/aanvragen/{pk}/historie/")
    uit["historie"] = historie.content.decode() if historie.status_code == 200 else ""
    return uit


@pytest.mark.parametrize("rol", ROLLEN)
def test_elke_uitvoer_volgt_dezelfde_regel(client, wereld, zaak, rol):
    aanvraag = zaak["aanvraag"]
    gebruiker = _gebruiker(rol, wereld, zaak)
    client.force_login(gebruiker)
    ziet = rol in ZIET_AANVRAAG

    # The request itself: 404 for who may not see it, everywhere.
    assert (client.get(f"/api/v1/aanvragen/{aanvraag.pk}/").status_code == 200) == ziet
    assert (client.get(f"/api/v1/aanvragen/{aanvraag.pk}/historie/").status_code == 200) == ziet

    # The module says the same as this table.
    if ziet:
        r = zichtbaarheid.rol(gebruiker, aanvraag)
        for veld, rollen in REGELS.items():
            assert (r in zichtbaarheid.VELDEN[veld]) == (rol in rollen), (rol, veld)

    # API detail and list: a field is there exactly when the rule lets this role see it.
    if ziet:
        detail = client.get(f"/api/v1/aanvragen/{aanvraag.pk}/").json()
        rij = next(r for r in client.get("/api/v1/aanvragen/").json()["results"] if r["id"] == aanvraag.pk)
        for veld in API_VELDEN:
            assert (veld in detail) == (rol in REGELS[veld]), (rol, veld)
            assert (veld in rij) == (rol in REGELS[veld]), (rol, veld)

    # No page, answer or history shows a field the role may not see.
    uitvoer = _alles_wat_de_rol_te_zien_krijgt(client, aanvraag)
    for veld, kenmerk in KENMERK.items():
        if rol in REGELS[veld]:
            continue
        if rol == "aanvrager" and veld == "aanvrager_naam":
            continue
        for waar, tekst in uitvoer.items():
            assert kenmerk not in tekst, (rol, veld, waar)

    # The history shows a step's text exactly when the field it fills is visible.
    if ziet:
        historie = {r["transitie"]: r["reden"] for r in json.loads(uitvoer["historie"])}
        assert ("Stuur het bewijs" in historie["aanvulling_vragen"]) == (rol in REGELS["ontbrekend"])
        assert ("Oprit gezien" in historie["afwijzen"]) == (rol in REGELS["afwijzingsreden"])

    # Proof: only the requester and the CPO.
    assert (client.get(f"/aanvragen/{aanvraag.pk}/bewijs/").status_code == 200) == (rol in EIGEN)


@pytest.mark.parametrize("rol", ["gemeente", "cpo"])
def test_pagina_van_de_medewerker(client, wereld, zaak, rol):
    aanvraag = zaak["aanvraag"]
    client.force_login(_gebruiker(rol, wereld, zaak))
    pagina = client.get(f"/aanvragen/{aanvraag.pk}/behandelen/").content.decode()
    werklijst = client.get("/aanvragen/werklijst/?status=afgewezen").content.decode()
    # Street level for the gemeente; the CPO sees the address, the plates and who joined.
    voor_cpo = rol == "cpo"
    assert "Zonnebloemlaan" in pagina and ("Zonnebloemlaan" in werklijst) != voor_cpo
    assert ("7311 QX" in werklijst) == voor_cpo
    assert ("7311 QX" in pagina) == voor_cpo
    assert ("Mees Meedoener" in pagina) == voor_cpo and ("MM-11-MM" in pagina) == voor_cpo
    assert ("Renske Rijder" in pagina) == voor_cpo and ("ZZ-999-Z" in pagina) == voor_cpo


@pytest.mark.parametrize(
    ("zoek", "cpo_vindt"),
    [("ZZ-999-Z", True), ("zz999z", True), ("7311QX", True), ("7311 qx", True), ("Renske", True)],
)
@pytest.mark.parametrize("rol", ["gemeente", "cpo", "medeaanvrager", "aanvrager"])
def test_zoeken_op_persoonsgegevens(client, wereld, zaak, rol, zoek, cpo_vindt):
    aanvraag = zaak["aanvraag"]
    client.force_login(_gebruiker(rol, wereld, zaak))
    vindt = rol == "cpo" and cpo_vindt
    api = [r["id"] for r in client.get("/api/v1/aanvragen/", {"zoek": zoek}).json()["results"]]
    assert (aanvraag.pk in api) == vindt
    if rol in ("gemeente", "cpo"):
        pagina = client.get("/aanvragen/werklijst/", {"zoek": zoek, "status": "afgewezen"})
        assert (aanvraag in pagina.context["pagina"].object_list) == vindt
    # The case number finds it for everyone who sees it.
    assert aanvraag.pk in [
        r["id"] for r in client.get("/api/v1/aanvragen/", {"zoek": aanvraag.nummer}).json()["results"]
    ]


def test_gemeente_ziet_van_buren_geen_afstand_of_pin(client, wereld, zaak, dien_in):
    """A gemeente's own request lists nearby requests; their distance from its pin would locate E-rijders."""
    eigen = services.vraag_locatie_aan(
        wereld.gemeente_a_mw,
        services.Locatieaanvraag(
            gemeente=wereld.gemeente_a,
            lat=IN_A[0] + 0.0003,
            lon=IN_A[1],
            omschrijving="Plein",
            motivering="Druk",
        ),
    )
    buur = dien_in(aanvrager=wereld.erijder2)
    client.force_login(wereld.gemeente_a_mw)
    antwoord = client.get(f"/aanvragen/{eigen.pk}/behandelen/")
    html = antwoord.content.decode()
    assert buur.nummer in html
    assert f"{buur.nummer}</a> ({buur.get_status_display().lower()}) op" not in html
    kaart = antwoord.context.get("kaartdata") or {}
    assert all(a["label"].split(" ")[0] != buur.nummer for a in kaart.get("aanvragen", []))


def test_berichten_volgen_dezelfde_regel(wereld, dien_in, django_capture_on_commit_callbacks):
    """The rejection reason is the requester's (afwijzingsreden); who joined hears that it was rejected."""
    from portal.models import Bericht

    aanvraag = dien_in(aanvrager=wereld.erijder2)
    services.sluit_aan(aanvraag, wereld.erijder, "MM-11-MM")
    with django_capture_on_commit_callbacks(execute=True):
        services.afwijzen(aanvraag, wereld.cpo_mw, "Oprit gezien bij Hoofdstraat 12.")
    aan_aanvrager = Bericht.objects.get(ontvanger=wereld.erijder2, onderwerp__contains="afgewezen")
    aan_mede = Bericht.objects.get(ontvanger=wereld.erijder, onderwerp__contains="afgewezen")
    assert "Oprit gezien" in aan_aanvrager.tekst
    assert "Oprit gezien" not in aan_mede.tekst and "voldoet niet" in aan_mede.tekst


def test_historie_heeft_hetzelfde_schema_als_elke_zaak():
    """The request's history filters texts but keeps the route and schema every case resource shares."""
    from drf_spectacular.generators import SchemaGenerator

    paden = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    aanvraag = paden["/api/v1/aanvragen/{id}/historie/"]["get"]["responses"]
    locatie = paden["/api/v1/locaties/{id}/historie/"]["get"]["responses"]
    assert aanvraag == locatie
