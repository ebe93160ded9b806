"""Limits on logins and account mails that stop guessing without locking out the people they protect.

Why this design (and not a cache counter that answers 429 to everyone over a limit):

* Only failures count, per e-mail address and per client address, in the database (Accountpoging), so
  the limits hold when Redis is down and a correct login never uses up anyone's allowance.
* The client address is REMOTE_ADDR unless settings.TRUSTED_PROXY_HEADER names the header a proxy in front
  of us sets; X-Forwarded-For from the internet is never believed on its own.
* Per client address (LOGIN_RATE_PER_IP): a whole city can sit behind one address (a proxy, a mobile
  carrier's NAT), so this limit never refuses a correct password. Over it, every attempt from that address
  waits LOGIN_DELAY_SECONDS on the server before the password is checked, and a wrong password gets a 429
  saying until when that lasts. It slows password spraying (one common password against many accounts)
  from one address; it cannot lock anyone out.
* Per account (LOGIN_RATE_PER_ACCOUNT, e.g. 5 failures per 15 minutes): this is what makes guessing one
  account's password impractical (about 480 guesses a day, against passwords of 10+ characters that are
  not on the common-password list). Over it, an attempt from an unknown browser is not checked at all
  (so it teaches an attacker nothing) and gets a 429 with the time the block ends. The owner is not locked
  out by someone else's failures: a browser that logged in to this account before carries a signed
  device cookie and is judged only by its own failures (OWASP's "device cookies"), and the owner is mailed
  a one-time login link (at most once per block period) that works on any browser. No CAPTCHA.
* Unknown addresses are counted and answered exactly like known ones, so the limits reveal nothing about
  who has an account.
* Mails anyone can trigger (password reset, registration, confirmation) are limited per address and per
  client address (ACCOUNT_MAIL_RATE_PER_*); over the address limit the answer stays the same and no mail
  goes out, so nobody can flood someone's mailbox through the portal.
"""

import dataclasses
import datetime as dt
import ipaddress
import logging
import re
import secrets

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing

from portal import klok
from portal.models import Accountpoging, Gebruiker

log = logging.getLogger(__name__)

Soort = Accountpoging.Soort

APPARAAT_COOKIE = "laadpaal_apparaat"
_APPARAAT_SALT = "portal.inlogbeveiliging.apparaat"
APPARAAT_GELDIG = dt.timedelta(days=365)
BEWAREN = dt.timedelta(days=1)

_PERIODE = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def limiet(rate: str) -> tuple[int, dt.timedelta]:
    """'5/15m' -> (5, 15 minutes); the number before the unit is optional ('30/h')."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*", rate or "")
    if not match:
        raise ValueError(f"Ongeldige limiet {rate!r}; verwacht bijvoorbeeld '5/15m' of '30/h'.")
    aantal, veelvoud, eenheid = match.groups()
    return int(aantal), dt.timedelta(seconds=int(veelvoud or 1) * _PERIODE[eenheid])


def normaliseer(email: str) -> str:
    return (email or "").strip().lower()[:254]


def client_ip(request) -> str | None:
    """The address of the person at the other end.

    Behind a proxy REMOTE_ADDR is the proxy; the real address is then in a header the proxy sets, but only
    a proxy we configured may be believed: anyone can send X-Forwarded-For. With TRUSTED_PROXY_HEADER set,
    the entry TRUSTED_PROXY_HOPS from the right is taken (each trusted proxy appends the address it saw;
    entries further left were written by the client and can be anything).
    """
    adres = request.META.get("REMOTE_ADDR")
    header = settings.TRUSTED_PROXY_HEADER
    if header:
        sleutel = header.upper().replace("-", "_")
        if not sleutel.startswith("HTTP_"):
            sleutel = f"HTTP_{sleutel}"
        delen = [d.strip() for d in request.META.get(sleutel, "").split(",") if d.strip()]
        hops = max(settings.TRUSTED_PROXY_HOPS, 1)
        if len(delen) >= hops:
            adres = delen[-hops]
        elif delen:
            adres = delen[0]
    return _geldig_ip(adres)


def _geldig_ip(adres: str | None) -> str | None:
    if not adres:
        return None
    adres = adres.strip()
    # "[2001:db8::1]:443" and "192.0.2.1:443" as some proxies write them.
    if adres.startswith("[") and "]" in adres:
        adres = adres[1 : adres.index("]")]
    elif adres.count(":") == 1:
        adres = adres.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(adres))
    except ValueError:
        return None


# The trusted-device cookie ----------------------------------------------------------------------------


def vertrouwd_apparaat(request, email: str) -> str:
    """The device id of this browser if it logged in to the account of `email` before, else ''."""
    waarde = request.COOKIES.get(APPARAAT_COOKIE)
    if not waarde or not email:
        return ""
    try:
        inhoud = signing.loads(waarde, salt=_APPARAAT_SALT, max_age=APPARAAT_GELDIG)
    except signing.BadSignature:
        return ""
    if not isinstance(inhoud, dict) or not Gebruiker.objects.filter(pk=inhoud.get("g"), email=email).exists():
        return ""
    return str(inhoud.get("a", ""))[:32]


def onthoud_apparaat(response, gebruiker: Gebruiker) -> None:
    """After a successful login: this browser may log in to this account even while it is blocked."""
    waarde = signing.dumps({"g": gebruiker.pk, "a": secrets.token_hex(16)}, salt=_APPARAAT_SALT)
    response.set_cookie(
        APPARAAT_COOKIE,
        waarde,
        max_age=int(APPARAAT_GELDIG.total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


# Counting ---------------------------------------------------------------------------------------------


def _geblokkeerd_tot(soort: str, rate: str, *, behalve: int | None = None, **filter) -> dt.datetime | None:
    """When the count of `soort` attempts matching `filter` (other than row `behalve`) drops below the
    limit again, or None if it is below the limit now. One indexed query: the N most recent in the window."""
    aantal, venster = limiet(rate)
    nu = klok.nu()
    if aantal == 0:
        return nu + venster
    recent = list(
        Accountpoging.objects.filter(soort=soort, op__gt=nu - venster, **filter)
        .exclude(pk=behalve)
        .order_by("-op")
        .values_list("op", flat=True)[:aantal]
    )
    if len(recent) < aantal:
        return None
    return recent[aantal - 1] + venster


def leg_vast(soort: str, email: str, ip: str | None, apparaat: str = "") -> Accountpoging:
    return Accountpoging.objects.create(
        soort=soort, email=normaliseer(email), ip=ip, apparaat=apparaat, op=klok.nu()
    )


@dataclasses.dataclass(frozen=True)
class Inlogoordeel:
    # The attempt's own row, counted as a failure until the password proves right (see beoordeel_inlog).
    poging_id: int | None = None
    # Set when attempts on this account are refused without looking at the password.
    account_geblokkeerd_tot: dt.datetime | None = None
    # Set when this client address is over its limit: pause, then a wrong password gets a 429.
    ip_geblokkeerd_tot: dt.datetime | None = None


def beoordeel_inlog(email: str, ip: str | None, apparaat: str = "") -> Inlogoordeel:
    """Judge a login attempt before its password is checked.

    The attempt is written as a failure first and judged against the others, so a burst of parallel
    guesses sees itself: checking first and counting afterwards would let every request in flight past
    the limit. The row is taken back when the password proves right (niet_meetellen) or when the attempt
    is refused unchecked (it taught nobody anything).
    """
    email = normaliseer(email)
    poging = leg_vast(Soort.INLOGGEN_MISLUKT, email, ip, apparaat)
    if apparaat:
        # The owner's own browser: only its own failures count, so others cannot lock it out.
        account = _geblokkeerd_tot(
            Soort.INLOGGEN_MISLUKT,
            settings.LOGIN_RATE_PER_ACCOUNT,
            behalve=poging.pk,
            email=email,
            apparaat=apparaat,
        )
        netwerk = None
    else:
        account = _geblokkeerd_tot(
            Soort.INLOGGEN_MISLUKT, settings.LOGIN_RATE_PER_ACCOUNT, behalve=poging.pk, email=email
        )
        netwerk = (
            _geblokkeerd_tot(Soort.INLOGGEN_MISLUKT, settings.LOGIN_RATE_PER_IP, behalve=poging.pk, ip=ip)
            if ip is not None
            else None
        )
    if account is not None:
        poging.delete()
        return Inlogoordeel(account_geblokkeerd_tot=account, ip_geblokkeerd_tot=netwerk)
    return Inlogoordeel(poging_id=poging.pk, ip_geblokkeerd_tot=netwerk)


def niet_meetellen(oordeel: Inlogoordeel) -> None:
    """The attempt was no failed guess after all (the password was right, or nothing was checked)."""
    if oordeel.poging_id is not None:
        Accountpoging.objects.filter(pk=oordeel.poging_id).delete()


def vergeef_account(email: str) -> None:
    """The owner proved themselves through their mailbox (a reset or a login link): the failures on the
    account stop counting, so the block others caused ends. Only the owner can trigger this."""
    Accountpoging.objects.filter(soort=Soort.INLOGGEN_MISLUKT, email=normaliseer(email)).delete()


@dataclasses.dataclass(frozen=True)
class Mailoordeel:
    # Over the per-address limit: answer as usual, send nothing.
    mag_mailen: bool
    # Over the per-client-address limit: refuse with a 429 (says nothing about the address asked for).
    ip_geblokkeerd_tot: dt.datetime | None = None


def mailverzoek(soort: str, email: str, ip: str | None) -> Mailoordeel:
    """Check and count a request for a mail to `email`. Known and unknown addresses count the same."""
    email = normaliseer(email)
    if ip is not None:
        netwerk = _geblokkeerd_tot(soort, settings.ACCOUNT_MAIL_RATE_PER_IP, ip=ip)
        if netwerk is not None:
            return Mailoordeel(mag_mailen=False, ip_geblokkeerd_tot=netwerk)
    adres = _geblokkeerd_tot(soort, settings.ACCOUNT_MAIL_RATE_PER_ADDRESS, email=email)
    leg_vast(soort, email, ip)
    return Mailoordeel(mag_mailen=adres is None)


def mag_inloglink_sturen(email: str, ip: str | None) -> bool:
    """At most one login link per block period per account, and it counts as a mail to that address."""
    email = normaliseer(email)
    _, venster = limiet(settings.LOGIN_RATE_PER_ACCOUNT)
    if Accountpoging.objects.filter(soort=Soort.INLOGLINK, email=email, op__gt=klok.nu() - venster).exists():
        return False
    leg_vast(Soort.INLOGLINK, email, ip)
    return True


def ruim_op() -> int:
    """Attempts older than a day count towards nothing any more (no limit window is that long by default)."""
    langste = max(
        limiet(getattr(settings, naam))[1]
        for naam in (
            "LOGIN_RATE_PER_ACCOUNT",
            "LOGIN_RATE_PER_IP",
            "ACCOUNT_MAIL_RATE_PER_ADDRESS",
            "ACCOUNT_MAIL_RATE_PER_IP",
        )
    )
    verwijderd, _ = Accountpoging.objects.filter(op__lt=klok.nu() - max(langste, BEWAREN)).delete()
    return verwijderd


# The one-time login link ------------------------------------------------------------------------------


class Inloglinktoken(PasswordResetTokenGenerator):
    """A login link that works once: logging in changes last_login, which is part of the hash (as are the
    password and the address), and it expires after LOGIN_LINK_TIMEOUT seconds."""

    key_salt = "portal.inlogbeveiliging.Inloglinktoken"

    def check_token(self, user, token):
        if not super().check_token(user, token):
            return False
        try:
            gemaakt = int(token.split("-")[0], 36)
        except ValueError:
            return False
        return self._num_seconds(self._now()) - gemaakt <= settings.LOGIN_LINK_TIMEOUT


inloglink_token = Inloglinktoken()
