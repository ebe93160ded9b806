from celery import shared_task
from django.conf import settings

from aanvragen import rdw, services, uploads
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


@shared_task(
    ignore_result=True,
    autoretry_for=(rdw.NietBereikt,),
    retry_backoff=120,
    retry_backoff_max=6 * 3600,
    retry_jitter=True,
    max_retries=settings.RDW_POGINGEN,
)
def controleer_rdw(aanvraag_id: int) -> None:
    """A request accepted while the RDW did not answer: ask again, with growing pauses, until it answers (the
    CPO hears the outcome) or the attempts are used up (the CPO is told to judge the proof itself)."""
    services.controleer_kenteken_opnieuw(aanvraag_id)


@shared_task(ignore_result=True)
@vastgelegd
def controleer_rdw_opnieuw() -> dict:
    """Hourly: what a lost or exhausted task left marked "RDW niet bereikt"."""
    return services.controleer_kentekens_opnieuw()

from aanvragen.taken_signalen import veeg_signalen  # noqa: E402, F401
