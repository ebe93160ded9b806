"""The per-request counts (Aanvraagtelling) and the open phases (Openfase) on PostgreSQL.

Triggers on the figures tables and on the request's status and dates (migration 0017) keep both exact on
every write, a bulk update or a delete included: the counts follow the rows, not the code paths that write
them. `opbouwen` rebuilds both from
those tables in a few GROUP BYs (after a bulk load with the triggers off, as the bench does). Days and months
are in settings.TIME_ZONE, as the figures' TruncDate/TruncMonth and period filters count them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction

SCOPE = "gemeente_id, coalesce(provincie_id, 0), coalesce(cpo_id, 0), coalesce(netbeheerder_id, 0), bron"
TELLING = (
    "portal_aanvraagtelling (soort, datum, gemeente_id, provincie_id, cpo_id, netbeheerder_id, bron, dagen, "
    "reden, aantal, met_maximum, binnen_maximum)"
)
OPBOUWEN = [
    "DELETE FROM portal_aanvraagtelling",
    f"INSERT INTO {TELLING} SELECT 'ingediend', date_trunc('month', ingediend_op AT TIME ZONE %(tz)s)::date, "
    f"{SCOPE}, -1, '', count(*), 0, 0 FROM portal_aanvraagcijfers GROUP BY 2, 3, 4, 5, 6, 7",
    f"INSERT INTO {TELLING} SELECT 'opgeleverd', date_trunc('month', opgeleverd_op AT TIME ZONE %(tz)s)::date, "
    f"{SCOPE}, coalesce(doorlooptijd_dagen, -1), '', count(*), count(binnen_maximum), "
    "count(*) FILTER (WHERE binnen_maximum) FROM portal_aanvraagcijfers WHERE opgeleverd_op IS NOT NULL "
    "GROUP BY 2, 3, 4, 5, 6, 7, 8",
    f"INSERT INTO {TELLING} SELECT 'locaties', date_trunc('month', opgeleverd_op AT TIME ZONE %(tz)s)::date, "
    f"{SCOPE}, -1, '', count(DISTINCT locatie_id), 0, 0 FROM portal_aanvraagcijfers "
    "WHERE opgeleverd_op IS NOT NULL GROUP BY 2, 3, 4, 5, 6, 7",
    f"INSERT INTO {TELLING} SELECT 'afgewezen', date_trunc('month', afgesloten_op AT TIME ZONE %(tz)s)::date, "
    f"{SCOPE}, -1, reden_code, count(*), 0, 0 FROM portal_aanvraagcijfers "
    "WHERE afloop = 'afgewezen' AND afgesloten_op IS NOT NULL GROUP BY 2, 3, 4, 5, 6, 7, 9",
    f"INSERT INTO {TELLING} SELECT 'open', (ingediend_op AT TIME ZONE %(tz)s)::date, "
    f"{SCOPE}, -1, '', count(*), 0, 0 FROM portal_aanvraagcijfers WHERE afloop = 'open' GROUP BY 2, 3, 4, 5, 6, 7",
    f"INSERT INTO {TELLING} SELECT 'maximum', a.maximum_gereed, c.gemeente_id, coalesce(c.provincie_id, 0), "
    "coalesce(c.cpo_id, 0), coalesce(c.netbeheerder_id, 0), c.bron, "
    "CASE WHEN a.verwacht_gereed > a.maximum_gereed THEN 1 ELSE 0 END, a.status, count(*), 0, 0 "
    "FROM portal_aanvraagcijfers c JOIN aanvragen_aanvraag a ON a.id = c.aanvraag_id "
    "WHERE c.afloop = 'open' AND a.maximum_gereed IS NOT NULL GROUP BY 2, 3, 4, 5, 6, 7, 8, 9",
    "DELETE FROM portal_openfase",
    "INSERT INTO portal_openfase (stap, partij, begindag, gemeente_id, provincie_id, cpo_id, netbeheerder_id, "
    f'bron, aantal) SELECT stap, partij, ("begin" AT TIME ZONE %(tz)s)::date, {SCOPE}, count(*) FROM portal_fase '
    "WHERE eind IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8",
]


def bijgehouden() -> bool:
    """Whether the database keeps the counts (PostgreSQL); elsewhere the figures count the rows themselves."""
    return connection.vendor == "postgresql"


def opbouwen() -> int:
    """Rebuild Aanvraagtelling and Openfase from the figures tables; returns the number of rows written."""
    if not bijgehouden():
        return 0
    aantal = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in OPBOUWEN:
            cursor.execute(sql, {"tz": settings.TIME_ZONE})
            if sql.startswith("INSERT"):
                aantal += cursor.rowcount
    return aantal
