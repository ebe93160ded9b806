"""Usage pages: the list per gemeente (sortable, with CSV export and the low-use points) and the CPO's CDR
page (upload a file with progress, the CDRs that match no charging point)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plankaart import selectors as plankaartselectors
from plankaart import selectors_verbruik as selectors
from plankaart.modellen_verbruik import Cdrimport
from plankaart.services import cdrs, verbruik
from portal import csvexport

KOLOMMEN = {
    "naam": lambda r: (r.naam or "").lower(),
    "kwh": lambda r: r.kwh,
    "sessies": lambda r: r.sessies,
    "bezetting": lambda r: r.bezetting_pct,
    "piek": lambda r: r.piekbezetting_pct,
    "boven80": lambda r: r.boven_piekgrens_pct,
}


def _periode(request) -> tuple[dt.date, dt.date, list[str]]:
    fouten = []
    van, tot = verbruik.twaalf_maanden()
    for naam in ("van", "tot"):
        waarde = request.GET.get(naam, "")
        if waarde:
            try:
                datum = dt.date.fromisoformat(waarde)
            except ValueError:
                fouten.append(_("%(veld)s: gebruik een datum als 2026-03-01.") % {"veld": naam})
                continue
            van, tot = (datum, tot) if naam == "van" else (van, datum)
    if tot < van:
        fouten.append(_("tot: de einddatum ligt vóór de begindatum."))
        van, tot = verbruik.twaalf_maanden()
    return van, tot, fouten


@login_required
def lijst(request):
    gemeenten = list(plankaartselectors.gemeenten_van(request.user).order_by("naam"))
    laadpunten = selectors.zichtbare_laadpunten(request.user)
    van, tot, fouten = _periode(request)
    per_gemeente = verbruik.cijfers(
        laadpunten, "gemeente", "jaar" if (tot - van).days > 31 else "maand", van, tot
    )
    # One row per gemeente over the whole period (the buckets above add up per gemeente).
    samen: dict = {}
    for r in per_gemeente:
        rij = samen.setdefault(r.sleutel, verbruik.Rij(r.sleutel, r.naam, van, laadpunten=r.laadpunten))
        rij.kwh += r.kwh
        rij.sessies += r.sessies
        rij.laad_uren += r.laad_uren
        rij.verbonden_uren += r.verbonden_uren
        rij.piek_uren += r.piek_uren
        rij.dagen += r.dagen
    gekozen = next((g for g in gemeenten if str(g.pk) == request.GET.get("gemeente")), None)
    gekozen = gekozen or (gemeenten[0] if gemeenten else None)
    niveau = "laadpunt" if request.GET.get("niveau") == "laadpunt" else "locatie"
    sorteer = request.GET.get("sorteer", "kwh") if request.GET.get("sorteer") in KOLOMMEN else "kwh"
    oplopend = request.GET.get("richting") == "op"
    rijen = []
    if gekozen is not None:
        rijen = _samengevat(
            verbruik.cijfers(laadpunten.filter(locatie__gemeente=gekozen), niveau, "jaar", van, tot), van
        )
        rijen.sort(key=KOLOMMEN[sorteer], reverse=not oplopend)
    if request.GET.get("formaat") == "csv" and gekozen is not None:
        return _csv(rijen, gekozen, niveau, van, tot)
    laag = []
    if gekozen is not None:
        from aanvragen.modellen_signalen import Signaalbeleid

        minimum = Signaalbeleid.voor(gekozen.provincie).laag_gebruik_kwh
        laag = list(
            verbruik.laag_gebruikt(laadpunten.filter(locatie__gemeente=gekozen), minimum, van, tot)[:200]
        )
    else:
        minimum = None
    return render(
        request,
        "plankaart/verbruik/lijst.html",
        {
            "gemeenten": gemeenten,
            "gekozen": gekozen,
            "per_gemeente": sorted(samen.values(), key=lambda r: r.naam),
            "rijen": rijen,
            "niveau": niveau,
            "sorteer": sorteer,
            "oplopend": oplopend,
            "kolommen": [
                ("naam", _("Naam")),
                ("kwh", _("kWh")),
                ("sessies", _("Sessies")),
                ("bezetting", _("Bezetting")),
                ("piek", _("Piekbezetting")),
                ("boven80", _("Boven 80% in de piek")),
            ],
            "van": van,
            "tot": tot,
            "fouten": fouten,
            "laag": laag,
            "minimum": minimum,
            "piekuren": cdrs.piekuren(),
        },
        status=400 if fouten else 200,
    )


def _samengevat(rijen: list, van: dt.date) -> list:
    """Yearly buckets of one key into one row over the period."""
    samen: dict = {}
    for r in rijen:
        rij = samen.setdefault(
            r.sleutel, verbruik.Rij(r.sleutel, r.naam, van, laadpunten=r.laadpunten, voertuigen=0)
        )
        rij.kwh += r.kwh
        rij.sessies += r.sessies
        rij.laad_uren += r.laad_uren
        rij.verbonden_uren += r.verbonden_uren
        rij.piek_uren += r.piek_uren
        rij.dagen += r.dagen
        rij.boven_piekgrens = max(rij.boven_piekgrens, r.boven_piekgrens)
    return list(samen.values())


def _csv(rijen, gemeente, niveau, van, tot) -> HttpResponse:
    antwoord = HttpResponse(content_type="text/csv; charset=utf-8")
    antwoord["Content-Disposition"] = (
        f'attachment; filename="verbruik-{gemeente.cbs_code or gemeente.pk}-{van}-{tot}.csv"'
    )
    antwoord.write("\ufeff")
    schrijver = csvexport.writer(antwoord, delimiter=";")
    schrijver.writerow(
        [
            niveau,
            "laadpunten",
            "kwh",
            "sessies",
            "laaduren",
            "verbonden_uren",
            "bezetting_pct",
            "piekbezetting_pct",
        ]
    )
    for r in rijen:
        schrijver.writerow(
            [
                r.naam,
                r.laadpunten,
                round(r.kwh, 3),
                r.sessies,
                round(r.laad_uren, 2),
                round(r.verbonden_uren, 2),
                r.bezetting_pct,
                r.piekbezetting_pct,
            ]
        )
    return antwoord


class UploadForm(forms.Form):
    bestand = forms.FileField(
        label=gettext_lazy("Bestand met CDR's"),
        help_text=gettext_lazy(
            "JSON (een lijst OCPI 2.2.1 CDR-objecten) of CSV met OCPI-veldnamen als kolomkoppen."
        ),
    )


@login_required
def cdrpagina(request):
    if not selectors.mag_cdrs_aanleveren(request.user):
        raise PermissionDenied(_("Alleen een laadpaalexploitant levert laadsessies aan."))
    cpo = request.user.organisatie
    form = UploadForm()
    status = 200
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                upload = cdrs.start_upload(cpo, request.user, form.cleaned_data["bestand"])
            except ValidationError as fout:
                form.add_error("bestand", fout.message_dict.get("bestand", fout.messages))
            else:
                messages.success(request, _("%(naam)s wordt ingelezen.") % {"naam": upload.bestandsnaam})
                return redirect("verbruik:cdrs")
        status = 400
    zonder = (
        selectors.zichtbare_cdrs(request.user).filter(laadpunt__isnull=True, credit=False).order_by("-begin")
    )
    return render(
        request,
        "plankaart/verbruik/cdrs.html",
        {
            "form": form,
            "imports": Cdrimport.objects.filter(cpo=cpo)[:20],
            "zonder": Paginator(zonder, 50).get_page(request.GET.get("pagina")),
        },
        status=status,
    )


@login_required
def cdrimport(request, pk):
    if not selectors.mag_cdrs_aanleveren(request.user):
        raise PermissionDenied
    upload = get_object_or_404(Cdrimport, pk=pk, cpo=request.user.organisatie)
    return render(request, "plankaart/verbruik/cdrimport.html", {"upload": upload})
