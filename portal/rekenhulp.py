"""The term calculator for staff: the same arithmetic as `manage.py termijn`, with its explanation."""

import datetime as dt

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from portal import kalender, klok, termijnen
from portal.forms import ZonderDubbelepunt
from portal.toegang import alleen_medewerkers


class RekenhulpForm(ZonderDubbelepunt, forms.Form):
    BEZWAAR, WERKDAGEN, KALENDERDAGEN = "bezwaar", "werkdagen", "kalenderdagen"

    soort = forms.ChoiceField(
        label=_("Wat wilt u berekenen?"),
        choices=[
            (BEZWAAR, _("Laatste dag van de bezwaartermijn (zes weken na bekendmaking)")),
            (WERKDAGEN, _("Een aantal werkdagen na (of voor) een datum")),
            (KALENDERDAGEN, _("Een aantal kalenderdagen na een datum")),
        ],
        initial=BEZWAAR,
        widget=forms.RadioSelect,
    )
    datum = forms.DateField(
        label=_("Datum"),
        help_text=_(
            "Bij de bezwaartermijn: de datum van bekendmaking. Anders: de begindatum (telt niet mee)."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Vul een geldige datum in, bijvoorbeeld 2026-06-05.")},
    )
    aantal = forms.IntegerField(
        label=_("Aantal dagen"),
        required=False,
        min_value=-3650,
        max_value=3650,
        help_text=_("Alleen voor werkdagen en kalenderdagen. Negatief telt terug."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("soort") in (self.WERKDAGEN, self.KALENDERDAGEN) and data.get("aantal") is None:
            self.add_error("aantal", _("Vul in hoeveel dagen u wilt optellen."))
        datum = data.get("datum")
        if datum and datum.year < kalender.EERSTE_ONDERSTEUNDE_JAAR:
            self.add_error("datum", _("Het portaal rekent met data vanaf 1980."))
        return data

    def uitkomst(self) -> termijnen.Uitkomst:
        data = self.cleaned_data
        if data["soort"] == self.BEZWAAR:
            return termijnen.bezwaartermijn_einde(data["datum"])
        if data["soort"] == self.WERKDAGEN:
            return termijnen.werkdagen_na(data["datum"], data["aantal"])
        return termijnen.kalenderdagen_na(data["datum"], data["aantal"])


def _vrije_dagen(jaar: int, agenda: kalender.Kalender) -> list[tuple[dt.date, str]]:
    """Every holiday and equated day of `jaar`, for the table under the result."""
    dagen = dict(kalender.wettelijke_feestdagen(jaar))
    for datum in agenda.gelijkgesteld:
        if datum.year == jaar:
            dagen[datum] = agenda.feestdag(datum)
    return sorted(dagen.items())


@alleen_medewerkers
def rekenhulp(request):
    form = RekenhulpForm(request.GET or None)
    uitkomst = None
    status = 200
    if request.GET:
        if form.is_valid():
            uitkomst = form.uitkomst()
        else:
            status = 400
    agenda = kalender.laad()
    jaar = uitkomst.datum.year if uitkomst else klok.vandaag().year
    return render(
        request,
        "portal/rekenhulp.html",
        {
            "form": form,
            "uitkomst": uitkomst,
            "jaar": jaar,
            "vrije_dagen": _vrije_dagen(jaar, agenda) if jaar >= kalender.EERSTE_ONDERSTEUNDE_JAAR else [],
            "besluit_geladen": jaar in agenda.besluitjaren,
        },
        status=status,
    )
