"""Who is asking: the user with their organisation in one query, without the organisation's boundary.

A gemeente's boundary has thousands of vertices; loaded with the user on every request it cost each gemeente
user's request its parsing and, once in a while, a garbage collection of those objects (tens of milliseconds
on a list that costs a few). Whoever needs the boundary asks for it (Organisatie.bevat keeps it per process).
"""

from django.contrib.auth.backends import ModelBackend
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from portal.models import Gebruiker


def _met_organisatie(rijen):
    return rijen.select_related("organisatie").defer("organisatie__gebied")


class PortaalBackend(ModelBackend):
    """Django's ModelBackend; a session's user comes with its organisation, boundary left out."""

    def get_user(self, user_id):
        try:
            gebruiker = _met_organisatie(Gebruiker._default_manager).get(pk=user_id)
        except Gebruiker.DoesNotExist:
            return None
        return gebruiker if self.user_can_authenticate(gebruiker) else None


class PortaalTokenAuthentication(TokenAuthentication):
    """DRF's token authentication; the token's user comes with its organisation, boundary left out."""

    def authenticate_credentials(self, key):
        # As DRF's own, with the organisation in the same query (DRF's messages, from its catalogue).
        try:
            token = _met_organisatie_van_token(self.get_model().objects).get(key=key)
        except self.get_model().DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (token.user, token)


def _met_organisatie_van_token(rijen):
    return rijen.select_related("user", "user__organisatie").defer("user__organisatie__gebied")
