"""`python manage.py demo`: the living demo world (DESIGN.md section 6), built by portal.demo."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from aanvragen import services as aanvraagservices
from netaansluiting.tasks import bundel_aansluitingen
from portal.demo import ACCOUNTS, WACHTWOORD, Wereld
from portal.kengetallen.tasks import duurmodel_bijwerken, fasen_herstellen
from portal.models import Bericht, Gebruiker
from portal.tasks import bewaak_termijnen
from verkeersbesluiten.tasks import maak_verkeersbesluiten_definitief


class Command(BaseCommand):
    help = "Laad de demowereld en toon de demo-accounts (alleen met DEBUG=True)."

    def handle(self, *args, **opts):
        if not settings.DEBUG:
            raise CommandError(
                "De demo draait alleen met DEBUG=True: hij maakt accounts met een bekend wachtwoord."
            )
        if Gebruiker.objects.filter(email="erijder@demo.nl").exists():
            self.stdout.write("De demowereld staat er al.")
        else:
            with transaction.atomic():
                Wereld(self.stdout).bouw()
                # What beat would have done by now: definitive decisions, reminders, escalations, then the
                # night's figures in its order (phases, the duration model from them, projections), so the
                # dashboard and the expected dates use the demo's own history at once. Every open request is
                # projected again: their dates were made while the history, and so the model, was being built.
                maak_verkeersbesluiten_definitief()
                bundel_aansluitingen()
                bewaak_termijnen()
                fasen_herstellen()
                duurmodel_bijwerken()
                aanvraagservices.werk_prognoses_bij(alle=True)
            # Demo mail would flood the console at the worker's first start; the inbox keeps it all.
            Bericht.objects.filter(email_verzonden_op__isnull=True).update(email_verzonden_op=timezone.now())
            self.stdout.write(self.style.SUCCESS("Demowereld geladen."))
        self.stdout.write(f"\nDemo-accounts (wachtwoord voor allemaal: {WACHTWOORD}):")
        for email, wie in ACCOUNTS:
            self.stdout.write(f"  {email:<28} {wie}")
