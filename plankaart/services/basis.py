"""What the location cases share: the point a location must serve (Punt) and the checks on a point, a description, the netbeheerder and reason codes."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from aanvragen import selectors as aanvraagselectors
from aanvragen.models import Aanvraag, Aanvraagvoorwaarden
from plankaart import importeren, selectors
from plankaart.models import Locatie, Plankaart
from portal import geo, klok, transities
from portal.invoer import verplichte_tekst

S = Locatie.Status


def controleer_locatie_bepalen(aanvraag: Aanvraag, door) -> None:
    """The rule of aanvragen.selectors.mag_locatie_bepalen, split as 403 (never this caller) before 409
    (not in this state)."""
    if not aanvraagselectors.is_behandelaar(door, aanvraag):
        raise transities.GeenRecht("locatie_bepalen")
    if aanvraag.status != Aanvraag.Status.GOEDGEKEURD:
        raise transities.NietToegestaan("locatie_bepalen")


@dataclass(frozen=True)
class Punt:
    """The point a location must serve, whoever asked for it: an E-rijder's or a gemeente's request, or a
    busy charging point. The radius (DESIGN.md 3.1) is measured from here."""

    rd_x: float
    rd_y: float
    straal_m: int
    naam: str  # how a refusal names it, e.g. the case number

    @classmethod
    def van_aanvraag(cls, aanvraag: Aanvraag) -> Punt:
        return cls(
            aanvraag.rd_x,
            aanvraag.rd_y,
            Aanvraagvoorwaarden.voor(aanvraag.gemeente).straal_m,
            aanvraag.nummer,
        )

    def afstand_m(self, lat: float, lon: float) -> float:
        return geo.afstand_m((self.rd_x, self.rd_y), geo.naar_rd(lat, lon))


def _controleer_punt(gemeente, lat: float, lon: float, punten: list[Punt]) -> None:
    """A point for a location: in the Netherlands, in the gemeente, within the radius of every point it serves."""
    if not geo.in_nederland(lat, lon):
        raise ValidationError({"lat": _("Dit punt ligt niet in Nederland.")})
    if not gemeente.bevat(lat, lon):
        raise ValidationError(
            {"lat": _("Dit punt ligt niet in %(gemeente)s.") % {"gemeente": gemeente.naam}}
        )
    for punt in punten:
        afstand = punt.afstand_m(lat, lon)
        if afstand > punt.straal_m:
            raise ValidationError(
                {
                    "lat": _(
                        "Dit punt ligt op %(m)d meter van de gewenste plek van %(nummer)s; het mag hoogstens "
                        "%(straal)d meter zijn."
                    )
                    % {"m": round(afstand), "nummer": punt.naam, "straal": punt.straal_m}
                }
            )


def _geen_dubbele(gemeente, lat: float, lon: float, behalve: Locatie | None = None) -> None:
    rijen = Locatie.objects.exclude(status=S.VERVALLEN)
    if behalve is not None:
        rijen = rijen.exclude(pk=behalve.pk)
    buren = selectors.locaties_nabij(lat, lon, importeren.DUBBEL_M, gemeente=gemeente, rijen=rijen)
    if buren:
        raise ValidationError(
            {
                "lat": _(
                    "Op %(m).1f meter ligt al locatie “%(omschrijving)s”; kies die in plaats van een nieuwe."
                )
                % {"m": buren[0].afstand_m, "omschrijving": buren[0].locatie.omschrijving}
            }
        )


def _controleer_netbeheerder(gemeente) -> None:
    if not gemeente.netbeheerders.exists():
        raise ValidationError(
            {
                "lat": _(
                    "Voor %(gemeente)s is geen netbeheerder ingesteld, dus een netcheck kan niet worden gevraagd. "
                    "Vraag de beheerder van het portaal dit in te stellen."
                )
                % {"gemeente": gemeente.naam}
            }
        )


def _controleer_omschrijving(omschrijving: str) -> str:
    melding = _("Beschrijf waar de locatie ligt, bijv. “Loolaan t.h.v. nr. 12”.")
    return verplichte_tekst(omschrijving, "omschrijving", melding)[:200]


def _plankaart_om_aan_te_vullen(gemeente) -> Plankaart:
    """The current version; a gemeente without a plankaart gets its first one."""
    return selectors.huidige_plankaart(gemeente) or Plankaart.objects.create(
        gemeente=gemeente, versie=1, jaar=klok.vandaag().year
    )


def weiger(locatie: Locatie, naam: str, door, reden: str, reden_code: str) -> Locatie:
    """Run a refusal (the gemeente's `afwijzen`, the netbeheerder's `netcheck_afkeuren`): the reason as the
    location's remark and in the history, with its code beside it for the figures."""
    return transities.voer_uit(
        locatie,
        naam,
        door,
        reden=reden,
        gegevens={"reden_code": reden_code},
        opmerking=reden,
        reden_code=reden_code,
    )
