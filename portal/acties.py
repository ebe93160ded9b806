"""Buttons on a case page that run a service: one way to bind the form, run it and report the outcome.

A rejected form keeps what was typed and shows the service's message at the field it names; a transition
the user may not run is a 403, one the case's state no longer allows a 409, each with a clear message.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from portal import transities


@dataclass(frozen=True)
class Actie:
    formulier: type | None  # a Django form class, or None for a plain button
    prefix: str
    uitvoeren: Callable  # (zaak, gebruiker, cleaned_data) -> anything
    gelukt: str  # message on success; may use %(naam)s with the case's str()


def lege_formulieren(acties: dict[str, Actie], **initieel) -> dict:
    return {
        naam: actie.formulier(prefix=actie.prefix, initial=initieel.get(naam))
        for naam, actie in acties.items()
        if actie.formulier
    }


def voer_uit(request, zaak, acties: dict[str, Actie], formulieren: dict) -> int | None:
    """Run the posted `actie`. Returns None on success (the caller redirects), else the HTTP status to render
    the page with; the bound form with its errors replaces the empty one in `formulieren`."""
    naam = request.POST.get("actie", "")
    actie = acties.get(naam)
    if actie is None:
        messages.error(request, _("Onbekende actie."))
        return 400
    formulier = None
    data = {}
    if actie.formulier is not None:
        formulier = actie.formulier(
            request.POST, request.FILES, prefix=actie.prefix, **_extra(formulieren.get(naam))
        )
        formulieren[naam] = formulier
        if not formulier.is_valid():
            return 400
        data = formulier.cleaned_data
    try:
        actie.uitvoeren(zaak, request.user, data)
    except transities.GeenRecht as fout:
        messages.error(request, fout.reden or _("Dat mag u bij deze zaak niet doen."))
        return 403
    except transities.NietToegestaan:
        messages.error(request, _("Dat kan niet meer: de zaak is intussen verder gegaan."))
        return 409
    except ValidationError as fout:
        _toon_fout(request, formulier, fout)
        return 400
    messages.success(request, actie.gelukt % {"naam": str(zaak)})
    return None


def _extra(leeg_formulier) -> dict:
    """Forms built with extra arguments (e.g. the choices of a select) keep them when bound."""
    return getattr(leeg_formulier, "extra_argumenten", {}) if leeg_formulier is not None else {}


def _toon_fout(request, formulier, fout: ValidationError) -> None:
    meldingen = fout.message_dict if hasattr(fout, "error_dict") else {None: fout.messages}
    for veld, teksten in meldingen.items():
        for tekst in teksten:
            if formulier is not None:
                formulier.add_error(veld if veld in formulier.fields else None, tekst)
            else:
                messages.error(request, tekst)
