"""Every write to a data-driven signal (DESIGN.md 3, lane 4).

The sweep (`veeg`, daily by beat) sums each provincie's usage over the last 12 months from the daily figures and
proposes a signal per busy location; the provincie sends it (or its policy sends it at once). The CPO answers
with a location nearby, through the same location path as every lane (plankaart.services: choose a location
within the radius, move a plankaart candidate, or a new one with a netcheck), which files a request with
bron=datagedreven that then takes the common path; or it declines with a reason code.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from aanvragen import meldingen_signalen as meldingen
from aanvragen.modellen_signalen import Signaal, Signaalbeleid, Weigercode
from aanvragen.models import Aanvraag, Bron
from portal import historie, klok, servicetermijnen, transities
from portal.invoer import redencode, verplichte_tekst
from portal.models import Organisatie, Volgnummer
from portal.selectors import cpo_van

log = logging.getLogger(__name__)


def nieuw_nummer() -> str:
    jaar = klok.vandaag().year
    return f"SG-{jaar}-{Volgnummer.volgende('SG', jaar):06d}"


@dataclass(frozen=True)
class Kandidaat:
    locatie_id: int
    laadpunt_id: int | None
    gemeente_id: int
    kwh: float  # per charging point over 12 months (the location's average at location level)


def kandidaten(provincie: Organisatie, beleid: Signaalbeleid, van: dt.date, tot: dt.date) -> list[Kandidaat]:
    """Locations above the provincie's threshold over [van, tot], by SQL over the daily figures; at point level
    a location's busiest point names it."""
    from plankaart.modellen_verbruik import Laadpunt, Laadpuntdag

    dagen = Laadpuntdag.objects.filter(gemeente__provincie=provincie, dag__gte=van, dag__lte=tot)
    if beleid.niveau == Signaalbeleid.Niveau.LOCATIE:
        punten = dict(
            Laadpunt.objects.filter(locatie__gemeente__provincie=provincie)
            .exclude(status=Laadpunt.Status.REMOVED)
            .values("locatie_id")
            .annotate(n=Count("pk"))
            .values_list("locatie_id", "n")
            .order_by()
        )
        rijen = dagen.values("locatie_id", "gemeente_id").annotate(kwh=Sum("kwh")).order_by()
        uit = []
        for r in rijen:
            gemiddeld = r["kwh"] / max(1, punten.get(r["locatie_id"], 1))
            if gemiddeld > beleid.drempel_kwh:
                uit.append(Kandidaat(r["locatie_id"], None, r["gemeente_id"], gemiddeld))
        return uit
    rijen = (
        dagen.values("laadpunt_id", "locatie_id", "gemeente_id")
        .annotate(kwh=Sum("kwh"))
        .filter(kwh__gt=beleid.drempel_kwh)
        .order_by("-kwh")
    )
    per_locatie: dict[int, Kandidaat] = {}
    for r in rijen:
        per_locatie.setdefault(
            r["locatie_id"], Kandidaat(r["locatie_id"], r["laadpunt_id"], r["gemeente_id"], r["kwh"])
        )
    return list(per_locatie.values())


def veeg(tot: dt.date | None = None) -> dict:
    """Propose a signal for every busy location without an open one and outside its quiet period; withdraw
    proposals (not yet sent) whose location dropped below the threshold."""
    from plankaart.services.verbruik import twaalf_maanden

    van, tot = twaalf_maanden(tot)
    uitkomst = {"voorgesteld": 0, "verzonden": 0, "ingetrokken": 0}
    for provincie in Organisatie.objects.filter(soort=Organisatie.Soort.PROVINCIE):
        beleid = Signaalbeleid.voor(provincie)
        lijst = kandidaten(provincie, beleid, van, tot)
        boven = {k.locatie_id for k in lijst}
        for signaal in Signaal.objects.filter(provincie=provincie, status=Signaal.Status.VOORGESTELD).exclude(
            locatie_id__in=boven
        ):
            transities.voer_uit(
                signaal,
                "intrekken",
                None,
                volgt=True,
                reden=_("Het verbruik is onder de drempel gezakt."),
                toelichting=_("Het verbruik is onder de drempel gezakt."),
            )
            uitkomst["ingetrokken"] += 1
        if not lijst:
            continue
        stil_sinds = klok.nu() - dt.timedelta(days=beleid.stille_periode_dagen)
        bezet = set(
            Signaal.objects.filter(locatie_id__in=boven)
            .filter(Q(status__in=Signaal.OPEN) | Q(afgesloten_op__gte=stil_sinds))
            .values_list("locatie_id", flat=True)
        )
        gemeenten = {g.pk: g for g in Organisatie.objects.filter(pk__in={k.gemeente_id for k in lijst})}
        for kandidaat in lijst:
            if kandidaat.locatie_id in bezet:
                continue
            signaal = _stel_voor(provincie, beleid, kandidaat, gemeenten[kandidaat.gemeente_id], van, tot)
            if signaal is None:
                continue
            uitkomst["voorgesteld"] += 1
            if beleid.automatisch_versturen:
                _verstuur(signaal, None, volgt=True)
                uitkomst["verzonden"] += 1
    return uitkomst


def _stel_voor(provincie, beleid, kandidaat: Kandidaat, gemeente, van, tot) -> Signaal | None:
    cpo = cpo_van(gemeente)
    if cpo is None:
        log.warning("Geen concessie in %s: geen signaal voor locatie %s", gemeente, kandidaat.locatie_id)
        return None
    try:
        with transaction.atomic():
            signaal = Signaal.objects.create(
                nummer=nieuw_nummer(),
                provincie=provincie,
                gemeente=gemeente,
                cpo=cpo,
                locatie_id=kandidaat.locatie_id,
                laadpunt_id=kandidaat.laadpunt_id,
                niveau=beleid.niveau,
                kwh=round(kandidaat.kwh, 1),
                drempel_kwh=beleid.drempel_kwh,
                periode_van=van,
                periode_tot=tot,
            )
            historie.registreer(
                signaal,
                "voorstellen",
                "",
                signaal.status,
                None,
                gegevens={"kwh": round(kandidaat.kwh, 1), "drempel_kwh": beleid.drempel_kwh},
            )
            if not beleid.automatisch_versturen:
                meldingen.voorgesteld(signaal)
    except IntegrityError:
        # Another sweep proposed one for this location at the same moment: one open signal per location.
        return None
    return signaal


def _verstuur(signaal: Signaal, door, *, volgt: bool = False) -> Signaal:
    with transaction.atomic():
        signaal = transities.voer_uit(signaal, "versturen", door, volgt=volgt)
        meldingen.verzonden(signaal)
    return signaal


def verstuur(signaal: Signaal, door) -> Signaal:
    """The provincie sends the proposed signal to the CPO, which gets the location step's term."""
    return _verstuur(signaal, door)


def trek_in(signaal: Signaal, door, toelichting: str = "") -> Signaal:
    with transaction.atomic():
        signaal = transities.voer_uit(signaal, "intrekken", door, reden=toelichting, toelichting=toelichting)
        if signaal.verzonden_op:
            meldingen.ingetrokken(signaal)
    return signaal


def weiger(signaal: Signaal, door, reden_code: str, toelichting: str) -> Signaal:
    transities.controleer(signaal, "weigeren", door)
    reden_code = redencode(reden_code, Weigercode.values)
    toelichting = verplichte_tekst(
        toelichting, "toelichting", _("Leg uit waarom er geen locatie in de buurt komt.")
    )
    with transaction.atomic():
        signaal = transities.voer_uit(
            signaal, "weigeren", door, reden=toelichting, reden_code=reden_code, toelichting=toelichting
        )
        meldingen.geweigerd(signaal)
    return signaal


# Turning a signal into a location: the request path's own steps, for a request the signal files.


def _aanvraag_voor(signaal: Signaal, door, motivering: str) -> Aanvraag:
    from aanvragen.services import nieuw_zaaknummer

    locatie = signaal.locatie
    aanvraag = Aanvraag(
        bron=Bron.DATAGEDREVEN,
        nummer=nieuw_zaaknummer(),
        aanvrager=None,
        aanvragende_organisatie=signaal.provincie,
        gemeente=signaal.gemeente,
        lat=locatie.lat,
        lon=locatie.lon,
        omschrijving=(_("Drukke laadpaal: %(omschrijving)s") % {"omschrijving": locatie.omschrijving})[:200],
        motivering=motivering
        or _("Signaal %(nummer)s: %(kwh)s kWh per laadpunt in 12 maanden (drempel %(drempel)s kWh).")
        % {"nummer": signaal.nummer, "kwh": f"{signaal.kwh:.0f}", "drempel": signaal.drempel_kwh},
        laadpunten=2,
        ingediend_op=klok.nu(),
    )
    aanvraag.start_stap(servicetermijnen.Stap.LOCATIE_BEPALEN)
    aanvraag.save()
    historie.registreer(aanvraag, "indienen", "", aanvraag.status, door, gegevens={"signaal": signaal.nummer})
    # The data-driven lane has no check by the CPO (aanvragen.lanen): its answer to the signal is the approval.
    return transities.voer_uit(
        aanvraag, "goedkeuren", door, reden=_("Uit signaal %(nummer)s.") % {"nummer": signaal.nummer}
    )


def zet_om(
    signaal: Signaal,
    door,
    *,
    locatie=None,
    lat: float | None = None,
    lon: float | None = None,
    omschrijving: str = "",
    motivering: str = "",
) -> Signaal:
    """The CPO answers with a location near the busy point: an existing plankaart location within the radius
    (`locatie`), a plankaart candidate moved to (`locatie`, `lat`, `lon`), or a new one (`lat`, `lon`). The
    request it files follows that location to the gemeente's approval and on along the common path."""
    from plankaart.services import locatie_bepalen

    transities.controleer(signaal, "omzetten", door)
    if locatie is None and (lat is None or lon is None):
        raise ValidationError(
            {"locatie": _("Kies een locatie van de plankaart of zet een nieuw punt op de kaart.")}
        )
    if locatie is not None and locatie.gemeente_id != signaal.gemeente_id:
        raise ValidationError(
            {"locatie": _("Deze locatie ligt niet in %(g)s.") % {"g": signaal.gemeente.naam}}
        )
    if lat is not None:
        omschrijving = verplichte_tekst(
            omschrijving, "omschrijving", _("Beschrijf de plek, bijv. “Stationsstraat, tegenover nummer 12”.")
        )[:200]
    with transaction.atomic():
        signaal = transities.vergrendel(signaal)
        transities.controleer(signaal, "omzetten", door)
        aanvraag = _aanvraag_voor(signaal, door, motivering)
        if locatie is None:
            aanvraag = locatie_bepalen.stel_nieuwe_voor(aanvraag, lat, lon, omschrijving, door)
        elif lat is not None and lon is not None:
            aanvraag = locatie_bepalen.verplaats_en_kies(aanvraag, locatie, lat, lon, omschrijving, door)
        else:
            aanvraag = locatie_bepalen.kies(aanvraag, locatie, door)
        signaal = transities.voer_uit(
            signaal,
            "omzetten",
            door,
            gegevens={"aanvraag": aanvraag.nummer, "locatie": aanvraag.locatie_id},
            aanvraag=aanvraag,
        )
        meldingen.omgezet(signaal)
    return signaal
