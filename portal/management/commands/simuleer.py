"""python manage.py simuleer: the what-if simulation (portal.kengetallen.simulatie) in the terminal."""

from django.core.management.base import BaseCommand, CommandError

from portal.kengetallen import simulatie
from portal.models import Organisatie
from portal.servicetermijnen import Stap


class _Regio:
    """Who the replay counts for: the whole region, or one provincie's gemeenten."""

    is_authenticated = True

    def __init__(self, provincie: Organisatie | None):
        self.is_superuser = provincie is None
        self.organisatie = provincie
        self.organisatie_id = provincie.pk if provincie else None


class Command(BaseCommand):
    help = (
        "Speel de aanvragen van de afgelopen maanden opnieuw af met andere instellingen en vergelijk de "
        "doorlooptijd en het knelpunt voor en na."
    )

    def add_arguments(self, parser):
        parser.add_argument("--maanden", type=int, default=12, help="Hoeveel maanden terug (standaard 12).")
        parser.add_argument("--provincie", type=int, help="Id van een provincie (standaard: de hele regio).")
        parser.add_argument(
            "--vkb-parallel", action="store_true", help="Verkeersbesluit buiten het kritieke pad."
        )
        parser.add_argument(
            "--servicetermijn",
            action="append",
            default=[],
            metavar="STAP=DAGEN",
            help="Een kortere servicetermijn, bijvoorbeeld netaansluiting=20 (mag vaker).",
        )
        parser.add_argument(
            "--proactief", type=int, default=0, help="Percentage aanvragen bij een proactieve locatie."
        )
        parser.add_argument("--batchgrootte", type=int, help="Batchgrootte van de netaansluitingen (1-80).")

    def handle(self, *args, **opties):
        provincie = None
        if opties["provincie"]:
            provincie = Organisatie.objects.filter(pk=opties["provincie"], soort="provincie").first()
            if provincie is None:
                raise CommandError(f"--provincie: er is geen provincie met id {opties['provincie']}.")
        termijnen = {}
        for waarde in opties["servicetermijn"]:
            stap, _, dagen = waarde.partition("=")
            if stap not in Stap.values or not dagen.isdigit() or int(dagen) < 1:
                raise CommandError(
                    f"--servicetermijn: schrijf STAP=DAGEN met een bestaande stap, niet {waarde!r}."
                )
            termijnen[stap] = int(dagen)
        if not 0 <= opties["proactief"] <= 100:
            raise CommandError("--proactief: een percentage van 0 tot en met 100.")
        if opties["batchgrootte"] is not None and not 1 <= opties["batchgrootte"] <= 80:
            raise CommandError("--batchgrootte: van 1 tot en met 80.")
        if opties["maanden"] < 1:
            raise CommandError("--maanden: minstens 1.")
        parameters = simulatie.Parameters(
            maanden=opties["maanden"],
            vkb_parallel=opties["vkb_parallel"],
            servicetermijn=termijnen,
            proactief_procent=opties["proactief"],
            batchgrootte=opties["batchgrootte"],
        )
        uitkomst = simulatie.simuleer(_Regio(provincie), parameters)
        schrijf = self.stdout.write
        schrijf(f"Aanvragen ingediend van {uitkomst.van} tot {uitkomst.tot}: {uitkomst.voor.aantal}")
        schrijf("Wijzigingen: " + (", ".join(parameters.beschrijving()) or "geen"))
        for naam, u in (("voor", uitkomst.voor), ("na", uitkomst.na)):
            knelpunt = f"{u.knelpunt['label']} ({u.knelpunt['dagen']} dagen)" if u.knelpunt else "-"
            schrijf(
                f"{naam}: mediaan {_getal(u.mediaan_dagen)} dagen, p80 {_getal(u.p80_dagen)} dagen, knelpunt {knelpunt}"
            )
            for emmer in u.verdeling:
                schrijf(f"  {emmer['van_dagen']:>4}-{emmer['tot_dagen'] - 1:<4} dagen  {emmer['aantal']}")


def _getal(waarde) -> str:
    return "-" if waarde is None else f"{waarde:.1f}"
