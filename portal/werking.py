"""The operations page for administrators: are the periodic jobs running, is mail going out, where do
cases wait past their term?"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Min
from django.shortcuts import render

from portal import berichten, bewaking, klok
from portal.celery import app as celery_app
from portal.models import Taakrun, Termijnmelding
from portal.toegang import alleen_beheerders

# A job whose next run is this much overdue is reported: beat or the worker is probably not running.
SPELING = dt.timedelta(minutes=10)


@dataclass
class Taakstand:
    naam: str
    taak: str
    schema: str
    laatste: Taakrun | None
    fouten_24u: int
    achter: bool


def _schema(schema) -> str:
    if isinstance(schema, int | float):
        return f"elke {schema:g} s"
    # crontab's repr is "<crontab: */15 * * * * (m/h/dM/MY/d)>": the cron fields are what an admin reads.
    tekst = repr(schema)
    return tekst.removeprefix("<crontab: ").split(" (", 1)[0] if tekst.startswith("<crontab") else tekst


def geinstalleerd_op():
    """When this database was set up (its first migration): a job that never ran is only late once its first
    run since then was due, so a fresh install does not report its daily jobs as behind."""
    from django.db.migrations.recorder import MigrationRecorder

    return MigrationRecorder.Migration.objects.aggregate(eerste=Min("applied"))["eerste"]


def taakstanden() -> list[Taakstand]:
    nu = klok.nu()
    sinds = geinstalleerd_op() or nu
    standen = []
    for naam, regel in sorted(celery_app.conf.beat_schedule.items()):
        runs = Taakrun.objects.filter(taak=regel["task"])
        laatste = runs.first()
        schema = celery_app.conf.beat_schedule[naam]["schedule"]
        vanaf = laatste.begonnen_op if laatste is not None else sinds
        if isinstance(schema, int | float):
            achter = nu - vanaf > dt.timedelta(seconds=schema) + SPELING
        else:
            # celery's estimate is relative to the real clock; the due moment itself is compared with ours.
            verwacht = schema.now() + schema.remaining_estimate(vanaf)
            achter = nu - verwacht > SPELING
        standen.append(
            Taakstand(
                naam=naam,
                taak=regel["task"],
                schema=_schema(schema),
                laatste=laatste,
                fouten_24u=runs.filter(begonnen_op__gte=nu - dt.timedelta(hours=24)).exclude(fout="").count(),
                achter=achter,
            )
        )
    return standen


@alleen_beheerders
def werking(request):
    nu = klok.nu()
    onbezorgd = berichten.onbezorgd()
    return render(
        request,
        "portal/werking.html",
        {
            "taken": taakstanden(),
            "onbezorgd": onbezorgd.aggregate(aantal=Count("pk"), oudste=Min("aangemaakt_op")),
            "mislukte_berichten": onbezorgd.exclude(laatste_fout="").select_related("ontvanger")[:10],
            "achterstand": bewaking.achterstand_per_organisatie(),
            "meldingen_24u": Termijnmelding.objects.filter(verzonden_op__gte=nu - dt.timedelta(hours=24))
            .values("soort")
            .annotate(aantal=Count("pk"))
            .order_by("soort"),
        },
    )
