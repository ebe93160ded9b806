"""Every write to a proactive plan (DESIGN.md 3, lane 2): the provincie sets the number, the gemeente selects,
participation runs and closes, the CPO checks, the gemeente processes the input and agrees, and the definitive
list becomes approved proactive locations with a concept verzamelverkeersbesluit for the first half year.

Transitions go through portal.transities (403 before 409, locked row, history row). Actions that are not a
state change (selecting a location, a check, a decision per location, an answer) are checked the same way by
`_controleer_actie` and leave a history row on the plan."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from plankaart import meldingen_proactief as meldingen
from plankaart import selectors_proactief as selectors
from plankaart.modellen_proactief import (
    Planlocatie,
    Proactiefinstelling,
    ProactiefPlan,
    Reactie,
    Scenario,
    Uitvoeringsbatch,
    aantal_proactief,
)
from plankaart.models import Locatie
from plankaart.services import inspraak
from plankaart.services.kern import vraag_netcheck
from portal import historie, kalender, klok, rechten, termijnen, transities
from portal.models import Organisatie
from portal.rechten import Recht

P = ProactiefPlan.Status
L = Locatie.Status


def _controleer_actie(plan: ProactiefPlan, door, recht: str, rol: str, statussen, naam: str) -> None:
    """403 when the caller may never do this on this plan, then 409 when the plan's state does not allow it."""
    if not (selectors.speelt_rol(door, plan, rol) and rechten.heeft(door, recht)):
        raise transities.GeenRecht(
            naam, rechten.ontbrekende_rol(door, recht) if selectors.speelt_rol(door, plan, rol) else ""
        )
    if plan.status not in statussen:
        raise transities.NietToegestaan(naam)


def _registreer(plan, naam: str, door, gegevens: dict, reden: str = "") -> None:
    historie.registreer(plan, naam, plan.status, plan.status, door, reden=reden, gegevens=gegevens)


def inspraak_einde(gemeente, vanaf: dt.date | None = None) -> termijnen.Uitkomst:
    """The last day to react: the gemeente's number of weeks (default 6) after today, moved past a Saturday,
    Sunday or holiday like a statutory term, so residents always have the full weeks."""
    vanaf = vanaf or klok.vandaag()
    weken = Proactiefinstelling.inspraakweken_voor(gemeente)
    uitkomst = termijnen.kalenderdagen_na(vanaf, weken * 7)
    cal = kalender.laad()
    while cal.reden_geen_werkdag(uitkomst.datum) is not None:
        uitkomst.datum += dt.timedelta(days=1)
    return uitkomst


# The provincie.


def maak_plan(door, gemeente: Organisatie, jaar: int, *, scenario: str = Scenario.MIDDEN, percentage=None):
    """The provincie sets the number of proactive charging points for a gemeente and year: a share of the
    forecast (its own default, 30% unless configured), rounded up."""
    provincie = getattr(door, "organisatie", None) if door.is_authenticated else None
    if provincie is None or provincie.soort != Organisatie.Soort.PROVINCIE:
        raise transities.GeenRecht("aanmaken")
    if not rechten.heeft(door, Recht.PROACTIEF_AANTAL_BEPALEN):
        raise transities.GeenRecht("aanmaken", rechten.ontbrekende_rol(door, Recht.PROACTIEF_AANTAL_BEPALEN))
    if gemeente.soort != Organisatie.Soort.GEMEENTE or gemeente.provincie_id != provincie.pk:
        raise ValidationError(
            {"gemeente": _("%(gemeente)s ligt niet in uw provincie.") % {"gemeente": gemeente.naam}}
        )
    if scenario not in Scenario.values:
        raise ValidationError({"scenario": _("Kies laag, midden of hoog.")})
    if percentage is None:
        percentage = Proactiefinstelling.percentage_voor(provincie)
    if not 1 <= int(percentage) <= 100:
        raise ValidationError({"percentage": _("Het percentage ligt tussen 1 en 100.")})
    prognose, _rij = selectors.huidig_totaal(gemeente, jaar, scenario)
    if not prognose:
        raise ValidationError(
            {
                "jaar": _("Er is geen prognose voor %(gemeente)s in %(jaar)d (scenario %(scenario)s).")
                % {"gemeente": gemeente.naam, "jaar": jaar, "scenario": scenario}
            }
        )
    try:
        with transaction.atomic():
            plan = ProactiefPlan(
                provincie=provincie,
                gemeente=gemeente,
                jaar=jaar,
                scenario=scenario,
                prognose=prognose,
                percentage=int(percentage),
                aantal=aantal_proactief(prognose, int(percentage)),
            )
            plan.start_selectie()
            plan.save()
            historie.registreer(
                plan,
                "aanmaken",
                "",
                plan.status,
                door,
                gegevens={"prognose": prognose, "percentage": plan.percentage, "aantal": plan.aantal},
            )
            meldingen.aantal_bepaald(plan)
    except IntegrityError as fout:
        raise ValidationError(
            {
                "jaar": _("%(gemeente)s heeft al een plan voor %(jaar)d.")
                % {"gemeente": gemeente.naam, "jaar": jaar}
            }
        ) from fout
    return plan


def wijzig_percentage(plan: ProactiefPlan, door, percentage: int) -> ProactiefPlan:
    _controleer_actie(
        plan, door, Recht.PROACTIEF_AANTAL_BEPALEN, "provincie", [P.SELECTEREN], "percentage_wijzigen"
    )
    if not 1 <= int(percentage) <= 100:
        raise ValidationError({"percentage": _("Het percentage ligt tussen 1 en 100.")})
    with transaction.atomic():
        plan = transities.vergrendel(plan)
        oud = {"percentage": plan.percentage, "aantal": plan.aantal}
        plan.percentage = int(percentage)
        plan.aantal = aantal_proactief(plan.prognose, plan.percentage)
        plan.save(update_fields=["percentage", "aantal"])
        _registreer(
            plan,
            "percentage_wijzigen",
            door,
            {"oud": oud, "percentage": plan.percentage, "aantal": plan.aantal},
        )
    return plan


def trek_in(plan: ProactiefPlan, door, toelichting: str) -> ProactiefPlan:
    toelichting = (toelichting or "").strip()
    transities.controleer(plan, "intrekken", door)
    if not toelichting:
        raise ValidationError({"toelichting": _("Geef aan waarom het plan wordt ingetrokken.")})
    return transities.voer_uit(plan, "intrekken", door, reden=toelichting, toelichting=toelichting)


# The gemeente: selection.


def selecteer(plan: ProactiefPlan, door, locaties) -> ProactiefPlan:
    """Add candidate locations of the gemeente to the plan. Beyond the target is allowed (the page shows it);
    a location outside the gemeente, or not a free candidate, is refused by name."""
    _controleer_actie(plan, door, Recht.PROACTIEF_SELECTEREN, "gemeente", [P.SELECTEREN], "selecteren")
    if not locaties:
        raise ValidationError({"locaties": _("Kies ten minste één locatie.")})
    with transaction.atomic():
        plan = transities.vergrendel(plan)
        ids = sorted({getattr(loc, "pk", loc) for loc in locaties})
        gevonden = {loc.pk: loc for loc in Locatie.objects.select_for_update().filter(pk__in=ids)}
        al = set(plan.planlocaties.values_list("locatie_id", flat=True))
        fouten = []
        for pk in ids:
            loc = gevonden.get(pk)
            if loc is None or loc.gemeente_id != plan.gemeente_id:
                fouten.append(
                    _("Locatie %(id)s ligt niet in %(gemeente)s.")
                    % {"id": pk, "gemeente": plan.gemeente.naam}
                )
            elif loc.status != L.KANDIDAAT:
                fouten.append(
                    _("%(locatie)s is geen vrije kandidaat maar %(status)s.")
                    % {"locatie": loc, "status": loc.get_status_display().lower()}
                )
        if fouten:
            raise ValidationError({"locaties": fouten})
        nieuw = [pk for pk in ids if pk not in al]
        Planlocatie.objects.bulk_create(Planlocatie(plan=plan, locatie_id=pk) for pk in nieuw)
        _registreer(plan, "selecteren", door, {"locaties": nieuw})
    return plan


def deselecteer(plan: ProactiefPlan, door, locatie) -> ProactiefPlan:
    _controleer_actie(plan, door, Recht.PROACTIEF_SELECTEREN, "gemeente", [P.SELECTEREN], "deselecteren")
    pk = getattr(locatie, "pk", locatie)
    with transaction.atomic():
        plan = transities.vergrendel(plan)
        if plan.reacties.filter(planlocatie__locatie_id=pk).exists():
            raise ValidationError(
                {"locatie": _("Op deze locatie is al gereageerd; laat haar na de inspraak vervallen.")}
            )
        plan.planlocaties.filter(locatie_id=pk).delete()
        _registreer(plan, "deselecteren", door, {"locatie": pk})
    return plan


def start_inspraak(plan: ProactiefPlan, door) -> ProactiefPlan:
    transities.controleer(plan, "inspraak_starten", door)
    einde = inspraak_einde(plan.gemeente)
    with transaction.atomic():
        plan = transities.voer_uit(
            plan,
            "inspraak_starten",
            door,
            gegevens={"inspraak_tot": einde.datum.isoformat()},
            inspraak_tot=einde.datum,
        )
        meldingen.inspraak_gestart(plan)
    return plan


def sluit_inspraak(plan: ProactiefPlan, door=None, *, volgt: bool = False) -> ProactiefPlan:
    """After the term: the gemeente closes it, or the sweep the morning after (`volgt`: no user acts)."""
    with transaction.atomic():
        plan = transities.voer_uit(plan, "inspraak_sluiten", door, volgt=volgt)
        meldingen.toets_gevraagd(plan)
    return plan


def sluit_verlopen_inspraak() -> int:
    """The beat sweep: every plan whose participation term has passed goes to the CPO's check."""
    gesloten = 0
    for plan in ProactiefPlan.objects.filter(status=P.INSPRAAK, inspraak_tot__lt=klok.vandaag()).order_by(
        "pk"
    ):
        try:
            sluit_inspraak(plan, None, volgt=True)
            gesloten += 1
        except transities.NietToegestaan:
            continue  # another worker closed it meanwhile
    return gesloten


# The CPO.


def toets(
    planlocatie: Planlocatie, door, *, oordeel: str, toelichting: str = "", netcheck: bool = False
) -> Planlocatie:
    """The CPO's check of one location against the conditions; with `netcheck` the netbeheerder is asked
    first (for a candidate without grid information on the plankaart)."""
    plan = ProactiefPlan.objects.select_related("gemeente").get(pk=planlocatie.plan_id)
    _controleer_actie(plan, door, Recht.PROACTIEF_TOETSEN, "cpo", [P.CPO_TOETS], "toetsen")
    if oordeel not in Planlocatie.Oordeel.values:
        raise ValidationError({"oordeel": _("Kies voldoet of voldoet niet.")})
    toelichting = (toelichting or "").strip()
    if oordeel == Planlocatie.Oordeel.VOLDOET_NIET and not toelichting:
        raise ValidationError({"toelichting": _("Schrijf aan welke voorwaarde de locatie niet voldoet.")})
    with transaction.atomic():
        pl = Planlocatie.objects.select_for_update().select_related("locatie", "plan").get(pk=planlocatie.pk)
        pl.cpo_oordeel, pl.cpo_toelichting = oordeel, toelichting
        pl.save(update_fields=["cpo_oordeel", "cpo_toelichting"])
        if netcheck:
            if pl.locatie.status != L.KANDIDAAT:
                raise ValidationError({"netcheck": _("Een netcheck kan alleen voor een kandidaat-locatie.")})
            vraag_netcheck(pl.locatie, door, reden=_("Proactief plan %(jaar)d") % {"jaar": plan.jaar})
        _registreer(
            plan,
            "toetsen",
            door,
            {"locatie": pl.locatie_id, "oordeel": oordeel, "netcheck": netcheck},
            toelichting,
        )
    return pl


def rond_toets_af(plan: ProactiefPlan, door) -> ProactiefPlan:
    transities.controleer(plan, "toets_afronden", door)
    with transaction.atomic():
        plan = transities.voer_uit(plan, "toets_afronden", door)
        meldingen.verwerken_gevraagd(plan)
    return plan


def plan_realisatie(planlocatie: Planlocatie, door, *, kwartaal: int, prioriteit: int) -> Planlocatie:
    """The CPO's realisation planning: the quarter of the year and the order within it."""
    plan = ProactiefPlan.objects.select_related("gemeente").get(pk=planlocatie.plan_id)
    _controleer_actie(
        plan, door, Recht.PROACTIEF_TOETSEN, "cpo", [P.CPO_TOETS, P.VERWERKEN, P.DEFINITIEF], "plannen"
    )
    if kwartaal not in (1, 2, 3, 4):
        raise ValidationError({"kwartaal": _("Het kwartaal is 1, 2, 3 of 4.")})
    if prioriteit < 1:
        raise ValidationError({"prioriteit": _("De prioriteit is 1 of hoger (1 eerst).")})
    with transaction.atomic():
        Planlocatie.objects.filter(pk=planlocatie.pk).update(kwartaal=kwartaal, prioriteit=prioriteit)
        _registreer(
            plan,
            "plannen",
            door,
            {"locatie": planlocatie.locatie_id, "kwartaal": kwartaal, "prioriteit": prioriteit},
        )
        if plan.status == P.DEFINITIEF:
            _aanvragen_volgen_planning(planlocatie.locatie_id)
    planlocatie.refresh_from_db()
    return planlocatie


def _aanvragen_volgen_planning(locatie_id: int) -> None:
    """Requests waiting on this location are projected again with its (new) quarter (the CPO warned at the cap,
    as when they follow their location); once it is planned (a
    definitive decision and a quarter) the requesters and who joined hear the quarter and the date."""
    from aanvragen import meldingen as aanvraagmeldingen
    from aanvragen import services as aanvraagservices
    from aanvragen.models import Aanvraag

    locatie = Locatie.objects.get(pk=locatie_id)
    planning = selectors.planning_van(locatie)
    for aanvraag in Aanvraag.objects.filter(locatie=locatie, status__in=Aanvraag.OPEN).select_related(
        "gemeente", "locatie"
    ):
        oud = aanvraag.verwacht_gereed
        aanvraag = aanvraagservices.projecteer_opnieuw(aanvraag)
        if planning is not None and planning.gepland and aanvraag.verwacht_gereed != oud:
            aanvraagmeldingen.informeer_betrokkenen(
                aanvraag,
                _("Planning voor aanvraag %(nummer)s") % {"nummer": aanvraag.nummer},
                aanvraagmeldingen.planning_zin(aanvraag, planning),
            )


# The gemeente: processing the input and agreeing.


def verwerk(
    planlocatie: Planlocatie, door, *, besluit: str, toelichting: str = "", vervanging=None
) -> Planlocatie:
    """Keep, replace (by a free candidate of the gemeente, usually the nearest offered) or drop a location."""
    plan = ProactiefPlan.objects.select_related("gemeente").get(pk=planlocatie.plan_id)
    _controleer_actie(plan, door, Recht.PROACTIEF_SELECTEREN, "gemeente", [P.VERWERKEN], "verwerken")
    if besluit not in Planlocatie.Besluit.values:
        raise ValidationError({"besluit": _("Kies behouden, vervangen of laten vervallen.")})
    toelichting = (toelichting or "").strip()
    if besluit != Planlocatie.Besluit.BEHOUDEN and not toelichting:
        raise ValidationError({"toelichting": _("Schrijf waarom, voor het reactierapport.")})
    with transaction.atomic():
        pl = Planlocatie.objects.select_for_update().select_related("locatie").get(pk=planlocatie.pk)
        gegevens = {"locatie": pl.locatie_id, "besluit": besluit}
        if besluit == Planlocatie.Besluit.VERVANGEN:
            pk = getattr(vervanging, "pk", vervanging)
            nieuw = Locatie.objects.filter(pk=pk).first() if pk else None
            if nieuw is None or not selectors.kiesbare_locaties(plan).filter(pk=nieuw.pk).exists():
                raise ValidationError(
                    {
                        "vervanging": _("Kies als vervanging een vrije kandidaat-locatie in %(gemeente)s.")
                        % {"gemeente": plan.gemeente.naam}
                    }
                )
            Planlocatie.objects.create(
                plan=plan,
                locatie=nieuw,
                vervangt=pl,
                besluit=Planlocatie.Besluit.BEHOUDEN,
                besluit_toelichting=_("Vervangt %(locatie)s.") % {"locatie": pl.locatie.omschrijving},
                kwartaal=pl.kwartaal,
                prioriteit=pl.prioriteit,
            )
            gegevens["vervanging"] = nieuw.pk
        pl.besluit, pl.besluit_toelichting = besluit, toelichting
        pl.save(update_fields=["besluit", "besluit_toelichting"])
        _registreer(plan, "verwerken", door, gegevens, toelichting)
    return pl


def beantwoord(reactie: Reactie, door, antwoord: str) -> Reactie:
    """What the gemeente did with a reaction (it appears, anonymised, in the reaction report)."""
    plan = ProactiefPlan.objects.select_related("gemeente").get(pk=reactie.plan_id)
    _controleer_actie(
        plan, door, Recht.PROACTIEF_SELECTEREN, "gemeente", [P.CPO_TOETS, P.VERWERKEN], "beantwoorden"
    )
    antwoord = (antwoord or "").strip()
    if not antwoord:
        raise ValidationError({"antwoord": _("Schrijf wat er met de reactie is gedaan.")})
    with transaction.atomic():
        Reactie.objects.filter(pk=reactie.pk).update(antwoord=antwoord[:2000], beantwoord_op=klok.nu())
        _registreer(plan, "beantwoorden", door, {"reactie": reactie.pk})
    reactie.refresh_from_db()
    return reactie


def publiceer_rapport(plan: ProactiefPlan, door) -> ProactiefPlan:
    """After the term the gemeente publishes the anonymised report on the public page; every resident whose
    reaction counted is told by e-mail."""
    _controleer_actie(
        plan,
        door,
        Recht.PROACTIEF_SELECTEREN,
        "gemeente",
        [P.CPO_TOETS, P.VERWERKEN, P.DEFINITIEF],
        "rapport_publiceren",
    )
    with transaction.atomic():
        plan = transities.vergrendel(plan)
        if plan.rapport_gepubliceerd_op is None:
            plan.rapport_gepubliceerd_op = klok.nu()
            plan.save(update_fields=["rapport_gepubliceerd_op"])
            from django.conf import settings
            from django.urls import reverse

            link = settings.SITE_URL + reverse("plankaart:inspraak", args=[plan.pk])
            adressen = sorted(
                set(plan.reacties.filter(bevestigd_op__isnull=False).values_list("email", flat=True))
            )
            for email in adressen:
                inspraak.mail(
                    email,
                    _("Reactierapport laadpaallocaties %(gemeente)s") % {"gemeente": plan.gemeente.naam},
                    _(
                        "Bedankt voor uw reactie op de voorgestelde laadpaallocaties. %(gemeente)s heeft het "
                        "reactierapport gepubliceerd: per locatie hoeveel reacties er kwamen en wat ermee is gedaan. "
                        "U leest het hier:\n\n%(link)s"
                    )
                    % {"gemeente": plan.gemeente.naam, "link": link},
                )
            _registreer(plan, "rapport_publiceren", door, {"gemaild": len(adressen)})
    return plan


def weiger_akkoord(plan: ProactiefPlan, door, toelichting: str) -> ProactiefPlan:
    transities.controleer(plan, "niet_akkoord", door)
    toelichting = (toelichting or "").strip()
    if not toelichting:
        raise ValidationError({"toelichting": _("Schrijf wat er anders moet.")})
    return transities.voer_uit(plan, "niet_akkoord", door, reden=toelichting, toelichting=toelichting)


def geef_akkoord(plan: ProactiefPlan, door) -> ProactiefPlan:
    """The definitive list: each kept location becomes approved and proactive with the plan's year, and a
    concept verzamelverkeersbesluit is drawn up with the first half year's locations (quarter 1 or 2, or not
    yet planned); the gemeente may add more before publishing it."""
    from verkeersbesluiten.services import concepten

    transities.controleer(plan, "akkoord", door)
    with transaction.atomic():
        plan = transities.voer_uit(plan, "akkoord", door)
        behouden = list(
            plan.planlocaties.filter(besluit=Planlocatie.Besluit.BEHOUDEN)
            .select_related("locatie")
            .order_by("prioriteit", "pk")
        )
        for pl in behouden:
            if pl.locatie.status in (L.KANDIDAAT, L.VOORGESTELD):
                transities.voer_uit(
                    pl.locatie,
                    "proactief_vaststellen",
                    door,
                    volgt=True,
                    reden=str(plan),
                    jaar=plan.jaar,
                    gegevens={"plan": plan.pk},
                )
        eerste_halfjaar = [pl.locatie for pl in behouden if pl.kwartaal in (None, 1, 2)]
        goedgekeurd = list(
            Locatie.objects.filter(pk__in=[loc.pk for loc in eerste_halfjaar], status=L.GOEDGEKEURD)
        )
        if goedgekeurd:
            besluit = concepten.maak_concept(
                plan.gemeente,
                door,
                titel=_("Verzamelverkeersbesluit proactieve laadpalen %(jaar)d, eerste halfjaar")
                % {"jaar": plan.jaar},
                locaties=goedgekeurd,
                toelichting=_(
                    "Proactieve plaatsing volgens de prognose (%(prognose)d laadpunten nodig in %(jaar)d; "
                    "%(pct)d%% proactief) na inspraak van de inwoners."
                )
                % {"prognose": plan.prognose, "jaar": plan.jaar, "pct": plan.percentage},
            )
            plan.verkeersbesluit = besluit
            plan.save(update_fields=["verkeersbesluit"])
        meldingen.definitief(plan)
    return plan


# From the list to the street: batches of at most 80, the gemeente's provisional approval and order, the energy
# contract per batch.


def stel_batch_voor(plan: ProactiefPlan, door, planlocaties) -> Uitvoeringsbatch:
    """The CPO puts kept locations of a definitive plan in a batch (at most 80), in its realisation order."""
    _controleer_actie(plan, door, Recht.PROACTIEF_TOETSEN, "cpo", [P.DEFINITIEF], "batch_voorstellen")
    ids = sorted({getattr(pl, "pk", pl) for pl in planlocaties})
    if not ids:
        raise ValidationError({"planlocaties": _("Kies ten minste één locatie.")})
    if len(ids) > Uitvoeringsbatch.MAXIMUM:
        raise ValidationError(
            {"planlocaties": _("Een batch heeft hoogstens %(n)d locaties.") % {"n": Uitvoeringsbatch.MAXIMUM}}
        )
    with transaction.atomic():
        plan = transities.vergrendel(plan)
        rijen = list(
            Planlocatie.objects.select_for_update().filter(plan=plan, pk__in=ids).select_related("locatie")
        )
        fouten = [
            _("%(locatie)s staat niet op de definitieve lijst of al in een batch.") % {"locatie": pl.locatie}
            for pl in rijen
            if pl.besluit != Planlocatie.Besluit.BEHOUDEN or pl.uitvoeringsbatch_id is not None
        ]
        if len(rijen) != len(ids):
            fouten.append(_("Een gekozen locatie hoort niet bij dit plan."))
        if fouten:
            raise ValidationError({"planlocaties": fouten})
        volgnummer = (plan.uitvoeringsbatches.aggregate(m=Max("volgnummer"))["m"] or 0) + 1
        batch = Uitvoeringsbatch.objects.create(plan=plan, volgnummer=volgnummer)
        Planlocatie.objects.filter(pk__in=ids).update(uitvoeringsbatch=batch)
        _registreer(
            plan,
            "batch_voorstellen",
            door,
            {"batch": volgnummer, "locaties": [pl.locatie_id for pl in rijen]},
        )
        meldingen.batch_voorgesteld(batch, len(rijen))
    return batch


def keur_batch_goed(batch: Uitvoeringsbatch, door) -> Uitvoeringsbatch:
    """The gemeente's provisional approval and order to the CPO: the batch's locations are released for their
    grid connection, requested at once for those that may have one now (a definitive decision, or one in
    procedure when the gemeente starts the connection during the objection term); the rest when their decision
    becomes definitive."""
    from netaansluiting import services as netaansluitingservices
    from netaansluiting.selectors import aansluiting_mogelijk

    plan = ProactiefPlan.objects.select_related("gemeente").get(pk=batch.plan_id)
    _controleer_actie(plan, door, Recht.PROACTIEF_VASTSTELLEN, "gemeente", [P.DEFINITIEF], "batch_goedkeuren")
    with transaction.atomic():
        try:
            # The plan's action was checked above; the batch follows it, with its own history row.
            batch = transities.voer_uit(batch, "goedkeuren", door, volgt=True)
        except transities.NietToegestaan:
            raise transities.NietToegestaan("batch_goedkeuren") from None
        mogelijk = [
            pl.locatie
            for pl in batch.planlocaties.select_related("locatie", "locatie__gemeente")
            if aansluiting_mogelijk(pl.locatie)
        ]
        aansluitingen = netaansluitingservices.vraag_vanzelf_aan_velen(mogelijk, door)
        aangevraagd = [locatie.pk for locatie in mogelijk if locatie.pk in aansluitingen]
        _registreer(plan, "batch_goedkeuren", door, {"batch": batch.volgnummer, "aangevraagd": aangevraagd})
        meldingen.batch_goedgekeurd(batch)
    return batch


def vraag_energiecontract_aan(
    batch: Uitvoeringsbatch, door, *, energieleverancier: str, op=None
) -> Uitvoeringsbatch:
    plan = ProactiefPlan.objects.select_related("gemeente").get(pk=batch.plan_id)
    _controleer_actie(plan, door, Recht.PROACTIEF_TOETSEN, "cpo", [P.DEFINITIEF], "energiecontract_aanvragen")
    energieleverancier = (energieleverancier or "").strip()
    if not energieleverancier:
        raise ValidationError({"energieleverancier": _("Vul de energieleverancier in.")})
    with transaction.atomic():
        batch = Uitvoeringsbatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != Uitvoeringsbatch.Status.GOEDGEKEURD:
            raise transities.NietToegestaan("energiecontract_aanvragen")
        batch.energieleverancier = energieleverancier[:200]
        batch.energiecontract_aangevraagd_op = op or klok.vandaag()
        batch.save(update_fields=["energieleverancier", "energiecontract_aangevraagd_op"])
        _registreer(
            plan,
            "energiecontract_aanvragen",
            door,
            {"batch": batch.volgnummer, "leverancier": batch.energieleverancier},
        )
    return batch


# Requests meet proactive locations (DESIGN.md 3, lane 1 and lane 3).


def neem_op_in_planning(aanvraag, planning: selectors.Planning, door) -> None:
    """A request was linked to a location of the definitive list that has no definitive decision or no
    planned quarter yet: the location joins the realisation planning. The plan records which request waits
    on it; without a quarter the CPO is asked to give it one."""
    _registreer(
        planning.plan,
        "aanvraag_gekoppeld",
        door,
        {"locatie": planning.planlocatie.locatie_id, "aanvraag": aanvraag.nummer},
    )
    if planning.begin is None:
        meldingen.planning_gevraagd(planning, aanvraag)
