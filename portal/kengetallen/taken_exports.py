"""Each quarter every netbeheerder's staff get their roll-out plan (seed 002), as a message with a link.

Registered through portal.tasks, scheduled in portal.celery. A quarter's plan is sent once: a netbeheerder whose
staff already got this quarter's message is skipped, so a rerun (or a beat that fires twice) sends nothing new.
"""

from celery import shared_task
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from portal import berichten, klok
from portal.kengetallen.exports import HORIZON_KWARTALEN, Kwartaal
from portal.models import Bericht, Gebruiker, Organisatie
from portal.periodiek import vastgelegd


def onderwerp(kwartaal: Kwartaal) -> str:
    return _("Uitrolplanning %(kwartaal)s") % {"kwartaal": kwartaal}


def stuur_uitrolplanningen(vandaag=None) -> int:
    """Send this quarter's roll-out plan to every netbeheerder's staff; returns the number of netbeheerders."""
    kwartaal = Kwartaal.van(vandaag or klok.vandaag())
    laatste = kwartaal.volgende(HORIZON_KWARTALEN - 1)
    verstuurd = 0
    for netbeheerder in Organisatie.objects.filter(soort=Organisatie.Soort.NETBEHEERDER).order_by("pk"):
        ontvangers = list(Gebruiker.objects.ontvangers().filter(organisatie=netbeheerder))
        if not ontvangers:
            continue
        with transaction.atomic():
            if Bericht.objects.filter(ontvanger__in=ontvangers, onderwerp=onderwerp(kwartaal)).exists():
                continue
            link = reverse("api:export-uitrolplanning") + f"?netbeheerder={netbeheerder.pk}&formaat=xlsx"
            tekst = _(
                "De uitrolplanning van %(netbeheerder)s voor %(eerste)s tot en met %(laatste)s staat klaar: "
                "alle geplande laadlocaties in uw gebied met adres, coördinaten, gevraagde capaciteit en het "
                "verwachte kwartaal van aansluiting. U downloadt hem als Excel via de link hieronder, of als "
                "CSV op de pagina Kengetallen."
            ) % {"netbeheerder": netbeheerder.naam, "eerste": kwartaal, "laatste": laatste}
            berichten.verstuur_bulk(
                [
                    Bericht(
                        ontvanger=o, onderwerp=onderwerp(kwartaal), tekst=tekst, link=link, per_email=True
                    )
                    for o in ontvangers
                ]
            )
        verstuurd += 1
    return verstuurd


@shared_task(ignore_result=True)
@vastgelegd
def uitrolplanningen_versturen() -> int:
    return stuur_uitrolplanningen()
