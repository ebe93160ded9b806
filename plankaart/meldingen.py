"""The messages of the location flow, composed here and nowhere else: the party at turn hears what to do and by
when, the CPO hears the gemeente's and the netbeheerder's decisions, the E-rijders hear where their charging point
comes. They are outbox rows (portal.berichten), written in the service's transaction and delivered after commit."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aanvragen import meldingen as aanvraagmeldingen
from aanvragen.models import Aanvraag
from plankaart.models import Locatie
from portal import berichten
from portal.selectors import cpos_van_gemeente
from portal.termijnen import datum_lang


def _link(locatie: Locatie) -> str:
    return reverse("plankaart:locatie", args=[locatie.pk])


def voorstel_te_beoordelen(locatie: Locatie) -> None:
    berichten.verstuur_aan_organisatie(
        locatie.gemeente,
        _("Locatievoorstel beoordelen: %(omschrijving)s") % {"omschrijving": locatie.omschrijving},
        _("De laadpaalexploitant stelt deze locatie voor. Beoordeel het voorstel uiterlijk %(datum)s.")
        % {"datum": datum_lang(locatie.termijn_uiterlijk)},
        link=_link(locatie),
    )


def netcheck_gevraagd(locatie: Locatie) -> None:
    if locatie.termijn_organisatie is None:
        return
    berichten.verstuur_aan_organisatie(
        locatie.termijn_organisatie,
        _("Netcheck gevraagd: %(omschrijving)s (%(gemeente)s)")
        % {"omschrijving": locatie.omschrijving, "gemeente": locatie.gemeente.naam},
        _("Kan het net hier een laadpaal met %(n)d laadpunten aan? Geef uw antwoord uiterlijk %(datum)s.")
        % {"n": locatie.laadpunten, "datum": datum_lang(locatie.termijn_uiterlijk)},
        link=_link(locatie),
    )


def _aan_cpo(locatie: Locatie, onderwerp: str, tekst: str) -> None:
    for cpo in cpos_van_gemeente(locatie.gemeente):
        berichten.verstuur_aan_organisatie(cpo, onderwerp, tekst, link=_link(locatie))


def locatie_goedgekeurd(locatie: Locatie) -> None:
    _aan_cpo(
        locatie,
        _("Locatie goedgekeurd: %(omschrijving)s") % {"omschrijving": locatie.omschrijving},
        _("%(gemeente)s heeft de locatie goedgekeurd. Nu volgt het verkeersbesluit.")
        % {"gemeente": locatie.gemeente.naam},
    )


def aanpassing_gevraagd(locatie: Locatie, opmerking: str) -> None:
    _aan_cpo(
        locatie,
        _("Pas locatievoorstel aan: %(omschrijving)s") % {"omschrijving": locatie.omschrijving},
        _("De gemeente vraagt het voorstel aan te passen, uiterlijk %(datum)s:\n\n%(opmerking)s")
        % {"datum": datum_lang(locatie.termijn_uiterlijk), "opmerking": opmerking},
    )


def locatie_afgewezen(locatie: Locatie, reden: str) -> None:
    _aan_cpo(
        locatie,
        _("Locatie afgewezen: %(omschrijving)s") % {"omschrijving": locatie.omschrijving},
        _("De gemeente wees de locatie af: %(reden)s\n\nStel een andere locatie voor.") % {"reden": reden},
    )


def locatie_vervallen(locatie: Locatie, reden: str) -> None:
    _aan_cpo(
        locatie,
        _("Locatie vervallen: %(omschrijving)s") % {"omschrijving": locatie.omschrijving},
        _("De gemeente liet de locatie vervallen: %(reden)s\n\nKies een andere locatie voor de aanvragen.")
        % {"reden": reden},
    )


def netcheck_afgekeurd(locatie: Locatie, reden: str) -> None:
    _aan_cpo(
        locatie,
        _("Netcheck afgekeurd: %(omschrijving)s") % {"omschrijving": locatie.omschrijving},
        _("De netbeheerder keurde de netcheck af: %(reden)s\n\nKies een andere locatie voor de aanvragen.")
        % {"reden": reden},
    )


_PLEK_GEKOZEN = {
    Aanvraag.Status.LOCATIE_VOORGESTELD: gettext_lazy(
        "Er is een plek gekozen voor uw laadpaal: %(omschrijving)s, op %(m)d meter van de plek die u wilde. "
        "%(vervolg)s"
    ),
    Aanvraag.Status.WACHT_OP_VERKEERSBESLUIT: gettext_lazy(
        "Uw laadpaal komt op %(omschrijving)s, op %(m)d meter van de plek die u wilde. De gemeente heeft die "
        "plek al goedgekeurd; nu volgt het verkeersbesluit."
    ),
    Aanvraag.Status.WACHT_OP_REALISATIE: gettext_lazy(
        "Uw laadpaal komt op %(omschrijving)s, op %(m)d meter van de plek die u wilde. Voor die plek ligt "
        "het verkeersbesluit al vast; de laadpaalexploitant plant nu de plaatsing."
    ),
    Aanvraag.Status.PLAATSING_GEPLAND: gettext_lazy(
        "Uw laadpaal komt op %(omschrijving)s, op %(m)d meter van de plek die u wilde. Daar wordt al een "
        "laadpaal geplaatst; u hoort de datum in uw berichten."
    ),
}


def plek_gekozen(aanvraag: Aanvraag, locatie: Locatie, afstand: float, fase: str, planning=None) -> None:
    """The requester and who joined hear where their charging point comes, and what happens next (for a
    location of a proactive list: where it stands in the planning)."""
    extra = aanvraagmeldingen.planning_zin(aanvraag, planning)
    vervolg = (
        _(
            "De netbeheerder controleert eerst of het net de laadpaal aankan; daarna beoordeelt de gemeente de plek."
        )
        if locatie.status == Locatie.Status.IN_NETCHECK
        else _("De gemeente beoordeelt nu de plek.")
    )
    aanvraagmeldingen.informeer_betrokkenen(
        aanvraag,
        _("Plek gekozen voor aanvraag %(nummer)s") % {"nummer": aanvraag.nummer},
        " ".join(
            filter(
                None,
                [
                    str(_PLEK_GEKOZEN[fase])
                    % {"omschrijving": locatie.omschrijving, "m": round(afstand), "vervolg": vervolg},
                    extra,
                ],
            )
        ),
        # The distance is measured from the requester's pin (their front door): not for who joined.
        tekst_voor_medeaanvragers=" ".join(
            filter(
                None,
                [
                    _(
                        "Er is een plek gekozen voor de laadpaal van de aanvraag die u volgt: %(omschrijving)s. U "
                        "hoort in uw berichten hoe het verder gaat."
                    )
                    % {"omschrijving": locatie.omschrijving},
                    extra,
                ],
            )
        ),
    )
