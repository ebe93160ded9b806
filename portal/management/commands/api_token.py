from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from portal import accounts
from portal.models import Gebruiker, Organisatie


class Command(BaseCommand):
    help = (
        "Print an API token (Authorization: Token <key>), created on first use: of a user, or with --organisatie "
        "of an organisation's system link (a grid operator's own system), which acts for that organisation."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", nargs="?", help="E-mail address of a user.")
        parser.add_argument(
            "--organisatie", help="Name (or id) of the organisation whose system link gets the token."
        )
        parser.add_argument("--vernieuw", action="store_true", help="Replace the existing token.")

    def handle(self, email=None, organisatie=None, vernieuw=False, **opts):
        if bool(email) == bool(organisatie):
            raise CommandError("Geef een e-mailadres of --organisatie, niet allebei.")
        if organisatie:
            gebruiker = accounts.koppeling_van(self._organisatie(organisatie))
        else:
            try:
                gebruiker = Gebruiker.objects.get(email__iexact=email)
            except Gebruiker.DoesNotExist as fout:
                raise CommandError(f"Geen gebruiker met e-mailadres {email}") from fout
        if vernieuw:
            Token.objects.filter(user=gebruiker).delete()
        token, _ = Token.objects.get_or_create(user=gebruiker)
        self.stdout.write(token.key)

    def _organisatie(self, naam_of_id: str) -> Organisatie:
        gevonden = Organisatie.objects.filter(naam__iexact=naam_of_id)
        if naam_of_id.isdigit():
            gevonden = gevonden | Organisatie.objects.filter(pk=int(naam_of_id))
        if gevonden.count() != 1:
            raise CommandError(f"Geen (eenduidige) organisatie '{naam_of_id}'.")
        return gevonden.get()
