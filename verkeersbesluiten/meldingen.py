"""The messages of verkeersbesluiten, composed here and nowhere else: every step of a decision reaches the CPO
at once (inbox and e-mail), the E-rijders waiting on its locations read it on their timeline, the gemeente's
coördinatoren hear of a late objection. Outbox rows written in the service's transaction, delivered after commit.
Functions named `..._voor_erijders` return (subject, text) for aanvragen.services.vermeld_bij_aanvragen, which
also writes the step on each request's timeline."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal import berichten
from portal.models import Bericht
from portal.selectors import cpo_van, cpos_van_gemeente
from portal.termijnen import datum_lang
from verkeersbesluiten.models import Besluitlocatie, Bezwaar, Verkeersbesluit
from verkeersbesluiten.services.basis import _link, _link_bezwaar


def waarden_van(besluit: Verkeersbesluit) -> dict:
    return {
        "nummer": besluit.nummer,
        "gemeente": besluit.gemeente.naam,
        "titel": besluit.titel,
        "n": besluit.besluitlocaties.filter(stand=Besluitlocatie.Stand.OPGENOMEN).count(),
        "bekendmaking": datum_lang(besluit.bekendmaking_op) if besluit.bekendmaking_op else "—",
        "einde": datum_lang(besluit.bezwaartermijn_einde) if besluit.bezwaartermijn_einde else "—",
        "vindplaats": besluit.vindplaats or "—",
    }


def _locaties(n: int) -> str:
    return ngettext("%(n)d locatie", "%(n)d locaties", n) % {"n": n}


def _meld_bij_cpo(besluit: Verkeersbesluit, onderwerp: str, tekst: str) -> None:
    """Every step of a decision reaches the CPO at once: in its inbox and by e-mail."""
    for cpo in cpos_van_gemeente(besluit.gemeente):
        berichten.verstuur_aan_organisatie(cpo, onderwerp, tekst, link=_link(besluit), per_email=True)


def concept_voorbereid(besluit: Verkeersbesluit, opsteller: str, aantal: int) -> None:
    """The CPO prepared a concept: the gemeente checks and publishes it."""
    berichten.verstuur_aan_organisatie(
        besluit.gemeente,
        _("Concept-verkeersbesluit %(nummer)s klaar om te publiceren") % {"nummer": besluit.nummer},
        _(
            "%(opsteller)s heeft een concept-verkeersbesluit voorbereid voor %(locaties)s: “%(titel)s”. Controleer de tekst en publiceer het besluit."
        )
        % {"opsteller": opsteller, "locaties": _locaties(aantal), "titel": besluit.titel},
        link=_link(besluit),
        per_email=True,
    )


def gepubliceerd(besluit: Verkeersbesluit, waarden: dict) -> None:
    vooraf = (
        "\n\n"
        + _("Volgens het beleid van de gemeente wacht de netaansluiting niet op het definitieve besluit.")
        + " "
        + _aansluitingen_gevraagd(waarden["aangevraagd"], waarden["n"])
        + " "
        + _("Wordt een bezwaar tegen een locatie gegrond verklaard, dan wordt die aansluiting geannuleerd.")
        if besluit.netaansluiting_tijdens_bezwaartermijn
        else ""
    )
    _meld_bij_cpo(
        besluit,
        _("Verkeersbesluit %(nummer)s gepubliceerd") % waarden,
        _(
            "%(gemeente)s heeft verkeersbesluit %(nummer)s (%(locaties)s) bekendgemaakt op %(bekendmaking)s in "
            "%(vindplaats)s. Bezwaar kan tot en met %(einde)s."
        )
        % {**waarden, "locaties": _locaties(waarden["n"])}
        + vooraf,
    )


def gepubliceerd_voor_erijders(waarden: dict) -> tuple[str, str]:
    return (
        _("Verkeersbesluit gepubliceerd voor aanvraag %(aanvraag)s"),
        _(
            "%(gemeente)s heeft het verkeersbesluit voor de plek van uw laadpaal bekendgemaakt op "
            "%(bekendmaking)s (%(nummer)s, %(vindplaats)s). Tot en met %(einde)s kan iedereen die het "
            "aangaat bezwaar maken. Komt er geen bezwaar, dan is het besluit daarna definitief."
        )
        % waarden,
    )


def bezwaar_ingediend(besluit: Verkeersbesluit, waarden: dict) -> None:
    _meld_bij_cpo(
        besluit,
        _("Bezwaar tegen verkeersbesluit %(nummer)s") % waarden,
        _(
            "Tegen verkeersbesluit %(nummer)s is bezwaar gemaakt (%(bezwaar)s), gericht tegen %(tegen)s. "
            "De gemeente beslist uiterlijk %(beslissen)s."
        )
        % waarden,
    )


def bezwaar_te_laat(besluit: Verkeersbesluit, bezwaar: Bezwaar, uitleg: str, waarden: dict) -> None:
    """Awb 6:11: a late objection is not refused silently; the gemeente's coördinatoren look at it."""
    berichten.verstuur_bulk(
        [
            Bericht(
                ontvanger=m,
                onderwerp=_("Bezwaar %(bezwaar)s te laat: juridische toets nodig") % waarden,
                tekst=uitleg,
                link=_link_bezwaar(bezwaar),
            )
            for m in berichten.coordinatoren(besluit.gemeente)
        ]
    )


def bezwaar_voor_erijders(waarden: dict) -> tuple[str, str]:
    return (
        _("Bezwaar tegen het verkeersbesluit voor aanvraag %(aanvraag)s"),
        _(
            "Tegen het verkeersbesluit voor de plek van uw laadpaal (%(nummer)s) is bezwaar gemaakt. De "
            "gemeente beslist daarover uiterlijk %(beslissen)s. Tot die tijd is het besluit niet definitief."
        )
        % waarden,
    )


def bezwaar_beslist_voor_erijders(waarden: dict) -> tuple[str, str]:
    return (
        _("Beslissing op bezwaar voor aanvraag %(aanvraag)s"),
        _(
            "De gemeente heeft het bezwaar tegen het verkeersbesluit voor de plek van uw laadpaal "
            "%(uitkomst)s verklaard. De plek blijft in het besluit."
        )
        % waarden,
    )


def bezwaar_beslist(besluit: Verkeersbesluit, bezwaar: Bezwaar, uitkomst: str, waarden: dict) -> None:
    vervolg = ""
    if uitkomst == Bezwaar.Status.GEGROND:
        vervolg = (
            _(" Het besluit is ingetrokken; de locaties wachten op een nieuw verkeersbesluit.")
            if bezwaar.algemeen
            else _(" De locaties waartegen het bezwaar was gericht zijn uit het besluit gehaald.")
        )
    _meld_bij_cpo(
        besluit,
        _("Bezwaar %(bezwaar)s %(uitkomst)s verklaard") % waarden,
        _("De gemeente heeft bezwaar %(bezwaar)s tegen verkeersbesluit %(nummer)s %(uitkomst)s verklaard.")
        % waarden
        + vervolg,
    )


def andere_locatie_voorstellen(besluit: Verkeersbesluit, locatie, bezwaar: Bezwaar) -> None:
    """An upheld objection took a location out: the CPO proposes the nearest alternative."""
    for cpo in cpos_van_gemeente(besluit.gemeente):
        berichten.verstuur_aan_organisatie(
            cpo,
            _("Stel een andere locatie voor: %(omschrijving)s") % {"omschrijving": locatie.omschrijving},
            _(
                "Bezwaar %(bezwaar)s tegen locatie %(omschrijving)s is gegrond verklaard; de locatie is uit "
                "verkeersbesluit %(nummer)s gehaald en vervallen. Stel de dichtstbijzijnde andere plek op de "
                "plankaart voor."
            )
            % {"bezwaar": bezwaar.nummer, "omschrijving": locatie.omschrijving, "nummer": besluit.nummer},
            link=reverse("plankaart:locatie", args=[locatie.pk]),
            per_email=True,
        )


def ingetrokken(besluit: Verkeersbesluit, waarden: dict) -> None:
    _meld_bij_cpo(
        besluit,
        _("Verkeersbesluit %(nummer)s ingetrokken") % waarden,
        _(
            "%(gemeente)s heeft verkeersbesluit %(nummer)s ingetrokken: %(reden)s\n\nDe locaties blijven "
            "goedgekeurd en wachten op een nieuw verkeersbesluit."
        )
        % waarden,
    )


def ingetrokken_voor_erijders(waarden: dict) -> tuple[str, str]:
    return (
        _("Verkeersbesluit voor aanvraag %(aanvraag)s ingetrokken"),
        _(
            "De gemeente heeft het verkeersbesluit voor de plek van uw laadpaal (%(nummer)s) ingetrokken: "
            "%(reden)s\n\nDe plek blijft goedgekeurd; de gemeente neemt een nieuw verkeersbesluit."
        )
        % waarden,
    )


def definitief(besluiten: list[Verkeersbesluit], waarden: dict[int, dict]) -> None:
    """The decisions a sweep made definitive: each CPO hears of all of its gemeenten's in one message."""
    per_cpo: dict[int, tuple] = {}
    for besluit in besluiten:
        cpo = cpo_van(besluit.gemeente)  # the kept concessie's CPO: no query of its own
        if cpo is not None:
            per_cpo.setdefault(cpo.pk, (cpo, []))[1].append(besluit)
    for cpo, eigen in per_cpo.values():
        if len(eigen) == 1:
            (besluit,) = eigen
            w = waarden[besluit.pk]
            onderwerp = _("Verkeersbesluit %(nummer)s is definitief") % w
            tekst = _(
                "De bezwaartermijn van verkeersbesluit %(nummer)s (%(gemeente)s) liep tot en met %(einde)s en er "
                "staat geen bezwaar meer open. Het besluit is definitief voor %(locaties)s."
            ) % {**w, "locaties": _locaties(w["n"])}
            link = _link(besluit)
        else:
            onderwerp = ngettext(
                "%(n)d verkeersbesluit is definitief", "%(n)d verkeersbesluiten zijn definitief", len(eigen)
            ) % {"n": len(eigen)}
            regels = "\n".join(
                _("- %(nummer)s (%(gemeente)s), bezwaartermijn tot en met %(einde)s: %(locaties)s")
                % {**waarden[b.pk], "locaties": _locaties(waarden[b.pk]["n"])}
                for b in eigen
            )
            tekst = _(
                "De bezwaartermijn van deze verkeersbesluiten is voorbij en er staat geen bezwaar meer open. Ze "
                "zijn definitief:\n\n%(regels)s"
            ) % {"regels": regels}
            link = reverse("verkeersbesluiten:werklijst")
        tekst += (" " if len(eigen) == 1 else "\n\n") + _aansluitingen_gevraagd(
            sum(waarden[b.pk]["aangevraagd"] for b in eigen), sum(waarden[b.pk]["n"] for b in eigen)
        )
        tekst += " " + _("Plan daarna de plaatsing.")
        berichten.verstuur_aan_organisatie(cpo, onderwerp, tekst, link=link, per_email=True)


def _aansluitingen_gevraagd(aangevraagd: int, locaties: int) -> str:
    """What became of the grid connections of the definitive locations, as it is."""
    zinnen = []
    if aangevraagd:
        zinnen.append(
            ngettext(
                "Het portaal heeft %(n)d netaansluiting aangevraagd; die gaat met de volgende batch naar de "
                "netbeheerder.",
                "Het portaal heeft %(n)d netaansluitingen aangevraagd; die gaan met de volgende batch naar de "
                "netbeheerder.",
                aangevraagd,
            )
            % {"n": aangevraagd}
        )
    if aangevraagd < locaties:
        rest = locaties - aangevraagd
        zinnen.append(
            ngettext(
                "Voor %(n)d locatie is de netaansluiting niet vanzelf aangevraagd: die wacht op de goedkeuring "
                "van haar uitvoeringsbatch, of u krijgt apart bericht om haar zelf aan te vragen.",
                "Voor %(n)d locaties is de netaansluiting niet vanzelf aangevraagd: die wachten op de goedkeuring "
                "van hun uitvoeringsbatch, of u krijgt apart bericht om ze zelf aan te vragen.",
                rest,
            )
            % {"n": rest}
        )
    return " ".join(zinnen)


def definitief_voor_erijders(waarden: dict) -> tuple[str, str]:
    return (
        _("Het verkeersbesluit voor aanvraag %(aanvraag)s is definitief"),
        _(
            "Het verkeersbesluit voor de plek van uw laadpaal (%(nummer)s) is definitief. De "
            "laadpaalexploitant vraagt nu de aansluiting op het elektriciteitsnet aan en plant de plaatsing."
        )
        % waarden,
    )


def zonder_verkeersbesluit(locatie, reden: str) -> None:
    waarden = {"omschrijving": locatie.omschrijving, "gemeente": locatie.gemeente.naam, "reden": reden}
    for cpo in cpos_van_gemeente(locatie.gemeente):
        berichten.verstuur_aan_organisatie(
            cpo,
            _("Locatie definitief zonder verkeersbesluit: %(omschrijving)s") % waarden,
            _(
                "%(gemeente)s neemt voor %(omschrijving)s geen verkeersbesluit (%(reden)s). De locatie is "
                "definitief en de netaansluiting is aangevraagd; plan daarna de plaatsing."
            )
            % waarden,
            link=reverse("plankaart:locatie", args=[locatie.pk]),
            per_email=True,
        )
