"""Messages to people: a row first (inbox and outbox), then e-mail delivery after commit.

The row exists before any delivery is tried, so nothing is lost when the broker or the mail server is
down: the retry sweep (portal.tasks.bezorg_openstaande_berichten) sends what is still undelivered, with
a growing pause between attempts so a mail server that is down is not hammered.
"""

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from portal import klok, taken
from portal.models import Bericht, Gebruiker

log = logging.getLogger(__name__)

# Delivery tasks carry at most this many messages, so a sweep that writes thousands sends few tasks.
PER_TAAK = 200
MAX_WACHT_MINUTEN = 60


def verstuur(
    ontvanger: Gebruiker, onderwerp: str, tekst: str, *, link: str = "", per_email: bool = True
) -> Bericht:
    """Put a message in someone's inbox; its e-mail goes out once the surrounding transaction commits."""
    (bericht,) = verstuur_bulk(
        [Bericht(ontvanger=ontvanger, onderwerp=onderwerp, tekst=tekst, link=link, per_email=per_email)]
    )
    return bericht


def verstuur_bulk(nieuw: list[Bericht]) -> list[Bericht]:
    """Store many messages in one statement; their e-mails go out after commit in a few tasks."""
    nu = klok.nu()
    for bericht in nieuw:
        bericht.aangemaakt_op = nu
        bericht.onderwerp = bericht.onderwerp[:200]
    opgeslagen = Bericht.objects.bulk_create(nieuw)
    te_mailen = [b.pk for b in opgeslagen if b.per_email]
    if te_mailen:
        transaction.on_commit(lambda: plan_bezorging(te_mailen))
    return opgeslagen


def verstuur_aan_organisatie(
    organisatie, onderwerp: str, tekst: str, *, link: str = "", per_email: bool = False
):
    verstuur_bulk(aan_organisatie(organisatie, onderwerp, tekst, link=link, per_email=per_email))


def aan_organisatie(
    organisatie, onderwerp: str, tekst: str, *, link: str = "", per_email: bool = False
) -> list[Bericht]:
    """The same message for each of an organisation's staff, not yet stored (verstuur_bulk stores them)."""
    return [
        Bericht(ontvanger=medewerker, onderwerp=onderwerp, tekst=tekst, link=link, per_email=per_email)
        for medewerker in Gebruiker.objects.ontvangers().filter(organisatie=organisatie)
    ]


def markeer_gelezen(gebruiker, bericht_ids: Iterable[int] | None = None) -> int:
    """Mark messages of the user's own inbox read (the chosen ones, or all with None); returns how many were
    unread. The one place a message's read state is written."""
    from portal.selectors import inbox

    ongelezen = inbox(gebruiker).filter(gelezen_op__isnull=True)
    if bericht_ids is not None:
        ongelezen = ongelezen.filter(pk__in=list(bericht_ids))
    return ongelezen.update(gelezen_op=klok.nu())


def alleen_coordinatoren(medewerkers: list[Gebruiker]) -> list[Gebruiker]:
    """Who of an organisation's staff gets escalations: its coordinators, or everyone if it named none."""
    return [m for m in medewerkers if m.rol == Gebruiker.Rol.COORDINATOR] or medewerkers


def coordinatoren(organisatie) -> list[Gebruiker]:
    return alleen_coordinatoren(
        list(Gebruiker.objects.ontvangers().filter(organisatie=organisatie).order_by("pk"))
    )


def plan_bezorging(bericht_ids: Iterable[int]) -> None:
    """Hand delivery to a worker. A broker that is down is no failure: the outbox sweep sends it later."""
    from portal.tasks import bezorg_berichten

    ids = list(bericht_ids)
    for begin in range(0, len(ids), PER_TAAK):
        # The rest would fail the same way; the rows stay undelivered and the outbox sweep sends them.
        if not taken.publiceer(bezorg_berichten, ids[begin : begin + PER_TAAK]):
            return


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
            bericht.volgende_poging_op = klok.nu() + wachttijd(bericht.pogingen)
            bericht.save(update_fields=["pogingen", "laatste_fout", "volgende_poging_op"])
            log.warning("E-mail voor bericht %s mislukt (poging %s): %s", bericht.pk, bericht.pogingen, fout)
            return False
        bericht.email_verzonden_op = klok.nu()
        bericht.laatste_fout = ""
        bericht.volgende_poging_op = None
        bericht.save(update_fields=["pogingen", "laatste_fout", "email_verzonden_op", "volgende_poging_op"])
        return True


def wachttijd(pogingen: int) -> dt.timedelta:
    """1, 2, 4, … minutes after each failed attempt, at most an hour."""
    return dt.timedelta(minutes=min(2 ** max(pogingen - 1, 0), MAX_WACHT_MINUTEN))


def onbezorgd():
    return Bericht.objects.filter(per_email=True, email_verzonden_op__isnull=True)


def _email_tekst(bericht: Bericht) -> str:
    delen = [f"Beste {bericht.ontvanger.get_full_name() or bericht.ontvanger.email},", "", bericht.tekst]
    if bericht.link:
        delen += ["", f"Bekijk het in het Laadpaalportaal: {settings.SITE_URL}{bericht.link}"]
    delen += ["", "Met vriendelijke groet,", "Laadpaalportaal"]
    return "\n".join(delen)
