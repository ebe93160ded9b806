"""Privacy (AVG/GDPR) across the portal: the retention sweep, the E-rijder's data download (inzage) and the
deletion of an account. The privacy statement (/privacy/) says the same in plain Dutch; keep them in step.

Retention: a Celery beat task (portal.tasks.pas_bewaartermijnen_toe) removes the person from what is closed
and older than its period. Each kind of case has one rule in BEWAARREGELS; another app adds its own rule
there (participation reactions are one). History rows are
append-only and protected by database triggers: they keep the facts; the case rows lose the person.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models.deletion import ProtectedError
from django.utils.translation import gettext as _

from portal import klok

log = logging.getLogger(__name__)

GEANONIMISEERD = "(geanonimiseerd)"


@dataclass(frozen=True)
class Bewaarregel:
    naam: str
    termijn_setting: str  # the setting holding the retention period in days
    toepassen: Callable[[int], int]  # period in days → number of cases anonymised


def _aanvragen(dagen: int) -> int:
    from aanvragen import privacy as aanvraagprivacy

    aantal = 0
    for aanvraag in aanvraagprivacy.te_anonimiseren(dagen)[: settings.BEWAREN_PER_RUN]:
        aanvraagprivacy.anonimiseer(aanvraag)
        aantal += 1
    return aantal


def _bezwaren(dagen: int) -> int:
    """Decided objections: the objector's name and address go, the grounds and the decision stay (they are
    part of the decision's reasoning, and the gemeente's own archive keeps the letter)."""
    from verkeersbesluiten.models import Bezwaar

    grens = klok.nu() - dt.timedelta(days=dagen)
    ids = list(
        Bezwaar.objects.exclude(status=Bezwaar.Status.ONTVANGEN)
        .filter(besloten_op__lt=grens)
        .exclude(indiener_naam=GEANONIMISEERD)
        .order_by("pk")
        .values_list("pk", flat=True)[: settings.BEWAREN_PER_RUN]
    )
    return Bezwaar.objects.filter(pk__in=ids).update(indiener_naam=GEANONIMISEERD, indiener_adres="")


def _reacties(dagen: int) -> int:
    """Residents' participation reactions, once their plan has left participation and the period has passed
    since the reaction: name, address, e-mail address and IP address go; the reaction itself (suitable or not,
    the reason, an alternative spot, the gemeente's answer) stays for the reaction report."""
    from plankaart.models import ProactiefPlan, Reactie

    grens = klok.nu() - dt.timedelta(days=dagen)
    ids = list(
        Reactie.objects.filter(aangemaakt_op__lt=grens)
        .exclude(plan__status__in=(ProactiefPlan.Status.SELECTEREN, ProactiefPlan.Status.INSPRAAK))
        .exclude(naam=GEANONIMISEERD)
        .order_by("pk")
        .values_list("pk", flat=True)[: settings.BEWAREN_PER_RUN]
    )
    return Reactie.objects.filter(pk__in=ids).update(naam=GEANONIMISEERD, adres="", email="", ip=None)


BEWAARREGELS: list[Bewaarregel] = [
    Bewaarregel("aanvragen", "BEWAARTERMIJN_AANVRAGEN_DAGEN", _aanvragen),
    Bewaarregel("bezwaren", "BEWAARTERMIJN_BEZWAREN_DAGEN", _bezwaren),
    Bewaarregel("reacties", "BEWAARTERMIJN_REACTIES_DAGEN", _reacties),
]


def pas_bewaartermijnen_toe() -> dict:
    """Run every retention rule; one failing rule does not stop the others (and is logged and re-raised at
    the end, so the operations page shows the run as failed)."""
    uitkomst, fout = {}, None
    for regel in BEWAARREGELS:
        try:
            uitkomst[regel.naam] = regel.toepassen(getattr(settings, regel.termijn_setting))
        except Exception as e:  # noqa: BLE001 - the other rules still run
            log.exception("Bewaarregel %s mislukt", regel.naam)
            fout = e
    if fout is not None:
        raise fout
    return uitkomst


# Inzage


def gegevens_van(gebruiker) -> dict:
    """Everything the portal holds about one person, as a JSON-able dict (AVG art. 15 and 20)."""
    from aanvragen import privacy as aanvraagprivacy
    from portal.models import Bericht

    return {
        "toelichting": _(
            "Dit zijn de gegevens die het Laadpaalportaal over u bewaart. In de privacyverklaring leest u "
            "waarom en hoe lang."
        ),
        "gemaakt_op": klok.nu().isoformat(),
        "account": {
            "naam": gebruiker.naam,
            "e-mailadres": gebruiker.email,
            "aangemaakt_op": gebruiker.date_joined.isoformat(),
            "laatst_ingelogd_op": gebruiker.last_login.isoformat() if gebruiker.last_login else None,
        },
        **aanvraagprivacy.gegevens_van(gebruiker),
        "berichten": [
            {
                "onderwerp": b.onderwerp,
                "tekst": b.tekst,
                "aangemaakt_op": b.aangemaakt_op.isoformat(),
                "gelezen_op": b.gelezen_op.isoformat() if b.gelezen_op else None,
            }
            for b in Bericht.objects.filter(ontvanger=gebruiker).order_by("aangemaakt_op")
        ],
    }


# Account deletion


def lopende_aanvragen(gebruiker):
    """The requests that are withdrawn first when this E-rijder deletes the account."""
    from aanvragen.models import Aanvraag

    return Aanvraag.objects.filter(aanvrager=gebruiker, status__in=Aanvraag.INTREKBAAR).order_by(
        "ingediend_op"
    )


class NietVerwijderbaar(Exception):
    """Staff accounts belong to their organisation: its administrator removes them."""


def verwijder_account(gebruiker) -> dict:
    """An E-rijder deletes the account: running requests are withdrawn through their own service (the CPO
    hears it, the history records it), then every request is anonymised, the joined requests are left, and
    the account with its messages and nearby checks is deleted."""
    from aanvragen import privacy as aanvraagprivacy
    from aanvragen import services as aanvraagservices
    from aanvragen.models import Aanvraag, Medeaanvrager

    if not gebruiker.is_erijder:
        raise NietVerwijderbaar(
            _("Een account van een organisatie verwijdert de beheerder van die organisatie.")
        )
    ingetrokken = 0
    for aanvraag in lopende_aanvragen(gebruiker):
        aanvraagservices.trek_in(aanvraag, gebruiker, _("Account verwijderd door de aanvrager."))
        ingetrokken += 1
    eigen = list(Aanvraag.objects.filter(aanvrager=gebruiker))
    for aanvraag in eigen:
        aanvraagprivacy.anonimiseer(aanvraag)
    with transaction.atomic():
        Medeaanvrager.objects.filter(gebruiker=gebruiker).delete()
        try:
            with transaction.atomic():
                gebruiker.delete()
                verwijderd = True
        except ProtectedError:
            # Something still points at the person (a row another app protects): keep a nameless, closed shell.
            gebruiker.email = f"verwijderd-{gebruiker.pk}@verwijderd.invalid"
            gebruiker.naam = ""
            gebruiker.is_active = False
            gebruiker.set_unusable_password()
            gebruiker.save()
            gebruiker.berichten.all().delete()
            verwijderd = False
    return {"ingetrokken": ingetrokken, "geanonimiseerd": len(eigen), "verwijderd": verwijderd}
