"""`python manage.py importeer_ocpi_locaties FILE --cpo <id or name> [--toepassen]`: a CPO's OCPI 2.2.1
Locations (a JSON list of Location objects or an OCPI envelope). Without --toepassen only the verdicts."""

import json

from django.core.management.base import BaseCommand, CommandError

from plankaart.services import ocpi
from portal.models import Organisatie


class Command(BaseCommand):
    help = "Leest OCPI 2.2.1 Locations (bestaande laadpunten met hun EVSE's) in; eerst droog, met --toepassen echt."

    def add_arguments(self, parser):
        parser.add_argument("bestand")
        parser.add_argument("--cpo", required=True, help="Id of naam van de laadpaalexploitant.")
        parser.add_argument(
            "--toepassen", action="store_true", help="Pas de oordelen toe (anders alleen droog)."
        )

    def handle(self, bestand, cpo, toepassen, **opties):
        cpos = Organisatie.objects.filter(soort=Organisatie.Soort.CPO)
        gevonden = cpos.filter(pk=int(cpo)).first() if cpo.isdigit() else cpos.filter(naam=cpo).first()
        if gevonden is None:
            raise CommandError(f"Geen laadpaalexploitant met id of naam {cpo!r}.")
        try:
            with open(bestand, encoding="utf-8-sig") as f:
                inhoud = json.load(f)
        except (OSError, ValueError) as fout:
            raise CommandError(f"{bestand}: {fout}") from fout
        objecten = inhoud.get("data", []) if isinstance(inhoud, dict) else inhoud
        if not isinstance(objecten, list):
            raise CommandError("Het bestand bevat geen lijst van Location-objecten.")
        rapport = ocpi.importeer_locaties(gevonden, objecten, None, toepassen=toepassen)
        for o in rapport.oordelen:
            self.stdout.write(
                f"{o.ocpi_id or '-'}: {o.oordeel}{f' ({o.reden})' if o.reden else ''}, {o.evses} EVSE's"
            )
        aantallen = ", ".join(f"{n} {soort}" for soort, n in sorted(rapport.aantallen().items()))
        self.stdout.write(f"{'Toegepast' if toepassen else 'Droog (niets gewijzigd)'}: {aantallen}")
