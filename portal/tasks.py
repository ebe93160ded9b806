import datetime as dt

from celery import shared_task

from portal import berichten, bewaking, inlogbeveiliging, klok
from portal.periodiek import vastgelegd


@shared_task(ignore_result=True)
def bezorg_berichten(bericht_ids: list[int]) -> int:
    return sum(1 for bericht_id in bericht_ids if berichten.bezorg(bericht_id))


@shared_task(ignore_result=True)
@vastgelegd
def bezorg_openstaande_berichten(max_aantal: int = 500) -> dict:
    """Retry every e-mail that was not delivered at commit time, each when its pause is over. Younger
    than a minute is left to the task scheduled on commit, so the two do not race for the same message."""
    nu = klok.nu()
    wachtrij = berichten.onbezorgd().filter(aangemaakt_op__lt=nu - dt.timedelta(minutes=1))
    ids = list(
        wachtrij.exclude(volgende_poging_op__gt=nu)
        .order_by("aangemaakt_op")
        .values_list("pk", flat=True)[:max_aantal]
    )
    bezorgd = sum(1 for bericht_id in ids if berichten.bezorg(bericht_id))
    return {"bezorgd": bezorgd, "mislukt": len(ids) - bezorgd}


@shared_task(ignore_result=True)
@vastgelegd
def bewaak_termijnen() -> dict:
    """Reminders before due dates and escalations after them, for every registered case type."""
    return bewaking.bewaak()


@shared_task(ignore_result=True)
@vastgelegd
def stuur_dagoverzichten() -> dict:
    return bewaking.stuur_dagoverzichten()


@shared_task(ignore_result=True)
@vastgelegd
def ruim_accountpogingen_op() -> int:
    """Failed logins and mail requests older than every limit window count for nothing any more."""
    return inlogbeveiliging.ruim_op()


@shared_task(ignore_result=True)
@vastgelegd
def pas_bewaartermijnen_toe() -> dict:
    """Daily: closed cases past their retention period lose the person (portal.privacy.BEWAARREGELS)."""
    from portal import privacy

    return privacy.pas_bewaartermijnen_toe()


# The figures have their own tasks module; imported here so the worker registers them.
from portal.kengetallen.taken_exports import uitrolplanningen_versturen  # noqa: E402, F401
from portal.kengetallen.tasks import duurmodel_bijwerken, fasen_herstellen  # noqa: E402, F401
