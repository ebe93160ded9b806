from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from portal.models import Gebruiker


class ZonderDubbelepunt:
    """Labels without a trailing colon: cleaner, and what screen-reader users hear is the question itself."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class RegistratieForm(ZonderDubbelepunt, forms.Form):
    naam = forms.CharField(
        label=_("Uw naam"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(label=_("E-mailadres"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    wachtwoord = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minstens 10 tekens; niet alleen cijfers en geen veelgebruikt wachtwoord."),
    )
    wachtwoord2 = forms.CharField(
        label=_("Wachtwoord nogmaals"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    akkoord = forms.BooleanField(
        label=_("Ik ga akkoord dat mijn gegevens worden gebruikt om mijn aanvraag te behandelen."),
        error_messages={"required": _("Zonder uw akkoord kunnen we uw aanvraag niet behandelen.")},
    )

    def clean_email(self):
        # Whether the address already has an account is not said here: the answer is the same for both
        # (portal.accounts.registreer_erijder), so the form cannot be used to find out who is registered.
        return self.cleaned_data["email"].lower()

    def clean(self):
        data = super().clean()
        w1, w2 = data.get("wachtwoord"), data.get("wachtwoord2")
        if w1 and w2 and w1 != w2:
            self.add_error("wachtwoord2", _("De wachtwoorden zijn niet gelijk."))
        if w1:
            kandidaat = Gebruiker(email=data.get("email", ""), naam=data.get("naam", ""))
            try:
                password_validation.validate_password(w1, kandidaat)
            except forms.ValidationError as fout:
                self.add_error("wachtwoord", fout)
        return data


class InlogForm(ZonderDubbelepunt, AuthenticationForm):
    """Login by e-mail. An unconfirmed account gets a message that says what to do instead of a generic error."""

    username = forms.EmailField(
        label=_("E-mailadres"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        "invalid_login": _("Het e-mailadres of wachtwoord klopt niet."),
        "inactive": _("Uw account is nog niet bevestigd. Klik op de link in de e-mail die we u stuurden."),
    }

    def clean(self):
        email = (self.cleaned_data.get("username") or "").lower()
        wachtwoord = self.cleaned_data.get("password")
        if email and wachtwoord:
            self.user_cache = authenticate(self.request, username=email, password=wachtwoord)
            if self.user_cache is None:
                inactief = Gebruiker.objects.filter(email=email, is_active=False).first()
                if inactief and inactief.check_password(wachtwoord):
                    raise forms.ValidationError(self.error_messages["inactive"], code="inactive")
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class OpnieuwBevestigenForm(ZonderDubbelepunt, forms.Form):
    email = forms.EmailField(label=_("E-mailadres"))


class WachtwoordVergetenForm(ZonderDubbelepunt, forms.Form):
    """The address to send a reset link to. The view answers the same for every address (see
    portal.views.WachtwoordVergetenView)."""

    email = forms.EmailField(
        label=_("E-mailadres"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
