"""The dashboard (/kengetallen/) for every staff role, scoped like everything else; each chart has its table,
a CSV download and a link to the cases behind it (the work lists with their filters).

All figures come from portal.kengetallen.berekeningen (the phase table and the per-request figures), never
from the history per page view.
"""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import urlencode

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from aanvragen.models import Bron
from portal import csvexport, klok, toegang
from portal.forms import ZonderDubbelepunt
from portal.kengetallen import berekeningen, exports, simulatie
from portal.kengetallen.berekeningen import Filter
from portal.kengetallen.grafieken import staafdiagram
from portal.models import Organisatie
from portal.servicetermijnen import Stap
from portal.toegang import alleen_medewerkers

STANDAARD_DAGEN = 365

# The work list has these age filters (aanvragen.forms.WerklijstFilterForm.ouder_dan).
LEEFTIJDFILTERS = (5, 10, 28, 30, 56, 84, 112)

# Where a request waits, per step: the status the work list filters on.
STATUS_PER_STAP = {
    "ontvangstbevestiging": "ingediend",
    "toetsing": "ingediend",
    "aanvullen": "aanvulling_gevraagd",
    "locatie_bepalen": "goedgekeurd",
    "netcheck": "locatie_voorgesteld",
    "locatie_beoordelen": "locatie_voorgesteld",
    "locatie_bijstellen": "locatie_voorgesteld",
    "bezwaartermijn": "wacht_op_verkeersbesluit",
    "beslissen_op_bezwaar": "wacht_op_verkeersbesluit",
    "verkeersbesluit_nemen": "wacht_op_verkeersbesluit",
    "aansluiting_aanvragen": "wacht_op_realisatie",
    "netaansluiting": "wacht_op_realisatie",
    "net_heroverwegen": "wacht_op_realisatie",
    "plaatsing_plannen": "wacht_op_realisatie",
    "energiecontract": "plaatsing_gepland",
    "oplevering": "plaatsing_gepland",
    "afronden": "opgeleverd",
}


class FilterForm(ZonderDubbelepunt, forms.Form):
    van = forms.DateField(
        label=gettext_lazy("Van"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    tot = forms.DateField(
        label=gettext_lazy("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    gemeente = forms.TypedChoiceField(
        label=gettext_lazy("Gemeente"), required=False, coerce=int, empty_value=None
    )
    bron = forms.ChoiceField(
        label=gettext_lazy("Baan"),
        required=False,
        choices=[("", gettext_lazy("Alle banen"))] + list(Bron.choices),
    )

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].choices = [("", _("Alle gemeenten"))] + [(g.pk, g.naam) for g in gemeenten]
        self.fields["van"].error_messages["invalid"] = _("Vul bij Van een datum in als 31-12-2026.")
        self.fields["tot"].error_messages["invalid"] = _("Vul bij Tot en met een datum in als 31-12-2026.")

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            self.add_error("tot", _("Tot en met ligt voor Van: kies een latere datum."))
        return data


def _gemeenten(gebruiker):
    ids = berekeningen.gemeenten_in_scope(gebruiker)
    gemeenten = Organisatie.objects.filter(soort=Organisatie.Soort.GEMEENTE).order_by("naam")
    return gemeenten if ids is None else gemeenten.filter(pk__in=ids)


def lees_filter(request) -> tuple[FilterForm, Filter]:
    """The filters from the query string; a bad field keeps the others and is named on the page."""
    vandaag = klok.vandaag()
    standaard = Filter(van=vandaag - dt.timedelta(days=STANDAARD_DAGEN), tot=vandaag)
    form = FilterForm(request.GET or None, gemeenten=_gemeenten(request.user))
    if not request.GET:
        form = FilterForm(
            initial={"van": standaard.van, "tot": standaard.tot}, gemeenten=_gemeenten(request.user)
        )
        return form, standaard
    if form.is_valid():
        d = form.cleaned_data
        return form, Filter(van=d["van"], tot=d["tot"], gemeente=d["gemeente"], bron=d["bron"] or None)
    # Keep what is valid of the rest.
    d = getattr(form, "cleaned_data", {})
    return form, Filter(
        van=d.get("van", standaard.van) if "van" not in form.errors else standaard.van,
        tot=d.get("tot", standaard.tot) if "tot" not in form.errors else standaard.tot,
        gemeente=d.get("gemeente"),
        bron=d.get("bron") or None,
    )


def _werklijst(filter_: Filter, **extra) -> str:
    params = {k: v for k, v in {"gemeente": filter_.gemeente, "bron": filter_.bron, **extra}.items() if v}
    return reverse("aanvragen:werklijst") + ("?" + urlencode(params) if params else "")


def _procent(aandeel) -> float | None:
    return None if aandeel is None else round(100 * aandeel, 1)


def grafieken(gebruiker, filter_: Filter, cijfers: dict | None = None) -> dict:
    """Every chart of the dashboard, keyed by its name (also the CSV's name)."""
    cijfers = cijfers or berekeningen.alles(gebruiker, filter_)
    uit = {}

    d = cijfers["doorlooptijd"]
    opgeleverd_link = _werklijst(filter_, status="opgeleverd")
    uit["doorlooptijd"] = staafdiagram(
        "doorlooptijd",
        _("Doorlooptijd van aanvraag tot oplevering"),
        ngettext(
            "%(n)d aanvraag opgeleverd in de periode; mediaan %(m)s dagen, 80e percentiel %(p)s dagen.",
            "%(n)d aanvragen opgeleverd in de periode; mediaan %(m)s dagen, 80e percentiel %(p)s dagen.",
            d["aantal"],
        )
        % {"n": d["aantal"], "m": _getal(d["mediaan_dagen"]), "p": _getal(d["p80_dagen"])},
        [
            {
                "label": _("%(van)d–%(tot)d dagen") % {"van": b["van_dagen"], "tot": b["tot_dagen"] - 1},
                "waarden": [b["aantal"]],
                "link": opgeleverd_link,
                "linktekst": _("opgeleverde aanvragen"),
            }
            for b in d["verdeling"]
        ],
        series=[_("aanvragen")],
        kolommen=[_("Van (dagen)"), _("Tot en met (dagen)"), _("Aantal aanvragen")],
        rijen=[[b["van_dagen"], b["tot_dagen"] - 1, b["aantal"]] for b in d["verdeling"]],
    )

    per_maand: dict[str, list[int]] = {}
    for r in cijfers["doorstroom"]:
        m = per_maand.setdefault(r["maand"], [0, 0, 0])
        m[0] += r["ingediend"]
        m[1] += r["opgeleverd"]
        m[2] += r["locaties"]
    uit["doorstroom"] = staafdiagram(
        "doorstroom",
        _("Aanvragen binnen en opgeleverd per maand"),
        _(
            "Per maand het aantal ingediende aanvragen (effen staaf) en opgeleverde aanvragen (gearceerde staaf)."
        ),
        [{"label": maand, "waarden": [m[0], m[1]]} for maand, m in sorted(per_maand.items())],
        series=[_("ingediend"), _("opgeleverd")],
        kolommen=[_("Maand"), _("Ingediend"), _("Opgeleverd"), _("Locaties opgeleverd")],
        rijen=[[maand, *m] for maand, m in sorted(per_maand.items())],
    )

    partijen = cijfers["tijd_per_partij"]
    uit["tijd_per_partij"] = staafdiagram(
        "tijd_per_partij",
        _("Wachttijd per partij"),
        _(
            "Het totaal aantal dagen dat zaken wachtten op elke partij, over de stappen die in de periode afliepen."
        ),
        [{"label": r["partij_label"], "waarden": [r["wachtdagen"]]} for r in partijen],
        series=[_("wachtdagen")],
        kolommen=[_("Partij"), _("Stappen"), _("Wachtdagen"), _("Gemiddeld per stap (dagen)")],
        rijen=[
            [
                r["partij_label"],
                r["aantal"],
                r["wachtdagen"],
                r.get("gemiddeld_dagen", r.get("mediaan_dagen")),
            ]
            for r in partijen
        ],
        eenheid=" d",
    )

    termijnen = cijfers["binnen_servicetermijn"]
    uit["binnen_servicetermijn"] = staafdiagram(
        "binnen_servicetermijn",
        _("Stappen binnen de servicetermijn"),
        _("Per partij het percentage stappen met een termijn dat op tijd klaar was."),
        [{"label": r["partij_label"], "waarden": [_procent(r["aandeel"])]} for r in termijnen],
        series=[_("binnen termijn")],
        kolommen=[_("Partij"), _("Stappen met termijn"), _("Binnen termijn"), _("Percentage")],
        rijen=[[r["partij_label"], r["aantal"], r["binnen"], _procent(r["aandeel"])] for r in termijnen],
        eenheid="%",
    )

    werk = cijfers["open_werk"]

    def leeftijd(b):
        if b["tot_dagen"] is None:
            return _("%(van)d dagen of ouder") % {"van": b["van_dagen"]}
        return _("%(van)d–%(tot)d dagen") % {"van": b["van_dagen"], "tot": b["tot_dagen"] - 1}

    uit["open_werk"] = staafdiagram(
        "open_werk",
        _("Open aanvragen naar leeftijd"),
        _("Hoeveel aanvragen nu openstaan, naar het aantal dagen sinds indienen."),
        [
            {
                "label": leeftijd(b),
                "waarden": [b["aantal"]],
                "link": _werklijst(
                    filter_, ouder_dan=b["van_dagen"] if b["van_dagen"] in LEEFTIJDFILTERS else None
                ),
                "linktekst": _("open aanvragen"),
            }
            for b in werk
        ],
        series=[_("aanvragen")],
        kolommen=[_("Leeftijd"), _("Aantal open aanvragen")],
        rijen=[[leeftijd(b), b["aantal"]] for b in werk],
    )

    knelpunten = cijfers["knelpunten"][:8]
    uit["knelpunten"] = staafdiagram(
        "knelpunten",
        _("Waar zaken nu wachten"),
        _("De stappen met de meeste wachtdagen van de zaken die er nu staan; bovenaan het knelpunt."),
        [
            {
                "label": r["stap_label"],
                "waarden": [r["wachtdagen"]],
                "link": _werklijst(filter_, status=STATUS_PER_STAP.get(r["stap"])),
                "linktekst": _("aanvragen in deze stap"),
            }
            for r in knelpunten
        ],
        series=[_("wachtdagen")],
        kolommen=[_("Stap"), _("Partij aan zet"), _("Zaken"), _("Wachtdagen")],
        rijen=[[r["stap_label"], r["partij"], r["aantal"], r["wachtdagen"]] for r in knelpunten],
        eenheid=" d",
    )

    afwijzingen = cijfers["afwijzingen"]
    uit["afwijzingen"] = staafdiagram(
        "afwijzingen",
        _("Afwijzingen per reden"),
        _("Het aantal afgewezen aanvragen in de periode per redencode."),
        [
            {
                "label": r["label"],
                "waarden": [r["aantal"]],
                "link": _werklijst(filter_, status="afgewezen"),
                "linktekst": _("afgewezen aanvragen"),
            }
            for r in afwijzingen
        ],
        series=[_("aanvragen")],
        kolommen=[_("Reden"), _("Code"), _("Aantal")],
        rijen=[[r["label"], r["reden_code"], r["aantal"]] for r in afwijzingen],
    )
    return uit


def _getal(waarde) -> str:
    if waarde is None:
        return "—"
    return f"{waarde:.0f}" if float(waarde).is_integer() else f"{waarde:.1f}".replace(".", ",")


@alleen_medewerkers
def dashboard(request):
    if not berekeningen.mag_kengetallen_zien(request.user):
        raise Http404
    form, filter_ = lees_filter(request)
    cijfers = berekeningen.alles(request.user, filter_)
    alle = grafieken(request.user, filter_, cijfers)
    zoek = request.GET.urlencode()
    for grafiek in alle.values():
        grafiek.csv_url = reverse("kengetallen:csv", args=[grafiek.sleutel]) + (f"?{zoek}" if zoek else "")
    knelpunt = cijfers["knelpunten"][0] if cijfers["knelpunten"] else None
    return render(
        request,
        "kengetallen/dashboard.html",
        {
            "form": form,
            "filter": filter_,
            "cijfers": cijfers,
            "grafieken": list(alle.values()),
            "knelpunt": knelpunt,
            "knelpunt_link": _werklijst(filter_, status=STATUS_PER_STAP.get(knelpunt["stap"]))
            if knelpunt
            else "",
            "risico_link": _werklijst(filter_, risico="on"),
            "maximum_procent": _procent(cijfers["maximum"]["aandeel"]),
            "bezwaar_procent": _procent(cijfers["bezwaren"]["bezwaarpercentage"]),
            "gegrond_procent": _procent(cijfers["bezwaren"]["aandeel_gegrond"]),
            "netcheck_procent": _procent(cijfers["netcheck"]["aandeel_geweigerd"]),
            "mediaan": _getal(cijfers["doorlooptijd"]["mediaan_dagen"]),
            "p80": _getal(cijfers["doorlooptijd"]["p80_dagen"]),
            "kwartaal": exports.Kwartaal.van(klok.vandaag()),
            "netbeheerders": exports.netbeheerders_voor(request.user),
            "mag_simuleren": mag_simuleren(request.user),
        },
    )


@alleen_medewerkers
def grafiek_csv(request, naam: str):
    if not berekeningen.mag_kengetallen_zien(request.user):
        raise Http404
    _form, filter_ = lees_filter(request)
    alle = grafieken(request.user, filter_)
    if naam not in alle:
        raise Http404
    return _csv(alle[naam])


def _csv(grafiek) -> HttpResponse:
    naam = grafiek.sleutel
    uit = io.StringIO()
    schrijver = csvexport.writer(uit, delimiter=";")
    schrijver.writerow(grafiek.kolommen)
    schrijver.writerows(grafiek.rijen)
    antwoord = HttpResponse(
        ("\ufeff" + uit.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    antwoord["Content-Disposition"] = f'attachment; filename="kengetallen-{naam}.csv"'
    return antwoord


def mag_simuleren(gebruiker) -> bool:
    """The what-if simulation is the provincie's (DESIGN.md 1), and the administrators'."""
    return gebruiker.is_superuser or toegang.is_provincie(gebruiker)


# The what-if simulation (the provincie's).

SIMULEERBARE_STAPPEN = [
    (stap, label)
    for stap, label in Stap.choices
    if stap in simulatie.BLOK_VAN_STAP and stap not in (Stap.BEZWAARTERMIJN, Stap.BESLISSEN_OP_BEZWAAR)
]


class SimulatieForm(ZonderDubbelepunt, forms.Form):
    maanden = forms.IntegerField(
        label=gettext_lazy("Aanvragen van de afgelopen … maanden"), min_value=1, max_value=36, initial=12
    )
    vkb_parallel = forms.BooleanField(
        label=gettext_lazy(
            "Verkeersbesluit buiten het kritieke pad (netaansluiting tijdens de bezwaartermijn)"
        ),
        required=False,
    )
    stap = forms.ChoiceField(
        label=gettext_lazy("Servicetermijn inkorten van stap"),
        required=False,
        choices=[("", gettext_lazy("Geen"))] + SIMULEERBARE_STAPPEN,
    )
    dagen = forms.IntegerField(label=gettext_lazy("tot (dagen)"), required=False, min_value=1, max_value=365)
    proactief_procent = forms.IntegerField(
        label=gettext_lazy("Aanvragen bij een proactieve locatie (%)"), min_value=0, max_value=100, initial=0
    )
    batchgrootte = forms.IntegerField(
        label=gettext_lazy("Batchgrootte netaansluitingen"), required=False, min_value=1, max_value=80
    )

    def clean(self):
        data = super().clean()
        if data.get("stap") and not data.get("dagen"):
            self.add_error("dagen", _("Vul het aantal dagen in voor de kortere servicetermijn."))
        return data

    def parameters(self) -> simulatie.Parameters:
        d = self.cleaned_data
        return simulatie.Parameters(
            maanden=d["maanden"],
            vkb_parallel=d["vkb_parallel"],
            servicetermijn={d["stap"]: d["dagen"]} if d.get("stap") and d.get("dagen") else {},
            proactief_procent=d["proactief_procent"] or 0,
            batchgrootte=d.get("batchgrootte"),
        )


def _vergelijkingsgrafieken(vergelijking) -> list:
    voor, na = vergelijking.voor, vergelijking.na
    emmers = sorted({e["van_dagen"] for e in voor.verdeling} | {e["van_dagen"] for e in na.verdeling})
    v = {e["van_dagen"]: e["aantal"] for e in voor.verdeling}
    n = {e["van_dagen"]: e["aantal"] for e in na.verdeling}
    breedte = simulatie.EMMERS

    def label(van):
        return _("%(van)d–%(tot)d dagen") % {"van": van, "tot": van + breedte - 1}

    verdeling = staafdiagram(
        "simulatie_doorlooptijd",
        _("Doorlooptijd voor en na"),
        _(
            "Aantal aanvragen per doorlooptijd: nu (effen staaf) en met de wijzigingen (gearceerde staaf). "
            "Mediaan nu %(mv)s dagen, daarna %(mn)s dagen; 80e percentiel nu %(pv)s, daarna %(pn)s dagen."
        )
        % {
            "mv": _getal(voor.mediaan_dagen),
            "mn": _getal(na.mediaan_dagen),
            "pv": _getal(voor.p80_dagen),
            "pn": _getal(na.p80_dagen),
        },
        [{"label": label(e), "waarden": [v.get(e, 0), n.get(e, 0)]} for e in emmers],
        series=[_("nu"), _("met wijzigingen")],
        kolommen=[_("Doorlooptijd"), _("Aanvragen nu"), _("Aanvragen met wijzigingen")],
        rijen=[[label(e), v.get(e, 0), n.get(e, 0)] for e in emmers],
    )
    blokken = [b for b, *_rest in simulatie.BLOKKEN]
    pv = {r["blok"]: r["dagen"] for r in voor.per_blok}
    pn = {r["blok"]: r["dagen"] for r in na.per_blok}
    gebruikt = [b for b in blokken if pv.get(b) or pn.get(b)]
    per_blok = staafdiagram(
        "simulatie_knelpunt",
        _("Dagen op het kritieke pad per stap, voor en na"),
        _(
            "Alle aanvragen samen: hoeveel dagen elke stap aan de doorlooptijd bijdraagt, nu (effen) en met de wijzigingen (gearceerd)."
        ),
        [{"label": str(simulatie.LABELS[b]), "waarden": [pv.get(b, 0), pn.get(b, 0)]} for b in gebruikt],
        series=[_("nu"), _("met wijzigingen")],
        kolommen=[_("Stap"), _("Dagen nu"), _("Dagen met wijzigingen")],
        rijen=[[str(simulatie.LABELS[b]), pv.get(b, 0), pn.get(b, 0)] for b in gebruikt],
        eenheid=" d",
    )
    return [verdeling, per_blok]


@alleen_medewerkers
def simulatie_pagina(request):
    if not mag_simuleren(request.user):
        raise Http404
    form = SimulatieForm(request.GET or None, initial={"maanden": 12, "proactief_procent": 0})
    vergelijking = grafieken_ = None
    if form.is_bound and form.is_valid():
        vergelijking = simulatie.simuleer(request.user, form.parameters())
        grafieken_ = _vergelijkingsgrafieken(vergelijking)
        zoek = request.GET.urlencode()
        for g in grafieken_:
            g.csv_url = reverse("kengetallen:simulatie_csv", args=[g.sleutel]) + f"?{zoek}"
    return render(
        request,
        "kengetallen/simulatie.html",
        {"form": form, "vergelijking": vergelijking, "grafieken": grafieken_ or []},
    )


@alleen_medewerkers
def simulatie_csv(request, naam: str):
    if not mag_simuleren(request.user):
        raise Http404
    form = SimulatieForm(request.GET)
    if not form.is_valid():
        raise Http404
    grafieken_ = {
        g.sleutel: g for g in _vergelijkingsgrafieken(simulatie.simuleer(request.user, form.parameters()))
    }
    if naam not in grafieken_:
        raise Http404
    return _csv(grafieken_[naam])
