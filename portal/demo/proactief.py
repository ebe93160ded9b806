"""Lane 2 in the demo: proactive locations."""

from plankaart import services as plankaartservices
from plankaart.models import Locatie


class ProactieveBaan:
    """Lane 2: proactive plankaart locations (the plan itself follows with the proactive lane)."""

    def proactieve_kandidaten(self, plaats, aantal: int) -> list[Locatie]:
        return list(
            Locatie.objects.filter(gemeente=plaats[0], status=Locatie.Status.KANDIDAAT, proactief=True)
            .exclude(aanvragen__isnull=False)
            .order_by("-pk")[:aantal]
        )

    def proactief_goedgekeurd(self, plek, dagen) -> Locatie:
        gemeente_gebruiker = self.gemeente_gebruikers[0 if plek.gemeente_id == self.gemeenten[0][0].pk else 1]
        self.later(dagen, plankaartservices.stel_proactief_voor, plek, self.cpo_gebruiker)
        return self.later(dagen - 3, plankaartservices.keur_goed, plek, gemeente_gebruiker)

    # The plan itself (DESIGN.md 3, lane 2): forecasts for both gemeenten and plans in every state.

    def proactieve_plannen(self):
        from django.contrib.auth import get_user_model

        from plankaart.services import inspraak, proactief, prognoses

        self.provincie_gebruiker = get_user_model().objects.get(email="provincie@demo.nl")
        self.medewerker_apeldoorn = get_user_model().objects.get(email="gemeente-medewerker@demo.nl")
        (apeldoorn, _), (zutphen, _) = self.gemeenten
        regels = ["gemeentecode,jaar,scenario,laadpunten_nodig,wijkcode"]
        for gemeente, basis in ((apeldoorn, 47), (zutphen, 18)):
            for i, jaar in enumerate(range(2027, 2031)):
                regels.append(f"GM{gemeente.cbs_code},{jaar},midden,{basis + 9 * i},")
                regels.append(f"GM{gemeente.cbs_code},{jaar},hoog,{round((basis + 9 * i) * 1.4)},")
        regels.append(f"GM{apeldoorn.cbs_code},2027,midden,11,WK020001")
        imp = self.later(
            130,
            prognoses.start_import,
            self.provincie_gebruiker,
            "prognose-gelderland.csv",
            "\n".join(regels).encode(),
        )
        self.later(129, prognoses.pas_toe, imp, self.provincie_gebruiker)
        # A revised forecast for Zutphen: the old version is kept.
        imp = self.later(
            100,
            prognoses.start_import,
            self.provincie_gebruiker,
            "prognose-zutphen-herzien.csv",
            f"gemeentecode,jaar,laadpunten_nodig\nGM{zutphen.cbs_code},2028,30\n".encode(),
        )
        self.later(99, prognoses.pas_toe, imp, self.provincie_gebruiker)

        self._definitief_plan(apeldoorn, 2027, proactief, inspraak)
        self._plan_in_inspraak(apeldoorn, 2028, proactief, inspraak)
        self.later(20, proactief.maak_plan, self.provincie_gebruiker, apeldoorn, 2029)
        self._plan_tot(zutphen, 2027, "verwerken", proactief, inspraak)
        self._plan_tot(zutphen, 2028, "cpo_toets", proactief, inspraak)
        plan = self.later(40, proactief.maak_plan, self.provincie_gebruiker, zutphen, 2029)
        self.later(
            30, proactief.trek_in, plan, self.provincie_gebruiker, "De gemeente herziet eerst haar plankaart."
        )

    def _vrije_kandidaten(self, gemeente, aantal: int) -> list[Locatie]:
        return list(
            Locatie.objects.filter(gemeente=gemeente, status=Locatie.Status.KANDIDAAT, proactief=False)
            .exclude(aanvragen__isnull=False)
            .exclude(planlocaties__isnull=False)
            .order_by("pk")[:aantal]
        )

    def _gemeente_gebruiker(self, gemeente):
        return self.gemeente_gebruikers[0 if gemeente.pk == self.gemeenten[0][0].pk else 1]

    def _tot_inspraak(self, gemeente, jaar, dagen, aantal, proactief):
        gebruiker = self._gemeente_gebruiker(gemeente)
        plan = self.later(dagen, proactief.maak_plan, self.provincie_gebruiker, gemeente, jaar)
        self.later(dagen - 3, proactief.selecteer, plan, gebruiker, self._vrije_kandidaten(gemeente, aantal))
        return self.later(dagen - 5, proactief.start_inspraak, plan, gebruiker)

    REACTIES = [
        (
            "ongeschikt",
            "De stoep is hier smal; met een laadpaal kan een rolstoel er niet langs.",
            "Marieke de Boer",
        ),
        ("geschikt", "Fijn, in onze straat hebben drie buren een elektrische auto.", "Ahmet Kaya"),
        (
            "alternatief",
            "Liever twintig meter verderop, bij het grasveld: daar staat niemand in de weg.",
            "Ruud Hendriks",
        ),
        ("geschikt", "Goede plek, dicht bij de flat.", "Sofie Willems"),
    ]

    def _reacties(self, plan, dagen, inspraak, *, onbevestigd: bool = True):
        pls = list(plan.planlocaties.select_related("locatie").order_by("pk"))
        for i, (soort, reden, naam) in enumerate(self.REACTIES):
            pl = pls[i % len(pls)]
            extra = {}
            if soort == "alternatief":
                extra = {"alternatief_lat": pl.locatie.lat + 0.0002, "alternatief_lon": pl.locatie.lon}
            reactie = self.later(
                dagen - i,
                lambda pl=pl, soort=soort, reden=reden, naam=naam, extra=extra, i=i: inspraak.reageer(
                    plan,
                    planlocatie_id=pl.pk,
                    soort=soort,
                    reden=reden,
                    naam=naam,
                    adres=f"{pl.locatie.omschrijving.split(' t.h.v.')[0]} {10 + i}",
                    email=f"bewoner{plan.pk}{i}@demo.nl",
                    **extra,
                ),
            )
            self.later(dagen - i - 1, inspraak.bevestig, reactie.token)
        if onbevestigd:
            self.later(
                dagen - 2,
                lambda: inspraak.reageer(
                    plan,
                    planlocatie_id=pls[0].pk,
                    soort="ongeschikt",
                    reden="Niet bevestigd, telt niet mee.",
                    naam="Onbekend",
                    adres="Onbekend 1",
                    email=f"nooit{plan.pk}@demo.nl",
                ),
            )

    def _verwerk(self, plan, dagen, proactief, *, akkoord: bool):
        gebruiker = self._gemeente_gebruiker(plan.gemeente)
        cpo = self.cpo_gebruiker
        pls = list(plan.planlocaties.order_by("pk"))
        for i, pl in enumerate(pls):
            self.later(
                dagen - 1,
                lambda pl=pl, i=i: proactief.toets(
                    pl,
                    cpo,
                    oordeel="voldoet" if i != 2 else "voldoet_niet",
                    toelichting=""
                    if i != 2
                    else "Uitrit van de brandweerkazerne; geen parkeervakken mogelijk.",
                ),
            )
            self.later(
                dagen - 1,
                lambda pl=pl, i=i: proactief.plan_realisatie(pl, cpo, kwartaal=1 + (i % 4), prioriteit=i + 1),
            )
        plan = self.later(dagen - 2, proactief.rond_toets_af, plan, cpo)
        for reactie in plan.reacties.filter(bevestigd_op__isnull=False):
            self.later(
                dagen - 3,
                proactief.beantwoord,
                reactie,
                gebruiker,
                "Meegenomen: de gemeente heeft de plek met de exploitant opnieuw bekeken.",
            )
        if not akkoord:
            return plan
        for i, pl in enumerate(pls):
            if i == 2:
                vervanging = self._vrije_kandidaten(plan.gemeente, 1)
                self.later(
                    dagen - 4,
                    lambda pl=pl, v=vervanging: proactief.verwerk(
                        pl,
                        gebruiker,
                        besluit="vervangen" if v else "vervallen",
                        toelichting="Uitrit brandweer; de dichtstbijzijnde kandidaat neemt de plaats in.",
                        vervanging=v[0] if v else None,
                    ),
                )
            else:
                self.later(dagen - 4, lambda pl=pl: proactief.verwerk(pl, gebruiker, besluit="behouden"))
        self.later(dagen - 5, proactief.publiceer_rapport, plan, gebruiker)
        return self.later(dagen - 6, proactief.geef_akkoord, plan, gebruiker)

    def _definitief_plan(self, gemeente, jaar, proactief, inspraak):
        plan = self._tot_inspraak(gemeente, jaar, 125, 4, proactief)
        self._reacties(plan, 115, inspraak)
        plan = self.later(75, lambda: proactief.sluit_inspraak(plan, None, volgt=True))
        plan = self._verwerk(plan, 70, proactief, akkoord=True)
        behouden = list(plan.planlocaties.filter(besluit="behouden").order_by("prioriteit", "pk"))
        batch = self.later(30, proactief.stel_batch_voor, plan, self.cpo_gebruiker, behouden)
        self.later(25, proactief.keur_batch_goed, batch, self._gemeente_gebruiker(gemeente))
        self.later(
            22,
            lambda: proactief.vraag_energiecontract_aan(
                batch, self.cpo_gebruiker, energieleverancier="Groene Stroom Oost"
            ),
        )

    def _plan_in_inspraak(self, gemeente, jaar, proactief, inspraak):
        plan = self._tot_inspraak(gemeente, jaar, 15, 3, proactief)
        self._reacties(plan, 8, inspraak)

    def _plan_tot(self, gemeente, jaar, stand, proactief, inspraak):
        dagen = 90 if stand == "verwerken" else 55
        plan = self._tot_inspraak(gemeente, jaar, dagen, 3, proactief)
        self._reacties(plan, dagen - 8, inspraak, onbevestigd=False)
        plan = self.later(dagen - 50, lambda: proactief.sluit_inspraak(plan, None, volgt=True))
        if stand == "verwerken":
            self._verwerk(plan, dagen - 52, proactief, akkoord=False)
