"""The demo's base: organisations, accounts, plankaarten and the helpers that put cases back in time."""

import datetime as dt
import json
import math
import random

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from aanvragen import rdw, services
from aanvragen.models import Aanvraagvoorwaarden
from netaansluiting import services as netaansluitingservices
from plankaart.models import Locatie, Plankaart
from portal import klok, servicetermijnen
from portal.models import Concessie, Gebruiker, Organisatie

WACHTWOORD = "laadpaal-demo"
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
ACCOUNTS = [
    ("erijder@demo.nl", "Eva de Vries (E-rijder)"),
    ("erijder2@demo.nl", "Daan Jansen (E-rijder)"),
    ("gemeente@demo.nl", "Gemeente Apeldoorn, coördinator"),
    ("gemeente2@demo.nl", "Gemeente Zutphen, coördinator"),
    ("gemeente-medewerker@demo.nl", "Gemeente Apeldoorn, medewerker"),
    ("cpo@demo.nl", "Laadnet Oost B.V., coördinator"),
    ("cpo-medewerker@demo.nl", "Laadnet Oost B.V., medewerker"),
    ("netbeheerder@demo.nl", "Netbeheer Gelderland, coördinator"),
    ("provincie@demo.nl", "Provincie Gelderland, coördinator"),
    ("admin@demo.nl", "beheerder (Django admin)"),
]


class Basis:
    """Organisations, accounts, plankaarten and the helpers every lane's demo uses."""

    def __init__(self, stdout):
        self.stdout = stdout
        self.toeval = random.Random(2026)
        with open(settings.BASE_DIR / "fixtures" / "demo.json", encoding="utf-8") as f:
            self.data = json.load(f)

    def bouw(self):
        d = self.data
        provincie = Organisatie.objects.create(naam=d["provincie"]["naam"], soort="provincie")
        self.gemeenten = []
        for g in d["gemeenten"]:
            gemeente = Organisatie.objects.create(
                naam=g["naam"],
                soort="gemeente",
                cbs_code=g["cbs_code"],
                provincie=provincie,
                gebied=g["gebied"],
            )
            Aanvraagvoorwaarden.objects.create(gemeente=gemeente)
            self.gemeenten.append((gemeente, g))
        cpo = Organisatie.objects.create(naam=d["cpo"]["naam"], soort="cpo")
        netbeheerder = Organisatie.objects.create(naam=d["netbeheerder"]["naam"], soort="netbeheerder")
        netbeheerder.bediende_gemeenten.set([g for g, _ in self.gemeenten])
        concessie = Concessie.objects.create(naam=d["concessie"]["naam"], cpo=cpo, ingang=dt.date(2025, 1, 1))
        concessie.gemeenten.set([g for g, _ in self.gemeenten])
        servicetermijnen.vul_aan(concessie)

        def medewerker(email, naam, organisatie, rol="coordinator"):
            return Gebruiker.objects.create_user(
                email, WACHTWOORD, naam=naam, organisatie=organisatie, rol=rol
            )

        (apeldoorn, _), (zutphen, _) = self.gemeenten
        self.gemeente_gebruikers = [
            medewerker("gemeente@demo.nl", "Sanne Bakker", apeldoorn),
            medewerker("gemeente2@demo.nl", "Joris Mulder", zutphen),
        ]
        medewerker("gemeente-medewerker@demo.nl", "Eline de Vries", apeldoorn, rol="medewerker")
        self.cpo_gebruiker = medewerker("cpo@demo.nl", "Ahmed El Amrani", cpo)
        medewerker("cpo-medewerker@demo.nl", "Lisa Visser", cpo, rol="medewerker")
        self.netbeheerder_gebruiker = medewerker("netbeheerder@demo.nl", "Peter Smit", netbeheerder)
        medewerker("provincie@demo.nl", "Fatima Yilmaz", provincie)
        Gebruiker.objects.create_superuser("admin@demo.nl", WACHTWOORD, naam="Beheerder")

        for gemeente, g in self.gemeenten:
            self.plankaart(gemeente, g)
        self.bouw_banen()

    def punt(self, g):
        return (self.toeval.uniform(*g["stad"]["lat"]), self.toeval.uniform(*g["stad"]["lon"]))

    def plankaart(self, gemeente, g):
        kaart = Plankaart.objects.create(gemeente=gemeente, jaar=2026, vastgesteld_op=dt.date(2026, 1, 15))
        for i in range(48):
            lat, lon = self.punt(g)
            status = Locatie.Status.GEREALISEERD if i < 14 else Locatie.Status.KANDIDAAT
            Locatie.objects.create(
                plankaart=kaart,
                gemeente=gemeente,
                omschrijving=f"{self.toeval.choice(g['straten'])} t.h.v. nr. {self.toeval.randint(1, 180)}",
                lat=lat,
                lon=lon,
                status=status,
                proactief=14 <= i < 26,
                proactief_jaar=2026 if 14 <= i < 26 else None,
            )

    def gegevens(self, gemeente, g, **anders):
        lat, lon = self.punt(g)
        basis = dict(
            gemeente=gemeente,
            postcode=f"{self.toeval.choice(g['postcodes'])} {self.toeval.choice(['AB', 'BC', 'CD', 'EG', 'HK', 'LM'])}",
            huisnummer=self.toeval.randint(1, 150),
            straat=self.toeval.choice(g["straten"]),
            woonplaats=g["woonplaats"],
            lat=lat,
            lon=lon,
            kenteken=f"{self.toeval.choice(['G', 'H', 'K', 'N', 'P'])}-{self.toeval.randint(100, 999)}-"
            f"{self.toeval.choice(['BB', 'DF', 'GH', 'JK', 'RT'])}",
            woont_of_werkt="woont",
            rijdt_elektrisch=True,
        )
        basis.update(anders)
        return services.Aanvraaggegevens(**basis)

    def dien_in(self, wie, gemeente_g, dagen_geleden, **anders):
        gemeente, g = gemeente_g
        with klok.vastgezet(
            timezone.now() - dt.timedelta(days=dagen_geleden, hours=self.toeval.randint(0, 8))
        ):
            return services.dien_in(
                wie,
                self.gegevens(gemeente, g, **anders),
                ContentFile(DEMO_PDF),
                "kentekenbewijs.pdf",
                rdw_resultaat=self.rdw(),
            )

    def rdw(self) -> rdw.Resultaat:
        """The demo's plates are made up: the RDW's answer is too (the demo never calls the internet)."""
        # In turn, not from self.toeval: the rest of the demo world stays what it was.
        self._autos = getattr(self, "_autos", -1) + 1
        merk, model = DEMO_AUTOS[self._autos % len(DEMO_AUTOS)]
        return rdw.Resultaat(rdw.Uitslag.ELEKTRISCH, merk=merk, model=model, voertuigsoort="Personenauto")

    def later(self, dagen_geleden, functie, *args):
        with klok.vastgezet(timezone.now() - dt.timedelta(days=dagen_geleden)):
            return functie(*args)

    def naast(self, locatie, noord_m=0.0, oost_m=0.0) -> dict:
        """A point `noord_m` metres north and `oost_m` east of a location, as request fields."""
        lat = locatie.lat + noord_m / 111320
        lon = locatie.lon + oost_m / (111320 * math.cos(math.radians(locatie.lat)))
        return {"lat": lat, "lon": lon}

    def burger(self, naam):
        self.burgers += 1
        return Gebruiker.objects.create_user(f"buur{self.burgers:02d}@demo.nl", WACHTWOORD, naam=naam)


DEMO_AUTOS = [
    ("TESLA", "MODEL 3"),
    ("KIA", "NIRO"),
    ("VOLKSWAGEN", "ID.3"),
    ("RENAULT", "MEGANE E-TECH"),
    ("SKODA", "ENYAQ"),
]


def demo_ean(getal: int) -> str:
    """A valid EAN code for the demo: 871 (the Netherlands), digits from `getal`, then the check digit."""
    basis = f"8716859{getal:010d}"
    return basis + str(netaansluitingservices.controlecijfer(basis))
