"""Requests already running get the new term columns: who is at turn (the concessie's CPO), since when,
and an escalation the day after the due date. No reminder: the stored due dates predate them."""

import datetime as dt

from django.db import migrations


def vul_aan(apps, schema_editor):
    Aanvraag = apps.get_model("aanvragen", "Aanvraag")
    Concessie = apps.get_model("portal", "Concessie")
    for aanvraag in Aanvraag.objects.exclude(termijn_stap="").filter(termijn_uiterlijk__isnull=False):
        concessie = Concessie.objects.filter(gemeenten=aanvraag.gemeente_id).order_by("-ingang").first()
        aanvraag.termijn_organisatie_id = concessie.cpo_id if concessie else None
        aanvraag.termijn_begonnen_op = aanvraag.ingediend_op
        aanvraag.termijn_escaleren_op = aanvraag.termijn_uiterlijk + dt.timedelta(days=1)
        aanvraag.maximum_gereed = aanvraag.ingediend_op.date() + dt.timedelta(weeks=16)
        aanvraag.save(
            update_fields=[
                "termijn_organisatie",
                "termijn_begonnen_op",
                "termijn_escaleren_op",
                "maximum_gereed",
            ]
        )


class Migration(migrations.Migration):
    dependencies = [("aanvragen", "0002_termijnbewaking"), ("portal", "0002_termijnen")]
    operations = [migrations.RunPython(vul_aan, migrations.RunPython.noop)]
