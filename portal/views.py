import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import formats, timezone
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portal import accounts, inlogbeveiliging
from portal.berichten import markeer_gelezen
from portal.forms import InlogForm, OpnieuwBevestigenForm, RegistratieForm, WachtwoordVergetenForm
from portal.models import Gebruiker, Organisatie
from portal.selectors import inbox

log = logging.getLogger(__name__)


def start(request):
    """Everyone's front door: the landing page, or straight to the work that is theirs."""
    gebruiker = request.user
    if not gebruiker.is_authenticated:
        return render(request, "portal/start.html")
    if gebruiker.is_erijder:
        return redirect("aanvragen:mijn")
    soort = gebruiker.organisatie.soort if gebruiker.organisatie_id else None
    if soort in (Organisatie.Soort.CPO, Organisatie.Soort.GEMEENTE, Organisatie.Soort.NETBEHEERDER):
        return redirect("werk")
    if gebruiker.is_superuser and soort is None:
        return redirect("admin:index")
    return render(request, "portal/overzicht.html", {"organisatie": gebruiker.organisatie})


@login_required
def werk(request):
    """Staff land here: what waits for their organisation, soonest due first (portal.werkvoorraad)."""
    if request.user.organisatie_id is None:
        return redirect("start")
    from portal import servicetermijnen, werkvoorraad

    rijen, soorten = werkvoorraad.wacht_op(request.user)
    return render(
        request,
        "portal/werk.html",
        {
            "rijen": rijen,
            "soorten": soorten,
            "organisatie": request.user.organisatie,
            "peil": servicetermijnen.peil(),
        },
    )


def _tijdstip(moment) -> str:
    return formats.time_format(timezone.localtime(moment), "H:i")


def _te_veel_vanaf_netwerk(tot) -> str:
    return _(
        "Te veel aanvragen vanaf uw netwerk. Probeer het na %(tijd)s opnieuw. "
        "Het ging niet om uw e-mailadres; er is niets verstuurd."
    ) % {"tijd": _tijdstip(tot)}


def registreren(request):
    """Same page for a new and a taken address (portal.accounts.registreer_erijder mails the owner)."""
    if request.user.is_authenticated:
        return redirect("start")
    form = RegistratieForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        oordeel = inlogbeveiliging.mailverzoek(
            inlogbeveiliging.Soort.REGISTRATIE, email, inlogbeveiliging.client_ip(request)
        )
        if oordeel.ip_geblokkeerd_tot:
            form.add_error(None, _te_veel_vanaf_netwerk(oordeel.ip_geblokkeerd_tot))
            return render(request, "registration/registreren.html", {"form": form}, status=429)
        accounts.registreer_erijder(
            email, form.cleaned_data["naam"], form.cleaned_data["wachtwoord"], mag_mailen=oordeel.mag_mailen
        )
        request.session["registratie_email"] = email
        return redirect("registratie_verstuurd")
    return render(request, "registration/registreren.html", {"form": form})


def registratie_verstuurd(request):
    return render(
        request,
        "registration/registratie_verstuurd.html",
        {"email": request.session.get("registratie_email")},
    )


def bevestig(request, uidb64: str, token: str):
    gebruiker = _gebruiker_uit(uidb64)
    if gebruiker is not None and accounts.bevestig(gebruiker, token):
        messages.success(request, _("Uw e-mailadres is bevestigd. U kunt nu inloggen."))
        return redirect("login")
    return render(request, "registration/bevestiging_ongeldig.html", status=400)


def _gebruiker_uit(uidb64: str) -> Gebruiker | None:
    try:
        return Gebruiker.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (Gebruiker.DoesNotExist, ValueError, TypeError, OverflowError):
        return None


def opnieuw_bevestigen(request):
    form = OpnieuwBevestigenForm(
        request.POST or None, initial={"email": request.session.get("registratie_email")}
    )
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        oordeel = inlogbeveiliging.mailverzoek(
            inlogbeveiliging.Soort.BEVESTIGING, email, inlogbeveiliging.client_ip(request)
        )
        if oordeel.ip_geblokkeerd_tot:
            form.add_error(None, _te_veel_vanaf_netwerk(oordeel.ip_geblokkeerd_tot))
            return render(request, "registration/opnieuw_bevestigen.html", {"form": form}, status=429)
        # Same answer whether or not the account exists: the page must not reveal who is registered.
        if oordeel.mag_mailen:
            accounts.stuur_bevestiging_opnieuw(email)
        request.session["registratie_email"] = email
        return redirect("registratie_verstuurd")
    return render(request, "registration/opnieuw_bevestigen.html", {"form": form})


class InlogView(auth_views.LoginView):
    """Login with the limits of portal.inlogbeveiliging: failures count per account and per client address,
    and nobody's correct password is refused because of someone else's failures."""

    form_class = InlogForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        email = inlogbeveiliging.normaliseer(request.POST.get("username", ""))
        ip = inlogbeveiliging.client_ip(request)
        apparaat = inlogbeveiliging.vertrouwd_apparaat(request, email)
        oordeel = inlogbeveiliging.beoordeel_inlog(email, ip, apparaat)
        form = self.get_form()
        if oordeel.account_geblokkeerd_tot:
            # The password is not even checked, so guessing on goes nowhere; the owner gets a login link.
            if inlogbeveiliging.mag_inloglink_sturen(email, ip):
                accounts.stuur_inloglink(email)
            return self._geweigerd(
                form,
                _(
                    "Te veel mislukte inlogpogingen voor dit e-mailadres. Probeer het na %(tijd)s opnieuw. "
                    "Als er een account bij dit adres hoort, heeft de eigenaar een e-mail met een eenmalige "
                    "inloglink gekregen."
                )
                % {"tijd": _tijdstip(oordeel.account_geblokkeerd_tot)},
            )
        if oordeel.ip_geblokkeerd_tot:
            # Many failures from this address (perhaps a whole city behind one proxy): slow down, but a
            # correct password still gets in.
            time.sleep(settings.LOGIN_DELAY_SECONDS)
        if form.is_valid():
            inlogbeveiliging.niet_meetellen(oordeel)
            antwoord = self.form_valid(form)
            inlogbeveiliging.onthoud_apparaat(antwoord, form.get_user())
            return antwoord
        if not (email and request.POST.get("password") and form.has_error(NON_FIELD_ERRORS, "invalid_login")):
            inlogbeveiliging.niet_meetellen(oordeel)  # an empty field or an unconfirmed account: no guess
        elif oordeel.ip_geblokkeerd_tot:
            return self._geweigerd(
                form,
                _(
                    "Het e-mailadres of wachtwoord klopt niet. Omdat vanaf uw netwerk veel inlogpogingen "
                    "mislukken, duurt elke poging tot %(tijd)s wat langer. Met het juiste wachtwoord komt u "
                    "gewoon binnen."
                )
                % {"tijd": _tijdstip(oordeel.ip_geblokkeerd_tot)},
            )
        return self.form_invalid(form)

    def _geweigerd(self, form, tekst: str):
        form.errors.clear()
        form.add_error(None, tekst)
        return self.render_to_response(self.get_context_data(form=form), status=429)


def inloglink(request, uidb64: str, token: str):
    """The one-time login link mailed to the owner of a blocked account. Opening it shows a button; only
    the POST logs in, so a mail scanner that follows links does not use it up."""
    gebruiker = _gebruiker_uit(uidb64)
    geldig = (
        gebruiker is not None
        and gebruiker.is_active
        and not gebruiker.is_koppeling
        and inlogbeveiliging.inloglink_token.check_token(gebruiker, token)
    )
    if not geldig:
        return render(request, "registration/inloglink.html", {"geldig": False}, status=400)
    if request.method == "POST":
        inlogbeveiliging.vergeef_account(gebruiker.email)
        login(request, gebruiker, backend="portal.authenticatie.PortaalBackend")
        antwoord = redirect("start")
        inlogbeveiliging.onthoud_apparaat(antwoord, gebruiker)
        return antwoord
    return render(request, "registration/inloglink.html", {"geldig": True})


class WachtwoordVergetenView(auth_views.PasswordResetView):
    """The same answer, and the same work, for every address: the reset mail goes through the outbox (a
    mail server that is down shows nowhere), and mails per address and per client address are limited."""

    form_class = WachtwoordVergetenForm

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        oordeel = inlogbeveiliging.mailverzoek(
            inlogbeveiliging.Soort.WACHTWOORD_HERSTEL, email, inlogbeveiliging.client_ip(self.request)
        )
        if oordeel.ip_geblokkeerd_tot:
            form.add_error(None, _te_veel_vanaf_netwerk(oordeel.ip_geblokkeerd_tot))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if oordeel.mag_mailen:
            accounts.stuur_herstelmail(email)
        return HttpResponseRedirect(self.get_success_url())


class WachtwoordHerstellenView(auth_views.PasswordResetConfirmView):
    """Setting a new password through the mailed link proves the owner: the block on the account ends."""

    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        antwoord = super().form_valid(form)
        inlogbeveiliging.vergeef_account(form.user.email)
        return antwoord


@login_required
def berichten(request):
    """The inbox with a filter (unread only, words in the subject) and marking chosen messages read."""
    rijen = inbox(request.user).order_by("-aangemaakt_op", "-pk")
    alleen_ongelezen = request.GET.get("ongelezen") == "1"
    zoek = request.GET.get("zoek", "").strip()[:100]
    if alleen_ongelezen:
        rijen = rijen.filter(gelezen_op__isnull=True)
    if zoek:
        rijen = rijen.filter(onderwerp__icontains=zoek)
    if request.method == "POST":
        gekozen = [int(x) for x in request.POST.getlist("berichten") if x.isdigit()]
        if gekozen:
            aantal = markeer_gelezen(request.user, gekozen)
            messages.success(
                request,
                ngettext(
                    "%(n)d bericht als gelezen gemarkeerd.", "%(n)d berichten als gelezen gemarkeerd.", aantal
                )
                % {"n": aantal},
            )
        else:
            messages.error(request, _("Kies eerst een of meer berichten."))
        return redirect(request.get_full_path())
    zoekparams = request.GET.copy()
    zoekparams.pop("pagina", None)
    pagina = Paginator(rijen, 20).get_page(request.GET.get("pagina"))
    return render(
        request,
        "portal/berichten.html",
        {
            "pagina": pagina,
            "alleen_ongelezen": alleen_ongelezen,
            "zoek": zoek,
            "zoekparams": zoekparams.urlencode(),
            "aantal_ongelezen": inbox(request.user).filter(gelezen_op__isnull=True).count(),
        },
    )


@login_required
def bericht(request, pk: int):
    item = get_object_or_404(inbox(request.user), pk=pk)
    if item.gelezen_op is None:
        markeer_gelezen(request.user, [item.pk])
    return render(request, "portal/bericht.html", {"bericht": item})


@login_required
@require_POST
def alles_gelezen(request):
    markeer_gelezen(request.user)
    volgende = request.POST.get("volgende", "")
    if not url_has_allowed_host_and_scheme(volgende, allowed_hosts={request.get_host()}):
        volgende = "/"
    return HttpResponseRedirect(volgende)
