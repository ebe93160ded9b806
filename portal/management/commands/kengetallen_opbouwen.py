from django.core.management.base import BaseCommand

from portal.kengetallen import duurmodel, opbouwen


class Command(BaseCommand):
    help = (
        "Fill the figures tables (phases per request, figures per request) from the history for requests that "
        "have none yet, then rebuild the duration model."
    )

    def add_arguments(self, parser):
        parser.add_argument("--opnieuw", action="store_true", help="Empty both tables first and rebuild all.")

    def handle(self, opnieuw=False, **opts):
        uitkomst = opbouwen.opbouwen(opnieuw=opnieuw)
        rijen = duurmodel.bijwerken()
        self.stdout.write(
            f"{uitkomst['aanvragen']} aanvragen, {uitkomst['fasen']} fasen uit de historie; "
            f"duurmodel: {rijen} rijen."
        )
