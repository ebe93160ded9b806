"""How long a login lasts: long for E-rijders, a working day of inactivity for staff.

Staff of an organisation see other people's cases, often on shared or municipal machines, so their session
ends after STAFF_SESSION_IDLE_SECONDS without a request (an idle timeout, not a fixed length). E-rijders keep
Django's SESSION_COOKIE_AGE. Sessions live in the database (never in Redis only).
"""

import time

from django.conf import settings

# Refreshing the expiry writes the session row; once per few minutes is precise enough for an 8-hour limit.
VERVERS_NA_SECONDEN = 300
ACTIEF_SLEUTEL = "_staf_actief_op"


def is_staf(gebruiker) -> bool:
    return bool(gebruiker.is_authenticated and (gebruiker.organisatie_id or gebruiker.is_staff))


class StafSessieMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Without a session cookie there is no session to keep alive (an API client with its token): reading
        # `request.user` would only make Django look for one.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        gebruiker = getattr(request, "user", None)
        if gebruiker is not None and is_staf(gebruiker):
            nu = int(time.time())
            if nu - request.session.get(ACTIEF_SLEUTEL, 0) >= VERVERS_NA_SECONDEN:
                request.session[ACTIEF_SLEUTEL] = nu
                request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
        return self.get_response(request)
