from dataclasses import fields

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from aanvragen import services, uploads, validators
from aanvragen.models import Aanvraag, Afwijzingscode, Bewijssoort, Bron
from portal.forms import ZonderDubbelepunt
from portal.selectors import gemeenten_met_concessie

JA_NEE = [("ja", _("Ja")), ("nee", _("Nee"))]
JA_NEE_VELDEN = ("rijdt_elektrisch", "eigen_parkeerplaats", "vergunning_nodig", "heeft_vergunning")


def _ja_nee(label, **kwargs):
    return forms.TypedChoiceField(
        label=label,
        choices=JA_NEE,
        coerce=lambda v: v == "ja",
        widget=forms.RadioSelect,
        **kwargs,
    )


class AanvraagForm(ZonderDubbelepunt, forms.Form):
    """The E-rijder's request. Also used, pre-filled, to complete a request the CPO sent back."""

    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=None,
        empty_label=_("Kies uw gemeente"),
        help_text=_("Wordt ingevuld na het opzoeken van uw adres, als dat lukt."),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=7,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "text", "size": 8}),
    )
    huisnummer = forms.IntegerField(
        label=_("Huisnummer"),
        min_value=1,
        max_value=99999,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    toevoeging = forms.CharField(label=_("Toevoeging"), max_length=10, required=False)
    straat = forms.CharField(
        label=_("Straat"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "address-line1"})
    )
    woonplaats = forms.CharField(
        label=_("Plaats"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "address-level2"})
    )
    lat = forms.FloatField(
        label=_("Breedtegraad van de gewenste plek"),
        min_value=-90,
        max_value=90,
        error_messages={"required": _("Zet de pin op de kaart op de plek waar u de laadpaal wilt.")},
    )
    lon = forms.FloatField(
        label=_("Lengtegraad van de gewenste plek"),
        min_value=-180,
        max_value=180,
        error_messages={"required": _("Zet de pin op de kaart op de plek waar u de laadpaal wilt.")},
    )
    kenteken = forms.CharField(
        label=_("Kenteken van uw elektrische auto"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
        help_text=_(
            "Bijvoorbeeld AB-123-C. Streepjes mag u weglaten. We controleren bij de RDW of de auto elektrisch is."
        ),
    )
    auto_besteld = forms.BooleanField(
        label=_("Mijn auto is besteld en heeft nog geen kenteken"),
        required=False,
        help_text=_("Voeg dan het koopcontract of leasecontract toe als bewijs."),
    )
    bewijs_soort = forms.ChoiceField(
        label=_("Wat voegt u toe als bewijs?"),
        required=False,
        choices=Bewijssoort.choices,
        widget=forms.RadioSelect,
    )
    bewijs = forms.FileField(
        label=_("Bewijs dat u elektrisch rijdt"),
        required=False,
        help_text=_("Kentekenbewijs, koopcontract of leasecontract. PDF, JPG of PNG, hoogstens 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        ),
    )
    bewijs_token = forms.CharField(required=False, widget=forms.HiddenInput)
    woont_of_werkt = forms.ChoiceField(
        label=_("Woont of werkt u in de gemeente?"),
        choices=Aanvraag.WoonOfWerk.choices,
        widget=forms.RadioSelect,
    )
    werkuren_per_week = forms.IntegerField(
        label=_("Hoeveel uur per week werkt u in de gemeente?"), min_value=0, max_value=80, required=False
    )
    rijdt_elektrisch = _ja_nee(_("Rijdt u een elektrische auto (gekocht of geleased)?"))
    eigen_parkeerplaats = _ja_nee(_("Heeft u een eigen oprit of parkeerplaats?"))
    vergunning_nodig = _ja_nee(_("Is in uw straat een parkeervergunning nodig?"), required=False)
    heeft_vergunning = _ja_nee(_("Heeft u een parkeervergunning?"), required=False)
    toelichting = forms.CharField(
        label=_("Toelichting (niet verplicht)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, gebruiker, aanvraag: Aanvraag | None = None, **kwargs):
        if aanvraag is not None and "initial" not in kwargs:
            kwargs["initial"] = _initial_van(aanvraag)
        super().__init__(*args, **kwargs)
        self.gebruiker = gebruiker
        self.aanvraag = aanvraag
        self.fields["gemeente"].queryset = gemeenten_met_concessie()
        # Plain number inputs: the map keeps them in sync, and without JavaScript (or without a
        # mouse) the E-rijder can still type the coordinates.
        for veld in ("lat", "lon"):
            self.fields[veld].widget = forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"})

    def clean_postcode(self):
        try:
            return validators.normaliseer_postcode(self.cleaned_data["postcode"])
        except ValueError as fout:
            raise ValidationError(str(fout)) from fout

    def clean_kenteken(self):
        if not (self.cleaned_data.get("kenteken") or "").strip():
            return ""  # required unless the car is on order: services.controleer_voorwaarden says so
        try:
            return validators.normaliseer_kenteken(self.cleaned_data["kenteken"])
        except ValueError as fout:
            raise ValidationError(str(fout)) from fout

    def clean_bewijs(self):
        bestand = self.cleaned_data.get("bewijs")
        if bestand:
            validators.controleer_bewijsstuk(bestand)
            return bestand
        token = self.data.get(self.add_prefix("bewijs_token"))
        if token:
            opgehaald = uploads.haal_op(token, self.gebruiker)
            if opgehaald:
                return opgehaald[0]
        if self.aanvraag is None:
            raise ValidationError(_("Voeg een bewijs toe dat u elektrisch rijdt."), code="required")
        return None  # completing a request: the earlier proof stays

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            services.controleer_voorwaarden(self.gegevens())
        except ValidationError as fout:
            for veld, meldingen in fout.message_dict.items():
                self.add_error(veld if veld in self.fields else None, meldingen)
        return data

    def gegevens(self) -> services.Aanvraaggegevens:
        waarden = {veld.name: self.cleaned_data.get(veld.name) for veld in fields(services.Aanvraaggegevens)}
        # Optional yes/no questions that were left open count as "no".
        waarden.update({naam: bool(waarden[naam]) for naam in JA_NEE_VELDEN})
        return services.Aanvraaggegevens(**waarden)

    def bewaar_upload_voor_herkansing(self) -> None:
        """After a rejection: park a valid new upload so the E-rijder need not choose it again."""
        bestand = self.files.get(self.add_prefix("bewijs"))
        if not bestand or "bewijs" in self.errors:
            return
        try:
            token = uploads.parkeer(bestand, self.gebruiker)
        except uploads.OpslagVol as fout:
            self.add_error("bewijs", str(fout))
            return
        self.data = self.data.copy()
        self.data[self.add_prefix("bewijs_token")] = token

    @property
    def geparkeerde_naam(self) -> str:
        token = self.data.get(self.add_prefix("bewijs_token")) if self.is_bound else ""
        return uploads.naam_van(token) if token else ""


def _initial_van(aanvraag: Aanvraag) -> dict:
    waarden = dict(vars(services.Aanvraaggegevens.uit(aanvraag)))
    waarden["gemeente"] = aanvraag.gemeente_id
    waarden.update({naam: "ja" if waarden[naam] else "nee" for naam in JA_NEE_VELDEN})
    return waarden


class RedenForm(ZonderDubbelepunt, forms.Form):
    reden = forms.CharField(
        label=_("Reden van afwijzing"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De aanvrager leest deze tekst."),
        error_messages={"required": _("Schrijf op waarom de aanvraag niet aan de voorwaarden voldoet.")},
    )


class AfwijzingForm(RedenForm):
    reden_code = forms.TypedChoiceField(
        label=_("Soort reden"),
        choices=Afwijzingscode.choices,
        initial=Afwijzingscode.ANDERS,
        required=False,
        empty_value=Afwijzingscode.ANDERS,
        help_text=_("Telt mee in de kengetallen; de aanvrager leest de tekst hierboven."),
    )


class OntbrekendForm(ZonderDubbelepunt, forms.Form):
    ontbrekend = forms.CharField(
        label=_("Wat ontbreekt er?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De aanvrager leest deze tekst en kan daarna de aanvraag aanvullen."),
        error_messages={"required": _("Schrijf op wat er ontbreekt, zodat de aanvrager het kan aanvullen.")},
    )


class IntrekkenForm(ZonderDubbelepunt, forms.Form):
    reden = forms.CharField(
        label=_("Waarom trekt u de aanvraag in? (niet verplicht)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WerklijstFilterForm(ZonderDubbelepunt, forms.Form):
    zoek = forms.CharField(label=_("Zoeken"), required=False, help_text=_("Zaaknummer, postcode of kenteken"))
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle open aanvragen"))] + list(Aanvraag.Status.choices),
    )
    gemeente = forms.TypedChoiceField(label=_("Gemeente"), required=False, coerce=int, empty_value=None)
    bron = forms.ChoiceField(
        label=_("Bron"), required=False, choices=[("", _("Alle bronnen"))] + list(Bron.choices)
    )
    ouder_dan = forms.TypedChoiceField(
        label=_("Leeftijd"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", _("Alle")),
            ("5", _("Ouder dan 5 dagen")),
            ("10", _("Ouder dan 10 dagen")),
            # The dashboard's open-work bands (portal.kengetallen.berekeningen.open_werk) link here too.
            ("28", _("Ouder dan 4 weken")),
            ("30", _("Ouder dan 30 dagen")),
            ("56", _("Ouder dan 8 weken")),
            ("84", _("Ouder dan 12 weken")),
            ("112", _("Ouder dan 16 weken")),
        ],
    )
    te_laat = forms.BooleanField(label=_("Alleen over de termijn"), required=False)
    risico = forms.BooleanField(label=_("Alleen met risico op meer dan 16 weken"), required=False)

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].choices = [("", _("Alle gemeenten"))] + [(g.pk, g.naam) for g in gemeenten]


class LocatieaanvraagForm(ZonderDubbelepunt, forms.Form):
    """A gemeente (or the CPO serving it) asks for a charging location at a strategic spot."""

    gemeente = forms.ModelChoiceField(queryset=None, label=_("Gemeente"), empty_label=None)
    lat = forms.FloatField(
        label=_("Breedtegraad"),
        min_value=50.5,
        max_value=53.7,
        error_messages={"required": _("Zet de pin op de kaart, of vul de coördinaten in.")},
    )
    lon = forms.FloatField(
        label=_("Lengtegraad"),
        min_value=3.2,
        max_value=7.3,
        error_messages={"required": _("Zet de pin op de kaart, of vul de coördinaten in.")},
    )
    omschrijving = forms.CharField(
        label=_("Waar"),
        max_length=200,
        help_text=_("Bijvoorbeeld “Marktplein, bij de ingang van het zorgcentrum”."),
        error_messages={"required": _("Beschrijf waar de laadpaal moet komen.")},
    )
    motivering = forms.CharField(
        label=_("Waarom hier"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Een strategische plek: een zorginstelling, een winkelstraat, een deelauto-hub …"),
        error_messages={"required": _("Schrijf op waarom hier een laadpaal nodig is.")},
    )
    laadpunten = forms.IntegerField(
        label=_("Aantal laadpunten"),
        min_value=1,
        max_value=20,
        initial=2,
        help_text=_("Een laadpaal heeft er meestal twee."),
    )

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = gemeenten
        if gemeenten.count() == 1:
            self.fields["gemeente"].initial = gemeenten.first()
        self.extra_argumenten = {"gemeenten": gemeenten}

    def gegevens(self) -> services.Locatieaanvraag:
        return services.Locatieaanvraag(**self.cleaned_data)
