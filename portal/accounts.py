"""Accounts: registration with e-mail confirmation, and the mails that go with accounts (confirmation,
password reset, one-time login link), all through the outbox (portal.berichten)."""

import logging

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from portal import berichten, inlogbeveiliging
from portal.models import Gebruiker

log = logging.getLogger(__name__)


class BevestigingsToken(PasswordResetTokenGenerator):
    """A confirmation link that stops working once the account is active."""

    key_salt = "portal.accounts.BevestigingsToken"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.is_active}{user.email}{timestamp}"


bevestigings_token = BevestigingsToken()


def registreer_erijder(email: str, naam: str, wachtwoord: str, *, mag_mailen: bool = True) -> None:
    """Register a citizen, answering the same whether or not the address already has an account.

    A new address gets an inactive account and a confirmation mail. An address that is taken keeps its
    account untouched (a stranger must not set its password) and its owner is told someone tried, with the
    way to log in or reset the password. Both take a password hash, so the timing does not tell them apart,
    and both mails go through the outbox, so a mail server that is down cannot tell them apart either.
    """
    email = email.lower()
    bestaand = Gebruiker.objects.filter(email__iexact=email).first()
    if bestaand is None:
        try:
            with transaction.atomic():
                nieuw = Gebruiker.objects.create_user(
                    email=email, password=wachtwoord, naam=naam, is_active=False
                )
        except IntegrityError:  # registered a moment ago by a request running alongside this one
            bestaand = Gebruiker.objects.filter(email__iexact=email).first()
        else:
            if mag_mailen:
                stuur_bevestigingsmail(nieuw)
            return
    make_password(wachtwoord)  # the cost creating an account would have had
    if mag_mailen and bestaand is not None and not bestaand.is_koppeling:
        _meld_registratiepoging(bestaand)


def _meld_registratiepoging(gebruiker: Gebruiker) -> None:
    tekst = _(
        "Iemand probeerde zojuist een account in het Laadpaalportaal aan te maken met uw e-mailadres. "
        "U heeft al een account; er is niets veranderd.\n\n"
        "Wilt u inloggen? Ga naar %(login)s\n"
        "Weet u uw wachtwoord niet meer? Stel een nieuw wachtwoord in via %(herstel)s\n\n"
        "Was u dit niet? Dan kunt u deze e-mail negeren."
    ) % {
        "login": settings.SITE_URL + reverse("login"),
        "herstel": settings.SITE_URL + reverse("password_reset"),
    }
    if not gebruiker.is_active:
        tekst += "\n\n" + _(
            "Uw e-mailadres is nog niet bevestigd. Bevestig het eerst met deze link:\n%(link)s"
        ) % {"link": bevestigingslink(gebruiker)}
    berichten.verstuur(gebruiker, _("Poging om een account aan te maken met uw e-mailadres"), tekst)


def bevestigingslink(gebruiker: Gebruiker) -> str:
    uid = urlsafe_base64_encode(force_bytes(gebruiker.pk))
    return settings.SITE_URL + reverse("bevestig", args=[uid, bevestigings_token.make_token(gebruiker)])


def stuur_bevestigingsmail(gebruiker: Gebruiker) -> None:
    """The confirmation mail, through the outbox: a mail server that is down delays it, the sweep retries."""
    berichten.verstuur(
        gebruiker,
        _("Bevestig uw e-mailadres voor het Laadpaalportaal"),
        _(
            "U heeft een account aangemaakt in het Laadpaalportaal. "
            "Bevestig uw e-mailadres met deze link:\n\n%(link)s\n\n"
            "De link is drie dagen geldig. Heeft u geen account aangemaakt? Dan kunt u deze e-mail negeren."
        )
        % {"link": bevestigingslink(gebruiker)},
    )


def stuur_bevestiging_opnieuw(email: str) -> None:
    """A new confirmation mail for an unconfirmed account; nothing for any other address (same answer)."""
    gebruiker = Gebruiker.objects.filter(email__iexact=email, is_active=False, is_koppeling=False).first()
    if gebruiker is not None:
        stuur_bevestigingsmail(gebruiker)


def stuur_herstelmail(email: str) -> None:
    """The password-reset mail, through the outbox, for an active account with a password; nothing for any
    other address. The page answers the same either way."""
    for gebruiker in Gebruiker.objects.ontvangers().filter(email__iexact=email):
        if not gebruiker.has_usable_password():
            continue
        uid = urlsafe_base64_encode(force_bytes(gebruiker.pk))
        link = settings.SITE_URL + reverse(
            "password_reset_confirm", args=[uid, default_token_generator.make_token(gebruiker)]
        )
        berichten.verstuur(
            gebruiker,
            _("Nieuw wachtwoord voor het Laadpaalportaal"),
            _(
                "Iemand (hopelijk u) vroeg een nieuw wachtwoord aan voor het Laadpaalportaal. "
                "Stel het in met deze link:\n\n%(link)s\n\n"
                "Heeft u dit niet gevraagd? Dan kunt u deze e-mail negeren; uw wachtwoord blijft hetzelfde."
            )
            % {"link": link},
        )


def stuur_inloglink(email: str) -> None:
    """Mail the owner of a blocked account a one-time login link (nothing for an unknown address)."""
    for gebruiker in Gebruiker.objects.ontvangers().filter(email__iexact=email):
        uid = urlsafe_base64_encode(force_bytes(gebruiker.pk))
        link = settings.SITE_URL + reverse(
            "inloglink", args=[uid, inlogbeveiliging.inloglink_token.make_token(gebruiker)]
        )
        berichten.verstuur(
            gebruiker,
            _("Inloggen in het Laadpaalportaal is tijdelijk geblokkeerd"),
            _(
                "Er is een aantal keren met een verkeerd wachtwoord geprobeerd in te loggen op uw account. "
                "Daarom is inloggen met een wachtwoord vanaf andere apparaten even geblokkeerd.\n\n"
                "Was u dat zelf? Log dan eenmalig in met deze link (een uur geldig):\n\n%(link)s\n\n"
                "Was u het niet? Dan hoeft u niets te doen; uw wachtwoord is niet geraden. Kies wel een nieuw "
                "wachtwoord als u het ook elders gebruikt: %(herstel)s"
            )
            % {"link": link, "herstel": settings.SITE_URL + reverse("password_reset")},
        )


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
