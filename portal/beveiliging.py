"""Content-Security-Policy on every HTML response.

The portal shows text that one organisation typed on the pages of another (location descriptions, reasons,
objection texts). Templates and scripts render that text as text; this header is the second line: even if a
sink slips through, the browser runs no inline script, loads scripts only from this site, and lets no other
site frame the pages. No dependency: the policy is a few fixed directives.
"""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def _tegelhosts() -> list[str]:
    """The hosts the map tiles come from (LEAFLET_CONFIG), so img-src allows exactly those."""
    hosts = []
    for _naam, url, *_rest in settings.LEAFLET_CONFIG.get("TILES", []):
        deel = urlsplit(url)
        if deel.scheme and deel.netloc:
            hosts.append(f"{deel.scheme}://{deel.netloc}")
    return sorted(set(hosts))


def basisbeleid() -> dict[str, list[str]]:
    return {
        "default-src": ["'self'"],
        # Only our own files: no 'unsafe-inline', no 'unsafe-eval'. json_script data blocks are not script.
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *_tegelhosts()],
        "font-src": ["'self'"],
        # The pages only fetch from the portal itself (public map, address lookup, import progress).
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }


def tekst(beleid: dict[str, list[str]]) -> str:
    return "; ".join(f"{naam} {' '.join(bronnen)}" for naam, bronnen in beleid.items())


def csp_aanvulling(**extra: list[str]) -> Callable:
    """Widen the policy for one view, directive by directive (keyword names use _ for -).

    Only for third-party pages that cannot work otherwise (the Redoc API docs); say why where it is used.
    """

    def decorator(view):
        @wraps(view)
        def ingepakt(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response.csp_aanvulling = {k.replace("_", "-"): v for k, v in extra.items()}
            return response

        return ingepakt

    return decorator


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" in response:
            return response
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        beleid = basisbeleid()
        renderer = getattr(response, "accepted_renderer", None)
        if getattr(renderer, "format", None) == "api":
            # DRF's browsable API writes style="" attributes (float, margin) and a <style> block with the
            # code colours of its descriptions; that page alone may use inline styles. Scripts stay 'self'.
            beleid["style-src"] = ["'self'", "'unsafe-inline'"]
        for naam, bronnen in getattr(response, "csp_aanvulling", {}).items():
            beleid[naam] = [*beleid.get(naam, []), *bronnen]
        response["Content-Security-Policy"] = tekst(beleid)
        return response
