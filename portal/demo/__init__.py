"""The living demo world (DESIGN.md section 6), one module per lane: `basis` builds the organisations, the
accounts and the plankaarten; `erijder`, `proactief` and `gemeente` put each lane's cases in every state. A new
lane adds its module here and one line to `Wereld.bouw_banen`."""

from portal.demo.basis import ACCOUNTS, WACHTWOORD, Basis
from portal.demo.erijder import ErijderBaan
from portal.demo.gemeente import GemeenteBaan
from portal.demo.proactief import ProactieveBaan
from portal.demo.verbruik import VerbruikBaan

__all__ = ["ACCOUNTS", "WACHTWOORD", "Wereld"]


class Wereld(VerbruikBaan, GemeenteBaan, ProactieveBaan, ErijderBaan, Basis):
    def bouw_banen(self):
        self.aanvragen()
        self.locaties()
        self.verkeersbesluiten()
        self.realisatie()
        self.gemeenteaanvragen()
        self.proactieve_plannen()
        self.verbruik()
