"""Celery tasks of the usage data: the scheduled OCPI pull per CPO and the streamed import of an uploaded file.
Registered through plankaart.tasks (Celery's autodiscovery reads that module)."""

from celery import shared_task

from plankaart.services import cdrs, ocpi
from portal.periodiek import vastgelegd


@shared_task(ignore_result=True)
@vastgelegd
def haal_cdrs_op() -> dict:
    """Every active OCPI koppeling: the CDRs since the last pull (a broken-off pull resumes at its page)."""
    uitkomst = ocpi.haal_alles_op()
    return {
        "uploads_hervat": cdrs.hervat_uploads(),
        "koppelingen": len(uitkomst),
        "nieuw": sum(u.get("nieuw", 0) for u in uitkomst.values()),
        "mislukt": sum(1 for u in uitkomst.values() if u.get("fout")),
    }


@shared_task(ignore_result=True)
def importeer_cdrbestand(import_id: int) -> None:
    cdrs.verwerk_upload(import_id)
