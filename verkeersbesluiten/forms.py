from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import ZonderDubbelepunt
from verkeersbesluiten.models import Bezwaar, Verkeersbesluit, Verkeersbesluitbeleid


class Datumveld(forms.DateField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        kwargs.setdefault(
            "error_messages",
            {"invalid": _("Vul een geldige datum in, bijv. 2026-03-02."), "required": _("Vul een datum in.")},
        )
        super().__init__(**kwargs)


class LocatieKeuze(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, locatie):
        return f"{locatie.omschrijving} ({locatie.laadpunten} laadpunten, {locatie.parkeerplaatsen} parkeerplaatsen)"


class ConceptForm(ZonderDubbelepunt, forms.Form):
    titel = forms.CharField(
        label=_("Titel"), max_length=200, help_text=_("Bijv. “Laadpalen Apeldoorn-Zuid, eerste helft 2026”.")
    )
    toelichting = forms.CharField(
        label=_("Extra overweging (optioneel)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Komt in de besluittekst bij de overwegingen."),
    )
    locaties = LocatieKeuze(
        label=_("Locaties in dit besluit"),
        queryset=None,
        error_messages={"required": _("Kies ten minste één goedgekeurde locatie.")},
        help_text=_("Kiest u er meer, dan wordt het een verzamelverkeersbesluit."),
    )

    def __init__(self, *args, locaties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locaties"].queryset = locaties


class PubliceerForm(ZonderDubbelepunt, forms.Form):
    bekendmaking_op = Datumveld(
        label=_("Bekendgemaakt op"), help_text=_("De bezwaartermijn begint de dag erna (Awb 6:8).")
    )
    vindplaats = forms.CharField(
        label=_("Vindplaats"),
        max_length=300,
        help_text=_("Gemeenteblad- of Staatscourantnummer, of de link, bijv. “Gemeenteblad 2026, 123456”."),
    )


class RedenForm(ZonderDubbelepunt, forms.Form):
    reden = forms.CharField(label=_("Reden"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class BezwaarForm(ZonderDubbelepunt, forms.Form):
    indiener_naam = forms.CharField(label=_("Naam indiener"), max_length=200)
    indiener_adres = forms.CharField(
        label=_("Adres indiener"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    ontvangen_op = Datumveld(label=_("Ontvangen op"))
    per_post = forms.BooleanField(label=_("Per post ontvangen"), required=False)
    ter_post_op = Datumveld(
        label=_("Poststempel (ter post bezorgd op)"),
        required=False,
        help_text=_(
            "Alleen bij post: op tijd gepost en binnen een week ontvangen is tijdig (Awb 6:9 lid 2)."
        ),
    )
    gronden = forms.CharField(label=_("Gronden"), widget=forms.Textarea(attrs={"rows": 4}))
    algemeen = forms.TypedChoiceField(
        label=_("Waartegen?"),
        choices=[("0", _("Tegen een of meer locaties")), ("1", _("Tegen het hele besluit"))],
        coerce=lambda waarde: waarde == "1",
        widget=forms.RadioSelect,
        initial="0",
    )
    locaties = LocatieKeuze(label=_("Tegen de locaties"), queryset=None, required=False)

    def __init__(self, *args, locaties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locaties"].queryset = locaties
        self.extra_argumenten = {"locaties": locaties}


class BeslisForm(ZonderDubbelepunt, forms.Form):
    uitkomst = forms.ChoiceField(
        label=_("Beslissing"),
        choices=[(s.value, s.label) for s in Bezwaar.Status if s != Bezwaar.Status.ONTVANGEN],
        widget=forms.RadioSelect,
    )
    motivering = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 4}))


class BeleidForm(ZonderDubbelepunt, forms.ModelForm):
    class Meta:
        model = Verkeersbesluitbeleid
        fields = [
            "netaansluiting_tijdens_bezwaartermijn",
            "zonder_verkeersbesluit_toegestaan",
            "adviescommissie",
            "plaats",
            "bord",
            "onderbord",
            "ondertekenaar",
            "functie",
            "sjabloon",
        ]
        widgets = {"sjabloon": forms.Textarea(attrs={"rows": 24, "spellcheck": "false"})}


class WerklijstFilterForm(ZonderDubbelepunt, forms.Form):
    zoek = forms.CharField(
        label=_("Zoeken"), required=False, help_text=_("Nummer, titel, vindplaats, straat of zaaknummer")
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle"))] + list(Verkeersbesluit.Status.choices)
    )
    gemeente = forms.TypedChoiceField(label=_("Gemeente"), required=False, coerce=int, empty_value=None)
    met_open_bezwaren = forms.BooleanField(label=_("Alleen met open bezwaren"), required=False)

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].choices = [("", _("Alle gemeenten"))] + [(g.pk, g.naam) for g in gemeenten]
