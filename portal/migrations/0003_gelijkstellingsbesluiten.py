"""Preload the days equated with holidays by Royal Decree (Algemene termijnenwet art. 3 lid 3) that
DESIGN.md 3.2 lists. Administrators add later years in the admin."""

import datetime as dt

from django.db import migrations

BESLUITEN = {
    2024: [(dt.date(2024, 5, 10), "vrijdag na Hemelvaartsdag"), (dt.date(2024, 12, 27), "vrijdag na Tweede Kerstdag")],
    2025: [(dt.date(2025, 5, 30), "vrijdag na Hemelvaartsdag")],
    2026: [(dt.date(2026, 1, 2), "vrijdag na Nieuwjaarsdag"), (dt.date(2026, 5, 15), "vrijdag na Hemelvaartsdag")],
    2027: [(dt.date(2027, 5, 7), "vrijdag na Hemelvaartsdag")],
    2028: [(dt.date(2028, 4, 28), "vrijdag na Koningsdag"), (dt.date(2028, 5, 26), "vrijdag na Hemelvaartsdag")],
}


def laad(apps, schema_editor):
    Besluit = apps.get_model("portal", "Gelijkstellingsbesluit")
    Dag = apps.get_model("portal", "GelijkgesteldeDag")
    for jaar, dagen in BESLUITEN.items():
        besluit, _ = Besluit.objects.get_or_create(
            jaar=jaar, defaults={"vindplaats": "Besluit op grond van art. 3 lid 3 Algemene termijnenwet"}
        )
        for datum, omschrijving in dagen:
            Dag.objects.get_or_create(datum=datum, defaults={"besluit": besluit, "omschrijving": omschrijving})


def verwijder(apps, schema_editor):
    apps.get_model("portal", "Gelijkstellingsbesluit").objects.filter(jaar__in=BESLUITEN).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_termijnen")]
    operations = [migrations.RunPython(laad, verwijder)]
