from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from portal.models import Gebruiker


class Command(BaseCommand):
    help = "Print the API token of a user (created on first use): Authorization: Token <key>."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--vernieuw", action="store_true", help="Replace the existing token.")

    def handle(self, email, vernieuw=False, **opts):
        try:
            gebruiker = Gebruiker.objects.get(email__iexact=email)
        except Gebruiker.DoesNotExist as fout:
            raise CommandError(f"Geen gebruiker met e-mailadres {email}") from fout
        if vernieuw:
            Token.objects.filter(user=gebruiker).delete()
        token, _ = Token.objects.get_or_create(user=gebruiker)
        self.stdout.write(token.key)
