"""The Dutch API Design Rules (ADR) on our own API.

The ADR linter is a Spectral ruleset (Logius-standaarden/API-Design-Rules, media/linter.yaml, also served by
developer.overheid.nl); Spectral is an npm package and this project installs none, so the rules of that
ruleset are checked here in Python on the schema drf-spectacular generates, plus the answers themselves.
Where we knowingly deviate (a contract in DESIGN.md section 6 that clients already use), the deviation is
listed below with its reason, and anything new that breaks a rule fails.
"""

import re

import pytest
from drf_spectacular.generators import SchemaGenerator

from portal.apiregels import api_versie

pytestmark = pytest.mark.django_db

# /core/no-trailing-slash: every path of ours ends in "/" (DRF's default); DESIGN.md section 6 fixes these
# addresses (`<resource>/<id>/historie/`, `transities/<naam>/`) and the netbeheerders' systems call them.
TRAILING_SLASH_AFWIJKING = True
# /core/query-keys-camel-case: query keys already used by the netbeheerders' systems and the work lists.
QUERY_AFWIJKINGEN = {"gewijzigd_sinds", "met_open_bezwaren"}

KEBAB = re.compile(
    r"^(\/|(\/_[a-z0-9]+|\/(([a-z0-9\-]+|{[^}]+})(\/([a-z0-9\-\.]+|{[^}]+}))*)(\/_[a-z]+)?)\/?)$"
)
CAMEL = re.compile(r"^\$?[a-z][a-z\d]*([A-Z][a-z\d]*)*$")
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
DATUMVELD = re.compile(r"((\w+D)|(_[dD]))((ate)|(atum))")
METHODEN = {"get", "put", "post", "delete", "patch", "parameters"}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def _operaties(schema):
    for pad, operaties in schema["paths"].items():
        for methode, operatie in operaties.items():
            if methode != "parameters":
                yield pad, methode, operatie


def test_openapi_3_en_semver_versie(schema):
    # /core/doc-openapi and nlgov:semver
    assert re.match(r"^3(\.\d+){1,2}$", schema["openapi"])
    assert SEMVER.match(schema["info"]["version"])
    assert schema["info"]["version"] == api_versie()


def test_contact_met_naam_email_en_url(schema):
    # /core/doc-openapi-contact
    contact = schema["info"]["contact"]
    assert contact["name"] and contact["email"] and contact["url"]


def test_alleen_standaard_http_methoden(schema):
    # /core/http-methods
    for pad, operaties in schema["paths"].items():
        assert set(operaties) <= METHODEN, pad


def test_major_versie_in_elk_pad(schema):
    # /core/uri-version: the major version is part of every address (here in the path, not in `servers`).
    for pad in schema["paths"]:
        assert pad.startswith("/api/v1/"), pad


def test_paden_in_kebab_case_en_afwijking_trailing_slash(schema):
    # /core/path-segments-kebab-case
    for pad in schema["paths"]:
        assert KEBAB.match(pad), f"{pad} is geen kebab-case"
    # /core/no-trailing-slash: the one deviation, for every path alike (a mix would be worse than either).
    eindes = {pad.endswith("/") for pad in schema["paths"]}
    assert eindes == {TRAILING_SLASH_AFWIJKING}


def test_query_parameters_in_lower_camel_case(schema):
    # /core/query-keys-camel-case: new parameters follow the rule; the listed old ones are the only exceptions.
    fout = {
        (pad, parameter["name"])
        for pad, _methode, operatie in _operaties(schema)
        for parameter in operatie.get("parameters", [])
        if parameter["in"] == "query"
        and not CAMEL.match(parameter["name"])
        and parameter["name"] not in QUERY_AFWIJKINGEN
    }
    assert not fout


def test_elk_antwoord_documenteert_de_versiekop(schema):
    # /core/version-header (nlgov:missing-header, nlgov:missing-version-header); also on errors.
    assert "API-Version" in schema["components"]["headers"]
    for pad, methode, operatie in _operaties(schema):
        for code, antwoord in operatie["responses"].items():
            assert "API-Version" in antwoord.get("headers", {}), f"{methode} {pad} {code}"


def test_fouten_als_problem_json_met_status_title_detail(schema):
    # /core/error-handling/problem-details (nlgov:use-problem-schema, nlgov:problem-schema-members)
    componenten = schema["components"]["schemas"]
    for pad, methode, operatie in _operaties(schema):
        for code, antwoord in operatie["responses"].items():
            if code[0] not in "45":
                continue
            inhoud = antwoord.get("content", {})
            assert "application/problem+json" in inhoud, f"{methode} {pad} {code}"
            ref = inhoud["application/problem+json"]["schema"]["$ref"]
            verplicht = componenten[ref.rsplit("/", 1)[-1]]["required"]
            assert {"status", "title", "detail"} <= set(verplicht)


def test_ongeldige_invoer_is_400(schema):
    # /core/error-handling/invalid-input (nlgov:problem-invalid-input)
    for pad, methode, operatie in _operaties(schema):
        if methode in ("put", "post", "patch") or (
            methode in ("get", "delete") and operatie.get("parameters")
        ):
            assert "400" in operatie["responses"], f"{methode} {pad}"


def test_schemanamen_upper_camel_case(schema):
    # nlgov:schema-camel-case
    for naam in schema["components"]["schemas"]:
        assert re.match(r"^[A-Z][A-Za-z0-9]*$", naam), naam


def test_datums_en_tijden(schema):
    # /core/date-time/timezone and /core/date-time/date-omit-time-portion
    def doorloop(knoop, pad):
        if isinstance(knoop, dict):
            for naam, veld in (knoop.get("properties") or {}).items():
                if not isinstance(veld, dict):
                    continue
                assert veld.get("format") not in ("date-time-local", "time"), f"{pad}.{naam}"
                if DATUMVELD.search(naam) or naam in ("date", "datum"):
                    assert "format" in veld or "allOf" in veld, f"{pad}.{naam}"
                    assert veld.get("format") != "date-time", f"{pad}.{naam}"
            for sleutel, waarde in knoop.items():
                doorloop(waarde, f"{pad}/{sleutel}")
        elif isinstance(knoop, list):
            for waarde in knoop:
                doorloop(waarde, pad)

    doorloop(schema, "")


# The answers themselves


def test_openapi_json_op_de_standaardplek(client):
    # /core/publish-openapi
    antwoord = client.get("/api/v1/openapi.json")
    assert antwoord.status_code == 200
    # The OpenAPI media type for JSON (application/vnd.oai.openapi+json).
    assert antwoord["Content-Type"].split(";")[0].endswith("json")
    document = antwoord.json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/aanvragen/" in document["paths"]
    assert antwoord["API-Version"] == api_versie()


@pytest.mark.parametrize(
    ("adres", "status"),
    [
        ("/api/v1/schema/?format=json", 200),
        ("/api/v1/aanvragen/", 401),  # not logged in: problem+json from DRF
        ("/api/v1/bestaat-niet/", 404),  # no route: the 404 handler
        ("/api/v1/kaart/locaties/", 400),  # a missing bbox
        ("/api/v1/aanvragen", 301),  # CommonMiddleware's redirect to the slash
    ],
)
def test_versiekop_op_elk_antwoord(client, settings, adres, status):
    settings.DEBUG = False  # the 404 handler answers as in production
    antwoord = client.get(adres)
    assert antwoord.status_code == status
    assert antwoord["API-Version"] == api_versie()


def test_versiekop_op_een_fout_na_inloggen(client, django_user_model):
    gebruiker = django_user_model.objects.create_user(email="x@example.nl", password="laadpaal-demo-12")
    client.force_login(gebruiker)
    antwoord = client.post("/api/v1/aanvragen/", {}, content_type="application/json")
    assert antwoord.status_code in (400, 403)
    assert antwoord["Content-Type"] == "application/problem+json"
    assert antwoord["API-Version"] == api_versie()


def test_geen_versiekop_buiten_de_api(client):
    assert "API-Version" not in client.get("/kaart/")
