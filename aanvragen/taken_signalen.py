"""The daily signal sweep (aanvragen.signalen.veeg). Registered through aanvragen.tasks."""

from celery import shared_task

from aanvragen import signalen
from portal.periodiek import vastgelegd


@shared_task(ignore_result=True)
@vastgelegd
def veeg_signalen() -> dict:
    return signalen.veeg()
