"""Lane 1 in the demo: E-rijders' requests, their locations, verkeersbesluiten and the realisation."""

import datetime as dt
import functools

from django.core.files.base import ContentFile
from django.utils import timezone

from aanvragen import services
from netaansluiting import services as netaansluitingservices
from netaansluiting.models import Netaansluiting, Opleverdocument
from plankaart import services as plankaartservices
from plankaart.models import Locatie
from portal.demo.basis import DEMO_PDF, WACHTWOORD, demo_ean
from portal.models import Gebruiker
from verkeersbesluiten import services as verkeersbesluitservices


class ErijderBaan:
    """Lane 1: E-rijders' requests through every stage of the common path."""

    def aanvragen(self):
        apeldoorn, zutphen = self.gemeenten
        cpo = self.cpo_gebruiker
        eva = Gebruiker.objects.create_user("erijder@demo.nl", WACHTWOORD, naam="Eva de Vries")
        daan = Gebruiker.objects.create_user("erijder2@demo.nl", WACHTWOORD, naam="Daan Jansen")

        self.dien_in(eva, apeldoorn, 2)
        a = self.dien_in(eva, apeldoorn, 7)
        self.later(
            4,
            services.vraag_aanvulling,
            a,
            cpo,
            "Het kentekenbewijs is onleesbaar. Stuur een scherpere foto of een PDF.",
        )
        a = self.dien_in(eva, apeldoorn, 21)
        self.later(17, services.goedkeuren, a, cpo)
        a = self.dien_in(eva, apeldoorn, 45, werkuren_per_week=None)
        self.later(
            41,
            services.afwijzen,
            a,
            cpo,
            "Binnen 250 meter staat al een publiek laadpunt dat weinig wordt gebruikt.",
        )

        self.dien_in(daan, zutphen, 8)  # past its check term: shows up as overdue
        a = self.dien_in(daan, zutphen, 30)
        self.later(28, services.trek_in, a, daan, "Ik ben verhuisd.")

        # Neighbours in both gemeenten, so the CPO's list has work of every age.
        for i in range(14):
            burger = Gebruiker.objects.create_user(
                f"burger{i + 1:02d}@demo.nl", WACHTWOORD, naam=f"Demo-bewoner {i + 1}"
            )
            plaats = apeldoorn if i % 3 else zutphen
            dagen = self.toeval.randint(0, 40)
            a = self.dien_in(burger, plaats, dagen)
            behandeld = max(dagen - self.toeval.randint(2, 7), 0)  # the CPO acted a few days later
            keuze = i % 5
            if keuze == 1:
                self.later(behandeld, services.goedkeuren, a, cpo)
            elif keuze == 2:
                self.later(
                    behandeld, services.vraag_aanvulling, a, cpo, "Graag ook een kopie van uw leasecontract."
                )
            elif keuze == 3:
                a = self.later(
                    behandeld, services.vraag_aanvulling, a, cpo, "Vul uw huisnummertoevoeging aan."
                )
                self.later(
                    max(behandeld - 2, 0),
                    functools.partial(services.wijzig_en_dien_opnieuw_in, rdw_resultaat=self.rdw()),
                    a,
                    burger,
                    self.gegevens(*plaats),
                )

    def locaties(self):
        """Approved requests whose location stands in each stage of the plankaart flow so far."""
        apeldoorn, zutphen = self.gemeenten
        cpo, net = self.cpo_gebruiker, self.netbeheerder_gebruiker
        gemeente_a, gemeente_b = self.gemeente_gebruikers
        eva = Gebruiker.objects.get(email="erijder@demo.nl")
        daan = Gebruiker.objects.get(email="erijder2@demo.nl")
        self.burgers = 0
        vrij_a = list(
            Locatie.objects.filter(gemeente=apeldoorn[0], status=Locatie.Status.KANDIDAAT).order_by("pk")
        )
        vrij_b = list(
            Locatie.objects.filter(gemeente=zutphen[0], status=Locatie.Status.KANDIDAAT).order_by("pk")
        )

        def goedgekeurd(wie, plaats, dagen, punt):
            aanvraag = self.dien_in(wie, plaats, dagen, **punt)
            return self.later(dagen - 3, services.goedkeuren, aanvraag, cpo)

        # Eva: a plankaart spot 60 m from her door was chosen; the gemeente has it on its list.
        a = goedgekeurd(eva, apeldoorn, 16, self.naast(vrij_a[0], 60))
        self.later(11, plankaartservices.kies, a, vrij_a[0], cpo)
        # A neighbour: spot chosen and approved by the gemeente; next comes the verkeersbesluit.
        a = goedgekeurd(self.burger("Bewoner Loolaan"), apeldoorn, 34, self.naast(vrij_a[1], -80))
        self.later(28, plankaartservices.kies, a, vrij_a[1], cpo)
        self.later(22, plankaartservices.keur_goed, vrij_a[1], gemeente_a)
        # The gemeente asked the CPO to shift a proposal; the CPO is at turn.
        a = goedgekeurd(self.burger("Bewoner Kanaal Noord"), apeldoorn, 25, self.naast(vrij_a[2], 40, 40))
        self.later(20, plankaartservices.kies, a, vrij_a[2], cpo)
        self.later(
            6,
            plankaartservices.vraag_aanpassing,
            vrij_a[2],
            gemeente_a,
            "Schuif de locatie 15 meter op naar de parkeerhaven; op deze plek staat een boom met beschermde wortels.",
        )
        # The gemeente refused a spot: it stays a candidate, the request is back with the CPO.
        a = goedgekeurd(self.burger("Bewoner Jachtlaan"), apeldoorn, 27, self.naast(vrij_a[3], 0, 90))
        self.later(21, plankaartservices.kies, a, vrij_a[3], cpo)
        self.later(
            9, plankaartservices.wijs_af, vrij_a[3], gemeente_a, "Op deze plek komt in 2027 een bouwplaats."
        )
        # Daan: a new location the netbeheerder still has to check (and is late with).
        a = goedgekeurd(daan, zutphen, 24, self.naast(vrij_b[0], 420))
        self.later(
            15,
            plankaartservices.stel_nieuwe_voor,
            a,
            a.lat + 20 / 111320,
            a.lon,
            "Houtmarkt t.h.v. nr. 14",
            cpo,
        )
        # A plankaart spot 400 m away moved next to the request; the netbeheerder approved, the gemeente decides.
        a = goedgekeurd(self.burger("Bewoner Beukerstraat"), zutphen, 26, self.naast(vrij_b[1], 400))
        self.later(
            19,
            plankaartservices.verplaats_en_kies,
            a,
            vrij_b[1],
            a.lat - 25 / 111320,
            a.lon,
            "Beukerstraat t.h.v. nr. 30 (verplaatst)",
            cpo,
        )
        self.later(
            12, plankaartservices.netcheck_goedkeuren, vrij_b[1], net, "Ruimte op station Zutphen-Noord."
        )
        # The grid cannot take a new spot: it lapsed, the request waits for another choice.
        a = goedgekeurd(self.burger("Bewoner Spittaalstraat"), zutphen, 23, self.naast(vrij_b[2], 500))
        self.later(
            18,
            plankaartservices.stel_nieuwe_voor,
            a,
            a.lat,
            a.lon + 15 / 69000,
            "Spittaalstraat t.h.v. nr. 8",
            cpo,
        )
        nieuw = Locatie.objects.filter(aanvragen=a).get()
        self.later(
            13,
            plankaartservices.netcheck_afkeuren,
            nieuw,
            net,
            "Het middenspanningsnet in deze straat zit vol tot 2028.",
        )

    def goedgekeurde_plek(self, wie, plaats, vrij, dagen, noord_m=-70):
        """A request near a free plankaart spot: approved, the spot chosen and approved by the gemeente over
        the days after `dagen` ago."""
        gemeente_gebruiker = self.gemeente_gebruikers[0 if plaats is self.gemeenten[0] else 1]
        plek = vrij.pop()
        aanvraag = self.dien_in(wie, plaats, dagen, **self.naast(plek, noord_m))
        aanvraag = self.later(dagen - 2, services.goedkeuren, aanvraag, self.cpo_gebruiker)
        self.later(dagen - 4, plankaartservices.kies, aanvraag, plek, self.cpo_gebruiker)
        return self.later(dagen - 7, plankaartservices.keur_goed, plek, gemeente_gebruiker)

    def verkeersbesluiten(self):
        """Decisions in every state: definitive (after a rejected objection), in the objection term with an open
        objection against Eva's spot, a concept the CPO prepared, one just published, one withdrawn after an
        upheld objection. The sweep at the end of `handle` makes the first definitive, as beat would have."""
        apeldoorn, zutphen = self.gemeenten
        cpo = self.cpo_gebruiker
        gemeente_a, gemeente_b = self.gemeente_gebruikers
        eva = Gebruiker.objects.get(email="erijder@demo.nl")
        vrij_a = list(
            Locatie.objects.filter(gemeente=apeldoorn[0], status=Locatie.Status.KANDIDAAT, proactief=False)
            .exclude(aanvragen__isnull=False)
            .order_by("-pk")[:6]
        )[::-1]
        vrij_b = list(
            Locatie.objects.filter(gemeente=zutphen[0], status=Locatie.Status.KANDIDAAT, proactief=False)
            .exclude(aanvragen__isnull=False)
            .order_by("-pk")[:4]
        )[::-1]

        def publiceer(besluit, dagen, gemeente_gebruiker, nummer):
            bekendmaking = (timezone.now() - dt.timedelta(days=dagen)).date()
            return self.later(
                dagen,
                lambda: verkeersbesluitservices.publiceer(
                    besluit,
                    gemeente_gebruiker,
                    bekendmaking_op=bekendmaking,
                    vindplaats=f"Gemeenteblad {bekendmaking.year}, {nummer}",
                ),
            )

        def bezwaar(besluit, dagen, gemeente_gebruiker, **velden):
            ontvangen = (timezone.now() - dt.timedelta(days=dagen)).date()
            return self.later(
                dagen,
                lambda: verkeersbesluitservices.registreer_bezwaar(
                    besluit, gemeente_gebruiker, ontvangen_op=ontvangen, **velden
                ),
            )

        # Apeldoorn: two spots in a verzamelverkeersbesluit, an objection rejected, definitive by the sweep.
        plekken = [
            self.goedgekeurde_plek(self.burger(f"Bewoner Deventerstraat {i}"), apeldoorn, vrij_a, 110 - i)
            for i in range(2)
        ] + [self.proactief_goedgekeurd(plek, 105) for plek in self.proactieve_kandidaten(apeldoorn, 2)]
        besluit = self.later(
            95,
            lambda: verkeersbesluitservices.maak_concept(
                apeldoorn[0], cpo, titel="Laadpalen Apeldoorn-Oost, eerste helft", locaties=plekken
            ),
        )
        besluit = publiceer(besluit, 90, gemeente_a, 18231)
        b = bezwaar(
            besluit,
            75,
            gemeente_a,
            indiener_naam="H. de Wit",
            indiener_adres="Deventerstraat 40, 7321 AB Apeldoorn",
            gronden="Er zijn al te weinig parkeerplaatsen in de straat.",
            algemeen=False,
            locaties=plekken[:1],
        )
        self.later(
            55,
            verkeersbesluitservices.beslis_op_bezwaar,
            b,
            gemeente_a,
            "ongegrond",
            "De parkeerdruk is gemeten: 78% bezetting; twee laadplekken passen.",
        )

        # Eva's second request, elsewhere in town: in the objection term, with an open objection against her spot.
        eva_plek = self.goedgekeurde_plek(eva, apeldoorn, vrij_a, 60)
        buur_plek = self.goedgekeurde_plek(self.burger("Bewoner Asselsestraat"), apeldoorn, vrij_a, 58)
        besluit = self.later(
            45,
            lambda: verkeersbesluitservices.maak_concept(
                apeldoorn[0], gemeente_a, titel="Laadpalen Apeldoorn-Noord", locaties=[eva_plek, buur_plek]
            ),
        )
        besluit = publiceer(besluit, 20, gemeente_a, 20417)
        bezwaar(
            besluit,
            6,
            gemeente_a,
            indiener_naam="Vereniging van Eigenaars Noorderlicht",
            indiener_adres="Noorderlaan 2, 7311 CD Apeldoorn",
            gronden="De laadpaal komt voor de ingang van ons gebouw.",
            algemeen=False,
            locaties=[eva_plek],
            per_post=True,
            ter_post_op=(timezone.now() - dt.timedelta(days=8)).date(),
        )
        # A concept the CPO prepared for the spot the gemeente approved earlier (the Loolaan neighbour).
        goedgekeurd = Locatie.objects.filter(gemeente=apeldoorn[0], status=Locatie.Status.GOEDGEKEURD)
        self.later(
            3,
            lambda: verkeersbesluitservices.maak_concept(
                apeldoorn[0], cpo, titel="Laadpaal Loolaan", locaties=list(goedgekeurd)
            ),
        )

        # Zutphen: one just published, one withdrawn after an upheld objection (its spot waits for a new one).
        # Zutphen takes the verkeersbesluit off the critical path: connections are requested at publication, and
        # the withdrawal cancels one.
        verkeersbesluitservices.sla_beleid_op(
            zutphen[0], gemeente_b, netaansluiting_tijdens_bezwaartermijn=True, ondertekenaar="M. Jansen"
        )
        plek = self.goedgekeurde_plek(self.burger("Bewoner Houtmarkt"), zutphen, vrij_b, 30)
        besluit = self.later(
            16,
            lambda: verkeersbesluitservices.maak_concept(
                zutphen[0], gemeente_b, titel="Laadpaal Houtmarkt", locaties=[plek]
            ),
        )
        publiceer(besluit, 10, gemeente_b, 7781)
        self.later(10, netaansluitingservices.bundel)
        self.later(
            8,
            lambda: netaansluitingservices.netbeheerderstap(
                Netaansluiting.objects.get(locatie=plek),
                "registreren",
                self.netbeheerder_gebruiker,
                kenmerk_netbeheerder="NG-ZUT-0412",
            ),
        )
        plek = self.goedgekeurde_plek(self.burger("Bewoner Turfstraat"), zutphen, vrij_b, 70)
        besluit = self.later(
            60,
            lambda: verkeersbesluitservices.maak_concept(
                zutphen[0], gemeente_b, titel="Laadpaal Turfstraat", locaties=[plek]
            ),
        )
        besluit = publiceer(besluit, 55, gemeente_b, 6120)
        self.later(55, netaansluitingservices.bundel)
        b = bezwaar(
            besluit,
            40,
            gemeente_b,
            indiener_naam="Ondernemersvereniging Binnenstad",
            indiener_adres="Turfstraat 1, 7201 KE Zutphen",
            gronden="Het besluit noemt de verkeerde parkeerplaatsen.",
            algemeen=True,
        )
        self.later(
            30,
            verkeersbesluitservices.beslis_op_bezwaar,
            b,
            gemeente_b,
            "gegrond",
            "De publicatie noemde de parkeerplaatsen aan de verkeerde kant van de straat.",
        )

    def realisatie(self):
        """Locations past a definitive decision in every stage of the realisation: grid connections at each step
        (one refused), batches sent and done, placements planned (one of them Eva's), delivered, realised.
        The decision that becomes definitive at the end of `handle` leaves an open batch, as it would be today."""
        apeldoorn, _zutphen = self.gemeenten
        cpo, net = self.cpo_gebruiker, self.netbeheerder_gebruiker
        gemeente_a = self.gemeente_gebruikers[0]
        eva = Gebruiker.objects.get(email="erijder@demo.nl")
        vrij = list(
            Locatie.objects.filter(gemeente=apeldoorn[0], status=Locatie.Status.KANDIDAAT, proactief=False)
            .exclude(aanvragen__isnull=False)
            .order_by("pk")[:4]
        )[::-1]

        def besluit(titel, plekken, concept, gepubliceerd, nummer):
            concept_besluit = self.later(
                concept,
                lambda: verkeersbesluitservices.maak_concept(
                    apeldoorn[0], cpo, titel=titel, locaties=plekken
                ),
            )
            bekendmaking = (timezone.now() - dt.timedelta(days=gepubliceerd)).date()
            return self.later(
                gepubliceerd,
                lambda: verkeersbesluitservices.publiceer(
                    concept_besluit,
                    gemeente_a,
                    bekendmaking_op=bekendmaking,
                    vindplaats=f"Gemeenteblad {bekendmaking.year}, {nummer}",
                ),
            )

        def aansluiting(plek):
            return Netaansluiting.objects.filter(locatie=plek).latest("pk")

        def stap(dagen, plek, naam, **velden):
            self.later(
                dagen, lambda: netaansluitingservices.netbeheerderstap(aansluiting(plek), naam, net, **velden)
            )

        def dag(dagen):
            return (timezone.now() - dt.timedelta(days=dagen)).date()

        def tot_opdracht(plek, begin, aannemer="Volker Energie Oost"):
            stap(begin, plek, "registreren", kenmerk_netbeheerder=f"NG-{plek.pk:05d}")
            stap(begin - 4, plek, "netcheck_goedkeuren", werkvoorbereiding_gereed_op=dag(begin - 14))
            stap(
                begin - 16,
                plek,
                "opdracht_verstrekken",
                aannemer=aannemer,
                aansluiting_gepland_op=dag(begin - 30),
            )

        def realisatie(plek):
            return plek.__class__.objects.get(pk=plek.pk).realisatie

        def gepland(plek, dagen, op):
            datum = dag(op)
            while datum.weekday() >= 5 and datum > dag(dagen):  # contractors place on working days
                datum += dt.timedelta(days=1)
            self.later(
                dagen,
                lambda: netaansluitingservices.plan_plaatsing(
                    realisatie(plek), cpo, plaatsing_gepland_op=datum
                ),
            )

        def opgeleverd(plek, dagen):
            self.later(
                dagen + 2,
                lambda: netaansluitingservices.vraag_energiecontract_aan(
                    realisatie(plek),
                    cpo,
                    energieleverancier="Vattenfall",
                    energiecontract_aangevraagd_op=dag(dagen + 2),
                ),
            )
            stap(dagen + 1, plek, "aansluiten", aangesloten_op=dag(dagen + 1), ean=demo_ean(plek.pk))
            self.later(
                dagen,
                lambda: netaansluitingservices.voeg_document_toe(
                    realisatie(plek),
                    cpo,
                    bestand=ContentFile(DEMO_PDF, name="SAT-rapport.pdf"),
                    soort=Opleverdocument.Soort.SAT,
                ),
            )
            self.later(
                dagen,
                lambda: netaansluitingservices.leg_sat_vast(
                    realisatie(plek), cpo, geplaatst_op=dag(dagen), sat_op=dag(dagen), geslaagd=True
                ),
            )

        # Decision A, long ago: three requests. Batch of the E-rijder lane, done: one realised, one delivered
        # (the gemeente's finishing task), one refused by the grid (the CPO must choose).
        plekken_a = [
            self.goedgekeurde_plek(self.burger(f"Bewoner Sprengenweg {i}"), apeldoorn, vrij, 175 - i)
            for i in range(3)
        ]
        besluit_a = besluit("Laadpalen Apeldoorn-West", plekken_a, 165, 160, 15012)
        self.later(110, verkeersbesluitservices.maak_definitief, besluit_a)
        self.later(110, netaansluitingservices.bundel)
        gerealiseerd, opgeleverd_plek, afgekeurd = plekken_a
        tot_opdracht(gerealiseerd, 105)
        gepland(gerealiseerd, 86, 62)
        opgeleverd(gerealiseerd, 62)
        self.later(
            58,
            lambda: netaansluitingservices.richt_parkeervakken_in(
                realisatie(gerealiseerd), gemeente_a, parkeervakken_ingericht_op=dag(58)
            ),
        )
        self.later(57, lambda: netaansluitingservices.meld_gerealiseerd(realisatie(gerealiseerd), gemeente_a))
        tot_opdracht(opgeleverd_plek, 104)
        gepland(opgeleverd_plek, 60, 6)
        opgeleverd(opgeleverd_plek, 6)
        stap(103, afgekeurd, "registreren", kenmerk_netbeheerder="NG-AFGEKEURD")
        stap(
            2,
            afgekeurd,
            "netcheck_afkeuren",
            afkeurreden="Het laagspanningsnet in deze straat is vol tot de verzwaring in 2027.",
        )

        # Decision B: Eva's third request and three proactive spots. Eva's placement is planned; the proactive
        # batch went out after its wait, its connections stand at different steps.
        eva_plek = self.goedgekeurde_plek(eva, apeldoorn, vrij, 100)
        proactief = [
            self.proactief_goedgekeurd(plek, 97) for plek in self.proactieve_kandidaten(apeldoorn, 3)
        ]
        besluit_b = besluit("Laadpalen Apeldoorn-Zuid, proactief 2026", [eva_plek, *proactief], 92, 88, 16877)
        self.later(40, verkeersbesluitservices.maak_definitief, besluit_b)
        self.later(40, netaansluitingservices.bundel)
        self.later(30, netaansluitingservices.bundel)  # the proactive batch's wait is over
        tot_opdracht(eva_plek, 39)
        gepland(eva_plek, 9, -12)
        energie, werk, te_plannen = proactief
        tot_opdracht(energie, 28)
        gepland(energie, 8, -5)
        self.later(
            3,
            lambda: netaansluitingservices.vraag_energiecontract_aan(
                realisatie(energie), cpo, energieleverancier="Eneco", energiecontract_aangevraagd_op=dag(3)
            ),
        )
        stap(27, werk, "registreren", kenmerk_netbeheerder=f"NG-{werk.pk:05d}")
        stap(20, werk, "netcheck_goedkeuren", werkvoorbereiding_gereed_op=dag(-10))
        tot_opdracht(te_plannen, 26, aannemer="Visser & Smit Hanab")
