"""Celery tasks of the proactive lane: residents' mails (their own outbox, swept by beat) and closing
participation after its term (beat). Imported by plankaart.apps so the worker registers them."""

from celery import shared_task

from portal.periodiek import vastgelegd


@shared_task(ignore_result=True)
def bezorg_inspraakmails(ids: list[int]) -> None:
    from plankaart.services import inspraak

    for pk in ids:
        inspraak.bezorg(pk)


@shared_task(ignore_result=True)
@vastgelegd
def bezorg_openstaande_inspraakmails() -> int:
    from plankaart.services import inspraak

    return inspraak.bezorg_openstaande()


@shared_task(ignore_result=True)
@vastgelegd
def sluit_verlopen_inspraak() -> int:
    from plankaart.services import proactief

    return proactief.sluit_verlopen_inspraak()
