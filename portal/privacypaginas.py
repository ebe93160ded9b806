"""Browser pages for privacy: the privacy statement, the E-rijder's own data (download) and account deletion."""

import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET

from portal import klok, privacy
from portal.forms import ZonderDubbelepunt


def privacyverklaring(request):
    return render(
        request,
        "portal/privacy.html",
        {
            "aanvragen_dagen": settings.BEWAARTERMIJN_AANVRAGEN_DAGEN,
            "bezwaren_dagen": settings.BEWAARTERMIJN_BEZWAREN_DAGEN,
            "reacties_dagen": settings.BEWAARTERMIJN_REACTIES_DAGEN,
        },
    )


@login_required
def mijn_gegevens(request):
    return render(
        request,
        "portal/mijn_gegevens.html",
        {"lopend": privacy.lopende_aanvragen(request.user) if request.user.is_erijder else []},
    )


@login_required
@require_GET
def gegevens_downloaden(request):
    inhoud = json.dumps(privacy.gegevens_van(request.user), ensure_ascii=False, indent=2)
    antwoord = HttpResponse(inhoud, content_type="application/json; charset=utf-8")
    antwoord["Content-Disposition"] = (
        f'attachment; filename="mijn-gegevens-laadpaalportaal-{klok.vandaag():%Y-%m-%d}.json"'
    )
    antwoord["Cache-Control"] = "private, no-store"
    return antwoord


class VerwijderForm(ZonderDubbelepunt, forms.Form):
    bevestig = forms.BooleanField(
        label=gettext_lazy(
            "Ik begrijp dat mijn account wordt verwijderd, mijn lopende aanvragen worden ingetrokken en dat dit "
            "niet ongedaan kan worden gemaakt."
        ),
        error_messages={"required": gettext_lazy("Vink aan dat u begrijpt wat er gebeurt.")},
    )


@login_required
def account_verwijderen(request):
    if not request.user.is_erijder:
        messages.info(
            request, _("Een account van een organisatie verwijdert de beheerder van die organisatie.")
        )
        return redirect("mijn_gegevens")
    form = VerwijderForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        gebruiker = request.user
        uitkomst = privacy.verwijder_account(gebruiker)
        logout(request)
        tekst = _("Uw account is verwijderd.")
        if uitkomst["ingetrokken"]:
            tekst += " " + ngettext(
                "%(n)d lopende aanvraag is ingetrokken.",
                "%(n)d lopende aanvragen zijn ingetrokken.",
                uitkomst["ingetrokken"],
            ) % {"n": uitkomst["ingetrokken"]}
        messages.success(request, tekst)
        return redirect("start")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "portal/account_verwijderen.html",
        {"form": form, "lopend": privacy.lopende_aanvragen(request.user)},
        status=status,
    )
