"""Browser pages for the plankaart: the CPO determining a location, the work list and page of a location
(gemeente, netbeheerder, CPO), the plankaart with its versions, import and export, and the public map."""

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from aanvragen import selectors as aanvraagselectors
from aanvragen.models import Aanvraag, Aanvraagvoorwaarden
from plankaart import exporteren, forms, kaart, selectors, services
from plankaart.models import Locatie, Plankaart, Plankaartimport
from portal import acties, geo, historie, servicetermijnen, transities, werklijstcsv
from portal.acties import Actie
from portal.models import Organisatie
from portal.paginering import werklijstpagina
from portal.selectors import cpo_van
from portal.toegang import alleen_medewerkers
from verkeersbesluiten import selectors as verkeersbesluitselectors
from verkeersbesluiten import services as verkeersbesluitservices

# The CPO determines the location of an approved request


def _punt_van(aanvraag) -> dict:
    return {"lat": round(aanvraag.lat, 6), "lon": round(aanvraag.lon, 6)}


BEPAALACTIES = {
    "kiezen": Actie(
        forms.KiesForm,
        "kies",
        lambda a, u, d: services.kies(a, get_object_or_404(Locatie, pk=d["locatie"]), u),
        gettext_lazy("Locatie gekozen voor aanvraag %(naam)s."),
    ),
    "verplaatsen": Actie(
        forms.VerplaatsForm,
        "verplaats",
        lambda a, u, d: services.verplaats_en_kies(
            a, get_object_or_404(Locatie, pk=d["locatie"]), d["lat"], d["lon"], d["omschrijving"], u
        ),
        gettext_lazy(
            "De locatie is verplaatst; de netbeheerder doet eerst een netcheck (aanvraag %(naam)s)."
        ),
    ),
    "nieuw": Actie(
        forms.NieuweLocatieForm,
        "nieuw",
        lambda a, u, d: services.stel_nieuwe_voor(
            a,
            d["lat"],
            d["lon"],
            d["omschrijving"],
            u,
            parkeerplaatsen=d["parkeerplaatsen"],
            laadpunten=d["laadpunten"],
        ),
        gettext_lazy(
            "Nieuwe locatie voorgesteld; de netbeheerder doet eerst een netcheck (aanvraag %(naam)s)."
        ),
    ),
}


@login_required
def locatie_bepalen(request, pk):
    aanvraag = get_object_or_404(aanvraagselectors.zichtbare_aanvragen(request.user), pk=pk)
    if not aanvraagselectors.mag_locatie_bepalen(request.user, aanvraag):
        if not aanvraagselectors.is_behandelaar(request.user, aanvraag):
            raise Http404
        messages.info(request, _("Voor deze aanvraag hoeft nu geen locatie te worden bepaald."))
        return redirect("aanvragen:behandel", pk=pk)
    straal = Aanvraagvoorwaarden.voor(aanvraag.gemeente).straal_m
    zoekstraal = 3 * straal  # far enough to find the nearest plankaart spot worth moving
    kandidaten = selectors.kandidaten_voor(aanvraag, straal, zoekstraal_m=zoekstraal)
    verplaatsbaar = [k for k in kandidaten if k.verplaatsbaar][:5]
    punt = _punt_van(aanvraag)
    formulieren = {
        "kiezen": forms.KiesForm(prefix="kies", kiesbaar=[k for k in kandidaten if k.kiesbaar]),
        "verplaatsen": forms.VerplaatsForm(
            prefix="verplaats",
            verplaatsbaar=verplaatsbaar,
            initial={**punt, "omschrijving": verplaatsbaar[0].locatie.omschrijving if verplaatsbaar else ""},
        ),
        "nieuw": forms.NieuweLocatieForm(
            prefix="nieuw",
            # The street, never the house number: the description travels to the gemeente and the public map.
            initial={
                **punt,
                "omschrijving": aanvraag.straat if aanvraag.bron == "erijder" else aanvraag.omschrijving,
            },
        ),
    }
    status = 200
    if request.method == "POST":
        status = acties.voer_uit(request, aanvraag, BEPAALACTIES, formulieren)
        if status is None:
            return redirect("aanvragen:behandel", pk=pk)
    return render(
        request,
        "plankaart/locatie_bepalen.html",
        {
            "aanvraag": aanvraag,
            "straal": straal,
            "zoekstraal": zoekstraal,
            "kandidaten": kandidaten,
            "binnen": [k for k in kandidaten if k.binnen_straal],
            "verplaatsbaar": verplaatsbaar,
            "formulieren": formulieren,
            "kaartdata": _kaartdata(aanvraag, straal, kandidaten),
            "legenda": kaart.CATEGORIEEN,
        },
        status=status,
    )


def _kaartdata(aanvraag, straal, kandidaten) -> dict:
    return {
        "pin": [aanvraag.lat, aanvraag.lon],
        "straal": straal,
        "locaties": [
            {
                "punt": [k.locatie.lat, k.locatie.lon],
                "kleur": kaart.PER_STATUS[k.locatie.status].kleur,
                "label": f"{k.locatie.omschrijving}: {k.locatie.get_status_display().lower()}, {round(k.afstand_m)} m",
            }
            for k in kandidaten
        ],
    }


# A location: the work list and its page


@alleen_medewerkers
def werklijst(request):
    # The filter shows names only: the boundaries (thousands of vertices per gemeente) stay in the database.
    gemeenten = selectors.gemeenten_van(request.user).order_by("naam").only("pk", "naam")
    filterform = forms.WerklijstFilterForm(request.GET or None, gemeenten=gemeenten)
    filter_ = selectors.Werklijstfilter()
    if filterform.is_valid():
        d = filterform.cleaned_data
        filter_ = selectors.Werklijstfilter(
            status=d["status"],
            gemeente=d["gemeente"],
            alleen_aan_zet=not d["alles"],
            alleen_te_laat=d["te_laat"],
            zoek=d["zoek"],
        )
    if werklijstcsv.gevraagd(request):
        return werklijstcsv.antwoord(
            "locaties",
            [
                ("kenmerk", lambda loc: loc.kenmerk),
                ("omschrijving", lambda loc: loc.omschrijving),
                ("gemeente", lambda loc: loc.gemeente.naam),
                ("status", lambda loc: loc.get_status_display()),
                ("lat", lambda loc: round(loc.lat, 6)),
                ("lon", lambda loc: round(loc.lon, 6)),
                ("parkeerplaatsen", lambda loc: loc.parkeerplaatsen),
                ("laadpunten", lambda loc: loc.laadpunten),
                ("stap", lambda loc: loc.get_termijn_stap_display()),
                ("stap_uiterlijk", lambda loc: loc.termijn_uiterlijk),
            ],
            selectors.werklijst(request.user, filter_).select_related("gemeente"),
        )
    pagina = werklijstpagina(selectors.werklijst(request.user, filter_), request)
    zoekparams = request.GET.copy()
    zoekparams.pop("pagina", None)
    return render(
        request,
        "plankaart/werklijst.html",
        {
            "pagina": pagina,
            "filterform": filterform,
            "zoekparams": zoekparams.urlencode(),
            "peil": servicetermijnen.peil(),
            "kaartdata": [
                {
                    "punt": [loc.lat, loc.lon],
                    "kleur": kaart.PER_STATUS.get(loc.status, kaart.CATEGORIEEN[-1]).kleur,
                    "label": f"{loc.omschrijving} ({loc.get_status_display().lower()})",
                    "url": reverse("plankaart:locatie", args=[loc.pk]),
                }
                for loc in pagina
            ],
        },
    )


LOCATIEACTIES = {
    "netcheck_goedkeuren": Actie(
        forms.NetcheckForm,
        "netcheck",
        lambda loc, u, d: services.netcheck_goedkeuren(loc, u, d["opmerking"]),
        gettext_lazy("Netcheck goedgekeurd; de gemeente beoordeelt nu %(naam)s."),
    ),
    "netcheck_afkeuren": Actie(
        forms.NetAfkeuringForm,
        "netcheck_af",
        lambda loc, u, d: services.netcheck_afkeuren(loc, u, d["reden"], d["reden_code"]),
        gettext_lazy("Netcheck afgekeurd voor %(naam)s; de exploitant is ingelicht."),
    ),
    "goedkeuren": Actie(
        None,
        "",
        lambda loc, u, d: services.keur_goed(loc, u),
        gettext_lazy("Locatie %(naam)s is goedgekeurd."),
    ),
    "aanpassing_vragen": Actie(
        forms.OpmerkingForm,
        "aanpassing",
        lambda loc, u, d: services.vraag_aanpassing(loc, u, d["opmerking"]),
        gettext_lazy("De exploitant is gevraagd %(naam)s aan te passen."),
    ),
    "afwijzen": Actie(
        forms.AfwijzingForm,
        "afwijzen",
        lambda loc, u, d: services.wijs_af(loc, u, d["reden"], d["reden_code"]),
        gettext_lazy("Locatie %(naam)s is afgewezen; de exploitant zoekt een andere."),
    ),
    "laten_vervallen": Actie(
        forms.RedenForm,
        "vervallen",
        lambda loc, u, d: services.laat_vervallen(loc, u, d["reden"]),
        gettext_lazy("Locatie %(naam)s is vervallen."),
    ),
    "opnieuw_voorstellen": Actie(
        forms.BijstellenForm,
        "bijstellen",
        lambda loc, u, d: services.stel_opnieuw_voor(loc, u, **d),
        gettext_lazy("Het aangepaste voorstel %(naam)s is verstuurd."),
    ),
    "zonder_verkeersbesluit": Actie(
        forms.RedenForm,
        "zonder_vkb",
        lambda loc, u, d: verkeersbesluitservices.zonder_verkeersbesluit(loc, u, d["reden"]),
        gettext_lazy("Locatie %(naam)s is definitief zonder verkeersbesluit; de exploitant is ingelicht."),
    ),
}


HISTORIE_TITELS = {
    "aanmaken": gettext_lazy("Aangemaakt voor een aanvraag"),
    "importeren": gettext_lazy("Geïmporteerd"),
    "voorstellen": gettext_lazy("Voorgesteld aan de gemeente"),
    "netcheck_aanvragen": gettext_lazy("Netcheck gevraagd"),
    "netcheck_goedkeuren": gettext_lazy("Netcheck goedgekeurd"),
    "netcheck_afkeuren": gettext_lazy("Netcheck afgekeurd"),
    "goedkeuren": gettext_lazy("Goedgekeurd door de gemeente"),
    "aanpassing_vragen": gettext_lazy("Aanpassing gevraagd"),
    "opnieuw_voorstellen": gettext_lazy("Opnieuw voorgesteld"),
    "afwijzen": gettext_lazy("Afgewezen door de gemeente"),
    "laten_vervallen": gettext_lazy("Vervallen"),
    "in_procedure_brengen": gettext_lazy("Verkeersbesluit gepubliceerd: in procedure"),
    "definitief_maken": gettext_lazy("Verkeersbesluit definitief"),
    "uit_besluit_halen": gettext_lazy("Uit het verkeersbesluit gehaald na gegrond bezwaar"),
    "besluit_vervalt": gettext_lazy("Verkeersbesluit ingetrokken"),
    "zonder_verkeersbesluit": gettext_lazy("Definitief zonder verkeersbesluit"),
    "realisatie_plannen": gettext_lazy("Plaatsing gepland: in realisatie"),
    "opleveren": gettext_lazy("Geplaatst, aangesloten en opgeleverd"),
    "gerealiseerd_melden": gettext_lazy("Gerealiseerd gemeld door de gemeente"),
    "net_ontoereikend": gettext_lazy("Vervallen: het net kan de aansluiting niet aan"),
}


def _status_label(waarde: str) -> str:
    return Locatie.Status(waarde).label if waarde in Locatie.Status.values else waarde


@alleen_medewerkers
def locatie(request, pk):
    gevonden = get_object_or_404(selectors.zichtbare_locaties(request.user), pk=pk)
    formulieren = acties.lege_formulieren(
        LOCATIEACTIES,
        opnieuw_voorstellen={
            "lat": round(gevonden.lat, 6),
            "lon": round(gevonden.lon, 6),
            "omschrijving": gevonden.omschrijving,
            "parkeerplaatsen": gevonden.parkeerplaatsen,
            "laadpunten": gevonden.laadpunten,
        },
    )
    status = 200
    if request.method == "POST":
        status = acties.voer_uit(request, gevonden, LOCATIEACTIES, formulieren)
        if status is None:
            return redirect("plankaart:locatie", pk=pk)
        gevonden = get_object_or_404(selectors.zichtbare_locaties(request.user), pk=pk)
    regels = list(historie.historie_van(gevonden))
    for regel in regels:
        regel.titel = HISTORIE_TITELS.get(regel.transitie, regel.transitie)
        regel.van_label, regel.naar_label = _status_label(regel.van), _status_label(regel.naar)
    oud = next(
        (r.gegevens["oud"] for r in reversed(regels) if "oud" in r.gegevens and "lat" in r.gegevens["oud"]),
        None,
    )
    # Linked for those who may open the request (its rule lives in aanvragen.selectors); counted for the rest.
    op_locatie = Aanvraag.objects.filter(locatie=gevonden, status__in=Aanvraag.OPEN)
    aanvragen = list(
        aanvraagselectors.zichtbare_aanvragen(request.user).filter(pk__in=op_locatie).order_by("nummer")
    )
    aantal_aanvragen = op_locatie.count()
    omgeving = _omgeving(request.user, gevonden, aanvragen)
    return render(
        request,
        "plankaart/locatie.html",
        {
            "locatie": gevonden,
            "toegestaan": transities.toegestane_transities(gevonden, request.user),
            "formulieren": formulieren,
            "historie": regels,
            "aanvragen": aanvragen,
            "aantal_aanvragen": aantal_aanvragen,
            "verkeersbesluit": _zichtbaar_besluit(request.user, gevonden),
            "realisatie": _zichtbare_realisatie(request.user, gevonden),
            "peil": servicetermijnen.peil(),
            "kaartdata": {
                "punt": [gevonden.lat, gevonden.lon],
                "kleur": kaart.PER_STATUS.get(gevonden.status, kaart.CATEGORIEEN[-1]).kleur,
                "oud": [oud["lat"], oud["lon"]] if oud else None,
                **omgeving,
            },
            "omgeving": omgeving,
        },
        status=status,
    )


# Around a location, for judging it: its neighbours within this distance, and the requests' desired spots.
OMGEVING_M = 400
# A gemeente sees a request at street level, not the pin on a front door (aanvragen.zichtbaarheid): its
# desired spot is shown rounded to this many metres, and so is its distance to the location (an exact distance
# and the street would find the front door again); whether it lies within the radius is decided exactly.
AFGEROND_M = 50


def _omgeving(gebruiker, locatie: Locatie, aanvragen) -> dict:
    """What the gemeente weighs when it judges a proposed location: each request's desired spot, its distance
    to the location and the radius of the gemeente's conditions, and the existing and planned locations
    around it. Plain values for the map script and for the text beside it."""
    from aanvragen import zichtbaarheid

    straal = Aanvraagvoorwaarden.voor(locatie.gemeente).straal_m
    gewenst = []
    for aanvraag in aanvragen:
        afstand = geo.afstand_m((aanvraag.rd_x, aanvraag.rd_y), (locatie.rd_x, locatie.rd_y))
        precies = zichtbaarheid.mag_zien(gebruiker, aanvraag, "lat")
        punt = (aanvraag.lat, aanvraag.lon) if precies else _afgerond(aanvraag.lat, aanvraag.lon)
        gewenst.append(
            {
                "nummer": aanvraag.nummer,
                "punt": [round(punt[0], 6), round(punt[1], 6)],
                "afstand": round(afstand) if precies else round(afstand / AFGEROND_M) * AFGEROND_M,
                "binnen": afstand <= straal,
                "afgerond": not precies,
            }
        )
    bestaand_status = {Locatie.Status.OPGELEVERD, Locatie.Status.GEREALISEERD}
    buren = [
        {
            "punt": [n.locatie.lat, n.locatie.lon],
            "omschrijving": n.locatie.omschrijving,
            "status": n.locatie.get_status_display(),
            "bestaand": n.locatie.status in bestaand_status,
            "afstand": round(n.afstand_m),
        }
        for n in selectors.locaties_nabij(locatie.lat, locatie.lon, OMGEVING_M)[:60]
        if n.locatie.pk != locatie.pk and n.locatie.status != Locatie.Status.VERVALLEN
    ]
    return {
        "straal": straal,
        "gewenst": gewenst,
        "buren": buren,
        "bestaand": sum(1 for b in buren if b["bestaand"]),
        "gepland": sum(1 for b in buren if not b["bestaand"]),
        "omgeving_m": OMGEVING_M,
        "afgerond_m": AFGEROND_M,
    }


def _afgerond(lat: float, lon: float) -> tuple[float, float]:
    x, y = geo.naar_rd(lat, lon)
    return geo.naar_wgs84(round(x / AFGEROND_M) * AFGEROND_M, round(y / AFGEROND_M) * AFGEROND_M)


def _zichtbaar_besluit(gebruiker, locatie):
    besluit = verkeersbesluitselectors.lopend_besluit_van(locatie)
    zichtbaar = verkeersbesluitselectors.zichtbare_verkeersbesluiten(gebruiker)
    return besluit if besluit is not None and zichtbaar.filter(pk=besluit.pk).exists() else None


def _zichtbare_realisatie(gebruiker, locatie):
    from netaansluiting.selectors import zichtbare_realisaties

    return zichtbare_realisaties(gebruiker).filter(locatie=locatie).first()


# The plankaart: versions, export, import


@alleen_medewerkers
def overzicht(request):
    gemeenten = selectors.gemeenten_van(request.user).order_by("naam")
    rijen = []
    for gemeente in gemeenten:
        per_status = dict(
            Locatie.objects.filter(gemeente=gemeente).values_list("status").annotate(n=Count("pk")).order_by()
        )
        rijen.append(
            {
                "gemeente": gemeente,
                "versies": Plankaart.objects.filter(gemeente=gemeente).order_by("-versie"),
                "per_status": [
                    (s.label, per_status.get(s.value, 0)) for s in Locatie.Status if per_status.get(s.value)
                ],
                "imports": Plankaartimport.objects.filter(gemeente=gemeente)[:5],
                "bijwerken": selectors.mag_plankaart_bijwerken(request.user, gemeente),
                "herzien": selectors.mag_plankaart_herzien(request.user, gemeente),
            }
        )
    return render(request, "plankaart/overzicht.html", {"rijen": rijen})


def _gemeente_of_404(request, gemeente_pk) -> Organisatie:
    return get_object_or_404(selectors.gemeenten_van(request.user), pk=gemeente_pk)


@alleen_medewerkers
def exporteer(request, gemeente_pk, formaat):
    gemeente = _gemeente_of_404(request, gemeente_pk)
    versie = request.GET.get("versie")
    if versie:
        plankaart = get_object_or_404(Plankaart, gemeente=gemeente, versie=versie, momentopname__isnull=False)
        collectie, naam = plankaart.momentopname, f"plankaart-{gemeente.cbs_code}-v{plankaart.versie}"
    else:
        collectie, naam = (
            exporteren.geojson(Locatie.objects.filter(gemeente=gemeente)),
            f"plankaart-{gemeente.cbs_code}",
        )
    if formaat == "csv":
        antwoord = HttpResponse(exporteren.csv_tekst(collectie), content_type="text/csv; charset=utf-8")
    else:
        antwoord = HttpResponse(
            json.dumps(collectie, ensure_ascii=False), content_type="application/geo+json"
        )
    antwoord["Content-Disposition"] = (
        f'attachment; filename="{naam}.{"csv" if formaat == "csv" else "geojson"}"'
    )
    return antwoord


@alleen_medewerkers
def importeren(request, gemeente_pk):
    return _start_import(
        request,
        gemeente_pk,
        forms.ImportForm,
        "plankaart/importeren.html",
        soort=Plankaartimport.Soort.PLANKAART,
        stelsel=lambda form: form.cleaned_data["stelsel"],
    )


@alleen_medewerkers
def ocpi_locaties(request, gemeente_pk):
    """A CPO's existing charging points as OCPI 2.2.1 Locations: the same rule and the same dry run, progress
    and apply step as the plankaart import (a Plankaartimport of soort `bestaand`)."""
    return _start_import(
        request,
        gemeente_pk,
        forms.OcpiLocatiesForm,
        "plankaart/ocpi_locaties.html",
        soort=Plankaartimport.Soort.BESTAAND,
        stelsel=lambda form: Plankaartimport.Stelsel.WGS84,
        extra=lambda gemeente: {"cpo": cpo_van(gemeente)},
    )


def _start_import(request, gemeente_pk, formulier, sjabloon, *, soort, stelsel, extra=lambda gemeente: {}):
    """An upload page of the plankaart import: who may update the gemeente's plankaart uploads a file, which
    starts the import's dry run (a rejected file keeps the form with the reason, status 400)."""
    gemeente = _gemeente_of_404(request, gemeente_pk)
    if not selectors.mag_plankaart_bijwerken(request.user, gemeente):
        raise Http404
    form = formulier(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            plankaartimport = services.start_import(
                gemeente, request.user, form.cleaned_data["bestand"], soort=soort, stelsel=stelsel(form)
            )
        except ValidationError as fout:
            form.add_error("bestand", fout.message_dict.get("bestand", fout.messages))
        else:
            return redirect("plankaart:import", pk=plankaartimport.pk)
    return render(
        request,
        sjabloon,
        {"form": form, "gemeente": gemeente, **extra(gemeente)},
        status=400 if form.errors else 200,
    )


def _import_of_404(request, pk) -> Plankaartimport:
    return get_object_or_404(
        Plankaartimport.objects.select_related("gemeente", "door").filter(
            gemeente__in=selectors.gemeenten_van(request.user)
        ),
        pk=pk,
    )


@alleen_medewerkers
def plankaartimport(request, pk):
    gevonden = _import_of_404(request, pk)
    actie = request.GET.get("actie", "")
    rapport = [r for r in gevonden.rapport if not actie or r["actie"] == actie]
    pagina = Paginator(rapport, 100).get_page(request.GET.get("pagina"))
    return render(
        request,
        "plankaart/import.html",
        {
            "imp": gevonden,
            "pagina": pagina,
            "actie": actie,
            "zoekparams": f"actie={actie}" if actie else "",
            "voortgang": services.voortgang(gevonden),
            "mag_toepassen": selectors.mag_plankaart_bijwerken(request.user, gevonden.gemeente),
            "ocpi": gevonden.soort == Plankaartimport.Soort.BESTAAND,
        },
    )


@alleen_medewerkers
def importstand(request, pk):
    gevonden = _import_of_404(request, pk)
    return JsonResponse(
        {
            "status": gevonden.status,
            "status_label": gevonden.get_status_display(),
            "voortgang": services.voortgang(gevonden),
        }
    )


@alleen_medewerkers
@require_POST
def import_toepassen(request, pk):
    gevonden = _import_of_404(request, pk)
    try:
        services.vraag_toepassen(gevonden, request.user)
    except PermissionDenied:
        raise Http404 from None
    except transities.NietToegestaan:
        messages.error(request, _("Deze import is al toegepast of wordt toegepast."))
    else:
        messages.success(request, _("De import wordt toegepast."))
    return redirect("plankaart:import", pk=pk)


@alleen_medewerkers
@require_POST
def herzien(request, gemeente_pk):
    gemeente = _gemeente_of_404(request, gemeente_pk)
    form = forms.HerzienForm(request.POST)
    if form.is_valid():
        try:
            nieuw = services.herzie(gemeente, form.cleaned_data["jaar"], request.user)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as fout:
            messages.error(request, " ".join(fout.messages))
        else:
            messages.success(
                request,
                _("Versie %(versie)d voor %(jaar)d is nu de plankaart; de vorige versie is bewaard.")
                % {"versie": nieuw.versie, "jaar": nieuw.jaar},
            )
    else:
        messages.error(request, _("Vul een geldig jaar in."))
    return redirect(reverse("plankaart:overzicht") + f"#gemeente-{gemeente.pk}")


# The public map


def publieke_kaart(request):
    """Everyone's map of charging points: no login, no personal data (plankaart.kaart decides what is shown)."""
    omvang = Locatie.objects.exclude(status=Locatie.Status.VERVALLEN).aggregate(
        min_lat=Min("lat"), max_lat=Max("lat"), min_lon=Min("lon"), max_lon=Max("lon")
    )
    zoek, gevonden, pdok_weg = _adres_zoeken(request)
    centrum = _punt_uit(request)
    return render(
        request,
        "plankaart/kaart.html",
        {
            "adres": zoek,
            "gevonden": gevonden,
            "pdok_weg": pdok_weg,
            "centrum": centrum,
            "legenda": kaart.CATEGORIEEN,
            "gemeenten": Organisatie.objects.filter(soort=Organisatie.Soort.GEMEENTE, locaties__isnull=False)
            .distinct()
            .order_by("naam"),
            "kaartinstellingen": {
                "bron": reverse("api:kaart-locaties"),
                "omvang": [[omvang["min_lat"], omvang["min_lon"]], [omvang["max_lat"], omvang["max_lon"]]]
                if omvang["min_lat"] is not None
                else None,
                "kleuren": {c.sleutel: c.kleur for c in kaart.CATEGORIEEN},
                "centrum": centrum,
            },
        },
    )


def _adres_zoeken(request):
    """The map's address search through the PDOK Locatieserver; the map works without it."""
    from aanvragen import pdok

    zoek = " ".join(request.GET.get("adres", "").split())[:200]
    if not zoek:
        return "", [], False
    try:
        plaatsen = pdok.zoek_vrij(zoek)
    except pdok.NietBereikbaar:
        return zoek, [], True
    return (
        zoek,
        [
            {
                "naam": p.naam,
                "kaart": "?" + urlencode({"lat": f"{p.lat:.6f}", "lon": f"{p.lon:.6f}"}),
                "aanvragen": reverse("aanvragen:nieuw")
                + "?"
                + urlencode({"lat": f"{p.lat:.6f}", "lon": f"{p.lon:.6f}"}),
            }
            for p in plaatsen
            if geo.in_nederland(p.lat, p.lon)
        ],
        False,
    )


def _punt_uit(request) -> list[float] | None:
    """A point to centre the map on (?lat=…&lon=…), only when it lies in the Netherlands."""
    try:
        lat, lon = float(request.GET["lat"]), float(request.GET["lon"])
    except (KeyError, ValueError):
        return None
    return [round(lat, 6), round(lon, 6)] if geo.in_nederland(lat, lon) else None
