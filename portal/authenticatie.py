"""Who is asking: the user with their organisation in one query, without the organisation's boundary, and with
the settings token of portal.procesgeheugen, which nearly every request asks next.

A gemeente's boundary has thousands of vertices; loaded with the user on every request it cost each gemeente
user's request its parsing and, once in a while, a garbage collection of those objects (tens of milliseconds
on a list that costs a few). Whoever needs the boundary asks for it (Organisatie.bevat keeps it per process).

Every request asks this, so it is one prepared statement (portal.sql) instead of an ORM query with two
select_related joins: building that query cost more than running it (about 1 ms of the nearest-locations
search's 5 ms). The instances are what the ORM's select_related would have made.
"""

import functools

from django.contrib.auth.backends import ModelBackend
from django.db import connection, models
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from portal import procesgeheugen, sql
from portal.models import Gebruiker, Organisatie


@functools.cache
def _vraag(vendor: str, met_token: bool) -> tuple[str, list, list, list, bool]:
    """The statement that reads who is asking, by user id or (`met_token`) by token key, and the fields of its
    columns in their order: (SQL, token fields, user fields, organisation fields, binary). Built once per
    process for each kind of database: the columns are the models' own, which do not change while the portal
    runs. Binary (sql.voorbereide_cursor) while none of the columns is one Django reads from text only (JSON, an IP
    address): psycopg's C loaders read the timestamps, where in text a loader written in Python does (about 20 µs
    per request)."""
    tokenvelden, tokenkolommen = sql.kolommen(Token, "t") if met_token else ([], "")
    gebruikervelden, gebruikerkolommen = sql.kolommen(Gebruiker, "g")
    organisatievelden, organisatiekolommen = sql.kolommen(Organisatie, "o", zonder=("gebied",))
    binair = not any(
        isinstance(veld, (models.JSONField, models.GenericIPAddressField))
        for veld in (*tokenvelden, *gebruikervelden, *organisatievelden)
    )
    waar = (
        f"JOIN {Token._meta.db_table} t ON t.user_id = g.id WHERE t.{Token._meta.pk.column} = %s"
        if met_token
        else "WHERE g.id = %s"
    )
    return (
        f"SELECT {tokenkolommen + ', ' if met_token else ''}{gebruikerkolommen}, {organisatiekolommen}, "
        f"{procesgeheugen.versie_als_kolom()} "
        f"FROM {Gebruiker._meta.db_table} g "
        f"LEFT JOIN {Organisatie._meta.db_table} o ON o.id = g.organisatie_id {waar}",
        tokenvelden,
        gebruikervelden,
        organisatievelden,
        binair,
    )


def _lees_gebruiker(met_token: bool, sleutel):
    """(token or None, user) for the user with id `sleutel`, or with the token whose key is `sleutel`; None
    when there is none. The user comes with their organisation (None when they have none) and the
    organisation without its boundary."""
    tekst, tokenvelden, gebruikervelden, organisatievelden, binair = _vraag(connection.vendor, met_token)
    with sql.voorbereide_cursor(binair=binair) as cursor:
        cursor.execute(tekst, [sleutel])
        rij = cursor.fetchone()
    if rij is None:
        return None
    # The settings token comes along: nearly every request asks it next (portal.procesgeheugen).
    procesgeheugen.versie_meegelezen(rij[-1])
    n, m = len(tokenvelden), len(tokenvelden) + len(gebruikervelden)
    gebruiker = sql.model_uit(Gebruiker, gebruikervelden, rij[n:m])
    gebruiker.organisatie = (
        None if gebruiker.organisatie_id is None else sql.model_uit(Organisatie, organisatievelden, rij[m:-1])
    )
    token = None
    if met_token:
        token = sql.model_uit(Token, tokenvelden, rij[:n])
        # Only the token's side: `token.user = …` would also cache the token on the user (its reverse
        # one-to-one), a cycle that outlives the request until the collector runs (portal.kringen).
        Token.user.field.set_cached_value(token, gebruiker)
    return token, gebruiker


class PortaalBackend(ModelBackend):
    """Django's ModelBackend; a session's user comes with its organisation, boundary left out."""

    def get_user(self, user_id):
        try:
            user_id = int(user_id)
        except (TypeError, ValueError):
            return None
        gevonden = _lees_gebruiker(False, user_id)
        if gevonden is None:
            return None
        gebruiker = gevonden[1]
        return gebruiker if self.user_can_authenticate(gebruiker) else None


class PortaalTokenAuthentication(TokenAuthentication):
    """DRF's token authentication; the token's user comes with its organisation, boundary left out."""

    def authenticate_credentials(self, key):
        # As DRF's own, with the user and organisation in the same query (DRF's messages, from its catalogue).
        gevonden = _lees_gebruiker(True, key)
        if gevonden is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        token, gebruiker = gevonden
        if not gebruiker.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (gebruiker, token)
