from celery import shared_task

from aanvragen import services, uploads
from portal.periodiek import vastgelegd


@shared_task(ignore_result=True)
@vastgelegd
def ruim_tijdelijke_uploads_op() -> int:
    return uploads.ruim_op()


@shared_task(ignore_result=True)
@vastgelegd
def werk_prognoses_bij() -> dict:
    """Overdue requests slide a day each day: project them again and warn when one passes the cap."""
    return services.werk_prognoses_bij()


@shared_task(ignore_result=True)
@vastgelegd
def ruim_nabijheidsvragen_op() -> int:
    """The nearby checks count only within their 24-hour window; older rows say nothing any more."""
    return services.ruim_nabijheidsvragen_op()
