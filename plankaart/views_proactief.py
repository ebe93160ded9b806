"""Browser pages of the proactive lane: the provincie's page (forecasts, plans per gemeente, gemeenten not
started), a plan's page for the gemeente and the CPO, and the public participation page (no login)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from plankaart import selectors_proactief as selectors
from plankaart.modellen_proactief import (
    Planlocatie,
    ProactiefPlan,
    Prognose,
    Prognoseimport,
    Reactie,
    Uitvoeringsbatch,
)
from plankaart.services import inspraak, proactief, prognoses
from portal import historie, inlogbeveiliging, klok, rechten, transities
from portal.models import Organisatie
from portal.rechten import Recht
from portal.termijnen import datum_lang
from portal.toegang import alleen_medewerkers

P = ProactiefPlan.Status


def _fouten(request, fout: ValidationError) -> None:
    for tekst in fout.messages:
        messages.error(request, tekst)


def _uitvoeren(request, functie, *args, gelukt: str = "", **kwargs):
    """Run a service for a page: a refusal for want of a role is a 403, a wrong state or bad input a message."""
    try:
        uitkomst = functie(*args, **kwargs)
    except transities.GeenRecht as fout:
        raise PermissionDenied(fout.reden or _("U mag dit niet.")) from fout
    except transities.NietToegestaan:
        messages.error(request, _("Dat kan niet in de huidige stap van het plan."))
        return None
    except ValidationError as fout:
        _fouten(request, fout)
        return None
    if gelukt:
        messages.success(request, gelukt)
    return uitkomst


def _provincie(gebruiker):
    organisatie = getattr(gebruiker, "organisatie", None)
    return (
        organisatie if organisatie is not None and organisatie.soort == Organisatie.Soort.PROVINCIE else None
    )


@alleen_medewerkers
def overzicht(request):
    """The provincie's work: forecasts, plans per gemeente and who is at turn; others: their plans."""
    provincie = _provincie(request.user)
    jaar = int(request.GET["jaar"]) if request.GET.get("jaar", "").isdigit() else klok.vandaag().year + 1
    context = {
        "jaar": jaar,
        "plannen": selectors.zichtbare_plannen(request.user).order_by("-jaar", "gemeente__naam"),
    }
    if provincie is not None:
        context.update(
            provincie=provincie,
            rijen=selectors.provincieoverzicht(provincie, jaar),
            prognoses=Prognose.objects.filter(provincie=provincie, vervangen_op__isnull=True)
            .select_related("gemeente")
            .order_by("gemeente__naam", "jaar", "scenario", "wijkcode", "buurtcode")[:200],
            imports=Prognoseimport.objects.filter(provincie=provincie)[:10],
            mag_importeren=rechten.heeft(request.user, Recht.PROGNOSE_IMPORTEREN),
            mag_bepalen=rechten.heeft(request.user, Recht.PROACTIEF_AANTAL_BEPALEN),
        )
    return render(request, "plankaart/proactief/overzicht.html", context)


@alleen_medewerkers
@require_POST
def prognose_uploaden(request):
    bestand = request.FILES.get("bestand")
    if bestand is None:
        messages.error(request, _("Kies een bestand (veld bestand)."))
        return redirect("plankaart:proactief")
    try:
        imp = prognoses.start_import(request.user, bestand.name, bestand.read())
    except PermissionDenied:
        raise
    except ValidationError as fout:
        _fouten(request, fout)
        return redirect("plankaart:proactief")
    return redirect("plankaart:prognose_import", pk=imp.pk)


@alleen_medewerkers
def prognose_import(request, pk: int):
    provincie = _provincie(request.user)
    imp = get_object_or_404(Prognoseimport, pk=pk, provincie=provincie) if provincie else None
    if imp is None:
        raise Http404
    gelukt = _("De prognose is toegepast.")
    if request.method == "POST" and _uitvoeren(request, prognoses.pas_toe, imp, request.user, gelukt=gelukt):
        return redirect("plankaart:prognose_import", pk=imp.pk)
    return render(request, "plankaart/proactief/prognose_import.html", {"imp": imp})


@alleen_medewerkers
@require_POST
def plan_maken(request):
    provincie = _provincie(request.user)
    if provincie is None:
        raise Http404
    gemeente = get_object_or_404(
        selectors.gemeenten_in_provincie(provincie), pk=request.POST.get("gemeente") or 0
    )
    try:
        jaar = int(request.POST.get("jaar", ""))
        percentage = int(request.POST["percentage"]) if request.POST.get("percentage") else None
    except ValueError:
        messages.error(request, _("Jaar en percentage zijn hele getallen."))
        return redirect("plankaart:proactief")
    plan = _uitvoeren(
        request,
        proactief.maak_plan,
        request.user,
        gemeente,
        jaar,
        scenario=request.POST.get("scenario") or "midden",
        percentage=percentage,
    )
    if plan is None:
        return redirect(reverse("plankaart:proactief") + f"?jaar={jaar}")
    messages.success(
        request,
        _("Plan voor %(gemeente)s: %(aantal)d proactieve laadpunten.")
        % {"gemeente": gemeente.naam, "aantal": plan.aantal},
    )
    return redirect("plankaart:proactief_plan", pk=plan.pk)


def _plancontext(request, plan: ProactiefPlan) -> dict:
    gebruiker = request.user
    rol = {
        s: selectors.speelt_rol(gebruiker, plan, s)
        for s in (Organisatie.Soort.PROVINCIE, Organisatie.Soort.GEMEENTE, Organisatie.Soort.CPO)
    }
    planlocaties = list(
        plan.planlocaties.select_related("locatie", "vervangt__locatie").order_by("prioriteit", "pk")
    )
    persoonsgegevens = selectors.ziet_persoonsgegevens(gebruiker, plan)
    reacties = list(selectors.zichtbare_reacties(gebruiker).filter(plan=plan))
    alternatieven = {}
    if plan.status == P.VERWERKEN and rol["gemeente"]:
        alternatieven = {pl.pk: selectors.dichtstbijzijnde_alternatieven(pl) for pl in planlocaties}
    for pl in planlocaties:
        pl.alternatieven = alternatieven.get(pl.pk, [])
    kandidaten = list(selectors.kiesbare_locaties(plan)[:300]) if plan.status == P.SELECTEREN else []
    is_gemeente = rol["gemeente"] and rechten.heeft(gebruiker, Recht.PROACTIEF_SELECTEREN)
    return {
        "plan": plan,
        "is_gemeente": is_gemeente,
        "is_coordinator": rol["gemeente"] and rechten.heeft(gebruiker, Recht.PROACTIEF_VASTSTELLEN),
        "is_cpo": rol["cpo"] and rechten.heeft(gebruiker, Recht.PROACTIEF_TOETSEN),
        "is_provincie": rol["provincie"] and rechten.heeft(gebruiker, Recht.PROACTIEF_AANTAL_BEPALEN),
        "planlocaties": planlocaties,
        "geselecteerd": plan.geselecteerd,
        "kandidaten": kandidaten,
        "selectiekaart": _selectiekaart(plan, planlocaties, kandidaten)
        if is_gemeente and plan.status == P.SELECTEREN
        else None,
        "reacties": reacties,
        "persoonsgegevens": persoonsgegevens,
        "toegestaan": transities.toegestane_transities(plan, gebruiker),
        "historie": _historie(plan),
        "batches": list(plan.uitvoeringsbatches.prefetch_related("planlocaties__locatie")),
        "zonder_batch": [
            pl
            for pl in planlocaties
            if pl.besluit == Planlocatie.Besluit.BEHOUDEN and pl.uitvoeringsbatch_id is None
        ],
        "meer": max(plan.geselecteerd - plan.aantal, 0),
        "minder": max(plan.aantal - plan.geselecteerd, 0),
        "inspraak_voorbij": plan.inspraak_tot is not None and klok.vandaag() > plan.inspraak_tot,
        "uiterlijk": datum_lang(plan.termijn_uiterlijk) if plan.termijn_uiterlijk else "",
    }


_NIET_MEER_IN_HET_PLAN = (Planlocatie.Besluit.VERVALLEN, Planlocatie.Besluit.VERVANGEN)


def _selectiekaart(plan, planlocaties, kandidaten) -> dict:
    """What the selection map draws (portal/static/portal/selectiekaart.js): the plan's locations, the free
    candidates, the target and the count so far, and its texts (the script only fills in numbers and names)."""

    def punt(loc) -> dict:
        return {"id": loc.pk, "lat": loc.lat, "lon": loc.lon, "naam": loc.omschrijving, "laadpunten": loc.laadpunten}

    return {
        "doel": plan.aantal,
        "geselecteerd": plan.geselecteerd,
        "plan": [punt(pl.locatie) for pl in planlocaties if pl.besluit not in _NIET_MEER_IN_HET_PLAN],
        "kandidaten": [punt(loc) for loc in kandidaten],
        "teksten": {
            "teller": _("Laadpunten na deze keuze: %(totaal)s (doel %(doel)s)."),
            "meer": _("Dat is %(n)s meer dan het doel."),
            "minder": _("Nog %(n)s te gaan."),
            "in_plan": _("In het plan: %(naam)s"),
            "kandidaat": _("Kandidaat: %(naam)s (klik om aan of uit te vinken)"),
        },
    }


TITELS = {
    "aanmaken": _lazy("Aantal bepaald door de provincie"),
    "percentage_wijzigen": _lazy("Percentage gewijzigd"),
    "selecteren": _lazy("Locaties geselecteerd"),
    "deselecteren": _lazy("Locatie uit de selectie gehaald"),
    "inspraak_starten": _lazy("Inspraak gestart"),
    "inspraak_sluiten": _lazy("Inspraak gesloten"),
    "toetsen": _lazy("Locatie getoetst door de exploitant"),
    "toets_afronden": _lazy("Toets afgerond"),
    "plannen": _lazy("Realisatieplanning bijgewerkt"),
    "verwerken": _lazy("Besluit over een locatie"),
    "beantwoorden": _lazy("Reactie beantwoord"),
    "rapport_publiceren": _lazy("Reactierapport gepubliceerd"),
    "akkoord": _lazy("Akkoord: definitieve lijst"),
    "niet_akkoord": _lazy("Niet akkoord: terug naar selectie"),
    "intrekken": _lazy("Ingetrokken"),
    "batch_voorstellen": _lazy("Batch voorgesteld door de exploitant"),
    "batch_goedkeuren": _lazy("Batch voorlopig goedgekeurd, opdracht gegeven"),
    "energiecontract_aanvragen": _lazy("Energiecontract aangevraagd voor een batch"),
    "aanvraag_gekoppeld": _lazy("Aanvraag gekoppeld aan een locatie: neemt deel aan de planning"),
}


def _historie(plan) -> list:
    rijen = list(historie.historie_van(plan).order_by("op", "pk"))
    for rij in rijen:
        rij.titel = TITELS.get(rij.transitie, rij.transitie)
    return rijen


ACTIES = {
    "selecteren": lambda r, plan: proactief.selecteer(
        plan, r.user, [int(x) for x in r.POST.getlist("locaties") if x.isdigit()]
    ),
    "deselecteren": lambda r, plan: proactief.deselecteer(plan, r.user, int(r.POST.get("locatie") or 0)),
    "inspraak_starten": lambda r, plan: proactief.start_inspraak(plan, r.user),
    "inspraak_sluiten": lambda r, plan: proactief.sluit_inspraak(plan, r.user),
    "toetsen": lambda r, plan: proactief.toets(
        get_object_or_404(Planlocatie, plan=plan, pk=r.POST.get("planlocatie") or 0),
        r.user,
        oordeel=r.POST.get("oordeel", ""),
        toelichting=r.POST.get("toelichting", ""),
        netcheck=r.POST.get("netcheck") == "ja",
    ),
    "toets_afronden": lambda r, plan: proactief.rond_toets_af(plan, r.user),
    "plannen": lambda r, plan: proactief.plan_realisatie(
        get_object_or_404(Planlocatie, plan=plan, pk=r.POST.get("planlocatie") or 0),
        r.user,
        kwartaal=int(r.POST.get("kwartaal") or 0) if (r.POST.get("kwartaal") or "0").isdigit() else 0,
        prioriteit=int(r.POST.get("prioriteit") or 0) if (r.POST.get("prioriteit") or "0").isdigit() else 0,
    ),
    "verwerken": lambda r, plan: proactief.verwerk(
        get_object_or_404(Planlocatie, plan=plan, pk=r.POST.get("planlocatie") or 0),
        r.user,
        besluit=r.POST.get("besluit", ""),
        toelichting=r.POST.get("toelichting", ""),
        vervanging=int(r.POST["vervanging"]) if r.POST.get("vervanging", "").isdigit() else None,
    ),
    "beantwoorden": lambda r, plan: proactief.beantwoord(
        get_object_or_404(Reactie, plan=plan, pk=r.POST.get("reactie") or 0),
        r.user,
        r.POST.get("antwoord", ""),
    ),
    "rapport_publiceren": lambda r, plan: proactief.publiceer_rapport(plan, r.user),
    "akkoord": lambda r, plan: proactief.geef_akkoord(plan, r.user),
    "niet_akkoord": lambda r, plan: proactief.weiger_akkoord(plan, r.user, r.POST.get("toelichting", "")),
    "percentage_wijzigen": lambda r, plan: proactief.wijzig_percentage(
        plan, r.user, int(r.POST.get("percentage") or 0) if (r.POST.get("percentage") or "0").isdigit() else 0
    ),
    "intrekken": lambda r, plan: proactief.trek_in(plan, r.user, r.POST.get("toelichting", "")),
    "batch_voorstellen": lambda r, plan: proactief.stel_batch_voor(
        plan, r.user, [int(x) for x in r.POST.getlist("planlocaties") if x.isdigit()]
    ),
    "batch_goedkeuren": lambda r, plan: proactief.keur_batch_goed(
        get_object_or_404(Uitvoeringsbatch, plan=plan, pk=r.POST.get("batch") or 0), r.user
    ),
    "energiecontract_aanvragen": lambda r, plan: proactief.vraag_energiecontract_aan(
        get_object_or_404(Uitvoeringsbatch, plan=plan, pk=r.POST.get("batch") or 0),
        r.user,
        energieleverancier=r.POST.get("energieleverancier", ""),
    ),
}


@alleen_medewerkers
def plan(request, pk: int):
    zaak = get_object_or_404(selectors.zichtbare_plannen(request.user), pk=pk)
    if request.method == "POST":
        actie = ACTIES.get(request.POST.get("actie", ""))
        if actie is None:
            messages.error(request, _("Onbekende actie."))
        elif _uitvoeren(request, actie, request, zaak, gelukt=_("Opgeslagen.")) is not None:
            return redirect("plankaart:proactief_plan", pk=zaak.pk)
        zaak = get_object_or_404(selectors.zichtbare_plannen(request.user), pk=pk)
    return render(request, "plankaart/proactief/plan.html", _plancontext(request, zaak))


# The public participation page: no login, never personal data.


def inspraaklijst(request):
    return render(
        request, "plankaart/proactief/inspraaklijst.html", {"plannen": selectors.plannen_in_inspraak()}
    )


def inspraakpagina(request, pk: int):
    zaak = get_object_or_404(selectors.plannen_in_inspraak(), pk=pk)
    planlocaties = list(zaak.planlocaties.select_related("locatie").order_by("locatie__omschrijving"))
    waarden, verzonden = {}, False
    if request.method == "POST":
        waarden = {
            k: request.POST.get(k, "")
            for k in ("planlocatie", "soort", "reden", "naam", "adres", "email", "lat", "lon")
        }
        try:
            lat = float(waarden["lat"]) if waarden["lat"] else None
            lon = float(waarden["lon"]) if waarden["lon"] else None
            inspraak.reageer(
                zaak,
                planlocatie_id=int(waarden["planlocatie"]) if waarden["planlocatie"].isdigit() else 0,
                soort=waarden["soort"],
                reden=waarden["reden"],
                naam=waarden["naam"],
                adres=waarden["adres"],
                email=waarden["email"],
                alternatief_lat=lat,
                alternatief_lon=lon,
                ip=inlogbeveiliging.client_ip(request),
            )
            verzonden = True
            waarden = {}
        except ValueError:
            messages.error(
                request, _("De coördinaten van de andere plek zijn geen getallen (velden lat en lon).")
            )
        except ValidationError as fout:
            _fouten(request, fout)
        except inspraak.TeVeelReacties as fout:
            antwoord = render(
                request,
                "plankaart/proactief/inspraak.html",
                _publiek(zaak, planlocaties, waarden, te_veel=fout.tot),
                status=429,
            )
            antwoord["Retry-After"] = str(max(int((fout.tot - klok.nu()).total_seconds()), 1))
            return antwoord
    return render(
        request,
        "plankaart/proactief/inspraak.html",
        _publiek(zaak, planlocaties, waarden, verzonden=verzonden),
    )


def _publiek(zaak, planlocaties, waarden, **extra) -> dict:
    return {
        "plan": zaak,
        "planlocaties": planlocaties,
        "open": inspraak.open_voor_reacties(zaak),
        "einde": datum_lang(zaak.inspraak_tot) if zaak.inspraak_tot else "",
        "rapport": selectors.reactierapport(zaak) if zaak.rapport_gepubliceerd_op else None,
        "kaartpunten": [
            {"id": pl.pk, "lat": pl.locatie.lat, "lon": pl.locatie.lon, "naam": pl.locatie.omschrijving}
            for pl in planlocaties
        ],
        "waarden": waarden,
        "soorten": Reactie.Soort.choices,
        **extra,
    }


def inspraak_bevestigen(request, token: str):
    try:
        reactie = inspraak.bevestig(token)
    except ValidationError as fout:
        return render(
            request, "plankaart/proactief/bevestigd.html", {"fout": " ".join(fout.messages)}, status=409
        )
    if reactie is None:
        raise Http404
    return render(request, "plankaart/proactief/bevestigd.html", {"plan": reactie.plan})
