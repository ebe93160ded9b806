"""Browser pages for verkeersbesluiten: the work list, drafting a (verzamel)besluit from approved locations,
the decision with its text, PDF, publication and objections, one objection with its decision, and the
gemeente's policy."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plankaart.selectors import gemeenten_van
from portal import acties, historie, klok, rechten, servicetermijnen, transities, werklijstcsv
from portal.acties import Actie
from portal.models import Organisatie
from portal.paginering import werklijstpagina
from portal.toegang import alleen_medewerkers
from verkeersbesluiten import forms, selectors, services
from verkeersbesluiten.models import Bezwaar, Verkeersbesluitbeleid


@alleen_medewerkers
def werklijst(request):
    # The filter shows names only: the boundaries (thousands of vertices per gemeente) stay in the database.
    gemeenten = gemeenten_van(request.user).order_by("naam").only("pk", "naam")
    filterform = forms.WerklijstFilterForm(request.GET or None, gemeenten=gemeenten)
    filter_ = selectors.Werklijstfilter()
    if filterform.is_valid():
        filter_ = selectors.Werklijstfilter(**filterform.cleaned_data)
    if werklijstcsv.gevraagd(request):
        return werklijstcsv.antwoord(
            "verkeersbesluiten",
            [
                ("nummer", lambda b: b.nummer),
                ("titel", lambda b: b.titel),
                ("gemeente", lambda b: b.gemeente.naam),
                ("status", lambda b: b.get_status_display()),
                ("locaties", lambda b: getattr(b, "aantal_locaties", "")),
                ("bekendgemaakt_op", lambda b: b.bekendmaking_op),
                ("vindplaats", lambda b: b.vindplaats),
                ("laatste_dag_bezwaar", lambda b: b.bezwaartermijn_einde),
                ("definitief_op", lambda b: b.definitief_op),
            ],
            selectors.werklijst(request.user, filter_),
        )
    pagina = werklijstpagina(selectors.werklijst(request.user, filter_), request)
    zoekparams = request.GET.copy()
    zoekparams.pop("pagina", None)
    klaar = [
        (gemeente, selectors.klaar_voor_besluit(gemeente).count())
        for gemeente in selectors.gemeenten_voor_concept(request.user)
    ]
    return render(
        request,
        "verkeersbesluiten/werklijst.html",
        {
            "pagina": pagina,
            "filterform": filterform,
            "zoekparams": zoekparams.urlencode(),
            "klaar": klaar,
            "peil": servicetermijnen.peil(),
            "is_gemeente": getattr(request.user.organisatie, "soort", "") == Organisatie.Soort.GEMEENTE,
        },
    )


def _concept_gemeente(request) -> Organisatie:
    gemeente_pk = request.GET.get("gemeente") or request.POST.get("gemeente")
    toegestaan = selectors.gemeenten_voor_concept(request.user)
    if gemeente_pk and str(gemeente_pk).isdigit():
        return get_object_or_404(toegestaan, pk=gemeente_pk)
    if toegestaan.count() == 1:
        return toegestaan.get()
    raise Http404


@alleen_medewerkers
def nieuw(request):
    gemeente = _concept_gemeente(request)
    form = forms.ConceptForm(request.POST or None, locaties=selectors.klaar_voor_besluit(gemeente))
    if request.method == "POST" and form.is_valid():
        try:
            besluit = services.maak_concept(gemeente, request.user, **form.cleaned_data)
        except ValidationError as fout:
            _fouten_naar_formulier(form, fout)
        else:
            messages.success(request, _("Concept %(nummer)s is aangemaakt.") % {"nummer": besluit.nummer})
            return redirect("verkeersbesluiten:detail", pk=besluit.pk)
    return render(
        request,
        "verkeersbesluiten/concept.html",
        {"form": form, "gemeente": gemeente, "besluit": None},
        status=400 if form.errors else 200,
    )


@alleen_medewerkers
def wijzigen(request, pk):
    besluit = get_object_or_404(selectors.zichtbare_verkeersbesluiten(request.user), pk=pk)
    if not selectors.mag_concept_bewerken(request.user, besluit):
        messages.info(request, _("Alleen een concept kan nog worden gewijzigd."))
        return redirect("verkeersbesluiten:detail", pk=pk)
    huidige = selectors.opgenomen_locaties(besluit)
    keuze = (selectors.klaar_voor_besluit(besluit.gemeente) | huidige).distinct().order_by("omschrijving")
    form = forms.ConceptForm(
        request.POST or None,
        locaties=keuze,
        initial={"titel": besluit.titel, "toelichting": besluit.toelichting, "locaties": list(huidige)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.wijzig_concept(besluit, request.user, **form.cleaned_data)
        except ValidationError as fout:
            _fouten_naar_formulier(form, fout)
        except transities.TransitieFout:
            raise Http404 from None
        else:
            messages.success(request, _("Het concept is bijgewerkt."))
            return redirect("verkeersbesluiten:detail", pk=pk)
    return render(
        request,
        "verkeersbesluiten/concept.html",
        {"form": form, "gemeente": besluit.gemeente, "besluit": besluit},
        status=400 if form.errors else 200,
    )


def _fouten_naar_formulier(form, fout: ValidationError) -> None:
    meldingen = fout.message_dict if hasattr(fout, "error_dict") else {None: fout.messages}
    for veld, teksten in meldingen.items():
        for tekst in teksten:
            form.add_error(veld if veld in form.fields else None, tekst)


def _registreer(besluit, gebruiker, data):
    return services.registreer_bezwaar(besluit, gebruiker, **data)


BESLUITACTIES = {
    "publiceren": Actie(
        forms.PubliceerForm,
        "publiceer",
        lambda b, u, d: services.publiceer(b, u, **d),
        gettext_lazy("Verkeersbesluit %(naam)s is gepubliceerd; de bezwaartermijn loopt."),
    ),
    "intrekken": Actie(
        forms.RedenForm,
        "intrekken",
        lambda b, u, d: services.trek_in(b, u, d["reden"]),
        gettext_lazy("Verkeersbesluit %(naam)s is ingetrokken."),
    ),
    "bezwaar_registreren": Actie(
        forms.BezwaarForm,
        "bezwaar",
        _registreer,
        gettext_lazy("Het bezwaar tegen %(naam)s is geregistreerd."),
    ),
}

HISTORIE_TITELS = {
    "aanmaken": gettext_lazy("Concept aangemaakt"),
    "wijzigen": gettext_lazy("Concept gewijzigd"),
    "publiceren": gettext_lazy("Gepubliceerd"),
    "bezwaar_registreren": gettext_lazy("Bezwaar geregistreerd"),
    "bezwaar_beslissen": gettext_lazy("Op bezwaar beslist"),
    "locatie_uithalen": gettext_lazy("Locatie uit het besluit gehaald"),
    "definitief_maken": gettext_lazy("Definitief geworden"),
    "intrekken": gettext_lazy("Ingetrokken"),
    "registreren": gettext_lazy("Geregistreerd"),
    "gegrond_verklaren": gettext_lazy("Gegrond verklaard"),
    "ongegrond_verklaren": gettext_lazy("Ongegrond verklaard"),
    "niet_ontvankelijk_verklaren": gettext_lazy("Niet-ontvankelijk verklaard"),
    "verdagen": gettext_lazy("Beslissing verdaagd"),
}


def _historie(zaak) -> list:
    regels = list(historie.historie_van(zaak))
    for regel in regels:
        regel.titel = HISTORIE_TITELS.get(regel.transitie, regel.transitie)
        bezwaar, uitkomst = regel.gegevens.get("bezwaar"), regel.gegevens.get("uitkomst")
        regel.toelichting = ""
        if bezwaar:
            regel.toelichting = _("Bezwaar %(nummer)s") % {"nummer": bezwaar}
            if uitkomst in Bezwaar.Status.values:
                regel.toelichting += f": {Bezwaar.Status(uitkomst).label.lower()}"
    return regels


@alleen_medewerkers
def detail(request, pk):
    besluit = get_object_or_404(selectors.zichtbare_verkeersbesluiten(request.user), pk=pk)
    opgenomen = selectors.opgenomen_locaties(besluit)
    formulieren = {
        "publiceren": forms.PubliceerForm(prefix="publiceer", initial={"bekendmaking_op": klok.vandaag()}),
        "intrekken": forms.RedenForm(prefix="intrekken"),
        "bezwaar_registreren": forms.BezwaarForm(
            prefix="bezwaar", locaties=opgenomen, initial={"ontvangen_op": klok.vandaag()}
        ),
    }
    status = 200
    if request.method == "POST":
        status = acties.voer_uit(request, besluit, BESLUITACTIES, formulieren)
        if status is None:
            return redirect("verkeersbesluiten:detail", pk=pk)
        besluit = get_object_or_404(selectors.zichtbare_verkeersbesluiten(request.user), pk=pk)
    regels = list(besluit.besluitlocaties.select_related("locatie").order_by("stand", "pk"))
    bezwaren = list(besluit.bezwaren.prefetch_related("locaties").order_by("nummer"))
    return render(
        request,
        "verkeersbesluiten/detail.html",
        {
            "besluit": besluit,
            "regels": regels,
            "bezwaren": bezwaren,
            "tekst": services.tekst_van(besluit),
            "toegestaan": transities.toegestane_transities(besluit, request.user),
            "mag_registreren": selectors.mag_bezwaar_registreren(request.user, besluit),
            "mag_wijzigen": selectors.mag_concept_bewerken(request.user, besluit),
            "mag_indiener_zien": selectors.mag_indiener_zien(request.user, besluit),
            "formulieren": formulieren,
            "historie": _historie(besluit),
            "peil": servicetermijnen.peil(),
            "vandaag": klok.vandaag(),
        },
        status=status,
    )


@alleen_medewerkers
def pdf(request, pk):
    besluit = get_object_or_404(selectors.zichtbare_verkeersbesluiten(request.user), pk=pk)
    antwoord = HttpResponse(services.pdf_van(besluit), content_type="application/pdf")
    antwoord["Content-Disposition"] = f'attachment; filename="{besluit.nummer}.pdf"'
    return antwoord


BEZWAARACTIES = {
    "beslissen": Actie(
        forms.BeslisForm,
        "beslis",
        lambda b, u, d: services.beslis_op_bezwaar(b, u, d["uitkomst"], d["motivering"]),
        gettext_lazy("Op bezwaar %(naam)s is beslist."),
    ),
    "verdagen": Actie(
        None,
        "",
        lambda b, u, d: services.verdaag(b, u),
        gettext_lazy("De beslissing op bezwaar %(naam)s is zes weken verdaagd."),
    ),
}


@alleen_medewerkers
def bezwaar(request, pk):
    gevonden = get_object_or_404(selectors.zichtbare_bezwaren(request.user), pk=pk)
    formulieren = acties.lege_formulieren(BEZWAARACTIES)
    status = 200
    if request.method == "POST":
        status = acties.voer_uit(request, gevonden, BEZWAARACTIES, formulieren)
        if status is None:
            return redirect("verkeersbesluiten:bezwaar", pk=pk)
        gevonden = get_object_or_404(selectors.zichtbare_bezwaren(request.user), pk=pk)
    toegestaan = transities.toegestane_transities(gevonden, request.user)
    return render(
        request,
        "verkeersbesluiten/bezwaar.html",
        {
            "bezwaar": gevonden,
            "besluit": gevonden.verkeersbesluit,
            "locaties": list(gevonden.locaties.all()),
            "mag_beslissen": any(naam in toegestaan for naam in services.UITKOMSTEN.values()),
            "mag_verdagen": "verdagen" in toegestaan,
            "mag_indiener_zien": selectors.mag_indiener_zien(request.user, gevonden.verkeersbesluit),
            "formulieren": formulieren,
            "historie": _historie(gevonden),
            "peil": servicetermijnen.peil(),
        },
        status=status,
    )


@alleen_medewerkers
def beleid(request):
    gemeente = request.user.organisatie
    if gemeente is None or gemeente.soort != Organisatie.Soort.GEMEENTE:
        raise Http404
    huidig = Verkeersbesluitbeleid.voor(gemeente)
    mag_wijzigen = rechten.heeft(request.user, rechten.Recht.GEMEENTEBELEID_WIJZIGEN)
    form = forms.BeleidForm(request.POST or None, instance=huidig)
    status = 200
    if not mag_wijzigen:
        for veld in form.fields.values():
            veld.disabled = True
    if request.method == "POST" and not mag_wijzigen:
        messages.error(request, rechten.ontbrekende_rol(request.user, rechten.Recht.GEMEENTEBELEID_WIJZIGEN))
        status = 403
    elif request.method == "POST" and form.is_valid():
        try:
            services.sla_beleid_op(gemeente, request.user, **form.cleaned_data)
        except ValidationError as fout:
            _fouten_naar_formulier(form, fout)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Het verkeersbesluitbeleid is opgeslagen."))
            return redirect("verkeersbesluiten:beleid")
    return render(
        request,
        "verkeersbesluiten/beleid.html",
        {"form": form, "gemeente": gemeente, "mag_wijzigen": mag_wijzigen},
        status=400 if form.errors else status,
    )
