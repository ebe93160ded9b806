"""The term watch (DESIGN.md 5): reminders before a due date, escalations after it, a daily digest.

Every case type whose steps run against a term (a portal.models.Termijnbewaakt) registers here from
its app's ready(). Celery beat runs the sweeps; each sweep reads only rows whose next action date has
come (partial indexes), locks them in batches with SKIP LOCKED so two workers share the work instead of
doubling it, acts once, records a Termijnmelding (unique per case step) and empties the action date in
the same transaction. A case that fails is logged, counted and skipped; the rest go on.

Automatic transitions of later steps (a verkeersbesluit becoming definitive, a batch going out) use
`veeg` the same way: a queryset of due rows and a function that acts on a locked batch.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal import berichten, kalender, klok, termijnen
from portal.models import Bericht, Dagoverzicht, Gebruiker, Organisatie, Termijnmelding
from portal.servicetermijnen import STANDAARD_HERINNERING_WERKDAGEN

log = logging.getLogger(__name__)

PARTIJ = 200
OVERZICHT_MAX_REGELS = 25


@dataclass(frozen=True)
class Bewaakt:
    """A case type under term watch, and how to name and link one of its cases in a message."""

    model: type
    omschrijving: Callable[[object], str]
    link: Callable[[object], str]
    select_related: tuple[str, ...] = ()

    def rijen(self) -> QuerySet:
        return self.model.objects.select_related("termijn_organisatie", *self.select_related)


_register: dict[type, Bewaakt] = {}


def stapnaam(zaak) -> str:
    """The name of the case's current step from its own choices (a case type may add steps of its own, like the
    proactive plan). A step that no longer exists in the code raises, so the sweep counts it as a failure."""
    keuzes = dict(type(zaak)._meta.get_field("termijn_stap").flatchoices)
    return str(keuzes[zaak.termijn_stap])


def registreer(bewaakt: Bewaakt) -> None:
    _register[bewaakt.model] = bewaakt


def bewaakte() -> list[Bewaakt]:
    return list(_register.values())


@dataclass
class Telling:
    verwerkt: int = 0
    fouten: int = 0
    mislukt: list = field(default_factory=list)

    def __iadd__(self, ander: Telling) -> Telling:
        self.verwerkt += ander.verwerkt
        self.fouten += ander.fouten
        self.mislukt += ander.mislukt
        return self


def veeg(rijen: Callable[[], QuerySet], verwerk: Callable[[list], None], *, partij: int = PARTIJ) -> Telling:
    """Act on every row `rijen()` returns, a locked batch at a time, until none is left.

    `rijen()` must select only rows that still need the action, and `verwerk` must make each row it
    handled drop out of that selection (in the same transaction): that is the re-check under the lock
    and the record that it acted. A batch that fails is retried row by row, so one bad case is skipped
    and counted while the others go through.
    """
    telling, mislukt, gezien = Telling(), set(), set()
    while True:
        with transaction.atomic():
            vergrendeld = rijen().select_for_update(skip_locked=True, of=("self",))
            if mislukt:
                vergrendeld = vergrendeld.exclude(pk__in=mislukt)
            batch = list(vergrendeld[:partij])
            if not batch:
                return telling
            if gezien.intersection(zaak.pk for zaak in batch):
                # `verwerk` left a row selectable: stop rather than act twice.
                log.error(
                    "Veegronde stopt: %s liet verwerkte rijen staan.", getattr(verwerk, "__name__", verwerk)
                )
                return telling
            gezien.update(zaak.pk for zaak in batch)
            try:
                with transaction.atomic():
                    verwerk(batch)
                telling.verwerkt += len(batch)
            except Exception:  # noqa: BLE001 - isolate the failing case below
                for zaak in batch:
                    try:
                        with transaction.atomic():
                            verwerk([zaak])
                        telling.verwerkt += 1
                    except Exception:  # noqa: BLE001 - one failing case never stops the sweep
                        log.exception("Veegronde: %s %s overgeslagen", type(zaak).__name__, zaak.pk)
                        mislukt.add(zaak.pk)
                        telling.fouten += 1
                        telling.mislukt.append(f"{type(zaak).__name__} {zaak.pk}")


# Reminders and escalations


def _staf_per_organisatie(organisatie_ids: Iterable[int], *, alleen_coordinatoren: bool) -> dict[int, list]:
    per_org: dict[int, list] = defaultdict(list)
    for medewerker in (
        Gebruiker.objects.ontvangers().filter(organisatie_id__in=set(organisatie_ids)).order_by("pk")
    ):
        per_org[medewerker.organisatie_id].append(medewerker)
    if alleen_coordinatoren:
        per_org = defaultdict(
            list, {org: berichten.alleen_coordinatoren(staf) for org, staf in per_org.items()}
        )
    return per_org


def _meld(bewaakt: Bewaakt, zaken: list, soort: str, velden: tuple[str, ...]) -> None:
    """Record and send one reminder or escalation per case, and empty the case's action dates."""
    escalatie = soort == Termijnmelding.Soort.ESCALATIE
    staf = _staf_per_organisatie((z.termijn_organisatie_id for z in zaken), alleen_coordinatoren=escalatie)
    content_type = ContentType.objects.get_for_model(bewaakt.model)
    # Translated once per batch, and each date formatted once: a sweep writes thousands of these.
    if escalatie:
        onderwerp_sjabloon = _("Termijn verstreken: %(stap)s, %(zaak)s")
        tekst_sjabloon = _(
            "De termijn voor “%(stap)s” van %(zaak)s is op %(datum)s verstreken en de stap is nog niet "
            "afgerond. %(organisatie)s is aan zet. U krijgt dit bericht als coördinator."
        )
    else:
        onderwerp_sjabloon = _("Herinnering: %(stap)s, %(zaak)s")
        tekst_sjabloon = _(
            "De termijn voor “%(stap)s” van %(zaak)s verstrijkt op %(datum)s. %(organisatie)s is aan zet."
        )
    stappen, datums = {}, {}
    nu = klok.nu()
    meldingen, nieuw = [], []
    for zaak in zaken:
        if zaak.termijn_stap not in stappen:
            stappen[zaak.termijn_stap] = stapnaam(zaak)
        if zaak.termijn_uiterlijk not in datums:
            datums[zaak.termijn_uiterlijk] = termijnen.datum_lang(zaak.termijn_uiterlijk)
        waarden = {
            "stap": stappen[zaak.termijn_stap],
            "zaak": bewaakt.omschrijving(zaak),
            "datum": datums[zaak.termijn_uiterlijk],
            "organisatie": zaak.termijn_organisatie.naam if zaak.termijn_organisatie else "—",
        }
        onderwerp, tekst, link = onderwerp_sjabloon % waarden, tekst_sjabloon % waarden, bewaakt.link(zaak)
        nieuw += [
            Bericht(ontvanger=m, onderwerp=onderwerp, tekst=tekst, link=link, per_email=escalatie)
            for m in staf.get(zaak.termijn_organisatie_id, [])
        ]
        meldingen.append(
            Termijnmelding(
                content_type=content_type,
                object_id=zaak.pk,
                soort=soort,
                stap=zaak.termijn_stap,
                sinds=zaak.termijn_begonnen_op,
                uiterlijk=zaak.termijn_uiterlijk,
                organisatie_id=zaak.termijn_organisatie_id,
                verzonden_op=nu,
            )
        )
    # The unique record goes first: should a second sweep ever get past the lock, it fails here.
    Termijnmelding.objects.bulk_create(meldingen)
    berichten.verstuur_bulk(nieuw)
    bewaakt.model.objects.filter(pk__in=[z.pk for z in zaken]).update(**dict.fromkeys(velden))


def herinner(bewaakt: Bewaakt, vandaag, partij: int = PARTIJ) -> Telling:
    return veeg(
        # A term already past is the escalation's business (it also empties the reminder date).
        lambda: (
            bewaakt.rijen()
            .filter(termijn_herinneren_op__lte=vandaag, termijn_uiterlijk__gte=vandaag)
            .order_by("termijn_herinneren_op", "pk")
        ),
        lambda zaken: _meld(bewaakt, zaken, Termijnmelding.Soort.HERINNERING, ("termijn_herinneren_op",)),
        partij=partij,
    )


def escaleer(bewaakt: Bewaakt, vandaag, partij: int = PARTIJ) -> Telling:
    return veeg(
        lambda: (
            bewaakt.rijen().filter(termijn_escaleren_op__lte=vandaag).order_by("termijn_escaleren_op", "pk")
        ),
        # An escalated case needs no reminder any more (e.g. when beat was down past the reminder date).
        lambda zaken: _meld(
            bewaakt, zaken, Termijnmelding.Soort.ESCALATIE, ("termijn_escaleren_op", "termijn_herinneren_op")
        ),
        partij=partij,
    )


def bewaak(vandaag=None, *, partij: int = PARTIJ) -> dict:
    """One sweep over every registered case type: reminders first, then escalations."""
    vandaag = vandaag or klok.vandaag()
    herinneringen, escalaties = Telling(), Telling()
    for bewaakt in bewaakte():
        herinneringen += herinner(bewaakt, vandaag, partij)
        escalaties += escaleer(bewaakt, vandaag, partij)
    uitkomst = {
        "herinneringen": herinneringen.verwerkt,
        "escalaties": escalaties.verwerkt,
        "fouten": herinneringen.fouten + escalaties.fouten,
    }
    if herinneringen.mislukt or escalaties.mislukt:
        uitkomst["mislukt"] = (herinneringen.mislukt + escalaties.mislukt)[:20]
    return uitkomst


def meld_eenmalig(
    zaak, soort: str, sinds, ontvangers: Iterable[Gebruiker], onderwerp: str, tekst: str, link: str
):
    """Send a case-level warning once (e.g. the 16-week cap): False when it was sent before."""
    try:
        with transaction.atomic():
            Termijnmelding.objects.create(
                content_type=ContentType.objects.get_for_model(zaak),
                object_id=zaak.pk,
                soort=soort,
                stap=getattr(zaak, "termijn_stap", ""),
                sinds=sinds,
                uiterlijk=getattr(zaak, "termijn_uiterlijk", None),
                organisatie_id=getattr(zaak, "termijn_organisatie_id", None),
                verzonden_op=klok.nu(),
            )
            berichten.verstuur_bulk(
                [Bericht(ontvanger=o, onderwerp=onderwerp, tekst=tekst, link=link) for o in ontvangers]
            )
    except IntegrityError:
        return False
    return True


# What is due, per organisation: the digest and the operations page


@dataclass(frozen=True)
class Regel:
    omschrijving: str
    stap: str
    uiterlijk: object
    link: str
    te_laat: bool


def openstaand_voor(organisatie: Organisatie, tot_en_met) -> list[Regel]:
    """Every case of every registered type where `organisatie` is at turn, due on or before `tot_en_met`."""
    vandaag = klok.vandaag()
    regels = []
    for bewaakt in bewaakte():
        for zaak in bewaakt.rijen().filter(
            termijn_organisatie=organisatie, termijn_uiterlijk__lte=tot_en_met
        ):
            regels.append(
                Regel(
                    omschrijving=bewaakt.omschrijving(zaak),
                    stap=stapnaam(zaak),
                    uiterlijk=zaak.termijn_uiterlijk,
                    link=bewaakt.link(zaak),
                    te_laat=zaak.termijn_uiterlijk < vandaag,
                )
            )
    return sorted(regels, key=lambda r: r.uiterlijk)


def stuur_dagoverzichten(vandaag=None) -> dict:
    """Each working day, one message per staff member listing what their organisation must do soon."""
    vandaag = vandaag or klok.vandaag()
    agenda = kalender.laad()
    if not agenda.is_werkdag(vandaag):
        return {"overgeslagen": 1, "verstuurd": 0}
    grens = termijnen.werkdagen_na(vandaag, STANDAARD_HERINNERING_WERKDAGEN, agenda).datum
    al_gehad = set(Dagoverzicht.objects.filter(datum=vandaag).values_list("gebruiker_id", flat=True))
    verstuurd = 0
    for organisatie in Organisatie.objects.filter(
        medewerkers__is_active=True, medewerkers__is_koppeling=False
    ).distinct():
        regels = openstaand_voor(organisatie, grens)
        if not regels:
            continue
        onderwerp, tekst = _overzichtstekst(organisatie, regels, grens)
        for medewerker in organisatie.medewerkers.ontvangers().exclude(pk__in=al_gehad):
            try:
                with transaction.atomic():
                    bericht = berichten.verstuur(
                        medewerker, onderwerp, tekst, link=reverse("start"), per_email=True
                    )
                    Dagoverzicht.objects.create(gebruiker=medewerker, datum=vandaag, bericht=bericht)
                verstuurd += 1
            except IntegrityError:
                pass  # another run sent this person's digest a moment ago
    return {"verstuurd": verstuurd, "overgeslagen": 0}


def _overzichtstekst(organisatie, regels: list[Regel], grens) -> tuple[str, str]:
    te_laat = sum(1 for r in regels if r.te_laat)
    binnenkort = len(regels) - te_laat
    onderwerp = _("Dagoverzicht %(organisatie)s: %(te_laat)d te laat, %(binnenkort)d binnenkort") % {
        "organisatie": organisatie.naam,
        "te_laat": te_laat,
        "binnenkort": binnenkort,
    }
    regelteksten = [
        f"- {r.omschrijving}: {r.stap}, uiterlijk {termijnen.datum_lang(r.uiterlijk)}"
        + (f" ({_('te laat')})" if r.te_laat else "")
        for r in regels[:OVERZICHT_MAX_REGELS]
    ]
    if len(regels) > OVERZICHT_MAX_REGELS:
        rest = len(regels) - OVERZICHT_MAX_REGELS
        regelteksten.append(
            ngettext(
                "… en nog %(n)d zaak; zie de werklijst.", "… en nog %(n)d zaken; zie de werklijst.", rest
            )
            % {"n": rest}
        )
    tekst = _("Wat %(organisatie)s uiterlijk %(grens)s moet doen, het dringendste eerst:") % {
        "organisatie": organisatie.naam,
        "grens": termijnen.datum_lang(grens),
    }
    return onderwerp, "\n".join([tekst, "", *regelteksten])


def achterstand_per_organisatie(vandaag=None) -> list[tuple[Organisatie | None, int]]:
    """Cases past their due date, counted per organisation at turn, most first."""
    vandaag = vandaag or klok.vandaag()
    tellingen: dict[int | None, int] = defaultdict(int)
    for bewaakt in bewaakte():
        for rij in (
            bewaakt.model.objects.filter(termijn_uiterlijk__lt=vandaag)
            .values("termijn_organisatie")
            .annotate(aantal=Count("pk"))
        ):
            tellingen[rij["termijn_organisatie"]] += rij["aantal"]
    organisaties = Organisatie.objects.in_bulk([pk for pk in tellingen if pk is not None])
    return sorted(
        ((organisaties.get(pk) if pk else None, aantal) for pk, aantal in tellingen.items()),
        key=lambda paar: -paar[1],
    )
