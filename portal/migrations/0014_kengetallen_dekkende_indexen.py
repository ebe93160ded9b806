"""Covering indexes for the figures on PostgreSQL: a provincie's and the whole region's KPIs read only the index
(index-only scans), not the rows. SQLite has no INCLUDE; there the ordinary indexes of 0011 serve."""

from django.db import migrations

INDEXEN = [
    # One step over a period (netchecks and their refusals) without reading every phase of the period.
    (
        "fase_stap_eind_dekt",
        "portal_fase",
        "stap, eind",
        "afsluiting, provincie_id, gemeente_id, cpo_id, netbeheerder_id, bron",
        "",
    ),
    # name, table, key, included columns, condition
    (
        "fase_prov_eind_dekt",
        "portal_fase",
        "provincie_id, eind",
        "stap, partij, dagen, binnen_termijn, gemeente_id, bron",
        "",
    ),
    ("fase_eind_dekt", "portal_fase", "eind", "stap, partij, dagen, binnen_termijn, gemeente_id, bron", ""),
    (
        "fase_open_dekt",
        "portal_fase",
        "provincie_id, begin",
        "stap, partij, gemeente_id, bron",
        "WHERE eind IS NULL",
    ),
    (
        "cijfers_prov_opgeleverd_dekt",
        "portal_aanvraagcijfers",
        "provincie_id, opgeleverd_op",
        "doorlooptijd_dagen, binnen_maximum, locatie_id, gemeente_id, bron",
        "",
    ),
    (
        "cijfers_opgeleverd_dekt",
        "portal_aanvraagcijfers",
        "opgeleverd_op",
        "doorlooptijd_dagen, binnen_maximum, locatie_id, gemeente_id, bron",
        "",
    ),
    (
        "cijfers_prov_ingediend_dekt",
        "portal_aanvraagcijfers",
        "provincie_id, ingediend_op",
        "gemeente_id, bron, afloop",
        "",
    ),
    ("cijfers_ingediend_dekt", "portal_aanvraagcijfers", "ingediend_op", "gemeente_id, bron, afloop", ""),
]


def maak(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for naam, tabel, sleutel, extra, voorwaarde in INDEXEN:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {naam} ON {tabel} ({sleutel}) INCLUDE ({extra}) {voorwaarde}"
        )


def verwijder(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for naam, *_ in INDEXEN:
        schema_editor.execute(f"DROP INDEX IF EXISTS {naam}")


class Migration(migrations.Migration):
    dependencies = [("portal", "0013_logo_van_de_organisatie")]

    operations = [migrations.RunPython(maak, verwijder)]
