"""Lane 4 in the demo: the existing charging points with their EVSEs and a year of sessions, and data-driven
signals in several states (one waiting for the provincie, one at the CPO, one turned into a new location).

Sessions follow a street's daily pattern: residents plug in between 17:00 and 20:00 and leave the next morning,
daytime visitors stay a few hours. They are written in bulk (no per-record import) and summed by the same SQL as
an import, so the demo stays fast."""

import datetime as dt
import zoneinfo

from django.conf import settings

from aanvragen import signalen
from aanvragen.modellen_signalen import Signaal
from plankaart.modellen_verbruik import Cdr, Cdrdeel, Connector, Laadpunt, Ocpikoppeling
from plankaart.models import Locatie
from plankaart.services import cdrs
from portal import klok
from portal.models import Gebruiker

DRUKKE_LOCATIES = 3  # per the first gemeente's realised points: the busiest get more sessions


class VerbruikBaan:
    def verbruik(self):
        cpo = self.cpo_gebruiker.organisatie
        tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        bestaand = list(
            Locatie.objects.filter(status=Locatie.Status.GEREALISEERD).order_by("gemeente_id", "pk")
        )
        laadpunten = []
        for locatie in bestaand:
            Locatie.objects.filter(pk=locatie.pk).update(
                kenmerk=f"LNO-{locatie.pk:05d}", bron=Locatie.Bron.BESTAAND
            )
            for n in (1, 2):
                laadpunten.append(
                    Laadpunt(
                        locatie=locatie,
                        cpo=cpo,
                        ocpi_locatie_id=f"LNO-{locatie.pk:05d}",
                        uid=f"LNO-{locatie.pk:05d}-{n}",
                        evse_id=f"NL*LNO*E{locatie.pk:05d}{n}",
                        status=Laadpunt.Status.AVAILABLE,
                    )
                )
        Laadpunt.objects.bulk_create(laadpunten)
        Connector.objects.bulk_create(
            Connector(
                laadpunt=lp,
                connector_id="1",
                standard="IEC_62196_T2",
                format="SOCKET",
                power_type="AC_3_PHASE",
                max_electric_power=11000,
            )
            for lp in laadpunten
        )
        druk = {bestaand[i].pk for i in (0, 1, 2)}
        gisteren = klok.vandaag() - dt.timedelta(days=1)
        nieuw, delen = [], []
        teller = 0
        for lp in laadpunten:
            drukte = 0.95 if lp.locatie_id in druk else 0.35
            for d in range(365):
                dag = gisteren - dt.timedelta(days=d)
                sessies = []
                if self.toeval.random() < drukte:  # a resident overnight
                    begin = dt.datetime.combine(dag, dt.time(17), tzinfo=tz) + dt.timedelta(
                        minutes=self.toeval.randint(0, 180)
                    )
                    sessies.append((begin, self.toeval.uniform(11, 15), self.toeval.uniform(9, 24)))
                if self.toeval.random() < drukte * 0.8:  # a visitor during the day
                    begin = dt.datetime.combine(dag, dt.time(9), tzinfo=tz) + dt.timedelta(
                        minutes=self.toeval.randint(0, 360)
                    )
                    sessies.append((begin, self.toeval.uniform(1, 3.5), self.toeval.uniform(4, 16)))
                for begin, uren, kwh in sessies:
                    teller += 1
                    einde = begin + dt.timedelta(hours=uren)
                    laden = min(uren, kwh / 7.0)
                    cdr = Cdr(
                        cpo=cpo,
                        cdr_id=f"DEMO-{teller:07d}",
                        laadpunt=lp,
                        ocpi_locatie_id=lp.ocpi_locatie_id,
                        evse_uid=lp.uid,
                        evse_id=lp.evse_id,
                        begin=begin.astimezone(dt.UTC),
                        einde=einde.astimezone(dt.UTC),
                        dag=dag,
                        kwh=round(kwh, 3),
                        totale_tijd_uren=round(uren, 4),
                        parkeertijd_uren=round(uren - laden, 4),
                        token_hash=cdrs.token_hash(f"demo-token-{self.toeval.randint(1, 60)}"),
                    )
                    nieuw.append((cdr, cdrs.dagdelen(begin, einde, laden)))
        Cdr.objects.bulk_create([c for c, _ in nieuw], batch_size=2000)
        for cdr, parts in nieuw:
            for dag, eerste, verbonden, laden, piek in parts:
                delen.append(
                    Cdrdeel(
                        cdr=cdr,
                        laadpunt_id=cdr.laadpunt_id,
                        dag=dag,
                        eerste=eerste,
                        verbonden_uren=verbonden,
                        laad_uren=laden,
                        piek_uren=piek,
                    )
                )
        Cdrdeel.objects.bulk_create(delen, batch_size=2000)
        cdrs.herbereken(
            {lp.pk: (gisteren - dt.timedelta(days=366), gisteren + dt.timedelta(days=1)) for lp in laadpunten}
        )
        # A session on a charging point the portal does not know yet: on the CPO's list to resolve.
        cdrs.importeer(
            cpo,
            [
                {
                    "id": "DEMO-ONBEKEND-1",
                    "start_date_time": f"{gisteren}T18:00:00Z",
                    "end_date_time": f"{gisteren}T21:00:00Z",
                    "total_energy": 14.2,
                    "total_time": 3,
                    "total_parking_time": 1,
                    "cdr_token": {"uid": "demo-token-7"},
                    "cdr_location": {
                        "id": "LNO-NIEUW",
                        "evse_uid": "LNO-NIEUW-1",
                        "evse_id": "NL*LNO*E99999",
                    },
                }
            ],
        )
        Ocpikoppeling.objects.create(
            cpo=cpo,
            cdrs_url="https://ocpi.laadnet-oost.example/ocpi/2.2.1/cdrs",
            token="demo-token-niet-actief",
            actief=False,
        )
        self.signalen_uit_verbruik(cpo)

    def signalen_uit_verbruik(self, cpo):
        signalen.veeg()
        voorgesteld = list(Signaal.objects.filter(status=Signaal.Status.VOORGESTELD).order_by("locatie_id"))
        provincie = Gebruiker.objects.get(email="provincie@demo.nl")
        if len(voorgesteld) < 3:
            return
        # One stays with the provincie; one is sent to the CPO; one the CPO turned into a new location nearby.
        _, bij_cpo, omgezet = voorgesteld[:3]
        self.later(6, signalen.verstuur, bij_cpo, provincie)
        self.later(12, signalen.verstuur, omgezet, provincie)
        plek = self.naast(omgezet.locatie, noord_m=70, oost_m=20)
        with klok.vastgezet(klok.nu() - dt.timedelta(days=9)):
            signalen.zet_om(
                Signaal.objects.get(pk=omgezet.pk),
                self.cpo_gebruiker,
                lat=plek["lat"],
                lon=plek["lon"],
                omschrijving=f"{omgezet.locatie.omschrijving} (tweede paal, 70 m verder)",
            )
