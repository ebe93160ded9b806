"""The Dutch API Design Rules (Logius, developer.overheid.nl) that are not a matter of one endpoint:

- /core/version-header: every answer of the API, errors and redirects included, carries `API-Version` with the
  full version number (SPECTACULAR_SETTINGS["VERSION"], semver); the OpenAPI document says so per answer.
- /core/publish-openapi: the OpenAPI document is also served as JSON at the standard place,
  `/api/v1/openapi.json` (besides `/api/v1/schema/`, kept for existing clients).

tests/test_api_regels.py checks these and the other core rules of the ADR linter's Spectral ruleset on our
own schema (the linter itself is an npm package, which this project does not install).
"""

from django.conf import settings

API_PREFIX = "/api/"
KOP = "API-Version"


def api_versie() -> str:
    return settings.SPECTACULAR_SETTINGS["VERSION"]


class ApiVersieMiddleware:
    """Adds `API-Version` to every answer under /api/, whatever produced it (a view, DRF's error handler,
    the 404 handler, a redirect of CommonMiddleware, Django's 500 page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX):
            response[KOP] = api_versie()
        return response


VERSIEKOP_SCHEMA = {
    "description": "Het volledige versienummer van de API (API Design Rules, /core/version-header).",
    "schema": {"type": "string", "example": "1.0.0"},
}


def documenteer_versiekop(result, generator, request, public):
    """drf-spectacular hook: every answer of every operation documents the `API-Version` header. Runs after
    portal.api.documenteer_fouten, so the error answers get it too."""
    result.setdefault("components", {}).setdefault("headers", {})[KOP] = VERSIEKOP_SCHEMA
    verwijzing = {"$ref": f"#/components/headers/{KOP}"}
    for pad in result.get("paths", {}).values():
        for methode, operatie in pad.items():
            if methode not in ("get", "post", "put", "patch", "delete", "head", "options"):
                continue
            for antwoord in operatie.get("responses", {}).values():
                if "$ref" in antwoord:
                    continue
                antwoord.setdefault("headers", {})[KOP] = verwijzing
    return result
