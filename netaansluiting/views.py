"""Browser pages for the realisation: the netbeheerder's work list of connections and its steps, batches, the
CPO's realisation board and half-year execution plan (printable and CSV), and one realisation with the CPO's
and the gemeente's actions."""

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aanvragen.selectors import zichtbare_aanvragen
from netaansluiting import forms, selectors, services
from netaansluiting.models import Netaansluiting, Opleverdocument, Realisatie
from netaansluiting.services import bulk
from plankaart.selectors import gemeenten_van, zichtbare_locaties
from portal import acties, csvexport, historie, klok, servicetermijnen, transities, werklijstcsv
from portal.acties import Actie
from portal.paginering import werklijstpagina
from portal.termijnen import datum_lang
from portal.toegang import alleen_medewerkers

HISTORIE_TITELS = {
    "aanmaken": gettext_lazy("Aangemaakt"),
    "openen": gettext_lazy("Batch geopend"),
    "verzenden": gettext_lazy("Verzonden naar de netbeheerder"),
    "afronden": gettext_lazy("Afgerond"),
    "aanvragen": gettext_lazy("Aangevraagd bij de netbeheerder"),
    "registreren": gettext_lazy("Geregistreerd, netcheck loopt"),
    "netcheck_goedkeuren": gettext_lazy("Netcheck goedgekeurd, werkvoorbereiding"),
    "netcheck_afkeuren": gettext_lazy("Netcheck afgekeurd"),
    "opdracht_verstrekken": gettext_lazy("Opdracht aan aannemer"),
    "aansluiten": gettext_lazy("Aangesloten"),
    "annuleren": gettext_lazy("Geannuleerd"),
    "aansluitgegevens": gettext_lazy("Aansluitadres of contactpersoon gewijzigd"),
    "net_gereed": gettext_lazy("Aannemer heeft opdracht: plaatsing inplannen"),
    "net_afgekeurd": gettext_lazy("Netaansluiting afgekeurd: keuze van de exploitant"),
    "opnieuw_aanvragen": gettext_lazy("Netaansluiting opnieuw aangevraagd"),
    "plannen": gettext_lazy("Plaatsing gepland"),
    "energiecontract_aanvragen": gettext_lazy("Energiecontract aangevraagd"),
    "document_toevoegen": gettext_lazy("Opleverdocument toegevoegd"),
    "sat_afgekeurd": gettext_lazy("SAT niet geslaagd"),
    "opleveren": gettext_lazy("Geplaatst, aangesloten en opgeleverd (SAT geslaagd)"),
    "parkeervakken_inrichten": gettext_lazy("Parkeervakken ingericht"),
    "gerealiseerd_melden": gettext_lazy("Gerealiseerd gemeld op de plankaart"),
    "realisatiedatum_vragen": gettext_lazy("Gemeente vroeg de realisatiedatum"),
    "andere_locatie": gettext_lazy("Andere locatie gekozen"),
    "hervatten": gettext_lazy("Realisatie hervat"),
}


def _historie(zaak) -> list:
    regels = list(historie.historie_van(zaak))
    for regel in regels:
        regel.titel = HISTORIE_TITELS.get(regel.transitie, regel.transitie)
        regel.toelichting = ", ".join(
            f"{_GEGEVENS_LABELS.get(sleutel, sleutel.replace('_', ' '))}: {_als_leesbaar(waarde)}"
            for sleutel, waarde in regel.gegevens.items()
            if sleutel not in ("locatie", "document") and waarde not in ("", None)
        )
    return regels


# The facts a history row keeps, as a reader says them: labels for the keys, "ja"/"nee" for yes/no and
# dates written out instead of their ISO form.
_GEGEVENS_LABELS = {
    "geslaagd": gettext_lazy("SAT geslaagd"),
    "sat_op": gettext_lazy("SAT op"),
    "geplaatst_op": gettext_lazy("geplaatst op"),
    "plaatsing_gepland_op": gettext_lazy("plaatsing gepland op"),
    "aangesloten_op": gettext_lazy("aangesloten op"),
    "werkvoorbereiding_op": gettext_lazy("werkvoorbereiding op"),
    "gepland_op": gettext_lazy("gepland op"),
    "datum": gettext_lazy("datum"),
    "sat_opmerking": gettext_lazy("opmerking bij de SAT"),
    "energieleverancier": gettext_lazy("energieleverancier"),
    "aantal": gettext_lazy("aantal aansluitingen"),
}


def _als_leesbaar(waarde) -> str:
    if isinstance(waarde, bool):
        return gettext("ja") if waarde else gettext("nee")
    if isinstance(waarde, list):
        return ", ".join(_als_leesbaar(w) for w in waarde)
    if isinstance(waarde, str) and len(waarde) == 10 and waarde[4] == "-" and waarde[7] == "-":
        try:
            return datum_lang(dt.date.fromisoformat(waarde))
        except ValueError:
            return waarde
    return str(waarde)


def _zoekparams(request) -> str:
    params = request.GET.copy()
    params.pop("pagina", None)
    return params.urlencode()


# Connections (above all the netbeheerder's work list)


@alleen_medewerkers
def aansluitingen(request):
    # The filter shows names only: the boundaries (thousands of vertices per gemeente) stay in the database.
    gemeenten = gemeenten_van(request.user).order_by("naam").only("pk", "naam")
    filterform = forms.AansluitingFilterForm(request.GET or None, gemeenten=gemeenten)
    filter_ = selectors.Aansluitingfilter(alleen_lopend=True)
    if filterform.is_valid():
        filter_ = selectors.Aansluitingfilter(alleen_lopend=True, **filterform.cleaned_data)
    if request.GET.get("batch", "").isdigit():
        filter_.batch = int(request.GET["batch"])
    rijen = selectors.aansluitingen(request.user, filter_, vandaag=klok.vandaag())
    if werklijstcsv.gevraagd(request):
        return werklijstcsv.antwoord(
            "netaansluitingen",
            [
                ("nummer", lambda a: a.nummer),
                ("locatie", lambda a: a.locatie.omschrijving),
                ("gemeente", lambda a: a.gemeente.naam),
                ("status", lambda a: a.get_status_display()),
                ("capaciteit", lambda a: a.capaciteit),
                ("kenmerk_netbeheerder", lambda a: a.kenmerk_netbeheerder),
                ("werkvoorbereiding_gereed_op", lambda a: a.werkvoorbereiding_gereed_op),
                ("aannemer", lambda a: a.aannemer),
                ("aansluiting_gepland_op", lambda a: a.aansluiting_gepland_op),
                ("aangesloten_op", lambda a: a.aangesloten_op),
                ("ean", lambda a: a.ean),
                ("stap_uiterlijk", lambda a: a.termijn_uiterlijk),
            ],
            rijen.select_related("locatie", "gemeente"),
        )
    pagina = werklijstpagina(rijen, request)
    return render(
        request,
        "netaansluiting/aansluitingen.html",
        {
            "pagina": pagina,
            "filterform": filterform,
            "zoekparams": _zoekparams(request),
            "peil": servicetermijnen.peil(),
        },
    )


STAPACTIES = {
    "registreren": Actie(
        forms.RegistrerenForm,
        "registreren",
        services.stap("registreren"),
        gettext_lazy("%(naam)s is geregistreerd; de netcheck loopt."),
    ),
    "netcheck_goedkeuren": Actie(
        forms.NetcheckGoedkeurenForm,
        "goedkeuren",
        services.stap("netcheck_goedkeuren"),
        gettext_lazy("De netcheck van %(naam)s is goedgekeurd."),
    ),
    "netcheck_afkeuren": Actie(
        forms.NetcheckAfkeurenForm,
        "afkeuren",
        services.stap("netcheck_afkeuren"),
        gettext_lazy("De netcheck van %(naam)s is afgekeurd; de exploitant kiest hoe verder."),
    ),
    "opdracht_verstrekken": Actie(
        forms.OpdrachtForm,
        "opdracht",
        services.stap("opdracht_verstrekken"),
        gettext_lazy("De opdracht voor %(naam)s is verstrekt; de exploitant plant de plaatsing."),
    ),
    "aansluiten": Actie(
        forms.AansluitenForm,
        "aansluiten",
        services.stap("aansluiten"),
        gettext_lazy("%(naam)s is aangesloten."),
    ),
}


@alleen_medewerkers
def aansluiting(request, pk):
    gevonden = get_object_or_404(selectors.zichtbare_aansluitingen(request.user), pk=pk)
    formulieren = acties.lege_formulieren(STAPACTIES)
    status = 200
    is_cpo = selectors.mag_aansluitgegevens_wijzigen(request.user, gevonden)
    gegevensform = forms.AansluitgegevensForm(instance=gevonden, prefix="gegevens") if is_cpo else None
    if request.method == "POST" and request.POST.get("actie") == "aansluitgegevens" and is_cpo:
        gegevensform = forms.AansluitgegevensForm(
            request.POST, instance=Netaansluiting.objects.get(pk=pk), prefix="gegevens"
        )
        if gegevensform.is_valid():
            try:
                services.wijzig_aansluitgegevens(gevonden, request.user, **gegevensform.cleaned_data)
            except ValidationError as fout:
                for veld, teksten in fout.message_dict.items():
                    gegevensform.add_error(veld if veld in gegevensform.fields else None, teksten)
            except (transities.GeenRecht, transities.NietToegestaan):
                messages.error(request, _("Deze gegevens kunnen nu niet meer worden gewijzigd."))
                return redirect("netaansluiting:aansluiting", pk=pk)
            else:
                messages.success(request, _("Aansluitadres en contactpersoon zijn opgeslagen."))
                return redirect("netaansluiting:aansluiting", pk=pk)
        status = 400
    elif request.method == "POST":
        status = acties.voer_uit(request, gevonden, STAPACTIES, formulieren)
        if status is None:
            return redirect("netaansluiting:aansluiting", pk=pk)
        gevonden = get_object_or_404(selectors.zichtbare_aansluitingen(request.user), pk=pk)
    toegestaan = transities.toegestane_transities(gevonden, request.user)
    return render(
        request,
        "netaansluiting/aansluiting.html",
        {
            "aansluiting": gevonden,
            "batch": selectors.lopende_batch(gevonden),
            "realisatie": selectors.zichtbare_realisaties(request.user)
            .filter(locatie=gevonden.locatie_id)
            .first(),
            "mag_locatie_zien": zichtbare_locaties(request.user).filter(pk=gevonden.locatie_id).exists(),
            "stappen": [(naam, formulieren[naam]) for naam in STAPACTIES if naam in toegestaan],
            "gegevensform": gegevensform,
            "historie": _historie(gevonden),
            "peil": servicetermijnen.peil(),
        },
        status=status,
    )


# Batches


@alleen_medewerkers
def batches(request):
    filterform = forms.BatchFilterForm(request.GET or None)
    filter_ = (
        selectors.Batchfilter(**filterform.cleaned_data) if filterform.is_valid() else selectors.Batchfilter()
    )
    if werklijstcsv.gevraagd(request):
        return werklijstcsv.antwoord(
            "batches",
            [
                ("nummer", lambda b: b.nummer),
                ("status", lambda b: b.get_status_display()),
                ("cpo", lambda b: b.cpo.naam),
                ("netbeheerder", lambda b: b.netbeheerder.naam),
                ("aantal", lambda b: getattr(b, "aantal", "")),
                ("geopend_op", lambda b: b.aangemaakt_op),
                ("verzonden_op", lambda b: b.verzonden_op),
                ("afgerond_op", lambda b: b.afgerond_op),
            ],
            selectors.batches(request.user, filter_).select_related("cpo", "netbeheerder"),
        )
    pagina = werklijstpagina(selectors.batches(request.user, filter_), request)
    return render(
        request,
        "netaansluiting/batches.html",
        {"pagina": pagina, "filterform": filterform, "zoekparams": _zoekparams(request)},
    )


BATCHACTIES = {
    "verzenden": Actie(
        None,
        "",
        lambda batch, gebruiker, data: services.verstuur(batch, gebruiker),
        gettext_lazy("Batch %(naam)s is verzonden naar de netbeheerder."),
    )
}


# The netbeheerder's volume work on a batch page (netaansluiting.services.bulk).
BULKACTIES = ("alles_registreren", "stap_voor_geselecteerd", "csv_stappen")


@alleen_medewerkers
def batch(request, pk):
    gevonden = get_object_or_404(selectors.zichtbare_batches(request.user), pk=pk)
    status = 200
    stapform = forms.BulkstapForm(prefix="bulk")
    csvform = forms.StappenCsvForm(prefix="csv")
    uitkomst = None
    if request.GET.get("formaat") == "csv":
        antwoord = HttpResponse(content_type="text/csv; charset=utf-8")
        antwoord["Content-Disposition"] = f'attachment; filename="batch-{gevonden.nummer}.csv"'
        bulk.batch_als_csv(_batchregels(gevonden), antwoord)
        return antwoord
    if request.method == "POST" and request.POST.get("actie") in BULKACTIES:
        if not selectors.mag_batchstappen_zetten(request.user, gevonden):
            raise PermissionDenied
        status, uitkomst, stapform, csvform = _bulk(request, gevonden, stapform, csvform)
        if status is None:
            return redirect("netaansluiting:batch", pk=pk)
    elif request.method == "POST":
        status = acties.voer_uit(request, gevonden, BATCHACTIES, {})
        if status is None:
            return redirect("netaansluiting:batch", pk=pk)
        gevonden = get_object_or_404(selectors.zichtbare_batches(request.user), pk=pk)
    regels = _batchregels(gevonden)
    mag_stappen = selectors.mag_batchstappen_zetten(request.user, gevonden)
    return render(
        request,
        "netaansluiting/batch.html",
        {
            "batch": gevonden,
            "regels": regels,
            "mag_verzenden": "verzenden" in transities.toegestane_transities(gevonden, request.user),
            "mag_stappen": mag_stappen,
            "te_registreren": sum(1 for r in regels if r.netaansluiting.status == "aangevraagd"),
            "stapform": stapform,
            "csvform": csvform,
            "uitkomst": uitkomst,
            "gekozen": {int(x) for x in request.POST.getlist("aansluitingen") if x.isdigit()},
            "historie": _historie(gevonden),
        },
        status=status,
    )


def _batchregels(batch):
    return list(
        batch.regels.select_related("netaansluiting__locatie", "netaansluiting__gemeente").order_by("pk")
    )


def _bulk(request, batch, stapform, csvform):
    """Run one of BULKACTIES. (status or None to redirect, outcome for a dry run, the forms)."""
    in_batch = selectors.zichtbare_aansluitingen(request.user).filter(batchregels__batch=batch)
    actie = request.POST["actie"]
    if actie == "csv_stappen":
        csvform = forms.StappenCsvForm(request.POST, request.FILES, prefix="csv")
        if not csvform.is_valid():
            return 400, None, stapform, csvform
        try:
            uitkomst = bulk.stappen_uit_csv(
                csvform.cleaned_data["bestand"], in_batch, request.user, proef=csvform.cleaned_data["proef"]
            )
        except ValidationError as fout:
            csvform.add_error("bestand", " ".join(fout.messages))
            return 400, None, stapform, csvform
    elif actie == "alles_registreren":
        uitkomst = bulk.stap_voor_velen(
            in_batch.filter(status="aangevraagd").order_by("pk"), "registreren", request.user
        )
    else:
        stapform = forms.BulkstapForm(request.POST, prefix="bulk")
        gekozen = [int(x) for x in request.POST.getlist("aansluitingen") if x.isdigit()]
        if not gekozen:
            stapform.add_error(None, _("Kies ten minste één netaansluiting in de lijst."))
        if not stapform.is_valid():
            return 400, None, stapform, csvform
        uitkomst = bulk.stap_voor_velen(
            in_batch.filter(pk__in=gekozen).order_by("pk"),
            stapform.cleaned_data["stap"],
            request.user,
            **stapform.velden(),
        )
    if uitkomst.proef or uitkomst.fouten:
        if uitkomst.gelukt and not uitkomst.proef:
            messages.success(request, _bulkmelding(uitkomst))
        return (200 if uitkomst.proef else 400), uitkomst, stapform, csvform
    messages.success(request, _bulkmelding(uitkomst))
    return None, uitkomst, stapform, csvform


def _bulkmelding(uitkomst) -> str:
    n = len(uitkomst.gelukt)
    return ngettext(
        "De stap is gezet voor %(n)d netaansluiting.", "De stap is gezet voor %(n)d netaansluitingen.", n
    ) % {"n": n}


# The CPO's realisation board and plan


@alleen_medewerkers
def bord(request):
    gemeenten = gemeenten_van(request.user).order_by("naam").only("pk", "naam")
    filterform = forms.BordFilterForm(request.GET or None, gemeenten=gemeenten)
    filter_ = (
        selectors.Bordfilter(**filterform.cleaned_data) if filterform.is_valid() else selectors.Bordfilter()
    )
    pagina = werklijstpagina(selectors.realisatiebord(request.user, filter_), request)
    return render(
        request,
        "netaansluiting/bord.html",
        {
            "pagina": pagina,
            "filterform": filterform,
            "zoekparams": _zoekparams(request),
            "zonder_aansluiting": selectors.zonder_aansluiting(request.user)[:50],
            "peil": servicetermijnen.peil(),
        },
    )


@alleen_medewerkers
@require_POST
def aansluiting_aanvragen(request, locatie_pk):
    locatie = get_object_or_404(zichtbare_locaties(request.user), pk=locatie_pk)
    form = forms.AansluitingAanvragenForm(request.POST, prefix="aanvragen")
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["capaciteit"]))
        return redirect("netaansluiting:bord")
    try:
        gemaakt = services.vraag_aan(locatie, request.user, capaciteit=form.cleaned_data["capaciteit"])
    except transities.GeenRecht:
        raise Http404 from None
    except transities.NietToegestaan:
        messages.error(request, _("Voor deze locatie kan nu geen netaansluiting worden aangevraagd."))
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(
            request,
            _("Netaansluiting %(nummer)s voor %(locatie)s gaat met de volgende batch naar de netbeheerder.")
            % {"nummer": gemaakt.nummer, "locatie": locatie.omschrijving},
        )
    return redirect("netaansluiting:bord")


def _planperiode(request):
    vandaag = klok.vandaag()
    standaard = {"jaar": vandaag.year, "helft": 1 if vandaag.month <= 6 else 2}
    form = forms.PlanperiodeForm(request.GET or None, initial=standaard)
    if request.GET and form.is_valid():
        return form, form.cleaned_data["jaar"], form.cleaned_data["helft"]
    return form, standaard["jaar"], standaard["helft"]


@alleen_medewerkers
def plan(request):
    """The half-year execution plan: what is planned when, and what still has to be planned."""
    form, jaar, helft = _planperiode(request)
    gepland = list(selectors.uitvoeringsplan(request.user, jaar, helft))
    proactief = list(selectors.proactief_in_halfjaar(request.user, jaar, helft))
    if request.GET.get("formaat") == "csv":
        return _plan_csv(gepland, jaar, helft, proactief)
    begin, einde = selectors.halfjaar(jaar, helft)
    maanden = {}
    for realisatie in gepland:
        maanden.setdefault(realisatie.plaatsing_gepland_op.replace(day=1), []).append(realisatie)
    return render(
        request,
        "netaansluiting/plan.html",
        {
            "form": form,
            "jaar": jaar,
            "helft": helft,
            "begin": begin,
            "einde": einde,
            "maanden": sorted(maanden.items()),
            "aantal": len(gepland),
            "nog_in_te_plannen": selectors.nog_in_te_plannen(request.user)[:200],
            "proactief": proactief,
            "zoekparams": request.GET.urlencode(),
        },
    )


def _plan_csv(gepland, jaar: int, helft: int, proactief=()) -> HttpResponse:
    antwoord = HttpResponse(content_type="text/csv; charset=utf-8")
    antwoord["Content-Disposition"] = f'attachment; filename="uitvoeringsplan-{jaar}-H{helft}.csv"'
    antwoord.write("\ufeff")  # Excel reads the Dutch characters as UTF-8 with a BOM
    schrijver = csvexport.writer(antwoord, delimiter=";")
    schrijver.writerow(
        [
            "plaatsing_gepland_op",
            "gemeente",
            "locatie",
            "lat",
            "lon",
            "laadpunten",
            "stand",
            "aannemer",
            "netaansluiting",
            "status_netaansluiting",
            "aanvragen",
            "oudste_aanvraag",
            "risico_16_weken",
            "proactief_jaar",
            "kwartaal_gepland",
        ]
    )
    for r in gepland:
        schrijver.writerow(
            [
                r.plaatsing_gepland_op.isoformat(),
                r.gemeente.naam,
                r.locatie.omschrijving,
                Decimal(f"{r.locatie.lat:.6f}"),
                Decimal(f"{r.locatie.lon:.6f}"),
                r.locatie.laadpunten,
                r.get_status_display(),
                r.aannemer,
                r.aansluiting.nummer if r.aansluiting else "",
                r.aansluiting.get_status_display() if r.aansluiting else "",
                r.aantal_aanvragen,
                r.oudste_aanvraag.date().isoformat() if r.oudste_aanvraag else "",
                "ja" if r.risico else "nee",
                r.locatie.proactief_jaar or "",
                "",
            ]
        )
    # Proactive locations planned by quarter, without a placement date yet.
    for pl in proactief:
        schrijver.writerow(
            [
                "",
                pl.plan.gemeente.naam,
                pl.locatie.omschrijving,
                Decimal(f"{pl.locatie.lat:.6f}"),
                Decimal(f"{pl.locatie.lon:.6f}"),
                pl.locatie.laadpunten,
                pl.locatie.get_status_display(),
                "",
                "",
                "",
                "",
                "",
                "",
                pl.plan.jaar,
                f"{pl.plan.jaar}Q{pl.kwartaal}",
            ]
        )
    return antwoord


# One realisation


def _plannen(realisatie, gebruiker, data):
    return services.plan_plaatsing(realisatie, gebruiker, **data)


REALISATIEACTIES = {
    "plannen": Actie(
        forms.PlanForm,
        "plan",
        _plannen,
        gettext_lazy("De plaatsing van %(naam)s is gepland; de E-rijders weten het."),
    ),
    "energiecontract_aanvragen": Actie(
        forms.EnergiecontractForm,
        "energie",
        lambda r, u, d: services.vraag_energiecontract_aan(r, u, **d),
        gettext_lazy("Het energiecontract voor %(naam)s is vastgelegd."),
    ),
    "document_toevoegen": Actie(
        forms.DocumentForm,
        "document",
        lambda r, u, d: services.voeg_document_toe(r, u, bestand=d["bestand"], soort=d["soort"]),
        gettext_lazy("Het document is toegevoegd aan %(naam)s."),
    ),
    "sat": Actie(
        forms.SatForm,
        "sat",
        lambda r, u, d: services.leg_sat_vast(r, u, **d),
        gettext_lazy("De SAT van %(naam)s is vastgelegd."),
    ),
    "opnieuw_aanvragen": Actie(
        forms.AansluitingAanvragenForm,
        "opnieuw",
        lambda r, u, d: services.vraag_opnieuw_aan(r, u, capaciteit=d["capaciteit"]),
        gettext_lazy("De netaansluiting voor %(naam)s is opnieuw aangevraagd."),
    ),
    "andere_locatie": Actie(
        forms.RedenForm,
        "andere",
        lambda r, u, d: services.kies_andere_locatie(r, u, d["reden"]),
        gettext_lazy(
            "%(naam)s vervalt; de aanvragen staan weer op uw werklijst om een andere plek te kiezen."
        ),
    ),
    "parkeervakken_inrichten": Actie(
        forms.ParkeervakkenForm,
        "parkeervakken",
        lambda r, u, d: services.richt_parkeervakken_in(r, u, **d),
        gettext_lazy("De inrichting van de parkeervakken bij %(naam)s is vastgelegd."),
    ),
    "gerealiseerd_melden": Actie(
        None,
        "",
        lambda r, u, d: services.meld_gerealiseerd(r, u),
        gettext_lazy("%(naam)s is gerealiseerd gemeld; de aanvragen zijn afgesloten."),
    ),
    "realisatiedatum_vragen": Actie(
        None,
        "",
        lambda r, u, d: services.vraag_realisatiedatum(r, u),
        gettext_lazy("De exploitant is gevraagd naar de realisatiedatum van %(naam)s."),
    ),
}


def _standaardwaarden(realisatie: Realisatie) -> dict:
    vandaag = klok.vandaag()
    return {
        "plannen": {"aannemer": realisatie.aannemer, "plaatsing_gepland_op": realisatie.plaatsing_gepland_op},
        "energiecontract_aanvragen": {"energiecontract_aangevraagd_op": vandaag},
        "sat": {"geplaatst_op": realisatie.geplaatst_op or vandaag, "sat_op": vandaag, "geslaagd": "1"},
        "opnieuw_aanvragen": {
            "capaciteit": realisatie.aansluiting.capaciteit if realisatie.aansluiting else "3x25A"
        },
        "parkeervakken_inrichten": {"parkeervakken_ingericht_op": vandaag},
    }


@alleen_medewerkers
def realisatie(request, pk):
    gevonden = get_object_or_404(selectors.zichtbare_realisaties(request.user), pk=pk)
    formulieren = acties.lege_formulieren(REALISATIEACTIES, **_standaardwaarden(gevonden))
    status = 200
    if request.method == "POST":
        status = acties.voer_uit(request, gevonden, REALISATIEACTIES, formulieren)
        if status is None:
            return redirect("netaansluiting:realisatie", pk=pk)
        gevonden = get_object_or_404(selectors.zichtbare_realisaties(request.user), pk=pk)
    toegestaan = set(transities.toegestane_transities(gevonden, request.user))
    if "opleveren" in toegestaan or "sat_afgekeurd" in toegestaan:
        toegestaan.add("sat")  # one form, passed or failed
    if selectors.mag_document_toevoegen(request.user, gevonden):
        toegestaan.add("document_toevoegen")
    if selectors.mag_realisatiedatum_vragen(request.user, gevonden):
        toegestaan.add("realisatiedatum_vragen")
    aanvragen = list(selectors.aanvragen_achter(gevonden))
    zichtbaar = set(
        zichtbare_aanvragen(request.user)
        .filter(pk__in=[a.pk for a in aanvragen])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "netaansluiting/realisatie.html",
        {
            "realisatie": gevonden,
            "locatie": gevonden.locatie,
            "aansluiting": gevonden.aansluiting,
            "mag_aansluiting_zien": gevonden.aansluiting_id
            and selectors.zichtbare_aansluitingen(request.user).filter(pk=gevonden.aansluiting_id).exists(),
            "aanvragen": [(a, a.pk in zichtbaar) for a in aanvragen],
            "documenten": list(gevonden.documenten.select_related("geupload_door")),
            "toegestaan": toegestaan,
            "formulieren": formulieren,
            "historie": _historie(gevonden),
            "peil": servicetermijnen.peil(),
        },
        status=status,
    )


@alleen_medewerkers
def document(request, pk):
    realisaties = selectors.zichtbare_realisaties(request.user)
    gevonden = get_object_or_404(Opleverdocument.objects.filter(realisatie__in=realisaties), pk=pk)
    antwoord = FileResponse(gevonden.bestand.open("rb"), content_type="application/pdf")
    # The stored name, never the uploaded one, in the header.
    antwoord["Content-Disposition"] = f'inline; filename="opleverdocument-{gevonden.pk}.pdf"'
    antwoord["Cache-Control"] = "private, no-store"
    antwoord["Content-Security-Policy"] = "sandbox"
    return antwoord
