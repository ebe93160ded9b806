import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def namen_op_de_rij(apps, schema_editor):
    """Copy the actor's and organisation's names onto the existing rows, while they can still be written."""
    StatusWijziging = apps.get_model("portal", "StatusWijziging")
    Gebruiker = apps.get_model("portal", "Gebruiker")
    Organisatie = apps.get_model("portal", "Organisatie")
    gebruikers = {g.pk: g.naam or g.email for g in Gebruiker.objects.only("pk", "naam", "email")}
    organisaties = dict(Organisatie.objects.values_list("pk", "naam"))
    rijen = []
    for rij in StatusWijziging.objects.filter(
        models.Q(door__isnull=False) | models.Q(organisatie__isnull=False)
    ).only("pk", "door_id", "organisatie_id").iterator(chunk_size=2000):
        rij.door_naam = gebruikers.get(rij.door_id, "")
        rij.organisatie_naam = organisaties.get(rij.organisatie_id, "")
        rijen.append(rij)
        if len(rijen) >= 2000:
            StatusWijziging.objects.bulk_update(rijen, ["door_naam", "organisatie_naam"])
            rijen = []
    StatusWijziging.objects.bulk_update(rijen, ["door_naam", "organisatie_naam"])


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0006_koppeling_en_realisatiestappen"),
    ]

    operations = [
        migrations.AddField(
            model_name="statuswijziging",
            name="door_naam",
            field=models.CharField(blank=True, max_length=200, verbose_name="naam van wie het deed"),
        ),
        migrations.AddField(
            model_name="statuswijziging",
            name="organisatie_naam",
            field=models.CharField(blank=True, max_length=200, verbose_name="naam van de organisatie"),
        ),
        migrations.RunPython(namen_op_de_rij, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="statuswijziging",
            name="door",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="door",
            ),
        ),
        migrations.AlterField(
            model_name="statuswijziging",
            name="organisatie",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="portal.organisatie",
                verbose_name="organisatie",
            ),
        ),
        # The triggers themselves are installed after every migrate (portal.historiebewaking).
    ]
