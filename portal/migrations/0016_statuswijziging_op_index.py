"""The admin's history list reads newest first along `op`; ten million rows in production. On PostgreSQL the
index is built CONCURRENTLY, so writing history (every transition) is not blocked while it builds."""

from django.db import migrations, models

INDEX = models.Index(fields=["op", "id"], name="statuswijziging_op_idx")


def maak(apps, schema_editor):
    model = apps.get_model("portal", "StatusWijziging")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS statuswijziging_op_idx ON portal_statuswijziging (op, id)"
        )
    else:
        schema_editor.add_index(model, INDEX)


def verwijder(apps, schema_editor):
    model = apps.get_model("portal", "StatusWijziging")
    schema_editor.remove_index(model, INDEX)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("portal", "0015_fasemaand"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="statuswijziging", index=INDEX)],
            database_operations=[migrations.RunPython(maak, verwijder)],
        ),
    ]
