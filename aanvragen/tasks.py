from celery import shared_task

from aanvragen import uploads


@shared_task(ignore_result=True)
def ruim_tijdelijke_uploads_op() -> int:
    return uploads.ruim_op()
