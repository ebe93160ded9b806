"""Participation (inspraak): a resident's reaction on a proposed proactive location, its confirmation by
e-mail, the limits against abuse, and the mails to residents (who have no account) through their own outbox.

A reaction is stored at once but only counts once its e-mail address is confirmed. Reactions are accepted up
to and including the last day of the term; the refusal names that date."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from plankaart.modellen_proactief import Inspraakmail, Planlocatie, ProactiefPlan, Reactie
from portal import geo, inlogbeveiliging, klok, taken
from portal.termijnen import datum_lang

log = logging.getLogger(__name__)

MAX_REDEN = 2000


class TeVeelReacties(Exception):
    """Over the limit per client address or per e-mail address (HTTP 429); `tot` says until when."""

    def __init__(self, tot: dt.datetime):
        super().__init__(str(tot))
        self.tot = tot


def _limiet_bereikt(rate: str, **filter) -> dt.datetime | None:
    """When the count of reactions matching `filter` in the rate's window drops below the limit, or None."""
    aantal, venster = inlogbeveiliging.limiet(rate)
    recent = list(
        Reactie.objects.filter(aangemaakt_op__gt=klok.nu() - venster, **filter)
        .order_by("-aangemaakt_op")
        .values_list("aangemaakt_op", flat=True)[: max(aantal, 1)]
    )
    if aantal == 0 or len(recent) >= aantal:
        return (recent[aantal - 1] if aantal and recent else klok.nu()) + venster
    return None


def _verplicht(waarde: str, veld: str, melding: str, maximum: int = 300) -> str:
    waarde = (waarde or "").strip()
    if not waarde:
        raise ValidationError({veld: melding})
    if len(waarde) > maximum:
        raise ValidationError({veld: _("Hoogstens %(n)d tekens.") % {"n": maximum}})
    return waarde


def open_voor_reacties(plan: ProactiefPlan) -> bool:
    return plan.status == ProactiefPlan.Status.INSPRAAK and klok.vandaag() <= plan.inspraak_tot


def _controleer_open(plan: ProactiefPlan) -> None:
    if (
        plan.status == ProactiefPlan.Status.INSPRAAK
        and plan.inspraak_tot
        and klok.vandaag() > plan.inspraak_tot
    ):
        raise ValidationError(
            {
                "plan": _("De inspraaktermijn is verstreken op %(datum)s; reageren kan niet meer.")
                % {"datum": datum_lang(plan.inspraak_tot)}
            }
        )
    if plan.status != ProactiefPlan.Status.INSPRAAK:
        raise ValidationError({"plan": _("Op dit plan kan nu niet gereageerd worden.")})


def reageer(
    plan: ProactiefPlan,
    *,
    planlocatie_id: int,
    soort: str,
    reden: str,
    naam: str,
    adres: str,
    email: str,
    alternatief_lat: float | None = None,
    alternatief_lon: float | None = None,
    ip: str | None = None,
) -> Reactie:
    """Store a resident's reaction and send the confirmation mail. Refused after the term (with the date),
    without a reason, for a location not in the plan, or over the limits (TeVeelReacties)."""
    _controleer_open(plan)
    planlocatie = Planlocatie.objects.filter(plan=plan, pk=planlocatie_id).select_related("locatie").first()
    if planlocatie is None:
        raise ValidationError({"planlocatie": _("Kies een van de voorgestelde locaties.")})
    if soort not in Reactie.Soort.values:
        raise ValidationError({"soort": _("Kies geschikt, niet geschikt of een andere plek.")})
    reden = _verplicht(
        reden, "reden", _("Schrijf waarom: alleen dan kan de gemeente uw reactie gebruiken."), MAX_REDEN
    )
    naam = _verplicht(naam, "naam", _("Vul uw naam in."), 200)
    adres = _verplicht(adres, "adres", _("Vul uw adres in."), 300)
    email = _verplicht(email, "email", _("Vul uw e-mailadres in."), 254)
    try:
        validate_email(email)
    except ValidationError as fout:
        raise ValidationError(
            {"email": _("Vul een geldig e-mailadres in, bijv. naam@voorbeeld.nl.")}
        ) from fout
    if soort == Reactie.Soort.ALTERNATIEF:
        if alternatief_lat is None or alternatief_lon is None:
            raise ValidationError({"alternatief": _("Wijs de andere plek aan op de kaart.")})
        if not geo.in_nederland(alternatief_lat, alternatief_lon):
            raise ValidationError({"alternatief": _("De andere plek ligt niet in Nederland.")})
    else:
        alternatief_lat = alternatief_lon = None
    if ip:
        tot = _limiet_bereikt(settings.INSPRAAK_RATE_PER_IP, ip=ip)
        if tot:
            raise TeVeelReacties(tot)
    tot = _limiet_bereikt(settings.INSPRAAK_RATE_PER_ADRES, email__iexact=email)
    if tot:
        raise TeVeelReacties(tot)
    with transaction.atomic():
        reactie = Reactie.objects.create(
            plan=plan,
            planlocatie=planlocatie,
            soort=soort,
            reden=reden,
            alternatief_lat=alternatief_lat,
            alternatief_lon=alternatief_lon,
            naam=naam,
            adres=adres,
            email=email,
            ip=ip,
        )
        link = settings.SITE_URL + reverse("plankaart:inspraak_bevestigen", args=[reactie.token])
        mail(
            email,
            _("Bevestig uw reactie op de laadpaallocatie %(locatie)s")
            % {"locatie": planlocatie.locatie.omschrijving},
            _(
                "U reageerde op de voorgestelde laadpaallocatie %(locatie)s in %(gemeente)s. Uw reactie telt pas "
                "mee als u uw e-mailadres bevestigt. Bevestig uiterlijk %(datum)s via deze link:\n\n%(link)s\n\n"
                "Reageerde u niet zelf? Dan hoeft u niets te doen; de reactie telt dan niet mee."
            )
            % {
                "locatie": planlocatie.locatie.omschrijving,
                "gemeente": plan.gemeente.naam,
                "datum": datum_lang(plan.inspraak_tot),
                "link": link,
            },
        )
    return reactie


def bevestig(token: str) -> Reactie | None:
    """Confirm the e-mail address of a reaction (idempotent). Refused after the term; None for an unknown
    token."""
    with transaction.atomic():
        reactie = Reactie.objects.select_for_update().select_related("plan").filter(token=token).first()
        if reactie is None:
            return None
        if reactie.bevestigd_op is None:
            _controleer_open(reactie.plan)
            reactie.bevestigd_op = klok.nu()
            reactie.save(update_fields=["bevestigd_op"])
    return reactie


# The residents' outbox.


def mail(email: str, onderwerp: str, tekst: str) -> Inspraakmail:
    rij = Inspraakmail.objects.create(email=email, onderwerp=onderwerp[:200], tekst=tekst)
    transaction.on_commit(lambda: _plan_bezorging([rij.pk]))
    return rij


def _plan_bezorging(ids: list[int]) -> None:
    from plankaart.taken_proactief import bezorg_inspraakmails

    taken.publiceer(bezorg_inspraakmails, ids)


def bezorg(mail_id: int) -> bool:
    """Send one resident's mail at most once; a failure is recorded and the sweep tries again."""
    with transaction.atomic():
        rij = (
            Inspraakmail.objects.select_for_update(skip_locked=True)
            .filter(pk=mail_id, verzonden_op__isnull=True)
            .first()
        )
        if rij is None:
            return False
        rij.pogingen += 1
        try:
            send_mail(rij.onderwerp, rij.tekst, settings.DEFAULT_FROM_EMAIL, [rij.email])
        except Exception as fout:  # noqa: BLE001 - record every delivery failure, retry later
            rij.laatste_fout = f"{type(fout).__name__}: {fout}"[:2000]
            rij.save(update_fields=["pogingen", "laatste_fout"])
            log.warning("Inspraakmail %s mislukt (poging %s): %s", rij.pk, rij.pogingen, fout)
            return False
        rij.verzonden_op = klok.nu()
        rij.laatste_fout = ""
        rij.save(update_fields=["pogingen", "laatste_fout", "verzonden_op"])
        return True


def bezorg_openstaande(limiet: int = 500) -> int:
    ids = list(
        Inspraakmail.objects.filter(verzonden_op__isnull=True, pogingen__lt=20)
        .order_by("aangemaakt_op")
        .values_list("pk", flat=True)[:limiet]
    )
    return sum(bezorg(pk) for pk in ids)
