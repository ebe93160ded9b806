from celery import shared_task

from portal.periodiek import vastgelegd
from verkeersbesluiten import services


@shared_task(ignore_result=True)
@vastgelegd
def maak_verkeersbesluiten_definitief() -> dict:
    """Decisions whose objection term has passed without an open objection become definitive by themselves,
    and the CPO hears of it at once; no person has to act (DESIGN.md 3.3)."""
    return services.maak_definitief_wat_klaar_is()
