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


def taakstanden() -> list[Taakstand]:
    nu = klok.nu()
    standen = []
    for naam, regel in sorted(celery_app.conf.beat_schedule.items()):
        runs = Taakrun.objects.filter(taak=regel["task"])
        laatste = runs.first()
        schema = celery_app.conf.beat_schedule[naam]["schedule"]
        if isinstance(schema, int | float):
            schema_obj = dt.timedelta(seconds=schema)
            achter = laatste is None or nu - laatste.begonnen_op > schema_obj + SPELING
        else:
            achter = laatste is None or schema.remaining_estimate(laatste.begonnen_op) < -SPELING
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
