"""Browser pages for requests: the E-rijder's form and timeline, the CPO's work list and check."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from aanvragen import pdok, selectors, services, tijdlijn, uploads, zichtbaarheid
from aanvragen.forms import (
    AanvraagForm,
    AfwijzingForm,
    IntrekkenForm,
    LocatieaanvraagForm,
    OntbrekendForm,
    WerklijstFilterForm,
)
from aanvragen.models import Aanvraag, Aanvraagvoorwaarden
from aanvragen.validators import normaliseer_postcode
from portal import acties, geo, servicetermijnen, transities, werklijstcsv
from portal.acties import Actie
from portal.models import Organisatie
from portal.paginering import werklijstpagina
from portal.selectors import gemeenten_met_concessie


def _zichtbaar_of_404(request, pk) -> Aanvraag:
    return get_object_or_404(selectors.zichtbare_aanvragen(request.user), pk=pk)


def _alleen_erijder(view):
    def gecontroleerd(request, *args, **kwargs):
        if not request.user.is_erijder:
            messages.info(request, _("Alleen E-rijders kunnen een laadpaal aanvragen."))
            return redirect("start")
        return view(request, *args, **kwargs)

    return login_required(gecontroleerd)


# E-rijder


@login_required
def mijn(request):
    rijen = (
        selectors.zichtbare_aanvragen(request.user)
        .select_related(*selectors.LOPENDE_TERMIJN_RELATIES)
        .order_by("-ingediend_op")
    )
    pagina = Paginator(rijen, 20).get_page(request.GET.get("pagina"))
    return render(request, "aanvragen/mijn.html", {"pagina": pagina})


@_alleen_erijder
def nieuw(request):
    form = AanvraagForm(
        request.POST or None, request.FILES or None, gebruiker=request.user, initial=_pin_uit(request)
    )
    if request.method == "POST":
        if form.is_valid():
            gegevens = form.gegevens()
            keuze = request.POST.get("keuze", "")
            if keuze.startswith("aansluiten:") and keuze.split(":", 1)[1].isdigit():
                # Only a request that runs near this pin can be joined (the number comes from the answer
                # below); this tells nothing new, so it is not counted.
                gekozen = next(
                    (
                        b.aanvraag
                        for b in selectors.lopende_aanvragen_nabij(
                            gegevens.lat, gegevens.lon, gegevens.gemeente
                        )
                        if b.aanvraag.pk == int(keuze.split(":", 1)[1])
                        and b.aanvraag.aanvrager_id != request.user.pk
                    ),
                    None,
                )
                if gekozen is not None:
                    return _sluit_aan(request, form, gekozen, gegevens.kenteken)
            if keuze != "eigen":
                # Others' pending requests nearby can be joined; one's own is refused by the service. The answer
                # names the street only: no case number, no distance (they would locate someone's front door).
                try:
                    buren = services.vraag_buren(request.user, gegevens.lat, gegevens.lon, gegevens.gemeente)
                except services.TeVaakGevraagd:
                    form.bewaar_upload_voor_herkansing()
                    return render(
                        request, "aanvragen/nieuw.html", _formcontext(form, te_vaak=True), status=429
                    )
                if buren:
                    form.bewaar_upload_voor_herkansing()
                    return render(request, "aanvragen/nieuw.html", _formcontext(form, buren=_buurt(buren)))
            bewijs = form.cleaned_data["bewijs"]
            try:
                aanvraag = services.dien_in(request.user, gegevens, bewijs, bewijs.name)
            except ValidationError as fout:
                form.add_error(None, fout)
            else:
                _ruim_geparkeerd_op(form)
                messages.success(
                    request,
                    _("Uw aanvraag %(nummer)s is ingediend. De ontvangstbevestiging staat in uw berichten.")
                    % {"nummer": aanvraag.nummer},
                )
                return redirect("aanvragen:detail", pk=aanvraag.pk)
        form.bewaar_upload_voor_herkansing()
        return render(request, "aanvragen/nieuw.html", _formcontext(form), status=400)
    return render(request, "aanvragen/nieuw.html", _formcontext(form))


def _sluit_aan(request, form, aanvraag, kenteken):
    try:
        services.sluit_aan(aanvraag, request.user, kenteken)
    except (ValidationError, transities.TransitieFout):
        messages.error(request, _("Aansluiten bij deze aanvraag is niet (meer) mogelijk."))
        return redirect("aanvragen:mijn")
    _ruim_geparkeerd_op(form)
    messages.success(request, _("U volgt nu aanvraag %(nummer)s.") % {"nummer": aanvraag.nummer})
    return redirect("aanvragen:detail", pk=aanvraag.pk)


def _buurt(buren) -> list[dict]:
    """What the E-rijder learns of a request nearby before joining it: where, at street level."""
    return [
        {
            "pk": b.aanvraag.pk,
            "waar": b.aanvraag.straat or b.aanvraag.omschrijving or _("in uw buurt"),
        }
        for b in buren
    ]


def _ruim_geparkeerd_op(form):
    token = form.data.get("bewijs_token")
    if token:
        uploads.verwijder(token)


def _formcontext(form, **extra):
    # Each gemeente's area, so the map can show where the pin may go.
    gebieden = {str(g.pk): {"gebied": g.gebied} for g in gemeenten_met_concessie()}
    return {"form": form, "gemeente_gebieden": gebieden, **extra}


@login_required
def detail(request, pk):
    aanvraag = _zichtbaar_of_404(request, pk)
    if request.user.organisatie_id:
        return redirect("aanvragen:behandel", pk=pk)
    return render(
        request,
        "aanvragen/detail.html",
        {
            "aanvraag": aanvraag,
            "eigen": selectors.is_aanvrager(request.user, aanvraag),
            "tijdlijn": tijdlijn.tijdlijn(aanvraag, request.user),
            **tijdlijn.vooruitblik(aanvraag, request.user),
            "mag_intrekken": "intrekken" in transities.toegestane_transities(aanvraag, request.user),
            "zicht": zichtbaarheid.zichtbare_velden(request.user, aanvraag),
            "intrekken_form": IntrekkenForm(),
        },
    )


@_alleen_erijder
def aanvullen(request, pk):
    aanvraag = _zichtbaar_of_404(request, pk)
    if "opnieuw_indienen" not in transities.toegestane_transities(aanvraag, request.user):
        messages.info(request, _("Deze aanvraag hoeft u nu niet aan te vullen."))
        return redirect("aanvragen:detail", pk=pk)
    form = AanvraagForm(
        request.POST or None, request.FILES or None, gebruiker=request.user, aanvraag=aanvraag
    )
    if request.method == "POST":
        if form.is_valid():
            bewijs = form.cleaned_data.get("bewijs")
            try:
                services.wijzig_en_dien_opnieuw_in(
                    aanvraag, request.user, form.gegevens(), bewijs, getattr(bewijs, "name", "")
                )
            except ValidationError as fout:
                form.add_error(None, fout)
            except transities.TransitieFout:
                messages.error(request, _("Deze aanvraag kan nu niet worden aangevuld."))
                return redirect("aanvragen:detail", pk=pk)
            else:
                _ruim_geparkeerd_op(form)
                messages.success(
                    request, _("Uw aanvulling is verstuurd. De laadpaalexploitant beoordeelt hem opnieuw.")
                )
                return redirect("aanvragen:detail", pk=pk)
        form.bewaar_upload_voor_herkansing()
        return render(request, "aanvragen/nieuw.html", _formcontext(form, aanvraag=aanvraag), status=400)
    return render(request, "aanvragen/nieuw.html", _formcontext(form, aanvraag=aanvraag))


@login_required
@require_POST
def intrekken(request, pk):
    aanvraag = _zichtbaar_of_404(request, pk)
    form = IntrekkenForm(request.POST)
    if form.is_valid():
        try:
            services.trek_in(aanvraag, request.user, form.cleaned_data["reden"])
        except transities.TransitieFout:
            messages.error(request, _("Deze aanvraag kan niet meer worden ingetrokken."))
        else:
            messages.success(request, _("Uw aanvraag is ingetrokken."))
    return redirect("aanvragen:detail", pk=pk)


@login_required
def bewijs(request, pk):
    aanvraag = _zichtbaar_of_404(request, pk)
    if not selectors.mag_persoonsgegevens_zien(request.user, aanvraag) or not aanvraag.bewijs:
        raise Http404
    soort = mimetypes.guess_type(aanvraag.bewijs.name)[0] or "application/octet-stream"
    antwoord = FileResponse(aanvraag.bewijs.open("rb"), content_type=soort)
    antwoord["Content-Disposition"] = (
        f'inline; filename="{aanvraag.nummer}-bewijs.{aanvraag.bewijs.name.rsplit(".", 1)[-1]}"'
    )
    antwoord["Cache-Control"] = "private, no-store"
    # An uploaded PDF is shown inline; it may not run scripts in the portal's origin.
    antwoord["Content-Security-Policy"] = "sandbox"
    return antwoord


@login_required
@require_GET
def adres(request):
    """JSON for the form's address lookup: 404 when PDOK knows no such address, 503 when PDOK cannot be reached;
    each with a `detail` the form shows (the E-rijder can always fill in street and place)."""
    postcode = request.GET.get("postcode", "")
    huisnummer = request.GET.get("huisnummer", "")
    try:
        postcode = normaliseer_postcode(postcode)
        nummer = int(huisnummer)
    except ValueError:
        return JsonResponse({"detail": _("Ongeldige postcode of huisnummer.")}, status=400)
    try:
        gevonden = pdok.zoek(postcode, nummer, request.GET.get("toevoeging", "").strip())
    except pdok.NietBereikbaar:
        return JsonResponse(
            {
                "detail": _(
                    "Het adressenregister (PDOK) is nu niet bereikbaar, dus we konden uw adres niet opzoeken. "
                    "Vul straat en plaats zelf in; uw aanvraag komt gewoon door."
                )
            },
            status=503,
        )
    if gevonden is None:
        return JsonResponse(
            {
                "detail": _(
                    "Dit adres bestaat niet in het adressenregister. Controleer postcode en huisnummer, of vul "
                    "straat en plaats zelf in."
                )
            },
            status=404,
        )
    gemeente = Organisatie.objects.filter(soort="gemeente", cbs_code=gevonden.gemeentecode.zfill(4)).first()
    return JsonResponse(
        {
            "straat": gevonden.straat,
            "woonplaats": gevonden.woonplaats,
            "gemeente": gemeente.pk if gemeente else None,
            "gemeentenaam": gevonden.gemeentenaam,
            "lat": gevonden.lat,
            "lon": gevonden.lon,
        }
    )


# CPO and gemeente


@login_required
def werklijst(request):
    if request.user.is_erijder:
        return redirect("aanvragen:mijn")
    zichtbaar = selectors.zichtbare_aanvragen(request.user)
    # The filter shows names only: the boundaries (thousands of vertices per gemeente) stay in the database.
    gemeenten = Organisatie.objects.filter(pk__in=zichtbaar.values("gemeente")).order_by("naam").only("pk", "naam")
    filterform = WerklijstFilterForm(request.GET or None, gemeenten=gemeenten)
    filter_ = selectors.Werklijstfilter()
    if filterform.is_valid():
        d = filterform.cleaned_data
        filter_ = selectors.Werklijstfilter(
            status=d["status"],
            gemeente=d["gemeente"],
            bron=d["bron"],
            ouder_dan_dagen=d["ouder_dan"],
            alleen_te_laat=d["te_laat"],
            alleen_risico=d["risico"],
            zoek=d["zoek"],
        )
    rijen = selectors.werklijst(request.user, filter_)
    if werklijstcsv.gevraagd(request):
        return werklijstcsv.antwoord("aanvragen", _csvkolommen(zichtbaarheid.lijstvelden(request.user)), rijen)
    pagina = werklijstpagina(rijen, request)
    zoekparams = request.GET.copy()
    zoekparams.pop("pagina", None)
    return render(
        request,
        "aanvragen/werklijst.html",
        {
            "pagina": pagina,
            "filterform": filterform,
            "zoekparams": zoekparams.urlencode(),
            "zicht": zichtbaarheid.lijstvelden(request.user),
            "peil": servicetermijnen.peil(),
        },
    )


def _pin_uit(request) -> dict:
    """A spot chosen on the public map (?lat=…&lon=…) as the form's first pin; the gemeente follows from it."""
    try:
        lat, lon = float(request.GET["lat"]), float(request.GET["lon"])
    except (KeyError, ValueError):
        return {}
    if not geo.in_nederland(lat, lon):
        return {}
    begin = {"lat": round(lat, 6), "lon": round(lon, 6)}
    gemeente = next((g for g in gemeenten_met_concessie() if g.gebied and g.bevat(lat, lon)), None)
    if gemeente is not None:
        begin["gemeente"] = gemeente.pk
    return begin


def _csvkolommen(zicht) -> list:
    """The work list's columns, with the address only as far as the reader may see it (aanvragen.zichtbaarheid)."""
    kolommen = [
        ("zaaknummer", lambda a: a.nummer),
        ("bron", lambda a: a.get_bron_display()),
        ("gemeente", lambda a: a.gemeente.naam),
        ("status", lambda a: a.get_status_display()),
        ("omschrijving", lambda a: a.omschrijving if a.bron != "erijder" else ""),
    ]
    if zicht.get("straat"):
        kolommen += [("straat", lambda a: a.straat), ("woonplaats", lambda a: a.woonplaats)]
    if zicht.get("postcode"):
        kolommen += [
            ("postcode", lambda a: a.postcode),
            ("huisnummer", lambda a: f"{a.huisnummer or ''}{a.toevoeging}"),
        ]
    return kolommen + [
        ("ingediend_op", lambda a: a.ingediend_op),
        ("stap", lambda a: a.get_termijn_stap_display()),
        ("stap_uiterlijk", lambda a: a.termijn_uiterlijk),
        ("verwacht_opgeleverd", lambda a: getattr(a, "verwacht_gereed", None)),
    ]


def _omgeving(aanvraag, straal, buren, laadpunten) -> dict:
    """What the small map on the check page shows; the list beside it says the same in text."""
    return {
        "pin": [aanvraag.lat, aanvraag.lon],
        "straal": straal,
        "aanvragen": [
            {
                "punt": [b.aanvraag.lat, b.aanvraag.lon],
                "label": f"{b.aanvraag.nummer} ({round(b.afstand_m)} m)",
            }
            for b in buren
            if b.afstand_m is not None
        ],
        "laadpunten": [
            {
                "punt": [n.locatie.lat, n.locatie.lon],
                "label": f"{n.locatie.omschrijving} ({round(n.afstand_m)} m)",
            }
            for n in laadpunten
        ],
    }


# The CPO's check: each button runs a service (portal.acties).
TOETSACTIES = {
    "goedkeuren": Actie(
        None, "", lambda a, u, d: services.goedkeuren(a, u), gettext_lazy("Aanvraag %(naam)s is goedgekeurd.")
    ),
    "afwijzen": Actie(
        AfwijzingForm,
        "afwijzen",
        lambda a, u, d: services.afwijzen(a, u, d["reden"], d["reden_code"]),
        gettext_lazy("Aanvraag %(naam)s is afgewezen."),
    ),
    "aanvulling_vragen": Actie(
        OntbrekendForm,
        "aanvulling",
        lambda a, u, d: services.vraag_aanvulling(a, u, d["ontbrekend"]),
        gettext_lazy("De aanvrager van %(naam)s is gevraagd om aan te vullen."),
    ),
}


@login_required
def behandel(request, pk):
    aanvraag = _zichtbaar_of_404(request, pk)
    if request.user.is_erijder:
        return redirect("aanvragen:detail", pk=pk)
    forms = acties.lege_formulieren(TOETSACTIES)
    status = 200
    if request.method == "POST":
        status = acties.voer_uit(request, aanvraag, TOETSACTIES, forms)
        if status is None:
            # Approved: the next step, choosing the location, is offered at once to who takes it.
            if request.POST.get("actie") == "goedkeuren":
                aanvraag = _zichtbaar_of_404(request, pk)
                if selectors.mag_locatie_bepalen(request.user, aanvraag):
                    return redirect("plankaart:locatie_bepalen", pk=pk)
            return redirect("aanvragen:werklijst")
        aanvraag = _zichtbaar_of_404(request, pk)
    toegestaan = transities.toegestane_transities(aanvraag, request.user)
    # A distance to, or a pin of, another request is shown only to who may see that request's pin (a gemeente
    # could otherwise locate E-rijders from the pin of its own request).
    buren = [
        b if zichtbaarheid.mag_zien(request.user, b.aanvraag, "lat") else selectors.Buur(b.aanvraag, None)
        for b in selectors.lopende_aanvragen_nabij(
            aanvraag.lat, aanvraag.lon, aanvraag.gemeente, uitgezonderd=aanvraag
        )
    ]
    laadpunten = selectors.bestaande_laadpunten_nabij(aanvraag)
    straal = Aanvraagvoorwaarden.voor(aanvraag.gemeente).straal_m
    return render(
        request,
        "aanvragen/behandel.html",
        {
            "aanvraag": aanvraag,
            "toegestaan": toegestaan,
            "forms": forms,
            "tijdlijn": tijdlijn.tijdlijn(aanvraag, request.user),
            "buren": buren,
            "laadpunten": laadpunten,
            "straal": straal,
            "kaartdata": _omgeving(aanvraag, straal, buren, laadpunten),
            "medeaanvragers": aanvraag.medeaanvragers.select_related("gebruiker"),
            "zicht": zichtbaarheid.zichtbare_velden(request.user, aanvraag),
            "persoonsgegevens": selectors.mag_persoonsgegevens_zien(request.user, aanvraag),
            "locatie_bepalen": selectors.mag_locatie_bepalen(request.user, aanvraag),
            "peil": servicetermijnen.peil(),
        },
        status=status,
    )


# The gemeente's (and the CPO's) own requests for a location


@login_required
def locatie_aanvragen(request):
    """A gemeente asks for a charging location at a strategic spot: a pin, a description, a motivation and the
    number of charging points. Who may, and for which gemeenten, is aanvragen.lanen's rule."""
    gemeenten = selectors.gemeenten_voor_locatieaanvraag(request.user)
    if not gemeenten.exists():
        raise Http404
    form = LocatieaanvraagForm(request.POST or None, gemeenten=gemeenten)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                aanvraag = services.vraag_locatie_aan(request.user, form.gegevens())
            except ValidationError as fout:
                for veld, teksten in fout.message_dict.items():
                    for tekst in teksten:
                        form.add_error(veld if veld in form.fields else None, tekst)
            else:
                if aanvraag.locatie_id:
                    messages.success(
                        request,
                        _("Aanvraag %(nummer)s is gekoppeld aan locatie %(locatie)s, die er al komt.")
                        % {"nummer": aanvraag.nummer, "locatie": aanvraag.locatie.omschrijving},
                    )
                else:
                    messages.success(
                        request, _("Aanvraag %(nummer)s is ingediend.") % {"nummer": aanvraag.nummer}
                    )
                return redirect("aanvragen:behandel", pk=aanvraag.pk)
        status = 400
    return render(
        request,
        "aanvragen/locatie_aanvragen.html",
        {
            "form": form,
            "gemeente_gebieden": {str(g.pk): {"gebied": g.gebied} for g in gemeenten},
        },
        status=status,
    )
