"""The messages of grid connections and realisations, composed here and nowhere else: the netbeheerder hears of
batches and cancellations, the CPO of every step of the net and of the gemeente's closing, the gemeente of a
delivery and a planned date it asked for, the E-rijders of their connection, placement and delivery. Outbox rows
written in the service's transaction, delivered after commit. Functions named `..._voor_erijders` return
(subject, text) for aanvragen.services.vermeld_bij_aanvragen, which also writes the request's timeline."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aanvragen import meldingen as aanvraagmeldingen
from netaansluiting.models import Batch, Netaansluiting, Realisatie
from netaansluiting.services.basis import _datum
from portal import berichten


def _waarden(aansluiting: Netaansluiting) -> dict:
    return {
        "nummer": aansluiting.nummer,
        "omschrijving": aansluiting.locatie.omschrijving,
        "netbeheerder": aansluiting.netbeheerder.naam,
        "werkvoorbereiding": _datum(aansluiting.werkvoorbereiding_gereed_op),
        "aannemer": aansluiting.aannemer or "—",
        "gepland": _datum(aansluiting.aansluiting_gepland_op),
        "aangesloten": _datum(aansluiting.aangesloten_op),
        "ean": aansluiting.ean or "—",
        "afkeurreden": aansluiting.afkeurreden,
    }


def _meld_cpo(aansluiting: Netaansluiting, onderwerp: str, tekst: str, *, per_email=False, realisatie=None):
    link = (
        reverse("netaansluiting:realisatie", args=[realisatie.pk])
        if realisatie is not None
        else reverse("netaansluiting:aansluiting", args=[aansluiting.pk])
    )
    berichten.verstuur_aan_organisatie(aansluiting.cpo, onderwerp, tekst, link=link, per_email=per_email)


def _meld_gemeente(realisatie: Realisatie, onderwerp: str, tekst: str, *, per_email: bool = False) -> None:
    berichten.verstuur_aan_organisatie(
        realisatie.gemeente,
        onderwerp,
        tekst,
        link=reverse("netaansluiting:realisatie", args=[realisatie.pk]),
        per_email=per_email,
    )


# Requesting and cancelling


def niet_vanzelf_aangevraagd(cpo, regels: list[tuple]) -> None:
    """The portal could not request these connections (location, reasons): the CPO requests them by hand. One
    message for all of a run, however many locations."""
    if len(regels) == 1:
        ((locatie, fouten),) = regels
        onderwerp = _("Netaansluiting niet aangevraagd: %(omschrijving)s") % {
            "omschrijving": locatie.omschrijving
        }
        tekst = _("Het portaal kon de netaansluiting niet vanzelf aanvragen: %(fout)s") % {
            "fout": " ".join(fouten)
        }
    else:
        onderwerp = ngettext(
            "%(n)d netaansluiting niet aangevraagd",
            "%(n)d netaansluitingen niet aangevraagd",
            len(regels),
        ) % {"n": len(regels)}
        tekst = _(
            "Het portaal kon deze netaansluitingen niet vanzelf aanvragen. Vraag ze aan zodra de oorzaak is "
            "opgelost:\n\n%(regels)s"
        ) % {
            "regels": "\n".join(
                f"- {locatie.omschrijving} ({locatie.gemeente.naam}): {' '.join(fouten)}"
                for locatie, fouten in regels
            )
        }
    berichten.verstuur_aan_organisatie(
        cpo, onderwerp, tekst, link=reverse("netaansluiting:bord"), per_email=True
    )


def geannuleerd(aansluiting: Netaansluiting, locatie, reden: str) -> None:
    """A connection already sent is cancelled: its netbeheerder stops the work."""
    berichten.verstuur_aan_organisatie(
        aansluiting.netbeheerder,
        _("Netaansluiting %(nummer)s geannuleerd") % {"nummer": aansluiting.nummer},
        _("De aanvraag voor %(omschrijving)s (%(gemeente)s) is geannuleerd: %(reden)s")
        % {"omschrijving": locatie.omschrijving, "gemeente": locatie.gemeente.naam, "reden": reden},
        link=reverse("netaansluiting:aansluiting", args=[aansluiting.pk]),
        per_email=True,
    )


# Batches


def aangevraagd_voor_erijders(netbeheerder) -> tuple[str, str]:
    return (
        _("Aansluiting op het net aangevraagd voor aanvraag %(aanvraag)s"),
        _(
            "De laadpaalexploitant heeft de aansluiting op het elektriciteitsnet aangevraagd bij %(netbeheerder)s. "
            "De netbeheerder controleert het net, bereidt het werk voor en geeft een aannemer opdracht."
        )
        % {"netbeheerder": netbeheerder.naam},
    )


def batch_verzonden(batch: Batch, aantal: int, uiterlijk) -> None:
    waarden = {
        "nummer": batch.nummer,
        "n": aantal,
        "cpo": batch.cpo.naam,
        "uiterlijk": _datum(uiterlijk),
        "aansluitingen": ngettext("%(n)d netaansluiting", "%(n)d netaansluitingen", aantal) % {"n": aantal},
        "aanvragen": ngettext("%(n)d aanvraag", "%(n)d aanvragen", aantal) % {"n": aantal},
    }
    berichten.verstuur_aan_organisatie(
        batch.netbeheerder,
        _("Batch %(nummer)s: %(aanvragen)s netaansluiting van %(cpo)s") % waarden,
        _(
            "%(cpo)s vraagt %(aansluitingen)s aan in batch %(nummer)s. Meld per aansluiting de netcheck, "
            "de werkvoorbereiding en de opdracht aan de aannemer, uiterlijk %(uiterlijk)s; in het portaal of via "
            "de API (/api/v1/netaansluitingen/?batch=…)."
        )
        % waarden,
        link=reverse("netaansluiting:batch", args=[batch.pk]),
        per_email=True,
    )
    berichten.verstuur_aan_organisatie(
        batch.cpo,
        _("Batch %(nummer)s verzonden (%(aansluitingen)s)") % waarden,
        _("Batch %(nummer)s is verzonden naar de netbeheerder; die is aan zet tot uiterlijk %(uiterlijk)s.")
        % waarden,
        link=reverse("netaansluiting:batch", args=[batch.pk]),
    )


# The netbeheerder's steps


def netcheck_goedgekeurd(aansluiting: Netaansluiting) -> None:
    waarden = _waarden(aansluiting)
    _meld_cpo(
        aansluiting,
        _("Netcheck goedgekeurd: %(omschrijving)s") % waarden,
        _(
            "%(netbeheerder)s keurde de netcheck voor %(omschrijving)s goed; de werkvoorbereiding is gepland gereed "
            "op %(werkvoorbereiding)s."
        )
        % waarden,
    )


def _per_cpo(aansluitingen):
    """The connections grouped by CPO, in the order given."""
    groepen: dict[int, list] = {}
    for aansluiting in aansluitingen:
        groepen.setdefault(aansluiting.cpo_id, []).append(aansluiting)
    return groepen.items()


def netcheck_goedgekeurd_velen(aansluitingen: list[Netaansluiting]) -> None:
    """netcheck_goedgekeurd for the netbeheerder's volume work: one message per CPO, one line per location."""
    for cpo_id, groep in _per_cpo(aansluitingen):
        if len(groep) == 1:
            netcheck_goedgekeurd(groep[0])
            continue
        waarden = _waarden(groep[0])
        berichten.verstuur_aan_organisatie(
            cpo_id,
            ngettext(
                "Netcheck goedgekeurd voor %(aantal)d locatie",
                "Netcheck goedgekeurd voor %(aantal)d locaties",
                len(groep),
            )
            % {"aantal": len(groep)},
            _(
                "%(netbeheerder)s keurde de netcheck goed voor deze locaties; de werkvoorbereiding is gepland "
                "gereed op %(werkvoorbereiding)s:"
            )
            % waarden
            + "\n\n"
            + "\n".join(f"- {a.nummer}: {a.locatie.omschrijving}" for a in groep),
            link=reverse("netaansluiting:aansluitingen"),
        )


def plaatsing_plannen_velen(paren: list[tuple[Netaansluiting, Realisatie | None]]) -> None:
    """plaatsing_plannen for the netbeheerder's volume work: one message (and e-mail) per CPO listing each location
    with the day its placement must be planned by."""
    realisatie_van = dict(paren)
    for cpo_id, groep in _per_cpo([aansluiting for aansluiting, _realisatie in paren]):
        if len(groep) == 1:
            plaatsing_plannen(groep[0], realisatie_van[groep[0]])
            continue
        waarden = _waarden(groep[0])
        regels = [
            _("- %(nummer)s: %(omschrijving)s, plaatsing afspreken uiterlijk %(uiterlijk)s")
            % {
                "nummer": a.nummer,
                "omschrijving": a.locatie.omschrijving,
                "uiterlijk": _datum(realisatie_van[a].termijn_uiterlijk if realisatie_van[a] else None),
            }
            for a in groep
        ]
        berichten.verstuur_aan_organisatie(
            cpo_id,
            ngettext(
                "Plan de plaatsing van %(aantal)d locatie",
                "Plan de plaatsing van %(aantal)d locaties",
                len(groep),
            )
            % {"aantal": len(groep)},
            _(
                "%(netbeheerder)s gaf aannemer %(aannemer)s opdracht voor de aansluiting van deze locaties, gepland "
                "op %(gepland)s. Spreek per locatie de plaatsingsdatum af met de aannemer:"
            )
            % waarden
            + "\n\n"
            + "\n".join(regels),
            link=reverse("netaansluiting:bord"),
            per_email=True,
        )


def netcheck_afgekeurd(aansluiting: Netaansluiting, realisatie: Realisatie | None) -> None:
    _meld_cpo(
        aansluiting,
        _("Netaansluiting afgekeurd: %(omschrijving)s") % _waarden(aansluiting),
        _(
            "%(netbeheerder)s kan %(omschrijving)s niet aansluiten: %(afkeurreden)s\n\nKies uiterlijk %(uiterlijk)s "
            "een andere locatie voor de aanvragen, of vraag de aansluiting opnieuw aan (bijvoorbeeld met een "
            "andere capaciteit)."
        )
        % {
            **_waarden(aansluiting),
            "uiterlijk": _datum(realisatie.termijn_uiterlijk if realisatie else None),
        },
        per_email=True,
        realisatie=realisatie,
    )


def plaatsing_plannen(aansluiting: Netaansluiting, realisatie: Realisatie | None) -> None:
    _meld_cpo(
        aansluiting,
        _("Plan de plaatsing: %(omschrijving)s") % _waarden(aansluiting),
        _(
            "%(netbeheerder)s gaf aannemer %(aannemer)s opdracht voor de aansluiting van %(omschrijving)s, gepland "
            "op %(gepland)s. Spreek de plaatsingsdatum af met de aannemer, uiterlijk %(uiterlijk)s."
        )
        % {
            **_waarden(aansluiting),
            "uiterlijk": _datum(realisatie.termijn_uiterlijk if realisatie else None),
        },
        per_email=True,
        realisatie=realisatie,
    )


def aangesloten(aansluiting: Netaansluiting) -> None:
    waarden = _waarden(aansluiting)
    _meld_cpo(
        aansluiting,
        _("Aangesloten: %(omschrijving)s") % waarden,
        _("%(netbeheerder)s meldt %(omschrijving)s aangesloten op %(aangesloten)s (EAN %(ean)s).") % waarden,
    )


# The CPO realises, the gemeente closes


def plaatsing_gepland_voor_erijders(locatie, datum, vorige) -> tuple[str, str]:
    waarden = {"omschrijving": locatie.omschrijving, "datum": _datum(datum), "vorige": _datum(vorige)}
    if vorige is None:
        return (
            _("Plaatsing gepland voor aanvraag %(aanvraag)s"),
            _(
                "Uw laadpaal op %(omschrijving)s wordt geplaatst op %(datum)s. Daarna wordt hij aangesloten en "
                "getest; u krijgt bericht zodra u kunt laden."
            )
            % waarden,
        )
    return (
        _("Plaatsing verzet voor aanvraag %(aanvraag)s"),
        _("De plaatsing van uw laadpaal op %(omschrijving)s is verzet van %(vorige)s naar %(datum)s.")
        % waarden,
    )


def realisatiedatum_aan_gemeente(realisatie: Realisatie, locatie, datum) -> None:
    waarden = {"omschrijving": locatie.omschrijving, "datum": _datum(datum)}
    _meld_gemeente(
        realisatie,
        _("Realisatiedatum %(omschrijving)s: %(datum)s") % waarden,
        _("De laadpaal op %(omschrijving)s wordt geplaatst op %(datum)s.") % waarden,
    )


def opgeleverd_voor_erijders(locatie, sat_op) -> tuple[str, str]:
    return (
        _("Uw laadpaal staat er: aanvraag %(aanvraag)s"),
        _(
            "Uw laadpaal op %(omschrijving)s is geplaatst, aangesloten en getest (opgeleverd op %(datum)s). U kunt "
            "er nu laden. De gemeente richt de parkeervakken in en meldt de laadpaal daarna gereed."
        )
        % {"omschrijving": locatie.omschrijving, "datum": _datum(sat_op)},
    )


def opgeleverd(realisatie: Realisatie, locatie, sat_op) -> None:
    waarden = {
        "omschrijving": locatie.omschrijving,
        "datum": _datum(sat_op),
        "uiterlijk": _datum(realisatie.termijn_uiterlijk),
    }
    _meld_gemeente(
        realisatie,
        _("Laadpaal opgeleverd: %(omschrijving)s") % waarden,
        _(
            "De laadpaalexploitant heeft %(omschrijving)s opgeleverd op %(datum)s; de opleverdocumenten staan in "
            "het portaal. Richt zo nodig de parkeervakken in (markering, borden) en meld de locatie uiterlijk "
            "%(uiterlijk)s gerealiseerd op de plankaart."
        )
        % waarden,
        per_email=True,
    )


def gerealiseerd(realisatie: Realisatie, locatie, aanvragen) -> None:
    """The gemeente marked it realised: the E-rijders' requests are done, the CPO hears it."""
    waarden = {"omschrijving": locatie.omschrijving, "gemeente": locatie.gemeente.naam}
    for aanvraag in aanvragen:
        aanvraagmeldingen.informeer_betrokkenen(
            aanvraag,
            _("Aanvraag %(nummer)s is afgerond") % {"nummer": aanvraag.nummer},
            _(
                "%(gemeente)s heeft de laadpaal op %(omschrijving)s gereed gemeld. Daarmee is uw aanvraag "
                "afgerond. Goede reis!"
            )
            % waarden,
            tekst_voor_medeaanvragers=_(
                "%(gemeente)s heeft de laadpaal op %(omschrijving)s gereed gemeld. Daarmee is de aanvraag die u "
                "volgt afgerond. Goede reis!"
            )
            % waarden,
        )
    berichten.verstuur_aan_organisatie(
        realisatie.cpo,
        _("Gerealiseerd: %(omschrijving)s") % waarden,
        _("%(gemeente)s meldde %(omschrijving)s gerealiseerd op de plankaart.") % waarden,
        link=reverse("netaansluiting:realisatie", args=[realisatie.pk]),
    )


def realisatiedatum_gevraagd(realisatie: Realisatie) -> None:
    berichten.verstuur_aan_organisatie(
        realisatie.cpo,
        _("Realisatiedatum gevraagd: %(omschrijving)s") % {"omschrijving": realisatie.locatie.omschrijving},
        _(
            "%(gemeente)s vraagt wanneer %(omschrijving)s wordt gerealiseerd. Zodra u de plaatsing plant, krijgt "
            "de gemeente de datum vanzelf."
        )
        % {"gemeente": realisatie.gemeente.naam, "omschrijving": realisatie.locatie.omschrijving},
        link=reverse("netaansluiting:realisatie", args=[realisatie.pk]),
        per_email=True,
    )
