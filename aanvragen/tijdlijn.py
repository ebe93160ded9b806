"""What each step means for the E-rijder, in plain Dutch."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from aanvragen import prognose, zichtbaarheid
from aanvragen.models import Aanvraag
from portal import historie, servicetermijnen
from portal.servicetermijnen import Stap
from portal.termijnen import datum_lang

# transitie → (title, what it means for the E-rijder)
BETEKENIS = {
    "indienen": (
        _("Aanvraag ingediend"),
        _("We hebben uw aanvraag ontvangen. U kreeg een ontvangstbevestiging in uw berichten en per e-mail."),
    ),
    "aanvulling_vragen": (
        _("Aanvulling gevraagd"),
        _("De laadpaalexploitant heeft meer informatie nodig. Vul uw aanvraag aan en dien hem opnieuw in."),
    ),
    "opnieuw_indienen": (
        _("Aanvraag aangevuld"),
        _("U heeft uw aanvraag aangevuld. De laadpaalexploitant beoordeelt hem opnieuw."),
    ),
    "goedkeuren": (
        _("Aanvraag goedgekeurd"),
        _("Uw aanvraag voldoet aan de voorwaarden. Nu wordt een geschikte plek in de buurt gezocht."),
    ),
    "afwijzen": (
        _("Aanvraag afgewezen"),
        _("Uw aanvraag voldoet niet aan de voorwaarden van de gemeente."),
    ),
    "intrekken": (_("Aanvraag ingetrokken"), _("De aanvraag is ingetrokken en wordt niet verder behandeld.")),
    "aansluiten": (
        _("Iemand uit de buurt sloot zich aan"),
        _("Een andere E-rijder in de buurt wil ook laden en volgt deze aanvraag mee."),
    ),
    "locatie_koppelen": (
        _("Plek gekozen"),
        _("De laadpaalexploitant heeft een plek op de plankaart gekozen voor uw laadpaal."),
    ),
    "locatie_volgen": (_("De plek is een stap verder"), ""),
    "locatie_vervalt": (
        _("De gekozen plek gaat niet door"),
        _("De laadpaalexploitant zoekt een andere plek in de buurt."),
    ),
    # The verkeersbesluit for the request's location (verkeersbesluiten.services writes these steps).
    "verkeersbesluit_gepubliceerd": (
        _("Verkeersbesluit gepubliceerd"),
        _(
            "De gemeente heeft het verkeersbesluit %(nummer)s bekendgemaakt op %(bekendmaking)s (%(vindplaats)s). "
            "Tot en met %(einde)s kan iedereen die het aangaat bezwaar maken."
        ),
    ),
    "bezwaar_ingediend": (
        _("Bezwaar tegen het verkeersbesluit"),
        _(
            "Er is bezwaar gemaakt tegen het verkeersbesluit voor de plek. De gemeente beslist uiterlijk %(beslissen)s."
        ),
    ),
    "bezwaar_beslist": (
        _("Beslissing op het bezwaar"),
        _("De gemeente verklaarde het bezwaar %(uitkomst)s. De plek blijft in het verkeersbesluit."),
    ),
    "verkeersbesluit_definitief": (
        _("Verkeersbesluit definitief"),
        _("Het verkeersbesluit %(nummer)s is definitief: de plek voor uw laadpaal ligt vast."),
    ),
    "verkeersbesluit_ingetrokken": (
        _("Verkeersbesluit ingetrokken"),
        _(
            "De gemeente trok het verkeersbesluit %(nummer)s in. De plek blijft goedgekeurd en krijgt een nieuw besluit."
        ),
    ),
    "afsluiten": (
        _("Aanvraag afgerond"),
        _("De gemeente heeft de laadpaal gereed gemeld; hij staat als bestaand laadpunt op de kaart."),
    ),
    # The realisation of the request's location (netaansluiting.services writes these steps).
    "netaansluiting_aangevraagd": (
        _("Aansluiting op het net aangevraagd"),
        _("De laadpaalexploitant vroeg de aansluiting op het elektriciteitsnet aan bij %(netbeheerder)s."),
    ),
    "plaatsing_gepland": (
        _("Plaatsing gepland"),
        _("De laadpaal wordt geplaatst op %(datum)s."),
    ),
    "netaansluiting_aangesloten": (
        _("Aangesloten op het net"),
        _("De netbeheerder heeft de plek aangesloten op het elektriciteitsnet op %(aangesloten_op)s."),
    ),
    "opgeleverd": (
        _("Laadpaal opgeleverd"),
        _("De laadpaal is geplaatst, aangesloten en getest op %(datum)s. U kunt er laden."),
    ),
}

# The same steps for everyone but the requester (who joined, the CPO, the gemeente): the texts above speak to
# the requester ("uw aanvraag", "U kreeg"); nobody else reads a text addressed to someone else.
BETEKENIS_VOOR_ANDEREN = {
    "indienen": (
        _("Aanvraag ingediend"),
        _("De aanvraag is ingediend; de aanvrager kreeg een ontvangstbevestiging."),
    ),
    "aanvulling_vragen": (
        _("Aanvulling gevraagd"),
        _("De laadpaalexploitant heeft de aanvrager om meer informatie gevraagd."),
    ),
    "opnieuw_indienen": (
        _("Aanvraag aangevuld"),
        _("De aanvrager heeft de aanvraag aangevuld. De laadpaalexploitant beoordeelt hem opnieuw."),
    ),
    "goedkeuren": (
        _("Aanvraag goedgekeurd"),
        _("De aanvraag voldoet aan de voorwaarden. Nu wordt een geschikte plek in de buurt gezocht."),
    ),
    "afwijzen": (
        _("Aanvraag afgewezen"),
        _("De aanvraag voldoet niet aan de voorwaarden van de gemeente."),
    ),
}

# While the requester completes the request, as the others read it.
AANVULLING_VOOR_ANDEREN = (
    _("Aanvrager"),
    _(
        "De aanvrager vult de aanvraag aan en dient hem opnieuw in; daarna toetst de laadpaalexploitant opnieuw."
    ),
)

BESLUITSTAPPEN = frozenset(
    {
        "verkeersbesluit_gepubliceerd",
        "bezwaar_ingediend",
        "bezwaar_beslist",
        "verkeersbesluit_definitief",
        "verkeersbesluit_ingetrokken",
        "netaansluiting_aangevraagd",
        "plaatsing_gepland",
        "netaansluiting_aangesloten",
        "opgeleverd",
    }
)

UITKOMST = {
    "gegrond": _("gegrond"),
    "ongegrond": _("ongegrond"),
    "niet_ontvankelijk": _("niet-ontvankelijk"),
}


def _dag(waarde: str | None) -> str:
    return datum_lang(dt.date.fromisoformat(waarde)) if waarde else "—"


def _vul_in(uitleg: str, gegevens: dict) -> str:
    """The decision's dates and numbers from the history row, in the E-rijder's words."""
    return uitleg % {
        "nummer": gegevens.get("verkeersbesluit", ""),
        "bekendmaking": _dag(gegevens.get("bekendmaking_op")),
        "einde": _dag(gegevens.get("bezwaartermijn_einde")),
        "vindplaats": gegevens.get("vindplaats") or "—",
        "beslissen": _dag(gegevens.get("beslissen")),
        "uitkomst": UITKOMST.get(gegevens.get("uitkomst"), gegevens.get("uitkomst", "")),
        "netbeheerder": gegevens.get("netbeheerder") or _("de netbeheerder"),
        "datum": _dag(gegevens.get("datum")),
        "aangesloten_op": _dag(gegevens.get("aangesloten_op")),
    }


# The stage a request enters by following its location, in the E-rijder's words.
FASE = {
    Aanvraag.Status.LOCATIE_VOORGESTELD: _("Plek voorgesteld aan de gemeente"),
    Aanvraag.Status.WACHT_OP_VERKEERSBESLUIT: _("Plek goedgekeurd: wacht op verkeersbesluit"),
    Aanvraag.Status.WACHT_OP_REALISATIE: _("Plek ligt vast: wacht op plaatsing"),
    Aanvraag.Status.PLAATSING_GEPLAND: _("Plaatsing gepland"),
    Aanvraag.Status.OPGELEVERD: _("Laadpaal opgeleverd"),
}

# Stages whose step has a row of its own with the date (plaatsing_gepland, opgeleverd): the bare "the location
# moved on" row would say the same thing twice.
UITGELEGD_DOOR_EIGEN_STAP = frozenset({Aanvraag.Status.PLAATSING_GEPLAND, Aanvraag.Status.OPGELEVERD})

# status → (who acts next, what happens next)
VOLGENDE_STAP = {
    Aanvraag.Status.INGEDIEND: (
        _("Laadpaalexploitant"),
        _("De laadpaalexploitant toetst uw aanvraag aan de voorwaarden van de gemeente."),
    ),
    Aanvraag.Status.AANVULLING_GEVRAAGD: (_("U"), _("Vul uw aanvraag aan en dien hem opnieuw in.")),
    Aanvraag.Status.GOEDGEKEURD: (
        _("Laadpaalexploitant"),
        _(
            "De laadpaalexploitant bepaalt een plek op de plankaart binnen 250 meter en legt die voor aan de gemeente."
        ),
    ),
    Aanvraag.Status.LOCATIE_VOORGESTELD: (
        _("Gemeente"),
        _("Er is een plek gekozen. De gemeente beoordeelt of de laadpaal daar kan komen."),
    ),
    Aanvraag.Status.WACHT_OP_VERKEERSBESLUIT: (
        _("Gemeente"),
        _(
            "De gemeente heeft de plek goedgekeurd en neemt een verkeersbesluit, waartegen zes weken bezwaar kan."
        ),
    ),
    Aanvraag.Status.WACHT_OP_REALISATIE: (
        _("Laadpaalexploitant"),
        _(
            "De plek ligt vast. De laadpaalexploitant vraagt de aansluiting op het net aan en plant de plaatsing."
        ),
    ),
    Aanvraag.Status.PLAATSING_GEPLAND: (
        _("Laadpaalexploitant"),
        _("De plaatsing is gepland. Daarna wordt de laadpaal aangesloten en getest."),
    ),
    Aanvraag.Status.OPGELEVERD: (
        _("Gemeente"),
        _(
            "Uw laadpaal staat er en u kunt laden. De gemeente richt zo nodig de parkeervakken in en meldt de "
            "laadpaal gereed; dan is uw aanvraag afgerond."
        ),
    ),
}

# While the location (or its realisation) carries the running term: who acts and what happens, per step.
LOCATIESTAP = {
    Stap.NETCHECK: (
        _("Netbeheerder"),
        _("De netbeheerder controleert of het net een laadpaal op deze plek aankan."),
    ),
    Stap.LOCATIE_BEOORDELEN: (_("Gemeente"), _("De gemeente beoordeelt de voorgestelde plek.")),
    Stap.LOCATIE_BIJSTELLEN: (
        _("Laadpaalexploitant"),
        _("De gemeente vroeg het voorstel aan te passen; de laadpaalexploitant doet dat."),
    ),
    Stap.NETAANSLUITING: (
        _("Netbeheerder"),
        _("De netbeheerder controleert het net, bereidt het werk voor en geeft een aannemer opdracht."),
    ),
    Stap.NET_HEROVERWEGEN: (
        _("Laadpaalexploitant"),
        _(
            "De netbeheerder kan de plek niet aansluiten. De laadpaalexploitant vraagt opnieuw aan of zoekt een "
            "andere plek in de buurt."
        ),
    ),
    Stap.PLAATSING_PLANNEN: (
        _("Laadpaalexploitant"),
        _(
            "De aannemer van de netbeheerder heeft opdracht; de laadpaalexploitant plant de plaatsing met hem."
        ),
    ),
    Stap.ENERGIECONTRACT: (
        _("Laadpaalexploitant"),
        _("De plaatsing is gepland; de laadpaalexploitant regelt het energiecontract."),
    ),
    Stap.OPLEVERING: (
        _("Laadpaalexploitant"),
        _("De laadpaal wordt geplaatst, aangesloten en getest."),
    ),
    Stap.BEZWAARTERMIJN: (
        _("Bezwaartermijn van het verkeersbesluit"),
        _(
            "Het verkeersbesluit voor de plek is gepubliceerd. Tot en met de datum hieronder kan bezwaar worden "
            "gemaakt; komt er geen bezwaar, dan is het besluit de dag erna vanzelf definitief."
        ),
    ),
}

BEZWAAR_LOOPT = (
    _("Gemeente"),
    _(
        "Tegen het verkeersbesluit voor de plek is bezwaar gemaakt. De gemeente beslist daar eerst over; het besluit "
        "wordt pas definitief als er geen bezwaar meer openstaat en de bezwaartermijn voorbij is."
    ),
)


# step → what it means for the E-rijder, for the steps still to come
VOORUITBLIK = {
    Stap.TOETSING: _("De laadpaalexploitant toetst uw aanvraag"),
    Stap.LOCATIE_BEPALEN: _("Een plek kiezen op de plankaart en voorleggen aan de gemeente"),
    Stap.NETCHECK: _("De netbeheerder controleert de plek"),
    Stap.LOCATIE_BEOORDELEN: _("De gemeente beoordeelt de plek"),
    Stap.LOCATIE_BIJSTELLEN: _("De laadpaalexploitant past het voorstel voor de plek aan"),
    Stap.BEZWAARTERMIJN: _("Verkeersbesluit van de gemeente en zes weken bezwaartermijn"),
    Stap.BESLISSEN_OP_BEZWAAR: _("De gemeente beslist over het bezwaar tegen het verkeersbesluit"),
    Stap.NET_HEROVERWEGEN: _("De laadpaalexploitant vraagt opnieuw aan of kiest een andere plek"),
    Stap.NETAANSLUITING: _("Aansluiting op het elektriciteitsnet"),
    Stap.PLAATSING_PLANNEN: _("Plaatsing inplannen met de aannemer"),
    Stap.ENERGIECONTRACT: _("Energiecontract voor de laadpaal"),
    Stap.OPLEVERING: _("Laadpaal geplaatst, aangesloten en opgeleverd"),
}


@dataclass
class Gebeurtenis:
    titel: str
    uitleg: str
    op: dt.datetime
    reden: str
    door_organisatie: str


@dataclass
class VolgendeStap:
    wie: str
    wat: str
    uiterlijk: dt.date | None
    plaatsing: dt.date | None = None  # the placement date the CPO agreed with the contractor
    te_laat: str = ""  # "3 dagen te laat" when the step is past its due date


def zichtbare_historie(aanvraag: Aanvraag, gebruiker) -> list:
    """The request's history rows as this caller may read them: the free text of a step follows the field it
    fills (aanvragen.zichtbaarheid.REDEN_VAN_STAP), so the history never shows what the resource hides. The
    rows are copies in memory; history itself is never changed."""
    rol = zichtbaarheid.rol(gebruiker, aanvraag)
    rijen = list(historie.historie_van(aanvraag))
    for rij in rijen:
        if not zichtbaarheid.reden_zichtbaar(gebruiker, aanvraag, rij.transitie, als=rol):
            rij.reden = ""
        if not zichtbaarheid.mag_zien(gebruiker, aanvraag, "lat", als=rol):
            # A distance from the requester's pin to a known spot locates the pin.
            rij.gegevens = {k: v for k, v in (rij.gegevens or {}).items() if k != "afstand_m"}
    return rijen


def tijdlijn(aanvraag: Aanvraag, gebruiker) -> list[Gebeurtenis]:
    """The steps in words addressed to the reader: the requester reads "uw aanvraag", everyone else (who joined,
    the CPO, the gemeente) a neutral text."""
    regels = []
    aan_aanvrager = zichtbaarheid.rol(gebruiker, aanvraag) == zichtbaarheid.Rol.AANVRAGER
    for rij in zichtbare_historie(aanvraag, gebruiker):
        if rij.transitie == "locatie_volgen" and rij.naar in UITGELEGD_DOOR_EIGEN_STAP:
            continue
        titel, uitleg = BETEKENIS.get(rij.transitie, (rij.transitie, ""))
        if not aan_aanvrager:
            titel, uitleg = BETEKENIS_VOOR_ANDEREN.get(rij.transitie, (titel, uitleg))
        if rij.transitie in ("locatie_koppelen", "locatie_volgen") and rij.naar in FASE:
            titel = FASE[rij.naar]
            if rij.gegevens.get("locatiestatus") == "in_netcheck":
                titel = _("Plek gekozen: de netbeheerder controleert eerst het net")
        if rij.transitie == "locatie_koppelen" and rij.gegevens.get("omschrijving"):
            if "afstand_m" in rij.gegevens:
                uitleg = (
                    _("%(omschrijving)s, op %(m)s meter van de plek die u wilde.")
                    if aan_aanvrager
                    else _("%(omschrijving)s, op %(m)s meter van de gewenste plek.")
                ) % {
                    "omschrijving": rij.gegevens["omschrijving"],
                    "m": rij.gegevens["afstand_m"],
                }
            else:
                uitleg = rij.gegevens["omschrijving"]
        regels.append(
            Gebeurtenis(
                titel=str(titel),
                uitleg=_vul_in(str(uitleg), rij.gegevens) if rij.transitie in BESLUITSTAPPEN else str(uitleg),
                op=rij.op,
                reden=rij.reden,
                door_organisatie=rij.organisatie_naam,
            )
        )
    return regels


def volgende_stap(aanvraag: Aanvraag, projectie: prognose.Projectie | None = None) -> VolgendeStap | None:
    """Who acts now and by when: the request's own step, or the step its location is in. The date is the
    projection's first row, the same one "Wat nog komt" shows for the current step."""
    huidig = prognose.huidige_stap(aanvraag)
    wie_wat = VOLGENDE_STAP.get(aanvraag.status)
    # The location's own step, only while the location carries it (not the step a request merely waits for).
    if huidig is not None and huidig[0] in LOCATIESTAP and aanvraag.lopende_termijn is not None:
        wie_wat = LOCATIESTAP[huidig[0]]
    if huidig is not None and huidig[0] == Stap.BESLISSEN_OP_BEZWAAR:
        wie_wat = BEZWAAR_LOOPT
    if wie_wat is None:
        return None
    plaatsing = aanvraag.locatie.geplande_plaatsing if aanvraag.locatie_id else None
    if aanvraag.status == Aanvraag.Status.OPGELEVERD:
        return VolgendeStap(wie=str(wie_wat[0]), wat=str(wie_wat[1]), uiterlijk=None, plaatsing=None)
    if projectie is None:
        projectie = prognose.projectie(aanvraag, servicetermijnen.voor_gemeente(aanvraag.gemeente))
    eerste = projectie.stappen[0] if projectie.stappen else None
    return VolgendeStap(
        wie=str(wie_wat[0]),
        wat=str(wie_wat[1]),
        uiterlijk=eerste.uiterlijk if eerste else (huidig[1] if huidig else None),
        plaatsing=plaatsing,
        te_laat=te_laat_tekst(eerste.te_laat_dagen) if eerste else "",
    )


def te_laat_tekst(dagen: int) -> str:
    """'3 dagen te laat', or nothing when on time."""
    if dagen <= 0:
        return ""
    return ngettext("%(n)d dag te laat", "%(n)d dagen te laat", dagen) % {"n": dagen}


@dataclass
class VerwachteStap:
    titel: str
    uiterlijk: dt.date  # the one date of this step: due date of the current step, expected end of later ones
    nu: bool
    te_laat: str = ""


def nog_te_gaan(aanvraag: Aanvraag, projectie: prognose.Projectie | None = None) -> list[VerwachteStap]:
    """The current step and the ones after it, one date each (see aanvragen.prognose)."""
    if projectie is None:
        projectie = prognose.projectie(aanvraag, servicetermijnen.voor_gemeente(aanvraag.gemeente))
    return [
        VerwachteStap(
            titel=str(VOORUITBLIK[v.stap]), uiterlijk=v.uiterlijk, nu=v.nu, te_laat=te_laat_tekst(v.te_laat_dagen)
        )
        for v in projectie.stappen
    ]


def verwachting_in_een_zin(aanvraag: Aanvraag) -> str:
    """The one sentence the E-rijder reads about delivery: the expected date, and the agreed maximum with
    whether it is at risk or has passed."""
    waarden = {
        "verwacht": datum_lang(aanvraag.verwacht_gereed) if aanvraag.verwacht_gereed else "",
        "maximum": datum_lang(aanvraag.maximum_gereed) if aanvraag.maximum_gereed else "",
    }
    if not aanvraag.verwacht_gereed:
        return ""
    if aanvraag.maximum_verstreken:
        return str(
            _(
                "De afgesproken uiterste datum, %(maximum)s, is voorbij en uw laadpaal staat er nog niet; we "
                "verwachten hem nu op %(verwacht)s."
            )
            % waarden
        )
    if aanvraag.maximum_in_gevaar:
        return str(
            _(
                "We verwachten uw laadpaal op %(verwacht)s; dat is later dan de afgesproken uiterste datum, "
                "%(maximum)s, en de laadpaalexploitant is gewaarschuwd."
            )
            % waarden
        )
    if aanvraag.maximum_gereed:
        return str(
            _(
                "We verwachten uw laadpaal op %(verwacht)s; afgesproken is dat hij er uiterlijk %(maximum)s "
                "staat."
            )
            % waarden
        )
    return str(_("We verwachten de laadpaal op %(verwacht)s.") % waarden)


def proactieve_planning(aanvraag: Aanvraag) -> str:
    """For a request on a location of a proactive list: where that location stands in the planning. The date
    itself is the projection's, in the sentence beside it (one date per page)."""
    if not aanvraag.is_open:
        return ""
    from aanvragen.meldingen import planning_zin
    from plankaart.selectors_proactief import planning_voor

    return str(planning_zin(aanvraag, planning_voor(aanvraag), met_datum=False))


def vooruitblik(aanvraag: Aanvraag, gebruiker=None) -> dict:
    """Everything a request page shows about what comes next, from one projection, so the block "Wat
    gebeurt er nu" and the timeline cannot disagree. With `gebruiker`: addressed to that reader (only the
    requester is asked to complete the request)."""
    projectie = None
    if aanvraag.is_open and aanvraag.status != Aanvraag.Status.OPGELEVERD:
        projectie = prognose.projectie(aanvraag, servicetermijnen.voor_gemeente(aanvraag.gemeente))
    volgende = volgende_stap(aanvraag, projectie) if projectie is not None else volgende_stap(aanvraag)
    if (
        volgende is not None
        and gebruiker is not None
        and aanvraag.status == Aanvraag.Status.AANVULLING_GEVRAAGD
        and zichtbaarheid.rol(gebruiker, aanvraag) != zichtbaarheid.Rol.AANVRAGER
    ):
        volgende.wie, volgende.wat = (str(t) for t in AANVULLING_VOOR_ANDEREN)
    return {
        "volgende": volgende,
        "nog_te_gaan": nog_te_gaan(aanvraag, projectie) if projectie is not None else [],
        "verwachting": verwachting_in_een_zin(aanvraag),
        "proactieve_planning": proactieve_planning(aanvraag),
    }
