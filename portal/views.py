import logging
import smtplib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import get_usage

from portal import accounts, klok
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
    if soort in (Organisatie.Soort.CPO, Organisatie.Soort.GEMEENTE):
        return redirect("aanvragen:werklijst")
    if soort == Organisatie.Soort.NETBEHEERDER:
        return redirect("plankaart:werklijst")
    if gebruiker.is_superuser and soort is None:
        return redirect("admin:index")
    return render(request, "portal/overzicht.html", {"organisatie": gebruiker.organisatie})


def registreren(request):
    if request.user.is_authenticated:
        return redirect("start")
    form = RegistratieForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        gebruiker = accounts.registreer_erijder(
            form.cleaned_data["email"], form.cleaned_data["naam"], form.cleaned_data["wachtwoord"]
        )
        verstuurd = accounts.stuur_bevestigingsmail(gebruiker)
        request.session["registratie_email"] = gebruiker.email
        return redirect("registratie_verstuurd" if verstuurd else "opnieuw_bevestigen")
    return render(request, "registration/registreren.html", {"form": form})


def registratie_verstuurd(request):
    return render(
        request,
        "registration/registratie_verstuurd.html",
        {"email": request.session.get("registratie_email")},
    )


def bevestig(request, uidb64: str, token: str):
    try:
        gebruiker = Gebruiker.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (Gebruiker.DoesNotExist, ValueError, TypeError, OverflowError):
        gebruiker = None
    if gebruiker is not None and accounts.bevestig(gebruiker, token):
        messages.success(request, _("Uw e-mailadres is bevestigd. U kunt nu inloggen."))
        return redirect("login")
    return render(request, "registration/bevestiging_ongeldig.html", status=400)


def opnieuw_bevestigen(request):
    form = OpnieuwBevestigenForm(
        request.POST or None, initial={"email": request.session.get("registratie_email")}
    )
    if request.method == "POST" and form.is_valid():
        gebruiker = Gebruiker.objects.filter(
            email__iexact=form.cleaned_data["email"], is_active=False
        ).first()
        # Same answer whether or not the account exists: the page must not reveal who is registered.
        if gebruiker is None or accounts.stuur_bevestigingsmail(gebruiker):
            request.session["registratie_email"] = form.cleaned_data["email"]
            return redirect("registratie_verstuurd")
        messages.error(
            request, _("De e-mail kon nu niet worden verstuurd. Probeer het over enkele minuten opnieuw.")
        )
    mislukt = request.method == "GET" and request.session.get("registratie_email")
    return render(request, "registration/opnieuw_bevestigen.html", {"form": form, "mislukt": mislukt})


def _account_sleutel(group, request):  # noqa: ARG001 - django-ratelimit's key signature
    return (request.POST.get("username") or "").strip().lower() or "leeg"


_LIMIETEN = (
    ("login-account", _account_sleutel, "LOGIN_RATE_PER_ACCOUNT"),
    ("login-ip", "ip", "LOGIN_RATE_PER_IP"),
)


def _limiet_bereikt(request) -> bool:
    """Whether earlier failures used up the allowance, for this address or this IP."""
    for groep, sleutel, instelling in _LIMIETEN:
        gebruik = get_usage(
            request, group=groep, key=sleutel, rate=getattr(settings, instelling), method="POST"
        )
        if gebruik and gebruik["count"] >= gebruik["limit"]:
            return True
    return False


def _tel_mislukte_poging(request) -> None:
    for groep, sleutel, instelling in _LIMIETEN:
        get_usage(
            request,
            group=groep,
            key=sleutel,
            rate=getattr(settings, instelling),
            method="POST",
            increment=True,
        )


class InlogView(auth_views.LoginView):
    form_class = InlogForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if _limiet_bereikt(request):
            form = self.get_form()
            form.errors.clear()
            form.add_error(
                None, _("Te veel mislukte inlogpogingen. Wacht een paar minuten en probeer het dan opnieuw.")
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        _tel_mislukte_poging(self.request)
        return super().form_invalid(form)


class WachtwoordVergetenView(auth_views.PasswordResetView):
    """Django's reset flow, but a mail server that is down gives a clear message instead of an error page."""

    form_class = WachtwoordVergetenForm
    email_template_name = "registration/wachtwoord_reset_email.txt"
    subject_template_name = "registration/wachtwoord_reset_onderwerp.txt"

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except (smtplib.SMTPException, OSError):
            log.exception("Herstelmail kon niet worden verstuurd")
            form.add_error(
                None, _("De e-mail kon nu niet worden verstuurd. Probeer het over enkele minuten opnieuw.")
            )
            return self.form_invalid(form)


@login_required
def berichten(request):
    pagina = Paginator(inbox(request.user), 20).get_page(request.GET.get("pagina"))
    return render(request, "portal/berichten.html", {"pagina": pagina})


@login_required
def bericht(request, pk: int):
    item = get_object_or_404(inbox(request.user), pk=pk)
    if item.gelezen_op is None:
        item.gelezen_op = klok.nu()
        item.save(update_fields=["gelezen_op"])
    return render(request, "portal/bericht.html", {"bericht": item})


@login_required
@require_POST
def alles_gelezen(request):
    inbox(request.user).filter(gelezen_op__isnull=True).update(gelezen_op=klok.nu())
    volgende = request.POST.get("volgende", "")
    if not url_has_allowed_host_and_scheme(volgende, allowed_hosts={request.get_host()}):
        volgende = "/"
    return HttpResponseRedirect(volgende)
