from celery import shared_task

from netaansluiting import services
from portal.periodiek import vastgelegd


@shared_task(ignore_result=True)
@vastgelegd
def bundel_aansluitingen() -> dict:
    """Waiting grid connections into batches of at most 80; full ones, the E-rijder lane and batches whose
    wait is over go to the netbeheerder. Queued on commit when a connection is requested, and swept by beat."""
    return services.bundel()
