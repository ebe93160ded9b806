import datetime as dt

from celery import shared_task

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
    are safe to run twice: the check only writes its report, the apply step locks the import row."""
    grens = klok.nu() - dt.timedelta(minutes=5)
    wachtend = Plankaartimport.objects.filter(aangemaakt_op__lt=grens)
    controleren = list(
        wachtend.filter(status=Plankaartimport.Status.CONTROLEREN).values_list("pk", flat=True)
    )
    toepassen = list(wachtend.filter(status=Plankaartimport.Status.TOEPASSEN).values_list("pk", flat=True))
    for import_id in controleren:
        services.plan_importtaak("controleer_import", import_id)
    for import_id in toepassen:
        services.plan_importtaak("pas_import_toe", import_id)
    return {"controleren": len(controleren), "toepassen": len(toepassen)}
