from django import forms
from django.utils.translation import gettext_lazy as _

from plankaart.models import GEMEENTE_REDENEN, NET_REDENEN, Locatie, Plankaartimport, Redencode
from portal.forms import ZonderDubbelepunt


def _coordinaat(label):
    return forms.FloatField(
        label=label,
        widget=forms.NumberInput(attrs={"step": "0.000001", "inputmode": "decimal"}),
        error_messages={"required": _("Zet de pin op de kaart of typ de coördinaten.")},
    )


class PuntForm(ZonderDubbelepunt, forms.Form):
    """A point chosen with the pin on the map, or typed."""

    lat = _coordinaat(_("Breedtegraad"))
    lon = _coordinaat(_("Lengtegraad"))
    omschrijving = forms.CharField(
        label=_("Omschrijving"), max_length=200, help_text=_("Waar op straat, bijv. “Loolaan t.h.v. nr. 12”.")
    )


class KiesForm(forms.Form):
    """One button per selectable location; the button carries the location's id."""

    locatie = forms.TypedChoiceField(
        coerce=int, error_messages={"invalid_choice": _("Kies een locatie uit de lijst.")}
    )

    def __init__(self, *args, kiesbaar=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.extra_argumenten = {"kiesbaar": kiesbaar}
        self.fields["locatie"].choices = [(k.locatie.pk, k.locatie.omschrijving) for k in kiesbaar]


class VerplaatsForm(PuntForm):
    locatie = forms.TypedChoiceField(label=_("Welke plankaartlocatie verplaatst u?"), coerce=int)

    def __init__(self, *args, verplaatsbaar=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.extra_argumenten = {"verplaatsbaar": verplaatsbaar}
        self.fields["locatie"].choices = [
            (k.locatie.pk, f"{k.locatie.omschrijving} ({round(k.afstand_m)} m)") for k in verplaatsbaar
        ]
        self.order_fields(["locatie", "lat", "lon", "omschrijving"])


class NieuweLocatieForm(PuntForm):
    parkeerplaatsen = forms.IntegerField(label=_("Parkeerplaatsen"), min_value=1, max_value=50, initial=2)
    laadpunten = forms.IntegerField(label=_("Laadpunten"), min_value=1, max_value=50, initial=2)


class BijstellenForm(NieuweLocatieForm):
    """The CPO adjusts a proposal the gemeente sent back (pre-filled with the current proposal)."""


class OpmerkingForm(ZonderDubbelepunt, forms.Form):
    opmerking = forms.CharField(
        label=_("Wat moet de exploitant aanpassen?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RedenForm(ZonderDubbelepunt, forms.Form):
    reden = forms.CharField(label=_("Reden"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


def _redencodeveld(keuzes):
    return forms.TypedChoiceField(
        label=_("Soort reden"),
        choices=[(c.value, c.label) for c in keuzes],
        initial=Redencode.ANDERS,
        required=False,
        empty_value=Redencode.ANDERS,
        help_text=_("Telt mee in de kengetallen."),
    )


class AfwijzingForm(RedenForm):
    reden_code = _redencodeveld(GEMEENTE_REDENEN)


class NetAfkeuringForm(RedenForm):
    reden_code = _redencodeveld(NET_REDENEN)


class NetcheckForm(ZonderDubbelepunt, forms.Form):
    opmerking = forms.CharField(
        label=_("Opmerking (optioneel)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WerklijstFilterForm(ZonderDubbelepunt, forms.Form):
    zoek = forms.CharField(
        label=_("Zoeken"), required=False, help_text=_("Omschrijving, kenmerk of zaaknummer")
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle lopende"))] + list(Locatie.Status.choices)
    )
    gemeente = forms.TypedChoiceField(label=_("Gemeente"), required=False, coerce=int, empty_value=None)
    alles = forms.BooleanField(label=_("Ook waar een ander aan zet is"), required=False)
    te_laat = forms.BooleanField(label=_("Alleen over de termijn"), required=False)

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].choices = [("", _("Alle gemeenten"))] + [(g.pk, g.naam) for g in gemeenten]


class ImportForm(ZonderDubbelepunt, forms.Form):
    bestand = forms.FileField(
        label=_("Bestand"),
        help_text=_("GeoJSON (.geojson, .json) of CSV (.csv), hoogstens 25 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".geojson,.json,.csv,application/geo+json,text/csv"}
        ),
    )
    stelsel = forms.ChoiceField(
        label=_("Coördinatenstelsel"),
        choices=Plankaartimport.Stelsel.choices,
        initial="auto",
        help_text=_("Automatisch: getallen boven 180 zijn RD-meters, anders graden."),
    )


class OcpiLocatiesForm(ZonderDubbelepunt, forms.Form):
    bestand = forms.FileField(
        label=_("Bestand met OCPI 2.2.1 Locations"),
        help_text=_(
            "JSON (.json): een lijst van Location-objecten of het OCPI-antwoord met die lijst in data, "
            "hoogstens 25 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )


class HerzienForm(ZonderDubbelepunt, forms.Form):
    jaar = forms.IntegerField(label=_("Voor welk jaar?"), min_value=2000, max_value=2100)
