"""`python manage.py importeer_cdrs FILE --cpo <id or name>`: OCPI 2.2.1 CDRs from a JSON or CSV file."""

import time

from django.core.management.base import BaseCommand, CommandError

from plankaart.services import cdrs
from portal.models import Organisatie


class Command(BaseCommand):
    help = "Leest laadsessies (OCPI 2.2.1 CDR's) uit een JSON- of CSV-bestand in, idempotent op het CDR-id."

    def add_arguments(self, parser):
        parser.add_argument("bestand")
        parser.add_argument("--cpo", required=True, help="Id of naam van de laadpaalexploitant.")

    def handle(self, bestand, cpo, **opties):
        cpos = Organisatie.objects.filter(soort=Organisatie.Soort.CPO)
        gevonden = cpos.filter(pk=int(cpo)).first() if cpo.isdigit() else cpos.filter(naam=cpo).first()
        if gevonden is None:
            raise CommandError(f"Geen laadpaalexploitant met id of naam {cpo!r}.")
        start = time.monotonic()

        def voortgang(rapport):
            self.stderr.write(f"\r{rapport.ontvangen} gelezen, {rapport.nieuw} nieuw", ending="")

        try:
            rapport = cdrs.importeer_bestand(gevonden, bestand, voortgang=voortgang)
        except (OSError, cdrs.Ongeldig) as fout:
            raise CommandError(str(fout)) from fout
        self.stderr.write("")
        self.stdout.write(
            f"{rapport.ontvangen} gelezen: {rapport.nieuw} nieuw, {rapport.dubbel} dubbel (overgeslagen), "
            f"{rapport.creditering} creditering, {rapport.geannuleerd} gecrediteerd, "
            f"{rapport.zonder_laadpunt} zonder laadpunt, {rapport.aantal_fouten} fout "
            f"in {time.monotonic() - start:.1f} s"
        )
        for fout in rapport.fouten:
            self.stdout.write(f"  regel {fout['regel']} ({fout['id'] or '-'}): {fout['fout']}")
