"""Scheduled work of the figures (registered through portal.tasks, scheduled in portal.celery)."""

from celery import shared_task

from portal.kengetallen import duurmodel, fasen
from portal.periodiek import vastgelegd


@shared_task(ignore_result=True)
@vastgelegd
def duurmodel_bijwerken() -> int:
    """Condense the closed phases into the duration model, before the nightly projections read it."""
    return duurmodel.bijwerken()


@shared_task(ignore_result=True)
@vastgelegd
def fasen_herstellen() -> int:
    """Safety net for writes that bypass a transition (a bulk update): sync every open request once a night."""
    return fasen.herstel_open_aanvragen()
