"""Citizen accounts: registration with e-mail confirmation, and the mails that go with it."""

import logging

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from portal.models import Gebruiker

log = logging.getLogger(__name__)


class BevestigingsToken(PasswordResetTokenGenerator):
    """A confirmation link that stops working once the account is active."""

    key_salt = "portal.accounts.BevestigingsToken"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.is_active}{user.email}{timestamp}"


bevestigings_token = BevestigingsToken()


def registreer_erijder(email: str, naam: str, wachtwoord: str) -> Gebruiker:
    """Create an inactive citizen account; it becomes usable after the e-mail link is followed."""
    return Gebruiker.objects.create_user(email=email, password=wachtwoord, naam=naam, is_active=False)


def bevestigingslink(gebruiker: Gebruiker) -> str:
    uid = urlsafe_base64_encode(force_bytes(gebruiker.pk))
    return settings.SITE_URL + reverse("bevestig", args=[uid, bevestigings_token.make_token(gebruiker)])


def stuur_bevestigingsmail(gebruiker: Gebruiker) -> bool:
    """Send the confirmation e-mail. Returns False when the mail server refused, so the page can say so
    and offer to send it again; the account itself is already saved."""
    link = bevestigingslink(gebruiker)
    try:
        send_mail(
            _("Bevestig uw e-mailadres voor het Laadpaalportaal"),
            _(
                "Beste %(naam)s,\n\nU heeft een account aangemaakt in het Laadpaalportaal. "
                "Bevestig uw e-mailadres met deze link:\n\n%(link)s\n\n"
                "De link is drie dagen geldig. Heeft u geen account aangemaakt? Dan kunt u deze e-mail negeren."
                "\n\nMet vriendelijke groet,\nLaadpaalportaal"
            )
            % {"naam": gebruiker.naam, "link": link},
            settings.DEFAULT_FROM_EMAIL,
            [gebruiker.email],
        )
    except Exception:  # noqa: BLE001 - any SMTP failure: tell the user, keep the account
        log.exception("Bevestigingsmail aan gebruiker %s kon niet worden verstuurd", gebruiker.pk)
        return False
    return True


def bevestig(gebruiker: Gebruiker, token: str) -> bool:
    if gebruiker.is_active:
        return True
    if not bevestigings_token.check_token(gebruiker, token):
        return False
    gebruiker.is_active = True
    gebruiker.save(update_fields=["is_active"])
    return True


def koppeling_van(organisatie) -> Gebruiker:
    """The system link of an organisation: the account its own system (a grid operator's, say) uses with the
    organisation's API token. It acts for the organisation and is named so in every history row; it cannot
    log in (no usable password) and receives no messages (Gebruiker.objects.ontvangers)."""
    gebruiker, nieuw = Gebruiker.objects.get_or_create(
        email=f"koppeling-{organisatie.pk}@koppeling.invalid",
        defaults={
            "naam": _("Systeemkoppeling %(organisatie)s") % {"organisatie": organisatie.naam},
            "organisatie": organisatie,
            "rol": Gebruiker.Rol.MEDEWERKER,
            "is_koppeling": True,
        },
    )
    if nieuw:
        gebruiker.set_unusable_password()
        gebruiker.save(update_fields=["password"])
    return gebruiker
