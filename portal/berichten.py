"""Messages to people: a row first (inbox and outbox), then e-mail delivery after commit."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from portal import klok
from portal.models import Bericht, Gebruiker

log = logging.getLogger(__name__)


def verstuur(
    ontvanger: Gebruiker, onderwerp: str, tekst: str, *, link: str = "", per_email: bool = True
) -> Bericht:
    """Put a message in someone's inbox; its e-mail goes out once the surrounding transaction commits."""
    bericht = Bericht.objects.create(
        ontvanger=ontvanger,
        onderwerp=onderwerp,
        tekst=tekst,
        link=link,
        per_email=per_email,
        aangemaakt_op=klok.nu(),
    )
    if per_email:
        transaction.on_commit(lambda: plan_bezorging(bericht.pk))
    return bericht


def verstuur_aan_organisatie(
    organisatie, onderwerp: str, tekst: str, *, link: str = "", per_email: bool = False
):
    for medewerker in Gebruiker.objects.filter(organisatie=organisatie, is_active=True):
        verstuur(medewerker, onderwerp, tekst, link=link, per_email=per_email)


def plan_bezorging(bericht_id: int) -> None:
    """Hand delivery to a worker. A broker that is down is no failure: the outbox sweep sends it later."""
    from portal.tasks import bezorg_bericht

    try:
        bezorg_bericht.delay(bericht_id)
    except Exception:  # noqa: BLE001 - any broker error; the row stays undelivered and is retried
        log.warning(
            "Broker onbereikbaar; bericht %s wordt later bezorgd door de herhaalronde.",
            bericht_id,
            exc_info=True,
        )


def bezorg(bericht_id: int) -> bool:
    """Send one message's e-mail, at most once. Returns whether it was sent now."""
    with transaction.atomic():
        bericht = (
            Bericht.objects.select_for_update(skip_locked=True)
            .select_related("ontvanger")
            .filter(pk=bericht_id, per_email=True, email_verzonden_op__isnull=True)
            .first()
        )
        if bericht is None:
            return False  # already sent, or another worker is sending it right now
        bericht.pogingen += 1
        try:
            send_mail(
                subject=bericht.onderwerp,
                message=_email_tekst(bericht),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[bericht.ontvanger.email],
            )
        except Exception as fout:  # noqa: BLE001 - record every delivery failure, retry later
            bericht.laatste_fout = f"{type(fout).__name__}: {fout}"[:2000]
            bericht.save(update_fields=["pogingen", "laatste_fout"])
            log.warning("E-mail voor bericht %s mislukt (poging %s): %s", bericht.pk, bericht.pogingen, fout)
            return False
        bericht.email_verzonden_op = klok.nu()
        bericht.laatste_fout = ""
        bericht.save(update_fields=["pogingen", "laatste_fout", "email_verzonden_op"])
        return True


def onbezorgd():
    return Bericht.objects.filter(per_email=True, email_verzonden_op__isnull=True)


def _email_tekst(bericht: Bericht) -> str:
    delen = [f"Beste {bericht.ontvanger.get_full_name() or bericht.ontvanger.email},", "", bericht.tekst]
    if bericht.link:
        delen += ["", f"Bekijk het in het Laadpaalportaal: {settings.SITE_URL}{bericht.link}"]
    delen += ["", "Met vriendelijke groet,", "Laadpaalportaal"]
    return "\n".join(delen)
