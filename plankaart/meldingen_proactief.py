"""Who is told what in the proactive lane: messages to the organisation at turn, through the outbox."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from portal import berichten
from portal.selectors import cpo_van
from portal.termijnen import datum_lang


def _link(plan) -> str:
    return reverse("plankaart:proactief_plan", args=[plan.pk])


def aantal_bepaald(plan) -> None:
    berichten.verstuur_aan_organisatie(
        plan.gemeente,
        _("Proactieve laadpalen %(jaar)d: kies %(aantal)d laadpunten")
        % {"jaar": plan.jaar, "aantal": plan.aantal},
        _(
            "%(provincie)s heeft het aantal proactieve laadpunten voor %(jaar)d bepaald: %(aantal)d (%(pct)d%% van "
            "de prognose van %(prognose)d). Selecteer uw voorkeurslocaties uiterlijk %(datum)s."
        )
        % {
            "provincie": plan.provincie.naam,
            "jaar": plan.jaar,
            "aantal": plan.aantal,
            "pct": plan.percentage,
            "prognose": plan.prognose,
            "datum": datum_lang(plan.termijn_uiterlijk) if plan.termijn_uiterlijk else "—",
        },
        link=_link(plan),
        per_email=True,
    )


def inspraak_gestart(plan) -> None:
    cpo = cpo_van(plan.gemeente)
    tekst = _(
        "%(gemeente)s legt de proactieve locaties voor %(jaar)d voor aan de inwoners, tot en met %(datum)s."
    ) % {"gemeente": plan.gemeente.naam, "jaar": plan.jaar, "datum": datum_lang(plan.inspraak_tot)}
    for organisatie in filter(None, [cpo, plan.provincie]):
        berichten.verstuur_aan_organisatie(
            organisatie, _("Inspraak gestart: %(plan)s") % {"plan": plan}, tekst, link=_link(plan)
        )


def toets_gevraagd(plan) -> None:
    if plan.termijn_organisatie is None:
        return
    berichten.verstuur_aan_organisatie(
        plan.termijn_organisatie,
        _("Toets de proactieve locaties: %(plan)s") % {"plan": plan},
        _(
            "De inspraak is gesloten. Toets elke locatie aan de voorwaarden en vraag een netcheck waar de "
            "netinformatie ontbreekt, uiterlijk %(datum)s."
        )
        % {"datum": datum_lang(plan.termijn_uiterlijk)},
        link=_link(plan),
        per_email=True,
    )


def verwerken_gevraagd(plan) -> None:
    berichten.verstuur_aan_organisatie(
        plan.gemeente,
        _("Verwerk de inspraak: %(plan)s") % {"plan": plan},
        _(
            "De exploitant heeft de locaties getoetst. Besluit per locatie (behouden, vervangen of laten "
            "vervallen), beantwoord de reacties en geef akkoord, uiterlijk %(datum)s."
        )
        % {"datum": datum_lang(plan.termijn_uiterlijk)},
        link=_link(plan),
        per_email=True,
    )


def definitief(plan) -> None:
    cpo = cpo_van(plan.gemeente)
    tekst = _(
        "%(gemeente)s heeft de proactieve lijst voor %(jaar)d vastgesteld. Stel de realisatieplanning op "
        "(kwartaal en prioriteit per locatie)."
    ) % {"gemeente": plan.gemeente.naam, "jaar": plan.jaar}
    for organisatie in filter(None, [cpo, plan.provincie]):
        berichten.verstuur_aan_organisatie(
            organisatie, _("Definitief: %(plan)s") % {"plan": plan}, tekst, link=_link(plan), per_email=True
        )


def batch_voorgesteld(batch, aantal: int) -> None:
    plan = batch.plan
    berichten.verstuur_aan_organisatie(
        plan.gemeente,
        _("Keur batch %(n)d goed: %(plan)s") % {"n": batch.volgnummer, "plan": plan},
        _(
            "De exploitant stelt batch %(n)d voor met %(aantal)d locaties. Keur de batch voorlopig goed en geef de "
            "opdracht; pas dan worden de netaansluitingen aangevraagd."
        )
        % {"n": batch.volgnummer, "aantal": aantal},
        link=_link(plan),
        per_email=True,
    )


def batch_goedgekeurd(batch) -> None:
    plan = batch.plan
    cpo = cpo_van(plan.gemeente)
    if cpo is None:
        return
    berichten.verstuur_aan_organisatie(
        cpo,
        _("Opdracht: batch %(n)d van %(plan)s") % {"n": batch.volgnummer, "plan": plan},
        _(
            "%(gemeente)s heeft batch %(n)d voorlopig goedgekeurd en geeft u opdracht. De netaansluitingen zijn "
            "aangevraagd voor de locaties met een definitief besluit; vraag het energiecontract voor de batch aan."
        )
        % {"gemeente": plan.gemeente.naam, "n": batch.volgnummer},
        link=_link(plan),
        per_email=True,
    )


def planning_gevraagd(planning, aanvraag) -> None:
    """The CPO gives the location its quarter: a request now waits on it."""
    plan, locatie = planning.plan, planning.planlocatie.locatie
    cpo = cpo_van(plan.gemeente)
    if cpo is None:
        return
    berichten.verstuur_aan_organisatie(
        cpo,
        _("Plan proactieve locatie in: %(omschrijving)s") % {"omschrijving": locatie.omschrijving},
        _(
            "Aanvraag %(nummer)s is gekoppeld aan %(omschrijving)s van de proactieve lijst van %(gemeente)s voor "
            "%(jaar)d. Die locatie heeft nog geen gepland kwartaal. Neem haar op in de realisatieplanning "
            "(kwartaal en prioriteit), zodat de aanvrager een datum krijgt."
        )
        % {
            "nummer": aanvraag.nummer,
            "omschrijving": locatie.omschrijving,
            "gemeente": plan.gemeente.naam,
            "jaar": plan.jaar,
        },
        link=_link(plan),
    )
