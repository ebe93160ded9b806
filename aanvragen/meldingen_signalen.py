"""The messages of the data-driven lane, composed here: the provincie hears of proposals and answers, the CPO
of a signal to act on. Outbox rows, written in the service's transaction and delivered after commit."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from portal import berichten
from portal.termijnen import datum_lang


def _link(signaal) -> str:
    return reverse("signalen:detail", args=[signaal.pk])


def _plek(signaal) -> dict:
    return {
        "nummer": signaal.nummer,
        "omschrijving": signaal.locatie.omschrijving,
        "gemeente": signaal.gemeente.naam,
        "kwh": f"{signaal.kwh:,.0f}".replace(",", "."),
        "drempel": f"{signaal.drempel_kwh:,}".replace(",", "."),
    }


def voorgesteld(signaal) -> None:
    berichten.verstuur_aan_organisatie(
        signaal.provincie,
        _("Signaal voorgesteld: %(omschrijving)s (%(gemeente)s)") % _plek(signaal),
        _(
            "Deze laadpaal leverde %(kwh)s kWh per laadpunt in 12 maanden, boven de drempel van %(drempel)s kWh. "
            "Bekijk het signaal %(nummer)s en verstuur het naar de laadpaalexploitant."
        )
        % _plek(signaal),
        link=_link(signaal),
    )


def verzonden(signaal) -> None:
    berichten.verstuur_aan_organisatie(
        signaal.cpo,
        _("Signaal %(nummer)s: drukke laadpaal %(omschrijving)s (%(gemeente)s)") % _plek(signaal),
        _(
            "%(provincie)s vraagt u een locatie in de buurt toe te voegen of te verplaatsen: deze laadpaal "
            "leverde %(kwh)s kWh per laadpunt in 12 maanden. Antwoord uiterlijk %(datum)s."
        )
        % {
            **_plek(signaal),
            "provincie": signaal.provincie.naam,
            "datum": datum_lang(signaal.termijn_uiterlijk),
        },
        link=_link(signaal),
    )


def ingetrokken(signaal) -> None:
    berichten.verstuur_aan_organisatie(
        signaal.cpo,
        _("Signaal %(nummer)s ingetrokken") % _plek(signaal),
        _("%(provincie)s heeft het signaal over %(omschrijving)s ingetrokken; u hoeft niets te doen.")
        % {**_plek(signaal), "provincie": signaal.provincie.naam},
        link=_link(signaal),
    )


def geweigerd(signaal) -> None:
    berichten.verstuur_aan_organisatie(
        signaal.provincie,
        _("Signaal %(nummer)s geweigerd") % _plek(signaal),
        _("%(cpo)s voegt bij %(omschrijving)s geen locatie toe: %(reden)s. %(toelichting)s")
        % {
            **_plek(signaal),
            "cpo": signaal.cpo.naam,
            "reden": signaal.get_reden_code_display(),
            "toelichting": signaal.toelichting,
        },
        link=_link(signaal),
    )


def omgezet(signaal) -> None:
    berichten.verstuur_aan_organisatie(
        signaal.provincie,
        _("Signaal %(nummer)s omgezet in een locatie") % _plek(signaal),
        _(
            "%(cpo)s stelt bij %(omschrijving)s een locatie voor (aanvraag %(aanvraag)s); %(gemeente)s beoordeelt die."
        )
        % {**_plek(signaal), "cpo": signaal.cpo.naam, "aanvraag": signaal.aanvraag.nummer},
        link=_link(signaal),
    )
