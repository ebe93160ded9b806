"""Lane 3 in the demo: the gemeenten's own requests for a location, and the CPO's, in several states."""

from aanvragen import services
from aanvragen.models import Afwijzingscode
from plankaart import services as plankaartservices
from plankaart.models import Locatie


class GemeenteBaan:
    """Requests filed by gemeente staff (a care home, a shopping street) and by the CPO itself."""

    def verzoek(self, plaats, omschrijving, motivering, laadpunten=2, **punt):
        gemeente, g = plaats
        if not punt:
            lat, lon = self.punt(g)
            punt = {"lat": lat, "lon": lon}
        return services.Locatieaanvraag(
            gemeente=gemeente, omschrijving=omschrijving, motivering=motivering, laadpunten=laadpunten, **punt
        )

    def gemeenteaanvragen(self):
        apeldoorn, zutphen = self.gemeenten
        cpo = self.cpo_gebruiker
        gemeente_a, gemeente_b = self.gemeente_gebruikers

        # Waiting for the CPO's check, in both gemeenten.
        self.later(
            3,
            services.vraag_locatie_aan,
            gemeente_a,
            self.verzoek(
                apeldoorn,
                "Zorgcentrum De Linde, parkeerplaats achterzijde",
                "Bezoekers en thuiszorgmedewerkers laden hier; het dichtstbijzijnde laadpunt is 600 meter verder.",
                laadpunten=4,
            ),
        )
        self.later(
            2,
            services.vraag_locatie_aan,
            gemeente_b,
            self.verzoek(
                zutphen,
                "Deelauto-hub station Zutphen",
                "De gemeente plaatst hier vier elektrische deelauto's; die moeten 's nachts kunnen laden.",
                laadpunten=4,
            ),
        )
        # Near a proactive location that is already under way: linked to it, nothing new starts.
        proactief = (
            Locatie.objects.filter(
                gemeente=apeldoorn[0],
                proactief=True,
                status__in=[
                    Locatie.Status.GOEDGEKEURD,
                    Locatie.Status.IN_PROCEDURE,
                    Locatie.Status.DEFINITIEF,
                ],
            )
            .order_by("pk")
            .first()
        )
        if proactief is not None:
            self.later(
                5,
                services.vraag_locatie_aan,
                gemeente_a,
                self.verzoek(
                    apeldoorn,
                    "Winkelcentrum, bij de bibliotheek",
                    "Winkelend publiek en bibliotheekbezoekers vragen om een laadpaal.",
                    **self.naast(proactief, 60),
                ),
            )
        # Approved; the CPO proposed a new spot, now at the netbeheerder for a netcheck.
        aanvraag = self.later(
            20,
            services.vraag_locatie_aan,
            gemeente_a,
            self.verzoek(
                apeldoorn,
                "Sporthal De Voorwaarts",
                "Sporters en de thuiszorgpost naast de hal; de gemeente wil hier laden stimuleren.",
            ),
        )
        aanvraag = self.later(17, services.goedkeuren, aanvraag, cpo)
        self.later(
            12,
            plankaartservices.stel_nieuwe_voor,
            aanvraag,
            aanvraag.lat + 0.0002,
            aanvraag.lon,
            "Sporthal De Voorwaarts, langs de toegangsweg",
            cpo,
        )
        # Rejected: a charging point stands within the radius (the most common reason, seed 001).
        aanvraag = self.later(
            30,
            services.vraag_locatie_aan,
            gemeente_b,
            self.verzoek(zutphen, "Marktplein", "Marktkooplieden en bezoekers van de binnenstad."),
        )
        self.later(
            27,
            services.afwijzen,
            aanvraag,
            cpo,
            "Op 90 meter staat een publieke laadpaal die weinig wordt gebruikt.",
            Afwijzingscode.LAADPUNT_BINNEN_STRAAL,
        )
        # The CPO's own requests (about 5% of all): no check by itself, one waiting for its location and one
        # whose chosen spot the gemeente now assesses.
        self.later(
            6,
            services.vraag_locatie_aan,
            cpo,
            self.verzoek(
                apeldoorn,
                "Bedrijventerrein Ecofactorij, bij de bushalte",
                "Veel gebruik van het laadpunt 300 meter verderop; pendelaars wachten er op elkaar.",
            ),
        )
        kandidaat = (
            Locatie.objects.filter(gemeente=zutphen[0], status=Locatie.Status.KANDIDAAT, proactief=False)
            .exclude(aanvragen__isnull=False)
            .order_by("-pk")
            .first()
        )
        aanvraag = self.later(
            9,
            services.vraag_locatie_aan,
            cpo,
            self.verzoek(
                zutphen,
                "Bij " + kandidaat.omschrijving,
                "Aanvragen van bewoners in de straat ernaast wachten op een plek.",
                **self.naast(kandidaat, 40),
            ),
        )
        self.later(7, plankaartservices.kies, aanvraag, kandidaat, cpo)
