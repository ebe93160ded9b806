"""Who sees which forecast, plan and reaction (the proactive lane): the one place these rules live.

A plan is seen by its provincie, its gemeente and the CPO serving that gemeente; anyone else gets a 404.
Reactions with name, address and e-mail are the gemeente's only; the CPO reads them without those fields
(the API and the pages leave them out, see `ziet_persoonsgegevens`); the public reads only the published,
anonymised report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from plankaart.modellen_proactief import Planlocatie, ProactiefPlan, Prognose, Reactie
from plankaart.models import Locatie
from portal import geo
from portal.models import Organisatie
from portal.selectors import gemeenten_van_cpo, is_cpo_van_gemeente

G = Organisatie.Soort


def _organisatie(gebruiker):
    if not gebruiker.is_authenticated:
        return None
    return getattr(gebruiker, "organisatie", None)


def speelt_rol(gebruiker, plan: ProactiefPlan, soort: str) -> bool:
    """Whether the user acts for the organisation that plays `soort` (provincie, gemeente, cpo) in the plan."""
    organisatie = _organisatie(gebruiker)
    if organisatie is None or organisatie.soort != soort:
        return False
    if soort == G.PROVINCIE:
        return organisatie.pk == plan.provincie_id
    if soort == G.GEMEENTE:
        return organisatie.pk == plan.gemeente_id
    if soort == G.CPO:
        return is_cpo_van_gemeente(gebruiker, plan.gemeente_id)
    return False


def zichtbare_plannen(gebruiker) -> QuerySet[ProactiefPlan]:
    alle = ProactiefPlan.objects.select_related("gemeente", "provincie", "termijn_organisatie")
    if gebruiker.is_authenticated and gebruiker.is_superuser:
        return alle
    organisatie = _organisatie(gebruiker)
    if organisatie is None:
        return alle.none()
    if organisatie.soort == G.PROVINCIE:
        return alle.filter(provincie=organisatie)
    if organisatie.soort == G.GEMEENTE:
        return alle.filter(gemeente=organisatie)
    if organisatie.soort == G.CPO:
        return alle.filter(gemeente__in=gemeenten_van_cpo(organisatie))
    return alle.none()


def zichtbare_prognoses(gebruiker) -> QuerySet[Prognose]:
    """The provincie sees its forecasts (all versions); a gemeente its own; others none."""
    alle = Prognose.objects.select_related("gemeente")
    if gebruiker.is_authenticated and gebruiker.is_superuser:
        return alle
    organisatie = _organisatie(gebruiker)
    if organisatie is None:
        return alle.none()
    if organisatie.soort == G.PROVINCIE:
        return alle.filter(provincie=organisatie)
    if organisatie.soort == G.GEMEENTE:
        return alle.filter(gemeente=organisatie)
    return alle.none()


def ziet_persoonsgegevens(gebruiker, plan: ProactiefPlan) -> bool:
    """Only the plan's own gemeente (and an administrator) reads who reacted."""
    if gebruiker.is_authenticated and gebruiker.is_superuser:
        return True
    return speelt_rol(gebruiker, plan, G.GEMEENTE)


def zichtbare_reacties(gebruiker) -> QuerySet[Reactie]:
    """Reactions on plans the user sees, except the provincie's: it does not handle them. Only confirmed
    reactions count; the gemeente also sees the unconfirmed ones (marked as such)."""
    plannen = zichtbare_plannen(gebruiker)
    organisatie = _organisatie(gebruiker)
    rijen = Reactie.objects.select_related("planlocatie__locatie", "plan__gemeente").filter(plan__in=plannen)
    if gebruiker.is_authenticated and gebruiker.is_superuser:
        return rijen
    if organisatie is None or organisatie.soort == G.PROVINCIE:
        return rijen.none()
    if organisatie.soort == G.CPO:
        return rijen.filter(bevestigd_op__isnull=False)
    return rijen


def huidig_totaal(gemeente, jaar: int, scenario: str) -> tuple[int, Prognose | None]:
    """The forecast for a gemeente and year: its gemeente-wide row, else the sum of its wijken, else of its
    buurten (current versions only)."""
    rijen = list(
        Prognose.objects.filter(gemeente=gemeente, jaar=jaar, scenario=scenario, vervangen_op__isnull=True)
    )
    geheel = [r for r in rijen if not r.wijkcode and not r.buurtcode]
    if geheel:
        return geheel[0].laadpunten_nodig, geheel[0]
    wijken = [r for r in rijen if r.wijkcode and not r.buurtcode]
    if wijken:
        return sum(r.laadpunten_nodig for r in wijken), None
    return sum(r.laadpunten_nodig for r in rijen if r.buurtcode), None


def gemeenten_in_provincie(provincie) -> QuerySet[Organisatie]:
    return Organisatie.objects.filter(soort=G.GEMEENTE, provincie=provincie).order_by("naam")


def provincieoverzicht(provincie, jaar: int) -> list[dict]:
    """Per gemeente of the provincie: its forecast, its plan for `jaar` (state, who is at turn, count against
    target) or that it has not started."""
    plannen = {
        p.gemeente_id: p
        for p in ProactiefPlan.objects.filter(provincie=provincie, jaar=jaar)
        .exclude(status=ProactiefPlan.Status.INGETROKKEN)
        .select_related("termijn_organisatie")
    }
    geselecteerd = dict(
        Planlocatie.objects.filter(plan__in=plannen.values())
        .exclude(besluit__in=[Planlocatie.Besluit.VERVALLEN, Planlocatie.Besluit.VERVANGEN])
        .values("plan__gemeente_id")
        .annotate(n=Count("pk"))
        .values_list("plan__gemeente_id", "n")
    )
    rijen = []
    for gemeente in gemeenten_in_provincie(provincie):
        plan = plannen.get(gemeente.pk)
        prognose, _ = huidig_totaal(gemeente, jaar, plan.scenario if plan else "midden")
        rijen.append(
            {
                "gemeente": gemeente,
                "prognose": prognose,
                "plan": plan,
                "geselecteerde_locaties": geselecteerd.get(gemeente.pk, 0),
            }
        )
    return rijen


def kiesbare_locaties(plan: ProactiefPlan) -> QuerySet[Locatie]:
    """Candidates of the plan's gemeente that can still be selected."""
    return (
        Locatie.objects.filter(gemeente=plan.gemeente, status=Locatie.Status.KANDIDAAT)
        .exclude(planlocaties__plan=plan)
        .order_by("omschrijving")
    )


def dichtstbijzijnde_alternatieven(planlocatie: Planlocatie, aantal: int = 3) -> list[tuple[Locatie, float]]:
    """The nearest candidates of the gemeente not yet in the plan: what the gemeente is offered to replace a
    location with."""
    loc = planlocatie.locatie
    kandidaten = kiesbare_locaties(planlocatie.plan).exclude(pk=loc.pk)
    gemeten = [(k, geo.afstand_m((loc.rd_x, loc.rd_y), (k.rd_x, k.rd_y))) for k in kandidaten]
    return sorted(gemeten, key=lambda paar: paar[1])[:aantal]


def plannen_in_inspraak() -> QuerySet[ProactiefPlan]:
    """What the public sees: plans in participation, and plans whose reaction report is published."""
    return (
        ProactiefPlan.objects.select_related("gemeente")
        .filter(Q(status=ProactiefPlan.Status.INSPRAAK) | Q(rapport_gepubliceerd_op__isnull=False))
        .exclude(status=ProactiefPlan.Status.INGETROKKEN)
        .order_by("gemeente__naam", "-jaar")
    )


def reactierapport(plan: ProactiefPlan) -> list[dict]:
    """The anonymised report: per location the counts of confirmed reactions and the answers given, never a
    name, address, e-mail or the resident's own words."""
    rijen = []
    reacties = list(
        plan.reacties.filter(bevestigd_op__isnull=False).values("planlocatie_id", "soort", "antwoord")
    )
    for pl in plan.planlocaties.select_related("locatie").order_by("locatie__omschrijving"):
        eigen = [r for r in reacties if r["planlocatie_id"] == pl.pk]
        rijen.append(
            {
                "locatie": pl.locatie.omschrijving,
                "lat": pl.locatie.lat,
                "lon": pl.locatie.lon,
                "geschikt": sum(r["soort"] == Reactie.Soort.GESCHIKT for r in eigen),
                "ongeschikt": sum(r["soort"] == Reactie.Soort.ONGESCHIKT for r in eigen),
                "alternatief": sum(r["soort"] == Reactie.Soort.ALTERNATIEF for r in eigen),
                "besluit": pl.get_besluit_display() if pl.besluit else "",
                "toelichting": pl.besluit_toelichting,
                "antwoorden": sorted({r["antwoord"] for r in eigen if r["antwoord"]}),
            }
        )
    return rijen


def wacht_op_batchgoedkeuring(locatie) -> bool:
    """A location on a definitive proactive list whose batch the gemeente has not yet approved provisionally:
    its grid connection waits (seed 000: 'Gemeente: voorlopig goedkeuren en opdracht CPO')."""
    return bool(locaties_wachtend_op_batchgoedkeuring([locatie.pk]))


def locaties_wachtend_op_batchgoedkeuring(locatie_ids) -> set[int]:
    """Of these locations, the ones whose grid connection waits for their batch's approval (one query)."""
    from plankaart.modellen_proactief import Uitvoeringsbatch

    return set(
        Planlocatie.objects.filter(
            locatie__in=list(locatie_ids),
            plan__status=ProactiefPlan.Status.DEFINITIEF,
            besluit=Planlocatie.Besluit.BEHOUDEN,
        )
        .exclude(uitvoeringsbatch__status=Uitvoeringsbatch.Status.GOEDGEKEURD)
        .values_list("locatie_id", flat=True)
    )


@dataclass(frozen=True)
class Planning:
    """Where a proactive location stands in the realisation planning of the plan that kept it."""

    planlocatie: Planlocatie
    plan: ProactiefPlan
    besluit_definitief: bool  # its verkeersbesluit is definitive (the location is definitief or further)
    begin: dt.date | None  # the planned quarter, when the CPO gave one
    einde: dt.date | None

    @property
    def gepland(self) -> bool:
        """DESIGN.md 3, lane 1: a definitive decision and a planned quarter, so a requester gets a date."""
        return self.besluit_definitief and self.begin is not None

    @property
    def kwartaal_tekst(self) -> str:
        if self.begin is None:
            return ""
        return _("%(kwartaal)de kwartaal van %(jaar)d") % {
            "kwartaal": self.planlocatie.kwartaal,
            "jaar": self.plan.jaar,
        }


def kwartaal_periode(jaar: int, kwartaal: int) -> tuple[dt.date, dt.date]:
    begin = dt.date(jaar, 3 * (kwartaal - 1) + 1, 1)
    volgend = dt.date(jaar + 1, 1, 1) if kwartaal == 4 else dt.date(jaar, 3 * kwartaal + 1, 1)
    return begin, volgend - dt.timedelta(days=1)


def planning_voor(aanvraag) -> Planning | None:
    """The planning of the proactive location a request is linked to (planning_van), or None."""
    return planning_van(aanvraag.locatie) if aanvraag.locatie_id else None


def planning_van(locatie) -> Planning | None:
    """The definitive proactive plan that kept this location, with its planned quarter; None for a location
    that is not proactive, not on a definitive list, or already delivered or dropped."""
    if locatie is None or not locatie.proactief:
        return None
    L = Locatie.Status
    if locatie.status in (L.OPGELEVERD, L.GEREALISEERD, L.VERVALLEN, L.KANDIDAAT):
        return None
    pl = (
        Planlocatie.objects.filter(
            locatie=locatie,
            plan__status=ProactiefPlan.Status.DEFINITIEF,
            besluit=Planlocatie.Besluit.BEHOUDEN,
        )
        .select_related("plan", "plan__gemeente")
        .order_by("-plan__jaar")
        .first()
    )
    if pl is None:
        return None
    begin = einde = None
    if pl.kwartaal:
        begin, einde = kwartaal_periode(pl.plan.jaar, pl.kwartaal)
    return Planning(
        planlocatie=pl,
        plan=pl.plan,
        besluit_definitief=locatie.status in (L.DEFINITIEF, L.IN_REALISATIE),
        begin=begin,
        einde=einde,
    )


def proactieve_locatie_nabij(aanvraag):
    """The nearest location of a definitive proactive list within the request's radius that still has a
    charging point free (DESIGN.md 3, lane 1); None when there is none."""
    from aanvragen.models import Aanvraagvoorwaarden
    from plankaart.selectors import locaties_nabij, open_aanvragen_per_locatie

    L = Locatie.Status
    rijen = Locatie.objects.filter(
        proactief=True,
        status__in=[L.GOEDGEKEURD, L.IN_PROCEDURE, L.DEFINITIEF, L.IN_REALISATIE],
        planlocaties__plan__status=ProactiefPlan.Status.DEFINITIEF,
        planlocaties__besluit=Planlocatie.Besluit.BEHOUDEN,
    ).distinct()
    straal = Aanvraagvoorwaarden.voor(aanvraag.gemeente).straal_m
    nabij = locaties_nabij(aanvraag.lat, aanvraag.lon, straal, gemeente=aanvraag.gemeente, rijen=rijen)
    bezet = open_aanvragen_per_locatie([n.locatie for n in nabij]) if nabij else {}
    for n in nabij:
        if bezet.get(n.locatie.pk, 0) < n.locatie.laadpunten:
            return n
    return None
