"""Who is asking: the user with their organisation in one query, without the organisation's boundary, and with
the settings token of portal.procesgeheugen, which nearly every request asks next.

A gemeente's boundary has thousands of vertices; loaded with the user on every request it cost each gemeente
user's request its parsing and, once in a while, a garbage collection of those objects (tens of milliseconds
on a list that costs a few). Whoever needs the boundary asks for it (Organisatie.bevat keeps it per process).

Every request asks this, so it is one prepared statement (portal.sql) instead of an ORM query with two
select_related joins: building that query cost more than running it (about 1 ms of the nearest-locations
search's 5 ms). The instances are what the ORM's select_related would have made.
"""

from django.contrib.auth.backends import ModelBackend
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from portal import procesgeheugen, sql
from portal.models import Gebruiker, Organisatie


def _lees_gebruiker(voorvoegsel: tuple[list, str], waar: str, params: list):
    """(extra instance, user) for the one row that matches `waar`, or None. The user comes with their
    organisation (None when they have none) and the organisation without its boundary."""
    gebruikervelden, gebruikerkolommen = sql.kolommen(Gebruiker, "g")
    organisatievelden, organisatiekolommen = sql.kolommen(Organisatie, "o", zonder=("gebied",))
    extra_velden, extra_kolommen = voorvoegsel
    with sql.voorbereide_cursor() as cursor:
        cursor.execute(
            f"SELECT {extra_kolommen}{gebruikerkolommen}, {organisatiekolommen}, "
            f"{procesgeheugen.versie_als_kolom()} "
            f"FROM {Gebruiker._meta.db_table} g "
            f"LEFT JOIN {Organisatie._meta.db_table} o ON o.id = g.organisatie_id {waar}",
            params,
        )
        rij = cursor.fetchone()
    if rij is None:
        return None
    # The settings token comes along: nearly every request asks it next (portal.procesgeheugen).
    procesgeheugen.versie_meegelezen(rij[-1])
    n, m = len(extra_velden), len(extra_velden) + len(gebruikervelden)
    gebruiker = sql.model_uit(Gebruiker, gebruikervelden, rij[n:m])
    gebruiker.organisatie = (
        None if gebruiker.organisatie_id is None else sql.model_uit(Organisatie, organisatievelden, rij[m:-1])
    )
    return rij[:n], gebruiker


class PortaalBackend(ModelBackend):
    """Django's ModelBackend; a session's user comes with its organisation, boundary left out."""

    def get_user(self, user_id):
        try:
            user_id = int(user_id)
        except (TypeError, ValueError):
            return None
        gevonden = _lees_gebruiker(([], ""), "WHERE g.id = %s", [user_id])
        if gevonden is None:
            return None
        gebruiker = gevonden[1]
        return gebruiker if self.user_can_authenticate(gebruiker) else None


class PortaalTokenAuthentication(TokenAuthentication):
    """DRF's token authentication; the token's user comes with its organisation, boundary left out."""

    def authenticate_credentials(self, key):
        # As DRF's own, with the user and organisation in the same query (DRF's messages, from its catalogue).
        tokenvelden, tokenkolommen = sql.kolommen(Token, "t")
        gevonden = _lees_gebruiker(
            (tokenvelden, tokenkolommen + ", "),
            f"JOIN {Token._meta.db_table} t ON t.user_id = g.id WHERE t.{Token._meta.pk.column} = %s",
            [key],
        )
        if gevonden is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        tokenwaarden, gebruiker = gevonden
        token = sql.model_uit(Token, tokenvelden, tokenwaarden)
        token.user = gebruiker
        if not gebruiker.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (gebruiker, token)
