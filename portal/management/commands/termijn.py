"""Term arithmetic from the command line (DESIGN.md section 6). The date goes to stdout as YYYY-MM-DD,
alone on its line, so scripts can use it; explanations and warnings go to stderr."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from portal import termijnen


def _datum(tekst: str) -> dt.date:
    try:
        return dt.date.fromisoformat(tekst)
    except ValueError as fout:
        raise CommandError(
            f"Ongeldige datum “{tekst}”: gebruik JJJJ-MM-DD, bijvoorbeeld 2026-06-05."
        ) from fout


class Command(BaseCommand):
    help = "Bereken termijnen: het einde van de bezwaartermijn of een aantal werkdagen na een datum."

    def add_arguments(self, parser):
        soorten = parser.add_subparsers(dest="soort", required=True, metavar="{bezwaar,werkdagen}")
        bezwaar = soorten.add_parser(
            "bezwaar", help="Laatste dag van de bezwaartermijn (Awb 6:7, 6:8; Algemene termijnenwet)."
        )
        bezwaar.add_argument("--bekendmaking", required=True, help="Datum van bekendmaking, JJJJ-MM-DD.")
        werkdagen = soorten.add_parser("werkdagen", help="De N-de werkdag na een datum (die zelf niet telt).")
        werkdagen.add_argument("--vanaf", required=True, help="Begindatum, JJJJ-MM-DD.")
        werkdagen.add_argument(
            "--aantal", required=True, type=int, help="Aantal werkdagen (negatief: ervoor)."
        )
        for sub in (bezwaar, werkdagen):
            sub.add_argument("--uitleg", action="store_true", help="Toon op stderr hoe de datum is berekend.")

    def handle(self, *args, soort, uitleg=False, **opties):
        if soort == "bezwaar":
            uitkomst = termijnen.bezwaartermijn_einde(_datum(opties["bekendmaking"]))
        else:
            uitkomst = termijnen.werkdagen_na(_datum(opties["vanaf"]), opties["aantal"])
        if uitleg:
            for regel in [uitkomst.samenvatting, *uitkomst.uitleg]:
                self.stderr.write(regel)
        for waarschuwing in uitkomst.waarschuwingen:
            self.stderr.write(self.style.WARNING(f"Let op: {waarschuwing}"))
        self.stdout.write(uitkomst.datum.isoformat())
