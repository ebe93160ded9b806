import datetime as dt

from celery import shared_task

from portal import berichten, klok


@shared_task(ignore_result=True)
def bezorg_bericht(bericht_id: int) -> bool:
    return berichten.bezorg(bericht_id)


@shared_task(ignore_result=True)
def bezorg_openstaande_berichten(max_aantal: int = 500) -> int:
    """Retry every e-mail that was not delivered at commit time. Younger than a minute is left to the
    task scheduled on commit, so the two do not race for the same message."""
    grens = klok.nu() - dt.timedelta(minutes=1)
    ids = list(
        berichten.onbezorgd()
        .filter(aangemaakt_op__lt=grens)
        .order_by("aangemaakt_op")
        .values_list("pk", flat=True)[:max_aantal]
    )
    return sum(1 for bericht_id in ids if berichten.bezorg(bericht_id))
