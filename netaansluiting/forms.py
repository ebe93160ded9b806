from django import forms
from django.utils.translation import gettext_lazy as _

from netaansluiting.models import Batch, Netaansluiting, Opleverdocument, Realisatie
from portal.forms import ZonderDubbelepunt
from verkeersbesluiten.forms import Datumveld


class GemeenteFilter(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(label=_("Gemeente"), required=False, coerce=int, empty_value=None, **kwargs)


class AansluitingFilterForm(ZonderDubbelepunt, forms.Form):
    zoek = forms.CharField(
        label=_("Zoeken"), required=False, help_text=_("Nummer, EAN, uw kenmerk of straat")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle lopende"))] + list(Netaansluiting.Status.choices),
    )
    gemeente = GemeenteFilter()
    alleen_te_laat = forms.BooleanField(label=_("Alleen over de termijn"), required=False)

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].choices = [("", _("Alle gemeenten"))] + [(g.pk, g.naam) for g in gemeenten]


class BatchFilterForm(ZonderDubbelepunt, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle"))] + list(Batch.Status.choices)
    )


class BordFilterForm(ZonderDubbelepunt, forms.Form):
    zoek = forms.CharField(
        label=_("Zoeken"), required=False, help_text=_("Straat, zaaknummer of nummer van de aansluiting")
    )
    status = forms.ChoiceField(
        label=_("Stand"),
        required=False,
        choices=[("", _("Alle lopende"))] + [(s.value, s.label) for s in Realisatie.Status],
    )
    gemeente = GemeenteFilter()
    alleen_risico = forms.BooleanField(label=_("Alleen risico op meer dan 16 weken"), required=False)

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].choices = [("", _("Alle gemeenten"))] + [(g.pk, g.naam) for g in gemeenten]


# The netbeheerder's steps


class RegistrerenForm(ZonderDubbelepunt, forms.Form):
    kenmerk_netbeheerder = forms.CharField(
        label=_("Uw kenmerk (optioneel)"), required=False, max_length=100, help_text=_("Uw eigen zaaknummer.")
    )


class NetcheckGoedkeurenForm(ZonderDubbelepunt, forms.Form):
    werkvoorbereiding_gereed_op = Datumveld(
        label=_("Werkvoorbereiding gereed op (gepland)"),
        help_text=_("Het net kan de aansluiting aan; de werkvoorbereiding begint."),
    )


class NetcheckAfkeurenForm(ZonderDubbelepunt, forms.Form):
    afkeurreden = forms.CharField(
        label=_("Waarom kan het net dit niet aan?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class OpdrachtForm(ZonderDubbelepunt, forms.Form):
    aannemer = forms.CharField(label=_("Aannemer"), max_length=200)
    aansluiting_gepland_op = Datumveld(label=_("Aansluiting gepland op"))


class AansluitenForm(ZonderDubbelepunt, forms.Form):
    aangesloten_op = Datumveld(label=_("Aangesloten op"))
    ean = forms.CharField(
        label=_("EAN-code"),
        max_length=24,
        help_text=_("18 cijfers, bijv. 871685900012345674."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_ean(self):
        from netaansluiting.services import ean_geldig

        ean = "".join(self.cleaned_data["ean"].split())
        if not ean_geldig(ean):
            raise forms.ValidationError(
                _("Dit is geen geldige EAN-code: 18 cijfers, het laatste een controlecijfer.")
            )
        return ean


class BulkstapForm(ZonderDubbelepunt, forms.Form):
    """One step for the connections ticked in a batch; only the fields of the chosen step are used."""

    stap = forms.ChoiceField(
        label=_("Stap"),
        choices=[
            ("registreren", _("Registreren (netcheck loopt)")),
            ("netcheck_goedkeuren", _("Netcheck goedkeuren")),
            ("opdracht_verstrekken", _("Opdracht aan aannemer verstrekt")),
        ],
    )
    datum = Datumveld(
        label=_("Datum"),
        required=False,
        help_text=_(
            "Bij netcheck goedkeuren: werkvoorbereiding gereed op. Bij opdracht: aansluiting gepland op."
        ),
    )
    aannemer = forms.CharField(label=_("Aannemer (bij opdracht)"), max_length=200, required=False)

    def clean(self):
        schoon = super().clean()
        stap = schoon.get("stap")
        if stap in ("netcheck_goedkeuren", "opdracht_verstrekken") and not schoon.get("datum"):
            self.add_error("datum", _("Vul de datum in die bij deze stap hoort."))
        if stap == "opdracht_verstrekken" and not (schoon.get("aannemer") or "").strip():
            self.add_error("aannemer", _("Vul in welke aannemer de opdracht krijgt."))
        return schoon

    def velden(self) -> dict:
        d = self.cleaned_data
        return {
            "registreren": {},
            "netcheck_goedkeuren": {"werkvoorbereiding_gereed_op": d.get("datum")},
            "opdracht_verstrekken": {
                "aannemer": d.get("aannemer", ""),
                "aansluiting_gepland_op": d.get("datum"),
            },
        }[d["stap"]]


class AansluitgegevensForm(ZonderDubbelepunt, forms.ModelForm):
    class Meta:
        from netaansluiting.models import Netaansluiting

        model = Netaansluiting
        fields = ["postcode", "huisnummer", "contactpersoon", "contact_telefoon", "contact_email"]
        widgets = {
            "postcode": forms.TextInput(attrs={"autocomplete": "off"}),
            "contact_telefoon": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }


class StappenCsvForm(ZonderDubbelepunt, forms.Form):
    bestand = forms.FileField(
        label=_("CSV met stappen"),
        help_text=_(
            "Kolommen nummer;stap;datum;aannemer;ean;kenmerk;reden. Stap is registreren, netcheck_goedkeuren, "
            "netcheck_afkeuren, opdracht_verstrekken of aansluiten; datum als JJJJ-MM-DD."
        ),
    )
    proef = forms.BooleanField(
        label=_("Alleen proberen (niets opslaan)"),
        required=False,
        initial=True,
        help_text=_("Laat zien wat er zou gebeuren, per regel, zonder iets te wijzigen."),
    )


# The CPO's realisation


class AansluitingAanvragenForm(ZonderDubbelepunt, forms.Form):
    capaciteit = forms.RegexField(
        label=_("Gevraagde capaciteit"),
        regex=r"^[13][xX]\d{2,3}[aA]$",
        initial="3x25A",
        max_length=20,
        error_messages={"invalid": _("Schrijf de capaciteit als 3x25A of 1x40A.")},
    )


class PlanForm(ZonderDubbelepunt, forms.Form):
    plaatsing_gepland_op = Datumveld(
        label=_("Plaatsing gepland op"), help_text=_("De datum die u met de aannemer hebt afgesproken.")
    )
    aannemer = forms.CharField(label=_("Aannemer"), max_length=200)


class EnergiecontractForm(ZonderDubbelepunt, forms.Form):
    energieleverancier = forms.CharField(label=_("Energieleverancier"), max_length=200)
    energiecontract_aangevraagd_op = Datumveld(label=_("Aangevraagd op"))


class DocumentForm(ZonderDubbelepunt, forms.Form):
    soort = forms.ChoiceField(label=_("Soort document"), choices=Opleverdocument.Soort.choices)
    bestand = forms.FileField(
        label=_("Bestand (PDF, hoogstens 20 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class SatForm(ZonderDubbelepunt, forms.Form):
    geplaatst_op = Datumveld(label=_("Geplaatst op"))
    sat_op = Datumveld(label=_("SAT uitgevoerd op"))
    geslaagd = forms.TypedChoiceField(
        label=_("Uitslag van de SAT"),
        choices=[("1", _("Geslaagd: opleveren")), ("0", _("Niet geslaagd: opnieuw testen"))],
        coerce=lambda waarde: waarde == "1",
        widget=forms.RadioSelect,
    )
    sat_opmerking = forms.CharField(
        label=_("Opmerking (verplicht als de SAT niet slaagde)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RedenForm(ZonderDubbelepunt, forms.Form):
    reden = forms.CharField(label=_("Reden"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ParkeervakkenForm(ZonderDubbelepunt, forms.Form):
    parkeervakken_ingericht_op = Datumveld(
        label=_("Ingericht op"), help_text=_("Markering en borden (E4 met onderbord) staan er.")
    )


class PlanperiodeForm(ZonderDubbelepunt, forms.Form):
    jaar = forms.IntegerField(label=_("Jaar"), min_value=2020, max_value=2100)
    helft = forms.TypedChoiceField(
        label=_("Halfjaar"),
        choices=[("1", _("Eerste halfjaar (jan–jun)")), ("2", _("Tweede halfjaar (jul–dec)"))],
        coerce=int,
    )
