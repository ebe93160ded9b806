"""The signal pages: the provincie's and the CPO's work lists and a signal's page with its actions."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aanvragen import selectors_signalen as selectors
from aanvragen import signalen as services
from aanvragen.modellen_signalen import Signaal, Weigercode
from aanvragen.models import Aanvraagvoorwaarden
from plankaart import kaart as plankaartkaart
from plankaart import selectors as plankaartselectors
from plankaart.models import Locatie
from portal import acties, historie, transities


class IntrekkenForm(forms.Form):
    toelichting = forms.CharField(
        label=gettext_lazy("Toelichting (optioneel)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WeigerenForm(forms.Form):
    reden_code = forms.ChoiceField(label=gettext_lazy("Reden"), choices=Weigercode.choices)
    toelichting = forms.CharField(label=gettext_lazy("Toelichting"), widget=forms.Textarea(attrs={"rows": 3}))


class Coordinaatveld(forms.FloatField):
    """A coordinate typed as text: a decimal comma is read as a point ("52,2112"), and what was typed stays in
    the field when the form comes back with an error."""

    def to_python(self, value):
        return super().to_python(value.strip().replace(",", ".") if isinstance(value, str) else value)


def _coordinaat_in_nederland(naam: str, laagste: int, hoogste: int, voorbeeld: str) -> Coordinaatveld:
    """An optional latitude or longitude inside the Netherlands, typed or filled in by the map."""
    buiten = gettext_lazy("Een %(naam)s in Nederland ligt tussen %(laagste)d en %(hoogste)d.") % {
        "naam": naam,
        "laagste": laagste,
        "hoogste": hoogste,
    }
    return Coordinaatveld(
        label=gettext_lazy("%(naam)s nieuw punt") % {"naam": naam.capitalize()},
        required=False,
        min_value=laagste,
        max_value=hoogste,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=gettext_lazy("Bijvoorbeeld %(voorbeeld)s; of klik op de kaart.") % {"voorbeeld": voorbeeld},
        error_messages={
            "invalid": gettext_lazy("Vul de %(naam)s in als getal, bijvoorbeeld %(voorbeeld)s.")
            % {"naam": naam, "voorbeeld": voorbeeld},
            "min_value": buiten,
            "max_value": buiten,
        },
    )


class OmzettenForm(forms.Form):
    """A location within the radius from the plankaart, a candidate moved to a point, or a new point. The map
    on the signal's page fills the same fields (a click on a candidate picks it, a click elsewhere places the
    point); without JavaScript the coordinates are typed."""

    locatie = forms.TypedChoiceField(
        label=gettext_lazy("Locatie van de plankaart"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=gettext_lazy(
            "Een locatie binnen de straal. Laat leeg voor een nieuwe locatie op het punt hieronder; kiest u een "
            "locatie én een punt, dan wordt die locatie naar dat punt verplaatst."
        ),
    )
    lat = _coordinaat_in_nederland("breedtegraad", 50, 54, "52.21120")
    lon = _coordinaat_in_nederland("lengtegraad", 3, 8, "5.96990")
    omschrijving = forms.CharField(
        label=gettext_lazy("Omschrijving nieuw punt"), required=False, max_length=200
    )

    def __init__(self, *args, keuzes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.extra_argumenten = {"keuzes": keuzes}
        self.fields["locatie"].choices = [("", _("— nieuwe locatie —")), *keuzes]

    def clean(self):
        data = super().clean()
        lat, lon = data.get("lat"), data.get("lon")
        if (lat is None) != (lon is None) and not self.has_error("lat") and not self.has_error("lon"):
            leeg = "lon" if lon is None else "lat"
            self.add_error(
                leeg, _("Vul breedte- en lengtegraad allebei in, of zet het punt met een klik op de kaart.")
            )
        return data


def _omzetten(signaal, gebruiker, data):
    locatie = None
    if data.get("locatie"):
        locatie = get_object_or_404(plankaartselectors.zichtbare_locaties(gebruiker), pk=data["locatie"])
    return services.zet_om(
        signaal,
        gebruiker,
        locatie=locatie,
        lat=data.get("lat"),
        lon=data.get("lon"),
        omschrijving=data.get("omschrijving", ""),
    )


ACTIES = {
    "versturen": acties.Actie(
        None, "versturen", lambda s, u, d: services.verstuur(s, u), gettext_lazy("%(naam)s is verstuurd.")
    ),
    "intrekken": acties.Actie(
        IntrekkenForm,
        "intrekken",
        lambda s, u, d: services.trek_in(s, u, d["toelichting"]),
        gettext_lazy("%(naam)s is ingetrokken."),
    ),
    "weigeren": acties.Actie(
        WeigerenForm,
        "weigeren",
        lambda s, u, d: services.weiger(s, u, d["reden_code"], d["toelichting"]),
        gettext_lazy("%(naam)s is geweigerd."),
    ),
    "omzetten": acties.Actie(
        OmzettenForm, "omzetten", _omzetten, gettext_lazy("%(naam)s is omgezet in een locatie.")
    ),
}


def _keuzes(signaal) -> list[tuple[int, str]]:
    """Plankaart locations within the gemeente's radius of the busy location that can still be chosen."""
    straal = Aanvraagvoorwaarden.voor(signaal.gemeente).straal_m
    nabij = plankaartselectors.locaties_nabij(
        signaal.locatie.lat,
        signaal.locatie.lon,
        straal,
        statussen=Locatie.KIESBAAR,
        gemeente=signaal.gemeente,
    )
    return [(n.locatie.pk, f"{n.locatie.omschrijving} ({round(n.afstand_m)} m)") for n in nabij]


def _kaartdata(signaal, keuzes) -> dict:
    """The map beside the form: the busy point, the radius, and the plankaart around it (twice the radius);
    the locations that can be chosen carry their id, so a click picks them in the form's list."""
    straal = Aanvraagvoorwaarden.voor(signaal.gemeente).straal_m
    kiesbaar = dict(keuzes)
    rondom = plankaartselectors.locaties_nabij(
        signaal.locatie.lat,
        signaal.locatie.lon,
        2 * straal,
        gemeente=signaal.gemeente,
        rijen=Locatie.objects.exclude(status=Locatie.Status.VERVALLEN).exclude(pk=signaal.locatie_id),
    )
    return {
        "drukke_plek": [signaal.locatie.lat, signaal.locatie.lon],
        "drukke_naam": signaal.locatie.omschrijving,
        "straal": straal,
        "locaties": [
            {
                "punt": [n.locatie.lat, n.locatie.lon],
                "kleur": plankaartkaart.PER_STATUS[n.locatie.status].kleur,
                "label": f"{n.locatie.omschrijving}: {n.locatie.get_status_display().lower()}, "
                f"{round(n.afstand_m)} m",
                "kies": n.locatie.pk if n.locatie.pk in kiesbaar else None,
            }
            for n in rondom
        ],
    }


@login_required
def werklijst(request):
    status = request.GET.get("status", "")
    if status not in Signaal.Status.values:
        status = ""
    rijen = selectors.werklijst(request.user, status)[:500]
    return render(
        request,
        "aanvragen/signalen.html",
        {"signalen": rijen, "status": status, "statussen": Signaal.Status.choices},
    )


@login_required
def detail(request, pk):
    signaal = get_object_or_404(selectors.zichtbare_signalen(request.user), pk=pk)
    formulieren = acties.lege_formulieren(ACTIES)
    kaartdata = None
    if "omzetten" in transities.toegestane_transities(signaal, request.user):
        keuzes = _keuzes(signaal)
        formulieren["omzetten"] = OmzettenForm(prefix="omzetten", keuzes=keuzes)
        kaartdata = _kaartdata(signaal, keuzes)
    status = 200
    if request.method == "POST":
        status = acties.voer_uit(request, signaal, ACTIES, formulieren)
        if status is None:
            return redirect("signalen:detail", pk=pk)
        signaal = get_object_or_404(selectors.zichtbare_signalen(request.user), pk=pk)
    return render(
        request,
        "aanvragen/signaal.html",
        {
            "signaal": signaal,
            "toegestaan": transities.toegestane_transities(signaal, request.user),
            "formulieren": formulieren,
            "kaartdata": kaartdata,
            "legenda": plankaartkaart.CATEGORIEEN,
            "historie": historie.historie_van(signaal),
        },
        status=status,
    )
