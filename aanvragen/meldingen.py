"""The messages of requests, composed here and nowhere else: the requester's receipt and every step of the
check, the CPO's notices, the joiner's confirmation, and who is told (the requester and who joined). Outbox rows
(portal.berichten) written in the service's transaction and delivered after commit."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from aanvragen.models import Aanvraag
from portal import berichten, klok
from portal.models import Bericht
from portal.selectors import cpo_van
from portal.termijnen import datum_lang


def _datum(datum) -> str:
    return datum_lang(datum) if datum else "—"


def _link(aanvraag: Aanvraag) -> str:
    return reverse("aanvragen:detail", args=[aanvraag.pk])


def informeer_betrokkenen(
    aanvraag: Aanvraag,
    onderwerp: str,
    tekst: str,
    *,
    tekst_voor_medeaanvragers: str | None = None,
    onderwerp_voor_medeaanvragers: str | None = None,
) -> None:
    """The requester and everyone who joined the request (no one for a request raised from usage data). Every
    message is addressed to its reader: a text that speaks to the requester ("uw aanvraag") or quotes what only
    the requester may read (aanvragen.zichtbaarheid, e.g. the distance to their pin) comes with a version for
    who joined; without one, the text must fit both (tests/aanvragen/test_gericht.py reads what joiners get)."""
    if aanvraag.aanvrager_id:
        berichten.verstuur(aanvraag.aanvrager, onderwerp, tekst, link=_link(aanvraag))
    for mede in aanvraag.medeaanvragers.select_related("gebruiker"):
        berichten.verstuur(
            mede.gebruiker,
            onderwerp if onderwerp_voor_medeaanvragers is None else onderwerp_voor_medeaanvragers,
            tekst if tekst_voor_medeaanvragers is None else tekst_voor_medeaanvragers,
            link=_link(aanvraag),
        )


def aan_cpo(aanvraag: Aanvraag, onderwerp: str, tekst: str = "") -> None:
    """In-portal notice to the staff of the CPO serving the gemeente; by default: what to do and by when."""
    berichten.verstuur_bulk(_voor_cpo(aanvraag, onderwerp, tekst))


def _voor_cpo(aanvraag: Aanvraag, onderwerp: str, tekst: str = "") -> list[Bericht]:
    """aan_cpo's messages, not yet stored."""
    tekst = tekst or _("%(adres)s (%(gemeente)s). Te behandelen uiterlijk %(uiterlijk)s.") % {
        "adres": aanvraag.adres,
        "gemeente": aanvraag.gemeente.naam,
        "uiterlijk": _datum(aanvraag.termijn_uiterlijk),
    }
    cpo = cpo_van(aanvraag.gemeente)  # the kept concessie's CPO: no query of its own
    if cpo is None:
        return []
    return berichten.aan_organisatie(
        cpo, onderwerp, tekst, link=reverse("aanvragen:behandel", args=[aanvraag.pk])
    )


def ontvangen(aanvraag: Aanvraag) -> None:
    """An E-rijder's request: the receipt at once (seed 000: within 5 days), and the CPO's notice; stored in
    one statement (every submission writes them)."""
    ontvangstbevestiging = Bericht(
        ontvanger=aanvraag.aanvrager,
        onderwerp=_("Ontvangstbevestiging aanvraag %(nummer)s") % {"nummer": aanvraag.nummer},
        tekst=_(
            "We hebben uw aanvraag voor een publieke laadpaal ontvangen op %(op)s.\n\n"
            "Zaaknummer: %(nummer)s\nAdres: %(adres)s\nKenteken: %(kenteken)s\n\n"
            "De laadpaalexploitant toetst uw aanvraag aan de voorwaarden van %(gemeente)s, "
            "uiterlijk %(uiterlijk)s. U krijgt bericht zodra er iets verandert."
        )
        % {
            "op": _datum(klok.vandaag()),
            "nummer": aanvraag.nummer,
            "adres": aanvraag.adres,
            "kenteken": aanvraag.kenteken or _("nog geen, de auto is besteld"),
            "gemeente": aanvraag.gemeente.naam,
            "uiterlijk": _datum(aanvraag.termijn_uiterlijk),
        },
        link=_link(aanvraag),
    )
    berichten.verstuur_bulk(
        [
            ontvangstbevestiging,
            *_voor_cpo(aanvraag, _("Nieuwe aanvraag %(nummer)s") % {"nummer": aanvraag.nummer}),
        ]
    )


def locatieaanvraag_ontvangen(
    aanvraag: Aanvraag, door, *, ontvangstbevestiging: bool, cpo_toetst: bool
) -> None:
    """A gemeente's (or the CPO's own) request: the CPO's notice when it checks, the submitter's receipt."""
    if cpo_toetst:
        aan_cpo(
            aanvraag,
            _("Nieuwe aanvraag %(nummer)s van %(organisatie)s")
            % {"nummer": aanvraag.nummer, "organisatie": door.organisatie.naam},
        )
    if ontvangstbevestiging:
        berichten.verstuur(
            door,
            _("Ontvangstbevestiging aanvraag %(nummer)s") % {"nummer": aanvraag.nummer},
            _(
                "We hebben uw aanvraag voor een laadlocatie ontvangen: %(omschrijving)s.\n\n"
                "De laadpaalexploitant toetst haar uiterlijk %(uiterlijk)s; u volgt de voortgang op de "
                "tijdlijn van de aanvraag."
            )
            % {"omschrijving": aanvraag.omschrijving, "uiterlijk": _datum(aanvraag.termijn_uiterlijk)},
            link=_link(aanvraag),
        )


def planning_zin(aanvraag: Aanvraag, planning, *, met_datum: bool = True) -> str:
    """What a request on a location of a proactive list waits for, in one sentence: with a definitive decision
    and a planned quarter that quarter (and the projection's date, unless the page shows it beside), else that
    the location joins the planning."""
    if planning is None:
        return ""
    waarden = {
        "gemeente": planning.plan.gemeente.naam,
        "jaar": planning.plan.jaar,
        "kwartaal": planning.kwartaal_tekst,
        "datum": _datum(aanvraag.verwacht_gereed),
    }
    if not planning.gepland:
        return _(
            "De plek staat op de proactieve lijst van %(gemeente)s voor %(jaar)d en wordt nu opgenomen in de "
            "planning van de laadpaalexploitant. Zodra het verkeersbesluit definitief is en de plaatsing gepland, "
            "hoort u de datum."
        ) % waarden
    zin = _(
        "De plek staat op de proactieve lijst van %(gemeente)s; het verkeersbesluit is definitief en de "
        "plaatsing is gepland in het %(kwartaal)s."
    ) % waarden
    return f"{zin} {_('De verwachte datum is %(datum)s.') % waarden}" if met_datum else zin


def gekoppeld_aan_proactief(aanvraag: Aanvraag, locatie, afstand_m: float, planning) -> None:
    """The E-rijder's approved request found a location of a proactive list within the radius."""
    zin = planning_zin(aanvraag, planning)
    informeer_betrokkenen(
        aanvraag,
        _("Uw aanvraag %(nummer)s is goedgekeurd: er komt al een laadpaal") % {"nummer": aanvraag.nummer},
        _(
            "Uw aanvraag voldoet aan de voorwaarden. Op %(m)d meter van de plek die u wilde, komt al een "
            "laadpaal: %(omschrijving)s. Uw aanvraag is daaraan gekoppeld. %(planning)s"
        )
        % {"m": round(afstand_m), "omschrijving": locatie.omschrijving, "planning": zin},
        onderwerp_voor_medeaanvragers=_("De aanvraag %(nummer)s die u volgt is goedgekeurd")
        % {"nummer": aanvraag.nummer},
        # The distance is measured from the requester's pin: not for who joined.
        tekst_voor_medeaanvragers=_(
            "De aanvraag die u volgt voldoet aan de voorwaarden en is gekoppeld aan een laadpaal die al komt: "
            "%(omschrijving)s. %(planning)s"
        )
        % {"omschrijving": locatie.omschrijving, "planning": zin},
    )


def gekoppeld_bij_indienen(aanvraag: Aanvraag, locatie, afstand_m: float, door, planning=None) -> None:
    gepland = locatie.geplande_plaatsing
    berichten.verstuur(
        door,
        _("Aanvraag %(nummer)s: er komt al een laadpaal") % {"nummer": aanvraag.nummer},
        _(
            "Op %(m)d meter ligt al locatie %(omschrijving)s (%(status)s). Uw aanvraag is daaraan gekoppeld; "
            "er start niets nieuws. %(gepland)s"
        )
        % {
            "m": round(afstand_m),
            "omschrijving": locatie.omschrijving,
            "status": locatie.get_status_display().lower(),
            "gepland": _("De plaatsing is gepland op %(datum)s.") % {"datum": _datum(gepland)}
            if gepland
            else planning_zin(aanvraag, planning)
            or _("U ziet de planning op de tijdlijn zodra die bekend is."),
        },
        link=_link(aanvraag),
    )


def aangevuld(aanvraag: Aanvraag) -> None:
    aan_cpo(aanvraag, _("Aanvraag %(nummer)s is aangevuld") % {"nummer": aanvraag.nummer})


def goedgekeurd(aanvraag: Aanvraag) -> None:
    informeer_betrokkenen(
        aanvraag,
        _("Uw aanvraag %(nummer)s is goedgekeurd") % {"nummer": aanvraag.nummer},
        _(
            "Uw aanvraag voldoet aan de voorwaarden. De laadpaalexploitant zoekt nu een plek op de plankaart "
            "in de buurt en legt die voor aan de gemeente, uiterlijk %(datum)s."
        )
        % {"datum": _datum(aanvraag.termijn_uiterlijk)},
        onderwerp_voor_medeaanvragers=_("De aanvraag %(nummer)s die u volgt is goedgekeurd")
        % {"nummer": aanvraag.nummer},
        tekst_voor_medeaanvragers=_(
            "De aanvraag die u volgt voldoet aan de voorwaarden. De laadpaalexploitant zoekt nu een plek op de "
            "plankaart in de buurt en legt die voor aan de gemeente, uiterlijk %(datum)s."
        )
        % {"datum": _datum(aanvraag.termijn_uiterlijk)},
    )


def afgewezen(aanvraag: Aanvraag, reden: str) -> None:
    informeer_betrokkenen(
        aanvraag,
        _("Uw aanvraag %(nummer)s is afgewezen") % {"nummer": aanvraag.nummer},
        _("Uw aanvraag voldoet niet aan de voorwaarden van de gemeente. De reden:\n\n%(reden)s")
        % {"reden": reden},
        # The reason is about the requester's situation (afwijzingsreden): not for who joined.
        onderwerp_voor_medeaanvragers=_("De aanvraag %(nummer)s die u volgt is afgewezen")
        % {"nummer": aanvraag.nummer},
        tekst_voor_medeaanvragers=_(
            "De aanvraag die u volgt voldoet niet aan de voorwaarden van de gemeente. Verandert uw situatie? "
            "Dan kunt u een eigen aanvraag indienen."
        ),
    )


def aanvulling_gevraagd(aanvraag: Aanvraag, ontbrekend: str) -> None:
    """Only to the requester: the completion concerns their own answers, not those who joined."""
    berichten.verstuur(
        aanvraag.aanvrager,
        _("Vul uw aanvraag %(nummer)s aan") % {"nummer": aanvraag.nummer},
        _(
            "De laadpaalexploitant heeft meer informatie nodig om uw aanvraag te beoordelen:\n\n%(ontbrekend)s\n\n"
            "Pas uw aanvraag aan en dien hem opnieuw in."
        )
        % {"ontbrekend": ontbrekend},
        link=reverse("aanvragen:aanvullen", args=[aanvraag.pk]),
    )


def ingetrokken(aanvraag: Aanvraag, reden: str) -> None:
    aan_cpo(
        aanvraag,
        _("Aanvraag %(nummer)s is ingetrokken") % {"nummer": aanvraag.nummer},
        _("De aanvrager heeft de aanvraag ingetrokken; er is niets meer te doen.")
        + (_(" Reden: %(reden)s") % {"reden": reden} if reden else ""),
    )


def aangesloten(aanvraag: Aanvraag, gebruiker) -> None:
    berichten.verstuur(
        gebruiker,
        _("U volgt nu aanvraag %(nummer)s") % {"nummer": aanvraag.nummer},
        _(
            "U heeft zich aangesloten bij een lopende aanvraag in uw buurt. U krijgt bericht bij elke stap, "
            "tot de laadpaal er staat."
        ),
        link=_link(aanvraag),
    )


def rdw_uitkomst(aanvraag: Aanvraag, weigering: str) -> None:
    """The RDW answered after all, for a request accepted while it was unreachable: the CPO hears the outcome
    (and, for a refusal, what to do; the requester's case stays with the CPO to decide)."""
    if weigering:
        tekst = _(
            "%(samenvatting)s.\n\n%(weigering)s\n\nDe aanvraag is al ingediend. Vraag de aanvrager om een "
            "aanvulling of wijs de aanvraag af (redencode: rijdt niet elektrisch)."
        ) % {"samenvatting": aanvraag.rdw_samenvatting, "weigering": weigering}
    else:
        tekst = _("%(samenvatting)s. Het kenteken voldoet; u kunt de aanvraag verder toetsen.") % {
            "samenvatting": aanvraag.rdw_samenvatting
        }
    aan_cpo(
        aanvraag,
        _("Aanvraag %(nummer)s: de RDW heeft het kenteken gecontroleerd") % {"nummer": aanvraag.nummer},
        tekst,
    )


def rdw_blijft_onbereikbaar(aanvraag: Aanvraag) -> None:
    aan_cpo(
        aanvraag,
        _("Aanvraag %(nummer)s: RDW niet bereikt") % {"nummer": aanvraag.nummer},
        _(
            "Het portaal kon het kenteken van aanvraag %(nummer)s na %(pogingen)d pogingen niet bij de RDW "
            "controleren. Beoordeel het bewijs (kentekenbewijs of contract) zelf."
        )
        % {"nummer": aanvraag.nummer, "pogingen": aanvraag.rdw_pogingen},
    )
