import datetime as dt

from celery import shared_task
from django.conf import settings

from plankaart import services
from plankaart.models import Plankaartimport
from portal import klok
from portal.periodiek import vastgelegd


@shared_task(ignore_result=True)
def controleer_import(import_id: int) -> None:
    services.controleer_import(import_id)


@shared_task(ignore_result=True)
def pas_import_toe(import_id: int) -> None:
    services.pas_import_toe(import_id)


@shared_task(ignore_result=True)
@vastgelegd
def hervat_imports() -> dict:
    """Imports whose task never ran (the broker was down when they were queued) are queued again. Both steps
    are safe to run twice: the check only writes its report, the apply step locks the import row.

    An import whose step already started PLANKAART_IMPORT_MAX_POGINGEN times without ending (its file kills
    the worker) is failed instead of queued: the sweep never loops on one file."""
    grens = klok.nu() - dt.timedelta(minutes=5)
    wachtend = Plankaartimport.objects.filter(aangemaakt_op__lt=grens)
    maximum = settings.PLANKAART_IMPORT_MAX_POGINGEN
    uitkomst = {"controleren": 0, "toepassen": 0, "opgegeven": 0}
    for status, taak in (
        (Plankaartimport.Status.CONTROLEREN, "controleer_import"),
        (Plankaartimport.Status.TOEPASSEN, "pas_import_toe"),
    ):
        for import_id, pogingen in wachtend.filter(status=status).values_list("pk", "pogingen"):
            if pogingen >= maximum:
                uitkomst["opgegeven"] += services.geef_op(import_id, status)
            else:
                services.plan_importtaak(taak, import_id)
                uitkomst[status] += 1
    return uitkomst


from plankaart.taken_verbruik import haal_cdrs_op, importeer_cdrbestand  # noqa: E402, F401


@shared_task(ignore_result=True)
@vastgelegd
def bouw_kaartoverzichten() -> int:
    """The public map's national view, precomputed per zoom level when a location changed (plankaart.kaart)."""
    from plankaart import kaart

    return kaart.bouw_overzichten()
